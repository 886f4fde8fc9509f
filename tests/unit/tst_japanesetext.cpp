#include "text/JapaneseText.h"
#include "text/KanjiVariants.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace madoguchi::text;

namespace {

QString u8(const char* text)
{
    return QString::fromUtf8(text);
}

QString cp(char32_t codePoint)
{
    return KanjiVariants::toString(codePoint);
}

} // namespace

class TestJapaneseText : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void searchKeyFoldsTogether_data();
    void searchKeyFoldsTogether();
    void searchKeyKeepsApart_data();
    void searchKeyKeepsApart();
    void searchKeyExact_data();
    void searchKeyExact();

    void variantTableRequiredEntries_data();
    void variantTableRequiredEntries();
    void variantTableIsConsistent();
    void variantTableLoadsEveryLine();
    void variantTableReverseLookup();

    void romajiToHiragana_data();
    void romajiToHiragana();
    void searchInputKeyMatchesReading_data();
    void searchInputKeyMatchesReading();
    void searchInputKeyKeepsApart();
    void looksLikeRomaji_data();
    void looksLikeRomaji();

    void normaliseNumber_data();
    void normaliseNumber();
    void kanjiNumeralValue_data();
    void kanjiNumeralValue();

    void addressKeyFoldsTogether_data();
    void addressKeyFoldsTogether();
    void addressKeyKeepsApart_data();
    void addressKeyKeepsApart();
    void addressKeyExact_data();
    void addressKeyExact();
};

void TestJapaneseText::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

// -------------------------------------------------------------------------------------------------
// searchKey

