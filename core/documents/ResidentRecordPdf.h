#pragma once
// The PDF of a 住民票の写し / 除票の写し (copy of a resident record), drawn with cairo and pango
// so that the text a PDF reader extracts is exactly the text that was written: variant kanji
// (髙, 﨑), characters outside the BMP (𠮷) and ideographic variation sequences are kept as
// they are, and no Kangxi radical code points stand in for ordinary kanji.

#include "common/Result.h"

#include <QList>
#include <QString>

namespace madoguchi::documents {

struct CertificatePerson
{
    QString name;            // as registered, printed exactly (髙橋 花子; IVS kept)
    QString kana;            // reading (カタカナ)
    QString birthDate;       // already formatted, e.g. 昭和50年3月1日
    QString sex;             // 男 / 女
    QString relationship;    // 続柄; empty = the column is omitted for this document
    QString becameResident;  // 住民となった年月日 (formatted), may be empty
    QString previousAddress; // 前住所, may be empty
    QString myNumber;        // empty unless the document includes it
    QString residentCode;    // empty unless included
    QString notes;           // 備考, e.g. 令和8年4月1日 転出 (除票)
};

struct ResidentRecordDocument
{
    QString title;                    // 住民票の写し or 除票の写し
    QString issuanceNumber;           // e.g. 第2026-000123号
    QString address;                  // the registered address in full
    QString householdHead;            // 世帯主 name
    QString honseki;                  // 本籍; empty = omitted
    QString hittousha;                // 筆頭者; empty = omitted
    QList<CertificatePerson> persons; // 1..n (one resident or the whole household)
    QString certificationText; // 認証文, e.g. この写しは、住民票の原本と相違ないことを証明する。
    QString issueDate;     // formatted 和暦, e.g. 令和8年11月26日
    QString issuer;        // e.g. 神奈川県鎌倉市長
    QString mayorName;     // e.g. 松尾 崇
    QString sealImagePath; // PNG of the official seal, optional (drawn over the name)
    // Small print at the bottom of every page, optional. "{page}" and "{pages}" in it are
    // replaced by the page number and the page count.
    QString footer;
};

// Writes an A4 portrait PDF, with as many pages as the persons need; the title, the issuance
// number and the address table are repeated on every page, the certification closes the last
// one. The file is replaced atomically: on an error nothing is left at `path`. Refuses an empty
// person list, an unwritable path, a seal image that cannot be read as PNG and a machine without
// the Noto CJK JP fonts.
Status writeResidentRecordPdf(const ResidentRecordDocument& doc, const QString& path);

} // namespace madoguchi::documents
