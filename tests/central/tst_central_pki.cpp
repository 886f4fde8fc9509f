// JPKI on a running central: certificates issued on a card issuer's signed request and checked
// against central's index of residents, published (CA bundle, CRLs, OCSP) and checked with the
// `openssl` command line as any relying party would; renewal supersedes, a move recorded in a
// register revokes the signing certificate when it reaches central, a lost card revokes both.
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "issuance/Issuance.h"
#include "pki/Jpki.h"
#include "pki/Pki.h"
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
using namespace madoguchi::sync;

class TestCentralPki : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    QUrl m_url;
    QString m_db;
    Enrollment m_enrollment;
    Database m_register;
    Resident m_hanako;
    std::optional<test::Staff> m_staff;

    std::pair<int, QString> admin(const QStringList& args, const QString& password = {})
    {
        const test::ProcessRun r = test::runProcess(
            QStringLiteral(MADOGUCHI_CENTRAL),
            QStringList{QStringLiteral("--db"), m_db, QStringLiteral("admin")} + args,
            {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), password}});
        return {r.code, r.out + r.err};
    }

    static std::pair<int, QString> openssl(const QStringList& args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("openssl"), args);
        p.waitForFinished(30000);
        return {p.exitCode(), QString::fromUtf8(p.readAll())};
    }

    QString write(const QString& name, const QByteArray& data)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(data);
        return path;
    }

    QJsonObject holder(const Resident& r)
    {
        RegistryService registry(m_register);
        return {{QStringLiteral("name"), r.familyName + QStringLiteral("　") + r.givenName},
                {QStringLiteral("birth_date"), r.birthDate.toString(Qt::ISODate)},
                {QStringLiteral("sex"), r.sex == QStringLiteral("male")     ? QStringLiteral("1")
                                        : r.sex == QStringLiteral("female") ? QStringLiteral("2")
                                                                            : QStringLiteral("9")},
                {QStringLiteral("address"), registry.addressDisplay(r.address)}};
    }

    // A signed request to central as `login`; the answer's status and body.
    std::pair<int, QJsonObject> call(const QByteArray& method, const QString& path,
                                     const QJsonObject& body, const QString& login)
    {
        CentralClient client(m_url);
        auto r = client.signedRequest(
            m_enrollment, method, path,
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
            login);
        if (!r) {
            // Refusals come back as errors that carry central's problem text.
            return {0, QJsonObject{{QStringLiteral("error"), r.errorMessage()}}};
        }
        return {r->status, QJsonDocument::fromJson(r->body).object()};
    }

    std::pair<int, QJsonObject> request(const QString& kind, const QString& card,
                                        const QJsonObject& who, const QString& login,
                                        const QByteArray& csr = {})
    {
        QByteArray c = csr;
        if (c.isEmpty()) {
            c = *pki::makeCsr(*pki::generateEcKey(), QStringLiteral("card"));
        }
        return call("POST", QStringLiteral("/v1/pki/issue"),
                    {{QStringLiteral("kind"), kind},
                     {QStringLiteral("resident_code"), m_hanako.residentCode},
                     {QStringLiteral("card_id"), card},
                     {QStringLiteral("csr"), QString::fromLatin1(c)},
                     {QStringLiteral("place"), QStringLiteral("神奈川県鎌倉市")},
                     {QStringLiteral("holder"), who}},
                    login);
    }

    QByteArray get(const QString& path)
    {
        CentralClient client(m_url);
        auto r = client.exchange("GET", path, {}, {});
        return r && r->status == 200 ? r->body : QByteArray();
    }

    // openssl's verdict on a certificate with the chain and the current CRL from central.
    std::pair<int, QString> verifyWithCrl(const QString& certPath, const QString& ca)
    {
        write(QStringLiteral("crl.der"), get(QStringLiteral("/v1/pki/crl?ca=") + ca));
        openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                 QStringLiteral("-in"), m_dir.filePath(QStringLiteral("crl.der")),
                 QStringLiteral("-out"), m_dir.filePath(QStringLiteral("crl.pem"))});
        return openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"),
                        QStringLiteral("-CAfile"), m_dir.filePath(QStringLiteral("root.pem")),
                        QStringLiteral("-untrusted"),
                        m_dir.filePath(ca + QStringLiteral("-ca.pem")), QStringLiteral("-CRLfile"),
                        m_dir.filePath(QStringLiteral("crl.pem")), certPath});
    }

    QString ocsp(const QString& certPath, const QString& ca)
    {
        return openssl({QStringLiteral("ocsp"), QStringLiteral("-issuer"),
                        m_dir.filePath(ca + QStringLiteral("-ca.pem")), QStringLiteral("-cert"),
                        certPath, QStringLiteral("-url"),
                        m_url.toString() + QStringLiteral("/v1/pki/ocsp"),
                        QStringLiteral("-CAfile"), m_dir.filePath(QStringLiteral("root.pem"))})
            .second;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        m_db = m_dir.filePath(QStringLiteral("central.sqlite3"));
        m_central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--db"), m_db, QStringLiteral("--pki-dir"),
                         m_dir.filePath(QStringLiteral("pki"))});
        QVERIFY(m_central.waitForStarted());
        QVERIFY(m_central.waitForReadyRead(30000));
        const QString line = QString::fromLatin1(m_central.readLine()).trimmed();
        QVERIFY2(line.startsWith(QStringLiteral("listening on ")), qPrintable(line));
        m_url = QUrl(line.section(u' ', 2, 2));
        // The CA keys are files only central's user may read.
        const QStringList keys = QDir(m_dir.filePath(QStringLiteral("pki")))
                                     .entryList({QStringLiteral("*.key")}, QDir::Files);
        QCOMPARE(keys.size(), 3);
        QCOMPARE(QFile::permissions(m_dir.filePath(QStringLiteral("pki/")) + keys.first()) &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        auto [rc, text] = admin({QStringLiteral("operator-add"), QStringLiteral("--login"),
                                 QStringLiteral("issuer"), QStringLiteral("--role"),
                                 QStringLiteral("card_issuer,clerk")},
                                QStringLiteral("issuer-pass-1"));
        QVERIFY2(rc == 0, qPrintable(text));
        std::tie(rc, text) =
            admin({QStringLiteral("operator-add"), QStringLiteral("--login"),
                   QStringLiteral("clerk"), QStringLiteral("--role"), QStringLiteral("clerk")},
                  QStringLiteral("clerk-pass-12"));
        QVERIFY2(rc == 0, qPrintable(text));
        const test::ProcessRun code = test::runProcess(
            QStringLiteral(MADOGUCHI_CENTRAL),
            {QStringLiteral("--db"), m_db, QStringLiteral("admin"), QStringLiteral("enroll-code"),
             QStringLiteral("--terminal"), QStringLiteral("counter-1")});
        auto e = CentralClient(m_url).enroll(code.out.trimmed(), QStringLiteral("counter-1"));
        QVERIFY2(e.ok(), qPrintable(e.errorMessage()));
        m_enrollment = *e;

        // The register: 花子 registered here, and central learns of her through sync.
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        m_register = *db;
        auto staff = test::makeStaff(m_register);
        QVERIFY(staff.ok());
        m_staff = *staff;
        auto hanako = RegistryService(m_register)
                          .registerResident(test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                            m_staff->clerk);
        QVERIFY(hanako.ok());
        m_hanako = *hanako;
        auto report = SyncEngine(m_register, m_enrollment).syncOnce(QStringLiteral("issuer"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));

        // The published chain.
        const QByteArray bundle = get(QStringLiteral("/v1/pki/ca"));
        const QList<QByteArray> parts = bundle.split('\n');
        QByteArrayList certs;
        QByteArray current;
        for (const QByteArray& l : parts) {
            current += l + '\n';
            if (l.startsWith("-----END CERTIFICATE")) {
                certs << current;
                current.clear();
            }
        }
        QCOMPARE(certs.size(), 3);
        write(QStringLiteral("root.pem"), certs[0]);
        write(QStringLiteral("sign-ca.pem"), certs[1]);
        write(QStringLiteral("auth-ca.pem"), certs[2]);
    }

    void refusals()
    {
        const QJsonObject who = holder(m_hanako);
        // Only a card issuer registered on central.
        auto [status, body] =
            request(QStringLiteral("sign"), QStringLiteral("CARD-0"), who, QStringLiteral("clerk"));
        QVERIFY2(
            body.value(QStringLiteral("error")).toString().contains(QStringLiteral("pki.operator")),
            QJsonDocument(body).toJson().constData());
        // The basic four items must be central's.
        QJsonObject wrong = who;
        wrong.insert(QStringLiteral("birth_date"), QStringLiteral("1975-03-02"));
        std::tie(status, body) = request(QStringLiteral("sign"), QStringLiteral("CARD-0"), wrong,
                                         QStringLiteral("issuer"));
        const QString text = body.value(QStringLiteral("error")).toString();
        QVERIFY2(text.contains(QStringLiteral("pki.subject_mismatch")) &&
                     text.contains(QStringLiteral("birth_date")),
                 qPrintable(text));
        // A CSR that is not one.
        std::tie(status, body) = request(QStringLiteral("auth"), QStringLiteral("CARD-0"), who,
                                         QStringLiteral("issuer"), "garbage");
        QVERIFY2(body.value(QStringLiteral("error")).toString().contains(QStringLiteral("pki.csr")),
                 QJsonDocument(body).toJson().constData());
        // Nothing was issued.
        std::tie(status, body) =
            call("GET", QStringLiteral("/v1/pki/certificates?resident=") + m_hanako.residentCode,
                 {}, QStringLiteral("issuer"));
        QCOMPARE(status, 200);
        QCOMPARE(body.value(QStringLiteral("certificates")).toArray().size(), 0);
    }

    void issueVerifyRevoke()
    {
        const QJsonObject who = holder(m_hanako);
        auto [status, sign] = request(QStringLiteral("sign"), QStringLiteral("CARD-1"), who,
                                      QStringLiteral("issuer"));
        QVERIFY2(status == 201, QJsonDocument(sign).toJson().constData());
        auto [status2, auth] = request(QStringLiteral("auth"), QStringLiteral("CARD-1"), who,
                                       QStringLiteral("issuer"));
        QVERIFY2(status2 == 201, QJsonDocument(auth).toJson().constData());
        const QString signPath =
            write(QStringLiteral("sign1.pem"),
                  sign.value(QStringLiteral("certificate")).toString().toLatin1());
        const QString authPath =
            write(QStringLiteral("auth1.pem"),
                  auth.value(QStringLiteral("certificate")).toString().toLatin1());
        auto [rc, out] = verifyWithCrl(signPath, QStringLiteral("sign"));
        QVERIFY2(rc == 0, qPrintable(out));
        std::tie(rc, out) = verifyWithCrl(authPath, QStringLiteral("auth"));
        QVERIFY2(rc == 0, qPrintable(out));
        QString answer = ocsp(signPath, QStringLiteral("sign"));
        QVERIFY2(answer.contains(QStringLiteral("Response verify OK")) &&
                     answer.contains(signPath + QStringLiteral(": good")),
                 qPrintable(answer));

        // Renewal: a new signing certificate supersedes the old one.
        auto [status3, renewed] = request(QStringLiteral("sign"), QStringLiteral("CARD-1"), who,
                                          QStringLiteral("issuer"));
        QVERIFY2(status3 == 201, QJsonDocument(renewed).toJson().constData());
        QCOMPARE(renewed.value(QStringLiteral("superseded")).toInt(), 1);
        std::tie(rc, out) = verifyWithCrl(signPath, QStringLiteral("sign"));
        QVERIFY2(rc != 0 && out.contains(QStringLiteral("certificate revoked")), qPrintable(out));
        answer = ocsp(signPath, QStringLiteral("sign"));
        QVERIFY2(answer.contains(QStringLiteral("revoked")) &&
                     answer.contains(QStringLiteral("superseded")),
                 qPrintable(answer));
        const QString renewedPath =
            write(QStringLiteral("sign2.pem"),
                  renewed.value(QStringLiteral("certificate")).toString().toLatin1());

        // 転居 recorded in the register: the signing certificate is revoked when the move
        // reaches central; the authentication certificate stays good.
        auto moved =
            RegistryService(m_register)
                .relocate(m_hanako.id,
                          {QStringLiteral("142042"), QStringLiteral("2480005"),
                           QStringLiteral("雪ノ下"), QStringLiteral("3丁目5番8号"), QString()},
                          QDate(2026, 11, 1), m_staff->clerk);
        QVERIFY2(moved.ok(), qPrintable(moved.errorMessage()));
        auto report = SyncEngine(m_register, m_enrollment).syncOnce(QStringLiteral("issuer"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        std::tie(rc, out) = verifyWithCrl(renewedPath, QStringLiteral("sign"));
        QVERIFY2(rc != 0 && out.contains(QStringLiteral("certificate revoked")), qPrintable(out));
        answer = ocsp(renewedPath, QStringLiteral("sign"));
        QVERIFY2(answer.contains(renewedPath + QStringLiteral(": revoked")) &&
                     answer.contains(QStringLiteral("affiliationChanged")),
                 qPrintable(answer));
        QVERIFY2(
            ocsp(authPath, QStringLiteral("auth")).contains(authPath + QStringLiteral(": good")),
            qPrintable(ocsp(authPath, QStringLiteral("auth"))));
        // The old address no longer matches central's index; the new one does.
        std::tie(status, sign) = request(QStringLiteral("sign"), QStringLiteral("CARD-1"), who,
                                         QStringLiteral("issuer"));
        QVERIFY(sign.value(QStringLiteral("error")).toString().contains(QStringLiteral("address")));
        std::tie(status, sign) = request(QStringLiteral("sign"), QStringLiteral("CARD-1"),
                                         holder(*moved), QStringLiteral("issuer"));
        QVERIFY2(status == 201, QJsonDocument(sign).toJson().constData());

        // A lost card: both of its certificates.
        auto [status4, lost] = call("POST", QStringLiteral("/v1/pki/revoke"),
                                    {{QStringLiteral("card_id"), QStringLiteral("CARD-1")},
                                     {QStringLiteral("reason"), QStringLiteral("keyCompromise")}},
                                    QStringLiteral("issuer"));
        QCOMPARE(status4, 200);
        QCOMPARE(lost.value(QStringLiteral("revoked")).toInt(), 2);
        answer = ocsp(authPath, QStringLiteral("auth"));
        QVERIFY2(answer.contains(authPath + QStringLiteral(": revoked")) &&
                     answer.contains(QStringLiteral("keyCompromise")),
                 qPrintable(answer));
        std::tie(status, sign) =
            call("GET", QStringLiteral("/v1/pki/certificates?resident=") + m_hanako.residentCode,
                 {}, QStringLiteral("issuer"));
        // Four issued (signing, authentication, the renewal, the one after the move): each
        // revoked for its own reason.
        const QJsonArray all = sign.value(QStringLiteral("certificates")).toArray();
        QCOMPARE(all.size(), 4);
        QStringList reasons;
        for (const QJsonValue& v : all) {
            QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(),
                     QStringLiteral("revoked"));
            reasons << v.toObject().value(QStringLiteral("reason")).toString();
        }
        reasons.sort();
        QCOMPARE(reasons,
                 QStringList({QStringLiteral("affiliationChanged"), QStringLiteral("keyCompromise"),
                              QStringLiteral("keyCompromise"), QStringLiteral("superseded")}));
    }

    void fromTheCommandLine()
    {
        // The counter's terminal, enrolled, with central's operators synced: a card issuer
        // requests, lists and revokes from the command line; a clerk may not.
        const QString keys = m_dir.filePath(QStringLiteral("keys"));
        qputenv("MADOGUCHI_KEY_DIR", keys.toUtf8()); // this process and the CLI it starts
        QVERIFY(saveEnrollment(m_register, m_enrollment).ok());
        QVERIFY(SyncEngine(m_register, m_enrollment).syncOnce(QStringLiteral("issuer")).ok());
        auto moved = RegistryService(m_register).load(m_hanako.id);
        QVERIFY(moved.ok());
        const QString csr = write(QStringLiteral("cli.csr"),
                                  *pki::makeCsr(*pki::generateEcKey(), QStringLiteral("card")));
        auto cli = [&](const QStringList& args, const QString& login, const QString& password) {
            const test::ProcessRun r =
                test::runProcess(QStringLiteral(MADOGUCHI_CLI),
                                 QStringList{QStringLiteral("--db"), m_register.spec().path} + args,
                                 {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                                  {QStringLiteral("MADOGUCHI_PASSWORD"), password},
                                  {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
            return std::pair{r.code, r.out + r.err};
        };
        const QString out = m_dir.filePath(QStringLiteral("cli-auth.pem"));
        auto [rc, text] =
            cli({QStringLiteral("pki"), QStringLiteral("request"), QStringLiteral("auth"),
                 moved->residentCode, QStringLiteral("--csr"), csr, QStringLiteral("--card"),
                 QStringLiteral("CARD-2"), QStringLiteral("--out"), out},
                QStringLiteral("issuer"), QStringLiteral("issuer-pass-1"));
        QVERIFY2(rc == 0 && text.contains(QStringLiteral("issued auth certificate")),
                 qPrintable(text));
        QVERIFY2(ocsp(out, QStringLiteral("auth")).contains(out + QStringLiteral(": good")),
                 qPrintable(ocsp(out, QStringLiteral("auth"))));
        std::tie(rc, text) =
            cli({QStringLiteral("pki"), QStringLiteral("request"), QStringLiteral("auth"),
                 moved->residentCode, QStringLiteral("--csr"), csr, QStringLiteral("--card"),
                 QStringLiteral("CARD-2")},
                QStringLiteral("clerk"), QStringLiteral("clerk-pass-12"));
        QVERIFY2(rc == 3, qPrintable(text)); // a clerk does not issue cards
        std::tie(rc, text) = cli({QStringLiteral("pki"), QStringLiteral("revoke"),
                                  QStringLiteral("--card"), QStringLiteral("CARD-2"),
                                  QStringLiteral("--reason"), QStringLiteral("keyCompromise")},
                                 QStringLiteral("issuer"), QStringLiteral("issuer-pass-1"));
        QVERIFY2(rc == 0 && text.contains(QStringLiteral("1 certificate(s) revoked")),
                 qPrintable(text));
        std::tie(rc, text) =
            cli({QStringLiteral("pki"), QStringLiteral("list"), moved->residentCode},
                QStringLiteral("issuer"), QStringLiteral("issuer-pass-1"));
        QVERIFY2(rc == 0 && text.contains(QStringLiteral("CARD-2")) &&
                     text.contains(QStringLiteral("revoked")),
                 qPrintable(text));
        // And the client's own verifier agrees with central: revoked, with the reason.
        std::tie(rc, text) = cli({QStringLiteral("pki"), QStringLiteral("verify"), out},
                                 QStringLiteral("issuer"), QStringLiteral("issuer-pass-1"));
        QVERIFY2(rc == 1 && text.contains(QStringLiteral("keyCompromise")), qPrintable(text));
        QCOMPARE(m_register
                     .scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action IN "
                                            "('pki.request', 'pki.revoke')"))
                     ->toInt(),
                 2);
    }

    void bridgeTowardAnotherDomain()
    {
        // An outside government CA (made here) is cross-certified by central's bridge; the
        // outside root certifies the bridge in turn; a relying party trusting only the outside
        // root then validates a certificate central issued.
        const QDateTime now = QDateTime::currentDateTimeUtc().addDays(-1);
        auto outside = pki::jpki::createHierarchy(QStringLiteral("Government PKI (test)"), now);
        QVERIFY(outside.ok());
        const QString outsideRoot = write(QStringLiteral("outside-root.pem"), outside->rootCert);
        auto [rc, text] =
            admin({QStringLiteral("bridge-cross"), QStringLiteral("--external"), outsideRoot});
        QVERIFY2(rc == 0 && text.contains(QStringLiteral("BEGIN CERTIFICATE")), qPrintable(text));
        const QByteArray published = get(QStringLiteral("/v1/pki/bridge"));
        QVERIFY(published.count("BEGIN CERTIFICATE") == 4); // bridge, 2 × own root, outside
        const QByteArray bridgeCert =
            published.left(published.indexOf("-----END CERTIFICATE-----") + 26);
        auto bridgeByOutside =
            pki::jpki::crossCertify(outside->rootKey, outside->rootCert, bridgeCert, now, 5);
        QVERIFY2(bridgeByOutside.ok(), qPrintable(bridgeByOutside.errorMessage()));
        const QJsonObject who = holder(*RegistryService(m_register).load(m_hanako.id));
        auto [status, issued] = request(QStringLiteral("sign"), QStringLiteral("CARD-B"), who,
                                        QStringLiteral("issuer"));
        QVERIFY2(status == 201, QJsonDocument(issued).toJson().constData());
        const QString leaf =
            write(QStringLiteral("bridged-leaf.pem"),
                  issued.value(QStringLiteral("certificate")).toString().toLatin1());
        QFile signCa(m_dir.filePath(QStringLiteral("sign-ca.pem")));
        signCa.open(QIODevice::ReadOnly);
        // The path: outside root → bridge (by the outside root) → JPKI root (by the bridge) →
        // signing CA → the certificate.
        write(QStringLiteral("bridge-path.pem"), *bridgeByOutside + published + signCa.readAll());
        std::tie(rc, text) = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                      outsideRoot, QStringLiteral("-untrusted"),
                                      m_dir.filePath(QStringLiteral("bridge-path.pem")),
                                      QStringLiteral("-show_chain"), leaf});
        QVERIFY2(rc == 0 && text.contains(QStringLiteral("JPKI Bridge CA")), qPrintable(text));
    }

    void suspendingTheCardRevokesItsCertificates()
    {
        // The card is handed over at this counter, then reported lost: suspending it (recorded
        // here, maybe offline) revokes the holder's certificates when it reaches central.
        auto issuer = OperatorService(m_register)
                          .authenticate(QStringLiteral("issuer"), QStringLiteral("issuer-pass-1"));
        QVERIFY2(issuer.ok(), qPrintable(issuer.errorMessage()));
        auto resident = RegistryService(m_register).load(m_hanako.id);
        auto [status, sign] = request(QStringLiteral("sign"), QStringLiteral("CARD-S"),
                                      holder(*resident), QStringLiteral("issuer"));
        QVERIFY2(status == 201, QJsonDocument(sign).toJson().constData());
        const QString signPath =
            write(QStringLiteral("suspend-sign.pem"),
                  sign.value(QStringLiteral("certificate")).toString().toLatin1());
        issuance::IssuanceService cards(m_register);
        auto app = cards.apply(m_hanako.residentCode, *issuer);
        QVERIFY2(app.ok(), qPrintable(app.errorMessage()));
        for (issuance::State s : {issuance::State::ProductionRequested, issuance::State::Delivered,
                                  issuance::State::NoticeSent, issuance::State::IdentityVerified,
                                  issuance::State::PinsSet, issuance::State::Issued}) {
            QVERIFY(cards.advance(app->id, s, {}, *issuer).ok());
        }
        QVERIFY(
            cards.advance(app->id, issuance::State::Suspended, QStringLiteral("紛失届"), *issuer)
                .ok());
        QVERIFY(
            ocsp(signPath, QStringLiteral("sign")).contains(signPath + QStringLiteral(": good")));
        auto report = SyncEngine(m_register, m_enrollment).syncOnce(QStringLiteral("issuer"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        const QString answer = ocsp(signPath, QStringLiteral("sign"));
        QVERIFY2(answer.contains(signPath + QStringLiteral(": revoked")) &&
                     answer.contains(QStringLiteral("keyCompromise")),
                 qPrintable(answer));
    }

    void publicEndpointsTakeGarbage()
    {
        CentralClient client(m_url);
        auto r = client.exchange("POST", QStringLiteral("/v1/pki/ocsp"), "application/ocsp-request",
                                 "not DER at all");
        QVERIFY(r.ok());
        QCOMPARE(r->status, 200); // an OCSP answer that says malformedRequest
        const QString path = write(QStringLiteral("garbage.ocsp"), r->body);
        auto [rc, out] = openssl({QStringLiteral("ocsp"), QStringLiteral("-respin"), path,
                                  QStringLiteral("-resp_text"), QStringLiteral("-noverify")});
        QVERIFY2(out.contains(QStringLiteral("malformedrequest")), qPrintable(out));
        r = client.exchange("GET", QStringLiteral("/v1/pki/crl?ca=other"), {}, {});
        QVERIFY(r.ok());
        QCOMPARE(r->status, 400);
        r = client.exchange("DELETE", QStringLiteral("/v1/pki/ca"), {}, {});
        QVERIFY(r.ok());
        QCOMPARE(r->status, 405);
    }

    void cleanupTestCase()
    {
        m_central.terminate();
        m_central.waitForFinished(10000);
    }
};

QTEST_GUILESS_MAIN(TestCentralPki)
#include "tst_central_pki.moc"
