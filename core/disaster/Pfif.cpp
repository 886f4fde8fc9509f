#include "disaster/Pfif.h"

#include <QCoreApplication>
#include <QDate>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTime>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <initializer_list>
#include <utility>
#include <vector>

namespace madoguchi::pfif {

namespace {

const QString kErrorCode = QStringLiteral("pfif.invalid");

QString ns()
{
    return QString::fromUtf16(kNamespace);
}

// --- values ---------------------------------------------------------------------------------

std::optional<QDateTime> parseUtc(const QString& s)
{
    static const QRegularExpression re(
        QStringLiteral("^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$"));
    const auto m = re.match(s);
    if (!m.hasMatch()) {
        return std::nullopt;
    }
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid()) {
        return std::nullopt;
    }
    return QDateTime(date, time, Qt::UTC);
}

QString formatUtc(const QDateTime& dt)
{
    return dt.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

bool isValidDateOfBirth(const QString& s)
{
    static const QRegularExpression re(
        QStringLiteral("^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$"));
    const auto m = re.match(s);
    if (!m.hasMatch()) {
        return false;
    }
    const int year = m.captured(1).toInt();
    if (m.captured(2).isEmpty()) {
        return true;
    }
    const int month = m.captured(2).toInt();
    if (month < 1 || month > 12) {
        return false;
    }
    return m.captured(3).isEmpty() || QDate(year, month, m.captured(3).toInt()).isValid();
}

bool isValidAge(const QString& s)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,3})(?:-([0-9]{1,3}))?$"));
    const auto m = re.match(s);
    return m.hasMatch() &&
           (m.captured(2).isEmpty() || m.captured(1).toInt() <= m.captured(2).toInt());
}

std::optional<bool> parseBoolean(const QString& s)
{
    if (s == u"true" || s == u"1") {
        return true;
    }
    if (s == u"false" || s == u"0") {
        return false;
    }
    return std::nullopt;
}

// Drops what XML 1.0 cannot carry: control characters other than tab, newline and carriage
// return, lone surrogates, U+FFFE and U+FFFF.
QString xmlSafe(const QString& s)
{
    QString out;
    out.reserve(s.size());
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s.at(i).unicode();
        if (QChar::isHighSurrogate(c)) {
            if (i + 1 < n && QChar::isLowSurrogate(s.at(i + 1).unicode())) {
                out += s.at(i);
                out += s.at(i + 1);
                ++i;
            }
            continue;
        }
        if (QChar::isLowSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            continue;
        }
        if (c < 0x20 && c != u'\t' && c != u'\n' && c != u'\r') {
            continue;
        }
        out += QChar(c);
    }
    return out;
}

// A value as quoted in a message: long ones cut short.
QString shown(const QString& value)
{
    constexpr qsizetype kMax = 60;
    return value.size() <= kMax ? value : value.left(kMax) + u'…';
}

// --- the fields of each record, in the specification's order --------------------------------

enum class Kind {
    Text,     // single-line text, surrounding space trimmed
    FreeText, // kept exactly as written
    Id,       // a record id
    Date,     // UTC date and time
    Sex,
    Status,
    DateOfBirth,
    Age,
    Boolean,
    Lines, // one value a line
};

template <typename R> struct Field
{
    QLatin1String name;
    Kind kind;
    QString R::*text = nullptr;
    QDateTime R::*date = nullptr;
    std::optional<bool> R::*flag = nullptr;
    QStringList R::*lines = nullptr;
    bool alwaysWritten = false; // required by the spec, written even when empty
};

template <typename R> Field<R> textField(const char* name, QString R::*m, Kind kind = Kind::Text)
{
    Field<R> f{QLatin1String(name), kind};
    f.text = m;
    return f;
}

template <typename R> Field<R> dateField(const char* name, QDateTime R::*m)
{
    Field<R> f{QLatin1String(name), Kind::Date};
    f.date = m;
    return f;
}

