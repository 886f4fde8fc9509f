#pragma once
// Livelihood-recovery support payments (被災者生活再建支援金) per household of a disaster.
//
// A household applies for the basic part (基礎支援金, by the damage grade) and the additional
// part (加算支援金, by the way the home is rebuilt) separately; each application moves
// 申請 (applied) → 審査 (review) → 支給済 (paid), or to 却下 (rejected, with the reason) from
// 申請 or 審査. No other move is allowed.
//
// The amounts come from the table relief_payment_amounts, which the city updates when the law
// changes (seeded with the law's figures). The amount of an application is fixed when it is
// made: a later change of the table does not touch it.
//   basic:      zenkai, kaitai (解体), chouki (長期避難) 1,000,000; daikibo (大規模半壊) 500,000;
//               chukibo (中規模半壊) none
//   additional: build (建設・購入) 2,000,000; repair (補修) 1,000,000; rent (賃借) 500,000;
//               half of it for chukibo
//   a one-person household: three quarters of everything.
// Deadlines, from the disaster's date: basic 13 months, additional 37 months. Applications
// after the deadline are refused (relief.deadline).
//
// Every change needs Permission::ManageDisaster and is audited.

#include "auth/Session.h"
#include "storage/Database.h"

#include <QDate>
#include <QDateTime>
#include <QMap>
#include <QStringList>

namespace madoguchi::recovery {

// Damage grades as ids: zenkai daikibo chukibo hankai junhankai ichibu, plus kaitai (解体:
// demolished because of the damage) and chouki (長期避難: long-term evacuation) for payments.
QStringList paymentGrades();
QString gradeDisplay(const QString& grade);        // 全壊 大規模半壊 … 解体 長期避難
QStringList rebuildWays();                         // build repair rent
QString rebuildDisplay(const QString& way);        // 建設・購入 補修 賃借
QStringList paymentStates();                       // applied review paid rejected
QString paymentStateDisplay(const QString& state); // 申請 審査 支給済 却下

// The keys of the amount table: basic.zenkai basic.kaitai basic.chouki basic.daikibo
// additional.build additional.repair additional.rent.
QStringList amountKeys();

struct Payment
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString household; // the ledger's household key, or a free household id
    QString part;      // basic / additional
    QString grade;
    QString rebuild; // additional only
    int members = 1;
    qint64 amount = 0; // yen
    QString state = QStringLiteral("applied");
    QDate appliedOn;
    QDate deadline;
    QString reason; // of a rejection
    QDateTime updatedAt;
    QString updatedBy;
};

// A household whose deadline comes within the days asked: no basic application yet (a
// household of the ledger), or a basic one but no additional one.
struct DueItem
{
    QString household;
    QString part;
    QDate deadline;
    int daysLeft = 0;
};

class SupportPayments
{
public:
    explicit SupportPayments(Database db);

    // The amount table: key → yen.
    Result<QMap<QString, qint64>> amounts() const;
    // Refused (relief.invalid) for an unknown key or a negative amount.
    Status setAmount(const QString& key, qint64 yen, const Session& by);

    // What the household would get, from the table now; refused with the reason when the
    // grade gives nothing for that part (relief.invalid).
    Result<qint64> amountFor(const QString& part, const QString& grade, const QString& rebuild,
                             int members) const;

    static QDate basicDeadline(const QDate& disasterDate);      // + 13 months
    static QDate additionalDeadline(const QDate& disasterDate); // + 37 months

    // Applies (today, Japan time) for the disaster (0: the current one). Refused: bad input
    // (relief.invalid), past the deadline (relief.deadline), the household already applied for
    // that part and was not rejected (relief.duplicate).
    Result<Payment> apply(Payment p, const Session& by);
    // to: review, paid or rejected (a reason needed). Illegal moves refused (relief.state).
    Result<Payment> advance(qint64 id, const QString& to, const Session& by,
                            const QString& reason = {});
    Result<Payment> payment(qint64 id) const;
    Result<QList<Payment>> payments(qint64 disasterId = 0, const QString& state = {}) const;
    Result<QMap<QString, int>> countsByState(qint64 disasterId = 0) const;

    Result<QList<DueItem>> dueSoon(int withinDays, qint64 disasterId = 0) const;

private:
    Database m_db;
};

} // namespace madoguchi::recovery
