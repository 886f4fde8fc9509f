#include "sig/MessageSignature.h"

#include "common/Clock.h"
#include "crypto/OpenSsl.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QUrl>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace madoguchi::sig {

namespace {

Error sigError(const QString& why, const QString& code = QStringLiteral("sig.invalid"))
{
    return Error(why, code);
}

struct BioFree
{
    void operator()(BIO* b) const { BIO_free(b); }
};

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY* k)
{
    return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free);
}

QByteArray pathOf(const QByteArray& target)
{
    QByteArray t = target;
    if (const qsizetype scheme = t.indexOf("://"); scheme >= 0 && !t.startsWith('/')) {
        const qsizetype slash = t.indexOf('/', scheme + 3);
        t = slash < 0 ? QByteArray("/") : t.mid(slash);
    }
    const qsizetype q = t.indexOf('?');
    QByteArray path = q < 0 ? t : t.left(q);
    return path.isEmpty() ? QByteArray("/") : path;
}

QByteArray queryOf(const QByteArray& target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray("?") : target.mid(q);
}

QByteArray authorityOf(const HttpMessage& m)
{
    if (!m.target.startsWith('/') && m.target.contains("://")) {
        const qsizetype start = m.target.indexOf("://") + 3;
        const qsizetype end = m.target.indexOf('/', start);
        return m.target.mid(start, end < 0 ? -1 : end - start).toLower();
    }
    return m.field("host").value_or(QByteArray()).toLower();
}

} // namespace

std::optional<Algorithm> algorithmFromName(const QString& name)
{
    for (Algorithm a : {Algorithm::EcdsaP256Sha256, Algorithm::Ed25519, Algorithm::HmacSha256,
                        Algorithm::RsaPssSha512, Algorithm::RsaV15Sha256}) {
        if (algorithmName(a) == name) {
            return a;
        }
    }
    return std::nullopt;
}

QString algorithmName(Algorithm alg)
{
    switch (alg) {
    case Algorithm::EcdsaP256Sha256:
        return QStringLiteral("ecdsa-p256-sha256");
    case Algorithm::Ed25519:
        return QStringLiteral("ed25519");
    case Algorithm::HmacSha256:
        return QStringLiteral("hmac-sha256");
    case Algorithm::RsaPssSha512:
        return QStringLiteral("rsa-pss-sha512");
    case Algorithm::RsaV15Sha256:
        return QStringLiteral("rsa-v1_5-sha256");
    }
    return {};
}

Result<Key> loadKey(const QByteArray& data, bool hmacSecret)
{
    Key key;
    if (hmacSecret) {
        key.secret = data;
        key.isPrivate = true;
        return key;
    }
    const QByteArray trimmed = data.trimmed();
    if (!trimmed.startsWith("-----BEGIN")) {
        auto secret =
            QByteArray::fromBase64Encoding(trimmed, QByteArray::AbortOnBase64DecodingErrors);
        if (!secret || secret.decoded.isEmpty()) {
            return sigError(QCoreApplication::translate(
                                "Sig", "the key is neither PEM nor a base64 shared secret"),
                            QStringLiteral("sig.key"));
        }
        key.secret = secret.decoded;
        key.isPrivate = true;
        return key;
    }
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(trimmed.constData(), int(trimmed.size())));
    if (trimmed.contains("PRIVATE KEY")) {
        EVP_PKEY* k = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
        if (!k) {
            return sigError(ossl::errorString(QStringLiteral("private key")),
                            QStringLiteral("sig.key"));
        }
        key.pkey = wrap(k);
        key.isPrivate = true;
        return key;
    }
    if (trimmed.contains("CERTIFICATE")) {
        X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!cert) {
            return sigError(ossl::errorString(QStringLiteral("certificate")),
                            QStringLiteral("sig.key"));
        }
        key.pkey = wrap(X509_get_pubkey(cert));
        X509_free(cert);
        return key;
    }
    EVP_PKEY* k = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (!k) {
        return sigError(ossl::errorString(QStringLiteral("public key")), QStringLiteral("sig.key"));
    }
    key.pkey = wrap(k);
    return key;
}

