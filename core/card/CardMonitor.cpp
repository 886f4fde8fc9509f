#include "card/CardMonitor.h"

#include "common/Log.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace madoguchi::card {

CardMonitor::CardMonitor(QObject* parent) : QObject(parent) {}

CardMonitor::~CardMonitor()
{
    stop();
}

void CardMonitor::start()
{
    if (m_thread.joinable()) {
        return;
    }
    m_stop = false;
    m_thread = std::thread([this] { loop(); });
}

void CardMonitor::stop()
{
    m_stop = true;
    {
        std::lock_guard lock(m_contextMutex);
        if (m_context) {
            m_context->cancel();
        }
    }
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

bool CardMonitor::sleepUnlessStopped(int ms)
{
    for (int waited = 0; waited < ms && !m_stop; waited += 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return !m_stop;
}

void CardMonitor::publish(bool running, const QList<ReaderStatus>& readers)
{
    QMetaObject::invokeMethod(
        this,
        [this, running, readers] {
            if (running == m_serviceRunning && readers == m_readers) {
                return;
            }
            m_serviceRunning = running;
            m_readers = readers;
            emit changed();
        },
        Qt::QueuedConnection);
}

void CardMonitor::loop()
{
    while (!m_stop) {
        auto context = PcscContext::establish();
        if (!context) {
            publish(false, {});
            sleepUnlessStopped(1000);
            continue;
        }
        {
            std::lock_guard lock(m_contextMutex);
            m_context = context->get();
        }
        if (m_stop) {
            break;
        }
        auto known = (*context)->status();
        while (known && !m_stop) {
            publish(true, *known);
            // A bounded wait: a pcscd that went away without a word is noticed within a second.
            auto next = (*context)->waitForChange(*known, 1000);
            if (!next) {
                known = next;
                break;
            }
            known = next;
        }
        {
            std::lock_guard lock(m_contextMutex);
            m_context = nullptr;
        }
        if (!known && known.error().code != QStringLiteral("card.cancelled")) {
            qCInfo(lcCard) << "reader watch ended:" << known.error().message << "- reconnecting";
            if (known.error().code == QStringLiteral("card.no_service")) {
                publish(false, {});
            }
            sleepUnlessStopped(200);
        }
    }
    std::lock_guard lock(m_contextMutex);
    m_context = nullptr;
}

ReaderState CardMonitor::summary() const
{
    if (!m_serviceRunning) {
        return ReaderState::NoService;
    }
    ReaderState best = ReaderState::NoReader;
    for (const ReaderStatus& r : m_readers) {
        if (r.state == ReaderState::Present) {
            return r.state;
        }
        if (r.state == ReaderState::Mute ||
            (r.state == ReaderState::Empty && best == ReaderState::NoReader)) {
            best = r.state;
        }
    }
    return best;
}

QString CardMonitor::cardReader() const
{
    for (const ReaderStatus& r : m_readers) {
        if (r.state == ReaderState::Present) {
            return r.reader;
        }
    }
    return {};
}

QString CardMonitor::describe(ReaderState state)
{
    switch (state) {
    case ReaderState::NoService:
        return QCoreApplication::translate("Card", "Card service not running");
    case ReaderState::NoReader:
        return QCoreApplication::translate("Card", "No card reader");
    case ReaderState::Empty:
        return QCoreApplication::translate("Card", "Place the card on the reader");
    case ReaderState::Present:
        return QCoreApplication::translate("Card", "Card on the reader");
    case ReaderState::Mute:
        return QCoreApplication::translate("Card", "The card does not answer");
    }
    return {};
}

} // namespace madoguchi::card
