#include "card/Apdu.h"

#include <QCoreApplication>

namespace madoguchi::card {

Result<QByteArray> CommandApdu::encode() const
{
    if (data.size() > 255 || le > 256 || le == 0 || le < -1) {
        return Error(QCoreApplication::translate("Card", "a command for the card is too long"),
                     QStringLiteral("card.apdu"));
    }
    QByteArray out;
    out.reserve(5 + data.size() + 1);
    out.append(char(cla)).append(char(ins)).append(char(p1)).append(char(p2));
    if (!data.isEmpty()) {
        out.append(char(quint8(data.size())));
        out.append(data);
    }
    if (le > 0) {
        out.append(char(quint8(le == 256 ? 0 : le)));
    }
    return out;
}

QString CommandApdu::describe() const
{
    QByteArray shown = *CommandApdu{cla, ins, p1, p2, secret ? QByteArray() : data, le}.encode();
    QString text = QString::fromLatin1(shown.toHex(' ').toUpper());
    if (secret) {
        text += QStringLiteral(" [%1 secret bytes]").arg(data.size());
    }
    return text;
}

CommandApdu CommandApdu::selectApplication(const QByteArray& aid)
{
    return {0x00, 0xA4, 0x04, 0x0C, aid, -1, false};
}

CommandApdu CommandApdu::selectFile(quint16 fid)
{
    QByteArray id;
    id.append(char(fid >> 8)).append(char(fid & 0xFF));
    return {0x00, 0xA4, 0x02, 0x0C, id, -1, false};
}

CommandApdu CommandApdu::readBinary(quint16 offset, int length)
{
    return {0x00, 0xB0, quint8((offset >> 8) & 0x7F), quint8(offset & 0xFF), {}, length, false};
}

CommandApdu CommandApdu::verifyStatus()
{
    return {0x00, 0x20, 0x00, 0x80, {}, -1, false};
}

CommandApdu CommandApdu::verify(const QByteArray& pin)
{
    return {0x00, 0x20, 0x00, 0x80, pin, -1, true};
}

CommandApdu CommandApdu::changeReferenceData(const QByteArray& newPin)
{
    return {0x00, 0x24, 0x01, 0x80, newPin, -1, true};
}

CommandApdu CommandApdu::resetRetryCounter(const QByteArray& newPin)
{
    return {0x00, 0x2C, 0x02, 0x80, newPin, -1, true};
}

CommandApdu CommandApdu::computeSignature(const QByteArray& digestInfo)
{
    return {0x80, 0x2A, 0x00, 0x80, digestInfo, 256, false};
}

CommandApdu CommandApdu::getChallenge()
{
    return {0x00, 0x84, 0x00, 0x00, {}, 8, false};
}

CommandApdu CommandApdu::externalAuthenticate(const QByteArray& answer)
{
    return {0x00, 0x82, 0x00, 0x00, answer, -1, true};
}

CommandApdu CommandApdu::generateKeyPair(quint8 keyReference)
{
    QByteArray crt;
    crt.append(char(0x83)).append(char(0x01)).append(char(keyReference));
    return {0x00, 0x47, 0x80, 0x00, crt, 256, false};
}

CommandApdu CommandApdu::updateBinary(quint16 offset, const QByteArray& data)
{
    return {0x00, 0xD6, quint8((offset >> 8) & 0x7F), quint8(offset & 0xFF), data, -1, false};
}

Result<ResponseApdu> ResponseApdu::parse(const QByteArray& raw)
{
    if (raw.size() < 2) {
        return Error(QCoreApplication::translate(
                         "Card", "the card's answer is too short (%n bytes, no status word)",
                         nullptr, int(raw.size())),
                     QStringLiteral("card.malformed"));
    }
    ResponseApdu r;
    r.data = raw.left(raw.size() - 2);
    r.sw = quint16((quint8(raw.at(raw.size() - 2)) << 8) | quint8(raw.at(raw.size() - 1)));
    return r;
}

namespace sw {

int triesLeft(quint16 sw)
{
    return (sw & 0xFFF0) == 0x63C0 ? int(sw & 0x0F) : -1;
}

bool pinBlocked(quint16 sw)
{
    return sw == 0x6983 || sw == 0x6984;
}

QString hex(quint16 sw)
{
    return QStringLiteral("%1").arg(sw, 4, 16, QLatin1Char('0')).toUpper();
}

QString meaning(quint16 sw)
{
    if (int tries = triesLeft(sw); tries >= 0) {
        return tries == 0 ? QCoreApplication::translate("Card", "the PIN is locked")
                          : QCoreApplication::translate("Card", "%n tries left", nullptr, tries);
    }
    const char* text = nullptr;
    switch (sw) {
    case 0x9000:
        text = QT_TRANSLATE_NOOP("Card", "done");
        break;
    case 0x6282:
        text = QT_TRANSLATE_NOOP("Card", "end of file reached before the requested length");
        break;
    case 0x6700:
        text = QT_TRANSLATE_NOOP("Card", "wrong length");
        break;
    case 0x6982:
        text = QT_TRANSLATE_NOOP("Card",
                                 "security status not satisfied: the PIN has not been verified");
        break;
    case 0x6983:
    case 0x6984:
        text = QT_TRANSLATE_NOOP("Card", "the PIN is locked");
        break;
    case 0x6985:
        text = QT_TRANSLATE_NOOP("Card", "conditions of use not satisfied");
        break;
    case 0x6986:
        text = QT_TRANSLATE_NOOP("Card", "command not allowed: no file selected");
        break;
    case 0x6A80:
        text = QT_TRANSLATE_NOOP("Card", "the card refused the data (wrong format)");
        break;
    case 0x6A82:
        text = QT_TRANSLATE_NOOP("Card", "file or application not found on the card");
        break;
    case 0x6A86:
        text = QT_TRANSLATE_NOOP("Card", "wrong parameters P1-P2");
        break;
    case 0x6B00:
        text = QT_TRANSLATE_NOOP("Card", "offset outside the file");
        break;
    case 0x6D00:
        text = QT_TRANSLATE_NOOP("Card", "instruction not supported by the card");
        break;
    case 0x6E00:
        text = QT_TRANSLATE_NOOP("Card", "class not supported by the card");
        break;
    default:
        text = QT_TRANSLATE_NOOP("Card", "unknown status");
    }
    return QStringLiteral("%1 (%2)").arg(QCoreApplication::translate("Card", text), hex(sw));
}

} // namespace sw

} // namespace madoguchi::card
