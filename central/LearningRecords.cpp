#include "LearningRecords.h"

#include "auth/Roles.h"
#include "common/Clock.h"
#include "learning/LearningService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace madoguchi::central {

namespace {

// The time a record was last set, by kind: later records replace earlier ones.
QString stampOf(const QString& kind, const QJsonObject& p)
{
    auto s = [&p](const char* k) {
        return p.value(QLatin1String(k)).toString();
    };
    if (kind == QStringLiteral("learning.progress")) {
        return s("updated_at");
    }
    if (kind == QStringLiteral("learning.attempt")) {
        return s("submitted_at");
    }
    if (kind == QStringLiteral("learning.certificate")) {
        return s("issued_at");
    }
    // An enrolment: its completion, else when it began.
    return s("completed_at").isEmpty() ? s("enrolled_at") : s("completed_at");
}

} // namespace

bool LearningRecords::isLearningKind(const QString& kind)
{
    return kind.startsWith(QStringLiteral("learning."));
}

Status LearningRecords::apply(const QJsonObject& change, const QString& terminal)
{
    const QString kind = change.value(QStringLiteral("kind")).toString();
    const QJsonObject p = change.value(QStringLiteral("payload")).toObject();
    const QString uid = p.value(QStringLiteral("uid")).toString();
    if (!isLearningKind(kind) || uid.isEmpty()) {
        return {};
    }
    if (kind == QStringLiteral("learning.certificate")) {
        // A number held already for someone else's certificate (two workstations numbering
        // alike): the one held stays, so the number keeps answering for the certificate it
        // was first known for.
        auto q = m_db.exec(QStringLiteral("SELECT login, course_id FROM "
                                          "central_learning_certificates WHERE number = ?"),
                           {uid});
        if (!q) {
            return q.error();
        }
        if (q->next() &&
            (q->value(0).toString() != p.value(QStringLiteral("login")).toString() ||
             q->value(1).toString() != p.value(QStringLiteral("course_id")).toString())) {
            return {};
        }
    }
    const QString stamp = stampOf(kind, p);
    const QString body = QString::fromUtf8(QJsonDocument(p).toJson(QJsonDocument::Compact));
    const QString now = Clock::isoNow();
    auto held = m_db.scalar(
        QStringLiteral("SELECT stamp FROM central_learning_records WHERE kind = ? AND uid = ?"),
        {kind, uid});
    if (!held) {
        return held.error();
    }
    if (!held->isValid()) {
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO central_learning_records (kind, uid, login, course_id, "
                               "stamp, payload, terminal, received_at) VALUES (?, ?, ?, ?, ?, ?, "
                               "?, ?)"),
                {kind, uid, p.value(QStringLiteral("login")).toString(),
                 p.value(QStringLiteral("course_id")).toString(), stamp, body, terminal, now});
            !st) {
            return st;
        }
    } else if (stamp >= held->toString()) {
        if (Status st = m_db.run(QStringLiteral("UPDATE central_learning_records SET stamp = ?, "
                                                "payload = ?, terminal = ?, received_at = ? WHERE "
                                                "kind = ? AND uid = ?"),
                                 {stamp, body, terminal, now, kind, uid});
            !st) {
            return st;
        }
    } else {
        return {}; // older than what central holds
    }
    if (kind != QStringLiteral("learning.certificate")) {
        return {};
    }
    if (Status st = m_db.run(
            QStringLiteral("DELETE FROM central_learning_certificates WHERE number = ?"), {uid});
        !st) {
        return st;
    }
    return m_db.run(
        QStringLiteral("INSERT INTO central_learning_certificates (number, login, display_name, "
                       "course_id, course_version, course_title, score, completed_at, issued_at, "
                       "terminal, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {uid, p.value(QStringLiteral("login")).toString(),
         p.value(QStringLiteral("display_name")).toString(),
         p.value(QStringLiteral("course_id")).toString(),
         p.value(QStringLiteral("course_version")).toInt(),
         p.value(QStringLiteral("course_title")).toString(),
         p.value(QStringLiteral("score")).toInt(),
         p.value(QStringLiteral("completed_at")).toString(),
         p.value(QStringLiteral("issued_at")).toString(), terminal, now});
}

