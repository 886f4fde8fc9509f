#include "card/MyNumberCard.h"

#include "card/Tlv.h"
#include "ids/Identifiers.h"

#include <QCoreApplication>
#include <QMessageAuthenticationCode>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace madoguchi::card {

namespace {

constexpr quint16 kAuthCertEf = 0x000A;
constexpr quint16 kAuthCaEf = 0x000B;
constexpr quint16 kSignCertEf = 0x0001;
constexpr quint16 kSignCaEf = 0x0002;
constexpr quint16 kCardSerialEf = 0x0009;
constexpr quint16 kAuthKeyEf = 0x0017;
constexpr quint16 kSignKeyEf = 0x001A;
constexpr quint16 kHelperNumberEf = 0x0001;
constexpr quint16 kHelperBasicEf = 0x0002;
constexpr quint8 kAuthKeyRef = 0x17; // GENERATE ASYMMETRIC KEY PAIR: 83 01 <ref>
constexpr quint8 kSignKeyRef = 0x1A;
constexpr int kWriteChunk = 255;
constexpr qsizetype kMaxFile = 16384; // no EF of the card is near this
constexpr int kChunk = 256;

Error cardError(const QString& what, const QString& why, const QString& code)
{
    return Error(QStringLiteral("%1: %2").arg(what, why), code);
}

} // namespace

QByteArray MyNumberCard::jpkiAid()
{
    return QByteArray::fromHex("D392F000260100000001");
}
QByteArray MyNumberCard::helperAid()
{
    return QByteArray::fromHex("D3921000310001010408");
}
QByteArray MyNumberCard::surfaceAid()
{
    return QByteArray::fromHex("D3921000310001010402");
}
QByteArray MyNumberCard::jukiAid()
{
    return QByteArray::fromHex("D3921000310001010401");
}

PinPolicy pinPolicy(Pin pin)
{
    switch (pin) {
    case Pin::Sign:
        return {5, 6, 16, false};
    case Pin::Auth:
    case Pin::Helper:
    case Pin::Juki:
        break;
    }
    return {3, 4, 4, true};
}

QString pinName(Pin pin)
{
    switch (pin) {
    case Pin::Auth:
        return QCoreApplication::translate("Card", "user authentication PIN (4 digits)");
    case Pin::Sign:
        return QCoreApplication::translate("Card", "signature PIN (6 to 16 letters and digits)");
    case Pin::Helper:
        return QCoreApplication::translate("Card", "card-info input PIN (4 digits)");
    case Pin::Juki:
        return QCoreApplication::translate("Card", "resident register PIN (4 digits)");
    }
    return {};
}

QString pinKey(Pin pin)
{
    switch (pin) {
    case Pin::Auth:
        return QStringLiteral("auth");
    case Pin::Sign:
        return QStringLiteral("sign");
    case Pin::Helper:
        return QStringLiteral("helper");
    case Pin::Juki:
        return QStringLiteral("juki");
    }
    return {};
}

std::optional<Pin> pinFromKey(const QString& key)
{
    for (Pin p : {Pin::Auth, Pin::Sign, Pin::Helper, Pin::Juki}) {
        if (pinKey(p) == key) {
            return p;
        }
    }
    return std::nullopt;
}

QString pinFormatProblem(Pin pin, const QString& value)
{
    const PinPolicy p = pinPolicy(pin);
    bool charsOk = true;
    for (QChar c : value) {
        const bool digit = c >= u'0' && c <= u'9';
        const bool upper = c >= u'A' && c <= u'Z';
        charsOk = charsOk && (digit || (!p.digitsOnly && upper));
    }
    if (value.size() < p.minLength || value.size() > p.maxLength || !charsOk) {
        return QCoreApplication::translate("Card", "the %1 does not have that form")
            .arg(pinName(pin));
    }
    return {};
}

Result<ResponseApdu> MyNumberCard::send(const CommandApdu& command, const QString& what)
{
    auto r = m_channel.transmit(command);
    if (!r) {
        return Error(QStringLiteral("%1: %2").arg(what, r.error().message), r.error().code);
    }
    return r;
}

