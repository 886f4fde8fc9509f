#include "disaster/LedgerSync.h"

#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "disaster/Disaster.h"
#include "sync/Outbox.h"
#include "text/JapaneseText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace madoguchi::disaster {

namespace {

struct Table
{
    Entity entity;
    const char* kind;
    const char* table;
};

constexpr Table kTables[] = {
    {Entity::Disaster, "disaster.event", "disasters"},
    {Entity::Shelter, "disaster.shelter", "shelters"},
    {Entity::Person, "disaster.person", "ledger_persons"},
    {Entity::Stay, "disaster.stay", "disaster_stays"},
};

const Table& tableOf(Entity e)
{
    for (const Table& t : kTables) {
        if (t.entity == e) {
            return t;
        }
    }
    return kTables[0];
}

QString entityName(Entity e)
{
    return QString::fromLatin1(tableOf(e).kind).mid(9); // event, shelter, person, stay
}

std::optional<Entity> entityNamed(const QString& name)
{
    for (const Table& t : kTables) {
        if (QString::fromLatin1(t.kind).mid(9) == name) {
            return t.entity;
        }
    }
    return std::nullopt;
}

QJsonValue jtext(const QVariant& v)
{
    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.toString());
}

QVariant nullable(const QJsonValue& v)
{
    return v.isNull() || v.isUndefined() || v.toString().isEmpty() ? QVariant()
                                                                   : QVariant(v.toString());
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parse(const QString& s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

Error ledgerError(const QString& message)
{
    return Error(message, QStringLiteral("disaster.sync"));
}

} // namespace

Result<QString> sealContact(const KeyStore& keys, const ContactFields& c, const QString& uid)
{
    const QJsonObject o{{QStringLiteral("a"), c.registeredAddress},
                        {QStringLiteral("w"), c.whereabouts},
                        {QStringLiteral("p"), c.phone},
                        {QStringLiteral("l"), c.allergies}};
    return keys.seal(compact(o), uid);
}

Result<ContactFields> unsealContact(const KeyStore& keys, const QString& sealed, const QString& uid)
{
    auto plain = keys.unseal(sealed, uid);
    if (!plain) {
        return plain.error();
    }
    const QJsonObject o = parse(*plain);
    return ContactFields{
        o.value(QStringLiteral("a")).toString(), o.value(QStringLiteral("w")).toString(),
        o.value(QStringLiteral("p")).toString(), o.value(QStringLiteral("l")).toString()};
}

struct LedgerSync::Impl
{
    Database db;
    mutable std::unique_ptr<KeyStore> keys;
    mutable QString origin;

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

    // Where a change is made: the terminal name at central, else the ledger's domain.
    QString originName() const
    {
        if (origin.isEmpty()) {
            auto v = db.scalar(
                QStringLiteral("SELECT value FROM settings WHERE key = 'central.terminal'"));
            origin = v && v->isValid() ? v->toString() : QString();
            if (origin.isEmpty()) {
                origin = uidDomain(db);
            }
        }
        return origin;
    }

    Result<qint64> idOf(Entity e, const QString& uid) const
    {
        auto v = db.scalar(
            QStringLiteral("SELECT id FROM %1 WHERE uid = ?").arg(QLatin1String(tableOf(e).table)),
            {uid});
        if (!v) {
            return v.error();
        }
        return v->isValid() ? v->toLongLong() : 0;
    }

    Result<QString> uidOf(Entity e, qint64 id) const
    {
        auto v = db.scalar(
            QStringLiteral("SELECT uid FROM %1 WHERE id = ?").arg(QLatin1String(tableOf(e).table)),
            {id});
        if (!v) {
            return v.error();
        }
        return v->isValid() ? v->toString() : QString();
    }

    Result<QJsonObject> fieldTimes(Entity e, qint64 id) const
    {
        auto v = db.scalar(QStringLiteral("SELECT field_times FROM %1 WHERE id = ?")
                               .arg(QLatin1String(tableOf(e).table)),
                           {id});
        if (!v) {
            return v.error();
        }
        return parse(v->toString());
    }

    Result<QJsonObject> snapshot(Entity e, qint64 id) const;
    // Writes a whole record from its replicated fields (id 0: a new one). `missing` names a
    // record it refers to that is not here yet.
    Result<qint64> write(Entity e, qint64 id, const QString& uid, const QJsonObject& f,
                         const QJsonObject& times, QString* missing) const;

    // merge_record with local stay ids ⇄ with stay uids.
    Result<QJsonValue> recordOut(const QVariant& stored) const
    {
        if (stored.isNull() || stored.toString().isEmpty()) {
            return QJsonValue(QJsonValue::Null);
        }
        QJsonObject r = parse(stored.toString());
        QJsonArray stays;
        for (const QJsonValue& v : r.value(QStringLiteral("stays")).toArray()) {
            auto uid = uidOf(Entity::Stay, v.toInteger());
            if (!uid) {
                return uid.error();
            }
            stays.append(*uid);
        }
        r.insert(QStringLiteral("stays"), stays);
        const qint64 closed = r.value(QStringLiteral("closed_stay")).toInteger();
        auto closedUid = closed != 0 ? uidOf(Entity::Stay, closed) : Result<QString>(QString());
        if (!closedUid) {
            return closedUid.error();
        }
        r.insert(QStringLiteral("closed_stay"), *closedUid);
        return QJsonValue(r);
    }

    Result<QVariant> recordIn(const QJsonValue& v, QString* missing) const
    {
        if (!v.isObject()) {
            return QVariant();
        }
        QJsonObject r = v.toObject();
        QJsonArray stays;
        for (const QJsonValue& s : r.value(QStringLiteral("stays")).toArray()) {
            auto id = idOf(Entity::Stay, s.toString());
            if (!id) {
                return id.error();
            }
            if (*id == 0) {
                *missing = s.toString();
                return QVariant();
            }
            stays.append(*id);
        }
        r.insert(QStringLiteral("stays"), stays);
        qint64 closed = 0;
        if (const QString c = r.value(QStringLiteral("closed_stay")).toString(); !c.isEmpty()) {
            auto id = idOf(Entity::Stay, c);
            if (!id) {
                return id.error();
            }
            if (*id == 0) {
                *missing = c;
                return QVariant();
            }
            closed = *id;
        }
        r.insert(QStringLiteral("closed_stay"), closed);
        return QVariant(compact(r));
    }
};

Result<QJsonObject> LedgerSync::Impl::snapshot(Entity e, qint64 id) const
{
    QJsonObject o;
    switch (e) {
    case Entity::Disaster: {
        auto q = db.exec(QStringLiteral("SELECT uid, code, name, type, occurred_on, "
                                        "affected_areas, opened_at, opened_by, closed_at FROM "
                                        "disasters WHERE id = ?"),
                         {id});
        if (!q) {
            return q.error();
        }
        if (!q->next()) {
            return o;
        }
        const char* names[] = {"uid",       "code",        "name",
                               "type",      "occurred_on", "affected_areas",
                               "opened_at", "opened_by",   "closed_at"};
        for (int i = 0; i < 9; ++i) {
            o.insert(QLatin1String(names[i]), jtext(q->value(i)));
        }
        return o;
    }
    case Entity::Shelter: {
        auto q = db.exec(QStringLiteral("SELECT s.uid, d.uid, s.name, s.address, s.kind, "
                                        "s.capacity, s.open, s.contact, s.created_at, "
                                        "s.created_by FROM shelters s JOIN disasters d ON d.id = "
                                        "s.disaster_id WHERE s.id = ?"),
                         {id});
        if (!q) {
            return q.error();
        }
        if (!q->next()) {
            return o;
        }
        o = {{QStringLiteral("uid"), jtext(q->value(0))},
             {QStringLiteral("disaster"), jtext(q->value(1))},
             {QStringLiteral("name"), jtext(q->value(2))},
             {QStringLiteral("address"), jtext(q->value(3))},
             {QStringLiteral("kind"), jtext(q->value(4))},
             {QStringLiteral("capacity"), q->value(5).toInt()},
             {QStringLiteral("open"), q->value(6).toInt() != 0},
             {QStringLiteral("contact"), jtext(q->value(7))},
             {QStringLiteral("created_at"), jtext(q->value(8))},
             {QStringLiteral("created_by"), jtext(q->value(9))}};
        return o;
    }
    case Entity::Person: {
        auto q = db.exec(
            QStringLiteral(
                "SELECT p.uid, d.uid, p.family_name, p.given_name, p.family_kana, p.given_kana, "
                "p.birth_date, p.sex, p.sealed, r.resident_code, p.household_key, p.safety, "
                "p.needs, p.pets, p.staying, p.consent_share, p.consent_enquiry, p.dv, m.uid, "
                "p.merge_record, p.created_at, p.created_by, p.updated_at, p.updated_by FROM "
                "ledger_persons p JOIN disasters d ON d.id = p.disaster_id LEFT JOIN residents r "
                "ON r.id = p.resident_id LEFT JOIN ledger_persons m ON m.id = p.merged_into "
                "WHERE p.id = ?"),
            {id});
        if (!q) {
            return q.error();
        }
        if (!q->next()) {
            return o;
        }
        const QString uid = q->value(0).toString();
        ContactFields c;
        if (const QString sealed = q->value(8).toString(); !sealed.isEmpty()) {
            auto ks = keyStore();
            if (!ks) {
                return ks.error();
            }
            auto opened = unsealContact(**ks, sealed, uid);
            if (!opened) {
                return opened.error();
            }
            c = *opened;
        }
        auto record = recordOut(q->value(19));
        if (!record) {
            return record.error();
        }
        o = {{QStringLiteral("uid"), uid},
             {QStringLiteral("disaster"), jtext(q->value(1))},
             {QStringLiteral("family_name"), jtext(q->value(2))},
             {QStringLiteral("given_name"), jtext(q->value(3))},
             {QStringLiteral("family_kana"), jtext(q->value(4))},
             {QStringLiteral("given_kana"), jtext(q->value(5))},
             {QStringLiteral("birth_date"), jtext(q->value(6))},
             {QStringLiteral("sex"), jtext(q->value(7))},
             {QStringLiteral("registered_address"), c.registeredAddress},
             {QStringLiteral("whereabouts"), c.whereabouts},
             {QStringLiteral("phone"), c.phone},
             {QStringLiteral("allergies"), c.allergies},
             {QStringLiteral("resident_code"), jtext(q->value(9))},
             {QStringLiteral("household_key"), jtext(q->value(10))},
             {QStringLiteral("safety"), jtext(q->value(11))},
             {QStringLiteral("needs"), jtext(q->value(12))},
             {QStringLiteral("pets"), jtext(q->value(13))},
             {QStringLiteral("staying"), jtext(q->value(14))},
             {QStringLiteral("consent_share"), q->value(15).toInt() != 0},
             {QStringLiteral("consent_enquiry"), q->value(16).toInt() != 0},
             {QStringLiteral("dv"), q->value(17).toInt() != 0},
             {QStringLiteral("merged_into"), jtext(q->value(18))},
             {QStringLiteral("merge_record"), *record},
             {QStringLiteral("created_at"), jtext(q->value(20))},
             {QStringLiteral("created_by"), jtext(q->value(21))},
             {QStringLiteral("updated_at"), jtext(q->value(22))},
             {QStringLiteral("updated_by"), jtext(q->value(23))}};
        return o;
    }
    case Entity::Stay: {
        auto q =
            db.exec(QStringLiteral("SELECT s.uid, p.uid, h.uid, s.checked_in_at, "
                                   "s.checked_out_at, t.uid, s.by_operator FROM "
                                   "disaster_stays s JOIN ledger_persons p ON p.id = "
                                   "s.person_id JOIN shelters h ON h.id = s.shelter_id LEFT "
                                   "JOIN shelters t ON t.id = s.transferred_to WHERE s.id = ?"),
                    {id});
        if (!q) {
            return q.error();
        }
        if (!q->next()) {
            return o;
        }
        const char* names[] = {"uid",           "person",         "shelter",
                               "checked_in_at", "checked_out_at", "transferred_to",
                               "by_operator"};
        for (int i = 0; i < 7; ++i) {
            o.insert(QLatin1String(names[i]), jtext(q->value(i)));
        }
        return o;
    }
    }
    return o;
}

Result<qint64> LedgerSync::Impl::write(Entity e, qint64 id, const QString& uid,
                                       const QJsonObject& f, const QJsonObject& times,
                                       QString* missing) const
{
    auto str = [&f](const char* k) {
        return f.value(QLatin1String(k)).toString();
    };
    // A reference by uid, resolved here; an empty uid is no reference.
    auto ref = [&](Entity target, const char* k, bool required) -> Result<QVariant> {
        const QString u = str(k);
        if (u.isEmpty()) {
            if (required) {
                *missing = QLatin1String(k);
            }
            return QVariant();
        }
        auto found = idOf(target, u);
        if (!found) {
            return found.error();
        }
        if (*found == 0) {
            *missing = u;
            return QVariant();
        }
        return QVariant(*found);
    };
    QStringList columns;
    QVariantList values;
    auto set = [&](const char* column, const QVariant& v) {
        columns << QLatin1String(column);
        values << v;
    };
    switch (e) {
    case Entity::Disaster:
        for (const char* k : {"code", "name", "type", "occurred_on", "opened_at", "opened_by"}) {
            set(k, str(k));
        }
        set("affected_areas", str("affected_areas"));
        set("closed_at", nullable(f.value(QStringLiteral("closed_at"))));
        break;
    case Entity::Shelter: {
        auto disaster = ref(Entity::Disaster, "disaster", true);
        if (!disaster) {
            return disaster.error();
        }
        if (!missing->isEmpty()) {
            return qint64(0);
        }
        set("disaster_id", *disaster);
        for (const char* k : {"name", "address", "kind", "contact", "created_at", "created_by"}) {
            set(k, str(k));
        }
        set("capacity", f.value(QStringLiteral("capacity")).toInt());
        set("open", f.value(QStringLiteral("open")).toBool() ? 1 : 0);
        break;
    }
    case Entity::Person: {
        auto disaster = ref(Entity::Disaster, "disaster", true);
        if (!disaster) {
            return disaster.error();
        }
        auto merged = ref(Entity::Person, "merged_into", false);
        if (!merged) {
            return merged.error();
        }
        auto record = recordIn(f.value(QStringLiteral("merge_record")), missing);
        if (!record) {
            return record.error();
        }
        if (!missing->isEmpty()) {
            return qint64(0);
        }
        QVariant resident;
        if (const QString code = str("resident_code"); !code.isEmpty()) {
            auto r = db.scalar(QStringLiteral("SELECT id FROM residents WHERE resident_code = ?"),
                               {code});
            if (!r) {
                return r.error();
            }
            resident = r->isValid() ? QVariant(r->toLongLong()) : QVariant();
        }
        const ContactFields c{str("registered_address"), str("whereabouts"), str("phone"),
                              str("allergies")};
        QVariant sealed;
        if (!c.isEmpty()) {
            auto ks = keyStore();
            if (!ks) {
                return ks.error();
            }
            auto s = sealContact(**ks, c, uid);
            if (!s) {
                return s.error();
            }
            sealed = *s;
        }
        set("disaster_id", *disaster);
        for (const char* k : {"family_name", "given_name", "family_kana", "given_kana",
                              "birth_date", "sex", "household_key", "safety", "needs", "pets",
                              "staying", "created_at", "created_by", "updated_at", "updated_by"}) {
            set(k, str(k));
        }
        set("sealed", sealed);
        set("resident_id", resident);
        set("consent_share", f.value(QStringLiteral("consent_share")).toBool() ? 1 : 0);
        set("consent_enquiry", f.value(QStringLiteral("consent_enquiry")).toBool() ? 1 : 0);
        set("dv", f.value(QStringLiteral("dv")).toBool() ? 1 : 0);
        set("merged_into", *merged);
        set("merge_record", *record);
        set("name_key", text::searchKey(str("family_name") + str("given_name")));
        set("kana_key", text::searchKey(str("family_kana") + str("given_kana")));
        break;
    }
    case Entity::Stay: {
        auto person = ref(Entity::Person, "person", true);
        if (!person) {
            return person.error();
        }
        auto shelter = ref(Entity::Shelter, "shelter", true);
        if (!shelter) {
            return shelter.error();
        }
        auto to = ref(Entity::Shelter, "transferred_to", false);
        if (!to) {
            return to.error();
        }
        if (!missing->isEmpty()) {
            return qint64(0);
        }
        set("person_id", *person);
        set("shelter_id", *shelter);
        set("checked_in_at", str("checked_in_at"));
        set("checked_out_at", nullable(f.value(QStringLiteral("checked_out_at"))));
        set("transferred_to", *to);
        set("by_operator", str("by_operator"));
        break;
    }
    }
    set("field_times", compact(times));
    const QString table = QLatin1String(tableOf(e).table);
    if (id != 0) {
        QStringList assignments;
        for (const QString& c : std::as_const(columns)) {
            assignments << c + QStringLiteral(" = ?");
        }
        if (e == Entity::Person) {
            assignments << QStringLiteral("version = version + 1");
        }
        values << id;
        if (Status st = db.run(QStringLiteral("UPDATE %1 SET %2 WHERE id = ?")
                                   .arg(table, assignments.join(QStringLiteral(", "))),
                               values);
            !st) {
            return st.error();
        }
        return id;
    }
    columns << QStringLiteral("uid");
    values << uid;
    if (Status st = db.run(
            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                .arg(table, columns.join(QStringLiteral(", ")),
                     QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", "))),
            values);
        !st) {
        return st.error();
    }
    return idOf(e, uid);
}

