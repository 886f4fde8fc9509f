#include "text/KanjiVariants.h"

#include "common/Log.h"

#include <QFile>
#include <QHash>

#include <algorithm>
#include <utility>
#include <vector>

namespace madoguchi::text {

namespace {

struct Table
{
    // Sorted by variant: a binary search is cheaper than hashing for a table of this size and
    // keeps the hot path of searchKey() free of allocation.
    std::vector<std::pair<char32_t, char32_t>> toCanonical;
    char32_t lowest = 0;
    char32_t highest = 0;
    QHash<char32_t, QList<char32_t>> variants;
    QList<char32_t> canonicalOrder;
};

// A field that holds exactly one code point; 0 otherwise.
char32_t singleCodePoint(QStringView field)
{
    const QList<uint> ucs4 = field.trimmed().toUcs4();
    if (ucs4.size() != 1)
        return 0;
    return char32_t(ucs4.front());
}

Table load()
{
    Table table;
    QFile file(QStringLiteral(":/text/kanji_variants.tsv"));
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcText) << "kanji variant table not found:" << file.fileName();
        return table;
    }
    const QString text = QString::fromUtf8(file.readAll());
    QHash<char32_t, char32_t> seen;
    int lineNumber = 0;
    for (QStringView line : QStringView(text).split(u'\n')) {
        ++lineNumber;
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        const QList<QStringView> fields = line.split(u'\t');
        const char32_t variant = fields.size() >= 2 ? singleCodePoint(fields.at(0)) : 0;
        const char32_t canonicalForm = fields.size() >= 2 ? singleCodePoint(fields.at(1)) : 0;
        if (variant == 0 || canonicalForm == 0 || variant == canonicalForm) {
            qCWarning(lcText) << "kanji variant table: malformed line" << lineNumber;
            continue;
        }
        if (seen.contains(variant)) {
            qCWarning(lcText) << "kanji variant table: duplicate variant on line" << lineNumber;
            continue;
        }
        seen.insert(variant, canonicalForm);
        table.toCanonical.emplace_back(variant, canonicalForm);
        QList<char32_t>& list = table.variants[canonicalForm];
        if (list.isEmpty())
            table.canonicalOrder.append(canonicalForm);
        list.append(variant);
    }
    // The table promises no chains; resolve one anyway rather than fold inconsistently.
    for (auto& entry : table.toCanonical) {
        const auto next = seen.constFind(entry.second);
        if (next != seen.cend()) {
            qCWarning(lcText) << "kanji variant table: canonical form is itself a variant";
            entry.second = next.value();
        }
    }
    std::sort(table.toCanonical.begin(), table.toCanonical.end());
    if (!table.toCanonical.empty()) {
        table.lowest = table.toCanonical.front().first;
        table.highest = table.toCanonical.back().first;
    }
    return table;
}

const Table& table()
{
    static const Table instance = load();
    return instance;
}

} // namespace

char32_t KanjiVariants::canonical(char32_t codePoint)
{
    // Every variant is a CJK ideograph (U+3400 and above); kana and Latin skip the lookup.
    if (codePoint < 0x3400)
        return codePoint;
    const Table& t = table();
    if (codePoint < t.lowest || codePoint > t.highest)
        return codePoint;
    const auto it = std::lower_bound(
        t.toCanonical.begin(), t.toCanonical.end(), codePoint,
        [](const std::pair<char32_t, char32_t>& entry, char32_t key) { return entry.first < key; });
    if (it != t.toCanonical.end() && it->first == codePoint)
        return it->second;
    return codePoint;
}

bool KanjiVariants::isVariant(char32_t codePoint)
{
    return canonical(codePoint) != codePoint;
}

QList<char32_t> KanjiVariants::variantsOf(char32_t canonicalCodePoint)
{
    return table().variants.value(canonical(canonicalCodePoint));
}

QList<char32_t> KanjiVariants::canonicalForms()
{
    return table().canonicalOrder;
}

int KanjiVariants::size()
{
    return int(table().toCanonical.size());
}

QString KanjiVariants::toString(char32_t codePoint)
{
    const char32_t points[1] = {codePoint};
    return QString::fromUcs4(points, 1);
}

} // namespace madoguchi::text
