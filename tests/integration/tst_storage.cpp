// Storage and migrations, run against SQLite and a real PostgreSQL server.
#include "TestSupport.h"
#include "storage/Migrations.h"
#include "storage/Transaction.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace madoguchi;

class TestStorage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    Database fresh(const QString& engine)
    {
        auto db = test::freshDatabase(engine, m_dir);
        if (!db) {
            qFatal("cannot create a %s test database: %s", qPrintable(engine),
                   qPrintable(db.errorMessage()));
        }
        return *db;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
    }

    void parseSpecs()
    {
        auto pg = DatabaseSpec::parse(QStringLiteral(
            "postgresql://madoguchi:p%40ss%2Fw@db.city.local:6543/register?sslmode=require"));
        QVERIFY2(pg.ok(), qPrintable(pg.errorMessage()));
        QCOMPARE(pg->engine, Engine::PostgreSQL);
        QCOMPARE(pg->host, QStringLiteral("db.city.local"));
        QCOMPARE(pg->port, 6543);
        QCOMPARE(pg->name, QStringLiteral("register"));
        QCOMPARE(pg->user, QStringLiteral("madoguchi"));
        QCOMPARE(pg->password, QStringLiteral("p@ss/w"));
        QVERIFY(pg->connectOptions.contains(QStringLiteral("sslmode=require")));
        QVERIFY(!pg->display().contains(QStringLiteral("p@ss")));

        auto lite = DatabaseSpec::parse(QStringLiteral("/tmp/x/madoguchi.sqlite3"));
        QVERIFY(lite.ok());
        QCOMPARE(lite->engine, Engine::SQLite);

        QVERIFY(!DatabaseSpec::parse(QStringLiteral("mysql://host/db")).ok());
        QVERIFY(!DatabaseSpec::parse(QStringLiteral("postgresql://host")).ok());
        QVERIFY(!DatabaseSpec::parse(QStringLiteral("postgresql://host/db?bogus=1")).ok());
        QVERIFY(!DatabaseSpec::parse(QString()).ok());
    }

    void migrateFreshDatabase_data() { test::addEngineRows(); }
    void migrateFreshDatabase()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        auto before = Migrator::currentVersion(db);
        QVERIFY(before.ok());
        QCOMPARE(*before, 0);
        auto v = Migrator::migrate(db);
        QVERIFY2(v.ok(), qPrintable(v.errorMessage()));
        QCOMPARE(*v, Migrator::latestVersion());
        for (const char* table : {"settings", "operators", "operator_roles", "audit_log",
                                  "ref_local_government", "ref_postal_code", "households",
                                  "residents", "moves", "former_names", "resident_keys"}) {
            QVERIFY2(
                db.run(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))).ok(),
                table);
        }
        // Running again changes nothing.
        auto again = Migrator::migrate(db);
        QVERIFY(again.ok());
        QCOMPARE(*again, Migrator::latestVersion());
        auto rows = db.scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
        QCOMPARE(rows->toInt(), Migrator::schema().size());
    }

    void japaneseTextRoundTrips_data() { test::addEngineRows(); }
    void japaneseTextRoundTrips()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(Migrator::migrate(db).ok());
        const QString value = QStringLiteral("𠮷田 髙橋 葛\U000E0100飾区 ｻｲﾄｳ");
        QVERIFY(
            db.run(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"),
                   {QStringLiteral("k"), value, QStringLiteral("2026-01-01T00:00:00.000Z")})
                .ok());
        auto back = db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"),
                              {QStringLiteral("k")});
        QVERIFY(back.ok());
        QCOMPARE(back->toString(), value);
    }

    void foreignKeysAreEnforced_data() { test::addEngineRows(); }
    void foreignKeysAreEnforced()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(Migrator::migrate(db).ok());
        Status st =
            db.run(QStringLiteral("INSERT INTO operator_roles (operator_id, role) VALUES (?, ?)"),
                   {4242, QStringLiteral("clerk")});
        QVERIFY2(!st.ok(), "a role for a missing operator must be refused");
    }

    void transactionRollsBackUnlessCommitted_data() { test::addEngineRows(); }
    void transactionRollsBackUnlessCommitted()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(Migrator::migrate(db).ok());
        const QString insert =
            QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 'x')");
        const QString count = QStringLiteral("SELECT COUNT(*) FROM settings");
        {
            Transaction tx(db);
            QVERIFY(tx.ok());
            QVERIFY(db.run(insert, {QStringLiteral("a")}).ok());
        } // not committed
        QCOMPARE(db.scalar(count)->toInt(), 0);
        {
            Transaction tx(db);
            QVERIFY(db.run(insert, {QStringLiteral("b")}).ok());
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(db.scalar(count)->toInt(), 1);
        {
            // An inner guard that fails makes the whole transaction fail.
            Transaction outer(db);
            QVERIFY(db.run(insert, {QStringLiteral("c")}).ok());
            {
                Transaction inner(db);
                QVERIFY(!inner.isOutermost());
                QVERIFY(db.run(insert, {QStringLiteral("d")}).ok());
            }
            Status st = outer.commit();
            QVERIFY(!st.ok());
            QCOMPARE(st.error().code, QStringLiteral("db.tx.rollback_only"));
        }
        QCOMPARE(db.scalar(count)->toInt(), 1);
        {
            Transaction outer(db);
            {
                Transaction inner(db);
                QVERIFY(db.run(insert, {QStringLiteral("e")}).ok());
                QVERIFY(inner.commit().ok());
            }
            QVERIFY(outer.commit().ok());
        }
        QCOMPARE(db.scalar(count)->toInt(), 2);
    }

    void failingMigrationLeavesNothing_data() { test::addEngineRows(); }
    void failingMigrationLeavesNothing()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        const QList<Migration> steps = {
            {1,
             QStringLiteral("one"),
             {QStringLiteral("CREATE TABLE alpha (id {id}, v TEXT)")},
             {},
             {}},
            {2,
             QStringLiteral("two"),
             {QStringLiteral("CREATE TABLE beta (id {id})"),
              QStringLiteral("INSERT INTO no_such_table VALUES (1)")},
             {},
             {}},
        };
        auto v = Migrator::migrate(db, steps);
        QVERIFY(!v.ok());
        QVERIFY2(v.errorMessage().contains(QStringLiteral("two")), qPrintable(v.errorMessage()));
        QCOMPARE(*Migrator::currentVersion(db), 0);
        QVERIFY2(!db.run(QStringLiteral("SELECT COUNT(*) FROM alpha")).ok(),
                 "step 1 must be rolled back too");
        // With the bad step fixed, both apply.
        QList<Migration> fixed = steps;
        fixed[1].statements = {QStringLiteral("CREATE TABLE beta (id {id})")};
        auto ok = Migrator::migrate(db, fixed);
        QVERIFY2(ok.ok(), qPrintable(ok.errorMessage()));
        QCOMPARE(*ok, 2);
        QVERIFY(db.run(QStringLiteral("INSERT INTO alpha (v) VALUES ('x')")).ok());
        QCOMPARE(db.scalar(QStringLiteral("SELECT id FROM alpha"))->toInt(), 1);
    }

    void newerDatabaseIsRefused_data() { test::addEngineRows(); }
    void newerDatabaseIsRefused()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(Migrator::migrate(db).ok());
        QVERIFY(db.run(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                                      "VALUES (999, 'f', 'x')"))
                    .ok());
        auto v = Migrator::migrate(db);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, QStringLiteral("db.too_new"));
    }

    void engineSpecificSearchIndexes_data() { test::addEngineRows(); }
    void engineSpecificSearchIndexes()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(Migrator::migrate(db).ok());
        QVERIFY(db.run(QStringLiteral(
                           "INSERT INTO households (household_no, created_at) VALUES ('1', 'x')"))
                    .ok());
        QVERIFY(db.run(QStringLiteral("INSERT INTO residents (resident_code, household_id, "
                                      "relationship, family_name, "
                                      "given_name, family_kana, given_kana, birth_date, sex, "
                                      "lg_code, postal_code, town, "
                                      "banchi, became_resident_on, kana_key, address_key, "
                                      "created_at, updated_at) VALUES "
                                      "('12345678901', 1, '世帯主', '髙橋', '花子', 'タカハシ', "
                                      "'ハナコ', '1980-01-01', "
                                      "'female', '142042', '2480000', '御成町', '1-2-3', "
                                      "'1980-01-01', 'たかはしはなこ', "
                                      "'御成町1-2-3', 'x', 'x')"))
                    .ok());
        QVERIFY(
            db.run(QStringLiteral(
                       "INSERT INTO resident_keys (resident_id, kind, search_key, grams) VALUES "
                       "(1, 'kana', 'たかはしはなこ', 'た たか か かは は はし し しは はな な "
                       "なこ こ')"))
                .ok());
        if (engine == QStringLiteral("sqlite")) {
            // One-character and two-character grams are tokens of the FTS5 index.
            for (const QString& q : {QStringLiteral("\"はな\""), QStringLiteral("\"こ\""),
                                     QStringLiteral("\"かは\" AND \"はし\"")}) {
                auto hit = db.scalar(
                    QStringLiteral(
                        "SELECT COUNT(*) FROM resident_grams WHERE resident_grams MATCH ?"),
                    {q});
                QVERIFY2(hit.ok(), qPrintable(hit.errorMessage()));
                QCOMPARE(hit->toInt(), 1);
            }
        } else {
            auto hit = db.scalar(
                QStringLiteral("SELECT COUNT(*) FROM resident_keys "
                               "WHERE string_to_array(grams, ' ') @> string_to_array(?, ' ')"),
                {QStringLiteral("はな なこ")});
            QVERIFY2(hit.ok(), qPrintable(hit.errorMessage()));
            QCOMPARE(hit->toInt(), 1);
            auto idx =
                db.scalar(QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE indexname IN "
                                         "('resident_keys_grams', 'residents_address_trgm')"));
            QCOMPARE(idx->toInt(), 2);
            // pg_trgm makes trigrams of Japanese only under a UTF-8 locale.
            auto n =
                db.scalar(QStringLiteral("SELECT array_length(show_trgm('たかはしはなこ'), 1)"));
            QVERIFY(n->toInt() > 3);
        }
    }

    void sqlitePragmas()
    {
        Database db = fresh(QStringLiteral("sqlite"));
        QCOMPARE(db.scalar(QStringLiteral("PRAGMA journal_mode"))->toString(),
                 QStringLiteral("wal"));
        QCOMPARE(db.scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1);
        QVERIFY(db.scalar(QStringLiteral("PRAGMA busy_timeout"))->toInt() >= 5000);
    }

    void corruptSqliteFileGivesClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("corrupt.sqlite3"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db.corrupt"));
        QVERIFY(db.errorMessage().contains(path));
        // The file is left as it was: nothing is lost.
        QCOMPARE(QFileInfo(path).size(), qint64(8192));
    }

    void unreachablePostgresGivesClearError()
    {
        auto db = Database::open(
            QStringLiteral("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"));
        QVERIFY(!db.ok());
        QVERIFY(db.errorMessage().contains(QStringLiteral("127.0.0.1")));
    }

    void twoConnectionsSeeEachOther_data() { test::addEngineRows(); }
    void twoConnectionsSeeEachOther()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(Migrator::migrate(db).ok());
        auto other = db.cloneForThread();
        QVERIFY(other.ok());
        {
            Transaction tx(db);
            QVERIFY(
                db.run(QStringLiteral(
                           "INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', 'z')"))
                    .ok());
            // Not visible to the other connection before commit.
            QCOMPARE(other->scalar(QStringLiteral("SELECT COUNT(*) FROM settings"))->toInt(), 0);
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(other->scalar(QStringLiteral("SELECT COUNT(*) FROM settings"))->toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