const std::vector<Field<Person>>& personFields()
{
    static const std::vector<Field<Person>> fields = [] {
        std::vector<Field<Person>> f;
        f.push_back(textField("person_record_id", &Person::personRecordId, Kind::Id));
        f.push_back(dateField("entry_date", &Person::entryDate));
        f.push_back(dateField("expiry_date", &Person::expiryDate));
        f.push_back(textField("author_name", &Person::authorName));
        f.push_back(textField("author_email", &Person::authorEmail));
        f.push_back(textField("author_phone", &Person::authorPhone));
        f.push_back(textField("source_name", &Person::sourceName));
        f.push_back(dateField("source_date", &Person::sourceDate));
        f.push_back(textField("source_url", &Person::sourceUrl));
        f.push_back(textField("full_name", &Person::fullName));
        f.back().alwaysWritten = true;
        f.push_back(textField("given_name", &Person::givenName));
        f.push_back(textField("family_name", &Person::familyName));
        f.push_back(textField("alternate_names", &Person::alternateNames, Kind::FreeText));
        f.push_back(textField("description", &Person::description, Kind::FreeText));
        f.push_back(textField("sex", &Person::sex, Kind::Sex));
        f.push_back(textField("date_of_birth", &Person::dateOfBirth, Kind::DateOfBirth));
        f.push_back(textField("age", &Person::age, Kind::Age));
        f.push_back(textField("home_street", &Person::homeStreet));
        f.push_back(textField("home_neighborhood", &Person::homeNeighborhood));
        f.push_back(textField("home_city", &Person::homeCity));
        f.push_back(textField("home_state", &Person::homeState));
        f.push_back(textField("home_postal_code", &Person::homePostalCode));
        f.push_back(textField("home_country", &Person::homeCountry));
        f.push_back(textField("photo_url", &Person::photoUrl));
        Field<Person> urls{QLatin1String("profile_urls"), Kind::Lines};
        urls.lines = &Person::profileUrls;
        f.push_back(urls);
        return f;
    }();
    return fields;
}

const std::vector<Field<Note>>& noteFields()
{
    static const std::vector<Field<Note>> fields = [] {
        std::vector<Field<Note>> f;
        f.push_back(textField("note_record_id", &Note::noteRecordId, Kind::Id));
        f.push_back(textField("person_record_id", &Note::personRecordId, Kind::Id));
        f.push_back(textField("linked_person_record_id", &Note::linkedPersonRecordId, Kind::Id));
        f.push_back(dateField("entry_date", &Note::entryDate));
        f.push_back(textField("author_name", &Note::authorName));
        f.back().alwaysWritten = true;
        f.push_back(textField("author_email", &Note::authorEmail));
        f.push_back(textField("author_phone", &Note::authorPhone));
        f.push_back(dateField("source_date", &Note::sourceDate));
        Field<Note> contact{QLatin1String("author_made_contact"), Kind::Boolean};
        contact.flag = &Note::authorMadeContact;
        f.push_back(contact);
        f.push_back(textField("status", &Note::status, Kind::Status));
        f.push_back(textField("email_of_found_person", &Note::emailOfFoundPerson));
        f.push_back(textField("phone_of_found_person", &Note::phoneOfFoundPerson));
        f.push_back(textField("last_known_location", &Note::lastKnownLocation, Kind::FreeText));
        f.push_back(textField("text", &Note::text, Kind::FreeText));
        f.back().alwaysWritten = true;
        f.push_back(textField("photo_url", &Note::photoUrl));
        return f;
    }();
    return fields;
}

// Why `value` (not empty) is not a valid value of its kind, or an empty string.
QString valueProblem(Kind kind, const QString& value)
{
    switch (kind) {
    case Kind::Id:
        if (!isValidRecordId(value)) {
            return QCoreApplication::translate(
                "Pfif", "a record id must be a domain name, a slash and a local id");
        }
        break;
    case Kind::Date:
        if (!parseUtc(value)) {
            return QCoreApplication::translate(
                "Pfif", "a date must be a valid UTC time written YYYY-MM-DDTHH:MM:SSZ");
        }
        break;
    case Kind::Sex:
        if (!sexValues().contains(value)) {
            return QCoreApplication::translate("Pfif", "the sex must be one of %1")
                .arg(sexValues().join(u", "));
        }
        break;
    case Kind::Status:
        if (!noteStatuses().contains(value)) {
            return QCoreApplication::translate("Pfif", "the status must be one of %1")
                .arg(noteStatuses().join(u", "));
        }
        break;
    case Kind::DateOfBirth:
        if (!isValidDateOfBirth(value)) {
            return QCoreApplication::translate(
                "Pfif", "a date of birth must be a valid YYYY, YYYY-MM or YYYY-MM-DD");
        }
        break;
    case Kind::Age:
        if (!isValidAge(value)) {
            return QCoreApplication::translate(
                "Pfif", "an age must be a whole number or a range such as 30-40");
        }
        break;
    case Kind::Boolean:
        if (!parseBoolean(value)) {
            return QCoreApplication::translate("Pfif", "the value must be true or false");
        }
        break;
    case Kind::Text:
    case Kind::FreeText:
    case Kind::Lines:
        break;
    }
    return {};
}

