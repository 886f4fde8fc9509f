#include "BackupController.h"

#include "common/Clock.h"
#include "common/Log.h"
#include "storage/Backup.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace madoguchi {

namespace {
constexpr int kCheckMs = 60 * 1000;
} // namespace

BackupController::BackupController(AppContext* context, QObject* parent)
    : QObject(parent), m_ctx(context), m_timer(new QTimer(this))
{
    m_timer->setInterval(kCheckMs);
    connect(m_timer, &QTimer::timeout, this, &BackupController::checkNow);
}

void BackupController::start()
{
    if (!m_ctx->db.isSQLite()) {
        return;
    }
    m_timer->start();
    checkNow();
}

void BackupController::checkNow()
{
    if (m_running || !m_ctx->db.isSQLite()) {
        return;
    }
    auto settings = backup::settings(m_ctx->db);
    if (!settings) {
        m_lastError = settings.errorMessage();
        qCWarning(lcStorage) << "backup settings:" << m_lastError;
        return;
    }
    const QString path = m_ctx->db.spec().path;
    auto existing = backup::list(path, settings->dir);
    if (!existing || !backup::due(*existing, settings->intervalMinutes, Clock::now())) {
        return;
    }
    m_running = true;
    const QString dir = settings->dir;
    const int keep = settings->keep;
    auto* watcher = new QFutureWatcher<Result<backup::BackupFile>>(this);
    connect(watcher, &QFutureWatcher<Result<backup::BackupFile>>::finished, this,
            [this, watcher, dir] {
                const Result<backup::BackupFile> r = watcher->result();
                watcher->deleteLater();
                m_running = false;
                const QString login = m_ctx->session.login();
                if (r) {
                    m_lastError.clear();
                    (void)backup::record(m_ctx->db, login, QStringLiteral("backup.create"), r->path,
                                         QString::number(r->size));
                    emit finished(true, r->path);
                } else {
                    m_lastError = r.errorMessage();
                    qCWarning(lcStorage) << "backup failed:" << m_lastError;
                    (void)backup::record(m_ctx->db, login, QStringLiteral("backup.failed"), dir,
                                         m_lastError);
                    emit finished(false, m_lastError);
                }
            });
    watcher->setFuture(QtConcurrent::run([path, dir, keep]() -> Result<backup::BackupFile> {
        return backup::create(path, dir, keep);
    }));
}

} // namespace madoguchi