void TestJapaneseText::searchKeyFoldsTogether_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");

    QTest::newRow("hashigo-daka") << u8("髙橋") << u8("高橋");
    QTest::newRow("saito-1") << u8("齋藤") << u8("斎藤");
    QTest::newRow("saito-2") << u8("斉藤") << u8("斎藤");
    QTest::newRow("saito-3") << u8("齊藤") << u8("斉藤");
    QTest::newRow("watanabe-1") << u8("渡邊") << u8("渡辺");
    QTest::newRow("watanabe-2") << u8("渡邉") << u8("渡邊");
    QTest::newRow("yamazaki-compat") << (u8("山") + cp(0xFA11)) << u8("山崎");
    QTest::newRow("yamazaki-2") << u8("山嵜") << u8("山崎");
    QTest::newRow("yamazaki-3") << u8("山碕") << u8("山嵜");
    QTest::newRow("tsuchiyoshi") << (cp(0x20BB7) + u8("田")) << u8("吉田");
    QTest::newRow("ivs") << (u8("葛") + cp(0xE0100) + u8("飾")) << u8("葛飾");
    QTest::newRow("svs") << (u8("葛") + cp(0xFE00) + u8("飾")) << u8("葛飾");
    QTest::newRow("ivs-and-variant") << (u8("髙") + cp(0xE0101) + u8("橋")) << u8("高橋");
    QTest::newRow("sawa") << u8("澤田") << u8("沢田");
    QTest::newRow("hama-1") << u8("濱田") << u8("浜田");
    QTest::newRow("hama-2") << u8("濵田") << u8("浜田");
    QTest::newRow("hiro") << u8("廣瀬") << u8("広瀬");
    QTest::newRow("kuni") << u8("國分") << u8("国分");
    QTest::newRow("sakura") << u8("櫻井") << u8("桜井");
    QTest::newRow("shima-1") << u8("中嶋") << u8("中島");
    QTest::newRow("shima-2") << u8("中嶌") << u8("中島");
    QTest::newRow("tomi") << u8("冨田") << u8("富田");
    QTest::newRow("toku") << u8("德川") << u8("徳川");
    QTest::newRow("compat-decomposed") << (cp(0xFA19) + u8("田")) << u8("神田");
    QTest::newRow("compat-yu") << (cp(0xFA4F) + u8("介")) << u8("祐介");
    QTest::newRow("odoriji") << u8("佐々木") << u8("佐佐木");
    QTest::newRow("halfwidth-katakana") << u8("ｻｲﾄｳ") << u8("サイトウ");
    QTest::newRow("katakana-hiragana") << u8("サイトウ") << u8("さいとう");
    QTest::newRow("choon") << u8("さいとー") << u8("さいとう");
    QTest::newRow("no-long-vowel") << u8("さいと") << u8("さいとう");
    QTest::newRow("halfwidth-choon") << u8("ｻｲﾄｰ") << u8("さいとう");
    QTest::newRow("dash-after-kana") << u8("サイト-") << u8("さいとう");
    QTest::newRow("oo-ou") << u8("おおの") << u8("おうの");
    QTest::newRow("oo-o") << u8("おおの") << u8("おの");
    QTest::newRow("ei-ee") << u8("けいこ") << u8("けえこ");
    QTest::newRow("uu") << u8("ゆうこ") << u8("ユーコ");
    QTest::newRow("ii") << u8("にいな") << u8("ニーナ");
    QTest::newRow("aa") << u8("まあや") << u8("マーヤ");
    QTest::newRow("halfwidth-voiced") << u8("ｶﾞｯｺｳ") << u8("がっこう");
    QTest::newRow("small-tsu") << u8("がっこう") << u8("ガツコウ");
    QTest::newRow("small-ya") << u8("ショウジ") << u8("シヨウジ");
    QTest::newRow("small-vowel") << u8("ティ") << u8("テイ");
    QTest::newRow("small-ke") << u8("三ヶ島") << u8("三ケ島");
    QTest::newRow("small-ka") << u8("一ヵ月") << u8("一カ月");
    QTest::newRow("di-ji") << u8("ちぢみ") << u8("チジミ");
    QTest::newRow("du-zu") << u8("ツヅキ") << u8("つずき");
    QTest::newRow("wi-i") << u8("ゐ") << u8("い");
    QTest::newRow("wo-o") << u8("かをる") << u8("かおる");
    QTest::newRow("vu-bu") << u8("ヴ") << u8("ぶ");
    QTest::newRow("loose-voiced-mark") << u8("か゛き") << u8("がき");
    QTest::newRow("kana-iteration") << u8("いすゞ") << u8("いすず");
    QTest::newRow("ideographic-space") << u8("佐藤　花子") << u8("佐藤花子");
    QTest::newRow("ascii-space") << u8("佐藤 花子") << u8("佐藤花子");
    QTest::newRow("tab-and-spaces") << u8(" 佐藤\t花子 ") << u8("佐藤花子");
    QTest::newRow("nakaguro") << u8("ハナコ・サトウ") << u8("はなこさとう");
    QTest::newRow("halfwidth-nakaguro") << u8("ﾊﾅｺ･ｻﾄｳ") << u8("はなこさとう");
    QTest::newRow("fullwidth-latin") << u8("ＳＡＴＯ") << u8("sato");
    QTest::newRow("fullwidth-digits") << u8("１２３") << u8("123");
}

void TestJapaneseText::searchKeyFoldsTogether()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(searchKey(a), searchKey(b));
    QVERIFY(!searchKey(a).isEmpty());
}

void TestJapaneseText::searchKeyKeepsApart_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");

    QTest::newRow("sato-saito") << u8("佐藤") << u8("斎藤");
    QTest::newRow("sato-saito-kana") << u8("さとう") << u8("さいとう");
    QTest::newRow("voiced") << u8("かき") << u8("かぎ");
    QTest::newRow("semi-voiced") << u8("はな") << u8("ぱな");
    QTest::newRow("takahashi-takashima") << u8("高橋") << u8("高島");
    QTest::newRow("saki-not-sai") << u8("崎") << u8("埼");
    QTest::newRow("kanji-oono-ono") << u8("大野") << u8("小野");
    QTest::newRow("ai-a") << u8("あい") << u8("あ");
    QTest::newRow("yuko-yoko") << u8("ゆうこ") << u8("ようこ");
    QTest::newRow("ou-not-after-a") << u8("かう") << u8("か");
    QTest::newRow("yoshida") << u8("吉田") << u8("古田");
    QTest::newRow("non-bmp-kept") << cp(0x29E3D) << cp(0x29E3E);
}

void TestJapaneseText::searchKeyKeepsApart()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QVERIFY2(searchKey(a) != searchKey(b), qPrintable(searchKey(a)));
}

