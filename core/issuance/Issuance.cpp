#include "issuance/Issuance.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "registry/RegistryService.h"
#include "storage/Transaction.h"
#include "sync/Outbox.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QSqlQuery>

#include <QTimeZone>
#include <algorithm>

namespace madoguchi::issuance {

namespace {

struct StateInfo
{
    State state;
    const char* id;
    const char* name;
};

constexpr StateInfo kStates[] = {
    {State::ApplicationReceived, "application_received", "申請受付"},
    {State::ProductionRequested, "production_requested", "作成依頼"},
    {State::Delivered, "delivered", "作成済・到着"},
    {State::NoticeSent, "notice_sent", "交付通知書送付"},
    {State::AppointmentBooked, "appointment_booked", "来庁予約"},
    {State::IdentityVerified, "identity_verified", "本人確認"},
    {State::PinsSet, "pins_set", "暗証番号設定"},
    {State::Issued, "issued", "交付済"},
    {State::Suspended, "suspended", "一時停止"},
    {State::Revoked, "revoked", "廃止"},
    {State::Returned, "returned", "返納"},
    {State::ReissueRequested, "reissue_requested", "再交付申請"},
    {State::RenewalRequested, "renewal_requested", "更新申請"},
    {State::DestroyedUncollected, "destroyed_uncollected", "未交付廃棄"},
};

QDateTime when(const QVariant& v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QTimeZone japanZone()
{
    return QTimeZone(9 * 3600);
}

QDateTime startOfJapanDay(const QDate& day)
{
    return QDateTime(day, QTime(0, 0), japanZone());
}

QString isoUtc(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

constexpr const char* kColumns =
    "id, resident_id, resident_code, state, applied_at, updated_at, delivered_at, issued_at, "
    "expires_on, proxy, version, card_serial, production_id, delegated, notice_sent_at, "
    "appointment_at, renewal_reminded_at";

Application fromRow(const QSqlQuery& q)
{
    Application a;
    a.id = q.value(0).toLongLong();
    a.residentId = q.value(1).toLongLong();
    a.residentCode = q.value(2).toString();
    a.state = fromId(q.value(3).toString()).value_or(State::ApplicationReceived);
    a.appliedAt = when(q.value(4));
    a.updatedAt = when(q.value(5));
    a.deliveredAt = when(q.value(6));
    a.issuedAt = when(q.value(7));
    a.expiresOn = QDate::fromString(q.value(8).toString(), Qt::ISODate);
    a.proxy = q.value(9).toInt() != 0;
    a.version = q.value(10).toInt();
    a.cardSerial = q.value(11).toString();
    a.productionId = q.value(12).toString();
    a.delegated = q.value(13).toInt() != 0;
    a.noticeSentAt = when(q.value(14));
    a.appointmentAt = when(q.value(15));
    a.renewalRemindedAt = when(q.value(16));
    return a;
}

Error illegal(State from, State to)
{
    QStringList allowed;
    for (State s : nextStates(from)) {
        allowed << id(s);
    }
    return Error(
        QCoreApplication::translate("Issuance", "a card cannot go from %1 to %2 (from %1: %3)")
            .arg(id(from), id(to),
                 allowed.isEmpty() ? QCoreApplication::translate("Issuance", "nothing, it has "
                                                                             "ended")
                                   : allowed.join(QStringLiteral(", "))),
        QStringLiteral("issuance.illegal"));
}

} // namespace

QString id(State s)
{
    for (const StateInfo& i : kStates) {
        if (i.state == s) {
            return QString::fromLatin1(i.id);
        }
    }
    return {};
}

std::optional<State> fromId(const QString& text)
{
    for (const StateInfo& i : kStates) {
        if (text == QLatin1String(i.id)) {
            return i.state;
        }
    }
    return std::nullopt;
}

QString displayName(State s)
{
    for (const StateInfo& i : kStates) {
        if (i.state == s) {
            return QString::fromUtf8(i.name);
        }
    }
    return {};
}

QList<State> allStates()
{
    QList<State> out;
    for (const StateInfo& i : kStates) {
        out << i.state;
    }
    return out;
}

QList<State> nextStates(State from)
{
    switch (from) {
    case State::ApplicationReceived:
        return {State::ProductionRequested, State::Revoked};
    case State::ProductionRequested:
        return {State::Delivered, State::Revoked};
    case State::Delivered:
        return {State::NoticeSent, State::DestroyedUncollected};
    case State::NoticeSent:
        return {State::AppointmentBooked, State::IdentityVerified, State::DestroyedUncollected};
    case State::AppointmentBooked:
        return {State::IdentityVerified, State::NoticeSent, State::DestroyedUncollected};
    case State::IdentityVerified:
        return {State::PinsSet};
    case State::PinsSet:
        return {State::Issued};
    case State::Issued:
        return {State::Suspended, State::Revoked, State::Returned, State::ReissueRequested,
                State::RenewalRequested};
    case State::Suspended:
        return {State::Issued, State::Revoked, State::ReissueRequested};
    case State::ReissueRequested:
    case State::RenewalRequested:
        return {State::ProductionRequested};
    case State::Revoked:
    case State::Returned:
    case State::DestroyedUncollected:
        return {};
    }
    return {};
}

bool isFinal(State s)
{
    return nextStates(s).isEmpty();
}

QDate collectionDeadline(const QDateTime& deliveredAt)
{
    return deliveredAt.isValid() ? deliveredAt.toTimeZone(japanZone()).date().addDays(kHoldingDays)
                                 : QDate();
}

QDate japanToday()
{
    return Clock::now().toTimeZone(japanZone()).date();
}

QDate cardValidUntil(const QDate& issued, const QDate& birth)
{
    auto birthdayIn = [&](int y) {
        const QDate d(y, birth.month(), birth.day());
        return d.isValid() ? d : QDate(y, 2, 28);
    };
    int age = issued.year() - birth.year();
    if (birthdayIn(issued.year()) > issued) {
        --age;
    }
    const int count = age < 18 ? 5 : 10;
    int year = issued.year();
    if (birthdayIn(year) <= issued) {
        ++year;
    }
    return birthdayIn(year + count - 1);
}

Result<Application> IssuanceService::load(qint64 appId, bool withHistory) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM card_applications WHERE id = ?")
                           .arg(QLatin1String(kColumns)),
                       {appId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("Issuance", "there is no card application %1").arg(appId),
            QStringLiteral("issuance.not_found"));
    }
    Application a = fromRow(*q);
    q->finish();
    if (withHistory) {
        auto h = m_db.exec(QStringLiteral("SELECT from_state, to_state, at, operator, reason FROM "
                                          "card_application_history WHERE application_id = ? "
                                          "ORDER BY id"),
                           {appId});
        if (!h) {
            return h.error();
        }
        while (h->next()) {
            a.history.append({h->value(0).toString(), h->value(1).toString(), when(h->value(2)),
                              h->value(3).toString(), h->value(4).toString()});
        }
    }
    return a;
}

Result<Application> IssuanceService::get(qint64 appId) const
{
    return load(appId, true);
}

Result<QList<Application>> IssuanceService::select(const QString& where,
                                                   const QVariantList& params) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM card_applications %2").arg(QLatin1String(kColumns), where),
        params);
    if (!q) {
        return q.error();
    }
    QList<Application> out;
    while (q->next()) {
        out << fromRow(*q);
    }
    return out;
}

