#pragma once
// Local backups of the embedded SQLite database, so that an offline shelter laptop never loses
// its data: a consistent copy (SQLite's VACUUM INTO on a connection of its own, a snapshot even
// while others write) into a backup folder under a timestamped name, checked before it counts
// (PRAGMA integrity_check and the schema version), the oldest removed beyond the last N, and
// restored only into a new file, never over a database in use. A PostgreSQL database is refused
// with the advice to use pg_dump.
//
// create(), list(), verify() and restore() use no Qt connection: they may run on any thread
// (the GUI makes its scheduled backups on a pool thread). Audit entries (backup.create,
// backup.restore, backup.failed) are the caller's, through record().
//
// The contact fields sealed at rest stay sealed in a backup: restoring it on another machine
// needs the installation key file too (crypto/KeyStore, MADOGUCHI_KEY_DIR).

#include "storage/Database.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace madoguchi::backup {

inline constexpr int kDefaultIntervalMinutes = 60;
inline constexpr int kDefaultKeep = 14;

struct BackupFile
{
    QString path;
    QDateTime takenAt; // UTC, from the name
    qint64 size = 0;
};

struct Settings
{
    int intervalMinutes = kDefaultIntervalMinutes; // 0: no scheduled backups
    QString dir;
    int keep = kDefaultKeep;
};

// "backups" beside the database file.
QString defaultDir(const QString& databasePath);

// The installation's settings backup.interval_minutes (default 60), backup.dir (default
// defaultDir()) and backup.keep (default 14). Refused (backup.settings) when a number is not one.
Result<Settings> settings(const Database& db);

// Refused with backup.postgres, saying to use pg_dump, for a PostgreSQL database.
Status requireSqlite(const DatabaseSpec& spec);

// Copies the SQLite database at `databasePath` to `dir` (created when missing) as
// "<name>-YYYYMMDDTHHMMSSmmmZ.sqlite3" (UTC), verifies the copy, and then removes the oldest
// backups of that database beyond `keep`. The copy is written under a temporary name and only
// renamed once verified. Refused with backup.failed and SQLite's reason.
Result<BackupFile> create(const QString& databasePath, const QString& dir, int keep = kDefaultKeep);

// The backups of `databasePath` in `dir`, newest first.
Result<QList<BackupFile>> list(const QString& databasePath, const QString& dir);

// Opens the file read-only: refused with backup.corrupt and the reason when it is not an SQLite
// database, fails PRAGMA integrity_check (its first findings), or has no Madoguchi schema.
Status verify(const QString& file);

// Verifies `file` and copies it to `to`, which must not exist yet (refused with backup.exists):
// a restore never writes over a database, let alone one in use. The copy is verified as well.
Status restore(const QString& file, const QString& to);

// True when a scheduled backup is due: the interval is not 0 and the newest backup (if any) was
// taken at least intervalMinutes before `now`.
bool due(const QList<BackupFile>& existing, int intervalMinutes, const QDateTime& now);

// An audit entry for a backup action (backup.create, backup.restore, backup.failed).
Status record(const Database& db, const QString& operatorLogin, const QString& action,
              const QString& target, const QString& detail = {});

} // namespace madoguchi::backup
