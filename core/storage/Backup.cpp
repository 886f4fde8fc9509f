#include "storage/Backup.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "settings/InstallationSettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimeZone>

#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace madoguchi::backup {

namespace {

Error failure(const QString& message)
{
    return Error(message, QStringLiteral("backup.failed"));
}

Error corrupt(const QString& message)
{
    return Error(message, QStringLiteral("backup.corrupt"));
}

struct CloseDb
{
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteDb = std::unique_ptr<sqlite3, CloseDb>;

struct Finalize
{
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

QString lastError(sqlite3* db)
{
    return db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
}

// Opens an existing database file (never creates one) with a busy timeout.
Result<SqliteDb> openFile(const QString& path, int flags)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw,
                                   flags | SQLITE_OPEN_NOMUTEX, nullptr);
    SqliteDb db(raw);
    if (rc != SQLITE_OK) {
        return Error(QCoreApplication::translate("Backup", "cannot open %1: %2")
                         .arg(path, lastError(db.get())),
                     QStringLiteral("backup.failed"));
    }
    sqlite3_busy_timeout(db.get(), 10000);
    return db;
}

QString baseName(const QString& databasePath)
{
    return QFileInfo(databasePath).completeBaseName();
}

QRegularExpression namePattern(const QString& databasePath)
{
    return QRegularExpression(QStringLiteral("^%1-([0-9]{8}T[0-9]{9}Z)\\.sqlite3$")
                                  .arg(QRegularExpression::escape(baseName(databasePath))));
}

QString stamp(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
}

} // namespace

QString defaultDir(const QString& databasePath)
{
    return QFileInfo(databasePath).absoluteDir().filePath(QStringLiteral("backups"));
}

Result<Settings> settings(const Database& db)
{
    InstallationSettings s(db);
    Settings out;
    auto number = [&](const char* key, int fallback, int* into) -> Status {
        auto v = s.value(QLatin1String(key), QString::number(fallback));
        if (!v) {
            return v.error();
        }
        bool ok = false;
        const int n = v->trimmed().toInt(&ok);
        if (!ok || n < 0) {
            return Error(
                QCoreApplication::translate(
                    "Backup", "the setting %1 is \"%2\": it must be a whole number, 0 or more")
                    .arg(QLatin1String(key), *v),
                QStringLiteral("backup.settings"));
        }
        *into = n;
        return {};
    };
    if (Status st =
            number("backup.interval_minutes", kDefaultIntervalMinutes, &out.intervalMinutes);
        !st) {
        return st.error();
    }
    if (Status st = number("backup.keep", kDefaultKeep, &out.keep); !st) {
        return st.error();
    }
    out.keep = std::max(out.keep, 1);
    auto dir = s.value(QStringLiteral("backup.dir"));
    if (!dir) {
        return dir.error();
    }
    out.dir = dir->trimmed().isEmpty() ? defaultDir(db.spec().path) : dir->trimmed();
    return out;
}

Status requireSqlite(const DatabaseSpec& spec)
{
    if (spec.engine == Engine::PostgreSQL) {
        return Error(QCoreApplication::translate(
                         "Backup", "the database is PostgreSQL (%1): back it up on its server with "
                                   "pg_dump (for example pg_dump -Fc -f FILE DBNAME), not here")
                         .arg(spec.display()),
                     QStringLiteral("backup.postgres"));
    }
    return {};
}

Status verify(const QString& file)
{
    const QFileInfo info(file);
    if (!info.isFile()) {
        return corrupt(QCoreApplication::translate("Backup", "%1 does not exist").arg(file));
    }
    auto db = openFile(file, SQLITE_OPEN_READONLY);
    if (!db) {
        return corrupt(db.errorMessage());
    }
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db->get(), "PRAGMA integrity_check(5)", -1, &raw, nullptr) !=
        SQLITE_OK) {
        return corrupt(QCoreApplication::translate("Backup", "%1 is not a sound database: %2")
                           .arg(file, lastError(db->get())));
    }
    Statement check(raw);
    QStringList findings;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(check.get())) == SQLITE_ROW) {
        findings << QString::fromUtf8(
            reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 0)));
    }
    if (rc != SQLITE_DONE) {
        return corrupt(QCoreApplication::translate("Backup", "%1 is not a sound database: %2")
                           .arg(file, lastError(db->get())));
    }
    if (findings != QStringList{QStringLiteral("ok")}) {
        return corrupt(QCoreApplication::translate("Backup", "%1 failed the integrity check: %2")
                           .arg(file, findings.join(QStringLiteral("; "))));
    }
    raw = nullptr;
    if (sqlite3_prepare_v2(db->get(), "SELECT MAX(version) FROM schema_migrations", -1, &raw,
                           nullptr) != SQLITE_OK) {
        return corrupt(QCoreApplication::translate("Backup", "%1 is not a Madoguchi database: %2")
                           .arg(file, lastError(db->get())));
    }
    Statement version(raw);
    if (sqlite3_step(version.get()) != SQLITE_ROW ||
        sqlite3_column_type(version.get(), 0) == SQLITE_NULL) {
        return corrupt(QCoreApplication::translate(
                           "Backup", "%1 is not a Madoguchi database: it has no schema version")
                           .arg(file));
    }
    return {};
}

