#include "registry/SearchService.h"

#include "audit/AuditLog.h"
#include "ids/Identifiers.h"
#include "registry/RegistryService.h"
#include "registry/SearchKeys.h"
#include "text/JapaneseText.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QSet>

namespace madoguchi {

namespace {

const QString kNameKinds = QStringLiteral("k.kind <> 'address'");
const QString kAddressKinds = QStringLiteral("k.kind = 'address'");

// The largest code point: "key" <= x < "key" + kTop selects every key that starts with "key".
const QString kTop = QString::fromUcs4(U"\U0010FFFF", 1);

QString ftsQuery(const QStringList& grams)
{
    QStringList quoted;
    for (QString g : grams) {
        quoted << u'"' + g.replace(u'"', QStringLiteral("\"\"")) + u'"';
    }
    return quoted.join(QStringLiteral(" AND "));
}
} // namespace

SearchService::SearchService(Database db, RegistryService* registry)
    : m_db(std::move(db)), m_registry(registry)
{}

QueryKind SearchService::classify(const QString& input, QString* normalised)
{
    const QString t = input.trimmed();
    if (t.isEmpty()) {
        return QueryKind::Empty;
    }
    const QString digits = text::normaliseNumber(QString(t).remove(u'〒'));
    if (!digits.isEmpty()) {
        if (normalised) {
            *normalised = digits;
        }
        switch (digits.size()) {
        case 12:
            return QueryKind::MyNumber;
        case 11:
            return QueryKind::ResidentCode;
        case 7:
            return QueryKind::PostalCode;
        case 8:
            if (auto d = text::Wareki::parse(digits); d.ok()) {
                if (normalised) {
                    *normalised = d->toString(Qt::ISODate);
                }
                return QueryKind::BirthDate;
            }
            return QueryKind::ResidentCode;
        default:
            if (digits.size() >= 4) {
                return QueryKind::ResidentCode; // the first digits of a code
            }
            break;
        }
    }
    if (auto d = text::Wareki::parse(t); d.ok()) {
        if (normalised) {
            *normalised = d->toString(Qt::ISODate);
        }
        return QueryKind::BirthDate;
    }
    if (normalised) {
        *normalised = text::searchInputKey(t);
    }
    return QueryKind::Name;
}

Result<QList<QPair<qint64, QString>>> SearchService::tier(const QString& where,
                                                          const QVariantList& params, int limit,
                                                          bool includeRemoved)
{
    const QString sql =
        QStringLiteral(
            "SELECT k.resident_id, k.kind, r.kana_key, r.birth_date FROM resident_keys k "
            "JOIN residents r ON r.id = k.resident_id WHERE (%1)%2 LIMIT %3")
            .arg(where, includeRemoved ? QString() : QStringLiteral(" AND r.status = 'current'"))
            .arg(window(limit));
    return ranked(sql, params, limit);
}

int SearchService::window(int limit)
{
    // A tier is read in index order up to this many rows and ranked here, so that a one-character
    // query matching 100,000 keys costs a bounded read instead of a sort of all of them. Paging
    // stays consistent: every page of a query reads the same window.
    return std::max(500, limit * 4);
}

Result<QList<QPair<qint64, QString>>> SearchService::ranked(const QString& sql,
                                                            const QVariantList& params, int limit)
{
    auto q = m_db.exec(sql, params);
    if (!q) {
        return q.error();
    }
    struct Row
    {
        qint64 id;
        QString kind;
        QString kana;
        QString birth;
    };
    QList<Row> rows;
    while (q->next()) {
        rows.append(Row{q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(),
                        q->value(3).toString()});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        const int pa = searchkeys::kindPriority(a.kind), pb = searchkeys::kindPriority(b.kind);
        if (pa != pb) {
            return pa < pb;
        }
        if (a.kana != b.kana) {
            return a.kana < b.kana;
        }
        if (a.birth != b.birth) {
            return a.birth < b.birth;
        }
        return a.id < b.id;
    });
    QList<QPair<qint64, QString>> out;
    for (const Row& r : std::as_const(rows)) {
        if (out.size() >= limit) {
            break;
        }
        out << qMakePair(r.id, r.kind);
    }
    return out;
}

