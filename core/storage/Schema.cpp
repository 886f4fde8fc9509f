// The product's schema as ordered migrations. Never edit a released step: add a new one.
#include "storage/Migrations.h"

namespace madoguchi {

namespace {
QStringList L(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* s : items) {
        out << QString::fromUtf8(s);
    }
    return out;
}
} // namespace

const QList<Migration>& Migrator::schema()
{
    static const QList<Migration> steps = {
        {1,
         QStringLiteral("installation, operators, audit log, reference data"),
         L({
             "CREATE TABLE settings ("
             " key TEXT PRIMARY KEY,"
             " value TEXT NOT NULL,"
             " updated_at TEXT NOT NULL,"
             " updated_by TEXT)",

             "CREATE TABLE operators ("
             " id {id},"
             " login TEXT NOT NULL UNIQUE,"
             " display_name TEXT NOT NULL,"
             " password_hash TEXT NOT NULL,"
             " failed_attempts INTEGER NOT NULL DEFAULT 0,"
             " locked INTEGER NOT NULL DEFAULT 0,"
             " locked_at TEXT,"
             " active INTEGER NOT NULL DEFAULT 1,"
             " created_at TEXT NOT NULL,"
             " password_changed_at TEXT NOT NULL,"
             " last_login_at TEXT)",

             "CREATE TABLE operator_roles ("
             " operator_id {ref} NOT NULL REFERENCES operators(id) ON DELETE CASCADE,"
             " role TEXT NOT NULL,"
             " PRIMARY KEY (operator_id, role))",

             "CREATE TABLE audit_log ("
             " id {id},"
             " at TEXT NOT NULL,"
             " operator TEXT,"
             " terminal TEXT,"
             " action TEXT NOT NULL,"
             " target TEXT,"
             " detail TEXT)",
             "CREATE INDEX audit_log_at ON audit_log (at)",
             "CREATE INDEX audit_log_action ON audit_log (action, at)",

             "CREATE TABLE ref_local_government ("
             " code TEXT PRIMARY KEY,"
             " type TEXT NOT NULL,"
             " prefecture_code TEXT NOT NULL,"
             " parent_code TEXT,"
             " name TEXT NOT NULL,"
             " kana TEXT NOT NULL)",

             "CREATE TABLE ref_postal_code ("
             " id {id},"
             " postal_code TEXT NOT NULL,"
             " prefecture TEXT NOT NULL,"
             " city TEXT NOT NULL,"
             " town TEXT NOT NULL,"
             " detail TEXT NOT NULL,"
             " lg_code TEXT)",
             "CREATE INDEX ref_postal_code_code ON ref_postal_code (postal_code)",
             "CREATE INDEX ref_postal_code_lg ON ref_postal_code (lg_code)",

             "CREATE TABLE ref_dataset ("
             " name TEXT PRIMARY KEY,"
             " row_count INTEGER NOT NULL,"
             " sha256 TEXT NOT NULL,"
             " source TEXT NOT NULL,"
             " imported_at TEXT NOT NULL,"
             " imported_by TEXT)",
         }),
         {},
         {}},
        {2, QStringLiteral("provisional resident table with search keys"),
         L({
             "CREATE TABLE residents ("
             " id {id},"
             " resident_code TEXT NOT NULL UNIQUE,"
             " household_no TEXT NOT NULL,"
             " relationship TEXT NOT NULL,"
             " family_name TEXT NOT NULL,"
             " given_name TEXT NOT NULL,"
             " family_kana TEXT NOT NULL,"
             " given_kana TEXT NOT NULL,"
             " name_key TEXT NOT NULL,"
             " kana_key TEXT NOT NULL,"
             " birth_date TEXT NOT NULL,"
             " sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),"
             " lg_code TEXT NOT NULL,"
             " postal_code TEXT NOT NULL,"
             " address TEXT NOT NULL,"
             " address_key TEXT NOT NULL,"
             " status TEXT NOT NULL DEFAULT 'current',"
             " created_at TEXT NOT NULL)",
             "CREATE INDEX residents_name_key ON residents (name_key)",
             "CREATE INDEX residents_kana_key ON residents (kana_key)",
             "CREATE INDEX residents_household ON residents (household_no)",
         }),
         // SQLite: an FTS5 trigram index kept in step by triggers.
         L({
             "CREATE VIRTUAL TABLE resident_search USING fts5("
             " name_key, kana_key, address_key,"
             " content='residents', content_rowid='id', tokenize='trigram')",
             "CREATE TRIGGER residents_ai AFTER INSERT ON residents BEGIN"
             " INSERT INTO resident_search (rowid, name_key, kana_key, address_key)"
             " VALUES (new.id, new.name_key, new.kana_key, new.address_key); END",
             "CREATE TRIGGER residents_ad AFTER DELETE ON residents BEGIN"
             " INSERT INTO resident_search (resident_search, rowid, name_key, kana_key, "
             "address_key)"
             " VALUES ('delete', old.id, old.name_key, old.kana_key, old.address_key); END",
             "CREATE TRIGGER residents_au AFTER UPDATE ON residents BEGIN"
             " INSERT INTO resident_search (resident_search, rowid, name_key, kana_key, "
             "address_key)"
             " VALUES ('delete', old.id, old.name_key, old.kana_key, old.address_key);"
             " INSERT INTO resident_search (rowid, name_key, kana_key, address_key)"
             " VALUES (new.id, new.name_key, new.kana_key, new.address_key); END",
         }),
         // PostgreSQL: pg_trgm GIN indexes (the cluster must use a UTF-8 locale).
         L({
             "CREATE EXTENSION IF NOT EXISTS pg_trgm",
             "CREATE INDEX residents_name_trgm ON residents USING gin (name_key gin_trgm_ops)",
             "CREATE INDEX residents_kana_trgm ON residents USING gin (kana_key gin_trgm_ops)",
             "CREATE INDEX residents_address_trgm ON residents USING gin (address_key "
             "gin_trgm_ops)",
         })},
    };
    return steps;
}

} // namespace madoguchi
