#pragma once
// The JPKI (公的個人認証サービス) certificate authority, through OpenSSL 3: a root with a signing
// CA (署名用) and a user-authentication CA (利用者証明用) under it, the two certificate profiles,
// full CRLs and OCSP answers (RFC 6960).
//
// Profiles, as far as public descriptions of the real service go:
//   signing certificate   subject C=JP, L=<prefecture and municipality>, CN=<an opaque
//                         number>; the four basic items (name, date of birth, sex, address) in
//                         subjectAltName as otherName UTF8Strings under 1.2.392.200149.8.5.5.x
//                         (1 name, 3 sex, 4 date of birth, 5 address); keyUsage
//                         digitalSignature + nonRepudiation (critical)
//   auth certificate      subject C=JP, CN=<an opaque number>; no personal data; keyUsage
//                         digitalSignature (critical); extendedKeyUsage clientAuth
// Both: authorityKeyIdentifier, cRLDistributionPoints and
// authorityInfoAccess (OCSP) pointing at central; validity from issuance to the holder's 5th
// birthday after it; 128-bit random serials.

#include "common/Result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace madoguchi::pki::jpki {

enum class Kind { Sign, Auth };
QString kindId(Kind k); // "sign", "auth"
std::optional<Kind> kindFromId(const QString& id);

// The four basic items (基本4情報) as the register holds them.
struct Holder
{
    QString name;
    QDate birthDate;
    QString sex; // "1" male, "2" female, "9" not stated (as in the register's code)
    QString address;
};

struct Hierarchy
{
    QByteArray rootKey, rootCert;
    QByteArray signKey, signCert;
    QByteArray authKey, authCert;
};
// A new root (20 years) with the signing and authentication CAs (10 years) under it.
Result<Hierarchy> createHierarchy(const QString& organisation, const QDateTime& now);

// The end of a certificate issued on `issued` to someone born on `birth`: their 5th birthday
// after the day of issuance (29 February: 28 February in common years), at 23:59:59 JST.
QDateTime validUntil(const QDate& issued, const QDate& birth);

struct IssueRequest
{
    Kind kind = Kind::Sign;
    QByteArray csrPem;  // its own signature is checked (proof of possession)
    Holder holder;      // written into the signing certificate only
    QString place;      // L= of the signing certificate
    QString publicBase; // central's public URL: CRL and OCSP locations
    QDateTime now;
};
struct Issued
{
    QByteArray pem;
    QString serialHex; // upper-case hex
    QDateTime notBefore;
    QDateTime notAfter;
};
Result<Issued> issue(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                     const IssueRequest& request);

// Cross-certification through a bridge CA (as the 個人認証ブリッジ認証局 links JPKI with GPKI):
// a certificate, issued by `issuer`, for another CA's name and public key (taken from that CA's
// own certificate), marked as a CA, so that a path from one domain's trust anchor reaches the
// other's certificates. pathLen is left open: the path continues into the other domain.
Result<QByteArray> crossCertify(const QByteArray& issuerKeyPem, const QByteArray& issuerCertPem,
                                const QByteArray& subjectCaCertPem, const QDateTime& from,
                                int years);
// A new bridge CA: its key and a self-signed certificate (a CA of its own; what it is for is the
// cross certificates it issues and receives).
Result<std::pair<QByteArray, QByteArray>> createBridge(const QString& organisation,
                                                       const QDateTime& now);

// CRLReason codes (RFC 5280).
enum class Reason {
    Unspecified = 0,
    KeyCompromise = 1,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
};
std::optional<Reason> reasonFromId(const QString& id); // "keyCompromise" …
QString reasonId(Reason r);

struct Revoked
{
    QString serialHex;
    QDateTime at;
    Reason reason = Reason::Unspecified;
};
// A full CRL, DER, signed by the CA, valid from `thisUpdate` to `nextUpdate`.
Result<QByteArray> makeCrl(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                           const QList<Revoked>& revoked, qint64 number,
                           const QDateTime& thisUpdate, const QDateTime& nextUpdate);

// Answers a DER OCSP request. `lookup` tells, for an issuer certificate (PEM, one of `cas`) and
// a serial, whether central issued it and whether it is revoked. The answer is signed by the CA
// that issued the certificates asked about (RFC 6960 allows the issuer itself to sign).
struct CertState
{
    bool known = false;
    bool revoked = false;
    QDateTime revokedAt;
    Reason reason = Reason::Unspecified;
};
struct Ca
{
    QByteArray keyPem;
    QByteArray certPem;
};
using Lookup = std::function<CertState(int caIndex, const QString& serialHex)>;
// A malformed request is answered with an OCSP "malformedRequest" response, not an error.
Result<QByteArray> ocspRespond(const QByteArray& requestDer, const QList<Ca>& cas,
                               const Lookup& lookup, const QDateTime& now, int validMinutes);

} // namespace madoguchi::pki::jpki
