#include "disaster/Disaster.h"

#include "audit/AuditLog.h"
#include "card/MyNumberCard.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "disaster/LedgerSync.h"
#include "disaster/RegisterExtract.h"
#include "registry/RegistryService.h"
#include "storage/Transaction.h"
#include "text/JapaneseText.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlRecord>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

namespace madoguchi::disaster {

namespace {

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("disaster.invalid"));
}

QDateTime when(const QVariant& v)
{
    return v.isNull() || v.toString().isEmpty()
               ? QDateTime()
               : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QDate dateOf(const QVariant& v)
{
    return QDate::fromString(v.toString(), Qt::ISODate);
}

QString isoDate(const QDate& d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QTimeZone japanZone()
{
    return QTimeZone(9 * 3600);
}

// The Japan date (UTC+9, no daylight saving since 1951) of a stored UTC timestamp
// ("2026-11-26T15:30:00.000Z"), read off the text: no parsing into a QDateTime and no time zone
// conversion for each of a large ledger's stays.
QDate japanDateOf(const QVariant& stored)
{
    const QString iso = stored.toString();
    if (iso.size() < 13 || iso.at(10) != u'T') {
        return {};
    }
    const QStringView v(iso);
    const QDate utc(v.mid(0, 4).toInt(), v.mid(5, 2).toInt(), v.mid(8, 2).toInt());
    return v.mid(11, 2).toInt() >= 15 ? utc.addDays(1) : utc;
}

QDate japanToday()
{
    return Clock::now().toTimeZone(japanZone()).date();
}

constexpr const char* kDisasterColumns =
    "id, code, name, type, occurred_on, affected_areas, opened_at, opened_by, closed_at";

Disaster disasterFromRow(const QSqlQuery& q)
{
    Disaster x;
    x.id = q.value(0).toLongLong();
    x.code = q.value(1).toString();
    x.name = q.value(2).toString();
    x.type = q.value(3).toString();
    x.occurredOn = dateOf(q.value(4));
    x.affectedAreas = q.value(5).toString().split(u' ', Qt::SkipEmptyParts);
    x.openedAt = when(q.value(6));
    x.openedBy = q.value(7).toString();
    x.closedAt = when(q.value(8));
    return x;
}

constexpr const char* kShelterColumns =
    "s.id, s.disaster_id, s.name, s.address, s.kind, s.capacity, s.open, s.contact, "
    "(SELECT COUNT(*) FROM disaster_stays t WHERE t.shelter_id = s.id AND t.checked_out_at IS "
    "NULL)";

Shelter shelterFromRow(const QSqlQuery& q)
{
    Shelter s;
    s.id = q.value(0).toLongLong();
    s.disasterId = q.value(1).toLongLong();
    s.name = q.value(2).toString();
    s.address = q.value(3).toString();
    s.kind = q.value(4).toString();
    s.capacity = q.value(5).toInt();
    s.open = q.value(6).toInt() != 0;
    s.contact = q.value(7).toString();
    s.occupancy = q.value(8).toInt();
    return s;
}

// dv_protected is computed from the person and the linked resident.
constexpr const char* kPersonColumns =
    "p.id, p.disaster_id, p.uid, p.family_name, p.given_name, p.family_kana, p.given_kana, "
    "p.birth_date, p.sex, p.sealed, p.resident_id, p.household_key, p.safety, p.needs, p.pets, "
    "p.staying, p.consent_share, p.consent_enquiry, p.dv, p.merged_into, p.created_at, "
    "p.created_by, p.updated_at, p.updated_by, p.version, "
    "CASE WHEN p.dv = 1 OR EXISTS (SELECT 1 FROM residents r WHERE r.id = p.resident_id AND "
    "r.dv_support = 1) THEN 1 ELSE 0 END, "
    "(SELECT t.shelter_id FROM disaster_stays t WHERE t.person_id = p.id AND t.checked_out_at IS "
    "NULL)";

// The condition that leaves DV-protected persons out.
constexpr const char* kNotDv =
    "p.dv = 0 AND NOT EXISTS (SELECT 1 FROM residents r WHERE r.id = p.resident_id AND "
    "r.dv_support = 1)";

} // namespace

struct DisasterService::Impl
{
    Database db;
    mutable std::unique_ptr<KeyStore> keys;
    mutable std::unique_ptr<LedgerSync> sync;

    Result<KeyStore*> keyStore() const
    {
        if (!keys) {
            auto ks = KeyStore::open(db);
            if (!ks) {
                return ks.error();
            }
            keys = std::make_unique<KeyStore>(std::move(ks).value());
        }
        return keys.get();
    }

    Result<QVariant> seal(const Person& p) const
    {
        const ContactFields c{p.registeredAddress, p.whereabouts, p.phone, p.allergies};
        if (c.isEmpty()) {
            return QVariant();
        }
        auto ks = keyStore();
        if (!ks) {
            return ks.error();
        }
        auto sealed = sealContact(**ks, c, p.uid);
        if (!sealed) {
            return sealed.error();
        }
        return QVariant(*sealed);
    }

    Status unseal(const QString& sealed, Person& p) const
    {
        if (sealed.isEmpty()) {
            return {};
        }
        auto ks = keyStore();
        if (!ks) {
            return ks.error();
        }
        auto c = unsealContact(**ks, sealed, p.uid);
        if (!c) {
            return c.error();
        }
        p.registeredAddress = c->registeredAddress;
        p.whereabouts = c->whereabouts;
        p.phone = c->phone;
        p.allergies = c->allergies;
        return {};
    }

    // The ledger across workstations: what a change here makes travel (LedgerSync).
    LedgerSync& ledgerSync() const
    {
        if (!sync) {
            sync = std::make_unique<LedgerSync>(db);
        }
        return *sync;
    }
    Result<QJsonObject> before(Entity e, qint64 id) const { return ledgerSync().snapshot(e, id); }
    Status publish(Entity e, qint64 id, const QJsonObject& before, const Session& by) const
    {
        return ledgerSync().publish(e, id, before, by.login());
    }

    Result<Person> personFromRow(const QSqlRecord& q) const
    {
        Person p;
        p.id = q.value(0).toLongLong();
        p.disasterId = q.value(1).toLongLong();
        p.uid = q.value(2).toString();
        p.familyName = q.value(3).toString();
        p.givenName = q.value(4).toString();
        p.familyKana = q.value(5).toString();
        p.givenKana = q.value(6).toString();
        p.birthDate = dateOf(q.value(7));
        p.sex = q.value(8).toString();
        if (Status st = unseal(q.value(9).toString(), p); !st) {
            return st.error();
        }
        p.residentId = q.value(10).toLongLong();
        p.householdKey = q.value(11).toString();
        p.safety = q.value(12).toString();
        p.needs = q.value(13).toString().split(u',', Qt::SkipEmptyParts);
        p.pets = q.value(14).toString();
        p.staying = q.value(15).toString();
        p.consentShare = q.value(16).toInt() != 0;
        p.consentEnquiry = q.value(17).toInt() != 0;
        p.dv = q.value(18).toInt() != 0;
        p.mergedInto = q.value(19).toLongLong();
        p.createdAt = when(q.value(20));
        p.createdBy = q.value(21).toString();
        p.updatedAt = when(q.value(22));
        p.updatedBy = q.value(23).toString();
        p.version = q.value(24).toInt();
        p.dvProtected = q.value(25).toInt() != 0;
        p.shelterId = q.value(26).toLongLong();
        return p;
    }

    Result<QList<Person>> selectPersons(const QString& where, const QVariantList& params) const
    {
        auto q = db.exec(QStringLiteral("SELECT %1 FROM ledger_persons p %2")
                             .arg(QLatin1String(kPersonColumns), where),
                         params);
        if (!q) {
            return q.error();
        }
        // The rows are read before any is unsealed: unsealing may open the key store, and a
        // query run meanwhile (PostgreSQL) would discard the rows not read yet.
        QList<QSqlRecord> rows;
        while (q->next()) {
            rows << q->record();
        }
        QList<Person> out;
        for (const QSqlRecord& row : rows) {
            auto p = personFromRow(row);
            if (!p) {
                return p.error();
            }
            out << *p;
        }
        return out;
    }

    Result<Person> loadPerson(qint64 id) const
    {
        auto list = selectPersons(QStringLiteral("WHERE p.id = ?"), {id});
        if (!list) {
            return list.error();
        }
        if (list->isEmpty()) {
            return Error(QCoreApplication::translate("DisasterService",
                                                     "there is no person %1 in the ledger")
                             .arg(id),
                         QStringLiteral("disaster.not_found"));
        }
        return list->first();
    }

    Result<qint64> disasterOrCurrent(qint64 id) const
    {
        if (id != 0) {
            auto x = db.scalar(QStringLiteral("SELECT id FROM disasters WHERE id = ?"), {id});
            if (!x) {
                return x.error();
            }
            if (!x->isValid()) {
                return Error(
                    QCoreApplication::translate("DisasterService", "there is no disaster %1")
                        .arg(id),
                    QStringLiteral("disaster.not_found"));
            }
            return id;
        }
        auto x = db.scalar(QStringLiteral("SELECT id FROM disasters WHERE closed_at IS NULL ORDER "
                                          "BY opened_at DESC, id DESC LIMIT 1"));
        if (!x) {
            return x.error();
        }
        if (!x->isValid()) {
            return Error(QCoreApplication::translate("DisasterService",
                                                     "no disaster is open: open one first"),
                         QStringLiteral("disaster.none"));
        }
        return x->toLongLong();
    }

    Status audit(const Session& by, const QString& action, const QString& target,
                 const QString& detail, qint64 residentId = 0) const
    {
        AuditLog log(db);
        return residentId != 0
                   ? log.recordForResident(by.login(), action, residentId, target, detail)
                   : log.record(by.login(), action, target, detail);
    }

    Result<Shelter> loadShelter(qint64 id) const
    {
        auto q = db.exec(QStringLiteral("SELECT %1 FROM shelters s WHERE s.id = ?")
                             .arg(QLatin1String(kShelterColumns)),
                         {id});
        if (!q) {
            return q.error();
        }
        if (!q->next()) {
            return Error(
                QCoreApplication::translate("DisasterService", "there is no shelter %1").arg(id),
                QStringLiteral("disaster.unknown_shelter"));
        }
        return shelterFromRow(*q);
    }

    Result<std::optional<Stay>> openStay(qint64 personId) const
    {
        auto q = db.exec(QStringLiteral("SELECT id, person_id, shelter_id, checked_in_at, "
                                        "checked_out_at, transferred_to, by_operator FROM "
                                        "disaster_stays WHERE person_id = ? AND checked_out_at IS "
                                        "NULL"),
                         {personId});
        if (!q) {
            return q.error();
        }
        if (!q->next()) {
            return std::optional<Stay>();
        }
        Stay s{q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toLongLong(),
               when(q->value(3)),        when(q->value(4)),        q->value(5).toLongLong(),
               q->value(6).toString()};
        return std::optional<Stay>(s);
    }

    // A shelter that can take one more person of `disasterId`.
    Result<Shelter> shelterForCheckIn(qint64 shelterId, qint64 disasterId) const
    {
        auto s = loadShelter(shelterId);
        if (!s) {
            return s.error();
        }
        if (s->disasterId != disasterId) {
            return Error(QCoreApplication::translate("DisasterService",
                                                     "shelter %1 belongs to another disaster")
                             .arg(shelterId),
                         QStringLiteral("disaster.unknown_shelter"));
        }
        if (!s->open) {
            return Error(QCoreApplication::translate("DisasterService", "shelter %1 (%2) is closed")
                             .arg(shelterId)
                             .arg(s->name),
                         QStringLiteral("disaster.closed"));
        }
        if (s->occupancy >= s->capacity) {
            return Error(QCoreApplication::translate(
                             "DisasterService",
                             "shelter %1 (%2) is full (%3 of %4): raise its capacity or choose "
                             "another")
                             .arg(shelterId)
                             .arg(s->name)
                             .arg(s->occupancy)
                             .arg(s->capacity),
                         QStringLiteral("disaster.full"));
        }
        return s;
    }

    // The fields a merge fills (and unmerge empties) written back, with the kana key.
    Status writeFilledFields(const Person& p, const QString& now, const Session& by) const;

    Result<Stay> insertStay(qint64 personId, qint64 shelterId, const QString& at,
                            const Session& by) const
    {
        if (Status st = db.run(QStringLiteral("INSERT INTO disaster_stays (uid, person_id, "
                                              "shelter_id, checked_in_at, by_operator) VALUES (?, "
                                              "?, ?, ?, ?)"),
                               {uidDomain(db) + QStringLiteral("/stay.") +
                                    QUuid::createUuid().toString(QUuid::Id128),
                                personId, shelterId, at, by.login()});
            !st) {
            return st.error();
        }
        auto s = openStay(personId);
        if (!s) {
            return s.error();
        }
        if (Status st = publish(Entity::Stay, (*s)->id, {}, by); !st) {
            return st.error();
        }
        return **s;
    }
};

// ---- vocabularies --------------------------------------------------------------------------

QStringList disasterTypes()
{
    return {QStringLiteral("earthquake"), QStringLiteral("flood"),   QStringLiteral("typhoon"),
            QStringLiteral("landslide"),  QStringLiteral("tsunami"), QStringLiteral("fire"),
            QStringLiteral("other")};
}

QStringList shelterKinds()
{
    return {QStringLiteral("指定避難所"), QStringLiteral("福祉避難所"), QStringLiteral("その他")};
}

QStringList safetyStatuses()
{
    return {QStringLiteral("safe"), QStringLiteral("injured"), QStringLiteral("missing"),
            QStringLiteral("dead"), QStringLiteral("unknown")};
}

QStringList needKinds()
{
    return {QStringLiteral("elderly"),          QStringLiteral("disabled"),
            QStringLiteral("pregnant"),         QStringLiteral("infant"),
            QStringLiteral("foreign_language"), QStringLiteral("medical")};
}

QStringList stayingKinds()
{
    return {QStringLiteral("shelter"), QStringLiteral("car"), QStringLiteral("home"),
            QStringLiteral("other")};
}

QString safetyDisplay(const QString& status)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("safe"), QStringLiteral("無事")},
        {QStringLiteral("injured"), QStringLiteral("負傷")},
        {QStringLiteral("missing"), QStringLiteral("行方不明")},
        {QStringLiteral("dead"), QStringLiteral("死亡")},
        {QStringLiteral("unknown"), QStringLiteral("不明")}};
    return names.value(status);
}

