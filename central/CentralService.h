#pragma once
// The central service: terminal enrollment with a terminal CA, and requests that must be
// signed by an enrolled, unrevoked terminal (HTTP Message Signatures, RFC 9421, with
// ecdsa-p256-sha256 and Content-Digest). Every refusal is a problem document (RFC 9457) that
// names its reason; every answer to a signed request is signed by central in turn.
//
// Routes: GET /v1/health; POST /v1/enroll (the one unsigned request: a one-time code and a CSR);
// GET /v1/whoami; POST /v1/sync/push (changes applied exactly once, by change id);
// GET /v1/sync/pull?since=CURSOR; POST /v1/audit/push (the terminal's audit chain, checked to
// link on to what central holds of it); GET /v1/operators?since=REVISION (central's operators,
// once it manages any; from then on every request must speak for an active one);
// GET /v1/cards/production?application=ID (the latest production order of one of the calling
// terminal's applications; see CardProduction.h); GET /v1/learning/catalogue (the training
// course packages published here) and GET /v1/learning/package?id=ID&version=N (one package's
// bytes, application/zip).

#include "CardProduction.h"
#include "HttpServer.h"
#include "LearningRecords.h"
#include "PkiService.h"
#include "storage/Database.h"

namespace madoguchi::central {

struct CentralOptions
{
    QString publicUrl;          // what clients sign as @target-uri, e.g. https://central.example
    int clockSkewSeconds = 300; // created must be within ± this of central's clock
    int enrollCodeHours = 72;
    QString pkiDir; // where the JPKI CA keys are kept (files readable by this user only)
};

// An operator as central keeps it; workstations enrolled with central take their operator list
// from here (offline sign-in uses the synced password hash).
struct CentralOperator
{
    QString login;
    QString displayName;
    QStringList roles; // role ids: clerk, card_issuer, …
    bool active = true;
    QString passwordHash;
    qint64 revision = 0;
};

class CentralService
{
public:
    CentralService(Database db, CentralOptions options);

    // Schema, the terminal CA and central's own signing key (created on first start).
    Status init();
    // A one-time enrollment code for a terminal (shown once; only its hash is kept).
    Result<QString> createEnrollCode(const QString& terminal);
    Status revokeTerminal(const QString& terminal);
    Result<QByteArray> caCertificate() const;
    // Adds or updates an operator; an empty password keeps the current one.
    Status saveOperator(const CentralOperator& op, const QString& password);
    Result<QList<CentralOperator>> operators() const;
    // Where a terminal's audit chain stands at central: last entry id, its hash, count.
    Result<QJsonObject> auditHead(const QString& terminal) const;
    // A terminal's transport file (sync/TransportFile): checked against the terminal's
    // certificate, opened with central's key and applied as that terminal's push, each change
    // once. Answers with the terminal, the file id and the counts (and when the same file was
    // imported before).
    Result<QJsonObject> importTransport(const QByteArray& file);
    void setPublicUrl(const QString& url);
    // A signed course package for the catalogue (checked whole and signed; trust is each
    // workstation's). The same package again is reported as already published; other contents
    // under a published id and version are refused.
    Result<QJsonObject> publishCourse(const QByteArray& package);

    HttpResponse handle(const HttpRequest& request);
    PkiService& pki() { return m_pki; }
    CardProduction& production() { return m_production; }

private:
    struct Caller
    {
        qint64 terminalId = 0;
        QString terminal;
        QString operatorLogin;
        QByteArray nonce;
    };
    HttpResponse enroll(const HttpRequest& request);
    std::optional<HttpResponse> authenticate(const HttpRequest& request, Caller* caller);
    HttpResponse push(const HttpRequest& request, const Caller& caller);
    // A batch of changes from a terminal (a push, or a transport file), applied once each.
    Result<QJsonObject> applyChanges(const QJsonArray& changes, const Caller& caller);
    HttpResponse pull(const HttpRequest& request, const Caller& caller);
    HttpResponse auditPush(const HttpRequest& request, const Caller& caller);
    HttpResponse operatorList(const HttpRequest& request);
    HttpResponse productionStatus(const HttpRequest& request, const Caller& caller);
    HttpResponse learningCatalogue();
    HttpResponse learningPackage(const HttpRequest& request);
    Status afterMove(const QJsonObject& change);
    void signResponse(HttpResponse& response, const HttpRequest& request, const Caller& caller);
    Result<QString> setting(const QString& key) const;

    Database m_db;
    CentralOptions m_options;
    QByteArray m_caKey;
    QByteArray m_caCert;
    QByteArray m_serviceKey;
    PkiService m_pki;
    CardProduction m_production;
    LearningRecords m_learning;
};

} // namespace madoguchi::central
