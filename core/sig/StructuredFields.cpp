#include "sig/StructuredFields.h"

#include <QCoreApplication>

#include <cmath>

namespace madoguchi::sf {

namespace {

Error bad(const QString& why)
{
    return Error(QCoreApplication::translate("Sig", "malformed structured field: %1").arg(why),
                 QStringLiteral("sf.malformed"));
}

class Parser
{
public:
    explicit Parser(const QByteArray& in) : m_in(in) {}

    bool atEnd() const { return m_pos >= m_in.size(); }
    char peek() const { return atEnd() ? '\0' : m_in.at(m_pos); }
    void skipSp()
    {
        while (peek() == ' ') {
            ++m_pos;
        }
    }
    void skipOws()
    {
        while (peek() == ' ' || peek() == '\t') {
            ++m_pos;
        }
    }

    Result<QString> key()
    {
        const char c = peek();
        if (!(std::islower(uchar(c)) || c == '*')) {
            return bad(QStringLiteral("a key must start with a lower-case letter or *"));
        }
        QString out;
        while (!atEnd()) {
            const char k = peek();
            if (std::islower(uchar(k)) || std::isdigit(uchar(k)) || k == '_' || k == '-' ||
                k == '.' || k == '*') {
                out += QLatin1Char(k);
                ++m_pos;
            } else {
                break;
            }
        }
        return out;
    }

    Result<Bare> bare()
    {
        const char c = peek();
        if (c == '-' || std::isdigit(uchar(c))) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            return byteSequence();
        }
        if (c == '?') {
            ++m_pos;
            Bare b;
            b.type = Bare::Boolean;
            if (peek() == '1' || peek() == '0') {
                b.boolean = peek() == '1';
                ++m_pos;
                return b;
            }
            return bad(QStringLiteral("a boolean must be ?0 or ?1"));
        }
        if (std::isalpha(uchar(c)) || c == '*') {
            return token();
        }
        return bad(QStringLiteral("unexpected character '%1'").arg(QLatin1Char(c)));
    }

    Result<Bare> number()
    {
        Bare b;
        b.type = Bare::Integer;
        QByteArray digits;
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            ++m_pos;
        }
        if (!std::isdigit(uchar(peek()))) {
            return bad(QStringLiteral("a number needs a digit"));
        }
        while (!atEnd()) {
            const char c = peek();
            if (std::isdigit(uchar(c))) {
                digits += c;
            } else if (c == '.' && b.type == Bare::Integer) {
                if (digits.size() > 12) {
                    return bad(QStringLiteral("a decimal with too many integer digits"));
                }
                digits += c;
                b.type = Bare::Decimal;
            } else {
                break;
            }
            ++m_pos;
            if (b.type == Bare::Integer && digits.size() > 15) {
                return bad(QStringLiteral("an integer with more than 15 digits"));
            }
            if (b.type == Bare::Decimal && digits.size() > 16) {
                return bad(QStringLiteral("a decimal with too many digits"));
            }
        }
        if (b.type == Bare::Integer) {
            b.integer = digits.toLongLong() * (negative ? -1 : 1);
        } else {
            if (digits.endsWith('.') || digits.size() - digits.indexOf('.') - 1 > 3) {
                return bad(QStringLiteral("a decimal needs one to three fraction digits"));
            }
            b.decimal = digits.toDouble() * (negative ? -1 : 1);
        }
        return b;
    }

    Result<Bare> string()
    {
        ++m_pos; // "
        Bare b;
        b.type = Bare::String;
        QByteArray out;
        while (!atEnd()) {
            const char c = m_in.at(m_pos++);
            if (c == '\\') {
                if (atEnd()) {
                    return bad(QStringLiteral("a string ends in a backslash"));
                }
                const char e = m_in.at(m_pos++);
                if (e != '"' && e != '\\') {
                    return bad(QStringLiteral("a string has a bad escape"));
                }
                out += e;
            } else if (c == '"') {
                b.string = QString::fromLatin1(out);
                return b;
            } else if (uchar(c) < 0x20 || uchar(c) > 0x7E) {
                return bad(QStringLiteral("a string holds a character outside ASCII"));
            } else {
                out += c;
            }
        }
        return bad(QStringLiteral("a string is not closed"));
    }

