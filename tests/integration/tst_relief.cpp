// Disaster recovery on both engines: support payments (amounts for every grade and way of
// rebuilding, one-person households, 中規模半壊, the amount table updated, the states, the
// deadlines and the households due soon); temporary housing (要配慮者 first, an accessible unit
// to an elderly or disabled household, never two households in one unit, move-in and move-out);
// relief supplies (stock never negative, earliest expiry first, low-stock and expiry warnings);
// bad input refused with the reason; the command line.
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "recovery/ReliefSupplies.h"
#include "recovery/SupportPayments.h"
#include "recovery/TemporaryHousing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::disaster;
using namespace madoguchi::recovery;

class TestRelief : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        Session bousai;
        Disaster quake;
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
        if (!bousai) {
            qFatal("bousai");
        }
        auto quake = DisasterService(*db).openDisaster(
            QStringLiteral("鎌倉市地震"), QStringLiteral("earthquake"), QDate(2026, 11, 20),
            {QStringLiteral("142042")}, *bousai);
        if (!quake) {
            qFatal("open: %s", qPrintable(quake.errorMessage()));
        }
        return {*db, *staff, *bousai, *quake};
    }

    static QDateTime jst(int y, int m, int d, int h = 10)
    {
        return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone(9 * 3600));
    }

    static void setToday(int y, int m, int d)
    {
        Clock::setInstance(std::make_shared<MockClock>(jst(y, m, d)));
    }

    static Payment application(const QString& household, const QString& part, const QString& grade,
                               const QString& rebuild = {}, int members = 3)
    {
        Payment p;
        p.household = household;
        p.part = part;
        p.grade = grade;
        p.rebuild = rebuild;
        p.members = members;
        return p;
    }

    static qint64 count(const Database& db, const QString& sql)
    {
        return db.scalar(sql)->toLongLong();
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }
    void init() { setToday(2026, 11, 26); }
    void cleanup() { Clock::setInstance(nullptr); }

    void paymentAmounts_data() { test::addEngineRows(); }
    void paymentAmounts()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        SupportPayments s(f.db);
        auto amount = [&](const QString& part, const QString& grade, const QString& rebuild,
                          int members) -> qint64 {
            auto r = s.amountFor(part, grade, rebuild, members);
            return r ? *r : -1;
        };
        const QString B = QStringLiteral("basic");
        const QString A = QStringLiteral("additional");
        // Basic, by the grade; three quarters for one person.
        for (const char* g : {"zenkai", "kaitai", "chouki"}) {
            QCOMPARE(amount(B, QLatin1String(g), {}, 2), 1000000);
            QCOMPARE(amount(B, QLatin1String(g), {}, 1), 750000);
        }
        QCOMPARE(amount(B, QStringLiteral("daikibo"), {}, 4), 500000);
        QCOMPARE(amount(B, QStringLiteral("daikibo"), {}, 1), 375000);
        // 中規模半壊: no basic, half the additional.
        auto none = s.amountFor(B, QStringLiteral("chukibo"), {}, 2);
        QVERIFY(!none);
        QCOMPARE(none.error().code, QStringLiteral("relief.invalid"));
        QVERIFY(none.errorMessage().contains(QStringLiteral("中規模半壊")));
        const QMap<QString, qint64> full = {{QStringLiteral("build"), 2000000},
                                            {QStringLiteral("repair"), 1000000},
                                            {QStringLiteral("rent"), 500000}};
        for (auto it = full.cbegin(); it != full.cend(); ++it) {
            for (const char* g : {"zenkai", "kaitai", "chouki", "daikibo"}) {
                QCOMPARE(amount(A, QLatin1String(g), it.key(), 2), it.value());
                QCOMPARE(amount(A, QLatin1String(g), it.key(), 1), it.value() * 3 / 4);
            }
            QCOMPARE(amount(A, QStringLiteral("chukibo"), it.key(), 2), it.value() / 2);
            QCOMPARE(amount(A, QStringLiteral("chukibo"), it.key(), 1), it.value() / 2 * 3 / 4);
        }
        QCOMPARE(amount(A, QStringLiteral("chukibo"), QStringLiteral("rent"), 1), 187500);
        // Grades that give nothing, and bad input, refused with the reason.
        for (const char* g : {"hankai", "junhankai", "ichibu"}) {
            auto r = s.amountFor(B, QLatin1String(g), {}, 2);
            QVERIFY(!r);
            QVERIFY2(r.errorMessage().contains(QStringLiteral("no support payment")),
                     qPrintable(r.errorMessage()));
            QVERIFY(!s.amountFor(A, QLatin1String(g), QStringLiteral("build"), 2));
        }
        auto badGrade = s.amountFor(B, QStringLiteral("total"), {}, 2);
        QVERIFY(badGrade.errorMessage().contains(QStringLiteral("unknown damage grade")));
        auto noWay = s.amountFor(A, QStringLiteral("zenkai"), {}, 2);
        QVERIFY(noWay.errorMessage().contains(QStringLiteral("way of rebuilding")));
        QVERIFY(!s.amountFor(B, QStringLiteral("zenkai"), {}, 0));
        QVERIFY(!s.amountFor(QStringLiteral("extra"), QStringLiteral("zenkai"), {}, 2));
    }

    void amountTableUpdated_data() { test::addEngineRows(); }
    void amountTableUpdated()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        SupportPayments s(f.db);
        auto before = s.apply(
            application(QStringLiteral("H-1"), QStringLiteral("basic"), QStringLiteral("zenkai")),
            f.bousai);
        QVERIFY2(before, qPrintable(before.errorMessage()));
        QCOMPARE(before->amount, 1000000);
        // The law changes: the city updates the table; clerks without the permission cannot.
        QCOMPARE(s.setAmount(QStringLiteral("basic.zenkai"), 3000000, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        QVERIFY(s.setAmount(QStringLiteral("basic.zenkai"), 3000000, f.bousai));
        QCOMPARE(s.amounts()->value(QStringLiteral("basic.zenkai")), 3000000);
        QCOMPARE(*s.amountFor(QStringLiteral("basic"), QStringLiteral("zenkai"), {}, 1), 2250000);
        auto after = s.apply(
            application(QStringLiteral("H-2"), QStringLiteral("basic"), QStringLiteral("zenkai")),
            f.bousai);
        QCOMPARE(after->amount, 3000000);
        // The application made before keeps its amount.
        QCOMPARE(s.payment(before->id)->amount, 1000000);
        QCOMPARE(s.setAmount(QStringLiteral("basic.hankai"), 1, f.bousai).error().code,
                 QStringLiteral("relief.invalid"));
        QCOMPARE(s.setAmount(QStringLiteral("basic.zenkai"), -1, f.bousai).error().code,
                 QStringLiteral("relief.invalid"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'relief.amount'")),
                 1);
    }

    void paymentStates_data() { test::addEngineRows(); }
    void paymentStates()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        SupportPayments s(f.db);
        auto p = s.apply(application(QStringLiteral("H-1"), QStringLiteral("additional"),
                                     QStringLiteral("chukibo"), QStringLiteral("repair"), 1),
                         f.bousai);
        QVERIFY2(p, qPrintable(p.errorMessage()));
        QCOMPARE(p->state, QStringLiteral("applied"));
        QCOMPARE(p->amount, 375000);
        QCOMPARE(p->deadline, QDate(2029, 12, 20));
        QCOMPARE(p->appliedOn, QDate(2026, 11, 26));
        QCOMPARE(p->disasterId, f.quake.id);
        // Straight to paid is not allowed; neither is anything after paid.
        auto skip = s.advance(p->id, QStringLiteral("paid"), f.bousai);
        QCOMPARE(skip.error().code, QStringLiteral("relief.state"));
        QVERIFY(skip.errorMessage().contains(QStringLiteral("申請")));
        QCOMPARE(s.advance(p->id, QStringLiteral("review"), f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(s.advance(p->id, QStringLiteral("review"), f.bousai)->state,
                 QStringLiteral("review"));
        QCOMPARE(s.advance(p->id, QStringLiteral("applied"), f.bousai).error().code,
                 QStringLiteral("relief.state"));
        QCOMPARE(s.advance(p->id, QStringLiteral("paid"), f.bousai)->state, QStringLiteral("paid"));
        QCOMPARE(s.advance(p->id, QStringLiteral("rejected"), f.bousai, QStringLiteral("x"))
                     .error()
                     .code,
                 QStringLiteral("relief.state"));
        QCOMPARE(s.advance(p->id, QStringLiteral("done"), f.bousai).error().code,
                 QStringLiteral("relief.invalid"));
        // The same household and part twice: refused, unless the first was rejected.
        auto again = s.apply(application(QStringLiteral("H-1"), QStringLiteral("additional"),
                                         QStringLiteral("chukibo"), QStringLiteral("build"), 1),
                             f.bousai);
        QCOMPARE(again.error().code, QStringLiteral("relief.duplicate"));
        auto q = s.apply(
            application(QStringLiteral("H-2"), QStringLiteral("basic"), QStringLiteral("daikibo")),
            f.bousai);
        QVERIFY(q);
        auto noReason = s.advance(q->id, QStringLiteral("rejected"), f.bousai, QStringLiteral(" "));
        QCOMPARE(noReason.error().code, QStringLiteral("relief.invalid"));
        auto rejected = s.advance(q->id, QStringLiteral("rejected"), f.bousai,
                                  QStringLiteral("住家が被災していない"));
        QCOMPARE(rejected->state, QStringLiteral("rejected"));
        QCOMPARE(rejected->reason, QStringLiteral("住家が被災していない"));
        QVERIFY(s.apply(
            application(QStringLiteral("H-2"), QStringLiteral("basic"), QStringLiteral("daikibo")),
            f.bousai));
        auto counts = s.countsByState();
        QCOMPARE(counts->value(QStringLiteral("paid")), 1);
        QCOMPARE(counts->value(QStringLiteral("rejected")), 1);
        QCOMPARE(counts->value(QStringLiteral("applied")), 1);
        QCOMPARE(s.payments(0, QStringLiteral("paid"))->size(), 1);
        QCOMPARE(s.payments()->size(), 3);
        // Bad input.
        QCOMPARE(s.apply(application(QStringLiteral(" "), QStringLiteral("basic"),
                                     QStringLiteral("zenkai")),
                         f.bousai)
                     .error()
                     .code,
                 QStringLiteral("relief.invalid"));
        QCOMPARE(s.apply(application(QStringLiteral("H-3"), QStringLiteral("basic"),
                                     QStringLiteral("hankai")),
                         f.bousai)
                     .error()
                     .code,
                 QStringLiteral("relief.invalid"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                                            "'relief.payment.%'")),
                 6);
    }

    void paymentDeadlines_data() { test::addEngineRows(); }
    void paymentDeadlines()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        SupportPayments s(f.db);
        QCOMPARE(SupportPayments::basicDeadline(QDate(2026, 11, 20)), QDate(2027, 12, 20));
        QCOMPARE(SupportPayments::additionalDeadline(QDate(2026, 11, 20)), QDate(2029, 12, 20));
        // Two ledger households; one applies for the basic part.
        DisasterService ledger(f.db);
        for (const char* household : {"K-1", "K-2"}) {
            Person p;
            p.familyName = QStringLiteral("鎌倉");
            p.givenName = QStringLiteral("一郎");
            p.birthDate = QDate(1970, 1, 1);
            p.householdKey = QLatin1String(household);
            QVERIFY(ledger.registerPerson(p, f.bousai));
        }
        QVERIFY(s.apply(
            application(QStringLiteral("K-1"), QStringLiteral("basic"), QStringLiteral("zenkai")),
            f.bousai));
        QVERIFY(s.dueSoon(30)->isEmpty()); // a year before the deadline
        setToday(2027, 12, 1);
        auto due = s.dueSoon(30);
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->first().household, QStringLiteral("K-2"));
        QCOMPARE(due->first().part, QStringLiteral("basic"));
        QCOMPARE(due->first().daysLeft, 19);
        QVERIFY(s.dueSoon(10)->isEmpty());
        // The last day is still in time; the day after, refused with the deadline.
        setToday(2027, 12, 20);
        QVERIFY(s.apply(
            application(QStringLiteral("K-2"), QStringLiteral("basic"), QStringLiteral("daikibo")),
            f.bousai));
        setToday(2027, 12, 21);
        auto late = s.apply(
            application(QStringLiteral("K-3"), QStringLiteral("basic"), QStringLiteral("zenkai")),
            f.bousai);
        QCOMPARE(late.error().code, QStringLiteral("relief.deadline"));
        QVERIFY(late.errorMessage().contains(QStringLiteral("2027-12-20")));
        QVERIFY(s.apply(application(QStringLiteral("K-3"), QStringLiteral("additional"),
                                    QStringLiteral("zenkai"), QStringLiteral("rent")),
                        f.bousai));
        // Before the additional deadline: the households with a basic part and no additional.
        setToday(2029, 11, 30);
        due = s.dueSoon(30);
        QCOMPARE(due->size(), 2);
        QCOMPARE(due->at(0).household, QStringLiteral("K-1"));
        QCOMPARE(due->at(1).household, QStringLiteral("K-2"));
        QCOMPARE(due->at(0).part, QStringLiteral("additional"));
        QCOMPARE(due->at(0).deadline, QDate(2029, 12, 20));
        setToday(2029, 12, 21);
        QVERIFY(s.dueSoon(30)->isEmpty());
        QCOMPARE(s.apply(application(QStringLiteral("K-1"), QStringLiteral("additional"),
                                     QStringLiteral("zenkai"), QStringLiteral("build")),
                         f.bousai)
                     .error()
                     .code,
                 QStringLiteral("relief.deadline"));
    }
    void housing_data() { test::addEngineRows(); }
    void housing()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService ledger(f.db);
        // K-2 has an elderly member in the ledger; K-3 a disabled one.
        const QList<QPair<const char*, QStringList>> people = {
            {"K-1", {}},
            {"K-2", {QStringLiteral("elderly")}},
            {"K-3", {QStringLiteral("disabled"), QStringLiteral("medical")}}};
        for (const auto& [household, needs] : people) {
            Person p;
            p.familyName = QStringLiteral("由比");
            p.birthDate = QDate(1950, 5, 5);
            p.householdKey = QLatin1String(household);
            p.needs = needs;
            QVERIFY(ledger.registerPerson(p, f.bousai));
        }
        TemporaryHousing h(f.db);
        HousingUnit plain;
        plain.site = QStringLiteral("由比ガ浜仮設団地");
        plain.size = QStringLiteral("2DK");
        auto unit1 = h.addUnit(plain, f.bousai);
        QVERIFY2(unit1, qPrintable(unit1.errorMessage()));
        HousingUnit barrierFree = plain;
        barrierFree.accessible = true;
        auto unit2 = h.addUnit(barrierFree, f.bousai);
        auto unit3 = h.addUnit(plain, f.bousai);
        QVERIFY(unit2 && unit3);
        HousingUnit bad = plain;
        bad.type = QStringLiteral("tent");
        QCOMPARE(h.addUnit(bad, f.bousai).error().code, QStringLiteral("housing.invalid"));
        bad = plain;
        bad.site = QStringLiteral(" ");
        QCOMPARE(h.addUnit(bad, f.bousai).error().code, QStringLiteral("housing.invalid"));
        QCOMPARE(h.addUnit(plain, f.staff.clerk).error().code, QStringLiteral("auth.denied"));

        auto apply = [&](const char* household, int members) {
            HousingApplication a;
            a.household = QLatin1String(household);
            a.members = members;
            return h.apply(a, f.bousai);
        };
        auto a1 = apply("K-1", 4); // first, but no special needs
        auto a2 = apply("K-2", 2);
        auto a3 = apply("K-3", 1);
        auto a4 = apply("FREE-7", 3); // a household not in the ledger
        QVERIFY(a1 && a2 && a3 && a4);
        QCOMPARE(a3->needs, (QStringList{QStringLiteral("disabled"), QStringLiteral("medical")}));
        QVERIFY(a4->needs.isEmpty());
        QCOMPARE(apply("K-1", 4).error().code, QStringLiteral("housing.duplicate"));
        QCOMPARE(apply("K-9", 0).error().code, QStringLiteral("housing.invalid"));
        // 要配慮者 first, then in the order of application.
        auto queue = h.waiting();
        QCOMPARE(queue->size(), 4);
        QCOMPARE(queue->at(0).household, QStringLiteral("K-2"));
        QCOMPARE(queue->at(1).household, QStringLiteral("K-3"));
        QCOMPARE(queue->at(2).household, QStringLiteral("K-1"));
        QCOMPARE(queue->at(3).household, QStringLiteral("FREE-7"));
        // The plain unit goes to the head of the list.
        auto first = h.assignNext(unit1->id, f.bousai);
        QVERIFY2(first, qPrintable(first.errorMessage()));
        QCOMPARE(first->household, QStringLiteral("K-2"));
        // No double assignment: the unit is taken, and an assigned household waits no more.
        auto twice = h.assign(a1->id, unit1->id, f.bousai);
        QCOMPARE(twice.error().code, QStringLiteral("housing.occupied"));
        QCOMPARE(h.assign(a2->id, unit3->id, f.bousai).error().code,
                 QStringLiteral("housing.state"));
        // The accessible unit: the disabled household before K-1.
        QCOMPARE(h.assignNext(unit2->id, f.bousai)->household, QStringLiteral("K-3"));
        QCOMPARE(h.units(0, true)->size(), 1);
        // Move in, move out: the unit is free again.
        QCOMPARE(h.moveOut(a2->id, QDate(2026, 12, 1), f.bousai).error().code,
                 QStringLiteral("housing.state"));
        QCOMPARE(h.moveIn(a2->id, QDate(2026, 12, 1), f.bousai)->state, QStringLiteral("moved_in"));
        QCOMPARE(h.assign(a1->id, unit1->id, f.bousai).error().code,
                 QStringLiteral("housing.occupied"));
        QCOMPARE(h.moveOut(a2->id, QDate(2026, 11, 30), f.bousai).error().code,
                 QStringLiteral("housing.invalid"));
        auto out = h.moveOut(a2->id, QDate(2028, 11, 30), f.bousai);
        QCOMPARE(out->state, QStringLiteral("moved_out"));
        QCOMPARE(out->movedOutOn, QDate(2028, 11, 30));
        QCOMPARE(h.assign(a1->id, unit1->id, f.bousai)->unitId, unit1->id);
        QCOMPARE(h.withdraw(a4->id, f.bousai)->state, QStringLiteral("withdrawn"));
        QCOMPARE(h.assignNext(unit3->id, f.bousai).error().code, QStringLiteral("housing.none"));
        // The database refuses a second household in a unit whatever the code does.
        QVERIFY(!f.db.run(QStringLiteral("UPDATE housing_applications SET state = 'assigned', "
                                         "unit_id = ? WHERE id = ?"),
                          {unit1->id, a4->id}));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                                            "'housing.%'")),
                 3 + 4 + 3 + 1 + 1 + 1);
    }

    void supplies_data() { test::addEngineRows(); }
    void supplies()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        DisasterService ledger(f.db);
        Shelter n;
        n.name = QStringLiteral("第一小学校");
        n.capacity = 300;
        auto school = ledger.addShelter(n, f.bousai);
        QVERIFY(school);
        ReliefSupplies s(f.db);
        SupplyItem water;
        water.name = QStringLiteral("飲料水 2L");
        water.unit = QStringLiteral("本");
        water.lowStock = 100;
        auto item = s.addItem(water, f.bousai);
        QVERIFY2(item, qPrintable(item.errorMessage()));
        QCOMPARE(s.addItem(water, f.bousai).error().code, QStringLiteral("supplies.invalid"));
        const QString depot = QStringLiteral("市役所備蓄倉庫");
        QVERIFY(s.receive(item->id, depot, 60, QDate(2027, 3, 31), f.bousai));
        QVERIFY(s.receive(item->id, depot, 50, QDate(2026, 12, 10), f.bousai));
        QVERIFY(s.receive(item->id, depot, 40, {}, f.bousai));
        QCOMPARE(s.receive(item->id, depot, 0, {}, f.bousai).error().code,
                 QStringLiteral("supplies.invalid"));
        QCOMPARE(s.receive(item->id, depot, -5, {}, f.bousai).error().code,
                 QStringLiteral("supplies.invalid"));
        QCOMPARE(*s.available(item->id, depot), 150);

        auto low = s.request(school->id, item->id, 30, 3, f.bousai);
        auto urgent = s.request(school->id, item->id, 100, 1, f.bousai);
        QVERIFY(low && urgent);
        QCOMPARE(s.request(school->id, item->id, 0, 1, f.bousai).error().code,
                 QStringLiteral("supplies.invalid"));
        QCOMPARE(s.request(school->id, item->id, 5, 4, f.bousai).error().code,
                 QStringLiteral("supplies.invalid"));
        QCOMPARE(s.openRequests()->first().id, urgent->id); // most urgent first
        // Asking too much of a location: refused with the reason, nothing taken.
        auto big = s.request(school->id, item->id, 500, 2, f.bousai);
        auto refused = s.commit(big->id, depot, f.bousai);
        QCOMPARE(refused.error().code, QStringLiteral("supplies.short"));
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("500 asked, 150 there")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(s.commit(urgent->id, QStringLiteral("どこか"), f.bousai).error().code,
                 QStringLiteral("supplies.short"));
        QCOMPARE(s.send(urgent->id, f.bousai).error().code, QStringLiteral("supplies.state"));
        QCOMPARE(s.commit(urgent->id, depot, f.bousai)->state, QStringLiteral("committed"));
        QCOMPARE(s.commit(low->id, depot, f.bousai)->state, QStringLiteral("committed"));
        // Sent: the earliest expiry first (50 of 2026-12-10, then 50 of 2027-03-31).
        QCOMPARE(s.send(urgent->id, f.bousai)->state, QStringLiteral("sent"));
        auto lots = s.stock(item->id);
        QCOMPARE(lots->size(), 2);
        QCOMPARE(lots->at(0).expiry, QDate(2027, 3, 31));
        QCOMPARE(lots->at(0).quantity, 10);
        QCOMPARE(lots->at(1).quantity, 40);
        // 50 left in the lots, 30 of them held for the committed request `low`.
        QCOMPARE(*s.available(item->id, depot), 20);
        QCOMPARE(*s.reserved(item->id, depot), 30);
        // A new commit only gets what is not held: refused with the reason, nothing held.
        auto third = s.request(school->id, item->id, 45, 2, f.bousai);
        QVERIFY(third);
        auto late = s.commit(third->id, depot, f.bousai);
        QCOMPARE(late.error().code, QStringLiteral("supplies.short"));
        QVERIFY2(late.errorMessage().contains(QStringLiteral("45 asked, 20 there")),
                 qPrintable(late.errorMessage()));
        QCOMPARE(s.supplyRequest(third->id)->state, QStringLiteral("requested"));
        // Sending `low` takes what it held.
        QCOMPARE(s.send(low->id, f.bousai)->state, QStringLiteral("sent"));
        QCOMPARE(*s.available(item->id, depot), 20);
        QCOMPARE(*s.reserved(item->id, depot), 0);
        QCOMPARE(
            count(f.db, QStringLiteral("SELECT COUNT(*) FROM supply_stock WHERE quantity < 0")), 0);
        QVERIFY(!f.db.run(QStringLiteral("UPDATE supply_stock SET quantity = -1")));
        QCOMPARE(s.receiveRequest(urgent->id, f.bousai)->state, QStringLiteral("received"));
        QCOMPARE(s.receiveRequest(urgent->id, f.bousai).error().code,
                 QStringLiteral("supplies.state"));
        // Warnings: 20 left is below 100; the lot of 2027-03-31 is all gone, the one that does
        // not expire never warns.
        auto w = s.warnings(30);
        QCOMPARE(w->size(), 1);
        QCOMPARE(w->first().kind, QStringLiteral("low_stock"));
        QVERIFY2(w->first().message.contains(QStringLiteral("20 本 left")),
                 qPrintable(w->first().message));
        QVERIFY(
            s.receive(item->id, QStringLiteral("第一小学校"), 200, QDate(2026, 12, 20), f.bousai));
        w = s.warnings(30);
        QCOMPARE(w->size(), 1);
        QCOMPARE(w->first().kind, QStringLiteral("expiry"));
        QCOMPARE(w->first().expiry, QDate(2026, 12, 20));
        QCOMPARE(w->first().location, QStringLiteral("第一小学校"));
        QVERIFY(s.warnings(20)->isEmpty());
        QCOMPARE(s.receive(item->id, depot, 1, {}, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
    }

    void commitHoldsTheStock_data() { test::addEngineRows(); }
    void commitHoldsTheStock()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        Shelter n;
        n.name = QStringLiteral("第二小学校");
        n.capacity = 100;
        auto school = DisasterService(f.db).addShelter(n, f.bousai);
        QVERIFY(school);
        ReliefSupplies s(f.db);
        SupplyItem blankets;
        blankets.name = QStringLiteral("毛布");
        blankets.unit = QStringLiteral("枚");
        auto item = s.addItem(blankets, f.bousai);
        QVERIFY(item);
        const QString depot = QStringLiteral("備蓄倉庫");
        QVERIFY(s.receive(item->id, depot, 100, {}, f.bousai));
        auto first = s.request(school->id, item->id, 70, 1, f.bousai);
        auto second = s.request(school->id, item->id, 40, 2, f.bousai);
        QVERIFY(first && second);
        // Two commits that together exceed the stock: the second is refused with the reason.
        QCOMPARE(s.commit(first->id, depot, f.bousai)->state, QStringLiteral("committed"));
        auto refused = s.commit(second->id, depot, f.bousai);
        QCOMPARE(refused.error().code, QStringLiteral("supplies.short"));
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("40 asked, 30 there")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(s.supplyRequest(second->id)->state, QStringLiteral("requested"));
        QCOMPARE(*s.available(item->id, depot), 30);
        // Nothing has left the depot yet: the lots still hold 100.
        QCOMPARE(s.stock(item->id)->first().quantity, 100);
        // Sending after the commit works and takes the 70 held.
        QCOMPARE(s.send(first->id, f.bousai)->state, QStringLiteral("sent"));
        QCOMPARE(s.stock(item->id)->first().quantity, 30);
        QCOMPARE(*s.available(item->id, depot), 30);
        // What is left can be committed and sent, down to zero and not below.
        auto rest = s.request(school->id, item->id, 30, 2, f.bousai);
        QVERIFY(rest);
        QVERIFY(s.commit(rest->id, depot, f.bousai));
        QCOMPARE(*s.available(item->id, depot), 0);
        QCOMPARE(s.commit(second->id, depot, f.bousai).error().code,
                 QStringLiteral("supplies.short"));
        QCOMPARE(s.send(rest->id, f.bousai)->state, QStringLiteral("sent"));
        QVERIFY(s.stock(item->id)->isEmpty());
        QCOMPARE(*s.available(item->id, depot), 0);
    }

    void paymentCommandLine()
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
        const QStringList P = {QStringLiteral("disaster"), QStringLiteral("payment")};
        test::ProcessRun r =
            cli(P + QStringList{QStringLiteral("apply"), QStringLiteral("--household-key"),
                                QStringLiteral("H-9"), QStringLiteral("--part"),
                                QStringLiteral("basic"), QStringLiteral("--grade"),
                                QStringLiteral("kaitai"), QStringLiteral("--members"),
                                QStringLiteral("1")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject applied = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(applied.value(QStringLiteral("amount")).toInteger(), 750000);
        QCOMPARE(applied.value(QStringLiteral("state_name")).toString(), QStringLiteral("申請"));
        const QString id = QString::number(applied.value(QStringLiteral("id")).toInteger());
        r = cli(P + QStringList{QStringLiteral("pay"), id});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("cannot move")), qPrintable(r.err));
        QCOMPARE(cli(P + QStringList{QStringLiteral("review"), id}).code, 0);
        QCOMPARE(cli(P + QStringList{QStringLiteral("pay"), id}).code, 0);
        r = cli(P + QStringList{QStringLiteral("list"), QStringLiteral("--state"),
                                QStringLiteral("paid"), QStringLiteral("--json")});
        const QJsonArray paid = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(paid.size(), 1);
        QCOMPARE(paid.first().toObject().value(QStringLiteral("household")).toString(),
                 QStringLiteral("H-9"));
        // The amount table; a clerk may not change it.
        r = cli(P + QStringList{QStringLiteral("amount"), QStringLiteral("additional.rent"),
                                QStringLiteral("--yen"), QStringLiteral("600000")},
                QStringLiteral("clerk"));
        QCOMPARE(r.code, 3);
        QCOMPARE(cli(P + QStringList{QStringLiteral("amount"), QStringLiteral("additional.rent"),
                                     QStringLiteral("--yen"), QStringLiteral("600000")})
                     .code,
                 0);
        r = cli(P + QStringList{QStringLiteral("amounts"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .object()
                     .value(QStringLiteral("additional.rent"))
                     .toInteger(),
                 600000);
        // Bad input: the reason, exit 1; a missing option: usage, exit 2.
        r = cli(P + QStringList{QStringLiteral("apply"), QStringLiteral("--household-key"),
                                QStringLiteral("H-10"), QStringLiteral("--part"),
                                QStringLiteral("basic"), QStringLiteral("--grade"),
                                QStringLiteral("chukibo"), QStringLiteral("--members"),
                                QStringLiteral("2")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("no basic support")),
                 qPrintable(r.err));
        r = cli(P + QStringList{QStringLiteral("apply"), QStringLiteral("--household-key"),
                                QStringLiteral("H-10")});
        QCOMPARE(r.code, 2);
    }
    void housingAndSuppliesCommandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        auto cli = [&](const QStringList& args) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), f.db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("bousai")},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        auto object = [](const test::ProcessRun& r) {
            return QJsonDocument::fromJson(r.out.toUtf8()).object();
        };
        const QStringList H = {QStringLiteral("disaster"), QStringLiteral("housing")};
        test::ProcessRun r = cli(
            H + QStringList{QStringLiteral("unit"), QStringLiteral("add"), QStringLiteral("--site"),
                            QStringLiteral("腰越仮設団地"), QStringLiteral("--accessible")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString unit = QString::number(object(r).value(QStringLiteral("id")).toInteger());
        QVERIFY(object(r).value(QStringLiteral("accessible")).toBool());
        QStringList apps;
        for (const char* household : {"A-1", "A-2"}) {
            r = cli(H + QStringList{QStringLiteral("apply"), QStringLiteral("--household-key"),
                                    QLatin1String(household), QStringLiteral("--members"),
                                    QStringLiteral("2")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            apps << QString::number(object(r).value(QStringLiteral("id")).toInteger());
        }
        r = cli(H + QStringList{QStringLiteral("assign"), apps[0], QStringLiteral("--unit"), unit});
        QCOMPARE(object(r).value(QStringLiteral("state")).toString(), QStringLiteral("assigned"));
        r = cli(H + QStringList{QStringLiteral("assign"), apps[1], QStringLiteral("--unit"), unit});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("already assigned")),
                 qPrintable(r.err));
        r = cli(H + QStringList{QStringLiteral("move-in"), apps[0], QStringLiteral("--date"),
                                QStringLiteral("2026-02-30")});
        QCOMPARE(r.code, 1);

        const QStringList S = {QStringLiteral("disaster"), QStringLiteral("supplies")};
        Shelter n;
        n.name = QStringLiteral("腰越中学校");
        n.capacity = 100;
        const QString shelter = QString::number(DisasterService(f.db).addShelter(n, f.bousai)->id);
        r = cli(S + QStringList{QStringLiteral("item"), QStringLiteral("add"),
                                QStringLiteral("--name"), QStringLiteral("毛布"),
                                QStringLiteral("--measure"), QStringLiteral("枚"),
                                QStringLiteral("--low-stock"), QStringLiteral("20")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString item = QString::number(object(r).value(QStringLiteral("id")).toInteger());
        QCOMPARE(cli(S + QStringList{QStringLiteral("receive"), item, QStringLiteral("--location"),
                                     QStringLiteral("倉庫"), QStringLiteral("--quantity"),
                                     QStringLiteral("10")})
                     .code,
                 0);
        r = cli(S + QStringList{QStringLiteral("request"), QStringLiteral("--shelter"), shelter,
                                QStringLiteral("--item"), item, QStringLiteral("--quantity"),
                                QStringLiteral("12"), QStringLiteral("--priority"),
                                QStringLiteral("1")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString request = QString::number(object(r).value(QStringLiteral("id")).toInteger());
        r = cli(S + QStringList{QStringLiteral("commit"), request, QStringLiteral("--location"),
                                QStringLiteral("倉庫")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("12 asked, 10 there")),
                 qPrintable(r.err));
        r = cli(S + QStringList{QStringLiteral("warnings"), QStringLiteral("--json")});
        const QJsonArray warnings = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first().toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("low_stock"));
    }
};

QTEST_GUILESS_MAIN(TestRelief)
#include "tst_relief.moc"
