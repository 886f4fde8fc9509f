#include "learning/LearningService.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "documents/CompletionCertificatePdf.h"
#include "refdata/ReferenceData.h"
#include "settings/InstallationSettings.h"
#include "storage/Transaction.h"
#include "sync/Outbox.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

namespace madoguchi::learning {

namespace {

Error notFound(const QString& message)
{
    return Error(message, QStringLiteral("learning.notfound"));
}

Error invalid(const QString& message)
{
    return Error(message, QStringLiteral("learning.invalid"));
}

QDateTime fromIso(const QVariant& v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs);
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString compact(const QJsonValue& v)
{
    return QString::fromUtf8(v.isArray()
                                 ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

QList<int> parsePages(const QString& text)
{
    QList<int> pages;
    for (const QString& p : text.split(u',', Qt::SkipEmptyParts)) {
        pages << p.toInt();
    }
    return pages;
}

QString pagesText(const QList<int>& pages)
{
    QStringList parts;
    for (int p : pages) {
        parts << QString::number(p);
    }
    return parts.join(u',');
}

int percentOf(int score, int maxScore)
{
    return maxScore > 0 ? score * 100 / maxScore : 100;
}

// ISO 7064 MOD 37,36 over [0-9A-Z]: the check character that makes the whole string check.
int charValue(QChar c)
{
    if (c >= u'0' && c <= u'9') {
        return c.unicode() - u'0';
    }
    if (c >= u'A' && c <= u'Z') {
        return c.unicode() - u'A' + 10;
    }
    return -1;
}

QChar checkCharacter(const QString& text)
{
    int p = 36;
    for (QChar c : text) {
        const int v = charValue(c);
        if (v < 0) {
            continue; // separators
        }
        int s = (p + v) % 36;
        if (s == 0) {
            s = 36;
        }
        p = (2 * s) % 37;
    }
    const int check = (37 - p) % 36;
    return check < 10 ? QChar(u'0' + check) : QChar(u'A' + (check - 10));
}

bool sameAnswer(const Question& q, QStringList given)
{
    if (q.type == QuestionType::Ordering) {
        return given == q.answer;
    }
    QStringList answer = q.answer;
    given.removeDuplicates();
    std::sort(given.begin(), given.end());
    std::sort(answer.begin(), answer.end());
    return given == answer;
}

template <typename T> void shuffle(QList<T>& list)
{
    for (qsizetype i = list.size() - 1; i > 0; --i) {
        const qsizetype j = QRandomGenerator::global()->bounded(i + 1);
        list.swapItemsAt(i, j);
    }
}

Enrolment enrolmentFromRow(const QSqlQuery& q)
{
    Enrolment e;
    e.id = q.value(0).toLongLong();
    e.uid = q.value(1).toString();
    e.login = q.value(2).toString();
    e.courseId = q.value(3).toString();
    e.courseVersion = q.value(4).toInt();
    e.enrolledAt = fromIso(q.value(5));
    e.completedAt = fromIso(q.value(6));
    e.certificateNumber = q.value(7).toString();
    return e;
}

constexpr const char* kEnrolmentColumns =
    "e.id, e.uid, e.login, e.course_id, e.course_version, e.enrolled_at, e.completed_at, "
    "(SELECT MIN(c.number) FROM learning_certificates c WHERE c.enrolment_id = e.id)";

Attempt attemptFromRow(const QSqlQuery& q)
{
    Attempt a;
    a.id = q.value(0).toLongLong();
    a.uid = q.value(1).toString();
    a.enrolmentId = q.value(2).toLongLong();
    a.number = q.value(3).toInt();
    a.score = q.value(5).toInt();
    a.maxScore = q.value(6).toInt();
    a.passed = q.value(7).toInt() != 0;
    a.startedAt = fromIso(q.value(8));
    a.submittedAt = fromIso(q.value(9));
    return a;
}

constexpr const char* kAttemptColumns = "id, uid, enrolment_id, attempt, presented, score, "
                                        "max_score, passed, started_at, submitted_at, answers";

// The questions of `quiz` in the order `presented` (JSON) lists them, choices too; answers and
// explanations left out (they are shown after submission only).
QList<Question> presentedQuestions(const Quiz& quiz, const QString& presented)
{
    QList<Question> out;
    const QJsonArray order = QJsonDocument::fromJson(presented.toUtf8()).array();
    for (const QJsonValue& v : order) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QStringLiteral("id")).toString();
        for (const Question& q : quiz.questions) {
            if (q.id != id) {
                continue;
            }
            Question shown = q;
            shown.answer.clear();
            shown.explanation.clear();
            shown.choices.clear();
            for (const QJsonValue& c : o.value(QStringLiteral("choices")).toArray()) {
                for (const Choice& choice : q.choices) {
                    if (choice.id == c.toString()) {
                        shown.choices << choice;
                    }
                }
            }
            out << shown;
        }
    }
    return out;
}

Result<Enrolment> loadEnrolment(const Database& db, qint64 id)
{
    auto q = db.exec(QStringLiteral("SELECT %1 FROM learning_enrolments e WHERE e.id = ?")
                         .arg(QLatin1String(kEnrolmentColumns)),
                     {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return notFound(QCoreApplication::translate("LearningService", "no enrolment %1").arg(id));
    }
    return enrolmentFromRow(*q);
}

// The learner's own enrolment, or an error.
Result<Enrolment> ownEnrolment(const Database& db, qint64 id, const Session& learner)
{
    if (Status st = learner.require(Permission::TakeTraining); !st) {
        return st.error();
    }
    auto e = loadEnrolment(db, id);
    if (!e) {
        return e.error();
    }
    if (e->login != learner.login()) {
        return Error(
            QCoreApplication::translate("LearningService", "this enrolment is %1's, not yours")
                .arg(e->login),
            QStringLiteral("auth.denied"));
    }
    return e;
}

QString settingValue(const Database& db, const char* key)
{
    auto v = db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"),
                       {QString::fromLatin1(key)});
    return v && v->isValid() ? v->toString().trimmed() : QString();
}

Status publish(const Database& db, const char* kind, const QString& recordKey,
               const QJsonObject& payload, const QString& login)
{
    return sync::Outbox(db).enqueue(QString::fromLatin1(kind), recordKey, 0, payload, login);
}

QJsonObject enrolmentPayload(const Enrolment& e)
{
    return {
        {QStringLiteral("uid"), e.uid},
        {QStringLiteral("login"), e.login},
        {QStringLiteral("course_id"), e.courseId},
        {QStringLiteral("course_version"), e.courseVersion},
        {QStringLiteral("enrolled_at"), iso(e.enrolledAt)},
        {QStringLiteral("completed_at"), e.completedAt.isValid() ? iso(e.completedAt) : QString()}};
}

} // namespace

// ---- courses --------------------------------------------------------------------------------

Result<QList<CourseSummary>> LearningService::courses() const
{
    auto q = m_db.exec(QStringLiteral(
        "SELECT c.id, c.course_id, c.version, c.title, c.title_en, c.description, c.publisher, "
        "c.source, c.quiz, (SELECT COUNT(*) FROM course_lessons l WHERE l.course_row = c.id) "
        "FROM courses c WHERE c.version = (SELECT MAX(m.version) FROM courses m WHERE "
        "m.course_id = c.course_id) ORDER BY c.course_id"));
    if (!q) {
        return q.error();
    }
    QList<CourseSummary> out;
    while (q->next()) {
        CourseSummary s;
        s.row = q->value(0).toLongLong();
        s.courseId = q->value(1).toString();
        s.version = q->value(2).toInt();
        s.title = q->value(3).toString();
        s.titleEn = q->value(4).toString();
        s.description = q->value(5).toString();
        s.publisher = q->value(6).toString();
        s.source = q->value(7).toString();
        const QString quiz = q->value(8).toString();
        if (!quiz.isEmpty()) {
            if (auto parsed = parseQuiz(quiz.toUtf8())) {
                s.questionCount = int(parsed->questions.size());
            }
        }
        s.lessonCount = q->value(9).toInt();
        out << s;
    }
    return out;
}

Result<Course> LearningService::course(const QString& courseId) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT MAX(version) FROM courses WHERE course_id = ?"),
                         {courseId});
    if (!v) {
        return v.error();
    }
    if (!v->isValid() || v->isNull()) {
        return notFound(
            QCoreApplication::translate("LearningService", "no course \"%1\" is installed")
                .arg(courseId));
    }
    return course(courseId, v->toInt());
}

