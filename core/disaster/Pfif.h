#pragma once
// PFIF 1.4 (People Finder Interchange Format, http://zesty.ca/pfif/1.4) as plain values: a
// reader that refuses invalid documents with the reason and the line, and a writer that puts
// the elements in the specification's order. No database here: the victim ledger converts its
// rows to and from these structs.

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace madoguchi::pfif {

// The PFIF 1.4 XML namespace; the version of a PFIF document is its namespace.
inline constexpr char16_t kNamespace[] = u"http://zesty.ca/pfif/1.4";

// A note: something learnt about a person at a given time (status, contact, location).
struct Note
{
    QString noteRecordId;         // required, "domain/local"
    QString personRecordId;       // the person the note is about (filled in for nested notes)
    QString linkedPersonRecordId; // another record of the same person, when marked duplicate
    QDateTime entryDate;          // UTC; null when absent
    QString authorName;
    QString authorEmail;
    QString authorPhone;
    QDateTime sourceDate;                  // UTC; null when absent
    std::optional<bool> authorMadeContact; // absent when unknown
    QString status;                        // one of noteStatuses() or empty, kept as written
    QString emailOfFoundPerson;
    QString phoneOfFoundPerson;
    QString lastKnownLocation;
    QString text;
    QString photoUrl;

    bool operator==(const Note&) const = default;
};

// A person sought or found, with the notes about them that travel with the record.
struct Person
{
    QString personRecordId; // required, "domain/local"
    QDateTime entryDate;    // UTC; null when absent
    QDateTime expiryDate;
    QString authorName;
    QString authorEmail;
    QString authorPhone;
    QString sourceName;
    QDateTime sourceDate; // when the record was made in its original repository (PFIF 1.4 has
                          // no separate original-creation-date element)
    QString sourceUrl;
    QString fullName;
    QString givenName;
    QString familyName;
    QString alternateNames; // free text, e.g. the kana reading and other spellings
    QString description;
    QString sex;         // "female", "male", "other" or empty
    QString dateOfBirth; // "YYYY", "YYYY-MM" or "YYYY-MM-DD", or empty
    QString age;         // "N" or "N-M" (a range), or empty
    QString homeStreet;
    QString homeNeighborhood;
    QString homeCity;
    QString homeState;
    QString homePostalCode;
    QString homeCountry; // ISO 3166-1 alpha-2
    QString photoUrl;
    QStringList profileUrls; // one URL a line in the XML
    QList<Note> notes;

    bool operator==(const Person&) const = default;
};

struct Document
{
    QList<Person> persons;
    // Top-level notes about persons that are not in this document (a note feed). Top-level
    // notes about a person in the document are attached to that person's notes.
    QList<Note> notes;
    // What did not make the document invalid but was skipped or is missing (unknown elements,
    // extensions, fields the spec requires), each naming the line. Not data: ignored by ==.
    QStringList warnings;

    bool operator==(const Document& o) const { return persons == o.persons && notes == o.notes; }
};

// Reads a PFIF 1.4 document (UTF-8, with or without a byte-order mark). Refuses, with error code
// "pfif.invalid" and a message naming the element and the line: malformed XML, a DOCTYPE, a root
// other than <pfif:pfif> in the 1.4 namespace (another PFIF version is named as such), a record
// without its id, a top-level note without person_record_id, a nested note naming another person,
// an id not of the form domain/local, a date that is not UTC "YYYY-MM-DDTHH:MM:SSZ", a date of
// birth or age not in the spec's forms, an unknown sex or status, author_made_contact other than
// true/false, a field given twice or holding elements, and a record id used twice. Unknown elements
// are skipped and reported in Document::warnings, as is a record without a field that PFIF 1.4
// requires but that the ledger can do without (a person's full_name or source_date, a note's
// author_name or source_date).
Result<Document> parse(const QByteArray& xml);

// Checks that write() would give a document that parse() accepts: every record has its id, ids
// are valid and unique, a nested note names its own person or none, a top-level note names a
// person, and dates, sex, status, date of birth and age are in the specification's forms.
// Refuses with code "pfif.invalid" and a message naming the record. Run it before an export.
Status validate(const Document& document);

// Writes a PFIF 1.4 document in UTF-8: persons with their notes nested, then the document's
// top-level notes; elements in the specification's order; empty fields left out (full_name, a
// note's author_name and text are always written, as the spec requires them). A nested note
// without person_record_id gets its person's. Characters that XML 1.0 cannot carry are dropped;
// a carriage return is written as &#13; so that it reads back as written.
QByteArray write(const Document& document);

// --- record ids ---------------------------------------------------------------------------

// True for "domain/local": a domain name (letters, digits, hyphens, dots), a slash, and a
// non-empty local part without spaces or control characters.
bool isValidRecordId(const QString& id);
// "domain/local", or an error when the domain or the local part would make an invalid id.
Result<QString> makeRecordId(const QString& domain, const QString& local);
// The domain part of a valid id (lower-cased), or an empty string.
QString recordIdDomain(const QString& id);
// True when the id is valid and belongs to `domain` (domain names compare case-insensitively):
// a record created here rather than a copy of someone else's.
bool isOwnRecordId(const QString& id, const QString& domain);

// --- values -------------------------------------------------------------------------------

// The five note statuses of PFIF 1.4, in the specification's order.
QStringList noteStatuses();
// female, male, other.
QStringList sexValues();

// The ledger's safety statuses (安否) are "safe", "injured", "missing", "dead" and "unknown".
// safe/injured → believed_alive, missing → believed_missing, dead → believed_dead,
// unknown → information_sought; an empty string for anything else.
QString noteStatusForSafety(const QString& safety);
// believed_alive and is_note_author → safe, believed_missing → missing, believed_dead → dead,
// information_sought → unknown; an empty string for an empty or unknown status.
QString safetyForNoteStatus(const QString& status);

} // namespace madoguchi::pfif