Result<QList<Application>> IssuanceService::list(std::optional<State> state, int limit) const
{
    return state ? select(QStringLiteral("WHERE state = ? ORDER BY updated_at DESC, id DESC "
                                         "LIMIT ?"),
                          {id(*state), limit})
                 : select(QStringLiteral("ORDER BY updated_at DESC, id DESC LIMIT ?"), {limit});
}

Result<QList<Application>> IssuanceService::collectionsDue(const QDate& until, int limit) const
{
    // deadline = delivery date (JST) + kHoldingDays <= until
    //   <=> delivered before the start of (until - kHoldingDays + 1) in Japan time.
    const QString bound = isoUtc(startOfJapanDay(until.addDays(1 - kHoldingDays)));
    return select(QStringLiteral("WHERE state IN ('delivered', 'notice_sent', "
                                 "'appointment_booked') AND delivered_at IS NOT NULL AND "
                                 "delivered_at < ? ORDER BY delivered_at, id LIMIT ?"),
                  {bound, limit});
}

Result<QList<Application>> IssuanceService::appointmentsOn(const QDate& day, int limit) const
{
    return select(QStringLiteral("WHERE state = 'appointment_booked' AND appointment_at >= ? AND "
                                 "appointment_at < ? ORDER BY appointment_at, id LIMIT ?"),
                  {isoUtc(startOfJapanDay(day)), isoUtc(startOfJapanDay(day.addDays(1))), limit});
}