Result<QDate> parseDate(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        return QDate();
    }
    static const QRegularExpression shape(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})$"));
    const auto m = shape.match(t);
    if (!m.hasMatch()) {
        return invalid(
            QCoreApplication::translate("DisasterService", "\"%1\" is not a date: write YYYY-MM-DD")
                .arg(t));
    }
    const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    if (!d.isValid()) {
        return invalid(
            QCoreApplication::translate("DisasterService", "%1 is not a date that exists").arg(t));
    }
    return d;
}

QString uidDomain(const Database& db)
{
    auto v = db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'disaster.domain'"));
    const QString domain = v && v->isValid() ? v->toString().trimmed() : QString();
    return domain.isEmpty() ? QStringLiteral("madoguchi.local") : domain;
}

QString Person::fullName() const
{
    return givenName.isEmpty() ? familyName : familyName + u' ' + givenName;
}

QString Person::fullKana() const
{
    return givenKana.isEmpty() ? familyKana : familyKana + u' ' + givenKana;
}

// ---- the service ---------------------------------------------------------------------------

DisasterService::DisasterService(Database db) : d(std::make_unique<Impl>())
{
    d->db = std::move(db);
}

DisasterService::~DisasterService() = default;

Result<Disaster> DisasterService::openDisaster(const QString& name, const QString& type,
                                               const QDate& occurredOn,
                                               const QStringList& affectedAreas, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    const QString n = name.trimmed();
    if (n.isEmpty()) {
        return invalid(QCoreApplication::translate("DisasterService", "a disaster needs a name"));
    }
    if (!disasterTypes().contains(type)) {
        return invalid(
            QCoreApplication::translate("DisasterService", "unknown disaster type \"%1\" (use %2)")
                .arg(type, disasterTypes().join(QStringLiteral(", "))));
    }
    if (!occurredOn.isValid()) {
        return invalid(QCoreApplication::translate("DisasterService",
                                                   "a disaster needs the date it occurred"));
    }
    if (occurredOn > japanToday()) {
        return invalid(
            QCoreApplication::translate("DisasterService", "the date %1 is in the future")
                .arg(isoDate(occurredOn)));
    }
    for (const QString& area : affectedAreas) {
        static const QRegularExpression sixDigits(QStringLiteral("^[0-9]{6}$"));
        if (!sixDigits.match(area).hasMatch()) {
            return invalid(QCoreApplication::translate(
                               "DisasterService", "\"%1\" is not a 6-digit local-government code")
                               .arg(area));
        }
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    // The code is the disaster's uid too: the same on every workstation that opens it, so that
    // shelters that open it while cut off are one disaster once they sync. A second disaster
    // of the same type on the same day gets -2, -3, …
    QString code = isoDate(occurredOn) + u'-' + type;
    for (int suffix = 2;; ++suffix) {
        auto taken =
            d->db.scalar(QStringLiteral("SELECT COUNT(*) FROM disasters WHERE uid = ?"), {code});
        if (!taken) {
            return taken.error();
        }
        if (taken->toInt() == 0) {
            break;
        }
        code = isoDate(occurredOn) + u'-' + type + u'-' + QString::number(suffix);
    }
    if (Status st = d->db.run(QStringLiteral("INSERT INTO disasters (uid, code, name, type, "
                                             "occurred_on, affected_areas, opened_at, opened_by) "
                                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                              {code, code, n, type, isoDate(occurredOn), affectedAreas.join(u' '),
                               Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = d->db.scalar(QStringLiteral("SELECT id FROM disasters WHERE uid = ?"), {code});
    if (!id) {
        return id.error();
    }
    if (Status st = d->publish(Entity::Disaster, id->toLongLong(), {}, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.open"), code,
                             QStringLiteral("%1 %2").arg(id->toLongLong()).arg(n));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return disaster(id->toLongLong());
}

Result<Disaster> DisasterService::closeDisaster(qint64 id, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto x = disaster(id);
    if (!x) {
        return x.error();
    }
    if (!x->isOpen()) {
        return Error(
            QCoreApplication::translate("DisasterService", "disaster %1 is already closed").arg(id),
            QStringLiteral("disaster.closed"));
    }
    auto before = d->before(Entity::Disaster, id);
    if (!before) {
        return before.error();
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE disasters SET closed_at = ? WHERE id = ?"),
                              {Clock::isoNow(), id});
        !st) {
        return st.error();
    }
    if (Status st = d->publish(Entity::Disaster, id, *before, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.close"), x->code, QString::number(id));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return disaster(id);
}

Result<QList<Disaster>> DisasterService::disasters() const
{
    auto q = d->db.exec(QStringLiteral("SELECT %1 FROM disasters ORDER BY opened_at DESC, id DESC")
                            .arg(QLatin1String(kDisasterColumns)));
    if (!q) {
        return q.error();
    }
    QList<Disaster> out;
    while (q->next()) {
        out << disasterFromRow(*q);
    }
    return out;
}

Result<Disaster> DisasterService::disaster(qint64 id) const
{
    auto q = d->db.exec(QStringLiteral("SELECT %1 FROM disasters WHERE id = ?")
                            .arg(QLatin1String(kDisasterColumns)),
                        {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("DisasterService", "there is no disaster %1").arg(id),
            QStringLiteral("disaster.not_found"));
    }
    return disasterFromRow(*q);
}

Result<Disaster> DisasterService::current() const
{
    auto id = d->disasterOrCurrent(0);
    if (!id) {
        return id.error();
    }
    return disaster(*id);
}

// ---- shelters ------------------------------------------------------------------------------

namespace {
Status checkShelter(const Shelter& s)
{
    if (s.name.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate("DisasterService", "a shelter needs a name"));
    }
    if (s.capacity < 1) {
        return invalid(QCoreApplication::translate(
                           "DisasterService", "a shelter's capacity must be at least 1, not %1")
                           .arg(s.capacity));
    }
    if (!shelterKinds().contains(s.kind)) {
        return invalid(QCoreApplication::translate("DisasterService",
                                                   "unknown kind of shelter \"%1\" (use %2)")
                           .arg(s.kind, shelterKinds().join(QStringLiteral(", "))));
    }
    return {};
}
} // namespace

Result<Shelter> DisasterService::addShelter(const Shelter& s, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (Status st = checkShelter(s); !st) {
        return st.error();
    }
    auto disasterId = d->disasterOrCurrent(s.disasterId);
    if (!disasterId) {
        return disasterId.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    const QString uid =
        uidDomain(d->db) + QStringLiteral("/shelter.") + QUuid::createUuid().toString(QUuid::Id128);
    if (Status st = d->db.run(QStringLiteral("INSERT INTO shelters (uid, disaster_id, name, "
                                             "address, kind, capacity, open, contact, created_at, "
                                             "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                              {uid, *disasterId, s.name.trimmed(), s.address, s.kind, s.capacity,
                               s.open ? 1 : 0, s.contact, Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = d->db.scalar(QStringLiteral("SELECT id FROM shelters WHERE uid = ?"), {uid});
    if (!id) {
        return id.error();
    }
    if (Status st = d->publish(Entity::Shelter, id->toLongLong(), {}, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.shelter.add"),
                             QStringLiteral("shelter:%1").arg(id->toLongLong()),
                             QStringLiteral("%1 capacity %2").arg(s.name).arg(s.capacity));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return shelter(id->toLongLong());
}

Result<Shelter> DisasterService::updateShelter(const Shelter& s, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (Status st = checkShelter(s); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto old = d->loadShelter(s.id);
    if (!old) {
        return old.error();
    }
    if (s.capacity < old->occupancy) {
        return Error(QCoreApplication::translate(
                         "DisasterService",
                         "shelter %1 (%2) has %3 people checked in: its capacity cannot be %4")
                         .arg(s.id)
                         .arg(old->name)
                         .arg(old->occupancy)
                         .arg(s.capacity),
                     QStringLiteral("disaster.capacity"));
    }
    auto before = d->before(Entity::Shelter, s.id);
    if (!before) {
        return before.error();
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE shelters SET name = ?, address = ?, kind = "
                                             "?, capacity = ?, contact = ? WHERE id = ?"),
                              {s.name.trimmed(), s.address, s.kind, s.capacity, s.contact, s.id});
        !st) {
        return st.error();
    }
    if (Status st = d->publish(Entity::Shelter, s.id, *before, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.shelter.update"),
                             QStringLiteral("shelter:%1").arg(s.id),
                             QStringLiteral("capacity %1 → %2").arg(old->capacity).arg(s.capacity));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return shelter(s.id);
}

Result<Shelter> DisasterService::setShelterOpen(qint64 id, bool open, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto s = d->loadShelter(id);
    if (!s) {
        return s.error();
    }
    if (!open && s->occupancy > 0) {
        return Error(QCoreApplication::translate(
                         "DisasterService",
                         "shelter %1 (%2) still has %3 people checked in: check them out or "
                         "transfer them first")
                         .arg(id)
                         .arg(s->name)
                         .arg(s->occupancy),
                     QStringLiteral("disaster.occupied"));
    }
    auto before = d->before(Entity::Shelter, id);
    if (!before) {
        return before.error();
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE shelters SET open = ? WHERE id = ?"),
                              {open ? 1 : 0, id});
        !st) {
        return st.error();
    }
    if (Status st = d->publish(Entity::Shelter, id, *before, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by,
                             open ? QStringLiteral("disaster.shelter.open")
                                  : QStringLiteral("disaster.shelter.close"),
                             QStringLiteral("shelter:%1").arg(id), s->name);
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return shelter(id);
}

Result<Shelter> DisasterService::shelter(qint64 id) const
{
    return d->loadShelter(id);
}

Result<QList<Shelter>> DisasterService::shelters(qint64 disasterId) const
{
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    auto q = d->db.exec(QStringLiteral("SELECT %1 FROM shelters s WHERE s.disaster_id = ? ORDER "
                                       "BY s.id")
                            .arg(QLatin1String(kShelterColumns)),
                        {*id});
    if (!q) {
        return q.error();
    }
    QList<Shelter> out;
    while (q->next()) {
        out << shelterFromRow(*q);
    }
    return out;
}

// ---- registration --------------------------------------------------------------------------

namespace {
Status checkPerson(const Person& p)
{
    if (p.familyName.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate("DisasterService",
                                                   "a person needs at least a family name"));
    }
    if (p.birthDate.isValid() && p.birthDate > japanToday()) {
        return invalid(
            QCoreApplication::translate("DisasterService", "the birth date %1 is in the future")
                .arg(isoDate(p.birthDate)));
    }
    if (p.birthDate.isValid() && p.birthDate.year() < 1880) {
        return invalid(
            QCoreApplication::translate("DisasterService", "the birth date %1 is not possible")
                .arg(isoDate(p.birthDate)));
    }
    if (!safetyStatuses().contains(p.safety)) {
        return invalid(
            QCoreApplication::translate("DisasterService", "unknown safety status \"%1\" (use %2)")
                .arg(p.safety, safetyStatuses().join(QStringLiteral(", "))));
    }
    for (const QString& n : p.needs) {
        if (!needKinds().contains(n)) {
            return invalid(QCoreApplication::translate("DisasterService",
                                                       "unknown special-care need \"%1\" (use %2)")
                               .arg(n, needKinds().join(QStringLiteral(", "))));
        }
    }
    if (!stayingKinds().contains(p.staying)) {
        return invalid(
            QCoreApplication::translate("DisasterService", "unknown place of stay \"%1\" (use %2)")
                .arg(p.staying, stayingKinds().join(QStringLiteral(", "))));
    }
    static const QStringList sexes = {QString(), QStringLiteral("male"), QStringLiteral("female"),
                                      QStringLiteral("other")};
    if (!sexes.contains(p.sex)) {
        return invalid(QCoreApplication::translate("DisasterService",
                                                   "unknown sex \"%1\" (use male, female or other)")
                           .arg(p.sex));
    }
    return {};
}

QString needsText(QStringList needs)
{
    needs.removeDuplicates();
    std::sort(needs.begin(), needs.end());
    return needs.join(u',');
}
} // namespace

Result<Person> DisasterService::registerPerson(Person p, const Session& by, qint64 shelterId)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    p.familyName = p.familyName.trimmed();
    p.givenName = p.givenName.trimmed();
    if (Status st = checkPerson(p); !st) {
        return st.error();
    }
    auto disasterId = d->disasterOrCurrent(p.disasterId);
    if (!disasterId) {
        return disasterId.error();
    }
    p.disasterId = *disasterId;
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (shelterId != 0) {
        if (auto s = d->shelterForCheckIn(shelterId, p.disasterId); !s) {
            return s.error();
        }
    }
    if (p.uid.isEmpty()) {
        p.uid = uidDomain(d->db) + QStringLiteral("/person.") +
                QUuid::createUuid().toString(QUuid::Id128);
    }
    auto sealed = d->seal(p);
    if (!sealed) {
        return sealed.error();
    }
    const QString now = Clock::isoNow();
    if (Status st = d->db.run(
            QStringLiteral(
                "INSERT INTO ledger_persons (disaster_id, uid, family_name, given_name, "
                "family_kana, given_kana, birth_date, sex, sealed, resident_id, household_key, "
                "safety, needs, pets, staying, consent_share, consent_enquiry, dv, name_key, "
                "kana_key, created_at, created_by, updated_at, updated_by, version) VALUES (?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"),
            {p.disasterId,
             p.uid,
             p.familyName,
             p.givenName,
             p.familyKana,
             p.givenKana,
             isoDate(p.birthDate),
             p.sex,
             *sealed,
             p.residentId != 0 ? QVariant(p.residentId) : QVariant(),
             p.householdKey,
             p.safety,
             needsText(p.needs),
             p.pets,
             p.staying,
             p.consentShare ? 1 : 0,
             p.consentEnquiry ? 1 : 0,
             p.dv ? 1 : 0,
             text::searchKey(p.familyName + p.givenName),
             text::searchKey(p.familyKana + p.givenKana),
             now,
             by.login(),
             now,
             by.login()});
        !st) {
        return st.error();
    }
    auto id = d->db.scalar(QStringLiteral("SELECT id FROM ledger_persons WHERE uid = ?"), {p.uid});
    if (!id) {
        return id.error();
    }
    const qint64 personId = id->toLongLong();
    if (Status st = d->publish(Entity::Person, personId, {}, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.register"), p.uid,
                             QStringLiteral("person %1").arg(personId), p.residentId);
        !st) {
        return st.error();
    }
    if (shelterId != 0) {
        auto stay = d->insertStay(personId, shelterId, now, by);
        if (!stay) {
            return stay.error();
        }
        if (Status st = d->audit(by, QStringLiteral("disaster.checkin"), p.uid,
                                 QStringLiteral("shelter %1").arg(shelterId));
            !st) {
            return st.error();
        }
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return d->loadPerson(personId);
}

Result<Person> DisasterService::registerResident(const QString& residentCode, const Session& by,
                                                 qint64 shelterId, qint64 disasterId)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    RegistryService registry(d->db);
    auto found = registry.findByCode(residentCode);
    if (!found) {
        return found.error();
    }
    if (!*found) {
        // A laptop without the register: the offline extract, when one was imported.
        auto extracted = RegisterExtract(d->db).person(residentCode);
        if (!extracted) {
            return extracted.error();
        }
        if (*extracted) {
            Person p = **extracted;
            p.disasterId = disasterId;
            return registerPerson(p, by, shelterId);
        }
        return Error(QCoreApplication::translate("DisasterService", "no resident has the code %1")
                         .arg(residentCode),
                     QStringLiteral("disaster.resident"));
    }
    const Resident& r = **found;
    Person p;
    p.disasterId = disasterId;
    p.familyName = r.familyName;
    p.givenName = r.givenName;
    p.familyKana = r.familyKana;
    p.givenKana = r.givenKana;
    // A foreign resident registered only under the alphabet name (or a 通称): that name, whole.
    if (p.familyName.trimmed().isEmpty()) {
        p.familyName = !r.commonName.isEmpty() ? r.commonName : r.alphaName;
        p.givenName.clear();
        if (p.familyKana.isEmpty()) {
            p.familyKana = r.commonNameKana;
        }
    }
    p.birthDate = r.birthDate;
    p.sex = r.sex;
    p.registeredAddress = r.addressDisplay;
    p.residentId = r.id;
    p.householdKey = r.householdNo;
    return registerPerson(p, by, shelterId);
}

Person DisasterService::fromCard(const card::CardBasicInfo& info)
{
    Person p;
    const QString name = info.name.trimmed();
    const qsizetype gap = name.indexOf(QRegularExpression(QStringLiteral("[\\s\\x{3000}]")));
    p.familyName = gap < 0 ? name : name.left(gap).trimmed();
    p.givenName = gap < 0 ? QString() : name.mid(gap + 1).trimmed();
    p.registeredAddress = info.address.trimmed();
    p.birthDate = info.birthDate;
    p.sex = info.sex == QStringLiteral("1")   ? QStringLiteral("male")
            : info.sex == QStringLiteral("2") ? QStringLiteral("female")
            : info.sex == QStringLiteral("9") ? QStringLiteral("other")
                                              : QString();
    return p;
}

Result<Person> DisasterService::updatePerson(const Person& p, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (Status st = checkPerson(p); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto old = d->loadPerson(p.id);
    if (!old) {
        return old.error();
    }
    auto before = d->before(Entity::Person, p.id);
    if (!before) {
        return before.error();
    }
    Person next = *old;
    next.registeredAddress = p.registeredAddress;
    next.whereabouts = p.whereabouts;
    next.phone = p.phone;
    next.allergies = p.allergies;
    auto sealed = d->seal(next);
    if (!sealed) {
        return sealed.error();
    }
    auto q = d->db.exec(
        QStringLiteral("UPDATE ledger_persons SET sealed = ?, safety = ?, needs = ?, pets = ?, "
                       "staying = ?, consent_share = ?, consent_enquiry = ?, dv = ?, "
                       "household_key = ?, updated_at = ?, updated_by = ?, version = version + 1 "
                       "WHERE id = ? AND version = ?"),
        {*sealed, p.safety, needsText(p.needs), p.pets, p.staying, p.consentShare ? 1 : 0,
         p.consentEnquiry ? 1 : 0, p.dv ? 1 : 0, p.householdKey, Clock::isoNow(), by.login(), p.id,
         p.version});
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() != 1) {
        return Error(QCoreApplication::translate(
                         "DisasterService", "person %1 was changed meanwhile: reload and try again")
                         .arg(p.id),
                     QStringLiteral("disaster.conflict"));
    }
    if (Status st = d->publish(Entity::Person, p.id, *before, by); !st) {
        return st.error();
    }
    QStringList changed;
    if (old->safety != p.safety) {
        changed << QStringLiteral("safety %1 → %2").arg(old->safety, p.safety);
    }
    if (old->needs != p.needs) {
        changed << QStringLiteral("needs");
    }
    if (old->whereabouts != p.whereabouts) {
        changed << QStringLiteral("whereabouts");
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.update"), old->uid,
                             changed.join(QStringLiteral("; ")), old->residentId);
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return d->loadPerson(p.id);
}

Result<Person> DisasterService::setSafety(qint64 personId, const QString& status, const Session& by)
{
    auto p = d->loadPerson(personId);
    if (!p) {
        return p.error();
    }
    p->safety = status;
    return updatePerson(*p, by);
}

Result<Person> DisasterService::updateIdentity(const Person& p, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Person next = p;
    next.familyName = p.familyName.trimmed();
    next.givenName = p.givenName.trimmed();
    if (Status st = checkPerson(next); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto old = d->loadPerson(p.id);
    if (!old) {
        return old.error();
    }
    auto before = d->before(Entity::Person, p.id);
    if (!before) {
        return before.error();
    }
    auto q = d->db.exec(
        QStringLiteral(
            "UPDATE ledger_persons SET family_name = ?, given_name = ?, family_kana = ?, "
            "given_kana = ?, birth_date = ?, sex = ?, name_key = ?, kana_key = ?, "
            "updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND "
            "version = ?"),
        {next.familyName, next.givenName, next.familyKana, next.givenKana, isoDate(next.birthDate),
         next.sex, text::searchKey(next.familyName + next.givenName),
         text::searchKey(next.familyKana + next.givenKana), Clock::isoNow(), by.login(), p.id,
         p.version});
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() != 1) {
        return Error(QCoreApplication::translate(
                         "DisasterService", "person %1 was changed meanwhile: reload and try again")
                         .arg(p.id),
                     QStringLiteral("disaster.conflict"));
    }
    if (Status st = d->publish(Entity::Person, p.id, *before, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.update"), old->uid,
                             QStringLiteral("identity"), old->residentId);
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return d->loadPerson(p.id);
}

// ---- stays ---------------------------------------------------------------------------------

Result<Stay> DisasterService::checkIn(qint64 personId, qint64 shelterId, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto p = d->loadPerson(personId);
    if (!p) {
        return p.error();
    }
    if (p->mergedInto != 0) {
        return Error(QCoreApplication::translate("DisasterService", "person %1 was merged into %2")
                         .arg(personId)
                         .arg(p->mergedInto),
                     QStringLiteral("disaster.merged"));
    }
    if (p->shelterId != 0) {
        return Error(QCoreApplication::translate(
                         "DisasterService",
                         "person %1 is already checked in at shelter %2: transfer instead")
                         .arg(personId)
                         .arg(p->shelterId),
                     QStringLiteral("disaster.checked_in"));
    }
    if (auto s = d->shelterForCheckIn(shelterId, p->disasterId); !s) {
        return s.error();
    }
    auto stay = d->insertStay(personId, shelterId, Clock::isoNow(), by);
    if (!stay) {
        return stay.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.checkin"), p->uid,
                             QStringLiteral("shelter %1").arg(shelterId));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return stay;
}

Result<Stay> DisasterService::checkOut(qint64 personId, const Session& by)
{
    return leave(personId, 0, by);
}

Result<Stay> DisasterService::transfer(qint64 personId, qint64 toShelter, const Session& by)
{
    if (toShelter == 0) {
        return Error(
            QCoreApplication::translate("DisasterService", "there is no shelter %1").arg(toShelter),
            QStringLiteral("disaster.unknown_shelter"));
    }
    return leave(personId, toShelter, by);
}

Result<Stay> DisasterService::leave(qint64 personId, qint64 toShelter, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto p = d->loadPerson(personId);
    if (!p) {
        return p.error();
    }
    auto stay = d->openStay(personId);
    if (!stay) {
        return stay.error();
    }
    if (!*stay) {
        return Error(
            QCoreApplication::translate("DisasterService", "person %1 is not checked in anywhere")
                .arg(personId),
            QStringLiteral("disaster.not_checked_in"));
    }
    Stay left = **stay;
    if (toShelter != 0) {
        if (left.shelterId == toShelter) {
            return Error(
                QCoreApplication::translate("DisasterService", "person %1 is already at shelter %2")
                    .arg(personId)
                    .arg(toShelter),
                QStringLiteral("disaster.checked_in"));
        }
        if (auto s = d->shelterForCheckIn(toShelter, p->disasterId); !s) {
            return s.error();
        }
    }
    const QString now = Clock::isoNow();
    auto before = d->before(Entity::Stay, left.id);
    if (!before) {
        return before.error();
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE disaster_stays SET checked_out_at = ?, "
                                             "transferred_to = ? WHERE id = ?"),
                              {now, toShelter != 0 ? QVariant(toShelter) : QVariant(), left.id});
        !st) {
        return st.error();
    }
    if (Status st = d->publish(Entity::Stay, left.id, *before, by); !st) {
        return st.error();
    }
    left.checkedOutAt = when(now);
    left.transferredTo = toShelter;
    Result<Stay> result = left;
    if (toShelter != 0) {
        result = d->insertStay(personId, toShelter, now, by);
        if (!result) {
            return result.error();
        }
    }
    if (Status st = d->audit(
            by,
            toShelter != 0 ? QStringLiteral("disaster.transfer")
                           : QStringLiteral("disaster.checkout"),
            p->uid,
            toShelter != 0 ? QStringLiteral("shelter %1 → %2").arg(left.shelterId).arg(toShelter)
                           : QStringLiteral("shelter %1").arg(left.shelterId));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return result;
}

Result<QList<Stay>> DisasterService::stays(qint64 personId) const
{
    auto q = d->db.exec(QStringLiteral("SELECT id, person_id, shelter_id, checked_in_at, "
                                       "checked_out_at, transferred_to, by_operator FROM "
                                       "disaster_stays WHERE person_id = ? ORDER BY "
                                       "checked_in_at, id"),
                        {personId});
    if (!q) {
        return q.error();
    }
    QList<Stay> out;
    while (q->next()) {
        out << Stay{q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toLongLong(),
                    when(q->value(3)),        when(q->value(4)),        q->value(5).toLongLong(),
                    q->value(6).toString()};
    }
    return out;
}

// ---- figures -------------------------------------------------------------------------------

Result<QMap<QString, int>> DisasterService::needsCounts(qint64 disasterId, qint64 shelterId) const
{
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    QString where = QStringLiteral("WHERE p.disaster_id = ? AND p.merged_into IS NULL");
    QVariantList params{*id};
    if (shelterId != 0) {
        where += QStringLiteral(" AND EXISTS (SELECT 1 FROM disaster_stays t WHERE t.person_id = "
                                "p.id AND t.shelter_id = ? AND t.checked_out_at IS NULL)");
        params << shelterId;
    }
    auto q = d->db.exec(
        QStringLiteral("SELECT p.needs FROM ledger_persons p %1 AND p.needs <> ''").arg(where),
        params);
    if (!q) {
        return q.error();
    }
    QMap<QString, int> out;
    for (const QString& n : needKinds()) {
        out.insert(n, 0);
    }
    while (q->next()) {
        for (const QString& n : q->value(0).toString().split(u',', Qt::SkipEmptyParts)) {
            ++out[n];
        }
    }
    return out;
}

Result<DisasterService::LedgerCounts> DisasterService::ledgerCounts(qint64 disasterId) const
{
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    auto q = d->db.exec(QStringLiteral("SELECT p.safety, COUNT(*), SUM(CASE WHEN %1 THEN 0 ELSE 1 "
                                       "END) FROM ledger_persons p WHERE p.disaster_id = ? AND "
                                       "p.merged_into IS NULL GROUP BY p.safety")
                            .arg(QLatin1String(kNotDv)),
                        {*id});
    if (!q) {
        return q.error();
    }
    LedgerCounts out;
    for (const QString& s : safetyStatuses()) {
        out.bySafety.insert(s, 0);
    }
    while (q->next()) {
        out.bySafety[q->value(0).toString()] += q->value(1).toInt();
        out.persons += q->value(1).toInt();
        out.dvProtected += q->value(2).toInt();
    }
    return out;
}

Result<int> DisasterService::mealsNeeded(qint64 shelterId) const
{
    auto s = d->loadShelter(shelterId);
    if (!s) {
        return s.error();
    }
    return s->occupancy;
}

Result<QList<DayOccupancy>> DisasterService::occupancyByDay(const QDate& from, const QDate& to,
                                                            qint64 disasterId) const
{
    if (!from.isValid() || !to.isValid() || to < from || from.daysTo(to) > 3660) {
        return invalid(QCoreApplication::translate(
            "DisasterService", "choose a period of days that exist, the first before the last"));
    }
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    QList<DayOccupancy> out;
    for (QDate day = from; day <= to; day = day.addDays(1)) {
        out.append({day, {}, 0});
    }
    auto q = d->db.exec(QStringLiteral("SELECT t.shelter_id, t.checked_in_at, t.checked_out_at "
                                       "FROM disaster_stays t JOIN shelters s ON s.id = "
                                       "t.shelter_id WHERE s.disaster_id = ?"),
                        {*id});
    if (!q) {
        return q.error();
    }
    while (q->next()) {
        const qint64 shelterId = q->value(0).toLongLong();
        const QDate in = japanDateOf(q->value(1));
        const QDate outOn = q->value(2).isNull() ? QDate() : japanDateOf(q->value(2));
        const QDate last = outOn.isValid() ? outOn : to;
        for (QDate day = std::max(in, from); day <= std::min(last, to); day = day.addDays(1)) {
            DayOccupancy& o = out[from.daysTo(day)];
            ++o.byShelter[shelterId];
            ++o.total;
        }
    }
    return out;
}

// ---- reading -------------------------------------------------------------------------------

Result<Person> DisasterService::person(qint64 id, Audience audience) const
{
    auto p = d->loadPerson(id);
    if (p && audience == Audience::Outward && (p->dvProtected || !p->consentShare)) {
        return Error(
            QCoreApplication::translate("DisasterService", "there is no person %1 in the ledger")
                .arg(id),
            QStringLiteral("disaster.not_found"));
    }
    return p;
}

Result<QList<Person>> DisasterService::persons(Audience audience, qint64 disasterId) const
{
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    QString where = QStringLiteral("WHERE p.disaster_id = ? AND p.merged_into IS NULL");
    if (audience == Audience::Outward) {
        where += QStringLiteral(" AND p.consent_share = 1 AND ") + QLatin1String(kNotDv);
    }
    return d->selectPersons(where + QStringLiteral(" ORDER BY p.kana_key, p.id"), {*id});
}

Result<QList<Person>> DisasterService::searchForEnquiry(const QString& text, const Session& by,
                                                        qint64 disasterId) const
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    // LIKE's wildcards are not part of a name: an enquiry never widens to "everyone".
    QString key = text::searchInputKey(text);
    key.remove(QRegularExpression(QStringLiteral("[%_\\\\]")));
    if (key.isEmpty()) {
        return invalid(QCoreApplication::translate("DisasterService",
                                                   "type a name or its reading to search for"));
    }
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    auto found = d->selectPersons(
        QStringLiteral("WHERE p.disaster_id = ? AND p.merged_into IS NULL AND p.consent_enquiry = "
                       "1 AND %1 AND (p.name_key = ? OR p.kana_key = ? OR p.name_key LIKE ? OR "
                       "p.kana_key LIKE ?) ORDER BY p.kana_key, p.id")
            .arg(QLatin1String(kNotDv)),
        {*id, key, key, key + u'%', key + u'%'});
    if (!found) {
        return found.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.enquiry"), QString::number(*id),
                             QStringLiteral("%1 found").arg(found->size()));
        !st) {
        return st.error();
    }
    return found;
}

QJsonObject DisasterService::toJson(const Person& p)
{
    QJsonObject o{{QStringLiteral("id"), p.id},
                  {QStringLiteral("uid"), p.uid},
                  {QStringLiteral("disaster"), p.disasterId},
                  {QStringLiteral("family_name"), p.familyName},
                  {QStringLiteral("given_name"), p.givenName},
                  {QStringLiteral("family_kana"), p.familyKana},
                  {QStringLiteral("given_kana"), p.givenKana},
                  {QStringLiteral("birth_date"), isoDate(p.birthDate)},
                  {QStringLiteral("sex"), p.sex},
                  {QStringLiteral("registered_address"), p.registeredAddress},
                  {QStringLiteral("whereabouts"), p.whereabouts},
                  {QStringLiteral("phone"), p.phone},
                  {QStringLiteral("safety"), p.safety},
                  {QStringLiteral("needs"), QJsonArray::fromStringList(p.needs)},
                  {QStringLiteral("allergies"), p.allergies},
                  {QStringLiteral("pets"), p.pets},
                  {QStringLiteral("staying"), p.staying},
                  {QStringLiteral("shelter"), p.shelterId},
                  {QStringLiteral("consent_share"), p.consentShare},
                  {QStringLiteral("consent_enquiry"), p.consentEnquiry},
                  {QStringLiteral("version"), p.version}};
    if (p.dvProtected) {
        o.insert(QStringLiteral("dv_protected"), true);
    }
    if (p.mergedInto != 0) {
        o.insert(QStringLiteral("merged_into"), p.mergedInto);
    }
    return o;
}

Result<QJsonArray> DisasterService::exportRecords(Audience audience, const Session& by,
                                                  qint64 disasterId) const
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    auto list = persons(audience, disasterId);
    if (!list) {
        return list.error();
    }
    QJsonArray out;
    for (const Person& p : *list) {
        out.append(toJson(p));
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.export"),
                             audience == Audience::Outward ? QStringLiteral("outward")
                                                           : QStringLiteral("staff"),
                             QStringLiteral("%1 records").arg(out.size()));
        !st) {
        return st.error();
    }
    return out;
}

// ---- duplicates and merges -----------------------------------------------------------------

Result<QList<DuplicatePair>> DisasterService::duplicateCandidates(qint64 disasterId) const
{
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    // Groups of two or more on (kana key, birth date) and on (name key, birth date): the
    // database groups, only the members of a group are read.
    QHash<QPair<qint64, qint64>, DuplicatePair> pairs;
    for (const char* column : {"kana_key", "name_key"}) {
        const QString c = QLatin1String(column);
        auto members = d->selectPersons(
            QStringLiteral("WHERE p.disaster_id = ? AND p.merged_into IS NULL AND p.%1 <> '' AND "
                           "p.birth_date <> '' AND EXISTS (SELECT 1 FROM ledger_persons o WHERE "
                           "o.disaster_id = p.disaster_id AND o.merged_into IS NULL AND o.id <> "
                           "p.id AND o.%1 = p.%1 AND o.birth_date = p.birth_date) ORDER BY p.%1, "
                           "p.birth_date, p.id")
                .arg(c),
            {*id});
        if (!members) {
            return members.error();
        }
        QHash<QString, QList<Person>> groups;
        for (const Person& p : *members) {
            const QString key =
                (c == QStringLiteral("kana_key") ? text::searchKey(p.familyKana + p.givenKana)
                                                 : text::searchKey(p.familyName + p.givenName)) +
                u'|' + isoDate(p.birthDate);
            groups[key] << p;
        }
        for (const QList<Person>& g : std::as_const(groups)) {
            for (qsizetype i = 0; i < g.size(); ++i) {
                for (qsizetype j = i + 1; j < g.size(); ++j) {
                    DuplicatePair& pair = pairs[{g[i].id, g[j].id}];
                    pair.a = g[i];
                    pair.b = g[j];
                    pair.reasons << (c == QStringLiteral("kana_key") ? QStringLiteral("kana")
                                                                     : QStringLiteral("name"));
                }
            }
        }
    }
    QList<DuplicatePair> out;
    for (DuplicatePair& pair : pairs) {
        if (!pair.reasons.contains(QStringLiteral("birth_date"))) {
            pair.reasons << QStringLiteral("birth_date");
        }
        pair.score = int(pair.reasons.size());
        const QString addrA = text::addressKey(pair.a.registeredAddress);
        if (!addrA.isEmpty() && addrA == text::addressKey(pair.b.registeredAddress)) {
            pair.reasons << QStringLiteral("address");
            ++pair.score;
        }
        out << pair;
    }
    std::sort(out.begin(), out.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
        return x.score != y.score ? x.score > y.score
                                  : std::make_pair(x.a.id, x.b.id) < std::make_pair(y.a.id, y.b.id);
    });
    return out;
}

namespace {
// The fields a merge may fill in the kept record, read and written through a Person.
struct Field
{
    const char* name;
    QString Person::*member;
};
constexpr Field kFillable[] = {
    {"family_kana", &Person::familyKana},
    {"given_kana", &Person::givenKana},
    {"sex", &Person::sex},
    {"registered_address", &Person::registeredAddress},
    {"whereabouts", &Person::whereabouts},
    {"phone", &Person::phone},
    {"allergies", &Person::allergies},
    {"pets", &Person::pets},
    {"household_key", &Person::householdKey},
};
} // namespace

Status DisasterService::Impl::writeFilledFields(const Person& p, const QString& now,
                                                const Session& by) const
{
    auto sealed = seal(p);
    if (!sealed) {
        return sealed.error();
    }
    return db.run(
        QStringLiteral("UPDATE ledger_persons SET family_kana = ?, given_kana = ?, sex = ?, "
                       "birth_date = ?, sealed = ?, pets = ?, household_key = ?, resident_id = ?, "
                       "needs = ?, dv = ?, kana_key = ?, updated_at = ?, updated_by = ?, version = "
                       "version + 1 WHERE id = ?"),
        {p.familyKana, p.givenKana, p.sex, isoDate(p.birthDate), *sealed, p.pets, p.householdKey,
         p.residentId != 0 ? QVariant(p.residentId) : QVariant(), needsText(p.needs), p.dv ? 1 : 0,
         text::searchKey(p.familyKana + p.givenKana), now, by.login(), p.id});
}

Result<Person> DisasterService::merge(qint64 keep, qint64 drop, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (keep == drop) {
        return invalid(QCoreApplication::translate("DisasterService",
                                                   "a person cannot be merged into itself"));
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto k = d->loadPerson(keep);
    if (!k) {
        return k.error();
    }
    auto x = d->loadPerson(drop);
    if (!x) {
        return x.error();
    }
    if (k->disasterId != x->disasterId) {
        return invalid(QCoreApplication::translate(
                           "DisasterService", "persons %1 and %2 belong to different disasters")
                           .arg(keep)
                           .arg(drop));
    }
    if (k->mergedInto != 0 || x->mergedInto != 0) {
        return Error(QCoreApplication::translate("DisasterService", "person %1 was already merged")
                         .arg(k->mergedInto != 0 ? keep : drop),
                     QStringLiteral("disaster.merged"));
    }
    // What changes in the kept record, remembered on the dropped one for unmerge().
    QJsonObject filled;
    Person merged = *k;
    for (const Field& f : kFillable) {
        if ((merged.*f.member).isEmpty() && !((*x).*f.member).isEmpty()) {
            merged.*f.member = (*x).*f.member;
            filled.insert(QLatin1String(f.name), true);
        }
    }
    if (!merged.birthDate.isValid() && x->birthDate.isValid()) {
        merged.birthDate = x->birthDate;
        filled.insert(QStringLiteral("birth_date"), true);
    }
    if (merged.residentId == 0 && x->residentId != 0) {
        merged.residentId = x->residentId;
        filled.insert(QStringLiteral("resident_id"), true);
    }
    const QStringList needsBefore = merged.needs;
    for (const QString& n : x->needs) {
        if (!merged.needs.contains(n)) {
            merged.needs << n;
        }
    }
    if (merged.needs != needsBefore) {
        filled.insert(QStringLiteral("needs"), needsText(needsBefore));
    }
    if (x->dv && !merged.dv) {
        merged.dv = true; // protection is never lost by a merge
        filled.insert(QStringLiteral("dv"), true);
    }
    // Stays: all of drop's move to keep; when both are checked in somewhere, drop's open stay
    // is closed (keep's place wins) and reopened by unmerge().
    auto dropStays = stays(drop);
    if (!dropStays) {
        return dropStays.error();
    }
    // What the other workstations must learn: drop's stays, keep and drop, as they were.
    QList<std::pair<qint64, QJsonObject>> staysBefore;
    for (const Stay& s : std::as_const(*dropStays)) {
        auto b = d->before(Entity::Stay, s.id);
        if (!b) {
            return b.error();
        }
        staysBefore.append({s.id, *b});
    }
    auto keepBefore = d->before(Entity::Person, keep);
    auto dropBefore = d->before(Entity::Person, drop);
    if (!keepBefore || !dropBefore) {
        return (!keepBefore ? keepBefore : dropBefore).error();
    }
    QJsonArray moved;
    qint64 closedStay = 0;
    const QString now = Clock::isoNow();
    for (const Stay& s : *dropStays) {
        moved.append(s.id);
        if (!s.checkedOutAt.isValid() && k->shelterId != 0) {
            closedStay = s.id;
            if (Status st = d->db.run(QStringLiteral("UPDATE disaster_stays SET checked_out_at = "
                                                     "? WHERE id = ?"),
                                      {now, s.id});
                !st) {
                return st.error();
            }
        }
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE disaster_stays SET person_id = ? WHERE "
                                             "person_id = ?"),
                              {keep, drop});
        !st) {
        return st.error();
    }
    if (Status st = d->writeFilledFields(merged, now, by); !st) {
        return st.error();
    }
    const QJsonObject record{{QStringLiteral("filled"), filled},
                             {QStringLiteral("stays"), moved},
                             {QStringLiteral("closed_stay"), closedStay},
                             {QStringLiteral("at"), now}};
    if (Status st = d->db.run(
            QStringLiteral("UPDATE ledger_persons SET merged_into = ?, "
                           "merge_record = ?, updated_at = ?, updated_by = ?, "
                           "version = version + 1 WHERE id = ?"),
            {keep, QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact)), now,
             by.login(), drop});
        !st) {
        return st.error();
    }
    for (const auto& [stayId, b] : std::as_const(staysBefore)) {
        if (Status st = d->publish(Entity::Stay, stayId, b, by); !st) {
            return st.error();
        }
    }
    if (Status st = d->publish(Entity::Person, keep, *keepBefore, by); !st) {
        return st.error();
    }
    if (Status st = d->publish(Entity::Person, drop, *dropBefore, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.merge"), k->uid,
                             QStringLiteral("%1 merged into %2 (%3 stays moved, filled: %4)")
                                 .arg(x->uid, k->uid)
                                 .arg(moved.size())
                                 .arg(filled.keys().join(QStringLiteral(", "))));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return d->loadPerson(keep);
}

Result<Person> DisasterService::unmerge(qint64 drop, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    Transaction tx(d->db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto x = d->loadPerson(drop);
    if (!x) {
        return x.error();
    }
    if (x->mergedInto == 0) {
        return Error(
            QCoreApplication::translate("DisasterService", "person %1 is not merged into another")
                .arg(drop),
            QStringLiteral("disaster.not_merged"));
    }
    const qint64 keep = x->mergedInto;
    auto recordText = d->db.scalar(
        QStringLiteral("SELECT merge_record FROM ledger_persons WHERE id = ?"), {drop});
    if (!recordText) {
        return recordText.error();
    }
    const QJsonObject record = QJsonDocument::fromJson(recordText->toString().toUtf8()).object();
    const QJsonObject filled = record.value(QStringLiteral("filled")).toObject();
    auto k = d->loadPerson(keep);
    if (!k) {
        return k.error();
    }
    // The kept record loses what the merge filled in; anything changed since stays.
    Person restored = *k;
    for (const Field& f : kFillable) {
        if (filled.contains(QLatin1String(f.name)) && restored.*f.member == (*x).*f.member) {
            restored.*f.member = QString();
        }
    }
    if (filled.contains(QStringLiteral("birth_date")) && restored.birthDate == x->birthDate) {
        restored.birthDate = QDate();
    }
    if (filled.contains(QStringLiteral("resident_id")) && restored.residentId == x->residentId) {
        restored.residentId = 0;
    }
    if (filled.contains(QStringLiteral("needs"))) {
        restored.needs =
            filled.value(QStringLiteral("needs")).toString().split(u',', Qt::SkipEmptyParts);
    }
    if (filled.contains(QStringLiteral("dv"))) {
        restored.dv = false;
    }
    const QString now = Clock::isoNow();
    QList<std::pair<qint64, QJsonObject>> staysBefore;
    for (const QJsonValue& v : record.value(QStringLiteral("stays")).toArray()) {
        auto b = d->before(Entity::Stay, v.toInteger());
        if (!b) {
            return b.error();
        }
        staysBefore.append({v.toInteger(), *b});
    }
    auto keepBefore = d->before(Entity::Person, keep);
    auto dropBefore = d->before(Entity::Person, drop);
    if (!keepBefore || !dropBefore) {
        return (!keepBefore ? keepBefore : dropBefore).error();
    }
    for (const QJsonValue& v : record.value(QStringLiteral("stays")).toArray()) {
        if (Status st = d->db.run(QStringLiteral("UPDATE disaster_stays SET person_id = ? WHERE "
                                                 "id = ? AND person_id = ?"),
                                  {drop, v.toInteger(), keep});
            !st) {
            return st.error();
        }
    }
    if (const qint64 closed = record.value(QStringLiteral("closed_stay")).toInteger();
        closed != 0) {
        if (Status st = d->db.run(QStringLiteral("UPDATE disaster_stays SET checked_out_at = NULL "
                                                 "WHERE id = ? AND checked_out_at = ?"),
                                  {closed, record.value(QStringLiteral("at")).toString()});
            !st) {
            return st.error();
        }
    }
    if (Status st = d->writeFilledFields(restored, now, by); !st) {
        return st.error();
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE ledger_persons SET merged_into = NULL, "
                                             "merge_record = NULL, updated_at = ?, updated_by = "
                                             "?, version = version + 1 WHERE id = ?"),
                              {now, by.login(), drop});
        !st) {
        return st.error();
    }
    for (const auto& [stayId, b] : std::as_const(staysBefore)) {
        if (Status st = d->publish(Entity::Stay, stayId, b, by); !st) {
            return st.error();
        }
    }
    if (Status st = d->publish(Entity::Person, keep, *keepBefore, by); !st) {
        return st.error();
    }
    if (Status st = d->publish(Entity::Person, drop, *dropBefore, by); !st) {
        return st.error();
    }
    if (Status st = d->audit(by, QStringLiteral("disaster.unmerge"), x->uid,
                             QStringLiteral("%1 taken out of %2").arg(x->uid, k->uid));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return d->loadPerson(drop);
}

Result<QList<Person>> DisasterService::mergedPersons(qint64 disasterId) const
{
    auto id = d->disasterOrCurrent(disasterId);
    if (!id) {
        return id.error();
    }
    return d->selectPersons(
        QStringLiteral("WHERE p.disaster_id = ? AND p.merged_into IS NOT NULL ORDER BY p.id"),
        {*id});
}

} // namespace madoguchi::disaster
