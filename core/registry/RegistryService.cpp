#include "registry/RegistryService.h"

#include "sync/Outbox.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "ids/Identifiers.h"
#include "refdata/ReferenceData.h"
#include "registry/SearchKeys.h"
#include "storage/Transaction.h"
#include "text/JapaneseText.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace madoguchi {

namespace {
QString iso(const QDate& d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QStringLiteral("");
}

QDate date(const QVariant& v)
{
    return QDate::fromString(v.toString(), Qt::ISODate);
}

const QString kSelect =
    QStringLiteral("SELECT r.id, r.resident_code, r.household_id, h.household_no, r.relationship, "
                   "r.family_name, r.given_name, "
                   "r.family_kana, r.given_kana, r.is_foreign, r.alpha_name, r.common_name, "
                   "r.common_name_kana, r.nationality, "
                   "r.residence_status, r.residence_period, r.residence_expiry, "
                   "r.residence_card_no, r.birth_date, r.sex, "
                   "r.lg_code, r.postal_code, r.town, r.banchi, r.building, r.became_resident_on, "
                   "r.status, r.removed_on, "
                   "r.removed_reason, r.honseki, r.hittousha, r.notes, r.my_number_enc IS NOT "
                   "NULL, r.dv_support, r.dv_note, "
                   "r.version FROM residents r JOIN households h ON h.id = r.household_id");

Resident residentFrom(const QSqlQuery& q)
{
    Resident r;
    int i = 0;
    r.id = q.value(i++).toLongLong();
    r.residentCode = q.value(i++).toString();
    r.householdId = q.value(i++).toLongLong();
    r.householdNo = q.value(i++).toString();
    r.relationship = q.value(i++).toString();
    r.familyName = q.value(i++).toString();
    r.givenName = q.value(i++).toString();
    r.familyKana = q.value(i++).toString();
    r.givenKana = q.value(i++).toString();
    r.isForeign = q.value(i++).toInt() != 0;
    r.alphaName = q.value(i++).toString();
    r.commonName = q.value(i++).toString();
    r.commonNameKana = q.value(i++).toString();
    r.nationality = q.value(i++).toString();
    r.residenceStatus = q.value(i++).toString();
    r.residencePeriod = q.value(i++).toString();
    r.residenceExpiry = date(q.value(i++));
    r.residenceCardNo = q.value(i++).toString();
    r.birthDate = date(q.value(i++));
    r.sex = q.value(i++).toString();
    r.address.lgCode = q.value(i++).toString();
    r.address.postalCode = q.value(i++).toString();
    r.address.town = q.value(i++).toString();
    r.address.banchi = q.value(i++).toString();
    r.address.building = q.value(i++).toString();
    r.becameResidentOn = date(q.value(i++));
    r.status = q.value(i++).toString();
    r.removedOn = date(q.value(i++));
    r.removedReason = q.value(i++).toString();
    r.honseki = q.value(i++).toString();
    r.hittousha = q.value(i++).toString();
    r.notes = q.value(i++).toString();
    r.hasMyNumber = q.value(i++).toBool();
    r.dvSupport = q.value(i++).toInt() != 0;
    r.dvNote = q.value(i++).toString();
    r.version = q.value(i++).toInt();
    return r;
}

// Column values of a resident as stored.
QVariantMap columnsOf(const Resident& r)
{
    return {
        {QStringLiteral("relationship"), r.relationship},
        {QStringLiteral("family_name"), r.familyName},
        {QStringLiteral("given_name"), r.givenName},
        {QStringLiteral("family_kana"), r.familyKana},
        {QStringLiteral("given_kana"), r.givenKana},
        {QStringLiteral("is_foreign"), r.isForeign ? 1 : 0},
        {QStringLiteral("alpha_name"), r.alphaName},
        {QStringLiteral("common_name"), r.commonName},
        {QStringLiteral("common_name_kana"), r.commonNameKana},
        {QStringLiteral("nationality"), r.nationality},
        {QStringLiteral("residence_status"), r.residenceStatus},
        {QStringLiteral("residence_period"), r.residencePeriod},
        {QStringLiteral("residence_expiry"), iso(r.residenceExpiry)},
        {QStringLiteral("residence_card_no"), r.residenceCardNo},
        {QStringLiteral("birth_date"), iso(r.birthDate)},
        {QStringLiteral("sex"), r.sex},
        {QStringLiteral("lg_code"), r.address.lgCode},
        {QStringLiteral("postal_code"), r.address.postalCode},
        {QStringLiteral("town"), r.address.town},
        {QStringLiteral("banchi"), r.address.banchi},
        {QStringLiteral("building"), r.address.building},
        {QStringLiteral("became_resident_on"), iso(r.becameResidentOn)},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("removed_on"), iso(r.removedOn)},
        {QStringLiteral("removed_reason"), r.removedReason},
        {QStringLiteral("honseki"), r.honseki},
        {QStringLiteral("hittousha"), r.hittousha},
        {QStringLiteral("notes"), r.notes},
        {QStringLiteral("household_id"), r.householdId},
    };
}

bool isKanaText(const QString& s)
{
    for (QChar c : s) {
        const char16_t u = c.unicode();
        const bool kana = (u >= 0x3041 && u <= 0x309F) || (u >= 0x30A0 && u <= 0x30FF) ||
                          (u >= 0xFF65 && u <= 0xFF9F);
        if (!kana && !c.isSpace() && u != 0x30FB) {
            return false;
        }
    }
    return true;
}

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("registry.invalid"));
}

