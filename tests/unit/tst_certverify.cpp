// Verifying JPKI certificates against a CA bundle and CRLs (pki::verifyCertificateChain), and
// the CRL cache in the installation database (pki::CrlCache), on a hierarchy made here: a root,
// a signing CA and an authentication CA under it, end-entity certificates and CRLs, with the
// clock moved by a MockClock.
#include "TestPki.h"
#include "TestSupport.h"
#include "common/Clock.h"
#include "pki/CertVerify.h"
#include "pki/CrlCache.h"
#include "storage/Migrations.h"
#include "sync/CentralClient.h"

#include <QAtomicInt>
#include <QMap>
#include <QMutex>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>

using namespace madoguchi;
using namespace madoguchi::pki;
using madoguchi::test::makeTestCa;
using madoguchi::test::makeTestCrl;
using madoguchi::test::makeTestLeaf;
using madoguchi::test::TestCa;
using madoguchi::test::TestRevocation;

namespace {

QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

// A stand-in for central's public PKI endpoints: answers GET requests from a table of paths,
// on its own thread (the client blocks), and counts the requests.
class FakeCentral : public QThread
{
public:
    void setRoute(const QString& path, const QByteArray& body, int status = 200)
    {
        QMutexLocker lock(&m_mutex);
        m_routes[path] = {status, body};
    }
    int requests() const { return m_requests.loadAcquire(); }
    quint16 port() const { return quint16(m_port.loadAcquire()); }
    void stop() { m_stop.storeRelease(1); }

protected:
    void run() override
    {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost, 0)) {
            return;
        }
        m_port.storeRelease(server.serverPort());
        while (!m_stop.loadAcquire()) {
            if (!server.waitForNewConnection(50)) {
                continue;
            }
            std::unique_ptr<QTcpSocket> socket(server.nextPendingConnection());
            QByteArray head;
            while (!head.contains("\r\n\r\n") && socket->waitForReadyRead(2000)) {
                head += socket->readAll();
            }
            const QList<QByteArray> start = head.left(head.indexOf("\r\n")).split(' ');
            const QString path = QString::fromLatin1(start.value(1));
            m_requests.fetchAndAddOrdered(1);
            QPair<int, QByteArray> answer{404, QByteArray("not found")};
            {
                QMutexLocker lock(&m_mutex);
                answer = m_routes.value(path, answer);
            }
            socket->write("HTTP/1.1 " + QByteArray::number(answer.first) +
                          " X\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                          QByteArray::number(answer.second.size()) +
                          "\r\nConnection: close\r\n\r\n" + answer.second);
            socket->waitForBytesWritten(2000);
            socket->disconnectFromHost();
            if (socket->state() != QAbstractSocket::UnconnectedState) {
                socket->waitForDisconnected(2000);
            }
        }
    }

private:
    QMutex m_mutex;
    QMap<QString, QPair<int, QByteArray>> m_routes;
    QAtomicInt m_requests = 0;
    QAtomicInt m_port = 0;
    QAtomicInt m_stop = 0;
};

} // namespace

