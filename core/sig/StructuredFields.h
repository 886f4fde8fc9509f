#pragma once
// Structured Field Values for HTTP (RFC 8941), the part that HTTP Message Signatures need:
// dictionaries whose members are items or inner lists, with parameters; items that are
// integers, decimals, strings, tokens, byte sequences or booleans. Parsing is strict (a field
// that does not parse is refused whole, as the RFC requires) and serialisation is canonical.

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <variant>

namespace madoguchi::sf {

struct Item;
using Parameters = QList<QPair<QString, Item>>;

struct Bare
{
    enum Type { Integer, Decimal, String, Token, ByteSequence, Boolean } type = Boolean;
    qint64 integer = 0;
    double decimal = 0;
    QString string; // String and Token
    QByteArray bytes;
    bool boolean = true;
};

struct Item
{
    Bare value;
    Parameters params;

    static Item integer(qint64 v);
    static Item string(const QString& v);
    static Item token(const QString& v);
    static Item bytes(const QByteArray& v);
};

struct InnerList
{
    QList<Item> items;
    Parameters params;
};

using Member = std::variant<Item, InnerList>;
using Dictionary = QList<QPair<QString, Member>>;

Result<Dictionary> parseDictionary(const QByteArray& field);
Result<Item> parseItem(const QByteArray& field);
Result<InnerList> parseInnerList(const QByteArray& field);

QByteArray serialize(const Bare& v);
QByteArray serialize(const Parameters& p);
QByteArray serialize(const Item& item);
QByteArray serialize(const InnerList& list);
QByteArray serialize(const Dictionary& dict);

const Item* param(const Parameters& p, const QString& key);

} // namespace madoguchi::sf