const QSet<QString> kKeyColumns = {
    QStringLiteral("family_name"),      QStringLiteral("given_name"), QStringLiteral("family_kana"),
    QStringLiteral("given_kana"),       QStringLiteral("alpha_name"), QStringLiteral("common_name"),
    QStringLiteral("common_name_kana"), QStringLiteral("town"),       QStringLiteral("banchi"),
    QStringLiteral("building")};
} // namespace

RegistryService::RegistryService(Database db) : m_db(std::move(db)) {}
RegistryService::~RegistryService() = default;

Result<KeyStore*> RegistryService::keys()
{
    if (!m_keys) {
        auto ks = KeyStore::open(m_db);
        if (!ks) {
            return ks.error();
        }
        m_keys = std::make_unique<KeyStore>(std::move(ks).value());
    }
    return m_keys.get();
}

QString RegistryService::addressDisplay(const Address& a) const
{
    QString place = m_placeNames.value(a.lgCode);
    if (place.isEmpty()) {
        auto name = ReferenceData(m_db).fullName(a.lgCode);
        place = name ? *name : QString();
        m_placeNames.insert(a.lgCode, place);
    }
    QString out = place + a.town + a.banchi;
    if (!a.building.isEmpty()) {
        out += QChar(0x3000) + a.building;
    }
    return out;
}

Status RegistryService::validateAddress(const Address& a)
{
    const ids::Check lg = ids::check(ids::Kind::LocalGovernmentCode, a.lgCode);
    if (!lg.valid) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "the local-government code of the address: %1")
                           .arg(lg.reason));
    }
    const QString postal = text::normaliseNumber(QString(a.postalCode).remove(u'〒'));
    if (postal.size() != 7) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "a postal code has 7 digits (e.g. 248-0012)"));
    }
    if (a.town.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "the town (町字) of the address is empty"));
    }
    if (a.banchi.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "the block number (番地) of the address is empty"));
    }
    return {};
}

Result<QString> RegistryService::newResidentCode() const
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        QString body = QString::number(QRandomGenerator::system()->bounded(1, 10));
        for (int i = 0; i < 9; ++i) {
            body += QChar(u'0' + QRandomGenerator::system()->bounded(10));
        }
        const QString code = body + QString::number(ids::residentCodeCheckDigit(body));
        auto taken =
            m_db.scalar(QStringLiteral("SELECT 1 FROM residents WHERE resident_code = ?"), {code});
        if (!taken) {
            return taken.error();
        }
        if (!taken->isValid()) {
            return code;
        }
    }
    return Error(QCoreApplication::translate("RegistryService", "no free resident code was found"),
                 QStringLiteral("registry.code"));
}

Result<qint64> RegistryService::createHousehold()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        const QString no =
            QStringLiteral("%1").arg(QRandomGenerator::system()->bounded(10000000, 99999999));
        auto taken =
            m_db.scalar(QStringLiteral("SELECT 1 FROM households WHERE household_no = ?"), {no});
        if (!taken) {
            return taken.error();
        }
        if (taken->isValid()) {
            continue;
        }
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO households (household_no, created_at) VALUES (?, ?)"),
                {no, Clock::isoNow()});
            !st) {
            return st.error();
        }
        auto id =
            m_db.scalar(QStringLiteral("SELECT id FROM households WHERE household_no = ?"), {no});
        if (!id) {
            return id.error();
        }
        return id->toLongLong();
    }
    return Error(
        QCoreApplication::translate("RegistryService", "no free household number was found"),
        QStringLiteral("registry.household"));
}

Result<Resident> RegistryService::load(qint64 residentId) const
{
    auto q = m_db.exec(kSelect + QStringLiteral(" WHERE r.id = ?"), {residentId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(QCoreApplication::translate("RegistryService",
                                                 "there is no resident with the number %1")
                         .arg(residentId),
                     QStringLiteral("registry.unknown"));
    }
    Resident r = residentFrom(*q);
    q->finish();
    r.addressDisplay = addressDisplay(r.address);
    return r;
}

Result<QList<Resident>> RegistryService::loadMany(const QList<qint64>& ids) const
{
    QList<Resident> out;
    if (ids.isEmpty()) {
        return out;
    }
    QStringList marks;
    QVariantList params;
    for (qint64 id : ids) {
        marks << QStringLiteral("?");
        params << id;
    }
    auto q =
        m_db.exec(kSelect + QStringLiteral(" WHERE r.id IN (%1)").arg(marks.join(u',')), params);
    if (!q) {
        return q.error();
    }
    QHash<qint64, Resident> byId;
    while (q->next()) {
        Resident r = residentFrom(*q);
        byId.insert(r.id, r);
    }
    // Only after the rows are read: a PostgreSQL connection runs one query at a time.
    q->finish();
    for (qint64 id : ids) {
        if (byId.contains(id)) {
            Resident r = byId.value(id);
            r.addressDisplay = addressDisplay(r.address);
            out << r;
        }
    }
    return out;
}

Result<std::optional<Resident>> RegistryService::findByCode(const QString& residentCode) const
{
    auto id = m_db.scalar(QStringLiteral("SELECT id FROM residents WHERE resident_code = ?"),
                          {text::normaliseNumber(residentCode)});
    if (!id) {
        return id.error();
    }
    if (!id->isValid()) {
        return std::optional<Resident>();
    }
    auto r = load(id->toLongLong());
    if (!r) {
        return r.error();
    }
    return std::optional<Resident>(*r);
}

Status RegistryService::writeSearchKeys(const Resident& r)
{
    if (Status st =
            m_db.run(QStringLiteral("DELETE FROM resident_keys WHERE resident_id = ?"), {r.id});
        !st) {
        return st;
    }
    QList<QStringList> former;
    auto q = m_db.exec(
        QStringLiteral("SELECT family_name, given_name, family_kana, given_kana FROM former_names "
                       "WHERE resident_id = ? ORDER BY id"),
        {r.id});
    if (!q) {
        return q.error();
    }
    while (q->next()) {
        former << QStringList{q->value(0).toString(), q->value(1).toString(),
                              q->value(2).toString(), q->value(3).toString()};
    }
    q->finish();
    for (const searchkeys::Key& k : searchkeys::forResident(r, former)) {
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO resident_keys (resident_id, kind, search_key, grams) "
                               "VALUES (?, ?, ?, ?)"),
                {r.id, k.kind, k.key, k.grams});
            !st) {
            return st;
        }
    }
    return {};
}

