#pragma once
// The register's service: residents enter it (転入, 出生), change (転居, 世帯変更, 氏名変更, other
// entries), leave it (転出, 死亡 — kept as 除票, never deleted), and every change is a move with
// before/after values, the effective date, the recording time and the operator. A wrong entry is
// corrected (職権修正) as a move of its own with a supervisor's approval; both versions stay.
// Every look at a resident and every change is written to the audit log.

#include "auth/Session.h"
#include "registry/Resident.h"
#include "storage/Database.h"

#include <QHash>
#include <QVariantMap>
#include <optional>

namespace madoguchi {

class KeyStore;

struct NewResident
{
    Resident person;        // names, foreign-resident fields, birth, sex, address, 本籍 …
    QString residentCode;   // empty: a new code is assigned
    QString myNumber;       // optional; stored encrypted
    qint64 householdId = 0; // 0: a new household with this person as 世帯主
};

class RegistryService
{
public:
    explicit RegistryService(Database db);
    ~RegistryService();

    Result<Resident> registerResident(const NewResident& r, MoveKind kind, const QDate& effective,
                                      const QString& reason, const Session& by);
    Result<Resident> relocate(qint64 residentId, const Address& to, const QDate& effective,
                              const Session& by);
    Result<Resident> moveOut(qint64 residentId, const QDate& effective, const QString& destination,
                             const Session& by);
    Result<Resident> recordDeath(qint64 residentId, const QDate& effective, const Session& by);
    Result<Resident> changeName(qint64 residentId, const QString& family, const QString& given,
                                const QString& familyKana, const QString& givenKana,
                                const QDate& effective, const QString& reason, const Session& by);
    // targetHouseholdId 0: the resident starts a household of their own as 世帯主.
    Result<Resident> changeHousehold(qint64 residentId, qint64 targetHouseholdId,
                                     const QString& relationship, const QDate& effective,
                                     const Session& by);
    // Other entries: honseki, hittousha, notes, residence_status, residence_period,
    // residence_expiry, residence_card_no, common_name, common_name_kana.
    Result<Resident> updateDetails(qint64 residentId, const QVariantMap& fields,
                                   const QDate& effective, const QString& reason,
                                   const Session& by);
    // 職権修正: corrects what a move recorded. `fields` are columns of that move with their right
    // values. The approver must hold Permission::ApproveCorrections and be another person.
    Result<Move> correct(qint64 moveId, const QVariantMap& fields, const QString& reason,
                         const Session& clerk, const Session& approver);

    // A change another workstation made, as central relays it: applied with central's version
    // and without an outbox entry of its own; the move names its origin ("central:TERMINAL/
    // OPERATOR"). The caller decides whether the change is newer than the record.
    Result<Resident> applyFromCentral(const QString& residentCode, MoveKind kind,
                                      const QVariantMap& after, const QDate& effective, int version,
                                      const QString& origin);

    Status setMyNumber(qint64 residentId, const QString& myNumber, const Session& by);
    // The full number, for roles allowed to see it; the reason is recorded.
    Result<QString> revealMyNumber(qint64 residentId, const QString& reason, const Session& by);
    Result<std::optional<Resident>> findByMyNumber(const QString& myNumber, const Session& by);
    // Whether `myNumber` (read from the holder's card at hand-over) is the one the register holds
    // for the resident. Shows nothing of the register's number, so a card issuer may ask
    // (Permission::IssueCards); audited with the masked number.
    Result<bool> myNumberMatches(qint64 residentId, const QString& myNumber, const Session& by);
    Status setDvSupport(qint64 residentId, bool on, const QString& note, const Session& by);

    // A look at a resident: audited with its purpose.
    Result<Resident> view(qint64 residentId, const QString& purpose, const Session& by);
    Result<QList<Resident>> householdMembers(qint64 householdId, const Session& by);
    Result<QList<Move>> history(qint64 residentId, const Session& by);

    // Unaudited reads for the services themselves (search results, documents, exports).
    Result<Resident> load(qint64 residentId) const;
    Result<QList<Resident>> loadMany(const QList<qint64>& ids) const;
    Result<std::optional<Resident>> findByCode(const QString& residentCode) const;

    // The printed address: 神奈川県鎌倉市御成町1丁目2番3号 ハイツ101.
    QString addressDisplay(const Address& a) const;
    Result<QString> newResidentCode() const;
    static Status validateAddress(const Address& a);

private:
    struct Remote
    {
        int version = 0;
        QString origin;
    };
    Result<Resident> change(qint64 residentId, MoveKind kind, const QVariantMap& columns,
                            const QDate& effective, const QString& reason, const Session& by,
                            qint64 correctsMoveId = 0, const QString& approvedBy = {},
                            const Remote* remote = nullptr);
    Status writeSearchKeys(const Resident& r);
    Result<KeyStore*> keys();
    Result<qint64> createHousehold();

    Database m_db;
    std::unique_ptr<KeyStore> m_keys;
    mutable QHash<QString, QString> m_placeNames;
};

} // namespace madoguchi
