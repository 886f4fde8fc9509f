#pragma once
// The card part of the hand-over at the counter (交付), once the clerk has verified the holder's
// identity (the application is at identity_verified, or at pins_set when a hand-over is resumed):
//
//   0. When central produced the card, the card in the reader must carry its serial.
//   1. PINs: each of the four PINs the holder chose is set on the card (issuer authentication,
//      RESET RETRY COUNTER) unless the card already has it, then every PIN is verified. The
//      application moves to pins_set.
//   2. The card is the holder's: its basic four items (input helper AP, readable now that the
//      helper PIN is set) are the register's, and its individual number is this resident's.
//   3. Certificates, the authentication one first, then the signing one: a new key pair is
//      generated on the card (the private key never leaves it), the card signs the certificate
//      request with that key (the PIN of the key), central issues the certificate (a signed
//      request, spoken for by the signed-in card issuer), and the terminal writes it to the card
//      and reads it back.
//   4. Check: both certificates on the card verify up to central's root with current CRLs and
//      are the ones issued, and both keys sign a fresh challenge that verifies with them.
//   5. The application moves to issued (the card's validity date is set then).
//
// Every step done is written to card_handovers before the next starts, and a hand-over that
// stops half-way (card pulled, central unreachable, wrong PIN) is flagged there (interrupted,
// with the reason) until it is finished: run() again resumes from what the card and the record
// say is done. A certificate issued but not yet on the card when the card was pulled is replaced
// on resume (central supersedes the earlier certificate of that kind). PINs are never stored.
//
// Blocking (card and network): run it on a worker thread in the GUI, with its own database
// connection.

#include "auth/Session.h"
#include "card/CardService.h"
#include "issuance/Issuance.h"
#include "sync/CentralClient.h"

#include <QDateTime>
#include <functional>

namespace madoguchi::issuance {

// The four PINs the card holder chose at the reader. Held only in memory for one run().
struct NewPins
{
    QString sign;   // 署名用電子証明書: 6–16 of A–Z, 0–9
    QString auth;   // 利用者証明用電子証明書: 4 digits
    QString helper; // 券面事項入力補助用: 4 digits
    QString juki;   // 住民基本台帳用: 4 digits
    QString value(card::Pin pin) const;
    // Translated reasons, one per PIN of the wrong form; empty when all four are well-formed.
    QStringList problems() const;
};

struct HandOverRecord
{
    qint64 applicationId = 0;
    QString cardSerial;
    // The last step completed: started, pins, auth, sign, checked, done.
    QString step;
    QStringList pinsDone; // card::pinKey of each PIN set on the card
    QString authSerial;   // certificates written to the card and read back
    QString signSerial;
    bool interrupted = false; // stopped half-way; run() resumes
    QString lastError;
    QDateTime startedAt;
    QDateTime updatedAt;
    QString operatorLogin;
};

struct HandOverResult
{
    Application application;
    QString authSerial;
    QString signSerial;
    QStringList done; // translated, one line a step, in order
    bool resumed = false;
    // Measured for the benchmark: APDUs exchanged and time spent in card operations, and the
    // time central took for the two certificates.
    qint64 apdus = 0;
    qint64 cardMs = 0;
    qint64 centralMs = 0;
    qint64 totalMs = 0;
};

// The issuance key (32 bytes) the terminal proves to the card: MADOGUCHI_ISSUANCE_KEY (64 hex
// digits) or MADOGUCHI_ISSUANCE_KEY_FILE (a file holding them). card.usage when neither is set.
Result<QByteArray> issuanceKeyFromEnvironment();

class HandOver
{
public:
    HandOver(Database db, card::CardService card, QByteArray issuanceKey,
             sync::Enrollment enrollment);

    // Progress for the clerk (translated), called from the thread run() runs on.
    void setProgress(std::function<void(const QString&)> progress)
    {
        m_progress = std::move(progress);
    }
    // The check may use the last PIN try only when the clerk confirmed it.
    void setAllowLastTry(bool allow) { m_allowLastTry = allow; }

    Result<HandOverResult> run(qint64 applicationId, const NewPins& pins, const Session& by);

    static Result<std::optional<HandOverRecord>> record(const Database& db, qint64 applicationId);
    // Hand-overs stopped half-way, oldest first.
    static Result<QList<HandOverRecord>> interrupted(const Database& db);

private:
    Result<HandOverResult> steps(qint64 applicationId, const NewPins& pins, const Session& by,
                                 HandOverRecord& rec);
    Status save(const HandOverRecord& rec);
    void say(const QString& text);

    Database m_db;
    card::CardService m_card;
    QByteArray m_issuanceKey;
    sync::Enrollment m_enrollment;
    std::function<void(const QString&)> m_progress;
    bool m_allowLastTry = false;
};

} // namespace madoguchi::issuance
