// The 交付通知書 of a card waiting for its holder: the document's contents from the application,
// the register and the installation settings; the drawing is documents::writeCardNoticePdf.
#include "issuance/Issuance.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "documents/CardNoticePdf.h"
#include "refdata/ReferenceData.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimeZone>

namespace madoguchi::issuance {

namespace {

QString weekday(const QDate& d)
{
    static const char16_t* names[] = {u"月", u"火", u"水", u"木", u"金", u"土", u"日"};
    return QString::fromUtf16(names[d.dayOfWeek() - 1]);
}

QString postal(const QString& code)
{
    return code.size() == 7 ? code.left(3) + u'-' + code.mid(3) : code;
}

} // namespace

Result<Application> IssuanceService::writeNotice(qint64 appId, const QString& path,
                                                 const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    auto a = get(appId);
    if (!a) {
        return a.error();
    }
    if (a->state != State::Delivered && a->state != State::NoticeSent &&
        a->state != State::AppointmentBooked) {
        return Error(QCoreApplication::translate("Issuance", "a notice is written for a card "
                                                             "that has arrived and waits for its "
                                                             "holder; application %1 is %2")
                         .arg(appId)
                         .arg(id(a->state)),
                     QStringLiteral("issuance.notice"));
    }
    auto resident = RegistryService(m_db).load(a->residentId);
    if (!resident) {
        return resident.error();
    }
    InstallationSettings settings(m_db);
    auto lg = settings.municipalityCode();
    auto mayor = settings.mayorName();
    auto counter = settings.cardCounter();
    if (!lg || !mayor || !counter) {
        return !lg ? lg.error() : !mayor ? mayor.error() : counter.error();
    }
    auto place = ReferenceData(m_db).fullName(lg->isEmpty() ? resident->address.lgCode : *lg);
    const QString municipality = place ? *place : QString();
    const QTimeZone jst(9 * 3600);

    documents::CardNoticeDocument doc;
    doc.noticeNumber = QStringLiteral("交付通知 第%1号").arg(appId);
    doc.issueDate = text::Wareki::format(japanToday());
    doc.postalCode = postal(resident->address.postalCode);
    doc.address = resident->addressDisplay;
    doc.name = resident->fullName();
    doc.kana = resident->fullKana();
    doc.residentCode = resident->residentCode;
    doc.applicationNo = QString::number(appId);
    doc.appliedOn = text::Wareki::format(a->appliedAt.toTimeZone(jst).date());
    doc.cardSerial = a->cardSerial;
    if (a->state == State::AppointmentBooked && a->appointmentAt.isValid()) {
        const QDateTime at = a->appointmentAt.toTimeZone(jst);
        doc.appointment = QStringLiteral("%1（%2）%3時%4分")
                              .arg(text::Wareki::format(at.date()), weekday(at.date()))
                              .arg(at.time().hour())
                              .arg(at.time().minute(), 2, 10, QLatin1Char('0'));
    }
    const QDate deadline = collectionDeadline(a->deliveredAt);
    doc.deadline =
        deadline.isValid()
            ? QStringLiteral("%1（%2）まで").arg(text::Wareki::format(deadline), weekday(deadline))
            : QString();
    doc.municipality = municipality;
    doc.counter = *counter;
    // Signed as the other documents are: 神奈川県鎌倉市長.
    doc.issuer = municipality.isEmpty() ? QString() : municipality + QStringLiteral("長");
    doc.mayorName = *mayor;

    if (Status st = documents::writeCardNoticePdf(doc, path); !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).recordForResident(by.login(), QStringLiteral("issuance.notice"),
                                                     a->residentId, a->residentCode,
                                                     QString::number(appId));
        !st) {
        QFile::remove(path); // no notice without its record
        return st.error();
    }
    return a;
}

} // namespace madoguchi::issuance