Result<Course> LearningService::course(const QString& courseId, int version) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT manifest, quiz FROM courses WHERE course_id = ? AND version = ?"),
        {courseId, version});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return notFound(QCoreApplication::translate("LearningService",
                                                    "no course \"%1\" version %2 is installed")
                            .arg(courseId)
                            .arg(version));
    }
    const QByteArray manifest = q->value(0).toString().toUtf8();
    const QByteArray quiz = q->value(1).toString().toUtf8();
    q->finish();
    auto c = parseManifest(manifest);
    if (!c) {
        return c.error();
    }
    if (!quiz.isEmpty()) {
        auto parsed = parseQuiz(quiz);
        if (!parsed) {
            return parsed.error();
        }
        c->quiz = *parsed;
    }
    return c;
}

Result<QByteArray> LearningService::lessonPdf(const QString& courseId,
                                              const QString& lessonId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT l.pdf FROM course_lessons l JOIN courses c ON c.id = "
                                      "l.course_row WHERE c.course_id = ? AND l.lesson_id = ? "
                                      "ORDER BY c.version DESC"),
                       {courseId, lessonId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return notFound(
            QCoreApplication::translate("LearningService", "course \"%1\" has no lesson \"%2\"")
                .arg(courseId, lessonId));
    }
    return q->value(0).toByteArray();
}

Result<QByteArray> LearningService::lessonPdf(const QString& courseId, int version,
                                              const QString& lessonId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT l.pdf FROM course_lessons l JOIN courses c ON c.id = "
                                      "l.course_row WHERE c.course_id = ? AND c.version = ? AND "
                                      "l.lesson_id = ?"),
                       {courseId, version, lessonId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return notFound(QCoreApplication::translate("LearningService",
                                                    "course \"%1\" version %2 has no lesson \"%3\"")
                            .arg(courseId)
                            .arg(version)
                            .arg(lessonId));
    }
    return q->value(0).toByteArray();
}

// ---- enrolment ------------------------------------------------------------------------------

Result<Enrolment> LearningService::enrol(const QString& courseId, const Session& learner)
{
    if (Status st = learner.require(Permission::TakeTraining); !st) {
        return st.error();
    }
    auto existing = enrolment(courseId, learner.login());
    if (!existing) {
        return existing.error();
    }
    if (existing->has_value()) {
        return **existing;
    }
    auto c = course(courseId);
    if (!c) {
        return c.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    const QString uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString now = Clock::isoNow();
    if (Status st = m_db.run(QStringLiteral("INSERT INTO learning_enrolments (uid, login, "
                                            "course_id, course_version, enrolled_at, enrolled_by) "
                                            "VALUES (?, ?, ?, ?, ?, ?)"),
                             {uid, learner.login(), courseId, c->version, now, learner.login()});
        !st) {
        return st.error();
    }
    auto made = enrolment(courseId, learner.login());
    if (!made) {
        return made.error();
    }
    if (!made->has_value()) {
        return notFound(
            QCoreApplication::translate("LearningService", "the enrolment was not stored"));
    }
    const Enrolment e = **made;
    if (Status st = AuditLog(m_db).record(learner.login(), QStringLiteral("learning.enrol"),
                                          courseId, QStringLiteral("v%1").arg(c->version));
        !st) {
        return st.error();
    }
    if (Status st = publish(m_db, "learning.enrolment", QStringLiteral("learning:enrolment:") + uid,
                            enrolmentPayload(e), learner.login());
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return e;
}

Result<std::optional<Enrolment>> LearningService::enrolment(const QString& courseId,
                                                            const QString& login) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM learning_enrolments e WHERE e.course_id = ? AND e.login = ?")
            .arg(QLatin1String(kEnrolmentColumns)),
        {courseId, login});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<Enrolment>();
    }
    return std::optional<Enrolment>(enrolmentFromRow(*q));
}

