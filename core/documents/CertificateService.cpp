#include "documents/CertificateService.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "documents/ResidentRecordPdf.h"
#include "refdata/ReferenceData.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "storage/Transaction.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace madoguchi {

namespace requesters {
QString id(RequesterType t)
{
    switch (t) {
    case RequesterType::Self:
        return QStringLiteral("self");
    case RequesterType::Household:
        return QStringLiteral("household");
    case RequesterType::Proxy:
        return QStringLiteral("proxy");
    case RequesterType::ThirdParty:
        return QStringLiteral("third_party");
    case RequesterType::Official:
        return QStringLiteral("official");
    }
    return {};
}

std::optional<RequesterType> fromId(const QString& text)
{
    for (RequesterType t : {RequesterType::Self, RequesterType::Household, RequesterType::Proxy,
                            RequesterType::ThirdParty, RequesterType::Official}) {
        if (id(t) == text) {
            return t;
        }
    }
    return std::nullopt;
}

QString displayName(RequesterType t)
{
    switch (t) {
    case RequesterType::Self:
        return QStringLiteral("本人");
    case RequesterType::Household:
        return QStringLiteral("同一世帯員");
    case RequesterType::Proxy:
        return QStringLiteral("代理人");
    case RequesterType::ThirdParty:
        return QStringLiteral("第三者");
    case RequesterType::Official:
        return QStringLiteral("職務上請求");
    }
    return {};
}
} // namespace requesters

namespace {
Error refused(const QString& why, const QString& code = QStringLiteral("certificate.refused"))
{
    return Error(why, code);
}
} // namespace

CertificateService::CertificateService(Database db, RegistryService* registry)
    : m_db(std::move(db)), m_registry(registry)
{}

Status CertificateService::check(const CertificateRequest& r, const QList<Resident>& persons,
                                 const Session& by) const
{
    if (Status st = by.require(Permission::RequestCertificates); !st) {
        return st;
    }
    if (r.requesterName.trimmed().isEmpty()) {
        return refused(
            QCoreApplication::translate("CertificateService", "the requester's name is missing"));
    }
    if (r.idDocument.trimmed().isEmpty()) {
        return refused(QCoreApplication::translate("CertificateService",
                                                   "the identity document checked is missing"));
    }
    if (r.purpose.trimmed().isEmpty()) {
        return refused(QCoreApplication::translate("CertificateService",
                                                   "the purpose of the request is missing"));
    }
    const bool own = r.requester == RequesterType::Self || r.requester == RequesterType::Household;
    if (r.requester == RequesterType::Proxy && !r.powerOfAttorney) {
        return refused(QCoreApplication::translate("CertificateService",
                                                   "a proxy needs a power of attorney (委任状)"));
    }
    if ((r.requester == RequesterType::ThirdParty || r.requester == RequesterType::Official) &&
        r.legitimateReason.trimmed().isEmpty()) {
        return refused(QCoreApplication::translate(
            "CertificateService",
            "a third party or an official request needs its legitimate reason (正当な理由)"));
    }
    for (const Resident& p : persons) {
        if (p.dvSupport && !own) {
            return refused(QCoreApplication::translate(
                               "CertificateService",
                               "%1 is under the DV support measure (DV等支援措置): copies are "
                               "not issued to proxies, third parties or official requests")
                               .arg(p.fullName()),
                           QStringLiteral("certificate.dv_blocked"));
        }
    }
    if ((r.withMyNumber || r.withResidentCode) && !own) {
        return refused(QCoreApplication::translate(
            "CertificateService", "the My Number and the resident code are printed only for the "
                                  "person or their household"));
    }
    if (r.withMyNumber && !by.can(Permission::ViewFullMyNumber)) {
        return by.require(Permission::ViewFullMyNumber);
    }
    if (r.fee < 0 || (r.fee > 0 && r.receiptNo.trimmed().isEmpty())) {
        return refused(
            QCoreApplication::translate("CertificateService", "a fee needs its receipt number"));
    }
    return {};
}