// What validate() finds wrong with one record's values, or an empty string.
template <typename R> QString recordProblem(const std::vector<Field<R>>& fields, const R& record)
{
    for (const auto& field : fields) {
        QString value;
        if (field.kind == Kind::Date) {
            const QDateTime& dt = record.*field.date;
            if (dt.isNull()) {
                continue;
            }
            const int year = dt.toUTC().date().year();
            value = dt.isValid() && year >= 0 && year <= 9999 ? formatUtc(dt) : QStringLiteral("?");
        } else if (field.text) {
            value = record.*field.text;
        }
        if (value.isEmpty()) {
            continue;
        }
        if (const QString why = valueProblem(field.kind, value); !why.isEmpty()) {
            return QCoreApplication::translate("Pfif", "<%1> “%2”: %3")
                .arg(QStringLiteral("pfif:") + field.name, shown(value), why);
        }
    }
    return {};
}

// --- reading ----------------------------------------------------------------------------------

struct ParsedNote
{
    Note note;
    qint64 line = 0;
};

class Reader
{
public:
    explicit Reader(const QByteArray& xml) : m_xml(xml) {}

    Result<Document> run();

private:
    Error invalid(qint64 line, const QString& what) const
    {
        return Error(
            QCoreApplication::translate("Pfif", "Invalid PFIF, line %1: %2").arg(line).arg(what),
            kErrorCode);
    }
    QString element() const { return m_xml.qualifiedName().toString(); }
    void warnSkipped()
    {
        m_doc.warnings << QCoreApplication::translate("Pfif",
                                                      "Line %1: unknown element <%2> skipped")
                              .arg(m_xml.lineNumber())
                              .arg(element());
        m_xml.skipCurrentElement();
    }
    // Warns about each field PFIF 1.4 requires that the record read from `line` leaves empty.
    void warnMissing(qint64 line, const QString& id,
                     std::initializer_list<std::pair<const char*, bool>> required)
    {
        for (const auto& [name, present] : required) {
            if (!present) {
                m_doc.warnings << QCoreApplication::translate(
                                      "Pfif", "Line %1: record %2 has no <pfif:%3>, which PFIF "
                                              "1.4 requires")
                                      .arg(QString::number(line), id, QLatin1String(name));
            }
        }
    }
    bool isPfif(QLatin1String name) const
    {
        return m_xml.namespaceUri() == m_ns && m_xml.name() == name;
    }

    std::optional<Error> readRoot();
    std::optional<Error> readPerson();
    std::optional<Error> readNote(ParsedNote& out);
    // Reads the current field element into the record; refuses an invalid value.
    template <typename R>
    std::optional<Error> readField(const Field<R>& field, R& record, QSet<QString>& seen);
    // Reads the current element as one of `fields`, or skips it with a warning.
    template <typename R>
    std::optional<Error> readFieldOrSkip(const std::vector<Field<R>>& fields, R& record,
                                         QSet<QString>& seen);
    // Records `id` as seen on `line`; `twice` (with %1 the id, %2 the first line) when it was.
    std::optional<Error> takeId(QHash<QString, qint64>& ids, const QString& id, qint64 line,
                                const char* twice);

    QXmlStreamReader m_xml;
    QString m_ns = ns();
    Document m_doc;
    QList<ParsedNote> m_topLevelNotes;
    QHash<QString, qint64> m_personIds; // id → line
    QHash<QString, qint64> m_noteIds;
};

