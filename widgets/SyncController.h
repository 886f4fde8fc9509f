#pragma once
// Background sync for the window: a pass at start and every minute (sooner after a failure,
// with exponential backoff and jitter), on a pool thread with its own database connection, so
// that the counter never waits for the network. The status bar shows
// オンライン / オフライン / 同期中 / 未送信 N件 / 競合 N件, and a progress bar while a pass runs.
// While there are conflicts, clicking the status asks for them to be resolved
// (conflictsRequested).

#include "AppContext.h"

#include <QObject>

class QLabel;
class QProgressBar;
class QTimer;

namespace madoguchi {

class SyncController : public QObject
{
    Q_OBJECT
public:
    SyncController(AppContext* context, QLabel* status, QProgressBar* progress,
                   QObject* parent = nullptr);

    void start();
    bool running() const { return m_running; }
    QString statusText() const;
    int conflicts() const { return m_conflicts; }

public slots:
    void syncNow();
    // Shows the outbox as it is now (after a conflict was resolved), without a pass.
    void refreshStatus();

signals:
    void finished(bool ok);
    void conflictsRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void show(const QString& text, bool warn);
    void showCounts(bool online, const QString& error);

    AppContext* m_ctx;
    QLabel* m_status;
    QProgressBar* m_progress;
    QTimer* m_timer;
    bool m_running = false;
    bool m_online = false;
    int m_failures = 0;
    int m_conflicts = 0;
    QString m_error; // why the last pass failed
};

} // namespace madoguchi