void TestJapaneseText::searchKeyExact_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("katakana") << u8("サイトウ") << u8("さいと");
    QTest::newRow("variant") << u8("髙橋") << u8("高橋");
    QTest::newRow("non-bmp-variant") << (cp(0x20BB7) + u8("田")) << u8("吉田");
    QTest::newRow("non-bmp-other") << (cp(0x29E3D) + u8("子")) << (cp(0x29E3D) + u8("子"));
    QTest::newRow("ascii") << u8("ABC Trading") << u8("abctrading");
    QTest::newRow("small-kana") << u8("ガッコウ") << u8("がつこ");
    QTest::newRow("ke") << u8("ヶ") << u8("け");
    QTest::newRow("odoriji") << u8("佐々木") << u8("佐佐木");
    QTest::newRow("choon-alone") << u8("ー") << u8("-");
    QTest::newRow("only-spaces") << u8(" 　 ") << QString();
}

void TestJapaneseText::searchKeyExact()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(searchKey(input), expected);
}

// -------------------------------------------------------------------------------------------------
// Kanji variant table

void TestJapaneseText::variantTableRequiredEntries_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("canonical");

    const char* const pairs[][2] = {
        {"髙", "高"}, {"嵜", "崎"}, {"碕", "崎"}, {"齋", "斎"}, {"齊", "斎"}, {"斉", "斎"},
        {"邊", "辺"}, {"邉", "辺"}, {"澤", "沢"}, {"濱", "浜"}, {"濵", "浜"}, {"廣", "広"},
        {"國", "国"}, {"櫻", "桜"}, {"嶋", "島"}, {"嶌", "島"}, {"冨", "富"}, {"德", "徳"},
        {"檮", "梼"}, {"惠", "恵"}, {"槗", "橋"}, {"栁", "柳"}, {"眞", "真"}, {"龍", "竜"},
        {"瀨", "瀬"}, {"淺", "浅"}, {"增", "増"}, {"榮", "栄"}, {"圓", "円"}, {"條", "条"},
        {"萬", "万"}, {"藏", "蔵"}, {"壽", "寿"}, {"實", "実"}, {"團", "団"}, {"黑", "黒"},
        {"靑", "青"}, {"淸", "清"}, {"峯", "峰"}, {"嶽", "岳"}, {"鐵", "鉄"}, {"舘", "館"},
        {"篭", "籠"}, {"蘆", "芦"}, {"曾", "曽"}, {"槇", "槙"}, {"桒", "桑"}, {"穗", "穂"},
        {"埜", "野"}, {"竃", "竈"}, {"鷗", "鴎"},
    };
    for (const auto& pair : pairs)
        QTest::newRow(pair[0]) << u8(pair[0]) << u8(pair[1]);
    QTest::newRow("U+FA11") << cp(0xFA11) << u8("崎");
    QTest::newRow("U+20BB7") << cp(0x20BB7) << u8("吉");
    QTest::newRow("U+2363A") << cp(0x2363A) << u8("橋");
    QTest::newRow("U+FA4F") << cp(0xFA4F) << u8("祐");
}

void TestJapaneseText::variantTableRequiredEntries()
{
    QFETCH(QString, variant);
    QFETCH(QString, canonical);
    const QList<uint> v = variant.toUcs4();
    const QList<uint> c = canonical.toUcs4();
    QCOMPARE(v.size(), 1);
    QCOMPARE(c.size(), 1);
    QCOMPARE(uint(KanjiVariants::canonical(v.front())), c.front());
    QVERIFY(KanjiVariants::isVariant(v.front()));
    QVERIFY(KanjiVariants::variantsOf(c.front()).contains(char32_t(v.front())));
    QCOMPARE(searchKey(variant), searchKey(canonical));
}

