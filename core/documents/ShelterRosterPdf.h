#pragma once
// The roster (避難者名簿) of a shelter: the people checked in there now, as an A4 portrait PDF
// drawn with cairo and pango like the other documents — name, kana, age, sex, safety status,
// special-care needs and check-in time per person, the counts, and the date it was printed.
//
// The roster is paper that leaves the desk (it hangs at the door, goes to the shelter's
// leader), so a DV-protected person (disaster::Person::dvProtected) is printed only as
// "（保護対象）": no name, no kana. They are still counted.

#include "auth/Session.h"
#include "common/Result.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace madoguchi::documents {

struct ShelterRosterEntry
{
    QString name; // "（保護対象）" for a DV-protected person
    QString kana; // empty for a DV-protected person
    QString age;  // "48", empty when the birth date is unknown
    QString sex;  // 男 女 その他, empty when unknown
    QString status;
    QString needs;     // 高齢者・医療的ケア
    QString checkedIn; // 11/26 14:05 (Japan time)
};

struct ShelterRosterDocument
{
    QString disasterName;
    QString shelterName;
    QString shelterAddress;
    int capacity = 0;
    QString printedAt;                 // 令和8年11月26日 14時05分
    QStringList counts;                // one line each: totals, by sex, by status, by need
    QList<ShelterRosterEntry> entries; // in kana order
};

// The roster of shelter `shelterId` now, the DV rule applied. Errors as the disaster ledger's
// (disaster.unknown_shelter …).
Result<ShelterRosterDocument> shelterRoster(const Database& db, qint64 shelterId);

// Writes the roster as an A4 PDF at `path` (replaced atomically; as many pages as needed, the
// column heads on each). Refuses an unwritable path and a machine without the Noto CJK fonts.
Status writeShelterRosterPdf(const ShelterRosterDocument& doc, const QString& path);

// Both, with the permission to manage the disaster ledger checked and the printing audited
// (disaster.roster: the shelter and the number of people listed).
Status writeShelterRoster(const Database& db, qint64 shelterId, const QString& path,
                          const Session& by);

} // namespace madoguchi::documents
