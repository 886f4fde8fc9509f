#pragma once
// The access and action log. Every sign-in, lockout, account change and (in later modules)
// every look at personal data writes one row. Rows are only ever added.

#include "storage/Database.h"

#include <QDateTime>

namespace madoguchi {

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString operatorLogin;
    QString terminal;
    QString action; // e.g. "auth.login", "auth.failed", "operator.unlock"
    QString target;
    QString detail;
};

class AuditLog
{
public:
    explicit AuditLog(Database db) : m_db(std::move(db)) {}

    Status record(const QString& operatorLogin, const QString& action, const QString& target = {},
                  const QString& detail = {});
    // Newest first.
    Result<QList<AuditEntry>> recent(int limit, const QString& actionPrefix = {}) const;

    static QString terminalName(); // this machine's host name

private:
    Database m_db;
};

} // namespace madoguchi