Result<QList<Application>> IssuanceService::renewalsDue(const QDate& until, int limit) const
{
    return select(
        QStringLiteral(
            "WHERE state = 'issued' AND expires_on IS NOT NULL AND expires_on <> '' AND "
            "expires_on <= ? AND renewal_reminded_at IS NULL AND EXISTS (SELECT 1 FROM residents "
            "r WHERE r.id = card_applications.resident_id AND r.status = 'current') AND NOT "
            "EXISTS (SELECT 1 FROM card_applications n WHERE n.resident_id = "
            "card_applications.resident_id AND n.id > card_applications.id AND n.state NOT IN "
            "('revoked', 'returned', 'destroyed_uncollected')) ORDER BY expires_on, id LIMIT ?"),
        {until.toString(Qt::ISODate), limit});
}

Result<Application> IssuanceService::markReminded(qint64 appId, const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto a = load(appId, false);
    if (!a) {
        return a.error();
    }
    if (a->state != State::Issued || !a->expiresOn.isValid()) {
        return Error(QCoreApplication::translate("Issuance", "application %1 is not an issued "
                                                             "card: there is nothing to renew")
                         .arg(appId),
                     QStringLiteral("issuance.reminded"));
    }
    if (a->renewalRemindedAt.isValid()) {
        return Error(
            QCoreApplication::translate("Issuance", "the holder of card application %1 "
                                                    "was already reminded on %2")
                .arg(appId)
                .arg(a->renewalRemindedAt.toTimeZone(japanZone()).date().toString(Qt::ISODate)),
            QStringLiteral("issuance.reminded"));
    }
    auto q = m_db.exec(QStringLiteral("UPDATE card_applications SET renewal_reminded_at = ?, "
                                      "version = version + 1 WHERE id = ? AND version = ?"),
                       {Clock::isoNow(), appId, a->version});
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() != 1) {
        return Error(QCoreApplication::translate("Issuance", "the application was changed "
                                                             "meanwhile: reload and try again"),
                     QStringLiteral("issuance.conflict"));
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("issuance.remind"), a->residentId, a->residentCode,
            QStringLiteral("%1 expires %2").arg(appId).arg(a->expiresOn.toString(Qt::ISODate)));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return get(appId);
}

Result<IssuanceStats> IssuanceService::stats(int weeks) const
{
    IssuanceStats out;
    weeks = std::clamp(weeks, 1, 520);
    auto counts =
        m_db.exec(QStringLiteral("SELECT state, COUNT(*) FROM card_applications GROUP BY state"));
    if (!counts) {
        return counts.error();
    }
    QHash<QString, int> byId;
    while (counts->next()) {
        byId.insert(counts->value(0).toString(), counts->value(1).toInt());
    }
    counts->finish();
    for (State s : allStates()) {
        out.byState.append({s, byId.value(id(s))});
    }
    const QDate today = japanToday();
    const QDate thisMonday = today.addDays(1 - today.dayOfWeek());
    const QDate first = thisMonday.addDays(-7 * (weeks - 1));
    for (int w = 0; w < weeks; ++w) {
        out.weeks.append({first.addDays(7 * w), 0, 0});
    }
    const QString from = isoUtc(startOfJapanDay(first));
    auto bucket = [&](const QString& column, int WeekCount::*field) -> Status {
        auto q = m_db.exec(QStringLiteral("SELECT %1 FROM card_applications WHERE %1 IS NOT NULL "
                                          "AND %1 >= ?")
                               .arg(column),
                           {from});
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            const QDate day = when(q->value(0)).toTimeZone(japanZone()).date();
            const qint64 w = first.daysTo(day) / 7;
            if (w >= 0 && w < weeks) {
                ++(out.weeks[w].*field);
            }
        }
        return {};
    };
    if (Status st = bucket(QStringLiteral("applied_at"), &WeekCount::applications); !st) {
        return st.error();
    }
    if (Status st = bucket(QStringLiteral("issued_at"), &WeekCount::issued); !st) {
        return st.error();
    }
    return out;
}