class TestCertVerify : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<MockClock> m_clock;

    // The hierarchy: valid 2025 to 2035, CRLs of 2026-11-25 due again on 2026-12-02.
    TestCa m_root, m_sign, m_auth;
    QByteArray m_bundle;
    QByteArray m_leaf, m_revokedLeaf, m_holdLeaf, m_futureLeaf, m_authLeaf;
    QByteArray m_signCrl, m_authCrl;
    // Another root with a signing CA of the same name, and a leaf under it.
    TestCa m_otherRoot, m_otherSign;
    QByteArray m_otherLeaf, m_otherSignCrl;

    const QDateTime m_now = utc("2026-11-26T09:00:00Z");

    CertVerification verify(const QByteArray& cert, const QList<QByteArray>& crls)
    {
        return verifyCertificateChain(cert, m_bundle, crls);
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        m_clock = std::make_shared<MockClock>(m_now);
        Clock::setInstance(m_clock);

        const QDateTime caFrom = utc("2025-01-01T00:00:00Z");
        const QDateTime caTo = utc("2035-01-01T00:00:00Z");
        m_root = makeTestCa(QStringLiteral("JPKI ルートCA"), nullptr, caFrom, caTo, 1);
        m_sign = makeTestCa(QStringLiteral("JPKI 署名用CA"), &m_root, caFrom, caTo, 2);
        m_auth = makeTestCa(QStringLiteral("JPKI 利用者証明用CA"), &m_root, caFrom, caTo, 3);
        m_bundle = m_root.certPem + m_sign.certPem + m_auth.certPem;

        const QDateTime from = utc("2026-01-01T00:00:00Z");
        const QDateTime to = utc("2027-01-01T00:00:00Z");
        m_leaf = makeTestLeaf(QStringLiteral("髙橋 花子"), m_sign, from, to, 0x1001);
        m_revokedLeaf = makeTestLeaf(QStringLiteral("山田 太郎"), m_sign, from, to, 0x1002);
        m_holdLeaf = makeTestLeaf(QStringLiteral("鈴木 一郎"), m_sign, from, to, 0x1003);
        m_futureLeaf =
            makeTestLeaf(QStringLiteral("佐藤 次郎"), m_sign, utc("2027-01-01T00:00:00Z"),
                         utc("2028-01-01T00:00:00Z"), 0x1004);
        m_authLeaf = makeTestLeaf(QStringLiteral("髙橋 花子"), m_auth, from, to, 0x2001);
        m_signCrl = makeTestCrl(
            m_sign, utc("2026-11-25T00:00:00Z"), utc("2026-12-02T00:00:00Z"),
            {{0x1002, utc("2026-11-20T12:00:00Z"), 1}, {0x1003, utc("2026-11-21T08:30:00Z"), 6}});
        m_authCrl =
            makeTestCrl(m_auth, utc("2026-11-25T00:00:00Z"), utc("2026-12-02T00:00:00Z"), {});

        m_otherRoot = makeTestCa(QStringLiteral("JPKI ルートCA"), nullptr, caFrom, caTo, 1);
        m_otherSign = makeTestCa(QStringLiteral("JPKI 署名用CA"), &m_otherRoot, caFrom, caTo, 2);
        m_otherLeaf = makeTestLeaf(QStringLiteral("偽 花子"), m_otherSign, from, to, 0x1001);
        m_otherSignCrl =
            makeTestCrl(m_otherSign, utc("2026-11-25T00:00:00Z"), utc("2026-12-02T00:00:00Z"), {});
    }

    void init() { m_clock->set(m_now); }

    void cleanupTestCase() { Clock::setInstance(nullptr); }

    void valid()
    {
        const CertVerification v = verify(m_leaf, {m_signCrl, m_authCrl});
        QVERIFY2(v.valid(), qPrintable(v.reason));
        QCOMPARE(v.status, CertStatus::Valid);
        QVERIFY2(v.subject.contains(QStringLiteral("CN=髙橋 花子")), qPrintable(v.subject));
        QVERIFY2(v.issuer.contains(QStringLiteral("CN=JPKI 署名用CA")), qPrintable(v.issuer));
        QCOMPARE(v.serial, QStringLiteral("1001"));
        QCOMPARE(v.notBefore, utc("2026-01-01T00:00:00Z"));
        QCOMPARE(v.notAfter, utc("2027-01-01T00:00:00Z"));
        QCOMPARE(v.reason, QStringLiteral("valid"));

        // The authentication CA's certificates against its own CRL; the CRL of the root is
        // optional (see validWithRootCrl).
        QVERIFY(verify(m_authLeaf, {m_authCrl}).valid());
        QVERIFY(verify(m_leaf, {m_signCrl}).valid());
    }

    void acceptsDerCertificatesAndPemCrls()
    {
        QByteArray pem = m_leaf;
        pem.replace("-----BEGIN CERTIFICATE-----", "");
        pem.replace("-----END CERTIFICATE-----", "");
        const QByteArray der = QByteArray::fromBase64(pem.trimmed());
        const QByteArray pemCrl =
            makeTestCrl(m_sign, utc("2026-11-25T00:00:00Z"), utc("2026-12-02T00:00:00Z"),
                        {{0x1002, utc("2026-11-20T12:00:00Z"), 1}}, true);
        QVERIFY(pemCrl.startsWith("-----BEGIN X509 CRL-----"));
        const CertVerification v = verify(der, {pemCrl});
        QVERIFY2(v.valid(), qPrintable(v.reason));
        QCOMPARE(verify(m_revokedLeaf, {pemCrl}).status, CertStatus::Revoked);

        auto info = readCrl(pemCrl);
        QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
        QCOMPARE(info->entries, 1);
        QCOMPARE(info->nextUpdate, utc("2026-12-02T00:00:00Z"));
        QVERIFY(info->issuer.contains(QStringLiteral("JPKI 署名用CA")));
    }

    void revoked()
    {
        const CertVerification v = verify(m_revokedLeaf, {m_signCrl, m_authCrl});
        QCOMPARE(v.status, CertStatus::Revoked);
        QCOMPARE(v.revokedAt, utc("2026-11-20T12:00:00Z"));
        QCOMPARE(v.revocationReason, QStringLiteral("keyCompromise"));
        QCOMPARE(v.reason, QStringLiteral("revoked on 2026-11-20 12:00 UTC (keyCompromise)"));
        QCOMPARE(v.serial, QStringLiteral("1002"));

        const CertVerification hold = verify(m_holdLeaf, {m_signCrl});
        QCOMPARE(hold.status, CertStatus::Revoked);
        QCOMPARE(hold.revocationReason, QStringLiteral("certificateHold"));
        QCOMPARE(hold.revokedAt, utc("2026-11-21T08:30:00Z"));

        // An entry without a reason code.
        const QByteArray noReason =
            makeTestCrl(m_sign, utc("2026-11-25T00:00:00Z"), utc("2026-12-02T00:00:00Z"),
                        {{0x1001, utc("2026-11-24T00:00:00Z"), -1}});
        const CertVerification plain = verify(m_leaf, {noReason});
        QCOMPARE(plain.status, CertStatus::Revoked);
        QCOMPARE(plain.revocationReason, QStringLiteral("unspecified"));
    }

    void reasonNames()
    {
        QCOMPARE(crlReasonName(1), QStringLiteral("keyCompromise"));
        QCOMPARE(crlReasonName(3), QStringLiteral("affiliationChanged"));
        QCOMPARE(crlReasonName(4), QStringLiteral("superseded"));
        QCOMPARE(crlReasonName(5), QStringLiteral("cessationOfOperation"));
        QCOMPARE(crlReasonName(6), QStringLiteral("certificateHold"));
        QCOMPARE(crlReasonName(-1), QStringLiteral("unspecified"));
    }

    void expired()
    {
        // A month after the certificate's notAfter, with a CRL current at that time.
        m_clock->set(utc("2027-02-01T09:00:00Z"));
        const QByteArray crl =
            makeTestCrl(m_sign, utc("2027-01-31T00:00:00Z"), utc("2027-02-07T00:00:00Z"), {});
        const CertVerification v = verify(m_leaf, {crl});
        QCOMPARE(v.status, CertStatus::Expired);
        QCOMPARE(v.reason, QStringLiteral("expired on 2027-01-01 00:00 UTC"));
        // The time can also be given.
        QCOMPARE(verifyCertificateChain(m_leaf, m_bundle, {m_signCrl}, m_now).status,
                 CertStatus::Valid);
    }

    void notYetValid()
    {
        const CertVerification v = verify(m_futureLeaf, {m_signCrl});
        QCOMPARE(v.status, CertStatus::NotYetValid);
        QVERIFY2(v.reason.contains(QStringLiteral("2027-01-01 00:00")), qPrintable(v.reason));
    }

    void untrustedIssuer()
    {
        // Same names, other keys: a chain from another root.
        CertVerification v = verify(m_otherLeaf, {m_signCrl, m_otherSignCrl});
        QCOMPARE(v.status, CertStatus::Untrusted);
        QVERIFY2(v.reason.contains(QStringLiteral("not trusted")) ||
                     v.reason.contains(QStringLiteral("does not verify")),
                 qPrintable(v.reason));
        // The other root's own intermediate given as well: still not our root.
        v = verifyCertificateChain(m_otherLeaf, m_bundle + m_otherSign.certPem, {m_otherSignCrl});
        QCOMPARE(v.status, CertStatus::Untrusted);
        // A bundle without a root trusts nothing.
        v = verifyCertificateChain(m_leaf, m_sign.certPem + m_auth.certPem, {m_signCrl});
        QCOMPARE(v.status, CertStatus::Untrusted);
        // A leaf of the authentication CA when only the signing CA is known.
        v = verifyCertificateChain(m_authLeaf, m_root.certPem + m_sign.certPem, {m_authCrl});
        QCOMPARE(v.status, CertStatus::Untrusted);
    }

    void noCrl()
    {
        CertVerification v = verify(m_leaf, {});
        QCOMPARE(v.status, CertStatus::NoCrl);
        QVERIFY2(v.reason.contains(QStringLiteral("JPKI 署名用CA")), qPrintable(v.reason));
        // The other CA's CRL does not count.
        v = verify(m_leaf, {m_authCrl});
        QCOMPARE(v.status, CertStatus::NoCrl);
    }

    void staleCrl()
    {
        // A day after the CRL's nextUpdate.
        m_clock->set(utc("2026-12-03T09:00:00Z"));
        CertVerification v = verify(m_leaf, {m_signCrl});
        QCOMPARE(v.status, CertStatus::CrlExpired);
        QCOMPARE(v.crlNextUpdate, utc("2026-12-02T00:00:00Z"));
        QVERIFY2(v.reason.contains(QStringLiteral("2026-12-02 00:00")), qPrintable(v.reason));
        // A revocation in a stale CRL still stands.
        QCOMPARE(verify(m_revokedLeaf, {m_signCrl}).status, CertStatus::Revoked);
        // A fresher CRL given as well wins, in either order.
        const QByteArray fresh =
            makeTestCrl(m_sign, utc("2026-12-02T00:00:00Z"), utc("2026-12-09T00:00:00Z"),
                        {{0x1002, utc("2026-11-20T12:00:00Z"), 1}});
        v = verify(m_leaf, {m_signCrl, fresh});
        QVERIFY2(v.valid(), qPrintable(v.reason));
        v = verify(m_leaf, {fresh, m_signCrl});
        QVERIFY2(v.valid(), qPrintable(v.reason));
    }

    void crlOfAnotherKeyIsNotUsed()
    {
        // A CRL with the signing CA's name from another key: as if there were none.
        const CertVerification v = verify(m_leaf, {m_otherSignCrl});
        QVERIFY2(v.status == CertStatus::NoCrl || v.status == CertStatus::Invalid,
                 qPrintable(v.reason));
        QVERIFY(!v.valid());
    }

    void rootCrlChecksTheCas()
    {
        const QByteArray rootCrl =
            makeTestCrl(m_root, utc("2026-11-01T00:00:00Z"), utc("2027-11-01T00:00:00Z"), {});
        CertVerification v = verify(m_leaf, {m_signCrl, rootCrl});
        QVERIFY2(v.valid(), qPrintable(v.reason));
        // The signing CA revoked by the root: its certificates are revoked with it.
        const QByteArray revokesSign =
            makeTestCrl(m_root, utc("2026-11-01T00:00:00Z"), utc("2027-11-01T00:00:00Z"),
                        {{2, utc("2026-10-31T00:00:00Z"), 2}});
        v = verify(m_leaf, {m_signCrl, revokesSign});
        QCOMPARE(v.status, CertStatus::Revoked);
        QCOMPARE(v.revocationReason, QStringLiteral("cACompromise"));
        QVERIFY2(v.reason.contains(QStringLiteral("JPKI 署名用CA")), qPrintable(v.reason));
    }

    void garbage()
    {
        QCOMPARE(verify(QByteArray("not a certificate"), {m_signCrl}).status, CertStatus::Invalid);
        QCOMPARE(verify(m_leaf, {QByteArray("not a CRL")}).status, CertStatus::Invalid);
    }

    // ---- the cache ----------------------------------------------------------------------

    void cacheStoresVerifiedCrls()
    {
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(Migrator::migrate(*db).ok());
        CrlCache cache(*db);
        QVERIFY(cache.caBundle()->isEmpty());
        // No bundle yet: nothing to check a CRL against.
        QVERIFY(!cache.store(QStringLiteral("sign"), m_signCrl).ok());

        QVERIFY(!cache.storeCaBundle(m_root.certPem + m_sign.certPem).ok());
        QVERIFY(!cache.storeCaBundle(m_otherRoot.certPem + m_sign.certPem + m_auth.certPem).ok());
        Status st = cache.storeCaBundle(m_bundle);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        QCOMPARE(*cache.caBundle(), m_bundle);

        st = cache.store(QStringLiteral("sign"), m_signCrl);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        auto c = cache.current(QStringLiteral("sign"));
        QVERIFY(c.ok() && c->has_value());
        QCOMPARE((*c)->der, m_signCrl);
        QCOMPARE((*c)->nextUpdate, utc("2026-12-02T00:00:00Z"));
        QCOMPARE((*c)->thisUpdate, utc("2026-11-25T00:00:00Z"));
        QCOMPARE((*c)->fetchedAt, m_now);
        QVERIFY((*c)->fresh);
        QVERIFY(!cache.current(QStringLiteral("auth"))->has_value());

        // The cached material verifies certificates.
        QVERIFY(verifyCertificateChain(m_leaf, *cache.caBundle(), *cache.crls()).valid());

        // Past nextUpdate the cached CRL is stale.
        m_clock->set(utc("2026-12-02T00:00:01Z"));
        QVERIFY(!(*cache.current(QStringLiteral("sign")))->fresh);
    }

    void cacheRefusesCrlOfTheWrongCa()
    {
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        QVERIFY(Migrator::migrate(*db).ok());
        CrlCache cache(*db);
        QVERIFY(cache.storeCaBundle(m_bundle).ok());
        // The authentication CA's CRL offered as the signing CA's.
        Status st = cache.store(QStringLiteral("sign"), m_authCrl);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("pki.crl_issuer"));
        // Same issuer name, another key (another root's signing CA).
        st = cache.store(QStringLiteral("sign"), m_otherSignCrl);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("pki.crl_signature"));
        QVERIFY(!cache.store(QStringLiteral("sign"), QByteArray("garbage")).ok());
        QVERIFY(!cache.store(QStringLiteral("root"), m_signCrl).ok());
        QVERIFY(!cache.current(QStringLiteral("sign"))->has_value());

        // An older CRL does not replace a newer one.
        const QByteArray newer =
            makeTestCrl(m_sign, utc("2026-11-26T00:00:00Z"), utc("2026-12-03T00:00:00Z"), {});
        QVERIFY(cache.store(QStringLiteral("sign"), newer).ok());
        st = cache.store(QStringLiteral("sign"), m_signCrl);
        QCOMPARE(st.error().code, QStringLiteral("pki.crl_older"));
        QCOMPARE((*cache.current(QStringLiteral("sign")))->der, newer);
    }

    void cacheRefreshesFromCentralWhenStale()
    {
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        QVERIFY(Migrator::migrate(*db).ok());
        FakeCentral central;
        central.setRoute(QStringLiteral("/v1/pki/ca"), m_bundle);
        central.setRoute(QStringLiteral("/v1/pki/crl?ca=sign"), m_signCrl);
        central.setRoute(QStringLiteral("/v1/pki/crl?ca=auth"), m_authCrl);
        central.start();
        QVERIFY(test::waitFor([&] { return central.port() != 0; }, 5000));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(central.port()));
        auto stop = qScopeGuard([&] {
            central.stop();
            central.wait();
        });

        CrlCache cache(*db);
        auto r = cache.refresh(url);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->fetched, (QStringList{QStringLiteral("sign"), QStringLiteral("auth")}));
        QCOMPARE(central.requests(), 3);
        QVERIFY(verifyCertificateChain(m_authLeaf, *cache.caBundle(), *cache.crls()).valid());

        // Fresh: central is not asked.
        r = cache.refresh(url);
        QVERIFY(r.ok());
        QVERIFY(r->fetched.isEmpty());
        QCOMPARE(r->stillFresh.size(), 2);
        QCOMPARE(central.requests(), 3);

        // Past nextUpdate: fetched again. Central serves a CRL signed by the wrong CA: refused,
        // and the cache keeps what it had.
        m_clock->set(utc("2026-12-02T06:00:00Z"));
        central.setRoute(QStringLiteral("/v1/pki/crl?ca=sign"), m_authCrl);
        r = cache.refresh(url);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(QStringLiteral("sign")), qPrintable(r.errorMessage()));
        QCOMPARE((*cache.current(QStringLiteral("sign")))->der, m_signCrl);

        const QByteArray nextSign =
            makeTestCrl(m_sign, utc("2026-12-02T00:00:00Z"), utc("2026-12-09T00:00:00Z"), {});
        const QByteArray nextAuth =
            makeTestCrl(m_auth, utc("2026-12-02T00:00:00Z"), utc("2026-12-09T00:00:00Z"), {});
        central.setRoute(QStringLiteral("/v1/pki/crl?ca=sign"), nextSign);
        central.setRoute(QStringLiteral("/v1/pki/crl?ca=auth"), nextAuth);
        r = cache.refresh(url);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->fetched.size(), 2);
        QCOMPARE((*cache.current(QStringLiteral("sign")))->der, nextSign);
        QVERIFY((*cache.current(QStringLiteral("auth")))->fresh);
        QVERIFY(verifyCertificateChain(m_leaf, *cache.caBundle(), *cache.crls()).valid());

        // Forced: fetched although fresh.
        const int before = central.requests();
        r = cache.refresh(url, true);
        QVERIFY(r.ok());
        QCOMPARE(central.requests(), before + 3);
    }
};

QTEST_GUILESS_MAIN(TestCertVerify)
#include "tst_certverify.moc"
