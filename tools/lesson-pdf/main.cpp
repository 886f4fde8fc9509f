// madoguchi-lesson-pdf: a lesson's source (resources/courses/README.md) to the PDF a course ships.
//
//   madoguchi-lesson-pdf SOURCE.md --title COURSE_TITLE --out FILE.pdf
//   madoguchi-lesson-pdf --course DIR      every lesson of DIR/manifest.json: lessons/<id>.md to
//                                          the lesson's pdf, with the course's title
//
// Exit 0 written, 1 refused (the source line and the reason on stderr), 2 usage. A tool for
// whoever writes the courses, so it speaks English only.
#include "LessonPdf.h"
#include "LessonSource.h"

#include "learning/Course.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

namespace {

using namespace madoguchi;

void printErr(const QString& text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stderr);
}

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(QStringLiteral("%1: %2").arg(path, file.errorString()),
                     QStringLiteral("lesson.read"));
    }
    return file.readAll();
}

Status render(const QString& source, const QString& courseTitle, const QString& out)
{
    Result<QByteArray> bytes = readFile(source);
    if (!bytes) {
        return bytes.error();
    }
    Result<lessonpdf::Lesson> lesson = lessonpdf::parseLesson(QString::fromUtf8(*bytes));
    if (!lesson) {
        return Error(QStringLiteral("%1: %2").arg(source, lesson.error().message),
                     lesson.error().code);
    }
    Result<QByteArray> pdf = lessonpdf::renderLesson(*lesson, courseTitle);
    if (!pdf) {
        return Error(QStringLiteral("%1: %2").arg(source, pdf.error().message), pdf.error().code);
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(*pdf) != pdf->size() || !file.commit()) {
        return Error(QStringLiteral("%1: %2").arg(out, file.errorString()),
                     QStringLiteral("lesson.write"));
    }
    return {};
}

Status renderCourse(const QString& dir)
{
    Result<QByteArray> json = readFile(QDir(dir).filePath(QStringLiteral("manifest.json")));
    if (!json) {
        return json.error();
    }
    Result<learning::Course> course = learning::parseManifest(*json);
    if (!course) {
        return course.error();
    }
    for (const learning::Lesson& lesson : course->lessons()) {
        const QString pdf = QDir(dir).filePath(lesson.pdf);
        const QFileInfo info(pdf);
        const QString source = info.dir().filePath(info.completeBaseName() + QStringLiteral(".md"));
        if (Status s = render(source, course->title, pdf); !s) {
            return s;
        }
        std::fputs(qPrintable(pdf + QLatin1Char('\n')), stdout);
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("madoguchi-lesson-pdf"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MADOGUCHI_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Renders a lesson source (Markdown subset) to a PDF of 16:9 pages."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("source"), QStringLiteral("the lesson's .md"));
    const QCommandLineOption title(QStringLiteral("title"),
                                   QStringLiteral("the course title for the footer"),
                                   QStringLiteral("text"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("the PDF to write"),
                                 QStringLiteral("file"));
    const QCommandLineOption course(QStringLiteral("course"),
                                    QStringLiteral("render every lesson of this course folder"),
                                    QStringLiteral("dir"));
    parser.addOptions({title, out, course});
    if (!parser.parse(QCoreApplication::arguments())) {
        printErr(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }

    Status done;
    if (parser.isSet(course)) {
        if (!parser.positionalArguments().isEmpty() || parser.isSet(out) || parser.isSet(title)) {
            printErr(QStringLiteral("--course takes no source, --title or --out"));
            return 2;
        }
        done = renderCourse(parser.value(course));
    } else {
        if (parser.positionalArguments().size() != 1 || !parser.isSet(out) ||
            !parser.isSet(title)) {
            printErr(QStringLiteral("usage: madoguchi-lesson-pdf SOURCE.md --title COURSE_TITLE "
                                    "--out FILE.pdf | --course DIR"));
            return 2;
        }
        done = render(parser.positionalArguments().first(), parser.value(title), parser.value(out));
    }
    if (!done) {
        printErr(done.error().message);
        return 1;
    }
    return 0;
}