void TestJapaneseText::variantTableIsConsistent()
{
    const int size = KanjiVariants::size();
    QVERIFY2(size >= 100 && size <= 250, qPrintable(QString::number(size)));
    int counted = 0;
    const QList<char32_t> forms = KanjiVariants::canonicalForms();
    QVERIFY(!forms.isEmpty());
    for (const char32_t canonical : forms) {
        const QString c = KanjiVariants::toString(canonical);
        QVERIFY2(!KanjiVariants::isVariant(canonical), qPrintable(c));
        QCOMPARE(c.normalized(QString::NormalizationForm_KC), c);
        QCOMPARE(searchKey(c), c);
        const QList<char32_t> variants = KanjiVariants::variantsOf(canonical);
        QVERIFY(!variants.isEmpty());
        for (const char32_t variant : variants) {
            const QString v = KanjiVariants::toString(variant);
            QVERIFY2(variant != canonical, qPrintable(v));
            QCOMPARE(uint(KanjiVariants::canonical(variant)), uint(canonical));
            // NFKC either leaves the variant alone or agrees with the table.
            const QString nfkc = v.normalized(QString::NormalizationForm_KC);
            QVERIFY2(nfkc == v || nfkc == c, qPrintable(v));
            QCOMPARE(searchKey(v), c);
            ++counted;
        }
    }
    QCOMPARE(counted, size);
}

