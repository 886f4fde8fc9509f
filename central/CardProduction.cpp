#include "CardProduction.h"

#include "common/Clock.h"
#include "ids/Identifiers.h"
#include "storage/BatchInsert.h"
#include "storage/Transaction.h"

#include <QDir>
#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

namespace madoguchi::central {

namespace {

const QString kColumns = QStringLiteral(
    "id, change_id, terminal_id, terminal, application_id, resident_code, lg_code, name, address, "
    "birth_date, sex, requested_at, state, card_serial, produced_at, delivered_at, "
    "notice_sent_at, delegated, note");

QString text(const QVariant& v)
{
    return v.isNull() ? QString() : v.toString();
}

QVariant nullable(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

int luhn(const QString& digits)
{
    int sum = 0;
    bool twice = true; // from the right, the digit next to the check digit is doubled
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int d = digits.at(i).digitValue();
        if (twice) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
        twice = !twice;
    }
    return (10 - sum % 10) % 10;
}

QString cardSex(const QString& sex)
{
    if (sex == QStringLiteral("male")) {
        return QStringLiteral("1");
    }
    if (sex == QStringLiteral("female")) {
        return QStringLiteral("2");
    }
    return QStringLiteral("9");
}

} // namespace

QJsonObject ProductionOrder::toJson() const
{
    return {{QStringLiteral("production_id"), productionId},
            {QStringLiteral("terminal"), terminal},
            {QStringLiteral("terminal_id"), terminalId},
            {QStringLiteral("application"), application},
            {QStringLiteral("resident_code"), residentCode},
            {QStringLiteral("lg_code"), lgCode},
            {QStringLiteral("requested_at"), requestedAt},
            {QStringLiteral("state"), state},
            {QStringLiteral("card_serial"), cardSerial},
            {QStringLiteral("produced_at"), producedAt},
            {QStringLiteral("delivered_at"), deliveredAt},
            {QStringLiteral("notice_sent_at"), noticeSentAt},
            {QStringLiteral("delegated"), delegated},
            {QStringLiteral("note"), note}};
}

QString CardProduction::productionId(qint64 orderId)
{
    return QStringLiteral("P%1").arg(orderId, 10, 10, QLatin1Char('0'));
}

QString CardProduction::serialFor(qint64 number)
{
    const QString digits = QStringLiteral("%1").arg(number, 9, 10, QLatin1Char('0'));
    return QStringLiteral("MC") + digits + QString::number(luhn(digits));
}

bool CardProduction::serialValid(const QString& serial)
{
    if (serial.size() != 12 || !serial.startsWith(QStringLiteral("MC"))) {
        return false;
    }
    for (qsizetype i = 2; i < 12; ++i) {
        if (serial.at(i) < u'0' || serial.at(i) > u'9') {
            return false;
        }
    }
    return luhn(serial.mid(2, 9)) == serial.at(11).digitValue();
}

Result<QList<ProductionOrder>> CardProduction::select(const QString& where,
                                                      const QVariantList& params) const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT %1 FROM card_production %2").arg(kColumns, where), params);
    if (!q) {
        return q.error();
    }
    QList<ProductionOrder> out;
    while (q->next()) {
        ProductionOrder o;
        o.id = q->value(0).toLongLong();
        o.productionId = productionId(o.id);
        o.changeId = text(q->value(1));
        o.terminalId = q->value(2).toLongLong();
        o.terminal = text(q->value(3));
        o.application = q->value(4).toLongLong();
        o.residentCode = text(q->value(5));
        o.lgCode = text(q->value(6));
        o.name = text(q->value(7));
        o.address = text(q->value(8));
        o.birthDate = text(q->value(9));
        o.sex = text(q->value(10));
        o.requestedAt = text(q->value(11));
        o.state = text(q->value(12));
        o.cardSerial = text(q->value(13));
        o.producedAt = text(q->value(14));
        o.deliveredAt = text(q->value(15));
        o.noticeSentAt = text(q->value(16));
        o.delegated = q->value(17).toInt() != 0;
        o.note = text(q->value(18));
        out << o;
    }
    return out;
}

