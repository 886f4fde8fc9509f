#include "IdleWatcher.h"

#include <QCoreApplication>
#include <QEvent>

namespace madoguchi {

IdleWatcher::IdleWatcher(QObject* parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleWatcher::idle);
    QCoreApplication::instance()->installEventFilter(this);
}

void IdleWatcher::setTimeoutMs(int ms)
{
    m_timeoutMs = std::max(0, ms);
    restart();
}

void IdleWatcher::setEnabled(bool on)
{
    m_enabled = on;
    restart();
}

void IdleWatcher::restart()
{
    if (m_enabled && m_timeoutMs > 0) {
        m_timer.start(m_timeoutMs);
    } else {
        m_timer.stop();
    }
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::InputMethod:
        if (m_enabled && m_timeoutMs > 0) {
            m_timer.start(m_timeoutMs);
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace madoguchi
