#pragma once
// Training records at central: every learning.* change a workstation pushes (enrolments,
// lesson progress, quiz attempts, certificates) is kept as the latest record per uid, so that
// records made offline on any workstation meet here. Certificates can be checked by anyone:
// GET /v1/learning/certificates/NUMBER answers {number, name, course, completed, valid} or 404,
// without a signature, like /v1/pki/ca. Enrolled workstations list the records with a signed
// GET /v1/learning/records[?login=L], for an operator central manages whose roles may view
// training records (supervisors); anyone else is refused with 403.

#include "HttpServer.h"

#include "storage/Database.h"

#include <QJsonObject>

namespace madoguchi::central {

class LearningRecords
{
public:
    explicit LearningRecords(Database db) : m_db(std::move(db)) {}

    static bool isLearningKind(const QString& kind); // learning.*

    // Inside the push's transaction: the record of `change` replaces the one held for its uid
    // when it is as new or newer. A certificate whose number central holds already for another
    // person or course does not replace it.
    Status apply(const QJsonObject& change, const QString& terminal);

    HttpResponse certificateRoute(const HttpRequest& request) const; // public
    HttpResponse recordsRoute(const HttpRequest& request, const QString& operatorLogin) const;

private:
    Database m_db;
};

} // namespace madoguchi::central
