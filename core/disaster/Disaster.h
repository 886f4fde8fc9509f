#pragma once
// The disaster victim ledger (被災者台帳, Disaster Countermeasures Basic Act art. 90-3) and the
// shelters (避難所) of a disaster. Everything belongs to one disaster; the "current" disaster is
// the latest one still open. Every change needs Permission::ManageDisaster and is audited.
//
// People under DV protection (a ledger person flagged dv, or linked to a resident with
// DV等支援措置) are never disclosed outward: searchForEnquiry() never returns them, and
// persons()/exportRecords() leave them out for Audience::Outward. Staff views
// (Audience::Staff) show them, marked.
//
// The contact fields (registered address, whereabouts, phone, allergies) are sealed at rest
// with the installation key (crypto/KeyStore), bound to the person's uid. Names, kana and birth
// dates stay readable: the ledger's lists, searches and duplicate detection work on them.

#include "auth/Session.h"
#include "storage/Database.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <optional>

namespace madoguchi::card {
struct CardBasicInfo;
}

namespace madoguchi::disaster {

// Vocabularies, as stored (ids) and shown (Japanese terms of the practice, not translated).
QStringList disasterTypes();  // earthquake flood typhoon landslide tsunami fire other
QStringList shelterKinds();   // 指定避難所 福祉避難所 その他
QStringList safetyStatuses(); // safe injured missing dead unknown
QStringList needKinds();      // elderly disabled pregnant infant foreign_language medical
QStringList stayingKinds();   // shelter car home other
QString safetyDisplay(const QString& status); // 無事 負傷 行方不明 死亡 不明

// A date as a clerk types it (YYYY-MM-DD); refused with disaster.invalid when it does not exist
// (2026-02-30) or is malformed. An empty text is an unknown date (an invalid QDate).
Result<QDate> parseDate(const QString& text);

// The domain of the ledger's global ids (DOMAIN/LOCAL, as PFIF writes them): the setting
// "disaster.domain", else "madoguchi.local".
QString uidDomain(const Database& db);

struct Disaster
{
    qint64 id = 0;
    QString code; // 2026-11-26-earthquake
    QString name;
    QString type;
    QDate occurredOn;
    QStringList affectedAreas; // local-government codes
    QDateTime openedAt;
    QString openedBy;
    QDateTime closedAt;
    bool isOpen() const { return !closedAt.isValid(); }
};

struct Shelter
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString name;
    QString address;
    QString kind = QStringLiteral("指定避難所");
    int capacity = 0;
    bool open = true;
    QString contact;
    int occupancy = 0; // people checked in now (computed)
};

struct Person
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString uid; // DOMAIN/LOCAL
    QString familyName;
    QString givenName;
    QString familyKana;
    QString givenKana;
    QDate birthDate;
    QString sex; // male / female / other / "" (unknown)
    QString registeredAddress;
    QString whereabouts; // 居所
    QString phone;
    qint64 residentId = 0; // linked resident, 0 when none
    QString householdKey;
    QString safety = QStringLiteral("unknown");
    QStringList needs;
    QString allergies;
    QString pets;
    QString staying = QStringLiteral("shelter");
    bool consentShare = false;   // art. 90-4: the ledger may be shared with other bodies
    bool consentEnquiry = false; // safety enquiries (安否情報) may be answered
    bool dv = false;             // flagged on the person itself
    bool dvProtected = false;    // computed: dv, or the linked resident has DV support
    qint64 mergedInto = 0;
    qint64 shelterId = 0; // the open stay's shelter (computed), 0 when none
    QDateTime createdAt;
    QString createdBy;
    QDateTime updatedAt;
    QString updatedBy;
    int version = 1;

    QString fullName() const;
    QString fullKana() const;
};

struct Stay
{
    qint64 id = 0;
    qint64 personId = 0;
    qint64 shelterId = 0;
    QDateTime checkedInAt;
    QDateTime checkedOutAt;
    qint64 transferredTo = 0;
    QString by;
};

struct DayOccupancy
{
    QDate day;                   // Japan time
    QMap<qint64, int> byShelter; // people who stayed in the shelter at some time that day
    int total = 0;
};

struct DuplicatePair
{
    Person a; // the older record
    Person b;
    int score = 0; // 2: same kana (or name) key and birth date; +1 same name; +1 same address
    QStringList reasons;
};

enum class Audience {
    Staff,   // the ledger's own views: everyone, DV-protected persons marked
    Outward, // anything that leaves the office: never a DV-protected person, only with consent
};

class DisasterService
{
public:
    explicit DisasterService(Database db);
    ~DisasterService();

    // ---- disasters
    Result<Disaster> openDisaster(const QString& name, const QString& type, const QDate& occurredOn,
                                  const QStringList& affectedAreas, const Session& by);
    Result<Disaster> closeDisaster(qint64 id, const Session& by);
    Result<QList<Disaster>> disasters() const;
    Result<Disaster> disaster(qint64 id) const;
    // The latest open disaster; disaster.none when there is none.
    Result<Disaster> current() const;

