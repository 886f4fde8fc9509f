#pragma once
// Central's JPKI CA certificates and CRLs, cached in the installation database so that a
// certificate can be verified at the counter without asking central every time.
//
// Central publishes (unsigned, public: the certificates and CRLs carry their own signatures)
//   GET /v1/pki/ca              PEM bundle: root, signing CA (署名用), authentication CA
//                               (利用者証明用), in that order
//   GET /v1/pki/crl?ca=sign|auth  the CA's full CRL, DER, with nextUpdate
// A CRL is stored only after its signature verifies with its CA's key from the bundle, and only
// when it is not older than the one already cached. refresh() asks central only for the CRLs
// whose nextUpdate has passed (or all, when forced).

#include "common/Result.h"
#include "storage/Database.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace madoguchi::sync {
class CentralClient;
}

namespace madoguchi::pki {

struct CachedCrl
{
    QString ca; // "sign" or "auth"
    QString issuer;
    QByteArray der;
    QDateTime thisUpdate;
    QDateTime nextUpdate;
    QDateTime fetchedAt;
    bool fresh = false; // nextUpdate is still ahead of Clock::now()
};

struct CrlRefresh
{
    QStringList fetched;    // CAs whose CRL was fetched and stored
    QStringList stillFresh; // CAs whose cached CRL did not need fetching
};

// What central publishes, fetched without storing it.
struct PublishedPki
{
    QByteArray caBundle;
    QMap<QString, QByteArray> crls; // by CA name ("sign", "auth"): DER
};

class CrlCache
{
public:
    explicit CrlCache(Database db) : m_db(std::move(db)) {}

    // "sign", "auth": the CAs under the root, in the bundle's order after the root.
    static const QStringList& caNames();

    // The cached PEM bundle; empty when none was fetched yet.
    Result<QByteArray> caBundle() const;
    // Checks that the bundle is a root followed by the signing and authentication CAs issued by
    // it, and stores it. A bundle with other CAs drops the cached CRLs.
    Status storeCaBundle(const QByteArray& pem);
    // Checks the CRL (DER or PEM) against the cached bundle's CA `ca` and stores it.
    Status store(const QString& ca, const QByteArray& crl);

    // The cached CRL of `ca`, or nullopt when there is none.
    Result<std::optional<CachedCrl>> current(const QString& ca) const;
    // Every cached CRL's DER (for verifying), in caNames() order.
    Result<QList<QByteArray>> crls() const;

    // Fetches the bundle and the CRLs that are missing or past their nextUpdate (all of them
    // when `force`), verifies and stores them in one transaction.
    Result<CrlRefresh> refresh(sync::CentralClient& central, bool force = false);
    Result<CrlRefresh> refresh(const QUrl& central, bool force = false);

    // GET /v1/pki/ca and /v1/pki/crl?ca=… (the bundle always, the CRLs of `cas`).
    static Result<PublishedPki> fetch(sync::CentralClient& central,
                                      const QStringList& cas = caNames());

private:
    Database m_db;
};

} // namespace madoguchi::pki
