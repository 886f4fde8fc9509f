#include "recovery/SupportPayments.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QSet>
#include <QTimeZone>

namespace madoguchi::recovery {

namespace {

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("relief.invalid"));
}

QDate japanToday()
{
    return Clock::now().toTimeZone(QTimeZone(9 * 3600)).date();
}

QDate dateOf(const QVariant& v)
{
    return QDate::fromString(v.toString(), Qt::ISODate);
}

constexpr const char* kColumns =
    "id, disaster_id, household, part, grade, rebuild, members, amount, state, applied_on, "
    "deadline, reason, updated_at, updated_by";

Payment fromRow(const QSqlQuery& q)
{
    Payment p;
    p.id = q.value(0).toLongLong();
    p.disasterId = q.value(1).toLongLong();
    p.household = q.value(2).toString();
    p.part = q.value(3).toString();
    p.grade = q.value(4).toString();
    p.rebuild = q.value(5).toString();
    p.members = q.value(6).toInt();
    p.amount = q.value(7).toLongLong();
    p.state = q.value(8).toString();
    p.appliedOn = dateOf(q.value(9));
    p.deadline = dateOf(q.value(10));
    p.reason = q.value(11).toString();
    p.updatedAt = QDateTime::fromString(q.value(12).toString(), Qt::ISODateWithMs);
    p.updatedBy = q.value(13).toString();
    return p;
}

Result<disaster::Disaster> resolveDisaster(const Database& db, qint64 id)
{
    disaster::DisasterService s(db);
    return id != 0 ? s.disaster(id) : s.current();
}

} // namespace

QStringList paymentGrades()
{
    return {QStringLiteral("zenkai"), QStringLiteral("daikibo"),   QStringLiteral("chukibo"),
            QStringLiteral("hankai"), QStringLiteral("junhankai"), QStringLiteral("ichibu"),
            QStringLiteral("kaitai"), QStringLiteral("chouki")};
}

QString gradeDisplay(const QString& grade)
{
    static const QMap<QString, QString> names = {
        {QStringLiteral("zenkai"), QStringLiteral("全壊")},
        {QStringLiteral("daikibo"), QStringLiteral("大規模半壊")},
        {QStringLiteral("chukibo"), QStringLiteral("中規模半壊")},
        {QStringLiteral("hankai"), QStringLiteral("半壊")},
        {QStringLiteral("junhankai"), QStringLiteral("準半壊")},
        {QStringLiteral("ichibu"), QStringLiteral("準半壊に至らない（一部損壊）")},
        {QStringLiteral("kaitai"), QStringLiteral("解体")},
        {QStringLiteral("chouki"), QStringLiteral("長期避難")}};
    return names.value(grade, grade);
}

QStringList rebuildWays()
{
    return {QStringLiteral("build"), QStringLiteral("repair"), QStringLiteral("rent")};
}

QString rebuildDisplay(const QString& way)
{
    static const QMap<QString, QString> names = {
        {QStringLiteral("build"), QStringLiteral("建設・購入")},
        {QStringLiteral("repair"), QStringLiteral("補修")},
        {QStringLiteral("rent"), QStringLiteral("賃借")}};
    return names.value(way, way);
}

QStringList paymentStates()
{
    return {QStringLiteral("applied"), QStringLiteral("review"), QStringLiteral("paid"),
            QStringLiteral("rejected")};
}

QString paymentStateDisplay(const QString& state)
{
    static const QMap<QString, QString> names = {
        {QStringLiteral("applied"), QStringLiteral("申請")},
        {QStringLiteral("review"), QStringLiteral("審査")},
        {QStringLiteral("paid"), QStringLiteral("支給済")},
        {QStringLiteral("rejected"), QStringLiteral("却下")}};
    return names.value(state, state);
}

QStringList amountKeys()
{
    return {QStringLiteral("basic.zenkai"),     QStringLiteral("basic.kaitai"),
            QStringLiteral("basic.chouki"),     QStringLiteral("basic.daikibo"),
            QStringLiteral("additional.build"), QStringLiteral("additional.repair"),
            QStringLiteral("additional.rent")};
}

SupportPayments::SupportPayments(Database db) : m_db(std::move(db)) {}

Result<QMap<QString, qint64>> SupportPayments::amounts() const
{
    auto q = m_db.exec(QStringLiteral("SELECT key, amount FROM relief_payment_amounts"));
    if (!q) {
        return q.error();
    }
    QMap<QString, qint64> out;
    while (q->next()) {
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    }
    return out;
}

Status SupportPayments::setAmount(const QString& key, qint64 yen, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st;
    }
    if (!amountKeys().contains(key)) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "unknown amount \"%1\" (use %2)")
                .arg(key, amountKeys().join(QStringLiteral(", "))));
    }
    if (yen < 0) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "an amount cannot be negative"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto old = m_db.scalar(
        QStringLiteral("SELECT amount FROM relief_payment_amounts WHERE key = ?"), {key});
    if (!old) {
        return old.error();
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE relief_payment_amounts SET amount = ?, "
                                            "updated_at = ?, updated_by = ? WHERE key = ?"),
                             {yen, Clock::isoNow(), by.login(), key});
        !st) {
        return st;
    }
    if (Status st =
            AuditLog(m_db).record(by.login(), QStringLiteral("relief.amount"), key,
                                  QStringLiteral("%1 -> %2").arg(old->toLongLong()).arg(yen));
        !st) {
        return st;
    }
    return tx.commit();
}