Result<Resident> RegistryService::registerResident(const NewResident& input, MoveKind kind,
                                                   const QDate& effective, const QString& reason,
                                                   const Session& by)
{
    if (Status st = by.require(Permission::EditResidents); !st) {
        return st.error();
    }
    if (kind != MoveKind::MoveIn && kind != MoveKind::Birth) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "a resident enters the register by 転入 or 出生"));
    }
    Resident p = input.person;
    p.familyName = p.familyName.trimmed();
    p.givenName = p.givenName.trimmed();
    p.familyKana = p.familyKana.trimmed();
    p.givenKana = p.givenKana.trimmed();
    p.alphaName = p.alphaName.simplified();
    if (p.isForeign ? p.alphaName.isEmpty() : (p.familyName.isEmpty() || p.givenName.isEmpty())) {
        return invalid(
            p.isForeign
                ? QCoreApplication::translate("RegistryService",
                                              "a foreign resident needs the name in the alphabet")
                : QCoreApplication::translate("RegistryService",
                                              "the family name and the given name are required"));
    }
    if (p.familyKana.isEmpty() || !isKanaText(p.familyKana + p.givenKana)) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "the reading (フリガナ) is required and must be written in kana"));
    }
    if (!p.birthDate.isValid() || p.birthDate > Clock::today() || p.birthDate.year() < 1870) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "the date of birth is missing or impossible"));
    }
    if (p.sex != QStringLiteral("male") && p.sex != QStringLiteral("female")) {
        return invalid(
            QCoreApplication::translate("RegistryService", "the sex must be male or female"));
    }
    if (!effective.isValid() || effective < p.birthDate || effective > Clock::today().addDays(14)) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "the effective date is missing, before the birth or too far ahead"));
    }
    p.address.postalCode = text::normaliseNumber(QString(p.address.postalCode).remove(u'〒'));
    p.address.lgCode = text::normaliseNumber(p.address.lgCode);
    if (Status st = validateAddress(p.address); !st) {
        return st.error();
    }
    if (p.isForeign && p.residenceStatus.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "a foreign resident needs the status of residence (在留資格)"));
    }
    if (!input.myNumber.isEmpty() && !ids::check(ids::Kind::MyNumber, input.myNumber).valid) {
        return invalid(QCoreApplication::translate("RegistryService", "the My Number: %1")
                           .arg(ids::check(ids::Kind::MyNumber, input.myNumber).reason));
    }
    p.becameResidentOn = effective;
    p.status = QStringLiteral("current");
    p.removedOn = {};
    p.removedReason.clear();

    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    QString code = text::normaliseNumber(input.residentCode);
    if (code.isEmpty()) {
        auto fresh = newResidentCode();
        if (!fresh) {
            return fresh.error();
        }
        code = *fresh;
    } else {
        const ids::Check c = ids::check(ids::Kind::ResidentCode, code);
        if (!c.valid) {
            return invalid(QCoreApplication::translate("RegistryService", "the resident code: %1")
                               .arg(c.reason));
        }
        auto taken =
            m_db.scalar(QStringLiteral("SELECT 1 FROM residents WHERE resident_code = ?"), {code});
        if (!taken) {
            return taken.error();
        }
        if (taken->isValid()) {
            return Error(QCoreApplication::translate(
                             "RegistryService", "the resident code %1 is already in the register")
                             .arg(code),
                         QStringLiteral("registry.duplicate"));
        }
    }
    if (input.householdId == 0) {
        auto h = createHousehold();
        if (!h) {
            return h.error();
        }
        p.householdId = *h;
        p.relationship = QStringLiteral("世帯主");
    } else {
        auto h = m_db.scalar(QStringLiteral("SELECT id FROM households WHERE id = ?"),
                             {input.householdId});
        if (!h) {
            return h.error();
        }
        if (!h->isValid()) {
            return invalid(
                QCoreApplication::translate("RegistryService", "the household does not exist"));
        }
        if (p.relationship.trimmed().isEmpty()) {
            return invalid(QCoreApplication::translate(
                "RegistryService", "a household member needs the relationship to the head (続柄)"));
        }
        p.householdId = input.householdId;
    }
    const QVariantMap cols = columnsOf(p);
    QStringList names = cols.keys();
    QStringList marks;
    QVariantList values;
    for (const QString& n : std::as_const(names)) {
        marks << QStringLiteral("?");
        values << cols.value(n);
    }
    const QString now = Clock::isoNow();
    names << QStringLiteral("resident_code") << QStringLiteral("kana_key")
          << QStringLiteral("address_key") << QStringLiteral("created_at")
          << QStringLiteral("updated_at");
    marks << QStringLiteral("?") << QStringLiteral("?") << QStringLiteral("?")
          << QStringLiteral("?") << QStringLiteral("?");
    values << code << text::searchKey(p.familyKana + p.givenKana)
           << searchkeys::addressKeyOf(p.address) << now << now;
    if (Status st =
            m_db.run(QStringLiteral("INSERT INTO residents (%1) VALUES (%2)")
                         .arg(names.join(QStringLiteral(", ")), marks.join(QStringLiteral(", "))),
                     values);
        !st) {
        return st.error();
    }
    auto id =
        m_db.scalar(QStringLiteral("SELECT id FROM residents WHERE resident_code = ?"), {code});
    if (!id) {
        return id.error();
    }
    p.id = id->toLongLong();
    p.residentCode = code;
    QJsonObject after = QJsonObject::fromVariantMap(cols);
    after.insert(QStringLiteral("resident_code"), code);
    if (Status st = m_db.run(
            QStringLiteral(
                "INSERT INTO moves (resident_id, kind, effective_date, recorded_at, operator, "
                "before_json, after_json, reason) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)"),
            {p.id, moves::id(kind), iso(effective), now, by.login(),
             QString::fromUtf8(QJsonDocument(after).toJson(QJsonDocument::Compact)), reason});
        !st) {
        return st.error();
    }
    // Central's national index learns of the move through the outbox, in this transaction.
    if (Status st = sync::Outbox(m_db).enqueue(QStringLiteral("resident.move"),
                                               QStringLiteral("resident:") + code, 0,
                                               {{QStringLiteral("resident_code"), code},
                                                {QStringLiteral("kind"), moves::id(kind)},
                                                {QStringLiteral("effective_date"), iso(effective)},
                                                {QStringLiteral("after"), after}},
                                               by.login());
        !st) {
        return st.error();
    }
    if (Status st = writeSearchKeys(p); !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).recordForResident(by.login(), QStringLiteral("resident.move"),
                                                     p.id, code, moves::id(kind));
        !st) {
        return st.error();
    }
    if (!input.myNumber.isEmpty()) {
        if (Status st = setMyNumber(p.id, input.myNumber, by); !st) {
            return st.error();
        }
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return load(p.id);
}