Result<QList<QPair<qint64, QString>>> SearchService::substring(const QString& key,
                                                               const QStringList& kinds, int limit,
                                                               bool includeRemoved)
{
    const QStringList grams = searchkeys::queryGrams(key);
    if (grams.isEmpty()) {
        return QList<QPair<qint64, QString>>();
    }
    const QString kindFilter = kinds.isEmpty() ? kNameKinds : kAddressKinds;
    const QString status = includeRemoved ? QString() : QStringLiteral(" AND r.status = 'current'");
    QString sql;
    QVariantList params;
    if (m_db.isSQLite()) {
        sql = QStringLiteral(
                  "SELECT k.resident_id, k.kind, r.kana_key, r.birth_date FROM resident_grams g "
                  "JOIN resident_keys k ON k.id = g.rowid JOIN residents r ON r.id = k.resident_id "
                  "WHERE resident_grams MATCH ? AND instr(k.search_key, ?) > 1 AND %1%2 "
                  "LIMIT %3")
                  .arg(kindFilter, status)
                  .arg(window(limit));
        params = {ftsQuery(grams), key};
    } else {
        sql = QStringLiteral(
                  "SELECT k.resident_id, k.kind, r.kana_key, r.birth_date FROM resident_keys k "
                  "JOIN residents r ON r.id = k.resident_id "
                  "WHERE string_to_array(k.grams, ' ') @> string_to_array(?, ' ') "
                  "AND strpos(k.search_key, ?) > 1 AND %1%2 "
                  "LIMIT %3")
                  .arg(kindFilter, status)
                  .arg(window(limit));
        params = {grams.join(u' '), key};
    }
    return ranked(sql, params, limit);
}

