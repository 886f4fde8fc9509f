#pragma once
// A training course as a package carries it (docs/course-package.md): modules of PDF lessons
// and one quiz. This is the data only; CoursePackage reads and verifies packages, and
// LearningService keeps learners' progress and results.
//
// parseManifest / parseQuiz validate everything a learner would otherwise trip over later
// (unknown question types, answers that name no choice, duplicate ids, a pass mark out of
// range) and refuse with the field at fault (code "learning.manifest" / "learning.quiz").

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace madoguchi::learning {

inline constexpr const char* kFormat = "madoguchi-course/1";

struct Lesson
{
    QString id;
    QString title;
    QString titleEn;
    QString pdf; // path inside the package, e.g. lessons/l1.pdf
};

struct Module
{
    QString id;
    QString title;
    QString titleEn;
    QList<Lesson> lessons;
};

enum class QuestionType { Single, Multiple, TrueFalse, Ordering };

QString questionTypeId(QuestionType t); // single / multiple / truefalse / ordering

struct Choice
{
    QString id;
    QString text;
};

struct Question
{
    QString id;
    QuestionType type = QuestionType::Single;
    QString text;
    QList<Choice> choices; // empty for true/false
    QStringList answer;    // choice ids (ordering: in the right order); "true"/"false"
    QString explanation;   // shown after the attempt is submitted
};

struct Quiz
{
    QString id;
    QString title;
    int passMark = 80;   // percent of questions right
    int maxAttempts = 3; // 0: no limit
    bool shuffle = true;
    QList<Question> questions;
};

struct Course
{
    QString id;
    int version = 1;
    QString title;
    QString titleEn;
    QString description;
    QString publisher;
    QList<Module> modules;
    QString quizFile = QStringLiteral("quiz.json");
    Quiz quiz;
    bool requireAllLessons = true;
    bool requireQuiz = true;

    QList<Lesson> lessons() const; // every lesson, in module order
};

Result<Course> parseManifest(const QByteArray& json); // quiz left empty
Result<Quiz> parseQuiz(const QByteArray& json);
QByteArray manifestJson(const Course& course); // the manifest as written into a package
QByteArray quizJson(const Quiz& quiz);

bool isValidCourseId(const QString& id); // [a-z0-9-]{3,64}

// Text from a package as a message quotes it: control characters and invisible format marks
// (ESC, CR, a right-to-left override…) written as \uXXXX, so that a refusal printed on a
// terminal or kept in the audit log shows what the package says and cannot rewrite either.
bool isHiddenCharacter(QChar c);
QString visibleText(const QString& text);

} // namespace madoguchi::learning
