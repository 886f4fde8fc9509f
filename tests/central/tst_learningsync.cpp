// Training records against a running central: a learner studies and passes a course on a
// workstation while central is down; when central is back, one sync brings the enrolment, the
// lesson progress, the attempts and the certificate there; central keeps the latest record of
// each; anyone checks the certificate number with a plain HTTP GET (no signature), and the
// command line confirms it from central; an unknown or mistyped number is refused both ways.
#include "CentralProcess.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "auth/PasswordHasher.h"
#include "common/Clock.h"
#include "learning/LearningService.h"
#include "sync/CentralClient.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

Course course()
{
    Course c;
    c.id = QStringLiteral("personal-data-security");
    c.title = QStringLiteral("個人情報・マイナンバーの安全な取扱い");
    c.publisher = QStringLiteral("Madoguchi");
    Module m;
    m.id = QStringLiteral("m1");
    m.title = QStringLiteral("基本");
    m.lessons << Lesson{
        QStringLiteral("l1"), QStringLiteral("個人情報とは"), {}, QStringLiteral("lessons/l1.pdf")};
    c.modules << m;
    c.quiz.id = QStringLiteral("final");
    c.quiz.title = QStringLiteral("確認テスト");
    c.quiz.passMark = 100;
    c.quiz.maxAttempts = 3;
    Question q;
    q.id = QStringLiteral("q1");
    q.type = QuestionType::TrueFalse;
    q.text = QStringLiteral("マイナンバーは本人確認書類なしに告げてよい。");
    q.answer = {QStringLiteral("false")};
    c.quiz.questions << q;
    return c;
}

// A plain GET, as anyone outside the sync would make it.
QPair<int, QJsonObject> httpGet(const QUrl& url)
{
    QNetworkAccessManager nam;
    QNetworkReply* reply = nam.get(QNetworkRequest(url));
    if (!test::waitFor([reply] { return reply->isFinished(); }, 15000)) {
        return {-1, {}};
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return {status, body};
}

} // namespace

