#pragma once
// The My Number card (個人番号カード) over any CardChannel: the JPKI application (certificates,
// PINs, signatures), the card-info input helper application (券面事項入力補助AP: My Number and the
// basic four) and the resident-register application's PIN (住基AP).
//
// Selecting an application drops the card's verified state, so each call here is one whole
// sequence (select, verify, act). A PIN is checked for its format before it is sent, and no
// attempt that could lock the card is sent unless the caller confirmed it (allowLastTry).

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
};

} // namespace madoguchi::card
