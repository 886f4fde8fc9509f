#include "LessonViewer.h"

#include <poppler-qt6.h>

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMutexLocker>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace madoguchi {

namespace {

constexpr int kCacheSize = 8;       // rendered pages kept (the page shown and its neighbours)
constexpr int kMargin = 12;         // around the page
constexpr double kScreenDpi = 96.0; // 100 %: a page at its real size on a 96 dpi screen
constexpr double kMinZoom = 0.25;
constexpr double kMaxZoom = 4.0;
constexpr double kZoomStep = 1.25;

} // namespace

// ---------------------------------------------------------------------------------------------
// LessonRenderer

LessonRenderer::LessonRenderer(const QByteArray& pdf, QObject* parent) : QThread(parent), m_pdf(pdf)
{}

LessonRenderer::~LessonRenderer()
{
    stop();
    wait();
}

void LessonRenderer::schedule(const QList<Job>& jobs)
{
    QMutexLocker lock(&m_mutex);
    m_jobs = jobs;
    m_wake.wakeAll();
}

void LessonRenderer::search(const QString& text, int from, bool forward, int serial)
{
    QMutexLocker lock(&m_mutex);
    m_searches = {Search{text, from, forward, serial}}; // an older search is no longer wanted
    m_wake.wakeAll();
}

void LessonRenderer::stop()
{
    QMutexLocker lock(&m_mutex);
    m_stop = true;
    m_jobs.clear();
    m_searches.clear();
    m_wake.wakeAll();
}

void LessonRenderer::run()
{
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(m_pdf);
    const bool ok = doc && !doc->isLocked() && doc->numPages() > 0;
    emit loaded(ok);
    if (!ok) {
        return;
    }
    doc->setRenderHint(Poppler::Document::Antialiasing);
    doc->setRenderHint(Poppler::Document::TextAntialiasing);
    doc->setPaperColor(Qt::white);
    const int pages = doc->numPages();
    for (;;) {
        Job job;
        Search search;
        bool searching = false;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_stop && m_jobs.isEmpty() && m_searches.isEmpty()) {
                m_wake.wait(&m_mutex);
            }
            if (m_stop) {
                return;
            }
            if (!m_searches.isEmpty()) {
                search = m_searches.takeFirst();
                searching = true;
            } else {
                job = m_jobs.takeFirst();
            }
        }
        if (searching) {
            int found = -1;
            QList<QRectF> rects;
            for (int i = 0; i < pages && found < 0; ++i) {
                const int p = search.forward ? (search.from + i) % pages
                                             : ((search.from - i) % pages + pages) % pages;
                std::unique_ptr<Poppler::Page> page = doc->page(p);
                if (page) {
                    rects = page->search(search.text, Poppler::Page::IgnoreCase);
                    if (!rects.isEmpty()) {
                        found = p;
                    }
                }
            }
            emit searchFinished(search.serial, search.text, found, rects);
            continue;
        }
        if (job.page < 0 || job.page >= pages) {
            continue;
        }
        std::unique_ptr<Poppler::Page> page = doc->page(job.page);
        QImage image = page ? page->renderToImage(job.dpi, job.dpi) : QImage();
        emit pageRendered(job.page, dpiKey(job.dpi), image);
    }
}

// ---------------------------------------------------------------------------------------------
// LessonViewer

