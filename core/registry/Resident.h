#pragma once
// The Basic Resident Register (住民基本台帳) as the core sees it: residents, households and the
// moves (異動) that change them. Names are kept exactly as registered (variant kanji and
// variation selectors included); only the search keys are folded.

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace madoguchi {

enum class MoveKind {
    MoveIn,          // 転入
    Birth,           // 出生
    MoveOut,         // 転出
    Death,           // 死亡
    Relocation,      // 転居
    HouseholdChange, // 世帯変更
    NameChange,      // 氏名変更
    Correction,      // 職権修正
    Update,          // その他の記載事項の変更 (本籍, 備考, 在留期間 …)
};

namespace moves {
QString id(MoveKind k); // "move_in"
std::optional<MoveKind> fromId(const QString& id);
QString displayName(MoveKind k); // 転入 … (legal terms, not translated)
} // namespace moves

struct Address
{
    QString lgCode;     // 6-digit local-government code (municipality or ward)
    QString postalCode; // 7 digits
    QString town;       // 町字, e.g. 御成町
    QString banchi;     // 番地, e.g. 1丁目2番3号
    QString building;   // 方書 (building and room), may be empty
};

struct Resident
{
    qint64 id = 0;
    QString residentCode;
    qint64 householdId = 0;
    QString householdNo;
    QString relationship; // 続柄: 世帯主, 妻, 夫, 子, 父, 母 …
    QString familyName;
    QString givenName;
    QString familyKana;
    QString givenKana;
    // Foreign residents (since 2012): name in the alphabet, 通称, nationality, status of residence.
    bool isForeign = false;
    QString alphaName;
    QString commonName;
    QString commonNameKana;
    QString nationality;
    QString residenceStatus; // 在留資格
    QString residencePeriod; // 在留期間, e.g. 3年
    QDate residenceExpiry;   // 在留期間の満了の日
    QString residenceCardNo; // 在留カード番号
    QDate birthDate;
    QString sex; // "male" / "female"
    Address address;
    QString addressDisplay; // prefecture + city + town + banchi + building, as printed
    QDate becameResidentOn;
    QString status = QStringLiteral("current"); // current / removed (除票)
    QDate removedOn;
    QString removedReason;
    QString honseki;   // 本籍
    QString hittousha; // 筆頭者
    QString notes;
    bool hasMyNumber = false;
    bool dvSupport = false; // DV等支援措置
    QString dvNote;
    int version = 0; // raised by each move, as central counts them (sync conflicts)

    bool isRemoved() const { return status == QStringLiteral("removed"); }
    QString fullName() const;   // 髙橋 花子 / SMITH John
    QString fullKana() const;   // タカハシ ハナコ
    QString sexDisplay() const; // 男 / 女
};

struct Move
{
    qint64 id = 0;
    qint64 residentId = 0;
    MoveKind kind = MoveKind::Update;
    QDate effectiveDate;
    QDateTime recordedAt;
    QString operatorLogin;
    QJsonObject before;
    QJsonObject after;
    QString reason;
    qint64 correctsMoveId = 0;
    QString approvedBy;
    qint64 correctedByMoveId = 0; // set on a move that a correction replaced
};

} // namespace madoguchi
