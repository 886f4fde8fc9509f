// A card as central produces it, on the real PC/SC stack: central's profile for the card
// (`admin produce --vcard-dir`) loaded into the virtual card shows the serial central assigned
// through MyNumberCard::readCardSerial, the holder's items from the register, no PIN set and no
// JPKI certificate until the issuer makes the keys at the counter.
#include "TestSupport.h"
#include "VirtualCard.h"
#include "auth/OperatorService.h"
#include "auth/PasswordHasher.h"
#include "card/CardService.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"
#include "sync/SyncEngine.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::card;
using madoguchi::test::vpcdState;

namespace {
const QByteArray kIssuanceKey = QByteArrayLiteral("madoguchi-test-issuance-key-0001");
} // namespace

class TestProducedCard : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    test::VirtualCard m_vcard;
    QString m_db;
    QString m_serial;
    QString m_profile;
    QString m_residentCode;
    QString m_address; // as the register prints it

    test::ProcessRun admin(const QStringList& args)
    {
        return test::runProcess(QStringLiteral(MADOGUCHI_CENTRAL),
                                QStringList{QStringLiteral("--db"), m_db, QStringLiteral("admin")} +
                                    args);
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY2(QFile::exists(qEnvironmentVariable("MADOGUCHI_VCARD")),
                 "run through ctest (MADOGUCHI_VCARD)");
        QVERIFY2(vpcdState() != ReaderState::NoService, "pcscd is not running: run through ctest");

        // Central, a workstation enrolled with it, and an application for 花子.
        m_db = m_dir.filePath(QStringLiteral("central.sqlite3"));
        m_central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--db"), m_db, QStringLiteral("--pki-dir"),
                         m_dir.filePath(QStringLiteral("pki"))});
        QVERIFY(m_central.waitForStarted());
        QVERIFY(m_central.waitForReadyRead(30000));
        const QString line = QString::fromLatin1(m_central.readLine()).trimmed();
        QVERIFY2(line.startsWith(QStringLiteral("listening on ")), qPrintable(line));
        const QUrl url(line.section(u' ', 2, 2));
        const test::ProcessRun code =
            admin({QStringLiteral("enroll-code"), QStringLiteral("--terminal"),
                   QStringLiteral("counter-1")});
        auto enrollment =
            sync::CentralClient(url).enroll(code.out.trimmed(), QStringLiteral("counter-1"));
        QVERIFY2(enrollment.ok(), qPrintable(enrollment.errorMessage()));

        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(
            ops.create({QStringLiteral("issuer"), QStringLiteral("交付 担当"), {Role::CardIssuer}},
                       QStringLiteral("test-pass-1"), staff->admin));
        auto issuer = ops.authenticate(QStringLiteral("issuer"), QStringLiteral("test-pass-1"));
        QVERIFY(issuer.ok());
        auto hanako = RegistryService(*db).registerResident(test::hanako(), MoveKind::MoveIn,
                                                            QDate(2026, 4, 1), {}, staff->clerk);
        QVERIFY(hanako.ok());
        m_residentCode = hanako->residentCode;
        m_address = hanako->addressDisplay;
        issuance::IssuanceService issuance(*db);
        auto a = issuance.apply(hanako->residentCode, *issuer);
        QVERIFY(a.ok());
        QVERIFY(issuance.advance(a->id, issuance::State::ProductionRequested, {}, *issuer).ok());
        QVERIFY(sync::SyncEngine(*db, *enrollment).syncOnce(QStringLiteral("issuer")).ok());

        const QString cards = m_dir.filePath(QStringLiteral("cards"));
        const test::ProcessRun produced =
            admin({QStringLiteral("produce"), QStringLiteral("--vcard-dir"), cards});
        QVERIFY2(produced.code == 0, qPrintable(produced.err));
        m_serial = produced.out.trimmed();
        QCOMPARE(m_serial.size(), 12);
        m_profile = QDir(cards).filePath(m_serial + QStringLiteral(".json"));
        QVERIFY(QFile::exists(m_profile));
        // The workstation learns the same serial.
        QVERIFY(sync::SyncEngine(*db, *enrollment).syncOnce(QStringLiteral("issuer")).ok());
        QCOMPARE(issuance.get(a->id)->cardSerial, m_serial);
        m_central.terminate();
        m_central.waitForFinished(10000);
    }

    void cleanup() { m_vcard.remove(); }

    void profileCardShowsCentralsSerial()
    {
        QFile f(m_profile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject profile = QJsonDocument::fromJson(f.readAll()).object();
        // No key material and no certificates travel with a produced card.
        QCOMPARE(profile.value(QStringLiteral("jpki")).toString(), QStringLiteral("empty"));
        QVERIFY(!profile.contains(QStringLiteral("my_number")));
        QCOMPARE(profile.value(QStringLiteral("name")).toString(), QStringLiteral("髙橋　花子"));

        QVERIFY(m_vcard.insert(m_dir.filePath(QStringLiteral("export")),
                               {QStringLiteral("--profile"), m_profile}));
        CardService service;
        auto serial = service.call<QString>([](MyNumberCard& c) { return c.readCardSerial(); });
        QVERIFY2(serial.ok(), qPrintable(serial.errorMessage()));
        QCOMPARE(*serial, m_serial);
        // Unissued: no PIN set yet.
        for (Pin pin : {Pin::Sign, Pin::Auth, Pin::Helper, Pin::Juki}) {
            auto st = service.call<PinState>([pin](MyNumberCard& c) { return c.pinState(pin); });
            QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
            QVERIFY(!st->set);
        }
        // No certificates on it, and the terminal says so.
        for (Certificate which : {Certificate::Auth, Certificate::AuthCa, Certificate::SignCa}) {
            auto cert = service.call<QByteArray>(
                [which](MyNumberCard& c) { return c.readCertificate(which); });
            QVERIFY(!cert.ok());
            QCOMPARE(cert.error().code, QStringLiteral("card.no_certificate"));
            QVERIFY2(
                cert.errorMessage().contains(QStringLiteral("no certificate on the card yet")) ||
                    cert.errorMessage().contains(QStringLiteral("証明書")),
                qPrintable(cert.errorMessage()));
        }
    }

    void producedCardMakesItsKeysAtTheCounter()
    {
        QVERIFY(m_vcard.insert(m_dir.filePath(QStringLiteral("export")),
                               {QStringLiteral("--profile"), m_profile}));
        CardService service;
        // The key is made on the card; its certificate EF stays empty until written.
        auto pub = service.call<QByteArray>([](MyNumberCard& c) -> Result<QByteArray> {
            if (Status st = c.issuerAuthenticate(kIssuanceKey); !st) {
                return st.error();
            }
            return c.generateKeyPair(Key::Auth);
        });
        QVERIFY2(pub.ok(), qPrintable(pub.errorMessage()));
        QVERIFY(pub->startsWith("-----BEGIN PUBLIC KEY-----"));
        auto cert = service.call<QByteArray>(
            [](MyNumberCard& c) { return c.readCertificate(Certificate::Auth); });
        QVERIFY(!cert.ok());
        QCOMPARE(cert.error().code, QStringLiteral("card.no_certificate"));
    }

    // The holder's items on the card are the register's, as central received them.
    void producedCardCarriesTheRegistersItems()
    {
        QVERIFY(m_vcard.insert(m_dir.filePath(QStringLiteral("export")),
                               {QStringLiteral("--profile"), m_profile}));
        CardService service;
        // At hand-over the holder chooses the helper PIN, and the issuer sets it.
        Status set = service.run([](MyNumberCard& c) -> Status {
            if (Status st = c.issuerAuthenticate(kIssuanceKey, Pin::Helper); !st) {
                return st;
            }
            return c.setInitialPin(Pin::Helper, QStringLiteral("7306"));
        });
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        auto info = service.call<CardBasicInfo>(
            [](MyNumberCard& c) { return c.readBasicInfo(QStringLiteral("7306")); });
        QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
        QCOMPARE(info->name, QStringLiteral("髙橋　花子"));
        QCOMPARE(info->address, m_address);
        QCOMPARE(info->birthDate, test::hanako().person.birthDate);
        QCOMPARE(info->sex, QStringLiteral("2"));
    }

    void cardWithoutSerialSaysSo()
    {
        QVERIFY(m_vcard.insert(m_dir.filePath(QStringLiteral("export"))));
        CardService service;
        auto serial = service.call<QString>([](MyNumberCard& c) { return c.readCardSerial(); });
        QVERIFY(!serial.ok());
        QCOMPARE(serial.error().code, QStringLiteral("card.no_serial"));
        // A card made with its serial given on the command line reads it back.
        QVERIFY(m_vcard.insert(m_dir.filePath(QStringLiteral("export")),
                               {QStringLiteral("--card-serial"), QStringLiteral("MC0000000422")}));
        auto given = service.call<QString>([](MyNumberCard& c) { return c.readCardSerial(); });
        QVERIFY2(given.ok(), qPrintable(given.errorMessage()));
        QCOMPARE(*given, QStringLiteral("MC0000000422"));
    }
};

QTEST_GUILESS_MAIN(TestProducedCard)
#include "tst_producedcard.moc"
