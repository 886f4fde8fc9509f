#pragma once
// The ledger across workstations. Shelter laptops, headquarters and central each hold a copy of
// a disaster's ledger; every change made here travels through the sync outbox (and, with no
// network at all, the transport file) and is applied on the other workstations.
//
// Each record (disaster, shelter, person, stay) has a global uid and travels whole, with the
// time and origin at which each of its fields was last set ("2026-11-26T09:00:00.000Z|terminal").
// A workstation takes a field from an incoming record only when it was set later than its own
// copy (ties go to the greater origin), so copies that receive the same changes end up equal
// whatever order the changes arrive in, and applying a change twice changes nothing. Two
// shelters editing different fields of one person both keep their edits; the same field: the
// later edit wins, and the earlier one stays in the audit log.
//
// A disaster's uid is its code (date and type: 2026-11-26-earthquake), so two shelters that open
// the same disaster while cut off from each other are one disaster once they sync. Shelters,
// persons and stays get DOMAIN/kind.UUID.
//
// The contact fields travel in clear to central (over the signed, TLS-protected sync) and are
// sealed again with the receiving installation's key; in the outbox they are sealed at rest.

#include "storage/Database.h"

#include <QJsonObject>
#include <memory>
#include <optional>

namespace madoguchi {
class KeyStore;
}

namespace madoguchi::disaster {

// A ledger person's contact fields, sealed at rest with the installation key, bound to the
// person's uid.
struct ContactFields
{
    QString registeredAddress;
    QString whereabouts;
    QString phone;
    QString allergies;
    bool isEmpty() const
    {
        return registeredAddress.isEmpty() && whereabouts.isEmpty() && phone.isEmpty() &&
               allergies.isEmpty();
    }
};
Result<QString> sealContact(const KeyStore& keys, const ContactFields& c, const QString& uid);
Result<ContactFields> unsealContact(const KeyStore& keys, const QString& sealed,
                                    const QString& uid);

enum class Entity { Disaster, Shelter, Person, Stay };

class LedgerSync
{
public:
    explicit LedgerSync(Database db);
    ~LedgerSync();

    static QString kindOf(Entity e); // disaster.event, disaster.shelter, disaster.person, …
    static std::optional<Entity> entityOfKind(const QString& kind);
    static bool isLedgerKind(const QString& kind);

    // The record's replicated fields (references as uids, contact fields in clear); an empty
    // object when there is no such record.
    Result<QJsonObject> snapshot(Entity e, qint64 id) const;

    // Inside the caller's transaction, after a change made here: the fields that differ from
    // `before` (empty for a new record) are stamped now and the record is queued for central.
    Status publish(Entity e, qint64 id, const QJsonObject& before, const QString& operatorLogin);

    // A record from another workstation, as pulled or imported: merged field by field into the
    // local copy (created when missing). Returns "applied", "skipped" (nothing newer), or
    // "deferred" with `note` when a record it refers to has not arrived yet.
    Result<QString> apply(const QJsonObject& payload, QString* note = nullptr);

    // Every record of a disaster queued again (a workstation that joins the sync late, or after
    // the outbox was lost): idempotent at the other end.
    Result<int> publishAll(qint64 disasterId, const QString& operatorLogin);

private:
    // `all`: every field is sent, not only those that differ from `before`.
    Status enqueue(Entity e, qint64 id, const QJsonObject& before, const QString& operatorLogin,
                   bool all);
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace madoguchi::disaster
