#pragma once
// The search keys of a resident and their grams. Each key is folded by the text module (so
// 髙橋/高橋, サイトウ/さいとう, half-width kana … meet); its grams — every character and every
// pair of neighbouring characters — let an index find a substring of any length, one and two
// characters included (a trigram index cannot: most family names are two kanji).

#include "registry/Resident.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace madoguchi::searchkeys {

struct Key
{
    QString kind; // name, kana, alpha, alpha_rev, common, common_kana, former, former_kana, address
    QString key;
    QString grams; // space-separated
};

QList<Key> forResident(const Resident& r, const QList<QStringList>& formerNames = {});
// The address part that differs between residents of one municipality: town + 番地 + building.
QString addressKeyOf(const Address& a);

// Grams of a stored key (one- and two-character, distinct, space-separated).
QString gramsOf(const QString& key);
// What a query must contain: its two-character grams, or its one character.
QStringList queryGrams(const QString& queryKey);
// Kind priority for ranking: names first, addresses last.
int kindPriority(const QString& kind);

} // namespace madoguchi::searchkeys
