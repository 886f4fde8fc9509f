#pragma once
// The 交付通知書 (notice that a My Number card is ready for collection), an A4 portrait PDF drawn
// with cairo and pango like the other documents, so that the text a PDF reader extracts is the
// text written (names printed exactly as registered).
//
// What it says: to whom (name and address from the register), the application number and, once
// central has produced the card, its serial; what to bring (this notice, identity documents, the
// old card or 通知カード, and for a proxy the 委任状 and the proxy's own identity document);
// where to come (the municipality and its counter); the appointment when one is booked; and the
// deadline for collection, after which the card is destroyed.

#include "common/Result.h"

#include <QString>

namespace madoguchi::documents {

struct CardNoticeDocument
{
    QString noticeNumber;  // e.g. 交付通知 第2026-000012号 (the application number)
    QString issueDate;     // formatted 和暦, e.g. 令和8年11月26日
    QString postalCode;    // 〒 of the resident's address, e.g. 248-0012; may be empty
    QString address;       // the registered address in full
    QString name;          // as registered (printed exactly)
    QString kana;          // reading, may be empty
    QString residentCode;  // 住民票コード, may be empty
    QString applicationNo; // 申請番号
    QString appliedOn;     // 申請日 (formatted)
    QString cardSerial;    // the card's serial, empty when not known yet
    QString appointment;   // e.g. 令和8年12月1日（火）10時30分; empty: none booked
    QString deadline;      // 交付期限 (formatted): delivery + the holding period
    QString municipality;  // e.g. 神奈川県鎌倉市
    QString counter;   // e.g. 市民課 マイナンバーカード交付窓口（本庁舎1階）
    QString issuer;    // e.g. 鎌倉市長 (signs the notice)
    QString mayorName; // may be empty
};

// Writes the notice as a one-page A4 PDF at path (replaced atomically: on an error nothing is
// left there). Refuses an empty name, an unwritable path and a machine without the Noto CJK JP
// fonts.
Status writeCardNoticePdf(const CardNoticeDocument& doc, const QString& path);

} // namespace madoguchi::documents
