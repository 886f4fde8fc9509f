#include "recovery/TemporaryHousing.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QSet>
#include <algorithm>

namespace madoguchi::recovery {

namespace {

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("housing.invalid"));
}

Result<disaster::Disaster> resolveDisaster(const Database& db, qint64 id)
{
    disaster::DisasterService s(db);
    return id != 0 ? s.disaster(id) : s.current();
}

// The application assigned to or living in a unit, 0 when free.
constexpr const char* kUnitColumns =
    "u.id, u.disaster_id, u.site, u.type, u.size, u.accessible, "
    "(SELECT MAX(a.id) FROM housing_applications a WHERE a.unit_id = u.id AND a.state IN "
    "('assigned', 'moved_in'))";

HousingUnit unitFromRow(const QSqlQuery& q)
{
    HousingUnit u;
    u.id = q.value(0).toLongLong();
    u.disasterId = q.value(1).toLongLong();
    u.site = q.value(2).toString();
    u.type = q.value(3).toString();
    u.size = q.value(4).toString();
    u.accessible = q.value(5).toInt() != 0;
    u.occupiedBy = q.value(6).toLongLong();
    return u;
}

constexpr const char* kApplicationColumns =
    "id, disaster_id, household, members, needs, state, unit_id, applied_at, moved_in_on, "
    "moved_out_on";

HousingApplication applicationFromRow(const QSqlQuery& q)
{
    HousingApplication a;
    a.id = q.value(0).toLongLong();
    a.disasterId = q.value(1).toLongLong();
    a.household = q.value(2).toString();
    a.members = q.value(3).toInt();
    a.needs = q.value(4).toString().split(u',', Qt::SkipEmptyParts);
    a.state = q.value(5).toString();
    a.unitId = q.value(6).toLongLong();
    a.appliedAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    a.movedInOn = QDate::fromString(q.value(8).toString(), Qt::ISODate);
    a.movedOutOn = QDate::fromString(q.value(9).toString(), Qt::ISODate);
    return a;
}

Status audit(const Database& db, const Session& by, const QString& action, const QString& target,
             const QString& detail)
{
    return AuditLog(db).record(by.login(), action, target, detail);
}

} // namespace

QStringList unitTypes()
{
    return {QStringLiteral("prefab"), QStringLiteral("wooden"), QStringLiteral("leased")};
}

QStringList applicationStates()
{
    return {QStringLiteral("waiting"), QStringLiteral("assigned"), QStringLiteral("moved_in"),
            QStringLiteral("moved_out"), QStringLiteral("withdrawn")};
}

bool HousingApplication::wantsAccessible() const
{
    return needs.contains(QStringLiteral("elderly")) || needs.contains(QStringLiteral("disabled"));
}

TemporaryHousing::TemporaryHousing(Database db) : m_db(std::move(db)) {}

Result<HousingUnit> TemporaryHousing::addUnit(HousingUnit u, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    u.site = u.site.trimmed();
    if (u.site.isEmpty()) {
        return invalid(QCoreApplication::translate("TemporaryHousing", "a unit needs its site"));
    }
    if (!unitTypes().contains(u.type)) {
        return invalid(
            QCoreApplication::translate("TemporaryHousing", "unknown unit type \"%1\" (use %2)")
                .arg(u.type, unitTypes().join(QStringLiteral(", "))));
    }
    auto x = resolveDisaster(m_db, u.disasterId);
    if (!x) {
        return x.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO housing_units (disaster_id, site, type, "
                                            "size, accessible, created_at, created_by) VALUES "
                                            "(?, ?, ?, ?, ?, ?, ?)"),
                             {x->id, u.site, u.type, u.size.trimmed(), u.accessible ? 1 : 0,
                              Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM housing_units"));
    if (!id) {
        return id.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("housing.unit"), u.site,
                          QStringLiteral("%1 %2 %3").arg(id->toLongLong()).arg(u.type, u.size));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM housing_units u WHERE u.id = ?")
                           .arg(QLatin1String(kUnitColumns)),
                       {id->toLongLong()});
    if (!q) {
        return q.error();
    }
    q->next();
    return unitFromRow(*q);
}

Result<QList<HousingUnit>> TemporaryHousing::units(qint64 disasterId, bool freeOnly) const
{
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM housing_units u WHERE u.disaster_id = ? "
                                      "ORDER BY u.id")
                           .arg(QLatin1String(kUnitColumns)),
                       {x->id});
    if (!q) {
        return q.error();
    }
    QList<HousingUnit> out;
    while (q->next()) {
        HousingUnit u = unitFromRow(*q);
        if (!freeOnly || u.occupiedBy == 0) {
            out << u;
        }
    }
    return out;
}