Result<QList<Enrolment>> LearningService::enrolments(const QString& login) const
{
    auto q =
        m_db.exec(QStringLiteral(
                      "SELECT %1 FROM learning_enrolments e WHERE e.login = ? ORDER BY e.course_id")
                      .arg(QLatin1String(kEnrolmentColumns)),
                  {login});
    if (!q) {
        return q.error();
    }
    QList<Enrolment> out;
    while (q->next()) {
        out << enrolmentFromRow(*q);
    }
    return out;
}

// ---- progress -------------------------------------------------------------------------------

Result<QList<LessonProgress>> LearningService::progress(qint64 enrolmentId) const
{
    auto e = loadEnrolment(m_db, enrolmentId);
    if (!e) {
        return e.error();
    }
    auto c = course(e->courseId, e->courseVersion);
    if (!c) {
        return c.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT lesson_id, pages_viewed, page_count, last_page, "
                                      "seconds, completed FROM lesson_progress WHERE "
                                      "enrolment_id = ?"),
                       {enrolmentId});
    if (!q) {
        return q.error();
    }
    QMap<QString, LessonProgress> stored;
    while (q->next()) {
        LessonProgress p;
        p.lessonId = q->value(0).toString();
        p.pagesViewed = parsePages(q->value(1).toString());
        p.pageCount = q->value(2).toInt();
        p.lastPage = std::max(1, q->value(3).toInt());
        p.seconds = q->value(4).toInt();
        p.completed = q->value(5).toInt() != 0;
        stored.insert(p.lessonId, p);
    }
    q->finish();
    // Every lesson of the course, in order; page counts from import when none was viewed yet.
    auto pages = m_db.exec(QStringLiteral("SELECT l.lesson_id, l.pages FROM course_lessons l JOIN "
                                          "courses c ON c.id = l.course_row WHERE c.course_id = ? "
                                          "AND c.version = ?"),
                           {e->courseId, e->courseVersion});
    if (!pages) {
        return pages.error();
    }
    QMap<QString, int> pageCounts;
    while (pages->next()) {
        pageCounts.insert(pages->value(0).toString(), pages->value(1).toInt());
    }
    QList<LessonProgress> out;
    for (const Lesson& l : c->lessons()) {
        LessonProgress p = stored.value(l.id);
        p.lessonId = l.id;
        if (p.pageCount == 0) {
            p.pageCount = pageCounts.value(l.id);
        }
        out << p;
    }
    return out;
}

Result<LessonProgress> LearningService::recordProgress(qint64 enrolmentId, const QString& lessonId,
                                                       int pageCount, const QList<int>& pagesViewed,
                                                       int lastPage, int addSeconds,
                                                       const Session& learner)
{
    auto e = ownEnrolment(m_db, enrolmentId, learner);
    if (!e) {
        return e.error();
    }
    auto now = progress(enrolmentId);
    if (!now) {
        return now.error();
    }
    auto it = std::find_if(now->begin(), now->end(),
                           [&](const LessonProgress& p) { return p.lessonId == lessonId; });
    if (it == now->end()) {
        return notFound(
            QCoreApplication::translate("LearningService", "course \"%1\" has no lesson \"%2\"")
                .arg(e->courseId, lessonId));
    }
    // The pages counted at import are the lesson's, whatever the viewer counted.
    auto imported = m_db.scalar(QStringLiteral("SELECT l.pages FROM course_lessons l JOIN courses "
                                               "c ON c.id = l.course_row WHERE c.course_id = ? "
                                               "AND c.version = ? AND l.lesson_id = ?"),
                                {e->courseId, e->courseVersion, lessonId});
    if (!imported) {
        return imported.error();
    }
    if (imported->isValid() && imported->toInt() > 0) {
        pageCount = imported->toInt();
    }
    if (pageCount <= 0) {
        pageCount = it->pageCount;
    }
    if (pageCount <= 0) {
        return invalid(
            QCoreApplication::translate("LearningService", "the lesson's page count is not known"));
    }
    if (addSeconds < 0) {
        return invalid(
            QCoreApplication::translate("LearningService", "the time spent cannot be negative"));
    }
    LessonProgress p = *it;
    p.pageCount = pageCount;
    QSet<int> pages(p.pagesViewed.begin(), p.pagesViewed.end());
    for (int page : pagesViewed) {
        if (page < 1 || page > pageCount) {
            return invalid(QCoreApplication::translate(
                               "LearningService", "page %1 is not a page of this lesson (1–%2)")
                               .arg(page)
                               .arg(pageCount));
        }
        pages.insert(page);
    }
    p.pagesViewed = QList<int>(pages.begin(), pages.end());
    std::sort(p.pagesViewed.begin(), p.pagesViewed.end());
    p.pagesViewed.erase(std::remove_if(p.pagesViewed.begin(), p.pagesViewed.end(),
                                       [&](int page) { return page > pageCount; }),
                        p.pagesViewed.end());
    p.lastPage = std::clamp(lastPage, 1, pageCount);
    p.seconds += addSeconds;
    p.completed = p.pagesViewed.size() == pageCount;

    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    const QString stamp = Clock::isoNow();
    if (Status st = m_db.run(QStringLiteral("DELETE FROM lesson_progress WHERE enrolment_id = ? "
                                            "AND lesson_id = ?"),
                             {enrolmentId, lessonId});
        !st) {
        return st.error();
    }
    if (Status st =
            m_db.run(QStringLiteral("INSERT INTO lesson_progress (enrolment_id, lesson_id, "
                                    "pages_viewed, page_count, last_page, seconds, "
                                    "completed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                     {enrolmentId, lessonId, pagesText(p.pagesViewed), p.pageCount, p.lastPage,
                      p.seconds, p.completed ? 1 : 0, stamp});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).record(learner.login(), QStringLiteral("learning.progress"),
                                          e->courseId + u'/' + lessonId,
                                          QStringLiteral("%1/%2 pages, page %3, %4 s")
                                              .arg(p.pagesViewed.size())
                                              .arg(p.pageCount)
                                              .arg(p.lastPage)
                                              .arg(p.seconds));
        !st) {
        return st.error();
    }
    if (Status st = publish(m_db, "learning.progress",
                            QStringLiteral("learning:progress:%1/%2").arg(e->uid, lessonId),
                            {{QStringLiteral("uid"), e->uid + u'/' + lessonId},
                             {QStringLiteral("enrolment"), e->uid},
                             {QStringLiteral("login"), e->login},
                             {QStringLiteral("course_id"), e->courseId},
                             {QStringLiteral("lesson_id"), lessonId},
                             {QStringLiteral("pages_viewed"), pagesText(p.pagesViewed)},
                             {QStringLiteral("page_count"), p.pageCount},
                             {QStringLiteral("last_page"), p.lastPage},
                             {QStringLiteral("seconds"), p.seconds},
                             {QStringLiteral("completed"), p.completed},
                             {QStringLiteral("updated_at"), stamp}},
                            learner.login());
        !st) {
        return st.error();
    }
    QString number;
    if (Status st = completeIfDone(*e, learner, &number); !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return p;
}

