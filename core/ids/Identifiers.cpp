#include "ids/Identifiers.h"

#include "text/JapaneseText.h"

#include <QCoreApplication>

namespace madoguchi::ids {

namespace {

bool allAsciiDigits(const QString& s, qsizetype n)
{
    if (s.size() != n) {
        return false;
    }
    for (QChar c : s) {
        if (c < u'0' || c > u'9') {
            return false;
        }
    }
    return true;
}

// Modulus 11 with weights Q_n = n+1 (n <= 6) and n-5 (n >= 7), n counted from the right.
int modulus11Weighted(const QString& digits)
{
    int sum = 0;
    const qsizetype len = digits.size();
    for (qsizetype n = 1; n <= len; ++n) {
        const int p = digits.at(len - n).digitValue();
        const int q = n <= 6 ? int(n) + 1 : int(n) - 5;
        sum += p * q;
    }
    const int r = sum % 11;
    return r <= 1 ? 0 : 11 - r;
}

} // namespace

int myNumberCheckDigit(const QString& first11)
{
    return allAsciiDigits(first11, 11) ? modulus11Weighted(first11) : -1;
}

int residentCodeCheckDigit(const QString& first10)
{
    return allAsciiDigits(first10, 10) ? modulus11Weighted(first10) : -1;
}

int localGovernmentCheckDigit(const QString& first5)
{
    if (!allAsciiDigits(first5, 5)) {
        return -1;
    }
    int s = 0;
    for (int i = 0; i < 5; ++i) {
        s += (6 - i) * first5.at(i).digitValue();
    }
    return (11 - s % 11) % 10;
}

int length(Kind kind)
{
    switch (kind) {
    case Kind::MyNumber:
        return 12;
    case Kind::ResidentCode:
        return 11;
    case Kind::LocalGovernmentCode:
        return 6;
    }
    return 0;
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::MyNumber:
        return QCoreApplication::translate("Identifiers", "My Number");
    case Kind::ResidentCode:
        return QCoreApplication::translate("Identifiers", "resident code");
    case Kind::LocalGovernmentCode:
        return QCoreApplication::translate("Identifiers", "local-government code");
    }
    return {};
}

Check check(Kind kind, const QString& input)
{
    Check result;
    if (input.trimmed().isEmpty()) {
        result.reason = QCoreApplication::translate("Identifiers", "no digits were entered");
        return result;
    }
    const QString digits = text::normaliseNumber(input);
    if (digits.isEmpty()) {
        result.reason = QCoreApplication::translate("Identifiers",
                                                    "only digits, spaces and hyphens are allowed");
        return result;
    }
    result.normalised = digits;
    const int want = length(kind);
    if (digits.size() != want) {
        result.reason =
            QCoreApplication::translate("Identifiers", "a %1 has %2 digits, but %3 were entered")
                .arg(kindName(kind))
                .arg(want)
                .arg(digits.size());
        return result;
    }
    const QString body = digits.left(want - 1);
    int expected = -1;
    switch (kind) {
    case Kind::MyNumber:
        expected = myNumberCheckDigit(body);
        break;
    case Kind::ResidentCode:
        expected = residentCodeCheckDigit(body);
        break;
    case Kind::LocalGovernmentCode:
        expected = localGovernmentCheckDigit(body);
        break;
    }
    const int actual = digits.back().digitValue();
    if (expected != actual) {
        result.reason =
            QCoreApplication::translate(
                "Identifiers", "the check digit is %1, but it should be %2 (mistyped digit?)")
                .arg(actual)
                .arg(expected);
        return result;
    }
    result.valid = true;
    return result;
}

QString maskMyNumber(const QString& digits)
{
    if (digits.size() != 12) {
        return QStringLiteral("**** **** ****");
    }
    return QStringLiteral("**** **** ") + digits.right(4);
}

QString groupMyNumber(const QString& digits)
{
    if (digits.size() != 12) {
        return digits;
    }
    return digits.left(4) + u' ' + digits.mid(4, 4) + u' ' + digits.right(4);
}

} // namespace madoguchi::ids
