// HTTP Message Signatures (RFC 9421) against the RFC's own examples (Appendix B, files in
// tests/data/rfc9421 with their sources), and the refusals central relies on: a changed body,
// header or signature, the wrong key, an old or future-dated signature, a missing component.
#include "TestSupport.h"
#include "sig/MessageSignature.h"

#include <QFile>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::sig;

namespace {

QByteArray data(const QString& name)
{
    QFile f(QStringLiteral(MADOGUCHI_RFC9421_DIR "/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("missing test data %s", qPrintable(name));
    }
    return f.readAll();
}

Key key(const QString& name)
{
    auto k = loadKey(data(QStringLiteral("keys/") + name));
    if (!k) {
        qFatal("key %s: %s", qPrintable(name), qPrintable(k.errorMessage()));
    }
    return *k;
}

HttpMessage message(const QString& name)
{
    auto m = HttpMessage::parse(data(name));
    if (!m) {
        qFatal("message %s: %s", qPrintable(name), qPrintable(m.errorMessage()));
    }
    return *m;
}

// The B.2 request with one example's Signature-Input and Signature added.
HttpMessage signedRequest(const QString& example)
{
    HttpMessage m = message(QStringLiteral("messages/request.http"));
    m.setField("signature-input", data(example + QStringLiteral("/signature-input.txt")).trimmed());
    m.setField("signature", data(example + QStringLiteral("/signature.txt")).trimmed());
    return m;
}

QByteArray baseOf(const HttpMessage& m)
{
    auto entries = signaturesOf(m);
    if (!entries || entries->isEmpty()) {
        return {};
    }
    auto base = signatureBase(m, entries->first().params);
    return base ? *base : QByteArray();
}

} // namespace

class TestMessageSignature : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void basesMatchTheRfcByteForByte_data()
    {
        QTest::addColumn<QString>("example");
        for (const char* e : {"b21", "b22", "b23", "b25"}) {
            QTest::newRow(e) << QString::fromLatin1(e);
        }
    }
    void basesMatchTheRfcByteForByte()
    {
        QFETCH(QString, example);
        QCOMPARE(baseOf(signedRequest(example)),
                 data(example + QStringLiteral("/base.txt")).trimmed());
    }

    void verifiesB24ResponseEcdsa()
    {
        const HttpMessage m = message(QStringLiteral("b24/message.http"));
        QCOMPARE(baseOf(m), data(QStringLiteral("b24/base.txt")).trimmed());
        VerifyOptions o;
        o.algorithm = Algorithm::EcdsaP256Sha256;
        auto v = verifyMessage(m, key(QStringLiteral("test-key-ecc-p256.public.pem")), o);
        QVERIFY2(v.ok(), qPrintable(v.errorMessage()));
        QCOMPARE(v->label, QStringLiteral("sig-b24"));
        QCOMPARE(v->signature.size(), 64); // raw r‖s, not DER
    }

    void verifiesB26RequestEd25519()
    {
        const HttpMessage m = message(QStringLiteral("b26/message.http"));
        QCOMPARE(baseOf(m), data(QStringLiteral("b26/base.txt")).trimmed());
        auto v = verifyMessage(m, key(QStringLiteral("test-key-ed25519.public.pem")), {});
        QVERIFY2(v.ok(), qPrintable(v.errorMessage()));
        // ed25519 is deterministic: signing the same base gives the RFC's signature.
        auto again =
            signBase(Algorithm::Ed25519, key(QStringLiteral("test-key-ed25519.private.pem")),
                     data(QStringLiteral("b26/base.txt")).trimmed());
        QVERIFY(again.ok());
        QCOMPARE(*again, v->signature);
    }

