#pragma once
// The completion certificate (修了証) of a training course as an A4 PDF, drawn with cairo and
// pango like the other documents: the text in the PDF is exactly the text given, so the number
// can be copied from it and checked (learning certificate verify NUMBER, or central's API).

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace madoguchi::documents {

struct CompletionCertificateDocument
{
    QString number;           // LC-KAMAKURA01-2026-000001-7
    QString name;             // the learner's display name
    QString courseTitle;      // as the course calls itself
    QString completedWareki;  // 令和8年11月26日
    QString completedWestern; // 2026-11-26
    QString score;            // "90%", empty when the course has no quiz
    QString issuer;           // the installation's local government + 長, else "Madoguchi"
};

// The PDF's bytes. Refused on a machine without the Noto CJK fonts (documents.*).
Result<QByteArray> completionCertificatePdf(const CompletionCertificateDocument& doc);

} // namespace madoguchi::documents
