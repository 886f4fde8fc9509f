#include "card/Tlv.h"

#include <QCoreApplication>

namespace madoguchi::card {

namespace {

Error malformed(const QString& why)
{
    return Error(QCoreApplication::translate("Card", "the card holds malformed data: %1").arg(why),
                 QStringLiteral("card.malformed"));
}

struct Header
{
    quint32 tag = 0;
    qsizetype headerSize = 0;
    qsizetype length = 0;
};

Result<Header> parseHeader(QByteArrayView in)
{
    Header h;
    qsizetype i = 0;
    if (in.isEmpty()) {
        return malformed(QCoreApplication::translate("Card", "a tag is missing"));
    }
    h.tag = quint8(in[i++]);
    if ((h.tag & 0x1F) == 0x1F) {
        // Subsequent tag bytes: bit 8 set means another follows. Up to four bytes in all.
        for (;;) {
            if (i >= in.size()) {
                return malformed(QCoreApplication::translate("Card", "a tag is cut short"));
            }
            if (i >= 4) {
                return malformed(QCoreApplication::translate("Card", "a tag is too long"));
            }
            const quint8 b = quint8(in[i++]);
            h.tag = (h.tag << 8) | b;
            if (!(b & 0x80)) {
                break;
            }
        }
    }
    if (i >= in.size()) {
        return malformed(QCoreApplication::translate("Card", "a length is missing"));
    }
    const quint8 first = quint8(in[i++]);
    if (first < 0x80) {
        h.length = first;
    } else if (first == 0x80) {
        return malformed(QCoreApplication::translate("Card", "an indefinite length"));
    } else {
        const int bytes = first & 0x7F;
        if (bytes > 3) {
            return malformed(
                QCoreApplication::translate("Card", "a length of %1 bytes").arg(bytes));
        }
        if (i + bytes > in.size()) {
            return malformed(QCoreApplication::translate("Card", "a length is cut short"));
        }
        for (int k = 0; k < bytes; ++k) {
            h.length = (h.length << 8) | quint8(in[i++]);
        }
    }
    h.headerSize = i;
    return h;
}

} // namespace

Result<Tlv> parseTlv(QByteArrayView in)
{
    auto h = parseHeader(in);
    if (!h) {
        return h.error();
    }
    if (h->length > in.size() - h->headerSize) {
        return malformed(
            QCoreApplication::translate("Card", "tag %1 claims %2 bytes but only %3 are left")
                .arg(QString::number(h->tag, 16).toUpper())
                .arg(h->length)
                .arg(in.size() - h->headerSize));
    }
    Tlv t;
    t.tag = h->tag;
    t.value = in.sliced(h->headerSize, h->length).toByteArray();
    t.size = h->headerSize + h->length;
    return t;
}

Result<QList<Tlv>> parseTlvs(QByteArrayView in, bool stopAtPadding)
{
    QList<Tlv> out;
    while (!in.isEmpty()) {
        if (stopAtPadding && (quint8(in[0]) == 0xFF || quint8(in[0]) == 0x00)) {
            break;
        }
        auto t = parseTlv(in);
        if (!t) {
            return t.error();
        }
        in = in.sliced(t->size);
        out << std::move(*t);
    }
    return out;
}

Result<qsizetype> derObjectSize(QByteArrayView header)
{
    auto h = parseHeader(header);
    if (!h) {
        return h.error();
    }
    return h->headerSize + h->length;
}

} // namespace madoguchi::card