Result<QList<ProductionOrder>> CardProduction::orders(const QString& state, int limit) const
{
    return state.isEmpty()
               ? select(QStringLiteral("ORDER BY id LIMIT ?"), {limit})
               : select(QStringLiteral("WHERE state = ? ORDER BY id LIMIT ?"), {state, limit});
}

Result<std::optional<ProductionOrder>> CardProduction::latestFor(const QString& terminal,
                                                                 qint64 application) const
{
    auto found = select(QStringLiteral("WHERE terminal = ? AND application_id = ? AND state <> "
                                       "'refused' ORDER BY id DESC LIMIT 1"),
                        {terminal, application});
    if (!found) {
        return found.error();
    }
    if (found->isEmpty()) {
        return std::optional<ProductionOrder>();
    }
    return std::optional<ProductionOrder>(found->first());
}

Status CardProduction::onPushed(const QList<QJsonObject>& changes, qint64 terminalId,
                                const QString& terminal)
{
    QList<QJsonObject> relevant;
    QStringList ids;
    for (const QJsonObject& c : changes) {
        const QString kind = c.value(QStringLiteral("kind")).toString();
        if (kind == QStringLiteral("card.production_requested") ||
            kind == QStringLiteral("card.revoked")) {
            relevant << c;
            ids << c.value(QStringLiteral("id")).toString();
        }
    }
    if (relevant.isEmpty()) {
        return {};
    }
    // What central holds already, in two queries for the whole batch: the terminal's open
    // orders, and which of these changes made an order before.
    QHash<qint64, qint64> open; // application → order id; 0: made in this batch, not written yet
    {
        auto q = m_db.exec(QStringLiteral("SELECT application_id, id FROM card_production WHERE "
                                          "terminal = ? AND state = 'requested'"),
                           {terminal});
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            open.insert(q->value(0).toLongLong(), q->value(1).toLongLong());
        }
    }
    QSet<QString> seen;
    {
        auto q = m_db.exec(QStringLiteral("SELECT change_id FROM card_production WHERE change_id "
                                          "IN (%1)")
                               .arg(m_db.textList()),
                           {Database::listParameter(ids)});
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            seen.insert(q->value(0).toString());
        }
    }
    BatchInsert orders(
        m_db, QStringLiteral("card_production"),
        {QStringLiteral("change_id"), QStringLiteral("terminal_id"), QStringLiteral("terminal"),
         QStringLiteral("application_id"), QStringLiteral("resident_code"),
         QStringLiteral("lg_code"), QStringLiteral("name"), QStringLiteral("address"),
         QStringLiteral("birth_date"), QStringLiteral("sex"), QStringLiteral("requested_at"),
         QStringLiteral("state"), QStringLiteral("delegated"), QStringLiteral("note")});
    QHash<qint64, QString> pendingChange; // application → change id of its order not written yet
    // The id of an application's open order, writing the batch's orders first when it was
    // made in this batch (rare: two requests for one application in one push).
    auto openOrder = [&](qint64 application) -> Result<qint64> {
        const qint64 id = open.value(application);
        if (id != 0) {
            return id;
        }
        if (Status st = orders.flush(); !st) {
            return st.error();
        }
        auto written =
            m_db.scalar(QStringLiteral("SELECT id FROM card_production WHERE change_id = ?"),
                        {pendingChange.value(application)});
        if (!written) {
            return written.error();
        }
        open.insert(application, written->toLongLong());
        return written->toLongLong();
    };
    const QString now = Clock::isoNow();
    for (const QJsonObject& change : std::as_const(relevant)) {
        const QString kind = change.value(QStringLiteral("kind")).toString();
        const QString changeId = change.value(QStringLiteral("id")).toString();
        const QJsonObject p = change.value(QStringLiteral("payload")).toObject();
        const qint64 application = p.value(QStringLiteral("application")).toInteger();
        const bool isOpen = open.contains(application);
        if (kind == QStringLiteral("card.revoked")) {
            if (!isOpen) {
                continue; // nothing on order (not yet requested, or made already)
            }
            auto id = openOrder(application);
            if (!id) {
                return id.error();
            }
            if (Status st = m_db.run(
                    QStringLiteral("UPDATE card_production SET state = 'cancelled', note = ? "
                                   "WHERE id = ?"),
                    {QStringLiteral("application revoked: %1")
                         .arg(p.value(QStringLiteral("reason")).toString()),
                     *id});
                !st) {
                return st;
            }
            open.remove(application);
            continue;
        }
        if (seen.contains(changeId)) {
            continue; // the same request again: one order
        }
        seen.insert(changeId);
        QString state = QStringLiteral("requested");
        QString note;
        if (application <= 0) {
            state = QStringLiteral("refused");
            note = QStringLiteral("the request names no application");
        } else if (isOpen) {
            auto id = openOrder(application);
            if (!id) {
                return id.error();
            }
            state = QStringLiteral("refused");
            note = QStringLiteral("application %1 of terminal %2 has order %3 open already")
                       .arg(application)
                       .arg(terminal, productionId(*id));
        }
        if (Status st = orders.add({changeId, terminalId, terminal, application,
                                    p.value(QStringLiteral("resident_code")).toString(),
                                    p.value(QStringLiteral("lg_code")).toString(),
                                    p.value(QStringLiteral("name")).toString(),
                                    p.value(QStringLiteral("address")).toString(),
                                    p.value(QStringLiteral("birth_date")).toString(),
                                    p.value(QStringLiteral("sex")).toString(), now, state, 0,
                                    nullable(note)});
            !st) {
            return st;
        }
        if (state == QStringLiteral("requested")) {
            open.insert(application, 0);
            pendingChange.insert(application, changeId);
        }
    }
    return orders.flush();
}

