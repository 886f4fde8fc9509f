#include "pki/Pki.h"

#include "crypto/OpenSsl.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace madoguchi::pki {

namespace {

using ossl::Bio;
using ossl::Pkey;
using X509Ptr = ossl::Cert;
using Req = std::unique_ptr<X509_REQ, ossl::Free<X509_REQ, X509_REQ_free>>;
using ossl::memBio;

Error fail(const QString& what)
{
    return Error(ossl::errorString(what), QStringLiteral("pki.error"));
}

QByteArray drain(BIO* bio)
{
    return ossl::bioData(bio);
}

Pkey readKey(const QByteArray& pem)
{
    Bio b = memBio(pem);
    return Pkey(PEM_read_bio_PrivateKey(b.get(), nullptr, nullptr, nullptr));
}

X509Ptr readCert(const QByteArray& pem)
{
    Bio b = memBio(pem);
    return X509Ptr(PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr));
}

Req readReq(const QByteArray& pem)
{
    Bio b = memBio(pem);
    return Req(PEM_read_bio_X509_REQ(b.get(), nullptr, nullptr, nullptr));
}

QByteArray certPem(X509* cert)
{
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(out.get(), cert);
    return drain(out.get());
}

void setName(X509_NAME* name, const QString& cn)
{
    const QByteArray utf8 = cn.toUtf8();
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("JP"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("Madoguchi"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(utf8.constData()), -1, -1, 0);
}

void addExt(X509* cert, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value)) {
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
}

bool isP256(EVP_PKEY* key)
{
    char group[64] = {0};
    size_t len = 0;
    return EVP_PKEY_is_a(key, "EC") &&
           EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof(group), &len) == 1 &&
           QByteArray(group) == "prime256v1";
}

} // namespace

Result<QByteArray> generateEcKey()
{
    Pkey key(EVP_EC_gen("P-256"));
    if (!key) {
        return fail(QStringLiteral("EC key"));
    }
    Bio out(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
        1) {
        return fail(QStringLiteral("EC key"));
    }
    return drain(out.get());
}

Result<QByteArray> publicKeyPem(const QByteArray& privateKeyPem)
{
    Pkey key = readKey(privateKeyPem);
    if (!key) {
        return fail(QStringLiteral("private key"));
    }
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(out.get(), key.get());
    return drain(out.get());
}

Result<QByteArray> makeCsr(const QByteArray& privateKeyPem, const QString& commonName)
{
    Pkey key = readKey(privateKeyPem);
    if (!key) {
        return fail(QStringLiteral("private key"));
    }
    Req req(X509_REQ_new());
    X509_REQ_set_version(req.get(), 0);
    setName(X509_REQ_get_subject_name(req.get()), commonName);
    X509_REQ_set_pubkey(req.get(), key.get());
    if (X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("CSR"));
    }
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_REQ(out.get(), req.get());
    return drain(out.get());
}

