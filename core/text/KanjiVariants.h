#pragma once
// The kanji variant table (異体字): maps a variant code point (髙, 﨑, 齋, 𠮷 ...) to its canonical
// code point (高, 崎, 斎, 吉 ...). The data lives in the resource :/text/kanji_variants.tsv
// (resources/text/kanji_variants.tsv) and is loaded once, on first use, from any thread.
//
// Used by searchKey() to fold variants, and in reverse to spell demo names with variants.

#include <QList>
#include <QString>

namespace madoguchi::text {

class KanjiVariants
{
public:
    // The canonical form of a code point; the code point itself when it is not a variant.
    static char32_t canonical(char32_t codePoint);

    // True when the code point is listed as a variant of another character.
    static bool isVariant(char32_t codePoint);

    // The variants listed for a canonical code point, in table order; empty when it has none.
    // Passing a variant returns the variants of its canonical form (which include itself).
    static QList<char32_t> variantsOf(char32_t canonicalCodePoint);

    // Every canonical code point that has at least one variant, in table order.
    static QList<char32_t> canonicalForms();

    // Number of variant entries in the table.
    static int size();

    // Code point as a QString (a surrogate pair outside the BMP).
    static QString toString(char32_t codePoint);
};

} // namespace madoguchi::text
