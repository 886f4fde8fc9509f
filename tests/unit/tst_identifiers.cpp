#include "TestSupport.h"
#include "common/Csv.h"
#include "ids/Identifiers.h"

#include <QFile>
#include <QTest>

using namespace madoguchi;

class TestIdentifiers : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void myNumberWorkedExample()
    {
        // DESIGN.md: 12345678901 -> sum 212, remainder 3 -> check digit 8.
        QCOMPARE(ids::myNumberCheckDigit(QStringLiteral("12345678901")), 8);
        QVERIFY(ids::check(ids::Kind::MyNumber, QStringLiteral("123456789018")).valid);
    }

    void myNumberRemainderZeroAndOne()
    {
        // Remainders 0 and 1 both give check digit 0. Search for bodies that hit each case and
        // compare with an independent computation of the sum.
        int seen0 = 0, seen1 = 0;
        for (int i = 0; i < 2000 && (seen0 < 3 || seen1 < 3); ++i) {
            const QString body = QStringLiteral("%1").arg(qulonglong(10000000000ull + i * 7919ull),
                                                          11, 10, QChar(u'0'));
            int sum = 0;
            for (int n = 1; n <= 11; ++n) {
                sum += body.at(11 - n).digitValue() * (n <= 6 ? n + 1 : n - 5);
            }
            const int r = sum % 11;
            if (r == 0) {
                ++seen0;
            }
            if (r == 1) {
                ++seen1;
            }
            QCOMPARE(ids::myNumberCheckDigit(body), r <= 1 ? 0 : 11 - r);
        }
        QVERIFY(seen0 > 0 && seen1 > 0);
    }

    void inputForms_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("123456789018") << true;
        QTest::newRow("spaces") << QStringLiteral("1234 5678 9018") << true;
        QTest::newRow("hyphens") << QStringLiteral("1234-5678-9018") << true;
        QTest::newRow("full-width") << QStringLiteral("１２３４５６７８９０１８") << true;
        QTest::newRow("ideographic space")
            << QStringLiteral("１２３４　５６７８　９０１８") << true;
        QTest::newRow("wrong check digit") << QStringLiteral("123456789017") << false;
        QTest::newRow("11 digits") << QStringLiteral("12345678901") << false;
        QTest::newRow("13 digits") << QStringLiteral("1234567890180") << false;
        QTest::newRow("letter") << QStringLiteral("12345678901A") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void inputForms()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        const ids::Check c = ids::check(ids::Kind::MyNumber, input);
        QCOMPARE(c.valid, valid);
        QCOMPARE(c.reason.isEmpty(), valid);
        if (valid) {
            QCOMPARE(c.normalised, QStringLiteral("123456789018"));
        }
    }

    void reasonsNameTheProblem()
    {
        const ids::Check wrong = ids::check(ids::Kind::MyNumber, QStringLiteral("123456789017"));
        QVERIFY2(wrong.reason.contains(u'8'), qPrintable(wrong.reason)); // the expected digit
        const ids::Check shortOne = ids::check(ids::Kind::MyNumber, QStringLiteral("12345"));
        QVERIFY2(shortOne.reason.contains(QStringLiteral("12")) && shortOne.reason.contains(u'5'),
                 qPrintable(shortOne.reason));
    }

    void everyDigitErrorIsCaught()
    {
        // A single mistyped digit always changes the check digit (weights are non-zero mod 11).
        const QString good = QStringLiteral("123456789018");
        int caught = 0;
        for (int pos = 0; pos < 11; ++pos) {
            for (int d = 0; d <= 9; ++d) {
                QString bad = good;
                if (bad[pos].digitValue() == d) {
                    continue;
                }
                bad[pos] = QChar(u'0' + d);
                if (!ids::check(ids::Kind::MyNumber, bad).valid) {
                    ++caught;
                }
            }
        }
        // Weights 2..7 are units mod 11, so one changed digit always changes the remainder; only
        // the remainder 3 gives check digit 8.
        QCOMPARE(caught, 11 * 9);
    }

    void residentCode()
    {
        // Same rule as the My Number over 10 digits.
        int sum = 0;
        const QString body = QStringLiteral("1234567890");
        for (int n = 1; n <= 10; ++n) {
            sum += body.at(10 - n).digitValue() * (n <= 6 ? n + 1 : n - 5);
        }
        const int expected = sum % 11 <= 1 ? 0 : 11 - sum % 11;
        QCOMPARE(ids::residentCodeCheckDigit(body), expected);
        const QString code = body + QString::number(expected);
        QVERIFY(ids::check(ids::Kind::ResidentCode, code).valid);
        QVERIFY(!ids::check(ids::Kind::ResidentCode, body + QString::number((expected + 1) % 10))
                     .valid);
        QVERIFY(!ids::check(ids::Kind::ResidentCode, QStringLiteral("123456789018"))
                     .valid); // 12 digits
    }

    void localGovernmentCodeExamples()
    {
        QCOMPARE(ids::localGovernmentCheckDigit(QStringLiteral("13101")), 6); // 千代田区 131016
        QCOMPARE(ids::localGovernmentCheckDigit(QStringLiteral("01100")), 2); // 札幌市 011002
        QVERIFY(ids::check(ids::Kind::LocalGovernmentCode, QStringLiteral("131016")).valid);
        QVERIFY(!ids::check(ids::Kind::LocalGovernmentCode, QStringLiteral("131017")).valid);
    }

    void allLocalGovernmentCodesInTheData()
    {
        QFile f(QStringLiteral(":/data/local_government_codes.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        CsvReader reader(&f);
        QVERIFY(reader.readHeader({QStringLiteral("code")}).ok());
        int n = 0;
        while (reader.next()) {
            const QString code = reader.field(QStringLiteral("code"));
            const ids::Check c = ids::check(ids::Kind::LocalGovernmentCode, code);
            QVERIFY2(c.valid, qPrintable(code + QStringLiteral(": ") + c.reason));
            ++n;
        }
        QCOMPARE(n, 1969);
    }

    void masking()
    {
        QCOMPARE(ids::maskMyNumber(QStringLiteral("123456789018")),
                 QStringLiteral("**** **** 9018"));
        QCOMPARE(ids::groupMyNumber(QStringLiteral("123456789018")),
                 QStringLiteral("1234 5678 9018"));
        QVERIFY(!ids::maskMyNumber(QStringLiteral("1234")).contains(QStringLiteral("1234")));
    }
};

QTEST_GUILESS_MAIN(TestIdentifiers)
#include "tst_identifiers.moc"