Result<Application> IssuanceService::apply(const QString& residentCode, const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    RegistryService registry(m_db);
    auto resident = registry.findByCode(residentCode);
    if (!resident) {
        return resident.error();
    }
    if (!*resident) {
        return Error(QCoreApplication::translate("Issuance", "no resident has the code %1")
                         .arg(residentCode),
                     QStringLiteral("issuance.resident"));
    }
    if ((*resident)->isRemoved()) {
        return Error(QCoreApplication::translate("Issuance", "%1 has left the register (除票): "
                                                             "no card can be applied for")
                         .arg((*resident)->fullName()),
                     QStringLiteral("issuance.removed"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    // One application on its way at a time.
    auto open = m_db.scalar(
        QStringLiteral("SELECT id FROM card_applications WHERE resident_id = ? AND state NOT IN "
                       "('issued', 'suspended', 'revoked', 'returned', 'destroyed_uncollected')"),
        {(*resident)->id});
    if (!open) {
        return open.error();
    }
    if (open->isValid()) {
        return Error(QCoreApplication::translate("Issuance", "%1 already has card application %2 "
                                                             "on its way")
                         .arg((*resident)->fullName())
                         .arg(open->toLongLong()),
                     QStringLiteral("issuance.open"));
    }
    const QString now = Clock::isoNow();
    if (Status st = m_db.run(QStringLiteral("INSERT INTO card_applications (resident_id, "
                                            "resident_code, state, applied_at, updated_at) "
                                            "VALUES (?, ?, 'application_received', ?, ?)"),
                             {(*resident)->id, residentCode, now, now});
        !st) {
        return st.error();
    }
    auto newId = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM card_applications WHERE "
                                            "resident_id = ?"),
                             {(*resident)->id});
    if (!newId) {
        return newId.error();
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO card_application_history "
                                            "(application_id, from_state, to_state, at, "
                                            "operator) VALUES (?, NULL, 'application_received', "
                                            "?, ?)"),
                             {newId->toLongLong(), now, by.login()});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).recordForResident(by.login(), QStringLiteral("issuance.apply"),
                                                     (*resident)->id, residentCode,
                                                     QString::number(newId->toLongLong()));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return get(newId->toLongLong());
}

