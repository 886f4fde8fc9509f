#pragma once
// Test-only JPKI hierarchies built with OpenSSL's C API: a root CA, CAs under it, end-entity
// certificates and CRLs, every one with the validity times the test asks for (ECDSA P-256).

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace madoguchi::test {

struct TestCa
{
    QByteArray keyPem;
    QByteArray certPem;
};

struct TestRevocation
{
    qint64 serial = 0;
    QDateTime at;
    int reason = -1; // CRLReason code; -1: no reason extension
};

// A self-signed root CA (issuer == nullptr) or a CA issued by `issuer`.
TestCa makeTestCa(const QString& commonName, const TestCa* issuer, const QDateTime& notBefore,
                  const QDateTime& notAfter, qint64 serial);
// An end-entity certificate (PEM) for a new key, issued by `issuer`.
QByteArray makeTestLeaf(const QString& commonName, const TestCa& issuer, const QDateTime& notBefore,
                        const QDateTime& notAfter, qint64 serial);
// A v2 CRL signed by `issuer`: DER, or PEM when `pem`.
QByteArray makeTestCrl(const TestCa& issuer, const QDateTime& thisUpdate,
                       const QDateTime& nextUpdate, const QList<TestRevocation>& revoked,
                       bool pem = false);

} // namespace madoguchi::test
