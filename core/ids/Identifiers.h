#pragma once
// Check digits of the identifiers the register uses. Each rule lives in exactly one function.
//  - My Number (個人番号): 12 digits; the last is a check digit over the first 11.
//  - Resident code (住民票コード): 11 digits; modulus 11 with weights 2..7 from the right, the
//    same rule as the My Number over 10 digits (see DESIGN.md: keep it in one place).
//  - Local-government code (全国地方公共団体コード): 6 digits; (11 - (6d1+5d2+4d3+3d4+2d5) mod 11)
//  mod 10.

#include <QString>

namespace madoguchi::ids {

enum class Kind { MyNumber, ResidentCode, LocalGovernmentCode };

struct Check
{
    bool valid = false;
    QString normalised; // the digits only, when the input was digits with separators
    QString reason;     // why not valid (translated); empty when valid
};

// The check digit for the leading digits (11 for a My Number, 10 for a resident code, 5 for a
// local-government code); -1 when the input is not that many ASCII digits.
int myNumberCheckDigit(const QString& first11);
int residentCodeCheckDigit(const QString& first10);
int localGovernmentCheckDigit(const QString& first5);

// Validates what a clerk typed: full-width digits, spaces and hyphens are accepted.
Check check(Kind kind, const QString& input);
int length(Kind kind);
QString kindName(Kind kind); // translated, e.g. "個人番号"

// Masked display of a My Number: "**** **** 9018" (only the last four digits).
QString maskMyNumber(const QString& digits);
// Grouped display: "1234 5678 9018".
QString groupMyNumber(const QString& digits);

} // namespace madoguchi::ids