LessonViewer::LessonViewer(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonViewer"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    auto button = [this, bar](const QString& text, const QString& name, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setAutoRaise(false);
        b->setObjectName(name);
        b->setToolTip(tip);
        bar->addWidget(b);
        return b;
    };
    m_first =
        button(QStringLiteral("|◀"), QStringLiteral("firstPageButton"), tr("First page (Home)"));
    m_prev = button(tr("◀ &Previous"), QStringLiteral("previousPageButton"),
                    tr("Previous page (Page Up)"));
    m_pageBox = new QSpinBox(this);
    m_pageBox->setObjectName(QStringLiteral("pageBox"));
    m_pageBox->setKeyboardTracking(false);
    m_pageBox->setAccessibleName(tr("Page"));
    bar->addWidget(m_pageBox);
    m_next = button(tr("&Next ▶"), QStringLiteral("nextPageButton"), tr("Next page (Page Down)"));
    m_last = button(QStringLiteral("▶|"), QStringLiteral("lastPageButton"), tr("Last page (End)"));
    bar->addSpacing(12);
    m_zoomOut =
        button(QStringLiteral("−"), QStringLiteral("zoomOutButton"), tr("Zoom out (Ctrl+-)"));
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setObjectName(QStringLiteral("zoomLabel"));
    m_zoomLabel->setAlignment(Qt::AlignCenter);
    m_zoomLabel->setMinimumWidth(
        m_zoomLabel->fontMetrics().horizontalAdvance(QStringLiteral("400 %")) + 6);
    bar->addWidget(m_zoomLabel);
    m_zoomIn = button(QStringLiteral("+"), QStringLiteral("zoomInButton"), tr("Zoom in (Ctrl++)"));
    m_fit =
        button(tr("Fit &width"), QStringLiteral("fitWidthButton"), tr("Fit the page to the width"));
    m_fit->setCheckable(true);
    bar->addSpacing(12);
    m_findEdit = new QLineEdit(this);
    m_findEdit->setObjectName(QStringLiteral("findEdit"));
    m_findEdit->setPlaceholderText(tr("Find in the lesson (Ctrl+F)"));
    m_findEdit->setClearButtonEnabled(true);
    bar->addWidget(m_findEdit, 1);
    m_findPrev = button(QStringLiteral("▲"), QStringLiteral("findPreviousButton"),
                        tr("Previous match (Shift+F3)"));
    m_findNext =
        button(QStringLiteral("▼"), QStringLiteral("findNextButton"), tr("Next match (F3)"));
    layout->addLayout(bar);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("lessonStatus"));
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("lessonPage"));
    m_scroll->setBackgroundRole(QPalette::Dark);
    m_scroll->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_image = new QLabel(m_scroll);
    m_image->setObjectName(QStringLiteral("lessonPageImage"));
    m_image->setContentsMargins(kMargin, kMargin, kMargin, kMargin);
    m_image->setAlignment(Qt::AlignCenter);
    m_scroll->setWidget(m_image);
    m_scroll->setWidgetResizable(false);
    layout->addWidget(m_scroll, 1);

    m_resizeTimer = new QTimer(this);
    m_resizeTimer->setSingleShot(true);
    m_resizeTimer->setInterval(120);
    connect(m_resizeTimer, &QTimer::timeout, this, [this] {
        if (m_fitWidth && pageCount() > 0 && std::abs(fitZoom() - m_zoom) > 0.005) {
            fitWidth();
        }
    });

    connect(m_first, &QToolButton::clicked, this, &LessonViewer::firstPage);
    connect(m_prev, &QToolButton::clicked, this, &LessonViewer::previousPage);
    connect(m_next, &QToolButton::clicked, this, &LessonViewer::nextPage);
    connect(m_last, &QToolButton::clicked, this, &LessonViewer::lastPage);
    connect(m_pageBox, &QSpinBox::valueChanged, this, [this](int v) {
        if (v != currentPage()) {
            showPage(v);
        }
    });
    connect(m_zoomIn, &QToolButton::clicked, this, &LessonViewer::zoomIn);
    connect(m_zoomOut, &QToolButton::clicked, this, &LessonViewer::zoomOut);
    connect(m_fit, &QToolButton::clicked, this, &LessonViewer::fitWidth);
    connect(m_findEdit, &QLineEdit::returnPressed, this, &LessonViewer::findNext);
    connect(m_findNext, &QToolButton::clicked, this, &LessonViewer::findNext);
    connect(m_findPrev, &QToolButton::clicked, this, &LessonViewer::findPrevious);

    auto shortcut = [this](const QKeySequence& keys, auto slot) {
        auto* s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::Key_PageDown), &LessonViewer::nextPage);
    shortcut(QKeySequence(Qt::Key_PageUp), &LessonViewer::previousPage);
    shortcut(QKeySequence(Qt::Key_Home), &LessonViewer::firstPage);
    shortcut(QKeySequence(Qt::Key_End), &LessonViewer::lastPage);
    shortcut(QKeySequence::ZoomIn, &LessonViewer::zoomIn);
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), &LessonViewer::zoomIn);
    shortcut(QKeySequence::ZoomOut, &LessonViewer::zoomOut);
    shortcut(QKeySequence::FindNext, &LessonViewer::findNext);
    shortcut(QKeySequence::FindPrevious, &LessonViewer::findPrevious);
    auto* findKey = new QShortcut(QKeySequence::Find, this);
    findKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findKey, &QShortcut::activated, this, [this] {
        m_findEdit->setFocus(Qt::ShortcutFocusReason);
        m_findEdit->selectAll();
    });
    setFocusPolicy(Qt::StrongFocus);
    updateControls();
}

LessonViewer::~LessonViewer() = default; // the renderer (a child) stops and is waited for