void TestJapaneseText::variantTableLoadsEveryLine()
{
    QFile file(QStringLiteral(":/text/kanji_variants.tsv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    int entries = 0;
    const QString text = QString::fromUtf8(file.readAll());
    for (const QString& line : text.split(u'\n')) {
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList fields = line.split(u'\t');
        QVERIFY2(fields.size() >= 2 && fields.size() <= 3, qPrintable(line));
        ++entries;
    }
    QCOMPARE(KanjiVariants::size(), entries);
}

void TestJapaneseText::variantTableReverseLookup()
{
    const QList<char32_t> saki = KanjiVariants::variantsOf(U'崎');
    QVERIFY(saki.contains(char32_t(0xFA11)));
    QVERIFY(saki.contains(U'嵜'));
    QVERIFY(saki.contains(U'碕'));
    QCOMPARE(KanjiVariants::variantsOf(0xFA11), saki);
    const QList<char32_t> sai = KanjiVariants::variantsOf(U'斎');
    QVERIFY(sai.contains(U'齋'));
    QVERIFY(sai.contains(U'齊'));
    QVERIFY(sai.contains(U'斉'));
    QVERIFY(KanjiVariants::variantsOf(U'吉').contains(char32_t(0x20BB7)));
    QVERIFY(KanjiVariants::variantsOf(U'あ').isEmpty());
    QVERIFY(KanjiVariants::variantsOf(U'佐').isEmpty());
    QCOMPARE(uint(KanjiVariants::canonical(U'a')), uint(U'a'));
    QCOMPARE(uint(KanjiVariants::canonical(U'佐')), uint(U'佐'));
    QCOMPARE(KanjiVariants::toString(0x20BB7).size(), 2);
    QVERIFY(KanjiVariants::canonicalForms().contains(U'崎'));
}

// -------------------------------------------------------------------------------------------------
// Romaji

void TestJapaneseText::romajiToHiragana_data()
{
    QTest::addColumn<QString>("romaji");
    QTest::addColumn<QString>("kana");

    QTest::newRow("saitou") << u8("saitou") << u8("さいとう");
    QTest::newRow("upper-case") << u8("SAITOU") << u8("さいとう");
    QTest::newRow("oh-at-end") << u8("SAITOH") << u8("さいとお");
    QTest::newRow("macron") << u8("saitō") << u8("さいとう");
    QTest::newRow("circumflex") << u8("saitô") << u8("さいとう");
    QTest::newRow("combining-macron") << u8("saito\xCC\x84") << u8("さいとう");
    QTest::newRow("macron-a") << u8("ōtā") << u8("おうたあ");
    QTest::newRow("shimizu") << u8("shimizu") << u8("しみず");
    QTest::newRow("simizu") << u8("simizu") << u8("しみず");
    QTest::newRow("tsuchiya") << u8("tsuchiya") << u8("つちや");
    QTest::newRow("tutiya") << u8("tutiya") << u8("つちや");
    QTest::newRow("chiba") << u8("chiba") << u8("ちば");
    QTest::newRow("tiba") << u8("tiba") << u8("ちば");
    QTest::newRow("fujita") << u8("fujita") << u8("ふじた");
    QTest::newRow("huzita") << u8("huzita") << u8("ふじた");
    QTest::newRow("jun") << u8("jun") << u8("じゅん");
    QTest::newRow("zyun") << u8("zyun") << u8("じゅん");
    QTest::newRow("shinnosuke") << u8("shinnosuke") << u8("しんのすけ");
    QTest::newRow("honma") << u8("honma") << u8("ほんま");
    QTest::newRow("homma") << u8("homma") << u8("ほんま");
    QTest::newRow("namba") << u8("namba") << u8("なんば");
    QTest::newRow("ken-apostrophe-ichi") << u8("ken'ichi") << u8("けんいち");
    QTest::newRow("ken-hyphen-ichi") << u8("ken-ichi") << u8("けん-いち");
    QTest::newRow("kenichi-is-ke-ni-chi") << u8("kenichi") << u8("けにち");
    QTest::newRow("kasshi") << u8("kasshi") << u8("かっし");
    QTest::newRow("matcha") << u8("matcha") << u8("まっちゃ");
    QTest::newRow("ohno") << u8("ohno") << u8("おおの");
    QTest::newRow("ohashi-is-not-long") << u8("ohashi") << u8("おはし");
    QTest::newRow("konnichiha") << u8("konnichiha") << u8("こんにちは");
    QTest::newRow("nn-at-end") << u8("honn") << u8("ほん");
    QTest::newRow("kyouko") << u8("kyouko") << u8("きょうこ");
    QTest::newRow("sya-kunrei") << u8("syouta") << u8("しょうた");
    QTest::newRow("wo") << u8("wo") << u8("を");
    QTest::newRow("ime-small-tsu") << u8("xtu") << u8("っ");
    QTest::newRow("fullwidth") << u8("Ｓａｔｏ") << u8("さと");
    QTest::newRow("with-space") << u8("sato hanako") << u8("さと はなこ");
    QTest::newRow("non-romaji-kept") << u8("佐藤 123") << u8("佐藤 123");
    QTest::newRow("stray-consonant") << u8("q") << u8("q");
}

void TestJapaneseText::romajiToHiragana()
{
    QFETCH(QString, romaji);
    QFETCH(QString, kana);
    QCOMPARE(madoguchi::text::romajiToHiragana(romaji), kana);
}

void TestJapaneseText::searchInputKeyMatchesReading_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("reading");

    const char* const saito[] = {"saitou", "saito",  "saitō",        "SAITOU",   "SAITOH",
                                 "Saitoh", "saitoo", "ｓａｉｔｏｕ", "サイトウ", "ｻｲﾄｰ"};
    for (const char* typed : saito)
        QTest::newRow(typed) << u8(typed) << u8("さいとう");
    const char* const ono[] = {"ōno", "oono", "ohno", "ono", "Ōno", "ouno"};
    for (const char* typed : ono)
        QTest::newRow(typed) << u8(typed) << u8("おおの");
    QTest::newRow("shimizu") << u8("shimizu") << u8("しみず");
    QTest::newRow("simizu") << u8("simizu") << u8("しみず");
    QTest::newRow("tsuchiya") << u8("tsuchiya") << u8("つちや");
    QTest::newRow("tutiya") << u8("tutiya") << u8("つちや");
    QTest::newRow("chiba") << u8("Chiba") << u8("ちば");
    QTest::newRow("tiba") << u8("tiba") << u8("ちば");
    QTest::newRow("fujita") << u8("fujita") << u8("ふじた");
    QTest::newRow("huzita") << u8("huzita") << u8("ふじた");
    QTest::newRow("jun") << u8("jun") << u8("じゅん");
    QTest::newRow("zyun") << u8("zyun") << u8("じゅん");
    QTest::newRow("shinnosuke") << u8("shinnosuke") << u8("しんのすけ");
    QTest::newRow("honma") << u8("honma") << u8("ほんま");
    QTest::newRow("homma") << u8("homma") << u8("ほんま");
    QTest::newRow("ken'ichi") << u8("ken'ichi") << u8("けんいち");
    QTest::newRow("ken-ichi") << u8("ken-ichi") << u8("けんいち");
    QTest::newRow("kasshi") << u8("kasshi") << u8("かっし");
    QTest::newRow("satou hanako") << u8("satou hanako") << u8("さとう はなこ");
    QTest::newRow("half-converted") << u8("さいtou") << u8("さいとう");
    QTest::newRow("kanji") << u8("斎藤") << u8("斎藤");
    QTest::newRow("latin-in-kanji-name") << u8("ABC商事") << u8("ABC商事");
}

void TestJapaneseText::searchInputKeyMatchesReading()
{
    QFETCH(QString, typed);
    QFETCH(QString, reading);
    QCOMPARE(searchInputKey(typed), searchKey(reading));
}

void TestJapaneseText::searchInputKeyKeepsApart()
{
    QVERIFY(searchInputKey(u8("sato")) != searchInputKey(u8("saito")));
    QVERIFY(searchInputKey(u8("kaga")) != searchInputKey(u8("kaka")));
    QVERIFY(searchInputKey(u8("yuko")) != searchInputKey(u8("yoko")));
    QVERIFY(searchInputKey(u8("kenichi")) != searchInputKey(u8("ken'ichi")));
    QCOMPARE(searchInputKey(u8("kenichi")), searchKey(u8("けにち")));
}

void TestJapaneseText::looksLikeRomaji_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("romaji");

    QTest::newRow("plain") << u8("saitou") << true;
    QTest::newRow("name") << u8("Sato Hanako") << true;
    QTest::newRow("apostrophe") << u8("Ken'ichi") << true;
    QTest::newRow("macron") << u8("Ōno") << true;
    QTest::newRow("fullwidth") << u8("ｓａｔｏ") << true;
    QTest::newRow("hyphen") << u8("ken-ichi") << true;
    QTest::newRow("kana") << u8("さとう") << false;
    QTest::newRow("kanji") << u8("佐藤") << false;
    QTest::newRow("mixed") << u8("sato花子") << false;
    QTest::newRow("digits") << u8("12345") << false;
    QTest::newRow("letters-and-digits") << u8("abc1") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("spaces") << u8("  ") << false;
}