// ---- public ---------------------------------------------------------------------------------

LedgerSync::LedgerSync(Database db) : d(std::make_unique<Impl>())
{
    d->db = std::move(db);
}

LedgerSync::~LedgerSync() = default;

QString LedgerSync::kindOf(Entity e)
{
    return QLatin1String(tableOf(e).kind);
}

std::optional<Entity> LedgerSync::entityOfKind(const QString& kind)
{
    for (const Table& t : kTables) {
        if (kind == QLatin1String(t.kind)) {
            return t.entity;
        }
    }
    return std::nullopt;
}

bool LedgerSync::isLedgerKind(const QString& kind)
{
    return entityOfKind(kind).has_value();
}

Result<QJsonObject> LedgerSync::snapshot(Entity e, qint64 id) const
{
    return d->snapshot(e, id);
}

Status LedgerSync::publish(Entity e, qint64 id, const QJsonObject& before,
                           const QString& operatorLogin)
{
    return enqueue(e, id, before, operatorLogin, false);
}

Status LedgerSync::enqueue(Entity e, qint64 id, const QJsonObject& before,
                           const QString& operatorLogin, bool all)
{
    auto after = d->snapshot(e, id);
    if (!after) {
        return after.error();
    }
    if (after->isEmpty()) {
        return {};
    }
    auto times = d->fieldTimes(e, id);
    if (!times) {
        return times.error();
    }
    const QString stamp = Clock::isoNow() + u'|' + d->originName();
    const QString uid = after->value(QStringLiteral("uid")).toString();
    QJsonObject fields = *after;
    fields.remove(QStringLiteral("uid"));
    bool changed = all;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (before.value(it.key()) != it.value() || !times->contains(it.key())) {
            times->insert(it.key(), stamp);
            changed = true;
        }
    }
    if (!changed) {
        return {};
    }
    if (Status st = d->db.run(QStringLiteral("UPDATE %1 SET field_times = ? WHERE id = ?")
                                  .arg(QLatin1String(tableOf(e).table)),
                              {compact(*times), id});
        !st) {
        return st;
    }
    auto ks = d->keyStore();
    if (!ks) {
        return ks.error();
    }
    return sync::Outbox(d->db).enqueueSealed(kindOf(e), QStringLiteral("ledger:") + uid, 0,
                                             {{QStringLiteral("entity"), entityName(e)},
                                              {QStringLiteral("uid"), uid},
                                              {QStringLiteral("fields"), fields},
                                              {QStringLiteral("times"), *times}},
                                             operatorLogin, **ks);
}