Result<QByteArray>
makeCsrSignedBy(const QByteArray& publicKeyPem, const QString& commonName,
                const std::function<Result<QByteArray>(const QByteArray& sha256)>& signDigest)
{
    Bio in = memBio(publicKeyPem);
    Pkey key(PEM_read_bio_PUBKEY(in.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        return fail(QStringLiteral("public key (RSA)"));
    }
    Req req(X509_REQ_new());
    X509_REQ_set_version(req.get(), 0);
    setName(X509_REQ_get_subject_name(req.get()), commonName);
    if (X509_REQ_set_pubkey(req.get(), key.get()) != 1) {
        return fail(QStringLiteral("CSR"));
    }
    // The algorithm is part of neither the TBS nor the hash, but set it first all the same.
    X509_ALGOR* algorithm = nullptr;
    X509_REQ_get0_signature(req.get(), nullptr, const_cast<const X509_ALGOR**>(&algorithm));
    if (!algorithm || X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256WithRSAEncryption),
                                      V_ASN1_NULL, nullptr) != 1) {
        return fail(QStringLiteral("CSR signature algorithm"));
    }
    unsigned char* tbs = nullptr;
    const int tbsLen = i2d_re_X509_REQ_tbs(req.get(), &tbs);
    if (tbsLen <= 0) {
        return fail(QStringLiteral("CSR"));
    }
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray(reinterpret_cast<const char*>(tbs), tbsLen), QCryptographicHash::Sha256);
    OPENSSL_free(tbs);
    auto signature = signDigest(digest);
    if (!signature) {
        return signature.error();
    }
    ASN1_BIT_STRING* bits = nullptr;
    X509_REQ_get0_signature(req.get(), const_cast<const ASN1_BIT_STRING**>(&bits), nullptr);
    if (!bits || ASN1_BIT_STRING_set(bits, reinterpret_cast<unsigned char*>(signature->data()),
                                     int(signature->size())) != 1) {
        return fail(QStringLiteral("CSR signature"));
    }
    // A whole number of bytes: no unused bits (else OpenSSL drops trailing zero bytes).
    bits->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
    bits->flags |= ASN1_STRING_FLAG_BITS_LEFT;
    if (X509_REQ_verify(req.get(), key.get()) != 1) {
        return Error(QCoreApplication::translate(
                         "Pki", "the signature over the certificate request does not verify "
                                "with its public key"),
                     QStringLiteral("pki.csr_signature"));
    }
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_REQ(out.get(), req.get());
    return drain(out.get());
}

Result<QByteArray> makeCaCertificate(const QByteArray& caKeyPem, const QString& commonName,
                                     int validDays)
{
    Pkey key = readKey(caKeyPem);
    if (!key) {
        return fail(QStringLiteral("CA key"));
    }
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validDays) * 86400);
    setName(X509_get_subject_name(cert.get()), commonName);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
    X509_set_pubkey(cert.get(), key.get());
    addExt(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    addExt(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    addExt(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("CA certificate"));
    }
    return certPem(cert.get());
}

Result<CsrInfo> readCsr(const QByteArray& csrPem)
{
    Req req = readReq(csrPem);
    if (!req) {
        return Error(QCoreApplication::translate("Pki", "the certificate request is not a PEM CSR"),
                     QStringLiteral("pki.csr"));
    }
    EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
    if (!key || X509_REQ_verify(req.get(), key) != 1) {
        ossl::errorString(QString());
        return Error(QCoreApplication::translate("Pki", "the certificate request's signature "
                                                        "does not verify"),
                     QStringLiteral("pki.csr"));
    }
    if (!isP256(key)) {
        return Error(QCoreApplication::translate("Pki", "the terminal key must be ECDSA P-256"),
                     QStringLiteral("pki.csr"));
    }
    CsrInfo info;
    X509_NAME* subject = X509_REQ_get_subject_name(req.get());
    const int idx = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (idx >= 0) {
        unsigned char* utf8 = nullptr;
        const int n =
            ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, idx)));
        if (n >= 0) {
            info.commonName = QString::fromUtf8(reinterpret_cast<const char*>(utf8), n);
            OPENSSL_free(utf8);
        }
    }
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(out.get(), key);
    info.publicKeyPem = drain(out.get());
    return info;
}

