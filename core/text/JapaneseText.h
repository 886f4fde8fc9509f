#pragma once
// Japanese text handling for search and forms. Every search field and every stored search key
// goes through these functions, so that a clerk's spelling and the register's spelling meet.
//
// Folding is for search keys only: what is stored and printed is exactly what was registered.

#include <QString>

namespace madoguchi::text {

// Search key for a name (kanji or kana) or any free text:
//  - ideographic variation selectors (U+E0100..U+E01EF) and U+FE00..U+FE0F dropped;
//  - NFKC (full-width ASCII -> ASCII, half-width katakana -> full-width, compatibility
//    ideographs -> unified); ASCII lower-cased;
//  - spaces (ASCII, U+3000 and other white space) and name separators (・ ･ =) dropped;
//  - kanji variants (異体字) folded by the data table resources/text/kanji_variants.tsv
//    (髙->高, 﨑/嵜->崎, 齋/齊/斉->斎, 𠮷->吉 ...), characters outside the BMP included;
//  - katakana -> hiragana; small kana -> normal size; ヶ/ヵ -> け/か; ぢ->じ, づ->ず; ゐ->い,
//    ゑ->え, を->お, ゔ->ぶ;
//  - long vowels folded away: ー (and a dash after kana), and a vowel kana that lengthens the
//    vowel before it (おう/おお, うう, えい/ええ, いい, ああ), so that さいとう, サイトー and
//    さいと share one key;
//  - 々 repeats the kanji before it (佐々木 = 佐佐木), ゝ/ゞ the kana before it (いすゞ = いすず);
//    a sound mark typed apart (か゛) joins its kana; a dash that does not follow kana becomes "-".
// Voicing is kept (かき != かぎ), and so are kanji that are different characters (崎 != 埼).
QString searchKey(const QString& input);

// Romaji -> hiragana for search input: Hepburn (shi, chi, tsu, fu, ji, sha, cho, n before
// b/m/p written m), kunrei (si, ti, tu, hu, zi, sya, tyo), IME spellings (nn, n', xtu, ltu),
// doubled consonants -> っ, macron and circumflex vowels (ō, ô -> おう; ā -> ああ ...), "oh"
// before a consonant or at the end (Ohno) -> おお. Case-insensitive; characters that are not
// romaji pass through unchanged. Full-width Latin is accepted.
//
// Ambiguities, decided as Hepburn writes them:
//  - n before a vowel or y starts a syllable: "kenichi" -> けにち, "kanya" -> かにゃ. Write
//    "ken'ichi" or "ken-ichi" for けんいち (the hyphen is kept and then dropped by searchKey()).
//  - "nn" before a vowel is ん plus the n of the next syllable ("shinnosuke" -> しんのすけ,
//    "konnichiha" -> こんにちは); "nn" elsewhere is one ん (IME style, "honnda" -> ほんだ).
//  - "h" after an o and before a consonant or at the end lengthens it: "ohno" -> おおの,
//    "SAITOH" -> さいとお, which searchKey() folds like さいとう; "ohashi" stays おはし.
QString romajiToHiragana(const QString& input);

// True when the input looks like romaji (Latin letters, with spaces, apostrophes, hyphens and
// macron vowels), i.e. a search field should convert it before building the key.
bool looksLikeRomaji(const QString& input);

// Search key for what a clerk types in a name search field: romaji is converted to kana first,
// then searchKey() is applied, so "saitou", "saito", "saitō" and "SAITOH" all give
// searchKey("さいとう"). Latin letters are converted when the input holds no kanji (also mixed
// with kana, as an IME leaves "さいtou"); next to kanji they are part of a name ("ABC商事") and
// are only lower-cased. searchInputKey("saitou") == searchKey("斎藤") is NOT implied (kanji and
// kana are different keys); it is the kana key of the reading.
QString searchInputKey(const QString& input);

// Digits only, from anything a clerk types where a number is expected: full-width digits,
// 〒, hyphens of every kind (- ‐ ‑ ‒ – — ― − ー ｰ －) and spaces accepted and removed.
// Returns an empty string when any other character is present.
QString normaliseNumber(const QString& input);

// Convert a kanji numeral ("二十三", "百五", "二〇三", "壱", "十") to its value; -1 if the
// string is not a kanji numeral. Digits alone are read positionally (二〇三 = 203); with 十, 百,
// 千, 万 or 億 they are read as counted (千二百 = 1200, 一万二千 = 12000). The formal forms
// (壱弐参拾萬 ...) are accepted; ASCII digits are not.
int kanjiNumeralValue(const QString& numeral);

// Address search key: searchKey() plus block numbers folded, so that
// "一丁目2番3号" == "1-2-3" == "１－２－３" == "1丁目2-3" and "北十条西" == "北10条西".
//  - a run of 漢数字 (〇一二…九十百千, 壱弐参拾) becomes digits when it is a block number:
//    before 丁目, 号, 条 or 線; before 番地, 番, 丁, の or a dash that is followed by a number or
//    ends the text; or after such a separator that follows a number (1丁目二番);
//  - any other kanji numeral is part of a place name and stays as written: 四日市市, 六本木,
//    一番町, 八丁堀, 一の宮 keep their kanji (so "四日市市" != "4日市市"), and match themselves
//    however the block numbers after them are written;
//  - 丁目, 丁, 番地, 番, の and dashes (-, ー, −, －, …) between two numbers become one "-";
//    a final 番地/番/dash after a number is dropped, as is a dash between a number and text;
//    号 after a number is dropped unless it is part of 号室, 号棟, 号館 or 号線.
QString addressKey(const QString& input);

} // namespace madoguchi::text
