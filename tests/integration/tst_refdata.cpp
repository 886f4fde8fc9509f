// Reference data: the bundled lists, postal lookup with local-government codes, imports of newer
// files, against SQLite and PostgreSQL.
#include "TestSupport.h"
#include "refdata/ReferenceData.h"
#include "settings/InstallationSettings.h"
#include "storage/Migrations.h"

#include <QBuffer>
#include <QTest>

using namespace madoguchi;

class TestRefData : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QHash<QString, Database> m_loaded; // one fully loaded database per engine

    Database loaded(const QString& engine)
    {
        if (!m_loaded.contains(engine)) {
            auto db = test::freshDatabase(engine, m_dir);
            if (!db || !Migrator::migrate(*db).ok()) {
                qFatal("cannot prepare %s", qPrintable(engine));
            }
            Status st = ReferenceData(*db).ensureLoaded(QStringLiteral("test"));
            if (!st) {
                qFatal("%s", qPrintable(st.errorMessage()));
            }
            m_loaded.insert(engine, *db);
        }
        return m_loaded.value(engine);
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }
    void cleanupTestCase() { m_loaded.clear(); }

    void bundledListsLoad_data() { test::addEngineRows(); }
    void bundledListsLoad()
    {
        QFETCH(QString, engine);
        Database db = loaded(engine);
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_local_government"))->toInt(),
                 1969);
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_postal_code"))->toInt(),
                 141389);
        auto sets = ReferenceData(db).datasets();
        QVERIFY(sets.ok());
        QCOMPARE(sets->size(), 2);
        // Nearly every postal row finds its municipality.
        const int unmatched =
            db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_postal_code WHERE lg_code IS NULL"))
                ->toInt();
        QVERIFY2(unmatched < 200, qPrintable(QString::number(unmatched)));
        // Loading again is a no-op.
        QVERIFY(ReferenceData(db).ensureLoaded().ok());
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_postal_code"))->toInt(),
                 141389);
    }

    void postalLookup_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("lgCode");
        QTest::addColumn<QString>("address");
        const QStringList engines =
            test::postgresSkipped()
                ? QStringList{QStringLiteral("sqlite")}
                : QStringList{QStringLiteral("sqlite"), QStringLiteral("postgres")};
        for (const QString& e : engines) {
            const QByteArray p = e.toLatin1() + ": ";
            QTest::newRow(p + "full-width with 〒")
                << e << QStringLiteral("〒１００－０００１") << QStringLiteral("131016")
                << QStringLiteral("東京都千代田区千代田");
            QTest::newRow(p + "ward of a designated city")
                << e << QStringLiteral("001-0010") << QStringLiteral("011029")
                << QStringLiteral("北海道札幌市北区北十条西");
            QTest::newRow(p + "county stripped")
                << e << QStringLiteral("0028089") << QStringLiteral("013030")
                << QStringLiteral("北海道石狩郡当別町ビトエ");
        }
    }
    void postalLookup()
    {
        QFETCH(QString, engine);
        QFETCH(QString, input);
        QFETCH(QString, lgCode);
        QFETCH(QString, address);
        auto rows = ReferenceData(loaded(engine)).lookupPostalCode(input);
        QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
        QVERIFY(!rows->isEmpty());
        QCOMPARE(rows->first().display(), address);
        QCOMPARE(rows->first().lgCode, lgCode);
    }

    void renamedAndVariantNamesMatch_data() { test::addEngineRows(); }
    void renamedAndVariantNamesMatch()
    {
        QFETCH(QString, engine);
        Database db = loaded(engine);
        const struct
        {
            const char* city;
            const char* code;
        } cases[] = {
            {"篠山市", "282219"},         // now 丹波篠山市
            {"黒川郡富谷町", "042161"},   // now 富谷市
            {"筑紫郡那珂川町", "402311"}, // now 那珂川市 (not 栃木's 那珂川町)
            {"糟屋郡須惠町", "403440"},   // 惠 / 恵
            {"高岡郡檮原町", "394050"},   // 檮 / 梼
            {"郡山市", "072036"},         // a city whose name starts with 郡
        };
        for (const auto& c : cases) {
            auto code = db.scalar(
                QStringLiteral("SELECT DISTINCT lg_code FROM ref_postal_code WHERE city = ?"),
                {QString::fromUtf8(c.city)});
            QVERIFY2(code.ok(), qPrintable(code.errorMessage()));
            QCOMPARE(code->toString(), QString::fromLatin1(c.code));
        }
    }

    void badPostalInput()
    {
        auto r = ReferenceData(loaded(QStringLiteral("sqlite")))
                     .lookupPostalCode(QStringLiteral("12345"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("refdata.postal_format"));
        auto none = ReferenceData(loaded(QStringLiteral("sqlite")))
                        .lookupPostalCode(QStringLiteral("0000000"));
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
    }

    void fullNames_data() { test::addEngineRows(); }
    void fullNames()
    {
        QFETCH(QString, engine);
        ReferenceData ref(loaded(engine));
        QCOMPARE(*ref.fullName(QStringLiteral("131016")), QStringLiteral("東京都千代田区"));
        QCOMPARE(*ref.fullName(QStringLiteral("011029")), QStringLiteral("北海道札幌市北区"));
        QCOMPARE(*ref.fullName(QStringLiteral("142042")), QStringLiteral("神奈川県鎌倉市"));
        QVERIFY(!ref.fullName(QStringLiteral("999999")).ok());
    }

    void importNewerFiles_data() { test::addEngineRows(); }
    void importNewerFiles()
    {
        QFETCH(QString, engine);
        auto db = test::freshDatabase(engine, m_dir);
        QVERIFY(db.ok());
        QVERIFY(Migrator::migrate(*db).ok());
        ReferenceData ref(*db);
        QByteArray lg = "code,type,prefecture_code,parent_code,name,kana\n"
                        "130001,prefecture,130001,,東京都,とうきょうと\n"
                        "131016,municipality,130001,130001,千代田区,ちよだく\n";
        QBuffer lgBuf(&lg);
        QVERIFY(lgBuf.open(QIODevice::ReadOnly));
        auto r =
            ref.importLocalGovernments(&lgBuf, QStringLiteral("test.csv"), QStringLiteral("admin"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->rows, 2);

        QByteArray postal = "postal_code,prefecture,city,town,detail\n"
                            "1000001,東京都,千代田区,千代田,\n"
                            "1000005,東京都,千代田区,丸の内,\"丸の内ビル\"\n"
                            "9999999,東京都,どこか市,,\n";
        QBuffer pBuf(&postal);
        QVERIFY(pBuf.open(QIODevice::ReadOnly));
        auto p = ref.importPostalCodes(&pBuf, QStringLiteral("p.csv"), QStringLiteral("admin"));
        QVERIFY2(p.ok(), qPrintable(p.errorMessage()));
        QCOMPARE(p->rows, 3);
        QCOMPARE(p->unmatched, 1);
        QCOMPARE(ref.lookupPostalCode(QStringLiteral("1000005"))->first().detail,
                 QStringLiteral("丸の内ビル"));

        // A file with a wrong check digit is refused with its line, and the old list stays.
        QByteArray bad = "code,type,prefecture_code,parent_code,name,kana\n"
                         "130001,prefecture,130001,,東京都,とうきょうと\n"
                         "131017,municipality,130001,130001,千代田区,ちよだく\n";
        QBuffer badBuf(&bad);
        QVERIFY(badBuf.open(QIODevice::ReadOnly));
        auto refused =
            ref.importLocalGovernments(&badBuf, QStringLiteral("bad.csv"), QStringLiteral("admin"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(u'3') &&
                     refused.errorMessage().contains(QStringLiteral("131017")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM ref_local_government"))->toInt(),
                 2);

        QByteArray wrongColumns = "zip,pref\n1000001,東京都\n";
        QBuffer wcBuf(&wrongColumns);
        QVERIFY(wcBuf.open(QIODevice::ReadOnly));
        auto wc = ref.importPostalCodes(&wcBuf, QStringLiteral("wc.csv"), QStringLiteral("admin"));
        QVERIFY(!wc.ok());
        QVERIFY(wc.errorMessage().contains(QStringLiteral("postal_code")));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM ref_postal_code"))->toInt(), 3);
    }

    void municipalitySetting_data() { test::addEngineRows(); }
    void municipalitySetting()
    {
        QFETCH(QString, engine);
        InstallationSettings settings(loaded(engine));
        QVERIFY(!settings.setMunicipalityCode(QStringLiteral("131017"), QStringLiteral("admin"))
                     .ok()); // check digit
        QVERIFY(!settings.setMunicipalityCode(QStringLiteral("130001"), QStringLiteral("admin"))
                     .ok()); // prefecture
        QVERIFY(!settings.setMunicipalityCode(QStringLiteral("999997"), QStringLiteral("admin"))
                     .ok()); // unknown
        QVERIFY(
            settings.setMunicipalityCode(QStringLiteral("１３１０１６"), QStringLiteral("admin"))
                .ok());
        QCOMPARE(*settings.municipalityCode(), QStringLiteral("131016"));
    }
};

QTEST_GUILESS_MAIN(TestRefData)
#include "tst_refdata.moc"
