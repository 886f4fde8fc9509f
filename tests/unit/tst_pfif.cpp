#include "TestSupport.h"
#include "disaster/Pfif.h"

#include <QFile>
#include <QTest>

using namespace madoguchi;

namespace {

QByteArray sample(const char* name)
{
    QFile f(QStringLiteral(MADOGUCHI_PFIF_DIR "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("cannot open %s", name);
    }
    return f.readAll();
}

// A minimal valid document around `body` (persons and notes).
QByteArray doc(const QByteArray& body)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">\n" +
           body + "\n</pfif:pfif>\n";
}

QByteArray person(const QByteArray& id, const QByteArray& extra = {})
{
    return "<pfif:person><pfif:person_record_id>" + id +
           "</pfif:person_record_id><pfif:source_date>2026-09-01T00:00:00Z</pfif:source_date>"
           "<pfif:full_name>X</pfif:full_name>" +
           extra + "</pfif:person>\n";
}

} // namespace

class TestPfif : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void readsRealisticJapaneseDocument()
    {
        auto r = pfif::parse(sample("kamakura-flood.xml"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        const pfif::Document& d = *r;
        QCOMPARE(d.persons.size(), 2);

        const pfif::Person& hanako = d.persons.at(0);
        QCOMPARE(hanako.personRecordId,
                 QStringLiteral("madoguchi.city.kamakura.example/person.1001"));
        QCOMPARE(hanako.fullName, QStringLiteral("山田 花子"));
        QCOMPARE(hanako.familyName, QStringLiteral("山田"));
        QCOMPARE(hanako.givenName, QStringLiteral("花子"));
        QCOMPARE(hanako.alternateNames,
                 QStringLiteral("やまだ はなこ\nヤマダ ハナコ\nYAMADA Hanako"));
        QCOMPARE(hanako.sex, QStringLiteral("female"));
        QCOMPARE(hanako.dateOfBirth, QStringLiteral("1952-04-18"));
        QCOMPARE(hanako.age, QStringLiteral("74"));
        QCOMPARE(hanako.homePostalCode, QStringLiteral("248-0014"));
        QCOMPARE(hanako.homeCountry, QStringLiteral("JP"));
        QCOMPARE(hanako.entryDate, QDateTime(QDate(2026, 9, 1), QTime(3, 10), Qt::UTC));
        QCOMPARE(hanako.expiryDate, QDateTime(QDate(2027, 9, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(hanako.sourceDate, QDateTime(QDate(2026, 9, 1), QTime(3, 5), Qt::UTC));
        QCOMPARE(hanako.profileUrls,
                 (QStringList{QStringLiteral("https://social.example/@hanako"),
                              QStringLiteral("https://blog.example/yamada-hanako")}));
        // The nested note gets its person's id.
        QCOMPARE(hanako.notes.size(), 1);
        const pfif::Note& n = hanako.notes.at(0);
        QCOMPARE(n.personRecordId, hanako.personRecordId);
        QCOMPARE(n.status, QStringLiteral("believed_alive"));
        QCOMPARE(n.authorMadeContact, std::optional<bool>(true));
        QCOMPARE(n.lastKnownLocation, QStringLiteral("鎌倉市立第一小学校 体育館"));

        // A top-level note about a person in the document is attached to that person.
        const pfif::Person& ichiro = d.persons.at(1);
        QCOMPARE(ichiro.familyName, QStringLiteral("髙橋"));
        QCOMPARE(ichiro.dateOfBirth, QStringLiteral("1980-11"));
        QCOMPARE(ichiro.age, QStringLiteral("45-46"));
        QCOMPARE(ichiro.notes.size(), 1);
        QCOMPARE(ichiro.notes.at(0).status, QStringLiteral("information_sought"));
        QCOMPARE(ichiro.notes.at(0).authorMadeContact, std::optional<bool>(false));
        QVERIFY(!ichiro.notes.at(0).entryDate.isNull());

        // A top-level note about a person not in the document stays a document note.
        QCOMPARE(d.notes.size(), 1);
        QCOMPARE(d.notes.at(0).personRecordId,
                 QStringLiteral("japan.personfinder.example.org/person.12"));
        QCOMPARE(d.notes.at(0).linkedPersonRecordId, hanako.personRecordId);
        QCOMPARE(d.notes.at(0).status, QStringLiteral("is_note_author"));

        // The extension element was skipped, and said so with its line.
        QCOMPARE(d.warnings.size(), 1);
        QVERIFY2(d.warnings.at(0).contains(QStringLiteral("ext:shelter")),
                 qPrintable(d.warnings.at(0)));
        QVERIFY2(d.warnings.at(0).contains(QStringLiteral("33")), qPrintable(d.warnings.at(0)));
    }

    void roundTrip()
    {
        auto first = pfif::parse(sample("kamakura-flood.xml"));
        QVERIFY(first.ok());
        const QByteArray written = pfif::write(*first);
        QVERIFY(written.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        QVERIFY(written.contains("<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">"));
        QVERIFY(written.contains("山田 花子")); // UTF-8, not character references
        QVERIFY(!written.contains("ext:shelter"));
        auto second = pfif::parse(written);
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QVERIFY(second->warnings.isEmpty());
        QVERIFY(*second == *first);
        QCOMPARE(pfif::write(*second), written); // stable
    }

    void writesElementsInTheSpecificationsOrder()
    {
        auto r = pfif::parse(
            doc("<pfif:person><pfif:home_country>JP</pfif:home_country>"
                "<pfif:full_name>A</pfif:full_name><pfif:sex>other</pfif:sex>"
                "<pfif:entry_date>2026-01-01T00:00:00Z</pfif:entry_date>"
                "<pfif:person_record_id>a.example/1</pfif:person_record_id>"
                "<pfif:note><pfif:text>t</pfif:text><pfif:status>believed_dead</pfif:status>"
                "<pfif:note_record_id>a.example/n1</pfif:note_record_id></pfif:note>"
                "</pfif:person>"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        const QByteArray out = pfif::write(*r);
        auto pos = [&](const char* tag) {
            return out.indexOf(tag);
        };
        QVERIFY(pos("<pfif:person_record_id>") < pos("<pfif:entry_date>"));
        QVERIFY(pos("<pfif:entry_date>") < pos("<pfif:full_name>"));
        QVERIFY(pos("<pfif:full_name>") < pos("<pfif:sex>"));
        QVERIFY(pos("<pfif:sex>") < pos("<pfif:home_country>"));
        QVERIFY(pos("<pfif:home_country>") < pos("<pfif:note>"));
        const qsizetype note = pos("<pfif:note>");
        QVERIFY(out.indexOf("<pfif:note_record_id>", note) <
                out.indexOf("<pfif:person_record_id>", note));
        QVERIFY(out.indexOf("<pfif:person_record_id>", note) < out.indexOf("<pfif:status>", note));
        QVERIFY(out.indexOf("<pfif:status>", note) < out.indexOf("<pfif:text>", note));
        // The note written inside its person names it.
        QVERIFY(out.indexOf("<pfif:person_record_id>a.example/1</pfif:person_record_id>", note) >
                0);
    }

    void writerEscapesAndDropsWhatXmlCannotCarry()
    {
        pfif::Document d;
        pfif::Person p;
        p.personRecordId = QStringLiteral("a.example/1");
        p.fullName = QStringLiteral("<&> \"田中\"");
        p.description = QStringLiteral("bell\x07 here");
        d.persons << p;
        const QByteArray out = pfif::write(d);
        auto r = pfif::parse(out);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->persons.at(0).fullName, p.fullName);
        QCOMPARE(r->persons.at(0).description, QStringLiteral("bell here"));

        // A carriage return survives as a character reference (written raw, XML would read it
        // back as a line feed).
        p.description = QStringLiteral("a\r\nb\rc");
        d.persons = {p};
        const QByteArray withCr = pfif::write(d);
        QVERIFY(withCr.contains("a&#13;\nb&#13;c"));
        QCOMPARE(pfif::parse(withCr)->persons.at(0).description, p.description);
    }

    void byteOrderMarkAndCrLf()
    {
        QByteArray xml =
            doc(person("a.example/1", "<pfif:description>line one\r\nline two</pfif:description>"
                                      "<pfif:sex>male</pfif:sex>\r\n"));
        xml.replace("\n", "\r\n");
        xml.replace("\r\r\n", "\r\n");
        xml.prepend("\xEF\xBB\xBF");
        auto r = pfif::parse(xml);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->persons.size(), 1);
        QCOMPARE(r->persons.at(0).sex, QStringLiteral("male"));
        // XML turns a CR LF into one line feed.
        QCOMPARE(r->persons.at(0).description, QStringLiteral("line one\nline two"));
    }

    void refusesWrongRootNamespaceOrVersion_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not pfif") << QByteArray("<people><person/></people>")
                                  << QStringLiteral("root element is <people>");
        QTest::newRow("no namespace")
            << QByteArray("<pfif><person/></pfif>") << QStringLiteral("root element is <pfif>");
        QTest::newRow("other namespace") << QByteArray("<p:pfif xmlns:p=\"urn:example:pfif\"/>")
                                         << QStringLiteral("urn:example:pfif");
        QTest::newRow("PFIF 1.3") << QByteArray(
                                         "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.3\"/>")
                                  << QStringLiteral("PFIF 1.3");
        QTest::newRow("not XML") << QByteArray("person_record_id,full_name\n")
                                 << QStringLiteral("not well-formed XML");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("line");
        QTest::newRow("doctype") << QByteArray(
                                        "<!DOCTYPE pfif [<!ENTITY a \"aaaa\">]>"
                                        "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\"/>")
                                 << QStringLiteral("DOCTYPE");
        QTest::newRow("unclosed") << doc(person("a.example/1")).replace("</pfif:pfif>", "")
                                  << QStringLiteral("not well-formed XML");
    }
    void refusesWrongRootNamespaceOrVersion()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, reason);
        auto r = pfif::parse(xml);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("pfif.invalid"));
        QVERIFY2(r.errorMessage().contains(reason), qPrintable(r.errorMessage()));
    }

    void refusesInvalidRecords_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::newRow("person without id")
            << QByteArray("<pfif:person><pfif:full_name>A</pfif:full_name></pfif:person>")
            << QStringLiteral("<pfif:person> without <pfif:person_record_id>");
        QTest::newRow("person with empty id")
            << QByteArray(
                   "<pfif:person><pfif:person_record_id> </pfif:person_record_id></pfif:person>")
            << QStringLiteral("without <pfif:person_record_id>");
        QTest::newRow("note without id")
            << person("a.example/1", "<pfif:note><pfif:text>t</pfif:text></pfif:note>")
            << QStringLiteral("<pfif:note> without <pfif:note_record_id>");
        QTest::newRow("top-level note without person")
            << QByteArray("<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                          "<pfif:text>t</pfif:text></pfif:note>")
            << QStringLiteral("top-level <pfif:note> without <pfif:person_record_id>");
        QTest::newRow("nested note names another person")
            << person("a.example/1",
                      "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                      "<pfif:person_record_id>a.example/2</pfif:person_record_id>"
                      "</pfif:note>")
            << QStringLiteral("names another person");
        QTest::newRow("id without domain") << person("person.1") << QStringLiteral("person.1");
        QTest::newRow("id with empty local part")
            << person("a.example/") << QStringLiteral("a.example/");
        QTest::newRow("id with bad domain")
            << person("not a domain/1") << QStringLiteral("record id");
        QTest::newRow("id with space in local part")
            << person("a.example/x y") << QStringLiteral("record id");
        QTest::newRow("linked id")
            << person("a.example/1",
                      "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                      "<pfif:linked_person_record_id>nope</pfif:linked_person_record_id>"
                      "</pfif:note>")
            << QStringLiteral("linked_person_record_id");
        QTest::newRow("date with offset")
            << person("a.example/1", "<pfif:entry_date>2026-09-01T12:00:00+09:00</pfif:entry_date>")
            << QStringLiteral("pfif:entry_date");
        QTest::newRow("date without time")
            << person("a.example/1", "<pfif:source_date>2026-09-01</pfif:source_date>")
            << QStringLiteral("pfif:source_date");
        QTest::newRow("impossible date")
            << person("a.example/1", "<pfif:expiry_date>2026-02-30T00:00:00Z</pfif:expiry_date>")
            << QStringLiteral("YYYY-MM-DDTHH:MM:SSZ");
        QTest::newRow("fractional seconds")
            << person("a.example/1", "<pfif:entry_date>2026-09-01T00:00:00.5Z</pfif:entry_date>")
            << QStringLiteral("pfif:entry_date");
        QTest::newRow("note date")
            << person("a.example/1",
                      "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                      "<pfif:source_date>yesterday</pfif:source_date></pfif:note>")
            << QStringLiteral("yesterday");
        QTest::newRow("unknown status")
            << person("a.example/1",
                      "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                      "<pfif:status>found</pfif:status></pfif:note>")
            << QStringLiteral("the status must be one of");
        QTest::newRow("unknown sex") << person("a.example/1", "<pfif:sex>F</pfif:sex>")
                                     << QStringLiteral("the sex must be one of");
        QTest::newRow("date of birth")
            << person("a.example/1", "<pfif:date_of_birth>1952-13</pfif:date_of_birth>")
            << QStringLiteral("date of birth");
        QTest::newRow("date of birth day")
            << person("a.example/1", "<pfif:date_of_birth>2023-02-29</pfif:date_of_birth>")
            << QStringLiteral("date of birth");
        QTest::newRow("age") << person("a.example/1", "<pfif:age>about 40</pfif:age>")
                             << QStringLiteral("age");
        QTest::newRow("long value cut short in the message")
            << person("a.example/1", "<pfif:age>" + QByteArray(500, '7') + "</pfif:age>")
            << QString(QString(60, u'7') + u'…' + u'”');
        QTest::newRow("age range reversed")
            << person("a.example/1", "<pfif:age>40-30</pfif:age>") << QStringLiteral("40-30");
        QTest::newRow("author_made_contact")
            << person("a.example/1",
                      "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                      "<pfif:author_made_contact>yes</pfif:author_made_contact></pfif:note>")
            << QStringLiteral("true or false");
        QTest::newRow("field twice") << person("a.example/1", "<pfif:full_name>B</pfif:full_name>")
                                     << QStringLiteral("appears twice");
        QTest::newRow("markup in a field")
            << person("a.example/1", "<pfif:description>a <b>bold</b> one</pfif:description>")
            << QStringLiteral("text only");
        QTest::newRow("duplicate person id")
            << person("a.example/1") + person("a.example/1")
            << QStringLiteral("person record id a.example/1 is used twice");
        QTest::newRow("duplicate note id")
            << person("a.example/1", "<pfif:note><pfif:note_record_id>a.example/n1</"
                                     "pfif:note_record_id></pfif:note>") +
                   "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                   "<pfif:person_record_id>b.example/2</pfif:person_record_id></pfif:note>"
            << QStringLiteral("note record id a.example/n1 is used twice");
    }
    void refusesInvalidRecords()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        auto r = pfif::parse(doc(body));
        QVERIFY2(!r.ok(), body.constData());
        QCOMPARE(r.error().code, QStringLiteral("pfif.invalid"));
        QVERIFY2(r.errorMessage().contains(reason), qPrintable(r.errorMessage()));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("line 3")), qPrintable(r.errorMessage()));
    }

    void errorNamesTheLine()
    {
        const QByteArray xml = doc(person("a.example/1") + person("a.example/2") + "\n\n" +
                                   person("a.example/3", "<pfif:sex>unknown</pfif:sex>"));
        auto r = pfif::parse(xml);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(QStringLiteral("line 7")), qPrintable(r.errorMessage()));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("pfif:sex")),
                 qPrintable(r.errorMessage()));
    }

    void unknownElementsAreSkippedWithWarnings()
    {
        auto r = pfif::parse(
            doc(person("a.example/1",
                       "<pfif:first_name>old</pfif:first_name>"
                       "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                       "<pfif:author_name>A</pfif:author_name>"
                       "<pfif:source_date>2026-09-01T00:00:00Z</pfif:source_date>"
                       "<pfif:found>true</pfif:found></pfif:note>") +
                "<pfif:feed_info><pfif:x>1</pfif:x></pfif:feed_info>"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->persons.size(), 1);
        QCOMPARE(r->persons.at(0).notes.size(), 1);
        QCOMPARE(r->warnings.size(), 3);
        QVERIFY(r->warnings.at(0).contains(QStringLiteral("pfif:first_name")));
        QVERIFY(r->warnings.at(1).contains(QStringLiteral("pfif:found")));
        QVERIFY(r->warnings.at(2).contains(QStringLiteral("pfif:feed_info")));
    }

    void missingRequiredFieldsAreWarnedAbout()
    {
        auto r = pfif::parse(
            doc("<pfif:person><pfif:person_record_id>a.example/1</pfif:person_record_id>\n"
                "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                "<pfif:text>t</pfif:text></pfif:note></pfif:person>"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->warnings.size(), 4);
        QVERIFY2(r->warnings.at(0).contains(QStringLiteral("a.example/n1")) &&
                     r->warnings.at(0).contains(QStringLiteral("<pfif:author_name>")) &&
                     r->warnings.at(0).startsWith(QStringLiteral("Line 4")),
                 qPrintable(r->warnings.at(0)));
        QVERIFY(r->warnings.at(1).contains(QStringLiteral("<pfif:source_date>")));
        QVERIFY2(r->warnings.at(2).contains(QStringLiteral("a.example/1")) &&
                     r->warnings.at(2).contains(QStringLiteral("<pfif:full_name>")) &&
                     r->warnings.at(2).startsWith(QStringLiteral("Line 3")),
                 qPrintable(r->warnings.at(2)));
        QVERIFY(r->warnings.at(3).contains(QStringLiteral("<pfif:source_date>")));
    }

    void namespaceWithTrailingSlashIsReadWithAWarning()
    {
        auto r = pfif::parse("<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4/\">" +
                             person("a.example/1") + "</pfif:pfif>");
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->persons.size(), 1);
        QCOMPARE(r->warnings.size(), 1);
        QVERIFY(pfif::write(*r).contains("xmlns:pfif=\"http://zesty.ca/pfif/1.4\""));
    }

    void importedStatusIsKeptAsWritten()
    {
        auto r = pfif::parse(doc(person(
            "a.example/1", "<pfif:note><pfif:note_record_id>a.example/n1</pfif:note_record_id>"
                           "<pfif:status>is_note_author</pfif:status></pfif:note>")));
        QVERIFY(r.ok());
        QCOMPARE(r->persons.at(0).notes.at(0).status, QStringLiteral("is_note_author"));
        QVERIFY(pfif::write(*r).contains("<pfif:status>is_note_author</pfif:status>"));
    }

    void statusMapping()
    {
        QCOMPARE(pfif::noteStatusForSafety(QStringLiteral("safe")),
                 QStringLiteral("believed_alive"));
        QCOMPARE(pfif::noteStatusForSafety(QStringLiteral("injured")),
                 QStringLiteral("believed_alive"));
        QCOMPARE(pfif::noteStatusForSafety(QStringLiteral("missing")),
                 QStringLiteral("believed_missing"));
        QCOMPARE(pfif::noteStatusForSafety(QStringLiteral("dead")),
                 QStringLiteral("believed_dead"));
        QCOMPARE(pfif::noteStatusForSafety(QStringLiteral("unknown")),
                 QStringLiteral("information_sought"));
        QCOMPARE(pfif::noteStatusForSafety(QStringLiteral("Safe")), QString());
        QCOMPARE(pfif::noteStatusForSafety(QString()), QString());

        QCOMPARE(pfif::safetyForNoteStatus(QStringLiteral("believed_alive")),
                 QStringLiteral("safe"));
        QCOMPARE(pfif::safetyForNoteStatus(QStringLiteral("is_note_author")),
                 QStringLiteral("safe"));
        QCOMPARE(pfif::safetyForNoteStatus(QStringLiteral("believed_missing")),
                 QStringLiteral("missing"));
        QCOMPARE(pfif::safetyForNoteStatus(QStringLiteral("believed_dead")),
                 QStringLiteral("dead"));
        QCOMPARE(pfif::safetyForNoteStatus(QStringLiteral("information_sought")),
                 QStringLiteral("unknown"));
        QCOMPARE(pfif::safetyForNoteStatus(QString()), QString());
        QCOMPARE(pfif::safetyForNoteStatus(QStringLiteral("found")), QString());

        // Every PFIF status maps to a safety status that maps to a PFIF status.
        for (const QString& s : pfif::noteStatuses()) {
            QVERIFY(!pfif::noteStatusForSafety(pfif::safetyForNoteStatus(s)).isEmpty());
        }
    }

    void recordIds()
    {
        auto id = pfif::makeRecordId(QStringLiteral("madoguchi.city.kamakura.example"),
                                     QStringLiteral("person.42"));
        QVERIFY(id.ok());
        QCOMPARE(*id, QStringLiteral("madoguchi.city.kamakura.example/person.42"));
        QVERIFY(pfif::isValidRecordId(*id));
        QCOMPARE(pfif::recordIdDomain(*id), QStringLiteral("madoguchi.city.kamakura.example"));
        QVERIFY(pfif::isOwnRecordId(*id, QStringLiteral("Madoguchi.City.Kamakura.Example")));
        QVERIFY(!pfif::isOwnRecordId(*id, QStringLiteral("city.kamakura.example")));
        QVERIFY(!pfif::isOwnRecordId(QStringLiteral("japan.personfinder.example.org/p.1"),
                                     QStringLiteral("madoguchi.city.kamakura.example")));
        QVERIFY(pfif::isValidRecordId(QStringLiteral("a.example/x/y"))); // slash in the local part
        QVERIFY(!pfif::isValidRecordId(QStringLiteral("/x")));
        QVERIFY(!pfif::isValidRecordId(QStringLiteral("a.example")));
        QVERIFY(!pfif::isValidRecordId(QStringLiteral("-a.example/x")));
        QVERIFY(!pfif::isValidRecordId(QStringLiteral("a..example/x")));
        QVERIFY(!pfif::isValidRecordId(QStringLiteral("a.example/x\ty")));
        QCOMPARE(pfif::recordIdDomain(QStringLiteral("bad")), QString());

        auto badDomain = pfif::makeRecordId(QStringLiteral("鎌倉"), QStringLiteral("1"));
        QVERIFY(!badDomain.ok());
        QCOMPARE(badDomain.error().code, QStringLiteral("pfif.id"));
        QVERIFY(!pfif::makeRecordId(QStringLiteral("a.example"), QString()).ok());
        QVERIFY(!pfif::makeRecordId(QStringLiteral("a.example"), QStringLiteral("a b")).ok());
    }

    void validateBeforeExport()
    {
        auto r = pfif::parse(sample("kamakura-flood.xml"));
        QVERIFY(r.ok());
        QVERIFY2(pfif::validate(*r).ok(), qPrintable(pfif::validate(*r).errorMessage()));
        QVERIFY(pfif::validate(pfif::Document{}).ok());

        auto refused = [](const pfif::Document& d, const QString& reason) {
            const Status st = pfif::validate(d);
            if (st.ok()) {
                qWarning("accepted");
                return false;
            }
            if (st.error().code != u"pfif.invalid" || !st.errorMessage().contains(reason)) {
                qWarning("%s", qPrintable(st.errorMessage()));
                return false;
            }
            // What validate() refuses, parse() would refuse too.
            return !pfif::parse(pfif::write(d)).ok();
        };
        pfif::Document d = *r;
        d.persons[0].personRecordId.clear();
        QVERIFY(refused(d, QStringLiteral("without <pfif:person_record_id>")));
        d = *r;
        d.persons[1].personRecordId = d.persons[0].personRecordId;
        QVERIFY(refused(d, QStringLiteral("used twice")));
        d = *r;
        d.persons[0].sex = QStringLiteral("F");
        QVERIFY(refused(d, QStringLiteral("pfif:sex")));
        d = *r;
        d.persons[0].dateOfBirth = QStringLiteral("1952-02-30");
        QVERIFY(refused(d, QStringLiteral("pfif:date_of_birth")));
        d = *r;
        d.persons[0].notes[0].status = QStringLiteral("safe");
        QVERIFY(refused(d, QStringLiteral("pfif:status")));
        d = *r;
        d.persons[0].notes[0].personRecordId = d.persons[1].personRecordId;
        QVERIFY(refused(d, QStringLiteral("names another person")));
        d = *r;
        d.persons[0].notes << d.persons[1].notes[0];
        d.persons[0].notes.last().personRecordId.clear();
        QVERIFY(refused(d, QStringLiteral("used twice")));
        d = *r;
        d.notes[0].personRecordId.clear();
        QVERIFY(refused(d, QStringLiteral("top-level")));
        d = *r;
        d.notes[0].linkedPersonRecordId = QStringLiteral("person.1");
        QVERIFY(refused(d, QStringLiteral("pfif:linked_person_record_id")));

        // A nested note without person_record_id is written with its person's.
        d = *r;
        d.persons[0].notes[0].personRecordId.clear();
        QVERIFY(pfif::validate(d).ok());
        auto back = pfif::parse(pfif::write(d));
        QVERIFY(back.ok());
        QVERIFY(*back == *r);
    }

    void largeDocument()
    {
        pfif::Document d;
        d.persons.reserve(10000);
        for (int i = 0; i < 10000; ++i) {
            pfif::Person p;
            p.personRecordId = QStringLiteral("madoguchi.city.kamakura.example/person.%1").arg(i);
            p.entryDate = QDateTime(QDate(2026, 9, 1), QTime(0, 0), Qt::UTC).addSecs(i);
            p.sourceDate = p.entryDate;
            p.fullName = QStringLiteral("鎌倉 太郎%1").arg(i);
            p.alternateNames = QStringLiteral("かまくら たろう");
            p.sex = i % 2 ? QStringLiteral("male") : QStringLiteral("female");
            p.homeCity = QStringLiteral("鎌倉市");
            pfif::Note n;
            n.noteRecordId = QStringLiteral("madoguchi.city.kamakura.example/note.%1").arg(i);
            n.personRecordId = p.personRecordId;
            n.status = pfif::noteStatusForSafety(QStringLiteral("safe"));
            n.authorName = QStringLiteral("避難所受付");
            n.sourceDate = p.entryDate;
            n.text = QStringLiteral("避難所で確認");
            p.notes << n;
            d.persons << p;
        }
        const QByteArray xml = pfif::write(d);
        auto r = pfif::parse(xml);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->persons.size(), 10000);
        QVERIFY(r->warnings.isEmpty());
        QCOMPARE(r->persons.at(9999).fullName, QStringLiteral("鎌倉 太郎9999"));
        QCOMPARE(r->persons.at(9999).notes.at(0).status, QStringLiteral("believed_alive"));
        QVERIFY(*r == d);
    }
};

QTEST_GUILESS_MAIN(TestPfif)
#include "tst_pfif.moc"
