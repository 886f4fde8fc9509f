#include "recovery/DamageSurvey.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "documents/DamageCertificatePdf.h"
#include "refdata/ReferenceData.h"
#include "settings/InstallationSettings.h"
#include "storage/Transaction.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>

#include <cmath>

namespace madoguchi::recovery {

namespace {

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("recovery.invalid"));
}

struct GradeRow
{
    double from;
    DamageGrade grade;
    const char* id;
    const char16_t* name;
};

// Highest first; a share belongs to the first row whose lower bound it reaches.
constexpr GradeRow kGrades[] = {
    {50.0, DamageGrade::Zenkai, "zenkai", u"全壊"},
    {40.0, DamageGrade::DaikiboHankai, "daikibo_hankai", u"大規模半壊"},
    {30.0, DamageGrade::ChukiboHankai, "chukibo_hankai", u"中規模半壊"},
    {20.0, DamageGrade::Hankai, "hankai", u"半壊"},
    {10.0, DamageGrade::JunHankai, "jun_hankai", u"準半壊"},
    {0.0, DamageGrade::IchibuSonkai, "ichibu_sonkai", u"準半壊に至らない（一部損壊）"},
};

QDateTime when(const QVariant& v)
{
    return v.isNull() || v.toString().isEmpty()
               ? QDateTime()
               : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QString residentsJson(const QList<Occupant>& residents)
{
    QJsonArray a;
    for (const Occupant& r : residents) {
        a.append(
            QJsonObject{{QStringLiteral("person"), r.personId}, {QStringLiteral("name"), r.name}});
    }
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QList<Occupant> residentsFrom(const QString& json)
{
    QList<Occupant> out;
    const QJsonArray a = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue& v : a) {
        const QJsonObject o = v.toObject();
        out << Occupant{o.value(QStringLiteral("person")).toInteger(),
                        o.value(QStringLiteral("name")).toString()};
    }
    return out;
}

Status checkSurvey(const SurveyInput& s)
{
    if (s.surveyor.trimmed().isEmpty()) {
        return invalid(
            QCoreApplication::translate("RecoveryService", "a survey needs the surveyor's name"));
    }
    if (!s.surveyedOn.isValid()) {
        return invalid(QCoreApplication::translate("RecoveryService", "a survey needs its date"));
    }
    if (s.surveyedOn > Clock::today()) {
        return invalid(
            QCoreApplication::translate("RecoveryService", "the survey date %1 is in the future")
                .arg(s.surveyedOn.toString(Qt::ISODate)));
    }
    if (s.round != 1 && s.round != 2) {
        return invalid(QCoreApplication::translate("RecoveryService",
                                                   "a survey is the first or the second, not %1")
                           .arg(s.round));
    }
    if (auto g = gradeForLoss(s.lossPercent); !g) {
        return g.error();
    }
    for (const QString& f : s.photoFiles) {
        if (!QFileInfo(f).isFile() || !QFileInfo(f).isReadable()) {
            return invalid(
                QCoreApplication::translate("RecoveryService", "cannot read the photo %1").arg(f));
        }
    }
    return {};
}

constexpr const char* kCertificateColumns =
    "id, building_id, kind, applicant, proxy, power_of_attorney, state, survey_id, grade, "
    "number, applied_at, decided_at, issued_at, issued_by";

Certificate certificateFromRow(const QSqlQuery& q)
{
    Certificate c;
    c.id = q.value(0).toLongLong();
    c.buildingId = q.value(1).toLongLong();
    c.kind = q.value(2).toString();
    c.applicant = q.value(3).toString();
    c.proxy = q.value(4).toInt() != 0;
    c.powerOfAttorney = q.value(5).toInt() != 0;
    c.state = q.value(6).toString();
    c.surveyId = q.value(7).toLongLong();
    c.grade = q.value(8).toString();
    c.number = q.value(9).toString();
    c.appliedAt = when(q.value(10));
    c.decidedAt = when(q.value(11));
    c.issuedAt = when(q.value(12));
    c.issuedBy = q.value(13).toString();
    return c;
}

} // namespace

