// The disaster victim ledger and shelters, on both engines: disasters opened and closed (the
// current one), shelters with their capacity, registration by hand, from the register and from
// a card's basic information, bad input refused with the reason, check-in / check-out /
// transfer, occupancy now and per day, special-needs counts, the DV rule in enquiries, lists
// and exports, duplicates across variant spellings and a merge undone with nothing lost, the
// contact fields sealed at rest; the command line.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "card/MyNumberCard.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "registry/RegistryService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::disaster;

class TestDisaster : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        Session bousai; // disaster staff
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

    static Disaster openQuake(DisasterService& s, const Fixture& f)
    {
        auto x = s.openDisaster(QStringLiteral("鎌倉市地震"), QStringLiteral("earthquake"),
                                QDate(2026, 11, 20), {QStringLiteral("142042")}, f.bousai);
        if (!x) {
            qFatal("open: %s", qPrintable(x.errorMessage()));
        }
        return *x;
    }

    static Shelter addShelter(DisasterService& s, const Fixture& f, const QString& name,
                              int capacity)
    {
        Shelter n;
        n.name = name;
        n.capacity = capacity;
        n.address = QStringLiteral("鎌倉市御成町1-1");
        auto r = s.addShelter(n, f.bousai);
        if (!r) {
            qFatal("shelter: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }

    static Person person(const QString& family, const QString& given, const QString& familyKana,
                         const QString& givenKana, const QDate& birth)
    {
        Person p;
        p.familyName = family;
        p.givenName = given;
        p.familyKana = familyKana;
        p.givenKana = givenKana;
        p.birthDate = birth;
        p.sex = QStringLiteral("female");
        p.consentShare = true;
        p.consentEnquiry = true;
        return p;
    }

    static Person registered(DisasterService& s, const Fixture& f, const Person& p,
                             qint64 shelter = 0)
    {
        auto r = s.registerPerson(p, f.bousai, shelter);
        if (!r) {
            qFatal("register: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }

    static qint64 count(const Database& db, const QString& sql)
    {
        return db.scalar(sql)->toLongLong();
    }

    static QDateTime jst(int y, int m, int d, int h = 10)
    {
        return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone(9 * 3600));
    }

    static QString addShelterWithoutDisaster(DisasterService& s, const Fixture& f)
    {
        Shelter n;
        n.name = QStringLiteral("公民館");
        n.capacity = 5;
        return s.addShelter(n, f.bousai).error().code;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }
    void init() { Clock::setInstance(std::make_shared<MockClock>(jst(2026, 11, 26))); }
    void cleanup() { Clock::setInstance(nullptr); }

    void disastersAndShelters_data() { test::addEngineRows(); }
    void disastersAndShelters()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        QCOMPARE(s.current().error().code, QStringLiteral("disaster.none"));
        QCOMPARE(addShelterWithoutDisaster(s, f), QStringLiteral("disaster.none"));

        struct Bad
        {
            QString name;
            QString type;
            QDate date;
            QString words;
        };
        const QList<Bad> bad = {
            {QString(), QStringLiteral("flood"), QDate(2026, 11, 1), QStringLiteral("name")},
            {QStringLiteral("x"), QStringLiteral("meteor"), QDate(2026, 11, 1),
             QStringLiteral("meteor")},
            {QStringLiteral("x"), QStringLiteral("flood"), QDate(2026, 12, 1),
             QStringLiteral("future")},
            {QStringLiteral("x"), QStringLiteral("flood"), QDate(), QStringLiteral("date")},
        };
        QCOMPARE(s.openDisaster(QStringLiteral("x"), QStringLiteral("flood"), QDate(2026, 11, 1),
                                {QStringLiteral("14204x")}, f.bousai)
                     .error()
                     .code,
                 QStringLiteral("disaster.invalid"));
        for (const Bad& b : bad) {
            auto r = s.openDisaster(b.name, b.type, b.date, {}, f.bousai);
            QVERIFY(!r);
            QCOMPARE(r.error().code, QStringLiteral("disaster.invalid"));
            QVERIFY2(r.errorMessage().contains(b.words), qPrintable(r.errorMessage()));
        }
        // Only disaster staff (and administrators) may open one.
        QCOMPARE(s.openDisaster(QStringLiteral("x"), QStringLiteral("flood"), QDate(2026, 11, 1),
                                {}, f.staff.clerk)
                     .error()
                     .code,
                 QStringLiteral("auth.denied"));

        const Disaster quake = openQuake(s, f);
        QCOMPARE(quake.code, QStringLiteral("2026-11-20-earthquake"));
        QCOMPARE(quake.affectedAreas, QStringList{QStringLiteral("142042")});
        QVERIFY(quake.isOpen());
        QCOMPARE(s.current()->id, quake.id);
        auto flood = s.openDisaster(QStringLiteral("大雨"), QStringLiteral("flood"),
                                    QDate(2026, 11, 25), {}, f.bousai);
        QVERIFY(flood);
        QCOMPARE(s.current()->id, flood->id); // the latest open one
        QVERIFY(s.closeDisaster(flood->id, f.bousai));
        QCOMPARE(s.closeDisaster(flood->id, f.bousai).error().code,
                 QStringLiteral("disaster.closed"));
        QCOMPARE(s.current()->id, quake.id);
        QCOMPARE(s.disasters()->size(), 2);

        // Shelters of the current disaster.
        Shelter bad1;
        bad1.name = QStringLiteral("小学校");
        bad1.capacity = 0;
        QCOMPARE(s.addShelter(bad1, f.bousai).error().code, QStringLiteral("disaster.invalid"));
        bad1.capacity = 10;
        bad1.kind = QStringLiteral("ホテル");
        QCOMPARE(s.addShelter(bad1, f.bousai).error().code, QStringLiteral("disaster.invalid"));
        const Shelter school = addShelter(s, f, QStringLiteral("御成小学校"), 2);
        QCOMPARE(school.disasterId, quake.id);
        QCOMPARE(school.kind, QStringLiteral("指定避難所"));
        QCOMPARE(school.occupancy, 0);
        QVERIFY(school.open);
        QCOMPARE(s.shelter(9999).error().code, QStringLiteral("disaster.unknown_shelter"));
        QCOMPARE(s.shelters()->size(), 1);
        QVERIFY(s.setShelterOpen(school.id, false, f.bousai));
        QVERIFY(!s.shelter(school.id)->open);
        QVERIFY(s.setShelterOpen(school.id, true, f.bousai));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                                            "'disaster.%'")),
                 6); // 2 opened, 1 closed; a shelter added, closed and opened again
    }

    void registration_data() { test::addEngineRows(); }
    void registration()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        const Disaster quake = openQuake(s, f);
        const Shelter school = addShelter(s, f, QStringLiteral("御成小学校"), 50);

        // By hand; bad input refused with the reason.
        Person p = person(QStringLiteral("佐藤"), QStringLiteral("一郎"), QStringLiteral("サトウ"),
                          QStringLiteral("イチロウ"), QDate(1950, 5, 5));
        p.phone = QStringLiteral("090-1234-5678");
        p.whereabouts = QStringLiteral("長女宅（藤沢市）");
        p.needs = {QStringLiteral("elderly"), QStringLiteral("medical")};
        p.allergies = QStringLiteral("そば");
        p.safety = QStringLiteral("injured");
        const QList<QPair<Person, QString>> bad = [&] {
            QList<QPair<Person, QString>> out;
            Person x = p;
            x.familyName = QStringLiteral("  ");
            out.append({x, QStringLiteral("family name")});
            x = p;
            x.birthDate = QDate(2027, 1, 1);
            out.append({x, QStringLiteral("future")});
            x = p;
            x.birthDate = QDate(1850, 1, 1);
            out.append({x, QStringLiteral("not possible")});
            x = p;
            x.safety = QStringLiteral("fine");
            out.append({x, QStringLiteral("fine")});
            x = p;
            x.needs = {QStringLiteral("wheelchair")};
            out.append({x, QStringLiteral("wheelchair")});
            x = p;
            x.sex = QStringLiteral("m");
            out.append({x, QStringLiteral("sex")});
            x = p;
            x.staying = QStringLiteral("tent");
            out.append({x, QStringLiteral("tent")});
            return out;
        }();
        for (const auto& [x, words] : bad) {
            auto r = s.registerPerson(x, f.bousai);
            QVERIFY(!r);
            QCOMPARE(r.error().code, QStringLiteral("disaster.invalid"));
            QVERIFY2(r.errorMessage().contains(words), qPrintable(r.errorMessage()));
        }
        QCOMPARE(parseDate(QStringLiteral("2026-02-30")).error().code,
                 QStringLiteral("disaster.invalid"));
        QCOMPARE(parseDate(QStringLiteral("1950/5/5")).error().code,
                 QStringLiteral("disaster.invalid"));
        QCOMPARE(*parseDate(QStringLiteral("2024-02-29")), QDate(2024, 2, 29));
        QVERIFY(!parseDate(QString())->isValid());
        QCOMPARE(s.registerPerson(p, f.bousai, 9999).error().code,
                 QStringLiteral("disaster.unknown_shelter"));
        QCOMPARE(s.registerPerson(p, f.staff.clerk).error().code, QStringLiteral("auth.denied"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons")), 0);

        const Person sato = registered(s, f, p, school.id);
        QVERIFY(sato.uid.startsWith(QStringLiteral("madoguchi.local/")));
        QCOMPARE(sato.disasterId, quake.id);
        QCOMPARE(sato.shelterId, school.id);
        QCOMPARE(sato.phone, p.phone);
        QCOMPARE(sato.whereabouts, p.whereabouts);
        QCOMPARE(sato.allergies, QStringLiteral("そば"));
        QCOMPARE(sato.needs, (QStringList{QStringLiteral("elderly"), QStringLiteral("medical")}));
        QCOMPARE(sato.safety, QStringLiteral("injured"));
        QCOMPARE(sato.createdBy, QStringLiteral("bousai"));
        // The contact fields are sealed at rest.
        const QString raw =
            f.db.scalar(QStringLiteral("SELECT sealed FROM ledger_persons WHERE id = ?"), {sato.id})
                ->toString();
        QVERIFY(!raw.isEmpty());
        QVERIFY(!raw.contains(QStringLiteral("090")) && !raw.contains(QStringLiteral("藤沢")));

        // The installation's domain names the ids.
        QVERIFY(f.db.run(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES "
                                        "('disaster.domain', 'bousai.city.kamakura.example', "
                                        "'2026-11-26T00:00:00.000Z')")));
        const Person other = registered(
            s, f,
            person(QStringLiteral("鈴木"), {}, QStringLiteral("スズキ"), {}, QDate(2001, 1, 1)));
        QVERIFY2(other.uid.startsWith(QStringLiteral("bousai.city.kamakura.example/person.")),
                 qPrintable(other.uid));
        QVERIFY(other.uid != sato.uid);

        // From the register: name, kana, birth, sex and address copied, the resident linked.
        auto fromRegister = s.registerResident(f.hanako.residentCode, f.bousai, school.id);
        QVERIFY2(fromRegister, qPrintable(fromRegister.errorMessage()));
        QCOMPARE(fromRegister->familyName, QStringLiteral("髙橋"));
        QCOMPARE(fromRegister->givenKana, QStringLiteral("ハナコ"));
        QCOMPARE(fromRegister->birthDate, QDate(1975, 3, 1));
        QCOMPARE(fromRegister->sex, f.hanako.sex);
        QCOMPARE(fromRegister->registeredAddress, f.hanako.addressDisplay);
        QVERIFY(fromRegister->registeredAddress.contains(QStringLiteral("御成町")));
        QCOMPARE(fromRegister->residentId, f.hanako.id);
        QCOMPARE(fromRegister->shelterId, school.id);
        QCOMPARE(s.registerResident(QStringLiteral("00000000000"), f.bousai).error().code,
                 QStringLiteral("disaster.resident"));
        // A foreign resident registered under the alphabet name only: that name, with the kana.
        NewResident smith;
        smith.person.isForeign = true;
        smith.person.alphaName = QStringLiteral("SMITH JOHN");
        smith.person.familyKana = QStringLiteral("スミス");
        smith.person.givenKana = QStringLiteral("ジョン");
        smith.person.nationality = QStringLiteral("アメリカ合衆国");
        smith.person.residenceStatus = QStringLiteral("永住者");
        smith.person.birthDate = QDate(1982, 10, 10);
        smith.person.sex = QStringLiteral("male");
        smith.person.address = {QStringLiteral("142042"), QStringLiteral("2480012"),
                                QStringLiteral("御成町"), QStringLiteral("9番9号"), QString()};
        auto smithResident = RegistryService(f.db).registerResident(
            smith, MoveKind::MoveIn, QDate(2020, 4, 1), {}, f.staff.clerk);
        QVERIFY2(smithResident, qPrintable(smithResident.errorMessage()));
        auto smithHere = s.registerResident(smithResident->residentCode, f.bousai);
        QVERIFY2(smithHere, qPrintable(smithHere.errorMessage()));
        QCOMPARE(smithHere->familyName, QStringLiteral("SMITH JOHN"));
        QCOMPARE(smithHere->fullKana(), QStringLiteral("スミス ジョン"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'disaster.register' AND resident_id IS NOT NULL AND "
                                            "resident_id <> 0")),
                 2);

        // From a card's basic information (no kana on a card).
        card::CardBasicInfo info;
        info.name = QStringLiteral("山田\u3000太郎");
        info.address = QStringLiteral("神奈川県鎌倉市由比ガ浜２丁目３番４号");
        info.birthDate = QDate(1980, 7, 7);
        info.sex = QStringLiteral("1");
        Person fromCard = DisasterService::fromCard(info);
        QCOMPARE(fromCard.familyName, QStringLiteral("山田"));
        QCOMPARE(fromCard.givenName, QStringLiteral("太郎"));
        QCOMPARE(fromCard.sex, QStringLiteral("male"));
        QCOMPARE(fromCard.birthDate, QDate(1980, 7, 7));
        QCOMPARE(fromCard.registeredAddress, info.address);
        info.sex = QStringLiteral("9");
        info.name = QStringLiteral("SMITH");
        QCOMPARE(DisasterService::fromCard(info).sex, QStringLiteral("other"));
        QCOMPARE(DisasterService::fromCard(info).familyName, QStringLiteral("SMITH"));
        QVERIFY(s.registerPerson(fromCard, f.bousai));

        // Updates: status, needs, whereabouts; a stale version is refused.
        auto injured = s.setSafety(sato.id, QStringLiteral("safe"), f.bousai);
        QVERIFY2(injured, qPrintable(injured.errorMessage()));
        QCOMPARE(injured->safety, QStringLiteral("safe"));
        QCOMPARE(injured->version, 2);
        QCOMPARE(injured->phone, p.phone); // still there after resealing
        QCOMPARE(s.setSafety(sato.id, QStringLiteral("gone"), f.bousai).error().code,
                 QStringLiteral("disaster.invalid"));
        Person stale = sato;
        stale.whereabouts = QStringLiteral("自宅");
        QCOMPARE(s.updatePerson(stale, f.bousai).error().code, QStringLiteral("disaster.conflict"));
        Person fresh = *injured;
        fresh.whereabouts = QStringLiteral("自宅");
        fresh.staying = QStringLiteral("home");
        fresh.needs = {QStringLiteral("elderly")};
        auto updated = s.updatePerson(fresh, f.bousai);
        QVERIFY2(updated, qPrintable(updated.errorMessage()));
        QCOMPARE(updated->whereabouts, QStringLiteral("自宅"));
        QCOMPARE(updated->staying, QStringLiteral("home"));
        QCOMPARE(updated->needs, QStringList{QStringLiteral("elderly")});
    }

    void staysAndFigures_data() { test::addEngineRows(); }
    void staysAndFigures()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        auto clock = std::make_shared<MockClock>(jst(2026, 11, 21, 9));
        Clock::setInstance(clock);
        DisasterService s(f.db);
        openQuake(s, f);
        const Shelter school = addShelter(s, f, QStringLiteral("御成小学校"), 2);
        const Shelter hall = addShelter(s, f, QStringLiteral("中央公民館"), 3);
        Person a = person(QStringLiteral("佐藤"), QStringLiteral("一郎"), QStringLiteral("サトウ"),
                          QStringLiteral("イチロウ"), QDate(1940, 1, 1));
        a.needs = {QStringLiteral("elderly"), QStringLiteral("disabled")};
        const Person sato = registered(s, f, a);
        Person b = person(QStringLiteral("田中"), QStringLiteral("優子"), QStringLiteral("タナカ"),
                          QStringLiteral("ユウコ"), QDate(1995, 2, 2));
        b.needs = {QStringLiteral("pregnant")};
        const Person tanaka = registered(s, f, b, school.id);
        const Person kato =
            registered(s, f,
                       person(QStringLiteral("加藤"), QStringLiteral("健"),
                              QStringLiteral("カトウ"), QStringLiteral("ケン"), QDate(1990, 3, 3)),
                       school.id);

        // The school is full: refused with the reason; one open stay per person.
        QCOMPARE(s.shelter(school.id)->occupancy, 2);
        QCOMPARE(s.checkIn(sato.id, school.id, f.bousai).error().code,
                 QStringLiteral("disaster.full"));
        QCOMPARE(s.checkIn(sato.id, 9999, f.bousai).error().code,
                 QStringLiteral("disaster.unknown_shelter"));
        QVERIFY(s.checkIn(sato.id, hall.id, f.bousai));
        QCOMPARE(s.checkIn(sato.id, hall.id, f.bousai).error().code,
                 QStringLiteral("disaster.checked_in"));
        QCOMPARE(*s.mealsNeeded(hall.id), 1);
        QCOMPARE(*s.mealsNeeded(school.id), 2);

        // Capacity below the occupancy, and closing an occupied shelter, refused.
        Shelter smaller = *s.shelter(school.id);
        smaller.capacity = 1;
        auto refused = s.updateShelter(smaller, f.bousai);
        QCOMPARE(refused.error().code, QStringLiteral("disaster.capacity"));
        QVERIFY(refused.errorMessage().contains(QStringLiteral("2")));
        QCOMPARE(s.setShelterOpen(school.id, false, f.bousai).error().code,
                 QStringLiteral("disaster.occupied"));
        smaller.capacity = 2;
        QVERIFY(s.updateShelter(smaller, f.bousai));

        // Needs counts: the whole disaster, and one shelter's people.
        auto needs = s.needsCounts();
        QVERIFY(needs);
        QCOMPARE(needs->value(QStringLiteral("elderly")), 1);
        QCOMPARE(needs->value(QStringLiteral("pregnant")), 1);
        QCOMPARE(needs->value(QStringLiteral("infant")), 0);
        QCOMPARE(s.needsCounts(0, school.id)->value(QStringLiteral("elderly")), 0);
        QCOMPARE(s.needsCounts(0, school.id)->value(QStringLiteral("pregnant")), 1);

        // The next day: a transfer closes one stay and opens the other in one step.
        clock->set(jst(2026, 11, 22, 15));
        QCOMPARE(s.transfer(tanaka.id, 9999, f.bousai).error().code,
                 QStringLiteral("disaster.unknown_shelter"));
        QCOMPARE(s.transfer(tanaka.id, school.id, f.bousai).error().code,
                 QStringLiteral("disaster.checked_in"));
        auto moved = s.transfer(tanaka.id, hall.id, f.bousai);
        QVERIFY2(moved, qPrintable(moved.errorMessage()));
        QCOMPARE(moved->shelterId, hall.id);
        auto history = s.stays(tanaka.id);
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).shelterId, school.id);
        QCOMPARE(history->at(0).transferredTo, hall.id);
        QCOMPARE(history->at(0).checkedOutAt, history->at(1).checkedInAt);
        QVERIFY(!history->at(1).checkedOutAt.isValid());
        QCOMPARE(s.shelter(school.id)->occupancy, 1);
        QCOMPARE(s.shelter(hall.id)->occupancy, 2);
        QCOMPARE(s.needsCounts(0, hall.id)->value(QStringLiteral("pregnant")), 1);
        // A transfer into a full shelter changes nothing.
        QVERIFY(s.checkIn(registered(s, f,
                                     person(QStringLiteral("伊藤"), {}, QStringLiteral("イトウ"),
                                            {}, QDate(2000, 1, 1)))
                              .id,
                          hall.id, f.bousai));
        QCOMPARE(s.transfer(kato.id, hall.id, f.bousai).error().code,
                 QStringLiteral("disaster.full"));
        QCOMPARE(s.person(kato.id)->shelterId, school.id);
        QCOMPARE(s.stays(kato.id)->size(), 1);

        // Day three: 加藤 goes home.
        clock->set(jst(2026, 11, 23, 11));
        QVERIFY(s.checkOut(kato.id, f.bousai));
        QCOMPARE(s.checkOut(kato.id, f.bousai).error().code,
                 QStringLiteral("disaster.not_checked_in"));
        QCOMPARE(s.person(kato.id)->shelterId, 0);
        QVERIFY(s.setShelterOpen(school.id, false, f.bousai)); // empty now

        auto days = s.occupancyByDay(QDate(2026, 11, 20), QDate(2026, 11, 24));
        QVERIFY2(days, qPrintable(days.errorMessage()));
        QCOMPARE(days->size(), 5);
        QCOMPARE(days->at(0).total, 0);
        QCOMPARE(days->at(1).byShelter.value(school.id), 2); // 21st: 田中, 加藤
        QCOMPARE(days->at(1).byShelter.value(hall.id), 1);   // 佐藤
        // 22nd: 田中 in both (moved that afternoon), 加藤 in the school, 佐藤 and 伊藤 in the hall
        QCOMPARE(days->at(2).byShelter.value(school.id), 2);
        QCOMPARE(days->at(2).byShelter.value(hall.id), 3);
        QCOMPARE(days->at(3).byShelter.value(school.id), 1); // 加藤 left on the 23rd
        QCOMPARE(days->at(4).byShelter.value(school.id), 0);
        QCOMPARE(days->at(4).byShelter.value(hall.id), 3);
        // Past midnight in Japan (still the evening before in UTC): counted on the Japan date.
        clock->set(jst(2026, 11, 24, 1));
        const Shelter annex = addShelter(s, f, QStringLiteral("腰越中学校 別館"), 10);
        QVERIFY(s.checkIn(registered(s, f,
                                     person(QStringLiteral("深夜"), {}, QStringLiteral("シンヤ"),
                                            {}, QDate(1999, 9, 9)))
                              .id,
                          annex.id, f.bousai));
        auto late = s.occupancyByDay(QDate(2026, 11, 23), QDate(2026, 11, 24));
        QCOMPARE(late->at(0).byShelter.value(annex.id), 0);
        QCOMPARE(late->at(1).byShelter.value(annex.id), 1);
        QCOMPARE(s.occupancyByDay(QDate(2026, 11, 24), QDate(2026, 11, 20)).error().code,
                 QStringLiteral("disaster.invalid"));
    }

    void dvRule_data() { test::addEngineRows(); }
    void dvRule()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        openQuake(s, f);
        const Shelter school = addShelter(s, f, QStringLiteral("御成小学校"), 50);
        // 髙橋 花子 of the register is under DV support; her ledger record must not leak.
        QVERIFY(RegistryService(f.db).setDvSupport(f.hanako.id, true, QStringLiteral("支援措置"),
                                                   f.staff.supervisor));
        auto hanako = s.registerResident(f.hanako.residentCode, f.bousai, school.id);
        QVERIFY2(hanako, qPrintable(hanako.errorMessage()));
        QVERIFY(hanako->dvProtected);
        Person fromRegister = *hanako;
        fromRegister.consentShare = true;
        fromRegister.consentEnquiry = true;
        QVERIFY(s.updatePerson(fromRegister, f.bousai)); // even with consent
        // A person flagged on the ledger itself, and one who is not protected.
        Person flagged =
            person(QStringLiteral("高橋"), QStringLiteral("美咲"), QStringLiteral("タカハシ"),
                   QStringLiteral("ミサキ"), QDate(1999, 9, 9));
        flagged.dv = true;
        const Person misaki = registered(s, f, flagged, school.id);
        QVERIFY(misaki.dvProtected);
        const Person taro = registered(s, f,
                                       person(QStringLiteral("高橋"), QStringLiteral("太郎"),
                                              QStringLiteral("タカハシ"), QStringLiteral("タロウ"),
                                              QDate(1970, 1, 1)),
                                       school.id);
        QVERIFY(!taro.dvProtected);
        Person noConsent =
            person(QStringLiteral("高橋"), QStringLiteral("次郎"), QStringLiteral("タカハシ"),
                   QStringLiteral("ジロウ"), QDate(1972, 2, 2));
        noConsent.consentEnquiry = false;
        noConsent.consentShare = false;
        const Person jiro = registered(s, f, noConsent);

        // Safety enquiries: by kanji (any variant), kana, half-width kana or romaji.
        for (const QString& q :
             {QStringLiteral("髙橋"), QStringLiteral("高橋"), QStringLiteral("たかはし"),
              QStringLiteral("ﾀｶﾊｼ"), QStringLiteral("takahashi"), QStringLiteral("高橋花子"),
              QStringLiteral("タカハシ ハナコ"), QStringLiteral("高橋美咲")}) {
            auto found = s.searchForEnquiry(q, f.bousai);
            QVERIFY2(found, qPrintable(found.errorMessage()));
            for (const Person& p : *found) {
                QVERIFY2(p.id == taro.id, qPrintable(q + u' ' + p.fullName()));
            }
        }
        QCOMPARE(s.searchForEnquiry(QStringLiteral("高橋"), f.bousai)->size(), 1);
        QCOMPARE(s.searchForEnquiry(QStringLiteral("高橋花子"), f.bousai)->size(), 0);
        for (const QString& wildcard : {QStringLiteral("  "), QStringLiteral("%"),
                                        QStringLiteral("_"), QStringLiteral("%%")}) {
            QCOMPARE(s.searchForEnquiry(wildcard, f.bousai).error().code,
                     QStringLiteral("disaster.invalid"));
        }
        QCOMPARE(s.searchForEnquiry(QStringLiteral("高橋"), f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));

        // Lists and exports: staff see everyone (marked); outward, never the protected.
        auto staff = s.persons(Audience::Staff);
        QCOMPARE(staff->size(), 4);
        auto outward = s.persons(Audience::Outward);
        QCOMPARE(outward->size(), 1);
        QCOMPARE(outward->first().id, taro.id);
        QCOMPARE(s.person(hanako->id, Audience::Outward).error().code,
                 QStringLiteral("disaster.not_found"));
        QCOMPARE(s.person(misaki.id, Audience::Outward).error().code,
                 QStringLiteral("disaster.not_found"));
        QCOMPARE(s.person(jiro.id, Audience::Outward).error().code,
                 QStringLiteral("disaster.not_found"));
        QVERIFY(s.person(hanako->id, Audience::Staff));
        auto exported = s.exportRecords(Audience::Outward, f.bousai);
        QVERIFY(exported);
        const QString text = QString::fromUtf8(QJsonDocument(*exported).toJson());
        QCOMPARE(exported->size(), 1);
        QVERIFY(!text.contains(QStringLiteral("花子")) && !text.contains(QStringLiteral("美咲")));
        QVERIFY(!text.contains(hanako->uid) && !text.contains(misaki.uid));
        auto staffExport = s.exportRecords(Audience::Staff, f.bousai);
        QCOMPARE(staffExport->size(), 4);
        int marked = 0;
        for (const QJsonValue& v : *staffExport) {
            marked += v.toObject().value(QStringLiteral("dv_protected")).toBool() ? 1 : 0;
        }
        QCOMPARE(marked, 2);
        // A merge never drops the protection.
        auto merged = s.merge(taro.id, misaki.id, f.bousai);
        QVERIFY2(merged, qPrintable(merged.errorMessage()));
        QVERIFY(merged->dvProtected);
        QCOMPARE(s.persons(Audience::Outward)->size(), 0);
        QVERIFY(s.unmerge(misaki.id, f.bousai));
        QVERIFY(!s.person(taro.id)->dvProtected);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'disaster.enquiry'")),
                 10);
    }

    void duplicatesAndMerge_data() { test::addEngineRows(); }
    void duplicatesAndMerge()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService s(f.db);
        openQuake(s, f);
        const Shelter school = addShelter(s, f, QStringLiteral("御成小学校"), 50);
        const Shelter hall = addShelter(s, f, QStringLiteral("中央公民館"), 50);
        // The same woman at two shelters: 髙橋/高橋, full-width/half-width kana.
        Person first =
            person(QStringLiteral("髙橋"), QStringLiteral("花子"), QStringLiteral("タカハシ"),
                   QStringLiteral("ハナコ"), QDate(1975, 3, 1));
        first.registeredAddress = QStringLiteral("鎌倉市御成町1丁目2番3号");
        first.needs = {QStringLiteral("medical")};
        const Person a = registered(s, f, first, school.id);
        Person second = person(QStringLiteral("高橋"), QStringLiteral("花子"),
                               QStringLiteral("ﾀｶﾊｼ"), QStringLiteral("ﾊﾅｺ"), QDate(1975, 3, 1));
        second.registeredAddress = QStringLiteral("鎌倉市御成町１－２－３");
        second.phone = QStringLiteral("0467-00-0000");
        second.allergies = QStringLiteral("卵");
        second.needs = {QStringLiteral("elderly")};
        const Person b = registered(s, f, second, hall.id);
        QVERIFY(s.checkOut(b.id, f.bousai));         // a closed stay…
        QVERIFY(s.checkIn(b.id, hall.id, f.bousai)); // …and an open one
        // Registered from a card: no kana, the name as on the card.
        card::CardBasicInfo info;
        info.name = QStringLiteral("髙橋\u3000花子");
        info.birthDate = QDate(1975, 3, 1);
        info.sex = QStringLiteral("2");
        const Person c = registered(s, f, DisasterService::fromCard(info));
        // Not duplicates: another birth date; another person with the same birth date.
        registered(s, f,
                   person(QStringLiteral("高橋"), QStringLiteral("花子"),
                          QStringLiteral("タカハシ"), QStringLiteral("ハナコ"), QDate(2001, 3, 1)));
        registered(s, f,
                   person(QStringLiteral("高橋"), QStringLiteral("春子"),
                          QStringLiteral("タカハシ"), QStringLiteral("ハルコ"), QDate(1975, 3, 1)));

        auto pairs = s.duplicateCandidates();
        QVERIFY2(pairs, qPrintable(pairs.errorMessage()));
        QCOMPARE(pairs->size(), 3); // a-b, a-c, b-c
        const DuplicatePair& best = pairs->first();
        QCOMPARE(best.a.id, a.id);
        QCOMPARE(best.b.id, b.id);
        QCOMPARE(best.reasons,
                 (QStringList{QStringLiteral("kana"), QStringLiteral("name"),
                              QStringLiteral("birth_date"), QStringLiteral("address")}));
        QCOMPARE(best.score, 4);
        for (const DuplicatePair& p : *pairs) {
            QVERIFY(p.a.id < p.b.id);
            if (p.b.id == c.id) {
                QCOMPARE(p.reasons,
                         (QStringList{QStringLiteral("name"), QStringLiteral("birth_date")}));
            }
        }

        // Merge b into a: nothing lost.
        const qint64 persons = count(f.db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons"));
        const qint64 stays = count(f.db, QStringLiteral("SELECT COUNT(*) FROM disaster_stays"));
        const int listed = int(s.persons(Audience::Staff)->size());
        QCOMPARE(s.merge(a.id, a.id, f.bousai).error().code, QStringLiteral("disaster.invalid"));
        QCOMPARE(s.merge(a.id, b.id, f.staff.clerk).error().code, QStringLiteral("auth.denied"));
        auto merged = s.merge(a.id, b.id, f.bousai);
        QVERIFY2(merged, qPrintable(merged.errorMessage()));
        QCOMPARE(merged->phone, QStringLiteral("0467-00-0000")); // filled
        QCOMPARE(merged->allergies, QStringLiteral("卵"));
        QCOMPARE(merged->registeredAddress, first.registeredAddress); // kept as it was
        QCOMPARE(merged->needs,
                 (QStringList{QStringLiteral("elderly"), QStringLiteral("medical")}));
        QCOMPARE(merged->shelterId, school.id); // the kept record's place wins
        QCOMPARE(s.stays(a.id)->size(), 3);
        QCOMPARE(s.stays(b.id)->size(), 0);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons")), persons);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM disaster_stays")), stays);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM disaster_stays WHERE "
                                            "checked_out_at IS NULL AND person_id = ") +
                                 QString::number(a.id)),
                 1);
        QCOMPARE(s.persons(Audience::Staff)->size(), listed - 1);
        QCOMPARE(s.person(b.id)->mergedInto, a.id);
        QCOMPARE(s.shelter(hall.id)->occupancy, 0);
        QCOMPARE(s.duplicateCandidates()->size(), 1); // a-c remains
        QCOMPARE(s.merge(a.id, b.id, f.bousai).error().code, QStringLiteral("disaster.merged"));
        QCOMPARE(s.checkIn(b.id, hall.id, f.bousai).error().code,
                 QStringLiteral("disaster.merged"));

        // Unmerge: both records as they were.
        auto back = s.unmerge(b.id, f.bousai);
        QVERIFY2(back, qPrintable(back.errorMessage()));
        QCOMPARE(back->mergedInto, 0);
        QCOMPARE(back->shelterId, hall.id);
        QCOMPARE(back->phone, QStringLiteral("0467-00-0000"));
        QCOMPARE(s.stays(b.id)->size(), 2);
        QCOMPARE(s.stays(a.id)->size(), 1);
        const Person restored = *s.person(a.id);
        QVERIFY(restored.phone.isEmpty());
        QVERIFY(restored.allergies.isEmpty());
        QCOMPARE(restored.needs, QStringList{QStringLiteral("medical")});
        QCOMPARE(restored.shelterId, school.id);
        QCOMPARE(s.shelter(hall.id)->occupancy, 1);
        QCOMPARE(s.persons(Audience::Staff)->size(), listed);
        QCOMPARE(s.duplicateCandidates()->size(), 3);
        QCOMPARE(s.unmerge(b.id, f.bousai).error().code, QStringLiteral("disaster.not_merged"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action IN "
                                            "('disaster.merge', 'disaster.unmerge')")),
                 2);
    }

    void commandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        auto cli = [&](const QStringList& args, const QString& login = QStringLiteral("bousai")) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), f.db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        auto object = [](const test::ProcessRun& r) {
            return QJsonDocument::fromJson(r.out.toUtf8()).object();
        };
        auto array = [](const test::ProcessRun& r) {
            return QJsonDocument::fromJson(r.out.toUtf8()).array();
        };
        const QString D = QStringLiteral("disaster");
        test::ProcessRun r =
            cli({D, QStringLiteral("open"), QStringLiteral("--name"), QStringLiteral("台風10号"),
                 QStringLiteral("--type"), QStringLiteral("typhoon"), QStringLiteral("--date"),
                 QStringLiteral("2026-09-31")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("exists")), qPrintable(r.err));
        r = cli({D, QStringLiteral("open"), QStringLiteral("--name"), QStringLiteral("台風10号"),
                 QStringLiteral("--type"), QStringLiteral("hail"), QStringLiteral("--date"),
                 QStringLiteral("2026-09-30")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("hail")), qPrintable(r.err));
        r = cli({D, QStringLiteral("open"), QStringLiteral("--name"), QStringLiteral("台風10号"),
                 QStringLiteral("--type"), QStringLiteral("typhoon"), QStringLiteral("--date"),
                 QStringLiteral("2026-09-30")},
                QStringLiteral("clerk"));
        QCOMPARE(r.code, 3);
        r = cli({D, QStringLiteral("open"), QStringLiteral("--name"), QStringLiteral("台風10号"),
                 QStringLiteral("--type"), QStringLiteral("typhoon"), QStringLiteral("--date"),
                 QStringLiteral("2026-09-30")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(object(r).value(QStringLiteral("type")).toString(), QStringLiteral("typhoon"));
        r = cli({D, QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(array(r).size(), 1);

        r = cli({D, QStringLiteral("shelter"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("腰越中学校"), QStringLiteral("--capacity"), QStringLiteral("2")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString school = QString::number(object(r).value(QStringLiteral("id")).toInteger());
        r = cli({D, QStringLiteral("shelter"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("福祉センター"), QStringLiteral("--capacity"), QStringLiteral("5"),
                 QStringLiteral("--kind"), QStringLiteral("福祉避難所"),
                 QStringLiteral("--address"), QStringLiteral("鎌倉市腰越1-1")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString centre = QString::number(object(r).value(QStringLiteral("id")).toInteger());
        r = cli({D, QStringLiteral("shelter"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("x")});
        QCOMPARE(r.code, 2);

        r = cli({D,
                 QStringLiteral("register"),
                 QStringLiteral("--family"),
                 QStringLiteral("髙橋"),
                 QStringLiteral("--given"),
                 QStringLiteral("花子"),
                 QStringLiteral("--family-kana"),
                 QStringLiteral("ﾀｶﾊｼ"),
                 QStringLiteral("--given-kana"),
                 QStringLiteral("ﾊﾅｺ"),
                 QStringLiteral("--birth"),
                 QStringLiteral("1975-03-01"),
                 QStringLiteral("--sex"),
                 QStringLiteral("female"),
                 QStringLiteral("--shelter"),
                 centre,
                 QStringLiteral("--status"),
                 QStringLiteral("injured"),
                 QStringLiteral("--needs"),
                 QStringLiteral("elderly,medical")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject byHand = object(r);
        QVERIFY(byHand.value(QStringLiteral("uid"))
                    .toString()
                    .startsWith(QStringLiteral("madoguchi.local/")));
        QCOMPARE(byHand.value(QStringLiteral("safety")).toString(), QStringLiteral("injured"));
        QCOMPARE(byHand.value(QStringLiteral("needs")).toArray().size(), 2);
        const QString handId = QString::number(byHand.value(QStringLiteral("id")).toInteger());
        r = cli({D, QStringLiteral("register"), QStringLiteral("--resident"), f.hanako.residentCode,
                 QStringLiteral("--shelter"), school});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject fromRegister = object(r);
        QCOMPARE(fromRegister.value(QStringLiteral("family_name")).toString(),
                 QStringLiteral("髙橋"));
        const QString registerId =
            QString::number(fromRegister.value(QStringLiteral("id")).toInteger());
        r = cli({D, QStringLiteral("register"), QStringLiteral("--family"), QStringLiteral("x"),
                 QStringLiteral("--birth"), QStringLiteral("2099-01-01")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("future")), qPrintable(r.err));
        r = cli({D, QStringLiteral("register"), QStringLiteral("--given"), QStringLiteral("x")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("family name")), qPrintable(r.err));

        r = cli({D, QStringLiteral("shelters"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(array(r).size(), 2);
        QCOMPARE(array(r).at(0).toObject().value(QStringLiteral("occupancy")).toInt(), 1);
        QCOMPARE(array(r).at(1).toObject().value(QStringLiteral("occupancy")).toInt(), 1);
        r = cli({D, QStringLiteral("shelter"), QStringLiteral("capacity"), centre,
                 QStringLiteral("--capacity"), QStringLiteral("0")});
        QCOMPARE(r.code, 1);

        r = cli(
            {D, QStringLiteral("status"), handId, QStringLiteral("--to"), QStringLiteral("safe")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(object(r).value(QStringLiteral("safety")).toString(), QStringLiteral("safe"));
        r = cli(
            {D, QStringLiteral("status"), handId, QStringLiteral("--to"), QStringLiteral("fine")});
        QCOMPARE(r.code, 2);
        r = cli({D, QStringLiteral("transfer"), handId, QStringLiteral("--shelter"), school});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({D, QStringLiteral("checkin"), handId, QStringLiteral("--shelter"), centre});
        QVERIFY2(r.code == 1, qPrintable(r.err)); // already checked in
        r = cli({D, QStringLiteral("transfer"), handId, QStringLiteral("--shelter"),
                 QStringLiteral("999")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("999")), qPrintable(r.err));

        r = cli({D, QStringLiteral("duplicates"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(array(r).size(), 1);
        const QJsonObject pair = array(r).first().toObject();
        QCOMPARE(QString::number(pair.value(QStringLiteral("a")).toInteger()), handId);
        QCOMPARE(QString::number(pair.value(QStringLiteral("b")).toInteger()), registerId);
        r = cli({D, QStringLiteral("merge"), QStringLiteral("--keep"), registerId,
                 QStringLiteral("--drop"), handId});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(object(r).value(QStringLiteral("needs")).toArray().size(), 2);
        r = cli({D, QStringLiteral("duplicates"), QStringLiteral("--json")});
        QCOMPARE(array(r).size(), 0);
        r = cli({D, QStringLiteral("unmerge"), handId});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({D, QStringLiteral("checkout"), handId});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({D, QStringLiteral("checkout"), handId});
        QCOMPARE(r.code, 1);

        // Without consent nobody is found or exported; the DV-protected never.
        r = cli(
            {D, QStringLiteral("search"), QStringLiteral("たかはし"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(array(r).size(), 0);
        r = cli({D, QStringLiteral("export")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(array(r).size(), 0);
        r = cli({D, QStringLiteral("export"), QStringLiteral("--staff")});
        QCOMPARE(array(r).size(), 2);
        r = cli({D, QStringLiteral("nonsense")});
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestDisaster)
#include "tst_disaster.moc"