    void verifiesB25Hmac()
    {
        const HttpMessage m = signedRequest(QStringLiteral("b25"));
        auto secret = loadKey(data(QStringLiteral("keys/test-shared-secret.b64")));
        QVERIFY(secret.ok());
        VerifyOptions o;
        o.algorithm = Algorithm::HmacSha256;
        auto v = verifyMessage(m, *secret, o);
        QVERIFY2(v.ok(), qPrintable(v.errorMessage()));
    }

    void verifiesB21ToB23RsaPss_data() { basesMatchTheRfcByteForByte_data(); }
    void verifiesB21ToB23RsaPss()
    {
        QFETCH(QString, example);
        if (example == QStringLiteral("b25")) {
            return; // hmac, above
        }
        VerifyOptions o;
        o.algorithm = Algorithm::RsaPssSha512;
        auto v = verifyMessage(signedRequest(example),
                               key(QStringLiteral("test-key-rsa-pss.public.pem")), o);
        QVERIFY2(v.ok(), qPrintable(v.errorMessage()));
    }

    void refusesTampering()
    {
        const Key pub = key(QStringLiteral("test-key-ed25519.public.pem"));
        // A covered header changed.
        HttpMessage m = message(QStringLiteral("b26/message.http"));
        m.setField("content-type", "text/plain");
        QCOMPARE(verifyMessage(m, pub, {}).error().code, QStringLiteral("sig.mismatch"));
        // The signature changed by one bit.
        m = message(QStringLiteral("b26/message.http"));
        QByteArray s = *m.field("signature");
        s[12] = s[12] == 'A' ? 'B' : 'A';
        m.setField("signature", s);
        QCOMPARE(verifyMessage(m, pub, {}).error().code, QStringLiteral("sig.mismatch"));
        // Another key.
        m = message(QStringLiteral("b26/message.http"));
        auto other = loadKey(data(QStringLiteral("keys/test-key-ecc-p256.public.pem")));
        VerifyOptions o;
        o.algorithm = Algorithm::Ed25519;
        QVERIFY(!verifyMessage(m, *other, o).ok());
        // A component that is required but not covered.
        o = {};
        o.requiredComponents = {QStringLiteral("content-digest")};
        QCOMPARE(verifyMessage(m, pub, o).error().code, QStringLiteral("sig.missing_component"));
        // A component with parameters is another component: "content-digest";key="sha-512"
        // does not cover content-digest.
        HttpMessage r2 = message(QStringLiteral("messages/request.http"));
        auto ecKey = key(QStringLiteral("test-key-ecc-p256.private.pem"));
        sf::InnerList partial;
        sf::Item member = sf::Item::string(QStringLiteral("content-digest"));
        member.params.append({QStringLiteral("key"), sf::Item::token(QStringLiteral("sha-512"))});
        partial.items = {sf::Item::string(QStringLiteral("@method")), member};
        auto partialBase = signatureBase(r2, partial);
        QVERIFY2(partialBase.ok(), qPrintable(partialBase.errorMessage()));
        r2.setField("signature-input", "sig1=" + sf::serialize(partial));
        r2.setField("signature", "sig1=" + sf::serialize(sf::Item::bytes(*signBase(
                                               Algorithm::EcdsaP256Sha256, ecKey, *partialBase))));
        o = {};
        o.algorithm = Algorithm::EcdsaP256Sha256;
        QVERIFY(verifyMessage(r2, key(QStringLiteral("test-key-ecc-p256.public.pem")), o).ok());
        o.requiredComponents = {QStringLiteral("content-digest")};
        QCOMPARE(
            verifyMessage(r2, key(QStringLiteral("test-key-ecc-p256.public.pem")), o).error().code,
            QStringLiteral("sig.missing_component"));
        // The body against its Content-Digest (the B.2 request's digest is sha-512 only).
        HttpMessage r = message(QStringLiteral("messages/request.http"));
        r.setField("content-digest", contentDigest(r.body));
        QVERIFY(checkContentDigest(r).ok());
        r.body = "{\"hello\": \"world!\"}";
        QCOMPARE(checkContentDigest(r).error().code, QStringLiteral("sig.digest"));
    }