// ---- quiz -----------------------------------------------------------------------------------

Result<Attempt> LearningService::startAttempt(qint64 enrolmentId, const Session& learner)
{
    auto e = ownEnrolment(m_db, enrolmentId, learner);
    if (!e) {
        return e.error();
    }
    auto open = openAttempt(enrolmentId);
    if (!open) {
        return open.error();
    }
    if (open->has_value()) {
        return **open; // resumed, same order
    }
    auto c = course(e->courseId, e->courseVersion);
    if (!c) {
        return c.error();
    }
    if (c->quiz.questions.isEmpty()) {
        return notFound(QCoreApplication::translate("LearningService", "course \"%1\" has no quiz")
                            .arg(e->courseId));
    }
    auto done = attempts(enrolmentId);
    if (!done) {
        return done.error();
    }
    for (const Attempt& a : *done) {
        if (a.passed) {
            return Error(
                QCoreApplication::translate("LearningService", "you have passed this quiz already"),
                QStringLiteral("learning.passed"));
        }
    }
    if (c->quiz.maxAttempts > 0 && done->size() >= c->quiz.maxAttempts) {
        return Error(
            QCoreApplication::translate(
                "LearningService", "this quiz allows %1 attempts, and all of them have been used")
                .arg(c->quiz.maxAttempts),
            QStringLiteral("learning.attempts"));
    }
    QList<Question> questions = c->quiz.questions;
    if (c->quiz.shuffle) {
        shuffle(questions);
    }
    QJsonArray presented;
    for (Question& q : questions) {
        if (q.type == QuestionType::Ordering) {
            // Always shuffled, and never shown in the right order already.
            QStringList ids;
            for (int tries = 0; tries < 10; ++tries) {
                shuffle(q.choices);
                ids.clear();
                for (const Choice& ch : std::as_const(q.choices)) {
                    ids << ch.id;
                }
                if (ids != q.answer || q.choices.size() < 2) {
                    break;
                }
            }
        } else if (c->quiz.shuffle) {
            shuffle(q.choices);
        }
        QJsonArray choices;
        for (const Choice& ch : std::as_const(q.choices)) {
            choices.append(ch.id);
        }
        presented.append(
            QJsonObject{{QStringLiteral("id"), q.id}, {QStringLiteral("choices"), choices}});
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    const QString uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const int number = int(done->size()) + 1;
    const QString now = Clock::isoNow();
    if (Status st =
            m_db.run(QStringLiteral("INSERT INTO quiz_attempts (uid, enrolment_id, attempt, "
                                    "presented, max_score, started_at) VALUES (?, ?, ?, ?, "
                                    "?, ?)"),
                     {uid, enrolmentId, number, compact(presented), int(questions.size()), now});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).record(learner.login(), QStringLiteral("learning.attempt.start"),
                                          e->courseId, QStringLiteral("attempt %1").arg(number));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto made = openAttempt(enrolmentId);
    if (!made) {
        return made.error();
    }
    if (!made->has_value()) {
        return notFound(
            QCoreApplication::translate("LearningService", "the attempt was not stored"));
    }
    return **made;
}

Result<std::optional<Attempt>> LearningService::openAttempt(qint64 enrolmentId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM quiz_attempts WHERE enrolment_id = ? AND "
                                      "submitted_at = '' ORDER BY attempt DESC")
                           .arg(QLatin1String(kAttemptColumns)),
                       {enrolmentId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<Attempt>();
    }
    Attempt a = attemptFromRow(*q);
    const QString presented = q->value(4).toString();
    q->finish();
    auto e = loadEnrolment(m_db, enrolmentId);
    if (!e) {
        return e.error();
    }
    auto c = course(e->courseId, e->courseVersion);
    if (!c) {
        return c.error();
    }
    a.presented = presentedQuestions(c->quiz, presented);
    return std::optional<Attempt>(a);
}