std::optional<Algorithm> algorithmForKey(const Key& key)
{
    if (!key.pkey) {
        return Algorithm::HmacSha256;
    }
    if (EVP_PKEY_is_a(key.pkey.get(), "ED25519")) {
        return Algorithm::Ed25519;
    }
    if (EVP_PKEY_is_a(key.pkey.get(), "EC")) {
        return Algorithm::EcdsaP256Sha256;
    }
    return std::nullopt;
}

Result<QByteArray> componentValue(const HttpMessage& message, const sf::Item& component,
                                  const HttpMessage* request)
{
    if (component.value.type != sf::Bare::String) {
        return sigError(QCoreApplication::translate("Sig", "a component name must be a string"));
    }
    const QString name = component.value.string;
    const HttpMessage* m = &message;
    if (sf::param(component.params, QStringLiteral("req"))) {
        if (!request) {
            return sigError(QCoreApplication::translate(
                                "Sig", "component %1 refers to the request, which is not given")
                                .arg(name));
        }
        m = request;
    }
    if (name.startsWith(u'@')) {
        const bool needsRequest = name != QStringLiteral("@status");
        if (needsRequest && !m->isRequest) {
            return sigError(
                QCoreApplication::translate("Sig", "component %1 exists only in a request")
                    .arg(name));
        }
        if (name == QStringLiteral("@method")) {
            return m->method;
        }
        if (name == QStringLiteral("@target-uri")) {
            if (!m->target.startsWith('/')) {
                return m->target;
            }
            return m->scheme.toLower() + "://" + authorityOf(*m) + m->target;
        }
        if (name == QStringLiteral("@authority")) {
            return authorityOf(*m);
        }
        if (name == QStringLiteral("@scheme")) {
            return m->scheme.toLower();
        }
        if (name == QStringLiteral("@request-target")) {
            return m->target;
        }
        if (name == QStringLiteral("@path")) {
            return pathOf(m->target);
        }
        if (name == QStringLiteral("@query")) {
            return queryOf(m->target);
        }
        if (name == QStringLiteral("@query-param")) {
            const sf::Item* wanted = sf::param(component.params, QStringLiteral("name"));
            if (!wanted || wanted->value.type != sf::Bare::String) {
                return sigError(QCoreApplication::translate("Sig", "@query-param needs a name"));
            }
            const QByteArray query = queryOf(m->target).mid(1);
            for (const QByteArray& pair : query.split('&')) {
                const qsizetype eq = pair.indexOf('=');
                const QByteArray key = QByteArray::fromPercentEncoding(
                    QByteArray(eq < 0 ? pair : pair.left(eq)).replace('+', ' '));
                if (QString::fromUtf8(key) == wanted->value.string) {
                    const QByteArray value = QByteArray::fromPercentEncoding(
                        QByteArray(eq < 0 ? QByteArray() : pair.mid(eq + 1)).replace('+', ' '));
                    return QUrl::toPercentEncoding(QString::fromUtf8(value));
                }
            }
            return sigError(QCoreApplication::translate("Sig", "the query has no parameter %1")
                                .arg(wanted->value.string));
        }
        if (name == QStringLiteral("@status")) {
            if (m->isRequest) {
                return sigError(
                    QCoreApplication::translate("Sig", "@status exists only in a response"));
            }
            return QByteArray::number(m->status);
        }
        return sigError(
            QCoreApplication::translate("Sig", "unknown derived component %1").arg(name));
    }
    if (name != name.toLower()) {
        return sigError(
            QCoreApplication::translate("Sig", "field names are covered in lower case: %1")
                .arg(name));
    }
    auto values = m->values(name.toLatin1());
    if (!values) {
        return sigError(QCoreApplication::translate("Sig", "the message has no field %1").arg(name),
                        QStringLiteral("sig.missing_component"));
    }
    if (const sf::Item* key = sf::param(component.params, QStringLiteral("key"))) {
        auto dict = sf::parseDictionary(values->join(", "));
        if (!dict) {
            return dict.error();
        }
        for (const auto& [k, member] : *dict) {
            if (k == key->value.string) {
                if (const sf::Item* item = std::get_if<sf::Item>(&member)) {
                    return sf::serialize(*item);
                }
                return sf::serialize(std::get<sf::InnerList>(member));
            }
        }
        return sigError(QCoreApplication::translate("Sig", "field %1 has no member %2")
                            .arg(name, key->value.string),
                        QStringLiteral("sig.missing_component"));
    }
    if (sf::param(component.params, QStringLiteral("sf"))) {
        auto dict = sf::parseDictionary(values->join(", "));
        if (!dict) {
            return dict.error();
        }
        return sf::serialize(*dict);
    }
    return values->join(", ");
}

