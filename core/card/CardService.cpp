#include "card/CardService.h"

#include "common/Log.h"

#include <QCoreApplication>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace madoguchi::card {

namespace {

struct Job
{
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    Status result;
};

Result<QString> chooseReader(PcscContext& context, const QString& wanted)
{
    auto readers = context.status();
    if (!readers) {
        return readers.error();
    }
    if (readers->isEmpty()) {
        return pcscError(0x8010002EL /* SCARD_E_NO_READERS_AVAILABLE */, {});
    }
    bool mute = false;
    for (const ReaderStatus& r : std::as_const(*readers)) {
        if (!wanted.isEmpty() && r.reader != wanted) {
            continue;
        }
        if (r.state == ReaderState::Present) {
            return r.reader;
        }
        // A mute card in one reader does not hide a good card in another.
        mute = mute || r.state == ReaderState::Mute;
        if (!wanted.isEmpty()) {
            return pcscError(mute ? 0x80100066L /* SCARD_W_UNRESPONSIVE_CARD */
                                  : 0x8010000CL /* SCARD_E_NO_SMARTCARD */,
                             {});
        }
    }
    if (mute) {
        return pcscError(0x80100066L /* SCARD_W_UNRESPONSIVE_CARD */, {});
    }
    if (!wanted.isEmpty()) {
        return Error(QCoreApplication::translate("Card", "there is no reader named %1").arg(wanted),
                     QStringLiteral("card.no_reader"));
    }
    return pcscError(0x8010000CL /* SCARD_E_NO_SMARTCARD */, {});
}

Status runHere(const QString& wanted, const CardService::Operation& op)
{
    auto context = PcscContext::establish();
    if (!context) {
        return context.error();
    }
    auto reader = chooseReader(**context, wanted);
    if (!reader) {
        return reader.error();
    }
    Status result;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto card = PcscCard::connect(**context, *reader);
        if (!card) {
            return card.error();
        }
        Status begun = (*card)->beginTransaction();
        if (!begun && begun.error().code == QStringLiteral("card.reset")) {
            if (Status st = (*card)->reconnect(); !st) {
                return st;
            }
            begun = (*card)->beginTransaction();
        }
        if (!begun) {
            return begun;
        }
        MyNumberCard mnc(**card);
        result = op(mnc);
        (*card)->endTransaction();
        if (result || result.error().code != QStringLiteral("card.reset")) {
            return result;
        }
        qCInfo(lcCard) << "the card was reset during an operation: connecting again";
    }
    return result;
}

} // namespace

Status CardService::run(Operation op) const
{
    auto job = std::make_shared<Job>();
    std::thread([job, op = std::move(op), reader = m_options.reader] {
        Status st = runHere(reader, op);
        std::lock_guard lock(job->mutex);
        job->result = std::move(st);
        job->finished = true;
        job->done.notify_all();
    }).detach();
    std::unique_lock lock(job->mutex);
    if (!job->done.wait_for(lock, std::chrono::milliseconds(m_options.timeoutMs),
                            [&] { return job->finished; })) {
        qCWarning(lcCard) << "card operation abandoned after" << m_options.timeoutMs << "ms";
        return Error(QCoreApplication::translate(
                         "Card", "the card did not answer within %1 seconds: take it off the "
                                 "reader and put it back, then try again")
                         .arg(m_options.timeoutMs / 1000.0, 0, 'f', 0),
                     QStringLiteral("card.timeout"));
    }
    return job->result;
}

Result<CardStatusReport> CardService::status() const
{
    auto report = std::make_shared<CardStatusReport>();
    const QString wanted = m_options.reader;
    // Listing readers is quick and cannot hang on a card; it runs here.
    auto context = PcscContext::establish();
    if (!context) {
        if (context.error().code == QStringLiteral("card.no_service")) {
            return *report;
        }
        return context.error();
    }
    report->serviceRunning = true;
    auto readers = (*context)->status();
    if (!readers) {
        return readers.error();
    }
    report->readers = *readers;
    if (!wanted.isEmpty() &&
        std::none_of(readers->cbegin(), readers->cend(),
                     [&](const ReaderStatus& r) { return r.reader == wanted; })) {
        return Error(QCoreApplication::translate("Card", "there is no reader named %1").arg(wanted),
                     QStringLiteral("card.no_reader"));
    }
    for (const ReaderStatus& r : std::as_const(*readers)) {
        if ((wanted.isEmpty() || r.reader == wanted) && r.state == ReaderState::Present) {
            report->reader = r.reader;
            report->cardPresent = true;
            report->atr = r.atr;
            break;
        }
    }
    if (!report->cardPresent) {
        return *report;
    }
    CardService pinned({report->reader, m_options.timeoutMs});
    Status st = pinned.run([report](MyNumberCard& card) -> Status {
        auto apps = card.applications();
        if (!apps) {
            return apps.error();
        }
        report->applications = *apps;
        const std::pair<Pin, const char*> pins[] = {
            {Pin::Auth, "jpki"}, {Pin::Sign, "jpki"}, {Pin::Helper, "helper"}, {Pin::Juki, "juki"}};
        for (const auto& [pin, app] : pins) {
            if (!apps->contains(QLatin1String(app))) {
                continue;
            }
            auto tries = card.pinTries(pin);
            if (!tries && tries.error().code == QStringLiteral("card.pin_not_set")) {
                continue; // a card before hand-over: no counter to show yet
            }
            if (!tries) {
                return tries.error();
            }
            report->pinTries.insert(pinKey(pin), *tries);
        }
        return {};
    });
    if (!st) {
        return st.error();
    }
    return *report;
}

} // namespace madoguchi::card
