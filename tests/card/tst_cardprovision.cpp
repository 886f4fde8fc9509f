// Provisioning JPKI keys on the card at the counter, against the real PC/SC stack (pcscd with
// vpcd and the virtual card): issuer authentication with the issuance key, a new key pair made
// on the card, a CSR signed on the card, the certificate written to the card and read back, and
// the refusals without issuer authentication or with a wrong issuance key; and the whole counter
// flow with a certificate issued by a running central.
#include "CentralProcess.h"
#include "TestSupport.h"
#include "VirtualCard.h"
#include "card/CardService.h"
#include "pki/Jpki.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"
#include "sync/SyncEngine.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::card;
using madoguchi::test::vpcdState;

namespace {

// The virtual card's default issuance key: the ASCII bytes of madoguchi-test-issuance-key-0001.
const QByteArray kIssuanceKey = QByteArrayLiteral("madoguchi-test-issuance-key-0001");

struct Openssl
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Openssl openssl(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    Openssl r;
    if (!p.waitForFinished(30000)) {
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestCardProvision : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_export;
    test::VirtualCard m_vcard;
    pki::jpki::Hierarchy m_ca;

    bool insertCard(const QStringList& extra = {})
    {
        m_export =
            m_dir.filePath(QStringLiteral("card-%1").arg(QDateTime::currentMSecsSinceEpoch()));
        return m_vcard.insert(m_export, extra);
    }

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // The issuance key from MADOGUCHI_ISSUANCE_KEY, or (keyFile) from a file.
    test::ProcessRun cli(const QStringList& args, const QByteArray& issuanceKeyHex,
                         const QString& keyFile = {})
    {
        return test::runProcess(
            qEnvironmentVariable("MADOGUCHI_CLI"), QStringList{QStringLiteral("card")} + args,
            {{QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")},
             {QStringLiteral("MADOGUCHI_ISSUANCE_KEY"), QString::fromLatin1(issuanceKeyHex)},
             {QStringLiteral("MADOGUCHI_ISSUANCE_KEY_FILE"), keyFile}},
            {}, 60000);
    }

    static bool write(const QString& file, const QByteArray& data)
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
    }

    static QByteArray read(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // A signature by the card's key over `doc` verifies with the public key in pubPem.
    bool cardSignatureVerifies(const QString& key, const QString& pin, const QString& pubPem)
    {
        const QString doc = path(QStringLiteral("doc-%1.txt").arg(key));
        const QString sig = path(QStringLiteral("doc-%1.sig").arg(key));
        if (!write(doc, "申請書 " + key.toUtf8())) {
            return false;
        }
        const test::ProcessRun r =
            cli({QStringLiteral("sign"), QStringLiteral("--key"), key, QStringLiteral("--pin"), pin,
                 QStringLiteral("--in"), doc, QStringLiteral("--out"), sig},
                kIssuanceKey.toHex());
        if (r.code != 0) {
            qWarning() << "card sign:" << r.err;
            return false;
        }
        const Openssl v =
            openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                     pubPem, QStringLiteral("-signature"), sig, doc});
        return v.code == 0;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY2(QFile::exists(qEnvironmentVariable("MADOGUCHI_VCARD")),
                 "run through ctest (MADOGUCHI_VCARD)");
        QVERIFY2(vpcdState() != ReaderState::NoService, "pcscd is not running: run through ctest");
        auto h = pki::jpki::createHierarchy(QStringLiteral("Madoguchi JPKI (test)"),
                                            QDateTime::currentDateTimeUtc().addDays(-1));
        QVERIFY2(h.ok(), qPrintable(h.errorMessage()));
        m_ca = *h;
    }

    void cleanup() { m_vcard.remove(); }

    void refusedWithoutIssuerAuthentication()
    {
        QVERIFY(insertCard());
        CardService service;
        // READ BINARY of the certificate selects the JPKI application and its EF; neither
        // GENERATE nor UPDATE BINARY is allowed then.
        auto generated = service.call<QByteArray>([](MyNumberCard& card) -> Result<QByteArray> {
            if (auto cert = card.readCertificate(Certificate::Auth); !cert) {
                return cert.error();
            }
            return card.generateKeyPair(Key::Auth);
        });
        QVERIFY(!generated);
        QCOMPARE(generated.error().code, QStringLiteral("card.issuer_auth"));
        QVERIFY2(generated.error().message.contains(QStringLiteral("issuer authentication")),
                 qPrintable(generated.error().message));

        Status written = service.run([](MyNumberCard& card) -> Status {
            auto cert = card.readCertificate(Certificate::Auth);
            if (!cert) {
                return cert.error();
            }
            return card.writeCertificate(Certificate::Auth, *cert);
        });
        QVERIFY(!written);
        QCOMPARE(written.error().code, QStringLiteral("card.issuer_auth"));

        // Issuer authentication ends when the application is selected again.
        Status again = service.run([](MyNumberCard& card) -> Status {
            if (Status st = card.issuerAuthenticate(kIssuanceKey); !st) {
                return st;
            }
            if (auto cert = card.readCertificate(Certificate::AuthCa); !cert) {
                return cert.error();
            }
            auto key = card.generateKeyPair(Key::Auth);
            return key ? Status() : Status(key.error());
        });
        QVERIFY(!again);
        QCOMPARE(again.error().code, QStringLiteral("card.issuer_auth"));

        // The card's key and certificate are untouched.
        const QString certs = path(QStringLiteral("untouched"));
        const test::ProcessRun r =
            cli({QStringLiteral("certs"), QStringLiteral("--out"), certs}, {});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(read(QDir(certs).filePath(QStringLiteral("auth.pem"))),
                 read(QDir(m_export).filePath(QStringLiteral("auth.pem"))));
    }

    void wrongIssuanceKeyIsRefused()
    {
        QVERIFY(insertCard());
        CardService service;
        Status st = service.run([](MyNumberCard& card) -> Status {
            Status auth = card.issuerAuthenticate(QByteArray(32, '\x5A'));
            if (auth) {
                return {};
            }
            // The refused answer leaves the card unauthenticated.
            auto key = card.generateKeyPair(Key::Auth);
            if (key || key.error().code != QStringLiteral("card.issuer_auth")) {
                return Error(QStringLiteral("GENERATE was not refused after a wrong key"));
            }
            return auth;
        });
        QVERIFY(!st);
        QCOMPARE(st.error().code, QStringLiteral("card.issuer_key"));

        // From the command line, too: exit 1 with the reason, and no CSR.
        const QString csr = path(QStringLiteral("wrong-key.csr"));
        test::ProcessRun r =
            cli({QStringLiteral("provision"), QStringLiteral("--key"), QStringLiteral("auth"),
                 QStringLiteral("--pin"), QStringLiteral("1234"), QStringLiteral("--csr-out"), csr},
                QByteArray(64, 'a'));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("issuance key")), qPrintable(r.err));
        QVERIFY(!QFile::exists(csr));
        // A malformed issuance key is a usage error; nothing is sent.
        r = cli({QStringLiteral("provision"), QStringLiteral("--key"), QStringLiteral("auth"),
                 QStringLiteral("--pin"), QStringLiteral("1234"), QStringLiteral("--csr-out"), csr},
                "00112233");
        QCOMPARE(r.code, 2);

