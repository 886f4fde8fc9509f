#include "text/Wareki.h"

#include <QStandardPaths>
#include <QTest>

using namespace madoguchi::text;

namespace {

QString u8(const char* text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TestWareki : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void erasAreContiguous();
    void eraOf_data();
    void eraOf();
    void format_data();
    void format();
    void formatUnsupported();

    void parseAccepts_data();
    void parseAccepts();
    void parseRefuses_data();
    void parseRefuses();
    void parseEraRangeNamesTheRightDate();
    void roundTripEveryDay();
};

void TestWareki::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestWareki::erasAreContiguous()
{
    const QList<Era>& eras = Wareki::eras();
    QCOMPARE(eras.size(), 5);
    for (qsizetype i = 0; i + 1 < eras.size(); ++i) {
        QVERIFY(eras[i].end.isValid());
        QCOMPARE(eras[i].end.addDays(1), eras[i + 1].start);
    }
    QVERIFY(!eras.back().end.isValid());
    QCOMPARE(eras.back().name, u8("令和"));
    QCOMPARE(Wareki::earliestSupported(), QDate(1873, 1, 1));
}

void TestWareki::eraOf_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("era");
    QTest::addColumn<int>("year");

    QTest::newRow("before-meiji") << QDate(1868, 10, 22) << QString() << 0;
    QTest::newRow("meiji-first-day") << QDate(1868, 10, 23) << u8("明治") << 1;
    QTest::newRow("meiji-45") << QDate(1912, 7, 29) << u8("明治") << 45;
    QTest::newRow("taisho-1") << QDate(1912, 7, 30) << u8("大正") << 1;
    QTest::newRow("taisho-15") << QDate(1926, 12, 24) << u8("大正") << 15;
    QTest::newRow("showa-1") << QDate(1926, 12, 25) << u8("昭和") << 1;
    QTest::newRow("showa-50") << QDate(1975, 3, 1) << u8("昭和") << 50;
    QTest::newRow("showa-64") << QDate(1989, 1, 7) << u8("昭和") << 64;
    QTest::newRow("heisei-1") << QDate(1989, 1, 8) << u8("平成") << 1;
    QTest::newRow("heisei-31") << QDate(2019, 4, 30) << u8("平成") << 31;
    QTest::newRow("reiwa-1") << QDate(2019, 5, 1) << u8("令和") << 1;
    QTest::newRow("reiwa-7") << QDate(2025, 1, 1) << u8("令和") << 7;
    QTest::newRow("invalid") << QDate() << QString() << 0;
}

void TestWareki::eraOf()
{
    QFETCH(QDate, date);
    QFETCH(QString, era);
    QFETCH(int, year);
    const Era* found = Wareki::eraOf(date);
    if (era.isEmpty()) {
        QVERIFY(found == nullptr);
    } else {
        QVERIFY(found != nullptr);
        QCOMPARE(found->name, era);
    }
    QCOMPARE(Wareki::eraYear(date), year);
}

void TestWareki::format_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("full");
    QTest::addColumn<QString>("brief");

    QTest::newRow("earliest") << QDate(1873, 1, 1) << u8("明治6年1月1日") << u8("M6.1.1");
    QTest::newRow("meiji-last") << QDate(1912, 7, 29) << u8("明治45年7月29日") << u8("M45.7.29");
    QTest::newRow("taisho-first") << QDate(1912, 7, 30) << u8("大正元年7月30日") << u8("T1.7.30");
    QTest::newRow("taisho-last") << QDate(1926, 12, 24) << u8("大正15年12月24日")
                                 << u8("T15.12.24");
    QTest::newRow("showa-first") << QDate(1926, 12, 25) << u8("昭和元年12月25日") << u8("S1.12.25");
    QTest::newRow("showa-2") << QDate(1927, 1, 1) << u8("昭和2年1月1日") << u8("S2.1.1");
    QTest::newRow("showa-50") << QDate(1975, 3, 1) << u8("昭和50年3月1日") << u8("S50.3.1");
    QTest::newRow("showa-last") << QDate(1989, 1, 7) << u8("昭和64年1月7日") << u8("S64.1.7");
    QTest::newRow("heisei-first") << QDate(1989, 1, 8) << u8("平成元年1月8日") << u8("H1.1.8");
    QTest::newRow("heisei-last") << QDate(2019, 4, 30) << u8("平成31年4月30日") << u8("H31.4.30");
    QTest::newRow("reiwa-first") << QDate(2019, 5, 1) << u8("令和元年5月1日") << u8("R1.5.1");
    QTest::newRow("reiwa-2") << QDate(2020, 1, 1) << u8("令和2年1月1日") << u8("R2.1.1");
}

