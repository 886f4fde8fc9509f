#pragma once
// Temporary housing (応急仮設住宅) of a disaster: units, applications by household, assignment
// with priority for 要配慮者, move-in and move-out.
//
// An application waits, is assigned a unit, moves in and moves out (or is withdrawn while
// waiting). A unit holds one household at a time: assigning a unit that is assigned or lived
// in is refused (housing.occupied), and the database refuses it too. The waiting list puts
// households with special-care needs (要配慮者, the ledger persons' needs) first, then the
// earlier applications; an accessible unit goes first to a household with an elderly or
// disabled member. Every change needs Permission::ManageDisaster and is audited.

#include "auth/Session.h"
#include "storage/Database.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>

namespace madoguchi::recovery {

QStringList unitTypes();         // prefab wooden leased (みなし仮設)
QStringList applicationStates(); // waiting assigned moved_in moved_out withdrawn

struct HousingUnit
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString site;
    QString type = QStringLiteral("prefab");
    QString size; // 1DK 2DK 3K …
    bool accessible = false;
    qint64 occupiedBy = 0; // the application assigned or living there (computed), 0 when free
};

struct HousingApplication
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString household; // the ledger's household key, or a free household id
    int members = 1;
    QStringList needs; // of the household's ledger persons (computed when applying)
    QString state = QStringLiteral("waiting");
    qint64 unitId = 0;
    QDateTime appliedAt;
    QDate movedInOn;
    QDate movedOutOn;

    bool priority() const { return !needs.isEmpty(); }
    bool wantsAccessible() const;
};

class TemporaryHousing
{
public:
    explicit TemporaryHousing(Database db);

    // u.disasterId 0: the current disaster. Refused (housing.invalid): no site, unknown type.
    Result<HousingUnit> addUnit(HousingUnit u, const Session& by);
    Result<QList<HousingUnit>> units(qint64 disasterId = 0, bool freeOnly = false) const;

    // The needs come from the ledger persons of the household key. Refused: no household,
    // fewer than one member, a household already waiting or housed (housing.duplicate).
    Result<HousingApplication> apply(HousingApplication a, const Session& by);
    Result<HousingApplication> application(qint64 id) const;
    // The waiting list in priority order.
    Result<QList<HousingApplication>> waiting(qint64 disasterId = 0) const;

    // Refused: the unit is taken (housing.occupied), the application is not waiting
    // (housing.state), the unit belongs to another disaster (housing.invalid).
    Result<HousingApplication> assign(qint64 applicationId, qint64 unitId, const Session& by);
    // The first household of the waiting list for the unit (see above); housing.none when
    // nobody waits.
    Result<HousingApplication> assignNext(qint64 unitId, const Session& by);
    Result<HousingApplication> moveIn(qint64 applicationId, const QDate& on, const Session& by);
    // Frees the unit.
    Result<HousingApplication> moveOut(qint64 applicationId, const QDate& on, const Session& by);
    Result<HousingApplication> withdraw(qint64 applicationId, const Session& by);

private:
    Result<HousingApplication> move(qint64 applicationId, const QString& from, const QString& to,
                                    const QDate& on, const Session& by);
    Database m_db;
};

} // namespace madoguchi::recovery