Result<Application> IssuanceService::advance(qint64 appId, State to, const QString& reason,
                                             const Session& by, bool proxy,
                                             const QDateTime& appointmentAt)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto a = load(appId, false);
    if (!a) {
        return a.error();
    }
    if (!nextStates(a->state).contains(to)) {
        return illegal(a->state, to);
    }
    const QString why = reason.trimmed();
    const bool needsReason = to == State::Suspended || to == State::Revoked ||
                             to == State::Returned || to == State::DestroyedUncollected ||
                             to == State::ReissueRequested || proxy;
    if (needsReason && why.isEmpty()) {
        return Error(
            QCoreApplication::translate("Issuance", "going to %1 needs a reason").arg(id(to)),
            QStringLiteral("issuance.reason"));
    }
    if (proxy && to != State::IdentityVerified) {
        return Error(QCoreApplication::translate("Issuance", "a proxy collection is marked when "
                                                             "the identity is verified"),
                     QStringLiteral("issuance.proxy"));
    }
    const QDateTime now = Clock::now();
    if (to == State::DestroyedUncollected &&
        (!a->deliveredAt.isValid() || a->deliveredAt.addDays(kHoldingDays) > now)) {
        return Error(QCoreApplication::translate("Issuance", "an uncollected card is kept %1 "
                                                             "days after delivery (until %2)")
                         .arg(kHoldingDays)
                         .arg(a->deliveredAt.addDays(kHoldingDays).date().toString(Qt::ISODate)),
                     QStringLiteral("issuance.holding"));
    }
    if (appointmentAt.isValid() && to != State::AppointmentBooked) {
        return Error(QCoreApplication::translate("Issuance", "a date and time is only taken when "
                                                             "an appointment is booked"),
                     QStringLiteral("issuance.appointment"));
    }
    if (to == State::AppointmentBooked) {
        if (!appointmentAt.isValid()) {
            return Error(QCoreApplication::translate("Issuance", "booking an appointment needs "
                                                                 "its date and time"),
                         QStringLiteral("issuance.appointment"));
        }
        // A few minutes' grace for an appointment entered as the holder walks in.
        if (appointmentAt < now.addSecs(-15 * 60)) {
            return Error(QCoreApplication::translate("Issuance", "the appointment (%1) is in the "
                                                                 "past")
                             .arg(appointmentAt.toTimeZone(japanZone())
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                         QStringLiteral("issuance.appointment"));
        }
        const QDate deadline = collectionDeadline(a->deliveredAt);
        if (deadline.isValid() && appointmentAt.toTimeZone(japanZone()).date() > deadline) {
            return Error(QCoreApplication::translate("Issuance", "the appointment (%1) is after "
                                                                 "the collection deadline %2")
                             .arg(appointmentAt.toTimeZone(japanZone())
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                  deadline.toString(Qt::ISODate)),
                         QStringLiteral("issuance.appointment"));
        }
    }
    QStringList sets{QStringLiteral("state = ?"), QStringLiteral("updated_at = ?"),
                     QStringLiteral("version = version + 1")};
    QVariantList values{id(to), now.toString(Qt::ISODateWithMs)};
    if (to == State::Delivered) {
        sets << QStringLiteral("delivered_at = ?");
        values << now.toString(Qt::ISODateWithMs);
    }
    if (to == State::NoticeSent) {
        sets << QStringLiteral("notice_sent_at = ?");
        values << now.toString(Qt::ISODateWithMs);
        if (a->state == State::AppointmentBooked) {
            sets << QStringLiteral("appointment_at = NULL"); // cancelled
        }
    }
    if (to == State::AppointmentBooked) {
        sets << QStringLiteral("appointment_at = ?");
        values << isoUtc(appointmentAt);
    }
    if (proxy) {
        sets << QStringLiteral("proxy = 1");
    }
    RegistryService registry(m_db);
    auto resident = registry.load(a->residentId);
    if (!resident) {
        return resident.error();
    }
    if (to == State::Issued && a->state == State::PinsSet) {
        const QDate today = now.toTimeZone(QTimeZone(9 * 3600)).date();
        sets << QStringLiteral("issued_at = ?") << QStringLiteral("expires_on = ?");
        values << now.toString(Qt::ISODateWithMs)
               << cardValidUntil(today, resident->birthDate).toString(Qt::ISODate);
    }
    values << appId << a->version;
    auto q = m_db.exec(QStringLiteral("UPDATE card_applications SET %1 WHERE id = ? AND version "
                                      "= ?")
                           .arg(sets.join(QStringLiteral(", "))),
                       values);
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() != 1) {
        return Error(QCoreApplication::translate("Issuance", "the application was changed "
                                                             "meanwhile: reload and try again"),
                     QStringLiteral("issuance.conflict"));
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO card_application_history "
                           "(application_id, from_state, to_state, at, "
                           "operator, reason) VALUES (?, ?, ?, ?, ?, ?)"),
            {appId, id(a->state), id(to), now.toString(Qt::ISODateWithMs), by.login(), why});
        !st) {
        return st.error();
    }
    // Central learns of production requests and of everything that changes a card's standing,
    // through the outbox: the step succeeds offline.
    if (to == State::ProductionRequested || to == State::Suspended || to == State::Revoked ||
        to == State::Returned || (to == State::Issued && a->state == State::Suspended)) {
        QJsonObject payload{{QStringLiteral("application"), appId},
                            {QStringLiteral("resident_code"), a->residentCode},
                            {QStringLiteral("from"), id(a->state)},
                            {QStringLiteral("to"), id(to)},
                            {QStringLiteral("reason"), why}};
        if (to == State::ProductionRequested) {
            // What central needs to produce the card: the town that orders it (for delegation)
            // and the items printed on the card and written to its helper application. The My
            // Number is not sent: the outbox and central's change feed keep payloads as text.
            payload.insert(QStringLiteral("lg_code"), resident->address.lgCode);
            // As printed on the card: family and given name with an ideographic space (the
            // alphabet name of a foreign resident who has no name in kanji).
            payload.insert(QStringLiteral("name"),
                           resident->familyName.isEmpty() && !resident->alphaName.isEmpty()
                               ? resident->alphaName
                               : resident->familyName + QChar(0x3000) + resident->givenName);
            payload.insert(QStringLiteral("address"), resident->addressDisplay);
            payload.insert(QStringLiteral("birth_date"), resident->birthDate.toString(Qt::ISODate));
            payload.insert(QStringLiteral("sex"), resident->sex);
        }
        if (Status st = sync::Outbox(m_db).enqueue(QStringLiteral("card.") + id(to),
                                                   QStringLiteral("card:%1").arg(appId), a->version,
                                                   payload, by.login());
            !st) {
            return st.error();
        }
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("issuance.advance"), a->residentId, a->residentCode,
            QStringLiteral("%1 %2→%3%4%5")
                .arg(appId)
                .arg(id(a->state), id(to),
                     to == State::AppointmentBooked ? u' ' + isoUtc(appointmentAt) : QString(),
                     why.isEmpty() ? QString() : u' ' + why));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return get(appId);
}

