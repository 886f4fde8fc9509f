#include "recovery/ReliefSupplies.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QTimeZone>

namespace madoguchi::recovery {

namespace {

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("supplies.invalid"));
}

Result<disaster::Disaster> resolveDisaster(const Database& db, qint64 id)
{
    disaster::DisasterService s(db);
    return id != 0 ? s.disaster(id) : s.current();
}

QDate japanToday()
{
    return Clock::now().toTimeZone(QTimeZone(9 * 3600)).date();
}

constexpr const char* kItemColumns =
    "i.id, i.disaster_id, i.name, i.unit, i.low_stock, "
    "(SELECT COALESCE(SUM(s.quantity), 0) FROM supply_stock s WHERE s.item_id = i.id)";

SupplyItem itemFromRow(const QSqlQuery& q)
{
    SupplyItem i;
    i.id = q.value(0).toLongLong();
    i.disasterId = q.value(1).toLongLong();
    i.name = q.value(2).toString();
    i.unit = q.value(3).toString();
    i.lowStock = q.value(4).toLongLong();
    i.total = q.value(5).toLongLong();
    return i;
}

constexpr const char* kRequestColumns =
    "id, disaster_id, shelter_id, item_id, quantity, priority, state, from_location, "
    "requested_at";

SupplyRequest requestFromRow(const QSqlQuery& q)
{
    SupplyRequest r;
    r.id = q.value(0).toLongLong();
    r.disasterId = q.value(1).toLongLong();
    r.shelterId = q.value(2).toLongLong();
    r.itemId = q.value(3).toLongLong();
    r.quantity = q.value(4).toLongLong();
    r.priority = q.value(5).toInt();
    r.state = q.value(6).toString();
    r.fromLocation = q.value(7).toString();
    r.requestedAt = QDateTime::fromString(q.value(8).toString(), Qt::ISODateWithMs);
    return r;
}

Status audit(const Database& db, const Session& by, const QString& action, const QString& target,
             const QString& detail)
{
    return AuditLog(db).record(by.login(), action, target, detail);
}

} // namespace

QStringList requestStates()
{
    return {QStringLiteral("requested"), QStringLiteral("committed"), QStringLiteral("sent"),
            QStringLiteral("received")};
}

ReliefSupplies::ReliefSupplies(Database db) : m_db(std::move(db)) {}

Result<SupplyItem> ReliefSupplies::addItem(SupplyItem i, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    i.name = i.name.trimmed();
    if (i.name.isEmpty()) {
        return invalid(QCoreApplication::translate("ReliefSupplies", "an item needs a name"));
    }
    if (i.lowStock < 0) {
        return invalid(QCoreApplication::translate("ReliefSupplies",
                                                   "the low-stock level cannot be negative"));
    }
    auto x = resolveDisaster(m_db, i.disasterId);
    if (!x) {
        return x.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto taken = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM supply_items WHERE disaster_id = ? AND name = ?"),
        {x->id, i.name});
    if (!taken) {
        return taken.error();
    }
    if (taken->toInt() > 0) {
        return invalid(
            QCoreApplication::translate("ReliefSupplies", "the item \"%1\" exists already")
                .arg(i.name));
    }
    if (Status st =
            m_db.run(QStringLiteral("INSERT INTO supply_items (disaster_id, name, unit, "
                                    "low_stock, created_at, created_by) VALUES (?, ?, ?, "
                                    "?, ?, ?)"),
                     {x->id, i.name, i.unit.trimmed(), i.lowStock, Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM supply_items"));
    if (!id) {
        return id.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("supplies.item"), i.name,
                          QString::number(id->toLongLong()));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM supply_items i WHERE i.id = ?")
                           .arg(QLatin1String(kItemColumns)),
                       {id->toLongLong()});
    if (!q) {
        return q.error();
    }
    q->next();
    return itemFromRow(*q);
}

Result<QList<SupplyItem>> ReliefSupplies::items(qint64 disasterId) const
{
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM supply_items i WHERE i.disaster_id = ? "
                                      "ORDER BY i.id")
                           .arg(QLatin1String(kItemColumns)),
                       {x->id});
    if (!q) {
        return q.error();
    }
    QList<SupplyItem> out;
    while (q->next()) {
        out << itemFromRow(*q);
    }
    return out;
}

