#include "sync/Inbox.h"

#include "common/Clock.h"
#include "disaster/LedgerSync.h"
#include "issuance/Issuance.h"
#include "learning/LearningService.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace madoguchi::sync {

Result<int> Inbox::store(const QJsonArray& changes)
{
    int fresh = 0;
    for (const QJsonValue& v : changes) {
        const QJsonObject c = v.toObject();
        const QString id = c.value(QStringLiteral("id")).toString();
        if (id.isEmpty()) {
            return Error(QCoreApplication::translate("Sync", "central sent a change without an id"),
                         QStringLiteral("sync.bad_change"));
        }
        auto seen = m_db.scalar(
            QStringLiteral("SELECT COUNT(*) FROM sync_received WHERE change_id = ?"), {id});
        if (!seen) {
            return seen.error();
        }
        if (seen->toInt() > 0) {
            continue;
        }
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO sync_received (change_id, central_seq, kind, "
                               "record_key, version, payload, received_at, terminal, operator) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {id, c.value(QStringLiteral("seq")).toInteger(),
                 c.value(QStringLiteral("kind")).toString(),
                 c.value(QStringLiteral("record_key")).toString(),
                 c.value(QStringLiteral("version")).toInt(),
                 QString::fromUtf8(QJsonDocument(c.value(QStringLiteral("payload")).toObject())
                                       .toJson(QJsonDocument::Compact)),
                 Clock::isoNow(), c.value(QStringLiteral("terminal")).toString(),
                 c.value(QStringLiteral("operator")).toString()});
            !st) {
            return st.error();
        }
        ++fresh;
    }
    return fresh;
}

Result<QList<ReceivedChange>> Inbox::select(const QString& where, const QVariantList& params) const
{
    auto q = m_db.exec(QStringLiteral("SELECT change_id, central_seq, kind, record_key, version, "
                                      "payload, terminal, operator, state, note FROM "
                                      "sync_received WHERE %1")
                           .arg(where),
                       params);
    if (!q) {
        return q.error();
    }
    QList<ReceivedChange> out;
    while (q->next()) {
        ReceivedChange r;
        r.changeId = q->value(0).toString();
        r.centralSeq = q->value(1).toLongLong();
        r.kind = q->value(2).toString();
        r.recordKey = q->value(3).toString();
        r.version = q->value(4).toInt();
        r.payload = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        r.terminal = q->value(6).toString();
        r.operatorLogin = q->value(7).toString();
        r.state = q->value(8).toString();
        r.note = q->value(9).toString();
        out << r;
    }
    return out;
}

Result<QList<ReceivedChange>> Inbox::forRecord(const QString& recordKey) const
{
    return select(QStringLiteral("record_key = ? ORDER BY central_seq"), {recordKey});
}

Result<QList<ReceivedChange>> Inbox::withState(const QString& state, int limit) const
{
    return select(QStringLiteral("state = ? ORDER BY central_seq LIMIT ?"), {state, limit});
}

Status Inbox::setState(const QString& changeId, const QString& state, const QString& note)
{
    return m_db.run(
        QStringLiteral("UPDATE sync_received SET state = ?, note = ? WHERE change_id = ?"),
        {state, note.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(note),
         changeId});
}

