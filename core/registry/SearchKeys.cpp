#include "registry/SearchKeys.h"

#include "text/JapaneseText.h"

#include <QSet>
#include <QVarLengthArray>

namespace madoguchi::searchkeys {

namespace {
// A character that the gram index keeps as part of a token (FTS5 unicode61 with tokenchars '-').
bool gramChar(char32_t c)
{
    if (c == u'-') {
        return true;
    }
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
        return true;
    default:
        return false;
    }
}

// Runs of gram characters, as code-point strings.
QList<QList<char32_t>> runs(const QString& key)
{
    QList<QList<char32_t>> out;
    QList<char32_t> current;
    const QList<uint> cps = key.toUcs4();
    for (uint u : cps) {
        const char32_t c = char32_t(u);
        if (gramChar(c)) {
            current << c;
        } else if (!current.isEmpty()) {
            out << current;
            current.clear();
        }
    }
    if (!current.isEmpty()) {
        out << current;
    }
    return out;
}

QString str(const QList<char32_t>& run, qsizetype from, qsizetype n)
{
    return QString::fromUcs4(run.constData() + from, n);
}

void add(QList<Key>& out, const QString& kind, const QString& key)
{
    if (key.isEmpty()) {
        return;
    }
    for (const Key& k : std::as_const(out)) {
        if (k.key == key && k.kind == kind) {
            return;
        }
    }
    out << Key{kind, key, gramsOf(key)};
}
} // namespace

QString gramsOf(const QString& key)
{
    // Keys are short (a name, an address): a linear check for repeats beats hashing.
    QVarLengthArray<std::pair<char32_t, char32_t>, 64> seen;
    QString out;
    out.reserve(key.size() * 6);
    auto addGram = [&](char32_t a, char32_t b) {
        for (const auto& p : seen) {
            if (p.first == a && p.second == b) {
                return;
            }
        }
        seen.append({a, b});
        if (!out.isEmpty()) {
            out += u' ';
        }
        out += QString::fromUcs4(&a, 1);
        if (b) {
            out += QString::fromUcs4(&b, 1);
        }
    };
    for (const auto& run : runs(key)) {
        for (qsizetype i = 0; i < run.size(); ++i) {
            addGram(run[i], 0);
            if (i + 1 < run.size()) {
                addGram(run[i], run[i + 1]);
            }
        }
    }
    return out;
}

QStringList queryGrams(const QString& queryKey)
{
    QStringList bigrams;
    QStringList unigrams;
    for (const auto& run : runs(queryKey)) {
        if (run.size() == 1) {
            unigrams << str(run, 0, 1);
        }
        for (qsizetype i = 0; i + 1 < run.size(); ++i) {
            const QString g = str(run, i, 2);
            if (!bigrams.contains(g)) {
                bigrams << g;
            }
        }
    }
    for (const QString& u : std::as_const(unigrams)) {
        if (!bigrams.contains(u)) {
            bigrams << u;
        }
    }
    return bigrams;
}

int kindPriority(const QString& kind)
{
    if (kind == QStringLiteral("name") || kind == QStringLiteral("kana") ||
        kind == QStringLiteral("alpha")) {
        return 0;
    }
    if (kind == QStringLiteral("alpha_rev") || kind == QStringLiteral("common") ||
        kind == QStringLiteral("common_kana")) {
        return 1;
    }
    if (kind == QStringLiteral("former") || kind == QStringLiteral("former_kana")) {
        return 2;
    }
    return 3;
}

QString addressKeyOf(const Address& a)
{
    return text::addressKey(a.town + a.banchi + a.building);
}

QList<Key> forResident(const Resident& r, const QList<QStringList>& formerNames)
{
    QList<Key> out;
    add(out, QStringLiteral("name"), text::searchKey(r.familyName + r.givenName));
    add(out, QStringLiteral("kana"), text::searchKey(r.familyKana + r.givenKana));
    if (!r.alphaName.trimmed().isEmpty()) {
        const QStringList parts = r.alphaName.simplified().split(u' ');
        add(out, QStringLiteral("alpha"), text::searchKey(parts.join(QString())));
        if (parts.size() > 1) {
            QStringList rev = parts;
            std::reverse(rev.begin(), rev.end());
            add(out, QStringLiteral("alpha_rev"), text::searchKey(rev.join(QString())));
        }
    }
    add(out, QStringLiteral("common"), text::searchKey(r.commonName));
    add(out, QStringLiteral("common_kana"), text::searchKey(r.commonNameKana));
    for (const QStringList& f : formerNames) {
        if (f.size() >= 4) {
            add(out, QStringLiteral("former"), text::searchKey(f[0] + f[1]));
            add(out, QStringLiteral("former_kana"), text::searchKey(f[2] + f[3]));
        }
    }
    add(out, QStringLiteral("address"), addressKeyOf(r.address));
    return out;
}

} // namespace madoguchi::searchkeys
