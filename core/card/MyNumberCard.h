#pragma once
// The My Number card (個人番号カード) over any CardChannel: the JPKI application (certificates,
// PINs, signatures), the card-info input helper application (券面事項入力補助AP: My Number and the
// basic four) and the resident-register application's PIN (住基AP).
//
// Selecting an application drops the card's verified state, so each call here is one whole
// sequence (select, verify, act). A PIN is checked for its format before it is sent, and no
// attempt that could lock the card is sent unless the caller confirmed it (allowLastTry).
//
// Provisioning at the counter (the issuer writes new JPKI keys and certificates; private keys
// never leave the card). All commands run inside the JPKI application; CLA 00, short APDUs.
//   Issuer authentication (challenge-response with the 32-byte issuance key the terminal holds):
//     GET CHALLENGE           00 84 00 00 08            → 8 random bytes
//     EXTERNAL AUTHENTICATE   00 82 00 00 20 <HMAC-SHA-256(issuance key, challenge)>
//                             9000: the card is "issuer authenticated" until the application
//                             is selected again or the card is reset; 6300: wrong answer. Either
//                             way the challenge is used up (6985 without a fresh one).
//   GENERATE ASYMMETRIC KEY PAIR (ISO 7816-8)
//                           00 47 80 00 03 83 01 <key ref> 00
//                             key references: 17 the user authentication key (EF 0017),
//                             1A the signature key (EF 001A). A new RSA-2048 key replaces the old
//                             one and that key's certificate EF (000A, 0001) is emptied. Answer:
//                             7F49 { 81 modulus, 82 public exponent } (270 bytes: 256 with 610E,
//                             the rest by GET RESPONSE, which PcscCard::transmit does).
//   UPDATE BINARY           00 D6 <offset hi> <offset lo> <data>
//                             to the selected certificate EF (000A auth, 0001 signature) only;
//                             the file grows as written (no holes: offset ≤ its size). The
//                             terminal writes the certificate's DER in chunks of 255 bytes, so
//                             readCertificate reads back exactly that DER.
//   GENERATE and UPDATE BINARY without issuer authentication: 6982. Other EFs: 6985.
// The issuance key is a terminal secret: madoguchi-cli takes it from the environment
// (MADOGUCHI_ISSUANCE_KEY, 64 hex digits, or MADOGUCHI_ISSUANCE_KEY_FILE naming a file that holds
// them). The virtual card (tests/fixtures/vcard) has a fixed test key, or --issuer-key HEX.

#include "card/CardChannel.h"

#include <QDate>
#include <QStringList>

namespace madoguchi::card {

enum class Pin { Auth, Sign, Helper, Juki };
enum class Certificate { Auth, AuthCa, Sign, SignCa };
enum class Key { Auth, Sign };

struct PinPolicy
{
    int maxTries;
    int minLength;
    int maxLength;
    bool digitsOnly; // else A–Z and 0–9
};

PinPolicy pinPolicy(Pin pin);
QString pinName(Pin pin); // for the clerk, e.g. 署名用電子証明書の暗証番号
QString pinKey(Pin pin);  // auth, sign, helper, juki
std::optional<Pin> pinFromKey(const QString& key);
// Empty when the PIN has the right form for that PIN; otherwise why not.
QString pinFormatProblem(Pin pin, const QString& value);

struct CardBasicInfo
{
    QString myNumber; // 12 digits
    QString name;     // as on the card (U+3000 between family and given name)
    QString address;  // as on the card (full-width digits)
    QDate birthDate;
    QString sex; // "1" male, "2" female, "9" other, as on the card
};

class MyNumberCard
{
public:
    explicit MyNumberCard(CardChannel& channel) : m_channel(channel) {}

    static QByteArray jpkiAid();
    static QByteArray helperAid();
    static QByteArray surfaceAid(); // 券面AP
    static QByteArray jukiAid();

    // Which applications answer to SELECT: "jpki", "helper", "surface", "juki".
    Result<QStringList> applications();
    // Tries left for a PIN (0 = locked); asking costs no try.
    Result<int> pinTries(Pin pin);

    Result<QByteArray> readCertificate(Certificate which, const QString& signPin = {},
                                       bool allowLastTry = false);
    Result<CardBasicInfo> readBasicInfo(const QString& helperPin, bool allowLastTry = false);
    // An RSA PKCS#1 v1.5 signature by the card's key over a SHA-256 digest.
    Result<QByteArray> sign(Key key, const QString& pin, const QByteArray& sha256,
                            bool allowLastTry = false);
    Status changePin(Pin pin, const QString& oldPin, const QString& newPin,
                     bool allowLastTry = false);

    // Provisioning (see above). issuerAuthenticate selects the JPKI application and proves the
    // issuance key (32 bytes); generateKeyPair and writeCertificate must follow in the same
    // session (the same CardService operation), since selecting an application ends it.
    Status issuerAuthenticate(const QByteArray& issuanceKey);
    // A new key pair on the card for the key; its public key as PEM SubjectPublicKeyInfo.
    Result<QByteArray> generateKeyPair(Key key);
    // Writes the certificate (DER) to Certificate::Auth's or Certificate::Sign's EF.
    Status writeCertificate(Certificate which, const QByteArray& der);

private:
    CardChannel& m_channel;

    Result<ResponseApdu> send(const CommandApdu& command, const QString& what);
    Status expectOk(const CommandApdu& command, const QString& what);
    Status selectApplication(const QByteArray& aid, const QString& what);
    Status selectPin(Pin pin);
    Status verifySelected(Pin pin, const QString& value, bool allowLastTry);
    Result<QByteArray> readBinary(qsizetype size, const QString& what);
    Result<QByteArray> readDerFile(quint16 fid, const QString& what);
    Result<QByteArray> readTlvFile(quint16 fid, const QString& what);
    Error provisioningError(const QString& what, quint16 sw) const;
};

} // namespace madoguchi::card