Result<QByteArray> issueCertificate(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                                    const QByteArray& csrPem, const QString& commonName,
                                    qint64 serial, int validDays)
{
    Pkey caKey = readKey(caKeyPem);
    X509Ptr caCert = readCert(caCertPem);
    Req req = readReq(csrPem);
    if (!caKey || !caCert || !req) {
        return fail(QStringLiteral("issue"));
    }
    if (auto info = readCsr(csrPem); !info) {
        return info.error();
    }
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validDays) * 86400);
    setName(X509_get_subject_name(cert.get()), commonName);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get()));
    X509_set_pubkey(cert.get(), X509_REQ_get0_pubkey(req.get()));
    addExt(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExt(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature");
    addExt(cert.get(), caCert.get(), NID_ext_key_usage, "clientAuth");
    addExt(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid:always");
    if (X509_sign(cert.get(), caKey.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("issue"));
    }
    return certPem(cert.get());
}

Result<QByteArray> issueServerCertificate(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                                          const QByteArray& serverKeyPem, const QString& commonName,
                                          const QStringList& dnsNames,
                                          const QStringList& ipAddresses, qint64 serial,
                                          int validDays)
{
    Pkey caKey = readKey(caKeyPem);
    X509Ptr caCert = readCert(caCertPem);
    Pkey key = readKey(serverKeyPem);
    if (!caKey || !caCert || !key) {
        return fail(QStringLiteral("server certificate"));
    }
    QStringList names;
    for (const QString& dns : dnsNames) {
        names << QStringLiteral("DNS:") + dns;
    }
    for (const QString& ip : ipAddresses) {
        names << QStringLiteral("IP:") + ip;
    }
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validDays) * 86400);
    setName(X509_get_subject_name(cert.get()), commonName);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get()));
    X509_set_pubkey(cert.get(), key.get());
    addExt(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExt(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    addExt(cert.get(), caCert.get(), NID_ext_key_usage, "serverAuth");
    addExt(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid:always");
    if (!names.isEmpty()) {
        const QByteArray san = names.join(u',').toLatin1();
        addExt(cert.get(), caCert.get(), NID_subject_alt_name, san.constData());
        if (X509_get_ext_by_NID(cert.get(), NID_subject_alt_name, -1) < 0) {
            return fail(QStringLiteral("subjectAltName"));
        }
    }
    if (X509_sign(cert.get(), caKey.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("server certificate"));
    }
    return certPem(cert.get());
}

Status checkKeyMatches(const QByteArray& certPem, const QByteArray& privateKeyPem)
{
    X509Ptr cert = readCert(certPem);
    Pkey key = readKey(privateKeyPem);
    if (!cert || !key) {
        return fail(QStringLiteral("certificate and key"));
    }
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ossl::errorString(QString());
        return Error(QCoreApplication::translate(
                         "Pki", "the private key does not belong to the certificate"),
                     QStringLiteral("pki.key_mismatch"));
    }
    return {};
}

Status verifyCertificate(const QByteArray& certPem, const QByteArray& caCertPem,
                         const QDateTime& at)
{
    X509Ptr cert = readCert(certPem);
    X509Ptr ca = readCert(caCertPem);
    if (!cert || !ca) {
        return fail(QStringLiteral("certificate"));
    }
    Pkey caKey(X509_get_pubkey(ca.get()));
    if (X509_verify(cert.get(), caKey.get()) != 1) {
        ossl::errorString(QString());
        return Error(
            QCoreApplication::translate("Pki", "the certificate was not issued by this CA"),
            QStringLiteral("pki.untrusted"));
    }
    const time_t t = time_t(at.toSecsSinceEpoch());
    if (X509_cmp_time(X509_get0_notBefore(cert.get()), const_cast<time_t*>(&t)) > 0 ||
        X509_cmp_time(X509_get0_notAfter(cert.get()), const_cast<time_t*>(&t)) < 0) {
        return Error(
            QCoreApplication::translate("Pki", "the certificate is not valid at this time"),
            QStringLiteral("pki.expired"));
    }
    return {};
}

Result<QString> fingerprint(const QByteArray& certPem)
{
    X509Ptr cert = readCert(certPem);
    if (!cert) {
        return fail(QStringLiteral("certificate"));
    }
    unsigned char* der = nullptr;
    const int n = i2d_X509(cert.get(), &der);
    const QByteArray bytes(reinterpret_cast<const char*>(der), n);
    OPENSSL_free(der);
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace madoguchi::pki
