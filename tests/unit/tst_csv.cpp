#include "TestSupport.h"
#include "common/Csv.h"

#include <QBuffer>
#include <QTest>

using namespace madoguchi;

class TestCsv : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void quotedFields()
    {
        auto r = CsvReader::parseRecord(QStringLiteral("a,\"b,c\",\"d \"\"e\"\"\",,f"));
        QVERIFY(r.ok());
        QCOMPARE(*r, (QStringList{QStringLiteral("a"), QStringLiteral("b,c"),
                                  QStringLiteral("d \"e\""), QString(), QStringLiteral("f")}));
    }

    void malformedRecordsAreRefused()
    {
        QVERIFY(!CsvReader::parseRecord(QStringLiteral("a,\"b")).ok());
        QVERIFY(!CsvReader::parseRecord(QStringLiteral("a,\"b\"c")).ok());
        QVERIFY(!CsvReader::parseRecord(QStringLiteral("a,b\"c")).ok());
    }

    void readsRowsWithNewlinesInQuotesAndCrLf()
    {
        QByteArray data = "code,name\r\n1,\"two\nlines\"\r\n2,三\r\n";
        QBuffer buf(&data);
        QVERIFY(buf.open(QIODevice::ReadOnly));
        CsvReader reader(&buf);
        QVERIFY(reader.readHeader({QStringLiteral("code"), QStringLiteral("name")}).ok());
        QVERIFY(reader.next());
        QCOMPARE(reader.field(QStringLiteral("name")), QStringLiteral("two\nlines"));
        QVERIFY(reader.next());
        QCOMPARE(reader.field(QStringLiteral("name")), QStringLiteral("三"));
        QVERIFY(!reader.next());
        QVERIFY(reader.error().isEmpty());
    }

    void missingColumnAndRaggedRow()
    {
        QByteArray data = "code,name\n1,a,extra\n";
        QBuffer buf(&data);
        QVERIFY(buf.open(QIODevice::ReadOnly));
        CsvReader reader(&buf);
        auto st = reader.readHeader({QStringLiteral("code"), QStringLiteral("kana")});
        QVERIFY(!st.ok());
        QVERIFY(st.errorMessage().contains(QStringLiteral("kana")));
        buf.seek(0);
        CsvReader again(&buf);
        QVERIFY(again.readHeader({QStringLiteral("code")}).ok());
        QVERIFY(!again.next());
        QVERIFY2(again.error().contains(u'2'), qPrintable(again.error())); // names line 2
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
