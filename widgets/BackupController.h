#pragma once
// Scheduled local backups for the window (storage/Backup.h): every minute it looks whether the
// setting backup.interval_minutes (default 60) has passed since the newest backup in backup.dir
// (default "backups" beside the database) and, if so, makes one on a pool thread — the copy
// uses a connection of its own, so the counter never waits for it. Each backup, or its failure
// and the reason, is written to the audit log (backup.create / backup.failed) under the
// signed-in operator. Nothing is scheduled on PostgreSQL (its server is backed up with pg_dump).

#include "AppContext.h"

#include <QObject>

class QTimer;

namespace madoguchi {

class BackupController : public QObject
{
    Q_OBJECT
public:
    explicit BackupController(AppContext* context, QObject* parent = nullptr);

    // Looks at once, then every minute.
    void start();
    bool running() const { return m_running; }
    QString lastError() const { return m_lastError; }

public slots:
    // Makes a backup now if one is due (and none is being made).
    void checkNow();

signals:
    // After each backup made or failed: its file, or the reason it failed.
    void finished(bool ok, const QString& fileOrReason);

private:
    AppContext* m_ctx;
    QTimer* m_timer;
    bool m_running = false;
    QString m_lastError;
};

} // namespace madoguchi
