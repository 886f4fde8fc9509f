#pragma once
// Verifying a JPKI certificate on this workstation, with OpenSSL 3's X509_STORE: the chain up
// to a trusted root and the revocation status in the current CRL of the certificate's issuer.
//
// The CA bundle is PEM (central's GET /v1/pki/ca: root, signing CA, authentication CA). Its
// self-signed certificates are the trust anchors; the others are untrusted intermediates that
// a chain may use. CRLs are DER or PEM. The CRL of the certificate's own issuer is required
// (X509_V_FLAG_CRL_CHECK); a CRL of the root is optional and, when it is given, the CAs under
// the root are checked against it as well (X509_V_FLAG_CRL_CHECK_ALL, which needs a CRL for
// every CA of the chain, is turned on only then).
//
// A CRL whose nextUpdate has passed is not accepted silently: the result is CrlExpired unless a
// fresher CRL of the same CA is also given (OpenSSL picks the CRL that is valid at the time). A
// certificate found revoked in a stale CRL is still reported Revoked.

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace madoguchi::pki {

enum class CertStatus {
    Valid,
    Revoked,
    Expired,
    NotYetValid,
    Untrusted,
    NoCrl,
    CrlExpired,
    Invalid,
};

struct CertVerification
{
    CertStatus status = CertStatus::Invalid;
    QString reason; // translated, one line: "valid", "revoked on … (keyCompromise)", …
    QString subject;
    QString issuer;
    QString serial; // upper-case hex
    QDateTime notBefore;
    QDateTime notAfter;
    // When Revoked: the date in the CRL and the CRLReason's name ("unspecified" when the entry
    // has no reason code).
    QDateTime revokedAt;
    QString revocationReason;
    // When CrlExpired: the nextUpdate of the stale CRL.
    QDateTime crlNextUpdate;

    bool valid() const { return status == CertStatus::Valid; }
};

// Verifies `certificate` (PEM or DER) at `at` (default: Clock::now()).
CertVerification verifyCertificateChain(const QByteArray& certificate, const QByteArray& caBundle,
                                        const QList<QByteArray>& crls, QDateTime at = {});

// "valid", "revoked", … (stable, not translated).
QString certStatusName(CertStatus status);
// RFC 5280 CRLReason names: 1 -> "keyCompromise"; -1 (no reason code) -> "unspecified".
QString crlReasonName(int code);

// The certificates of a PEM bundle, each as PEM, in the bundle's order.
Result<QList<QByteArray>> readCertificates(const QByteArray& pemBundle);

struct CrlInfo
{
    QByteArray der;
    QString issuer;
    QDateTime thisUpdate;
    QDateTime nextUpdate; // invalid when the CRL has none
    int entries = 0;
};
// Reads a CRL, DER or PEM.
Result<CrlInfo> readCrl(const QByteArray& crl);
// Succeeds when the CRL was issued and signed by the CA certificate (PEM).
Status verifyCrlSignature(const QByteArray& crl, const QByteArray& caCertificatePem);

// "2026-11-20 12:00 UTC": how dates appear in the reasons.
QString formatUtc(const QDateTime& t);

} // namespace madoguchi::pki
