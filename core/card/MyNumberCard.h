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
//
// Setting the initial PINs at hand-over. A card fresh from production has no PIN set yet: VERIFY
// (with or without data) and CHANGE REFERENCE DATA on such a PIN answer 6A88 ("reference data
// not found"), so the terminal tells "not set yet" (card.pin_not_set) from "wrong" (63Cx) and
// "locked" (6983, and 6984 as some cards answer for a locked PIN, which is why 6984 is not used
// for "not set"). No try is counted. The issuer sets each PIN the card holder chose:
//   SELECT the PIN's application (JPKI for auth and sign, 券面事項入力補助AP for helper, 住基AP
//   for juki), GET CHALLENGE + EXTERNAL AUTHENTICATE in that application (issuer authentication
//   works in any application; selecting an application ends it), SELECT the PIN EF (0018 auth,
//   001B sign, 0011 helper, 001C juki), then
//   RESET RETRY COUNTER     00 2C 02 80 <new PIN, ASCII>
//                             P1 02: new reference data only; P2 80: the selected PIN EF, as
//                             VERIFY. Sets the PIN (set or not before) and fills its retry
//                             counter. 6982 without issuer authentication; 6A80 when the PIN does
//                             not have the PIN's form (the terminal checks PinPolicy first and
//                             sends nothing then).
// The terminal (madoguchi-cli card set-pins) reads the four new PINs from the environment
// (MADOGUCHI_PIN_SIGN, _AUTH, _HELPER, _JUKI) or prompts, never from its command line, sets them
// one by one (each in its own card session) and then verifies each. A card pulled out half-way
// leaves the PINs set so far set; the CLI names them and `--pins` resumes with the others.
//
// The card serial (the number central assigned at production, see central/CardProduction.h:
// "MC" + 9 digits + a check digit) is EF 0009 of the JPKI application: 12 ASCII characters,
// padded with FF to 16 bytes, readable without a PIN (readCardSerial). A card fresh from
// production has no JPKI keys and no certificates: its certificate EFs read as FF (or are empty
// after GENERATE), which readCertificate answers with card.no_certificate ("no certificate on
// the card yet"); a signature with a key not made yet is 6A88.
//
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

// Whether a PIN has been set (see above) and, if so, the tries left (0 = locked).
struct PinState
{
    bool set = false;
    int triesLeft = 0;
};

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
    // Tries left for a PIN (0 = locked); asking costs no try. card.pin_not_set for a PIN that
    // has not been set yet.
    Result<int> pinTries(Pin pin);
    // Set or not, and the tries left; asking costs no try.
    Result<PinState> pinState(Pin pin);
    // VERIFY of the PIN alone (format checked first; the last try only with allowLastTry).
    Status verifyPin(Pin pin, const QString& value, bool allowLastTry = false);

    Result<QByteArray> readCertificate(Certificate which, const QString& signPin = {},
                                       bool allowLastTry = false);
    Result<CardBasicInfo> readBasicInfo(const QString& helperPin, bool allowLastTry = false);
    // The card serial (EF 0009 of the JPKI application, no PIN); card.no_serial without one.
    Result<QString> readCardSerial();
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
    // Issuer authentication in the application that holds the PIN (for setInitialPin).
    Status issuerAuthenticate(const QByteArray& issuanceKey, Pin forPin);
    // Sets the PIN to newPin and fills its retry counter (RESET RETRY COUNTER). The PIN's form is
    // checked first (nothing is sent otherwise, card.pin_format). Must follow
    // issuerAuthenticate(key, pin) in the same session; card.issuer_auth otherwise.
    Status setInitialPin(Pin pin, const QString& newPin);

private:
    CardChannel& m_channel;

    Result<ResponseApdu> send(const CommandApdu& command, const QString& what);
    Status expectOk(const CommandApdu& command, const QString& what);
    Status selectApplication(const QByteArray& aid, const QString& what);
    Status selectPin(Pin pin);
    Status issuerAuthenticateIn(const QByteArray& aid, const QByteArray& issuanceKey);
    Status verifySelected(Pin pin, const QString& value, bool allowLastTry);
    Result<QByteArray> readBinary(qsizetype size, const QString& what);
    Result<QByteArray> readDerFile(quint16 fid, const QString& what);
    Result<QByteArray> readTlvFile(quint16 fid, const QString& what);
    Error provisioningError(const QString& what, quint16 sw) const;
};

} // namespace madoguchi::card