Result<GradeResult> gradeForLoss(double percent)
{
    if (std::isnan(percent)) {
        return invalid(
            QCoreApplication::translate("RecoveryService", "the loss share is not a number"));
    }
    if (percent < 0.0 || percent > 100.0) {
        return invalid(
            QCoreApplication::translate("RecoveryService",
                                        "the loss share must be between 0 and 100 percent, not %1")
                .arg(percent));
    }
    for (const GradeRow& row : kGrades) {
        if (percent >= row.from) {
            return GradeResult{row.grade, QString::fromLatin1(row.id),
                               QString::fromUtf16(row.name)};
        }
    }
    return invalid(QCoreApplication::translate(
        "RecoveryService", "the loss share is not a number")); // not reached: 0 is the last bound
}

QString gradeName(const QString& id)
{
    for (const GradeRow& row : kGrades) {
        if (id == QLatin1String(row.id)) {
            return QString::fromUtf16(row.name);
        }
    }
    return id;
}

Result<double> parseLoss(const QString& text)
{
    const QString t = text.trimmed();
    bool ok = false;
    const double v = t.toDouble(&ok);
    // Plain decimals only: no exponent, no "inf" or "nan" spelled out.
    static const QRegularExpression plain(QStringLiteral("^[0-9]+(\\.[0-9]+)?$"));
    if (!ok || !plain.match(t).hasMatch()) {
        return invalid(QCoreApplication::translate(
                           "RecoveryService", "\"%1\" is not a loss share (a number from 0 to 100)")
                           .arg(text));
    }
    if (auto g = gradeForLoss(v); !g) {
        return g.error();
    }
    return v;
}

RecoveryService::RecoveryService(Database db) : m_db(std::move(db)) {}

QString RecoveryService::photoDir() const
{
    if (m_db.isSQLite() && !m_db.spec().path.isEmpty() &&
        m_db.spec().path != QStringLiteral(":memory:")) {
        const QFileInfo file(m_db.spec().path);
        return file.absoluteDir().filePath(file.completeBaseName() + QStringLiteral("-photos"));
    }
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("survey-photos"));
}

