#pragma once
// PC/SC through libpcsclite (pcscd). Every call here blocks: use it from a worker thread (see
// CardService and CardMonitor), never from the GUI thread.

#include "card/CardChannel.h"

#include <QList>
#include <QStringList>

#include <atomic>
#include <memory>

namespace madoguchi::card {

enum class ReaderState {
    NoService, // pcscd is not running
    NoReader,  // pcscd runs but no reader is connected
    Empty,     // a reader, no card: 「カードをかざしてください」
    Present,   // a card answered with its ATR
    Mute,      // a card that does not answer
};

struct ReaderStatus
{
    QString reader;
    ReaderState state = ReaderState::NoReader;
    QByteArray atr;
    quint64 eventCount = 0; // pcscd's insert/remove counter for the reader
    bool operator==(const ReaderStatus&) const = default;
};

// A readable error for a PC/SC return code, with a stable code: card.no_service,
// card.no_reader, card.no_card, card.removed, card.reset, card.timeout, card.sharing,
// card.cancelled, card.pcsc.
Error pcscError(long rc, const QString& what);

class PcscContext
{
public:
    PcscContext(const PcscContext&) = delete;
    PcscContext& operator=(const PcscContext&) = delete;
    ~PcscContext();

    static Result<std::unique_ptr<PcscContext>> establish();

    // Reader names; an empty list when none is connected (not an error).
    Result<QStringList> readers();
    // The state of every reader now.
    Result<QList<ReaderStatus>> status();
    // Waits up to timeoutMs for a card or reader change from `known` and returns the new states
    // (the same ones on a timeout). Interrupted by cancel() from another thread.
    Result<QList<ReaderStatus>> waitForChange(const QList<ReaderStatus>& known, int timeoutMs);
    // Thread-safe: wakes a waitForChange() in progress.
    void cancel();
    // False once pcscd has gone away (it was stopped or restarted): establish a new one.
    bool valid();

    quintptr handle() const { return m_handle; }

private:
    explicit PcscContext(quintptr handle) : m_handle(handle) {}
    quintptr m_handle = 0;
};

// A connection to the card in one reader, in shared mode.
class PcscCard : public CardChannel
{
public:
    PcscCard(const PcscCard&) = delete;
    PcscCard& operator=(const PcscCard&) = delete;
    ~PcscCard() override;

    static Result<std::unique_ptr<PcscCard>> connect(PcscContext& context, const QString& reader);

    // Sends one APDU; follows 61xx (GET RESPONSE) and 6Cxx (resend with the right Le).
    Result<ResponseApdu> transmit(const CommandApdu& command) override;
    // Exclusive access for a sequence of APDUs (select, verify, read…): no other application can
    // slip a SELECT in between and drop our verified state.
    Status beginTransaction();
    void endTransaction();
    // After card.reset: the card was reset by someone else; connect again (state is lost).
    Status reconnect();

    QString reader() const { return m_reader; }
    QByteArray atr() const { return m_atr; }

    // Command APDUs exchanged with cards by this process so far (each GET RESPONSE and resend
    // counted), for measuring a whole card workflow.
    static qint64 exchanged();

private:
    PcscCard() = default;
    Result<QByteArray> transmitRaw(const QByteArray& command);
    quintptr m_handle = 0;
    unsigned long m_protocol = 0;
    QString m_reader;
    QByteArray m_atr;
    bool m_inTransaction = false;
};

} // namespace madoguchi::card