Status MyNumberCard::expectOk(const CommandApdu& command, const QString& what)
{
    auto r = send(command, what);
    if (!r) {
        return r.error();
    }
    if (!r->ok()) {
        return cardError(what, sw::meaning(r->sw),
                         r->sw == 0x6A82 ? QStringLiteral("card.not_found")
                                         : QStringLiteral("card.sw"));
    }
    return {};
}

Status MyNumberCard::selectApplication(const QByteArray& aid, const QString& what)
{
    return expectOk(CommandApdu::selectApplication(aid), what);
}

Result<QStringList> MyNumberCard::applications()
{
    QStringList out;
    const std::pair<const char*, QByteArray> aps[] = {{"jpki", jpkiAid()},
                                                      {"helper", helperAid()},
                                                      {"surface", surfaceAid()},
                                                      {"juki", jukiAid()}};
    for (const auto& [name, aid] : aps) {
        auto r = send(CommandApdu::selectApplication(aid),
                      QCoreApplication::translate("Card", "selecting an application"));
        if (!r) {
            return r.error();
        }
        if (r->ok()) {
            out << QString::fromLatin1(name);
        }
    }
    return out;
}

namespace {
struct PinLocation
{
    QByteArray aid;
    quint16 ef = 0;
};

PinLocation pinLocation(Pin pin)
{
    switch (pin) {
    case Pin::Auth:
        return {MyNumberCard::jpkiAid(), 0x0018};
    case Pin::Sign:
        return {MyNumberCard::jpkiAid(), 0x001B};
    case Pin::Helper:
        return {MyNumberCard::helperAid(), 0x0011};
    case Pin::Juki:
        return {MyNumberCard::jukiAid(), 0x001C};
    }
    return {};
}

constexpr quint16 kPinNotSet = 0x6A88; // VERIFY of a PIN not set yet (see MyNumberCard.h)

Error pinNotSet(Pin pin)
{
    return Error(QCoreApplication::translate(
                     "Card", "the %1 has not been set yet: the card holder sets it when the card "
                             "is handed over")
                     .arg(pinName(pin)),
                 QStringLiteral("card.pin_not_set"));
}
} // namespace

Status MyNumberCard::selectPin(Pin pin)
{
    const PinLocation where = pinLocation(pin);
    const QString what = pinName(pin);
    if (Status st = selectApplication(where.aid, what); !st) {
        return st;
    }
    return expectOk(CommandApdu::selectFile(where.ef), what);
}

Result<int> MyNumberCard::pinTries(Pin pin)
{
    if (Status st = selectPin(pin); !st) {
        return st.error();
    }
    auto r = send(CommandApdu::verifyStatus(), pinName(pin));
    if (!r) {
        return r.error();
    }
    if (r->sw == kPinNotSet) {
        return pinNotSet(pin);
    }
    if (sw::pinBlocked(r->sw)) {
        return 0;
    }
    if (r->ok()) { // already verified in this session: the counter is full
        return pinPolicy(pin).maxTries;
    }
    const int tries = sw::triesLeft(r->sw);
    if (tries < 0) {
        return cardError(pinName(pin), sw::meaning(r->sw), QStringLiteral("card.sw"));
    }
    return tries;
}

Result<PinState> MyNumberCard::pinState(Pin pin)
{
    auto tries = pinTries(pin);
    if (!tries) {
        if (tries.error().code == QStringLiteral("card.pin_not_set")) {
            return PinState{false, 0};
        }
        return tries.error();
    }
    return PinState{true, *tries};
}

namespace {
// Checked before anything is sent: a malformed PIN would only cost the card holder a try.
Status checkFormat(Pin pin, const QString& value)
{
    if (QString problem = pinFormatProblem(pin, value); !problem.isEmpty()) {
        return Error(problem, QStringLiteral("card.pin_format"));
    }
    return {};
}
} // namespace

