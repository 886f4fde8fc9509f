#pragma once
// Learners' side of training (教育研修): the courses installed here, enrolment, lesson progress
// (pages viewed, time spent, where to resume), quiz attempts (random order, scoring, attempt
// limit, explanations after submission), completion (every lesson viewed and the quiz passed,
// as the course's rules say) and numbered completion certificates (修了証).
//
// Supervisors see completion per person and per course and export it as CSV. Roles can require
// a passed course (role_course_requirements); OperatorService asks checkRoleRequirements before
// it gives a role.
//
// Every change is audited and published to central through the outbox (kinds learning.*), so
// records made offline reach central at the next sync. Permissions: TakeTraining for a
// learner's own records, ViewTrainingRecords for reports, ManageSettings for requirements.
// Reads from the tables of migration 13; courses are written there by CoursePackage's import.

#include "auth/Session.h"
#include "learning/Course.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <optional>

namespace madoguchi::learning {

struct CourseSummary
{
    qint64 row = 0; // courses.id of the newest version
    QString courseId;
    int version = 0;
    QString title;
    QString titleEn;
    QString description;
    QString publisher;
    QString source; // package / catalogue / scorm
    int lessonCount = 0;
    int questionCount = 0;
};

struct LessonProgress
{
    QString lessonId;
    int pageCount = 0;
    QList<int> pagesViewed; // 1-based, sorted
    int lastPage = 1;       // where the learner resumes
    int seconds = 0;
    bool completed = false; // every page viewed
};

struct Enrolment
{
    qint64 id = 0;
    QString uid;
    QString login;
    QString courseId;
    int courseVersion = 0;
    QDateTime enrolledAt;
    QDateTime completedAt; // invalid until completed
    QString certificateNumber;
};

struct Attempt
{
    qint64 id = 0;
    QString uid;
    qint64 enrolmentId = 0;
    int number = 0;
    QList<Question> presented; // questions and their choices in the order shown
    QDateTime startedAt;
    QDateTime submittedAt; // invalid while open
    int score = 0;
    int maxScore = 0;
    bool passed = false;
};

struct QuestionResult
{
    QString questionId;
    bool correct = false;
    QStringList given;
    QStringList answer;
    QString explanation;
};

struct AttemptResult
{
    Attempt attempt;
    QList<QuestionResult> questions;
    int percent = 0;
    bool passed = false;
    int attemptsLeft = -1; // -1: no limit
    bool courseCompleted = false;
    QString certificateNumber; // set when this attempt completed the course
};

struct CertificateRecord
{
    QString number;
    QString login;
    QString displayName;
    QString courseId;
    int courseVersion = 0;
    QString courseTitle;
    int score = 0; // percent
    QDateTime completedAt;
    QDateTime issuedAt;
};

struct CompletionRow
{
    QString login;
    QString displayName;
    QString courseId;
    QString courseTitle;
    QString state; // not_enrolled / in_progress / completed
    int lessonsViewed = 0;
    int lessonCount = 0;
    int bestScore = -1; // percent; -1: no attempt submitted
    int attempts = 0;
    QDateTime completedAt;
    QString certificateNumber;
};

struct RoleRequirement
{
    QString role; // role id
    QString courseId;
};

class LearningService
{
public:
    explicit LearningService(Database db) : m_db(std::move(db)) {}

    Result<QList<CourseSummary>> courses() const;         // the newest version of each course
    Result<Course> course(const QString& courseId) const; // newest version, with its quiz
    Result<Course> course(const QString& courseId, int version) const; // that version
    Result<QByteArray> lessonPdf(const QString& courseId, const QString& lessonId) const;
    // The lesson as in that version: an enrolment stays on the version it began with, so a
    // learner goes on with its lessons (and their pages) when a newer version is installed.
    Result<QByteArray> lessonPdf(const QString& courseId, int version,
                                 const QString& lessonId) const;

    // The learner's own enrolment; enrolling twice returns the same one.
    Result<Enrolment> enrol(const QString& courseId, const Session& learner);
    Result<std::optional<Enrolment>> enrolment(const QString& courseId, const QString& login) const;
    Result<QList<Enrolment>> enrolments(const QString& login) const;

    Result<QList<LessonProgress>> progress(qint64 enrolmentId) const;
    // Adds the pages viewed and the seconds spent, sets the page to resume at. The lesson's
    // pages are those counted at import; pageCount (the viewer's count) serves only when the
    // import counted none.
    Result<LessonProgress> recordProgress(qint64 enrolmentId, const QString& lessonId,
                                          int pageCount, const QList<int>& pagesViewed,
                                          int lastPage, int addSeconds, const Session& learner);

    // A new attempt with questions (and choices) shuffled when the quiz says so. Refused when
    // the attempts are used up ("learning.attempts") or the quiz is already passed.
    Result<Attempt> startAttempt(qint64 enrolmentId, const Session& learner);
    Result<std::optional<Attempt>> openAttempt(qint64 enrolmentId) const;
    // answers: question id → choice ids ("true"/"false"; ordering: ids in the order given).
    Result<AttemptResult> submitAttempt(qint64 attemptId, const QMap<QString, QStringList>& answers,
                                        const Session& learner);
    Result<QList<Attempt>> attempts(qint64 enrolmentId) const;

    Result<std::optional<CertificateRecord>> certificate(const QString& number) const;
    Result<QByteArray> certificatePdf(const QString& number) const;

    Result<QList<CompletionRow>> completionReport(const Session& by) const;
    static QByteArray completionCsv(const QList<CompletionRow>& rows);

    Status requireCourse(const QString& roleId, const QString& courseId, const Session& by);
    Status dropRequirement(const QString& roleId, const QString& courseId, const Session& by);
    Result<QList<RoleRequirement>> requirements() const;
    // An error naming the course(s) still to pass ("learning.requirement") when login may not
    // be given one of roles yet.
    Status checkRoleRequirements(const QString& login, const QList<Role>& roles) const;

    // Another workstation's enrolment or certificate, as pulled from central (learning.enrolment,
    // learning.certificate): kept here too, so that a course passed elsewhere counts for role
    // requirements and its certificate is known here. Returns "applied", "skipped" (nothing
    // new; progress and attempts stay at central) or "deferred" (a certificate whose enrolment
    // has not arrived yet). Inside the caller's transaction; not audited (it happened there).
    Result<QString> applyFromCentral(const QString& kind, const QJsonObject& payload);

    // Certificate numbers: LC-<ISSUER>-<YYYY>-<NNNNNN>-<C>. ISSUER: the workstation's terminal
    // name at central (else its host name), upper case, letters and digits only, at most 12;
    // NNNNNN: that workstation's sequence in the year; C: ISO 7064 MOD 37,36 check character
    // over every letter and digit before it. Unique across workstations (each numbers its
    // own), and a mistyped number is told from an unknown one.
    static QString certificateNumber(const QString& issuer, int year, int sequence);
    static bool isValidCertificateNumber(const QString& number);
    // The ISSUER part for a terminal name: the name itself when it is at most 12 letters and
    // digits (with - _ . left out), else its first letters and digits (up to 7) and 5
    // characters of a hash of the whole name, so that names alike in their first 12 letters, or
    // with no Latin letters at all (窓口1, 本庁-窓口1), give different issuers.
    static QString issuerOf(const QString& terminal);

private:
    // Inside the caller's transaction: marks the enrolment completed and issues its certificate
    // when the course's rules are met; `number` is the new certificate's number, else empty.
    Status completeIfDone(const Enrolment& e, const Session& learner, QString* number);
    Database m_db;
};

} // namespace madoguchi::learning
