#pragma once
// Conflicts between a change made here and a newer one central holds from another workstation,
// for the clerk to resolve; never overwritten silently. Two ways out:
//   keepMine     this workstation's change is sent again, now based on central's version;
//                central's change to other fields is taken over here
//   takeCentral  this workstation's change is withdrawn: its fields go back to what they were
//                and central's change is applied
// Both need central's change to have arrived (a sync after the conflict pulls it), both need the
// permission to edit residents, and both are written to the audit log.

#include "auth/Session.h"
#include "sync/Inbox.h"

#include <QDateTime>

namespace madoguchi::sync {

struct Conflict
{
    qint64 id = 0;
    QString changeId;
    QString recordKey;
    int baseVersion = 0;
    int centralVersion = 0;
    QString centralTerminal;
    QDateTime detectedAt;
    QJsonObject mine; // the outbox payload: resident_code, kind, effective_date, before, after
    QString mineOperator;
    QList<ReceivedChange> theirs; // central's changes to the record this one missed
};

class Conflicts
{
public:
    explicit Conflicts(Database db) : m_db(std::move(db)) {}

    Result<QList<Conflict>> open() const;
    Result<Conflict> get(qint64 id) const;
    Status keepMine(qint64 id, const Session& by);
    Status takeCentral(qint64 id, const Session& by);

private:
    Status resolve(qint64 id, bool mine, const Session& by);
    Database m_db;
};

} // namespace madoguchi::sync
