#include "disaster/LedgerPfif.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

namespace madoguchi::disaster {

namespace {

const QString kInvalid = QStringLiteral("pfif.invalid");

QString pfifDate(const QDateTime& dt)
{
    return dt.isValid() ? dt.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"))
                        : QString();
}

QDateTime fromPfifDate(const QString& s)
{
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODate);
}

// A time cut to whole seconds (PFIF's resolution), in UTC.
QDateTime toSeconds(const QDateTime& dt)
{
    return dt.isValid() ? fromPfifDate(pfifDate(dt)) : QDateTime();
}

// When a note was written: its entry date, else its source date; '' when it has neither.
QString noteTime(const pfif::Note& n)
{
    return pfifDate(n.entryDate.isValid() ? n.entryDate : n.sourceDate);
}

// The latest of the notes that carry a status (by time, then as stored); -1 when none does.
qsizetype latestStatusNote(const QList<pfif::Note>& notes)
{
    qsizetype best = -1;
    for (qsizetype i = 0; i < notes.size(); ++i) {
        if (notes[i].status.isEmpty()) {
            continue;
        }
        if (best < 0 || noteTime(notes[i]) >= noteTime(notes[best])) {
            best = i;
        }
    }
    return best;
}

QString toKatakana(const QString& kana)
{
    QString out = kana;
    for (QChar& c : out) {
        const char16_t u = c.unicode();
        if ((u >= 0x3041 && u <= 0x3096) || u == 0x309D || u == 0x309E) {
            c = QChar(char16_t(u + 0x60));
        }
    }
    return out;
}

QStringList nameParts(const QString& text)
{
    static const QRegularExpression gap(QStringLiteral("[\\s\\x{3000}]+"));
    return text.trimmed().split(gap, Qt::SkipEmptyParts);
}

// The first line of alternate_names written in kana only, as katakana; empty when none is.
QString kanaOf(const QString& alternateNames)
{
    static const QRegularExpression kanaOnly(
        QStringLiteral("^[\\p{Hiragana}\\p{Katakana}\\x{30FC}\\x{30FB}\\x{FF70}\\s\\x{3000}]+$"));
    for (const QString& line : alternateNames.split(u'\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && kanaOnly.match(t).hasMatch()) {
            return toKatakana(t);
        }
    }
    return {};
}

// What the file says about a person, as ledger fields. Fields the file leaves empty stay empty.
Result<Person> fromPfif(const pfif::Person& r)
{
    Person p;
    p.uid = r.personRecordId;
    p.familyName = r.familyName.trimmed();
    p.givenName = r.givenName.trimmed();
    if (p.familyName.isEmpty()) {
        QStringList parts = nameParts(r.fullName);
        if (parts.isEmpty()) {
            parts = nameParts(r.givenName);
            p.givenName.clear();
        }
        if (parts.isEmpty()) {
            return Error(QCoreApplication::translate(
                             "LedgerPfif", "PFIF person %1 has no name: the ledger needs one")
                             .arg(r.personRecordId),
                         kInvalid);
        }
        p.familyName = parts.takeFirst();
        if (p.givenName.isEmpty()) {
            p.givenName = parts.join(u' ');
        }
    }
    const QStringList kana = nameParts(kanaOf(r.alternateNames));
    if (!kana.isEmpty()) {
        p.familyKana = kana.first();
        p.givenKana = kana.mid(1).join(u' ');
    }
    p.birthDate = QDate::fromString(r.dateOfBirth, Qt::ISODate); // YYYY or YYYY-MM: unknown
    p.sex = r.sex;
    static const QRegularExpression isoState(QStringLiteral("^[A-Z]{2}-[0-9A-Z]{1,3}$"));
    const QString state =
        isoState.match(r.homeState.trimmed()).hasMatch() ? QString() : r.homeState.trimmed();
    const QString street =
        r.homeStreet.trimmed().isEmpty() ? r.homeNeighborhood.trimmed() : r.homeStreet.trimmed();
    p.registeredAddress = state + r.homeCity.trimmed() + street;
    return p;
}

// The ledger person with what the file says laid over it (empty file fields keep the ledger's).
Person overlay(const Person& ledger, const Person& file)
{
    Person p = ledger;
    p.familyName = file.familyName;
    p.givenName = file.givenName;
    if (!file.familyKana.isEmpty()) {
        p.familyKana = file.familyKana;
        p.givenKana = file.givenKana;
    }
    if (file.birthDate.isValid()) {
        p.birthDate = file.birthDate;
    }
    if (!file.sex.isEmpty()) {
        p.sex = file.sex;
    }
    if (!file.registeredAddress.isEmpty()) {
        p.registeredAddress = file.registeredAddress;
    }
    return p;
}

bool sameIdentity(const Person& a, const Person& b)
{
    return a.familyName == b.familyName && a.givenName == b.givenName &&
           a.familyKana == b.familyKana && a.givenKana == b.givenKana &&
           a.birthDate == b.birthDate && a.sex == b.sex;
}

pfif::Person toPfif(const Person& p, const Disaster& x)
{
    pfif::Person r;
    r.personRecordId = p.uid;
    r.entryDate = toSeconds(p.updatedAt);
    r.sourceName = QStringLiteral("被災者台帳 %1").arg(x.name);
    r.sourceDate = toSeconds(p.createdAt);
    r.fullName = p.fullName();
    r.familyName = p.familyName;
    r.givenName = p.givenName;
    r.alternateNames = p.fullKana();
    r.sex = p.sex;
    r.dateOfBirth = p.birthDate.isValid() ? p.birthDate.toString(Qt::ISODate) : QString();
    if (!p.registeredAddress.isEmpty()) {
        const LedgerPfif::AddressParts a = LedgerPfif::splitAddress(p.registeredAddress);
        r.homeState = a.state;
        r.homeCity = a.city;
        r.homeStreet = a.street;
        r.homeCountry = QStringLiteral("JP");
    }
    return r;
}

QString summaryText(const PfifImportSummary& s)
{
    return QStringLiteral("persons %1 added, %2 updated, %3 unchanged, %4 kept; notes %5 added, "
                          "%6 known, %7 skipped; %8 statuses changed")
        .arg(s.personsAdded)
        .arg(s.personsUpdated)
        .arg(s.personsUnchanged)
        .arg(s.personsKept)
        .arg(s.notesAdded)
        .arg(s.notesKnown)
        .arg(s.notesSkipped)
        .arg(s.statusesChanged);
}

constexpr const char* kNoteColumns =
    "note_record_id, person_record_id, linked_person_record_id, entry_date, author_name, "
    "author_email, author_phone, source_date, author_made_contact, status, "
    "email_of_found_person, phone_of_found_person, last_known_location, text, photo_url";

Status insertNote(const Database& db, const pfif::Note& n, qint64 personId, const QString& origin,
                  const Session& by)
{
    return db.run(
        QStringLiteral("INSERT INTO disaster_pfif_notes (%1, person_id, origin, stored_at, "
                       "stored_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?)")
            .arg(QLatin1String(kNoteColumns)),
        {n.noteRecordId, n.personRecordId, n.linkedPersonRecordId, pfifDate(n.entryDate),
         n.authorName, n.authorEmail, n.authorPhone, pfifDate(n.sourceDate),
         n.authorMadeContact ? QVariant(*n.authorMadeContact ? 1 : 0) : QVariant(), n.status,
         n.emailOfFoundPerson, n.phoneOfFoundPerson, n.lastKnownLocation, n.text, n.photoUrl,
         personId, origin, Clock::isoNow(), by.login()});
}

} // namespace