bool LessonViewer::setDocument(const QByteArray& pdf, int startPage)
{
    clear();
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc || doc->isLocked() || doc->numPages() < 1) {
        m_error = tr("The lesson cannot be read as a PDF.");
        m_status->setText(m_error);
        return false;
    }
    for (int i = 0; i < doc->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        const QSizeF size = page ? page->pageSizeF() : QSizeF();
        m_pageSizes.append(size.isEmpty() ? QSizeF(595, 842) : size);
    }
    m_viewed = QList<bool>(m_pageSizes.size(), false);
    m_renderer = new LessonRenderer(pdf, this);
    connect(m_renderer, &LessonRenderer::pageRendered, this, &LessonViewer::rendered);
    connect(m_renderer, &LessonRenderer::searchFinished, this, &LessonViewer::searchDone);
    m_renderer->start();
    {
        const QSignalBlocker block(m_pageBox);
        m_pageBox->setRange(1, pageCount());
        m_pageBox->setSuffix(QStringLiteral(" / %1").arg(pageCount()));
    }
    if (m_fitWidth) {
        m_zoom = fitZoom();
    }
    m_msTotal = 0;
    m_msTaken = 0;
    if (isVisible()) {
        resumeClock();
    }
    setPageIndex(startPage >= 1 && startPage <= pageCount() ? startPage - 1 : 0);
    return true;
}

void LessonViewer::clear()
{
    pauseClock();
    delete m_renderer;
    m_renderer = nullptr;
    m_pageSizes.clear();
    m_viewed.clear();
    m_cache.clear();
    m_page = -1;
    m_error.clear();
    m_searchText.clear();
    m_matchPage = -1;
    m_matches.clear();
    m_matchIndex = -1;
    m_shownRendered = false;
    m_image->clear();
    m_image->adjustSize();
    m_status->clear();
    updateControls();
}

QList<int> LessonViewer::pagesViewed() const
{
    QList<int> out;
    for (int i = 0; i < m_viewed.size(); ++i) {
        if (m_viewed.at(i)) {
            out.append(i + 1);
        }
    }
    return out;
}

int LessonViewer::secondsSpent() const
{
    return int((m_msTotal + (m_clock.isValid() ? m_clock.elapsed() : 0)) / 1000);
}

int LessonViewer::takeSeconds()
{
    const qint64 total = m_msTotal + (m_clock.isValid() ? m_clock.elapsed() : 0);
    const qint64 seconds = (total - m_msTaken) / 1000;
    m_msTaken += seconds * 1000;
    return int(seconds);
}

void LessonViewer::pauseClock()
{
    if (m_clock.isValid()) {
        m_msTotal += m_clock.elapsed();
        m_clock.invalidate();
    }
}

void LessonViewer::resumeClock()
{
    if (!m_clock.isValid() && pageCount() > 0) {
        m_clock.start();
    }
}

QSize LessonViewer::renderedSize() const
{
    if (!m_shownRendered) {
        return {};
    }
    const QPixmap pixmap = m_image->pixmap();
    return (QSizeF(pixmap.size()) / pixmap.devicePixelRatio()).toSize();
}

QRectF LessonViewer::matchRect() const
{
    return m_matchIndex >= 0 && m_matchIndex < m_matches.size() ? m_matches.at(m_matchIndex)
                                                                : QRectF();
}

double LessonViewer::renderDpi() const
{
    return kScreenDpi * m_zoom * devicePixelRatioF();
}

double LessonViewer::fitZoom() const
{
    if (m_page < 0 && m_pageSizes.isEmpty()) {
        return 1.0;
    }
    const QSizeF points = m_pageSizes.value(std::max(0, m_page));
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_scroll);
    // The same width whether the scroll bars show or not: room is always left for the vertical
    // one, so that fitting does not flip between two zooms.
    const int width = m_scroll->width() - 2 * m_scroll->frameWidth();
    const double available = std::max(100, width - 2 * kMargin - scrollBar - 4);
    return std::clamp(available / (points.width() / 72.0 * kScreenDpi), kMinZoom, kMaxZoom);
}

void LessonViewer::showPage(int page)
{
    setPageIndex(page - 1);
}

void LessonViewer::nextPage()
{
    setPageIndex(m_page + 1);
}

void LessonViewer::previousPage()
{
    setPageIndex(m_page - 1);
}

void LessonViewer::firstPage()
{
    setPageIndex(0);
}

void LessonViewer::lastPage()
{
    setPageIndex(pageCount() - 1);
}