Status MyNumberCard::verifySelected(Pin pin, const QString& value, bool allowLastTry)
{
    const QString what = pinName(pin);
    if (Status st = checkFormat(pin, value); !st) {
        return st;
    }
    auto status = send(CommandApdu::verifyStatus(), what);
    if (!status) {
        return status.error();
    }
    if (status->sw == kPinNotSet) {
        return pinNotSet(pin);
    }
    const int tries = sw::pinBlocked(status->sw) ? 0 : sw::triesLeft(status->sw);
    if (tries < 0 && !status->ok()) {
        // Without a retry counter we cannot know whether this attempt would be the last one.
        return cardError(what, sw::meaning(status->sw), QStringLiteral("card.sw"));
    }
    if (tries == 0) {
        return Error(QCoreApplication::translate(
                         "Card", "the %1 is locked: the card holder must have it reset at the "
                                 "municipal office")
                         .arg(what),
                     QStringLiteral("card.pin_blocked"));
    }
    if (tries == 1 && !allowLastTry) {
        return Error(QCoreApplication::translate(
                         "Card", "only one try is left for the %1: a wrong PIN now locks it. "
                                 "Confirm with the card holder before trying again")
                         .arg(what),
                     QStringLiteral("card.pin_last_try"));
    }
    auto r = send(CommandApdu::verify(value.toLatin1()), what);
    if (!r) {
        return r.error();
    }
    if (r->ok()) {
        return {};
    }
    if (sw::pinBlocked(r->sw) || sw::triesLeft(r->sw) == 0) {
        return Error(QCoreApplication::translate(
                         "Card", "wrong PIN: the %1 is now locked and must be reset at the "
                                 "municipal office")
                         .arg(what),
                     QStringLiteral("card.pin_blocked"));
    }
    if (const int left = sw::triesLeft(r->sw); left > 0) {
        return Error(QCoreApplication::translate("Card", "wrong PIN for the %1: %n tries left",
                                                 nullptr, left)
                         .arg(what),
                     QStringLiteral("card.pin_wrong"));
    }
    return cardError(what, sw::meaning(r->sw), QStringLiteral("card.sw"));
}

Status MyNumberCard::verifyPin(Pin pin, const QString& value, bool allowLastTry)
{
    if (Status st = checkFormat(pin, value); !st) {
        return st;
    }
    if (Status st = selectPin(pin); !st) {
        return st;
    }
    return verifySelected(pin, value, allowLastTry);
}

Result<QByteArray> MyNumberCard::readBinary(qsizetype size, const QString& what)
{
    QByteArray out;
    while (out.size() < size) {
        const int want = int(std::min<qsizetype>(kChunk, size - out.size()));
        auto r = send(CommandApdu::readBinary(quint16(out.size()), want), what);
        if (!r) {
            return r.error();
        }
        if (!r->ok() && r->sw != 0x6282) {
            return cardError(what, sw::meaning(r->sw), QStringLiteral("card.sw"));
        }
        if (r->data.size() > want) {
            return cardError(
                what, QCoreApplication::translate("Card", "the card sent more data than asked for"),
                QStringLiteral("card.malformed"));
        }
        out += r->data;
        if (r->data.size() < want) {
            return cardError(what,
                             QCoreApplication::translate(
                                 "Card", "the data on the card is cut short (%1 of %2 bytes)")
                                 .arg(out.size())
                                 .arg(size),
                             QStringLiteral("card.malformed"));
        }
    }
    return out;
}

Result<QByteArray> MyNumberCard::readDerFile(quint16 fid, const QString& what)
{
    if (Status st = expectOk(CommandApdu::selectFile(fid), what); !st) {
        return st.error();
    }
    // A certificate EF never written (a card fresh from production, or one whose key was just
    // made) is empty (6B00 at offset 0) or reads as FF.
    auto first = send(CommandApdu::readBinary(0, 4), what);
    if (!first) {
        return first.error();
    }
    const bool unwritten =
        first->sw == 0x6B00 || (first->ok() && !first->data.isEmpty() &&
                                first->data.count(char(0xFF)) == first->data.size());
    if (unwritten) {
        return cardError(what,
                         QCoreApplication::translate("Card", "no certificate on the card yet"),
                         QStringLiteral("card.no_certificate"));
    }
    auto head = readBinary(4, what);
    if (!head) {
        return head.error();
    }
    auto size = derObjectSize(*head);
    if (!size) {
        return cardError(what, size.error().message, size.error().code);
    }
    if (quint8(head->at(0)) != 0x30 || *size > kMaxFile) {
        return cardError(what, QCoreApplication::translate("Card", "this is not a certificate"),
                         QStringLiteral("card.malformed"));
    }
    return readBinary(*size, what);
}

