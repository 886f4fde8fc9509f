#pragma once
// X.509 for terminal enrollment, through OpenSSL 3: ECDSA P-256 keys, certificate signing
// requests, a certificate authority that issues terminal certificates, and fingerprints.

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>

namespace madoguchi::pki {

// A new ECDSA P-256 private key, PEM (PKCS#8).
Result<QByteArray> generateEcKey();
Result<QByteArray> publicKeyPem(const QByteArray& privateKeyPem);
// A CSR for the key with the subject CN.
Result<QByteArray> makeCsr(const QByteArray& privateKeyPem, const QString& commonName);
// A CSR (PEM) for a key held elsewhere, e.g. on a smart card: the request for publicKeyPem (any
// key OpenSSL reads; RSA for the My Number card) with the subject CN, signed by signDigest, which
// gets the SHA-256 of the request's to-be-signed part and answers an RSA PKCS#1 v1.5 signature
// over its DigestInfo (what MyNumberCard::sign computes). sha256WithRSAEncryption.
Result<QByteArray>
makeCsrSignedBy(const QByteArray& publicKeyPem, const QString& commonName,
                const std::function<Result<QByteArray>(const QByteArray& sha256)>& signDigest);
// A self-signed CA certificate for the key.
Result<QByteArray> makeCaCertificate(const QByteArray& caKeyPem, const QString& commonName,
                                     int validDays);

struct CsrInfo
{
    QString commonName;
    QByteArray publicKeyPem;
};
// Checks the CSR's own signature and reads its subject and key (ECDSA P-256 only).
Result<CsrInfo> readCsr(const QByteArray& csrPem);

// Issues a client certificate for the CSR's key, subject CN = commonName.
Result<QByteArray> issueCertificate(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                                    const QByteArray& csrPem, const QString& commonName,
                                    qint64 serial, int validDays);
// Issues a TLS server certificate for the key (any key OpenSSL reads: EC or RSA), subject
// CN = commonName, with the DNS names and IP addresses as subjectAltName and extendedKeyUsage
// serverAuth: for a central served with its own TLS from a private CA.
Result<QByteArray> issueServerCertificate(const QByteArray& caKeyPem, const QByteArray& caCertPem,
                                          const QByteArray& serverKeyPem, const QString& commonName,
                                          const QStringList& dnsNames,
                                          const QStringList& ipAddresses, qint64 serial,
                                          int validDays);
// Succeeds when the private key is the one the certificate's public key belongs to.
Status checkKeyMatches(const QByteArray& certPem, const QByteArray& privateKeyPem);
// True when the certificate was issued by the CA (signature and validity at `at`).
Status verifyCertificate(const QByteArray& certPem, const QByteArray& caCertPem,
                         const QDateTime& at);
// SHA-256 of the certificate's DER, lower-case hex: the terminal's keyid.
Result<QString> fingerprint(const QByteArray& certPem);

} // namespace madoguchi::pki
