#include "pki/Jpki.h"

#include "crypto/OpenSsl.h"

#include <QTimeZone>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <vector>

namespace madoguchi::pki::jpki {

namespace {

using ossl::Bio;
using ossl::Cert;
using ossl::Crl;
using ossl::Pkey;
using ossl::Time;
using Bn = ossl::Bignum;
using Req = std::unique_ptr<X509_REQ, ossl::Free<X509_REQ, X509_REQ_free>>;
using OcspReq = std::unique_ptr<OCSP_REQUEST, ossl::Free<OCSP_REQUEST, OCSP_REQUEST_free>>;
using OcspResp = std::unique_ptr<OCSP_RESPONSE, ossl::Free<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using OcspBasic = std::unique_ptr<OCSP_BASICRESP, ossl::Free<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using OcspId = std::unique_ptr<OCSP_CERTID, ossl::Free<OCSP_CERTID, OCSP_CERTID_free>>;
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

Cert readCert(const QByteArray& pem)
{
    Bio b = memBio(pem);
    return Cert(PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr));
}

// OpenSSL 3 decodes a PEM private key through its provider decoders in about a millisecond,
// some fifteen ECDSA signatures' worth, and a certificate in a third of that. The CA's key and
// certificate are the same on every issuance and OCSP answer: each thread decodes them once
// and keeps them (a few, by content; the objects are not shared between threads).
template <typename Ptr, auto read, auto upRef> Ptr cached(const QByteArray& pem)
{
    thread_local std::vector<std::pair<QByteArray, Ptr>> cache;
    for (const auto& [text, object] : cache) {
        if (text == pem) {
            upRef(object.get());
            return Ptr(object.get());
        }
    }
    Ptr object = read(pem);
    if (object) {
        if (cache.size() >= 8) {
            cache.erase(cache.begin());
        }
        upRef(object.get());
        cache.emplace_back(pem, Ptr(object.get()));
    }
    return object;
}

Pkey caKeyOf(const QByteArray& pem)
{
    return cached<Pkey, readKey, EVP_PKEY_up_ref>(pem);
}

Cert caCertOf(const QByteArray& pem)
{
    return cached<Cert, readCert, X509_up_ref>(pem);
}

QByteArray toPem(X509* cert)
{
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(out.get(), cert);
    return drain(out.get());
}

QByteArray keyPem(EVP_PKEY* key)
{
    Bio out(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return drain(out.get());
}

void addName(X509_NAME* name, const char* field, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(utf8.constData()), -1, -1, 0);
}

bool addExt(X509* cert, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) {
        return false;
    }
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// 128 random bits, positive, never zero.
Result<Bn> randomSerial()
{
    QByteArray bytes = ossl::randomBytes(16);
    if (bytes.size() != 16) {
        return fail(QStringLiteral("serial"));
    }
    bytes[0] = char((quint8(bytes[0]) & 0x7f) | 0x01);
    return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.constData()), 16, nullptr));
}

QString serialHexOf(const ASN1_INTEGER* serial)
{
    Bn bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn) {
        return {};
    }
    char* hex = BN_bn2hex(bn.get());
    const QString out = QString::fromLatin1(hex);
    OPENSSL_free(hex);
    return out;
}

Time asn1Time(const QDateTime& t)
{
    return Time(ASN1_TIME_set(nullptr, time_t(t.toSecsSinceEpoch())));
}

QDateTime fromAsn1(const ASN1_TIME* t)
{
    struct tm tm = {};
    if (ASN1_TIME_to_tm(t, &tm) != 1) {
        return {};
    }
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), QTimeZone::utc());
}

