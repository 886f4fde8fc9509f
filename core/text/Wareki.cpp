#include "text/Wareki.h"

#include "text/JapaneseText.h"

#include <QCoreApplication>
#include <QList>

namespace madoguchi::text {

namespace {

bool isDateNumeral(QChar c)
{
    switch (c.unicode()) {
    case u'〇':
    case u'一':
    case u'二':
    case u'三':
    case u'四':
    case u'五':
    case u'六':
    case u'七':
    case u'八':
    case u'九':
    case u'十':
    case u'百':
    case u'千':
        return true;
    default:
        return false;
    }
}

bool startsNumber(QChar c)
{
    return (c >= u'0' && c <= u'9') || isDateNumeral(c) || c == u'元';
}

struct DateToken
{
    bool number = false;
    int value = 0;
    int digits = 0;   // ASCII digits; 0 for kanji numerals and 元
    bool gan = false; // 元 (the first year of an era)
    QChar separator;  // for separators
};

// The tokens after the era: numbers and single separator characters. Empty on a bad numeral.
bool tokenise(QStringView text, QList<DateToken>& tokens)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text[i];
        DateToken t;
        if (c >= u'0' && c <= u'9') {
            qsizetype end = i;
            while (end < n && text[end] >= u'0' && text[end] <= u'9')
                ++end;
            if (end - i > 8)
                return false;
            t.number = true;
            t.digits = int(end - i);
            t.value = text.mid(i, end - i).toInt();
            i = end;
        } else if (isDateNumeral(c)) {
            qsizetype end = i;
            while (end < n && isDateNumeral(text[end]))
                ++end;
            t.number = true;
            t.value = kanjiNumeralValue(text.mid(i, end - i).toString());
            if (t.value < 0)
                return false;
            i = end;
        } else if (c == u'元') {
            t.number = true;
            t.gan = true;
            t.value = 1;
            ++i;
        } else {
            t.separator = c;
            ++i;
        }
        tokens.append(t);
    }
    return true;
}

QString eraList()
{
    QStringList names;
    for (const Era& era : Wareki::eras())
        names.append(QStringLiteral("%1 (%2)").arg(era.name, QString(era.letter)));
    return names.join(QStringLiteral(", "));
}

Error syntaxError(const QString& typed)
{
    const QDate example(1975, 3, 1);
    const QString examples[] = {Wareki::format(example), Wareki::formatShort(example),
                                example.toString(Qt::ISODate)};
    if (typed.isEmpty())
        return Error(QCoreApplication::translate("Wareki", "Enter a date, such as %1, %2 or %3.")
                         .arg(examples[0], examples[1], examples[2]),
                     QStringLiteral("wareki.syntax"));
    return Error(QCoreApplication::translate("Wareki",
                                             "\"%1\" is not a date. Enter a date such as %2, "
                                             "%3 or %4.")
                     .arg(typed, examples[0], examples[1], examples[2]),
                 QStringLiteral("wareki.syntax"));
}

} // namespace

const QList<Era>& Wareki::eras()
{
    static const QList<Era> list = {
        {QStringLiteral("明治"), QChar(u'M'), QDate(1868, 10, 23), QDate(1912, 7, 29)},
        {QStringLiteral("大正"), QChar(u'T'), QDate(1912, 7, 30), QDate(1926, 12, 24)},
        {QStringLiteral("昭和"), QChar(u'S'), QDate(1926, 12, 25), QDate(1989, 1, 7)},
        {QStringLiteral("平成"), QChar(u'H'), QDate(1989, 1, 8), QDate(2019, 4, 30)},
        {QStringLiteral("令和"), QChar(u'R'), QDate(2019, 5, 1), QDate()},
    };
    return list;
}

QDate Wareki::earliestSupported()
{
    return QDate(1873, 1, 1);
}

const Era* Wareki::eraOf(const QDate& date)
{
    if (!date.isValid())
        return nullptr;
    const QList<Era>& list = eras();
    for (auto it = list.crbegin(); it != list.crend(); ++it) {
        if (date >= it->start)
            return &*it;
    }
    return nullptr;
}

int Wareki::eraYear(const QDate& date)
{
    const Era* era = eraOf(date);
    return era ? date.year() - era->start.year() + 1 : 0;
}

QString Wareki::format(const QDate& date)
{
    if (!date.isValid() || date < earliestSupported())
        return {};
    const Era* era = eraOf(date);
    const int year = eraYear(date);
    const QString yearText = year == 1 ? QStringLiteral("元") : QString::number(year);
    return QStringLiteral("%1%2年%3月%4日")
        .arg(era->name, yearText, QString::number(date.month()), QString::number(date.day()));
}

QString Wareki::formatShort(const QDate& date)
{
    if (!date.isValid() || date < earliestSupported())
        return {};
    const Era* era = eraOf(date);
    return QStringLiteral("%1%2.%3.%4")
        .arg(QString(era->letter), QString::number(eraYear(date)), QString::number(date.month()),
             QString::number(date.day()));
}