    Result<Bare> token()
    {
        Bare b;
        b.type = Bare::Token;
        QByteArray out;
        while (!atEnd()) {
            const char c = peek();
            if (std::isalnum(uchar(c)) || QByteArray("!#$%&'*+-.^_`|~:/").contains(c)) {
                out += c;
                ++m_pos;
            } else {
                break;
            }
        }
        b.string = QString::fromLatin1(out);
        return b;
    }

    Result<Bare> byteSequence()
    {
        ++m_pos; // :
        const qsizetype end = m_in.indexOf(':', m_pos);
        if (end < 0) {
            return bad(QStringLiteral("a byte sequence is not closed"));
        }
        const QByteArray b64 = m_in.mid(m_pos, end - m_pos);
        for (char c : b64) {
            if (!(std::isalnum(uchar(c)) || c == '+' || c == '/' || c == '=')) {
                return bad(QStringLiteral("a byte sequence is not base64"));
            }
        }
        m_pos = end + 1;
        auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            return bad(QStringLiteral("a byte sequence is not base64"));
        }
        Bare b;
        b.type = Bare::ByteSequence;
        b.bytes = decoded.decoded;
        return b;
    }

    Result<Parameters> parameters()
    {
        Parameters out;
        while (peek() == ';') {
            ++m_pos;
            skipSp();
            auto k = key();
            if (!k) {
                return k.error();
            }
            Item v;
            if (peek() == '=') {
                ++m_pos;
                auto b = bare();
                if (!b) {
                    return b.error();
                }
                v.value = *b;
            }
            bool replaced = false;
            for (auto& [name, value] : out) {
                if (name == *k) {
                    value = v;
                    replaced = true;
                }
            }
            if (!replaced) {
                out.append({*k, v});
            }
        }
        return out;
    }

    Result<Item> item()
    {
        auto b = bare();
        if (!b) {
            return b.error();
        }
        auto p = parameters();
        if (!p) {
            return p.error();
        }
        return Item{*b, *p};
    }

    Result<InnerList> innerList()
    {
        if (peek() != '(') {
            return bad(QStringLiteral("an inner list must start with ("));
        }
        ++m_pos;
        InnerList list;
        while (!atEnd()) {
            skipSp();
            if (peek() == ')') {
                ++m_pos;
                auto p = parameters();
                if (!p) {
                    return p.error();
                }
                list.params = *p;
                return list;
            }
            auto i = item();
            if (!i) {
                return i.error();
            }
            list.items << *i;
            if (peek() != ' ' && peek() != ')') {
                return bad(QStringLiteral("items of an inner list are separated by spaces"));
            }
        }
        return bad(QStringLiteral("an inner list is not closed"));
    }

    Result<Dictionary> dictionary()
    {
        Dictionary out;
        skipSp();
        while (!atEnd()) {
            auto k = key();
            if (!k) {
                return k.error();
            }
            Member m;
            if (peek() == '=') {
                ++m_pos;
                if (peek() == '(') {
                    auto l = innerList();
                    if (!l) {
                        return l.error();
                    }
                    m = *l;
                } else {
                    auto i = item();
                    if (!i) {
                        return i.error();
                    }
                    m = *i;
                }
            } else {
                auto p = parameters();
                if (!p) {
                    return p.error();
                }
                m = Item{Bare{}, *p};
            }
            bool replaced = false;
            for (auto& [name, value] : out) {
                if (name == *k) {
                    value = m;
                    replaced = true;
                }
            }
            if (!replaced) {
                out.append({*k, m});
            }
            skipOws();
            if (atEnd()) {
                return out;
            }
            if (peek() != ',') {
                return bad(QStringLiteral("dictionary members are separated by commas"));
            }
            ++m_pos;
            skipOws();
            if (atEnd()) {
                return bad(QStringLiteral("a dictionary ends in a comma"));
            }
        }
        return out;
    }

    qsizetype pos() const { return m_pos; }

