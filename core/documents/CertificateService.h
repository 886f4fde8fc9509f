#pragma once
// Copies of the resident record (住民票の写し, 除票の写し) issued at the counter. A request records
// who asks (本人, 同一世帯員, 代理人 with a power of attorney, 第三者 with a legitimate reason,
// 職務上請求), the identity document checked, the purpose, the fee and its receipt number. The
// DV support measure (DV等支援措置) refuses copies to anyone but the person and their household.
// Each copy gets a yearly issuance number and is written to the audit log per resident.

#include "auth/Session.h"
#include "registry/Resident.h"
#include "storage/Database.h"

namespace madoguchi {

class RegistryService;

enum class RequesterType { Self, Household, Proxy, ThirdParty, Official };

namespace requesters {
QString id(RequesterType t); // "self", "household", "proxy", "third_party", "official"
std::optional<RequesterType> fromId(const QString& id);
QString displayName(RequesterType t); // 本人 …
} // namespace requesters

struct CertificateRequest
{
    qint64 residentId = 0;
    bool wholeHousehold = false;
    RequesterType requester = RequesterType::Self;
    QString requesterName;
    QString idDocument; // 運転免許証, マイナンバーカード …
    QString purpose;
    bool powerOfAttorney = false; // 委任状 (proxy)
    QString legitimateReason;     // 正当な理由 (third party), 職務上の根拠 (official)
    // Items printed only on request.
    bool withHonseki = false;      // 本籍・筆頭者
    bool withRelationship = false; // 続柄
    bool withMyNumber = false; // 個人番号: only for 本人/同一世帯員 and roles that may see it
    bool withResidentCode = false; // 住民票コード: only for 本人/同一世帯員
    int fee = 300;
    QString receiptNo;
};

struct IssuedCertificate
{
    QString issuanceNumber; // 第2026-000001号
    QString pdfPath;
    QString title;
    int persons = 0;
};

class CertificateService
{
public:
    CertificateService(Database db, RegistryService* registry);

    // Checks the request against the rules; the reason names what is missing or refused.
    Status check(const CertificateRequest& request, const QList<Resident>& persons,
                 const Session& by) const;
    // Issues the copy as a PDF at pdfPath.
    Result<IssuedCertificate> issue(const CertificateRequest& request, const QString& pdfPath,
                                    const Session& by);

private:
    Database m_db;
    RegistryService* m_registry;
};

} // namespace madoguchi
