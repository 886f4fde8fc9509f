// The starter courses in resources/courses as committed: each manifest and quiz is valid for
// the course package format, the quiz has 12 questions or more of all four types with an
// explanation each, every lesson has its source and its PDF, and each PDF is what its source
// renders to today (page by page, the text Poppler reads), so that a source edited without
// rebuilding its PDF fails here. The renderer itself: the same source gives the same bytes,
// every page carries the course title and "n / N", and broken sources are refused with the
// line.
#include "PdfReader.h"
#include "learning/Course.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

const QString kCoursesDir = QStringLiteral(MADOGUCHI_COURSES_DIR);

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Run
{
    int exitCode = -1;
    QString err;
};

Run lessonPdf(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(MADOGUCHI_LESSON_PDF), args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardError())};
}

QString withoutSpaces(QString text)
{
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    return text.remove(spaces);
}

QString sourceOf(const QString& courseDir, const Lesson& lesson)
{
    QString md = lesson.pdf;
    md.chop(4);
    return QDir(courseDir).filePath(md + QStringLiteral(".md"));
}

} // namespace

class TestCourseContent : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

    Course courseIn(const QString& dir)
    {
        Result<Course> course = parseManifest(readAll(dir + QStringLiteral("/manifest.json")));
        if (!course) {
            qWarning("%s", qPrintable(course.error().message));
            return {};
        }
        return *course;
    }

    // One row per course folder; the folders are exactly the three starter courses.
    static void addCourseRows()
    {
        QTest::addColumn<QString>("id");
        const QStringList found =
            QDir(kCoursesDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        const QStringList expected = {QStringLiteral("counter-basics"),
                                      QStringLiteral("evacuation-registration"),
                                      QStringLiteral("personal-data-security")};
        QCOMPARE(found, expected);
        for (const QString& id : found) {
            QTest::newRow(qPrintable(id)) << id;
        }
    }

private slots:
    void manifestAndQuiz_data() { addCourseRows(); }
    void manifestAndQuiz()
    {
        QFETCH(QString, id);
        const QString dir = QDir(kCoursesDir).filePath(id);
        Result<Course> course = parseManifest(readAll(dir + QStringLiteral("/manifest.json")));
        QVERIFY2(course.ok(), qPrintable(course.errorMessage()));
        QCOMPARE(course->id, id);
        QCOMPARE(course->version, 1);
        QCOMPARE(course->publisher, QStringLiteral("Madoguchi"));
        QVERIFY(!course->titleEn.isEmpty());
        QVERIFY(!course->description.isEmpty());
        QCOMPARE(course->modules.size(), 1);
        QVERIFY(!course->lessons().isEmpty() && course->lessons().size() <= 3);
        for (const Lesson& lesson : course->lessons()) {
            QVERIFY2(!lesson.titleEn.isEmpty(), qPrintable(lesson.id));
        }
        QVERIFY(course->requireAllLessons && course->requireQuiz);

        Result<Quiz> quiz = parseQuiz(readAll(QDir(dir).filePath(course->quizFile)));
        QVERIFY2(quiz.ok(), qPrintable(quiz.errorMessage()));
        QVERIFY2(quiz->questions.size() >= 12, qPrintable(QString::number(quiz->questions.size())));
        QCOMPARE(quiz->passMark, 80);
        QCOMPARE(quiz->maxAttempts, 3);
        QVERIFY(quiz->shuffle);
        QSet<QString> types;
        for (const Question& q : quiz->questions) {
            types.insert(questionTypeId(q.type));
            QVERIFY2(!q.explanation.isEmpty(), qPrintable(q.id + QStringLiteral(": explanation")));
        }
        QCOMPARE(types.size(), 4);
    }

    // Every lesson's source and PDF are there, 10 to 20 pages for the course, and each page has
    // the course title and its number in the footer.
    void lessonsExist_data() { addCourseRows(); }
    void lessonsExist()
    {
        QFETCH(QString, id);
        const QString dir = QDir(kCoursesDir).filePath(id);
        const Course course = courseIn(dir);
        QVERIFY(!course.lessons().isEmpty());
        qsizetype pages = 0;
        for (const Lesson& lesson : course.lessons()) {
            QVERIFY2(QFile::exists(sourceOf(dir, lesson)), qPrintable(sourceOf(dir, lesson)));
            const QString pdf = QDir(dir).filePath(lesson.pdf);
            Result<QStringList> texts = test::pdfPageTexts(pdf);
            QVERIFY2(texts.ok(), qPrintable(texts.errorMessage()));
            QVERIFY(texts->first().contains(lesson.title));
            // Poppler may or may not read the spaces around the slash: compared without spaces.
            for (qsizetype i = 0; i < texts->size(); ++i) {
                const QString page = withoutSpaces(texts->at(i));
                const QString footer = QStringLiteral("%1/%2").arg(i + 1).arg(texts->size());
                QVERIFY2(page.contains(withoutSpaces(course.title)), qPrintable(pdf));
                QVERIFY2(page.contains(footer), qPrintable(pdf + QLatin1Char(' ') + footer));
            }
            pages += texts->size();
        }
        QVERIFY2(pages >= 10 && pages <= 20, qPrintable(QString::number(pages)));
    }

    // The committed PDF is the rendering of the committed source.
    void pdfMatchesSource_data() { addCourseRows(); }
    void pdfMatchesSource()
    {
        QFETCH(QString, id);
        const QString dir = QDir(kCoursesDir).filePath(id);
        const Course course = courseIn(dir);
        QVERIFY(!course.lessons().isEmpty());
        for (const Lesson& lesson : course.lessons()) {
            const QString fresh =
                m_tmp.filePath(id + QLatin1Char('-') + lesson.id + QStringLiteral(".pdf"));
            const Run run = lessonPdf({sourceOf(dir, lesson), QStringLiteral("--title"),
                                       course.title, QStringLiteral("--out"), fresh});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            Result<QStringList> expected = test::pdfPageTexts(fresh);
            Result<QStringList> committed = test::pdfPageTexts(QDir(dir).filePath(lesson.pdf));
            QVERIFY2(expected.ok(), qPrintable(expected.errorMessage()));
            QVERIFY2(committed.ok(), qPrintable(committed.errorMessage()));
            QVERIFY2(committed->size() == expected->size(),
                     qPrintable(QStringLiteral("%1: %2 pages committed, the source gives %3; "
                                               "rebuild it (resources/courses/README.md)")
                                    .arg(lesson.pdf)
                                    .arg(committed->size())
                                    .arg(expected->size())));
            for (qsizetype i = 0; i < expected->size(); ++i) {
                QVERIFY2(committed->at(i) == expected->at(i),
                         qPrintable(QStringLiteral("%1 page %2 differs from its source; rebuild "
                                                   "it (resources/courses/README.md)")
                                        .arg(lesson.pdf)
                                        .arg(i + 1)));
            }
        }
    }

    void sameSourceSameBytes()
    {
        const QString dir = QDir(kCoursesDir).filePath(QStringLiteral("counter-basics"));
        const Course course = courseIn(dir);
        QVERIFY(!course.lessons().isEmpty());
        const QString source = sourceOf(dir, course.lessons().first());
        const QString a = m_tmp.filePath(QStringLiteral("same-a.pdf"));
        const QString b = m_tmp.filePath(QStringLiteral("same-b.pdf"));
        QCOMPARE(
            lessonPdf({source, QStringLiteral("--title"), course.title, QStringLiteral("--out"), a})
                .exitCode,
            0);
        QCOMPARE(
            lessonPdf({source, QStringLiteral("--title"), course.title, QStringLiteral("--out"), b})
                .exitCode,
            0);
        const QByteArray first = readAll(a);
        QVERIFY(first.startsWith("%PDF-"));
        QVERIFY(first == readAll(b));
    }

    void brokenSourceRefused_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no title") << QByteArray("## 節\n本文\n") << QStringLiteral("line 1:");
        QTest::newRow("two titles") << QByteArray("# 一\n\n# 二\n") << QStringLiteral("line 3:");
        QTest::newRow("unclosed bold")
            << QByteArray("# 題\n\n## 節\n\n- **太字のまま\n") << QStringLiteral("line 5: **");
        QTest::newRow("table cells") << QByteArray("# 題\n\n## 節\n\n| a | b |\n|---|---|\n| 1 |\n")
                                     << QStringLiteral("line 7: 1 cells where the header has 2");
        QByteArray tall("# 題\n\n## 節\n\n- ");
        tall += QByteArray("とても長い箇条書きです。").repeated(120);
        tall += '\n';
        QTest::newRow("too tall for a page") << tall << QStringLiteral("line 5: too long");
    }
    void brokenSourceRefused()
    {
        QFETCH(QByteArray, source);
        QFETCH(QString, reason);
        const QString md = m_tmp.filePath(QStringLiteral("broken.md"));
        const QString out = m_tmp.filePath(QStringLiteral("broken.pdf"));
        QFile::remove(out);
        QFile file(md);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(source);
        file.close();
        const Run run = lessonPdf(
            {md, QStringLiteral("--title"), QStringLiteral("講座"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(reason), qPrintable(run.err));
        QVERIFY(!QFile::exists(out));
    }

    void usage() { QCOMPARE(lessonPdf({QStringLiteral("x.md")}).exitCode, 2); }
};

QTEST_GUILESS_MAIN(TestCourseContent)
#include "tst_coursecontent.moc"