Result<ProduceReport> CardProduction::produce(int limit, const QString& vcardDir)
{
    ProduceReport report;
    if (!vcardDir.isEmpty() && !QDir().mkpath(vcardDir)) {
        return Error(QStringLiteral("cannot create %1").arg(vcardDir),
                     QStringLiteral("central.io"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto todo = select(QStringLiteral("WHERE state = 'requested' ORDER BY id LIMIT ?"),
                       {limit > 0 ? limit : 1000000000});
    if (!todo) {
        return todo.error();
    }
    QSet<QString> delegated;
    {
        auto q = m_db.exec(QStringLiteral("SELECT lg_code FROM card_delegations"));
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            delegated.insert(q->value(0).toString());
        }
    }
    BatchInsert feed(
        m_db, QStringLiteral("changes"),
        {QStringLiteral("change_id"), QStringLiteral("terminal_id"), QStringLiteral("operator"),
         QStringLiteral("kind"), QStringLiteral("record_key"), QStringLiteral("version"),
         QStringLiteral("payload"), QStringLiteral("received_at"), QStringLiteral("to_terminal")});
    for (ProductionOrder& o : *todo) {
        const QString now = Clock::isoNow();
        o.cardSerial = serialFor(o.id);
        o.producedAt = now;
        o.delegated = delegated.contains(o.lgCode);
        o.noticeSentAt = o.delegated ? now : QString();
        // Made: the serial is the card's from here on.
        if (Status st = m_db.run(QStringLiteral("UPDATE card_production SET state = 'produced', "
                                                "card_serial = ?, produced_at = ?, delegated = ? "
                                                "WHERE id = ? AND state = 'requested'"),
                                 {o.cardSerial, now, o.delegated ? 1 : 0, o.id});
            !st) {
            return st.error();
        }
        if (!vcardDir.isEmpty()) {
            QString birth = o.birthDate;
            birth.remove(u'-');
            const QJsonObject profile{
                {QStringLiteral("format"), QStringLiteral("madoguchi-card-profile/1")},
                {QStringLiteral("card_serial"), o.cardSerial},
                {QStringLiteral("production_id"), o.productionId},
                {QStringLiteral("name"), o.name},
                {QStringLiteral("address"), o.address},
                {QStringLiteral("birth_date"), birth},
                {QStringLiteral("sex"), cardSex(o.sex)},
                {QStringLiteral("unissued"), true},
                {QStringLiteral("jpki"), QStringLiteral("empty")}};
            const QString path = QDir(vcardDir).filePath(o.cardSerial + QStringLiteral(".json"));
            QSaveFile f(path);
            if (!f.open(QIODevice::WriteOnly) ||
                f.write(QJsonDocument(profile).toJson(QJsonDocument::Indented)) < 0 ||
                !f.commit()) {
                return Error(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()),
                             QStringLiteral("central.io"));
            }
            report.profiles << path;
        }
        // Delivered: to the terminal that ordered it, through central's change feed.
        QJsonObject payload{{QStringLiteral("application"), o.application},
                            {QStringLiteral("terminal"), o.terminal},
                            {QStringLiteral("terminal_id"), o.terminalId},
                            {QStringLiteral("resident_code"), o.residentCode},
                            {QStringLiteral("card_serial"), o.cardSerial},
                            {QStringLiteral("production_id"), o.productionId},
                            {QStringLiteral("delegated"), o.delegated},
                            {QStringLiteral("produced_at"), now},
                            {QStringLiteral("delivered_at"), now}};
        if (o.delegated) {
            payload.insert(QStringLiteral("notice_sent_at"), now);
        }
        if (Status st = feed.add(
                {QStringLiteral("card-delivered-") + o.productionId, 0, QStringLiteral("central"),
                 QStringLiteral("card.delivered"), QStringLiteral("production:") + o.productionId,
                 1, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)), now,
                 o.terminal});
            !st) {
            return st.error();
        }
        ++report.produced;
        report.serials << o.cardSerial;
    }
    if (Status st = feed.flush(); !st) {
        return st.error();
    }
    // Delivered: every card made in this run is in the change feed now (and a delegated town's
    // notice sent with it).
    const QString delivered = Clock::isoNow();
    if (Status st = m_db.run(QStringLiteral("UPDATE card_production SET state = 'delivered', "
                                            "delivered_at = ?, notice_sent_at = CASE WHEN "
                                            "delegated = 1 THEN produced_at END WHERE state = "
                                            "'produced'"),
                             {delivered});
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return report;
}

