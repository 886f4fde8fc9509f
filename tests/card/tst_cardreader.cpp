// The card layer against the real PC/SC stack: pcscd with the vpcd driver, and the virtual My
// Number card (tests/fixtures/vcard) plugged into it. The CLI and the core are driven as the
// counter drives them; every test starts its own card so that PIN counters start fresh.
#include "TestSupport.h"
#include "VirtualCard.h"
#include "card/CardMonitor.h"
#include "card/CardService.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::card;
using madoguchi::test::vpcdState;
using madoguchi::test::waitFor;

namespace {

QString env(const char* name)
{
    return qEnvironmentVariable(name);
}

} // namespace

class TestCardReader : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_export;

    test::VirtualCard m_vcard;

    // Puts a fresh virtual card on the reader and waits until pcscd sees it.
    bool insertCard(const QStringList& extra = {})
    {
        m_export =
            m_dir.filePath(QStringLiteral("card-%1").arg(QDateTime::currentMSecsSinceEpoch()));
        return m_vcard.insert(m_export, extra);
    }

    void removeCard() { m_vcard.remove(); }

    test::ProcessRun cli(const QStringList& args, const QByteArray& input = {})
    {
        return test::runProcess(env("MADOGUCHI_CLI"), QStringList{QStringLiteral("card")} + args,
                                {{QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}}, input,
                                60000);
    }

    QJsonObject status()
    {
        const test::ProcessRun r = cli({QStringLiteral("status"), QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    int tries(const char* which)
    {
        return status()[QLatin1String("pin_tries")][QLatin1String(which)].toInt(-1);
    }

    static QString pemBody(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            return {};
        }
        QString text = QString::fromLatin1(f.readAll());
        text.remove(QRegularExpression(QStringLiteral("\\s")));
        return text;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY2(QFile::exists(env("MADOGUCHI_VCARD")), "run through ctest (MADOGUCHI_VCARD)");
        QVERIFY2(vpcdState() != ReaderState::NoService, "pcscd is not running: run through ctest");
    }

    void cleanup() { removeCard(); }

    void noCardIsExitThree()
    {
        removeCard();
        const test::ProcessRun r =
            cli({QStringLiteral("read-basic"), QStringLiteral("--pin"), QStringLiteral("1234")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(QStringLiteral("no card")), qPrintable(r.err));
        const QJsonObject s = status();
        QCOMPARE(s[QLatin1String("card_present")].toBool(true), false);
        QVERIFY(!s[QLatin1String("readers")].toArray().isEmpty());
    }

    void statusShowsApplicationsAndTries()
    {
        QVERIFY(insertCard());
        const QJsonObject s = status();
        QCOMPARE(s[QLatin1String("card_present")].toBool(), true);
        QVERIFY(s[QLatin1String("atr")].toString().startsWith(QStringLiteral("3B")));
        const QJsonArray apps = s[QLatin1String("applications")].toArray();
        for (const char* app : {"jpki", "helper", "juki"}) {
            QVERIFY2(apps.contains(QLatin1String(app)), app);
        }
        const QJsonObject tries = s[QLatin1String("pin_tries")].toObject();
        QCOMPARE(tries[QLatin1String("auth")].toInt(), 3);
        QCOMPARE(tries[QLatin1String("sign")].toInt(), 5);
        QCOMPARE(tries[QLatin1String("helper")].toInt(), 3);
        QCOMPARE(tries[QLatin1String("juki")].toInt(), 3);
    }

    void readsTheBasicFourExactly()
    {
        QVERIFY(insertCard());
        const test::ProcessRun r = cli({QStringLiteral("read-basic"), QStringLiteral("--pin"),
                                        QStringLiteral("-"), QStringLiteral("--json")},
                                       "1234\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QLatin1String("my_number")].toString(), QStringLiteral("123456789018"));
        QCOMPARE(o[QLatin1String("name")].toString(), QStringLiteral("髙橋　花子"));
        QCOMPARE(o[QLatin1String("address")].toString(),
                 QStringLiteral("神奈川県鎌倉市御成町１８番１０号"));
        QCOMPARE(o[QLatin1String("birth_date")].toString(), QStringLiteral("1985-04-12"));
        QCOMPARE(o[QLatin1String("sex")].toString(), QStringLiteral("2"));
    }

    void readsCertificates()
    {
        QVERIFY(insertCard());
        const QString out = m_dir.filePath(QStringLiteral("certs"));
        test::ProcessRun r = cli({QStringLiteral("certs"), QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char* f : {"auth.pem", "auth-ca.pem", "sign-ca.pem"}) {
            const QString name = QLatin1String(f);
            QCOMPARE(pemBody(QDir(out).filePath(name)), pemBody(QDir(m_export).filePath(name)));
        }
        // The signature certificate only with the signature PIN.
        QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("sign.pem"))));
        r = cli({QStringLiteral("certs"), QStringLiteral("--out"), out,
                 QStringLiteral("--sign-pin"), QStringLiteral("ABC123")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(pemBody(QDir(out).filePath(QStringLiteral("sign.pem"))),
                 pemBody(QDir(m_export).filePath(QStringLiteral("sign.pem"))));
        // OpenSSL reads what we wrote as a certificate.
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-in"),
                       QDir(out).filePath(QStringLiteral("auth.pem"))});
        QVERIFY(openssl.waitForFinished());
        QCOMPARE(openssl.exitCode(), 0);
    }

    void signsVerifiably_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("pin");
        QTest::newRow("auth") << QStringLiteral("auth") << QStringLiteral("1234");
        QTest::newRow("sign") << QStringLiteral("sign") << QStringLiteral("ABC123");
    }
    void signsVerifiably()
    {
        QFETCH(QString, key);
        QFETCH(QString, pin);
        QVERIFY(insertCard());
        const QString doc = m_dir.filePath(QStringLiteral("request.json"));
        QFile f(doc);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"request\":\"住民票の写し\",\"n\":1}\n");
        f.close();
        const QString sig = m_dir.filePath(QStringLiteral("request.sig"));
        const test::ProcessRun r =
            cli({QStringLiteral("sign"), QStringLiteral("--key"), key, QStringLiteral("--pin"), pin,
                 QStringLiteral("--in"), doc, QStringLiteral("--out"), sig});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                       QDir(m_export).filePath(key + QStringLiteral("-pub.pem")),
                       QStringLiteral("-signature"), sig, doc});
        QVERIFY(openssl.waitForFinished());
        QCOMPARE(QString::fromLatin1(openssl.readAllStandardOutput()).trimmed(),
                 QStringLiteral("Verified OK"));
        // A changed document no longer verifies.
        QVERIFY(f.open(QIODevice::Append));
        f.write(" ");
        f.close();
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                       QDir(m_export).filePath(key + QStringLiteral("-pub.pem")),
                       QStringLiteral("-signature"), sig, doc});
        QVERIFY(openssl.waitForFinished());
        QVERIFY(openssl.exitCode() != 0);
    }

    void wrongPinCountsDownAndLocks()
    {
        QVERIFY(insertCard());
        const QStringList wrong{QStringLiteral("read-basic"), QStringLiteral("--pin"),
                                QStringLiteral("9999")};
        test::ProcessRun r = cli(wrong);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("2 tries left")), qPrintable(r.err));
        QCOMPARE(tries("helper"), 2);
        r = cli(wrong);
        QVERIFY2(r.err.contains(QStringLiteral("1 try left")) ||
                     r.err.contains(QStringLiteral("1 tries left")),
                 qPrintable(r.err));
        // The attempt that would lock the card is not sent without the clerk's confirmation.
        r = cli(wrong);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--allow-last-try")), qPrintable(r.err));
        QCOMPARE(tries("helper"), 1);
        r = cli(wrong + QStringList{QStringLiteral("--allow-last-try")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("locked")), qPrintable(r.err));
        QCOMPARE(tries("helper"), 0);
        // Locked: even the right PIN is refused, and the other PINs are untouched.
        r = cli({QStringLiteral("read-basic"), QStringLiteral("--pin"), QStringLiteral("1234"),
                 QStringLiteral("--allow-last-try")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("locked")), qPrintable(r.err));
        QCOMPARE(tries("auth"), 3);
        QCOMPARE(tries("juki"), 3);
    }

    void malformedPinIsUsage()
    {
        QVERIFY(insertCard());
        const test::ProcessRun r =
            cli({QStringLiteral("read-basic"), QStringLiteral("--pin"), QStringLiteral("12")});
        QCOMPARE(r.code, 2);
        QCOMPARE(tries("helper"), 3);
    }

    void changesPins()
    {
        QVERIFY(insertCard());
        test::ProcessRun r =
            cli({QStringLiteral("change-pin"), QStringLiteral("--which"), QStringLiteral("juki"),
                 QStringLiteral("--old"), QStringLiteral("-"), QStringLiteral("--new"),
                 QStringLiteral("-")},
                "1234\n8642\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // The old PIN is now wrong, the new one right.
        r = cli({QStringLiteral("change-pin"), QStringLiteral("--which"), QStringLiteral("juki"),
                 QStringLiteral("--old"), QStringLiteral("1234"), QStringLiteral("--new"),
                 QStringLiteral("1111")});
        QCOMPARE(r.code, 1);
        QCOMPARE(tries("juki"), 2);
        r = cli({QStringLiteral("change-pin"), QStringLiteral("--which"), QStringLiteral("juki"),
                 QStringLiteral("--old"), QStringLiteral("8642"), QStringLiteral("--new"),
                 QStringLiteral("1111")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(tries("juki"), 3);
        // The signature PIN keeps its own rules: lower case is refused before it is sent.
        r = cli({QStringLiteral("change-pin"), QStringLiteral("--which"), QStringLiteral("sign"),
                 QStringLiteral("--old"), QStringLiteral("ABC123"), QStringLiteral("--new"),
                 QStringLiteral("abc123")});
        QCOMPARE(r.code, 2);
        r = cli({QStringLiteral("change-pin"), QStringLiteral("--which"), QStringLiteral("sign"),
                 QStringLiteral("--old"), QStringLiteral("ABC123"), QStringLiteral("--new"),
                 QStringLiteral("NEWPIN2026")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        CardService service;
        auto sig = service.call<QByteArray>([](MyNumberCard& c) {
            return c.sign(Key::Sign, QStringLiteral("NEWPIN2026"), QByteArray(32, '\x01'));
        });
        QVERIFY2(sig.ok(), qPrintable(sig.errorMessage()));
    }

    void cardPulledOutMidRead()
    {
        // The card goes away after a few APDUs, in the middle of reading the basic four.
        QVERIFY(insertCard({QStringLiteral("--fault"), QStringLiteral("drop-after:6")}));
        CardService service;
        auto info = service.call<CardBasicInfo>(
            [](MyNumberCard& c) { return c.readBasicInfo(QStringLiteral("1234")); });
        QVERIFY(!info.ok());
        QVERIFY2(info.error().code == QStringLiteral("card.removed") ||
                     info.error().code == QStringLiteral("card.no_card") ||
                     info.error().code == QStringLiteral("card.reset") ||
                     info.error().code == QStringLiteral("card.mute"),
                 qPrintable(info.error().code + u' ' + info.errorMessage()));
        // A fresh card reads normally afterwards.
        QVERIFY(insertCard());
        info = service.call<CardBasicInfo>(
            [](MyNumberCard& c) { return c.readBasicInfo(QStringLiteral("1234")); });
        QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
    }

    void malformedCardData_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("bad TLV length")
            << QStringLiteral("bad-tlv") << QStringLiteral("card.malformed")
            << QStringLiteral("claims");
        QTest::newRow("truncated certificate")
            << QStringLiteral("truncated-cert") << QStringLiteral("card.malformed")
            << QStringLiteral("cut short");
        QTest::newRow("unknown status word")
            << QStringLiteral("unknown-sw") << QStringLiteral("card.sw") << QStringLiteral("6F00");
    }
    void malformedCardData()
    {
        QFETCH(QString, fault);
        QFETCH(QString, code);
        QFETCH(QString, text);
        QVERIFY(insertCard({QStringLiteral("--fault"), fault}));
        CardService service;
        Status st = service.run([](MyNumberCard& c) -> Status {
            auto info = c.readBasicInfo(QStringLiteral("1234"));
            if (!info) {
                return info.error();
            }
            auto cert = c.readCertificate(Certificate::Auth);
            if (!cert) {
                return cert.error();
            }
            return {};
        });
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, code);
        QVERIFY2(st.errorMessage().contains(text), qPrintable(st.errorMessage()));
    }

    void aCardThatStopsAnsweringTimesOut()
    {
        QVERIFY(insertCard({QStringLiteral("--fault"), QStringLiteral("hang-after:3")}));
        CardService service({{}, 2000});
        QElapsedTimer t;
        t.start();
        auto info = service.call<CardBasicInfo>(
            [](MyNumberCard& c) { return c.readBasicInfo(QStringLiteral("1234")); });
        QCOMPARE(info.error().code, QStringLiteral("card.timeout"));
        QVERIFY(t.elapsed() < 10000);
        removeCard(); // the abandoned worker's transmit fails now and it ends
    }

    void monitorFollowsCardAndPcscdRestart()
    {
        CardMonitor monitor;
        QSignalSpy changed(&monitor, &CardMonitor::changed);
        monitor.start();
        QVERIFY(waitFor([&] { return monitor.summary() == ReaderState::Empty; }, 10000));
        QVERIFY(insertCard());
        QVERIFY(waitFor([&] { return monitor.summary() == ReaderState::Present; }, 10000));
        QVERIFY(!monitor.cardReader().isEmpty());

        // pcscd stops and comes back: the monitor says so, then finds the card again.
        const QString script = env("MADOGUCHI_PCSCD_SCRIPT");
        const QString dir = env("MADOGUCHI_PCSCD_DIR");
        QCOMPARE(QProcess::execute(QStringLiteral("bash"), {script, QStringLiteral("stop"), dir}),
                 0);
        QVERIFY(waitFor([&] { return monitor.summary() == ReaderState::NoService; }, 10000));
        QCOMPARE(QProcess::execute(QStringLiteral("bash"), {script, QStringLiteral("start"), dir}),
                 0);
        QVERIFY(waitFor([&] { return monitor.summary() == ReaderState::Present; }, 20000));
        CardService service;
        auto info = service.call<CardBasicInfo>(
            [](MyNumberCard& c) { return c.readBasicInfo(QStringLiteral("1234")); });
        QVERIFY2(info.ok(), qPrintable(info.errorMessage()));

        removeCard();
        QVERIFY(waitFor([&] { return monitor.summary() == ReaderState::Empty; }, 10000));
        QVERIFY(changed.count() >= 4);
    }

    void cleanupTestCase() { removeCard(); }
};

QTEST_GUILESS_MAIN(TestCardReader)
#include "tst_cardreader.moc"