LedgerPfif::LedgerPfif(Database db) : m_db(std::move(db)) {}

QString LedgerPfif::safetyOfNote(const pfif::Note& note)
{
    if (note.status.isEmpty()) {
        return {};
    }
    static const QRegularExpression ledgerText(QStringLiteral("^安否: (\\S+)"));
    const auto m = ledgerText.match(note.text);
    if (m.hasMatch()) {
        for (const QString& s : safetyStatuses()) {
            if (safetyDisplay(s) == m.captured(1) && pfif::noteStatusForSafety(s) == note.status) {
                return s;
            }
        }
    }
    return pfif::safetyForNoteStatus(note.status);
}

LedgerPfif::AddressParts LedgerPfif::splitAddress(const QString& address)
{
    static const QRegularExpression re(
        QStringLiteral(
            "^(東京都|北海道|大阪府|京都府|\\S{2,3}県)?((?:\\S{1,4}郡)?\\S{1,6}?[市区町村]"
            "市?)?(.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    const auto m = re.match(address);
    return {m.captured(1), m.captured(2), m.captured(3)};
}

Result<QList<pfif::Note>> LedgerPfif::notes(qint64 personId) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM disaster_pfif_notes WHERE person_id = ? ORDER BY id")
            .arg(QLatin1String(kNoteColumns)),
        {personId});
    if (!q) {
        return q.error();
    }
    QList<pfif::Note> out;
    while (q->next()) {
        pfif::Note n;
        n.noteRecordId = q->value(0).toString();
        n.personRecordId = q->value(1).toString();
        n.linkedPersonRecordId = q->value(2).toString();
        n.entryDate = fromPfifDate(q->value(3).toString());
        n.authorName = q->value(4).toString();
        n.authorEmail = q->value(5).toString();
        n.authorPhone = q->value(6).toString();
        n.sourceDate = fromPfifDate(q->value(7).toString());
        if (!q->value(8).isNull()) {
            n.authorMadeContact = q->value(8).toInt() != 0;
        }
        n.status = q->value(9).toString();
        n.emailOfFoundPerson = q->value(10).toString();
        n.phoneOfFoundPerson = q->value(11).toString();
        n.lastKnownLocation = q->value(12).toString();
        n.text = q->value(13).toString();
        n.photoUrl = q->value(14).toString();
        out << n;
    }
    return out;
}

