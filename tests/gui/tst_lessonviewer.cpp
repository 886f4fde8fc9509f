// The lesson viewer: a five-page lesson opens at its first page (rendered by the worker, a
// placeholder meanwhile), Page Down and the Next button turn pages and say so through
// pageShown, the page box jumps, a lesson resumes at the page it is opened at, zooming in and
// fitting the width change the size of the rendered page, a word that only page 3 has is found
// from page 1 and shown there, and a text that is nowhere is reported as such. Pages are
// rendered on the renderer's thread, never the GUI thread, the page shown first.
#include "LessonViewer.h"
#include "TestSupport.h"

#include <QBuffer>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QThread>

using namespace madoguchi;

namespace {

// A lesson of `pages` A4 pages: a heading "Lesson page N", a paragraph and a few shapes; the
// word "evacuation" only on page 3.
QByteArray lessonPdf(int pages)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(72);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter(&writer);
    for (int p = 1; p <= pages; ++p) {
        if (p > 1) {
            writer.newPage();
        }
        QFont font = painter.font();
        font.setPointSize(20);
        painter.setFont(font);
        painter.drawText(QPointF(60, 80), QStringLiteral("Lesson page %1").arg(p));
        font.setPointSize(12);
        painter.setFont(font);
        painter.drawText(QPointF(60, 130), QStringLiteral("Counter work, step %1.").arg(p));
        if (p == 3) {
            painter.drawText(QPointF(60, 400), QStringLiteral("Registration at an evacuation "
                                                              "centre starts at the door."));
        }
        painter.setBrush(QColor(0x33, 0x66, 0x99));
        painter.drawRect(QRectF(60, 200, 200, 100));
        painter.drawEllipse(QRectF(300, 200, 120, 120));
    }
    painter.end();
    return bytes;
}

} // namespace