Result<QByteArray> signatureBase(const HttpMessage& message, const sf::InnerList& params,
                                 const HttpMessage* request)
{
    QByteArray base;
    QList<QByteArray> seen;
    for (const sf::Item& component : params.items) {
        const QByteArray id = sf::serialize(component);
        if (seen.contains(id)) {
            return sigError(QCoreApplication::translate("Sig", "component %1 is covered twice")
                                .arg(QString::fromLatin1(id)));
        }
        seen << id;
        auto value = componentValue(message, component, request);
        if (!value) {
            return value.error();
        }
        if (value->contains('\n') || value->contains('\r')) {
            return sigError(
                QCoreApplication::translate("Sig", "a component value holds a line break"));
        }
        base += id + ": " + *value + '\n';
    }
    base += "\"@signature-params\": " + sf::serialize(params);
    return base;
}

Result<QByteArray> signBase(Algorithm alg, const Key& key, const QByteArray& base)
{
    if (alg == Algorithm::HmacSha256) {
        if (key.secret.isEmpty()) {
            return sigError(QCoreApplication::translate("Sig", "hmac-sha256 needs a shared secret"),
                            QStringLiteral("sig.key"));
        }
        return ossl::hmacSha256(key.secret, base);
    }
    if (!key.pkey || !key.isPrivate) {
        return sigError(QCoreApplication::translate("Sig", "signing needs a private key"),
                        QStringLiteral("sig.key"));
    }
    ossl::MdCtx ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    const EVP_MD* md = alg == Algorithm::Ed25519        ? nullptr
                       : alg == Algorithm::RsaPssSha512 ? EVP_sha512()
                                                        : EVP_sha256();
    if (EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key.pkey.get()) != 1) {
        return sigError(ossl::errorString(QStringLiteral("sign")), QStringLiteral("sig.key"));
    }
    if (alg == Algorithm::RsaPssSha512) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 64);
    }
    size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(base.constData());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, size_t(base.size())) != 1) {
        return sigError(ossl::errorString(QStringLiteral("sign")));
    }
    QByteArray out(qsizetype(len), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, data,
                       size_t(base.size())) != 1) {
        return sigError(ossl::errorString(QStringLiteral("sign")));
    }
    out.truncate(qsizetype(len));
    if (alg != Algorithm::EcdsaP256Sha256) {
        return out;
    }
    // DER → raw r‖s, each 32 bytes big-endian (RFC 9421 §3.3.4).
    const auto* p = reinterpret_cast<const unsigned char*>(out.constData());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, long(out.size()));
    if (!es) {
        return sigError(ossl::errorString(QStringLiteral("ecdsa")));
    }
    QByteArray raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(es);
    return raw;
}