HttpResponse LearningRecords::certificateRoute(const HttpRequest& request) const
{
    if (request.message.method != "GET") {
        return HttpResponse::problem(405, QStringLiteral("http.method"),
                                     QStringLiteral("Method Not Allowed"));
    }
    const QString number =
        QUrl::fromPercentEncoding(request.path().mid(int(sizeof("/v1/learning/certificates/")) - 1))
            .trimmed()
            .toUpper();
    auto q = m_db.exec(QStringLiteral("SELECT number, display_name, course_title, course_id, "
                                      "completed_at, score, terminal FROM "
                                      "central_learning_certificates WHERE number = ?"),
                       {number});
    if (!q) {
        return HttpResponse::problem(500, QStringLiteral("storage"),
                                     QStringLiteral("Internal Server Error"), q.errorMessage());
    }
    if (!q->next()) {
        return HttpResponse::problem(
            404, QStringLiteral("learning.unknown_certificate"), QStringLiteral("Not Found"),
            learning::LearningService::isValidCertificateNumber(number)
                ? QStringLiteral("central knows no certificate %1").arg(number)
                : QStringLiteral("%1 is not a certificate number (check character)").arg(number));
    }
    return HttpResponse::json(
        200, {{QStringLiteral("number"), q->value(0).toString()},
              {QStringLiteral("name"), q->value(1).toString()},
              {QStringLiteral("course"), q->value(2).toString()},
              {QStringLiteral("course_id"), q->value(3).toString()},
              {QStringLiteral("completed"), q->value(4).toString()},
              {QStringLiteral("score"), q->value(5).toInt()},
              {QStringLiteral("issued_by"), q->value(6).toString()},
              {QStringLiteral("valid"),
               learning::LearningService::isValidCertificateNumber(q->value(0).toString())}});
}

HttpResponse LearningRecords::recordsRoute(const HttpRequest& request,
                                           const QString& operatorLogin) const
{
    auto roleIds =
        m_db.scalar(QStringLiteral("SELECT roles FROM operators WHERE login = ? AND active = 1"),
                    {operatorLogin});
    if (!roleIds) {
        return HttpResponse::problem(500, QStringLiteral("storage"),
                                     QStringLiteral("Internal Server Error"),
                                     roleIds.errorMessage());
    }
    QList<Role> held;
    for (const QString& id : roleIds->toString().split(u',', Qt::SkipEmptyParts)) {
        if (auto r = roles::fromId(id)) {
            held << *r;
        }
    }
    if (!roles::permissions(held).contains(Permission::ViewTrainingRecords)) {
        return HttpResponse::problem(
            403, QStringLiteral("auth.denied"), QStringLiteral("Forbidden"),
            QStringLiteral("operator %1 may not view training records").arg(operatorLogin));
    }
    const QUrlQuery query(QString::fromLatin1(request.query()));
    const QString login = query.queryItemValue(QStringLiteral("login"));
    auto q = login.isEmpty()
                 ? m_db.exec(QStringLiteral("SELECT kind, payload, terminal FROM "
                                            "central_learning_records ORDER BY login, kind, uid"))
                 : m_db.exec(QStringLiteral("SELECT kind, payload, terminal FROM "
                                            "central_learning_records WHERE login = ? ORDER BY "
                                            "kind, uid"),
                             {login});
    if (!q) {
        return HttpResponse::problem(500, QStringLiteral("storage"),
                                     QStringLiteral("Internal Server Error"), q.errorMessage());
    }
    QJsonArray out;
    while (q->next()) {
        out.append(QJsonObject{{QStringLiteral("kind"), q->value(0).toString()},
                               {QStringLiteral("record"),
                                QJsonDocument::fromJson(q->value(1).toString().toUtf8()).object()},
                               {QStringLiteral("terminal"), q->value(2).toString()}});
    }
    return HttpResponse::json(200, {{QStringLiteral("records"), out}});
}

} // namespace madoguchi::central