Result<Resident> RegistryService::change(qint64 residentId, MoveKind kind,
                                         const QVariantMap& columns, const QDate& effective,
                                         const QString& reason, const Session& by,
                                         qint64 correctsMoveId, const QString& approvedBy,
                                         const Remote* remote)
{
    if (!remote) {
        if (Status st = by.require(Permission::EditResidents); !st) {
            return st.error();
        }
    }
    const QString actor = remote ? QStringLiteral("central:") + remote->origin : by.login();
    if (!effective.isValid()) {
        return invalid(
            QCoreApplication::translate("RegistryService", "the effective date is missing"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto current = load(residentId);
    if (!current) {
        return current.error();
    }
    if (!remote && current->isRemoved() && kind != MoveKind::Correction &&
        kind != MoveKind::Update) {
        return Error(
            QCoreApplication::translate(
                "RegistryService", "%1 has left the register (除票); only corrections are possible")
                .arg(current->fullName()),
            QStringLiteral("registry.removed"));
    }
    if (effective < current->birthDate) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "the effective date is before the date of birth"));
    }
    const QVariantMap old = columnsOf(*current);
    QJsonObject before, after;
    QStringList sets;
    QVariantList values;
    bool keysChanged = false;
    for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
        if (!old.contains(it.key())) {
            return invalid(
                QCoreApplication::translate("RegistryService", "unknown field %1").arg(it.key()));
        }
        const QVariant oldValue = old.value(it.key());
        if (oldValue.toString() == it.value().toString()) {
            continue;
        }
        before.insert(it.key(), QJsonValue::fromVariant(oldValue));
        after.insert(it.key(), QJsonValue::fromVariant(it.value()));
        sets << it.key() + QStringLiteral(" = ?");
        values << it.value();
        keysChanged = keysChanged || kKeyColumns.contains(it.key());
    }
    if (sets.isEmpty() && remote) {
        // Central's change brings nothing new here: only its version.
        if (Status st = m_db.run(QStringLiteral("UPDATE residents SET version = ? WHERE id = ?"),
                                 {remote->version, residentId});
            !st) {
            return st.error();
        }
        if (Status st = tx.commit(); !st) {
            return st.error();
        }
        return load(residentId);
    }
    if (sets.isEmpty()) {
        return Error(QCoreApplication::translate("RegistryService", "nothing changes"),
                     QStringLiteral("registry.nothing"));
    }
    Resident next = *current;
    {
        // Apply to a copy for the derived columns (keys, kana order, address key).
        QVariantMap merged = old;
        for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
            merged.insert(it.key(), it.value());
        }
        next.familyName = merged.value(QStringLiteral("family_name")).toString();
        next.givenName = merged.value(QStringLiteral("given_name")).toString();
        next.familyKana = merged.value(QStringLiteral("family_kana")).toString();
        next.givenKana = merged.value(QStringLiteral("given_kana")).toString();
        next.alphaName = merged.value(QStringLiteral("alpha_name")).toString();
        next.commonName = merged.value(QStringLiteral("common_name")).toString();
        next.commonNameKana = merged.value(QStringLiteral("common_name_kana")).toString();
        next.address.lgCode = merged.value(QStringLiteral("lg_code")).toString();
        next.address.postalCode = merged.value(QStringLiteral("postal_code")).toString();
        next.address.town = merged.value(QStringLiteral("town")).toString();
        next.address.banchi = merged.value(QStringLiteral("banchi")).toString();
        next.address.building = merged.value(QStringLiteral("building")).toString();
        next.birthDate = date(merged.value(QStringLiteral("birth_date")));
    }
    if (!next.birthDate.isValid() || next.birthDate > Clock::today()) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "the date of birth is missing or impossible"));
    }
    if (Status st = validateAddress(next.address); !st) {
        return st.error();
    }
    sets << QStringLiteral("kana_key = ?") << QStringLiteral("address_key = ?")
         << QStringLiteral("version = ?") << QStringLiteral("updated_at = ?");
    values << text::searchKey(next.familyKana + next.givenKana)
           << searchkeys::addressKeyOf(next.address)
           << (remote ? remote->version : current->version + 1) << Clock::isoNow() << residentId
           << current->version;
    auto q = m_db.exec(
        QStringLiteral("UPDATE residents SET %1 WHERE id = ? AND version = ?").arg(sets.join(u',')),
        values);
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() != 1) {
        return Error(
            QCoreApplication::translate(
                "RegistryService",
                "someone else changed this resident in the meantime: reload and try again"),
            QStringLiteral("registry.conflict"));
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO moves (resident_id, kind, effective_date, recorded_at, "
                           "operator, before_json, "
                           "after_json, reason, corrects_move_id, approved_by) VALUES (?, ?, ?, ?, "
                           "?, ?, ?, ?, ?, ?)"),
            {residentId, moves::id(kind), iso(effective), Clock::isoNow(), actor,
             QString::fromUtf8(QJsonDocument(before).toJson(QJsonDocument::Compact)),
             QString::fromUtf8(QJsonDocument(after).toJson(QJsonDocument::Compact)), reason,
             correctsMoveId ? QVariant(correctsMoveId) : QVariant(QMetaType::fromType<qint64>()),
             approvedBy.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                  : QVariant(approvedBy)});
        !st) {
        return st.error();
    }
    if (!remote) {
        QJsonObject payload{{QStringLiteral("resident_code"), current->residentCode},
                            {QStringLiteral("kind"), moves::id(kind)},
                            {QStringLiteral("effective_date"), iso(effective)},
                            {QStringLiteral("before"), before},
                            {QStringLiteral("after"), after}};
        // A household id is this database's own: other registers know the household by its
        // number.
        if (after.contains(QStringLiteral("household_id"))) {
            auto no =
                m_db.scalar(QStringLiteral("SELECT household_no FROM households WHERE id = ?"),
                            {after.value(QStringLiteral("household_id")).toVariant()});
            if (!no) {
                return no.error();
            }
            payload.insert(QStringLiteral("household_no"), no->toString());
        }
        if (Status st =
                sync::Outbox(m_db).enqueue(QStringLiteral("resident.move"),
                                           QStringLiteral("resident:") + current->residentCode,
                                           current->version, payload, by.login());
            !st) {
            return st.error();
        }
    }
    if (keysChanged) {
        if (Status st = writeSearchKeys(next); !st) {
            return st.error();
        }
    }
    if (Status st = AuditLog(m_db).recordForResident(
            actor, remote ? QStringLiteral("sync.apply") : QStringLiteral("resident.move"),
            residentId, current->residentCode, moves::id(kind) + u' ' + after.keys().join(u','));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return load(residentId);
}

