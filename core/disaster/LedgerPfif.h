#pragma once
// The victim ledger exchanged as PFIF 1.4 (Pfif.h) with Person Finder and other registries.
//
// Export: the persons of a disaster who consented to safety enquiries (consent_enquiry, 安否情報
// の提供: PFIF feeds a public person finder, which answers exactly such enquiries) as PFIF
// persons — record id = the ledger uid, names, the kana as alternate names, sex, date of birth,
// the registered address split over home_state / home_city / home_street — each with its notes.
// A DV-protected person is never exported, not even as a bare record. The notes are those
// imported earlier (ids and statuses as imported) and the ledger's own status notes: when the
// latest note does not tell the ledger's safety status, the export writes a new note
// (noteStatusForSafety, the text "安否: 負傷" etc.) and keeps it, so the next export gives the
// same note again.
//
// Import: the persons and notes of a document into a disaster, all or nothing. A person whose
// record id is in the ledger is updated when the file's record differs and is not older than
// the ledger's last change to that person (else left as it is); a new one is registered with
// the record id as its uid, consent to enquiries (the record already stands in a public finder)
// and no consent to share. Notes are kept in disaster_pfif_notes as written; when a note added by
// the import is the person's latest status note, its status sets the ledger's safety status
// (safetyForNoteStatus; a ledger note "安否: 負傷" with believed_alive gives back injured).
// Importing the same file again changes nothing. Both are audited (disaster.pfif_import,
// disaster.pfif_export) and need Permission::ManageDisaster.

#include "auth/Session.h"
#include "disaster/Pfif.h"
#include "storage/Database.h"

#include <QByteArray>
#include <QStringList>

namespace madoguchi::disaster {

struct PfifImportOptions
{
    qint64 disasterId = 0; // 0: the current disaster
    // With disasterId 0 and no disaster open: open one of type "other" with this name, dated by
    // the document's earliest record (Japan time; today when it has none). Empty: refused with
    // disaster.none.
    QString openAs;
};

struct PfifImportSummary
{
    qint64 disasterId = 0;
    QString disasterName;
    bool disasterOpened = false; // no disaster was open: the import opened one
    int personsAdded = 0;
    int personsUpdated = 0;
    int personsUnchanged = 0; // nothing differed
    int personsKept = 0;      // the ledger changed the person after the file's record was made
    int notesAdded = 0;
    int notesKnown = 0;   // already in the ledger
    int notesSkipped = 0; // about a person neither in the file nor in the ledger
    int statusesChanged = 0;
    QStringList warnings; // the codec's (skipped elements, missing required fields)

    bool changedNothing() const
    {
        return !disasterOpened && personsAdded == 0 && personsUpdated == 0 && notesAdded == 0 &&
               statusesChanged == 0;
    }
};

struct PfifExport
{
    QByteArray xml;
    int persons = 0;
    int notes = 0;
    int notesWritten = 0; // status notes this export made (kept for the next ones)
    int leftOut = 0;      // no consent to enquiries, or DV-protected
};

class LedgerPfif
{
public:
    explicit LedgerPfif(Database db);

    Result<PfifExport> exportLedger(const Session& by, qint64 disasterId = 0);
    // Refuses an invalid document with the codec's error (pfif.invalid, the element and line),
    // a person without any name (pfif.invalid) and a record id that belongs to another
    // disaster's ledger (disaster.conflict); nothing is applied then.
    Result<PfifImportSummary> importDocument(const QByteArray& xml, const Session& by,
                                             const PfifImportOptions& options = {});

    // The PFIF notes kept for a ledger person, oldest first (as stored).
    Result<QList<pfif::Note>> notes(qint64 personId) const;

    // The ledger's safety status that a note tells: its ledger text ("安否: 負傷") when that
    // agrees with its status, else safetyForNoteStatus(status); empty for a note without one.
    static QString safetyOfNote(const pfif::Note& note);
    // A registered address split for PFIF: prefecture, city (市区町村) and the rest, so that
    // state + city + street gives the address back.
    struct AddressParts
    {
        QString state;
        QString city;
        QString street;
    };
    static AddressParts splitAddress(const QString& address);

private:
    Database m_db;
};

} // namespace madoguchi::disaster
