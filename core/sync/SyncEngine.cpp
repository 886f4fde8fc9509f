#include "sync/SyncEngine.h"

#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "settings/InstallationSettings.h"
#include "storage/Transaction.h"
#include "sync/Inbox.h"
#include "sync/Outbox.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>

namespace madoguchi::sync {

SyncEngine::SyncEngine(Database db, Enrollment enrollment, int batchSize)
    : m_db(std::move(db)), m_enrollment(std::move(enrollment)), m_batch(batchSize)
{}

int SyncEngine::backoffMs(int attempt, int baseMs, int capMs)
{
    const qint64 ceiling = std::min<qint64>(capMs, qint64(baseMs) << std::min(attempt, 20));
    return int(QRandomGenerator::global()->bounded(ceiling + 1));
}

Result<SyncReport> SyncEngine::syncOnce(const QString& operatorLogin, const Progress& progress)
{
    Outbox outbox(m_db);
    CentralClient client(m_enrollment);
    SyncReport report;
    auto total = outbox.pendingCount();
    if (!total) {
        return total.error();
    }
    int sent = 0;
    for (;;) {
        auto items = outbox.pending(m_batch);
        if (!items) {
            return items.error();
        }
        if (items->isEmpty()) {
            break;
        }
        QJsonArray changes;
        QStringList ids;
        for (const OutboxItem& i : std::as_const(*items)) {
            changes.append(QJsonObject{{QStringLiteral("id"), i.changeId},
                                       {QStringLiteral("kind"), i.kind},
                                       {QStringLiteral("record_key"), i.recordKey},
                                       {QStringLiteral("base_version"), i.baseVersion},
                                       {QStringLiteral("operator"), i.operatorLogin},
                                       {QStringLiteral("payload"), i.payload}});
            ids << i.changeId;
        }
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("changes"), changes}})
                                    .toJson(QJsonDocument::Compact);
        auto r = client.signedRequest(m_enrollment, "POST", QStringLiteral("/v1/sync/push"), body,
                                      operatorLogin);
        if (!r) {
            outbox.recordAttempt(ids, r.errorMessage()).ok();
            return r.error();
        }
        const QJsonObject o = QJsonDocument::fromJson(r->body).object();
        QStringList acknowledged;
        for (const QJsonValue& v : o.value(QStringLiteral("acknowledged")).toArray()) {
            acknowledged << v.toString();
        }
        if (Status st = outbox.acknowledge(acknowledged); !st) {
            return st.error();
        }
        const QJsonArray conflicts = o.value(QStringLiteral("conflicts")).toArray();
        for (const QJsonValue& v : conflicts) {
            const QJsonObject c = v.toObject();
            if (Status st =
                    outbox.markConflict(c.value(QStringLiteral("id")).toString(),
                                        c.value(QStringLiteral("central_version")).toInt(),
                                        c.value(QStringLiteral("central_terminal")).toString());
                !st) {
                return st.error();
            }
        }
        report.applied += o.value(QStringLiteral("applied")).toInt();
        report.duplicates += o.value(QStringLiteral("duplicates")).toInt();
        report.conflicts += int(conflicts.size());
        sent += int(items->size());
        if (progress) {
            progress(sent, *total);
        }
        if (acknowledged.isEmpty() && conflicts.isEmpty()) {
            return Error(QCoreApplication::translate("Sync", "central acknowledged nothing of a "
                                                             "batch"),
                         QStringLiteral("sync.stalled"));
        }
    }
    // This workstation's audit chain, from where central has it on.
    InstallationSettings settings(m_db);
    for (;;) {
        bool cursorOk = false;
        const qint64 auditCursor =
            settings.value(QStringLiteral("sync.audit_cursor"), QStringLiteral("0"))
                .value()
                .toLongLong(&cursorOk);
        auto entries = AuditLog(m_db).after(cursorOk ? auditCursor : 0, 1000);
        if (!entries) {
            return entries.error();
        }
        if (entries->isEmpty()) {
            break;
        }
        QJsonArray rows;
        for (const AuditEntry& e : std::as_const(*entries)) {
            rows.append(AuditLog::toJson(e));
        }
        auto r = client.signedRequest(m_enrollment, "POST", QStringLiteral("/v1/audit/push"),
                                      QJsonDocument(QJsonObject{{QStringLiteral("entries"), rows}})
                                          .toJson(QJsonDocument::Compact),
                                      operatorLogin);
        if (!r) {
            return r.error();
        }
        const QJsonObject head =
            QJsonDocument::fromJson(r->body).object().value(QStringLiteral("head")).toObject();
        const qint64 headId = head.value(QStringLiteral("id")).toInteger();
        if (headId < entries->last().id) {
            return Error(QCoreApplication::translate("Sync", "central did not take the audit "
                                                             "log up to entry %1")
                             .arg(entries->last().id),
                         QStringLiteral("sync.audit"));
        }
        if (Status st = settings.setStateValue(QStringLiteral("sync.audit_cursor"),
                                               QString::number(entries->last().id));
            !st) {
            return st.error();
        }
        report.auditSent += int(entries->size());
    }

    // Operators and roles: central's list, when it manages them.
    {
        const QString revision =
            settings.value(QStringLiteral("sync.operators_revision"), QStringLiteral("0")).value();
        auto r = client.signedRequest(m_enrollment, "GET",
                                      QStringLiteral("/v1/operators?since=") + revision, {},
                                      operatorLogin);
        if (!r) {
            return r.error();
        }
        const QJsonObject o = QJsonDocument::fromJson(r->body).object();
        if (o.value(QStringLiteral("changed")).toBool()) {
            QList<SyncedOperator> list;
            for (const QJsonValue& v : o.value(QStringLiteral("operators")).toArray()) {
                const QJsonObject op = v.toObject();
                SyncedOperator s;
                s.login = op.value(QStringLiteral("login")).toString();
                s.displayName = op.value(QStringLiteral("display_name")).toString();
                for (const QJsonValue& role : op.value(QStringLiteral("roles")).toArray()) {
                    s.roles << role.toString();
                }
                s.active = op.value(QStringLiteral("active")).toBool();
                s.passwordHash = op.value(QStringLiteral("password_hash")).toString();
                list << s;
            }
            auto summary = OperatorService(m_db).applyFromCentral(list);
            if (!summary) {
                return summary.error();
            }
            report.operatorsChanged = summary->added + summary->changed + summary->disabled;
            if (Status st = settings.setStateValue(QStringLiteral("sync.operators_revision"),
                                                   o.value(QStringLiteral("revision")).toString());
                !st) {
                return st.error();
            }
        }
    }

    // Pull what other workstations sent, from the stored cursor on.
    for (;;) {
        const QString cursor =
            settings.value(QStringLiteral("sync.cursor"), QStringLiteral("0")).value();
        auto r = client.signedRequest(m_enrollment, "GET",
                                      QStringLiteral("/v1/sync/pull?since=") + cursor, {},
                                      operatorLogin);
        if (!r) {
            return r.error();
        }
        const QJsonObject o = QJsonDocument::fromJson(r->body).object();
        const QJsonArray changes = o.value(QStringLiteral("changes")).toArray();
        if (changes.isEmpty()) {
            break;
        }
        Transaction tx(m_db);
        auto fresh = Inbox(m_db).store(changes);
        if (!fresh) {
            return fresh.error();
        }
        report.pulled += *fresh;
        // A cursor that is not a number at or after ours would stall every later pull.
        bool cursorOk = false;
        const QString next = o.value(QStringLiteral("cursor")).toString();
        if (next.toLongLong(&cursorOk) < cursor.toLongLong() || !cursorOk) {
            return Error(QCoreApplication::translate("Sync", "central sent an invalid cursor "
                                                             "(\"%1\"): nothing was stored")
                             .arg(next),
                         QStringLiteral("sync.cursor"));
        }
        if (Status st = settings.setStateValue(QStringLiteral("sync.cursor"), next); !st) {
            return st.error();
        }
        if (Status st = tx.commit(); !st) {
            return st.error();
        }
    }
    // Then into the register, each change on its own.
    auto applied = Inbox(m_db, m_enrollment.terminal).applyPending();
    if (!applied) {
        return applied.error();
    }
    report.appliedHere = applied->applied;
    report.deferred = applied->deferred;
    report.failedHere = applied->failed;
    auto left = outbox.pendingCount();
    report.pending = left ? *left : 0;
    return report;
}

Result<SyncReport> SyncEngine::runWithRetry(const QString& operatorLogin, int maxAttempts,
                                            int baseDelayMs, const std::function<bool()>& cancelled)
{
    Result<SyncReport> last = Error(QCoreApplication::translate("Sync", "no sync attempt was made"),
                                    QStringLiteral("sync.error"));
    for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
        last = syncOnce(operatorLogin);
        if (last || last.error().code == QStringLiteral("sync.not_enrolled")) {
            return last;
        }
        const int wait = backoffMs(attempt, baseDelayMs, 5 * 60 * 1000);
        for (int waited = 0; waited < wait; waited += 100) {
            if (cancelled && cancelled()) {
                return last;
            }
            QThread::msleep(100);
        }
    }
    return last;
}

} // namespace madoguchi::sync
