#pragma once
// House damage surveys (住家被害認定) and the certificates issued from them: the 罹災証明書
// (Disaster Countermeasures Basic Act art. 90-2) with the damage grade of a dwelling, and the
// 被災証明書 (a report of damage was made; no grade) for non-residential property.
//
// A building belongs to a disaster and has an address, an owner and its residents (ledger
// persons or plain names: owner and residents can differ). Each survey of it records the date,
// the surveyor, first or second survey (第1次 / 第2次調査), the economic-loss share, notes and
// photos (files copied into a folder next to the database, kept with their SHA-256). A
// re-survey on request adds a survey: the earlier ones stay as the history, the latest counts.
//
// Every change needs Permission::ManageDisaster and is audited (recovery.*).

#include "auth/Session.h"
#include "common/Result.h"
#include "storage/Database.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace madoguchi::recovery {

// The grades of the 住家被害認定基準, from the economic-loss share (lower bound included).
enum class DamageGrade {
    Zenkai,        // 全壊: 50% 以上
    DaikiboHankai, // 大規模半壊: 40% 以上 50% 未満
    ChukiboHankai, // 中規模半壊: 30% 以上 40% 未満
    Hankai,        // 半壊: 20% 以上 30% 未満
    JunHankai,     // 準半壊: 10% 以上 20% 未満
    IchibuSonkai,  // 準半壊に至らない（一部損壊）: 10% 未満
};

struct GradeResult
{
    DamageGrade grade = DamageGrade::IchibuSonkai;
    QString id;   // as stored: zenkai daikibo_hankai chukibo_hankai hankai jun_hankai ichibu_sonkai
    QString name; // the Japanese name, as printed
};

// The grade for a loss share in percent (0–100, decimals allowed). Refused (recovery.invalid)
// with the reason for NaN, infinities and anything outside 0–100.
Result<GradeResult> gradeForLoss(double percent);
// The Japanese name of a grade id as stored; the id itself when unknown.
QString gradeName(const QString& id);
// A loss share as a clerk types it ("35", "35.5"): refused with the reason when it is not a
// number in 0–100.
Result<double> parseLoss(const QString& text);

struct Occupant
{
    qint64 personId = 0; // a ledger person, 0 for a name only
    QString name;
};

struct SurveyPhoto
{
    QString path; // the copy in the photo folder
    QString sha256;
};

struct Survey
{
    qint64 id = 0;
    qint64 buildingId = 0;
    int round = 1; // 1: 第1次調査, 2: 第2次調査
    QDate surveyedOn;
    QString surveyor;
    double lossPercent = 0;
    QString grade; // id (GradeResult::id); empty for non-residential property
    QString notes;
    QString requestReason; // why a re-survey was asked for; empty for the first
    QList<SurveyPhoto> photos;
    QDateTime recordedAt;
    QString recordedBy;
};

struct Building
{
    qint64 id = 0;
    qint64 disasterId = 0;
    QString address;
    QString owner;
    bool residential = true; // false: non-residential property (被災証明書 only)
    QList<Occupant> residents;
    QList<Survey> surveys; // oldest first; the last is the one that counts
    const Survey* latest() const { return surveys.isEmpty() ? nullptr : &surveys.constLast(); }
};

// What a survey records (for add and resurvey).
struct SurveyInput
{
    QDate surveyedOn;
    QString surveyor;
    int round = 1;
    double lossPercent = 0;
    QString notes;
    QString requestReason;
    QStringList photoFiles; // copied into the photo folder
};

// A certificate through its states: applied (申請) → decided (判定) → issued (交付).
struct Certificate
{
    qint64 id = 0;
    qint64 buildingId = 0;
    QString kind; // risai (罹災証明書) or hisai (被災証明書)
    QString applicant;
    bool proxy = false;           // applied for by a proxy (代理人)
    bool powerOfAttorney = false; // the proxy's power of attorney (委任状) was shown
    QString state;                // applied decided issued
    qint64 surveyId = 0;          // the survey decided on
    QString grade;                // decided grade id (risai only)
    QString number;               // 2026-000001 once issued
    QDateTime appliedAt;
    QDateTime decidedAt;
    QDateTime issuedAt;
    QString issuedBy;
};

class RecoveryService
{
public:
    explicit RecoveryService(Database db);

    // The folder the survey photos are copied into: next to the SQLite file
    // (<name>-photos/), or <AppData>/survey-photos for PostgreSQL.
    QString photoDir() const;

    // A building of the disaster (0: the current one) with its first survey. Refused
    // (recovery.invalid) without an address or surveyor, with a date in the future, a loss
    // share outside 0–100, an unknown ledger person, or a photo that cannot be read.
    Result<Building> addBuilding(Building b, const SurveyInput& first, const Session& by);
    // A re-survey on request: a new survey of the building; the earlier ones are kept.
    Result<Building> resurvey(qint64 buildingId, const SurveyInput& input, const Session& by);
    Result<Building> building(qint64 id) const;
    Result<QList<Building>> buildings(qint64 disasterId = 0) const;

    // An application for the building's certificate: 罹災証明書 for a dwelling, 被災証明書 for
    // non-residential property. A proxy needs a power of attorney (recovery.invalid).
    Result<Certificate> apply(qint64 buildingId, const QString& applicant, bool proxy,
                              bool powerOfAttorney, const Session& by);
    // The decision from the building's latest survey (recovery.no_survey without one).
    Result<Certificate> decide(qint64 certificateId, const Session& by);
    // Issues the certificate as a numbered PDF at `path` (deciding first when not decided).
    // Issuing again writes the same number again (a reprint, audited).
    Result<Certificate> issue(qint64 certificateId, const QString& path, const Session& by);
    Result<Certificate> certificate(qint64 id) const;
    Result<QList<Certificate>> certificates(qint64 disasterId = 0) const;

private:
    Database m_db;
};

} // namespace madoguchi::recovery
