#pragma once
// ISO 7816-4 command and response APDUs, and what status words mean to the person at the
// counter. Short APDUs (Lc ≤ 255, Le ≤ 256) are what the My Number card needs; longer data is
// refused rather than silently encoded in a form a reader might not support.

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace madoguchi::card {

struct CommandApdu
{
    quint8 cla = 0x00;
    quint8 ins = 0x00;
    quint8 p1 = 0x00;
    quint8 p2 = 0x00;
    QByteArray data;
    int le = -1;         // -1: no Le; 1..256 (256 is encoded as 00)
    bool secret = false; // data is a PIN: never logged

    Result<QByteArray> encode() const;
    QString describe() const; // hex for logs, with secret data masked

    static CommandApdu selectApplication(const QByteArray& aid);
    static CommandApdu selectFile(quint16 fid);
    static CommandApdu readBinary(quint16 offset, int length);
    static CommandApdu verifyStatus();                // retry counter of the selected PIN
    static CommandApdu verify(const QByteArray& pin); // on the selected PIN
    static CommandApdu changeReferenceData(const QByteArray& newPin);
    static CommandApdu computeSignature(const QByteArray& digestInfo);
    // Issuer provisioning (see MyNumberCard.h).
    static CommandApdu getChallenge();
    static CommandApdu externalAuthenticate(const QByteArray& answer); // secret: never logged
    static CommandApdu generateKeyPair(quint8 keyReference);
    static CommandApdu updateBinary(quint16 offset, const QByteArray& data);
    // RESET RETRY COUNTER, new reference data only, on the selected PIN (secret: never logged).
    static CommandApdu resetRetryCounter(const QByteArray& newPin);
};

struct ResponseApdu
{
    QByteArray data;
    quint16 sw = 0;

    bool ok() const { return sw == 0x9000; }
    quint8 sw1() const { return quint8(sw >> 8); }
    quint8 sw2() const { return quint8(sw & 0xFF); }
    // The last two bytes are the status word; fewer than two bytes is a malformed response.
    static Result<ResponseApdu> parse(const QByteArray& raw);
};

namespace sw {
// 63Cx: x tries left (-1 when the word is not a retry counter).
int triesLeft(quint16 sw);
bool pinBlocked(quint16 sw); // 6983 or 6984
// A sentence for the clerk, e.g. "wrong PIN: 2 tries left", "not found (6A82)".
QString meaning(quint16 sw);
QString hex(quint16 sw);
} // namespace sw

} // namespace madoguchi::card
