#pragma once
// Watches the readers with SCardGetStatusChange on its own thread and reports every change (a
// reader plugged in or out, a card put on or taken off, pcscd stopped or back) to the thread
// that owns the monitor. When pcscd goes away the context is re-established until it returns.

#include "card/Pcsc.h"

#include <QObject>

#include <atomic>
#include <mutex>
#include <thread>

namespace madoguchi::card {

class CardMonitor : public QObject
{
    Q_OBJECT
public:
    explicit CardMonitor(QObject* parent = nullptr);
    ~CardMonitor() override;

    void start();
    void stop();

    bool serviceRunning() const { return m_serviceRunning; }
    QList<ReaderStatus> readers() const { return m_readers; }
    // One state for a status line: NoService, NoReader, Empty, Present or Mute (the best of
    // all readers: a card anywhere counts).
    ReaderState summary() const;
    // The reader holding a card, if any.
    QString cardReader() const;
    // 「カードをかざしてください」 and the like.
    static QString describe(ReaderState state);

signals:
    void changed();

private:
    void loop();
    void publish(bool running, const QList<ReaderStatus>& readers);
    bool sleepUnlessStopped(int ms);

    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::mutex m_contextMutex;
    PcscContext* m_context = nullptr; // the worker's, for cancel()
    bool m_serviceRunning = false;
    QList<ReaderStatus> m_readers;
};

} // namespace madoguchi::card