    // ---- shelters (disasterId 0: the current disaster)
    Result<Shelter> addShelter(const Shelter& s, const Session& by);
    // Name, address, kind, capacity, contact. Refused (disaster.capacity) below the occupancy.
    Result<Shelter> updateShelter(const Shelter& s, const Session& by);
    // Closing is refused (disaster.occupied) while people are checked in.
    Result<Shelter> setShelterOpen(qint64 id, bool open, const Session& by);
    Result<Shelter> shelter(qint64 id) const;
    Result<QList<Shelter>> shelters(qint64 disasterId = 0) const;

    // ---- registration (p.disasterId 0: the current disaster). Refused with disaster.invalid
    // and the reason: no family name, a birth date in the future or before 1880, an unknown
    // status, need, sex or staying kind. With shelterId set, the person is checked in too.
    Result<Person> registerPerson(Person p, const Session& by, qint64 shelterId = 0);
    // From the resident register: name, kana, birth date, sex, address; the resident linked.
    // On a laptop without the register, from an imported extract (RegisterExtract): the same
    // fields and the household, flagged dv when the resident has DV support; nothing linked.
    Result<Person> registerResident(const QString& residentCode, const Session& by,
                                    qint64 shelterId = 0, qint64 disasterId = 0);
    // The card's basic information (helper AP) as a ledger person (no kana on a card).
    static Person fromCard(const card::CardBasicInfo& info);

    // Status, needs, whereabouts, phone, allergies, pets, staying, consents, dv, household.
    // Refused with disaster.conflict when p.version is not the stored one.
    Result<Person> updatePerson(const Person& p, const Session& by);
    Result<Person> setSafety(qint64 personId, const QString& status, const Session& by);
    // Corrects who the person is: family and given names, kana, birth date, sex (the keys that
    // enquiries and duplicate detection use follow). Checked as at registration; refused with
    // disaster.conflict when p.version is not the stored one. Audited (disaster.update).
    Result<Person> updateIdentity(const Person& p, const Session& by);

    // ---- stays: one open stay per person
    Result<Stay> checkIn(qint64 personId, qint64 shelterId, const Session& by);
    Result<Stay> checkOut(qint64 personId, const Session& by);
    // Closes the open stay and opens one in `toShelter`, in one transaction.
    Result<Stay> transfer(qint64 personId, qint64 toShelter, const Session& by);
    Result<QList<Stay>> stays(qint64 personId) const;

    // ---- figures
    Result<QMap<QString, int>> needsCounts(qint64 disasterId = 0, qint64 shelterId = 0) const;
    Result<int> mealsNeeded(qint64 shelterId) const; // = the occupancy now
    // Persons in the ledger (merged ones left out) by safety status, and how many are
    // DV-protected: counted in the database, for the dashboard.
    struct LedgerCounts
    {
        QMap<QString, int> bySafety; // every status, 0 when none
        int persons = 0;
        int dvProtected = 0;
    };
    Result<LedgerCounts> ledgerCounts(qint64 disasterId = 0) const;
    Result<QList<DayOccupancy>> occupancyByDay(const QDate& from, const QDate& to,
                                               qint64 disasterId = 0) const;

    // ---- reading. Merged records are left out.
    Result<Person> person(qint64 id, Audience audience = Audience::Staff) const;
    Result<QList<Person>> persons(Audience audience, qint64 disasterId = 0) const;
    // A safety enquiry (安否照会) by name or kana, any spelling (searchInputKey folding): only
    // persons who agreed to enquiries, never a DV-protected person. Audited.
    Result<QList<Person>> searchForEnquiry(const QString& text, const Session& by,
                                           qint64 disasterId = 0) const;
    // The ledger as JSON records (for other bodies: Audience::Outward, consent_share only).
    // Audited.
    Result<QJsonArray> exportRecords(Audience audience, const Session& by,
                                     qint64 disasterId = 0) const;
    static QJsonObject toJson(const Person& p);

    // ---- duplicates and merges
    Result<QList<DuplicatePair>> duplicateCandidates(qint64 disasterId = 0) const;
    // Moves drop's stays to keep, fills keep's empty fields from drop and marks drop
    // merged_into keep; what was moved and filled is remembered so that unmerge() undoes it.
    Result<Person> merge(qint64 keep, qint64 drop, const Session& by);
    Result<Person> unmerge(qint64 drop, const Session& by);
    // The records merged into another (merged_into set), for undoing a merge.
    Result<QList<Person>> mergedPersons(qint64 disasterId = 0) const;

private:
    // Closes the open stay; with toShelter, opens one there (a transfer).
    Result<Stay> leave(qint64 personId, qint64 toShelter, const Session& by);
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace madoguchi::disaster