Result<Resident> RegistryService::applyFromCentral(const QString& residentCode, MoveKind kind,
                                                   const QVariantMap& after, const QDate& effective,
                                                   int version, const QString& origin)
{
    auto found = findByCode(residentCode);
    if (!found) {
        return found.error();
    }
    if (!*found) {
        return Error(
            QCoreApplication::translate("RegistryService", "resident %1 is not in this register")
                .arg(residentCode),
            QStringLiteral("registry.not_found"));
    }
    QVariantMap columns = after;
    const QString householdNo = columns.take(QStringLiteral("household_no")).toString();
    if (columns.contains(QStringLiteral("household_id"))) {
        // Another register's household id means nothing here: find the household by its number,
        // or start it.
        if (householdNo.isEmpty()) {
            return Error(QCoreApplication::translate("RegistryService",
                                                     "a change of household from central names "
                                                     "no household number"),
                         QStringLiteral("registry.household"));
        }
        auto id = m_db.scalar(QStringLiteral("SELECT id FROM households WHERE household_no = ?"),
                              {householdNo});
        if (!id) {
            return id.error();
        }
        if (!id->isValid()) {
            if (Status st = m_db.run(QStringLiteral("INSERT INTO households (household_no, "
                                                    "created_at) VALUES (?, ?)"),
                                     {householdNo, Clock::isoNow()});
                !st) {
                return st.error();
            }
            id = m_db.scalar(QStringLiteral("SELECT id FROM households WHERE household_no = ?"),
                             {householdNo});
            if (!id) {
                return id.error();
            }
        }
        columns.insert(QStringLiteral("household_id"), id->toLongLong());
    }
    const Remote remote{version, origin};
    return change((*found)->id, kind, columns, effective, {}, Session(), 0, {}, &remote);
}

