// Learners' records on both engines: enrolment, lesson progress and where to resume, quiz
// attempts (the four question types scored right and wrong, a shuffled order that scores the
// same, the attempts limit, explanations only after submission, no second submission),
// completion rules, the certificate number and its PDF, the supervisors' report and CSV, and
// roles that require a passed course.
#include "PdfReader.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "learning/LearningService.h"
#include "settings/InstallationSettings.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

QDateTime jst(int y, int m, int d, int h = 10)
{
    return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone(9 * 3600));
}

// A lesson PDF of `pages` pages, each saying which page it is.
QByteArray lessonPdf(int pages)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    QPainter painter(&writer);
    for (int p = 1; p <= pages; ++p) {
        if (p > 1) {
            writer.newPage();
        }
        painter.drawText(200, 200, QStringLiteral("page %1").arg(p));
    }
    painter.end();
    return bytes;
}

Question question(const char* id, QuestionType type, QStringList choices, QStringList answer)
{
    Question q;
    q.id = QString::fromLatin1(id);
    q.type = type;
    q.text = QStringLiteral("question ") + q.id;
    for (const QString& c : choices) {
        q.choices << Choice{c, QStringLiteral("choice ") + c};
    }
    q.answer = answer;
    q.explanation = QStringLiteral("because of ") + q.id;
    return q;
}

// The security course: two lessons (3 and 2 pages), a quiz of one question of each type,
// pass mark 75, two attempts.
Course securityCourse()
{
    Course c;
    c.id = QStringLiteral("personal-data-security");
    c.version = 1;
    c.title = QStringLiteral("個人情報・マイナンバーの安全な取扱い");
    c.titleEn = QStringLiteral("Handling personal data and My Numbers safely");
    c.publisher = QStringLiteral("Madoguchi");
    Module m;
    m.id = QStringLiteral("m1");
    m.title = QStringLiteral("基本");
    m.lessons << Lesson{QStringLiteral("l1"),
                        QStringLiteral("個人情報とは"),
                        {},
                        QStringLiteral("lessons/l1.pdf")}
              << Lesson{QStringLiteral("l2"),
                        QStringLiteral("マイナンバーの取扱い"),
                        {},
                        QStringLiteral("lessons/l2.pdf")};
    c.modules << m;
    c.quiz.id = QStringLiteral("final");
    c.quiz.title = QStringLiteral("確認テスト");
    c.quiz.passMark = 75;
    c.quiz.maxAttempts = 2;
    c.quiz.shuffle = true;
    const QStringList abcd = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                              QStringLiteral("d")};
    c.quiz.questions << question("q1", QuestionType::Single, abcd, {QStringLiteral("b")})
                     << question("q2", QuestionType::Multiple, abcd,
                                 {QStringLiteral("a"), QStringLiteral("c")})
                     << question("q3", QuestionType::TrueFalse, {}, {QStringLiteral("false")})
                     << question("q4", QuestionType::Ordering, abcd,
                                 {QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("d"),
                                  QStringLiteral("b")});
    return c;
}

// A course with no lessons to view and eight single-choice questions, unlimited attempts.
Course counterCourse(bool shuffle)
{
    Course c;
    c.id = QStringLiteral("counter-basics");
    c.title = QStringLiteral("窓口の基本");
    c.publisher = QStringLiteral("Madoguchi");
    c.requireAllLessons = false;
    Module m;
    m.id = QStringLiteral("m1");
    m.title = QStringLiteral("基本");
    m.lessons << Lesson{
        QStringLiteral("l1"), QStringLiteral("窓口"), {}, QStringLiteral("lessons/l1.pdf")};
    c.modules << m;
    c.quiz.id = QStringLiteral("final");
    c.quiz.title = QStringLiteral("確認テスト");
    c.quiz.passMark = 100;
    c.quiz.maxAttempts = 0;
    c.quiz.shuffle = shuffle;
    const QStringList abcd = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                              QStringLiteral("d")};
    for (int i = 1; i <= 8; ++i) {
        c.quiz.questions << question(qPrintable(QStringLiteral("q%1").arg(i)), QuestionType::Single,
                                     abcd, {abcd.at(i % 4)});
    }
    return c;
}

Status install(const Database& db, const Course& c, const QList<int>& pages)
{
    if (Status st = db.run(
            QStringLiteral("INSERT INTO courses (course_id, version, title, title_en, "
                           "description, publisher, source, manifest, quiz, imported_at, "
                           "imported_by) VALUES (?, ?, ?, ?, ?, ?, 'package', ?, ?, ?, 'admin')"),
            {c.id, c.version, c.title, c.titleEn, c.description, c.publisher,
             QString::fromUtf8(manifestJson(c)), QString::fromUtf8(quizJson(c.quiz)),
             Clock::isoNow()});
        !st) {
        return st;
    }
    auto row =
        db.scalar(QStringLiteral("SELECT id FROM courses WHERE course_id = ? AND version = ?"),
                  {c.id, c.version});
    if (!row) {
        return row.error();
    }
    int position = 0;
    for (const Lesson& l : c.lessons()) {
        const int n = pages.value(position, 1);
        if (Status st = db.run(QStringLiteral("INSERT INTO course_lessons (course_row, lesson_id, "
                                              "module_id, position, title, pages, pdf) VALUES "
                                              "(?, ?, 'm1', ?, ?, ?, ?)"),
                               {row->toLongLong(), l.id, position, l.title, n, lessonPdf(n)});
            !st) {
            return st;
        }
        ++position;
    }
    return {};
}

