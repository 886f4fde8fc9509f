#pragma once
// One connection factory for both engines:
//  - SQLite from a file path (WAL journal, foreign keys on, busy timeout), the embedded default;
//  - PostgreSQL (QPSQL) from a postgresql:// URL, for a city hall's shared server.
// A Database is a cheap, copyable handle; the connection closes when the last copy goes.
// A connection belongs to the thread that opened it: use cloneForThread() for a worker.

#include "common/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <memory>

namespace madoguchi {

enum class Engine { SQLite, PostgreSQL };

struct DatabaseSpec
{
    Engine engine = Engine::SQLite;
    QString path; // SQLite
    QString host; // PostgreSQL
    int port = 5432;
    QString name;
    QString user;
    QString password;
    QString connectOptions; // libpq keywords, "sslmode=require;connect_timeout=10"

    // A file path (or "sqlite:PATH") or "postgresql://user:pass@host:port/dbname?sslmode=…".
    static Result<DatabaseSpec> parse(const QString& text);
    // What the status bar and logs show: never the password.
    QString display() const;
    // The default embedded database: <AppDataLocation>/madoguchi.sqlite3.
    static QString defaultPath();
};

class Database
{
public:
    Database() = default; // a null handle: only isOpen() may be called on it
    static Result<Database> open(const DatabaseSpec& spec);
    static Result<Database> open(const QString& specText);

    Engine engine() const;
    bool isSQLite() const { return engine() == Engine::SQLite; }
    const DatabaseSpec& spec() const;
    QSqlDatabase sql() const;
    bool isOpen() const;

    // Prepares and runs a statement with positional '?' parameters.
    Result<QSqlQuery> exec(const QString& statement, const QVariantList& params = {}) const;
    // The first column of the first row, or an invalid QVariant when there is no row.
    Result<QVariant> scalar(const QString& statement, const QVariantList& params = {}) const;
    // Runs a statement for its effect only.
    Status run(const QString& statement, const QVariantList& params = {}) const;

    // A list bound as ONE parameter: `x IN (` + db.textList() + `)` with
    // Database::listParameter(values) (Qt's drivers bind hundreds of '?' slowly, and engines
    // limit their number). Text values; the list travels as a JSON array.
    QString textList() const;
    static QString listParameter(const QStringList& values);

    // A new connection to the same database, for use on another thread.
    Result<Database> cloneForThread() const;

    // Transaction bookkeeping shared by the Transaction guards of this connection.
    int& transactionDepth() const;
    bool& rollbackOnly() const;

private:
    struct Connection;
    explicit Database(std::shared_ptr<Connection> c) : m_conn(std::move(c)) {}
    std::shared_ptr<Connection> m_conn;
};

// What a value binds as: a null QString from code means "" (SQL NULL is a null QVariant).
QVariant sqlValue(const QVariant& v);

// The message of the last error of a query or connection, for an Error.
Error sqlError(const QSqlError& error, const QString& context = {});

} // namespace madoguchi
