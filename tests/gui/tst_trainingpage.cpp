// The Training page as a learner and as a supervisor: the trainee enrols, opens the lesson,
// reads to page 3 with Page Down, leaves, comes back and the lesson resumes at page 3; reads the
// last page (the lesson counts as viewed); takes the quiz in the dialog, fails it once (the
// attempts left shown), passes it the second time, and the course shows as completed with the
// certificate previewed. A supervisor's Completion tab lists the trainee as completed, charts
// it, and exports the report as CSV; the trainee has no Completion tab. An administrator imports
// a signed package from a trusted publisher (the course appears in the list) and is told why a
// package from a publisher not trusted is refused.
#include "GuiTestSupport.h"
#include "LessonViewer.h"
#include "PdfPreview.h"
#include "QuizDialog.h"
#include "TestSupport.h"
#include "TrainingPage.h"
#include "common/Clock.h"
#include "learning/CoursePackage.h"
#include "learning/LearningService.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QChartView>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

QByteArray lessonPdf(int pages)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(72);
    QPainter painter(&writer);
    for (int p = 1; p <= pages; ++p) {
        if (p > 1) {
            writer.newPage();
        }
        painter.drawText(100, 100, QStringLiteral("Counter lesson, page %1").arg(p));
    }
    painter.end();
    return bytes;
}

// One lesson of four pages and a quiz of two questions (a single choice, a true/false) in a
// fixed order, pass mark 100, two attempts.
Course counterCourse()
{
    Course c;
    c.id = QStringLiteral("counter-basics");
    c.version = 1;
    c.title = QStringLiteral("Madoguchi at the counter");
    c.titleEn = c.title;
    c.publisher = QStringLiteral("Madoguchi");
    Module m;
    m.id = QStringLiteral("m1");
    m.title = QStringLiteral("Basics");
    m.lessons << Lesson{
        QStringLiteral("l1"), QStringLiteral("The counter"), {}, QStringLiteral("lessons/l1.pdf")};
    c.modules << m;
    c.quiz.id = QStringLiteral("final");
    c.quiz.title = QStringLiteral("Check");
    c.quiz.passMark = 100;
    c.quiz.maxAttempts = 2;
    c.quiz.shuffle = false;
    Question q1;
    q1.id = QStringLiteral("q1");
    q1.type = QuestionType::Single;
    q1.text = QStringLiteral("What does the clerk check first?");
    q1.choices = {{QStringLiteral("a"), QStringLiteral("The weather")},
                  {QStringLiteral("b"), QStringLiteral("The identity document")}};
    q1.answer = {QStringLiteral("b")};
    q1.explanation = QStringLiteral("Identity comes first.");
    Question q2;
    q2.id = QStringLiteral("q2");
    q2.type = QuestionType::TrueFalse;
    q2.text = QStringLiteral("The screen is locked during a break.");
    q2.answer = {QStringLiteral("true")};
    c.quiz.questions = {q1, q2};
    return c;
}

Status install(const Database& db, const Course& c, int pages)
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
    return db.run(QStringLiteral("INSERT INTO course_lessons (course_row, lesson_id, module_id, "
                                 "position, title, pages, pdf) VALUES (?, 'l1', 'm1', 0, ?, ?, ?)"),
                  {row->toLongLong(), c.lessons().first().title, pages, lessonPdf(pages)});
}

// A P-256 key pair as PEM (private, public).
QPair<QByteArray, QByteArray> ecKeyPems()
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    BIO* priv = BIO_new(BIO_s_mem());
    BIO* pub = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
    PEM_write_bio_PUBKEY(pub, key);
    char* data = nullptr;
    long n = BIO_get_mem_data(priv, &data);
    const QByteArray privatePem(data, int(n));
    n = BIO_get_mem_data(pub, &data);
    const QByteArray publicPem(data, int(n));
    BIO_free(priv);
    BIO_free(pub);
    EVP_PKEY_free(key);
    return {privatePem, publicPem};
}

} // namespace

