#pragma once
// Central's JPKI certificate authority (the role J-LIS has): the CA hierarchy made on first start
// (keys in files with owner-only permissions under the PKI directory; certificates in the
// database), certificates issued to residents on a counter's signed request, revocation, and
// publication: the CA bundle, full CRLs and an OCSP responder.
//
// Routes (public: relying parties need no enrollment): GET /v1/pki/ca, GET /v1/pki/crl[?ca=sign|
// auth], POST /v1/pki/ocsp (RFC 6960, application/ocsp-request). Signed by an enrolled terminal
// and spoken for by an operator with the card_issuer role on central: POST /v1/pki/issue,
// POST /v1/pki/revoke, GET /v1/pki/certificates?resident=CODE.
//
// An issuance is checked against central's index of residents (built from the register moves
// that workstations push): the basic four items of the request must be the index's.

#include "HttpServer.h"
#include "pki/Jpki.h"
#include "storage/Database.h"

namespace madoguchi::central {

class PkiService
{
public:
    PkiService(Database db, QString pkiDir);

    // Schema (the caller migrates), and the hierarchy on first start.
    Status init(const QDateTime& now);
    void setPublicUrl(const QString& url) { m_publicUrl = url; }

    HttpResponse publicRoute(const HttpRequest& request);
    HttpResponse signedRoute(const HttpRequest& request, const QString& operatorLogin,
                             const QString& terminal);

    // Central's index of residents: the register fields of each resident, merged move by move.
    Status indexMove(const QString& residentCode, const QJsonObject& after);

    // Revokes; empty when nothing matched. Marks the CA's CRL for regeneration.
    Result<int> revoke(const QString& where, const QVariantList& params, pki::jpki::Reason reason,
                       const QDateTime& at);
    Result<QByteArray> crl(pki::jpki::Kind kind, const QDateTime& now);

    static QString sexCode(const QString& registerSex); // "1" male, "2" female, "9"

    // The bridge CA toward another domain (GPKI): made on first use, it cross-certifies our root
    // (both ways) and the outside CA given; returns the cross certificate for the outside CA.
    // Published at GET /v1/pki/bridge with the bridge's own certificate, for the outside domain
    // to cross-certify in turn.
    Result<QByteArray> crossCertify(const QByteArray& outsideCaPem, const QDateTime& now);
    Result<QByteArray> bridgeBundle() const;

private:
    HttpResponse issue(const QJsonObject& body, const QString& operatorLogin,
                       const QString& terminal);
    HttpResponse revokeRoute(const QJsonObject& body, const QString& operatorLogin);
    HttpResponse list(const HttpRequest& request);
    std::optional<HttpResponse> requireIssuer(const QString& operatorLogin);
    const pki::jpki::Ca& ca(pki::jpki::Kind kind) const;

    Database m_db;
    QString m_dir;
    QString m_publicUrl;
    QByteArray m_rootCert;
    pki::jpki::Ca m_sign;
    pki::jpki::Ca m_auth;
};

} // namespace madoguchi::central