Result<HousingApplication> TemporaryHousing::apply(HousingApplication a, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    a.household = a.household.trimmed();
    if (a.household.isEmpty()) {
        return invalid(
            QCoreApplication::translate("TemporaryHousing", "an application needs the household"));
    }
    if (a.members < 1) {
        return invalid(
            QCoreApplication::translate("TemporaryHousing", "a household has at least one member"));
    }
    auto x = resolveDisaster(m_db, a.disasterId);
    if (!x) {
        return x.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto taken = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM housing_applications WHERE "
                                            "disaster_id = ? AND household = ? AND state IN "
                                            "('waiting', 'assigned', 'moved_in')"),
                             {x->id, a.household});
    if (!taken) {
        return taken.error();
    }
    if (taken->toInt() > 0) {
        return Error(QCoreApplication::translate("TemporaryHousing",
                                                 "household %1 is already waiting or housed")
                         .arg(a.household),
                     QStringLiteral("housing.duplicate"));
    }
    // The needs of the household's persons in the ledger (要配慮者).
    auto q = m_db.exec(QStringLiteral("SELECT needs FROM ledger_persons WHERE disaster_id = ? AND "
                                      "household_key = ? AND merged_into IS NULL"),
                       {x->id, a.household});
    if (!q) {
        return q.error();
    }
    QStringList needs;
    while (q->next()) {
        for (const QString& n : q->value(0).toString().split(u',', Qt::SkipEmptyParts)) {
            if (!needs.contains(n)) {
                needs << n;
            }
        }
    }
    needs.sort();
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO housing_applications (disaster_id, "
                           "household, members, needs, state, applied_at, "
                           "applied_by) VALUES (?, ?, ?, ?, 'waiting', ?, ?)"),
            {x->id, a.household, a.members, needs.join(u','), Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM housing_applications"));
    if (!id) {
        return id.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("housing.apply"), a.household,
                          QStringLiteral("%1 %2").arg(id->toLongLong()).arg(needs.join(u',')));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return application(id->toLongLong());
}

Result<HousingApplication> TemporaryHousing::application(qint64 id) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM housing_applications WHERE id = ?")
                           .arg(QLatin1String(kApplicationColumns)),
                       {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("TemporaryHousing", "no housing application %1").arg(id),
            QStringLiteral("housing.notfound"));
    }
    return applicationFromRow(*q);
}

Result<QList<HousingApplication>> TemporaryHousing::waiting(qint64 disasterId) const
{
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM housing_applications WHERE disaster_id = ? "
                                      "AND state = 'waiting' ORDER BY applied_at, id")
                           .arg(QLatin1String(kApplicationColumns)),
                       {x->id});
    if (!q) {
        return q.error();
    }
    QList<HousingApplication> out;
    while (q->next()) {
        out << applicationFromRow(*q);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const HousingApplication& a, const HousingApplication& b) {
                         return a.priority() && !b.priority();
                     });
    return out;
}

Result<HousingApplication> TemporaryHousing::assign(qint64 applicationId, qint64 unitId,
                                                    const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto a = application(applicationId);
    if (!a) {
        return a.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM housing_units u WHERE u.id = ?")
                           .arg(QLatin1String(kUnitColumns)),
                       {unitId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("TemporaryHousing", "no housing unit %1").arg(unitId),
            QStringLiteral("housing.notfound"));
    }
    const HousingUnit u = unitFromRow(*q);
    if (u.disasterId != a->disasterId) {
        return invalid(QCoreApplication::translate(
            "TemporaryHousing", "the unit and the application belong to different disasters"));
    }
    if (a->state != QStringLiteral("waiting")) {
        return Error(
            QCoreApplication::translate("TemporaryHousing", "application %1 is not waiting (%2)")
                .arg(applicationId)
                .arg(a->state),
            QStringLiteral("housing.state"));
    }
    if (u.occupiedBy != 0) {
        return Error(
            QCoreApplication::translate("TemporaryHousing", "unit %1 at %2 is already assigned")
                .arg(u.id)
                .arg(u.site),
            QStringLiteral("housing.occupied"));
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE housing_applications SET state = 'assigned', "
                                            "unit_id = ?, updated_at = ?, updated_by = ? WHERE "
                                            "id = ?"),
                             {unitId, Clock::isoNow(), by.login(), applicationId});
        !st) {
        return Error(
            QCoreApplication::translate("TemporaryHousing", "unit %1 at %2 is already assigned")
                .arg(u.id)
                .arg(u.site),
            QStringLiteral("housing.occupied"));
    }
    if (Status st = audit(m_db, by, QStringLiteral("housing.assign"), a->household,
                          QStringLiteral("%1 unit %2").arg(applicationId).arg(unitId));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return application(applicationId);
}