Result<ApplyReport> Inbox::applyPending()
{
    ApplyReport report;
    RegistryService registry(m_db);
    // Deferred ones first in the same order: central's order per record is kept.
    auto todo = select(QStringLiteral("kind = 'resident.move' AND state IN ('stored', "
                                      "'deferred') ORDER BY central_seq"),
                       {});
    if (!todo) {
        return todo.error();
    }
    for (const ReceivedChange& r : std::as_const(*todo)) {
        auto own = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE record_key = ?"),
                               {r.recordKey});
        if (!own) {
            return own.error();
        }
        if (own->toInt() > 0) {
            if (r.state != QStringLiteral("deferred")) {
                if (Status st = setState(r.changeId, QStringLiteral("deferred")); !st) {
                    return st.error();
                }
            }
            ++report.deferred;
            continue;
        }
        const QString code = r.payload.value(QStringLiteral("resident_code")).toString();
        const auto kind = moves::fromId(r.payload.value(QStringLiteral("kind")).toString());
        QString state;
        QString note;
        if (!r.payload.contains(QStringLiteral("before"))) {
            // An entry into another register: central's national index keeps it.
            auto found = registry.findByCode(code);
            if (!found) {
                return found.error();
            }
            state = *found ? QStringLiteral("skipped") : QStringLiteral("index");
        } else if (!kind) {
            state = QStringLiteral("failed");
            note = QCoreApplication::translate("Sync", "unknown kind of move");
        } else if (auto found = registry.findByCode(code); !found) {
            return found.error();
        } else if (!*found) {
            state = QStringLiteral("index");
        } else if ((*found)->version >= r.version) {
            state = QStringLiteral("skipped");
            note = QCoreApplication::translate("Sync", "the register is at version %1 already")
                       .arg((*found)->version);
        } else {
            // The change and its new state together, or neither.
            Transaction tx(m_db);
            if (!tx.ok()) {
                return tx.error();
            }
            QVariantMap after = r.payload.value(QStringLiteral("after")).toObject().toVariantMap();
            if (r.payload.contains(QStringLiteral("household_no"))) {
                after.insert(QStringLiteral("household_no"),
                             r.payload.value(QStringLiteral("household_no")).toString());
            }
            auto applied = registry.applyFromCentral(
                code, *kind, after,
                QDate::fromString(r.payload.value(QStringLiteral("effective_date")).toString(),
                                  Qt::ISODate),
                r.version, r.terminal + u'/' + r.operatorLogin);
            if (applied) {
                if (Status st = setState(r.changeId, QStringLiteral("applied")); !st) {
                    return st.error();
                }
                if (Status st = tx.commit(); !st) {
                    return st.error();
                }
                ++report.applied;
                continue;
            }
            tx.rollback();
            if (applied.error().code == QStringLiteral("registry.not_found")) {
                state = QStringLiteral("index");
            } else {
                state = QStringLiteral("failed");
                note = applied.errorMessage();
            }
        }
        if (Status st = setState(r.changeId, state, note); !st) {
            return st.error();
        }
        if (state == QStringLiteral("index")) {
            ++report.index;
        } else if (state == QStringLiteral("skipped")) {
            ++report.skipped;
        } else {
            ++report.failed;
        }
    }
    if (Status st = applyDeliveries(&report); !st) {
        return st.error();
    }
    if (Status st = applyLedger(&report); !st) {
        return st.error();
    }
    if (Status st = applyLearning(&report); !st) {
        return st.error();
    }
    return report;
}

Status Inbox::applyLearning(ApplyReport* report)
{
    auto todo = select(QStringLiteral("kind IN ('learning.enrolment', 'learning.certificate') "
                                      "AND state IN ('stored', 'deferred') ORDER BY central_seq"),
                       {});
    if (!todo) {
        return todo.error();
    }
    learning::LearningService learning(m_db);
    for (const ReceivedChange& r : std::as_const(*todo)) {
        Transaction tx(m_db);
        if (!tx.ok()) {
            return tx.error();
        }
        auto state = learning.applyFromCentral(r.kind, r.payload);
        if (!state || *state == QStringLiteral("deferred")) {
            tx.rollback();
            const QString to = state ? *state : QStringLiteral("failed");
            if (r.state != to) {
                if (Status st = setState(r.changeId, to, state ? QString() : state.errorMessage());
                    !st) {
                    return st;
                }
            }
            ++(state ? report->deferred : report->failed);
            continue;
        }
        if (Status st = setState(r.changeId, *state); !st) {
            return st;
        }
        if (Status st = tx.commit(); !st) {
            return st;
        }
        ++(*state == QStringLiteral("applied") ? report->applied : report->skipped);
    }
    return {};
}