Result<QDate> Wareki::parse(const QString& input)
{
    const QString typed = input.trimmed();
    // NFKC: full-width digits and letters to ASCII, ㍼ to 昭和; no white space; one hyphen.
    QString text;
    {
        const QString normalised = typed.normalized(QString::NormalizationForm_KC);
        text.reserve(normalised.size());
        for (const QChar c : normalised) {
            const char16_t u = c.unicode();
            if (c.isSpace())
                continue;
            if ((u >= 0x2010 && u <= 0x2015) || u == 0x2212 || u == 0x30FC)
                text.append(u'-'); // ‐ – — − ー typed for a hyphen
            else
                text.append(c);
        }
    }
    if (text.isEmpty())
        return syntaxError(typed);

    qsizetype prefixEnd = 0;
    while (prefixEnd < text.size() && !startsNumber(text[prefixEnd]))
        ++prefixEnd;
    const QString prefix = text.left(prefixEnd);

    QList<DateToken> tokens;
    if (!tokenise(QStringView(text).mid(prefixEnd), tokens) || tokens.isEmpty())
        return syntaxError(typed);

    const Era* era = nullptr;
    if (!prefix.isEmpty()) {
        for (const Era& candidate : eras()) {
            if (prefix == candidate.name || prefix == candidate.name.left(1) ||
                (prefix.size() == 1 && prefix.at(0).toUpper() == candidate.letter)) {
                era = &candidate;
                break;
            }
        }
        if (!era)
            return Error(QCoreApplication::translate(
                             "Wareki", "\"%1\" is not a Japanese era. Use one of: %2.")
                             .arg(prefix, eraList()),
                         QStringLiteral("wareki.unknown_era"));
    }

    int year = 0;
    int month = 0;
    int day = 0;
    bool gan = false;
    bool fourDigitYear = false;
    if (tokens.size() == 1 && tokens[0].number && tokens[0].digits == 8 && !era) {
        year = tokens[0].value / 10000; // 19750301
        month = tokens[0].value / 100 % 100;
        day = tokens[0].value % 100;
        fourDigitYear = true;
    } else {
        const qsizetype n = tokens.size();
        if (n != 5 && n != 6)
            return syntaxError(typed);
        if (!tokens[0].number || tokens[1].number || !tokens[2].number || tokens[3].number ||
            !tokens[4].number || (n == 6 && tokens[5].number))
            return syntaxError(typed);
        const QChar first = tokens[1].separator;
        const QChar second = tokens[3].separator;
        const bool kanjiStyle =
            first == u'年' && second == u'月' && (n == 5 || tokens[5].separator == u'日');
        const bool punctuated =
            (first == u'.' || first == u'/' || first == u'-') && second == first && n == 5;
        if (!kanjiStyle && !punctuated)
            return syntaxError(typed);
        if (tokens[2].gan || tokens[4].gan)
            return syntaxError(typed);
        year = tokens[0].value;
        month = tokens[2].value;
        day = tokens[4].value;
        gan = tokens[0].gan;
        fourDigitYear = tokens[0].digits == 4;
    }
    if (!era && (gan || !fourDigitYear))
        return syntaxError(typed); // 西暦 needs four digits; 50.3.1 needs an era

    if (era && year < 1)
        return Error(QCoreApplication::translate(
                         "Wareki", "There is no such date: %1. The first year of an era is %2.")
                         .arg(typed, QStringLiteral("元年")),
                     QStringLiteral("wareki.invalid_date"));
    if (month < 1 || month > 12)
        return Error(QCoreApplication::translate(
                         "Wareki", "There is no such date: %1. A month is between 1 and 12.")
                         .arg(typed),
                     QStringLiteral("wareki.invalid_date"));

    const int gregorianYear = era ? era->start.year() + year - 1 : year;
    const QDate earliest = earliestSupported();
    if (gregorianYear < earliest.year())
        return Error(QCoreApplication::translate(
                         "Wareki", "%1 is before %2 (%3), the earliest date that can be entered.")
                         .arg(typed, format(earliest), earliest.toString(Qt::ISODate)),
                     QStringLiteral("wareki.out_of_scope"));

    const int daysInMonth = QDate(gregorianYear, month, 1).daysInMonth();
    if (day < 1 || day > daysInMonth)
        return Error(QCoreApplication::translate(
                         "Wareki", "There is no such date: %1. Month %2 of that year has %3 days.")
                         .arg(typed, QString::number(month), QString::number(daysInMonth)),
                     QStringLiteral("wareki.invalid_date"));

    const QDate date(gregorianYear, month, day);
    if (era && date < era->start)
        return Error(QCoreApplication::translate("Wareki",
                                                 "%1 is before the start of the %2 era, whose "
                                                 "first day was %3. The date is %4.")
                         .arg(typed, era->name, format(era->start), format(date)),
                     QStringLiteral("wareki.era_range"));
    if (era && era->end.isValid() && date > era->end)
        return Error(QCoreApplication::translate("Wareki",
                                                 "%1 is past the end of the %2 era, whose last "
                                                 "day was %3. The date is %4.")
                         .arg(typed, era->name, format(era->end), format(date)),
                     QStringLiteral("wareki.era_range"));
    return date;
}

} // namespace madoguchi::text