    void timeWindow()
    {
        const HttpMessage m = message(QStringLiteral("b26/message.http")); // created=1618884473
        const Key pub = key(QStringLiteral("test-key-ed25519.public.pem"));
        VerifyOptions o;
        o.maxAgeSeconds = 300;
        o.now = QDateTime::fromSecsSinceEpoch(1618884473 + 200);
        QVERIFY(verifyMessage(m, pub, o).ok());
        o.now = QDateTime::fromSecsSinceEpoch(1618884473 + 301);
        QCOMPARE(verifyMessage(m, pub, o).error().code, QStringLiteral("sig.expired"));
        o.now = QDateTime::fromSecsSinceEpoch(1618884473 - 301);
        QCOMPARE(verifyMessage(m, pub, o).error().code, QStringLiteral("sig.future"));
    }

    void signsAndVerifiesEcdsaRoundTrip()
    {
        HttpMessage m = message(QStringLiteral("messages/request.http"));
        m.setField("content-digest", contentDigest(m.body));
        m.setField("madoguchi-operator", "clerk1");
        const QStringList components{QStringLiteral("@method"), QStringLiteral("@target-uri"),
                                     QStringLiteral("content-digest"),
                                     QStringLiteral("content-type"),
                                     QStringLiteral("madoguchi-operator")};
        sf::Parameters params{{QStringLiteral("created"), sf::Item::integer(1700000000)},
                              {QStringLiteral("nonce"), sf::Item::string(QStringLiteral("n-1"))},
                              {QStringLiteral("keyid"), sf::Item::string(QStringLiteral("t1"))}};
        QVERIFY(signMessage(m, QStringLiteral("sig1"), components, params,
                            Algorithm::EcdsaP256Sha256,
                            key(QStringLiteral("test-key-ecc-p256.private.pem")))
                    .ok());
        QVERIFY(m.field("signature-input")->contains("\"@target-uri\""));
        // Through the wire format and back.
        auto reparsed = HttpMessage::parse(m.serialize());
        QVERIFY(reparsed.ok());
        QCOMPARE(baseOf(*reparsed).split('\n').at(1),
                 QByteArray("\"@target-uri\": https://example.com/foo?param=Value&Pet=dog"));
        VerifyOptions o;
        o.algorithm = Algorithm::EcdsaP256Sha256;
        o.requiredComponents = components;
        auto v = verifyMessage(*reparsed, key(QStringLiteral("test-key-ecc-p256.public.pem")), o);
        QVERIFY2(v.ok(), qPrintable(v.errorMessage()));
        QCOMPARE(v->signature.size(), 64);
    }

    void malformedInputIsRefused_data()
    {
        QTest::addColumn<QByteArray>("signatureInput");
        QTest::newRow("not a list") << QByteArray("sig1=\"x\"");
        QTest::newRow("unclosed list") << QByteArray("sig1=(\"@method\";created=1");
        QTest::newRow("bad key") << QByteArray("Sig1=(\"@method\")");
        QTest::newRow("trailing comma") << QByteArray("sig1=(\"@method\"),");
        QTest::newRow("string with control") << QByteArray("sig1=(\"@me\x01thod\")");
    }
    void malformedInputIsRefused()
    {
        QFETCH(QByteArray, signatureInput);
        HttpMessage m = message(QStringLiteral("messages/request.http"));
        m.setField("signature-input", signatureInput);
        m.setField("signature", "sig1=:AAAA:");
        QVERIFY(!signaturesOf(m).ok());
        QVERIFY(!HttpMessage::parse("GARBAGE\r\n\r\n").ok());
        QVERIFY(!HttpMessage::parse("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n").ok());
        QVERIFY(!HttpMessage::parse("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort").ok());
    }
};

QTEST_GUILESS_MAIN(TestMessageSignature)
#include "tst_messagesignature.moc"