Result<QByteArray> MyNumberCard::readTlvFile(quint16 fid, const QString& what)
{
    if (Status st = expectOk(CommandApdu::selectFile(fid), what); !st) {
        return st.error();
    }
    auto head = readBinary(8, what); // tag (2) + length (up to 4) fits
    if (!head) {
        return head.error();
    }
    auto size = derObjectSize(*head);
    if (!size) {
        return cardError(what, size.error().message, size.error().code);
    }
    if (*size > kMaxFile) {
        return cardError(what, QCoreApplication::translate("Card", "the file is implausibly large"),
                         QStringLiteral("card.malformed"));
    }
    if (*size <= head->size()) {
        return head->left(*size);
    }
    return readBinary(*size, what);
}

Result<QByteArray> MyNumberCard::readCertificate(Certificate which, const QString& signPin,
                                                 bool allowLastTry)
{
    QString what;
    quint16 ef = 0;
    switch (which) {
    case Certificate::Auth:
        what = QCoreApplication::translate("Card", "user authentication certificate");
        ef = kAuthCertEf;
        break;
    case Certificate::AuthCa:
        what = QCoreApplication::translate("Card", "user authentication CA certificate");
        ef = kAuthCaEf;
        break;
    case Certificate::Sign:
        what = QCoreApplication::translate("Card", "signature certificate");
        ef = kSignCertEf;
        break;
    case Certificate::SignCa:
        what = QCoreApplication::translate("Card", "signature CA certificate");
        ef = kSignCaEf;
        break;
    }
    if (which == Certificate::Sign) {
        // The signature certificate names the holder: it is read only after the signature PIN.
        if (Status st = checkFormat(Pin::Sign, signPin); !st) {
            return st.error();
        }
        if (Status st = selectPin(Pin::Sign); !st) {
            return st.error();
        }
        if (Status st = verifySelected(Pin::Sign, signPin, allowLastTry); !st) {
            return st.error();
        }
    } else if (Status st = selectApplication(jpkiAid(), what); !st) {
        return st.error();
    }
    return readDerFile(ef, what);
}

Result<QString> MyNumberCard::readCardSerial()
{
    const QString what = QCoreApplication::translate("Card", "card serial");
    if (Status st = selectApplication(jpkiAid(), what); !st) {
        return st.error();
    }
    if (Status st = expectOk(CommandApdu::selectFile(kCardSerialEf), what); !st) {
        if (st.error().code == QStringLiteral("card.not_found")) {
            return cardError(what,
                             QCoreApplication::translate("Card", "this card has no serial file"),
                             QStringLiteral("card.no_serial"));
        }
        return st.error();
    }
    auto r = send(CommandApdu::readBinary(0, 16), what);
    if (!r) {
        return r.error();
    }
    if (!r->ok()) {
        return cardError(what, sw::meaning(r->sw), QStringLiteral("card.sw"));
    }
    QByteArray serial = r->data;
    if (const qsizetype end = serial.indexOf(char(0xFF)); end >= 0) {
        serial.truncate(end);
    }
    bool printable = !serial.isEmpty();
    for (char c : std::as_const(serial)) {
        printable = printable && c > 0x20 && c < 0x7F;
    }
    if (!printable) {
        return cardError(what,
                         QCoreApplication::translate("Card", "the card serial is not readable"),
                         QStringLiteral("card.malformed"));
    }
    return QString::fromLatin1(serial);
}