// A CA certificate for `key`, signed by `issuerKey` (itself when issuerCert is null).
Result<Cert> caCertificate(EVP_PKEY* key, const QString& cn, const QString& organisation,
                           X509* issuerCert, EVP_PKEY* issuerKey, const QDateTime& from, int years,
                           bool root)
{
    Cert cert(X509_new());
    auto serial = randomSerial();
    if (!cert || !serial) {
        return fail(QStringLiteral("CA certificate"));
    }
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(serial->get(), X509_get_serialNumber(cert.get()));
    X509_NAME* name = X509_get_subject_name(cert.get());
    addName(name, "C", QStringLiteral("JP"));
    addName(name, "O", organisation);
    addName(name, "OU", QStringLiteral("Japanese Public Key Infrastructure"));
    addName(name, "CN", cn);
    X509_set_issuer_name(cert.get(), issuerCert ? X509_get_subject_name(issuerCert) : name);
    X509_set1_notBefore(cert.get(), asn1Time(from).get());
    X509_set1_notAfter(cert.get(), asn1Time(from.addYears(years)).get());
    X509_set_pubkey(cert.get(), key);
    X509* issuer = issuerCert ? issuerCert : cert.get();
    if (!addExt(cert.get(), issuer, NID_basic_constraints,
                root ? "critical,CA:TRUE" : "critical,CA:TRUE,pathlen:0") ||
        !addExt(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !addExt(cert.get(), issuer, NID_subject_key_identifier, "hash") ||
        (!root && !addExt(cert.get(), issuer, NID_authority_key_identifier, "keyid:always"))) {
        return fail(QStringLiteral("CA extensions"));
    }
    if (X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0) {
        return fail(QStringLiteral("CA signature"));
    }
    return cert;
}

bool addOtherName(GENERAL_NAMES* names, const char* oid, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    GENERAL_NAME* g = GENERAL_NAME_new();
    ASN1_TYPE* v = ASN1_TYPE_new();
    ASN1_UTF8STRING* s = ASN1_UTF8STRING_new();
    ASN1_OBJECT* o = OBJ_txt2obj(oid, 1);
    if (!g || !v || !s || !o || ASN1_STRING_set(s, utf8.constData(), int(utf8.size())) != 1) {
        GENERAL_NAME_free(g);
        ASN1_TYPE_free(v);
        ASN1_UTF8STRING_free(s);
        ASN1_OBJECT_free(o);
        return false;
    }
    ASN1_TYPE_set(v, V_ASN1_UTF8STRING, s);
    if (GENERAL_NAME_set0_othername(g, o, v) != 1) {
        GENERAL_NAME_free(g);
        ASN1_TYPE_free(v);
        ASN1_OBJECT_free(o);
        return false;
    }
    sk_GENERAL_NAME_push(names, g);
    return true;
}

void appendDerLength(QByteArray& out, qsizetype n)
{
    if (n < 0x80) {
        out += char(n);
        return;
    }
    char bytes[8];
    int k = 0;
    for (; n > 0; n >>= 8) {
        bytes[k++] = char(n & 0xff);
    }
    out += char(0x80 | k);
    while (k > 0) {
        out += bytes[--k];
    }
}

// The DER element (one-byte tag) at `at`: where its content begins and where it ends.
bool derElement(const QByteArray& der, qsizetype at, qsizetype* content, qsizetype* end)
{
    if (at < 0 || at + 2 > der.size()) {
        return false;
    }
    qsizetype p = at + 1;
    qsizetype n = quint8(der.at(p++));
    if (n & 0x80) {
        const int k = int(n & 0x7f);
        if (k == 0 || k > 4 || p + k > der.size()) {
            return false;
        }
        n = 0;
        for (int i = 0; i < k; ++i) {
            n = (n << 8) | quint8(der.at(p++));
        }
    }
    if (p + n > der.size()) {
        return false;
    }
    *content = p;
    *end = p + n;
    return true;
}

} // namespace

QString kindId(Kind k)
{
    return k == Kind::Sign ? QStringLiteral("sign") : QStringLiteral("auth");
}

std::optional<Kind> kindFromId(const QString& id)
{
    if (id == QStringLiteral("sign")) {
        return Kind::Sign;
    }
    if (id == QStringLiteral("auth")) {
        return Kind::Auth;
    }
    return std::nullopt;
}

std::optional<Reason> reasonFromId(const QString& id)
{
    for (Reason r : {Reason::Unspecified, Reason::KeyCompromise, Reason::AffiliationChanged,
                     Reason::Superseded, Reason::CessationOfOperation, Reason::CertificateHold}) {
        if (reasonId(r) == id) {
            return r;
        }
    }
    return std::nullopt;
}

QString reasonId(Reason r)
{
    switch (r) {
    case Reason::Unspecified:
        return QStringLiteral("unspecified");
    case Reason::KeyCompromise:
        return QStringLiteral("keyCompromise");
    case Reason::AffiliationChanged:
        return QStringLiteral("affiliationChanged");
    case Reason::Superseded:
        return QStringLiteral("superseded");
    case Reason::CessationOfOperation:
        return QStringLiteral("cessationOfOperation");
    case Reason::CertificateHold:
        return QStringLiteral("certificateHold");
    }
    return QStringLiteral("unspecified");
}