template <typename R>
std::optional<Error> Reader::readField(const Field<R>& field, R& record, QSet<QString>& seen)
{
    const qint64 line = m_xml.lineNumber();
    const QString name = element();
    if (seen.contains(field.name)) {
        return invalid(
            line,
            QCoreApplication::translate("Pfif", "<%1> appears twice in one record").arg(name));
    }
    seen.insert(field.name);
    QString raw;
    while (!m_xml.atEnd()) {
        m_xml.readNext();
        if (m_xml.isCharacters()) {
            raw += m_xml.text();
        } else if (m_xml.isStartElement()) {
            return invalid(m_xml.lineNumber(),
                           QCoreApplication::translate("Pfif", "<%1> may hold text only, not <%2>")
                               .arg(name, element()));
        } else if (m_xml.isEndElement()) {
            break;
        }
    }
    if (m_xml.hasError()) {
        return std::nullopt; // reported by the caller
    }
    const QString value = field.kind == Kind::FreeText ? raw : raw.trimmed();
    if (value.isEmpty()) {
        return std::nullopt; // an empty element is the same as an absent one
    }
    if (const QString why = valueProblem(field.kind, value); !why.isEmpty()) {
        return invalid(
            line,
            QCoreApplication::translate("Pfif", "<%1> “%2”: %3").arg(name, shown(value), why));
    }
    switch (field.kind) {
    case Kind::Date:
        record.*field.date = *parseUtc(value);
        break;
    case Kind::Boolean:
        record.*field.flag = *parseBoolean(value);
        break;
    case Kind::Lines: {
        QStringList lines;
        for (const QString& l : value.split(u'\n')) {
            const QString t = l.trimmed();
            if (!t.isEmpty()) {
                lines << t;
            }
        }
        record.*field.lines = lines;
        break;
    }
    default:
        record.*field.text = value;
        break;
    }
    return std::nullopt;
}

template <typename R>
std::optional<Error> Reader::readFieldOrSkip(const std::vector<Field<R>>& fields, R& record,
                                             QSet<QString>& seen)
{
    if (m_xml.namespaceUri() == m_ns) {
        for (const auto& field : fields) {
            if (m_xml.name() == field.name) {
                return readField(field, record, seen);
            }
        }
    }
    warnSkipped();
    return std::nullopt;
}

std::optional<Error> Reader::takeId(QHash<QString, qint64>& ids, const QString& id, qint64 line,
                                    const char* twice)
{
    if (const auto it = ids.constFind(id); it != ids.cend()) {
        return invalid(line,
                       QCoreApplication::translate("Pfif", twice).arg(id, QString::number(*it)));
    }
    ids.insert(id, line);
    return std::nullopt;
}

std::optional<Error> Reader::readNote(ParsedNote& out)
{
    out.line = m_xml.lineNumber();
    QSet<QString> seen;
    while (m_xml.readNextStartElement()) {
        if (auto err = readFieldOrSkip(noteFields(), out.note, seen)) {
            return err;
        }
    }
    if (m_xml.hasError()) {
        return std::nullopt;
    }
    if (out.note.noteRecordId.isEmpty()) {
        return invalid(out.line, QCoreApplication::translate(
                                     "Pfif", "a <pfif:note> without <pfif:note_record_id>"));
    }
    warnMissing(out.line, out.note.noteRecordId,
                {{"author_name", !out.note.authorName.isEmpty()},
                 {"source_date", !out.note.sourceDate.isNull()}});
    return takeId(m_noteIds, out.note.noteRecordId, out.line,
                  QT_TRANSLATE_NOOP("Pfif", "note record id %1 is used twice (first on line %2)"));
}