void TestJapaneseText::looksLikeRomaji()
{
    QFETCH(QString, input);
    QFETCH(bool, romaji);
    QCOMPARE(madoguchi::text::looksLikeRomaji(input), romaji);
}

// -------------------------------------------------------------------------------------------------
// Numbers

void TestJapaneseText::normaliseNumber_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("postal-fullwidth") << u8("〒１２３－４５６７") << u8("1234567");
    QTest::newRow("postal-ascii") << u8("123-4567") << u8("1234567");
    QTest::newRow("postal-choon") << u8("〒123ー4567") << u8("1234567");
    QTest::newRow("minus-sign") << u8("123−4567") << u8("1234567");
    QTest::newRow("spaces") << u8(" 03 1234　5678 ") << u8("0312345678");
    QTest::newRow("plain") << u8("42") << u8("42");
    QTest::newRow("letter") << u8("12a") << QString();
    QTest::newRow("fullwidth-letter") << u8("１２ａ") << QString();
    QTest::newRow("decimal-point") << u8("12.5") << QString();
    QTest::newRow("kanji") << u8("一二三") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestJapaneseText::normaliseNumber()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(madoguchi::text::normaliseNumber(input), expected);
}

void TestJapaneseText::kanjiNumeralValue_data()
{
    QTest::addColumn<QString>("numeral");
    QTest::addColumn<int>("value");

    QTest::newRow("23") << u8("二十三") << 23;
    QTest::newRow("105") << u8("百五") << 105;
    QTest::newRow("203-positional") << u8("二〇三") << 203;
    QTest::newRow("1200") << u8("千二百") << 1200;
    QTest::newRow("10") << u8("十") << 10;
    QTest::newRow("1") << u8("一") << 1;
    QTest::newRow("0") << u8("〇") << 0;
    QTest::newRow("50") << u8("五十") << 50;
    QTest::newRow("31") << u8("三十一") << 31;
    QTest::newRow("2003") << u8("二千〇三") << 2003;
    QTest::newRow("12000") << u8("一万二千") << 12000;
    QTest::newRow("10000") << u8("万") << 10000;
    QTest::newRow("daiji") << u8("壱萬弐千参拾") << 12030;
    QTest::newRow("abc") << u8("abc") << -1;
    QTest::newRow("ascii-digits") << u8("23") << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("mixed") << u8("二十a") << -1;
    QTest::newRow("two-digits-before-unit") << u8("二三十") << -1;
    QTest::newRow("units-out-of-order") << u8("十百") << -1;
    QTest::newRow("not-a-numeral") << u8("四日") << -1;
}

