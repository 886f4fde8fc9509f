#pragma once
// Japanese era dates (和暦). Eras: 明治 1868-10-23 (dates before 1873-01-01, when the Gregorian
// calendar was adopted, are out of scope), 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08,
// 令和 2019-05-01. A change day belongs to the new era (1926-12-25 = 昭和元年12月25日).

#include "common/Result.h"

#include <QDate>
#include <QString>

namespace madoguchi::text {

struct Era
{
    QString name; // 昭和
    QChar letter; // S
    QDate start;  // first day
    QDate end;    // last day (invalid for the current era)
};

class Wareki
{
public:
    static const QList<Era>& eras();
    static QDate earliestSupported(); // 1873-01-01

    // The era a date falls in; nullptr before 明治 or for an invalid date.
    static const Era* eraOf(const QDate& date);

    // "昭和50年3月1日", "令和元年5月1日". Empty for an unsupported date.
    static QString format(const QDate& date);
    // "S50.3.1", "R1.5.1".
    static QString formatShort(const QDate& date);
    // Era year, e.g. 50 for 1975-03-01 (昭和).
    static int eraYear(const QDate& date);

    // Parses 和暦 and 西暦 input: "昭和50年3月1日", "昭和五十年三月一日", "令和元年5月1日",
    // "S50.3.1", "s50/3/1", "昭50/3/1", "昭50.3.1", "1975-03-01", "1975/3/1", "1975年3月1日",
    // "19750301"; full-width digits and spaces accepted. Errors name the problem: an unknown
    // era, an impossible date ("2月30日"), a date outside its era — with the correct spelling,
    // e.g. "平成31年5月1日" -> "…令和元年5月1日…" — or a date before 1873.
    //
    // Error codes (Error::code), stable for callers and tests:
    //   wareki.syntax        not a date in any accepted form (also empty input);
    //   wareki.unknown_era   an era name or letter that is not one of the five;
    //   wareki.invalid_date  a day that does not exist (2月30日, 13月, 0年);
    //   wareki.out_of_scope  before 1873-01-01;
    //   wareki.era_range     outside its era; the message gives the same day in the right era.
    // Messages are translated (context "Wareki"); the dates in them are always 和暦 as format()
    // writes them.
    static Result<QDate> parse(const QString& input);
};

} // namespace madoguchi::text
