#pragma once
// The 罹災証明書 (damage grade of a dwelling, from the house damage survey) and the 被災証明書
// (a report of damage to non-residential property was made; no grade) as an A4 PDF, drawn with
// cairo and pango like the other documents: the text in the PDF is exactly the text given.

#include "common/Result.h"

#include <QString>
#include <QStringList>

namespace madoguchi::documents {

struct DamageCertificateDocument
{
    bool residential = true; // true: 罹災証明書 with the grade; false: 被災証明書
    QString number;          // 2026-000001
    QString issuedOn;        // 令和8年11月26日
    QString applicant;
    QString applicantNote; // "（代理人・委任状確認済）" or empty
    QString disasterName;
    QString occurredOn; // 令和8年11月20日
    QString address;
    QString owner;
    QStringList residents;
    QString grade;  // 全壊 … (罹災証明書 only)
    QString survey; // 第1次調査（令和8年11月24日）
    QString mayor;  // the issuing body: the installation's local government name + 長
};

// Writes the certificate at `path` (replaced atomically). Refuses an unwritable path and a
// machine without the Noto CJK fonts (documents.*).
Status writeDamageCertificatePdf(const DamageCertificateDocument& doc, const QString& path);

} // namespace madoguchi::documents