std::optional<Error> Reader::readPerson()
{
    const qint64 line = m_xml.lineNumber();
    Person person;
    QList<ParsedNote> nested;
    QSet<QString> seen;
    while (m_xml.readNextStartElement()) {
        if (isPfif(QLatin1String("note"))) {
            ParsedNote note;
            if (auto err = readNote(note)) {
                return err;
            }
            nested << note;
            continue;
        }
        if (auto err = readFieldOrSkip(personFields(), person, seen)) {
            return err;
        }
    }
    if (m_xml.hasError()) {
        return std::nullopt;
    }
    if (person.personRecordId.isEmpty()) {
        return invalid(line, QCoreApplication::translate(
                                 "Pfif", "a <pfif:person> without <pfif:person_record_id>"));
    }
    warnMissing(
        line, person.personRecordId,
        {{"full_name", !person.fullName.isEmpty()}, {"source_date", !person.sourceDate.isNull()}});
    if (auto err = takeId(
            m_personIds, person.personRecordId, line,
            QT_TRANSLATE_NOOP("Pfif", "person record id %1 is used twice (first on line %2)"))) {
        return err;
    }
    for (ParsedNote& n : nested) {
        if (n.note.personRecordId.isEmpty()) {
            n.note.personRecordId = person.personRecordId;
        } else if (n.note.personRecordId != person.personRecordId) {
            return invalid(n.line, QCoreApplication::translate(
                                       "Pfif", "note %1 inside person %2 names another person, %3")
                                       .arg(n.note.noteRecordId, person.personRecordId,
                                            n.note.personRecordId));
        }
        person.notes << n.note;
    }
    m_doc.persons << person;
    return std::nullopt;
}

std::optional<Error> Reader::readRoot()
{
    const QString uri = m_xml.namespaceUri().toString();
    static const QRegularExpression pfifNs(
        QStringLiteral("^http://zesty\\.ca/pfif/([0-9]+\\.[0-9]+)/?$"));
    const auto m = pfifNs.match(uri);
    if (m_xml.name() != u"pfif" || !m.hasMatch()) {
        return invalid(m_xml.lineNumber(),
                       QCoreApplication::translate(
                           "Pfif", "the root element is <%1> in namespace “%2”; a PFIF 1.4 "
                                   "document starts with <pfif:pfif> in namespace %3")
                           .arg(element(), uri, m_ns));
    }
    if (m.captured(1) != u"1.4") {
        return invalid(m_xml.lineNumber(),
                       QCoreApplication::translate(
                           "Pfif", "this is PFIF %1; only PFIF 1.4 (namespace %2) is read")
                           .arg(m.captured(1), m_ns));
    }
    if (uri != m_ns) {
        m_doc.warnings << QCoreApplication::translate(
                              "Pfif", "Line %1: the namespace is written “%2”; the standard "
                                      "spelling is %3")
                              .arg(m_xml.lineNumber())
                              .arg(uri, m_ns);
        m_ns = uri;
    }
    while (m_xml.readNextStartElement()) {
        if (isPfif(QLatin1String("person"))) {
            if (auto err = readPerson()) {
                return err;
            }
        } else if (isPfif(QLatin1String("note"))) {
            ParsedNote note;
            if (auto err = readNote(note)) {
                return err;
            }
            if (!m_xml.hasError() && note.note.personRecordId.isEmpty()) {
                return invalid(
                    note.line,
                    QCoreApplication::translate(
                        "Pfif", "a top-level <pfif:note> without <pfif:person_record_id>"));
            }
            m_topLevelNotes << note;
        } else {
            warnSkipped();
        }
    }
    return std::nullopt;
}

Result<Document> Reader::run()
{
    bool sawRoot = false;
    while (!m_xml.atEnd()) {
        m_xml.readNext();
        if (m_xml.tokenType() == QXmlStreamReader::DTD) {
            return invalid(m_xml.lineNumber(),
                           QCoreApplication::translate("Pfif", "a PFIF document has no DOCTYPE"));
        }
        if (m_xml.isStartElement()) {
            if (auto err = readRoot()) {
                return *err;
            }
            sawRoot = true;
        }
    }
    if (m_xml.hasError()) {
        return invalid(m_xml.lineNumber(),
                       QCoreApplication::translate("Pfif", "not well-formed XML: %1")
                           .arg(m_xml.errorString()));
    }
    if (!sawRoot) {
        return invalid(m_xml.lineNumber(),
                       QCoreApplication::translate("Pfif", "the document has no root element"));
    }
    QHash<QString, qsizetype> personIndex;
    for (qsizetype i = 0; i < m_doc.persons.size(); ++i) {
        personIndex.insert(m_doc.persons.at(i).personRecordId, i);
    }
    for (const ParsedNote& n : std::as_const(m_topLevelNotes)) {
        if (const auto it = personIndex.constFind(n.note.personRecordId);
            it != personIndex.cend()) {
            m_doc.persons[*it].notes << n.note;
        } else {
            m_doc.notes << n.note;
        }
    }
    return std::move(m_doc);
}