Result<Hierarchy> createHierarchy(const QString& organisation, const QDateTime& now)
{
    Pkey root(EVP_EC_gen("P-256"));
    Pkey sign(EVP_EC_gen("P-256"));
    Pkey auth(EVP_EC_gen("P-256"));
    if (!root || !sign || !auth) {
        return fail(QStringLiteral("CA keys"));
    }
    auto rootCert = caCertificate(root.get(), QStringLiteral("JPKI Root CA"), organisation, nullptr,
                                  root.get(), now, 20, true);
    if (!rootCert) {
        return rootCert.error();
    }
    auto signCert = caCertificate(sign.get(), QStringLiteral("JPKI Signing CA"), organisation,
                                  rootCert->get(), root.get(), now, 10, false);
    auto authCert = caCertificate(auth.get(), QStringLiteral("JPKI User Authentication CA"),
                                  organisation, rootCert->get(), root.get(), now, 10, false);
    if (!signCert || !authCert) {
        return !signCert ? signCert.error() : authCert.error();
    }
    Hierarchy h;
    h.rootKey = keyPem(root.get());
    h.rootCert = toPem(rootCert->get());
    h.signKey = keyPem(sign.get());
    h.signCert = toPem(signCert->get());
    h.authKey = keyPem(auth.get());
    h.authCert = toPem(authCert->get());
    return h;
}

Result<std::pair<QByteArray, QByteArray>> createBridge(const QString& organisation,
                                                       const QDateTime& now)
{
    Pkey key(EVP_EC_gen("P-256"));
    if (!key) {
        return fail(QStringLiteral("bridge key"));
    }
    auto cert = caCertificate(key.get(), QStringLiteral("JPKI Bridge CA"), organisation, nullptr,
                              key.get(), now, 20, true);
    if (!cert) {
        return cert.error();
    }
    return std::pair{keyPem(key.get()), toPem(cert->get())};
}