void TestWareki::format()
{
    QFETCH(QDate, date);
    QFETCH(QString, full);
    QFETCH(QString, brief);
    QCOMPARE(Wareki::format(date), full);
    QCOMPARE(Wareki::formatShort(date), brief);
}

void TestWareki::formatUnsupported()
{
    QVERIFY(Wareki::format(QDate(1872, 12, 31)).isEmpty());
    QVERIFY(Wareki::formatShort(QDate(1872, 12, 31)).isEmpty());
    QVERIFY(Wareki::format(QDate()).isEmpty());
    QVERIFY(Wareki::formatShort(QDate()).isEmpty());
}

void TestWareki::parseAccepts_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QDate>("date");

    const QDate showa50(1975, 3, 1);
    QTest::newRow("full") << u8("昭和50年3月1日") << showa50;
    QTest::newRow("full-without-day-mark") << u8("昭和50年3月1") << showa50;
    QTest::newRow("kanji-numerals") << u8("昭和五十年三月一日") << showa50;
    QTest::newRow("letter") << u8("S50.3.1") << showa50;
    QTest::newRow("lower-case-letter") << u8("s50.3.1") << showa50;
    QTest::newRow("fullwidth") << u8("Ｓ５０．３．１") << showa50;
    QTest::newRow("slashes") << u8("s50/3/1") << showa50;
    QTest::newRow("abbreviation-slash") << u8("昭50/3/1") << showa50;
    QTest::newRow("abbreviation-dot") << u8("昭50.3.1") << showa50;
    QTest::newRow("leading-zeros") << u8("S50.03.01") << showa50;
    QTest::newRow("spaces") << u8(" 昭和 50年 3月 1日 ") << showa50;
    QTest::newRow("ideographic-spaces") << u8("昭和　５０年　３月　１日") << showa50;
    QTest::newRow("era-ligature") << u8("㍼50年3月1日") << showa50;
    QTest::newRow("iso") << u8("1975-03-01") << showa50;
    QTest::newRow("slash") << u8("1975/3/1") << showa50;
    QTest::newRow("dots") << u8("1975.3.1") << showa50;
    QTest::newRow("seireki-kanji") << u8("1975年3月1日") << showa50;
    QTest::newRow("compact") << u8("19750301") << showa50;
    QTest::newRow("fullwidth-iso") << u8("１９７５－０３－０１") << showa50;
    QTest::newRow("minus-signs") << u8("1975−03−01") << showa50;
    QTest::newRow("choon-as-hyphen") << u8("S50ー3ー1") << showa50;
    QTest::newRow("reiwa-gannen") << u8("令和元年5月1日") << QDate(2019, 5, 1);
    QTest::newRow("reiwa-short") << u8("R1.5.1") << QDate(2019, 5, 1);
    QTest::newRow("reiwa-ligature") << u8("㋿元年5月1日") << QDate(2019, 5, 1);
    QTest::newRow("heisei-gannen") << u8("平成元年1月8日") << QDate(1989, 1, 8);
    QTest::newRow("heisei-letter") << u8("H31.4.30") << QDate(2019, 4, 30);
    QTest::newRow("showa-gannen") << u8("昭和元年12月25日") << QDate(1926, 12, 25);
    QTest::newRow("showa-64") << u8("昭和64年1月7日") << QDate(1989, 1, 7);
    QTest::newRow("taisho") << u8("T15.12.24") << QDate(1926, 12, 24);
    QTest::newRow("taisho-abbreviation") << u8("大元年7月30日") << QDate(1912, 7, 30);
    QTest::newRow("meiji") << u8("明治6年1月1日") << QDate(1873, 1, 1);
    QTest::newRow("meiji-letter") << u8("M45.7.29") << QDate(1912, 7, 29);
    QTest::newRow("leap-day") << u8("平成12年2月29日") << QDate(2000, 2, 29);
}

void TestWareki::parseAccepts()
{
    QFETCH(QString, input);
    QFETCH(QDate, date);
    const auto result = Wareki::parse(input);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(result.value(), date);
}