private:
    const QByteArray& m_in;
    qsizetype m_pos = 0;
};

template <typename T> Result<T> whole(Parser& p, Result<T> r)
{
    if (!r) {
        return r;
    }
    p.skipSp();
    if (!p.atEnd()) {
        return bad(QStringLiteral("characters after the value"));
    }
    return r;
}

} // namespace

Item Item::integer(qint64 v)
{
    Item i;
    i.value.type = Bare::Integer;
    i.value.integer = v;
    return i;
}
Item Item::string(const QString& v)
{
    Item i;
    i.value.type = Bare::String;
    i.value.string = v;
    return i;
}
Item Item::token(const QString& v)
{
    Item i;
    i.value.type = Bare::Token;
    i.value.string = v;
    return i;
}
Item Item::bytes(const QByteArray& v)
{
    Item i;
    i.value.type = Bare::ByteSequence;
    i.value.bytes = v;
    return i;
}

Result<Dictionary> parseDictionary(const QByteArray& field)
{
    const QByteArray in = field.trimmed();
    Parser p(in);
    return whole(p, p.dictionary());
}

Result<Item> parseItem(const QByteArray& field)
{
    const QByteArray in = field.trimmed();
    Parser p(in);
    return whole(p, p.item());
}

Result<InnerList> parseInnerList(const QByteArray& field)
{
    const QByteArray in = field.trimmed();
    Parser p(in);
    return whole(p, p.innerList());
}

QByteArray serialize(const Bare& v)
{
    switch (v.type) {
    case Bare::Integer:
        return QByteArray::number(v.integer);
    case Bare::Decimal: {
        QByteArray s = QByteArray::number(std::round(v.decimal * 1000) / 1000, 'f', 3);
        while (s.endsWith('0') && !s.endsWith(".0")) {
            s.chop(1);
        }
        return s;
    }
    case Bare::String: {
        QByteArray out = "\"";
        for (QChar c : v.string) {
            if (c == u'"' || c == u'\\') {
                out += '\\';
            }
            out += char(c.unicode());
        }
        return out + '"';
    }
    case Bare::Token:
        return v.string.toLatin1();
    case Bare::ByteSequence:
        return ':' + v.bytes.toBase64() + ':';
    case Bare::Boolean:
        return v.boolean ? "?1" : "?0";
    }
    return {};
}

QByteArray serialize(const Parameters& p)
{
    QByteArray out;
    for (const auto& [key, value] : p) {
        out += ';' + key.toLatin1();
        if (!(value.value.type == Bare::Boolean && value.value.boolean)) {
            out += '=' + serialize(value.value);
        }
    }
    return out;
}

QByteArray serialize(const Item& item)
{
    return serialize(item.value) + serialize(item.params);
}

QByteArray serialize(const InnerList& list)
{
    QByteArray out = "(";
    for (qsizetype i = 0; i < list.items.size(); ++i) {
        if (i) {
            out += ' ';
        }
        out += serialize(list.items.at(i));
    }
    return out + ')' + serialize(list.params);
}

QByteArray serialize(const Dictionary& dict)
{
    QByteArray out;
    for (const auto& [key, member] : dict) {
        if (!out.isEmpty()) {
            out += ", ";
        }
        out += key.toLatin1();
        if (const Item* item = std::get_if<Item>(&member)) {
            if (item->value.type == Bare::Boolean && item->value.boolean) {
                out += serialize(item->params);
            } else {
                out += '=' + serialize(*item);
            }
        } else {
            out += '=' + serialize(std::get<InnerList>(member));
        }
    }
    return out;
}

const Item* param(const Parameters& p, const QString& key)
{
    for (const auto& [name, value] : p) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

} // namespace madoguchi::sf