Result<QByteArray> crossCertify(const QByteArray& issuerKeyPem, const QByteArray& issuerCertPem,
                                const QByteArray& subjectCaCertPem, const QDateTime& from,
                                int years)
{
    Pkey issuerKey = readKey(issuerKeyPem);
    Cert issuerCert = readCert(issuerCertPem);
    Cert subject = readCert(subjectCaCertPem);
    if (!issuerKey || !issuerCert || !subject) {
        return Error(ossl::errorString(QStringLiteral("the certificates or the key to "
                                                      "cross-certify")),
                     QStringLiteral("pki.cross"));
    }
    // Only a CA is cross-certified.
    if (X509_check_ca(subject.get()) == 0) {
        return Error(QStringLiteral("the certificate to cross-certify is not a CA's"),
                     QStringLiteral("pki.cross"));
    }
    Cert cert(X509_new());
    auto serial = randomSerial();
    if (!cert || !serial) {
        return fail(QStringLiteral("cross certificate"));
    }
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(serial->get(), X509_get_serialNumber(cert.get()));
    X509_set_subject_name(cert.get(), X509_get_subject_name(subject.get()));
    X509_set_issuer_name(cert.get(), X509_get_subject_name(issuerCert.get()));
    X509_set1_notBefore(cert.get(), asn1Time(from).get());
    X509_set1_notAfter(cert.get(), asn1Time(from.addYears(years)).get());
    X509_set_pubkey(cert.get(), X509_get0_pubkey(subject.get()));
    if (!addExt(cert.get(), issuerCert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !addExt(cert.get(), issuerCert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !addExt(cert.get(), issuerCert.get(), NID_subject_key_identifier, "hash") ||
        !addExt(cert.get(), issuerCert.get(), NID_authority_key_identifier, "keyid:always")) {
        return fail(QStringLiteral("cross certificate extensions"));
    }
    if (X509_sign(cert.get(), issuerKey.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("cross certificate signature"));
    }
    return toPem(cert.get());
}

QDateTime validUntil(const QDate& issued, const QDate& birth)
{
    // Birthdays strictly after the day of issuance; the 5th of them.
    int year = issued.year();
    auto birthdayIn = [&](int y) {
        QDate d(y, birth.month(), birth.day());
        return d.isValid() ? d : QDate(y, 2, 28); // born on 29 February
    };
    if (birthdayIn(year) <= issued) {
        ++year;
    }
    const QDate end = birthdayIn(year + 4);
    return QDateTime(end, QTime(23, 59, 59), QTimeZone(9 * 3600));
}

Result<Issued> issue(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                     const IssueRequest& request)
{
    Pkey caKey = caKeyOf(caKeyPem);
    Cert caCert = caCertOf(caCertPem);
    if (!caKey || !caCert) {
        return fail(QStringLiteral("the CA's key or certificate"));
    }
    Bio in = memBio(request.csrPem);
    Req req(PEM_read_bio_X509_REQ(in.get(), nullptr, nullptr, nullptr));
    if (!req) {
        return Error(ossl::errorString(QStringLiteral("the CSR is not a PEM PKCS#10 request")),
                     QStringLiteral("pki.csr"));
    }
    Pkey subjectKey(X509_REQ_get_pubkey(req.get()));
    if (!subjectKey || X509_REQ_verify(req.get(), subjectKey.get()) != 1) {
        return Error(ossl::errorString(QStringLiteral("the CSR's signature does not verify (no "
                                                      "proof of possession of the key)")),
                     QStringLiteral("pki.csr"));
    }
    if (EVP_PKEY_get_base_id(subjectKey.get()) != EVP_PKEY_EC &&
        EVP_PKEY_get_base_id(subjectKey.get()) != EVP_PKEY_RSA) {
        return Error(QStringLiteral("the CSR's key is neither EC nor RSA"),
                     QStringLiteral("pki.csr"));
    }
    if (!request.holder.birthDate.isValid()) {
        return Error(QStringLiteral("the holder's date of birth is missing"),
                     QStringLiteral("pki.holder"));
    }
    Cert cert(X509_new());
    auto serial = randomSerial();
    if (!cert || !serial) {
        return fail(QStringLiteral("certificate"));
    }
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(serial->get(), X509_get_serialNumber(cert.get()));
    const QString serialHex = serialHexOf(X509_get_serialNumber(cert.get()));
    X509_NAME* name = X509_get_subject_name(cert.get());
    addName(name, "C", QStringLiteral("JP"));
    if (request.kind == Kind::Sign && !request.place.isEmpty()) {
        addName(name, "L", request.place);
    }
    // An opaque name: the holder is identified by the signing certificate's subjectAltName only.
    addName(name, "CN", serialHex.right(16));
    X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get()));
    const QDateTime from = request.now.isValid() ? request.now : QDateTime::currentDateTimeUtc();
    const QDateTime until =
        validUntil(from.toTimeZone(QTimeZone(9 * 3600)).date(), request.holder.birthDate);
    X509_set1_notBefore(cert.get(), asn1Time(from).get());
    X509_set1_notAfter(cert.get(), asn1Time(until).get());
    X509_set_pubkey(cert.get(), subjectKey.get());
    const QByteArray crl = (QStringLiteral("URI:") + request.publicBase +
                            QStringLiteral("/v1/pki/crl?ca=") + kindId(request.kind))
                               .toLatin1();
    const QByteArray ocsp =
        (QStringLiteral("OCSP;URI:") + request.publicBase + QStringLiteral("/v1/pki/ocsp"))
            .toLatin1();
    bool ok = addExt(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
              addExt(cert.get(), caCert.get(), NID_subject_key_identifier, "hash") &&
              addExt(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid:always");
    if (!request.publicBase.isEmpty()) {
        ok = ok && addExt(cert.get(), caCert.get(), NID_crl_distribution_points, crl.constData()) &&
             addExt(cert.get(), caCert.get(), NID_info_access, ocsp.constData());
    }
    if (request.kind == Kind::Sign) {
        ok = ok && addExt(cert.get(), caCert.get(), NID_key_usage,
                          "critical,digitalSignature,nonRepudiation");
        GENERAL_NAMES* names = sk_GENERAL_NAME_new_null();
        const Holder& h = request.holder;
        ok = ok && names && addOtherName(names, "1.2.392.200149.8.5.5.1", h.name) &&
             addOtherName(names, "1.2.392.200149.8.5.5.3", h.sex) &&
             addOtherName(names, "1.2.392.200149.8.5.5.4", h.birthDate.toString(Qt::ISODate)) &&
             addOtherName(names, "1.2.392.200149.8.5.5.5", h.address) &&
             X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
        GENERAL_NAMES_free(names);
    } else {
        ok = ok && addExt(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature") &&
             addExt(cert.get(), caCert.get(), NID_ext_key_usage, "clientAuth");
    }
    if (!ok) {
        return fail(QStringLiteral("certificate extensions"));
    }
    if (X509_sign(cert.get(), caKey.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("certificate signature"));
    }
    Issued out;
    out.pem = toPem(cert.get());
    out.serialHex = serialHex;
    out.notBefore = fromAsn1(X509_get0_notBefore(cert.get()));
    out.notAfter = fromAsn1(X509_get0_notAfter(cert.get()));
    return out;
}

Result<QByteArray> makeCrl(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                           const QList<Revoked>& revoked, qint64 number,
                           const QDateTime& thisUpdate, const QDateTime& nextUpdate)
{
    Pkey caKey = caKeyOf(caKeyPem);
    Cert caCert = caCertOf(caCertPem);
    Crl crl(X509_CRL_new());
    if (!caKey || !caCert || !crl) {
        return fail(QStringLiteral("CRL"));
    }
    // The revoked entries are written here, byte for byte as OpenSSL writes them (the tests
    // compare), and spliced into the rest of the CRL, which OpenSSL makes: its template
    // encoder takes some 8 µs an entry and encodes the list twice (to sign it, then to write
    // the CRL out), so that a list of a million entries took 12 s (now about 1.4 s).
    QByteArray entries;
    entries.reserve(revoked.size() * 50);
    struct Entry
    {
        qsizetype at = 0; // in `entries`
        qsizetype length = 0;
        qsizetype serial = 0; // the serial's magnitude (no leading zero bytes), in `entries`
        int serialLength = 0;
    };
    std::vector<Entry> index;
    index.reserve(size_t(revoked.size()));
    for (const Revoked& r : revoked) {
        // The serial's magnitude, from hex in either case.
        const QByteArray hex = r.serialHex.toLatin1();
        QByteArray magnitude((hex.size() + 1) / 2, '\0');
        bool ok = !hex.isEmpty();
        for (qsizetype i = 0; ok && i < hex.size(); ++i) {
            const char c = hex.at(hex.size() - 1 - i);
            const int v = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            ok = v >= 0;
            char& byte = magnitude[magnitude.size() - 1 - i / 2];
            byte = char(quint8(byte) | quint8(ok ? v << (4 * (i % 2)) : 0));
        }
        qsizetype lead = 0;
        while (ok && lead < magnitude.size() - 1 && magnitude.at(lead) == '\0') {
            ++lead;
        }
        magnitude.remove(0, lead);
        // Certificate serials are at most 20 bytes (RFC 5280), so every length is one byte.
        if (!ok || magnitude.size() > 20) {
            return Error(QStringLiteral("bad serial %1").arg(r.serialHex),
                         QStringLiteral("pki.error"));
        }
        const bool zero = magnitude.size() == 1 && magnitude.at(0) == '\0';
        const bool pad = (quint8(magnitude.at(0)) & 0x80) != 0; // DER: a positive INTEGER
        // revocationDate: UTCTime from 1950 to 2049, GeneralizedTime otherwise (RFC 5280).
        const time_t when = time_t(r.at.toSecsSinceEpoch());
        struct tm tm = {};
        if (!gmtime_r(&when, &tm)) {
            return fail(QStringLiteral("revocation date"));
        }
        const int year = tm.tm_year + 1900;
        const bool utc = year >= 1950 && year < 2050;
        char time[32];
        const int timeLength =
            utc ? std::snprintf(time, sizeof time, "%02d%02d%02d%02d%02d%02dZ", year % 100,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
                : std::snprintf(time, sizeof time, "%04d%02d%02d%02d%02d%02dZ", year, tm.tm_mon + 1,
                                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        if (timeLength != (utc ? 13 : 15)) {
            return fail(QStringLiteral("revocation date"));
        }
        const int serialLength = zero ? 1 : int(magnitude.size()) + (pad ? 1 : 0);
        const bool withReason = r.reason != Reason::Unspecified;
        Entry e;
        e.at = entries.size();
        entries += char(0x30); // SEQUENCE { serial, revocationDate, [reasonCode extension] }
        entries += char(2 + serialLength + 2 + timeLength + (withReason ? 14 : 0));
        entries += char(0x02);
        entries += char(serialLength);
        if (pad) {
            entries += '\0';
        }
        e.serial = entries.size();
        e.serialLength = int(magnitude.size());
        entries += magnitude;
        entries += char(utc ? 0x17 : 0x18);
        entries += char(timeLength);
        entries.append(time, timeLength);
        if (withReason) {
            // Extensions { Extension { id-ce-cRLReasons, OCTET STRING { ENUMERATED } } }
            static const char reasonCode[] = {0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55,
                                              0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01};
            entries.append(reasonCode, sizeof reasonCode);
            entries += char(int(r.reason));
        }
        e.length = entries.size() - e.at;
        index.push_back(e);
    }
    // In serial order, as X509_CRL_sort puts them: shorter magnitudes first, then by bytes.
    const char* base = entries.constData();
    std::sort(index.begin(), index.end(), [base](const Entry& a, const Entry& b) {
        if (a.serialLength != b.serialLength) {
            return a.serialLength < b.serialLength;
        }
        return std::memcmp(base + a.serial, base + b.serial, size_t(a.serialLength)) < 0;
    });
    QByteArray list;
    list.reserve(entries.size());
    for (const Entry& e : index) {
        list.append(base + e.at, e.length);
    }
    entries = QByteArray();

    // The rest: version, signature algorithm, issuer, dates and extensions, signed once for
    // OpenSSL to set the algorithm, then encoded (without entries) and taken apart.
    X509_CRL_set_version(crl.get(), 1); // v2
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(caCert.get()));
    X509_CRL_set1_lastUpdate(crl.get(), asn1Time(thisUpdate).get());
    X509_CRL_set1_nextUpdate(crl.get(), asn1Time(nextUpdate).get());
    ASN1_INTEGER* crlNumber = ASN1_INTEGER_new();
    ASN1_INTEGER_set_int64(crlNumber, number);
    X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crlNumber, 0, 0);
    ASN1_INTEGER_free(crlNumber);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, caCert.get(), nullptr, nullptr, crl.get(), 0);
    if (X509_EXTENSION* aki =
            X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always")) {
        X509_CRL_add_ext(crl.get(), aki, -1);
        X509_EXTENSION_free(aki);
    }
    if (X509_CRL_sign(crl.get(), caKey.get(), EVP_sha256()) <= 0) {
        return fail(QStringLiteral("CRL signature"));
    }
    unsigned char* der = nullptr;
    const int n = i2d_re_X509_CRL_tbs(crl.get(), &der);
    if (n <= 0) {
        return fail(QStringLiteral("CRL encoding"));
    }
    const QByteArray empty(reinterpret_cast<const char*>(der), n);
    OPENSSL_free(der);
    // TBSCertList ::= SEQUENCE { version, signature, issuer, thisUpdate, nextUpdate,
    //                            revokedCertificates (absent when empty), [0] crlExtensions }
    qsizetype content = 0;
    qsizetype end = 0;
    qsizetype algorithm = 0;
    qsizetype algorithmEnd = 0;
    bool ok = derElement(empty, 0, &content, &end) && end == empty.size();
    qsizetype at = content;
    for (int i = 0; ok && i < 5; ++i) {
        qsizetype c = 0;
        qsizetype e = 0;
        ok = derElement(empty, at, &c, &e) && e <= end;
        if (i == 1) {
            algorithm = at;
            algorithmEnd = e;
        }
        at = e;
    }
    if (!ok || (at < end && quint8(empty.at(at)) != 0xa0)) {
        return Error(QStringLiteral("unexpected TBSCertList from OpenSSL"),
                     QStringLiteral("pki.error"));
    }
    QByteArray fields = empty.mid(content, at - content);
    if (!list.isEmpty()) { // RFC 5280: absent, not empty, when nothing is revoked
        fields += char(0x30);
        appendDerLength(fields, list.size());
        fields += list;
        list = QByteArray();
    }
    fields += empty.mid(at, end - at);
    QByteArray tbs(1, char(0x30));
    appendDerLength(tbs, fields.size());
    tbs += fields;
    fields = QByteArray();

    ossl::MdCtx md(EVP_MD_CTX_new());
    size_t signatureLength = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(tbs.constData());
    if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, caKey.get()) != 1 ||
        EVP_DigestSign(md.get(), nullptr, &signatureLength, data, size_t(tbs.size())) != 1) {
        return fail(QStringLiteral("CRL signature"));
    }
    QByteArray signature(qsizetype(signatureLength), '\0');
    if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(signature.data()),
                       &signatureLength, data, size_t(tbs.size())) != 1) {
        return fail(QStringLiteral("CRL signature"));
    }
    signature.truncate(qsizetype(signatureLength));
    // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm (the same as in
    // tbsCertList), BIT STRING signature }
    QByteArray body = std::move(tbs);
    body += empty.mid(algorithm, algorithmEnd - algorithm);
    body += char(0x03);
    appendDerLength(body, signature.size() + 1);
    body += '\0'; // no unused bits
    body += signature;
    QByteArray out(1, char(0x30));
    appendDerLength(out, body.size());
    out += body;
    return out;
}