namespace {

// Adds a survey (and copies its photos) inside the caller's transaction.
Result<qint64> insertSurvey(const Database& db, const QString& photoDir, qint64 buildingId,
                            bool residential, const SurveyInput& s, const Session& by)
{
    const QString grade = residential ? gradeForLoss(s.lossPercent)->id : QString();
    if (Status st =
            db.run(QStringLiteral("INSERT INTO recovery_surveys (building_id, round, "
                                  "surveyed_on, surveyor, loss_percent, grade, notes, "
                                  "request_reason, recorded_at, recorded_by) VALUES (?, "
                                  "?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                   {buildingId, s.round, s.surveyedOn.toString(Qt::ISODate), s.surveyor.trimmed(),
                    s.lossPercent, grade, s.notes, s.requestReason, Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = db.scalar(
        QStringLiteral("SELECT MAX(id) FROM recovery_surveys WHERE building_id = ?"), {buildingId});
    if (!id) {
        return id.error();
    }
    const qint64 surveyId = id->toLongLong();
    if (!s.photoFiles.isEmpty() && !QDir().mkpath(photoDir)) {
        return invalid(
            QCoreApplication::translate("RecoveryService", "cannot create the photo folder %1")
                .arg(photoDir));
    }
    for (const QString& f : s.photoFiles) {
        QFile in(f);
        if (!in.open(QIODevice::ReadOnly)) {
            return invalid(
                QCoreApplication::translate("RecoveryService", "cannot read the photo %1").arg(f));
        }
        const QByteArray bytes = in.readAll();
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        const QString target = QDir(photoDir).filePath(
            QStringLiteral("%1-%2-%3").arg(surveyId).arg(sha.left(12), QFileInfo(f).fileName()));
        QFile copy(target);
        if (!copy.open(QIODevice::WriteOnly) || copy.write(bytes) != bytes.size()) {
            return invalid(
                QCoreApplication::translate("RecoveryService", "cannot copy the photo to %1")
                    .arg(target));
        }
        copy.close();
        if (Status st = db.run(QStringLiteral("INSERT INTO recovery_photos (survey_id, path, "
                                              "sha256) VALUES (?, ?, ?)"),
                               {surveyId, target, sha});
            !st) {
            return st.error();
        }
    }
    return surveyId;
}

QString surveyDetail(const SurveyInput& s, bool residential)
{
    return QStringLiteral("第%1次調査 %2 %3% %4 (%5)")
        .arg(s.round)
        .arg(s.surveyedOn.toString(Qt::ISODate))
        .arg(s.lossPercent)
        .arg(residential ? gradeForLoss(s.lossPercent)->name : QStringLiteral("非住家"))
        .arg(s.surveyor.trimmed());
}

} // namespace

Result<Building> RecoveryService::addBuilding(Building b, const SurveyInput& first,
                                              const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (b.address.trimmed().isEmpty()) {
        return invalid(
            QCoreApplication::translate("RecoveryService", "a building needs its address"));
    }
    if (Status st = checkSurvey(first); !st) {
        return st.error();
    }
    disaster::DisasterService disasters(m_db);
    auto dis = b.disasterId != 0 ? disasters.disaster(b.disasterId) : disasters.current();
    if (!dis) {
        return dis.error();
    }
    for (Occupant& r : b.residents) {
        if (r.personId != 0) {
            auto p = disasters.person(r.personId);
            if (!p || p->disasterId != dis->id) {
                return invalid(
                    QCoreApplication::translate(
                        "RecoveryService", "there is no person %1 in the ledger of this disaster")
                        .arg(r.personId));
            }
            r.name = p->fullName();
        } else if (r.name.trimmed().isEmpty()) {
            return invalid(
                QCoreApplication::translate("RecoveryService", "a resident needs a name"));
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st =
            m_db.run(QStringLiteral("INSERT INTO recovery_buildings (disaster_id, "
                                    "address, owner, residential, residents, created_at, "
                                    "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     {dis->id, b.address.trimmed(), b.owner.trimmed(), b.residential ? 1 : 0,
                      residentsJson(b.residents), Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM recovery_buildings"));
    if (!id) {
        return id.error();
    }
    const qint64 buildingId = id->toLongLong();
    auto survey = insertSurvey(m_db, photoDir(), buildingId, b.residential, first, by);
    if (!survey) {
        return survey.error();
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("recovery.survey.add"),
                                          QStringLiteral("building:%1").arg(buildingId),
                                          b.address.trimmed() + QStringLiteral(" ") +
                                              surveyDetail(first, b.residential));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return building(buildingId);
}

Result<Building> RecoveryService::resurvey(qint64 buildingId, const SurveyInput& input,
                                           const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (Status st = checkSurvey(input); !st) {
        return st.error();
    }
    auto b = building(buildingId);
    if (!b) {
        return b.error();
    }
    if (input.surveyedOn < b->latest()->surveyedOn) {
        return invalid(QCoreApplication::translate(
                           "RecoveryService", "a re-survey cannot be dated before the survey of %1")
                           .arg(b->latest()->surveyedOn.toString(Qt::ISODate)));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto survey = insertSurvey(m_db, photoDir(), buildingId, b->residential, input, by);
    if (!survey) {
        return survey.error();
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("recovery.survey.resurvey"),
                                          QStringLiteral("building:%1").arg(buildingId),
                                          surveyDetail(input, b->residential) +
                                              QStringLiteral(" ") + input.requestReason);
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return building(buildingId);
}

Result<Building> RecoveryService::building(qint64 id) const
{
    auto q = m_db.exec(QStringLiteral("SELECT id, disaster_id, address, owner, residential, "
                                      "residents FROM recovery_buildings WHERE id = ?"),
                       {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("RecoveryService", "there is no surveyed building %1")
                .arg(id),
            QStringLiteral("recovery.not_found"));
    }
    Building b;
    b.id = q->value(0).toLongLong();
    b.disasterId = q->value(1).toLongLong();
    b.address = q->value(2).toString();
    b.owner = q->value(3).toString();
    b.residential = q->value(4).toInt() != 0;
    b.residents = residentsFrom(q->value(5).toString());
    auto s = m_db.exec(QStringLiteral("SELECT id, round, surveyed_on, surveyor, loss_percent, "
                                      "grade, notes, request_reason, recorded_at, recorded_by "
                                      "FROM recovery_surveys WHERE building_id = ? ORDER BY id"),
                       {id});
    if (!s) {
        return s.error();
    }
    while (s->next()) {
        Survey v;
        v.id = s->value(0).toLongLong();
        v.buildingId = id;
        v.round = s->value(1).toInt();
        v.surveyedOn = QDate::fromString(s->value(2).toString(), Qt::ISODate);
        v.surveyor = s->value(3).toString();
        v.lossPercent = s->value(4).toDouble();
        v.grade = s->value(5).toString();
        v.notes = s->value(6).toString();
        v.requestReason = s->value(7).toString();
        v.recordedAt = when(s->value(8));
        v.recordedBy = s->value(9).toString();
        b.surveys << v;
    }
    for (Survey& v : b.surveys) {
        auto p = m_db.exec(QStringLiteral("SELECT path, sha256 FROM recovery_photos WHERE "
                                          "survey_id = ? ORDER BY id"),
                           {v.id});
        if (!p) {
            return p.error();
        }
        while (p->next()) {
            v.photos << SurveyPhoto{p->value(0).toString(), p->value(1).toString()};
        }
    }
    return b;
}

Result<QList<Building>> RecoveryService::buildings(qint64 disasterId) const
{
    disaster::DisasterService disasters(m_db);
    auto dis = disasterId != 0 ? disasters.disaster(disasterId) : disasters.current();
    if (!dis) {
        return dis.error();
    }
    auto q = m_db.exec(
        QStringLiteral("SELECT id FROM recovery_buildings WHERE disaster_id = ? ORDER BY id"),
        {dis->id});
    if (!q) {
        return q.error();
    }
    QList<qint64> ids;
    while (q->next()) {
        ids << q->value(0).toLongLong();
    }
    QList<Building> out;
    for (qint64 id : std::as_const(ids)) {
        auto b = building(id);
        if (!b) {
            return b.error();
        }
        out << *b;
    }
    return out;
}

// ---- certificates --------------------------------------------------------------------------

Result<Certificate> RecoveryService::apply(qint64 buildingId, const QString& applicant, bool proxy,
                                           bool powerOfAttorney, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (applicant.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate("RecoveryService",
                                                   "an application needs the applicant's name"));
    }
    if (proxy && !powerOfAttorney) {
        return invalid(QCoreApplication::translate(
            "RecoveryService", "a proxy can apply only with a power of attorney (委任状)"));
    }
    auto b = building(buildingId);
    if (!b) {
        return b.error();
    }
    const QString kind = b->residential ? QStringLiteral("risai") : QStringLiteral("hisai");
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO recovery_certificates (building_id, "
                                            "kind, applicant, proxy, power_of_attorney, state, "
                                            "applied_at, applied_by) VALUES (?, ?, ?, ?, ?, "
                                            "'applied', ?, ?)"),
                             {buildingId, kind, applicant.trimmed(), proxy ? 1 : 0,
                              powerOfAttorney ? 1 : 0, Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(
        QStringLiteral("SELECT MAX(id) FROM recovery_certificates WHERE building_id = ?"),
        {buildingId});
    if (!id) {
        return id.error();
    }
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("recovery.certificate.apply"),
            QStringLiteral("certificate:%1").arg(id->toLongLong()),
            QStringLiteral("%1 building:%2 %3%4")
                .arg(kind)
                .arg(buildingId)
                .arg(applicant.trimmed(), proxy ? QStringLiteral(" (代理人)") : QString()));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return certificate(id->toLongLong());
}

Result<Certificate> RecoveryService::decide(qint64 certificateId, const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    auto c = certificate(certificateId);
    if (!c) {
        return c.error();
    }
    if (c->state != QStringLiteral("applied")) {
        return Error(
            QCoreApplication::translate("RecoveryService", "certificate %1 is already decided")
                .arg(certificateId),
            QStringLiteral("recovery.state"));
    }
    auto b = building(c->buildingId);
    if (!b) {
        return b.error();
    }
    const Survey* latest = b->latest();
    if (latest == nullptr) {
        return Error(
            QCoreApplication::translate("RecoveryService", "building %1 has not been surveyed")
                .arg(b->id),
            QStringLiteral("recovery.no_survey"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE recovery_certificates SET state = 'decided', "
                                            "survey_id = ?, grade = ?, decided_at = ? WHERE id = "
                                            "?"),
                             {latest->id, latest->grade, Clock::isoNow(), certificateId});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("recovery.certificate.decide"),
            QStringLiteral("certificate:%1").arg(certificateId),
            QStringLiteral("survey:%1 %2").arg(latest->id).arg(gradeName(latest->grade)));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return certificate(certificateId);
}

Result<Certificate> RecoveryService::issue(qint64 certificateId, const QString& path,
                                           const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    auto c = certificate(certificateId);
    if (!c) {
        return c.error();
    }
    if (c->state == QStringLiteral("applied")) {
        c = decide(certificateId, by);
        if (!c) {
            return c.error();
        }
    }
    auto b = building(c->buildingId);
    if (!b) {
        return b.error();
    }
    disaster::DisasterService disasters(m_db);
    auto dis = disasters.disaster(b->disasterId);
    if (!dis) {
        return dis.error();
    }
    const Survey* decided = nullptr;
    for (const Survey& s : std::as_const(b->surveys)) {
        if (s.id == c->surveyId) {
            decided = &s;
        }
    }
    if (decided == nullptr) {
        return Error(
            QCoreApplication::translate("RecoveryService", "building %1 has not been surveyed")
                .arg(b->id),
            QStringLiteral("recovery.no_survey"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    const bool reprint = c->state == QStringLiteral("issued");
    const QDate today = Clock::today();
    QString number = c->number;
    if (!reprint) {
        // Numbered per year of issue: 2026-000001, 2026-000002 …
        auto count = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM recovery_certificates "
                                                "WHERE number LIKE ?"),
                                 {QStringLiteral("%1-%").arg(today.year())});
        if (!count) {
            return count.error();
        }
        number = QStringLiteral("%1-%2")
                     .arg(today.year())
                     .arg(count->toLongLong() + 1, 6, 10, QLatin1Char('0'));
    }

    InstallationSettings settings(m_db);
    auto mayor = settings.mayorName();
    auto lg = settings.municipalityCode();
    if (!mayor || !lg) {
        return !mayor ? mayor.error() : lg.error();
    }
    auto place = lg->isEmpty() ? Result<QString>(QString()) : ReferenceData(m_db).fullName(*lg);

    documents::DamageCertificateDocument doc;
    doc.residential = c->kind == QStringLiteral("risai");
    doc.number = number;
    doc.issuedOn = text::Wareki::format(today);
    doc.applicant = c->applicant;
    if (c->proxy) {
        doc.applicantNote = QStringLiteral("（代理人・委任状確認済）");
    }
    doc.disasterName = dis->name;
    doc.occurredOn = text::Wareki::format(dis->occurredOn);
    doc.address = b->address;
    doc.owner = b->owner;
    for (const Occupant& r : std::as_const(b->residents)) {
        doc.residents << r.name;
    }
    doc.grade = gradeName(c->grade);
    doc.survey = QStringLiteral("第%1次調査（%2）")
                     .arg(decided->round)
                     .arg(text::Wareki::format(decided->surveyedOn));
    doc.mayor = ((place && !place->isEmpty()) ? *place + QStringLiteral("長") : QString());
    if (!mayor->isEmpty()) {
        doc.mayor += (doc.mayor.isEmpty() ? QString() : QStringLiteral("　")) + *mayor;
    }
    if (!reprint) {
        if (Status st = m_db.run(QStringLiteral("UPDATE recovery_certificates SET state = "
                                                "'issued', number = ?, issued_at = ?, issued_by "
                                                "= ? WHERE id = ?"),
                                 {number, Clock::isoNow(), by.login(), certificateId});
            !st) {
            return st.error();
        }
    }
    if (Status st = documents::writeDamageCertificatePdf(doc, path); !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).record(
            by.login(),
            reprint ? QStringLiteral("recovery.certificate.reprint")
                    : QStringLiteral("recovery.certificate.issue"),
            QStringLiteral("certificate:%1").arg(certificateId),
            QStringLiteral("%1 第%2号 %3")
                .arg(c->kind, number, doc.residential ? doc.grade : QString()));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return certificate(certificateId);
}

Result<Certificate> RecoveryService::certificate(qint64 id) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM recovery_certificates WHERE id = ?")
                           .arg(QLatin1String(kCertificateColumns)),
                       {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("RecoveryService", "there is no certificate application %1")
                .arg(id),
            QStringLiteral("recovery.not_found"));
    }
    return certificateFromRow(*q);
}

Result<QList<Certificate>> RecoveryService::certificates(qint64 disasterId) const
{
    disaster::DisasterService disasters(m_db);
    auto dis = disasterId != 0 ? disasters.disaster(disasterId) : disasters.current();
    if (!dis) {
        return dis.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT c.%1 FROM recovery_certificates c JOIN "
                                      "recovery_buildings b ON b.id = c.building_id WHERE "
                                      "b.disaster_id = ? ORDER BY c.id")
                           .arg(QString::fromLatin1(kCertificateColumns)
                                    .replace(QStringLiteral(", "), QStringLiteral(", c."))),
                       {dis->id});
    if (!q) {
        return q.error();
    }
    QList<Certificate> out;
    while (q->next()) {
        out << certificateFromRow(*q);
    }
    return out;
}

} // namespace madoguchi::recovery
