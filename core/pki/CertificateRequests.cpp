#include "pki/CertificateRequests.h"

#include "audit/AuditLog.h"
#include "registry/RegistryService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace madoguchi::pki {

CertificateRequests::CertificateRequests(Database db, sync::Enrollment enrollment)
    : m_db(std::move(db)), m_enrollment(std::move(enrollment))
{}

QJsonObject CertificateRequests::holderOf(const Resident& r, const QString& addressDisplay)
{
    const QString sex = r.sex == QStringLiteral("male")     ? QStringLiteral("1")
                        : r.sex == QStringLiteral("female") ? QStringLiteral("2")
                                                            : QStringLiteral("9");
    return {{QStringLiteral("name"), r.familyName + QStringLiteral("　") + r.givenName},
            {QStringLiteral("birth_date"), r.birthDate.toString(Qt::ISODate)},
            {QStringLiteral("sex"), sex},
            {QStringLiteral("address"), addressDisplay}};
}

Result<QJsonObject> CertificateRequests::call(const QByteArray& method, const QString& path,
                                              const QJsonObject& body, const Session& by)
{
    sync::CentralClient client(m_enrollment.central);
    auto r = client.signedRequest(
        m_enrollment, method, path,
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
        by.login());
    if (!r) {
        return r.error();
    }
    return QJsonDocument::fromJson(r->body).object();
}

Result<IssuedCertificate> CertificateRequests::request(jpki::Kind kind, const Resident& resident,
                                                       const QByteArray& csrPem,
                                                       const QString& cardId, const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    if (resident.isRemoved()) {
        return Error(QCoreApplication::translate("CertificateRequests",
                                                 "%1 has left the register (除票): no "
                                                 "certificate can be issued")
                         .arg(resident.fullName()),
                     QStringLiteral("pki.removed"));
    }
    RegistryService registry(m_db);
    QJsonObject body{
        {QStringLiteral("kind"), jpki::kindId(kind)},
        {QStringLiteral("resident_code"), resident.residentCode},
        {QStringLiteral("card_id"), cardId},
        {QStringLiteral("csr"), QString::fromLatin1(csrPem)},
        {QStringLiteral("holder"), holderOf(resident, registry.addressDisplay(resident.address))}};
    auto answer = call("POST", QStringLiteral("/v1/pki/issue"), body, by);
    if (!answer) {
        AuditLog(m_db)
            .recordForResident(by.login(), QStringLiteral("pki.request_refused"), resident.id,
                               resident.residentCode,
                               jpki::kindId(kind) + u' ' + answer.errorMessage())
            .ok();
        return answer.error();
    }
    IssuedCertificate c;
    c.serial = answer->value(QStringLiteral("serial")).toString();
    c.kind = answer->value(QStringLiteral("kind")).toString();
    c.pem = answer->value(QStringLiteral("certificate")).toString().toLatin1();
    c.chain = answer->value(QStringLiteral("chain")).toString().toLatin1();
    c.notBefore = answer->value(QStringLiteral("not_before")).toString();
    c.notAfter = answer->value(QStringLiteral("not_after")).toString();
    c.superseded = answer->value(QStringLiteral("superseded")).toInt();
    if (c.serial.isEmpty() || c.pem.isEmpty()) {
        return Error(QCoreApplication::translate("CertificateRequests",
                                                 "central's answer holds no certificate"),
                     QStringLiteral("pki.answer"));
    }
    if (Status st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("pki.request"), resident.id, resident.residentCode,
            QStringLiteral("%1 %2 card %3").arg(c.kind, c.serial, cardId));
        !st) {
        return st.error();
    }
    return c;
}

Result<int> CertificateRequests::revoke(const QJsonObject& what, jpki::Reason reason,
                                        const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    QJsonObject body = what;
    body.insert(QStringLiteral("reason"), jpki::reasonId(reason));
    auto answer = call("POST", QStringLiteral("/v1/pki/revoke"), body, by);
    if (!answer) {
        return answer.error();
    }
    const int n = answer->value(QStringLiteral("revoked")).toInt();
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("pki.revoke"),
            QString::fromUtf8(QJsonDocument(what).toJson(QJsonDocument::Compact)),
            QStringLiteral("%1 (%2)").arg(jpki::reasonId(reason)).arg(n));
        !st) {
        return st.error();
    }
    return n;
}

Result<QList<CertificateRecord>> CertificateRequests::list(const QString& residentCode,
                                                           const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    auto answer =
        call("GET", QStringLiteral("/v1/pki/certificates?resident=") + residentCode, {}, by);
    if (!answer) {
        return answer.error();
    }
    QList<CertificateRecord> out;
    for (const QJsonValue& v : answer->value(QStringLiteral("certificates")).toArray()) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("serial")).toString(),
                    o.value(QStringLiteral("kind")).toString(),
                    o.value(QStringLiteral("card_id")).toString(),
                    o.value(QStringLiteral("not_before")).toString(),
                    o.value(QStringLiteral("not_after")).toString(),
                    o.value(QStringLiteral("status")).toString(),
                    o.value(QStringLiteral("revoked_at")).toString(),
                    o.value(QStringLiteral("reason")).toString()});
    }
    return out;
}

} // namespace madoguchi::pki