Result<Resident> RegistryService::relocate(qint64 residentId, const Address& to,
                                           const QDate& effective, const Session& by)
{
    Address a = to;
    a.postalCode = text::normaliseNumber(QString(a.postalCode).remove(u'〒'));
    a.lgCode = text::normaliseNumber(a.lgCode);
    if (Status st = validateAddress(a); !st) {
        return st.error();
    }
    return change(residentId, MoveKind::Relocation,
                  {{QStringLiteral("lg_code"), a.lgCode},
                   {QStringLiteral("postal_code"), a.postalCode},
                   {QStringLiteral("town"), a.town.trimmed()},
                   {QStringLiteral("banchi"), a.banchi.trimmed()},
                   {QStringLiteral("building"), a.building.trimmed()}},
                  effective, {}, by);
}

Result<Resident> RegistryService::moveOut(qint64 residentId, const QDate& effective,
                                          const QString& destination, const Session& by)
{
    if (destination.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "a move out needs the new address (転出先)"));
    }
    return change(residentId, MoveKind::MoveOut,
                  {{QStringLiteral("status"), QStringLiteral("removed")},
                   {QStringLiteral("removed_on"), iso(effective)},
                   {QStringLiteral("removed_reason"),
                    QStringLiteral("転出（%1）").arg(destination.trimmed())}},
                  effective, destination.trimmed(), by);
}

Result<Resident> RegistryService::recordDeath(qint64 residentId, const QDate& effective,
                                              const Session& by)
{
    return change(residentId, MoveKind::Death,
                  {{QStringLiteral("status"), QStringLiteral("removed")},
                   {QStringLiteral("removed_on"), iso(effective)},
                   {QStringLiteral("removed_reason"), QStringLiteral("死亡")}},
                  effective, {}, by);
}

Result<Resident> RegistryService::changeName(qint64 residentId, const QString& family,
                                             const QString& given, const QString& familyKana,
                                             const QString& givenKana, const QDate& effective,
                                             const QString& reason, const Session& by)
{
    if (family.trimmed().isEmpty() || familyKana.trimmed().isEmpty() ||
        !isKanaText(familyKana + givenKana)) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "the new name needs a family name and its reading in kana"));
    }
    auto current = load(residentId);
    if (!current) {
        return current.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO former_names (resident_id, family_name, given_name, "
                           "family_kana, given_kana, until_date) VALUES (?, ?, ?, ?, ?, ?)"),
            {residentId, current->familyName, current->givenName, current->familyKana,
             current->givenKana, iso(effective)});
        !st) {
        return st.error();
    }
    auto changed = change(residentId, MoveKind::NameChange,
                          {{QStringLiteral("family_name"), family.trimmed()},
                           {QStringLiteral("given_name"), given.trimmed()},
                           {QStringLiteral("family_kana"), familyKana.trimmed()},
                           {QStringLiteral("given_kana"), givenKana.trimmed()}},
                          effective, reason, by);
    if (!changed) {
        return changed.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return changed;
}

Result<Resident> RegistryService::changeHousehold(qint64 residentId, qint64 targetHouseholdId,
                                                  const QString& relationship,
                                                  const QDate& effective, const Session& by)
{
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    qint64 target = targetHouseholdId;
    QString rel = relationship.trimmed();
    if (target == 0) {
        if (Status st = by.require(Permission::EditResidents); !st) {
            return st.error();
        }
        auto h = createHousehold();
        if (!h) {
            return h.error();
        }
        target = *h;
        rel = QStringLiteral("世帯主");
    } else if (rel.isEmpty()) {
        return invalid(QCoreApplication::translate(
            "RegistryService", "a household member needs the relationship to the head (続柄)"));
    }
    auto changed =
        change(residentId, MoveKind::HouseholdChange,
               {{QStringLiteral("household_id"), target}, {QStringLiteral("relationship"), rel}},
               effective, {}, by);
    if (!changed) {
        return changed.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return changed;
}

Result<Resident> RegistryService::updateDetails(qint64 residentId, const QVariantMap& fields,
                                                const QDate& effective, const QString& reason,
                                                const Session& by)
{
    static const QSet<QString> allowed = {QStringLiteral("honseki"),
                                          QStringLiteral("hittousha"),
                                          QStringLiteral("notes"),
                                          QStringLiteral("residence_status"),
                                          QStringLiteral("residence_period"),
                                          QStringLiteral("residence_expiry"),
                                          QStringLiteral("residence_card_no"),
                                          QStringLiteral("common_name"),
                                          QStringLiteral("common_name_kana"),
                                          QStringLiteral("nationality")};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (!allowed.contains(it.key())) {
            return invalid(QCoreApplication::translate(
                               "RegistryService", "%1 is not changed this way: use the move for it")
                               .arg(it.key()));
        }
    }
    return change(residentId, MoveKind::Update, fields, effective, reason, by);
}