Result<CardBasicInfo> MyNumberCard::readBasicInfo(const QString& helperPin, bool allowLastTry)
{
    if (Status st = checkFormat(Pin::Helper, helperPin); !st) {
        return st.error();
    }
    if (Status st = selectPin(Pin::Helper); !st) {
        return st.error();
    }
    if (Status st = verifySelected(Pin::Helper, helperPin, allowLastTry); !st) {
        return st.error();
    }
    CardBasicInfo info;
    const QString numberWhat = QCoreApplication::translate("Card", "My Number on the card");
    auto numberFile = readTlvFile(kHelperNumberEf, numberWhat);
    if (!numberFile) {
        return numberFile.error();
    }
    auto number = parseTlv(*numberFile);
    if (!number) {
        return cardError(numberWhat, number.error().message, number.error().code);
    }
    info.myNumber = QString::fromLatin1(number->value);
    const ids::Check check = ids::check(ids::Kind::MyNumber, info.myNumber);
    if (number->tag != 0xFF10 || info.myNumber.size() != 12 || !check.valid) {
        return cardError(
            numberWhat,
            QCoreApplication::translate("Card", "the number on the card is not a valid My Number"),
            QStringLiteral("card.malformed"));
    }

    const QString basicWhat =
        QCoreApplication::translate("Card", "name, address, date of birth and sex on the card");
    auto basicFile = readTlvFile(kHelperBasicEf, basicWhat);
    if (!basicFile) {
        return basicFile.error();
    }
    auto outer = parseTlv(*basicFile);
    if (!outer) {
        return cardError(basicWhat, outer.error().message, outer.error().code);
    }
    auto fields = parseTlvs(outer->value);
    if (!fields) {
        return cardError(basicWhat, fields.error().message, fields.error().code);
    }
    QByteArray birth;
    bool seen[4] = {false, false, false, false};
    for (const Tlv& t : std::as_const(*fields)) {
        switch (t.tag) {
        case 0xDF22:
            info.name = QString::fromUtf8(t.value);
            seen[0] = true;
            break;
        case 0xDF23:
            info.address = QString::fromUtf8(t.value);
            seen[1] = true;
            break;
        case 0xDF24:
            birth = t.value;
            seen[2] = true;
            break;
        case 0xDF25:
            info.sex = QString::fromLatin1(t.value);
            seen[3] = true;
            break;
        default:
            break;
        }
    }
    if (!(seen[0] && seen[1] && seen[2] && seen[3])) {
        return cardError(basicWhat, QCoreApplication::translate("Card", "a field is missing"),
                         QStringLiteral("card.malformed"));
    }
    info.birthDate = QDate::fromString(QString::fromLatin1(birth), QStringLiteral("yyyyMMdd"));
    if (!info.birthDate.isValid() || birth.size() != 8) {
        return cardError(basicWhat,
                         QCoreApplication::translate("Card", "the date of birth is not a date"),
                         QStringLiteral("card.malformed"));
    }
    if (info.sex != QStringLiteral("1") && info.sex != QStringLiteral("2") &&
        info.sex != QStringLiteral("9")) {
        return cardError(basicWhat,
                         QCoreApplication::translate("Card", "the sex code is not 1, 2 or 9"),
                         QStringLiteral("card.malformed"));
    }
    if (info.name.trimmed().isEmpty() || info.name.contains(QChar::ReplacementCharacter) ||
        info.address.contains(QChar::ReplacementCharacter)) {
        return cardError(
            basicWhat, QCoreApplication::translate("Card", "the name or address is not valid text"),
            QStringLiteral("card.malformed"));
    }
    return info;
}

Result<QByteArray> MyNumberCard::sign(Key key, const QString& pin, const QByteArray& sha256,
                                      bool allowLastTry)
{
    const Pin which = key == Key::Auth ? Pin::Auth : Pin::Sign;
    const QString what =
        key == Key::Auth
            ? QCoreApplication::translate("Card", "signing with the user authentication key")
            : QCoreApplication::translate("Card", "signing with the signature key");
    if (sha256.size() != 32) {
        return Error(QCoreApplication::translate("Card", "a SHA-256 digest has 32 bytes"),
                     QStringLiteral("card.usage"));
    }
    if (Status st = checkFormat(which, pin); !st) {
        return st.error();
    }
    if (Status st = selectPin(which); !st) {
        return st.error();
    }
    if (Status st = verifySelected(which, pin, allowLastTry); !st) {
        return st.error();
    }
    if (Status st =
            expectOk(CommandApdu::selectFile(key == Key::Auth ? kAuthKeyEf : kSignKeyEf), what);
        !st) {
        return st.error();
    }
    const QByteArray digestInfo =
        QByteArray::fromHex("3031300D060960864801650304020105000420") + sha256;
    auto r = send(CommandApdu::computeSignature(digestInfo), what);
    if (!r) {
        return r.error();
    }
    if (!r->ok()) {
        return cardError(what, sw::meaning(r->sw), QStringLiteral("card.sw"));
    }
    if (r->data.size() != 256) {
        return cardError(what,
                         QCoreApplication::translate("Card", "the signature has %1 bytes, not 256")
                             .arg(r->data.size()),
                         QStringLiteral("card.malformed"));
    }
    return r->data;
}