Status verifyBase(Algorithm alg, const Key& key, const QByteArray& base,
                  const QByteArray& signature)
{
    const Error mismatch =
        sigError(QCoreApplication::translate("Sig", "the signature does not match the message"),
                 QStringLiteral("sig.mismatch"));
    if (alg == Algorithm::HmacSha256) {
        if (key.secret.isEmpty()) {
            return sigError(QCoreApplication::translate("Sig", "hmac-sha256 needs a shared secret"),
                            QStringLiteral("sig.key"));
        }
        const QByteArray expected = ossl::hmacSha256(key.secret, base);
        if (expected.size() != signature.size() ||
            CRYPTO_memcmp(expected.constData(), signature.constData(), size_t(expected.size())) !=
                0) {
            return mismatch;
        }
        return {};
    }
    if (!key.pkey) {
        return sigError(QCoreApplication::translate("Sig", "verifying needs a public key"),
                        QStringLiteral("sig.key"));
    }
    QByteArray sig = signature;
    if (alg == Algorithm::EcdsaP256Sha256) {
        if (signature.size() != 64) {
            return sigError(QCoreApplication::translate(
                                "Sig", "an ecdsa-p256-sha256 signature has 64 bytes (r‖s), not %1")
                                .arg(signature.size()),
                            QStringLiteral("sig.mismatch"));
        }
        ECDSA_SIG* es = ECDSA_SIG_new();
        const auto* raw = reinterpret_cast<const unsigned char*>(signature.constData());
        ECDSA_SIG_set0(es, BN_bin2bn(raw, 32, nullptr), BN_bin2bn(raw + 32, 32, nullptr));
        unsigned char* der = nullptr;
        const int derLen = i2d_ECDSA_SIG(es, &der);
        sig = QByteArray(reinterpret_cast<const char*>(der), derLen);
        OPENSSL_free(der);
        ECDSA_SIG_free(es);
    }
    ossl::MdCtx ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    const EVP_MD* md = alg == Algorithm::Ed25519        ? nullptr
                       : alg == Algorithm::RsaPssSha512 ? EVP_sha512()
                                                        : EVP_sha256();
    if (EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key.pkey.get()) != 1) {
        return sigError(ossl::errorString(QStringLiteral("verify")), QStringLiteral("sig.key"));
    }
    if (alg == Algorithm::RsaPssSha512) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 64);
    }
    const int rc = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char*>(sig.constData()), size_t(sig.size()),
        reinterpret_cast<const unsigned char*>(base.constData()), size_t(base.size()));
    ossl::errorString(QString()); // drain the queue
    return rc == 1 ? Status() : Status(mismatch);
}

Result<QList<SignatureEntry>> signaturesOf(const HttpMessage& message)
{
    auto input = message.field("signature-input");
    auto sigs = message.field("signature");
    if (!input || !sigs) {
        return sigError(QCoreApplication::translate("Sig", "the message is not signed (no "
                                                           "Signature-Input or Signature field)"),
                        QStringLiteral("sig.unsigned"));
    }
    auto inputs = sf::parseDictionary(*input);
    if (!inputs) {
        return inputs.error();
    }
    auto values = sf::parseDictionary(*sigs);
    if (!values) {
        return values.error();
    }
    QList<SignatureEntry> out;
    for (const auto& [label, member] : *inputs) {
        const sf::InnerList* list = std::get_if<sf::InnerList>(&member);
        if (!list) {
            return sigError(
                QCoreApplication::translate("Sig", "Signature-Input %1 is not a list").arg(label));
        }
        SignatureEntry e;
        e.label = label;
        e.params = *list;
        for (const auto& [l, v] : *values) {
            const sf::Item* item = std::get_if<sf::Item>(&v);
            if (l == label && item && item->value.type == sf::Bare::ByteSequence) {
                e.signature = item->value.bytes;
            }
        }
        if (e.signature.isEmpty()) {
            return sigError(
                QCoreApplication::translate("Sig", "no Signature for label %1").arg(label));
        }
        out << e;
    }
    return out;
}

