#pragma once
// My Number card issuance (交付) as an explicit state machine. Every transition is checked
// against the table below, refused with the reason when it is not allowed, and written to the
// application's history and the audit log (operator, time, reason).
//
//   application_received (申請受付) → production_requested (作成依頼: queued in the outbox for
//   central, so it succeeds offline) → delivered (作成済・到着: central's card.delivered, pulled
//   with a sync, sets it with the card serial; for a town that delegated issuance to central,
//   also → notice_sent, central having sent the notice) → notice_sent (交付通知書) →
//   appointment_booked (来庁予約) → identity_verified (本人確認) → pins_set (暗証番号設定) →
//   issued (交付済)
//   side states: suspended (一時停止: lost or stolen) ⇄ issued; revoked (廃止); returned (返納);
//   reissue_requested (再交付) and renewal_requested (更新) → production_requested;
//   destroyed_uncollected (未交付廃棄: only once the holding period after delivery has passed).
//   A walk-in may go from notice_sent straight to identity_verified. A proxy collection (代理)
//   is marked at identity_verified and needs a reason (the documents checked).
//
// Card validity: until the holder's 10th birthday after issuance, the 5th for a holder under 18
// on the day of issuance (29 February: 28 February in common years).

#include "auth/Session.h"
#include "storage/Database.h"

#include <QDateTime>
#include <optional>

namespace madoguchi::issuance {

enum class State {
    ApplicationReceived,
    ProductionRequested,
    Delivered,
    NoticeSent,
    AppointmentBooked,
    IdentityVerified,
    PinsSet,
    Issued,
    Suspended,
    Revoked,
    Returned,
    ReissueRequested,
    RenewalRequested,
    DestroyedUncollected,
};

QString id(State s); // "application_received"
std::optional<State> fromId(const QString& id);
QString displayName(State s); // 申請受付 … (terms of the procedure, not translated)
QList<State> allStates();
QList<State> nextStates(State from);
bool isFinal(State s);

// How long a delivered card waits for its holder before it may be destroyed uncollected.
constexpr int kHoldingDays = 180;
// The queue's "collections due" view: cards waiting for their holder (delivered, notice sent,
// appointment booked) whose collection deadline has passed or comes within this many days.
constexpr int kCollectionWarningDays = 14;
// Renewal reminders go out this many months before a card expires, as the 有効期限通知書 does.
constexpr int kRenewalReminderMonths = 3;

// The last day a delivered card is kept for its holder: the delivery date (Japan time) plus
// kHoldingDays. Invalid for a card not delivered.
QDate collectionDeadline(const QDateTime& deliveredAt);
// Today in Japan Standard Time (the counter's calendar), from Clock::now().
QDate japanToday();

QDate cardValidUntil(const QDate& issued, const QDate& birth);

struct HistoryEntry
{
    QString from;
    QString to;
    QDateTime at;
    QString operatorLogin;
    QString reason;
};

struct Application
{
    qint64 id = 0;
    qint64 residentId = 0;
    QString residentCode;
    State state = State::ApplicationReceived;
    QDateTime appliedAt;
    QDateTime updatedAt;
    QDateTime deliveredAt;
    QDateTime issuedAt;
    QDate expiresOn;
    bool proxy = false;
    int version = 1;
    QString cardSerial;     // the card central produced for this application
    QString productionId;   // central's production order
    bool delegated = false; // issued by central on a small town's behalf
    QDateTime noticeSentAt;
    QDateTime appointmentAt;
    QDateTime renewalRemindedAt;
    QList<HistoryEntry> history;
};

// The issuance dashboard: how many applications are in each state, and per week (Monday to
// Sunday, Japan time) how many applications came in and how many cards were handed over.
struct WeekCount
{
    QDate monday;
    int applications = 0;
    int issued = 0;
};

struct IssuanceStats
{
    QList<QPair<State, int>> byState; // every state, in workflow order, zeros included
    QList<WeekCount> weeks;           // oldest first, the current week last
};

// A card central produced for an application of this workstation (a pulled card.delivered).
struct Delivery
{
    qint64 application = 0;
    QString cardSerial;
    QString productionId;
    bool delegated = false;
    QDateTime deliveredAt;
    QDateTime noticeSentAt; // central sent the 交付通知書 (delegated towns)
    QString by;             // who made the change, e.g. "central"
};

class IssuanceService
{
public:
    explicit IssuanceService(Database db) : m_db(std::move(db)) {}

    // Needs Permission::IssueCards. Refused for a resident who has left the register or who
    // has an application still on its way (not issued, not ended).
    Result<Application> apply(const QString& residentCode, const Session& by);
    // Error codes: issuance.illegal (the message names the allowed next states),
    // issuance.reason (a reason is required), issuance.holding (held too short),
    // issuance.conflict (changed meanwhile), issuance.appointment (booking an appointment needs
    // its date and time, not in the past and not after the collection deadline; a time is only
    // taken for that step). Going to notice_sent records notice_sent_at (and, back from a booked
    // appointment, cancels it); going to appointment_booked records appointment_at.
    Result<Application> advance(qint64 id, State to, const QString& reason, const Session& by,
                                bool proxy = false, const QDateTime& appointmentAt = {});
    // Applies a delivery from central (no session: central made the change): production_requested
    // → delivered, then → notice_sent when central sent the notice; the card serial, production
    // id, delivery time and delegation are kept; history and audit name `by`; nothing goes to
    // the outbox. Refused with issuance.not_found or issuance.illegal (not production_requested).
    Result<Application> applyDelivery(const Delivery& d);
    Result<Application> get(qint64 id) const;
    Result<QList<Application>> list(std::optional<State> state = std::nullopt,
                                    int limit = 500) const;

    // Cards waiting for their holder whose collection deadline is on or before `until`
    // (overdue ones included), the earliest deadline first.
    Result<QList<Application>> collectionsDue(const QDate& until, int limit = 500) const;
    // Booked appointments on `day` (Japan time), earliest first.
    Result<QList<Application>> appointmentsOn(const QDate& day, int limit = 500) const;

    // Issued cards that expire on or before `until` and whose holder has not been reminded of
    // this expiry yet (a holder still in the register, with no newer application on its way),
    // the earliest expiry first. The reminder window is kRenewalReminderMonths before expiry:
    // renewalsDue(japanToday().addMonths(kRenewalReminderMonths)).
    Result<QList<Application>> renewalsDue(const QDate& until, int limit = 500) const;
    // Records that the holder was reminded (renewal_reminded_at, audited as issuance.remind).
    // Needs Permission::IssueCards; refused for a card that is not issued or was already
    // reminded (issuance.reminded).
    Result<Application> markReminded(qint64 id, const Session& by);

    // The dashboard's figures for the last `weeks` weeks (the current one included).
    Result<IssuanceStats> stats(int weeks = 12) const;

    // Writes the 交付通知書 of a card waiting for its holder (delivered, notice sent or
    // appointment booked) as a PDF at path, with the municipality and the counter from the
    // installation settings; audited as issuance.notice. Needs Permission::IssueCards. Does not
    // change the state: advance to notice_sent once it is sent.
    Result<Application> writeNotice(qint64 id, const QString& path, const Session& by);

private:
    Result<Application> load(qint64 id, bool withHistory) const;
    Result<QList<Application>> select(const QString& where, const QVariantList& params) const;
    Database m_db;
};

} // namespace madoguchi::issuance