Result<Application> IssuanceService::applyDelivery(const Delivery& d)
{
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto a = load(d.application, false);
    if (!a) {
        return a.error();
    }
    if (a->state != State::ProductionRequested) {
        return Error(QCoreApplication::translate("Issuance", "card application %1 is %2, not "
                                                             "waiting for production: the "
                                                             "delivered card %3 is not taken")
                         .arg(d.application)
                         .arg(id(a->state), d.cardSerial),
                     QStringLiteral("issuance.illegal"));
    }
    if (d.cardSerial.isEmpty()) {
        return Error(QCoreApplication::translate("Issuance", "the delivery names no card serial"),
                     QStringLiteral("issuance.delivery"));
    }
    const QDateTime delivered = d.deliveredAt.isValid() ? d.deliveredAt : Clock::now();
    const bool notice = d.delegated && d.noticeSentAt.isValid();
    const State to = notice ? State::NoticeSent : State::Delivered;
    const QString now = Clock::isoNow();
    auto q = m_db.exec(
        QStringLiteral("UPDATE card_applications SET state = ?, updated_at = ?, version = version "
                       "+ 1, card_serial = ?, production_id = ?, delivered_at = ?, delegated = ?, "
                       "notice_sent_at = ? WHERE id = ? AND version = ?"),
        {id(to), now, d.cardSerial, d.productionId, delivered.toString(Qt::ISODateWithMs),
         d.delegated ? 1 : 0,
         notice ? QVariant(d.noticeSentAt.toString(Qt::ISODateWithMs))
                : QVariant(QMetaType::fromType<QString>()),
         d.application, a->version});
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() != 1) {
        return Error(QCoreApplication::translate("Issuance", "the application was changed "
                                                             "meanwhile: reload and try again"),
                     QStringLiteral("issuance.conflict"));
    }
    const QString history = QStringLiteral("INSERT INTO card_application_history (application_id, "
                                           "from_state, to_state, at, operator, reason) VALUES "
                                           "(?, ?, ?, ?, ?, ?)");
    if (Status st =
            m_db.run(history, {d.application, id(State::ProductionRequested), id(State::Delivered),
                               delivered.toString(Qt::ISODateWithMs), d.by,
                               QCoreApplication::translate("Issuance", "card %1 produced "
                                                                       "(order %2)")
                                   .arg(d.cardSerial, d.productionId)});
        !st) {
        return st.error();
    }
    if (notice) {
        if (Status st =
                m_db.run(history, {d.application, id(State::Delivered), id(State::NoticeSent),
                                   d.noticeSentAt.toString(Qt::ISODateWithMs), d.by,
                                   QCoreApplication::translate("Issuance", "notice sent by central "
                                                                           "on the town's behalf "
                                                                           "(delegated)")});
            !st) {
            return st.error();
        }
    }
    if (Status st = AuditLog(m_db).recordForResident(
            d.by, QStringLiteral("issuance.delivered"), a->residentId, a->residentCode,
            QStringLiteral("%1 %2→%3 %4 %5%6")
                .arg(d.application)
                .arg(id(State::ProductionRequested), id(to), d.cardSerial, d.productionId,
                     d.delegated ? QStringLiteral(" delegated") : QString()));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return get(d.application);
}

} // namespace madoguchi::issuance