Result<SearchResult> SearchService::search(const SearchRequest& request, const Session& by)
{
    SearchResult result;
    QString norm;
    result.kind = classify(request.text, &norm);
    if (result.kind == QueryKind::Empty) {
        return result;
    }
    if (result.kind == QueryKind::MyNumber) {
        auto found = m_registry->findByMyNumber(norm, by);
        if (!found) {
            return found.error();
        }
        result.interpretation = QCoreApplication::translate("SearchService", "My Number %1")
                                    .arg(ids::maskMyNumber(norm));
        if (found->has_value()) {
            result.hits << SearchHit{**found, 0, QStringLiteral("my_number")};
        }
        return result;
    }
    if (Status st = by.require(Permission::ViewResidents); !st) {
        return st.error();
    }
    const int need = std::clamp(request.offset, 0, 100000) + std::clamp(request.limit, 1, 1000) + 1;
    QList<QPair<qint64, QString>> ordered;
    QList<int> tiers;
    QSet<qint64> seen;
    auto take = [&](const QList<QPair<qint64, QString>>& rows, int tierNo) {
        for (const auto& row : rows) {
            if (!seen.contains(row.first)) {
                seen.insert(row.first);
                ordered << row;
                tiers << tierNo;
            }
        }
    };
    auto run = [&](const QString& where, const QVariantList& params, int tierNo) -> Status {
        if (ordered.size() >= need) {
            return {};
        }
        auto rows = tier(where, params, need, request.includeRemoved);
        if (!rows) {
            return rows.error();
        }
        take(*rows, tierNo);
        return {};
    };
    auto plain = [&](const QString& sql, const QVariantList& params, const QString& kind,
                     int tierNo) -> Status {
        QString full = sql;
        if (!request.includeRemoved) {
            full += QStringLiteral(" AND status = 'current'");
        }
        full += QStringLiteral(" ORDER BY kana_key, birth_date, id LIMIT %1").arg(need);
        auto q = m_db.exec(full, params);
        if (!q) {
            return q.error();
        }
        QList<QPair<qint64, QString>> rows;
        while (q->next()) {
            rows << qMakePair(q->value(0).toLongLong(), kind);
        }
        take(rows, tierNo);
        return {};
    };

    Status st;
    switch (result.kind) {
    case QueryKind::BirthDate:
        result.interpretation =
            QCoreApplication::translate("SearchService", "date of birth %1 (%2)")
                .arg(norm, text::Wareki::format(QDate::fromString(norm, Qt::ISODate)));
        st = plain(QStringLiteral("SELECT id FROM residents WHERE birth_date = ?"), {norm},
                   QStringLiteral("birth_date"), 0);
        break;
    case QueryKind::PostalCode:
        result.interpretation = QCoreApplication::translate("SearchService", "postal code %1-%2")
                                    .arg(norm.left(3), norm.mid(3));
        st = plain(QStringLiteral("SELECT id FROM residents WHERE postal_code = ?"), {norm},
                   QStringLiteral("postal_code"), 0);
        break;
    case QueryKind::ResidentCode:
        result.interpretation =
            QCoreApplication::translate("SearchService", "resident code %1").arg(norm);
        st = norm.size() == 11
                 ? plain(QStringLiteral("SELECT id FROM residents WHERE resident_code = ?"), {norm},
                         QStringLiteral("resident_code"), 0)
                 : plain(QStringLiteral("SELECT id FROM residents WHERE resident_code >= ? AND "
                                        "resident_code < ?"),
                         {norm, norm + kTop}, QStringLiteral("resident_code"), 1);
        break;
    case QueryKind::Name: {
        // The key as typed (an alphabet name stays Latin) and, for romaji, its kana reading.
        QStringList nameKeys;
        for (const QString& k : {text::searchKey(request.text), norm}) {
            if (!k.isEmpty() && !nameKeys.contains(k)) {
                nameKeys << k;
            }
        }
        const QString addressKey = text::addressKey(request.text);
        result.interpretation =
            QCoreApplication::translate("SearchService", "name or address \"%1\"")
                .arg(request.text.trimmed());
        for (int t = 0; t < 3 && st.ok(); ++t) {
            for (const QString& nameKey : std::as_const(nameKeys)) {
                if (t == 0) {
                    st = run(QStringLiteral("k.search_key = ? AND ") + kNameKinds, {nameKey}, 0);
                } else if (t == 1) {
                    st = run(QStringLiteral("k.search_key > ? AND k.search_key < ? AND ") +
                                 kNameKinds,
                             {nameKey, nameKey + kTop}, 1);
                } else if (ordered.size() < need) {
                    auto rows = substring(nameKey, {}, need, request.includeRemoved);
                    if (!rows) {
                        st = rows.error();
                        break;
                    }
                    take(*rows, 2);
                }
                if (!st) {
                    break;
                }
            }
        }
        if (st && !addressKey.isEmpty()) {
            st = run(QStringLiteral("k.search_key >= ? AND k.search_key < ? AND ") + kAddressKinds,
                     {addressKey, addressKey + kTop}, 3);
            if (st && ordered.size() < need) {
                auto rows = substring(addressKey, {QStringLiteral("address")}, need,
                                      request.includeRemoved);
                if (!rows) {
                    st = rows.error();
                } else {
                    take(*rows, 4);
                }
            }
        }
        break;
    }
    default:
        break;
    }
    if (!st) {
        return st.error();
    }

    const qsizetype from = std::min<qsizetype>(request.offset, ordered.size());
    const qsizetype to = std::min<qsizetype>(from + request.limit, ordered.size());
    result.more = ordered.size() > to;
    QList<qint64> ids;
    for (qsizetype i = from; i < to; ++i) {
        ids << ordered.at(i).first;
    }
    auto residents = m_registry->loadMany(ids);
    if (!residents) {
        return residents.error();
    }
    for (qsizetype i = 0; i < residents->size(); ++i) {
        result.hits << SearchHit{residents->at(i), tiers.at(from + i), ordered.at(from + i).second};
    }
    if (Status logged = AuditLog(m_db).record(by.login(), QStringLiteral("resident.search"),
                                              request.text.trimmed(),
                                              QStringLiteral("%1 hits").arg(result.hits.size()));
        !logged) {
        return logged.error();
    }
    return result;
}

} // namespace madoguchi
