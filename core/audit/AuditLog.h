#pragma once
// The access and action log. Every sign-in, lockout, account change, every look at a resident,
// every change to the register and every certificate issued writes one row. Rows are only
// ever added, and each carries the SHA-256 of the previous row's hash and its own content, so
// that a changed, removed or inserted row breaks the chain (`madoguchi-cli audit verify`).

#include "auth/Session.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QJsonObject>

namespace madoguchi {

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString operatorLogin;
    QString terminal;
    QString action; // e.g. "auth.login", "resident.view", "resident.move"
    QString target;
    QString detail;
    qint64 residentId = 0; // 0 when the entry is not about a resident
    QString purpose;       // why personal data was accessed, when asked
    QString prevHash;
    QString hash;
};

struct AuditFilter
{
    QString operatorLogin;
    QString actionPrefix;
    qint64 residentId = 0;
    QDate from; // inclusive, local dates
    QDate to;   // inclusive
    int limit = 200;
    int offset = 0;

    static AuditFilter of(const QString& actionPrefix, qint64 residentId = 0)
    {
        AuditFilter f;
        f.actionPrefix = actionPrefix;
        f.residentId = residentId;
        return f;
    }
    static AuditFilter byOperator(const QString& login)
    {
        AuditFilter f;
        f.operatorLogin = login;
        return f;
    }
};

struct AuditVerification
{
    bool intact = true;
    qint64 entries = 0;
    qint64 firstBrokenId = 0; // 0 when intact
    QString reason;
};

class AuditLog
{
public:
    explicit AuditLog(Database db) : m_db(std::move(db)) {}

    Status record(const QString& operatorLogin, const QString& action, const QString& target = {},
                  const QString& detail = {});
    Status recordForResident(const QString& operatorLogin, const QString& action, qint64 residentId,
                             const QString& target, const QString& detail = {},
                             const QString& purpose = {});

    // Newest first.
    Result<QList<AuditEntry>> recent(int limit, const QString& actionPrefix = {}) const;
    Result<QList<AuditEntry>> query(const AuditFilter& filter) const;
    // Walks the whole chain; reports the first entry whose link or content does not match.
    Result<AuditVerification> verify() const;
    // For people: needs Permission::ViewAudit; the look itself is logged.
    Result<QList<AuditEntry>> browse(const AuditFilter& filter, const Session& by);
    Result<AuditVerification> verify(const Session& by);

    static QString terminalName(); // this machine's host name
    static QString genesisHash();  // the "previous hash" of the first entry
    static QString entryHash(const AuditEntry& e);

    // The chain as sent to central (which keeps each workstation's chain and checks it links).
    Result<QList<AuditEntry>> after(qint64 id, int limit) const;
    static QJsonObject toJson(const AuditEntry& e);
    static AuditEntry fromJson(const QJsonObject& o);

private:
    Status append(AuditEntry e);
    Database m_db;
};

} // namespace madoguchi
