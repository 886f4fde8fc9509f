#include "TestPki.h"

#include "crypto/OpenSsl.h"
#include "pki/Pki.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace madoguchi::test {

namespace {

ossl::Pkey readKey(const QByteArray& pem)
{
    ossl::Bio bio = ossl::memBio(pem);
    return ossl::Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

ossl::Cert readCert(const QByteArray& pem)
{
    ossl::Bio bio = ossl::memBio(pem);
    return ossl::Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

QByteArray newKey()
{
    auto key = pki::generateEcKey();
    if (!key) {
        qFatal("EC key: %s", qPrintable(key.errorMessage()));
    }
    return *key;
}

void setName(X509_NAME* name, const QString& cn)
{
    const QByteArray utf8 = cn.toUtf8();
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("JP"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(utf8.constData()), -1, -1, 0);
}

void addExt(X509* cert, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) {
        qFatal("extension %s", value);
    }
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

QByteArray certificate(const QString& cn, const QByteArray& subjectKeyPem, const TestCa* issuer,
                       const QDateTime& notBefore, const QDateTime& notAfter, qint64 serial,
                       bool ca)
{
    ossl::Pkey subjectKey = readKey(subjectKeyPem);
    ossl::Pkey signingKey = readKey(issuer ? issuer->keyPem : subjectKeyPem);
    ossl::Cert issuerCert = issuer ? readCert(issuer->certPem) : ossl::Cert();
    ossl::Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), serial);
    ASN1_TIME_set(X509_getm_notBefore(cert.get()), time_t(notBefore.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(cert.get()), time_t(notAfter.toSecsSinceEpoch()));
    setName(X509_get_subject_name(cert.get()), cn);
    X509_set_issuer_name(cert.get(), issuerCert ? X509_get_subject_name(issuerCert.get())
                                                : X509_get_subject_name(cert.get()));
    X509_set_pubkey(cert.get(), subjectKey.get());
    X509* signer = issuerCert ? issuerCert.get() : cert.get();
    addExt(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuerCert) {
        addExt(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    }
    if (ca) {
        addExt(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        addExt(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExt(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        addExt(cert.get(), signer, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    }
    if (X509_sign(cert.get(), signingKey.get(), EVP_sha256()) <= 0) {
        qFatal("%s", qPrintable(ossl::errorString(QStringLiteral("X509_sign"))));
    }
    ossl::Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(out.get(), cert.get());
    return ossl::bioData(out.get());
}

} // namespace

TestCa makeTestCa(const QString& commonName, const TestCa* issuer, const QDateTime& notBefore,
                  const QDateTime& notAfter, qint64 serial)
{
    TestCa ca;
    ca.keyPem = newKey();
    ca.certPem = certificate(commonName, ca.keyPem, issuer, notBefore, notAfter, serial, true);
    return ca;
}

QByteArray makeTestLeaf(const QString& commonName, const TestCa& issuer, const QDateTime& notBefore,
                        const QDateTime& notAfter, qint64 serial)
{
    return certificate(commonName, newKey(), &issuer, notBefore, notAfter, serial, false);
}

QByteArray makeTestCrl(const TestCa& issuer, const QDateTime& thisUpdate,
                       const QDateTime& nextUpdate, const QList<TestRevocation>& revoked, bool pem)
{
    ossl::Pkey key = readKey(issuer.keyPem);
    ossl::Cert caCert = readCert(issuer.certPem);
    ossl::Crl crl(X509_CRL_new());
    X509_CRL_set_version(crl.get(), 1); // v2
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(caCert.get()));
    ossl::Time last(ASN1_TIME_set(nullptr, time_t(thisUpdate.toSecsSinceEpoch())));
    ossl::Time next(ASN1_TIME_set(nullptr, time_t(nextUpdate.toSecsSinceEpoch())));
    X509_CRL_set1_lastUpdate(crl.get(), last.get());
    X509_CRL_set1_nextUpdate(crl.get(), next.get());
    for (const TestRevocation& r : revoked) {
        ossl::Revoked entry(X509_REVOKED_new());
        ossl::Integer serial(ASN1_INTEGER_new());
        ASN1_INTEGER_set_int64(serial.get(), r.serial);
        X509_REVOKED_set_serialNumber(entry.get(), serial.get());
        ossl::Time at(ASN1_TIME_set(nullptr, time_t(r.at.toSecsSinceEpoch())));
        X509_REVOKED_set_revocationDate(entry.get(), at.get());
        if (r.reason >= 0) {
            ossl::Enumerated reason(ASN1_ENUMERATED_new());
            ASN1_ENUMERATED_set(reason.get(), r.reason);
            X509_REVOKED_add1_ext_i2d(entry.get(), NID_crl_reason, reason.get(), 0, 0);
        }
        X509_CRL_add0_revoked(crl.get(), entry.release());
    }
    X509_CRL_sort(crl.get());
    ossl::Integer number(ASN1_INTEGER_new());
    ASN1_INTEGER_set_int64(number.get(), thisUpdate.toSecsSinceEpoch());
    X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0);
    if (X509_CRL_sign(crl.get(), key.get(), EVP_sha256()) <= 0) {
        qFatal("%s", qPrintable(ossl::errorString(QStringLiteral("X509_CRL_sign"))));
    }
    ossl::Bio out(BIO_new(BIO_s_mem()));
    if (pem) {
        PEM_write_bio_X509_CRL(out.get(), crl.get());
    } else {
        i2d_X509_CRL_bio(out.get(), crl.get());
    }
    return ossl::bioData(out.get());
}

} // namespace madoguchi::test
