#pragma once
// Changes other workstations made, as pulled from central. Each is stored once (by change id)
// with the pull cursor, in one transaction, so a pull is never lost or taken twice; then each is
// applied to the register in a transaction of its own, so one that cannot be applied stays
// visible with its reason and holds up nothing else.
//
// What becomes of a pulled change (`state`):
//   stored    kept; nothing to apply it to yet (a kind this version does not apply)
//   applied   the register has it (card.delivered: the card application has the card)
//   deferred  this workstation has its own unsent or conflicting change to the record: the
//             clerk resolves the conflict (Conflicts)
//   index     a resident this register does not hold (central's national index only)
//   skipped   the register already had this version or a later one; a card delivery for
//             another terminal
//   failed    could not be applied; `note` says why

#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>

namespace madoguchi::sync {

struct ReceivedChange
{
    QString changeId;
    qint64 centralSeq = 0;
    QString kind;
    QString recordKey;
    int version = 0;
    QJsonObject payload;
    QString terminal;
    QString operatorLogin;
    QString state;
    QString note;
};

struct ApplyReport
{
    int applied = 0;
    int deferred = 0;
    int index = 0;
    int skipped = 0;
    int failed = 0;
};

class Inbox
{
public:
    // `terminal`: this workstation's name at central (card deliveries are for it); empty: as
    // enrolled (the installation settings).
    explicit Inbox(Database db, QString terminal = {})
        : m_db(std::move(db)), m_terminal(std::move(terminal))
    {}

    // Inside the caller's transaction; returns how many were new.
    Result<int> store(const QJsonArray& changes);
    // Applies what is stored or deferred and can be applied now.
    Result<ApplyReport> applyPending();
    // Pulled changes to one record, oldest first.
    Result<QList<ReceivedChange>> forRecord(const QString& recordKey) const;
    Result<QList<ReceivedChange>> withState(const QString& state, int limit = 1000) const;
    Status setState(const QString& changeId, const QString& state, const QString& note = {});

private:
    // card.delivered: a card central produced for an application of this terminal.
    Status applyDeliveries(ApplyReport* report);
    // disaster.*: the ledger's records from other workstations (disaster/LedgerSync), each in a
    // transaction of its own; one that waits for a record it refers to is tried again.
    Status applyLedger(ApplyReport* report);
    // Other workstations' enrolments and certificates (learning::LearningService).
    Status applyLearning(ApplyReport* report);
    Result<QList<ReceivedChange>> select(const QString& where, const QVariantList& params) const;
    Database m_db;
    QString m_terminal;
};

} // namespace madoguchi::sync
