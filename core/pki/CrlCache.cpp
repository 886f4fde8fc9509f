#include "pki/CrlCache.h"

#include "common/Clock.h"
#include "pki/CertVerify.h"
#include "pki/Pki.h"
#include "storage/Transaction.h"
#include "sync/CentralClient.h"

#include <QCoreApplication>

namespace madoguchi::pki {

namespace {

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QString& s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

Error fetchError(const QString& path, const sig::HttpMessage& r)
{
    return Error(QCoreApplication::translate("CrlCache", "central answered HTTP %1 to GET %2")
                     .arg(r.status)
                     .arg(path),
                 QStringLiteral("pki.fetch"));
}

} // namespace

const QStringList& CrlCache::caNames()
{
    static const QStringList names = {QStringLiteral("sign"), QStringLiteral("auth")};
    return names;
}

Result<QByteArray> CrlCache::caBundle() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT pem FROM pki_ca_bundle WHERE id = 1"));
    if (!v) {
        return v.error();
    }
    return v->isValid() ? v->toString().toLatin1() : QByteArray();
}

Status CrlCache::storeCaBundle(const QByteArray& pem)
{
    auto certs = readCertificates(pem);
    if (!certs) {
        return certs.error();
    }
    const QDateTime now = Clock::now();
    if (certs->size() != 1 + caNames().size()) {
        return Error(QCoreApplication::translate(
                         "CrlCache", "the CA bundle must hold %1 certificates (root, signing CA, "
                                     "authentication CA), not %2")
                         .arg(1 + caNames().size())
                         .arg(certs->size()),
                     QStringLiteral("pki.bundle"));
    }
    const QByteArray& root = certs->first();
    if (Status st = verifyCertificate(root, root, now); !st) {
        return Error(QCoreApplication::translate("CrlCache",
                                                 "the first certificate of the CA bundle is "
                                                 "not a valid self-signed root: %1")
                         .arg(st.errorMessage()),
                     QStringLiteral("pki.bundle"));
    }
    for (int i = 1; i < certs->size(); ++i) {
        if (Status st = verifyCertificate(certs->at(i), root, now); !st) {
            return Error(QCoreApplication::translate(
                             "CrlCache", "the %1 CA of the bundle is not valid under its root: %2")
                             .arg(caNames().at(i - 1), st.errorMessage()),
                         QStringLiteral("pki.bundle"));
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto old = caBundle();
    if (!old) {
        return old.error();
    }
    auto oldCerts = readCertificates(*old);
    if (!oldCerts || *oldCerts != *certs) {
        // Other CAs: their CRLs no longer belong to the bundle.
        if (Status st = m_db.run(QStringLiteral("DELETE FROM pki_crls")); !st) {
            return st;
        }
    }
    if (Status st = m_db.run(QStringLiteral("DELETE FROM pki_ca_bundle")); !st) {
        return st;
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO pki_ca_bundle (id, pem, fetched_at) VALUES (1, ?, ?)"),
            {QString::fromLatin1(pem), iso(now)});
        !st) {
        return st;
    }
    return tx.commit();
}

Status CrlCache::store(const QString& ca, const QByteArray& crl)
{
    const qsizetype index = caNames().indexOf(ca);
    if (index < 0) {
        return Error(
            QCoreApplication::translate("CrlCache", "unknown CA \"%1\" (use sign or auth)").arg(ca),
            QStringLiteral("pki.ca"));
    }
    auto bundle = caBundle();
    if (!bundle) {
        return bundle.error();
    }
    auto certs = readCertificates(*bundle);
    if (!certs || certs->size() <= index + 1) {
        return Error(QCoreApplication::translate(
                         "CrlCache", "no CA certificates are cached: fetch them from central"),
                     QStringLiteral("pki.bundle"));
    }
    if (Status st = verifyCrlSignature(crl, certs->at(index + 1)); !st) {
        return Error(QCoreApplication::translate("CrlCache", "the %1 CRL is refused: %2")
                         .arg(ca, st.errorMessage()),
                     st.error().code);
    }
    auto info = readCrl(crl);
    if (!info) {
        return info.error();
    }
    if (!info->nextUpdate.isValid()) {
        return Error(
            QCoreApplication::translate("CrlCache", "the %1 CRL is refused: it has no nextUpdate")
                .arg(ca),
            QStringLiteral("pki.crl"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto cached = current(ca);
    if (!cached) {
        return cached.error();
    }
    if (*cached && (*cached)->thisUpdate > info->thisUpdate) {
        return Error(QCoreApplication::translate(
                         "CrlCache", "the %1 CRL is refused: it is older (%2) than the cached "
                                     "one (%3)")
                         .arg(ca, formatUtc(info->thisUpdate), formatUtc((*cached)->thisUpdate)),
                     QStringLiteral("pki.crl_older"));
    }
    if (Status st = m_db.run(QStringLiteral("DELETE FROM pki_crls WHERE ca = ?"), {ca}); !st) {
        return st;
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO pki_crls (ca, issuer, der, this_update, "
                                            "next_update, fetched_at) VALUES (?, ?, ?, ?, ?, ?)"),
                             {ca, info->issuer, QString::fromLatin1(info->der.toBase64()),
                              iso(info->thisUpdate), iso(info->nextUpdate), Clock::isoNow()});
        !st) {
        return st;
    }
    return tx.commit();
}

Result<std::optional<CachedCrl>> CrlCache::current(const QString& ca) const
{
    auto q = m_db.exec(QStringLiteral("SELECT issuer, der, this_update, next_update, fetched_at "
                                      "FROM pki_crls WHERE ca = ?"),
                       {ca});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<CachedCrl>();
    }
    CachedCrl c;
    c.ca = ca;
    c.issuer = q->value(0).toString();
    c.der = QByteArray::fromBase64(q->value(1).toString().toLatin1());
    c.thisUpdate = fromIso(q->value(2).toString());
    c.nextUpdate = fromIso(q->value(3).toString());
    c.fetchedAt = fromIso(q->value(4).toString());
    c.fresh = c.nextUpdate.isValid() && Clock::now() < c.nextUpdate;
    return std::optional<CachedCrl>(c);
}

Result<QList<QByteArray>> CrlCache::crls() const
{
    QList<QByteArray> out;
    for (const QString& ca : caNames()) {
        auto c = current(ca);
        if (!c) {
            return c.error();
        }
        if (*c) {
            out << (*c)->der;
        }
    }
    return out;
}

Result<PublishedPki> CrlCache::fetch(sync::CentralClient& central, const QStringList& cas)
{
    PublishedPki published;
    const QString caPath = QStringLiteral("/v1/pki/ca");
    auto bundle = central.exchange("GET", caPath, {}, {});
    if (!bundle) {
        return bundle.error();
    }
    if (bundle->status != 200) {
        return fetchError(caPath, *bundle);
    }
    published.caBundle = bundle->body;
    for (const QString& ca : cas) {
        const QString path = QStringLiteral("/v1/pki/crl?ca=") + ca;
        auto crl = central.exchange("GET", path, {}, {});
        if (!crl) {
            return crl.error();
        }
        if (crl->status != 200) {
            return fetchError(path, *crl);
        }
        published.crls.insert(ca, crl->body);
    }
    return published;
}

Result<CrlRefresh> CrlCache::refresh(sync::CentralClient& central, bool force)
{
    CrlRefresh report;
    QStringList wanted;
    for (const QString& ca : caNames()) {
        auto c = current(ca);
        if (!c) {
            return c.error();
        }
        if (force || !*c || !(*c)->fresh) {
            wanted << ca;
        } else {
            report.stillFresh << ca;
        }
    }
    if (wanted.isEmpty()) {
        return report;
    }
    auto published = fetch(central, wanted);
    if (!published) {
        return published.error();
    }
    // Other CAs than the cached ones: every CRL is needed again.
    if (wanted.size() < caNames().size()) {
        auto cachedBundle = caBundle();
        if (!cachedBundle) {
            return cachedBundle.error();
        }
        auto before = readCertificates(*cachedBundle);
        auto after = readCertificates(published->caBundle);
        if (!before || !after || *before != *after) {
            wanted = caNames();
            report.stillFresh.clear();
            published = fetch(central, wanted);
            if (!published) {
                return published.error();
            }
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = storeCaBundle(published->caBundle); !st) {
        return st.error();
    }
    for (const QString& ca : std::as_const(wanted)) {
        if (Status st = store(ca, published->crls.value(ca)); !st) {
            return st.error();
        }
        report.fetched << ca;
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return report;
}

Result<CrlRefresh> CrlCache::refresh(const QUrl& central, bool force)
{
    sync::CentralClient client(central);
    return refresh(client, force);
}

} // namespace madoguchi::pki