// --- writing ----------------------------------------------------------------------------------

// A text element. A carriage return goes out as a character reference: written as it is, XML
// would read it back as a line feed.
void writeText(QXmlStreamWriter& w, const QString& nsUri, QLatin1String name, const QString& value)
{
    if (!value.contains(u'\r')) {
        w.writeTextElement(nsUri, name, value);
        return;
    }
    w.writeStartElement(nsUri, name);
    const QStringList parts = value.split(u'\r');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            w.writeEntityReference(QStringLiteral("#13"));
        }
        if (!parts.at(i).isEmpty()) {
            w.writeCharacters(parts.at(i));
        }
    }
    w.writeEndElement();
}

template <typename R>
void writeFields(QXmlStreamWriter& w, const QString& nsUri, const std::vector<Field<R>>& fields,
                 const R& record)
{
    for (const auto& field : fields) {
        QString value;
        switch (field.kind) {
        case Kind::Date:
            if ((record.*field.date).isValid()) {
                value = formatUtc(record.*field.date);
            }
            break;
        case Kind::Boolean:
            if ((record.*field.flag).has_value()) {
                value = *(record.*field.flag) ? QStringLiteral("true") : QStringLiteral("false");
            }
            break;
        case Kind::Lines:
            value = (record.*field.lines).join(u'\n');
            break;
        default:
            value = record.*field.text;
            break;
        }
        if (value.isEmpty() && !field.alwaysWritten) {
            continue;
        }
        writeText(w, nsUri, field.name, xmlSafe(value));
    }
}

void writeNote(QXmlStreamWriter& w, const QString& nsUri, const Note& note)
{
    w.writeStartElement(nsUri, QStringLiteral("note"));
    writeFields(w, nsUri, noteFields(), note);
    w.writeEndElement();
}

} // namespace

Status validate(const Document& document)
{
    auto fail = [](const QString& record, const QString& what) {
        return Error(
            QCoreApplication::translate("Pfif", "Record %1 cannot be written as PFIF 1.4: %2")
                .arg(record.isEmpty() ? QStringLiteral("—") : record, what),
            kErrorCode);
    };
    const QString twice = QCoreApplication::translate("Pfif", "the record id is used twice");
    QSet<QString> personIds;
    QSet<QString> noteIds;
    auto checkNote = [&](const Note& note, const QString& personId) -> std::optional<Error> {
        if (note.noteRecordId.isEmpty()) {
            return fail(personId, QCoreApplication::translate(
                                      "Pfif", "a <pfif:note> without <pfif:note_record_id>"));
        }
        if (noteIds.contains(note.noteRecordId)) {
            return fail(note.noteRecordId, twice);
        }
        noteIds.insert(note.noteRecordId);
        if (personId.isEmpty() && note.personRecordId.isEmpty()) {
            return fail(note.noteRecordId,
                        QCoreApplication::translate(
                            "Pfif", "a top-level <pfif:note> without <pfif:person_record_id>"));
        }
        if (!personId.isEmpty() && !note.personRecordId.isEmpty() &&
            note.personRecordId != personId) {
            return fail(note.noteRecordId,
                        QCoreApplication::translate(
                            "Pfif", "note %1 inside person %2 names another person, %3")
                            .arg(note.noteRecordId, personId, note.personRecordId));
        }
        if (const QString why = recordProblem(noteFields(), note); !why.isEmpty()) {
            return fail(note.noteRecordId, why);
        }
        return std::nullopt;
    };
    for (const Person& person : document.persons) {
        if (person.personRecordId.isEmpty()) {
            return fail(QString(), QCoreApplication::translate(
                                       "Pfif", "a <pfif:person> without <pfif:person_record_id>"));
        }
        if (personIds.contains(person.personRecordId)) {
            return fail(person.personRecordId, twice);
        }
        personIds.insert(person.personRecordId);
        if (const QString why = recordProblem(personFields(), person); !why.isEmpty()) {
            return fail(person.personRecordId, why);
        }
        for (const Note& note : person.notes) {
            if (auto err = checkNote(note, person.personRecordId)) {
                return *err;
            }
        }
    }
    for (const Note& note : document.notes) {
        if (auto err = checkNote(note, QString())) {
            return *err;
        }
    }
    return {};
}