Result<Move> RegistryService::correct(qint64 moveId, const QVariantMap& fields,
                                      const QString& reason, const Session& clerk,
                                      const Session& approver)
{
    if (Status st = approver.require(Permission::ApproveCorrections); !st) {
        return st.error();
    }
    if (approver.login() == clerk.login()) {
        return Error(QCoreApplication::translate(
                         "RegistryService",
                         "a correction is approved by another person than the one who enters it"),
                     QStringLiteral("auth.denied"));
    }
    if (reason.trimmed().isEmpty()) {
        return invalid(
            QCoreApplication::translate("RegistryService", "a correction needs its reason"));
    }
    auto q = m_db.exec(
        QStringLiteral("SELECT resident_id, after_json, effective_date, corrected_by_move_id "
                       "FROM moves WHERE id = ?"),
        {moveId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("RegistryService", "there is no move %1").arg(moveId),
            QStringLiteral("registry.unknown"));
    }
    const qint64 residentId = q->value(0).toLongLong();
    const QJsonObject recorded = QJsonDocument::fromJson(q->value(1).toString().toUtf8()).object();
    const QDate effective = date(q->value(2));
    const bool alreadyCorrected = !q->value(3).isNull();
    q->finish();
    if (alreadyCorrected) {
        return Error(
            QCoreApplication::translate(
                "RegistryService", "move %1 was already corrected: correct the correction instead")
                .arg(moveId),
            QStringLiteral("registry.corrected"));
    }
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (!recorded.contains(it.key())) {
            return invalid(
                QCoreApplication::translate("RegistryService", "move %1 did not record %2")
                    .arg(moveId)
                    .arg(it.key()));
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto changed = change(residentId, MoveKind::Correction, fields, effective, reason.trimmed(),
                          clerk, moveId, approver.login());
    if (!changed) {
        return changed.error();
    }
    auto newId = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM moves WHERE resident_id = ?"),
                             {residentId});
    if (!newId) {
        return newId.error();
    }
    if (Status st =
            m_db.run(QStringLiteral("UPDATE moves SET corrected_by_move_id = ? WHERE id = ?"),
                     {newId->toLongLong(), moveId});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).recordForResident(
            approver.login(), QStringLiteral("resident.correction.approve"), residentId,
            changed->residentCode, QStringLiteral("move %1").arg(moveId));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto list = history(residentId, clerk);
    if (!list) {
        return list.error();
    }
    for (const Move& m : std::as_const(*list)) {
        if (m.id == newId->toLongLong()) {
            return m;
        }
    }
    return Error(QCoreApplication::translate("RegistryService",
                                             "the correction was saved but cannot be read back"),
                 QStringLiteral("registry.unknown"));
}

Status RegistryService::setMyNumber(qint64 residentId, const QString& myNumber, const Session& by)
{
    if (Status st = by.require(Permission::EditResidents); !st) {
        return st;
    }
    const ids::Check c = ids::check(ids::Kind::MyNumber, myNumber);
    if (!c.valid) {
        return invalid(
            QCoreApplication::translate("RegistryService", "the My Number: %1").arg(c.reason));
    }
    auto ks = keys();
    if (!ks) {
        return ks.error();
    }
    auto r = load(residentId);
    if (!r) {
        return r.error();
    }
    const QString mac = (*ks)->lookupHash(c.normalised);
    auto owner =
        m_db.scalar(QStringLiteral("SELECT id FROM residents WHERE my_number_hmac = ?"), {mac});
    if (!owner) {
        return owner.error();
    }
    if (owner->isValid() && owner->toLongLong() != residentId) {
        return Error(
            QCoreApplication::translate("RegistryService",
                                        "this My Number is already registered to another resident"),
            QStringLiteral("registry.duplicate"));
    }
    auto sealed = (*ks)->seal(c.normalised, r->residentCode);
    if (!sealed) {
        return sealed.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st =
            m_db.run(QStringLiteral("UPDATE residents SET my_number_enc = ?, my_number_hmac = ?, "
                                    "updated_at = ? WHERE id = ?"),
                     {*sealed, mac, Clock::isoNow(), residentId});
        !st) {
        return st;
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("resident.mynumber.set"), residentId, r->residentCode,
            ids::maskMyNumber(c.normalised));
        !st) {
        return st;
    }
    return tx.commit();
}

Result<QString> RegistryService::revealMyNumber(qint64 residentId, const QString& reason,
                                                const Session& by)
{
    if (Status st = by.require(Permission::ViewFullMyNumber); !st) {
        return st.error();
    }
    if (reason.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate("RegistryService",
                                                   "showing the full My Number needs a reason"));
    }
    auto q =
        m_db.exec(QStringLiteral("SELECT my_number_enc, resident_code FROM residents WHERE id = ?"),
                  {residentId});
    if (!q) {
        return q.error();
    }
    if (!q->next() || q->value(0).isNull()) {
        return Error(QCoreApplication::translate("RegistryService",
                                                 "no My Number is registered for this resident"),
                     QStringLiteral("registry.no_mynumber"));
    }
    const QString value = q->value(0).toString();
    const QString code = q->value(1).toString();
    q->finish();
    auto ks = keys();
    if (!ks) {
        return ks.error();
    }
    auto plain = (*ks)->unseal(value, code);
    if (!plain) {
        return plain.error();
    }
    if (Status st =
            AuditLog(m_db).recordForResident(by.login(), QStringLiteral("resident.mynumber.reveal"),
                                             residentId, code, {}, reason.trimmed());
        !st) {
        return st.error();
    }
    return *plain;
}