class TestLearningSync : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<test::CentralProcess> m_central;
    Database m_db;
    QString m_dbPath;
    Session m_learner;
    sync::Enrollment m_enrollment;
    QString m_number;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    test::ProcessRun cli(const QStringList& args)
    {
        return test::runProcess(QStringLiteral(MADOGUCHI_CLI),
                                QStringList{QStringLiteral("--db"), m_dbPath} + args,
                                {{QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")},
                                 {QStringLiteral("MADOGUCHI_OPERATOR"), QString()}});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", path(QStringLiteral("keys")).toUtf8());
        QVERIFY(QDir().mkpath(path(QStringLiteral("central"))));
        m_central = std::make_unique<test::CentralProcess>(QStringLiteral(MADOGUCHI_CENTRAL),
                                                           path(QStringLiteral("central")));
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        QVERIFY2(m_central->addOperator(QStringLiteral("kenshu"), QStringLiteral("trainee"),
                                        QStringLiteral("kenshu-pass-1")),
                 qPrintable(m_central->errorString()));
        QVERIFY2(m_central->addOperator(QStringLiteral("kakaricho"), QStringLiteral("supervisor"),
                                        QStringLiteral("kakaricho-pass-1")),
                 qPrintable(m_central->errorString()));

        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db, qPrintable(db.errorMessage()));
        m_db = *db;
        m_dbPath = m_db.spec().path;
        auto staff = test::makeStaff(m_db);
        QVERIFY(staff);
        OperatorService ops(m_db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(ops.create({QStringLiteral("kenshu"), QStringLiteral("研修 花子"), {Role::Trainee}},
                           QStringLiteral("kenshu-pass-1"), staff->admin));
        auto learner = ops.authenticate(QStringLiteral("kenshu"), QStringLiteral("kenshu-pass-1"));
        QVERIFY(learner);
        m_learner = *learner;
        auto e = m_central->enroll(QStringLiteral("kamakura-01"));
        QVERIFY2(e, qPrintable(e.errorMessage()));
        m_enrollment = *e;
        QVERIFY(sync::saveEnrollment(m_db, m_enrollment));

        const Course c = course();
        QVERIFY(m_db.run(QStringLiteral("INSERT INTO courses (course_id, version, title, source, "
                                        "manifest, quiz, imported_at, imported_by) VALUES (?, 1, "
                                        "?, 'package', ?, ?, ?, 'admin')"),
                         {c.id, c.title, QString::fromUtf8(manifestJson(c)),
                          QString::fromUtf8(quizJson(c.quiz)), Clock::isoNow()}));
        auto row = m_db.scalar(QStringLiteral("SELECT id FROM courses"));
        QVERIFY(m_db.run(QStringLiteral("INSERT INTO course_lessons (course_row, lesson_id, "
                                        "module_id, position, title, pages, pdf) VALUES (?, 'l1', "
                                        "'m1', 0, 'l1', 2, ?)"),
                         {row->toLongLong(), QByteArray("%PDF-1.4 two pages")}));
        m_central->stop(); // central goes down
    }

    void studiedOffline()
    {
        LearningService s(m_db);
        const Course c = course();
        auto e = s.enrol(c.id, m_learner);
        QVERIFY2(e, qPrintable(e.errorMessage()));
        QVERIFY(s.recordProgress(e->id, QStringLiteral("l1"), 2, {1}, 1, 40, m_learner));
        QVERIFY(s.recordProgress(e->id, QStringLiteral("l1"), 2, {2}, 2, 20, m_learner));
        auto wrong = s.startAttempt(e->id, m_learner);
        QVERIFY(s.submitAttempt(wrong->id, {{QStringLiteral("q1"), {QStringLiteral("true")}}},
                                m_learner));
        auto right = s.startAttempt(e->id, m_learner);
        auto r = s.submitAttempt(right->id, {{QStringLiteral("q1"), {QStringLiteral("false")}}},
                                 m_learner);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QVERIFY(r->courseCompleted);
        m_number = r->certificateNumber;
        QVERIFY(m_number.startsWith(QStringLiteral("LC-KAMAKURA01-")));
        auto pending = sync::Outbox(m_db).pendingCount();
        QVERIFY(*pending >= 7); // enrolment ×2, progress ×2, attempt ×2, certificate

        // Central is down: the number is still checked here.
        const test::ProcessRun v = cli({QStringLiteral("learning"), QStringLiteral("certificate"),
                                        QStringLiteral("verify"), m_number});
        QCOMPARE(v.code, 0);
        QVERIFY2(v.out.contains(QStringLiteral("研修 花子")) && v.out.contains(c.title),
                 qPrintable(v.out));
        QVERIFY2(v.err.contains(QStringLiteral("central could not be asked")), qPrintable(v.err));
    }

    void syncedLater()
    {
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        m_enrollment.central = m_central->url();
        QVERIFY(sync::saveEnrollment(m_db, m_enrollment));
        auto r = sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("kenshu"));
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->conflicts, 0);
        QCOMPARE(r->pending, 0);
        QVERIFY(r->applied >= 7);

        // Central holds the latest of each record.
        auto central = Database::open(m_central->databasePath());
        QVERIFY(central);
        auto progress = central->scalar(QStringLiteral(
            "SELECT payload FROM central_learning_records WHERE kind = 'learning.progress'"));
        const QJsonObject p = QJsonDocument::fromJson(progress->toString().toUtf8()).object();
        QCOMPARE(p.value(QStringLiteral("pages_viewed")).toString(), QStringLiteral("1,2"));
        QCOMPARE(p.value(QStringLiteral("seconds")).toInt(), 60);
        QVERIFY(p.value(QStringLiteral("completed")).toBool());
        auto enrolment = central->scalar(QStringLiteral(
            "SELECT payload FROM central_learning_records WHERE kind = 'learning.enrolment'"));
        QVERIFY(!QJsonDocument::fromJson(enrolment->toString().toUtf8())
                     .object()
                     .value(QStringLiteral("completed_at"))
                     .toString()
                     .isEmpty());
        QCOMPARE(central
                     ->scalar(QStringLiteral("SELECT COUNT(*) FROM central_learning_records WHERE "
                                             "kind = 'learning.attempt'"))
                     ->toInt(),
                 2);

        // The signed list is for supervisors; the learner is refused.
        sync::CentralClient client(m_enrollment);
        auto refused = client.signedRequest(m_enrollment, "GET",
                                            QStringLiteral("/v1/learning/records?login=kenshu"), {},
                                            QStringLiteral("kenshu"));
        QVERIFY(!refused);
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("may not view training records")),
                 qPrintable(refused.errorMessage()));
        auto listed = client.signedRequest(m_enrollment, "GET",
                                           QStringLiteral("/v1/learning/records?login=kenshu"), {},
                                           QStringLiteral("kakaricho"));
        QVERIFY2(listed, qPrintable(listed.errorMessage()));
        QCOMPARE(listed->status, 200);
        QCOMPARE(QJsonDocument::fromJson(listed->body)
                     .object()
                     .value(QStringLiteral("records"))
                     .toArray()
                     .size(),
                 5); // enrolment, progress, two attempts, certificate
    }

    // Another workstation takes the enrolment and the certificate with its next sync: the
    // course passed at the first one counts for a role given at this one.
    void knownAtAnotherWorkstation()
    {
        auto* dir = new QTemporaryDir(path(QStringLiteral("ws-XXXXXX")));
        dir->setAutoRemove(false);
        auto db = test::registerDatabase(QStringLiteral("sqlite"), *dir);
        delete dir;
        QVERIFY(db);
        auto staff = test::makeStaff(*db);
        QVERIFY(staff);
        auto e = m_central->enroll(QStringLiteral("kamakura-02"));
        QVERIFY2(e, qPrintable(e.errorMessage()));
        QVERIFY(sync::saveEnrollment(*db, *e));
        LearningService there(*db);
        QVERIFY(there.requireCourse(QStringLiteral("clerk"), course().id, staff->admin));
        QCOMPARE(there.checkRoleRequirements(QStringLiteral("kenshu"), {Role::Clerk}).error().code,
                 QStringLiteral("learning.requirement"));

        auto r = sync::SyncEngine(*db, *e).syncOnce(QStringLiteral("kakaricho"));
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->failedHere, 0);
        QCOMPARE(r->deferred, 0);
        auto cert = there.certificate(m_number);
        QVERIFY(cert->has_value());
        QCOMPARE((*cert)->displayName, QStringLiteral("研修 花子"));
        auto enrolment = there.enrolment(course().id, QStringLiteral("kenshu"));
        QVERIFY((*enrolment)->completedAt.isValid());
        QCOMPARE((*enrolment)->certificateNumber, m_number);
        QVERIFY(there.checkRoleRequirements(QStringLiteral("kenshu"), {Role::Clerk}));
        QCOMPARE(
            there.checkRoleRequirements(QStringLiteral("kakaricho"), {Role::Clerk}).error().code,
            QStringLiteral("learning.requirement"));
        // Applied once: a second pass changes nothing.
        auto again = sync::SyncEngine(*db, *e).syncOnce(QStringLiteral("kakaricho"));
        QVERIFY(again);
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM learning_certificates"))->toInt(),
                 1);
    }

    // A certificate number central holds already, for someone else, coming from another
    // workstation (its terminal name gives the same issuer): the certificate central answers
    // for is not replaced by it.
    void numberHeldAtCentralIsKept()
    {
        auto* dir = new QTemporaryDir(path(QStringLiteral("ws-XXXXXX")));
        dir->setAutoRemove(false);
        auto db = test::registerDatabase(QStringLiteral("sqlite"), *dir);
        delete dir;
        QVERIFY(db);
        auto staff = test::makeStaff(*db);
        QVERIFY(staff);
        auto e = m_central->enroll(QStringLiteral("kamakura_01"));
        QVERIFY2(e, qPrintable(e.errorMessage()));
        QVERIFY(sync::saveEnrollment(*db, *e));
        const Course c = course();
        QVERIFY(db->run(QStringLiteral("INSERT INTO courses (course_id, version, title, source, "
                                       "manifest, quiz, imported_at, imported_by) VALUES (?, 1, "
                                       "?, 'package', ?, ?, ?, 'admin')"),
                        {c.id, c.title, QString::fromUtf8(manifestJson(c)),
                         QString::fromUtf8(quizJson(c.quiz)), Clock::isoNow()}));
        auto row = db->scalar(QStringLiteral("SELECT id FROM courses"));
        QVERIFY(db->run(QStringLiteral("INSERT INTO course_lessons (course_row, lesson_id, "
                                       "module_id, position, title, pages, pdf) VALUES (?, 'l1', "
                                       "'m1', 0, 'l1', 2, ?)"),
                        {row->toLongLong(), QByteArray("%PDF-1.4 two pages")}));
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(ops.create(
            {QStringLiteral("kakaricho"), QStringLiteral("係長 一郎"), {Role::Supervisor}},
            QStringLiteral("kakaricho-pass-1"), staff->admin));
        auto learner =
            ops.authenticate(QStringLiteral("kakaricho"), QStringLiteral("kakaricho-pass-1"));
        QVERIFY(learner);
        LearningService s(*db);
        auto enrolled = s.enrol(c.id, *learner);
        QVERIFY(enrolled);
        QVERIFY(s.recordProgress(enrolled->id, QStringLiteral("l1"), 2, {1, 2}, 2, 30, *learner));
        auto a = s.startAttempt(enrolled->id, *learner);
        QVERIFY(a);
        auto r =
            s.submitAttempt(a->id, {{QStringLiteral("q1"), {QStringLiteral("false")}}}, *learner);
        QVERIFY(r && r->courseCompleted);
        QCOMPARE(r->certificateNumber, m_number); // the same issuer, the first of the year
        auto synced = sync::SyncEngine(*db, *e).syncOnce(QStringLiteral("kakaricho"));
        QVERIFY2(synced, qPrintable(synced.errorMessage()));

        QUrl url = m_central->url();
        url.setPath(QStringLiteral("/v1/learning/certificates/") + m_number);
        const auto [status, body] = httpGet(url);
        QCOMPARE(status, 200);
        QCOMPARE(body.value(QStringLiteral("name")).toString(), QStringLiteral("研修 花子"));
        QCOMPARE(body.value(QStringLiteral("issued_by")).toString(), QStringLiteral("kamakura-01"));
    }

    void certificateCheckedAtCentral()
    {
        QUrl url = m_central->url();
        url.setPath(QStringLiteral("/v1/learning/certificates/") + m_number);
        const auto [status, body] = httpGet(url);
        QCOMPARE(status, 200);
        QCOMPARE(body.value(QStringLiteral("number")).toString(), m_number);
        QCOMPARE(body.value(QStringLiteral("name")).toString(), QStringLiteral("研修 花子"));
        QCOMPARE(body.value(QStringLiteral("course")).toString(), course().title);
        QVERIFY(
            body.value(QStringLiteral("completed")).toString().startsWith(QStringLiteral("20")));
        QVERIFY(body.value(QStringLiteral("valid")).toBool());

        const QString unknown = LearningService::certificateNumber(QStringLiteral("KAMAKURA01"),
                                                                   m_number.mid(14, 4).toInt(), 99);
        url.setPath(QStringLiteral("/v1/learning/certificates/") + unknown);
        QCOMPARE(httpGet(url).first, 404);

        // The command line asks central too.
        const test::ProcessRun v = cli({QStringLiteral("learning"), QStringLiteral("certificate"),
                                        QStringLiteral("verify"), m_number});
        QCOMPARE(v.code, 0);
        QVERIFY2(v.out.contains(QStringLiteral("confirmed by central")), qPrintable(v.out));
        // A number another workstation issued: unknown here, known at central.
        auto central = Database::open(m_central->databasePath());
        QVERIFY(central->run(
            QStringLiteral("UPDATE central_learning_certificates SET number = ? "
                           "WHERE number = ?"),
            {LearningService::certificateNumber(QStringLiteral("ZUSHI02"), 2026, 7), m_number}));
        const test::ProcessRun elsewhere = cli(
            {QStringLiteral("learning"), QStringLiteral("certificate"), QStringLiteral("verify"),
             LearningService::certificateNumber(QStringLiteral("ZUSHI02"), 2026, 7)});
        QCOMPARE(elsewhere.code, 0);
        QVERIFY2(elsewhere.out.contains(QStringLiteral("confirmed by central")),
                 qPrintable(elsewhere.out));
        QVERIFY(!elsewhere.out.contains(QStringLiteral("recorded here")));
        const test::ProcessRun none =
            cli({QStringLiteral("learning"), QStringLiteral("certificate"),
                 QStringLiteral("verify"), unknown});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.out.contains(QStringLiteral("central knows no certificate")),
                 qPrintable(none.out));
        QString typo = m_number;
        typo[typo.size() - 3] = typo[typo.size() - 3] == u'1' ? u'2' : u'1';
        QCOMPARE(cli({QStringLiteral("learning"), QStringLiteral("certificate"),
                      QStringLiteral("verify"), typo})
                     .code,
                 1);
    }

    void cleanupTestCase() { m_central.reset(); }
};

QTEST_GUILESS_MAIN(TestLearningSync)
#include "tst_learningsync.moc"