Result<Document> parse(const QByteArray& xml)
{
    return Reader(xml).run();
}

QByteArray write(const Document& document)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(2);
    w.writeStartDocument();
    const QString nsUri = ns();
    w.writeNamespace(nsUri, QStringLiteral("pfif"));
    w.writeStartElement(nsUri, QStringLiteral("pfif"));
    for (const Person& person : document.persons) {
        w.writeStartElement(nsUri, QStringLiteral("person"));
        writeFields(w, nsUri, personFields(), person);
        for (Note note : person.notes) {
            if (note.personRecordId.isEmpty()) {
                note.personRecordId = person.personRecordId; // read back that way
            }
            writeNote(w, nsUri, note);
        }
        w.writeEndElement();
    }
    for (const Note& note : document.notes) {
        writeNote(w, nsUri, note);
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

// --- record ids ---------------------------------------------------------------------------------

namespace {

bool isDomainName(QStringView domain)
{
    static const QRegularExpression re(QStringLiteral(
        "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
        "[A-Za-z0-9])?)*$"));
    return domain.size() <= 253 && re.match(domain.toString()).hasMatch();
}

bool isLocalPart(QStringView local)
{
    if (local.isEmpty()) {
        return false;
    }
    for (const QChar c : local) {
        if (c.isSpace() || c.category() == QChar::Other_Control) {
            return false;
        }
    }
    return true;
}

} // namespace

bool isValidRecordId(const QString& id)
{
    const qsizetype slash = id.indexOf(u'/');
    if (slash <= 0) {
        return false;
    }
    return isDomainName(QStringView(id).left(slash)) && isLocalPart(QStringView(id).mid(slash + 1));
}

Result<QString> makeRecordId(const QString& domain, const QString& local)
{
    if (!isDomainName(domain)) {
        return Error(QCoreApplication::translate("Pfif", "“%1” is not a domain name").arg(domain),
                     QStringLiteral("pfif.id"));
    }
    if (!isLocalPart(local)) {
        return Error(QCoreApplication::translate(
                         "Pfif", "the local part of a record id must not be empty or hold spaces"),
                     QStringLiteral("pfif.id"));
    }
    return domain + u'/' + local;
}

QString recordIdDomain(const QString& id)
{
    if (!isValidRecordId(id)) {
        return {};
    }
    return id.left(id.indexOf(u'/')).toLower();
}

bool isOwnRecordId(const QString& id, const QString& domain)
{
    const QString d = recordIdDomain(id);
    return !d.isEmpty() && d.compare(domain, Qt::CaseInsensitive) == 0;
}

// --- values -------------------------------------------------------------------------------------

QStringList noteStatuses()
{
    return {QStringLiteral("information_sought"), QStringLiteral("is_note_author"),
            QStringLiteral("believed_alive"), QStringLiteral("believed_missing"),
            QStringLiteral("believed_dead")};
}

QStringList sexValues()
{
    return {QStringLiteral("female"), QStringLiteral("male"), QStringLiteral("other")};
}

namespace {

// The ledger's safety statuses and the note status each is exported as. Read back, a note
// status gives the first safety status that maps to it.
struct SafetyMapping
{
    char16_t const* safety;
    char16_t const* status;
};
constexpr SafetyMapping kSafetyMappings[] = {
    {u"safe", u"believed_alive"},        {u"injured", u"believed_alive"},
    {u"missing", u"believed_missing"},   {u"dead", u"believed_dead"},
    {u"unknown", u"information_sought"},
};

} // namespace

QString noteStatusForSafety(const QString& safety)
{
    for (const auto& m : kSafetyMappings) {
        if (safety == QStringView(m.safety)) {
            return QString::fromUtf16(m.status);
        }
    }
    return {};
}

QString safetyForNoteStatus(const QString& status)
{
    // The author of the note is the person sought: alive and well enough to write.
    const QString s = status == u"is_note_author" ? QStringLiteral("believed_alive") : status;
    for (const auto& m : kSafetyMappings) {
        if (s == QStringView(m.status)) {
            return QString::fromUtf16(m.safety);
        }
    }
    return {};
}

} // namespace madoguchi::pfif
