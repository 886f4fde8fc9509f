// The card layer without a reader: APDU encoding, status words, BER-TLV bounds, and the PIN
// rules of MyNumberCard against a scripted channel (the real card path is tst_cardreader).
#include "TestSupport.h"
#include "card/Apdu.h"
#include "card/MyNumberCard.h"
#include "card/Tlv.h"

#include <QTest>

#include <functional>

using namespace madoguchi;
using namespace madoguchi::card;

namespace {

// Answers each command from a function and records what was sent.
class ScriptedChannel : public CardChannel
{
public:
    std::function<QByteArray(const QByteArray&)> answer;
    QList<QByteArray> sent;
    Result<ResponseApdu> transmit(const CommandApdu& command) override
    {
        const QByteArray raw = *command.encode();
        sent << raw;
        return ResponseApdu::parse(answer(raw));
    }
    bool sentVerifyWithData() const
    {
        for (const QByteArray& c : sent) {
            if (c.startsWith(QByteArray::fromHex("00200080")) && c.size() > 4) {
                return true;
            }
        }
        return false;
    }
};

QByteArray hex(const char* h)
{
    return QByteArray::fromHex(h);
}

} // namespace

class TestCard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void encodesCommands()
    {
        QCOMPARE(*CommandApdu::selectApplication(MyNumberCard::jpkiAid()).encode(),
                 hex("00A4040C0AD392F000260100000001"));
        QCOMPARE(*CommandApdu::selectFile(0x000A).encode(), hex("00A4020C02000A"));
        QCOMPARE(*CommandApdu::readBinary(0x0102, 256).encode(), hex("00B0010200"));
        QCOMPARE(*CommandApdu::verifyStatus().encode(), hex("00200080"));
        QCOMPARE(*CommandApdu::verify("1234").encode(), hex("002000800431323334"));
        // A PIN never appears in a log line.
        const QString logged = CommandApdu::verify("1234").describe();
        QVERIFY(!logged.contains(QStringLiteral("31 32 33 34")));
        QVERIFY(logged.contains(QStringLiteral("secret")));
        const CommandApdu tooLong{0, 0xB0, 0, 0, QByteArray(300, 'x'), -1, false};
        QVERIFY(!tooLong.encode().ok());
    }

    void statusWords()
    {
        QCOMPARE(sw::triesLeft(0x63C2), 2);
        QCOMPARE(sw::triesLeft(0x9000), -1);
        QVERIFY(sw::pinBlocked(0x6983));
        QVERIFY(sw::pinBlocked(0x6984));
        QVERIFY(sw::meaning(0x6A82).contains(QStringLiteral("6A82")));
        QVERIFY(sw::meaning(0x6F00).contains(QStringLiteral("6F00")));
        QVERIFY(sw::meaning(0x63C2).contains(u'2'));
        QVERIFY(!ResponseApdu::parse(hex("90")).ok());
        auto r = ResponseApdu::parse(hex("01029000"));
        QVERIFY(r.ok());
        QCOMPARE(r->data, hex("0102"));
        QVERIFY(r->ok());
    }

    void parsesTlvs()
    {
        // DF 22 with a short length, DF 23 with the 81 form, then FF padding.
        QByteArray longValue(130, 'a');
        QByteArray data = hex("DF2203414243") + hex("DF238182") + longValue + hex("FFFFFF");
        auto tlvs = parseTlvs(data);
        QVERIFY2(tlvs.ok(), qPrintable(tlvs.errorMessage()));
        QCOMPARE(tlvs->size(), 2);
        QCOMPARE(tlvs->at(0).tag, 0xDF22u);
        QCOMPARE(tlvs->at(0).value, QByteArray("ABC"));
        QCOMPARE(tlvs->at(1).tag, 0xDF23u);
        QCOMPARE(tlvs->at(1).value, longValue);
        // The 82 form and a two-byte tag starting FF.
        auto outer = parseTlv(hex("FF20820003") + QByteArray("xyz"));
        QVERIFY(outer.ok());
        QCOMPARE(outer->tag, 0xFF20u);
        QCOMPARE(outer->value, QByteArray("xyz"));
    }

    void rejectsMalformedTlvs_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("length past the end") << hex("DF2305414243");
        QTest::newRow("long form past the end") << hex("DF2381FF41");
        QTest::newRow("indefinite length") << hex("DF228041");
        QTest::newRow("length bytes cut short") << hex("DF2282");
        QTest::newRow("tag cut short") << hex("DF");
        QTest::newRow("length of five bytes") << hex("DF22850000000001");
        QTest::newRow("tag without end") << hex("DF8181818101");
    }
    void rejectsMalformedTlvs()
    {
        QFETCH(QByteArray, data);
        auto tlvs = parseTlvs(data, false);
        QVERIFY(!tlvs.ok());
        QCOMPARE(tlvs.error().code, QStringLiteral("card.malformed"));
    }

    void derSizes()
    {
        QCOMPARE(*derObjectSize(hex("3082051A")), qsizetype(1310));
        QCOMPARE(*derObjectSize(hex("300A")), qsizetype(12));
        QVERIFY(!derObjectSize(hex("3082")).ok());
    }

    void pinFormats()
    {
        QVERIFY(pinFormatProblem(Pin::Auth, QStringLiteral("1234")).isEmpty());
        QVERIFY(!pinFormatProblem(Pin::Auth, QStringLiteral("123")).isEmpty());
        QVERIFY(!pinFormatProblem(Pin::Auth, QStringLiteral("12a4")).isEmpty());
        QVERIFY(pinFormatProblem(Pin::Sign, QStringLiteral("ABC123")).isEmpty());
        QVERIFY(!pinFormatProblem(Pin::Sign, QStringLiteral("abc123")).isEmpty());
        QVERIFY(!pinFormatProblem(Pin::Sign, QStringLiteral("ABC12")).isEmpty());
        QVERIFY(!pinFormatProblem(Pin::Sign, QString(17, u'A')).isEmpty());
        QVERIFY(!pinFormatProblem(Pin::Helper, QStringLiteral("１２３４")).isEmpty());
    }

    void malformedPinIsNeverSent()
    {
        ScriptedChannel ch;
        ch.answer = [](const QByteArray&) {
            return hex("63C3");
        };
        MyNumberCard card(ch);
        auto info = card.readBasicInfo(QStringLiteral("12345"));
        QCOMPARE(info.error().code, QStringLiteral("card.pin_format"));
        QVERIFY(!ch.sentVerifyWithData());
    }

    void lastTryNeedsConfirmation()
    {
        ScriptedChannel ch;
        ch.answer = [](const QByteArray& c) {
            return c == hex("00200080") ? hex("63C1") : hex("9000");
        };
        MyNumberCard card(ch);
        auto sig = card.sign(Key::Auth, QStringLiteral("1234"), QByteArray(32, 'h'));
        QCOMPARE(sig.error().code, QStringLiteral("card.pin_last_try"));
        QVERIFY(!ch.sentVerifyWithData());
        // Confirmed: the attempt goes out.
        ch.answer = [](const QByteArray& c) {
            return c == hex("00200080")            ? hex("63C1")
                   : c.startsWith(hex("00200080")) ? hex("63C0")
                                                   : hex("9000");
        };
        auto again = card.sign(Key::Auth, QStringLiteral("1234"), QByteArray(32, 'h'), true);
        QVERIFY(ch.sentVerifyWithData());
        QCOMPARE(again.error().code, QStringLiteral("card.pin_blocked"));
    }

    void blockedPinIsNotTried()
    {
        ScriptedChannel ch;
        ch.answer = [](const QByteArray& c) {
            return c == hex("00200080") ? hex("6984") : hex("9000");
        };
        MyNumberCard card(ch);
        QCOMPARE(card.changePin(Pin::Juki, QStringLiteral("1234"), QStringLiteral("5678"), true)
                     .error()
                     .code,
                 QStringLiteral("card.pin_blocked"));
        QVERIFY(!ch.sentVerifyWithData());
        QCOMPARE(*card.pinTries(Pin::Juki), 0);
    }

    void noRetryCounterNoAttempt()
    {
        // A card that will not say how many tries are left gets no PIN: it might be the last.
        ScriptedChannel ch;
        ch.answer = [](const QByteArray& c) {
            return c == hex("00200080") ? hex("6F00") : hex("9000");
        };
        MyNumberCard card(ch);
        auto info = card.readBasicInfo(QStringLiteral("1234"));
        QCOMPARE(info.error().code, QStringLiteral("card.sw"));
        QVERIFY(!ch.sentVerifyWithData());
    }

    void wrongPinSaysTriesLeft()
    {
        ScriptedChannel ch;
        ch.answer = [](const QByteArray& c) {
            if (c == hex("00200080")) {
                return hex("63C3");
            }
            return c.startsWith(hex("00200080")) ? hex("63C2") : hex("9000");
        };
        MyNumberCard card(ch);
        auto info = card.readBasicInfo(QStringLiteral("9999"));
        QCOMPARE(info.error().code, QStringLiteral("card.pin_wrong"));
        QVERIFY2(info.errorMessage().contains(u'2'), qPrintable(info.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestCard)
#include "tst_card.moc"
