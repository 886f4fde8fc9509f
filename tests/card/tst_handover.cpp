// The hand-over at the counter end to end, as the card issuer runs it (madoguchi-cli issuance
// hand-over), against the real PC/SC stack (pcscd, vpcd, the virtual card fresh from production:
// no PIN set) and a running central that issues the certificates: the holder's four PINs set,
// both keys made on the card, the certificates written, read back and verified with openssl,
// the application issued with its validity date. And the ways it goes wrong: a card that is not
// the holder's, a card pulled out half-way (flagged, then resumed), a suspension after loss that
// revokes the certificates at central.
#include "CentralProcess.h"
#include "TestSupport.h"
#include "VirtualCard.h"
#include "ids/Identifiers.h"
#include "issuance/HandOver.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"
#include "sync/SyncEngine.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;

namespace {

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

QJsonObject jsonOf(const QString& text)
{
    return QJsonDocument::fromJson(text.trimmed().toUtf8()).object();
}

} // namespace

class TestHandOver : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    test::VirtualCard m_vcard;
    std::unique_ptr<test::CentralProcess> m_central;
    sync::Enrollment m_enrollment;
    Database m_db;
    test::Staff m_staff;
    Resident m_holder; // the current test's card holder
    QString m_myNumber;
    int m_cards = 0;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A new resident of the register (each test its own, since a resident has one application
    // on its way at a time) with her individual number, known to central through sync.
    bool newHolder(const QString& givenName, const QDate& birth)
    {
        NewResident n = test::hanako();
        n.person.givenName = givenName;
        n.person.birthDate = birth;
        auto r = RegistryService(m_db).registerResident(n, MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                                        m_staff.clerk);
        if (!r) {
            qWarning() << r.errorMessage();
            return false;
        }
        m_holder = *r;
        const QString first11 = QStringLiteral("1234%1").arg(m_holder.id, 7, 10, QLatin1Char('0'));
        m_myNumber = first11 + QString::number(ids::myNumberCheckDigit(first11));
        if (!RegistryService(m_db).setMyNumber(m_holder.id, m_myNumber, m_staff.clerk)) {
            return false;
        }
        auto report = sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer"));
        return report.ok();
    }

    // A card as central produced it for the holder: her basic four, no PIN set yet. `extra`
    // adds options (a state file, a fault).
    bool insertFreshCard(const QStringList& extra = {})
    {
        return m_vcard.insert(path(QStringLiteral("card-%1").arg(++m_cards)),
                              QStringList{QStringLiteral("--unissued"), QStringLiteral("--name"),
                                          m_holder.familyName + QChar(0x3000) + m_holder.givenName,
                                          QStringLiteral("--birth"),
                                          m_holder.birthDate.toString(QStringLiteral("yyyyMMdd")),
                                          QStringLiteral("--sex"), QStringLiteral("2"),
                                          QStringLiteral("--my-number"), m_myNumber} +
                                  extra);
    }

    test::ProcessRun counter(const QStringList& args, const QMap<QString, QString>& more = {})
    {
        QMap<QString, QString> env{
            {QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("issuer")},
            {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("issuer-pass-1")},
            {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")},
            {QStringLiteral("MADOGUCHI_ISSUANCE_KEY"), QString::fromLatin1(kIssuanceKey.toHex())},
            {QStringLiteral("MADOGUCHI_PIN_SIGN"), QStringLiteral("HANAKO2026")},
            {QStringLiteral("MADOGUCHI_PIN_AUTH"), QStringLiteral("4821")},
            {QStringLiteral("MADOGUCHI_PIN_HELPER"), QStringLiteral("4822")},
            {QStringLiteral("MADOGUCHI_PIN_JUKI"), QStringLiteral("4823")}};
        for (auto it = more.cbegin(); it != more.cend(); ++it) {
            env.insert(it.key(), it.value());
        }
        return test::runProcess(qEnvironmentVariable("MADOGUCHI_CLI"),
                                QStringList{QStringLiteral("--db"), m_db.spec().path} + args, env,
                                {}, 120000);
    }

    // A new application for 花子, brought to identity_verified as the counter does.
    qint64 applicationAtIdentityVerified()
    {
        test::ProcessRun r = counter({QStringLiteral("issuance"), QStringLiteral("apply"),
                                      QStringLiteral("--resident"), m_holder.residentCode});
        if (r.code != 0) {
            qWarning() << r.err;
            return 0;
        }
        const qint64 id = jsonOf(r.out).value(QStringLiteral("id")).toInteger();
        for (const char* to :
             {"production_requested", "delivered", "notice_sent", "identity_verified"}) {
            r = counter({QStringLiteral("issuance"), QStringLiteral("advance"), QString::number(id),
                         QStringLiteral("--to"), QString::fromLatin1(to)});
            if (r.code != 0) {
                qWarning() << to << r.err;
                return 0;
            }
        }
        return id;
    }

    QJsonObject show(qint64 id)
    {
        const test::ProcessRun r = counter({QStringLiteral("issuance"), QStringLiteral("show"),
                                            QString::number(id), QStringLiteral("--json")});
        return r.code == 0 ? jsonOf(r.out) : QJsonObject();
    }

    QByteArray caBundle()
    {
        auto answer = sync::CentralClient(m_central->url())
                          .exchange("GET", QStringLiteral("/v1/pki/ca"), {}, {});
        return answer ? answer->body : QByteArray();
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY2(QFile::exists(qEnvironmentVariable("MADOGUCHI_VCARD")),
                 "run through ctest (MADOGUCHI_VCARD)");
        QVERIFY2(test::vpcdState() != card::ReaderState::NoService,
                 "pcscd is not running: run through ctest");
        m_central = std::make_unique<test::CentralProcess>(QStringLiteral(MADOGUCHI_CENTRAL),
                                                           path(QStringLiteral("central")));
        QVERIFY(QDir().mkpath(path(QStringLiteral("central"))));
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        QVERIFY2(m_central->addOperator(QStringLiteral("issuer"),
                                        QStringLiteral("card_issuer,clerk"),
                                        QStringLiteral("issuer-pass-1")),
                 qPrintable(m_central->errorString()));
        auto enrollment = m_central->enroll(QStringLiteral("counter-1"));
        QVERIFY2(enrollment.ok(), qPrintable(enrollment.errorMessage()));
        m_enrollment = *enrollment;

        // The register and its operators (the card issuer comes from central).
        qputenv("MADOGUCHI_KEY_DIR", path(QStringLiteral("keys")).toUtf8());
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        m_db = *db;
        auto staff = test::makeStaff(m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        QVERIFY(sync::saveEnrollment(m_db, m_enrollment).ok());
        for (int i = 0; i < 2; ++i) {
            auto report = sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer"));
            QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        }
    }

    void cleanup() { m_vcard.remove(); }

    void cleanupTestCase() { m_central.reset(); }

    // The whole counter flow: the card leaves with the holder's PINs, two keys made on it and
    // two certificates from central that verify with openssl; the application is issued.
    void handsOverAFreshCard()
    {
        QVERIFY(newHolder(QStringLiteral("花子"), QDate(1975, 3, 1)));
        const qint64 id = applicationAtIdentityVerified();
        QVERIFY(id > 0);
        QVERIFY(insertFreshCard());
        test::ProcessRun r = counter({QStringLiteral("issuance"), QStringLiteral("hand-over"),
                                      QString::number(id), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QJsonObject done = jsonOf(r.out);
        QCOMPARE(done.value(QStringLiteral("state")).toString(), QStringLiteral("issued"));
        QCOMPARE(done.value(QStringLiteral("resumed")).toBool(), false);
        // Valid until her 10th birthday after issuance (1 March), counted in Japan's time.
        const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(9 * 3600)).date();
        QCOMPARE(done.value(QStringLiteral("expires_on")).toString(),
                 issuance::cardValidUntil(today, QDate(1975, 3, 1)).toString(Qt::ISODate));
        const QString authSerial = done.value(QStringLiteral("auth_serial")).toString();
        const QString signSerial = done.value(QStringLiteral("sign_serial")).toString();
        QVERIFY(!authSerial.isEmpty());
        QVERIFY(!signSerial.isEmpty());
        QVERIFY(authSerial != signSerial);
        QVERIFY(done.value(QStringLiteral("apdus")).toInt() > 20);

        // The hand-over record is closed, not flagged.
        const QJsonObject handOver = show(id).value(QStringLiteral("hand_over")).toObject();
        QCOMPARE(handOver.value(QStringLiteral("step")).toString(), QStringLiteral("done"));
        QCOMPARE(handOver.value(QStringLiteral("interrupted")).toBool(), false);
        QCOMPARE(handOver.value(QStringLiteral("pins_done")).toArray().size(), 4);

        // The card as any reader sees it now: the holder's PINs, counters full.
        r = counter({QStringLiteral("card"), QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject tries = jsonOf(r.out).value(QStringLiteral("pin_tries")).toObject();
        QCOMPARE(tries.value(QStringLiteral("auth")).toInt(), 3);
        QCOMPARE(tries.value(QStringLiteral("sign")).toInt(), 5);
        r = counter({QStringLiteral("card"), QStringLiteral("read-basic"), QStringLiteral("--pin"),
                     QStringLiteral("4822"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(jsonOf(r.out).value(QStringLiteral("my_number")).toString(), m_myNumber);

        // Both certificates, read from the card, verify with openssl up to central's root and
        // carry the serials central issued.
        const QString certs = path(QStringLiteral("issued-certs"));
        r = counter({QStringLiteral("card"), QStringLiteral("certs"), QStringLiteral("--out"),
                     certs, QStringLiteral("--sign-pin"), QStringLiteral("HANAKO2026")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString bundle = path(QStringLiteral("ca-bundle.pem"));
        {
            QFile f(bundle);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const QByteArray pem = caBundle();
            QVERIFY(pem.contains("BEGIN CERTIFICATE"));
            f.write(pem);
        }
        for (const auto& [file, serial] : {std::pair{QStringLiteral("auth.pem"), authSerial},
                                           std::pair{QStringLiteral("sign.pem"), signSerial}}) {
            const QString cert = QDir(certs).filePath(file);
            const Openssl v = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"), bundle,
                                       QStringLiteral("-purpose"), QStringLiteral("any"), cert});
            QVERIFY2(v.code == 0, v.out + v.err);
            const Openssl s = openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                                       QStringLiteral("-serial"), QStringLiteral("-in"), cert});
            QCOMPARE(s.code, 0);
            QVERIFY2(QString::fromLatin1(s.out).trimmed().endsWith(serial, Qt::CaseInsensitive),
                     qPrintable(QString::fromLatin1(s.out) + u' ' + serial));
            // A key made on the card: the certificate's key is not the card's key at start.
            const Openssl pub = openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                                         QStringLiteral("-pubkey"), QStringLiteral("-in"), cert});
            QFile before(path(QStringLiteral("card-%1/%2-pub.pem"))
                             .arg(m_cards)
                             .arg(file.section(u'.', 0, 0)));
            QVERIFY(before.open(QIODevice::ReadOnly));
            QVERIFY(pub.out != before.readAll());
        }
        // Central lists both as valid for her.
        r = counter({QStringLiteral("pki"), QStringLiteral("list"), m_holder.residentCode});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(authSerial, Qt::CaseInsensitive) &&
                     r.out.contains(signSerial, Qt::CaseInsensitive),
                 qPrintable(r.out));

        // Handing over again is refused: the application has moved on.
        r = counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("identity")), qPrintable(r.err));

        // Lost: suspended at the counter; after sync central has revoked both certificates.
        r = counter({QStringLiteral("issuance"), QStringLiteral("advance"), QString::number(id),
                     QStringLiteral("--to"), QStringLiteral("suspended"),
                     QStringLiteral("--reason"), QStringLiteral("紛失届")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto report = sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        r = counter({QStringLiteral("pki"), QStringLiteral("verify"),
                     QDir(certs).filePath(QStringLiteral("auth.pem")), QStringLiteral("--central"),
                     m_central->url().toString()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("revoked")), qPrintable(r.out + r.err));
        // Found again: back to issued; a reissue goes to production again.
        r = counter({QStringLiteral("issuance"), QStringLiteral("advance"), QString::number(id),
                     QStringLiteral("--to"), QStringLiteral("reissue_requested"),
                     QStringLiteral("--reason"), QStringLiteral("紛失のため再交付")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = counter({QStringLiteral("issuance"), QStringLiteral("advance"), QString::number(id),
                     QStringLiteral("--to"), QStringLiteral("production_requested")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    // A card that is not the holder's (another person's basic four) is refused before any
    // certificate is made; the hand-over stays flagged with the reason.
    void refusesAnotherPersonsCard()
    {
        QVERIFY(newHolder(QStringLiteral("桜"), QDate(1990, 6, 15)));
        const qint64 id = applicationAtIdentityVerified();
        QVERIFY(id > 0);
        QVERIFY(m_vcard.insert(path(QStringLiteral("other-card")),
                               {QStringLiteral("--unissued"), QStringLiteral("--name"),
                                QStringLiteral("髙橋　桜"), QStringLiteral("--birth"),
                                QStringLiteral("19850412"), QStringLiteral("--my-number"),
                                m_myNumber}));
        test::ProcessRun r =
            counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("date of birth 1985-04-12")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("to resume")), qPrintable(r.err));
        const QJsonObject app = show(id);
        QCOMPARE(app.value(QStringLiteral("state")).toString(), QStringLiteral("pins_set"));
        const QJsonObject handOver = app.value(QStringLiteral("hand_over")).toObject();
        QCOMPARE(handOver.value(QStringLiteral("interrupted")).toBool(), true);
        QVERIFY(handOver.value(QStringLiteral("last_error"))
                    .toString()
                    .contains(QStringLiteral("not 髙橋　桜's")));
        QVERIFY(handOver.value(QStringLiteral("auth_serial")).toString().isEmpty());
        r = counter(
            {QStringLiteral("issuance"), QStringLiteral("interrupted"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        bool listed = false;
        for (const QJsonValue& v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
            listed = listed || v.toObject().value(QStringLiteral("application")).toInteger() == id;
        }
        QVERIFY(listed);
        // No certificate was issued at central for this attempt.
        r = counter({QStringLiteral("pki"), QStringLiteral("list"), m_holder.residentCode});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("valid")), qPrintable(r.out));
    }

    // The card is pulled out while its PINs are being set: the hand-over stops with the card
    // error, flagged with what was done; with the card back it resumes and finishes.
    void resumesAfterTheCardWasPulledOut()
    {
        QVERIFY(newHolder(QStringLiteral("葵"), QDate(2012, 2, 29)));
        const qint64 id = applicationAtIdentityVerified();
        QVERIFY(id > 0);
        const QString state = path(QStringLiteral("pulled-card.state"));
        // About 40 APDUs in: two or three PINs are set by then.
        QVERIFY(insertFreshCard({QStringLiteral("--state"), state, QStringLiteral("--fault"),
                                 QStringLiteral("drop-after:20")}));
        test::ProcessRun r =
            counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id)});
        QCOMPARE(r.code, 3); // the card went away
        QVERIFY2(r.err.contains(QStringLiteral("to resume")), qPrintable(r.err));
        QJsonObject handOver = show(id).value(QStringLiteral("hand_over")).toObject();
        QCOMPARE(handOver.value(QStringLiteral("interrupted")).toBool(), true);
        const int setBefore = int(handOver.value(QStringLiteral("pins_done")).toArray().size());
        QVERIFY2(setBefore >= 1 && setBefore < 4, qPrintable(QString::number(setBefore)));
        QVERIFY(!handOver.value(QStringLiteral("last_error")).toString().isEmpty());
        m_vcard.remove();

        // The same card again (its PINs kept in the state file).
        QVERIFY(insertFreshCard({QStringLiteral("--state"), state}));
        r = counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id),
                     QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QJsonObject done = jsonOf(r.out);
        QCOMPARE(done.value(QStringLiteral("resumed")).toBool(), true);
        QCOMPARE(done.value(QStringLiteral("state")).toString(), QStringLiteral("issued"));
        handOver = show(id).value(QStringLiteral("hand_over")).toObject();
        QCOMPARE(handOver.value(QStringLiteral("interrupted")).toBool(), false);
        QCOMPARE(handOver.value(QStringLiteral("pins_done")).toArray().size(), 4);
    }

    // The card central made for the application (its profile: the register's items, its serial,
    // no PIN, no key): another card in the reader is refused before anything is written; the
    // right one is handed over and its certificates name the card.
    void handsOverTheCardCentralMade()
    {
        QVERIFY(newHolder(QStringLiteral("結衣"), QDate(1988, 5, 5)));
        test::ProcessRun r = counter({QStringLiteral("issuance"), QStringLiteral("apply"),
                                      QStringLiteral("--resident"), m_holder.residentCode});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const qint64 id = jsonOf(r.out).value(QStringLiteral("id")).toInteger();
        r = counter({QStringLiteral("issuance"), QStringLiteral("advance"), QString::number(id),
                     QStringLiteral("--to"), QStringLiteral("production_requested")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer")).ok());
        const QString profiles = path(QStringLiteral("profiles"));
        r = m_central->run({QStringLiteral("admin"), QStringLiteral("produce"),
                            QStringLiteral("--vcard-dir"), profiles});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer")).ok());
        QJsonObject app = show(id);
        QCOMPARE(app.value(QStringLiteral("state")).toString(), QStringLiteral("delivered"));
        const QString serial = app.value(QStringLiteral("card_serial")).toString();
        QVERIFY(!serial.isEmpty());
        QVERIFY2(r.out.contains(serial), qPrintable(r.out));
        const QString profile = QDir(profiles).filePath(serial + QStringLiteral(".json"));
        QVERIFY(QFile::exists(profile));
        for (const char* to : {"notice_sent", "identity_verified"}) {
            r = counter({QStringLiteral("issuance"), QStringLiteral("advance"), QString::number(id),
                         QStringLiteral("--to"), QString::fromLatin1(to)});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }

        // Another card (another serial) in the reader: refused, the card left untouched.
        QVERIFY(m_vcard.insert(path(QStringLiteral("other-serial")),
                               {QStringLiteral("--profile"), profile,
                                QStringLiteral("--card-serial"), QStringLiteral("MC9999999990"),
                                QStringLiteral("--my-number"), m_myNumber}));
        r = counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("MC9999999990")) && r.err.contains(serial),
                 qPrintable(r.err));
        QCOMPARE(show(id).value(QStringLiteral("state")).toString(),
                 QStringLiteral("identity_verified"));
        r = counter({QStringLiteral("card"), QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(jsonOf(r.out).value(QStringLiteral("pin_tries")).toObject().isEmpty());
        m_vcard.remove();

        // The card central made.
        QVERIFY(m_vcard.insert(
            path(QStringLiteral("produced")),
            {QStringLiteral("--profile"), profile, QStringLiteral("--my-number"), m_myNumber}));
        r = counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id),
                     QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(jsonOf(r.out).value(QStringLiteral("state")).toString(), QStringLiteral("issued"));
        QCOMPARE(jsonOf(r.out).value(QStringLiteral("resumed")).toBool(), true);
        r = counter({QStringLiteral("pki"), QStringLiteral("list"), m_holder.residentCode});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.count(serial) == 2, qPrintable(r.out));
    }

    // PINs of the wrong form are refused before anything reaches the card.
    void refusesMalformedPins()
    {
        QVERIFY(newHolder(QStringLiteral("楓"), QDate(1968, 11, 3)));
        const qint64 id = applicationAtIdentityVerified();
        QVERIFY(id > 0);
        QVERIFY(insertFreshCard());
        const test::ProcessRun r =
            counter({QStringLiteral("issuance"), QStringLiteral("hand-over"), QString::number(id)},
                    {{QStringLiteral("MADOGUCHI_PIN_AUTH"), QStringLiteral("12a4")}});
        QCOMPARE(r.code, 2);
        QCOMPARE(show(id).value(QStringLiteral("state")).toString(),
                 QStringLiteral("identity_verified"));
        QVERIFY(!show(id).contains(QStringLiteral("hand_over")));
    }
};

QTEST_GUILESS_MAIN(TestHandOver)
#include "tst_handover.moc"
