#pragma once
// The counter's side of JPKI: requesting a resident's signing or authentication certificate from
// central (a signed request, spoken for by the signed-in card issuer; the basic four items come
// from the register, and central checks them against its own index), revoking, and listing a
// resident's certificates with their status. Every action is written to the audit log.
// Blocking network calls: run from a worker thread in the GUI.

#include "auth/Session.h"
#include "pki/Jpki.h"
#include "registry/Resident.h"
#include "sync/CentralClient.h"

namespace madoguchi::pki {

struct IssuedCertificate
{
    QString serial;
    QString kind;
    QByteArray pem;
    QByteArray chain; // the issuing CA, then the root
    QString notBefore;
    QString notAfter;
    int superseded = 0; // earlier certificates of this kind that it replaced
};

struct CertificateRecord
{
    QString serial;
    QString kind; // sign / auth
    QString cardId;
    QString notBefore;
    QString notAfter;
    QString status; // valid / revoked / expired
    QString revokedAt;
    QString reason;
};

class CertificateRequests
{
public:
    CertificateRequests(Database db, sync::Enrollment enrollment);

    // The basic four items of the signing certificate, as the register holds them.
    static QJsonObject holderOf(const Resident& r, const QString& addressDisplay);

    Result<IssuedCertificate> request(jpki::Kind kind, const Resident& resident,
                                      const QByteArray& csrPem, const QString& cardId,
                                      const Session& by);
    // `what` names the certificates: {"serial": …}, {"card_id": …} or {"resident_code": …,
    // "kind": …}. Returns how many were revoked.
    Result<int> revoke(const QJsonObject& what, jpki::Reason reason, const Session& by);
    Result<QList<CertificateRecord>> list(const QString& residentCode, const Session& by);

private:
    Result<QJsonObject> call(const QByteArray& method, const QString& path, const QJsonObject& body,
                             const Session& by);
    Database m_db;
    sync::Enrollment m_enrollment;
};

} // namespace madoguchi::pki