Result<QList<Attempt>> LearningService::attempts(qint64 enrolmentId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM quiz_attempts WHERE enrolment_id = ? AND "
                                      "submitted_at <> '' ORDER BY attempt")
                           .arg(QLatin1String(kAttemptColumns)),
                       {enrolmentId});
    if (!q) {
        return q.error();
    }
    QList<Attempt> out;
    while (q->next()) {
        out << attemptFromRow(*q);
    }
    return out;
}

Result<AttemptResult> LearningService::submitAttempt(qint64 attemptId,
                                                     const QMap<QString, QStringList>& answers,
                                                     const Session& learner)
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM quiz_attempts WHERE id = ?")
                           .arg(QLatin1String(kAttemptColumns)),
                       {attemptId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return notFound(
            QCoreApplication::translate("LearningService", "no quiz attempt %1").arg(attemptId));
    }
    Attempt a = attemptFromRow(*q);
    const QString presented = q->value(4).toString();
    q->finish();
    auto e = ownEnrolment(m_db, a.enrolmentId, learner);
    if (!e) {
        return e.error();
    }
    if (a.submittedAt.isValid()) {
        return Error(QCoreApplication::translate("LearningService",
                                                 "this attempt has been submitted already"),
                     QStringLiteral("learning.submitted"));
    }
    auto c = course(e->courseId, e->courseVersion);
    if (!c) {
        return c.error();
    }
    a.presented = presentedQuestions(c->quiz, presented);
    AttemptResult r;
    QJsonObject given;
    a.score = 0;
    a.maxScore = int(a.presented.size());
    for (const Question& shown : std::as_const(a.presented)) {
        const auto full = std::find_if(c->quiz.questions.cbegin(), c->quiz.questions.cend(),
                                       [&](const Question& x) { return x.id == shown.id; });
        if (full == c->quiz.questions.cend()) {
            continue;
        }
        QuestionResult qr;
        qr.questionId = shown.id;
        qr.given = answers.value(shown.id);
        qr.answer = full->answer;
        qr.explanation = full->explanation;
        qr.correct = sameAnswer(*full, qr.given);
        if (qr.correct) {
            ++a.score;
        }
        given.insert(shown.id, QJsonArray::fromStringList(qr.given));
        r.questions << qr;
    }
    r.percent = percentOf(a.score, a.maxScore);
    a.passed = r.percent >= c->quiz.passMark;
    r.passed = a.passed;
    a.submittedAt = Clock::now();

    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    // The condition makes a second submission of the same attempt change nothing.
    auto updated = m_db.exec(
        QStringLiteral("UPDATE quiz_attempts SET answers = ?, score = ?, "
                       "max_score = ?, passed = ?, submitted_at = ? WHERE "
                       "id = ? AND submitted_at = ''"),
        {compact(given), a.score, a.maxScore, a.passed ? 1 : 0, iso(a.submittedAt), attemptId});
    if (!updated) {
        return updated.error();
    }
    if (updated->numRowsAffected() != 1) {
        return Error(QCoreApplication::translate("LearningService",
                                                 "this attempt has been submitted already"),
                     QStringLiteral("learning.submitted"));
    }
    if (Status st = AuditLog(m_db).record(
            learner.login(), QStringLiteral("learning.attempt"), e->courseId,
            QStringLiteral("attempt %1: %2/%3 (%4%) %5")
                .arg(a.number)
                .arg(a.score)
                .arg(a.maxScore)
                .arg(r.percent)
                .arg(a.passed ? QStringLiteral("passed") : QStringLiteral("failed")));
        !st) {
        return st.error();
    }
    if (Status st = publish(m_db, "learning.attempt", QStringLiteral("learning:attempt:") + a.uid,
                            {{QStringLiteral("uid"), a.uid},
                             {QStringLiteral("enrolment"), e->uid},
                             {QStringLiteral("login"), e->login},
                             {QStringLiteral("course_id"), e->courseId},
                             {QStringLiteral("attempt"), a.number},
                             {QStringLiteral("score"), a.score},
                             {QStringLiteral("max_score"), a.maxScore},
                             {QStringLiteral("passed"), a.passed},
                             {QStringLiteral("answers"), given},
                             {QStringLiteral("started_at"), iso(a.startedAt)},
                             {QStringLiteral("submitted_at"), iso(a.submittedAt)}},
                            learner.login());
        !st) {
        return st.error();
    }
    QString number;
    if (Status st = completeIfDone(*e, learner, &number); !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    r.attempt = a;
    r.certificateNumber = number;
    r.courseCompleted = !number.isEmpty() || e->completedAt.isValid();
    r.attemptsLeft = c->quiz.maxAttempts > 0 && !a.passed
                         ? std::max(0, c->quiz.maxAttempts - a.number)
                         : (c->quiz.maxAttempts > 0 ? 0 : -1);
    return r;
}

// ---- completion and certificates ------------------------------------------------------------