Result<QString> LedgerSync::apply(const QJsonObject& payload, QString* note)
{
    QString ignored;
    QString& why = note ? *note : ignored;
    why.clear();
    const auto e = entityNamed(payload.value(QStringLiteral("entity")).toString());
    const QString uid = payload.value(QStringLiteral("uid")).toString();
    const QJsonObject fields = payload.value(QStringLiteral("fields")).toObject();
    const QJsonObject times = payload.value(QStringLiteral("times")).toObject();
    if (!e || uid.isEmpty() || fields.isEmpty()) {
        return ledgerError(QCoreApplication::translate(
            "LedgerSync", "a ledger record without its kind, uid or fields"));
    }
    auto id = d->idOf(*e, uid);
    if (!id) {
        return id.error();
    }
    QJsonObject mine;
    QJsonObject mineTimes;
    if (*id != 0) {
        auto s = d->snapshot(*e, *id);
        if (!s) {
            return s.error();
        }
        mine = *s;
        mine.remove(QStringLiteral("uid"));
        auto t = d->fieldTimes(*e, *id);
        if (!t) {
            return t.error();
        }
        mineTimes = *t;
    }
    // Field by field, the later setting wins; equal times go to the greater origin.
    bool newer = false;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const QString theirs = times.value(it.key()).toString();
        const QString ours = mineTimes.value(it.key()).toString();
        if (*id == 0 || theirs > ours) {
            if (mine.value(it.key()) != it.value() || ours != theirs) {
                newer = true;
            }
            mine.insert(it.key(), it.value());
            mineTimes.insert(it.key(), theirs);
        }
    }
    if (!newer) {
        return QStringLiteral("skipped");
    }
    QString missing;
    auto written = d->write(*e, *id, uid, mine, mineTimes, &missing);
    if (!written) {
        return written.error();
    }
    if (!missing.isEmpty()) {
        why = QCoreApplication::translate("LedgerSync", "waits for %1, which has not arrived yet")
                  .arg(missing);
        return QStringLiteral("deferred");
    }
    return QStringLiteral("applied");
}