void LessonViewer::setPageIndex(int index)
{
    if (pageCount() == 0) {
        return;
    }
    index = std::clamp(index, 0, pageCount() - 1);
    if (index == m_page) {
        return;
    }
    m_page = index;
    m_viewed[index] = true;
    m_scroll->verticalScrollBar()->setValue(0); // a new page from its top (or at its match)
    display();
    requestRendering();
    updateControls();
    emit pageShown(index + 1, pageCount());
}

void LessonViewer::zoomIn()
{
    setZoom(m_zoom * kZoomStep);
}

void LessonViewer::zoomOut()
{
    setZoom(m_zoom / kZoomStep);
}

void LessonViewer::setZoom(double zoom)
{
    m_fitWidth = false;
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    if (std::abs(zoom - m_zoom) < 1e-6) {
        updateControls();
        return;
    }
    m_zoom = zoom;
    display();
    requestRendering();
    updateControls();
}

void LessonViewer::fitWidth()
{
    m_fitWidth = true;
    const double zoom = fitZoom();
    if (std::abs(zoom - m_zoom) > 1e-6) {
        m_zoom = zoom;
        display();
        requestRendering();
    }
    updateControls();
}

void LessonViewer::requestRendering()
{
    if (!m_renderer || m_page < 0) {
        return;
    }
    const double dpi = renderDpi();
    const int key = LessonRenderer::dpiKey(dpi);
    QList<LessonRenderer::Job> jobs;
    // The page shown first, then the next (the learner reads on), then the previous one.
    for (int p : {m_page, m_page + 1, m_page - 1}) {
        if (p < 0 || p >= pageCount()) {
            continue;
        }
        const bool cached = std::any_of(m_cache.cbegin(), m_cache.cend(), [&](const Cached& c) {
            return c.page == p && c.key == key;
        });
        if (!cached) {
            jobs.append({p, dpi});
        }
    }
    m_renderer->schedule(jobs); // whatever was queued for another page or zoom is dropped
}

void LessonViewer::rendered(int page, int key, const QImage& image)
{
    if (key != LessonRenderer::dpiKey(renderDpi()) || image.isNull()) {
        return; // rendered for a zoom no longer wanted
    }
    m_cache.removeIf([&](const Cached& c) { return c.page == page && c.key == key; });
    m_cache.append({page, key, image});
    while (m_cache.size() > kCacheSize) {
        m_cache.removeFirst();
    }
    if (page == m_page) {
        display();
    }
}