Status LearningService::completeIfDone(const Enrolment& e, const Session& learner, QString* number)
{
    number->clear();
    if (e.completedAt.isValid()) {
        return {};
    }
    auto c = course(e.courseId, e.courseVersion);
    if (!c) {
        return c.error();
    }
    if (c->requireAllLessons) {
        auto p = progress(e.id);
        if (!p) {
            return p.error();
        }
        for (const LessonProgress& l : *p) {
            if (!l.completed) {
                return {};
            }
        }
    }
    auto done = attempts(e.id);
    if (!done) {
        return done.error();
    }
    int best = -1;
    bool passed = false;
    for (const Attempt& a : *done) {
        best = std::max(best, percentOf(a.score, a.maxScore));
        passed = passed || a.passed;
    }
    if (c->requireQuiz && !c->quiz.questions.isEmpty() && !passed) {
        return {};
    }
    const QDateTime now = Clock::now();
    if (Status st =
            m_db.run(QStringLiteral("UPDATE learning_enrolments SET completed_at = ? WHERE id = ?"),
                     {iso(now), e.id});
        !st) {
        return st;
    }
    // The next number of this workstation in this year.
    const QString issuer = issuerOf(settingValue(m_db, "central.terminal").isEmpty()
                                        ? AuditLog::terminalName()
                                        : settingValue(m_db, "central.terminal"));
    const int year = now.toTimeZone(QTimeZone(9 * 3600)).date().year();
    const QString prefix = QStringLiteral("LC-%1-%2-").arg(issuer).arg(year);
    auto q =
        m_db.exec(QStringLiteral("SELECT number FROM learning_certificates WHERE number LIKE ?"),
                  {prefix + u'%'});
    if (!q) {
        return q.error();
    }
    int seq = 0;
    while (q->next()) {
        seq = std::max(seq, q->value(0).toString().mid(prefix.size(), 6).toInt());
    }
    q->finish();
    *number = certificateNumber(issuer, year, seq + 1);
    auto name = m_db.scalar(QStringLiteral("SELECT display_name FROM operators WHERE login = ?"),
                            {e.login});
    if (!name) {
        return name.error();
    }
    const QString displayName = name->isValid() ? name->toString() : e.login;
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO learning_certificates (number, enrolment_id, login, "
                           "display_name, course_id, course_version, course_title, score, "
                           "completed_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {*number, e.id, e.login, displayName, e.courseId, e.courseVersion, c->title, best,
             iso(now), iso(now)});
        !st) {
        return st;
    }
    if (Status st = AuditLog(m_db).record(learner.login(), QStringLiteral("learning.complete"),
                                          e.courseId, *number);
        !st) {
        return st;
    }
    Enrolment completed = e;
    completed.completedAt = now;
    if (Status st =
            publish(m_db, "learning.enrolment", QStringLiteral("learning:enrolment:") + e.uid,
                    enrolmentPayload(completed), learner.login());
        !st) {
        return st;
    }
    return publish(m_db, "learning.certificate", QStringLiteral("learning:certificate:") + *number,
                   {{QStringLiteral("uid"), *number},
                    {QStringLiteral("number"), *number},
                    {QStringLiteral("enrolment"), e.uid},
                    {QStringLiteral("login"), e.login},
                    {QStringLiteral("display_name"), displayName},
                    {QStringLiteral("course_id"), e.courseId},
                    {QStringLiteral("course_version"), e.courseVersion},
                    {QStringLiteral("course_title"), c->title},
                    {QStringLiteral("score"), best},
                    {QStringLiteral("completed_at"), iso(now)},
                    {QStringLiteral("issued_at"), iso(now)}},
                   learner.login());
}

Result<QString> LearningService::applyFromCentral(const QString& kind, const QJsonObject& p)
{
    auto text = [&p](const char* k) {
        return p.value(QLatin1String(k)).toString();
    };
    const QString login = text("login");
    const QString courseId = text("course_id");
    if (kind == QStringLiteral("learning.enrolment")) {
        const QString uid = text("uid");
        if (uid.isEmpty() || login.isEmpty() || courseId.isEmpty()) {
            return invalid(QCoreApplication::translate(
                "LearningService", "an enrolment from central without its uid, login or course"));
        }
        // The same person on the same course, enrolled here or there: one enrolment.
        auto q = m_db.exec(QStringLiteral("SELECT id, completed_at FROM learning_enrolments WHERE "
                                          "uid = ? OR (login = ? AND course_id = ?)"),
                           {uid, login, courseId});
        if (!q) {
            return q.error();
        }
        if (q->next()) {
            const qint64 id = q->value(0).toLongLong();
            const bool completedHere = !q->value(1).toString().isEmpty();
            q->finish();
            if (completedHere || text("completed_at").isEmpty()) {
                return QStringLiteral("skipped");
            }
            if (Status st = m_db.run(
                    QStringLiteral("UPDATE learning_enrolments SET completed_at = ? WHERE id = ?"),
                    {text("completed_at"), id});
                !st) {
                return st.error();
            }
            return QStringLiteral("applied");
        }
        q->finish();
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO learning_enrolments (uid, login, course_id, "
                               "course_version, enrolled_at, enrolled_by, completed_at) VALUES "
                               "(?, ?, ?, ?, ?, ?, ?)"),
                {uid, login, courseId, p.value(QStringLiteral("course_version")).toInt(),
                 text("enrolled_at"), login, text("completed_at")});
            !st) {
            return st.error();
        }
        return QStringLiteral("applied");
    }
    if (kind == QStringLiteral("learning.certificate")) {
        const QString number = text("number");
        if (!isValidCertificateNumber(number)) {
            return invalid(QCoreApplication::translate(
                               "LearningService", "%1 from central is not a certificate number")
                               .arg(number));
        }
        auto known = certificate(number);
        if (!known) {
            return known.error();
        }
        if (known->has_value()) {
            return QStringLiteral("skipped");
        }
        auto enrolled = m_db.scalar(QStringLiteral("SELECT id FROM learning_enrolments WHERE uid "
                                                   "= ? OR (login = ? AND course_id = ?)"),
                                    {text("enrolment"), login, courseId});
        if (!enrolled) {
            return enrolled.error();
        }
        if (!enrolled->isValid()) {
            return QStringLiteral("deferred");
        }
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO learning_certificates (number, enrolment_id, login, "
                               "display_name, course_id, course_version, course_title, score, "
                               "completed_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {number, enrolled->toLongLong(), login, text("display_name"), courseId,
                 p.value(QStringLiteral("course_version")).toInt(), text("course_title"),
                 p.value(QStringLiteral("score")).toInt(), text("completed_at"),
                 text("issued_at")});
            !st) {
            return st.error();
        }
        return QStringLiteral("applied");
    }
    return QStringLiteral("skipped");
}

