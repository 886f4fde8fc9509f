#include "SyncController.h"

#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QLabel>
#include <QMouseEvent>
#include <QPointer>
#include <QProgressBar>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace madoguchi {

namespace {
constexpr int kIntervalMs = 60 * 1000;
} // namespace

SyncController::SyncController(AppContext* context, QLabel* status, QProgressBar* progress,
                               QObject* parent)
    : QObject(parent), m_ctx(context), m_status(status), m_progress(progress),
      m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SyncController::syncNow);
    m_progress->hide();
    m_status->installEventFilter(this);
}

QString SyncController::statusText() const
{
    return m_status->text();
}

void SyncController::show(const QString& text, bool warn)
{
    m_status->setText(text);
    m_status->setStyleSheet(warn ? QStringLiteral("color: #b00020;") : QString());
}

void SyncController::start()
{
    if (!sync::loadEnrollment(m_ctx->db)) {
        show(tr("Central: not configured (offline)"), false);
        return;
    }
    syncNow();
}

void SyncController::showCounts(bool online, const QString& error)
{
    m_online = online;
    sync::Outbox outbox(m_ctx->db);
    const int pending = outbox.pendingCount().value();
    const int conflicts = outbox.conflictCount().value();
    m_conflicts = conflicts;
    m_error = error;
    // The conflicts are a click away (and in the window's menu).
    m_status->setCursor(conflicts > 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (conflicts > 0) {
        show(tr("Central: %n conflicts to resolve", nullptr, conflicts), true);
    } else if (!online) {
        show(pending > 0 ? tr("Central: offline, %n changes not sent", nullptr, pending)
                         : tr("Central: offline"),
             true);
    } else if (pending > 0) {
        show(tr("Central: online, %n changes not sent", nullptr, pending), false);
    } else {
        show(tr("Central: online"), false);
    }
    QStringList tip;
    if (conflicts > 0) {
        tip << tr("Click to resolve the conflicts.");
    }
    if (!error.isEmpty()) {
        tip << error;
    }
    m_status->setToolTip(tip.join(u'\n'));
}

void SyncController::refreshStatus()
{
    if (m_running || !sync::loadEnrollment(m_ctx->db)) {
        return; // the pass shows the counts when it ends; unenrolled, there are none
    }
    showCounts(m_online, m_error);
}

bool SyncController::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_status && m_conflicts > 0 && event->type() == QEvent::MouseButtonRelease &&
        static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
        emit conflictsRequested();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void SyncController::syncNow()
{
    if (m_running) {
        return;
    }
    auto enrollment = sync::loadEnrollment(m_ctx->db);
    if (!enrollment) {
        show(tr("Central: not configured (offline)"), false);
        return;
    }
    m_running = true;
    show(tr("Central: syncing…"), false);
    m_progress->setRange(0, 0);
    m_progress->show();
    const DatabaseSpec spec = m_ctx->db.spec();
    const QString login = m_ctx->session.login();
    const sync::Enrollment e = *enrollment;
    QPointer<QProgressBar> bar = m_progress;
    auto* watcher = new QFutureWatcher<Result<sync::SyncReport>>(this);
    connect(watcher, &QFutureWatcher<Result<sync::SyncReport>>::finished, this, [this, watcher] {
        const Result<sync::SyncReport> r = watcher->result();
        watcher->deleteLater();
        m_running = false;
        m_progress->hide();
        if (r) {
            m_failures = 0;
            showCounts(true, QString());
            m_timer->start(kIntervalMs);
        } else {
            ++m_failures;
            showCounts(false, r.errorMessage());
            m_timer->start(
                std::max(2000, sync::SyncEngine::backoffMs(m_failures, 2000, 5 * kIntervalMs)));
        }
        emit finished(r.ok());
    });
    watcher->setFuture(QtConcurrent::run([spec, login, e, bar]() -> Result<sync::SyncReport> {
        // Its own connection: Qt's database connections belong to the thread that opened them.
        auto db = Database::open(spec);
        if (!db) {
            return db.error();
        }
        return sync::SyncEngine(*db, e).syncOnce(login, [bar](int sent, int total) {
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [bar, sent, total] {
                    if (bar) {
                        bar->setRange(0, total);
                        bar->setValue(sent);
                    }
                },
                Qt::QueuedConnection);
        });
    }));
}

} // namespace madoguchi
