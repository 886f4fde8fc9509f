#include "common/Clock.h"

#include <QMutex>

namespace madoguchi {

namespace {
QMutex g_mutex;
std::shared_ptr<Clock>& instance()
{
    static std::shared_ptr<Clock> clock = std::make_shared<SystemClock>();
    return clock;
}
} // namespace

QDateTime Clock::now()
{
    QMutexLocker lock(&g_mutex);
    return instance()->currentUtc();
}

QDate Clock::today()
{
    return now().toLocalTime().date();
}

void Clock::setInstance(std::shared_ptr<Clock> clock)
{
    QMutexLocker lock(&g_mutex);
    instance() = clock ? std::move(clock) : std::make_shared<SystemClock>();
}

QString Clock::isoNow()
{
    return now().toString(Qt::ISODateWithMs);
}

} // namespace madoguchi