QString LearningService::issuerOf(const QString& terminal)
{
    const QString name = terminal.trimmed().toUpper();
    QString out;
    bool lost = false; // a character other than a separator left out
    for (QChar c : name) {
        if ((c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')) {
            out += c;
        } else if (c != u'-' && c != u'_' && c != u'.') {
            lost = true;
        }
    }
    if (!lost && !out.isEmpty() && out.size() <= 12) {
        return out;
    }
    // First letters and digits, then the hash in base 36: 5 characters tell 60 million apart.
    const QByteArray digest = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256);
    quint64 h = 0;
    for (int i = 0; i < 8; ++i) {
        h = (h << 8) | quint8(digest.at(i));
    }
    QString tail;
    for (int i = 0; i < 5; ++i) {
        const int v = int(h % 36);
        h /= 36;
        tail += v < 10 ? QChar(u'0' + v) : QChar(u'A' + (v - 10));
    }
    return out.left(7) + tail;
}

QString LearningService::certificateNumber(const QString& issuer, int year, int sequence)
{
    const QString body = QStringLiteral("LC-%1-%2-%3")
                             .arg(issuer)
                             .arg(year, 4, 10, QLatin1Char('0'))
                             .arg(sequence, 6, 10, QLatin1Char('0'));
    return body + u'-' + checkCharacter(body);
}

bool LearningService::isValidCertificateNumber(const QString& number)
{
    static const QRegularExpression re(
        QStringLiteral("^LC-[A-Z0-9]{1,12}-[0-9]{4}-[0-9]{6}-[0-9A-Z]$"));
    if (!re.match(number).hasMatch()) {
        return false;
    }
    return checkCharacter(number.left(number.size() - 2)) == number.back();
}

Result<std::optional<CertificateRecord>> LearningService::certificate(const QString& number) const
{
    const QString n = number.trimmed().toUpper();
    auto q = m_db.exec(QStringLiteral("SELECT number, login, display_name, course_id, "
                                      "course_version, course_title, score, completed_at, "
                                      "issued_at FROM learning_certificates WHERE number = ?"),
                       {n});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<CertificateRecord>();
    }
    CertificateRecord r;
    r.number = q->value(0).toString();
    r.login = q->value(1).toString();
    r.displayName = q->value(2).toString();
    r.courseId = q->value(3).toString();
    r.courseVersion = q->value(4).toInt();
    r.courseTitle = q->value(5).toString();
    r.score = q->value(6).toInt();
    r.completedAt = fromIso(q->value(7));
    r.issuedAt = fromIso(q->value(8));
    return std::optional<CertificateRecord>(r);
}

Result<QByteArray> LearningService::certificatePdf(const QString& number) const
{
    auto r = certificate(number);
    if (!r) {
        return r.error();
    }
    if (!r->has_value()) {
        return notFound(
            QCoreApplication::translate("LearningService", "no certificate %1 was issued here")
                .arg(number.trimmed()));
    }
    const CertificateRecord& c = **r;
    const QDate day = c.completedAt.toTimeZone(QTimeZone(9 * 3600)).date();
    documents::CompletionCertificateDocument doc;
    doc.number = c.number;
    doc.name = c.displayName;
    doc.courseTitle = c.courseTitle;
    doc.completedWareki = text::Wareki::format(day);
    doc.completedWestern = day.toString(Qt::ISODate);
    doc.score = c.score >= 0 ? QStringLiteral("%1%").arg(c.score) : QString();
    // The issuer as on other certificates: the municipality's head, else the product.
    InstallationSettings settings(m_db);
    auto lg = settings.municipalityCode();
    QString place;
    if (lg && !lg->isEmpty()) {
        auto full = ReferenceData(m_db).fullName(*lg);
        place = full ? *full : QString();
    }
    doc.issuer = place.isEmpty() ? QStringLiteral("Madoguchi") : place + QStringLiteral("長");
    return documents::completionCertificatePdf(doc);
}

// ---- supervisors ----------------------------------------------------------------------------

Result<QList<CompletionRow>> LearningService::completionReport(const Session& by) const
{
    if (Status st = by.require(Permission::ViewTrainingRecords); !st) {
        return st.error();
    }
    auto list = courses();
    if (!list) {
        return list.error();
    }
    auto ops = m_db.exec(QStringLiteral(
        "SELECT login, display_name FROM operators WHERE active = 1 ORDER BY login"));
    if (!ops) {
        return ops.error();
    }
    QList<QPair<QString, QString>> people;
    while (ops->next()) {
        people << qMakePair(ops->value(0).toString(), ops->value(1).toString());
    }
    ops->finish();
    struct Row
    {
        Enrolment e;
        int viewed = 0;
        int best = -1;
        int attempts = 0;
    };
    QHash<QString, Row> rows; // login \t course id
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM learning_enrolments e")
                           .arg(QLatin1String(kEnrolmentColumns)));
    if (!q) {
        return q.error();
    }
    QHash<qint64, QString> keyOf;
    while (q->next()) {
        Row r;
        r.e = enrolmentFromRow(*q);
        const QString key = r.e.login + u'\t' + r.e.courseId;
        keyOf.insert(r.e.id, key);
        rows.insert(key, r);
    }
    q->finish();
    auto lessons = m_db.exec(QStringLiteral(
        "SELECT enrolment_id, COUNT(*) FROM lesson_progress WHERE completed = 1 GROUP BY "
        "enrolment_id"));
    if (!lessons) {
        return lessons.error();
    }
    while (lessons->next()) {
        rows[keyOf.value(lessons->value(0).toLongLong())].viewed = lessons->value(1).toInt();
    }
    lessons->finish();
    auto tries = m_db.exec(QStringLiteral("SELECT enrolment_id, score, max_score FROM "
                                          "quiz_attempts WHERE submitted_at <> ''"));
    if (!tries) {
        return tries.error();
    }
    while (tries->next()) {
        Row& r = rows[keyOf.value(tries->value(0).toLongLong())];
        ++r.attempts;
        r.best = std::max(r.best, percentOf(tries->value(1).toInt(), tries->value(2).toInt()));
    }
    tries->finish();
    QList<CompletionRow> out;
    for (const auto& [login, name] : std::as_const(people)) {
        for (const CourseSummary& c : std::as_const(*list)) {
            CompletionRow row;
            row.login = login;
            row.displayName = name;
            row.courseId = c.courseId;
            row.courseTitle = c.title;
            row.lessonCount = c.lessonCount;
            row.state = QStringLiteral("not_enrolled");
            if (auto it = rows.constFind(login + u'\t' + c.courseId); it != rows.cend()) {
                row.state = it->e.completedAt.isValid() ? QStringLiteral("completed")
                                                        : QStringLiteral("in_progress");
                row.lessonsViewed = it->viewed;
                row.bestScore = it->best;
                row.attempts = it->attempts;
                row.completedAt = it->e.completedAt;
                row.certificateNumber = it->e.certificateNumber;
            }
            out << row;
        }
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("learning.report"), {},
                                          QStringLiteral("%1 rows").arg(out.size()));
        !st) {
        return st.error();
    }
    return out;
}