Result<StockLot> ReliefSupplies::receive(qint64 itemId, const QString& location, qint64 quantity,
                                         const QDate& expiry, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    const QString where = location.trimmed();
    if (where.isEmpty()) {
        return invalid(QCoreApplication::translate("ReliefSupplies", "stock needs its location"));
    }
    if (quantity <= 0) {
        return invalid(
            QCoreApplication::translate("ReliefSupplies", "the quantity must be above 0"));
    }
    auto name = m_db.scalar(QStringLiteral("SELECT name FROM supply_items WHERE id = ?"), {itemId});
    if (!name) {
        return name.error();
    }
    if (!name->isValid()) {
        return Error(QCoreApplication::translate("ReliefSupplies", "no item %1").arg(itemId),
                     QStringLiteral("supplies.notfound"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    const QString expiryText = expiry.isValid() ? expiry.toString(Qt::ISODate) : QString();
    if (Status st = m_db.run(QStringLiteral("INSERT INTO supply_stock (item_id, location, "
                                            "quantity, expiry, received_at, received_by) VALUES "
                                            "(?, ?, ?, ?, ?, ?)"),
                             {itemId, where, quantity, expiryText, Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM supply_stock"));
    if (!id) {
        return id.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("supplies.receive"), name->toString(),
                          QStringLiteral("%1 %2 %3").arg(where).arg(quantity).arg(expiryText));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return StockLot{id->toLongLong(), itemId, where, quantity, expiry};
}

Result<QList<StockLot>> ReliefSupplies::stock(qint64 itemId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT id, item_id, location, quantity, expiry FROM "
                                      "supply_stock WHERE item_id = ? AND quantity > 0 ORDER BY "
                                      "location, CASE WHEN expiry = '' THEN 1 ELSE 0 END, "
                                      "expiry, id"),
                       {itemId});
    if (!q) {
        return q.error();
    }
    QList<StockLot> out;
    while (q->next()) {
        out << StockLot{q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toString(),
                        q->value(3).toLongLong(),
                        QDate::fromString(q->value(4).toString(), Qt::ISODate)};
    }
    return out;
}

Result<qint64> ReliefSupplies::reserved(qint64 itemId, const QString& location,
                                        qint64 exceptRequest) const
{
    auto n = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(quantity), 0) FROM supply_requests "
                                        "WHERE item_id = ? AND from_location = ? AND state = "
                                        "'committed' AND id <> ?"),
                         {itemId, location.trimmed(), exceptRequest});
    if (!n) {
        return n.error();
    }
    return n->toLongLong();
}

Result<qint64> ReliefSupplies::available(qint64 itemId, const QString& location) const
{
    auto n = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(quantity), 0) FROM supply_stock "
                                        "WHERE item_id = ? AND location = ?"),
                         {itemId, location.trimmed()});
    if (!n) {
        return n.error();
    }
    auto held = reserved(itemId, location);
    if (!held) {
        return held.error();
    }
    return n->toLongLong() - *held;
}