Result<IssuedCertificate> CertificateService::issue(const CertificateRequest& r,
                                                    const QString& pdfPath, const Session& by)
{
    if (Status st = by.require(Permission::RequestCertificates); !st) {
        return st.error();
    }
    auto subject = m_registry->load(r.residentId);
    if (!subject) {
        return subject.error();
    }
    // The household as registered, head first (unaudited load: the issue itself is audited).
    auto q = m_db.exec(
        QStringLiteral(
            "SELECT id FROM residents WHERE household_id = ? AND status = 'current' "
            "ORDER BY CASE WHEN relationship = '世帯主' THEN 0 ELSE 1 END, birth_date, id"),
        {subject->householdId});
    if (!q) {
        return q.error();
    }
    QList<qint64> memberIds;
    while (q->next()) {
        memberIds << q->value(0).toLongLong();
    }
    q->finish();
    auto members = m_registry->loadMany(memberIds);
    if (!members) {
        return members.error();
    }
    const bool removed = subject->isRemoved();
    QList<Resident> persons;
    if (r.wholeHousehold && !removed) {
        persons = *members;
    } else {
        persons << *subject;
    }
    if (Status st = check(r, persons, by); !st) {
        AuditLog(m_db)
            .recordForResident(by.login(), QStringLiteral("certificate.refused"), subject->id,
                               subject->residentCode, st.error().code, r.purpose)
            .ok();
        return st.error();
    }
    QString head;
    for (const Resident& m : std::as_const(*members)) {
        if (m.relationship == QStringLiteral("世帯主")) {
            head = m.fullName();
        }
    }
    if (head.isEmpty() && subject->relationship == QStringLiteral("世帯主")) {
        head = subject->fullName();
    }

    InstallationSettings settings(m_db);
    auto mayor = settings.mayorName();
    auto seal = settings.sealImagePath();
    auto lg = settings.municipalityCode();
    if (!mayor || !seal || !lg) {
        return (!mayor ? mayor.error() : !seal ? seal.error() : lg.error());
    }
    auto place = ReferenceData(m_db).fullName(lg->isEmpty() ? subject->address.lgCode : *lg);

    documents::ResidentRecordDocument doc;
    doc.title = removed ? QStringLiteral("除票の写し") : QStringLiteral("住民票の写し");
    doc.address = subject->addressDisplay;
    doc.householdHead = head;
    if (r.withHonseki) {
        doc.honseki = subject->honseki;
        doc.hittousha = subject->hittousha;
    }
    for (const Resident& p : std::as_const(persons)) {
        documents::CertificatePerson cp;
        cp.name = p.fullName();
        cp.kana = p.fullKana();
        cp.birthDate = text::Wareki::format(p.birthDate);
        cp.sex = p.sexDisplay();
        if (r.withRelationship) {
            cp.relationship = p.relationship;
        }
        cp.becameResident = text::Wareki::format(p.becameResidentOn);
        if (r.withResidentCode) {
            cp.residentCode = p.residentCode;
        }
        if (r.withMyNumber && p.hasMyNumber) {
            auto number = m_registry->revealMyNumber(p.id, r.purpose, by);
            if (!number) {
                return number.error();
            }
            cp.myNumber = *number;
        }
        if (p.isRemoved()) {
            cp.notes = text::Wareki::format(p.removedOn) + QChar(0x3000) + p.removedReason;
        }
        if (p.isForeign) {
            cp.notes += (cp.notes.isEmpty() ? QString() : QStringLiteral("\n")) +
                        QStringLiteral("国籍・地域　%1　在留資格　%2")
                            .arg(p.nationality, p.residenceStatus);
        }
        doc.persons << cp;
    }
    doc.certificationText =
        removed ? QStringLiteral("この写しは、除票の原本と相違ないことを証明する。")
                : QStringLiteral("この写しは、住民票の原本と相違ないことを証明する。");
    const QDate today = Clock::today();
    doc.issueDate = text::Wareki::format(today);
    doc.issuer = (place ? *place : QString()) + QStringLiteral("長");
    doc.mayorName = *mayor;
    doc.sealImagePath = *seal;

    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (!m_db.isSQLite()) {
        if (Status st = m_db.run(QStringLiteral("SELECT pg_advisory_xact_lock(7205003)")); !st) {
            return st.error();
        }
    }
    auto serial = m_db.scalar(
        QStringLiteral(
            "SELECT COALESCE(MAX(serial), 0) + 1 FROM certificate_issues WHERE year = ?"),
        {today.year()});
    if (!serial) {
        return serial.error();
    }
    IssuedCertificate out;
    out.issuanceNumber =
        QStringLiteral("第%1-%2号").arg(today.year()).arg(serial->toInt(), 6, 10, QLatin1Char('0'));
    out.pdfPath = pdfPath;
    out.title = doc.title;
    out.persons = int(persons.size());
    doc.issuanceNumber = out.issuanceNumber;
    doc.footer = (place ? *place : QString()) + QStringLiteral("　{page}／{pages}");
    if (Status st = documents::writeResidentRecordPdf(doc, pdfPath); !st) {
        return st.error();
    }
    QFile pdf(pdfPath);
    QCryptographicHash sha(QCryptographicHash::Sha256);
    if (pdf.open(QIODevice::ReadOnly)) {
        sha.addData(&pdf);
    }
    const QJsonObject options{{QStringLiteral("honseki"), r.withHonseki},
                              {QStringLiteral("relationship"), r.withRelationship},
                              {QStringLiteral("my_number"), r.withMyNumber},
                              {QStringLiteral("resident_code"), r.withResidentCode},
                              {QStringLiteral("reason"), r.legitimateReason},
                              {QStringLiteral("power_of_attorney"), r.powerOfAttorney}};
    Status st = m_db.run(
        QStringLiteral(
            "INSERT INTO certificate_issues (issuance_no, year, serial, kind, resident_id, "
            "whole_household, requester_type, requester_name, id_document, purpose, options, "
            "fee, receipt_no, issued_at, operator, pdf_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {out.issuanceNumber, today.year(), serial->toInt(),
         removed ? QStringLiteral("jokyo") : QStringLiteral("juminhyo"), subject->id,
         r.wholeHousehold ? 1 : 0, requesters::id(r.requester), r.requesterName.trimmed(),
         r.idDocument.trimmed(), r.purpose.trimmed(),
         QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact)), r.fee,
         r.receiptNo.trimmed(), Clock::isoNow(), by.login(),
         QString::fromLatin1(sha.result().toHex())});
    for (const Resident& p : std::as_const(persons)) {
        if (!st) {
            break;
        }
        st = AuditLog(m_db).recordForResident(
            by.login(), QStringLiteral("certificate.issue"), p.id, out.issuanceNumber,
            requesters::id(r.requester) + u' ' + r.requesterName.trimmed(), r.purpose.trimmed());
    }
    if (st) {
        st = tx.commit();
    }
    if (!st) {
        QFile::remove(pdfPath); // no copy without its record
        return st.error();
    }
    return out;
}

} // namespace madoguchi