Result<int> LedgerSync::publishAll(qint64 disasterId, const QString& operatorLogin)
{
    int n = 0;
    auto queue = [&](Entity e, const QString& sql) -> Status {
        auto q = d->db.exec(sql, {disasterId});
        if (!q) {
            return q.error();
        }
        QList<qint64> ids;
        while (q->next()) {
            ids << q->value(0).toLongLong();
        }
        for (qint64 id : std::as_const(ids)) {
            // Sent whole with the times it has (a field never stamped is stamped now).
            auto before = d->snapshot(e, id);
            if (!before) {
                return before.error();
            }
            if (Status st = enqueue(e, id, *before, operatorLogin, true); !st) {
                return st;
            }
            ++n;
        }
        return {};
    };
    if (Status st =
            queue(Entity::Disaster, QStringLiteral("SELECT id FROM disasters WHERE id = ?"));
        !st) {
        return st.error();
    }
    if (Status st =
            queue(Entity::Shelter,
                  QStringLiteral("SELECT id FROM shelters WHERE disaster_id = ? ORDER BY id"));
        !st) {
        return st.error();
    }
    if (Status st = queue(Entity::Person, QStringLiteral("SELECT id FROM ledger_persons WHERE "
                                                         "disaster_id = ? ORDER BY id"));
        !st) {
        return st.error();
    }
    if (Status st = queue(Entity::Stay, QStringLiteral("SELECT s.id FROM disaster_stays s JOIN "
                                                       "ledger_persons p ON p.id = s.person_id "
                                                       "WHERE p.disaster_id = ? ORDER BY s.id"));
        !st) {
        return st.error();
    }
    return n;
}

} // namespace madoguchi::disaster
