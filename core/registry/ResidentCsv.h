#pragma once
// Residents to and from CSV (UTF-8, header row, RFC 4180), for moving a register in from an old
// system and out for other offices. Columns (in this order on export; any order on import):
//
//   resident_code   11 digits; empty on import = a new code is assigned
//   household_key   rows with the same key form one household; its first row is the 世帯主
//   relationship    続柄 (世帯主, 妻, 夫, 子, 父, 母 …)
//   family_name, given_name, family_kana, given_kana
//   alpha_name      foreign residents: the name in the alphabet (then is_foreign is implied)
//   nationality, residence_status, residence_period, residence_expiry, residence_card_no
//   birth_date      1975-03-01 or 和暦 (昭和50年3月1日, S50.3.1)
//   sex             male / female (男 / 女 accepted)
//   lg_code, postal_code, town, banchi, building
//   became_resident_on   the date of 転入 (default: today)
//   honseki, hittousha, notes
//   status, removed_on, removed_reason   (export only)
//
// The My Number is never exported. A file with a bad row is refused whole — every bad row is
// reported with its line number and reason — unless skipBad, which imports the good rows.

#include "auth/Session.h"
#include "storage/Database.h"

#include <QIODevice>
#include <QStringList>

namespace madoguchi {

class RegistryService;

struct ResidentImportReport
{
    int imported = 0;
    int households = 0;
    QStringList problems; // "line 7: the date of birth is missing or impossible"
};

class ResidentCsv
{
public:
    static QStringList columns();
    static Result<ResidentImportReport> import(QIODevice* csv, RegistryService& registry,
                                               const Database& db, const Session& by, bool skipBad);
    // Returns the number of residents written.
    static Result<int> exportTo(QIODevice* out, RegistryService& registry, const Database& db,
                                const Session& by, bool includeRemoved = true);
};

} // namespace madoguchi
