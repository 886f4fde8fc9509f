#include "pki/CertVerify.h"

#include "common/Clock.h"
#include "crypto/OpenSsl.h"

#include <QCoreApplication>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <iterator>
#include <vector>

namespace madoguchi::pki {

namespace {

bool isPem(const QByteArray& data)
{
    return data.contains("-----BEGIN");
}

ossl::Cert readOneCertificate(const QByteArray& data)
{
    if (isPem(data)) {
        ossl::Bio bio = ossl::memBio(data);
        return ossl::Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    }
    const auto* p = reinterpret_cast<const unsigned char*>(data.constData());
    return ossl::Cert(d2i_X509(nullptr, &p, long(data.size())));
}

// Every certificate of a PEM bundle (the error queue's end-of-data entry cleared).
std::vector<ossl::Cert> readBundle(const QByteArray& pem)
{
    std::vector<ossl::Cert> certs;
    ossl::Bio bio = ossl::memBio(pem);
    while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        certs.emplace_back(x);
    }
    ERR_clear_error();
    return certs;
}

std::vector<ossl::Crl> readCrls(const QByteArray& data)
{
    std::vector<ossl::Crl> crls;
    if (isPem(data)) {
        ossl::Bio bio = ossl::memBio(data);
        while (X509_CRL* c = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)) {
            crls.emplace_back(c);
        }
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(data.constData());
        if (X509_CRL* c = d2i_X509_CRL(nullptr, &p, long(data.size()))) {
            crls.emplace_back(c);
        }
    }
    ERR_clear_error();
    return crls;
}

QDateTime toDateTime(const ASN1_TIME* t)
{
    if (!t) {
        return {};
    }
    std::tm tm{};
    if (ASN1_TIME_to_tm(t, &tm) != 1) {
        return {};
    }
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

QString nameText(const X509_NAME* name)
{
    ossl::Bio out(BIO_new(BIO_s_mem()));
    // One line, "C=JP, O=…, CN=…", with UTF-8 kept as it is (Japanese names).
    const unsigned long flags = (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ);
    X509_NAME_print_ex(out.get(), name, 0, flags);
    return QString::fromUtf8(ossl::bioData(out.get()));
}

QString serialText(const ASN1_INTEGER* serial)
{
    ossl::Bignum bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn) {
        return {};
    }
    char* hex = BN_bn2hex(bn.get());
    const QString s = QString::fromLatin1(hex);
    OPENSSL_free(hex);
    return s;
}

bool isSelfSigned(X509* cert)
{
    return X509_check_issued(cert, cert) == X509_V_OK;
}

// What the verification callback learns on the way.
struct Walk
{
    bool staleCrl = false;
    QDateTime staleNextUpdate;
    QString staleIssuer;
};

int verifyCallback(int ok, X509_STORE_CTX* ctx)
{
    if (ok) {
        return 1;
    }
    auto* walk = static_cast<Walk*>(X509_STORE_CTX_get_app_data(ctx));
    if (walk && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_CRL_HAS_EXPIRED) {
        // Go on, so that a revocation in the stale CRL is still found; reported afterwards.
        walk->staleCrl = true;
        if (X509_CRL* crl = X509_STORE_CTX_get0_current_crl(ctx)) {
            walk->staleNextUpdate = toDateTime(X509_CRL_get0_nextUpdate(crl));
            walk->staleIssuer = nameText(X509_CRL_get_issuer(crl));
        }
        return 1;
    }
    return 0;
}

void describe(CertVerification* v, X509* cert)
{
    v->subject = nameText(X509_get_subject_name(cert));
    v->issuer = nameText(X509_get_issuer_name(cert));
    v->serial = serialText(X509_get0_serialNumber(cert));
    v->notBefore = toDateTime(X509_get0_notBefore(cert));
    v->notAfter = toDateTime(X509_get0_notAfter(cert));
}

CertVerification invalid(CertVerification v, const QString& why)
{
    v.status = CertStatus::Invalid;
    v.reason = why;
    return v;
}

} // namespace