Status CardProduction::setDelegation(const QString& lgCode, bool on, int population)
{
    const QString code = lgCode.trimmed();
    bool digits = code.size() == 6;
    for (QChar c : code) {
        digits = digits && c >= u'0' && c <= u'9';
    }
    if (!digits || ids::localGovernmentCheckDigit(code.left(5)) != code.at(5).digitValue()) {
        return Error(QStringLiteral("%1 is not a local-government code (6 digits with its check "
                                    "digit)")
                         .arg(code),
                     QStringLiteral("central.usage"));
    }
    if (!on) {
        auto q =
            m_db.exec(QStringLiteral("DELETE FROM card_delegations WHERE lg_code = ?"), {code});
        if (!q) {
            return q.error();
        }
        if (q->numRowsAffected() == 0) {
            return Error(QStringLiteral("%1 has not delegated card issuance").arg(code),
                         QStringLiteral("central.not_delegated"));
        }
        return {};
    }
    if (population > kDelegationLimit) {
        return Error(QStringLiteral("only towns of %1 people or fewer may delegate card issuance "
                                    "(%2 has %3)")
                         .arg(kDelegationLimit)
                         .arg(code)
                         .arg(population),
                     QStringLiteral("central.population"));
    }
    Transaction tx(m_db);
    if (Status st =
            m_db.run(QStringLiteral("DELETE FROM card_delegations WHERE lg_code = ?"), {code});
        !st) {
        return st;
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO card_delegations (lg_code, population, "
                                            "since) VALUES (?, ?, ?)"),
                             {code, population, Clock::isoNow()});
        !st) {
        return st;
    }
    return tx.commit();
}

Result<QList<Delegation>> CardProduction::delegations() const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT lg_code, population, since FROM card_delegations ORDER BY lg_code"));
    if (!q) {
        return q.error();
    }
    QList<Delegation> out;
    while (q->next()) {
        out << Delegation{q->value(0).toString(), q->value(1).toInt(), q->value(2).toString()};
    }
    return out;
}

} // namespace madoguchi::central