Result<qint64> SupportPayments::amountFor(const QString& part, const QString& grade,
                                          const QString& rebuild, int members) const
{
    if (!paymentGrades().contains(grade)) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "unknown damage grade \"%1\" (use %2)")
                .arg(grade, paymentGrades().join(QStringLiteral(", "))));
    }
    if (members < 1) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "a household has at least one member"));
    }
    auto table = amounts();
    if (!table) {
        return table.error();
    }
    qint64 yen = 0;
    if (part == QStringLiteral("basic")) {
        if (grade == QStringLiteral("chukibo")) {
            return invalid(QCoreApplication::translate(
                "SupportPayments", "中規模半壊 gets no basic support, only the additional part"));
        }
        const QString key = QStringLiteral("basic.") + grade;
        if (!table->contains(key)) {
            return invalid(QCoreApplication::translate(
                               "SupportPayments", "the damage grade %1 gets no support payment")
                               .arg(gradeDisplay(grade)));
        }
        yen = table->value(key);
    } else if (part == QStringLiteral("additional")) {
        if (!rebuildWays().contains(rebuild)) {
            return invalid(
                QCoreApplication::translate(
                    "SupportPayments", "the additional part needs the way of rebuilding (use %1)")
                    .arg(rebuildWays().join(QStringLiteral(", "))));
        }
        const bool halved = grade == QStringLiteral("chukibo");
        if (!halved && !table->contains(QStringLiteral("basic.") + grade)) {
            return invalid(QCoreApplication::translate(
                               "SupportPayments", "the damage grade %1 gets no support payment")
                               .arg(gradeDisplay(grade)));
        }
        yen = table->value(QStringLiteral("additional.") + rebuild);
        if (halved) {
            yen /= 2;
        }
    } else {
        return invalid(QCoreApplication::translate("SupportPayments",
                                                   "unknown part \"%1\" (use basic or additional)")
                           .arg(part));
    }
    if (members == 1) {
        yen = yen * 3 / 4;
    }
    return yen;
}

QDate SupportPayments::basicDeadline(const QDate& disasterDate)
{
    return disasterDate.addMonths(13);
}

QDate SupportPayments::additionalDeadline(const QDate& disasterDate)
{
    return disasterDate.addMonths(37);
}

Result<Payment> SupportPayments::apply(Payment p, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    p.household = p.household.trimmed();
    if (p.household.isEmpty()) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "a payment needs the household"));
    }
    if (p.part != QStringLiteral("additional")) {
        p.rebuild.clear();
    }
    auto x = resolveDisaster(m_db, p.disasterId);
    if (!x) {
        return x.error();
    }
    auto yen = amountFor(p.part, p.grade, p.rebuild, p.members);
    if (!yen) {
        return yen.error();
    }
    const QDate today = japanToday();
    const QDate deadline = p.part == QStringLiteral("basic") ? basicDeadline(x->occurredOn)
                                                             : additionalDeadline(x->occurredOn);
    if (today > deadline) {
        return Error(
            QCoreApplication::translate("SupportPayments", "the deadline for this part was %1")
                .arg(deadline.toString(Qt::ISODate)),
            QStringLiteral("relief.deadline"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto taken = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM relief_payments WHERE "
                                            "disaster_id = ? AND household = ? AND part = ? AND "
                                            "state <> 'rejected'"),
                             {x->id, p.household, p.part});
    if (!taken) {
        return taken.error();
    }
    if (taken->toInt() > 0) {
        return Error(QCoreApplication::translate("SupportPayments",
                                                 "household %1 has already applied for this part")
                         .arg(p.household),
                     QStringLiteral("relief.duplicate"));
    }
    const QString now = Clock::isoNow();
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO relief_payments (disaster_id, household, part, grade, "
                           "rebuild, members, amount, state, applied_on, deadline, reason, "
                           "created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, "
                           "?, ?, ?, 'applied', ?, ?, '', ?, ?, ?, ?)"),
            {x->id, p.household, p.part, p.grade, p.rebuild, p.members, *yen,
             today.toString(Qt::ISODate), deadline.toString(Qt::ISODate), now, by.login(), now,
             by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM relief_payments"));
    if (!id) {
        return id.error();
    }
    if (Status st =
            AuditLog(m_db).record(by.login(), QStringLiteral("relief.payment.apply"), p.household,
                                  QStringLiteral("%1 %2 %3 %4 %5")
                                      .arg(id->toLongLong())
                                      .arg(p.part, p.grade, p.rebuild)
                                      .arg(*yen));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return payment(id->toLongLong());
}

Result<Payment> SupportPayments::advance(qint64 id, const QString& to, const Session& by,
                                         const QString& reason)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (!paymentStates().contains(to)) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "unknown state \"%1\" (use %2)")
                .arg(to, paymentStates().join(QStringLiteral(", "))));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto p = payment(id);
    if (!p) {
        return p.error();
    }
    static const QMap<QString, QStringList> legal = {
        {QStringLiteral("applied"), {QStringLiteral("review"), QStringLiteral("rejected")}},
        {QStringLiteral("review"), {QStringLiteral("paid"), QStringLiteral("rejected")}}};
    if (!legal.value(p->state).contains(to)) {
        return Error(QCoreApplication::translate("SupportPayments",
                                                 "a payment in state %1 cannot move to %2")
                         .arg(paymentStateDisplay(p->state), paymentStateDisplay(to)),
                     QStringLiteral("relief.state"));
    }
    const QString why = reason.trimmed();
    if (to == QStringLiteral("rejected") && why.isEmpty()) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "a rejection needs the reason"));
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE relief_payments SET state = ?, reason = ?, "
                                            "updated_at = ?, updated_by = ? WHERE id = ?"),
                             {to, why, Clock::isoNow(), by.login(), id});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("relief.payment.") + to, p->household,
            QStringLiteral("%1 %2 -> %3 %4").arg(id).arg(p->state, to, why).trimmed());
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return payment(id);
}

