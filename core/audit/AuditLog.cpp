#include "audit/AuditLog.h"

#include "common/Clock.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSysInfo>

namespace madoguchi {

QString AuditLog::terminalName()
{
    return QSysInfo::machineHostName();
}

QString AuditLog::genesisHash()
{
    return QString(64, u'0');
}

QString AuditLog::entryHash(const AuditEntry& e)
{
    // Fields joined with a separator that cannot occur in them unescaped.
    QStringList fields = {e.prevHash,      e.at.toUTC().toString(Qt::ISODateWithMs),
                          e.operatorLogin, e.terminal,
                          e.action,        e.target,
                          e.detail,        QString::number(e.residentId),
                          e.purpose};
    for (QString& f : fields) {
        f.replace(u'\\', QStringLiteral("\\\\")).replace(u'\x1f', QStringLiteral("\\u"));
    }
    return QString::fromLatin1(
        QCryptographicHash::hash(fields.join(QChar(0x1f)).toUtf8(), QCryptographicHash::Sha256)
            .toHex());
}

Status AuditLog::record(const QString& operatorLogin, const QString& action, const QString& target,
                        const QString& detail)
{
    return recordForResident(operatorLogin, action, 0, target, detail, {});
}

Status AuditLog::recordForResident(const QString& operatorLogin, const QString& action,
                                   qint64 residentId, const QString& target, const QString& detail,
                                   const QString& purpose)
{
    AuditEntry e;
    e.at = Clock::now();
    e.operatorLogin = operatorLogin;
    e.terminal = terminalName();
    e.action = action;
    e.target = target;
    e.detail = detail;
    e.residentId = residentId;
    e.purpose = purpose;
    return append(std::move(e));
}

Status AuditLog::append(AuditEntry e)
{
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (m_db.engine() == Engine::PostgreSQL) {
        // One writer at a time extends the chain.
        if (Status st = m_db.run(QStringLiteral("SELECT pg_advisory_xact_lock(7205002)")); !st) {
            return st;
        }
    }
    auto last = m_db.scalar(QStringLiteral("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    if (!last) {
        return last.error();
    }
    e.prevHash = last->isValid() ? last->toString() : genesisHash();
    e.hash = entryHash(e);
    if (Status st = m_db.run(
            QStringLiteral(
                "INSERT INTO audit_log (at, operator, terminal, action, target, detail, "
                "resident_id, purpose, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {e.at.toUTC().toString(Qt::ISODateWithMs), e.operatorLogin, e.terminal, e.action,
             e.target, e.detail,
             e.residentId ? QVariant(e.residentId) : QVariant(QMetaType::fromType<qint64>()),
             e.purpose, e.prevHash, e.hash});
        !st) {
        return st;
    }
    return tx.commit();
}

namespace {
const QString kColumns = QStringLiteral(
    "id, at, operator, terminal, action, target, detail, resident_id, purpose, prev_hash, hash");

AuditEntry entryFrom(const QSqlQuery& q)
{
    AuditEntry e;
    e.id = q.value(0).toLongLong();
    e.at = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    e.operatorLogin = q.value(2).toString();
    e.terminal = q.value(3).toString();
    e.action = q.value(4).toString();
    e.target = q.value(5).toString();
    e.detail = q.value(6).toString();
    e.residentId = q.value(7).toLongLong();
    e.purpose = q.value(8).toString();
    e.prevHash = q.value(9).toString();
    e.hash = q.value(10).toString();
    return e;
}
} // namespace

Result<QList<AuditEntry>> AuditLog::recent(int limit, const QString& actionPrefix) const
{
    AuditFilter f;
    f.limit = limit;
    f.actionPrefix = actionPrefix;
    return query(f);
}

Result<QList<AuditEntry>> AuditLog::query(const AuditFilter& filter) const
{
    QString sql = QStringLiteral("SELECT %1 FROM audit_log WHERE 1 = 1").arg(kColumns);
    QVariantList params;
    if (!filter.operatorLogin.isEmpty()) {
        sql += QStringLiteral(" AND operator = ?");
        params << filter.operatorLogin;
    }
    if (!filter.actionPrefix.isEmpty()) {
        sql += QStringLiteral(" AND action LIKE ?");
        params << QString(filter.actionPrefix)
                          .replace(u'%', QString())
                          .replace(u'_', QStringLiteral("\\_")) +
                      u'%';
        sql += QStringLiteral(" ESCAPE '\\'");
    }
    if (filter.residentId) {
        sql += QStringLiteral(" AND resident_id = ?");
        params << filter.residentId;
    }
    if (filter.from.isValid()) {
        sql += QStringLiteral(" AND at >= ?");
        params << QDateTime(filter.from, QTime(0, 0)).toUTC().toString(Qt::ISODateWithMs);
    }
    if (filter.to.isValid()) {
        sql += QStringLiteral(" AND at < ?");
        params << QDateTime(filter.to.addDays(1), QTime(0, 0)).toUTC().toString(Qt::ISODateWithMs);
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1 OFFSET %2")
               .arg(std::clamp(filter.limit, 1, 10000))
               .arg(std::max(0, filter.offset));
    auto q = m_db.exec(sql, params);
    if (!q) {
        return q.error();
    }
    QList<AuditEntry> out;
    while (q->next()) {
        out << entryFrom(*q);
    }
    return out;
}

Result<AuditVerification> AuditLog::verify() const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM audit_log ORDER BY id").arg(kColumns));
    if (!q) {
        return q.error();
    }
    AuditVerification v;
    QString expectedPrev = genesisHash();
    while (q->next()) {
        const AuditEntry e = entryFrom(*q);
        ++v.entries;
        if (e.prevHash != expectedPrev) {
            v.intact = false;
            v.firstBrokenId = e.id;
            v.reason = QCoreApplication::translate(
                           "AuditLog", "entry %1 does not follow the entry before it: an entry was "
                                       "removed, inserted or changed")
                           .arg(e.id);
            return v;
        }
        if (entryHash(e) != e.hash) {
            v.intact = false;
            v.firstBrokenId = e.id;
            v.reason =
                QCoreApplication::translate("AuditLog", "entry %1 was changed after it was written")
                    .arg(e.id);
            return v;
        }
        expectedPrev = e.hash;
    }
    return v;
}

Result<QList<AuditEntry>> AuditLog::browse(const AuditFilter& filter, const Session& by)
{
    if (Status st = by.require(Permission::ViewAudit); !st) {
        return st.error();
    }
    auto rows = query(filter);
    if (!rows) {
        return rows.error();
    }
    QStringList what;
    if (!filter.operatorLogin.isEmpty()) {
        what << QStringLiteral("operator=") + filter.operatorLogin;
    }
    if (!filter.actionPrefix.isEmpty()) {
        what << QStringLiteral("action=") + filter.actionPrefix;
    }
    if (filter.residentId) {
        what << QStringLiteral("resident=%1").arg(filter.residentId);
    }
    if (Status st = record(by.login(), QStringLiteral("audit.browse"), QString(), what.join(u' '));
        !st) {
        return st.error();
    }
    return rows;
}

Result<AuditVerification> AuditLog::verify(const Session& by)
{
    if (Status st = by.require(Permission::ViewAudit); !st) {
        return st.error();
    }
    return verify();
}

Result<QList<AuditEntry>> AuditLog::after(qint64 id, int limit) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM audit_log WHERE id > ? ORDER BY id LIMIT ?").arg(kColumns),
        {id, limit});
    if (!q) {
        return q.error();
    }
    QList<AuditEntry> out;
    while (q->next()) {
        out << entryFrom(*q);
    }
    return out;
}