Status MyNumberCard::changePin(Pin pin, const QString& oldPin, const QString& newPin,
                               bool allowLastTry)
{
    if (QString problem = pinFormatProblem(pin, newPin); !problem.isEmpty()) {
        return Error(QCoreApplication::translate("Card", "the new PIN: %1").arg(problem),
                     QStringLiteral("card.pin_format"));
    }
    if (Status st = checkFormat(pin, oldPin); !st) {
        return st;
    }
    if (Status st = selectPin(pin); !st) {
        return st;
    }
    if (Status st = verifySelected(pin, oldPin, allowLastTry); !st) {
        return st;
    }
    return expectOk(CommandApdu::changeReferenceData(newPin.toLatin1()), pinName(pin));
}

// ---- provisioning ----------------------------------------------------------------------------

Error MyNumberCard::provisioningError(const QString& what, quint16 status) const
{
    if (status == 0x6982) {
        return cardError(
            what, QCoreApplication::translate("Card", "the card needs issuer authentication"),
            QStringLiteral("card.issuer_auth"));
    }
    if (status == 0x6300 || (status & 0xFFF0) == 0x63C0) {
        return cardError(what,
                         QCoreApplication::translate(
                             "Card", "the card refused the issuance key (wrong issuance key)"),
                         QStringLiteral("card.issuer_key"));
    }
    if (status == 0x6985) {
        return cardError(
            what,
            QCoreApplication::translate("Card", "the card does not allow this here (%1)")
                .arg(sw::hex(status)),
            QStringLiteral("card.sw"));
    }
    return cardError(what, sw::meaning(status), QStringLiteral("card.sw"));
}

Status MyNumberCard::issuerAuthenticate(const QByteArray& issuanceKey)
{
    return issuerAuthenticateIn(jpkiAid(), issuanceKey);
}

Status MyNumberCard::issuerAuthenticate(const QByteArray& issuanceKey, Pin forPin)
{
    return issuerAuthenticateIn(pinLocation(forPin).aid, issuanceKey);
}

Status MyNumberCard::issuerAuthenticateIn(const QByteArray& aid, const QByteArray& issuanceKey)
{
    const QString what = QCoreApplication::translate("Card", "issuer authentication");
    if (issuanceKey.size() != 32) {
        return Error(QCoreApplication::translate("Card", "the issuance key must have 32 bytes"),
                     QStringLiteral("card.usage"));
    }
    if (Status st = selectApplication(aid, what); !st) {
        return st;
    }
    auto challenge = send(CommandApdu::getChallenge(), what);
    if (!challenge) {
        return challenge.error();
    }
    if (!challenge->ok()) {
        return provisioningError(what, challenge->sw);
    }
    if (challenge->data.size() != 8) {
        return cardError(what,
                         QCoreApplication::translate("Card", "the challenge has %1 bytes, not 8")
                             .arg(challenge->data.size()),
                         QStringLiteral("card.malformed"));
    }
    const QByteArray answer =
        QMessageAuthenticationCode::hash(challenge->data, issuanceKey, QCryptographicHash::Sha256);
    auto r = send(CommandApdu::externalAuthenticate(answer), what);
    if (!r) {
        return r.error();
    }
    if (!r->ok()) {
        return provisioningError(what, r->sw);
    }
    return {};
}

Status MyNumberCard::setInitialPin(Pin pin, const QString& newPin)
{
    const QString what = QCoreApplication::translate("Card", "setting the %1").arg(pinName(pin));
    if (QString problem = pinFormatProblem(pin, newPin); !problem.isEmpty()) {
        return Error(QCoreApplication::translate("Card", "the new PIN: %1").arg(problem),
                     QStringLiteral("card.pin_format"));
    }
    // Within the application issuerAuthenticate(key, pin) selected: the EF only.
    if (Status st = expectOk(CommandApdu::selectFile(pinLocation(pin).ef), what); !st) {
        return st;
    }
    auto r = send(CommandApdu::resetRetryCounter(newPin.toLatin1()), what);
    if (!r) {
        return r.error();
    }
    if (!r->ok()) {
        return provisioningError(what, r->sw);
    }
    return {};
}