// Answers to every question of `c`: right, or wrong in the way each type goes wrong.
QMap<QString, QStringList> answers(const Course& c, bool right)
{
    QMap<QString, QStringList> out;
    for (const Question& q : c.quiz.questions) {
        QStringList a = q.answer;
        if (!right) {
            switch (q.type) {
            case QuestionType::Single:
                a = {q.answer.first() == QStringLiteral("a") ? QStringLiteral("b")
                                                             : QStringLiteral("a")};
                break;
            case QuestionType::Multiple:
                a = {q.answer.first()}; // half the set
                break;
            case QuestionType::TrueFalse:
                a = {q.answer.first() == QStringLiteral("true") ? QStringLiteral("false")
                                                                : QStringLiteral("true")};
                break;
            case QuestionType::Ordering:
                a.swapItemsAt(0, 1);
                break;
            }
        }
        out.insert(q.id, a);
    }
    return out;
}

} // namespace

class TestLearning : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
    };

    Fixture make(const QString& engine, bool shuffleCounter = true)
    {
        auto db = test::registerDatabase(engine, m_dir);
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            qFatal("fixture: %s", qPrintable(db ? staff.errorMessage() : db.errorMessage()));
        }
        if (Status st = install(*db, securityCourse(), {3, 2}); !st) {
            qFatal("course: %s", qPrintable(st.errorMessage()));
        }
        if (Status st = install(*db, counterCourse(shuffleCounter), {1}); !st) {
            qFatal("course: %s", qPrintable(st.errorMessage()));
        }
        return {*db, *staff};
    }

    static OperatorService ops(const Fixture& f)
    {
        return OperatorService(f.db, PasswordHasher::Params{10, 8, 1});
    }

    static int outboxCount(const Database& db, const QString& kind)
    {
        auto n = db.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE kind = ?"), {kind});
        return n ? n->toInt() : -1;
    }

    // Views every page of every lesson of the security course.
    static void viewAll(LearningService& s, qint64 enrolment, const Session& who)
    {
        QVERIFY(s.recordProgress(enrolment, QStringLiteral("l1"), 3, {1, 2, 3}, 3, 60, who));
        QVERIFY(s.recordProgress(enrolment, QStringLiteral("l2"), 2, {1, 2}, 2, 60, who));
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }
    void init() { Clock::setInstance(std::make_shared<MockClock>(jst(2026, 11, 26))); }
    void cleanup() { Clock::setInstance(nullptr); }

    void coursesAndEnrolment_data() { test::addEngineRows(); }
    void coursesAndEnrolment()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        auto list = s.courses();
        QVERIFY2(list, qPrintable(list.errorMessage()));
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).courseId, QStringLiteral("personal-data-security"));
        QCOMPARE(list->at(1).lessonCount, 2);
        QCOMPARE(list->at(1).questionCount, 4);
        QVERIFY(s.lessonPdf(QStringLiteral("personal-data-security"), QStringLiteral("l2"))
                    ->startsWith("%PDF"));

        auto e = s.enrol(QStringLiteral("personal-data-security"), f.staff.trainee);
        QVERIFY2(e, qPrintable(e.errorMessage()));
        auto again = s.enrol(QStringLiteral("personal-data-security"), f.staff.trainee);
        QCOMPARE(again->id, e->id);
        QCOMPARE(outboxCount(f.db, QStringLiteral("learning.enrolment")), 1);
        QCOMPARE(s.enrol(QStringLiteral("no-such-course"), f.staff.trainee).error().code,
                 QStringLiteral("learning.notfound"));
        QCOMPARE(s.enrolments(QStringLiteral("trainee"))->size(), 1);
        QVERIFY(!s.enrolment(QStringLiteral("personal-data-security"), QStringLiteral("clerk"))
                     ->has_value());
    }

    void progressAndResume_data() { test::addEngineRows(); }
    void progressAndResume()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        const qint64 e = s.enrol(QStringLiteral("personal-data-security"), f.staff.trainee)->id;

        auto fresh = s.progress(e);
        QCOMPARE(fresh->size(), 2);
        QCOMPARE(fresh->at(0).pageCount, 3); // as counted on import
        QCOMPARE(fresh->at(0).lastPage, 1);
        QVERIFY(!fresh->at(0).completed);

        auto p = s.recordProgress(e, QStringLiteral("l1"), 3, {1, 2}, 2, 45, f.staff.trainee);
        QVERIFY2(p, qPrintable(p.errorMessage()));
        QVERIFY(!p->completed);
        // Resumed later: the page stopped at, the pages seen, the time so far.
        auto later = s.progress(e);
        QCOMPARE(later->at(0).lastPage, 2);
        QCOMPARE(later->at(0).pagesViewed, (QList<int>{1, 2}));
        QCOMPARE(later->at(0).seconds, 45);
        p = s.recordProgress(e, QStringLiteral("l1"), 3, {3, 2}, 3, 15, f.staff.trainee);
        QVERIFY(p->completed);
        QCOMPARE(p->seconds, 60);
        QCOMPARE(p->pagesViewed, (QList<int>{1, 2, 3}));

        QCOMPARE(
            s.recordProgress(e, QStringLiteral("l1"), 3, {4}, 3, 0, f.staff.trainee).error().code,
            QStringLiteral("learning.invalid"));
        QCOMPARE(
            s.recordProgress(e, QStringLiteral("l9"), 3, {1}, 1, 0, f.staff.trainee).error().code,
            QStringLiteral("learning.notfound"));
        // Nobody records progress on another person's enrolment.
        QCOMPARE(
            s.recordProgress(e, QStringLiteral("l2"), 2, {1}, 1, 5, f.staff.clerk).error().code,
            QStringLiteral("auth.denied"));
        QCOMPARE(outboxCount(f.db, QStringLiteral("learning.progress")), 2);
    }

    // The lesson's pages are those counted at import: a viewer (or a caller) that counts fewer
    // does not make a lesson viewed with pages unseen.
    void pageCountAsImported_data() { test::addEngineRows(); }
    void pageCountAsImported()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        auto e = s.enrol(QStringLiteral("personal-data-security"), f.staff.trainee);
        QVERIFY(e);
        auto p = s.recordProgress(e->id, QStringLiteral("l1"), 1, {1}, 1, 10, f.staff.trainee);
        QVERIFY(p);
        QCOMPARE(p->pageCount, 3);
        QVERIFY(!p->completed);
        QCOMPARE(s.recordProgress(e->id, QStringLiteral("l1"), 9, {7}, 7, 0, f.staff.trainee)
                     .error()
                     .code,
                 QStringLiteral("learning.invalid"));
        p = s.recordProgress(e->id, QStringLiteral("l1"), 0, {2, 3}, 3, 10, f.staff.trainee);
        QVERIFY(p && p->completed);
        QCOMPARE(p->pagesViewed, (QList<int>{1, 2, 3}));
    }

    void scoring_data() { test::addEngineRows(); }
    void scoring()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        const Course c = securityCourse();
        const qint64 e = s.enrol(c.id, f.staff.trainee)->id;

        auto a = s.startAttempt(e, f.staff.trainee);
        QVERIFY2(a, qPrintable(a.errorMessage()));
        QCOMPARE(a->number, 1);
        QCOMPARE(a->presented.size(), 4);
        // Nothing of the answers or explanations before submission.
        for (const Question& q : a->presented) {
            QVERIFY(q.answer.isEmpty());
            QVERIFY(q.explanation.isEmpty());
        }
        // Reopened: the same attempt in the same order.
        auto open = s.startAttempt(e, f.staff.trainee);
        QCOMPARE(open->id, a->id);
        QCOMPARE(open->presented.at(0).id, a->presented.at(0).id);

        // Every type wrong: 0 of 4.
        auto wrong = s.submitAttempt(a->id, answers(c, false), f.staff.trainee);
        QVERIFY2(wrong, qPrintable(wrong.errorMessage()));
        QCOMPARE(wrong->attempt.score, 0);
        QCOMPARE(wrong->attempt.maxScore, 4);
        QVERIFY(!wrong->passed);
        QCOMPARE(wrong->attemptsLeft, 1);
        QCOMPARE(wrong->questions.size(), 4);
        for (const QuestionResult& r : wrong->questions) {
            QVERIFY(!r.correct);
            QCOMPARE(r.explanation, QStringLiteral("because of ") + r.questionId);
        }
        QCOMPARE(s.submitAttempt(a->id, answers(c, true), f.staff.trainee).error().code,
                 QStringLiteral("learning.submitted"));

        // Three right, the ordering one wrong: 75% passes a pass mark of 75.
        auto b = s.startAttempt(e, f.staff.trainee);
        QCOMPARE(b->number, 2);
        QMap<QString, QStringList> mostly = answers(c, true);
        mostly[QStringLiteral("q4")] = answers(c, false).value(QStringLiteral("q4"));
        // A multiple-choice answer given in another order is the same set.
        mostly[QStringLiteral("q2")] = {QStringLiteral("c"), QStringLiteral("a")};
        auto passed = s.submitAttempt(b->id, mostly, f.staff.trainee);
        QVERIFY2(passed, qPrintable(passed.errorMessage()));
        QCOMPARE(passed->attempt.score, 3);
        QCOMPARE(passed->percent, 75);
        QVERIFY(passed->passed);
        int right = 0;
        for (const QuestionResult& r : passed->questions) {
            right += r.correct ? 1 : 0;
            QCOMPARE(r.correct, r.questionId != QStringLiteral("q4"));
        }
        QCOMPARE(right, 3);
        // Lessons not viewed: passed, but the course is not complete.
        QVERIFY(!passed->courseCompleted);
        QVERIFY(passed->certificateNumber.isEmpty());
        QCOMPARE(s.startAttempt(e, f.staff.trainee).error().code,
                 QStringLiteral("learning.passed"));
        QCOMPARE(s.attempts(e)->size(), 2);
        QCOMPARE(outboxCount(f.db, QStringLiteral("learning.attempt")), 2);
    }

    void attemptLimit_data() { test::addEngineRows(); }
    void attemptLimit()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        const Course c = securityCourse();
        const qint64 e = s.enrol(c.id, f.staff.clerk)->id;
        for (int i = 0; i < 2; ++i) {
            auto a = s.startAttempt(e, f.staff.clerk);
            QVERIFY2(a, qPrintable(a.errorMessage()));
            QVERIFY(s.submitAttempt(a->id, answers(c, false), f.staff.clerk));
        }
        auto third = s.startAttempt(e, f.staff.clerk);
        QVERIFY(!third);
        QCOMPARE(third.error().code, QStringLiteral("learning.attempts"));
        QVERIFY2(third.errorMessage().contains(QStringLiteral("2")),
                 qPrintable(third.errorMessage()));
        // Someone else's attempt cannot be submitted by this learner.
        const qint64 other = s.enrol(c.id, f.staff.trainee)->id;
        auto theirs = s.startAttempt(other, f.staff.trainee);
        QCOMPARE(s.submitAttempt(theirs->id, answers(c, true), f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
    }

    void shuffledOrderScoresTheSame_data() { test::addEngineRows(); }
    void shuffledOrderScoresTheSame()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        const Course counter = counterCourse(true);
        const qint64 e = s.enrol(counter.id, f.staff.clerk)->id;
        QSet<QString> orders;
        for (int i = 0; i < 6; ++i) {
            auto a = s.startAttempt(e, f.staff.clerk);
            QVERIFY2(a, qPrintable(a.errorMessage()));
            QStringList ids;
            for (const Question& q : a->presented) {
                ids << q.id;
            }
            QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 8);
            orders.insert(ids.join(u','));
            // One wrong answer each time (pass mark 100), so the next attempt is allowed.
            auto given = answers(counter, true);
            given[QStringLiteral("q1")] = {QStringLiteral("d")};
            auto r = s.submitAttempt(a->id, given, f.staff.clerk);
            QCOMPARE(r->attempt.score, 7);
            QCOMPARE(r->attemptsLeft, -1);
        }
        // 8! orders: six attempts in one order would be a broken shuffle.
        QVERIFY(orders.size() > 1);
        auto a = s.startAttempt(e, f.staff.clerk);
        auto r = s.submitAttempt(a->id, answers(counter, true), f.staff.clerk);
        QCOMPARE(r->attempt.score, 8);
        QVERIFY(r->passed);
        // No lessons required by this course: passing completes it.
        QVERIFY(r->courseCompleted);
        QVERIFY(LearningService::isValidCertificateNumber(r->certificateNumber));

        // Ordering choices are shown shuffled, never already in the right order.
        const Course sec = securityCourse();
        const qint64 e2 = s.enrol(sec.id, f.staff.supervisor)->id;
        auto b = s.startAttempt(e2, f.staff.supervisor);
        for (const Question& q : b->presented) {
            if (q.type == QuestionType::Ordering) {
                QStringList shown;
                for (const Choice& ch : q.choices) {
                    shown << ch.id;
                }
                QCOMPARE(shown.size(), 4);
                QVERIFY(shown != sec.quiz.questions.at(3).answer);
            }
        }
    }

    void unshuffledQuiz_data() { test::addEngineRows(); }
    void unshuffledQuiz()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine, false);
        LearningService s(f.db);
        const qint64 e = s.enrol(QStringLiteral("counter-basics"), f.staff.clerk)->id;
        auto a = s.startAttempt(e, f.staff.clerk);
        QStringList ids;
        for (const Question& q : a->presented) {
            ids << q.id;
            QCOMPARE(q.choices.first().id, QStringLiteral("a"));
        }
        QCOMPARE(ids.join(u','), QStringLiteral("q1,q2,q3,q4,q5,q6,q7,q8"));
    }

    void completionAndCertificate_data() { test::addEngineRows(); }
    void completionAndCertificate()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        QVERIFY(InstallationSettings(f.db).setMunicipalityCode(QStringLiteral("142042"),
                                                               QStringLiteral("admin")));
        QVERIFY(InstallationSettings(f.db).setStateValue(QStringLiteral("central.terminal"),
                                                         QStringLiteral("kamakura-01")));
        LearningService s(f.db);
        const Course c = securityCourse();
        const qint64 e = s.enrol(c.id, f.staff.trainee)->id;
        // One lesson fully viewed, the other not: the passed quiz does not complete the course.
        QVERIFY(s.recordProgress(e, QStringLiteral("l1"), 3, {1, 2, 3}, 3, 60, f.staff.trainee));
        QVERIFY(s.recordProgress(e, QStringLiteral("l2"), 2, {1}, 1, 30, f.staff.trainee));
        auto a = s.startAttempt(e, f.staff.trainee);
        auto r = s.submitAttempt(a->id, answers(c, true), f.staff.trainee);
        QVERIFY(r->passed);
        QVERIFY(!r->courseCompleted);
        auto pending = s.enrolment(c.id, QStringLiteral("trainee"));
        QVERIFY(!(*pending)->completedAt.isValid());
        QVERIFY((*pending)->certificateNumber.isEmpty());

        // The last page viewed: complete, with a certificate.
        auto last = s.recordProgress(e, QStringLiteral("l2"), 2, {2}, 2, 30, f.staff.trainee);
        QVERIFY2(last, qPrintable(last.errorMessage()));
        auto done = s.enrolment(c.id, QStringLiteral("trainee"));
        QVERIFY((*done)->completedAt.isValid());
        const QString number = (*done)->certificateNumber;
        QCOMPARE(number.left(24), QStringLiteral("LC-KAMAKURA01-2026-00000"));
        QVERIFY(LearningService::isValidCertificateNumber(number));
        QCOMPARE(outboxCount(f.db, QStringLiteral("learning.certificate")), 1);

        auto cert = s.certificate(number.toLower());
        QVERIFY(cert->has_value());
        QCOMPARE((*cert)->displayName, QStringLiteral("研修 三郎"));
        QCOMPARE((*cert)->courseTitle, c.title);
        QCOMPARE((*cert)->score, 100);
        QVERIFY(!s.certificate(QStringLiteral("LC-X-2026-000001-0"))->has_value());

        auto pdf = s.certificatePdf(number);
        QVERIFY2(pdf, qPrintable(pdf.errorMessage()));
        const QString path = m_dir.filePath(engine + QStringLiteral("-cert.pdf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(*pdf);
        file.close();
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages, qPrintable(pages.errorMessage()));
        QCOMPARE(pages->size(), 1);
        const QString text = pages->first();
        for (const QString& needle :
             {QStringLiteral("Certificate of Completion"), QStringLiteral("研修 三郎"), c.title,
              number, QStringLiteral("令和8年11月26日"), QStringLiteral("2026-11-26"),
              QStringLiteral("100%"), QStringLiteral("鎌倉市長")}) {
            QVERIFY2(text.contains(needle), qPrintable(needle + QStringLiteral(" in ") + text));
        }
        QCOMPARE(s.certificatePdf(QStringLiteral("LC-X-2026-000001-0")).error().code,
                 QStringLiteral("learning.notfound"));

        // A second completion on this workstation takes the next number.
        const qint64 e2 = s.enrol(c.id, f.staff.clerk)->id;
        viewAll(s, e2, f.staff.clerk);
        auto a2 = s.startAttempt(e2, f.staff.clerk);
        auto r2 = s.submitAttempt(a2->id, answers(c, true), f.staff.clerk);
        QVERIFY(r2->courseCompleted);
        QCOMPARE(r2->certificateNumber.left(25), QStringLiteral("LC-KAMAKURA01-2026-000002"));
    }

    void certificateNumbers()
    {
        const QString n = LearningService::certificateNumber(QStringLiteral("KAMAKURA01"), 2026, 1);
        QVERIFY(LearningService::isValidCertificateNumber(n));
        QCOMPARE(n.left(25), QStringLiteral("LC-KAMAKURA01-2026-000001"));
        // One character mistyped, two neighbours swapped: told apart from a real number.
        QString typo = n;
        typo[20] = typo[20] == u'9' ? u'8' : u'9';
        QVERIFY(!LearningService::isValidCertificateNumber(typo));
        QString swapped =
            LearningService::certificateNumber(QStringLiteral("KAMAKURA01"), 2026, 12);
        QVERIFY(LearningService::isValidCertificateNumber(swapped));
        std::swap(swapped[23], swapped[24]); // …000021-C
        QVERIFY(!LearningService::isValidCertificateNumber(swapped));
        QVERIFY(!LearningService::isValidCertificateNumber(QStringLiteral("LC-2026-1")));
        QCOMPARE(LearningService::issuerOf(QStringLiteral("kamakura-01")),
                 QStringLiteral("KAMAKURA01"));
        // Names that lose letters (Japanese, or longer than 12) still tell workstations apart:
        // each numbers its own certificates, so two alike would issue the same numbers.
        const QStringList terminals = {QStringLiteral("窓口"),
                                       QStringLiteral("窓口2"),
                                       QStringLiteral("本庁-窓口2"),
                                       QStringLiteral("支所-窓口2"),
                                       QStringLiteral("madoguchi-ws-honcho-01"),
                                       QStringLiteral("madoguchi-ws-honcho-02"),
                                       QStringLiteral("kamakura-01")};
        QSet<QString> issuers;
        for (const QString& t : terminals) {
            const QString issuer = LearningService::issuerOf(t);
            QVERIFY2(
                QRegularExpression(QStringLiteral("^[A-Z0-9]{1,12}$")).match(issuer).hasMatch(),
                qPrintable(issuer));
            QVERIFY(LearningService::isValidCertificateNumber(
                LearningService::certificateNumber(issuer, 2026, 1)));
            QCOMPARE(LearningService::issuerOf(t), issuer); // the same every time
            issuers.insert(issuer);
        }
        QCOMPARE(issuers.size(), terminals.size());
    }

    // A new version installed while a learner is on the old one: the learner goes on with the
    // version enrolled in (its lessons, pages and quiz), and the progress made is kept.
    void newVersionWhileEnrolled_data() { test::addEngineRows(); }
    void newVersionWhileEnrolled()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        const Course v1 = securityCourse();
        auto e = s.enrol(v1.id, f.staff.trainee);
        QVERIFY(e);
        QVERIFY(
            s.recordProgress(e->id, QStringLiteral("l1"), 3, {1, 2, 3}, 3, 60, f.staff.trainee));
        Course v2 = v1;
        v2.version = 2;
        v2.modules[0].lessons[1].id = QStringLiteral("l3");
        v2.modules[0].lessons[1].pdf = QStringLiteral("lessons/l3.pdf");
        QVERIFY(install(f.db, v2, {5, 4}));
        QCOMPARE(s.course(v1.id)->version, 2);

        // The lesson as in version 1 (3 pages), not version 2's (5).
        auto pdf = s.lessonPdf(v1.id, e->courseVersion, QStringLiteral("l1"));
        QVERIFY(pdf);
        auto v1Pdf = f.db.scalar(
            QStringLiteral(
                "SELECT l.pdf FROM course_lessons l JOIN courses c ON c.id = l.course_row WHERE "
                "c.course_id = ? AND c.version = 1 AND l.lesson_id = 'l1'"),
            {v1.id});
        QCOMPARE(*pdf, v1Pdf->toByteArray());
        QCOMPARE(s.lessonPdf(v1.id, 1, QStringLiteral("l3")).error().code,
                 QStringLiteral("learning.notfound"));
        QVERIFY(s.lessonPdf(v1.id, 2, QStringLiteral("l3")));

        auto p = s.progress(e->id);
        QCOMPARE(p->size(), 2);
        QVERIFY(p->at(0).completed);
        QCOMPARE(p->at(1).lessonId, QStringLiteral("l2"));
        QVERIFY(s.recordProgress(e->id, QStringLiteral("l2"), 2, {1, 2}, 2, 30, f.staff.trainee));
        auto a = s.startAttempt(e->id, f.staff.trainee);
        QVERIFY(a);
        auto r = s.submitAttempt(a->id, answers(v1, true), f.staff.trainee);
        QVERIFY(r);
        QVERIFY(r->courseCompleted);
        QVERIFY(!r->certificateNumber.isEmpty());
        QCOMPARE(s.certificate(r->certificateNumber)->value().courseVersion, 1);
    }

    void reportAndCsv_data() { test::addEngineRows(); }
    void reportAndCsv()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        const Course c = securityCourse();
        const qint64 e = s.enrol(c.id, f.staff.trainee)->id;
        viewAll(s, e, f.staff.trainee);
        auto a = s.startAttempt(e, f.staff.trainee);
        QVERIFY(s.submitAttempt(a->id, answers(c, true), f.staff.trainee));
        const qint64 e2 = s.enrol(c.id, f.staff.clerk)->id;
        QVERIFY(s.recordProgress(e2, QStringLiteral("l1"), 3, {1, 2, 3}, 3, 60, f.staff.clerk));

        QCOMPARE(s.completionReport(f.staff.clerk).error().code, QStringLiteral("auth.denied"));
        auto rows = s.completionReport(f.staff.supervisor);
        QVERIFY2(rows, qPrintable(rows.errorMessage()));
        QCOMPARE(rows->size(), 5 * 2); // five active operators × two courses
        auto find = [&](const QString& login, const QString& course) {
            for (const CompletionRow& r : *rows) {
                if (r.login == login && r.courseId == course) {
                    return r;
                }
            }
            return CompletionRow{};
        };
        const CompletionRow t = find(QStringLiteral("trainee"), c.id);
        QCOMPARE(t.state, QStringLiteral("completed"));
        QCOMPARE(t.lessonsViewed, 2);
        QCOMPARE(t.lessonCount, 2);
        QCOMPARE(t.bestScore, 100);
        QCOMPARE(t.attempts, 1);
        QVERIFY(LearningService::isValidCertificateNumber(t.certificateNumber));
        const CompletionRow k = find(QStringLiteral("clerk"), c.id);
        QCOMPARE(k.state, QStringLiteral("in_progress"));
        QCOMPARE(k.lessonsViewed, 1);
        QCOMPARE(k.bestScore, -1);
        QCOMPARE(find(QStringLiteral("chief"), c.id).state, QStringLiteral("not_enrolled"));

        const QStringList lines =
            QString::fromUtf8(LearningService::completionCsv(*rows)).split(QStringLiteral("\r\n"));
        QCOMPARE(lines.first(), QStringLiteral("login,name,course,title,state,lessons_viewed,"
                                               "lessons,best_score,attempts,completed,"
                                               "certificate"));
        QVERIFY(lines.contains(QStringLiteral("trainee,研修 三郎,personal-data-security,") +
                               c.title + QStringLiteral(",completed,2,2,100,1,2026-11-26,") +
                               t.certificateNumber));
        QVERIFY(lines.contains(QStringLiteral("clerk,窓口 花子,personal-data-security,") + c.title +
                               QStringLiteral(",in_progress,1,2,,0,,")));
    }

    void roleRequirements_data() { test::addEngineRows(); }
    void roleRequirements()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        LearningService s(f.db);
        OperatorService ops(f.db, PasswordHasher::Params{10, 8, 1});
        const Course c = securityCourse();
        QCOMPARE(s.requireCourse(QStringLiteral("clerk"), c.id, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(s.requireCourse(QStringLiteral("cook"), c.id, f.staff.admin).error().code,
                 QStringLiteral("learning.invalid"));
        QVERIFY(s.requireCourse(QStringLiteral("clerk"), c.id, f.staff.admin));
        QVERIFY(s.requireCourse(QStringLiteral("clerk"), c.id, f.staff.admin)); // twice: once
        QCOMPARE(s.requirements()->size(), 1);

        // A new account cannot start as a clerk; a trainee cannot be made one before passing.
        auto refused =
            ops.create({QStringLiteral("newbie"), QStringLiteral("新人 四郎"), {Role::Clerk}},
                       QStringLiteral("test-pass-1"), f.staff.admin);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("learning.requirement"));
        QVERIFY2(refused.errorMessage().contains(c.id), qPrintable(refused.errorMessage()));
        QVERIFY(!ops.find(QStringLiteral("newbie"))->has_value());
        auto promoted =
            ops.setRoles(QStringLiteral("trainee"), {Role::Trainee, Role::Clerk}, f.staff.admin);
        QCOMPARE(promoted.error().code, QStringLiteral("learning.requirement"));
        // Only those who manage operators change roles.
        QCOMPARE(
            ops.setRoles(QStringLiteral("trainee"), {Role::Trainee}, f.staff.clerk).error().code,
            QStringLiteral("auth.denied"));
        // A role not requiring anything is given at once.
        QVERIFY(ops.setRoles(QStringLiteral("trainee"), {Role::Trainee, Role::DisasterStaff},
                             f.staff.admin));

        const qint64 e = s.enrol(c.id, f.staff.trainee)->id;
        viewAll(s, e, f.staff.trainee);
        auto a = s.startAttempt(e, f.staff.trainee);
        QVERIFY(s.submitAttempt(a->id, answers(c, true), f.staff.trainee)->courseCompleted);
        promoted =
            ops.setRoles(QStringLiteral("trainee"), {Role::Trainee, Role::Clerk}, f.staff.admin);
        QVERIFY2(promoted, qPrintable(promoted.errorMessage()));
        QVERIFY(promoted->roles.contains(Role::Clerk));
        QVERIFY(!promoted->roles.contains(Role::DisasterStaff));
        // The clerk made before the requirement keeps the role when other roles change.
        QVERIFY(ops.setRoles(QStringLiteral("clerk"), {Role::Clerk, Role::Trainee}, f.staff.admin));

        QCOMPARE(s.dropRequirement(QStringLiteral("clerk"), QStringLiteral("counter-basics"),
                                   f.staff.admin)
                     .error()
                     .code,
                 QStringLiteral("learning.notfound"));
        QVERIFY(s.dropRequirement(QStringLiteral("clerk"), c.id, f.staff.admin));
        QVERIFY(ops.create({QStringLiteral("newbie"), QStringLiteral("新人 四郎"), {Role::Clerk}},
                           QStringLiteral("test-pass-1"), f.staff.admin));
    }

    void commandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        auto cli = [&](const QStringList& args, const QString& login) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), f.db.spec().path, QStringLiteral("learning")} +
                    args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        const QString admin = QStringLiteral("admin");
        const QString trainee = QStringLiteral("trainee");
        const QString course = QStringLiteral("personal-data-security");
        QCOMPARE(cli({QStringLiteral("require"), QStringLiteral("clerk"), course},
                     QStringLiteral("clerk"))
                     .code,
                 3);
        QCOMPARE(cli({QStringLiteral("require"), QStringLiteral("clerk"), course}, admin).code, 0);
        QVERIFY(cli({QStringLiteral("requirements")}, admin)
                    .out.contains(QStringLiteral("clerk\tpersonal-data-security")));
        auto roles = [&](const QString& list) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                {QStringLiteral("--db"), f.db.spec().path, QStringLiteral("operator"),
                 QStringLiteral("roles"), trainee, list},
                {{QStringLiteral("MADOGUCHI_OPERATOR"), admin},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        test::ProcessRun r = roles(QStringLiteral("trainee,clerk"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(course), qPrintable(r.err));

        r = cli({QStringLiteral("enrol"), course}, trainee);
        QCOMPARE(r.code, 0);
        LearningService s(f.db);
        const Course c = securityCourse();
        const qint64 e = (*s.enrolment(course, trainee))->id;
        viewAll(s, e, f.staff.trainee);
        auto a = s.startAttempt(e, f.staff.trainee);
        const QString number =
            s.submitAttempt(a->id, answers(c, true), f.staff.trainee)->certificateNumber;
        QVERIFY(LearningService::isValidCertificateNumber(number));

        r = cli({QStringLiteral("status"), QStringLiteral("--json")}, trainee);
        QCOMPARE(r.code, 0);
        const QJsonObject status = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject mine =
            status.value(QStringLiteral("courses")).toArray().first().toObject();
        QCOMPARE(mine.value(QStringLiteral("course")).toString(), course);
        QCOMPARE(mine.value(QStringLiteral("certificate")).toString(), number);
        QCOMPARE(mine.value(QStringLiteral("best_score")).toInt(), 100);
        QCOMPARE(mine.value(QStringLiteral("completed")).toString(), QStringLiteral("2026-11-26"));
        QCOMPARE(mine.value(QStringLiteral("lessons"))
                     .toArray()
                     .first()[QStringLiteral("pages")]
                     .toInt(),
                 3);

        const QString pdf = m_dir.filePath(QStringLiteral("cli-cert.pdf"));
        QCOMPARE(cli({QStringLiteral("certificate"), QStringLiteral("pdf"), number,
                      QStringLiteral("--out"), pdf},
                     trainee)
                     .code,
                 0);
        QVERIFY(test::pdfPageTexts(pdf)->first().contains(number));
        // Someone else's certificate only for those who view training records.
        QCOMPARE(cli({QStringLiteral("certificate"), QStringLiteral("pdf"), number,
                      QStringLiteral("--out"), pdf},
                     QStringLiteral("clerk"))
                     .code,
                 3);

        const QString csv = m_dir.filePath(QStringLiteral("cli-report.csv"));
        QCOMPARE(cli({QStringLiteral("report")}, trainee).code, 3);
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--csv"), csv},
                     QStringLiteral("supervisor"))
                     .code,
                 0);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(file.readAll())
                    .contains(QStringLiteral("trainee,研修 三郎,personal-data-security,") +
                              c.title + QStringLiteral(",completed,2,2,100,1,2026-11-26,") +
                              number));

        // Anyone checks a number, without signing in.
        r = cli({QStringLiteral("certificate"), QStringLiteral("verify"), number.toLower()}, {});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("研修 三郎")) && r.out.contains(c.title),
                 qPrintable(r.out));
        QString typo = number;
        typo[typo.size() - 3] = typo[typo.size() - 3] == u'1' ? u'2' : u'1';
        r = cli({QStringLiteral("certificate"), QStringLiteral("verify"), typo}, {});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not a certificate number")), qPrintable(r.err));
        r = cli({QStringLiteral("certificate"), QStringLiteral("verify"),
                 LearningService::certificateNumber(QStringLiteral("ELSEWHERE"), 2026, 5)},
                {});
        QCOMPARE(r.code, 1);

        // Passed: the role is given.
        r = roles(QStringLiteral("trainee,clerk"));
        QCOMPARE(r.code, 0);
        QVERIFY(ops(f).find(trainee)->value().roles.contains(Role::Clerk));
        QCOMPARE(cli({QStringLiteral("unrequire"), QStringLiteral("clerk"), course}, admin).code,
                 0);
        QVERIFY(cli({QStringLiteral("requirements")}, admin).out.trimmed().isEmpty());
    }
};

QTEST_MAIN(TestLearning)
#include "tst_learning.moc"
