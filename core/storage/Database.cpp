#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "common/Log.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

namespace madoguchi {

namespace {
QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("madoguchi-%1").arg(counter.fetchAndAddRelaxed(1));
}
} // namespace

struct Database::Connection
{
    QString name;
    DatabaseSpec spec;
    int depth = 0;
    bool rollbackOnly = false;

    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen()) {
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
    }
};

QVariant sqlValue(const QVariant& v)
{
    if (v.typeId() == QMetaType::QString && !v.isNull() && v.toString().isNull()) {
        return QStringLiteral("");
    }
    return v;
}

Error sqlError(const QSqlError& error, const QString& context)
{
    QString msg = error.databaseText().trimmed();
    if (msg.isEmpty()) {
        msg = error.text().trimmed();
    }
    if (!error.driverText().isEmpty() && !msg.contains(error.driverText())) {
        msg = error.driverText() + QStringLiteral(": ") + msg;
    }
    if (!context.isEmpty()) {
        msg = context + QStringLiteral(": ") + msg;
    }
    return Error(msg, QStringLiteral("db.error"));
}

QString DatabaseSpec::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("madoguchi.sqlite3"));
}

Result<DatabaseSpec> DatabaseSpec::parse(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        return Error(QCoreApplication::translate("Database", "no database was given"),
                     QStringLiteral("db.spec"));
    }
    DatabaseSpec spec;
    if (t.startsWith(QStringLiteral("postgresql://")) ||
        t.startsWith(QStringLiteral("postgres://"))) {
        const QUrl url(t, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            return Error(QCoreApplication::translate(
                             "Database", "not a valid PostgreSQL URL "
                                         "(postgresql://user:password@host:port/database): %1")
                             .arg(url.errorString()),
                         QStringLiteral("db.spec"));
        }
        spec.engine = Engine::PostgreSQL;
        spec.host = url.host();
        spec.port = url.port(5432);
        spec.name = url.path().mid(1);
        spec.user = url.userName(QUrl::FullyDecoded);
        spec.password = url.password(QUrl::FullyDecoded);
        if (spec.name.isEmpty() || spec.name.contains(u'/')) {
            return Error(
                QCoreApplication::translate("Database", "the PostgreSQL URL names no database"),
                QStringLiteral("db.spec"));
        }
        QStringList options;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        static const QStringList allowed = {
            QStringLiteral("sslmode"),          QStringLiteral("connect_timeout"),
            QStringLiteral("application_name"), QStringLiteral("sslrootcert"),
            QStringLiteral("sslcert"),          QStringLiteral("sslkey")};
        for (const auto& [key, value] : items) {
            if (!allowed.contains(key)) {
                return Error(
                    QCoreApplication::translate("Database", "unknown PostgreSQL URL parameter: %1")
                        .arg(key),
                    QStringLiteral("db.spec"));
            }
            options << key + u'=' + value;
        }
        if (!items.isEmpty() && !QUrlQuery(url).hasQueryItem(QStringLiteral("connect_timeout"))) {
            options << QStringLiteral("connect_timeout=10");
        } else if (items.isEmpty()) {
            options << QStringLiteral("connect_timeout=10");
        }
        spec.connectOptions = options.join(u';');
        return spec;
    }
    QString path = t;
    if (path.startsWith(QStringLiteral("sqlite:"))) {
        path = path.mid(7);
    }
    if (path.contains(QStringLiteral("://"))) {
        return Error(
            QCoreApplication::translate(
                "Database", "unknown database URL scheme (use a file path or postgresql://…): %1")
                .arg(t),
            QStringLiteral("db.spec"));
    }
    spec.engine = Engine::SQLite;
    spec.path = QFileInfo(path).absoluteFilePath();
    return spec;
}

QString DatabaseSpec::display() const
{
    if (engine == Engine::SQLite) {
        return QStringLiteral("SQLite %1").arg(QDir::toNativeSeparators(path));
    }
    QString userPart = user.isEmpty() ? QString() : user + u'@';
    return QStringLiteral("PostgreSQL %1%2:%3/%4").arg(userPart, host).arg(port).arg(name);
}

Result<Database> Database::open(const QString& specText)
{
    auto spec = DatabaseSpec::parse(specText);
    if (!spec) {
        return spec.error();
    }
    return open(*spec);
}