Result<Payment> SupportPayments::payment(qint64 id) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM relief_payments WHERE id = ?").arg(QLatin1String(kColumns)),
        {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(QCoreApplication::translate("SupportPayments", "no payment %1").arg(id),
                     QStringLiteral("relief.notfound"));
    }
    return fromRow(*q);
}

Result<QList<Payment>> SupportPayments::payments(qint64 disasterId, const QString& state) const
{
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    if (!state.isEmpty() && !paymentStates().contains(state)) {
        return invalid(
            QCoreApplication::translate("SupportPayments", "unknown state \"%1\" (use %2)")
                .arg(state, paymentStates().join(QStringLiteral(", "))));
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM relief_payments WHERE disaster_id = ? AND "
                                      "(? = '' OR state = ?) ORDER BY id")
                           .arg(QLatin1String(kColumns)),
                       {x->id, state, state});
    if (!q) {
        return q.error();
    }
    QList<Payment> out;
    while (q->next()) {
        out << fromRow(*q);
    }
    return out;
}

Result<QMap<QString, int>> SupportPayments::countsByState(qint64 disasterId) const
{
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT state, COUNT(*) FROM relief_payments WHERE "
                                      "disaster_id = ? GROUP BY state"),
                       {x->id});
    if (!q) {
        return q.error();
    }
    QMap<QString, int> out;
    for (const QString& s : paymentStates()) {
        out.insert(s, 0);
    }
    while (q->next()) {
        out.insert(q->value(0).toString(), q->value(1).toInt());
    }
    return out;
}

Result<QList<DueItem>> SupportPayments::dueSoon(int withinDays, qint64 disasterId) const
{
    if (withinDays < 0) {
        return invalid(QCoreApplication::translate("SupportPayments",
                                                   "the number of days cannot be negative"));
    }
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    const QDate today = japanToday();
    const QDate basic = basicDeadline(x->occurredOn);
    const QDate additional = additionalDeadline(x->occurredOn);
    // Who applied for what (rejected applications do not count: the household may apply again).
    auto q = m_db.exec(QStringLiteral("SELECT household, part FROM relief_payments WHERE "
                                      "disaster_id = ? AND state <> 'rejected'"),
                       {x->id});
    if (!q) {
        return q.error();
    }
    QSet<QString> withBasic;
    QSet<QString> withAdditional;
    while (q->next()) {
        (q->value(1).toString() == QStringLiteral("basic") ? withBasic : withAdditional)
            .insert(q->value(0).toString());
    }
    QList<DueItem> out;
    auto due = [&](const QDate& deadline) {
        return today <= deadline && today.daysTo(deadline) <= withinDays;
    };
    if (due(basic)) {
        auto h = m_db.exec(QStringLiteral("SELECT DISTINCT household_key FROM ledger_persons "
                                          "WHERE disaster_id = ? AND household_key <> '' AND "
                                          "merged_into IS NULL ORDER BY household_key"),
                           {x->id});
        if (!h) {
            return h.error();
        }
        while (h->next()) {
            const QString household = h->value(0).toString();
            if (!withBasic.contains(household)) {
                out << DueItem{household, QStringLiteral("basic"), basic, int(today.daysTo(basic))};
            }
        }
    }
    if (due(additional)) {
        QStringList households(withBasic.begin(), withBasic.end());
        households.sort();
        for (const QString& household : households) {
            if (!withAdditional.contains(household)) {
                out << DueItem{household, QStringLiteral("additional"), additional,
                               int(today.daysTo(additional))};
            }
        }
    }
    return out;
}

} // namespace madoguchi::recovery
