#pragma once
// Central card production (カード作成): the orders workstations send when an application reaches
// production_requested, the cards made for them and their delivery back to the workstation that
// ordered them.
//
// An order is recorded from a pushed `card.production_requested` change, once per change id. A
// second request for an application (terminal + the workstation's application id) that still has
// an open order (requested) is kept as `refused` with the reason and makes no card; a pushed
// `card.revoked` cancels the application's open order. `produce` makes the requested cards:
// each gets its card serial, and its delivery goes into central's change feed as a
// `card.delivered` change addressed to the ordering terminal only (changes.to_terminal); the
// order is then `delivered`. States: requested → produced (serial assigned) → delivered (in the
// change feed; both in produce's one transaction), cancelled, refused.
//
// Card serial: 12 characters, "MC" + the order's number as 9 digits + a Luhn check digit over
// those 9 digits (MC0000000018 for order 1). Unique by construction and by a UNIQUE constraint;
// `serialValid` checks the form and the check digit.
//
// Delegation (交付事務の委任): a small town may have central send the 交付通知書 on its behalf.
// For a delegated town's order the delivery says delegated and notice_sent_at. The law allows
// it for towns of 30,000 people or fewer; central holds no population figures, so the operator
// who delegates a town answers for that (a population given with the command is checked).
//
// Card profiles for the virtual card (`madoguchi-vcard --profile FILE`): with a directory,
// `produce` writes <serial>.json per card:
//   {"format": "madoguchi-card-profile/1", "card_serial": "MC…", "production_id": "P…",
//    "name": "…", "address": "…", "birth_date": "YYYYMMDD", "sex": "1|2|9",
//    "unissued": true, "jpki": "empty"}
// A card fresh from production: no PIN set, no JPKI keys and no certificates (the keys are made
// on the card at the counter). The My Number is not in it: workstations do not send it.

#include "storage/Database.h"

#include <QJsonObject>
#include <optional>

namespace madoguchi::central {

struct ProductionOrder
{
    qint64 id = 0;
    QString productionId; // P + 10 digits
    QString changeId;
    qint64 terminalId = 0;
    QString terminal;
    qint64 application = 0;
    QString residentCode;
    QString lgCode;
    QString name;
    QString address;
    QString birthDate; // YYYY-MM-DD
    QString sex;       // male / female / other
    QString requestedAt;
    QString state; // requested, delivered, cancelled, refused
    QString cardSerial;
    QString producedAt;
    QString deliveredAt;
    QString noticeSentAt;
    bool delegated = false;
    QString note;

    QJsonObject toJson() const;
};

struct ProduceReport
{
    int produced = 0;
    QStringList serials;
    QStringList profiles; // files written
};

struct Delegation
{
    QString lgCode;
    int population = 0; // 0: not given
    QString since;
};

class CardProduction
{
public:
    explicit CardProduction(Database db) : m_db(std::move(db)) {}

    // The changes of one push that central applied, in order, inside the push's transaction:
    // records or cancels orders, ignores other kinds.
    Status onPushed(const QList<QJsonObject>& changes, qint64 terminalId, const QString& terminal);
    // Produces up to `limit` requested orders (0: all), oldest first, in one transaction.
    Result<ProduceReport> produce(int limit, const QString& vcardDir = {});
    Result<QList<ProductionOrder>> orders(const QString& state = {}, int limit = 100000) const;
    Result<std::optional<ProductionOrder>> latestFor(const QString& terminal,
                                                     qint64 application) const;

    Status setDelegation(const QString& lgCode, bool on, int population = 0);
    Result<QList<Delegation>> delegations() const;

    static QString productionId(qint64 orderId);
    static QString serialFor(qint64 number);
    static bool serialValid(const QString& serial);
    static constexpr int kDelegationLimit = 30000;

private:
    Result<QList<ProductionOrder>> select(const QString& where, const QVariantList& params) const;
    Database m_db;
};

} // namespace madoguchi::central
