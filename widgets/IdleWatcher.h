#pragma once
// Emits idle() after a period without keyboard or mouse input anywhere in the application.

#include <QObject>
#include <QTimer>

namespace madoguchi {

class IdleWatcher : public QObject
{
    Q_OBJECT
public:
    explicit IdleWatcher(QObject* parent = nullptr);

    // 0 turns the watcher off.
    void setTimeoutMs(int ms);
    int timeoutMs() const { return m_timeoutMs; }
    void setEnabled(bool on); // off while the lock screen itself is shown
    bool isActive() const { return m_timer.isActive(); }

signals:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void restart();
    QTimer m_timer;
    int m_timeoutMs = 0;
    bool m_enabled = true;
};

} // namespace madoguchi