void LessonViewer::display()
{
    if (m_page < 0) {
        return;
    }
    const double dpi = renderDpi();
    const int key = LessonRenderer::dpiKey(dpi);
    const qreal ratio = devicePixelRatioF();
    const QSizeF points = m_pageSizes.at(m_page);
    const QSize physical(int(std::ceil(points.width() * dpi / 72.0)),
                         int(std::ceil(points.height() * dpi / 72.0)));
    QImage image;
    m_shownRendered = false;
    for (qsizetype i = m_cache.size() - 1; i >= 0; --i) {
        if (m_cache.at(i).page != m_page) {
            continue;
        }
        if (m_cache.at(i).key == key) {
            image = m_cache.at(i).image;
            m_cache.move(i, m_cache.size() - 1); // most recently used
            m_shownRendered = true;
            break;
        }
        if (image.isNull()) { // the same page at another zoom, scaled until the new one comes
            image =
                m_cache.at(i).image.scaled(physical, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        }
    }
    if (image.isNull()) {
        image = QImage(physical, QImage::Format_RGB32);
        image.fill(QColor(0xee, 0xee, 0xee));
        QPainter painter(&image);
        QFont font = painter.font();
        font.setPointSizeF(font.pointSizeF() * ratio * 1.2);
        painter.setFont(font);
        painter.setPen(QColor(0x60, 0x60, 0x60));
        painter.drawText(image.rect(), Qt::AlignCenter,
                         tr("Page %1 is being prepared…").arg(m_page + 1));
    }
    if (m_page == m_matchPage && !m_matches.isEmpty()) {
        image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        const double scale = double(image.width()) / points.width();
        for (int i = 0; i < m_matches.size(); ++i) {
            const QRectF& r = m_matches.at(i);
            const QRectF pixels(r.x() * scale, r.y() * scale, r.width() * scale,
                                r.height() * scale);
            painter.fillRect(pixels.adjusted(-2, -2, 2, 2), i == m_matchIndex
                                                                ? QColor(255, 140, 0, 110)
                                                                : QColor(255, 230, 0, 90));
        }
    }
    QPixmap pixmap = QPixmap::fromImage(image);
    pixmap.setDevicePixelRatio(ratio);
    m_image->setPixmap(pixmap);
    m_image->adjustSize();
    m_image->setAccessibleName(tr("Page %1 of %2").arg(m_page + 1).arg(pageCount()));
    if (m_page == m_matchPage && m_matchIndex >= 0) {
        const QRectF r = m_matches.at(m_matchIndex);
        const double scale = double(pixmap.width()) / ratio / points.width();
        m_scroll->ensureVisible(int(kMargin + r.center().x() * scale),
                                int(kMargin + r.center().y() * scale), 50, 80);
    }
    if (m_shownRendered) {
        emit pageRendered(m_page + 1);
    }
}

void LessonViewer::find(const QString& text)
{
    if (m_findEdit->text() != text) {
        m_findEdit->setText(text);
    }
    m_searchText = text;
    m_matchPage = -1;
    m_matches.clear();
    m_matchIndex = -1;
    if (text.trimmed().isEmpty() || !m_renderer) {
        m_status->clear();
        display();
        return;
    }
    m_searchForward = true;
    ++m_searchSerial;
    m_status->setText(tr("Searching…"));
    m_renderer->search(text, std::max(0, m_page), true, m_searchSerial);
}

void LessonViewer::findNext()
{
    if (m_findEdit->text() != m_searchText || m_matchPage < 0) {
        find(m_findEdit->text());
        return;
    }
    if (m_matchIndex + 1 < m_matches.size()) {
        ++m_matchIndex;
        setPageIndex(m_matchPage);
        display();
        return;
    }
    startSearch(true);
}

void LessonViewer::findPrevious()
{
    if (m_findEdit->text() != m_searchText || m_matchPage < 0) {
        find(m_findEdit->text());
        return;
    }
    if (m_matchIndex > 0) {
        --m_matchIndex;
        setPageIndex(m_matchPage);
        display();
        return;
    }
    startSearch(false);
}

void LessonViewer::startSearch(bool forward)
{
    if (!m_renderer || m_searchText.trimmed().isEmpty()) {
        return;
    }
    m_searchForward = forward;
    ++m_searchSerial;
    const int from = forward ? m_matchPage + 1 : m_matchPage - 1;
    m_renderer->search(m_searchText, (from + pageCount()) % pageCount(), forward, m_searchSerial);
}

void LessonViewer::searchDone(int serial, const QString& text, int page, const QList<QRectF>& rects)
{
    if (serial != m_searchSerial || text != m_searchText) {
        return;
    }
    if (page < 0) {
        m_matchPage = -1;
        m_matches.clear();
        m_matchIndex = -1;
        m_status->setText(tr("“%1” is not in this lesson.").arg(text));
        display();
        emit searchFinished(false);
        return;
    }
    m_matchPage = page;
    m_matches = rects;
    m_matchIndex = m_searchForward ? 0 : int(rects.size()) - 1;
    m_status->setText(tr("“%1” found on page %2.").arg(text).arg(page + 1));
    if (page != m_page) {
        setPageIndex(page);
    } else {
        display();
    }
    emit searchFinished(true);
}

void LessonViewer::updateControls()
{
    const bool open = pageCount() > 0;
    m_first->setEnabled(open && m_page > 0);
    m_prev->setEnabled(open && m_page > 0);
    m_next->setEnabled(open && m_page + 1 < pageCount());
    m_last->setEnabled(open && m_page + 1 < pageCount());
    m_pageBox->setEnabled(open);
    if (open) {
        const QSignalBlocker block(m_pageBox);
        m_pageBox->setValue(m_page + 1);
    }
    m_zoomIn->setEnabled(open && m_zoom < kMaxZoom);
    m_zoomOut->setEnabled(open && m_zoom > kMinZoom);
    m_fit->setEnabled(open);
    m_fit->setChecked(m_fitWidth);
    m_zoomLabel->setText(open ? QStringLiteral("%1 %").arg(qRound(m_zoom * 100)) : QString());
    m_findEdit->setEnabled(open);
    m_findNext->setEnabled(open);
    m_findPrev->setEnabled(open);
}

void LessonViewer::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Space:
        nextPage();
        return;
    case Qt::Key_Left:
        previousPage();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void LessonViewer::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_fitWidth && pageCount() > 0) {
        m_resizeTimer->start();
    }
}

void LessonViewer::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    resumeClock();
    if (m_fitWidth && pageCount() > 0) {
        m_resizeTimer->start();
    }
}

void LessonViewer::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    pauseClock();
}

} // namespace madoguchi