Result<BackupFile> create(const QString& databasePath, const QString& dir, int keep)
{
    if (!QFileInfo(databasePath).isFile()) {
        return failure(QCoreApplication::translate("Backup", "there is no database file %1")
                           .arg(databasePath));
    }
    if (!QDir().mkpath(dir)) {
        return failure(
            QCoreApplication::translate("Backup", "cannot create the backup folder %1").arg(dir));
    }
    // A name not taken yet; names sort in the order the backups were taken.
    QDateTime at = Clock::now().toUTC();
    QString path;
    for (;;) {
        path = QDir(dir).filePath(
            QStringLiteral("%1-%2.sqlite3").arg(baseName(databasePath), stamp(at)));
        if (!QFileInfo::exists(path)) {
            break;
        }
        at = at.addMSecs(1);
    }
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);

    auto source = openFile(databasePath, SQLITE_OPEN_READWRITE);
    if (!source) {
        return failure(source.errorMessage());
    }
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(source->get(), "VACUUM INTO ?", -1, &raw, nullptr) != SQLITE_OK) {
        return failure(QCoreApplication::translate("Backup", "cannot back up %1: %2")
                           .arg(databasePath, lastError(source->get())));
    }
    Statement vacuum(raw);
    const QByteArray target = QFile::encodeName(partial);
    sqlite3_bind_text(vacuum.get(), 1, target.constData(), int(target.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(vacuum.get()) != SQLITE_DONE) {
        const QString why = lastError(source->get());
        vacuum.reset();
        QFile::remove(partial);
        return failure(
            QCoreApplication::translate("Backup", "cannot back up %1: %2").arg(databasePath, why));
    }
    vacuum.reset();
    source->reset();
    if (Status st = verify(partial); !st) {
        QFile::remove(partial);
        return failure(st.errorMessage());
    }
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return failure(
            QCoreApplication::translate("Backup", "cannot name the backup %1").arg(path));
    }

    auto all = list(databasePath, dir);
    if (!all) {
        return all.error();
    }
    for (qsizetype i = std::max(keep, 1); i < all->size(); ++i) {
        QFile::remove(all->at(i).path);
    }
    return BackupFile{path, at, QFileInfo(path).size()};
}

Result<QList<BackupFile>> list(const QString& databasePath, const QString& dir)
{
    QList<BackupFile> out;
    const QRegularExpression re = namePattern(databasePath);
    const QFileInfoList files = QDir(dir).entryInfoList({QStringLiteral("*.sqlite3")}, QDir::Files);
    for (const QFileInfo& f : files) {
        const auto m = re.match(f.fileName());
        if (!m.hasMatch()) {
            continue;
        }
        QDateTime at =
            QDateTime::fromString(m.captured(1), QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
        at.setTimeZone(QTimeZone::utc());
        out << BackupFile{f.absoluteFilePath(), at, f.size()};
    }
    std::sort(out.begin(), out.end(), [](const BackupFile& a, const BackupFile& b) {
        return a.path > b.path; // newest first: the names sort by time
    });
    return out;
}

Status restore(const QString& file, const QString& to)
{
    if (QFileInfo::exists(to)) {
        return Error(QCoreApplication::translate(
                         "Backup", "%1 exists: a backup is restored into a new file only")
                         .arg(to),
                     QStringLiteral("backup.exists"));
    }
    if (Status st = verify(file); !st) {
        return st;
    }
    const QFileInfo target(to);
    if (!QDir().mkpath(target.absolutePath())) {
        return failure(QCoreApplication::translate("Backup", "cannot create the folder %1")
                           .arg(target.absolutePath()));
    }
    if (!QFile::copy(file, to)) {
        return failure(QCoreApplication::translate("Backup", "cannot copy %1 to %2").arg(file, to));
    }
    QFile(to).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (Status st = verify(to); !st) {
        QFile::remove(to);
        return st;
    }
    return {};
}

bool due(const QList<BackupFile>& existing, int intervalMinutes, const QDateTime& now)
{
    if (intervalMinutes <= 0) {
        return false;
    }
    QDateTime newest;
    for (const BackupFile& b : existing) {
        if (!newest.isValid() || b.takenAt > newest) {
            newest = b.takenAt;
        }
    }
    return !newest.isValid() || newest.secsTo(now) >= qint64(intervalMinutes) * 60;
}

Status record(const Database& db, const QString& operatorLogin, const QString& action,
              const QString& target, const QString& detail)
{
    return AuditLog(db).record(operatorLogin, action, target, detail);
}

} // namespace madoguchi::backup