Result<PfifExport> LedgerPfif::exportLedger(const Session& by, qint64 disasterId)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    DisasterService service(m_db);
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto x = disasterId != 0 ? service.disaster(disasterId) : service.current();
    if (!x) {
        return x.error();
    }
    auto persons = service.persons(Audience::Staff, x->id);
    if (!persons) {
        return persons.error();
    }
    const QString domain = uidDomain(m_db);
    PfifExport result;
    pfif::Document doc;
    for (const Person& p : *persons) {
        // The DV rule first: such a person leaves no trace in the file, whatever the consents.
        if (p.dvProtected || p.dv || !p.consentEnquiry) {
            ++result.leftOut;
            continue;
        }
        pfif::Person r = toPfif(p, *x);
        auto stored = notes(p.id);
        if (!stored) {
            return stored.error();
        }
        r.notes = *stored;
        const qsizetype latest = latestStatusNote(r.notes);
        if (latest < 0 || safetyOfNote(r.notes[latest]) != p.safety) {
            auto id = pfif::makeRecordId(domain, QStringLiteral("note.") +
                                                     QUuid::createUuid().toString(QUuid::Id128));
            if (!id) {
                return id.error();
            }
            pfif::Note n;
            n.noteRecordId = *id;
            n.personRecordId = p.uid;
            n.entryDate = toSeconds(Clock::now());
            n.sourceDate = n.entryDate;
            n.authorName = QStringLiteral("被災者台帳 %1").arg(x->name);
            n.status = pfif::noteStatusForSafety(p.safety);
            n.text = QStringLiteral("安否: %1").arg(safetyDisplay(p.safety));
            if (Status st = insertNote(m_db, n, p.id, QStringLiteral("local"), by); !st) {
                return st.error();
            }
            r.notes << n;
            ++result.notesWritten;
        }
        result.notes += int(r.notes.size());
        doc.persons << r;
    }
    result.persons = int(doc.persons.size());
    if (Status st = pfif::validate(doc); !st) {
        return st.error();
    }
    result.xml = pfif::write(doc);
    if (Status st =
            AuditLog(m_db).record(by.login(), QStringLiteral("disaster.pfif_export"), x->code,
                                  QStringLiteral("%1 persons, %2 notes (%3 new), %4 left out")
                                      .arg(result.persons)
                                      .arg(result.notes)
                                      .arg(result.notesWritten)
                                      .arg(result.leftOut));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return result;
}