class TestTrainingPage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    Database m_db;
    test::Staff m_staff;

    template <typename T> static T* named(QWidget* w, const char* name)
    {
        T* found = w->findChild<T*>(QString::fromLatin1(name));
        if (!found) {
            qFatal("no widget %s", name);
        }
        return found;
    }
    static QString courseState(TrainingPage& page)
    {
        auto* table = named<QTableWidget>(&page, "courseTable");
        return table->rowCount() > 0 ? table->item(0, 3)->text() : QString();
    }
    // Answers the quiz in the dialog (right or with the single choice wrong) and submits.
    static void answer(QWidget* dialog, bool right)
    {
        auto click = [dialog](const char* name) {
            auto* b = named<QRadioButton>(dialog, name);
            QTest::mouseClick(b, Qt::LeftButton, {}, QPoint(8, b->height() / 2));
        };
        click(right ? "choice_q1_b" : "choice_q1_a");
        click("choice_q2_true");
        QTest::mouseClick(named<QPushButton>(dialog, "submitButton"), Qt::LeftButton);
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        m_db = *db;
        auto staff = test::makeStaff(m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        QVERIFY(install(m_db, counterCourse(), 4).ok());
    }

    void learnerEnrolsReadsResumesAndPasses()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.trainee;
        TrainingPage page(&ctx);
        page.resize(1100, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.tabs()->count(), 2); // no Completion tab for a trainee
        auto* courses = named<QTableWidget>(&page, "courseTable");
        QCOMPARE(courses->rowCount(), 1);
        QCOMPARE(courses->item(0, 0)->text(), QStringLiteral("Madoguchi at the counter"));
        QCOMPARE(courseState(page), QStringLiteral("Not enrolled"));
        auto* open = named<QPushButton>(&page, "openLessonButton");
        QVERIFY(!open->isEnabled());

        QTest::mouseClick(named<QPushButton>(&page, "enrolButton"), Qt::LeftButton);
        QCOMPARE(courseState(page), QStringLiteral("In progress"));
        LearningService service(m_db);
        auto enrolment =
            service.enrolment(QStringLiteral("counter-basics"), QStringLiteral("trainee"));
        QVERIFY(enrolment && enrolment->has_value());
        const qint64 id = (*enrolment)->id;

        // Read to page 3, then back to the course: the progress is recorded.
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(page.tabs()->currentIndex(), int(TrainingPage::LessonTab));
        LessonViewer* viewer = page.viewer();
        QCOMPARE(viewer->currentPage(), 1);
        QCOMPARE(viewer->pageCount(), 4);
        QTRY_VERIFY(viewer->isPageRendered());
        QTest::keyClick(viewer, Qt::Key_PageDown);
        QTest::keyClick(viewer, Qt::Key_PageDown);
        QCOMPARE(viewer->currentPage(), 3);
        QTest::mouseClick(named<QPushButton>(&page, "backToCourseButton"), Qt::LeftButton);
        QCOMPARE(page.tabs()->currentIndex(), int(TrainingPage::CoursesTab));
        auto progress = service.progress(id);
        QVERIFY(progress && progress->size() == 1);
        QCOMPARE(progress->first().lastPage, 3);
        QCOMPARE(progress->first().pagesViewed, (QList<int>{1, 2, 3}));
        QCOMPARE(progress->first().pageCount, 4);
        QVERIFY(!progress->first().completed);
        QCOMPARE(named<QTableWidget>(&page, "lessonTable")->item(0, 1)->text(),
                 QStringLiteral("3 / 4"));

        // Back to the lesson: it resumes at page 3; End shows page 4 and the lesson is viewed.
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(viewer->currentPage(), 3);
        QVERIFY(named<QLabel>(&page, "trainingMessage")->text().contains(u'3'));
        QTest::keyClick(viewer, Qt::Key_End);
        QCOMPARE(viewer->currentPage(), 4);
        progress = service.progress(id);
        QVERIFY(progress && progress->first().completed);
        QCOMPARE(progress->first().lastPage, 4);
        page.tabs()->setCurrentIndex(TrainingPage::CoursesTab);
        QVERIFY(!page.tabs()->isTabEnabled(TrainingPage::LessonTab));

        // The quiz: wrong once (one attempt left), then right (the course completed).
        bool failedShown = false;
        test::whenModal(QStringLiteral("quizDialog"), [&failedShown](QWidget* w) {
            answer(w, false);
            const QString summary = named<QLabel>(w, "quizSummary")->text();
            failedShown = summary.contains(u"not passed") && summary.contains(u"1 attempt");
            static_cast<QDialog*>(w)->reject();
        });
        QTest::mouseClick(named<QPushButton>(&page, "quizButton"), Qt::LeftButton);
        QVERIFY(failedShown);
        QCOMPARE(courseState(page), QStringLiteral("In progress"));
        QString passed;
        test::whenModal(QStringLiteral("quizDialog"), [&passed](QWidget* w) {
            answer(w, true);
            passed = named<QLabel>(w, "quizSummary")->text();
            static_cast<QDialog*>(w)->reject();
        });
        QTest::mouseClick(named<QPushButton>(&page, "quizButton"), Qt::LeftButton);
        QVERIFY2(passed.contains(u"passed") && !passed.contains(u"not passed") &&
                     passed.contains(u"complete"),
                 qPrintable(passed));
        QCOMPARE(courseState(page), QStringLiteral("Completed"));
        QVERIFY(!named<QPushButton>(&page, "quizButton")->isEnabled());

        // The certificate, previewed.
        enrolment = service.enrolment(QStringLiteral("counter-basics"), QStringLiteral("trainee"));
        const QString number = (*enrolment)->certificateNumber;
        QVERIFY(!number.isEmpty());
        auto* certificate = named<QPushButton>(&page, "certificateButton");
        QVERIFY(certificate->isEnabled());
        int pages = 0;
        test::whenModal(QStringLiteral("trainingCertificateDialog"), [&pages](QWidget* w) {
            auto* preview = named<PdfPreview>(w, "trainingCertificatePreview");
            QTRY_VERIFY(preview->pageCount() > 0);
            pages = preview->pageCount();
            static_cast<QDialog*>(w)->reject();
        });
        QTest::mouseClick(certificate, Qt::LeftButton);
        QVERIFY(pages > 0);
        QVERIFY(QFile::exists(
            QDir(TrainingPage::certificateFolder()).filePath(number + QStringLiteral(".pdf"))));
    }

    void supervisorSeesCompletion()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.supervisor;
        TrainingPage page(&ctx);
        page.resize(1100, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.tabs()->count(), 3);
        page.tabs()->setCurrentIndex(TrainingPage::CompletionTab);
        auto* table = named<QTableWidget>(&page, "completionTable");
        int trainee = -1;
        for (int r = 0; r < table->rowCount(); ++r) {
            if (table->item(r, 0)->text() == QStringLiteral("trainee")) {
                trainee = r;
            }
        }
        QVERIFY(trainee >= 0);
        QCOMPARE(table->item(trainee, 3)->text(), QStringLiteral("Completed"));
        QCOMPARE(table->item(trainee, 5)->text(), QStringLiteral("100 %"));
        auto* chart = named<QChartView>(&page, "completionChart");
        QCOMPARE(chart->chart()->series().size(), 1);
        auto* bars = qobject_cast<QAbstractBarSeries*>(chart->chart()->series().first());
        QVERIFY(bars && bars->barSets().size() == 3);
        QCOMPARE(bars->barSets().at(0)->label(), QStringLiteral("Completed"));
        QCOMPARE(bars->barSets().at(0)->at(0), 1.0); // the trainee
        QCOMPARE(bars->barSets().at(2)->label(), QStringLiteral("Not enrolled"));
        QVERIFY(bars->barSets().at(2)->at(0) >= 1.0); // the others

        const QString path = m_dir.filePath(QStringLiteral("completion.csv"));
        QCOMPARE(page.exportCompletion(path), QString());
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QVERIFY(text.contains(QStringLiteral("trainee")));
        QVERIFY(text.contains(QStringLiteral("counter-basics")));
    }

    void administratorImportsACourse()
    {
        // A course folder as committed, packed and signed by a publisher.
        Course c = counterCourse();
        c.id = QStringLiteral("evacuation-registration");
        c.title = QStringLiteral("Evacuation-centre registration");
        c.titleEn = c.title;
        const QString dir = m_dir.filePath(QStringLiteral("evacuation"));
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/lessons")));
        const QMap<QString, QByteArray> files = {{QStringLiteral("manifest.json"), manifestJson(c)},
                                                 {QStringLiteral("quiz.json"), quizJson(c.quiz)},
                                                 {QStringLiteral("lessons/l1.pdf"), lessonPdf(2)}};
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            QFile f(dir + QLatin1Char('/') + it.key());
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(it.value()), it.value().size());
        }
        const auto [privatePem, publicPem] = ecKeyPems();
        auto package = packCourse(dir, privatePem);
        QVERIFY2(package.ok(), qPrintable(package.errorMessage()));
        const QString path = m_dir.filePath(QStringLiteral("evacuation.mdcourse"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(*package);
        out.close();

        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.admin;
        TrainingPage page(&ctx);
        page.resize(1100, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(named<QPushButton>(&page, "importCourseButton")->isVisible());
        auto* courses = named<QTableWidget>(&page, "courseTable");
        const int before = courses->rowCount();

        // A file larger than any package can be: refused by its size, not read into memory.
        const QString huge = m_dir.filePath(QStringLiteral("huge.mdcourse"));
        {
            QFile h(huge);
            QVERIFY(h.open(QIODevice::WriteOnly));
            QVERIFY(h.resize(kMaxPackageBytes + 1)); // sparse: no disk used
        }
        QVERIFY(!page.importCourse(huge));
        QFile::remove(huge);
        const QString tooLarge = named<QLabel>(&page, "trainingMessage")->text();
        QVERIFY2(tooLarge.contains(u"was not read"), qPrintable(tooLarge));
        QCOMPARE(courses->rowCount(), before);

        // The publisher is not trusted yet: refused with the reason, nothing installed.
        QVERIFY(!page.importCourse(path));
        const QString refusal = named<QLabel>(&page, "trainingMessage")->text();
        QVERIFY2(refusal.contains(u"not imported"), qPrintable(refusal));
        QCOMPARE(courses->rowCount(), before);

        QVERIFY(CoursePackages(m_db).trust(publicPem, QStringLiteral("Training office"),
                                           m_staff.admin));
        QVERIFY2(page.importCourse(path),
                 qPrintable(named<QLabel>(&page, "trainingMessage")->text()));
        QCOMPARE(courses->rowCount(), before + 1);
        QCOMPARE(page.selectedCourse(), QStringLiteral("evacuation-registration"));
        QVERIFY(named<QLabel>(&page, "trainingMessage")->text().contains(u"imported"));
    }

    // A learner on version 1 when version 2 is installed goes on with version 1: its lessons
    // in the table, its PDF in the viewer; the completion day is the day in Japan.
    void learnerStaysOnTheVersionEnrolled()
    {
        Course v1 = counterCourse();
        v1.id = QStringLiteral("front-desk-manners");
        QVERIFY(install(m_db, v1, 4).ok());
        LearningService service(m_db);
        auto e = service.enrol(v1.id, m_staff.clerk);
        QVERIFY(e.ok());
        Course v2 = v1;
        v2.version = 2;
        v2.modules[0].lessons[0].id = QStringLiteral("l2");
        v2.modules[0].lessons[0].title = QStringLiteral("The counter, revised");
        v2.modules[0].lessons[0].pdf = QStringLiteral("lessons/l2.pdf");
        QVERIFY(install(m_db, v2, 6).ok());

        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.clerk;
        TrainingPage page(&ctx);
        page.resize(1100, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.selectCourse(v1.id));
        auto* lessons = named<QTableWidget>(&page, "lessonTable");
        QCOMPARE(lessons->rowCount(), 1);
        QCOMPARE(lessons->item(0, 0)->text(), QStringLiteral("The counter"));
        QVERIFY2(page.openLesson(QStringLiteral("l1")),
                 qPrintable(named<QLabel>(&page, "trainingMessage")->text()));
        QCOMPARE(page.viewer()->pageCount(), 4);
        QTRY_VERIFY(page.viewer()->isPageRendered());
        QTest::keyClick(page.viewer(), Qt::Key_End);
        auto progress = service.progress(e->id);
        QVERIFY(progress && progress->size() == 1);
        QCOMPARE(progress->first().lessonId, QStringLiteral("l1"));
        QCOMPARE(progress->first().pageCount, 4);
        QCOMPARE(progress->first().lastPage, 4);
        page.tabs()->setCurrentIndex(TrainingPage::CoursesTab);

        // Completed at 08:30 in Japan on 27 November, which is still the 26th in UTC.
        QVERIFY(m_db.run(QStringLiteral("UPDATE learning_enrolments SET completed_at = ? WHERE "
                                        "id = ?"),
                         {QStringLiteral("2026-11-26T23:30:00.000Z"), e->id})
                    .ok());
        QVERIFY(page.selectCourse(QStringLiteral("counter-basics")));
        QVERIFY(page.selectCourse(v1.id));
        const QString info = named<QLabel>(&page, "courseInfo")->text();
        QVERIFY2(info.contains(QLocale().toString(QDate(2026, 11, 27), QLocale::ShortFormat)),
                 qPrintable(info));
    }

    void importIsForAdministratorsOnly()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.trainee;
        TrainingPage page(&ctx);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(!named<QPushButton>(&page, "importCourseButton")->isVisible());
    }
};

QTEST_MAIN(TestTrainingPage)
#include "tst_trainingpage.moc"
