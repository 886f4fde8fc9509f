#pragma once
// Reference data: the local-government codes (全国地方公共団体コード) and the postal codes, kept in
// the database. The lists bundled with the program (resources/data, MIT-licensed, see
// LICENSES.md) are loaded on first use; newer files are loaded with `madoguchi-cli refdata
// import`, since both lists change every year.
//
// The postal list carries no local-government code: on import each postal row is matched to a
// municipality or ward by prefecture + city name (county names stripped, renamed
// municipalities followed, variant kanji folded), and rows that match nothing keep an empty code.

#include "storage/Database.h"

#include <QIODevice>
#include <optional>

namespace madoguchi {

struct LocalGovernment
{
    QString code; // 6 digits with check digit
    QString type; // prefecture / municipality / ward
    QString prefectureCode;
    QString parentCode;
    QString name;
    QString kana;
};

struct PostalAddress
{
    QString postalCode; // 7 digits
    QString prefecture;
    QString city;
    QString town;
    QString detail;
    QString lgCode; // empty when the city matched no code
    QString display() const { return prefecture + city + town + detail; }
};

struct ImportSummary
{
    QString dataset; // "local_government_codes" or "postal_codes"
    qint64 rows = 0;
    qint64 unmatched = 0; // postal rows whose city matched no local-government code
    QString sha256;
};

struct DatasetInfo
{
    QString name;
    qint64 rows = 0;
    QString sha256;
    QString source;
    QString importedAt;
    QString importedBy;
};

class ReferenceData
{
public:
    explicit ReferenceData(Database db) : m_db(std::move(db)) {}

    // Loads the bundled lists into any empty table. Cheap when both are loaded.
    Status ensureLoaded(const QString& byOperator = {});

    // Replaces a list with a newer file, in one transaction; a file with a bad row (wrong
    // check digit, malformed postal code, missing column) is refused with the line, and the
    // old list stays.
    Result<ImportSummary> importLocalGovernments(QIODevice* csv, const QString& source,
                                                 const QString& byOperator);
    Result<ImportSummary> importPostalCodes(QIODevice* csv, const QString& source,
                                            const QString& byOperator);

    // "〒100-0001", "１００００01" ... -> all addresses with that postal code.
    Result<QList<PostalAddress>> lookupPostalCode(const QString& input) const;
    Result<std::optional<LocalGovernment>> localGovernment(const QString& code) const;
    // "東京都千代田区", "北海道札幌市北区".
    Result<QString> fullName(const QString& code) const;
    Result<QList<DatasetInfo>> datasets() const;
    // Postal rows (with a town) of a municipality, its wards included.
    Result<qint64> postalCodesOf(const QString& lgCode, QList<PostalAddress>* out,
                                 int limit = 0) const;

    static QString bundledLocalGovernmentsPath()
    {
        return QStringLiteral(":/data/local_government_codes.csv");
    }
    static QString bundledPostalCodesPath() { return QStringLiteral(":/data/postal_codes.csv"); }

    // Renamed municipalities and old spellings that the postal list still uses:
    // (prefecture, name in the postal list) -> name in the code list.
    static QString currentMunicipalityName(const QString& prefecture, const QString& city);

private:
    Database m_db;
};

} // namespace madoguchi