Result<PfifImportSummary> LedgerPfif::importDocument(const QByteArray& xml, const Session& by,
                                                     const PfifImportOptions& options)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    auto doc = pfif::parse(xml);
    if (!doc) {
        return doc.error();
    }
    DisasterService service(m_db);
    PfifImportSummary summary;
    summary.warnings = doc->warnings;
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }

    // The disaster: the one named, the current one, or one opened for this import.
    auto x = options.disasterId != 0 ? service.disaster(options.disasterId) : service.current();
    if (!x && x.error().code == QStringLiteral("disaster.none") && options.disasterId == 0 &&
        !options.openAs.trimmed().isEmpty()) {
        const QTimeZone japan(9 * 3600);
        QDate first;
        auto consider = [&](const QDateTime& dt) {
            if (dt.isValid()) {
                const QDate day = dt.toTimeZone(japan).date();
                if (!first.isValid() || day < first) {
                    first = day;
                }
            }
        };
        for (const pfif::Person& r : doc->persons) {
            consider(r.sourceDate);
            consider(r.entryDate);
            for (const pfif::Note& n : r.notes) {
                consider(n.sourceDate);
                consider(n.entryDate);
            }
        }
        const QDate today = Clock::now().toTimeZone(japan).date();
        if (!first.isValid() || first > today) {
            first = today;
        }
        x = service.openDisaster(options.openAs.trimmed(), QStringLiteral("other"), first, {}, by);
        summary.disasterOpened = bool(x);
    }
    if (!x) {
        return x.error();
    }
    if (!x->isOpen()) {
        return Error(
            QCoreApplication::translate(
                "LedgerPfif", "disaster %1 (%2) is closed: nothing can be imported into it")
                .arg(x->id)
                .arg(x->name),
            QStringLiteral("disaster.closed"));
    }
    summary.disasterId = x->id;
    summary.disasterName = x->name;

    auto personByUid = [&](const QString& uid) -> Result<std::optional<Person>> {
        auto id = m_db.scalar(QStringLiteral("SELECT id FROM ledger_persons WHERE uid = ?"), {uid});
        if (!id) {
            return id.error();
        }
        if (!id->isValid()) {
            return std::optional<Person>();
        }
        auto p = service.person(id->toLongLong());
        if (!p) {
            return p.error();
        }
        return std::optional<Person>(*p);
    };
    auto inThisDisaster = [&](const Person& p) -> Status {
        if (p.disasterId != x->id) {
            return Error(QCoreApplication::translate(
                             "LedgerPfif",
                             "PFIF person %1 is in the ledger of another disaster (%2): import "
                             "the file into that one")
                             .arg(p.uid)
                             .arg(p.disasterId),
                         QStringLiteral("disaster.conflict"));
        }
        return {};
    };
    auto prefixed = [](const QString& recordId, const Error& e) {
        return Error(QStringLiteral("%1: %2").arg(recordId, e.message), e.code);
    };

    // Persons, then the notes that are new; the persons whose notes grew are looked at again.
    QSet<QString> known;
    {
        auto q = m_db.exec(QStringLiteral("SELECT note_record_id FROM disaster_pfif_notes"));
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            known.insert(q->value(0).toString());
        }
    }
    QList<qint64> touched;
    QSet<QString> added;
    auto addNotes = [&](const QList<pfif::Note>& list, const Person& p) -> Status {
        bool grew = false;
        for (pfif::Note n : list) {
            if (known.contains(n.noteRecordId)) {
                ++summary.notesKnown;
                continue;
            }
            n.personRecordId = p.uid;
            if (Status st = insertNote(m_db, n, p.id, QStringLiteral("import"), by); !st) {
                return st;
            }
            known.insert(n.noteRecordId);
            added.insert(n.noteRecordId);
            ++summary.notesAdded;
            grew = true;
        }
        if (grew && p.mergedInto == 0 && !touched.contains(p.id)) {
            touched << p.id;
        }
        return {};
    };

    for (const pfif::Person& r : doc->persons) {
        auto file = fromPfif(r);
        if (!file) {
            return file.error();
        }
        auto existing = personByUid(r.personRecordId);
        if (!existing) {
            return existing.error();
        }
        Person ledger;
        if (!*existing) {
            Person p = *file;
            p.disasterId = x->id;
            p.staying = QStringLiteral("other");
            p.consentEnquiry = true; // the record already stands in a public person finder
            auto made = service.registerPerson(p, by);
            if (!made) {
                return prefixed(r.personRecordId, made.error());
            }
            ledger = *made;
            ++summary.personsAdded;
        } else {
            ledger = **existing;
            if (Status st = inThisDisaster(ledger); !st) {
                return st.error();
            }
            const Person next = overlay(ledger, *file);
            const bool identity = !sameIdentity(next, ledger);
            const bool address = next.registeredAddress != ledger.registeredAddress;
            if (!identity && !address) {
                ++summary.personsUnchanged;
            } else if (ledger.mergedInto != 0 ||
                       (r.entryDate.isValid() && r.entryDate < toSeconds(ledger.updatedAt))) {
                ++summary.personsKept;
            } else {
                if (identity) {
                    auto p = service.updateIdentity(next, by);
                    if (!p) {
                        return prefixed(r.personRecordId, p.error());
                    }
                    ledger = *p;
                }
                if (address) {
                    Person p = ledger;
                    p.registeredAddress = next.registeredAddress;
                    auto updated = service.updatePerson(p, by);
                    if (!updated) {
                        return prefixed(r.personRecordId, updated.error());
                    }
                    ledger = *updated;
                }
                ++summary.personsUpdated;
            }
        }
        if (Status st = addNotes(r.notes, ledger); !st) {
            return st.error();
        }
    }
    for (const pfif::Note& n : doc->notes) {
        auto p = personByUid(n.personRecordId);
        if (!p) {
            return p.error();
        }
        if (!*p) {
            ++summary.notesSkipped;
            continue;
        }
        if (Status st = inThisDisaster(**p); !st) {
            return st.error();
        }
        if (Status st = addNotes({n}, **p); !st) {
            return st.error();
        }
    }

    // A new note that is the person's latest status note sets the ledger's safety status.
    for (qint64 id : touched) {
        auto list = notes(id);
        if (!list) {
            return list.error();
        }
        const qsizetype latest = latestStatusNote(*list);
        if (latest < 0 || !added.contains(list->at(latest).noteRecordId)) {
            continue;
        }
        const QString safety = safetyOfNote(list->at(latest));
        auto p = service.person(id);
        if (!p) {
            return p.error();
        }
        if (safety.isEmpty() || safety == p->safety) {
            continue;
        }
        p->safety = safety;
        if (auto updated = service.updatePerson(*p, by); !updated) {
            return prefixed(p->uid, updated.error());
        }
        ++summary.statusesChanged;
    }

    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("disaster.pfif_import"),
                                          x->code, summaryText(summary));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return summary;
}

} // namespace madoguchi::disaster