void TestWareki::parseRefuses_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");

    const QString range = u8("wareki.era_range");
    const QString invalid = u8("wareki.invalid_date");
    const QString scope = u8("wareki.out_of_scope");
    const QString era = u8("wareki.unknown_era");
    const QString syntax = u8("wareki.syntax");

    QTest::newRow("heisei-after-end") << u8("平成31年5月1日") << range << u8("令和元年5月1日");
    QTest::newRow("heisei-short-after-end") << u8("H31.5.1") << range << u8("令和元年5月1日");
    QTest::newRow("heisei-32") << u8("平成32年1月1日") << range << u8("令和2年1月1日");
    QTest::newRow("reiwa-before-start") << u8("令和元年4月30日") << range << u8("平成31年4月30日");
    QTest::newRow("showa-after-end") << u8("昭和64年1月8日") << range << u8("平成元年1月8日");
    QTest::newRow("heisei-before-start") << u8("平成元年1月7日") << range << u8("昭和64年1月7日");
    QTest::newRow("taisho-after-end") << u8("大正15年12月25日") << range << u8("昭和元年12月25日");
    QTest::newRow("showa-before-start")
        << u8("昭和元年12月24日") << range << u8("大正15年12月24日");
    QTest::newRow("meiji-after-end") << u8("明治45年7月30日") << range << u8("大正元年7月30日");
    QTest::newRow("taisho-before-start") << u8("T1.7.29") << range << u8("明治45年7月29日");
    QTest::newRow("february-30") << u8("昭和50年2月30日") << invalid << u8("昭和50年2月30日");
    QTest::newRow("not-leap") << u8("2019-02-29") << invalid << u8("28");
    QTest::newRow("month-13") << u8("S50.13.1") << invalid << u8("S50.13.1");
    QTest::newRow("day-0") << u8("1975/3/0") << invalid << u8("1975/3/0");
    QTest::newRow("april-31") << u8("令和2年4月31日") << invalid << u8("30");
    QTest::newRow("era-year-0") << u8("昭和0年1月1日") << invalid << u8("元年");
    QTest::newRow("before-1873") << u8("1872-12-31") << scope << u8("明治6年1月1日");
    QTest::newRow("meiji-5") << u8("明治5年12月31日") << scope << u8("1873");
    QTest::newRow("meiji-1") << u8("M1.10.23") << scope << u8("1873");
    QTest::newRow("unknown-letter") << u8("X50.3.1") << era << u8("X");
    QTest::newRow("unknown-era-name") << u8("天保3年1月1日") << era << u8("天保");
    QTest::newRow("empty") << QString() << syntax << QString();
    QTest::newRow("garbage") << u8("hello") << syntax << u8("hello");
    QTest::newRow("no-era-short-year") << u8("50.3.1") << syntax << QString();
    QTest::newRow("gannen-without-era") << u8("元年3月1日") << syntax << QString();
    QTest::newRow("missing-day") << u8("昭和50年3月") << syntax << QString();
    QTest::newRow("mixed-separators") << u8("S50.3/1") << syntax << QString();
    QTest::newRow("too-many-parts") << u8("1975-03-01-02") << syntax << QString();
    QTest::newRow("seven-digits") << u8("1975031") << syntax << QString();
}

void TestWareki::parseRefuses()
{
    QFETCH(QString, input);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const auto result = Wareki::parse(input);
    QVERIFY2(!result.ok(),
             qPrintable(result.ok() ? result.value().toString(Qt::ISODate) : QString()));
    QCOMPARE(result.error().code, code);
    QVERIFY(!result.error().message.isEmpty());
    QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
}

void TestWareki::parseEraRangeNamesTheRightDate()
{
    // The corrected date is the Japanese era date of the same day, always spelled in Japanese.
    const auto result = Wareki::parse(u8("平成31年5月1日"));
    QVERIFY(!result.ok());
    QVERIFY(result.error().message.contains(Wareki::format(QDate(2019, 5, 1))));
    QVERIFY(result.error().message.contains(u8("平成")));
}

void TestWareki::roundTripEveryDay()
{
    const QDate last(2030, 12, 31);
    int days = 0;
    for (QDate d = Wareki::earliestSupported(); d <= last; d = d.addDays(1)) {
        const QString full = Wareki::format(d);
        const QString brief = Wareki::formatShort(d);
        const auto fromFull = Wareki::parse(full);
        const auto fromBrief = Wareki::parse(brief);
        const auto fromIso = Wareki::parse(d.toString(Qt::ISODate));
        if (!fromFull.ok() || fromFull.value() != d || !fromBrief.ok() || fromBrief.value() != d ||
            !fromIso.ok() || fromIso.value() != d)
            QFAIL(qPrintable(d.toString(Qt::ISODate) + u' ' + full + u' ' + brief));
        ++days;
    }
    QCOMPARE(days, int(Wareki::earliestSupported().daysTo(last)) + 1);
}

QTEST_GUILESS_MAIN(TestWareki)
#include "tst_wareki.moc"
