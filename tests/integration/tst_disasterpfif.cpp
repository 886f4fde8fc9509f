// The victim ledger exchanged as PFIF 1.4, on both engines: a ledger exported and imported into
// a fresh database gives the same persons, ids and safety statuses; DV-protected persons and
// persons without consent to enquiries are in no output; a second import of the same file
// changes nothing; an invalid file, or one that cannot be applied whole, is refused with the
// reason and nothing is changed; notes from elsewhere set the safety status and newer records
// update the ledger; the command line.
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "disaster/LedgerPfif.h"
#include "disaster/Pfif.h"
#include "registry/RegistryService.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::disaster;

class TestDisasterPfif : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<MockClock> m_clock;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        Session bousai;
        Resident hanako;
    };

    Fixture make(const QString& engine)
    {
        auto db = test::registerDatabase(engine, m_dir);
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            qFatal("fixture: %s", qPrintable(db ? staff.errorMessage() : db.errorMessage()));
        }
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        if (!ops.create(
                {QStringLiteral("bousai"), QStringLiteral("防災 担当"), {Role::DisasterStaff}},
                QStringLiteral("test-pass-1"), staff->admin)) {
            qFatal("bousai");
        }
        auto bousai = ops.authenticate(QStringLiteral("bousai"), QStringLiteral("test-pass-1"));
        auto hanako = RegistryService(*db).registerResident(test::hanako(), MoveKind::MoveIn,
                                                            QDate(2020, 4, 1), {}, staff->clerk);
        if (!bousai || !hanako) {
            qFatal("fixture");
        }
        return {*db, *staff, *bousai, *hanako};
    }

    static Disaster openFlood(DisasterService& s, const Fixture& f)
    {
        auto x = s.openDisaster(QStringLiteral("鎌倉市豪雨"), QStringLiteral("flood"),
                                QDate(2026, 11, 20), {QStringLiteral("142042")}, f.bousai);
        if (!x) {
            qFatal("open: %s", qPrintable(x.errorMessage()));
        }
        return *x;
    }

    static Person person(const QString& family, const QString& given, const QString& familyKana,
                         const QString& givenKana, const QDate& birth, const QString& safety)
    {
        Person p;
        p.familyName = family;
        p.givenName = given;
        p.familyKana = familyKana;
        p.givenKana = givenKana;
        p.birthDate = birth;
        p.sex = QStringLiteral("female");
        p.safety = safety;
        p.consentEnquiry = true;
        return p;
    }

    static Person registered(DisasterService& s, const Fixture& f, const Person& p)
    {
        auto r = s.registerPerson(p, f.bousai);
        if (!r) {
            qFatal("register: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }

    static qint64 count(const Database& db, const QString& sql)
    {
        return db.scalar(sql)->toLongLong();
    }

    // What must not change when an import is refused.
    static QList<qint64> counts(const Database& db)
    {
        return {count(db, QStringLiteral("SELECT COUNT(*) FROM disasters")),
                count(db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons")),
                count(db, QStringLiteral("SELECT COUNT(*) FROM disaster_pfif_notes")),
                count(db, QStringLiteral("SELECT COALESCE(SUM(version), 0) FROM ledger_persons"))};
    }

    static QMap<QString, Person> byUid(const QList<Person>& list)
    {
        QMap<QString, Person> m;
        for (const Person& p : list) {
            m.insert(p.uid, p);
        }
        return m;
    }

    static QDateTime jst(int y, int m, int d, int h = 10)
    {
        return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone(9 * 3600));
    }

    static QByteArray sample()
    {
        QFile f(QStringLiteral(MADOGUCHI_PFIF_DIR "/kamakura-flood.xml"));
        if (!f.open(QIODevice::ReadOnly)) {
            qFatal("sample");
        }
        return f.readAll();
    }

    // A one-person PFIF document from elsewhere, with one note.
    static QByteArray foreignDocument(const QString& entryDate, const QString& given,
                                      const QString& noteId, const QString& status)
    {
        return QStringLiteral(
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">\n"
                   " <pfif:person>\n"
                   "  <pfif:person_record_id>finder.example.org/person.5</pfif:person_record_id>\n"
                   "  <pfif:entry_date>%1</pfif:entry_date>\n"
                   "  <pfif:source_date>2026-11-21T00:00:00Z</pfif:source_date>\n"
                   "  <pfif:full_name>佐藤 %2</pfif:full_name>\n"
                   "  <pfif:given_name>%2</pfif:given_name>\n"
                   "  <pfif:family_name>佐藤</pfif:family_name>\n"
                   "  <pfif:note>\n"
                   "   <pfif:note_record_id>finder.example.org/%3</pfif:note_record_id>\n"
                   "   <pfif:entry_date>%1</pfif:entry_date>\n"
                   "   <pfif:author_name>家族</pfif:author_name>\n"
                   "   <pfif:source_date>%1</pfif:source_date>\n"
                   "   <pfif:status>%4</pfif:status>\n"
                   "   <pfif:text>連絡がありました。</pfif:text>\n"
                   "  </pfif:note>\n"
                   " </pfif:person>\n"
                   "</pfif:pfif>\n")
            .arg(entryDate, given, noteId, status)
            .toUtf8();
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }
    void init()
    {
        m_clock = std::make_shared<MockClock>(jst(2026, 11, 26));
        Clock::setInstance(m_clock);
    }
    void cleanup() { Clock::setInstance(nullptr); }

    void roundTrip_data() { test::addEngineRows(); }
    void roundTrip()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        openFlood(s, f);
        Person a = person(QStringLiteral("山田"), QStringLiteral("花子"), QStringLiteral("ヤマダ"),
                          QStringLiteral("ハナコ"), QDate(1952, 4, 18), QStringLiteral("injured"));
        a.registeredAddress = QStringLiteral("神奈川県鎌倉市由比ガ浜二丁目3番4号");
        a.phone = QStringLiteral("090-1111-2222");
        const Person yamada = registered(s, f, a);
        Person b = person(QStringLiteral("鈴木"), QStringLiteral("一郎"), QStringLiteral("スズキ"),
                          QStringLiteral("イチロウ"), QDate(1980, 1, 2), QStringLiteral("missing"));
        b.sex = QStringLiteral("male");
        const Person suzuki = registered(s, f, b);
        const Person ito =
            registered(s, f,
                       person(QStringLiteral("伊藤"), QString(), QStringLiteral("イトウ"),
                              QString(), QDate(), QStringLiteral("dead")));
        Person quiet =
            person(QStringLiteral("中村"), QStringLiteral("健"), QStringLiteral("ナカムラ"),
                   QStringLiteral("ケン"), QDate(1990, 5, 5), QStringLiteral("safe"));
        quiet.consentEnquiry = false; // no consent to enquiries: not published
        quiet.consentShare = true;
        const Person nakamura = registered(s, f, quiet);
        Person flagged =
            person(QStringLiteral("小林"), QStringLiteral("美咲"), QStringLiteral("コバヤシ"),
                   QStringLiteral("ミサキ"), QDate(1999, 9, 9), QStringLiteral("safe"));
        flagged.dv = true; // consent or not, never published
        const Person kobayashi = registered(s, f, flagged);
        // 髙橋 花子 of the register is under DV support; her consent does not matter either.
        QVERIFY(RegistryService(f.db).setDvSupport(f.hanako.id, true, QStringLiteral("支援措置"),
                                                   f.staff.supervisor));
        auto hanako = s.registerResident(f.hanako.residentCode, f.bousai);
        QVERIFY2(hanako, qPrintable(hanako.errorMessage()));
        hanako->consentEnquiry = true;
        hanako->consentShare = true;
        QVERIFY(s.updatePerson(*hanako, f.bousai));

        LedgerPfif pfif(f.db);
        auto exported = pfif.exportLedger(f.bousai);
        QVERIFY2(exported, qPrintable(exported.errorMessage()));
        QCOMPARE(exported->persons, 3);
        QCOMPARE(exported->notesWritten, 3);
        QCOMPARE(exported->leftOut, 3);
        const QString xml = QString::fromUtf8(exported->xml);
        for (const Person& hidden : {nakamura, kobayashi, *hanako}) {
            QVERIFY2(!xml.contains(hidden.uid), qPrintable(hidden.uid));
            QVERIFY2(!xml.contains(hidden.fullName()), qPrintable(hidden.fullName()));
            QVERIFY2(!xml.contains(hidden.fullKana()), qPrintable(hidden.fullKana()));
        }
        QVERIFY(!xml.contains(QStringLiteral("090-1111-2222"))); // no contact details

        auto doc = pfif::parse(exported->xml);
        QVERIFY2(doc, qPrintable(doc.errorMessage()));
        QVERIFY2(doc->warnings.isEmpty(), qPrintable(doc->warnings.join(u'\n')));
        QCOMPARE(doc->persons.size(), 3);
        QMap<QString, pfif::Person> records;
        for (const pfif::Person& r : doc->persons) {
            records.insert(r.personRecordId, r);
            QCOMPARE(r.notes.size(), 1);
        }
        QStringList uids{yamada.uid, suzuki.uid, ito.uid};
        uids.sort();
        QCOMPARE(records.keys(), uids);
        const pfif::Person& ry = records[yamada.uid];
        QCOMPARE(ry.fullName, QStringLiteral("山田 花子"));
        QCOMPARE(ry.alternateNames, QStringLiteral("ヤマダ ハナコ"));
        QCOMPARE(ry.dateOfBirth, QStringLiteral("1952-04-18"));
        QCOMPARE(ry.sex, QStringLiteral("female"));
        QCOMPARE(ry.homeState, QStringLiteral("神奈川県"));
        QCOMPARE(ry.homeCity, QStringLiteral("鎌倉市"));
        QCOMPARE(ry.homeStreet, QStringLiteral("由比ガ浜二丁目3番4号"));
        QCOMPARE(ry.notes.first().status, QStringLiteral("believed_alive"));
        QCOMPARE(records[suzuki.uid].notes.first().status, QStringLiteral("believed_missing"));
        QCOMPARE(records[ito.uid].notes.first().status, QStringLiteral("believed_dead"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'disaster.pfif_export'")),
                 1);

        // Exported again with nothing changed: the same notes, none new.
        auto again = pfif.exportLedger(f.bousai);
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->notesWritten, 0);
        QCOMPARE(*pfif::parse(again->xml), *doc);

        // Into a fresh database without a disaster: one is opened, everything arrives.
        Fixture g = make(engine);
        LedgerPfif other(g.db);
        PfifImportOptions options;
        options.openAs = QStringLiteral("PFIF 鎌倉");
        auto imported = other.importDocument(exported->xml, g.bousai, options);
        QVERIFY2(imported, qPrintable(imported.errorMessage()));
        QVERIFY(imported->disasterOpened);
        QCOMPARE(imported->personsAdded, 3);
        QCOMPARE(imported->notesAdded, 3);
        QVERIFY(!imported->changedNothing());
        DisasterService t(g.db);
        QCOMPARE(t.current()->type, QStringLiteral("other"));
        QCOMPARE(t.current()->name, QStringLiteral("PFIF 鎌倉"));
        auto there = t.persons(Audience::Staff);
        QVERIFY2(there, qPrintable(there.errorMessage()));
        QCOMPARE(there->size(), 3);
        const QMap<QString, Person> m = byUid(*there);
        for (const Person& here : {yamada, suzuki, ito}) {
            QVERIFY2(m.contains(here.uid), qPrintable(here.uid));
            const Person& p = m[here.uid];
            QCOMPARE(p.familyName, here.familyName);
            QCOMPARE(p.givenName, here.givenName);
            QCOMPARE(p.familyKana, here.familyKana);
            QCOMPARE(p.givenKana, here.givenKana);
            QCOMPARE(p.birthDate, here.birthDate);
            QCOMPARE(p.sex, here.sex);
            QCOMPARE(p.safety, here.safety); // injured stays injured
            QVERIFY(p.consentEnquiry);
            QVERIFY(!p.consentShare);
        }
        QCOMPARE(m[yamada.uid].registeredAddress, yamada.registeredAddress);

        // The same file again: nothing changes, and the summary says so.
        const QList<qint64> before = counts(g.db);
        auto twice = other.importDocument(exported->xml, g.bousai, options);
        QVERIFY2(twice, qPrintable(twice.errorMessage()));
        QVERIFY(twice->changedNothing());
        QCOMPARE(twice->personsUnchanged, 3);
        QCOMPARE(twice->notesKnown, 3);
        QCOMPARE(counts(g.db), before);
        QCOMPARE(count(g.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'disaster.pfif_import'")),
                 2);

        // The fresh database passes the records on with their ids and notes as it got them.
        auto onward = other.exportLedger(g.bousai);
        QVERIFY2(onward, qPrintable(onward.errorMessage()));
        QCOMPARE(onward->notesWritten, 0);
        auto onwardDoc = pfif::parse(onward->xml);
        QVERIFY(onwardDoc);
        for (const pfif::Person& r : onwardDoc->persons) {
            QVERIFY2(records.contains(r.personRecordId), qPrintable(r.personRecordId));
            QCOMPARE(r.notes, records[r.personRecordId].notes);
        }

        // A change of status here is a new note in the next export.
        QVERIFY(s.setSafety(suzuki.id, QStringLiteral("safe"), f.bousai));
        auto changed = pfif.exportLedger(f.bousai);
        QVERIFY2(changed, qPrintable(changed.errorMessage()));
        QCOMPARE(changed->notesWritten, 1);
        m_clock->advanceSeconds(60);
        auto news = other.importDocument(changed->xml, g.bousai);
        QVERIFY2(news, qPrintable(news.errorMessage()));
        QCOMPARE(news->notesAdded, 1);
        QCOMPARE(news->statusesChanged, 1);
        auto suzukiThere = t.persons(Audience::Staff);
        QCOMPARE(byUid(*suzukiThere)[suzuki.uid].safety, QStringLiteral("safe"));
    }

    void importFromElsewhere_data() { test::addEngineRows(); }
    void importFromElsewhere()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        const Disaster flood = openFlood(s, f);
        LedgerPfif pfif(f.db);
        auto r = pfif.importDocument(sample(), f.bousai);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QVERIFY(!r->disasterOpened);
        QCOMPARE(r->disasterId, flood.id);
        QCOMPARE(r->personsAdded, 2);
        QCOMPARE(r->notesAdded, 2);      // the nested one and the top-level one about person.77
        QCOMPARE(r->notesSkipped, 1);    // about person.12, who is nowhere
        QVERIFY(!r->warnings.isEmpty()); // the extension element
        const QMap<QString, Person> m = byUid(*s.persons(Audience::Staff));
        const Person yamada =
            m.value(QStringLiteral("madoguchi.city.kamakura.example/person.1001"));
        QCOMPARE(yamada.familyName, QStringLiteral("山田"));
        QCOMPARE(yamada.familyKana, QStringLiteral("ヤマダ")); // やまだ, as katakana
        QCOMPARE(yamada.givenKana, QStringLiteral("ハナコ"));
        QCOMPARE(yamada.birthDate, QDate(1952, 4, 18));
        QCOMPARE(yamada.registeredAddress, QStringLiteral("鎌倉市由比ガ浜二丁目"));
        QCOMPARE(yamada.safety, QStringLiteral("safe")); // believed_alive
        const QString ichiroUid = QStringLiteral("japan.personfinder.example.org/person.77");
        const Person ichiro = m.value(ichiroUid);
        QCOMPARE(ichiro.givenName, QStringLiteral("一郎"));
        QVERIFY(!ichiro.birthDate.isValid());               // 1980-11 is not a day
        QCOMPARE(ichiro.safety, QStringLiteral("unknown")); // information_sought
        auto notes = pfif.notes(ichiro.id);
        QVERIFY(notes);
        QCOMPARE(notes->size(), 1);
        QCOMPARE(notes->first().authorPhone, QStringLiteral("090-0000-0000"));
        QVERIFY(notes->first().authorMadeContact == std::optional<bool>(false));

        // A newer record and note from elsewhere: the name corrected, the status set.
        const qint64 before = s.person(ichiro.id)->version;
        m_clock->advanceSeconds(3600);
        auto newer = pfif.importDocument(
            QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">\n"
                           " <pfif:person>\n"
                           "  <pfif:person_record_id>%1</pfif:person_record_id>\n"
                           "  <pfif:entry_date>2026-11-26T03:00:00Z</pfif:entry_date>\n"
                           "  <pfif:full_name>髙橋 市郎</pfif:full_name>\n"
                           " </pfif:person>\n"
                           " <pfif:note>\n"
                           "  "
                           "<pfif:note_record_id>japan.personfinder.example.org/note.901</"
                           "pfif:note_record_id>\n"
                           "  <pfif:person_record_id>%1</pfif:person_record_id>\n"
                           "  <pfif:entry_date>2026-11-26T03:00:00Z</pfif:entry_date>\n"
                           "  <pfif:author_name>髙橋 美咲</pfif:author_name>\n"
                           "  <pfif:status>believed_dead</pfif:status>\n"
                           "  <pfif:text>残念ながら。</pfif:text>\n"
                           " </pfif:note>\n"
                           "</pfif:pfif>\n")
                .arg(ichiroUid)
                .toUtf8(),
            f.bousai);
        QVERIFY2(newer, qPrintable(newer.errorMessage()));
        QCOMPARE(newer->personsUpdated, 1);
        QCOMPARE(newer->statusesChanged, 1);
        auto now = s.person(ichiro.id);
        QCOMPARE(now->givenName, QStringLiteral("市郎"));
        QCOMPARE(now->safety, QStringLiteral("dead"));
        QVERIFY(now->version > before);

        // A record older than the ledger's last change is left as it is; an older note does
        // not override the latest one.
        auto older = pfif.importDocument(
            foreignDocument(QStringLiteral("2026-11-21T00:00:00Z"), QStringLiteral("健太"),
                            QStringLiteral("note.1"), QStringLiteral("believed_missing")),
            f.bousai);
        QVERIFY2(older, qPrintable(older.errorMessage()));
        QCOMPARE(older->personsAdded, 1);
        const Person sato =
            byUid(*s.persons(Audience::Staff)).value(QStringLiteral("finder.example.org/person.5"));
        QCOMPARE(sato.safety, QStringLiteral("missing"));
        QVERIFY(s.setSafety(sato.id, QStringLiteral("injured"), f.bousai)); // changed here
        auto stale = pfif.importDocument(
            foreignDocument(QStringLiteral("2026-11-20T12:00:00Z"), QStringLiteral("健二"),
                            QStringLiteral("note.0"), QStringLiteral("believed_dead")),
            f.bousai);
        QVERIFY2(stale, qPrintable(stale.errorMessage()));
        QCOMPARE(stale->personsKept, 1);
        QCOMPARE(stale->notesAdded, 1);
        QCOMPARE(stale->statusesChanged, 0); // note.1 stays the latest: no override
        QCOMPARE(s.person(sato.id)->givenName, QStringLiteral("健太"));
        QCOMPARE(s.person(sato.id)->safety, QStringLiteral("injured"));
    }

    void refusals_data() { test::addEngineRows(); }
    void refusals()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        LedgerPfif pfif(f.db);
        PfifImportOptions options;
        options.openAs = QStringLiteral("PFIF");

        // Invalid PFIF: the codec's reason, with the line; not even a disaster is opened.
        QByteArray bad = sample();
        bad.replace("<pfif:status>believed_alive</pfif:status>",
                    "<pfif:status>probably_fine</pfif:status>");
        QList<qint64> before = counts(f.db);
        auto r = pfif.importDocument(bad, f.bousai, options);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("pfif.invalid"));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("probably_fine")) &&
                     r.errorMessage().contains(QStringLiteral("40")),
                 qPrintable(r.errorMessage()));
        QCOMPARE(counts(f.db), before);
        r = pfif.importDocument("<html/>", f.bousai, options);
        QCOMPARE(r.error().code, QStringLiteral("pfif.invalid"));
        QCOMPARE(counts(f.db), before);
        // Without a disaster and without a name to open one: refused.
        r = pfif.importDocument(sample(), f.bousai);
        QCOMPARE(r.error().code, QStringLiteral("disaster.none"));

        // Valid PFIF that cannot be applied whole: the first person is not kept either.
        const Disaster first = openFlood(s, f);
        QVERIFY(pfif.importDocument(
            foreignDocument(QStringLiteral("2026-11-21T00:00:00Z"), QStringLiteral("健太"),
                            QStringLiteral("note.1"), QStringLiteral("believed_alive")),
            f.bousai));
        auto second = s.openDisaster(QStringLiteral("余震"), QStringLiteral("earthquake"),
                                     QDate(2026, 11, 25), {}, f.bousai);
        QVERIFY(second);
        QByteArray both = sample();
        both.replace("</pfif:pfif>",
                     "<pfif:person><pfif:person_record_id>finder.example.org/person.5"
                     "</pfif:person_record_id><pfif:full_name>佐藤 健太</pfif:full_name>"
                     "</pfif:person></pfif:pfif>");
        before = counts(f.db);
        r = pfif.importDocument(both, f.bousai); // into the current one, the second
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("disaster.conflict"));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("finder.example.org/person.5")),
                 qPrintable(r.errorMessage()));
        QCOMPARE(counts(f.db), before);
        // A person without any name.
        QByteArray nameless =
            foreignDocument(QStringLiteral("2026-11-21T00:00:00Z"), QString(),
                            QStringLiteral("note.2"), QStringLiteral("believed_alive"));
        nameless.replace("<pfif:full_name>佐藤 </pfif:full_name>", "")
            .replace("<pfif:family_name>佐藤</pfif:family_name>", "")
            .replace("person.5", "person.6");
        r = pfif.importDocument(nameless, f.bousai, {first.id, {}});
        QCOMPARE(r.error().code, QStringLiteral("pfif.invalid"));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("person.6")),
                 qPrintable(r.errorMessage()));
        QCOMPARE(counts(f.db), before);
        // Permission: a clerk can neither import nor export.
        QCOMPARE(pfif.importDocument(sample(), f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(pfif.exportLedger(f.staff.clerk).error().code, QStringLiteral("auth.denied"));
    }

    void addressSplit()
    {
        using A = LedgerPfif::AddressParts;
        auto check = [](const QString& address, const A& want) {
            const A got = LedgerPfif::splitAddress(address);
            return got.state == want.state && got.city == want.city && got.street == want.street;
        };
        QVERIFY(check(
            QStringLiteral("神奈川県鎌倉市御成町1-1"),
            {QStringLiteral("神奈川県"), QStringLiteral("鎌倉市"), QStringLiteral("御成町1-1")}));
        QVERIFY(check(
            QStringLiteral("東京都千代田区丸の内1丁目"),
            {QStringLiteral("東京都"), QStringLiteral("千代田区"), QStringLiteral("丸の内1丁目")}));
        QVERIFY(check(QStringLiteral("三重県四日市市諏訪町1番5号"),
                      {QStringLiteral("三重県"), QStringLiteral("四日市市"),
                       QStringLiteral("諏訪町1番5号")}));
        QVERIFY(check(QStringLiteral("神奈川県三浦郡葉山町堀内2135"),
                      {QStringLiteral("神奈川県"), QStringLiteral("三浦郡葉山町"),
                       QStringLiteral("堀内2135")}));
        QVERIFY(check(QStringLiteral("御成町"), {QString(), QStringLiteral("御成町"), QString()}));
    }

    void commandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        Fixture g = make(QStringLiteral("sqlite"));
        DisasterService s(f.db);
        openFlood(s, f);
        const Person yamada = registered(s, f,
                                         person(QStringLiteral("山田"), QStringLiteral("花子"),
                                                QStringLiteral("ヤマダ"), QStringLiteral("ハナコ"),
                                                QDate(1952, 4, 18), QStringLiteral("injured")));
        Person flagged =
            person(QStringLiteral("小林"), QStringLiteral("美咲"), QStringLiteral("コバヤシ"),
                   QStringLiteral("ミサキ"), QDate(1999, 9, 9), QStringLiteral("safe"));
        flagged.dv = true;
        registered(s, f, flagged);
        Clock::setInstance(nullptr); // the programs run on the real clock

        auto cli = [&](const Database& db, const QStringList& args,
                       const QString& login = QStringLiteral("bousai")) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        const QString D = QStringLiteral("disaster");
        const QString P = QStringLiteral("pfif");
        const QString file = m_dir.filePath(QStringLiteral("kamakura-ledger.xml"));

        test::ProcessRun r = cli(f.db, {D, P, QStringLiteral("export")});
        QCOMPARE(r.code, 2); // no --out
        r = cli(f.db, {D, P, QStringLiteral("export"), QStringLiteral("--out"), file},
                QStringLiteral("clerk"));
        QCOMPARE(r.code, 3);
        r = cli(f.db, {D, P, QStringLiteral("export"), QStringLiteral("--out"), file});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("1 persons")), qPrintable(r.out));
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray xml = written.readAll();
        QVERIFY(xml.contains(yamada.uid.toUtf8()));
        QVERIFY(!xml.contains("小林"));

        r = cli(g.db, {D, P, QStringLiteral("import"), file, QStringLiteral("--disaster"),
                       QStringLiteral("x")});
        QCOMPARE(r.code, 2);
        r = cli(g.db, {D, P, QStringLiteral("import"), file});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("no disaster was open")) &&
                     r.err.contains(QStringLiteral("kamakura-ledger")),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("1 added")), qPrintable(r.out));
        auto there = DisasterService(g.db).persons(Audience::Staff);
        QVERIFY(there);
        QCOMPARE(there->size(), 1);
        QCOMPARE(there->first().uid, yamada.uid);
        QCOMPARE(there->first().safety, QStringLiteral("injured"));
        r = cli(g.db, {D, P, QStringLiteral("import"), file});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("nothing changed")), qPrintable(r.out));
        r = cli(g.db, {D, P, QStringLiteral("import"), file, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("persons_unchanged")).toInt(), 1);
        QVERIFY(o.value(QStringLiteral("changed_nothing")).toBool());

        const QString bad = m_dir.filePath(QStringLiteral("bad.xml"));
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(QByteArray(xml).replace("believed_alive", "fine"));
        b.close();
        r = cli(g.db, {D, P, QStringLiteral("import"), bad});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("fine")), qPrintable(r.err));
        r = cli(g.db, {D, P, QStringLiteral("import"), m_dir.filePath(QStringLiteral("none.xml"))});
        QCOMPARE(r.code, 1);
        r = cli(g.db, {D, P, QStringLiteral("nonsense")});
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestDisasterPfif)
#include "tst_disasterpfif.moc"