namespace {

// PEM SubjectPublicKeyInfo of an RSA key from its modulus and exponent (big-endian).
Result<QByteArray> rsaPublicKeyPem(const QByteArray& modulus, const QByteArray& exponent,
                                   const QString& what)
{
    const auto bad = [&] {
        ERR_clear_error();
        return cardError(
            what, QCoreApplication::translate("Card", "the card's public key is not an RSA key"),
            QStringLiteral("card.malformed"));
    };
    BIGNUM* n = BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.constData()),
                          int(modulus.size()), nullptr);
    BIGNUM* e = BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.constData()),
                          int(exponent.size()), nullptr);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM* params = nullptr;
    if (n && e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1) {
        params = OSSL_PARAM_BLD_to_param(bld);
    }
    EVP_PKEY* key = nullptr;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1) {
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    if (!key) {
        return bad();
    }
    QByteArray pem;
    if (EVP_PKEY_get_bits(key) == 2048) {
        BIO* bio = BIO_new(BIO_s_mem());
        if (bio && PEM_write_bio_PUBKEY(bio, key) == 1) {
            char* p = nullptr;
            const long len = BIO_get_mem_data(bio, &p);
            pem = QByteArray(p, qsizetype(len));
        }
        BIO_free(bio);
    }
    EVP_PKEY_free(key);
    if (pem.isEmpty()) {
        return bad();
    }
    return pem;
}

} // namespace

Result<QByteArray> MyNumberCard::generateKeyPair(Key key)
{
    const QString what =
        key == Key::Auth
            ? QCoreApplication::translate("Card", "generating the user authentication key")
            : QCoreApplication::translate("Card", "generating the signature key");
    auto r = send(CommandApdu::generateKeyPair(key == Key::Auth ? kAuthKeyRef : kSignKeyRef), what);
    if (!r) {
        return r.error();
    }
    if (!r->ok()) {
        return provisioningError(what, r->sw);
    }
    auto outer = parseTlv(r->data);
    if (!outer || outer->tag != 0x7F49 || outer->size != r->data.size()) {
        return cardError(
            what, QCoreApplication::translate("Card", "the card's answer is not a public key"),
            QStringLiteral("card.malformed"));
    }
    auto fields = parseTlvs(outer->value, false);
    if (!fields) {
        return cardError(what, fields.error().message, fields.error().code);
    }
    QByteArray modulus;
    QByteArray exponent;
    for (const Tlv& t : std::as_const(*fields)) {
        if (t.tag == 0x81) {
            modulus = t.value;
        } else if (t.tag == 0x82) {
            exponent = t.value;
        }
    }
    if (modulus.isEmpty() || exponent.isEmpty()) {
        return cardError(
            what, QCoreApplication::translate("Card", "the card's answer is not a public key"),
            QStringLiteral("card.malformed"));
    }
    return rsaPublicKeyPem(modulus, exponent, what);
}

Status MyNumberCard::writeCertificate(Certificate which, const QByteArray& der)
{
    if (which != Certificate::Auth && which != Certificate::Sign) {
        return Error(QCoreApplication::translate(
                         "Card", "only the user authentication and signature certificates "
                                 "are written at the counter"),
                     QStringLiteral("card.usage"));
    }
    const QString what =
        which == Certificate::Auth
            ? QCoreApplication::translate("Card", "writing the user authentication certificate")
            : QCoreApplication::translate("Card", "writing the signature certificate");
    auto size = derObjectSize(der.left(8));
    if (der.isEmpty() || quint8(der.at(0)) != 0x30 || !size || *size != der.size() ||
        der.size() > 0x7FFF) {
        return Error(QCoreApplication::translate("Card", "this is not a DER certificate"),
                     QStringLiteral("card.usage"));
    }
    if (Status st = expectOk(
            CommandApdu::selectFile(which == Certificate::Auth ? kAuthCertEf : kSignCertEf), what);
        !st) {
        return st;
    }
    for (qsizetype offset = 0; offset < der.size(); offset += kWriteChunk) {
        auto r =
            send(CommandApdu::updateBinary(quint16(offset), der.mid(offset, kWriteChunk)), what);
        if (!r) {
            return r.error();
        }
        if (!r->ok()) {
            return provisioningError(what, r->sw);
        }
    }
    return {};
}

} // namespace madoguchi::card