void TestJapaneseText::kanjiNumeralValue()
{
    QFETCH(QString, numeral);
    QFETCH(int, value);
    QCOMPARE(madoguchi::text::kanjiNumeralValue(numeral), value);
}

// -------------------------------------------------------------------------------------------------
// Addresses

void TestJapaneseText::addressKeyFoldsTogether_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");

    QTest::newRow("kanji-blocks") << u8("一丁目2番3号") << u8("1-2-3");
    QTest::newRow("fullwidth") << u8("１－２－３") << u8("1-2-3");
    QTest::newRow("chome-then-dashes") << u8("1丁目2-3") << u8("1-2-3");
    QTest::newRow("all-kanji") << u8("一丁目二番三号") << u8("1-2-3");
    QTest::newRow("banchi") << u8("一丁目二番地三") << u8("1-2-3");
    QTest::newRow("banchi-no") << u8("3番地の1") << u8("3-1");
    QTest::newRow("katakana-no") << u8("3ノ1") << u8("3-1");
    QTest::newRow("choon-as-hyphen") << u8("1ー2ー3") << u8("1-2-3");
    QTest::newRow("minus-sign") << u8("1−2−3") << u8("1-2-3");
    QTest::newRow("spaces") << u8("1 - 2 - 3") << u8("1-2-3");
    QTest::newRow("final-banchi") << u8("二十三番地") << u8("23");
    QTest::newRow("jo") << u8("北十条西") << u8("北10条西");
    QTest::newRow("jo-11") << u8("札幌市北区北十一条西") << u8("札幌市北区北11条西");
    QTest::newRow("jo-chome") << u8("北十条西三丁目") << u8("北10条西3丁目");
    QTest::newRow("variant-jo") << u8("北十條西") << u8("北10条西");
    QTest::newRow("place-with-numeral") << u8("四日市市一丁目2番") << u8("四日市市1-2");
    QTest::newRow("hatchobori") << u8("八丁堀三丁目") << u8("八丁堀3丁目");
    QTest::newRow("building") << u8("1-2-3 ハイツ101号室") << u8("１－２－３ﾊｲﾂ101号室");
    QTest::newRow("route") << u8("国道一号線") << u8("国道1号線");
}

void TestJapaneseText::addressKeyFoldsTogether()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(addressKey(a), addressKey(b));
}

void TestJapaneseText::addressKeyKeepsApart_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");

    QTest::newRow("blocks") << u8("1-2-3") << u8("1-2-4");
    QTest::newRow("block-order") << u8("1-23") << u8("12-3");
    QTest::newRow("jo") << u8("北十条西") << u8("北十一条西");
    QTest::newRow("place-name-not-digits") << u8("四日市市") << u8("4日市市");
    QTest::newRow("ichibancho") << u8("一番町") << u8("1町");
}

void TestJapaneseText::addressKeyKeepsApart()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QVERIFY2(addressKey(a) != addressKey(b), qPrintable(addressKey(a)));
}

void TestJapaneseText::addressKeyExact_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("blocks") << u8("一丁目2番3号") << u8("1-2-3");
    QTest::newRow("jo") << u8("北十条西") << u8("北10条西");
    QTest::newRow("yokkaichi") << u8("四日市市") << u8("四日市市");
    QTest::newRow("rokuhongi") << u8("六本木") << u8("六本木");
    QTest::newRow("ichibancho") << u8("一番町") << u8("一番町");
    QTest::newRow("hatchobori") << u8("八丁堀") << u8("八丁堀");
    QTest::newRow("ichinomiya") << u8("一の宮") << u8("一の宮");
    QTest::newRow("chome-alone") << u8("一丁目") << u8("1丁目");
    QTest::newRow("room") << u8("101号室") << u8("101号室");
    QTest::newRow("go-at-end") << u8("5番地6号") << u8("5-6");
    QTest::newRow("route") << u8("国道一号線") << u8("国道1号線");
    QTest::newRow("trailing-dash") << u8("1-2-") << u8("1-2");
    QTest::newRow("kana-folded") << u8("サンハイツ") << u8("さんはいつ");
}

void TestJapaneseText::addressKeyExact()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(addressKey(input), expected);
}

QTEST_GUILESS_MAIN(TestJapaneseText)
#include "tst_japanesetext.moc"