        // A card started with another issuance key accepts that one only.
        QVERIFY(insertCard({QStringLiteral("--issuer-key"), QString(64, u'7')}));
        QVERIFY(
            !service.run([](MyNumberCard& card) { return card.issuerAuthenticate(kIssuanceKey); }));
        QVERIFY(service.run(
            [](MyNumberCard& card) { return card.issuerAuthenticate(QByteArray(32, '\x77')); }));
    }

    void provisionsKeyAndCertificate_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("pin");
        QTest::newRow("auth") << QStringLiteral("auth") << QStringLiteral("1234");
        QTest::newRow("sign") << QStringLiteral("sign") << QStringLiteral("ABC123");
    }

    void provisionsKeyAndCertificate()
    {
        QFETCH(QString, key);
        QFETCH(QString, pin);
        QVERIFY(insertCard());
        const QString oldPub = QDir(m_export).filePath(key + QStringLiteral("-pub.pem"));

        // 1. A new key on the card and a CSR signed with it on the card.
        const QString csr = path(key + QStringLiteral(".csr"));
        test::ProcessRun r = cli({QStringLiteral("provision"), QStringLiteral("--key"), key,
                                  QStringLiteral("--pin"), pin, QStringLiteral("--csr-out"), csr},
                                 kIssuanceKey.toHex());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Openssl verify = openssl({QStringLiteral("req"), QStringLiteral("-verify"),
                                        QStringLiteral("-noout"), QStringLiteral("-in"), csr});
        QVERIFY2(verify.code == 0, verify.err.constData());
        const Openssl text = openssl({QStringLiteral("req"), QStringLiteral("-noout"),
                                      QStringLiteral("-text"), QStringLiteral("-in"), csr});
        QVERIFY(text.out.contains("sha256WithRSAEncryption"));
        QVERIFY(text.out.contains("(2048 bit)"));
        const Openssl pub = openssl({QStringLiteral("req"), QStringLiteral("-noout"),
                                     QStringLiteral("-pubkey"), QStringLiteral("-in"), csr});
        QCOMPARE(pub.code, 0);
        const QString csrPub = path(key + QStringLiteral("-csr-pub.pem"));
        QVERIFY(write(csrPub, pub.out));
        QVERIFY2(pub.out != read(oldPub), "the card kept its old key");
        // The card signs with the new key: the CSR's key.
        QVERIFY(cardSignatureVerifies(key, pin, csrPub));
        QVERIFY(!cardSignatureVerifies(key, pin, oldPub));

        // The old certificate was removed with the old key.
        QStringList certsArgs = {QStringLiteral("certs"), QStringLiteral("--out"),
                                 path(key + QStringLiteral("-empty"))};
        if (key == QStringLiteral("sign")) {
            certsArgs << QStringLiteral("--sign-pin") << pin;
        }
        r = cli(certsArgs, {});
        QCOMPARE(r.code, 1);

        // 2. The JPKI CA issues a certificate for the CSR (proof of possession checked there).
        pki::jpki::IssueRequest request;
        request.kind =
            key == QStringLiteral("auth") ? pki::jpki::Kind::Auth : pki::jpki::Kind::Sign;
        request.csrPem = read(csr);
        request.holder = {QStringLiteral("髙橋　花子"), QDate(1985, 4, 12), QStringLiteral("2"),
                          QStringLiteral("神奈川県鎌倉市御成町１８番１０号")};
        request.place = QStringLiteral("神奈川県鎌倉市");
        request.publicBase = QStringLiteral("http://127.0.0.1:8443");
        request.now = QDateTime::currentDateTimeUtc();
        const bool auth = request.kind == pki::jpki::Kind::Auth;
        auto issued = pki::jpki::issue(auth ? m_ca.authKey : m_ca.signKey,
                                       auth ? m_ca.authCert : m_ca.signCert, request);
        QVERIFY2(issued.ok(), qPrintable(issued.errorMessage()));
        const QString certPem = path(key + QStringLiteral("-cert.pem"));
        QVERIFY(write(certPem, issued->pem));

        // 3. Written to the card, read back by the CLI and by `card certs`, identical.
        QStringList writeArgs = {QStringLiteral("write-cert"), QStringLiteral("--key"), key,
                                 QStringLiteral("--in"), certPem};
        if (key == QStringLiteral("sign")) {
            writeArgs << QStringLiteral("--pin") << pin;
        }
        r = cli(writeArgs, {});
        QCOMPARE(r.code, 2); // without the issuance key: refused before the card
        QVERIFY2(r.err.contains(QStringLiteral("MADOGUCHI_ISSUANCE_KEY")), qPrintable(r.err));
        // The issuance key from a file this time (64 hex digits and a newline).
        const QString keyFile = path(QStringLiteral("issuance.key"));
        QVERIFY(write(keyFile, kIssuanceKey.toHex() + '\n'));
        r = cli(writeArgs, {}, keyFile);
        QVERIFY2(r.code == 0, qPrintable(r.err));

        const QString certs = path(key + QStringLiteral("-certs"));
        certsArgs[2] = certs;
        r = cli(certsArgs, {});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString readBack = QDir(certs).filePath(key + QStringLiteral(".pem"));
        const Openssl a = openssl({QStringLiteral("x509"), QStringLiteral("-outform"),
                                   QStringLiteral("DER"), QStringLiteral("-in"), readBack});
        const Openssl b = openssl({QStringLiteral("x509"), QStringLiteral("-outform"),
                                   QStringLiteral("DER"), QStringLiteral("-in"), certPem});
        QVERIFY(!a.out.isEmpty());
        QCOMPARE(a.out, b.out);

        // 4. A signature made now verifies with the new certificate's key.
        const Openssl certPub =
            openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-pubkey"),
                     QStringLiteral("-in"), readBack});
        const QString certPubPath = path(key + QStringLiteral("-cert-pub.pem"));
        QVERIFY(write(certPubPath, certPub.out));
        QVERIFY(cardSignatureVerifies(key, pin, certPubPath));
        const QString chain = path(key + QStringLiteral("-chain.pem"));
        QVERIFY(write(chain, (auth ? m_ca.authCert : m_ca.signCert) + m_ca.rootCert));
        const Openssl chainOk =
            openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"), chain, readBack});
        QVERIFY2(chainOk.code == 0, chainOk.out + chainOk.err);
    }

    // At the counter: a card issuer provisions the card's auth key, central issues the
    // certificate for the CSR signed on the card, the terminal writes it to the card, and a
    // signature by the card verifies with it.
    void counterFlowWithCentral()
    {
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("central"))));
        test::CentralProcess central(QStringLiteral(MADOGUCHI_CENTRAL),
                                     m_dir.filePath(QStringLiteral("central")));
        QVERIFY2(central.start(), qPrintable(central.errorString()));
        const QUrl url = central.url();
        QVERIFY2(central.addOperator(QStringLiteral("issuer"), QStringLiteral("card_issuer,clerk"),
                                     QStringLiteral("issuer-pass-1")),
                 qPrintable(central.errorString()));
        auto enrollment = central.enroll(QStringLiteral("counter-1"));
        QVERIFY2(enrollment.ok(), qPrintable(enrollment.errorMessage()));

        // The register with 花子, known to central through sync; the terminal enrolled.
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        auto reg = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(reg.ok());
        auto staff = test::makeStaff(*reg);
        QVERIFY(staff.ok());
        auto hanako = RegistryService(*reg).registerResident(test::hanako(), MoveKind::MoveIn,
                                                             QDate(2026, 4, 1), {}, staff->clerk);
        QVERIFY(hanako.ok());
        QVERIFY(sync::saveEnrollment(*reg, *enrollment).ok());
        for (int i = 0; i < 2; ++i) {
            auto report = sync::SyncEngine(*reg, *enrollment).syncOnce(QStringLiteral("issuer"));
            QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        }
        auto counter = [&](const QStringList& args) {
            return test::runProcess(
                qEnvironmentVariable("MADOGUCHI_CLI"),
                QStringList{QStringLiteral("--db"), reg->spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("issuer")},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("issuer-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")},
                 {QStringLiteral("MADOGUCHI_ISSUANCE_KEY"),
                  QString::fromLatin1(kIssuanceKey.toHex())}},
                {}, 60000);
        };

        QVERIFY(insertCard());
        const QString csr = path(QStringLiteral("counter.csr"));
        test::ProcessRun r =
            counter({QStringLiteral("card"), QStringLiteral("provision"), QStringLiteral("--key"),
                     QStringLiteral("auth"), QStringLiteral("--pin"), QStringLiteral("1234"),
                     QStringLiteral("--csr-out"), csr});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString cert = path(QStringLiteral("counter-auth.pem"));
        r = counter({QStringLiteral("pki"), QStringLiteral("request"), QStringLiteral("auth"),
                     hanako->residentCode, QStringLiteral("--csr"), csr, QStringLiteral("--card"),
                     QStringLiteral("CARD-PROV-1"), QStringLiteral("--out"), cert});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        r = counter({QStringLiteral("card"), QStringLiteral("write-cert"), QStringLiteral("--key"),
                     QStringLiteral("auth"), QStringLiteral("--in"), cert});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        const Openssl certPub = openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                                         QStringLiteral("-pubkey"), QStringLiteral("-in"), cert});
        const QString certPubPath = path(QStringLiteral("counter-auth-pub.pem"));
        QVERIFY(write(certPubPath, certPub.out));
        QVERIFY(cardSignatureVerifies(QStringLiteral("auth"), QStringLiteral("1234"), certPubPath));
        // The certificate on the card chains to central's published CA.
        const QString certs = path(QStringLiteral("counter-certs"));
        r = cli({QStringLiteral("certs"), QStringLiteral("--out"), certs}, {});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = counter({QStringLiteral("pki"), QStringLiteral("verify"),
                     QDir(certs).filePath(QStringLiteral("auth.pem")), QStringLiteral("--central"),
                     url.toString()});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    }
};

QTEST_GUILESS_MAIN(TestCardProvision)
#include "tst_cardprovision.moc"