QString formatUtc(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

QString certStatusName(CertStatus status)
{
    switch (status) {
    case CertStatus::Valid:
        return QStringLiteral("valid");
    case CertStatus::Revoked:
        return QStringLiteral("revoked");
    case CertStatus::Expired:
        return QStringLiteral("expired");
    case CertStatus::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case CertStatus::Untrusted:
        return QStringLiteral("untrusted");
    case CertStatus::NoCrl:
        return QStringLiteral("no_crl");
    case CertStatus::CrlExpired:
        return QStringLiteral("crl_expired");
    case CertStatus::Invalid:
        break;
    }
    return QStringLiteral("invalid");
}

QString crlReasonName(int code)
{
    // RFC 5280 §5.3.1; 7 is not used.
    static const char* const names[] = {
        "unspecified",   "keyCompromise",        "cACompromise",    "affiliationChanged",
        "superseded",    "cessationOfOperation", "certificateHold", nullptr,
        "removeFromCRL", "privilegeWithdrawn",   "aACompromise"};
    if (code < 0) {
        return QStringLiteral("unspecified");
    }
    if (code < int(std::size(names)) && names[code]) {
        return QString::fromLatin1(names[code]);
    }
    return QStringLiteral("reason %1").arg(code);
}

Result<QList<QByteArray>> readCertificates(const QByteArray& pemBundle)
{
    QList<QByteArray> out;
    for (const ossl::Cert& c : readBundle(pemBundle)) {
        ossl::Bio bio(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509(bio.get(), c.get());
        out << ossl::bioData(bio.get());
    }
    if (out.isEmpty()) {
        return Error(
            QCoreApplication::translate("CertVerify", "the CA bundle holds no PEM certificate"),
            QStringLiteral("pki.bundle"));
    }
    return out;
}

Result<CrlInfo> readCrl(const QByteArray& crl)
{
    std::vector<ossl::Crl> crls = readCrls(crl);
    if (crls.empty()) {
        return Error(QCoreApplication::translate("CertVerify",
                                                 "not a certificate revocation list (DER or PEM)"),
                     QStringLiteral("pki.crl"));
    }
    X509_CRL* c = crls.front().get();
    CrlInfo info;
    unsigned char* der = nullptr;
    const int n = i2d_X509_CRL(c, &der);
    if (n <= 0) {
        return Error(ossl::errorString(QStringLiteral("CRL")), QStringLiteral("pki.crl"));
    }
    info.der = QByteArray(reinterpret_cast<const char*>(der), n);
    OPENSSL_free(der);
    info.issuer = nameText(X509_CRL_get_issuer(c));
    info.thisUpdate = toDateTime(X509_CRL_get0_lastUpdate(c));
    info.nextUpdate = toDateTime(X509_CRL_get0_nextUpdate(c));
    info.entries = sk_X509_REVOKED_num(X509_CRL_get_REVOKED(c));
    return info;
}

Status verifyCrlSignature(const QByteArray& crl, const QByteArray& caCertificatePem)
{
    std::vector<ossl::Crl> crls = readCrls(crl);
    ossl::Cert ca = readOneCertificate(caCertificatePem);
    if (crls.empty() || !ca) {
        ERR_clear_error();
        return Error(QCoreApplication::translate("CertVerify",
                                                 "not a certificate revocation list (DER or PEM)"),
                     QStringLiteral("pki.crl"));
    }
    X509_CRL* c = crls.front().get();
    if (X509_NAME_cmp(X509_CRL_get_issuer(c), X509_get_subject_name(ca.get())) != 0) {
        return Error(
            QCoreApplication::translate("CertVerify", "the CRL was issued by %1, not by %2")
                .arg(nameText(X509_CRL_get_issuer(c)), nameText(X509_get_subject_name(ca.get()))),
            QStringLiteral("pki.crl_issuer"));
    }
    EVP_PKEY* key = X509_get0_pubkey(ca.get());
    if (!key || X509_CRL_verify(c, key) != 1) {
        ERR_clear_error();
        return Error(QCoreApplication::translate(
                         "CertVerify", "the CRL's signature does not verify with the key of %1")
                         .arg(nameText(X509_get_subject_name(ca.get()))),
                     QStringLiteral("pki.crl_signature"));
    }
    return {};
}

CertVerification verifyCertificateChain(const QByteArray& certificate, const QByteArray& caBundle,
                                        const QList<QByteArray>& crls, QDateTime at)
{
    if (!at.isValid()) {
        at = Clock::now();
    }
    CertVerification v;
    ossl::Cert leaf = readOneCertificate(certificate);
    if (!leaf) {
        ERR_clear_error();
        return invalid(
            v, QCoreApplication::translate("CertVerify", "not an X.509 certificate (PEM or DER)"));
    }
    describe(&v, leaf.get());

    // The bundle: self-signed certificates are trust anchors, the others intermediates.
    ossl::Store store(X509_STORE_new());
    ossl::CertStack intermediates(sk_X509_new_null());
    if (!store || !intermediates) {
        return invalid(v, ossl::errorString(QStringLiteral("X509_STORE")));
    }
    QList<X509*> roots;
    std::vector<ossl::Cert> bundle = readBundle(caBundle);
    for (ossl::Cert& c : bundle) {
        if (isSelfSigned(c.get())) {
            if (X509_STORE_add_cert(store.get(), c.get()) != 1) {
                return invalid(v, ossl::errorString(QStringLiteral("X509_STORE_add_cert")));
            }
            roots << c.get();
        } else {
            if (X509_up_ref(c.get()) != 1 || sk_X509_push(intermediates.get(), c.get()) <= 0) {
                return invalid(v, ossl::errorString(QStringLiteral("sk_X509_push")));
            }
        }
    }
    if (roots.isEmpty()) {
        v.status = CertStatus::Untrusted;
        v.reason = QCoreApplication::translate(
            "CertVerify", "the issuer is not trusted: the CA bundle holds no root certificate");
        return v;
    }

    // The CRLs; a CRL of a root (signed by it) turns on the check of every CA under it.
    bool rootCrl = false;
    std::vector<ossl::Crl> given;
    for (const QByteArray& data : crls) {
        std::vector<ossl::Crl> read = readCrls(data);
        if (read.empty()) {
            return invalid(v, QCoreApplication::translate(
                                  "CertVerify", "not a certificate revocation list (DER or PEM)"));
        }
        for (ossl::Crl& crl : read) {
            given.push_back(std::move(crl));
        }
    }
    for (const ossl::Crl& crl : given) {
        if (X509_STORE_add_crl(store.get(), crl.get()) != 1) {
            return invalid(v, ossl::errorString(QStringLiteral("X509_STORE_add_crl")));
        }
        for (X509* root : std::as_const(roots)) {
            if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(root)) == 0 &&
                X509_CRL_verify(crl.get(), X509_get0_pubkey(root)) == 1) {
                rootCrl = true;
            }
        }
    }
    ERR_clear_error();

    ossl::StoreCtx ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), intermediates.get()) != 1) {
        return invalid(v, ossl::errorString(QStringLiteral("X509_STORE_CTX")));
    }
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_flags(param, rootCrl ? (X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)
                                               : X509_V_FLAG_CRL_CHECK);
    X509_STORE_CTX_set_time(ctx.get(), 0, time_t(at.toSecsSinceEpoch()));
    Walk walk;
    X509_STORE_CTX_set_app_data(ctx.get(), &walk);
    X509_STORE_CTX_set_verify_cb(ctx.get(), verifyCallback);

    const int ok = X509_verify_cert(ctx.get());
    const int error = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    if (ok == 1) {
        if (walk.staleCrl) {
            v.status = CertStatus::CrlExpired;
            v.crlNextUpdate = walk.staleNextUpdate;
            v.reason = QCoreApplication::translate(
                           "CertVerify", "the CRL of %1 expired on %2: a current CRL is needed")
                           .arg(walk.staleIssuer, formatUtc(walk.staleNextUpdate));
            return v;
        }
        v.status = CertStatus::Valid;
        v.reason = QCoreApplication::translate("CertVerify", "valid");
        return v;
    }

    const int depth = X509_STORE_CTX_get_error_depth(ctx.get());
    X509* failing = X509_STORE_CTX_get_current_cert(ctx.get());
    const QString who = depth == 0 || !failing
                            ? QString()
                            : QCoreApplication::translate("CertVerify", " (the CA certificate %1)")
                                  .arg(nameText(X509_get_subject_name(failing)));
    switch (error) {
    case X509_V_ERR_CERT_REVOKED: {
        v.status = CertStatus::Revoked;
        // The entry, in the newest CRL signed by the failing certificate's issuer that lists
        // it (OpenSSL forgets which CRL it used once the check is over).
        X509_REVOKED* entry = nullptr;
        STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
        X509* issuerCert =
            chain && depth + 1 < sk_X509_num(chain)
                ? sk_X509_value(chain, depth + 1)
                : (chain && depth < sk_X509_num(chain) ? sk_X509_value(chain, depth) : nullptr);
        const ASN1_TIME* newest = nullptr;
        for (const ossl::Crl& crl : given) {
            X509_REVOKED* e = nullptr;
            if (failing && issuerCert &&
                X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(failing)) == 0 &&
                X509_CRL_verify(crl.get(), X509_get0_pubkey(issuerCert)) == 1 &&
                X509_CRL_get0_by_cert(crl.get(), &e, failing) > 0 && e &&
                (!newest || ASN1_TIME_compare(X509_CRL_get0_lastUpdate(crl.get()), newest) > 0)) {
                entry = e;
                newest = X509_CRL_get0_lastUpdate(crl.get());
            }
        }
        if (entry) {
            v.revokedAt = toDateTime(X509_REVOKED_get0_revocationDate(entry));
            int code = -1;
            if (auto* e = static_cast<ASN1_ENUMERATED*>(
                    X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr))) {
                code = int(ASN1_ENUMERATED_get(e));
                ASN1_ENUMERATED_free(e);
            }
            v.revocationReason = crlReasonName(code);
        } else {
            v.revocationReason = crlReasonName(-1);
        }
        ERR_clear_error();
        v.reason = v.revokedAt.isValid()
                       ? QCoreApplication::translate("CertVerify", "revoked on %1 (%2)%3")
                             .arg(formatUtc(v.revokedAt), v.revocationReason, who)
                       : QCoreApplication::translate("CertVerify", "revoked (%1)%2")
                             .arg(v.revocationReason, who);
        return v;
    }
    case X509_V_ERR_CERT_HAS_EXPIRED:
        v.status = CertStatus::Expired;
        v.reason =
            QCoreApplication::translate("CertVerify", "expired on %1%2")
                .arg(formatUtc(failing ? toDateTime(X509_get0_notAfter(failing)) : v.notAfter),
                     who);
        return v;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        v.status = CertStatus::NotYetValid;
        v.reason =
            QCoreApplication::translate("CertVerify", "not valid before %1%2")
                .arg(formatUtc(failing ? toDateTime(X509_get0_notBefore(failing)) : v.notBefore),
                     who);
        return v;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
        v.status = CertStatus::Untrusted;
        v.reason = QCoreApplication::translate("CertVerify", "the issuer is not trusted (%1)")
                       .arg(QString::fromLatin1(X509_verify_cert_error_string(error)));
        return v;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        v.status = CertStatus::Untrusted;
        v.reason = QCoreApplication::translate(
                       "CertVerify", "the signature does not verify with the issuer's key%1")
                       .arg(who);
        return v;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
        v.status = CertStatus::NoCrl;
        v.reason =
            QCoreApplication::translate(
                "CertVerify", "no CRL of the issuer %1 was given: revocation cannot be checked")
                .arg(failing ? nameText(X509_get_issuer_name(failing)) : v.issuer);
        return v;
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
        return invalid(v, QCoreApplication::translate(
                              "CertVerify", "the CRL's signature does not verify with the key of "
                                            "its CA"));
    case X509_V_ERR_CRL_HAS_EXPIRED: // only when the callback did not go on
        v.status = CertStatus::CrlExpired;
        v.reason = QCoreApplication::translate("CertVerify",
                                               "the CRL has expired: a current CRL is needed");
        return v;
    default:
        break;
    }
    return invalid(
        v, QCoreApplication::translate("CertVerify", "the certificate cannot be verified: %1%2")
               .arg(QString::fromLatin1(X509_verify_cert_error_string(error)), who));
}

} // namespace madoguchi::pki