Result<Database> Database::open(const DatabaseSpec& spec)
{
    auto conn = std::make_shared<Connection>();
    conn->name = nextConnectionName();
    conn->spec = spec;

    if (spec.engine == Engine::SQLite) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
            return Error(QCoreApplication::translate(
                             "Database", "the Qt SQLite driver (QSQLITE) is not installed"),
                         QStringLiteral("db.driver"));
        }
        const QFileInfo info(spec.path);
        if (!QDir().mkpath(info.absolutePath())) {
            return Error(QCoreApplication::translate("Database", "cannot create the folder %1")
                             .arg(info.absolutePath()),
                         QStringLiteral("db.open"));
        }
        if (info.exists() && info.isDir()) {
            return Error(
                QCoreApplication::translate("Database", "%1 is a folder, not a database file")
                    .arg(spec.path),
                QStringLiteral("db.open"));
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn->name);
        db.setDatabaseName(spec.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (!db.open()) {
            return sqlError(
                db.lastError(),
                QCoreApplication::translate("Database", "cannot open %1").arg(spec.path));
        }
    } else {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            return Error(QCoreApplication::translate(
                             "Database", "the Qt PostgreSQL driver (QPSQL) is not installed"),
                         QStringLiteral("db.driver"));
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), conn->name);
        db.setHostName(spec.host);
        db.setPort(spec.port);
        db.setDatabaseName(spec.name);
        if (!spec.user.isEmpty()) {
            db.setUserName(spec.user);
        }
        if (!spec.password.isEmpty()) {
            db.setPassword(spec.password);
        }
        db.setConnectOptions(spec.connectOptions);
        if (!db.open()) {
            return sqlError(db.lastError(),
                            QCoreApplication::translate("Database", "cannot connect to %1")
                                .arg(spec.display()));
        }
    }

    Database database(conn);
    if (spec.engine == Engine::SQLite) {
        // A file that is not a database fails here, at the first read, with a clear message.
        auto mode = database.scalar(QStringLiteral("PRAGMA journal_mode=WAL"));
        if (!mode) {
            return Error(QCoreApplication::translate(
                             "Database", "%1 is not a Madoguchi database or is damaged: %2")
                             .arg(spec.path, mode.error().message),
                         QStringLiteral("db.corrupt"));
        }
        if (mode->toString().toLower() != QStringLiteral("wal")) {
            qCWarning(lcStorage) << "SQLite did not switch to WAL, journal mode is"
                                 << mode->toString();
        }
        for (const char* pragma :
             {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-32768"}) {
            if (auto st = database.run(QString::fromLatin1(pragma)); !st) {
                return st.error();
            }
        }
    } else {
        if (auto st = database.run(QStringLiteral("SET TIME ZONE 'UTC'")); !st) {
            return st.error();
        }
        auto enc = database.scalar(QStringLiteral("SHOW server_encoding"));
        if (!enc) {
            return enc.error();
        }
        if (enc->toString().toUpper() != QStringLiteral("UTF8")) {
            return Error(
                QCoreApplication::translate(
                    "Database",
                    "the PostgreSQL database %1 uses the encoding %2; Madoguchi needs UTF8")
                    .arg(spec.name, enc->toString()),
                QStringLiteral("db.encoding"));
        }
    }
    qCDebug(lcStorage) << "opened" << spec.display() << "as" << conn->name;
    return database;
}

Engine Database::engine() const
{
    return m_conn->spec.engine;
}

const DatabaseSpec& Database::spec() const
{
    return m_conn->spec;
}

QSqlDatabase Database::sql() const
{
    return QSqlDatabase::database(m_conn->name, false);
}

bool Database::isOpen() const
{
    return m_conn && sql().isOpen();
}

Result<QSqlQuery> Database::exec(const QString& statement, const QVariantList& params) const
{
    QSqlQuery q(sql());
    q.setForwardOnly(true);
    if (params.isEmpty()) {
        // Unprepared: PostgreSQL cannot PREPARE DDL, SET or SHOW.
        if (!q.exec(statement)) {
            return sqlError(q.lastError(), statement.left(80));
        }
        return q;
    }
    if (!q.prepare(statement)) {
        return sqlError(q.lastError(), statement.left(80));
    }
    for (const QVariant& p : params) {
        q.addBindValue(sqlValue(p));
    }
    if (!q.exec()) {
        return sqlError(q.lastError(), statement.left(80));
    }
    return q;
}

Result<QVariant> Database::scalar(const QString& statement, const QVariantList& params) const
{
    auto q = exec(statement, params);
    if (!q) {
        return q.error();
    }
    QVariant v = q->next() ? q->value(0) : QVariant();
    q->finish();
    return v;
}

Status Database::run(const QString& statement, const QVariantList& params) const
{
    auto q = exec(statement, params);
    if (!q) {
        return q.error();
    }
    return {};
}

Result<Database> Database::cloneForThread() const
{
    return open(m_conn->spec);
}

int& Database::transactionDepth() const
{
    return m_conn->depth;
}

bool& Database::rollbackOnly() const
{
    return m_conn->rollbackOnly;
}

QString Database::textList() const
{
    return isSQLite() ? QStringLiteral("SELECT value FROM json_each(?)")
                      : QStringLiteral("SELECT jsonb_array_elements_text(CAST(? AS jsonb))");
}

QString Database::listParameter(const QStringList& values)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

} // namespace madoguchi
