#include "text/JapaneseText.h"

#include "text/KanjiVariants.h"

#include <QList>

#include <climits>
#include <string_view>

namespace madoguchi::text {

namespace {

// ---------------------------------------------------------------------------------------------
// Code point helpers

template <typename Fn> void forEachCodePoint(QStringView text, Fn&& fn)
{
    const char16_t* p = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = p[i];
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
            c = QChar::surrogateToUcs4(p[i], p[i + 1]);
            ++i;
        }
        fn(c);
    }
}

void appendCodePoint(QString& out, char32_t c)
{
    if (QChar::requiresSurrogates(c)) {
        out.append(QChar(QChar::highSurrogate(c)));
        out.append(QChar(QChar::lowSurrogate(c)));
    } else {
        out.append(QChar(char16_t(c)));
    }
}

void appendUtf16(QString& out, std::u16string_view text)
{
    out.append(QStringView(text.data(), qsizetype(text.size())));
}

bool isVariationSelector(char32_t c)
{
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

bool isIdeograph(char32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

bool isHiragana(char32_t c)
{
    return c >= 0x3041 && c <= 0x3096;
}

bool isAsciiDigit(char32_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isAsciiLetter(char32_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// Hyphens, dashes and the long vowel mark: a long vowel after kana, a separator in numbers.
bool isDashLike(char32_t c)
{
    switch (c) {
    case u'-':
    case 0x2010: // ‐
    case 0x2011: // ‑
    case 0x2012: // ‒
    case 0x2013: // –
    case 0x2014: // —
    case 0x2015: // ―
    case 0x2043: // ⁃
    case 0x2212: // −
    case 0x30FC: // ー
    case 0xFE63: // ﹣
    case 0xFF0D: // －
    case 0xFF70: // ｰ
        return true;
    default:
        return false;
    }
}

// ---------------------------------------------------------------------------------------------
// Kana folding

// Vowel of each hiragana from U+3041 to U+3096; '-' for ん.
constexpr std::string_view kHiraganaVowels = "aaiiuueeoo"      // ぁ..お
                                             "aaiiuueeoo"      // か..ご
                                             "aaiiuueeoo"      // さ..ぞ
                                             "aaiiuuueeoo"     // た..ど
                                             "aiueo"           // な..の
                                             "aaaiiiuuueeeooo" // は..ぽ
                                             "aiueo"           // ま..も
                                             "aauuoo"          // ゃ..よ
                                             "aiueo"           // ら..ろ
                                             "aaieo-"          // ゎ..ん
                                             "uae";            // ゔ ゕ ゖ
static_assert(kHiraganaVowels.size() == 0x3096 - 0x3041 + 1);

char vowelOf(char32_t hiragana)
{
    if (!isHiragana(hiragana))
        return 0;
    const char v = kHiraganaVowels[hiragana - 0x3041];
    return v == '-' ? 0 : v;
}

// Katakana -> hiragana, small -> normal size and the spellings a clerk treats as one
// (ぢ/じ, づ/ず, ゐ/い, ゑ/え, を/お, ゔ/ぶ). Other code points are returned unchanged.
char32_t foldKana(char32_t c)
{
    if (c >= 0x30A1 && c <= 0x30F6)
        c -= 0x60;
    else if (c >= 0x30F7 && c <= 0x30FA) // ヷ ヸ ヹ ヺ
        return char32_t(u"ばびべぼ"[c - 0x30F7]);
    else if (c >= 0x31F0 && c <= 0x31FF) // small katakana for Ainu
        return char32_t(u"くしすとぬはひふへほむらりるれろ"[c - 0x31F0]);
    else if (c == 0x30FD || c == 0x30FE) // ヽ ヾ
        c -= 0x60;
    switch (c) {
    case 0x3041: // ぁ
    case 0x3043: // ぃ
    case 0x3045: // ぅ
    case 0x3047: // ぇ
    case 0x3049: // ぉ
    case 0x3063: // っ
    case 0x3083: // ゃ
    case 0x3085: // ゅ
    case 0x3087: // ょ
    case 0x308E: // ゎ
        return c + 1;
    case 0x3095:       // ゕ
        return 0x304B; // か
    case 0x3096:       // ゖ
        return 0x3051; // け
    case 0x3062:       // ぢ
        return 0x3058; // じ
    case 0x3065:       // づ
        return 0x305A; // ず
    case 0x3090:       // ゐ
        return 0x3044; // い
    case 0x3091:       // ゑ
        return 0x3048; // え
    case 0x3092:       // を
        return 0x304A; // お
    case 0x3094:       // ゔ
        return 0x3076; // ぶ
    default:
        return c;
    }
}

// The kana with a (semi-)voiced sound mark, for a mark that NFKC left uncombined; 0 if none.
char32_t withSoundMark(char32_t kana, char32_t mark)
{
    if (mark == 0x3099) {
        if (kana == 0x3046)
            return 0x3094; // う -> ゔ
        if ((kana >= 0x304B && kana <= 0x3062 && (kana - 0x304B) % 2 == 0) || kana == 0x3064 ||
            kana == 0x3066 || kana == 0x3068)
            return kana + 1; // か..ち, つ, て, と
        if (kana >= 0x306F && kana <= 0x307D && (kana - 0x306F) % 3 == 0)
            return kana + 1; // は ひ ふ へ ほ
        if (kana == 0x309D)
            return 0x309E; // ゝ -> ゞ
    } else if (mark == 0x309A && kana >= 0x306F && kana <= 0x307D && (kana - 0x306F) % 3 == 0) {
        return kana + 2;
    }
    return 0;
}

bool lengthensVowel(char previousVowel, char32_t kana)
{
    switch (kana) {
    case 0x3042: // あ
        return previousVowel == 'a';
    case 0x3044: // い
        return previousVowel == 'i' || previousVowel == 'e';
    case 0x3046: // う
        return previousVowel == 'u' || previousVowel == 'o';
    case 0x3048: // え
        return previousVowel == 'e';
    case 0x304A: // お
        return previousVowel == 'o';
    default:
        return false;
    }
}

bool isNameSeparator(char32_t c)
{
    return c == 0x30FB || c == 0xFF65 || c == u'=' || c == 0x30A0 || c == 0x00B7 || c == 0xFF1D;
}

// True when NFKC cannot change the text: ASCII, hiragana, katakana and unified ideographs,
// which covers nearly every name in the register.
bool isNfkcStable(QStringView text)
{
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if ((c >= 0x20 && c < 0x7F) || (c >= 0x3041 && c <= 0x3096) ||
            (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF) || c == 0x3005 ||
            c == 0x30FC || c == 0x3000)
            continue;
        return false;
    }
    return true;
}

QString prepareForFolding(const QString& input)
{
    if (isNfkcStable(input))
        return input;
    bool hasSelector = false;
    forEachCodePoint(input,
                     [&](char32_t c) { hasSelector = hasSelector || isVariationSelector(c); });
    if (!hasSelector)
        return input.normalized(QString::NormalizationForm_KC);
    QString stripped;
    stripped.reserve(input.size());
    forEachCodePoint(input, [&](char32_t c) {
        if (!isVariationSelector(c))
            appendCodePoint(stripped, c);
    });
    return stripped.normalized(QString::NormalizationForm_KC);
}

// ---------------------------------------------------------------------------------------------
// Romaji

struct Syllable
{
    std::string_view romaji;
    std::u16string_view kana;
};

// Hepburn, kunrei (Nihon-shiki) and IME spellings. Matched longest first.
constexpr Syllable kSyllables[] = {
    // four letters
    {"xtsu", u"っ"},
    {"ltsu", u"っ"},
    // three letters
    {"kya", u"きゃ"},
    {"kyu", u"きゅ"},
    {"kyo", u"きょ"},
    {"kwa", u"くぁ"},
    {"gya", u"ぎゃ"},
    {"gyu", u"ぎゅ"},
    {"gyo", u"ぎょ"},
    {"sha", u"しゃ"},
    {"shi", u"し"},
    {"shu", u"しゅ"},
    {"she", u"しぇ"},
    {"sho", u"しょ"},
    {"sya", u"しゃ"},
    {"syu", u"しゅ"},
    {"syo", u"しょ"},
    {"zya", u"じゃ"},
    {"zyu", u"じゅ"},
    {"zyo", u"じょ"},
    {"jya", u"じゃ"},
    {"jyu", u"じゅ"},
    {"jyo", u"じょ"},
    {"cha", u"ちゃ"},
    {"chi", u"ち"},
    {"chu", u"ちゅ"},
    {"che", u"ちぇ"},
    {"cho", u"ちょ"},
    {"cya", u"ちゃ"},
    {"cyu", u"ちゅ"},
    {"cyo", u"ちょ"},
    {"tya", u"ちゃ"},
    {"tyu", u"ちゅ"},
    {"tyo", u"ちょ"},
    {"tsa", u"つぁ"},
    {"tsi", u"つぃ"},
    {"tsu", u"つ"},
    {"tse", u"つぇ"},
    {"tso", u"つぉ"},
    {"thi", u"てぃ"},
    {"dhi", u"でぃ"},
    {"dya", u"ぢゃ"},
    {"dyu", u"ぢゅ"},
    {"dyo", u"ぢょ"},
    {"dzu", u"づ"},
    {"nya", u"にゃ"},
    {"nyu", u"にゅ"},
    {"nyo", u"にょ"},
    {"hya", u"ひゃ"},
    {"hyu", u"ひゅ"},
    {"hyo", u"ひょ"},
    {"fyu", u"ふゅ"},
    {"bya", u"びゃ"},
    {"byu", u"びゅ"},
    {"byo", u"びょ"},
    {"pya", u"ぴゃ"},
    {"pyu", u"ぴゅ"},
    {"pyo", u"ぴょ"},
    {"mya", u"みゃ"},
    {"myu", u"みゅ"},
    {"myo", u"みょ"},
    {"rya", u"りゃ"},
    {"ryu", u"りゅ"},
    {"ryo", u"りょ"},
    {"xya", u"ゃ"},
    {"xyu", u"ゅ"},
    {"xyo", u"ょ"},
    {"lya", u"ゃ"},
    {"lyu", u"ゅ"},
    {"lyo", u"ょ"},
    {"xtu", u"っ"},
    {"ltu", u"っ"},
    {"xwa", u"ゎ"},
    {"lwa", u"ゎ"},
    {"xka", u"ゕ"},
    {"xke", u"ゖ"},
    // two letters
    {"ka", u"か"},
    {"ki", u"き"},
    {"ku", u"く"},
    {"ke", u"け"},
    {"ko", u"こ"},
    {"ga", u"が"},
    {"gi", u"ぎ"},
    {"gu", u"ぐ"},
    {"ge", u"げ"},
    {"go", u"ご"},
    {"sa", u"さ"},
    {"si", u"し"},
    {"su", u"す"},
    {"se", u"せ"},
    {"so", u"そ"},
    {"za", u"ざ"},
    {"zi", u"じ"},
    {"zu", u"ず"},
    {"ze", u"ぜ"},
    {"zo", u"ぞ"},
    {"ja", u"じゃ"},
    {"ji", u"じ"},
    {"ju", u"じゅ"},
    {"je", u"じぇ"},
    {"jo", u"じょ"},
    {"ta", u"た"},
    {"ti", u"ち"},
    {"tu", u"つ"},
    {"te", u"て"},
    {"to", u"と"},
    {"ca", u"か"},
    {"ci", u"し"},
    {"cu", u"く"},
    {"ce", u"せ"},
    {"co", u"こ"},
    {"da", u"だ"},
    {"di", u"ぢ"},
    {"du", u"づ"},
    {"de", u"で"},
    {"do", u"ど"},
    {"na", u"な"},
    {"ni", u"に"},
    {"nu", u"ぬ"},
    {"ne", u"ね"},
    {"no", u"の"},
    {"ha", u"は"},
    {"hi", u"ひ"},
    {"hu", u"ふ"},
    {"he", u"へ"},
    {"ho", u"ほ"},
    {"fa", u"ふぁ"},
    {"fi", u"ふぃ"},
    {"fu", u"ふ"},
    {"fe", u"ふぇ"},
    {"fo", u"ふぉ"},
    {"ba", u"ば"},
    {"bi", u"び"},
    {"bu", u"ぶ"},
    {"be", u"べ"},
    {"bo", u"ぼ"},
    {"pa", u"ぱ"},
    {"pi", u"ぴ"},
    {"pu", u"ぷ"},
    {"pe", u"ぺ"},
    {"po", u"ぽ"},
    {"ma", u"ま"},
    {"mi", u"み"},
    {"mu", u"む"},
    {"me", u"め"},
    {"mo", u"も"},
    {"ya", u"や"},
    {"yi", u"い"},
    {"yu", u"ゆ"},
    {"ye", u"いぇ"},
    {"yo", u"よ"},
    {"ra", u"ら"},
    {"ri", u"り"},
    {"ru", u"る"},
    {"re", u"れ"},
    {"ro", u"ろ"},
    {"wa", u"わ"},
    {"wi", u"うぃ"},
    {"wu", u"う"},
    {"we", u"うぇ"},
    {"wo", u"を"},
    {"va", u"ゔぁ"},
    {"vi", u"ゔぃ"},
    {"vu", u"ゔ"},
    {"ve", u"ゔぇ"},
    {"vo", u"ゔぉ"},
    {"xa", u"ぁ"},
    {"xi", u"ぃ"},
    {"xu", u"ぅ"},
    {"xe", u"ぇ"},
    {"xo", u"ぉ"},
    {"la", u"ぁ"},
    {"li", u"ぃ"},
    {"lu", u"ぅ"},
    {"le", u"ぇ"},
    {"lo", u"ぉ"},
    // one letter
    {"a", u"あ"},
    {"i", u"い"},
    {"u", u"う"},
    {"e", u"え"},
    {"o", u"お"},
};

bool isRomajiVowel(char32_t c)
{
    return c == u'a' || c == u'i' || c == u'u' || c == u'e' || c == u'o';
}

// Latin letters with a macron or circumflex: the plain vowel and the kana-spelling of its
// lengthening (ō -> "ou", ā -> "aa" ...); 0 for other characters.
char32_t longVowelBase(char32_t c)
{
    switch (c) {
    case 0x0100: // Ā
    case 0x0101: // ā
    case 0x00C2: // Â
    case 0x00E2: // â
        return u'a';
    case 0x012A: // Ī
    case 0x012B: // ī
    case 0x00CE: // Î
    case 0x00EE: // î
        return u'i';
    case 0x016A: // Ū
    case 0x016B: // ū
    case 0x00DB: // Û
    case 0x00FB: // û
        return u'u';
    case 0x0112: // Ē
    case 0x0113: // ē
    case 0x00CA: // Ê
    case 0x00EA: // ê
        return u'e';
    case 0x014C: // Ō
    case 0x014D: // ō
    case 0x00D4: // Ô
    case 0x00F4: // ô
        return u'o';
    default:
        return 0;
    }
}

char32_t lengtheningOf(char32_t vowel)
{
    return vowel == u'o' ? char32_t(u'u') : vowel;
}

bool isApostrophe(char32_t c)
{
    return c == u'\'' || c == 0x2019 || c == 0xFF07;
}

// Full-width Latin -> ASCII, upper -> lower case, long vowels spelled out.
QList<char32_t> prepareRomaji(const QString& input)
{
    QList<char32_t> out;
    out.reserve(input.size() + 4);
    forEachCodePoint(input, [&](char32_t c) {
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        if (c >= u'A' && c <= u'Z')
            c += 0x20;
        if (const char32_t base = longVowelBase(c)) {
            out.append(base);
            out.append(lengtheningOf(base));
            return;
        }
        if (c == 0x0304 || c == 0x0302) { // combining macron / circumflex
            if (!out.isEmpty() && isRomajiVowel(out.back()))
                out.append(lengtheningOf(out.back()));
            return;
        }
        out.append(c);
    });
    return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers

int kanjiDigit(char32_t c)
{
    switch (c) {
    case u'〇':
    case u'零':
    case u'○':
        return 0;
    case u'一':
    case u'壱':
    case u'壹':
    case u'弌':
        return 1;
    case u'二':
    case u'弐':
    case u'貳':
    case u'弍':
        return 2;
    case u'三':
    case u'参':
    case u'參':
    case u'弎':
        return 3;
    case u'四':
    case u'肆':
        return 4;
    case u'五':
    case u'伍':
        return 5;
    case u'六':
    case u'陸':
        return 6;
    case u'七':
    case u'漆':
        return 7;
    case u'八':
    case u'捌':
        return 8;
    case u'九':
    case u'玖':
        return 9;
    default:
        return -1;
    }
}

int kanjiSmallUnit(char32_t c)
{
    switch (c) {
    case u'十':
    case u'拾':
    case u'什':
        return 10;
    case u'百':
    case u'佰':
    case u'陌':
        return 100;
    case u'千':
    case u'阡':
    case u'仟':
        return 1000;
    default:
        return 0;
    }
}

qint64 kanjiLargeUnit(char32_t c)
{
    switch (c) {
    case u'万':
    case u'萬':
        return 10000;
    case u'億':
        return 100000000;
    default:
        return 0;
    }
}

// Numerals recognised inside addresses: the everyday ones (and 壱弐参拾, as in old registers),
// not the rare financial forms that also spell place names (陸前, 伍代).
bool isAddressNumeral(char32_t c)
{
    switch (c) {
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
    case u'壱':
    case u'弐':
    case u'参':
    case u'拾':
        return true;
    default:
        return false;
    }
}

} // namespace

// -------------------------------------------------------------------------------------------------

QString searchKey(const QString& input)
{
    const QString text = prepareForFolding(input);
    QString out;
    out.reserve(text.size());

    char previousVowel = 0;    // vowel of the last kana written, 0 if none
    bool previousKana = false; // the last code point written is a hiragana
    char32_t last = 0;         // the last code point written

    auto put = [&](char32_t c) {
        appendCodePoint(out, c);
        last = c;
        previousKana = isHiragana(c);
        previousVowel = vowelOf(c);
    };

    forEachCodePoint(text, [&](char32_t c) {
        if (c < 0x80) {
            if (c >= u'A' && c <= u'Z')
                c += 0x20;
        } else if (c < 0x3000) {
            c = char32_t(QChar::toLower(c));
        }
        if (QChar::isSpace(c) || isNameSeparator(c) || isVariationSelector(c))
            return;
        if (c == 0x3099 || c == 0x309A) { // a sound mark NFKC could not combine
            if (previousKana) {
                if (const char32_t marked = withSoundMark(last, c)) {
                    out.chop(1);
                    put(foldKana(marked));
                }
            }
            return;
        }
        if (isDashLike(c) || c == u'~' || c == 0x301C) { // 〜
            if (previousKana)
                return; // long vowel: サトー = さと
            put(isDashLike(c) ? char32_t(u'-') : c);
            return;
        }
        c = foldKana(c);
        if (c == 0x309D || c == 0x309E) { // ゝ ゞ repeat the kana before
            if (!previousKana) {
                put(c);
                return;
            }
            c = c == 0x309D ? last : foldKana(withSoundMark(last, 0x3099));
            if (c == 0)
                c = last;
        } else if ((c == 0x3005 || c == 0x303B) && isIdeograph(last)) { // 々 repeats the kanji
            c = last;
        } else if (c >= 0x3400) {
            c = KanjiVariants::canonical(c);
        }
        if (previousKana && lengthensVowel(previousVowel, c))
            return; // さいとう = さいと, おおの = おの
        put(c);
    });
    return out;
}

QString romajiToHiragana(const QString& input)
{
    const QList<char32_t> src = prepareRomaji(input);
    const qsizetype n = src.size();
    auto at = [&](qsizetype i) -> char32_t {
        return i < n ? src[i] : 0;
    };

    QString out;
    out.reserve(n + 4);
    char32_t lastVowel = 0; // vowel that ended the last syllable written, 0 otherwise

    qsizetype i = 0;
    while (i < n) {
        const char32_t c = src[i];
        const char32_t next = at(i + 1);
        if (!isAsciiLetter(c)) {
            if (!isApostrophe(c))
                appendCodePoint(out, c);
            lastVowel = 0;
            ++i;
            continue;
        }
        if (c == u'n' && !isRomajiVowel(next) && next != u'y') {
            // ん: before a consonant, at the end, "n'" and "nn".
            out.append(u'ん');
            lastVowel = 0;
            if (next == u'n')
                i += isRomajiVowel(at(i + 2)) || at(i + 2) == u'y' ? 1 : 2;
            else if (isApostrophe(next))
                i += 2;
            else
                ++i;
            continue;
        }
        if (c == u'm' && (next == u'b' || next == u'm' || next == u'p')) {
            out.append(u'ん'); // Hepburn: homma, namba
            lastVowel = 0;
            ++i;
            continue;
        }
        if (c == u'h' && lastVowel == u'o' && !isRomajiVowel(next) && next != u'y') {
            out.append(u'お'); // ohno, satoh
            lastVowel = 0;
            ++i;
            continue;
        }
        if (!isRomajiVowel(c) && (next == c || (c == u't' && next == u'c' && at(i + 2) == u'h'))) {
            out.append(u'っ'); // kasshi, matcha
            lastVowel = 0;
            ++i;
            continue;
        }
        bool matched = false;
        for (const Syllable& s : kSyllables) {
            const qsizetype len = qsizetype(s.romaji.size());
            if (i + len > n)
                continue;
            bool same = true;
            for (qsizetype k = 0; k < len && same; ++k)
                same = src[i + k] == char32_t(s.romaji[k]);
            if (!same)
                continue;
            appendUtf16(out, s.kana);
            lastVowel = char32_t(s.romaji.back());
            i += len;
            matched = true;
            break;
        }
        if (!matched) {
            appendCodePoint(out, c);
            lastVowel = 0;
            ++i;
        }
    }
    return out;
}

bool looksLikeRomaji(const QString& input)
{
    bool hasLetter = false;
    bool other = false;
    forEachCodePoint(input, [&](char32_t c) {
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        if (isAsciiLetter(c) || longVowelBase(c) != 0)
            hasLetter = true;
        else if (!(QChar::isSpace(c) || isApostrophe(c) || c == u'-' || c == 0x0304 || c == 0x0302))
            other = true;
    });
    return hasLetter && !other;
}

QString searchInputKey(const QString& input)
{
    // Romaji is converted wherever it stands next to kana ("さいtou" while the IME is half
    // way), but not in text with kanji, where Latin letters are part of the name ("ABC商事").
    bool hasLatin = false;
    bool hasIdeograph = false;
    forEachCodePoint(input, [&](char32_t c) {
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        hasLatin = hasLatin || isAsciiLetter(c) || longVowelBase(c) != 0;
        hasIdeograph = hasIdeograph || isIdeograph(c);
    });
    if (hasLatin && !hasIdeograph)
        return searchKey(romajiToHiragana(input));
    return searchKey(input);
}

QString normaliseNumber(const QString& input)
{
    QString out;
    out.reserve(input.size());
    bool invalid = false;
    forEachCodePoint(input, [&](char32_t c) {
        if (invalid)
            return;
        if (isAsciiDigit(c))
            out.append(QChar(char16_t(c)));
        else if (c >= 0xFF10 && c <= 0xFF19)
            out.append(QChar(char16_t(c - 0xFF10 + u'0')));
        else if (!(c == 0x3012 || c == 0x3036 || isDashLike(c) || QChar::isSpace(c)))
            invalid = true; // 〒 and 〶 are accepted above
    });
    return invalid ? QString() : out;
}

int kanjiNumeralValue(const QString& numeral)
{
    const QList<uint> cps = numeral.trimmed().toUcs4();
    if (cps.isEmpty())
        return -1;
    bool hasUnit = false;
    for (const uint c : cps) {
        if (kanjiSmallUnit(c) != 0 || kanjiLargeUnit(c) != 0)
            hasUnit = true;
        else if (kanjiDigit(c) < 0)
            return -1;
    }
    if (!hasUnit) { // positional: 二〇三 = 203
        qint64 value = 0;
        for (const uint c : cps) {
            value = value * 10 + kanjiDigit(c);
            if (value > INT_MAX)
                return -1;
        }
        return int(value);
    }
    // 二十三, 百五, 千二百, 一万二千
    qint64 total = 0;
    qint64 section = 0;
    int digit = -1;
    int lastSmall = INT_MAX;
    qint64 lastLarge = LLONG_MAX;
    for (const uint c : cps) {
        if (const int d = kanjiDigit(c); d >= 0) {
            if (digit > 0)
                return -1; // 二三十
            digit = d;
        } else if (const int unit = kanjiSmallUnit(c); unit != 0) {
            if (unit >= lastSmall || digit == 0)
                return -1; // 十百, 〇十
            section += qint64(digit < 0 ? 1 : digit) * unit;
            digit = -1;
            lastSmall = unit;
        } else {
            const qint64 large = kanjiLargeUnit(c);
            if (large >= lastLarge || digit == 0)
                return -1;
            qint64 group = section + (digit < 0 ? 0 : digit);
            if (group == 0)
                group = 1; // 万 = 一万
            total += group * large;
            section = 0;
            digit = -1;
            lastSmall = INT_MAX;
            lastLarge = large;
        }
        if (total + section > INT_MAX)
            return -1;
    }
    const qint64 value = total + section + (digit < 0 ? 0 : digit);
    return value > INT_MAX ? -1 : int(value);
}

namespace {

enum class Tok {
    Number,    // digits, or a run of kanji numerals
    Separator, // 丁目 丁 番地 番 の, dashes: "-" between two numbers
    Go,        // 号
    Trigger,   // 条 線: only makes the number before it a number
    Other,
};

struct AddressToken
{
    Tok kind = Tok::Other;
    QString text;   // as in the search key
    QString digits; // for numbers: ASCII digits, or empty for a kanji numeral not (yet) read
    bool kanji = false;
    bool dash = false;
};

QList<AddressToken> tokeniseAddress(const QList<uint>& cps)
{
    QList<AddressToken> tokens;
    const qsizetype n = cps.size();
    qsizetype i = 0;
    auto codePoints = [&](qsizetype from, qsizetype to) {
        QString s;
        for (qsizetype j = from; j < to; ++j)
            appendCodePoint(s, cps[j]);
        return s;
    };
    while (i < n) {
        const char32_t c = cps[i];
        const char32_t next = i + 1 < n ? char32_t(cps[i + 1]) : 0;
        AddressToken t;
        qsizetype end = i + 1;
        if (isAsciiDigit(c)) {
            while (end < n && isAsciiDigit(cps[end]))
                ++end;
            t.kind = Tok::Number;
            t.text = codePoints(i, end);
            t.digits = t.text;
        } else if (isAddressNumeral(c)) {
            while (end < n && isAddressNumeral(cps[end]))
                ++end;
            t.kind = Tok::Number;
            t.kanji = true;
            t.text = codePoints(i, end);
        } else if ((c == u'丁' && next == u'目') || (c == u'番' && next == u'地')) {
            end = i + 2;
            t.kind = Tok::Separator;
            t.text = codePoints(i, end);
        } else if (c == u'丁' || c == u'番' || c == u'の') {
            t.kind = Tok::Separator;
            t.text = codePoints(i, end);
        } else if (isDashLike(c)) {
            t.kind = Tok::Separator;
            t.dash = true;
            t.text = QStringLiteral("-");
        } else if (c == u'号') {
            t.kind = Tok::Go;
            t.text = codePoints(i, end);
        } else if (c == u'条' || c == u'線') {
            t.kind = Tok::Trigger;
            t.text = codePoints(i, end);
        } else {
            t.text = codePoints(i, end);
        }
        tokens.append(t);
        i = end;
    }
    return tokens;
}

} // namespace

QString addressKey(const QString& input)
{
    const QString key = searchKey(input);
    QList<AddressToken> tokens = tokeniseAddress(key.toUcs4());
    const qsizetype n = tokens.size();

    auto kanjiValue = [](const AddressToken& t) {
        const int v = kanjiNumeralValue(t.text);
        return v < 0 ? QString() : QString::number(v);
    };
    // A number token that is, or may become, digits.
    auto numberAt = [&](qsizetype k) {
        return k < n && tokens[k].kind == Tok::Number &&
               (!tokens[k].kanji || !kanjiValue(tokens[k]).isEmpty());
    };
    auto isNumeric = [&](qsizetype k) {
        return k >= 0 && k < n && tokens[k].kind == Tok::Number && !tokens[k].digits.isEmpty();
    };
    auto separatorRunEnd = [&](qsizetype k) {
        while (k < n && tokens[k].kind == Tok::Separator)
            ++k;
        return k;
    };

    QString out;
    out.reserve(key.size());
    qsizetype k = 0;
    while (k < n) {
        AddressToken& t = tokens[k];
        switch (t.kind) {
        case Tok::Number: {
            if (t.kanji) {
                bool convert = false;
                if (k + 1 < n) {
                    const AddressToken& following = tokens[k + 1];
                    if (following.kind == Tok::Go || following.kind == Tok::Trigger ||
                        following.text == u"丁目") {
                        convert = true; // 三号, 十条, 一丁目
                    } else if (following.kind == Tok::Separator) {
                        // 二番三, 二番 (at the end), 三の一; not 一番町, 八丁堀, 一の宮.
                        const qsizetype runEnd = separatorRunEnd(k + 1);
                        convert = runEnd == n || numberAt(runEnd);
                    }
                }
                // A number after 丁目/番地/番/の/dash that follows a number: 1丁目二番.
                if (!convert && k > 0 && tokens[k - 1].kind == Tok::Separator) {
                    qsizetype before = k - 1;
                    while (before >= 0 && tokens[before].kind == Tok::Separator)
                        --before;
                    convert = isNumeric(before);
                }
                if (convert)
                    t.digits = kanjiValue(t);
            }
            out += t.digits.isEmpty() ? t.text : t.digits;
            ++k;
            break;
        }
        case Tok::Separator: {
            const qsizetype runEnd = separatorRunEnd(k);
            if (isNumeric(k - 1)) {
                if (numberAt(runEnd)) {
                    out += u'-'; // 1丁目2, 2番地の3, 1-2
                    k = runEnd;
                    break;
                }
                if (runEnd == n) { // a final 番地/番/dash after a number: 1-2番 = 1-2
                    bool droppable = true;
                    for (qsizetype j = k; j < runEnd; ++j)
                        droppable = droppable && (tokens[j].dash || tokens[j].text == u"番" ||
                                                  tokens[j].text == u"番地");
                    if (droppable) {
                        k = runEnd;
                        break;
                    }
                }
            }
            if (!t.dash || !isNumeric(k - 1))
                out += t.text; // a dash after a number and before text is dropped
            ++k;
            break;
        }
        case Tok::Go: {
            const QString after = k + 1 < n ? tokens[k + 1].text : QString();
            const bool compound =
                after == u"室" || after == u"棟" || after == u"館" || after == u"線";
            if (!isNumeric(k - 1) || compound)
                out += t.text; // 号 stays in 1号線, 101号室
            ++k;
            break;
        }
        case Tok::Trigger:
        case Tok::Other:
            out += t.text;
            ++k;
            break;
        }
    }
    return out;
}

} // namespace madoguchi::text
