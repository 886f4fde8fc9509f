#include "sync/Outbox.h"

#include "common/Clock.h"
#include "storage/Transaction.h"

#include <QJsonDocument>
#include <QUuid>
#include <optional>

namespace madoguchi::sync {

namespace {
constexpr const char* kSealedKey = "madoguchi.sealed";
}

Status Outbox::enqueue(const QString& kind, const QString& recordKey, int baseVersion,
                       const QJsonObject& payload, const QString& operatorLogin)
{
    return m_db.run(
        QStringLiteral("INSERT INTO outbox (change_id, kind, record_key, base_version, payload, "
                       "created_at, operator) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {QUuid::createUuid().toString(QUuid::WithoutBraces), kind, recordKey, baseVersion,
         QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)), Clock::isoNow(),
         operatorLogin});
}

Status Outbox::enqueueSealed(const QString& kind, const QString& recordKey, int baseVersion,
                             const QJsonObject& payload, const QString& operatorLogin,
                             const KeyStore& keys)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto sealed =
        keys.seal(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)), id);
    if (!sealed) {
        return sealed.error();
    }
    return m_db.run(
        QStringLiteral("INSERT INTO outbox (change_id, kind, record_key, base_version, payload, "
                       "created_at, operator) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {id, kind, recordKey, baseVersion,
         QString::fromUtf8(QJsonDocument(QJsonObject{{QLatin1String(kSealedKey), *sealed}})
                               .toJson(QJsonDocument::Compact)),
         Clock::isoNow(), operatorLogin});
}

Result<QList<OutboxItem>> Outbox::pending(int limit) const
{
    std::optional<KeyStore> keys;
    auto q = m_db.exec(QStringLiteral("SELECT seq, change_id, kind, record_key, base_version, "
                                      "payload, operator, attempts FROM outbox WHERE state = "
                                      "'pending' ORDER BY seq LIMIT ?"),
                       {limit});
    if (!q) {
        return q.error();
    }
    QList<OutboxItem> out;
    while (q->next()) {
        OutboxItem i;
        i.seq = q->value(0).toLongLong();
        i.changeId = q->value(1).toString();
        i.kind = q->value(2).toString();
        i.recordKey = q->value(3).toString();
        i.baseVersion = q->value(4).toInt();
        i.payload = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        i.operatorLogin = q->value(6).toString();
        i.attempts = q->value(7).toInt();
        if (i.payload.size() == 1 && i.payload.contains(QLatin1String(kSealedKey))) {
            if (!keys) {
                auto ks = KeyStore::open(m_db);
                if (!ks) {
                    return ks.error();
                }
                keys.emplace(std::move(ks).value());
            }
            auto plain =
                keys->unseal(i.payload.value(QLatin1String(kSealedKey)).toString(), i.changeId);
            if (!plain) {
                return plain.error();
            }
            i.payload = QJsonDocument::fromJson(plain->toUtf8()).object();
        }
        out << i;
    }
    return out;
}

Result<int> Outbox::pendingCount() const
{
    auto n = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"));
    if (!n) {
        return n.error();
    }
    return n->toInt();
}

Result<int> Outbox::conflictCount() const
{
    auto n = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at IS NULL"));
    if (!n) {
        return n.error();
    }
    return n->toInt();
}

Status Outbox::acknowledge(const QStringList& changeIds)
{
    Transaction tx(m_db);
    // By change id (its unique index): written as `state || ''` so that no planner takes the
    // state index instead and walks every pending row for each batch.
    if (Status st = m_db.run(QStringLiteral("DELETE FROM outbox WHERE change_id IN (%1) AND "
                                            "state || '' = 'pending'")
                                 .arg(m_db.textList()),
                             {Database::listParameter(changeIds)});
        !st) {
        return st;
    }
    return tx.commit();
}

Status Outbox::markConflict(const QString& changeId, int centralVersion,
                            const QString& centralTerminal)
{
    Transaction tx(m_db);
    auto row = m_db.exec(QStringLiteral("SELECT record_key, base_version FROM outbox WHERE "
                                        "change_id = ?"),
                         {changeId});
    if (!row) {
        return row.error();
    }
    if (!row->next()) {
        return {};
    }
    const QString record = row->value(0).toString();
    const int base = row->value(1).toInt();
    row->finish();
    if (Status st = m_db.run(
            QStringLiteral("UPDATE outbox SET state = 'conflict' WHERE change_id = ?"), {changeId});
        !st) {
        return st;
    }
    // A change sent again after "keep mine" can meet a newer change once more.
    if (Status st = m_db.run(QStringLiteral("DELETE FROM sync_conflicts WHERE change_id = ? AND "
                                            "resolved_at IS NOT NULL"),
                             {changeId});
        !st) {
        return st;
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO sync_conflicts (change_id, record_key, base_version, "
                           "central_version, central_terminal, detected_at) VALUES (?, ?, ?, ?, "
                           "?, ?)"),
            {changeId, record, base, centralVersion, centralTerminal, Clock::isoNow()});
        !st) {
        return st;
    }
    return tx.commit();
}

Status Outbox::recordAttempt(const QStringList& changeIds, const QString& error)
{
    Transaction tx(m_db);
    for (const QString& id : changeIds) {
        if (Status st = m_db.run(QStringLiteral("UPDATE outbox SET attempts = attempts + 1, "
                                                "last_error = ? WHERE change_id = ?"),
                                 {error, id});
            !st) {
            return st;
        }
    }
    return tx.commit();
}

} // namespace madoguchi::sync