class TestLessonViewer : public QObject
{
    Q_OBJECT
    QByteArray m_pdf;

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        m_pdf = lessonPdf(5);
        QVERIFY(!m_pdf.isEmpty());
    }

    void opensTurnsAndReportsPages()
    {
        LessonViewer viewer;
        viewer.resize(900, 700);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QSignalSpy shown(&viewer, &LessonViewer::pageShown);
        QVERIFY(viewer.setDocument(m_pdf));
        QCOMPARE(viewer.pageCount(), 5);
        QCOMPARE(viewer.currentPage(), 1);
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.at(0).at(0).toInt(), 1);
        QCOMPARE(shown.at(0).at(1).toInt(), 5);
        QTRY_VERIFY(viewer.isPageRendered());

        // Page Down from the page, then the Next button.
        viewer.setFocus();
        QTest::keyClick(&viewer, Qt::Key_PageDown);
        QCOMPARE(viewer.currentPage(), 2);
        QCOMPARE(shown.count(), 2);
        QCOMPARE(shown.at(1).at(0).toInt(), 2);
        QTRY_VERIFY(viewer.isPageRendered());
        QTest::mouseClick(viewer.findChild<QAbstractButton*>(QStringLiteral("nextPageButton")),
                          Qt::LeftButton);
        QCOMPARE(viewer.currentPage(), 3);
        QCOMPARE(shown.at(2).at(0).toInt(), 3);
        auto* box = viewer.findChild<QSpinBox*>(QStringLiteral("pageBox"));
        QCOMPARE(box->value(), 3);
        QCOMPARE(box->suffix(), QStringLiteral(" / 5"));

        // Typing a page number jumps there; End goes to the last page and stays there.
        box->setValue(5);
        QCOMPARE(viewer.currentPage(), 5);
        QTest::keyClick(&viewer, Qt::Key_PageDown);
        QCOMPARE(viewer.currentPage(), 5);
        QCOMPARE(shown.count(), 4); // no page shown twice for a key that goes nowhere
        QTest::keyClick(&viewer, Qt::Key_Home);
        QCOMPARE(viewer.currentPage(), 1);
        QCOMPARE(viewer.pagesViewed(), (QList<int>{1, 2, 3, 5}));
    }

    void resumesAtAPage()
    {
        LessonViewer viewer;
        viewer.resize(900, 700);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QSignalSpy shown(&viewer, &LessonViewer::pageShown);
        QVERIFY(viewer.setDocument(m_pdf, 4));
        QCOMPARE(viewer.currentPage(), 4);
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.at(0).at(0).toInt(), 4);
        QTRY_VERIFY(viewer.isPageRendered());
        QCOMPARE(viewer.pagesViewed(), QList<int>{4});
        // A page beyond the lesson (it was replaced by a shorter version): the first page.
        QVERIFY(viewer.setDocument(m_pdf, 9));
        QCOMPARE(viewer.currentPage(), 1);
    }

    void zoomAndFitWidthChangeTheRenderedSize()
    {
        LessonViewer viewer;
        viewer.resize(900, 700);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QVERIFY(viewer.setDocument(m_pdf));
        QVERIFY(viewer.fitsWidth());
        QTRY_VERIFY(viewer.isPageRendered());
        const QSize fitted = viewer.renderedSize();
        // Fit width: the page fills most of the 900-pixel width without overflowing it.
        QVERIFY2(fitted.width() > 700 && fitted.width() < 900,
                 qPrintable(QString::number(fitted.width())));

        QTest::mouseClick(viewer.findChild<QAbstractButton*>(QStringLiteral("zoomInButton")),
                          Qt::LeftButton);
        QVERIFY(!viewer.fitsWidth());
        QTRY_VERIFY(viewer.isPageRendered());
        const QSize bigger = viewer.renderedSize();
        QVERIFY(qAbs(bigger.width() - fitted.width() * 1.25) < 3);
        QVERIFY(qAbs(bigger.height() - fitted.height() * 1.25) < 3);

        viewer.setZoom(1.0); // 100 %: A4 (595 pt) at 96 dpi
        QTRY_VERIFY(viewer.isPageRendered());
        QVERIFY(qAbs(viewer.renderedSize().width() - 794) <= 1);

        QTest::mouseClick(viewer.findChild<QAbstractButton*>(QStringLiteral("fitWidthButton")),
                          Qt::LeftButton);
        QVERIFY(viewer.fitsWidth());
        QTRY_VERIFY(viewer.isPageRendered());
        QCOMPARE(viewer.renderedSize(), fitted);

        // A wider window: fit width renders the page wider.
        viewer.resize(1200, 700);
        QTRY_VERIFY(viewer.isPageRendered() &&
                    viewer.renderedSize().width() > fitted.width() + 250);
        QVERIFY(viewer.renderedSize().width() < 1200);
    }

    void findsAWordOnPage3()
    {
        LessonViewer viewer;
        viewer.resize(900, 700);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QVERIFY(viewer.setDocument(m_pdf));
        QSignalSpy found(&viewer, &LessonViewer::searchFinished);
        QSignalSpy shown(&viewer, &LessonViewer::pageShown);
        auto* edit = viewer.findChild<QLineEdit*>(QStringLiteral("findEdit"));
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("Evacuation"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(found.count(), 1);
        QCOMPARE(found.at(0).at(0).toBool(), true);
        QCOMPARE(viewer.currentPage(), 3);
        QCOMPARE(viewer.matchPage(), 3);
        QCOMPARE(shown.last().at(0).toInt(), 3);
        // The match is where the text was drawn (y = 400 pt, baseline), left of its middle.
        const QRectF r = viewer.matchRect();
        QVERIFY2(r.top() > 370 && r.bottom() < 410, qPrintable(QStringLiteral("%1 %2 %3 %4")
                                                                   .arg(r.x())
                                                                   .arg(r.y())
                                                                   .arg(r.width())
                                                                   .arg(r.height())));
        QVERIFY(r.left() > 60 && r.left() < 300);
        QTRY_VERIFY(viewer.isPageRendered());

        // Only one match: the next one wraps round to the same place.
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(found.count(), 2);
        QCOMPARE(viewer.currentPage(), 3);

        viewer.find(QStringLiteral("tsunami"));
        QTRY_COMPARE(found.count(), 3);
        QCOMPARE(found.at(2).at(0).toBool(), false);
        QCOMPARE(viewer.currentPage(), 3);
        QCOMPARE(viewer.matchPage(), 0);
    }

    void rendersOffTheGuiThread()
    {
        LessonViewer viewer;
        viewer.resize(900, 700);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QVERIFY(viewer.setDocument(m_pdf, 2));
        auto* renderer = viewer.findChild<LessonRenderer*>();
        QVERIFY(renderer);
        QList<QPair<int, int>> rendered; // page, dpi key
        bool onGuiThread = false;
        QObject::connect(
            renderer, &LessonRenderer::pageRendered, renderer,
            [&](int page, int key, const QImage&) {
                onGuiThread = onGuiThread || QThread::currentThread() == qApp->thread();
                rendered.append({page, key});
            },
            Qt::DirectConnection);
        // The page shown and its neighbours again, at the new zoom. A page being rendered at the
        // old zoom may still come; the viewer drops it.
        viewer.zoomIn();
        const int key = LessonRenderer::dpiKey(96.0 * viewer.zoom() * viewer.devicePixelRatioF());
        QList<int> pages;
        QTRY_VERIFY(viewer.isPageRendered());
        QTRY_VERIFY([&] {
            pages.clear();
            for (const auto& [page, k] : rendered) {
                if (k == key) {
                    pages.append(page);
                }
            }
            return pages.size() == 3;
        }());
        QVERIFY(!onGuiThread);
        QCOMPARE(pages, (QList<int>{1, 2, 0})); // the page shown (0-based), the next, the previous
        QVERIFY(rendered.size() <= 4);
    }

    void refusesWhatIsNotAPdf()
    {
        LessonViewer viewer;
        QVERIFY(!viewer.setDocument(QByteArray("not a pdf")));
        QVERIFY(!viewer.errorString().isEmpty());
        QCOMPARE(viewer.pageCount(), 0);
    }
};

QTEST_MAIN(TestLessonViewer)
#include "tst_lessonviewer.moc"