Result<HousingApplication> TemporaryHousing::assignNext(qint64 unitId, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    auto disasterId =
        m_db.scalar(QStringLiteral("SELECT disaster_id FROM housing_units WHERE id = ?"), {unitId});
    if (!disasterId) {
        return disasterId.error();
    }
    if (!disasterId->isValid()) {
        return Error(
            QCoreApplication::translate("TemporaryHousing", "no housing unit %1").arg(unitId),
            QStringLiteral("housing.notfound"));
    }
    auto accessible =
        m_db.scalar(QStringLiteral("SELECT accessible FROM housing_units WHERE id = ?"), {unitId});
    if (!accessible) {
        return accessible.error();
    }
    auto queue = waiting(disasterId->toLongLong());
    if (!queue) {
        return queue.error();
    }
    if (queue->isEmpty()) {
        return Error(QCoreApplication::translate("TemporaryHousing",
                                                 "nobody is waiting for temporary housing"),
                     QStringLiteral("housing.none"));
    }
    const HousingApplication* pick = &queue->first();
    if (accessible->toInt() != 0) {
        for (const HousingApplication& a : *queue) {
            if (a.wantsAccessible()) {
                pick = &a;
                break;
            }
        }
    }
    return assign(pick->id, unitId, by);
}

Result<HousingApplication> TemporaryHousing::move(qint64 applicationId, const QString& from,
                                                  const QString& to, const QDate& on,
                                                  const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (to != QStringLiteral("withdrawn") && !on.isValid()) {
        return invalid(QCoreApplication::translate("TemporaryHousing", "a move needs its date"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto a = application(applicationId);
    if (!a) {
        return a.error();
    }
    if (a->state != from) {
        return Error(QCoreApplication::translate("TemporaryHousing", "application %1 is %2, not %3")
                         .arg(applicationId)
                         .arg(a->state, from),
                     QStringLiteral("housing.state"));
    }
    if (to == QStringLiteral("moved_out") && on < a->movedInOn) {
        return invalid(QCoreApplication::translate(
                           "TemporaryHousing", "the move-out date %1 is before the move-in date %2")
                           .arg(on.toString(Qt::ISODate), a->movedInOn.toString(Qt::ISODate)));
    }
    const QString column = to == QStringLiteral("moved_in")    ? QStringLiteral("moved_in_on")
                           : to == QStringLiteral("moved_out") ? QStringLiteral("moved_out_on")
                                                               : QStringLiteral("updated_by");
    QVariantList params = {to, Clock::isoNow(), by.login()};
    QString sql = QStringLiteral("UPDATE housing_applications SET state = ?, updated_at = ?, "
                                 "updated_by = ?");
    if (column != QStringLiteral("updated_by")) {
        sql += QStringLiteral(", %1 = ?").arg(column);
        params << on.toString(Qt::ISODate);
    }
    sql += QStringLiteral(" WHERE id = ?");
    params << applicationId;
    if (Status st = m_db.run(sql, params); !st) {
        return st.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("housing.") + to, a->household,
                          QStringLiteral("%1 %2").arg(applicationId).arg(on.toString(Qt::ISODate)));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return application(applicationId);
}

Result<HousingApplication> TemporaryHousing::moveIn(qint64 applicationId, const QDate& on,
                                                    const Session& by)
{
    return move(applicationId, QStringLiteral("assigned"), QStringLiteral("moved_in"), on, by);
}

Result<HousingApplication> TemporaryHousing::moveOut(qint64 applicationId, const QDate& on,
                                                     const Session& by)
{
    return move(applicationId, QStringLiteral("moved_in"), QStringLiteral("moved_out"), on, by);
}

Result<HousingApplication> TemporaryHousing::withdraw(qint64 applicationId, const Session& by)
{
    return move(applicationId, QStringLiteral("waiting"), QStringLiteral("withdrawn"), {}, by);
}

} // namespace madoguchi::recovery
