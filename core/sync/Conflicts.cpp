#include "sync/Conflicts.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "registry/RegistryService.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace madoguchi::sync {

namespace {

const QString kSelect = QStringLiteral(
    "SELECT c.id, c.change_id, c.record_key, c.base_version, c.central_version, "
    "c.central_terminal, c.detected_at, o.payload, o.operator FROM sync_conflicts c JOIN outbox "
    "o ON o.change_id = c.change_id WHERE c.resolved_at IS NULL");

} // namespace

Result<QList<Conflict>> Conflicts::open() const
{
    auto q = m_db.exec(kSelect + QStringLiteral(" ORDER BY c.id"));
    if (!q) {
        return q.error();
    }
    QList<Conflict> out;
    while (q->next()) {
        Conflict c;
        c.id = q->value(0).toLongLong();
        c.changeId = q->value(1).toString();
        c.recordKey = q->value(2).toString();
        c.baseVersion = q->value(3).toInt();
        c.centralVersion = q->value(4).toInt();
        c.centralTerminal = q->value(5).toString();
        c.detectedAt = QDateTime::fromString(q->value(6).toString(), Qt::ISODateWithMs);
        c.mine = QJsonDocument::fromJson(q->value(7).toString().toUtf8()).object();
        c.mineOperator = q->value(8).toString();
        out << c;
    }
    q->finish();
    Inbox inbox(m_db);
    for (Conflict& c : out) {
        auto theirs = inbox.forRecord(c.recordKey);
        if (!theirs) {
            return theirs.error();
        }
        for (const ReceivedChange& r : std::as_const(*theirs)) {
            if (r.version > c.baseVersion && r.state == QStringLiteral("deferred")) {
                c.theirs << r;
            }
        }
    }
    return out;
}

Result<Conflict> Conflicts::get(qint64 id) const
{
    auto all = open();
    if (!all) {
        return all.error();
    }
    for (const Conflict& c : std::as_const(*all)) {
        if (c.id == id) {
            return c;
        }
    }
    return Error(QCoreApplication::translate("Sync", "there is no open conflict %1").arg(id),
                 QStringLiteral("sync.no_conflict"));
}

Status Conflicts::keepMine(qint64 id, const Session& by)
{
    return resolve(id, true, by);
}

Status Conflicts::takeCentral(qint64 id, const Session& by)
{
    return resolve(id, false, by);
}

Status Conflicts::resolve(qint64 id, bool mine, const Session& by)
{
    if (Status st = by.require(Permission::EditResidents); !st) {
        return st;
    }
    auto c = get(id);
    if (!c) {
        return c.error();
    }
    const bool arrived =
        std::any_of(c->theirs.cbegin(), c->theirs.cend(),
                    [&](const ReceivedChange& r) { return r.version >= c->centralVersion; });
    if (!arrived) {
        return Error(QCoreApplication::translate("Sync", "central's change to this record has "
                                                         "not arrived yet: synchronise first"),
                     QStringLiteral("sync.not_arrived"));
    }
    // What the register holds after the resolution: central's fields, and then either this
    // workstation's change on top of them or its fields back as they were before it.
    QVariantMap fields;
    int version = 0;
    const ReceivedChange* last = nullptr;
    for (const ReceivedChange& r : std::as_const(c->theirs)) {
        const QJsonObject after = r.payload.value(QStringLiteral("after")).toObject();
        for (auto it = after.begin(); it != after.end(); ++it) {
            fields.insert(it.key(), it.value().toVariant());
        }
        if (after.contains(QStringLiteral("household_id"))) {
            fields.insert(QStringLiteral("household_no"),
                          r.payload.value(QStringLiteral("household_no")).toString());
        }
        version = std::max(version, r.version);
        last = &r;
    }
    const QJsonObject myBefore = c->mine.value(QStringLiteral("before")).toObject();
    const QJsonObject myAfter = c->mine.value(QStringLiteral("after")).toObject();
    for (auto it = myAfter.begin(); it != myAfter.end(); ++it) {
        if (mine) {
            fields.remove(it.key()); // stays as this workstation made it
            if (it.key() == QStringLiteral("household_id")) {
                fields.remove(QStringLiteral("household_no"));
            }
        } else if (!fields.contains(it.key())) {
            fields.insert(it.key(), myBefore.value(it.key()).toVariant());
            if (it.key() == QStringLiteral("household_id")) {
                // Back to this register's own household: by its number, as central's would be.
                auto no =
                    m_db.scalar(QStringLiteral("SELECT household_no FROM households WHERE id = ?"),
                                {myBefore.value(it.key()).toVariant()});
                if (!no) {
                    return no.error();
                }
                fields.insert(QStringLiteral("household_no"), no->toString());
            }
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    RegistryService registry(m_db);
    const QString code = c->mine.value(QStringLiteral("resident_code")).toString();
    // Kept: central counts this workstation's change as the version after its own.
    const int localVersion = mine ? version + 1 : version;
    const auto kind = moves::fromId(last->payload.value(QStringLiteral("kind")).toString())
                          .value_or(MoveKind::Update);
    auto applied = registry.applyFromCentral(
        code, kind, fields,
        QDate::fromString(last->payload.value(QStringLiteral("effective_date")).toString(),
                          Qt::ISODate),
        localVersion, last->terminal + u'/' + last->operatorLogin);
    if (!applied) {
        return applied.error();
    }
    if (mine) {
        if (Status st = m_db.run(QStringLiteral("UPDATE outbox SET state = 'pending', "
                                                "base_version = ?, attempts = 0, last_error = "
                                                "NULL WHERE change_id = ?"),
                                 {version, c->changeId});
            !st) {
            return st;
        }
    } else if (Status st = m_db.run(QStringLiteral("DELETE FROM outbox WHERE change_id = ?"),
                                    {c->changeId});
               !st) {
        return st;
    }
    Inbox inbox(m_db);
    for (const ReceivedChange& r : std::as_const(c->theirs)) {
        if (Status st = inbox.setState(r.changeId, QStringLiteral("applied"),
                                       mine ? QStringLiteral("merged: kept this workstation's "
                                                             "change")
                                            : QString());
            !st) {
            return st;
        }
    }
    if (Status st =
            m_db.run(QStringLiteral("UPDATE sync_conflicts SET resolved_at = ?, "
                                    "resolution = ?, resolved_by = ? WHERE id = ?"),
                     {Clock::isoNow(), mine ? QStringLiteral("mine") : QStringLiteral("central"),
                      by.login(), id});
        !st) {
        return st;
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("sync.resolve"), applied->id, code,
            (mine ? QStringLiteral("mine ") : QStringLiteral("central ")) + c->changeId);
        !st) {
        return st;
    }
    return tx.commit();
}

} // namespace madoguchi::sync
