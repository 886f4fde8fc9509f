#pragma once
// Running card work off the calling thread with a deadline. Each call opens its own PC/SC
// context on a worker thread, picks the reader, connects, takes a transaction and runs the
// operation; if the card was reset by another program first, it reconnects and runs it once
// more (the reset drops the card's verified state, so the operation starts from its SELECT).
// SCardTransmit has no timeout of its own and cannot be cancelled: when the deadline passes the
// caller gets card.timeout and the worker is abandoned with its context (it ends when pcscd
// gives up on the card). Operations must therefore own what they use (capture by value).

#include "card/MyNumberCard.h"
#include "card/Pcsc.h"

#include <QMap>

#include <functional>
#include <memory>
#include <optional>

namespace madoguchi::card {

struct CardServiceOptions
{
    QString reader;        // empty: the first reader with a card
    int timeoutMs = 20000; // for a whole operation
};

struct CardStatusReport
{
    bool serviceRunning = false;
    QList<ReaderStatus> readers;
    QString reader; // the one with the card
    bool cardPresent = false;
    QByteArray atr;
    QStringList applications;
    QMap<QString, int> pinTries; // auth, sign, helper, juki
};

class CardService
{
public:
    explicit CardService(CardServiceOptions options = {}) : m_options(std::move(options)) {}

    using Operation = std::function<Status(MyNumberCard&)>;
    Status run(Operation op) const;

    template <typename T> Result<T> call(std::function<Result<T>(MyNumberCard&)> op) const
    {
        auto out = std::make_shared<std::optional<T>>();
        Status st = run([out, op](MyNumberCard& card) -> Status {
            auto r = op(card);
            if (!r) {
                return r.error();
            }
            *out = std::move(*r);
            return {};
        });
        if (!st) {
            return st.error();
        }
        return std::move(**out);
    }

    // Readers, the card, its applications and PIN retry counters (reading them costs no try).
    Result<CardStatusReport> status() const;

private:
    CardServiceOptions m_options;
};

} // namespace madoguchi::card
