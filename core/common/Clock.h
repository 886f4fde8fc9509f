#pragma once
// A replaceable clock: anything time-based (lockout, idle lock, expiry, signature windows) asks
// Clock::now() so that tests can move time with a MockClock instead of sleeping.

#include <QDateTime>

#include <memory>

namespace madoguchi {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime currentUtc() const = 0;

    static QDateTime now();
    static QDate today(); // local calendar date (Japan Standard Time by the machine's zone)
    static void setInstance(std::shared_ptr<Clock> clock); // nullptr restores the system clock
    static QString isoNow(); // "2026-11-26T09:00:00.000Z", the storage format
};

class SystemClock final : public Clock
{
public:
    QDateTime currentUtc() const override { return QDateTime::currentDateTimeUtc(); }
};

class MockClock final : public Clock
{
public:
    explicit MockClock(QDateTime start) : m_now(start.toUTC()) {}
    QDateTime currentUtc() const override { return m_now; }
    void advanceSeconds(qint64 s) { m_now = m_now.addSecs(s); }
    void set(const QDateTime& t) { m_now = t.toUTC(); }

private:
    QDateTime m_now;
};

} // namespace madoguchi
