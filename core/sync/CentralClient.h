#pragma once
// Talking to central: enrollment of this workstation (an ECDSA P-256 key made here, a CSR with
// the administrator's one-time code, the certificate central's terminal CA issues), and signed
// requests (RFC 9421: @method, @target-uri, content-digest, content-type, madoguchi-operator;
// created, expires, nonce, keyid) whose signed answers are verified against central's key. The
// clock offset to central is learnt from its Date header and corrected for.
//
// Blocking calls with a deadline over HTTP/1.1 (plain HTTP on loopback, HTTPS elsewhere):
// use from a worker thread in the GUI. HTTPS is TLS 1.2 or later with the host name checked;
// central's certificate must chain to a system CA or to the private CA given at enrollment
// (Enrollment::tlsCaPem), and an untrusted one fails with code "sync.tls_untrusted".

#include "sig/HttpMessage.h"
#include "storage/Database.h"

#include <QByteArray>
#include <QUrl>

namespace madoguchi::sync {

struct Enrollment
{
    QUrl central;
    QString terminal;
    QString keyid; // SHA-256 of the terminal certificate, hex
    QByteArray keyPem;
    QByteArray certificatePem;
    QByteArray caPem;
    QByteArray centralKeyPem;
    // CA certificates (PEM) trusted for central's TLS certificate besides the system's: a
    // private CA; empty when central's certificate is from a public CA or central is plain HTTP.
    QByteArray tlsCaPem;
};

// A training course central offers (GET /v1/learning/catalogue).
struct CatalogueEntry
{
    QString courseId;
    int version = 0;
    QString title;
    QString titleEn;
    QString publisher;
    QString sha256; // of the package, hex
    qint64 size = 0;
};

// Where this installation keeps its terminal key (outside the database) and enrollment.
Result<Enrollment> loadEnrollment(const Database& db);
Status saveEnrollment(const Database& db, const Enrollment& e);

class CentralClient
{
public:
    explicit CentralClient(QUrl central, int timeoutMs = 15000);
    // The central of an enrollment, trusting its private TLS CA.
    explicit CentralClient(const Enrollment& e, int timeoutMs = 15000);

    // Trusts the CA certificates in `pem` for central's TLS certificate, in addition to the
    // system's CAs (an enrollment made with this client keeps them).
    Status setTlsCa(const QByteArray& pem);

    // One request, one answer (Connection: close). The request target is taken from `url`.
    Result<sig::HttpMessage> exchange(const QByteArray& method, const QString& pathAndQuery,
                                      const QByteArray& contentType, const QByteArray& body,
                                      const QList<QPair<QByteArray, QByteArray>>& fields = {});

    Result<Enrollment> enroll(const QString& code, const QString& terminalName);

    // A signed request as `operatorLogin`; the answer must carry central's valid signature
    // for this request.
    Result<sig::HttpMessage> signedRequest(const Enrollment& e, const QByteArray& method,
                                           const QString& pathAndQuery, const QByteArray& body,
                                           const QString& operatorLogin);

    // Central's course catalogue, and one package's bytes (verified on import, like a file).
    Result<QList<CatalogueEntry>> learningCatalogue(const Enrollment& e,
                                                    const QString& operatorLogin);
    Result<QByteArray> learningPackage(const Enrollment& e, const QString& courseId, int version,
                                       const QString& operatorLogin);

    qint64 clockOffsetSeconds() const { return m_offset; }

    // Builds the signed request without sending it (for tests of central's refusals).
    static Result<sig::HttpMessage> buildSigned(const Enrollment& e, const QByteArray& method,
                                                const QString& pathAndQuery, const QByteArray& body,
                                                const QString& operatorLogin, qint64 createdEpoch,
                                                const QString& nonce);

private:
    QUrl m_central;
    int m_timeoutMs;
    QByteArray m_tlsCaPem;
    qint64 m_offset = 0;
    bool m_clockKnown = false;
};

} // namespace madoguchi::sync
