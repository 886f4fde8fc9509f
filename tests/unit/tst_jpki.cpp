// The JPKI certificate authority (core/pki/Jpki): the CA hierarchy, both certificate profiles,
// validity to the 5th birthday, CRLs and OCSP answers — each checked with the `openssl` command
// line, the verifier every relying party has.
#include "TestSupport.h"
#include "pki/Jpki.h"
#include "pki/Pki.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace madoguchi;
using namespace madoguchi::pki;

class TestJpki : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    jpki::Hierarchy m_ca;

    QString write(const QString& name, const QByteArray& data)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
            qFatal("cannot write %s", qPrintable(path));
        }
        return path;
    }

    // Runs openssl; stdout and stderr together.
    static std::pair<int, QString> openssl(const QStringList& args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("openssl"), args);
        p.waitForFinished(30000);
        return {p.exitCode(), QString::fromUtf8(p.readAll())};
    }

    static jpki::Holder hanako()
    {
        return {QStringLiteral("髙橋 花子"), QDate(1975, 3, 1), QStringLiteral("2"),
                QStringLiteral("神奈川県鎌倉市御成町1丁目2番3号")};
    }

    jpki::Issued issueFor(jpki::Kind kind, const QString& keyName)
    {
        auto key = generateEcKey();
        auto csr = makeCsr(*key, QStringLiteral("card"));
        write(keyName + QStringLiteral(".key"), *key);
        jpki::IssueRequest r;
        r.kind = kind;
        r.csrPem = *csr;
        r.holder = hanako();
        r.place = QStringLiteral("神奈川県鎌倉市");
        r.publicBase = QStringLiteral("http://127.0.0.1:8443");
        r.now = QDateTime(QDate(2026, 11, 26), QTime(3, 0), QTimeZone::utc());
        auto issued = jpki::issue(kind == jpki::Kind::Sign ? m_ca.signKey : m_ca.authKey,
                                  kind == jpki::Kind::Sign ? m_ca.signCert : m_ca.authCert, r);
        if (!issued) {
            qFatal("issue: %s", qPrintable(issued.errorMessage()));
        }
        return *issued;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        auto h = jpki::createHierarchy(QStringLiteral("Madoguchi JPKI (test)"),
                                       QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()));
        QVERIFY2(h.ok(), qPrintable(h.errorMessage()));
        m_ca = *h;
        write(QStringLiteral("root.pem"), m_ca.rootCert);
        write(QStringLiteral("sign-ca.pem"), m_ca.signCert);
        write(QStringLiteral("auth-ca.pem"), m_ca.authCert);
    }

    void caHierarchyVerifies()
    {
        auto [rc, out] = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                  m_dir.filePath(QStringLiteral("root.pem")),
                                  m_dir.filePath(QStringLiteral("sign-ca.pem")),
                                  m_dir.filePath(QStringLiteral("auth-ca.pem"))});
        QVERIFY2(rc == 0, qPrintable(out));
        std::tie(rc, out) =
            openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"),
                     QStringLiteral("-in"), m_dir.filePath(QStringLiteral("sign-ca.pem"))});
        QVERIFY2(out.contains(QStringLiteral("CA:TRUE, pathlen:0")) &&
                     out.contains(QStringLiteral("Certificate Sign, CRL Sign")),
                 qPrintable(out));
    }

    void validityEndsOnTheFifthBirthday_data()
    {
        QTest::addColumn<QDate>("issued");
        QTest::addColumn<QDate>("birth");
        QTest::addColumn<QDate>("until");
        QTest::newRow("birthday later in the year")
            << QDate(2026, 11, 26) << QDate(1975, 3, 1) << QDate(2031, 3, 1);
        QTest::newRow("birthday later this year")
            << QDate(2026, 1, 10) << QDate(1975, 3, 1) << QDate(2030, 3, 1);
        QTest::newRow("issued on the birthday")
            << QDate(2026, 11, 26) << QDate(1980, 11, 26) << QDate(2031, 11, 26);
        QTest::newRow("born on 29 February")
            << QDate(2026, 1, 10) << QDate(2000, 2, 29) << QDate(2030, 2, 28);
        QTest::newRow("born on 29 February, ends in a leap year")
            << QDate(2027, 3, 1) << QDate(2000, 2, 29) << QDate(2032, 2, 29);
    }

    void validityEndsOnTheFifthBirthday()
    {
        QFETCH(QDate, issued);
        QFETCH(QDate, birth);
        QFETCH(QDate, until);
        const QDateTime end = jpki::validUntil(issued, birth);
        QCOMPARE(end.date(), until);
        QCOMPARE(end.time(), QTime(23, 59, 59));
        QCOMPARE(end.offsetFromUtc(), 9 * 3600);
    }

    void signingCertificateProfile()
    {
        const jpki::Issued leaf = issueFor(jpki::Kind::Sign, QStringLiteral("sign-leaf"));
        const QString path = write(QStringLiteral("sign-leaf.pem"), leaf.pem);
        auto [rc, out] =
            openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                     m_dir.filePath(QStringLiteral("root.pem")), QStringLiteral("-untrusted"),
                     m_dir.filePath(QStringLiteral("sign-ca.pem")), path});
        QVERIFY2(rc == 0, qPrintable(out));
        std::tie(rc, out) = openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                                     QStringLiteral("-text"), QStringLiteral("-nameopt"),
                                     QStringLiteral("utf8"), QStringLiteral("-in"), path});
        QVERIFY2(out.contains(QStringLiteral("Digital Signature, Non Repudiation")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("1.2.392.200149.8.5.5.1")) &&
                     out.contains(QStringLiteral("1.2.392.200149.8.5.5.4")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("/v1/pki/crl?ca=sign")) &&
                     out.contains(QStringLiteral("OCSP - URI:http://127.0.0.1:8443/v1/pki/ocsp")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("Not After : Mar  1 14:59:59 2031 GMT")),
                 qPrintable(out));
        // The four basic items, as UTF-8, in the certificate's bytes.
        QVERIFY(QByteArray::fromBase64(leaf.pem.split('\n').mid(1, -1).join())
                    .contains(QStringLiteral("髙橋 花子").toUtf8()));
        QCOMPARE(leaf.serialHex.size(), 32);
        QCOMPARE(leaf.notAfter.toTimeZone(QTimeZone(9 * 3600)).date(), QDate(2031, 3, 1));
    }

    void authCertificateCarriesNoPersonalData()
    {
        const jpki::Issued leaf = issueFor(jpki::Kind::Auth, QStringLiteral("auth-leaf"));
        const QString path = write(QStringLiteral("auth-leaf.pem"), leaf.pem);
        auto [rc, out] =
            openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                     m_dir.filePath(QStringLiteral("root.pem")), QStringLiteral("-untrusted"),
                     m_dir.filePath(QStringLiteral("auth-ca.pem")), QStringLiteral("-purpose"),
                     QStringLiteral("sslclient"), path});
        QVERIFY2(rc == 0, qPrintable(out));
        std::tie(rc, out) = openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                                     QStringLiteral("-text"), QStringLiteral("-in"), path});
        QVERIFY2(out.contains(QStringLiteral("TLS Web Client Authentication")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("Subject Alternative Name")), qPrintable(out));
        QVERIFY(!leaf.pem.contains(QStringLiteral("花子").toUtf8()));
        QVERIFY(!QByteArray::fromBase64(leaf.pem.split('\n').mid(1, -1).join())
                     .contains(QStringLiteral("花子").toUtf8()));
    }

    void serialsAreUnpredictableAndUnique()
    {
        QSet<QString> seen;
        for (int i = 0; i < 20; ++i) {
            const QString s = issueFor(jpki::Kind::Auth, QStringLiteral("s")).serialHex;
            QCOMPARE(s.size(), 32); // 128 bits with the top bit clear
            QVERIFY(!seen.contains(s));
            seen.insert(s);
        }
    }

    void badRequestsAreRefused()
    {
        jpki::IssueRequest r;
        r.holder = hanako();
        r.csrPem = "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE "
                   "REQUEST-----\n";
        QCOMPARE(jpki::issue(m_ca.signKey, m_ca.signCert, r).error().code,
                 QStringLiteral("pki.csr"));
        // A CSR whose content was changed after it was signed: no proof of possession.
        auto key = generateEcKey();
        QByteArray csr = *makeCsr(*key, QStringLiteral("card"));
        QByteArray der = QByteArray::fromBase64(csr.split('\n').mid(1, 3).join());
        const int at = der.indexOf("card");
        QVERIFY(at > 0);
        der[at] = 'x';
        r.csrPem = "-----BEGIN CERTIFICATE REQUEST-----\n" + der.toBase64() +
                   "\n-----END CERTIFICATE REQUEST-----\n";
        auto refused = jpki::issue(m_ca.signKey, m_ca.signCert, r);
        QCOMPARE(refused.error().code, QStringLiteral("pki.csr"));
        r.csrPem = csr;
        r.holder.birthDate = QDate();
        QCOMPARE(jpki::issue(m_ca.signKey, m_ca.signCert, r).error().code,
                 QStringLiteral("pki.holder"));
    }

    void bridgeLinksAnotherDomain()
    {
        // An outside government CA (GPKI's part) and its own leaf, made here.
        const QDateTime now = QDateTime::currentDateTimeUtc().addDays(-1);
        auto outside = jpki::createHierarchy(QStringLiteral("Government PKI (test)"), now);
        QVERIFY(outside.ok());
        auto bridge = jpki::createBridge(QStringLiteral("Madoguchi JPKI"), now);
        QVERIFY2(bridge.ok(), qPrintable(bridge.errorMessage()));
        const auto& [bridgeKey, bridgeCert] = *bridge;
        // Both ways across the bridge: the outside root certifies the bridge, the bridge
        // certifies the JPKI root (and, for the other direction, the outside root).
        auto bridgeByOutside =
            jpki::crossCertify(outside->rootKey, outside->rootCert, bridgeCert, now, 5);
        auto jpkiByBridge = jpki::crossCertify(bridgeKey, bridgeCert, m_ca.rootCert, now, 5);
        auto outsideByBridge = jpki::crossCertify(bridgeKey, bridgeCert, outside->rootCert, now, 5);
        auto bridgeByJpki = jpki::crossCertify(m_ca.rootKey, m_ca.rootCert, bridgeCert, now, 5);
        QVERIFY(bridgeByOutside.ok() && jpkiByBridge.ok() && outsideByBridge.ok() &&
                bridgeByJpki.ok());
        const jpki::Issued leaf = issueFor(jpki::Kind::Sign, QStringLiteral("bridged"));
        const QString leafPath = write(QStringLiteral("bridged.pem"), leaf.pem);
        // A relying party that trusts only the outside root reaches a JPKI signing certificate.
        const QString chain = write(QStringLiteral("towards-jpki.pem"),
                                    *bridgeByOutside + *jpkiByBridge + m_ca.signCert);
        const QString outsideRoot = write(QStringLiteral("outside-root.pem"), outside->rootCert);
        auto [rc, out] =
            openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"), outsideRoot,
                     QStringLiteral("-untrusted"), chain, QStringLiteral("-show_chain"), leafPath});
        QVERIFY2(rc == 0 && out.contains(QStringLiteral("JPKI Bridge CA")), qPrintable(out));
        // Without the bridge's certificates there is no path.
        const QString signOnly = write(QStringLiteral("sign-only.pem"), m_ca.signCert);
        std::tie(rc, out) =
            openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"), outsideRoot,
                     QStringLiteral("-untrusted"), signOnly, leafPath});
        QVERIFY2(rc != 0, qPrintable(out));
        // And the other way: trusting the JPKI root, an outside CA's certificate validates.
        const QString back =
            write(QStringLiteral("towards-outside.pem"), *bridgeByJpki + *outsideByBridge);
        const QString outsideSignCa = write(QStringLiteral("outside-sign.pem"), outside->signCert);
        std::tie(rc, out) = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                     m_dir.filePath(QStringLiteral("root.pem")),
                                     QStringLiteral("-untrusted"), back, outsideSignCa});
        QVERIFY2(rc == 0, qPrintable(out));
        // Only CAs are cross-certified.
        QCOMPARE(jpki::crossCertify(bridgeKey, bridgeCert, leaf.pem, now, 5).error().code,
                 QStringLiteral("pki.cross"));
    }

    void crlAndOcspAgreeWithOpenssl()
    {
        const jpki::Issued good = issueFor(jpki::Kind::Sign, QStringLiteral("good"));
        const jpki::Issued gone = issueFor(jpki::Kind::Sign, QStringLiteral("gone"));
        const QString goodPath = write(QStringLiteral("good.pem"), good.pem);
        const QString gonePath = write(QStringLiteral("gone.pem"), gone.pem);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime revokedAt = now.addSecs(-3600);
        auto crl = jpki::makeCrl(m_ca.signKey, m_ca.signCert,
                                 {{gone.serialHex, revokedAt, jpki::Reason::AffiliationChanged}}, 7,
                                 now, now.addDays(1));
        QVERIFY2(crl.ok(), qPrintable(crl.errorMessage()));
        const QString crlDer = write(QStringLiteral("sign.crl"), *crl);
        auto [rc, out] =
            openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                     QStringLiteral("-in"), crlDer, QStringLiteral("-out"),
                     m_dir.filePath(QStringLiteral("sign.crl.pem")), QStringLiteral("-text")});
        QVERIFY2(rc == 0, qPrintable(out));
        const QStringList verify = {
            QStringLiteral("verify"),     QStringLiteral("-crl_check"),
            QStringLiteral("-CAfile"),    m_dir.filePath(QStringLiteral("root.pem")),
            QStringLiteral("-untrusted"), m_dir.filePath(QStringLiteral("sign-ca.pem")),
            QStringLiteral("-CRLfile"),   m_dir.filePath(QStringLiteral("sign.crl.pem"))};
        std::tie(rc, out) = openssl(verify + QStringList{goodPath});
        QVERIFY2(rc == 0, qPrintable(out));
        std::tie(rc, out) = openssl(verify + QStringList{gonePath});
        QVERIFY2(rc != 0 && out.contains(QStringLiteral("certificate revoked")), qPrintable(out));
        std::tie(rc, out) =
            openssl({QStringLiteral("crl"), QStringLiteral("-noout"), QStringLiteral("-text"),
                     QStringLiteral("-in"), m_dir.filePath(QStringLiteral("sign.crl.pem"))});
        QVERIFY2(out.contains(QStringLiteral("Affiliation Changed")) &&
                     out.contains(QStringLiteral("X509v3 CRL Number: \n                7")),
                 qPrintable(out));

        // OCSP: requests made by openssl, answered by us, checked by openssl.
        const QList<jpki::Ca> cas = {{m_ca.signKey, m_ca.signCert}, {m_ca.authKey, m_ca.authCert}};
        auto lookup = [&](int ca, const QString& serial) {
            jpki::CertState s;
            if (ca == 0 && (serial == good.serialHex || serial == gone.serialHex)) {
                s.known = true;
                s.revoked = serial == gone.serialHex;
                s.revokedAt = revokedAt;
                s.reason = jpki::Reason::AffiliationChanged;
            }
            return s;
        };
        auto ask = [&](const QString& certPath) {
            const QString reqPath = m_dir.filePath(QStringLiteral("req.der"));
            auto [code, text] =
                openssl({QStringLiteral("ocsp"), QStringLiteral("-issuer"),
                         m_dir.filePath(QStringLiteral("sign-ca.pem")), QStringLiteral("-cert"),
                         certPath, QStringLiteral("-reqout"), reqPath});
            if (code != 0) {
                return text;
            }
            QFile f(reqPath);
            f.open(QIODevice::ReadOnly);
            auto answer = jpki::ocspRespond(f.readAll(), cas, lookup, now, 60);
            if (!answer) {
                return answer.errorMessage();
            }
            const QString respPath = write(QStringLiteral("resp.der"), *answer);
            // -no_nonce: openssl compares with a request of its own; the nonce of ours is
            // checked below in the answer's text.
            return openssl({QStringLiteral("ocsp"), QStringLiteral("-no_nonce"),
                            QStringLiteral("-respin"), respPath, QStringLiteral("-resp_text"),
                            QStringLiteral("-issuer"),
                            m_dir.filePath(QStringLiteral("sign-ca.pem")), QStringLiteral("-cert"),
                            certPath, QStringLiteral("-CAfile"),
                            m_dir.filePath(QStringLiteral("root.pem"))})
                .second;
        };
        QString answer = ask(goodPath);
        QVERIFY2(answer.contains(QStringLiteral("Response verify OK")) &&
                     answer.contains(goodPath + QStringLiteral(": good")) &&
                     answer.contains(QStringLiteral("OCSP Nonce")),
                 qPrintable(answer));
        answer = ask(gonePath);
        QVERIFY2(answer.contains(gonePath + QStringLiteral(": revoked")) &&
                     answer.contains(QStringLiteral("affiliationChanged")),
                 qPrintable(answer));
        // A certificate of this CA that central never issued: unknown.
        const jpki::Issued stranger = issueFor(jpki::Kind::Sign, QStringLiteral("stranger"));
        const QString strangerPath = write(QStringLiteral("stranger.pem"), stranger.pem);
        answer = ask(strangerPath);
        QVERIFY2(answer.contains(strangerPath + QStringLiteral(": unknown")), qPrintable(answer));

        // Garbage is answered with "malformedRequest", not a crash.
        auto malformed = jpki::ocspRespond("not an OCSP request", cas, lookup, now, 60);
        QVERIFY(malformed.ok());
        const QString malformedPath = write(QStringLiteral("malformed.der"), *malformed);
        std::tie(rc, out) =
            openssl({QStringLiteral("ocsp"), QStringLiteral("-respin"), malformedPath,
                     QStringLiteral("-resp_text"), QStringLiteral("-noverify")});
        QVERIFY2(out.contains(QStringLiteral("malformedrequest")), qPrintable(out));
    }
    // makeCrl writes the revoked entries itself: they must be what OpenSSL would write (its
    // re-encoding of the parsed list is the same bytes), in serial order, signed.
    void crlEntriesAreOpensslsEncoding()
    {
        const QDateTime t(QDate(2026, 11, 26), QTime(3, 4, 5), QTimeZone::utc());
        const QList<jpki::Revoked> revoked = {
            {QStringLiteral("7F0123456789ABCDEF0123456789ABCD"), t, jpki::Reason::Superseded},
            {QStringLiteral("80000000000000000000000000000001"), t.addYears(30), // 2056
             jpki::Reason::KeyCompromise},
            {QStringLiteral("00AB"), t.addYears(-80), jpki::Reason::Unspecified}, // 1946
            {QStringLiteral("abcdef"), QDateTime(QDate(2050, 1, 1), QTime(0, 0), QTimeZone::utc()),
             jpki::Reason::CertificateHold},
            {QStringLiteral("1"),
             QDateTime(QDate(2049, 12, 31), QTime(23, 59, 59), QTimeZone::utc()),
             jpki::Reason::CessationOfOperation},
            {QStringLiteral("0123456789ABCDEF0123456789ABCDEF"), t.addDays(-1),
             jpki::Reason::AffiliationChanged},
        };
        auto crl = jpki::makeCrl(m_ca.signKey, m_ca.signCert, revoked, 42, t, t.addDays(1));
        QVERIFY2(crl.ok(), qPrintable(crl.errorMessage()));
        const auto* p = reinterpret_cast<const unsigned char*>(crl->constData());
        X509_CRL* parsed = d2i_X509_CRL(nullptr, &p, long(crl->size()));
        QVERIFY(parsed);
        QCOMPARE(p - reinterpret_cast<const unsigned char*>(crl->constData()), crl->size());
        // The signature, with the signing CA's key.
        {
            const QByteArray pem = m_ca.signCert;
            BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
            X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
            BIO_free(bio);
            QVERIFY(ca);
            QCOMPARE(X509_CRL_verify(parsed, X509_get0_pubkey(ca)), 1);
            X509_free(ca);
        }
        // Our tbsCertList, as it is in the DER, against OpenSSL's encoding of what it parsed.
        const auto* q = reinterpret_cast<const unsigned char*>(crl->constData());
        long length = 0;
        int tag = 0;
        int cls = 0;
        ASN1_get_object(&q, &length, &tag, &cls, long(crl->size()));
        const unsigned char* tbsStart = q;
        ASN1_get_object(&q, &length, &tag, &cls, long(crl->size()));
        const QByteArray ours(reinterpret_cast<const char*>(tbsStart),
                              qsizetype(q - tbsStart) + qsizetype(length));
        unsigned char* der = nullptr;
        const int n = i2d_re_X509_CRL_tbs(parsed, &der);
        const QByteArray theirs(reinterpret_cast<const char*>(der), n);
        OPENSSL_free(der);
        QCOMPARE(ours.toHex(), theirs.toHex());
        // Entries in serial order, with their dates and reasons.
        STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(parsed);
        QCOMPARE(sk_X509_REVOKED_num(entries), int(revoked.size()));
        for (int i = 1; i < sk_X509_REVOKED_num(entries); ++i) {
            QVERIFY(ASN1_INTEGER_cmp(
                        X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(entries, i - 1)),
                        X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(entries, i))) < 0);
        }
        for (const jpki::Revoked& r : revoked) {
            BIGNUM* bn = nullptr;
            BN_hex2bn(&bn, r.serialHex.toLatin1().constData());
            ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, nullptr);
            BN_free(bn);
            X509_REVOKED* entry = nullptr;
            QCOMPARE(X509_CRL_get0_by_serial(parsed, &entry, serial), 1);
            ASN1_INTEGER_free(serial);
            time_t at = time_t(r.at.toSecsSinceEpoch());
            QCOMPARE(ASN1_TIME_cmp_time_t(X509_REVOKED_get0_revocationDate(entry), at), 0);
            int critical = 0;
            auto* code = static_cast<ASN1_ENUMERATED*>(
                X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr));
            QCOMPARE(code ? ASN1_ENUMERATED_get(code) : 0L, long(r.reason));
            ASN1_ENUMERATED_free(code);
        }
        X509_CRL_free(parsed);

        // Nothing revoked: no list at all (RFC 5280), and still signed.
        auto none = jpki::makeCrl(m_ca.signKey, m_ca.signCert, {}, 43, t, t.addDays(1));
        QVERIFY(none.ok());
        p = reinterpret_cast<const unsigned char*>(none->constData());
        parsed = d2i_X509_CRL(nullptr, &p, long(none->size()));
        QVERIFY(parsed);
        QCOMPARE(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(parsed)), -1);
        X509_CRL_free(parsed);
        const QString path = write(QStringLiteral("empty.crl"), *none);
        auto [rc, out] =
            openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                     QStringLiteral("-in"), path, QStringLiteral("-noout"),
                     QStringLiteral("-CAfile"), m_dir.filePath(QStringLiteral("sign-ca.pem"))});
        QVERIFY2(rc == 0 && out.contains(QStringLiteral("verify OK")), qPrintable(out));

        QCOMPARE(jpki::makeCrl(m_ca.signKey, m_ca.signCert, {{QStringLiteral("12G4"), t}}, 44, t,
                               t.addDays(1))
                     .error()
                     .code,
                 QStringLiteral("pki.error"));
    }
};

QTEST_GUILESS_MAIN(TestJpki)
#include "tst_jpki.moc"
