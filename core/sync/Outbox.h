#pragma once
// Changes that central must know, written by the service that makes them in the same
// transaction as the change itself (so a change is never made without its outbox row, nor the
// other way round). Each has a unique id, so central applies it once however often it is sent,
// and the version of the record it was based on, so that central can tell a conflict.

#include "storage/Database.h"

#include "crypto/KeyStore.h"

#include <QJsonObject>

namespace madoguchi::sync {

struct OutboxItem
{
    qint64 seq = 0;
    QString changeId;
    QString kind;      // e.g. resident.move
    QString recordKey; // e.g. resident:12345678901
    int baseVersion = 0;
    QJsonObject payload;
    QString operatorLogin;
    int attempts = 0;
};

class Outbox
{
public:
    explicit Outbox(Database db) : m_db(std::move(db)) {}

    // Inside the caller's transaction.
    Status enqueue(const QString& kind, const QString& recordKey, int baseVersion,
                   const QJsonObject& payload, const QString& operatorLogin);
    // The same, with the payload sealed at rest with the installation key (bound to the change
    // id) until it is sent: for personal data that waits in the outbox for days offline.
    Status enqueueSealed(const QString& kind, const QString& recordKey, int baseVersion,
                         const QJsonObject& payload, const QString& operatorLogin,
                         const KeyStore& keys);
    // Sealed payloads come back opened.
    Result<QList<OutboxItem>> pending(int limit) const;
    Result<int> pendingCount() const;
    Result<int> conflictCount() const;
    // Central acknowledged them (applied now or earlier): they leave the outbox.
    Status acknowledge(const QStringList& changeIds);
    // Central refused them as conflicts: kept, marked, and listed for the clerk.
    Status markConflict(const QString& changeId, int centralVersion,
                        const QString& centralTerminal);
    Status recordAttempt(const QStringList& changeIds, const QString& error);

private:
    Database m_db;
};

} // namespace madoguchi::sync
