#pragma once
// A PDF lesson on screen (教育研修): one page at a time, rendered with Poppler on a worker thread
// so that turning pages never stalls the window. Page navigation (buttons, PgUp/PgDn, Home/End,
// a page box "n / N"), zoom in/out and fit width (the default), text search within the lesson
// (the match highlighted, its page shown) and resume at a given page.
//
// LessonRenderer is the rendering path: one thread that owns its own Poppler::Document (Poppler
// documents must not be used from two threads at once), a queue the viewer replaces whenever the
// page or the zoom changes (the page shown first, then its neighbours; whatever was queued for an
// older zoom is dropped), and text search on the same thread. The viewer keeps a small LRU cache
// of rendered pages and shows a placeholder for a page not rendered yet; results rendered at a
// zoom no longer current are dropped.

#include <QByteArray>
#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QMutex>
#include <QRectF>
#include <QSizeF>
#include <QThread>
#include <QWaitCondition>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;
class QScrollArea;
class QSpinBox;
class QTimer;

namespace madoguchi {

class LessonRenderer : public QThread
{
    Q_OBJECT
public:
    struct Job
    {
        int page = 0;    // 0-based
        double dpi = 72; // physical pixels per inch (zoom × device pixel ratio included)
    };

    // Loads its own Document from `pdf` on the rendering thread.
    explicit LessonRenderer(const QByteArray& pdf, QObject* parent = nullptr);
    ~LessonRenderer() override; // stops the thread and waits for it

    // Replaces whatever is still queued: the pages are rendered in this order.
    void schedule(const QList<Job>& jobs);
    // Looks for `text` (case-insensitive) from page `from` (0-based) on, going forward or
    // backward and wrapping round once; searchFinished() follows.
    void search(const QString& text, int from, bool forward, int serial);
    void stop();

    // A cache key for a dpi: results are matched to requests with it.
    static int dpiKey(double dpi) { return int(dpi * 100 + 0.5); }

signals:
    void loaded(bool ok);
    void pageRendered(int page, int dpiKey, const QImage& image);
    // page -1: not found. rects are in points on that page.
    void searchFinished(int serial, const QString& text, int page, const QList<QRectF>& rects);

protected:
    void run() override;

private:
    struct Search
    {
        QString text;
        int from = 0;
        bool forward = true;
        int serial = 0;
    };

    const QByteArray m_pdf;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QList<Job> m_jobs;
    QList<Search> m_searches;
    bool m_stop = false;
};

class LessonViewer : public QWidget
{
    Q_OBJECT
public:
    explicit LessonViewer(QWidget* parent = nullptr);
    ~LessonViewer() override;

    // Shows the lesson at `startPage` (1-based; out of range: the first page). False, with
    // errorString(), when the bytes are not a readable PDF.
    bool setDocument(const QByteArray& pdf, int startPage = 1);
    void clear();
    QString errorString() const { return m_error; }

    int pageCount() const { return int(m_pageSizes.size()); }
    int currentPage() const { return m_page + 1; } // 1-based; 0 without a document
    QList<int> pagesViewed() const;                // 1-based, sorted
    // Seconds the lesson has been open and on screen, in total / since the last takeSeconds().
    int secondsSpent() const;
    int takeSeconds();

    double zoom() const { return m_zoom; } // 1.0 = 100 %
    bool fitsWidth() const { return m_fitWidth; }
    // The size of the image shown for the current page in device-independent pixels (empty while
    // the placeholder is shown).
    QSize renderedSize() const;
    bool isPageRendered() const { return m_shownRendered; }

    // The current match, if any: its page (1-based, 0: none) and its rectangle in points.
    int matchPage() const { return m_matchPage + 1; }
    QRectF matchRect() const;

public slots:
    void showPage(int page); // 1-based
    void nextPage();
    void previousPage();
    void firstPage();
    void lastPage();
    void zoomIn();
    void zoomOut();
    void setZoom(double zoom);
    void fitWidth();
    void find(const QString& text);
    void findNext();
    void findPrevious();

signals:
    void pageShown(int page, int pageCount); // 1-based, each time another page is shown
    void pageRendered(int page);             // the current page's image is on screen
    void searchFinished(bool found);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    struct Cached
    {
        int page;
        int key;
        QImage image;
    };

    double renderDpi() const; // for the current zoom and device pixel ratio
    double fitZoom() const;
    void setPageIndex(int index);
    void requestRendering();
    void display();
    void rendered(int page, int key, const QImage& image);
    void searchDone(int serial, const QString& text, int page, const QList<QRectF>& rects);
    void startSearch(bool forward);
    void updateControls();
    void pauseClock();
    void resumeClock();

    LessonRenderer* m_renderer = nullptr;
    QList<QSizeF> m_pageSizes; // points
    QList<bool> m_viewed;
    QList<Cached> m_cache; // most recently used last
    int m_page = -1;
    double m_zoom = 1.0;
    bool m_fitWidth = true;
    bool m_shownRendered = false;
    QString m_error;

    QString m_searchText;
    int m_searchSerial = 0;
    bool m_searchForward = true;
    int m_matchPage = -1;
    QList<QRectF> m_matches;
    int m_matchIndex = -1;

    QElapsedTimer m_clock;
    qint64 m_msTotal = 0;
    qint64 m_msTaken = 0;

    QToolButton* m_first;
    QToolButton* m_prev;
    QSpinBox* m_pageBox;
    QToolButton* m_next;
    QToolButton* m_last;
    QToolButton* m_zoomOut;
    QToolButton* m_zoomIn;
    QToolButton* m_fit;
    QLabel* m_zoomLabel;
    QLineEdit* m_findEdit;
    QToolButton* m_findPrev;
    QToolButton* m_findNext;
    QLabel* m_status;
    QScrollArea* m_scroll;
    QLabel* m_image;
    QTimer* m_resizeTimer;
};

} // namespace madoguchi
