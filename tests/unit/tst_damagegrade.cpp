// The damage grade of a house from its economic-loss share (住家被害認定): every boundary, lower
// bound included, and the shares that are refused.
#include "recovery/DamageSurvey.h"

#include <QStandardPaths>
#include <QTest>

#include <limits>

using namespace madoguchi;
using namespace madoguchi::recovery;

class TestDamageGrade : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void boundaries_data()
    {
        QTest::addColumn<double>("percent");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        const QString ichibu = QStringLiteral("準半壊に至らない（一部損壊）");
        QTest::newRow("0") << 0.0 << QStringLiteral("ichibu_sonkai") << ichibu;
        QTest::newRow("9.99") << 9.99 << QStringLiteral("ichibu_sonkai") << ichibu;
        QTest::newRow("10") << 10.0 << QStringLiteral("jun_hankai") << QStringLiteral("準半壊");
        QTest::newRow("19.99") << 19.99 << QStringLiteral("jun_hankai") << QStringLiteral("準半壊");
        QTest::newRow("20") << 20.0 << QStringLiteral("hankai") << QStringLiteral("半壊");
        QTest::newRow("29.99") << 29.99 << QStringLiteral("hankai") << QStringLiteral("半壊");
        QTest::newRow("30") << 30.0 << QStringLiteral("chukibo_hankai")
                            << QStringLiteral("中規模半壊");
        QTest::newRow("39.99") << 39.99 << QStringLiteral("chukibo_hankai")
                               << QStringLiteral("中規模半壊");
        QTest::newRow("40") << 40.0 << QStringLiteral("daikibo_hankai")
                            << QStringLiteral("大規模半壊");
        QTest::newRow("49.99") << 49.99 << QStringLiteral("daikibo_hankai")
                               << QStringLiteral("大規模半壊");
        QTest::newRow("50") << 50.0 << QStringLiteral("zenkai") << QStringLiteral("全壊");
        QTest::newRow("100") << 100.0 << QStringLiteral("zenkai") << QStringLiteral("全壊");
    }
    void boundaries()
    {
        QFETCH(double, percent);
        QFETCH(QString, id);
        QFETCH(QString, name);
        auto g = gradeForLoss(percent);
        QVERIFY2(g, qPrintable(g.errorMessage()));
        QCOMPARE(g->id, id);
        QCOMPARE(g->name, name);
        QCOMPARE(gradeName(id), name);
        // The same through the text a clerk types.
        auto typed = parseLoss(QString::number(percent));
        QVERIFY2(typed, qPrintable(typed.errorMessage()));
        QCOMPARE(gradeForLoss(*typed)->id, id);
    }

    void refused_data()
    {
        QTest::addColumn<double>("percent");
        QTest::newRow("negative") << -0.01;
        QTest::newRow("over 100") << 100.01;
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity();
        QTest::newRow("-infinity") << -std::numeric_limits<double>::infinity();
    }
    void refused()
    {
        QFETCH(double, percent);
        auto g = gradeForLoss(percent);
        QVERIFY(!g);
        QCOMPARE(g.error().code, QStringLiteral("recovery.invalid"));
        QVERIFY(!g.errorMessage().isEmpty());
    }

    void typedRefused_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* t : {"", "abc", "-5", "100.5", "150", "nan", "inf", "1e1", "35%", "3,5"}) {
            QTest::addRow("'%s'", t) << QString::fromUtf8(t);
        }
    }
    void typedRefused()
    {
        QFETCH(QString, text);
        auto v = parseLoss(text);
        QVERIFY(!v);
        QCOMPARE(v.error().code, QStringLiteral("recovery.invalid"));
    }
};

QTEST_GUILESS_MAIN(TestDamageGrade)
#include "tst_damagegrade.moc"
