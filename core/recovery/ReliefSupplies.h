#pragma once
// Relief supplies (緊急物資) of a disaster: items, stock per location in lots (quantity and
// expiry), requests from shelters (priority; requested → committed → sent → received) and
// their distribution.
//
// Stock never goes negative: sending a request takes it from the location's lots, earliest
// expiry first, and is refused with the reason (supplies.short: what is asked, what is there)
// when there is not enough; nothing is taken then. Committing reserves: what a committed (not
// yet sent) request holds at its location is not available to another commit or send there,
// and sending a committed request takes what it held.
// Warnings: an item whose stock (all locations) is below its low-stock level, and lots that
// expire within the days asked (or have expired). Every change needs
// Permission::ManageDisaster and is audited.

#include "auth/Session.h"
#include "storage/Database.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>

namespace madoguchi::recovery {

QStringList requestStates(); // requested committed sent received

struct SupplyItem
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString name;
    QString unit = QStringLiteral("個");
    qint64 lowStock = 0; // a warning below this total
    qint64 total = 0;    // all locations (computed)
};

struct StockLot
{
    qint64 id = 0;
    qint64 itemId = 0;
    QString location;
    qint64 quantity = 0;
    QDate expiry; // invalid: does not expire
};

struct SupplyRequest
{
    qint64 id = 0;
    qint64 disasterId = 0;
    qint64 shelterId = 0;
    qint64 itemId = 0;
    qint64 quantity = 0;
    int priority = 2; // 1 urgent, 2 normal, 3 low
    QString state = QStringLiteral("requested");
    QString fromLocation; // where it is sent from (set when committed)
    QDateTime requestedAt;
};

struct SupplyWarning
{
    QString kind; // low_stock / expiry
    qint64 itemId = 0;
    QString item;
    QString location; // expiry only
    qint64 quantity = 0;
    QDate expiry;    // expiry only
    QString message; // for people
};

class ReliefSupplies
{
public:
    explicit ReliefSupplies(Database db);

    // i.disasterId 0: the current disaster. Refused (supplies.invalid): no name, a negative
    // low-stock level, the same name twice in a disaster.
    Result<SupplyItem> addItem(SupplyItem i, const Session& by);
    Result<QList<SupplyItem>> items(qint64 disasterId = 0) const;
    // A lot received at a location; quantity above 0.
    Result<StockLot> receive(qint64 itemId, const QString& location, qint64 quantity,
                             const QDate& expiry, const Session& by);
    Result<QList<StockLot>> stock(qint64 itemId) const;
    // The lots' quantity at the location less what committed requests hold there.
    Result<qint64> available(qint64 itemId, const QString& location) const;
    // What the committed (not yet sent) requests hold at the location, but `exceptRequest`.
    Result<qint64> reserved(qint64 itemId, const QString& location, qint64 exceptRequest = 0) const;

    // From an open shelter of the item's disaster; quantity above 0, priority 1–3.
    Result<SupplyRequest> request(qint64 shelterId, qint64 itemId, qint64 quantity, int priority,
                                  const Session& by);
    Result<SupplyRequest> supplyRequest(qint64 id) const;
    // Open requests (not received), most urgent first, then the oldest.
    Result<QList<SupplyRequest>> openRequests(qint64 disasterId = 0) const;
    // requested → committed: the stock available at `location` covers it (else supplies.short)
    // and is held for it from now on.
    Result<SupplyRequest> commit(qint64 requestId, const QString& location, const Session& by);
    // committed → sent: the stock is taken (else supplies.short, nothing taken).
    Result<SupplyRequest> send(qint64 requestId, const Session& by);
    // sent → received.
    Result<SupplyRequest> receiveRequest(qint64 requestId, const Session& by);

    Result<QList<SupplyWarning>> warnings(int expiryWithinDays, qint64 disasterId = 0) const;

private:
    Database m_db;
};

} // namespace madoguchi::recovery