Result<QByteArray> ocspRespond(const QByteArray& requestDer, const QList<Ca>& cas,
                               const Lookup& lookup, const QDateTime& now, int validMinutes)
{
    auto encode = [](OCSP_RESPONSE* r) -> Result<QByteArray> {
        unsigned char* der = nullptr;
        const int n = i2d_OCSP_RESPONSE(r, &der);
        if (n <= 0) {
            return fail(QStringLiteral("OCSP encoding"));
        }
        QByteArray out(reinterpret_cast<const char*>(der), n);
        OPENSSL_free(der);
        return out;
    };
    auto refuse = [&](int status) {
        OcspResp r(OCSP_response_create(status, nullptr));
        return encode(r.get());
    };
    const unsigned char* p = reinterpret_cast<const unsigned char*>(requestDer.constData());
    OcspReq req(d2i_OCSP_REQUEST(nullptr, &p, long(requestDer.size())));
    if (!req || OCSP_request_onereq_count(req.get()) <= 0) {
        return refuse(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    }
    std::vector<std::pair<Pkey, Cert>> loaded;
    for (const Ca& ca : cas) {
        loaded.emplace_back(caKeyOf(ca.keyPem), caCertOf(ca.certPem));
        if (!loaded.back().first || !loaded.back().second) {
            return refuse(OCSP_RESPONSE_STATUS_INTERNALERROR);
        }
    }
    if (loaded.empty()) {
        return refuse(OCSP_RESPONSE_STATUS_INTERNALERROR);
    }
    OcspBasic basic(OCSP_BASICRESP_new());
    int signer = 0;
    const Time thisUpdate = asn1Time(now);
    const Time nextUpdate = asn1Time(now.addSecs(qint64(validMinutes) * 60));
    for (int i = 0; i < OCSP_request_onereq_count(req.get()); ++i) {
        OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(req.get(), i));
        ASN1_OBJECT* mdObject = nullptr;
        ASN1_INTEGER* serial = nullptr;
        OCSP_id_get0_info(nullptr, &mdObject, nullptr, &serial, id);
        const EVP_MD* md = mdObject ? EVP_get_digestbyobj(mdObject) : nullptr;
        int ca = -1;
        for (int c = 0; md && c < int(loaded.size()); ++c) {
            OcspId issuerId(OCSP_cert_to_id(md, nullptr, loaded[c].second.get()));
            if (issuerId && OCSP_id_issuer_cmp(issuerId.get(), id) == 0) {
                ca = c;
                break;
            }
        }
        CertState state;
        if (ca >= 0 && serial) {
            state = lookup(ca, serialHexOf(serial));
            signer = ca;
        }
        int status = V_OCSP_CERTSTATUS_UNKNOWN;
        int reason = 0;
        Time revokedAt;
        if (state.known) {
            status = state.revoked ? V_OCSP_CERTSTATUS_REVOKED : V_OCSP_CERTSTATUS_GOOD;
            if (state.revoked) {
                revokedAt = asn1Time(state.revokedAt);
                reason = int(state.reason);
            }
        }
        if (!OCSP_basic_add1_status(basic.get(), id, status, reason, revokedAt.get(),
                                    thisUpdate.get(), nextUpdate.get())) {
            return refuse(OCSP_RESPONSE_STATUS_INTERNALERROR);
        }
    }
    OCSP_copy_nonce(basic.get(), req.get());
    if (OCSP_basic_sign(basic.get(), loaded[signer].second.get(), loaded[signer].first.get(),
                        EVP_sha256(), nullptr, 0) != 1) {
        return fail(QStringLiteral("OCSP signature"));
    }
    OcspResp resp(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
    return encode(resp.get());
}

} // namespace madoguchi::pki::jpki