QJsonObject AuditLog::toJson(const AuditEntry& e)
{
    return {{QStringLiteral("id"), e.id},
            {QStringLiteral("at"), e.at.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("operator"), e.operatorLogin},
            {QStringLiteral("terminal"), e.terminal},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("target"), e.target},
            {QStringLiteral("detail"), e.detail},
            {QStringLiteral("resident_id"), e.residentId},
            {QStringLiteral("purpose"), e.purpose},
            {QStringLiteral("prev_hash"), e.prevHash},
            {QStringLiteral("hash"), e.hash}};
}

AuditEntry AuditLog::fromJson(const QJsonObject& o)
{
    AuditEntry e;
    e.id = o.value(QStringLiteral("id")).toInteger();
    e.at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    e.operatorLogin = o.value(QStringLiteral("operator")).toString();
    e.terminal = o.value(QStringLiteral("terminal")).toString();
    e.action = o.value(QStringLiteral("action")).toString();
    e.target = o.value(QStringLiteral("target")).toString();
    e.detail = o.value(QStringLiteral("detail")).toString();
    e.residentId = o.value(QStringLiteral("resident_id")).toInteger();
    e.purpose = o.value(QStringLiteral("purpose")).toString();
    e.prevHash = o.value(QStringLiteral("prev_hash")).toString();
    e.hash = o.value(QStringLiteral("hash")).toString();
    return e;
}

} // namespace madoguchi