Result<std::optional<Resident>> RegistryService::findByMyNumber(const QString& myNumber,
                                                                const Session& by)
{
    if (Status st = by.require(Permission::ViewFullMyNumber); !st) {
        return st.error();
    }
    const ids::Check c = ids::check(ids::Kind::MyNumber, myNumber);
    if (!c.valid) {
        return invalid(
            QCoreApplication::translate("RegistryService", "the My Number: %1").arg(c.reason));
    }
    auto ks = keys();
    if (!ks) {
        return ks.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT id FROM residents WHERE my_number_hmac = ?"),
                          {(*ks)->lookupHash(c.normalised)});
    if (!id) {
        return id.error();
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("resident.search.mynumber"),
            id->isValid() ? id->toLongLong() : 0, ids::maskMyNumber(c.normalised));
        !st) {
        return st.error();
    }
    if (!id->isValid()) {
        return std::optional<Resident>();
    }
    auto r = load(id->toLongLong());
    if (!r) {
        return r.error();
    }
    return std::optional<Resident>(*r);
}

Result<bool> RegistryService::myNumberMatches(qint64 residentId, const QString& myNumber,
                                              const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    const ids::Check c = ids::check(ids::Kind::MyNumber, myNumber);
    if (!c.valid) {
        return invalid(
            QCoreApplication::translate("RegistryService", "the My Number: %1").arg(c.reason));
    }
    auto ks = keys();
    if (!ks) {
        return ks.error();
    }
    auto hmac = m_db.scalar(QStringLiteral("SELECT my_number_hmac FROM residents WHERE id = ?"),
                            {residentId});
    if (!hmac) {
        return hmac.error();
    }
    const bool same = !hmac->isNull() && hmac->toString() == (*ks)->lookupHash(c.normalised);
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("resident.mynumber_compared"), residentId,
            ids::maskMyNumber(c.normalised),
            same ? QStringLiteral("match") : QStringLiteral("differ"));
        !st) {
        return st.error();
    }
    return same;
}

Status RegistryService::setDvSupport(qint64 residentId, bool on, const QString& note,
                                     const Session& by)
{
    if (Status st = by.require(Permission::ApproveCorrections); !st) {
        return st;
    }
    auto r = load(residentId);
    if (!r) {
        return r.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE residents SET dv_support = ?, dv_note = ?, "
                                            "updated_at = ? WHERE id = ?"),
                             {on ? 1 : 0, note.trimmed(), Clock::isoNow(), residentId});
        !st) {
        return st;
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), on ? QStringLiteral("resident.dv.on") : QStringLiteral("resident.dv.off"),
            residentId, r->residentCode);
        !st) {
        return st;
    }
    return tx.commit();
}

Result<Resident> RegistryService::view(qint64 residentId, const QString& purpose, const Session& by)
{
    if (Status st = by.require(Permission::ViewResidents); !st) {
        return st.error();
    }
    auto r = load(residentId);
    if (!r) {
        return r.error();
    }
    if (Status st = AuditLog(m_db).recordForResident(by.login(), QStringLiteral("resident.view"),
                                                     residentId, r->residentCode, {}, purpose);
        !st) {
        return st.error();
    }
    return r;
}

Result<QList<Resident>> RegistryService::householdMembers(qint64 householdId, const Session& by)
{
    if (Status st = by.require(Permission::ViewResidents); !st) {
        return st.error();
    }
    auto q = m_db.exec(
        QStringLiteral("SELECT id FROM residents WHERE household_id = ? "
                       "ORDER BY CASE WHEN relationship = '世帯主' THEN 0 ELSE 1 END, birth_date"),
        {householdId});
    if (!q) {
        return q.error();
    }
    QList<qint64> ids;
    while (q->next()) {
        ids << q->value(0).toLongLong();
    }
    q->finish();
    auto members = loadMany(ids);
    if (!members) {
        return members.error();
    }
    if (!members->isEmpty()) {
        if (Status st =
                AuditLog(m_db).recordForResident(by.login(), QStringLiteral("household.view"),
                                                 members->first().id, members->first().householdNo);
            !st) {
            return st.error();
        }
    }
    return members;
}

Result<QList<Move>> RegistryService::history(qint64 residentId, const Session& by)
{
    if (Status st = by.require(Permission::ViewResidents); !st) {
        return st.error();
    }
    auto q = m_db.exec(
        QStringLiteral(
            "SELECT id, resident_id, kind, effective_date, recorded_at, operator, before_json, "
            "after_json, reason, corrects_move_id, approved_by, corrected_by_move_id "
            "FROM moves WHERE resident_id = ? ORDER BY id"),
        {residentId});
    if (!q) {
        return q.error();
    }
    QList<Move> out;
    while (q->next()) {
        Move m;
        m.id = q->value(0).toLongLong();
        m.residentId = q->value(1).toLongLong();
        m.kind = moves::fromId(q->value(2).toString()).value_or(MoveKind::Update);
        m.effectiveDate = date(q->value(3));
        m.recordedAt = QDateTime::fromString(q->value(4).toString(), Qt::ISODateWithMs);
        m.operatorLogin = q->value(5).toString();
        m.before = QJsonDocument::fromJson(q->value(6).toString().toUtf8()).object();
        m.after = QJsonDocument::fromJson(q->value(7).toString().toUtf8()).object();
        m.reason = q->value(8).toString();
        m.correctsMoveId = q->value(9).toLongLong();
        m.approvedBy = q->value(10).toString();
        m.correctedByMoveId = q->value(11).toLongLong();
        out << m;
    }
    return out;
}

} // namespace madoguchi