Result<SupplyRequest> ReliefSupplies::request(qint64 shelterId, qint64 itemId, qint64 quantity,
                                              int priority, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (quantity <= 0) {
        return invalid(
            QCoreApplication::translate("ReliefSupplies", "the quantity must be above 0"));
    }
    if (priority < 1 || priority > 3) {
        return invalid(QCoreApplication::translate(
            "ReliefSupplies", "the priority is 1 (urgent), 2 (normal) or 3 (low)"));
    }
    auto shelter = disaster::DisasterService(m_db).shelter(shelterId);
    if (!shelter) {
        return shelter.error();
    }
    if (!shelter->open) {
        return invalid(QCoreApplication::translate("ReliefSupplies", "the shelter %1 is closed")
                           .arg(shelter->name));
    }
    auto itemDisaster =
        m_db.scalar(QStringLiteral("SELECT disaster_id FROM supply_items WHERE id = ?"), {itemId});
    if (!itemDisaster) {
        return itemDisaster.error();
    }
    if (!itemDisaster->isValid()) {
        return Error(QCoreApplication::translate("ReliefSupplies", "no item %1").arg(itemId),
                     QStringLiteral("supplies.notfound"));
    }
    if (itemDisaster->toLongLong() != shelter->disasterId) {
        return invalid(QCoreApplication::translate(
            "ReliefSupplies", "the item and the shelter belong to different disasters"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO supply_requests (disaster_id, "
                                            "shelter_id, item_id, quantity, priority, state, "
                                            "from_location, requested_at, requested_by) VALUES "
                                            "(?, ?, ?, ?, ?, 'requested', '', ?, ?)"),
                             {shelter->disasterId, shelterId, itemId, quantity, priority,
                              Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM supply_requests"));
    if (!id) {
        return id.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("supplies.request"), shelter->name,
                          QStringLiteral("%1 item %2 x %3 priority %4")
                              .arg(id->toLongLong())
                              .arg(itemId)
                              .arg(quantity)
                              .arg(priority));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return supplyRequest(id->toLongLong());
}

Result<SupplyRequest> ReliefSupplies::supplyRequest(qint64 id) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM supply_requests WHERE id = ?")
                           .arg(QLatin1String(kRequestColumns)),
                       {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(QCoreApplication::translate("ReliefSupplies", "no supply request %1").arg(id),
                     QStringLiteral("supplies.notfound"));
    }
    return requestFromRow(*q);
}

Result<QList<SupplyRequest>> ReliefSupplies::openRequests(qint64 disasterId) const
{
    auto x = resolveDisaster(m_db, disasterId);
    if (!x) {
        return x.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM supply_requests WHERE disaster_id = ? AND "
                                      "state <> 'received' ORDER BY priority, requested_at, id")
                           .arg(QLatin1String(kRequestColumns)),
                       {x->id});
    if (!q) {
        return q.error();
    }
    QList<SupplyRequest> out;
    while (q->next()) {
        out << requestFromRow(*q);
    }
    return out;
}

namespace {
Error shortOf(qint64 asked, qint64 there, const QString& location)
{
    return Error(
        QCoreApplication::translate("ReliefSupplies", "not enough stock at %1: %2 asked, %3 there")
            .arg(location)
            .arg(asked)
            .arg(there),
        QStringLiteral("supplies.short"));
}
} // namespace

Result<SupplyRequest> ReliefSupplies::commit(qint64 requestId, const QString& location,
                                             const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    const QString where = location.trimmed();
    if (where.isEmpty()) {
        return invalid(
            QCoreApplication::translate("ReliefSupplies", "say where the supplies come from"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto r = supplyRequest(requestId);
    if (!r) {
        return r.error();
    }
    if (r->state != QStringLiteral("requested")) {
        return Error(
            QCoreApplication::translate("ReliefSupplies", "request %1 is %2, not requested")
                .arg(requestId)
                .arg(r->state),
            QStringLiteral("supplies.state"));
    }
    auto there = available(r->itemId, where);
    if (!there) {
        return there.error();
    }
    if (*there < r->quantity) {
        return shortOf(r->quantity, *there, where);
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE supply_requests SET state = 'committed', "
                                            "from_location = ?, updated_at = ?, updated_by = ? "
                                            "WHERE id = ?"),
                             {where, Clock::isoNow(), by.login(), requestId});
        !st) {
        return st.error();
    }
    if (Status st =
            audit(m_db, by, QStringLiteral("supplies.commit"), where, QString::number(requestId));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return supplyRequest(requestId);
}

Result<SupplyRequest> ReliefSupplies::send(qint64 requestId, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto r = supplyRequest(requestId);
    if (!r) {
        return r.error();
    }
    if (r->state != QStringLiteral("committed")) {
        return Error(
            QCoreApplication::translate("ReliefSupplies", "request %1 is %2, not committed")
                .arg(requestId)
                .arg(r->state),
            QStringLiteral("supplies.state"));
    }
    // The lots of the location, earliest expiry first (lots that do not expire last).
    auto q = m_db.exec(QStringLiteral("SELECT id, quantity FROM supply_stock WHERE item_id = ? "
                                      "AND location = ? AND quantity > 0 ORDER BY CASE WHEN "
                                      "expiry = '' THEN 1 ELSE 0 END, expiry, id"),
                       {r->itemId, r->fromLocation});
    if (!q) {
        return q.error();
    }
    QList<QPair<qint64, qint64>> lots;
    qint64 there = 0;
    while (q->next()) {
        lots << qMakePair(q->value(0).toLongLong(), q->value(1).toLongLong());
        there += lots.constLast().second;
    }
    // What the other committed requests of the location hold stays there for them.
    auto held = reserved(r->itemId, r->fromLocation, requestId);
    if (!held) {
        return held.error();
    }
    if (there - *held < r->quantity) {
        return shortOf(r->quantity, there - *held, r->fromLocation);
    }
    qint64 left = r->quantity;
    for (const auto& lot : lots) {
        if (left == 0) {
            break;
        }
        const qint64 take = std::min(left, lot.second);
        if (Status st = m_db.run(QStringLiteral("UPDATE supply_stock SET quantity = quantity - ? "
                                                "WHERE id = ? AND quantity >= ?"),
                                 {take, lot.first, take});
            !st) {
            return st.error();
        }
        left -= take;
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE supply_requests SET state = 'sent', "
                                            "updated_at = ?, updated_by = ? WHERE id = ?"),
                             {Clock::isoNow(), by.login(), requestId});
        !st) {
        return st.error();
    }
    if (Status st =
            audit(m_db, by, QStringLiteral("supplies.send"), r->fromLocation,
                  QStringLiteral("%1 item %2 x %3").arg(requestId).arg(r->itemId).arg(r->quantity));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return supplyRequest(requestId);
}

Result<SupplyRequest> ReliefSupplies::receiveRequest(qint64 requestId, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto r = supplyRequest(requestId);
    if (!r) {
        return r.error();
    }
    if (r->state != QStringLiteral("sent")) {
        return Error(QCoreApplication::translate("ReliefSupplies", "request %1 is %2, not sent")
                         .arg(requestId)
                         .arg(r->state),
                     QStringLiteral("supplies.state"));
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE supply_requests SET state = 'received', "
                                            "updated_at = ?, updated_by = ? WHERE id = ?"),
                             {Clock::isoNow(), by.login(), requestId});
        !st) {
        return st.error();
    }
    if (Status st = audit(m_db, by, QStringLiteral("supplies.received"),
                          QString::number(r->shelterId), QString::number(requestId));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return supplyRequest(requestId);
}

Result<QList<SupplyWarning>> ReliefSupplies::warnings(int expiryWithinDays, qint64 disasterId) const
{
    if (expiryWithinDays < 0) {
        return invalid(
            QCoreApplication::translate("ReliefSupplies", "the number of days cannot be negative"));
    }
    auto list = items(disasterId);
    if (!list) {
        return list.error();
    }
    QList<SupplyWarning> out;
    for (const SupplyItem& i : *list) {
        if (i.total < i.lowStock) {
            SupplyWarning w;
            w.kind = QStringLiteral("low_stock");
            w.itemId = i.id;
            w.item = i.name;
            w.quantity = i.total;
            w.message = QCoreApplication::translate("ReliefSupplies", "%1: %2 %3 left, below %4")
                            .arg(i.name)
                            .arg(i.total)
                            .arg(i.unit)
                            .arg(i.lowStock);
            out << w;
        }
    }
    const QDate limit = japanToday().addDays(expiryWithinDays);
    for (const SupplyItem& i : *list) {
        auto q = m_db.exec(QStringLiteral("SELECT location, quantity, expiry FROM supply_stock "
                                          "WHERE item_id = ? AND quantity > 0 AND expiry <> '' "
                                          "AND expiry <= ? ORDER BY expiry, location"),
                           {i.id, limit.toString(Qt::ISODate)});
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            SupplyWarning w;
            w.kind = QStringLiteral("expiry");
            w.itemId = i.id;
            w.item = i.name;
            w.location = q->value(0).toString();
            w.quantity = q->value(1).toLongLong();
            w.expiry = QDate::fromString(q->value(2).toString(), Qt::ISODate);
            w.message =
                QCoreApplication::translate("ReliefSupplies", "%1 at %2: %3 %4 expire on %5")
                    .arg(i.name, w.location)
                    .arg(w.quantity)
                    .arg(i.unit, w.expiry.toString(Qt::ISODate));
            out << w;
        }
    }
    return out;
}

} // namespace madoguchi::recovery