QByteArray LearningService::completionCsv(const QList<CompletionRow>& rows)
{
    auto field = [](const QString& v) {
        if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r')) {
            QString q = v;
            q.replace(QStringLiteral("\""), QStringLiteral("\"\""));
            return u'"' + q + u'"';
        }
        return v;
    };
    QString out = QStringLiteral("login,name,course,title,state,lessons_viewed,lessons,best_score,"
                                 "attempts,completed,certificate\r\n");
    for (const CompletionRow& r : rows) {
        const QStringList cells = {
            r.login,
            r.displayName,
            r.courseId,
            r.courseTitle,
            r.state,
            QString::number(r.lessonsViewed),
            QString::number(r.lessonCount),
            r.bestScore >= 0 ? QString::number(r.bestScore) : QString(),
            QString::number(r.attempts),
            r.completedAt.isValid()
                ? r.completedAt.toTimeZone(QTimeZone(9 * 3600)).date().toString(Qt::ISODate)
                : QString(),
            r.certificateNumber};
        QStringList escaped;
        for (const QString& c : cells) {
            escaped << field(c);
        }
        out += escaped.join(u',') + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

// ---- role requirements ----------------------------------------------------------------------

Status LearningService::requireCourse(const QString& roleId, const QString& courseId,
                                      const Session& by)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st;
    }
    if (!roles::fromId(roleId)) {
        return invalid(
            QCoreApplication::translate("LearningService", "there is no role \"%1\"").arg(roleId));
    }
    if (!isValidCourseId(courseId)) {
        return invalid(QCoreApplication::translate("LearningService", "\"%1\" is not a course id")
                           .arg(courseId));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto there = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM role_course_requirements WHERE "
                                            "role = ? AND course_id = ?"),
                             {roleId, courseId});
    if (!there) {
        return there.error();
    }
    if (there->toInt() > 0) {
        return {};
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO role_course_requirements (role, "
                                            "course_id, set_at, set_by) VALUES (?, ?, ?, ?)"),
                             {roleId, courseId, Clock::isoNow(), by.login()});
        !st) {
        return st;
    }
    if (Status st =
            AuditLog(m_db).record(by.login(), QStringLiteral("learning.require"), roleId, courseId);
        !st) {
        return st;
    }
    return tx.commit();
}

Status LearningService::dropRequirement(const QString& roleId, const QString& courseId,
                                        const Session& by)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st;
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto gone = m_db.exec(
        QStringLiteral("DELETE FROM role_course_requirements WHERE role = ? AND course_id = ?"),
        {roleId, courseId});
    if (!gone) {
        return gone.error();
    }
    if (gone->numRowsAffected() < 1) {
        return notFound(QCoreApplication::translate("LearningService",
                                                    "role \"%1\" does not require course \"%2\"")
                            .arg(roleId, courseId));
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("learning.unrequire"), roleId,
                                          courseId);
        !st) {
        return st;
    }
    return tx.commit();
}

Result<QList<RoleRequirement>> LearningService::requirements() const
{
    auto q = m_db.exec(QStringLiteral(
        "SELECT role, course_id FROM role_course_requirements ORDER BY role, course_id"));
    if (!q) {
        return q.error();
    }
    QList<RoleRequirement> out;
    while (q->next()) {
        out << RoleRequirement{q->value(0).toString(), q->value(1).toString()};
    }
    return out;
}

Status LearningService::checkRoleRequirements(const QString& login, const QList<Role>& wanted) const
{
    auto all = requirements();
    if (!all) {
        return all.error();
    }
    QStringList missing;
    QStringList forRoles;
    for (const RoleRequirement& r : std::as_const(*all)) {
        const auto role = roles::fromId(r.role);
        if (!role || !wanted.contains(*role) || missing.contains(r.courseId)) {
            continue;
        }
        auto done =
            m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM learning_enrolments WHERE "
                                       "login = ? AND course_id = ? AND completed_at <> ''"),
                        {login, r.courseId});
        if (!done) {
            return done.error();
        }
        if (done->toInt() == 0) {
            missing << r.courseId;
            if (!forRoles.contains(roles::displayName(*role))) {
                forRoles << roles::displayName(*role);
            }
        }
    }
    if (missing.isEmpty()) {
        return {};
    }
    return Error(
        QCoreApplication::translate("LearningService",
                                    "%1 must complete %2 before being given the role %3")
            .arg(login, missing.join(QStringLiteral(", ")), forRoles.join(QStringLiteral(", "))),
        QStringLiteral("learning.requirement"));
}

} // namespace madoguchi::learning
