#include "audit/AuditLog.h"

#include "common/Clock.h"

#include <QSysInfo>

namespace madoguchi {

QString AuditLog::terminalName()
{
    return QSysInfo::machineHostName();
}

Status AuditLog::record(const QString& operatorLogin, const QString& action, const QString& target,
                        const QString& detail)
{
    return m_db.run(
        QStringLiteral("INSERT INTO audit_log (at, operator, terminal, action, target, detail) "
                       "VALUES (?, ?, ?, ?, ?, ?)"),
        {Clock::isoNow(), operatorLogin, terminalName(), action, target, detail});
}

Result<QList<AuditEntry>> AuditLog::recent(int limit, const QString& actionPrefix) const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT id, at, operator, terminal, action, target, detail "
                                 "FROM audit_log WHERE action LIKE ? ORDER BY id DESC LIMIT ?"),
                  {actionPrefix + u'%', limit});
    if (!q) {
        return q.error();
    }
    QList<AuditEntry> out;
    while (q->next()) {
        AuditEntry e;
        e.id = q->value(0).toLongLong();
        e.at = QDateTime::fromString(q->value(1).toString(), Qt::ISODateWithMs);
        e.operatorLogin = q->value(2).toString();
        e.terminal = q->value(3).toString();
        e.action = q->value(4).toString();
        e.target = q->value(5).toString();
        e.detail = q->value(6).toString();
        out << e;
    }
    return out;
}

} // namespace madoguchi
