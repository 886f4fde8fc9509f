// From the card to the register: the resident found by My Number or by name and date of birth,
// and whatever the card says differently flagged.
#include "TestSupport.h"
#include "registry/CardLookup.h"
#include "registry/RegistryService.h"
#include "registry/SearchService.h"

#include <QTest>

using namespace madoguchi;

class TestCardLookup : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static card::CardBasicInfo hanakosCard()
    {
        card::CardBasicInfo c;
        c.myNumber = QStringLiteral("123456789018");
        c.name = QStringLiteral("髙橋　花子");
        c.address = QStringLiteral("神奈川県鎌倉市御成町１丁目２番３号");
        c.birthDate = QDate(1975, 3, 1);
        c.sex = QStringLiteral("2");
        return c;
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void findsAndFlags_data() { test::addEngineRows(); }
    void findsAndFlags()
    {
        QFETCH(QString, engine);
        auto db = test::registerDatabase(engine, m_dir);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        RegistryService reg(*db);
        SearchService search(*db, &reg);
        NewResident n = test::hanako();
        n.myNumber = QStringLiteral("123456789018");
        auto hanako =
            reg.registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {}, staff->clerk);
        QVERIFY2(hanako.ok(), qPrintable(hanako.errorMessage()));
        // Another 髙橋花子, born on another day: not a candidate.
        NewResident other = test::hanako();
        other.person.birthDate = QDate(1990, 1, 1);
        QVERIFY(reg.registerResident(other, MoveKind::MoveIn, QDate(2020, 4, 1), {}, staff->clerk)
                    .ok());

        // A supervisor: by the My Number; the card agrees with the register.
        auto found = lookUpCardHolder(reg, search, hanakosCard(), staff->supervisor);
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QVERIFY(found->resident.has_value());
        QCOMPARE(found->resident->id, hanako->id);
        QCOMPARE(found->matchedBy, QStringLiteral("my_number"));
        QVERIFY2(found->differences.isEmpty(), qPrintable(found->differences.join(u'\n')));

        // A clerk may not look up by My Number: by name and date of birth.
        found = lookUpCardHolder(reg, search, hanakosCard(), staff->clerk);
        QVERIFY(found.ok());
        QCOMPARE(found->matchedBy, QStringLiteral("name_birth"));
        QCOMPARE(found->candidates, 1);
        QCOMPARE(found->resident->id, hanako->id);

        // The card was written with 高 and a newer address: both flagged, the person still found.
        card::CardBasicInfo moved = hanakosCard();
        moved.name = QStringLiteral("高橋　花子");
        moved.address = QStringLiteral("神奈川県鎌倉市雪ノ下３丁目５番８号");
        found = lookUpCardHolder(reg, search, moved, staff->clerk);
        QVERIFY(found.ok());
        QCOMPARE(found->resident->id, hanako->id);
        QCOMPARE(found->differences.size(), 2);
        QVERIFY(found->differences.join(u'\n').contains(QStringLiteral("雪ノ下")));
        QVERIFY(found->differences.join(u'\n').contains(QStringLiteral("高橋　花子")));

        // Nobody: no resident, so the counter can offer 転入 with the card's data.
        card::CardBasicInfo stranger = hanakosCard();
        stranger.name = QStringLiteral("齋藤　一郎");
        stranger.myNumber = QStringLiteral("234567890121");
        found = lookUpCardHolder(reg, search, stranger, staff->supervisor);
        QVERIFY(found.ok());
        QVERIFY(!found->resident.has_value());
        QCOMPARE(found->candidates, 0);
    }
};

QTEST_GUILESS_MAIN(TestCardLookup)
#include "tst_cardlookup.moc"
