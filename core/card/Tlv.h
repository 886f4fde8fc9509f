#pragma once
// BER-TLV as the My Number card uses it: multi-byte tags (DF 22), and short or long-form
// lengths (81 xx, 82 xx xx, 83 xx xx xx). A length that runs past the buffer, an indefinite
// length or a truncated tag is an error, never a read past the end.

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace madoguchi::card {

struct Tlv
{
    quint32 tag = 0;
    QByteArray value;
    qsizetype size = 0; // bytes taken by the whole TLV (tag, length and value)
};

// One TLV at the start of `in`.
Result<Tlv> parseTlv(QByteArrayView in);
// TLVs one after another until the end of `in`, or until padding (00 or FF where a tag would
// start) when `stopAtPadding`.
Result<QList<Tlv>> parseTlvs(QByteArrayView in, bool stopAtPadding = true);
// The total size of a DER object from its first bytes (tag and length only), e.g. a certificate
// whose header is 30 82 05 1A → 1310. The header must be complete; the object need not be.
Result<qsizetype> derObjectSize(QByteArrayView header);

} // namespace madoguchi::card