Result<SignatureEntry> verifyMessage(const HttpMessage& message, const Key& key,
                                     const VerifyOptions& options, const HttpMessage* request)
{
    auto entries = signaturesOf(message);
    if (!entries) {
        return entries.error();
    }
    const SignatureEntry* entry = nullptr;
    for (const SignatureEntry& e : std::as_const(*entries)) {
        if (options.label.isEmpty() || e.label == options.label) {
            entry = &e;
            break;
        }
    }
    if (!entry) {
        return sigError(
            QCoreApplication::translate("Sig", "no signature labelled %1").arg(options.label),
            QStringLiteral("sig.unsigned"));
    }
    std::optional<Algorithm> alg = options.algorithm;
    if (const sf::Item* a = sf::param(entry->params.params, QStringLiteral("alg"))) {
        auto named = algorithmFromName(a->value.string);
        if (!named) {
            return sigError(
                QCoreApplication::translate("Sig", "unknown algorithm %1").arg(a->value.string));
        }
        if (alg && *alg != *named) {
            return sigError(QCoreApplication::translate("Sig", "the signature says alg=%1")
                                .arg(a->value.string));
        }
        alg = named;
    }
    if (!alg) {
        alg = algorithmForKey(key);
    }
    if (!alg) {
        return sigError(QCoreApplication::translate("Sig", "say which algorithm (--alg)"),
                        QStringLiteral("sig.usage"));
    }
    for (const QString& required : options.requiredComponents) {
        bool covered = false;
        for (const sf::Item& c : entry->params.items) {
            // Only the component itself counts: "content-digest";key="sha-512" or
            // "@target-uri";req cover something else.
            covered = covered || (c.value.string == required && c.params.isEmpty());
        }
        if (!covered) {
            return sigError(
                QCoreApplication::translate("Sig", "the signature does not cover %1").arg(required),
                QStringLiteral("sig.missing_component"));
        }
    }
    if (options.maxAgeSeconds >= 0) {
        const sf::Item* created = sf::param(entry->params.params, QStringLiteral("created"));
        if (!created || created->value.type != sf::Bare::Integer) {
            return sigError(QCoreApplication::translate("Sig", "the signature has no created time"),
                            QStringLiteral("sig.expired"));
        }
        const qint64 now = (options.now.isValid() ? options.now : Clock::now()).toSecsSinceEpoch();
        const qint64 age = now - created->value.integer;
        if (age > options.maxAgeSeconds) {
            return sigError(
                QCoreApplication::translate("Sig", "the signature is %1 s old (at most %2)")
                    .arg(age)
                    .arg(options.maxAgeSeconds),
                QStringLiteral("sig.expired"));
        }
        if (-age > options.maxAgeSeconds) {
            return sigError(
                QCoreApplication::translate("Sig", "the signature was made %1 s in the future")
                    .arg(-age),
                QStringLiteral("sig.future"));
        }
        if (const sf::Item* expires = sf::param(entry->params.params, QStringLiteral("expires"));
            expires && expires->value.integer < now) {
            return sigError(QCoreApplication::translate("Sig", "the signature has expired"),
                            QStringLiteral("sig.expired"));
        }
    }
    auto base = signatureBase(message, entry->params, request);
    if (!base) {
        return base.error();
    }
    if (Status st = verifyBase(*alg, key, *base, entry->signature); !st) {
        return st.error();
    }
    return *entry;
}

Status signMessage(HttpMessage& message, const QString& label, const QStringList& components,
                   const sf::Parameters& params, Algorithm alg, const Key& key,
                   const HttpMessage* request)
{
    sf::InnerList list;
    for (const QString& c : components) {
        list.items << sf::Item::string(c);
    }
    list.params = params;
    auto base = signatureBase(message, list, request);
    if (!base) {
        return base.error();
    }
    auto signature = signBase(alg, key, *base);
    if (!signature) {
        return signature.error();
    }
    // Other signatures stay; this label's is replaced.
    auto keep = [&](const QByteArray& field, const QByteArray& value) {
        sf::Dictionary dict;
        if (auto existing = message.field(field)) {
            if (auto parsed = sf::parseDictionary(*existing)) {
                for (const auto& member : std::as_const(*parsed)) {
                    if (member.first != label) {
                        dict << member;
                    }
                }
            }
        }
        QByteArray out = sf::serialize(dict);
        out += (out.isEmpty() ? QByteArray() : QByteArray(", ")) + label.toLatin1() + '=' + value;
        message.setField(field, out);
    };
    keep("signature-input", sf::serialize(list));
    keep("signature", sf::serialize(sf::Item::bytes(*signature)));
    return {};
}

QByteArray contentDigest(const QByteArray& body)
{
    return "sha-256=:" + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toBase64() +
           ':';
}

Status checkContentDigest(const HttpMessage& message)
{
    auto field = message.field("content-digest");
    if (!field) {
        return sigError(QCoreApplication::translate("Sig", "the message has no Content-Digest"),
                        QStringLiteral("sig.digest"));
    }
    auto dict = sf::parseDictionary(*field);
    if (!dict) {
        return dict.error();
    }
    for (const auto& [alg, member] : *dict) {
        const sf::Item* item = std::get_if<sf::Item>(&member);
        if (alg == QStringLiteral("sha-256") && item &&
            item->value.type == sf::Bare::ByteSequence) {
            if (item->value.bytes !=
                QCryptographicHash::hash(message.body, QCryptographicHash::Sha256)) {
                return sigError(QCoreApplication::translate(
                                    "Sig", "the body does not match its Content-Digest"),
                                QStringLiteral("sig.digest"));
            }
            return {};
        }
    }
    return sigError(QCoreApplication::translate("Sig", "Content-Digest has no sha-256 member"),
                    QStringLiteral("sig.digest"));
}

} // namespace madoguchi::sig
