// A 200-page lesson PDF at 150 dpi through the lesson viewer's rendering path (LessonRenderer:
// its own Poppler document on its own thread, the image handed to the GUI thread by a queued
// signal, as the viewer receives it), against Poppler's own command-line tool on the same pages
// in the same run:
//   1. time to first page: the renderer created from the PDF's bytes (the document loaded on
//      its thread), page 1 asked for, until the image arrives on the GUI thread;
//   2. page turn: a page not rendered in advance asked for on an open renderer, until its image
//      arrives (a learner reading on gets the next page from the viewer's prefetch instead);
//   3. pdftoppm -r 150 -f N -l N for the same pages: a process that loads the PDF, renders the
//      page and writes it as PPM. It pays for its start and the file, the viewer for the
//      hand-over between threads: pdftoppm is the floor;
//   4. pages 1..samples rendered one after another in one run by each (pdftoppm without its
//      start, per page: Poppler's own rendering speed).
//
//   bench_lesson [--pages 200] [--samples 25] [--dpi 150] [--pdftoppm /usr/bin/pdftoppm]
#include "LessonViewer.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace madoguchi;

namespace {

int fail(const QString& what)
{
    std::fprintf(stderr, "bench_lesson: %s\n", qPrintable(what));
    return 1;
}

double pct(QList<double> v, double p)
{
    if (v.isEmpty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

// A lesson of `pages` A4 pages as a PDF tool writes them: a heading, 40 lines of text, a
// diagram of boxes, arrows and a curve, and a page footer.
QByteArray lessonPdf(int pages)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(72);
    writer.setTitle(QStringLiteral("Madoguchi at the counter"));
    QPainter painter(&writer);
    QFont heading = painter.font();
    heading.setPointSize(22);
    heading.setBold(true);
    QFont body = painter.font();
    body.setPointSize(10);
    for (int p = 1; p <= pages; ++p) {
        if (p > 1) {
            writer.newPage();
        }
        painter.setPen(Qt::black);
        painter.setFont(heading);
        painter.drawText(QPointF(56, 70),
                         QStringLiteral("Module %1, page %2").arg(p / 20 + 1).arg(p));
        painter.setFont(body);
        for (int line = 0; line < 40; ++line) {
            painter.drawText(QPointF(56, 110 + line * 13),
                             QStringLiteral("Line %1: the clerk checks the identity document, "
                                            "reads the card and confirms the address with the "
                                            "resident before anything is printed.")
                                 .arg(line + 1));
        }
        painter.setPen(QPen(QColor(0x1f, 0x4e, 0x79), 2));
        for (int b = 0; b < 4; ++b) {
            const QRectF box(56 + b * 125, 650, 100, 50);
            painter.setBrush(QColor(0xdd, 0xeb, 0xf7));
            painter.drawRoundedRect(box, 8, 8);
            painter.drawText(box, Qt::AlignCenter, QStringLiteral("Step %1").arg(b + 1));
            if (b < 3) {
                painter.drawLine(QPointF(box.right(), 675), QPointF(box.right() + 25, 675));
            }
        }
        QPainterPath curve(QPointF(56, 780));
        curve.cubicTo(QPointF(200, 700 + p % 40), QPointF(350, 820), QPointF(540, 740));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(curve);
        painter.setPen(Qt::gray);
        painter.drawText(QPointF(280, 820), QStringLiteral("%1 / %2").arg(p).arg(pages));
    }
    painter.end();
    return bytes;
}

// Waits on the GUI thread for `page` from `renderer`; the time from `clock`'s start in ms, or
// -1 after 60 s.
double waitForPage(LessonRenderer* renderer, int page, const QElapsedTimer& clock)
{
    QEventLoop loop;
    double ms = -1;
    auto c = QObject::connect(renderer, &LessonRenderer::pageRendered, &loop,
                              [&](int p, int, const QImage& image) {
                                  if (p == page && !image.isNull()) {
                                      ms = double(clock.nsecsElapsed()) / 1e6;
                                      loop.quit();
                                  }
                              });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return ms;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("pages"), QStringLiteral("Pages in the lesson."),
                      QStringLiteral("n"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("samples"), QStringLiteral("Pages measured."),
                      QStringLiteral("n"), QStringLiteral("25")});
    parser.addOption({QStringLiteral("dpi"), QStringLiteral("Resolution."), QStringLiteral("dpi"),
                      QStringLiteral("150")});
    parser.addOption({QStringLiteral("pdftoppm"), QStringLiteral("Poppler's pdftoppm."),
                      QStringLiteral("path"), QStringLiteral("pdftoppm")});
    parser.process(app);
    const int pages = std::max(2, parser.value(QStringLiteral("pages")).toInt());
    const int samples = std::clamp(parser.value(QStringLiteral("samples")).toInt(), 1, pages);
    const double dpi = parser.value(QStringLiteral("dpi")).toDouble();
    const QString pdftoppm =
        QStandardPaths::findExecutable(parser.value(QStringLiteral("pdftoppm")));
    if (pdftoppm.isEmpty()) {
        return fail(QStringLiteral("pdftoppm not found (Debian: poppler-utils)"));
    }

    QTemporaryDir dir;
    QElapsedTimer made;
    made.start();
    const QByteArray pdf = lessonPdf(pages);
    const QString path = dir.filePath(QStringLiteral("lesson.pdf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(pdf) != pdf.size()) {
        return fail(QStringLiteral("cannot write %1").arg(path));
    }
    file.close();
    std::printf("lesson: %d pages, %.1f MB, written in %.0f ms; %d pages measured at %.0f dpi\n",
                pages, double(pdf.size()) / 1e6, double(made.elapsed()), samples, dpi);

    QList<int> sample; // 0-based, spread over the lesson
    for (int i = 0; i < samples; ++i) {
        sample.append(int(qint64(i) * pages / samples));
    }

    // 1. Time to first page, a new renderer each time.
    QList<double> first;
    for (int i = 0; i < samples; ++i) {
        QElapsedTimer clock;
        clock.start();
        LessonRenderer renderer(pdf);
        renderer.start();
        renderer.schedule({{0, dpi}});
        const double ms = waitForPage(&renderer, 0, clock);
        if (ms < 0) {
            return fail(QStringLiteral("page 1 was not rendered"));
        }
        first.append(ms);
    }

    // 2. Page turns to pages not rendered in advance, on one open renderer.
    QList<double> turn;
    {
        LessonRenderer renderer(pdf);
        renderer.start();
        QElapsedTimer warm;
        warm.start();
        renderer.schedule({{0, dpi}});
        waitForPage(&renderer, 0, warm);
        for (int p : sample) {
            QElapsedTimer clock;
            clock.start();
            renderer.schedule({{p, dpi}});
            const double ms = waitForPage(&renderer, p, clock);
            if (ms < 0) {
                return fail(QStringLiteral("page %1 was not rendered").arg(p + 1));
            }
            turn.append(ms);
        }
    }

    // 3. pdftoppm on the same pages; page 1 on its own as its "first page".
    auto runPdftoppm = [&](int page) -> double {
        QElapsedTimer clock;
        clock.start();
        QProcess process;
        process.start(pdftoppm,
                      {QStringLiteral("-r"), QString::number(dpi), QStringLiteral("-f"),
                       QString::number(page + 1), QStringLiteral("-l"), QString::number(page + 1),
                       path, dir.filePath(QStringLiteral("out"))});
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0) {
            return -1;
        }
        return double(clock.nsecsElapsed()) / 1e6;
    };
    QList<double> toolFirst;
    QList<double> toolPage;
    for (int i = 0; i < samples; ++i) {
        const double a = runPdftoppm(0);
        const double b = runPdftoppm(sample.at(i));
        if (a < 0 || b < 0) {
            return fail(QStringLiteral("pdftoppm failed"));
        }
        toolFirst.append(a);
        toolPage.append(b);
    }

    // pdftoppm over consecutive pages in one process: its rendering without its start.
    QList<double> toolRun;
    const int runPages = std::min(samples, pages);
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer clock;
        clock.start();
        QProcess process;
        process.start(pdftoppm,
                      {QStringLiteral("-r"), QString::number(dpi), QStringLiteral("-f"),
                       QStringLiteral("1"), QStringLiteral("-l"), QString::number(runPages), path,
                       dir.filePath(QStringLiteral("run"))});
        if (!process.waitForFinished(300000) || process.exitCode() != 0) {
            return fail(QStringLiteral("pdftoppm failed"));
        }
        toolRun.append(double(clock.nsecsElapsed()) / 1e6 / runPages);
    }
    // The viewer's renderer over the same consecutive pages, one after another.
    QList<double> viewerRun;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer clock;
        clock.start();
        LessonRenderer renderer(pdf);
        renderer.start();
        QList<LessonRenderer::Job> jobs;
        for (int p = 0; p < runPages; ++p) {
            jobs.append({p, dpi});
        }
        renderer.schedule(jobs);
        if (waitForPage(&renderer, runPages - 1, clock) < 0) {
            return fail(QStringLiteral("the pages were not rendered"));
        }
        viewerRun.append(double(clock.nsecsElapsed()) / 1e6 / runPages);
    }

    std::printf("\n%-46s %10s %10s   %10s %10s\n", "", "viewer", "", "pdftoppm", "");
    std::printf("%-46s %10s %10s   %10s %10s\n", "ms", "median", "p95", "median", "p95");
    std::printf("%-46s %10.1f %10.1f   %10.1f %10.1f\n", "first page (load + render page 1)",
                pct(first, 0.5), pct(first, 0.95), pct(toolFirst, 0.5), pct(toolFirst, 0.95));
    std::printf("%-46s %10.1f %10.1f   %10.1f %10.1f\n", "page turn (a page not rendered ahead)",
                pct(turn, 0.5), pct(turn, 0.95), pct(toolPage, 0.5), pct(toolPage, 0.95));
    std::printf("%-46s %10.1f %10s   %10.1f %10s\n",
                qPrintable(QStringLiteral("per page, pages 1-%1 in one run").arg(runPages)),
                pct(viewerRun, 0.5), "", pct(toolRun, 0.5), "");
    return 0;
}