Status Inbox::applyLedger(ApplyReport* report)
{
    disaster::LedgerSync ledger(m_db);
    // Passes until nothing more can be applied: a record that waits for another one (a stay
    // for its person) is taken again once that one is in.
    for (bool progress = true; progress;) {
        progress = false;
        auto todo = select(QStringLiteral("kind LIKE 'disaster.%' AND state IN ('stored', "
                                          "'deferred') ORDER BY central_seq"),
                           {});
        if (!todo) {
            return todo.error();
        }
        int deferred = 0;
        for (const ReceivedChange& r : std::as_const(*todo)) {
            if (!disaster::LedgerSync::isLedgerKind(r.kind)) {
                continue;
            }
            Transaction tx(m_db);
            if (!tx.ok()) {
                return tx.error();
            }
            QString note;
            auto state = ledger.apply(r.payload, &note);
            if (!state) {
                tx.rollback();
                if (Status st =
                        setState(r.changeId, QStringLiteral("failed"), state.errorMessage());
                    !st) {
                    return st;
                }
                ++report->failed;
                continue;
            }
            if (*state == QStringLiteral("deferred")) {
                tx.rollback();
                ++deferred;
                if (r.state != *state || r.note != note) {
                    if (Status st = setState(r.changeId, *state, note); !st) {
                        return st;
                    }
                }
                continue;
            }
            if (Status st = setState(r.changeId, *state); !st) {
                return st;
            }
            if (Status st = tx.commit(); !st) {
                return st;
            }
            progress = true;
            ++(*state == QStringLiteral("applied") ? report->applied : report->skipped);
        }
        if (!progress) {
            report->deferred += deferred;
        }
    }
    return {};
}

Status Inbox::applyDeliveries(ApplyReport* report)
{
    auto todo = select(QStringLiteral("kind = 'card.delivered' AND state = 'stored' ORDER BY "
                                      "central_seq"),
                       {});
    if (!todo) {
        return todo.error();
    }
    if (todo->isEmpty()) {
        return {};
    }
    auto self = m_terminal.isEmpty()
                    ? InstallationSettings(m_db).value(QStringLiteral("central.terminal"))
                    : Result<QString>(m_terminal);
    if (!self) {
        return self.error();
    }
    issuance::IssuanceService cards(m_db);
    for (const ReceivedChange& r : std::as_const(*todo)) {
        const QString addressee = r.payload.value(QStringLiteral("terminal")).toString();
        if (addressee != *self) {
            // Central sends a delivery to the terminal that ordered the card only; one for
            // another terminal has nothing to do here.
            if (Status st = setState(r.changeId, QStringLiteral("skipped"),
                                     QCoreApplication::translate("Sync", "a card for terminal "
                                                                         "%1, not this one")
                                         .arg(addressee));
                !st) {
                return st;
            }
            ++report->skipped;
            continue;
        }
        issuance::Delivery d;
        d.application = r.payload.value(QStringLiteral("application")).toInteger();
        d.cardSerial = r.payload.value(QStringLiteral("card_serial")).toString();
        d.productionId = r.payload.value(QStringLiteral("production_id")).toString();
        d.delegated = r.payload.value(QStringLiteral("delegated")).toBool();
        d.deliveredAt = QDateTime::fromString(
            r.payload.value(QStringLiteral("delivered_at")).toString(), Qt::ISODateWithMs);
        d.noticeSentAt = QDateTime::fromString(
            r.payload.value(QStringLiteral("notice_sent_at")).toString(), Qt::ISODateWithMs);
        d.by = r.operatorLogin.isEmpty() ? QStringLiteral("central") : r.operatorLogin;
        // The application and the change's state together, or neither.
        Transaction tx(m_db);
        if (!tx.ok()) {
            return tx.error();
        }
        auto applied = cards.applyDelivery(d);
        if (applied) {
            if (Status st = setState(r.changeId, QStringLiteral("applied")); !st) {
                return st;
            }
            if (Status st = tx.commit(); !st) {
                return st;
            }
            ++report->applied;
            continue;
        }
        tx.rollback();
        // Kept with the reason: nothing of central's delivery is lost.
        if (Status st = setState(r.changeId, QStringLiteral("failed"), applied.errorMessage());
            !st) {
            return st;
        }
        ++report->failed;
    }
    return {};
}

} // namespace madoguchi::sync
