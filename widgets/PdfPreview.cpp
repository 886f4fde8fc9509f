#include "PdfPreview.h"

#include <poppler-qt6.h>

#include <QDesktopServices>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPageSize>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <memory>

namespace madoguchi {

namespace {

constexpr int kPageMargin = 12;            // around each page in the preview
constexpr double kMaxPrintDpi = 600;       // above this, pages are rendered at an integer fraction
constexpr qsizetype kBandBytes = 32 << 20; // a printed page is rendered in bands of this size

// Opens `path` with Poppler. Runs on worker threads only.
std::unique_ptr<Poppler::Document> openDocument(const QString& path, QString* error)
{
    if (!QFileInfo::exists(path)) {
        *error = PdfPreview::tr("The file %1 does not exist.").arg(path);
        return nullptr;
    }
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::load(path);
    if (!doc || doc->isLocked()) {
        *error = PdfPreview::tr("The file %1 cannot be read as a PDF.").arg(path);
        return nullptr;
    }
    if (doc->numPages() < 1) {
        *error = PdfPreview::tr("The file %1 has no pages.").arg(path);
        return nullptr;
    }
    doc->setRenderHint(Poppler::Document::Antialiasing);
    doc->setRenderHint(Poppler::Document::TextAntialiasing);
    doc->setPaperColor(Qt::white);
    return doc;
}

// Prints every page of `path` on `printer`, each page rendered at the printer's resolution in
// bands (so that a page at 600 dpi does not need one huge image), centred on the paper and
// shrunk if it does not fit. Runs on a worker thread (QPainter may paint on a QPrinter there).
// Returns an error message, empty on success.
QString printDocument(const QString& path, QPrinter* printer)
{
    QString error;
    std::unique_ptr<Poppler::Document> doc = openDocument(path, &error);
    if (!doc) {
        return error;
    }
    printer->setFullPage(true); // the PDF brings its own margins
    QPainter painter;
    if (!painter.begin(printer)) {
        return PdfPreview::tr("The printer cannot be opened.");
    }
    const int resolution = printer->resolution();
    const int factor = std::max(1, int(std::ceil(resolution / kMaxPrintDpi)));
    for (int i = 0; i < doc->numPages(); ++i) {
        if (i > 0 && !printer->newPage()) {
            painter.end();
            return PdfPreview::tr("The printer refused page %1.").arg(i + 1);
        }
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        if (!page) {
            painter.end();
            return PdfPreview::tr("Page %1 cannot be read.").arg(i + 1);
        }
        const QSizeF points = page->pageSizeF();
        const QRectF paper = printer->paperRect(QPrinter::DevicePixel);
        const double fit = std::min({1.0, paper.width() * 72.0 / (points.width() * resolution),
                                     paper.height() * 72.0 / (points.height() * resolution)});
        const double dpi = resolution * fit / factor;
        const int width = int(std::ceil(points.width() * dpi / 72.0));
        const int height = int(std::ceil(points.height() * dpi / 72.0));
        const int left = int((paper.width() - width * factor) / 2);
        const int top = int((paper.height() - height * factor) / 2);
        const int band = std::max<int>(1, int(kBandBytes / (qsizetype(width) * 4)));
        for (int y = 0; y < height; y += band) {
            const int rows = std::min(band, height - y);
            QImage image = page->renderToImage(dpi, dpi, 0, y, width, rows);
            if (image.isNull()) {
                painter.end();
                return PdfPreview::tr("Page %1 cannot be rendered.").arg(i + 1);
            }
            image.convertTo(QImage::Format_RGB32);
            painter.drawImage(QRect(left, top + y * factor, width * factor, rows * factor), image);
        }
    }
    if (!painter.end()) {
        return PdfPreview::tr("The printer did not accept the document.");
    }
    return {};
}

} // namespace

PdfPreview::PdfPreview(QWidget* parent)
    : QWidget(parent), m_watcher(new QFutureWatcher<Rendering>(this))
{
    setObjectName(QStringLiteral("pdfPreview"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    m_print = new QPushButton(tr("&Print…"), this);
    m_print->setObjectName(QStringLiteral("printButton"));
    m_print->setShortcut(QKeySequence::Print);
    m_print->setToolTip(
        tr("Print the copy (%1)")
            .arg(QKeySequence(QKeySequence::Print).toString(QKeySequence::NativeText)));
    m_print->setEnabled(false);
    connect(m_print, &QPushButton::clicked, this, &PdfPreview::print);
    m_open = new QPushButton(tr("Open in &viewer"), this);
    m_open->setObjectName(QStringLiteral("openViewerButton"));
    m_open->setEnabled(false);
    connect(m_open, &QPushButton::clicked, this, &PdfPreview::openInViewer);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("pdfPreviewStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    bar->addWidget(m_print);
    bar->addWidget(m_open);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("pdfPages"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setBackgroundRole(QPalette::Dark);
    m_pageArea = new QWidget(m_scroll);
    m_pageArea->setBackgroundRole(QPalette::Dark);
    m_pageLayout = new QVBoxLayout(m_pageArea);
    m_pageLayout->setContentsMargins(kPageMargin, kPageMargin, kPageMargin, kPageMargin);
    m_pageLayout->setSpacing(kPageMargin);
    m_pageLayout->addStretch(1);
    m_scroll->setWidget(m_pageArea);
    layout->addWidget(m_scroll, 1);

    m_resizeTimer = new QTimer(this);
    m_resizeTimer->setSingleShot(true);
    m_resizeTimer->setInterval(150);
    connect(m_resizeTimer, &QTimer::timeout, this, &PdfPreview::startRendering);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &PdfPreview::renderingFinished);
    showStatus(tr("The document appears here when it is ready."), false);
}

PdfPreview::~PdfPreview()
{
    // A rendering still running only holds copies of its inputs; its result is dropped.
    m_watcher->disconnect(this);
}

void PdfPreview::setFile(const QString& path)
{
    m_path = path;
    m_error.clear();
    qDeleteAll(m_pageLabels);
    m_pageLabels.clear();
    m_print->setEnabled(false);
    m_open->setEnabled(false);
    if (path.isEmpty()) {
        showStatus(QString(), false);
        return;
    }
    showStatus(tr("Preparing the preview…"), false);
    startRendering();
}

int PdfPreview::targetWidth() const
{
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_scroll);
    // Room for the page's border and for a resize below the re-render threshold: no
    // horizontal scroll bar.
    constexpr int slack = 12;
    return std::max(200, m_scroll->viewport()->width() - 2 * kPageMargin - scrollBar - slack);
}

void PdfPreview::startRendering()
{
    if (m_path.isEmpty()) {
        return;
    }
    if (m_watcher->isRunning()) {
        m_pending = true; // the running one ends first, then this one starts
        return;
    }
    m_pending = false;
    const QString path = m_path;
    const int width = targetWidth();
    const qreal ratio = devicePixelRatioF();
    m_renderedWidth = width;
    m_watcher->setFuture(QtConcurrent::run([path, width, ratio]() -> Rendering {
        Rendering out;
        out.path = path;
        std::unique_ptr<Poppler::Document> doc = openDocument(path, &out.error);
        if (!doc) {
            return out;
        }
        for (int i = 0; i < doc->numPages(); ++i) {
            std::unique_ptr<Poppler::Page> page = doc->page(i);
            const QSizeF points = page ? page->pageSizeF() : QSizeF();
            if (points.isEmpty()) {
                out.error = tr("Page %1 cannot be read.").arg(i + 1);
                return out;
            }
            const double dpi = std::clamp(width * 72.0 / points.width(), 24.0, 300.0) * ratio;
            QImage image = page->renderToImage(dpi, dpi);
            if (image.isNull()) {
                out.error = tr("Page %1 cannot be rendered.").arg(i + 1);
                return out;
            }
            image.setDevicePixelRatio(ratio);
            out.pages.append(image);
        }
        return out;
    }));
}

void PdfPreview::renderingFinished()
{
    const Rendering result = m_watcher->result();
    if (m_pending) {
        // The file or the width changed while this one ran: render again. A result for the
        // file still shown (a resize) is shown meanwhile; one for another file is dropped.
        startRendering();
        if (result.path != m_path) {
            return;
        }
    }
    if (!result.error.isEmpty()) {
        m_error = result.error;
        showStatus(m_error, true);
        emit failed(m_error);
        return;
    }
    qDeleteAll(m_pageLabels);
    m_pageLabels.clear();
    for (int i = 0; i < result.pages.size(); ++i) {
        auto* label = new QLabel(m_pageArea);
        label->setObjectName(QStringLiteral("pdfPage%1").arg(i + 1));
        label->setPixmap(QPixmap::fromImage(result.pages.at(i)));
        label->setStyleSheet(QStringLiteral("background: white; border: 1px solid #808080;"));
        label->setAccessibleName(tr("Page %1 of %2").arg(i + 1).arg(result.pages.size()));
        m_pageLayout->insertWidget(i, label, 0, Qt::AlignHCenter);
        m_pageLabels.append(label);
    }
    showStatus(tr("%n page(s)", nullptr, int(result.pages.size())), false);
    m_print->setEnabled(!m_printing);
    m_open->setEnabled(true);
    emit rendered(int(result.pages.size()));
}

void PdfPreview::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (!m_path.isEmpty() && std::abs(targetWidth() - m_renderedWidth) > 8) {
        m_resizeTimer->start();
    }
}

void PdfPreview::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

bool PdfPreview::printTo(QPrinter* printer)
{
    if (m_path.isEmpty() || !printer || m_printing) {
        return false;
    }
    m_printing = true;
    m_print->setEnabled(false);
    showStatus(tr("Printing…"), false);
    QFutureWatcher<QString> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run(printDocument, m_path, printer));
    if (!watcher.isFinished()) {
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    const QString error = watcher.result();
    m_printing = false;
    m_print->setEnabled(!m_pageLabels.isEmpty());
    if (!error.isEmpty()) {
        m_error = error;
        showStatus(error, true);
        return false;
    }
    showStatus(tr("Printed."), false);
    return true;
}

void PdfPreview::print()
{
    if (m_path.isEmpty() || m_printing) {
        return;
    }
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(QFileInfo(m_path).completeBaseName());
    printer.setPageSize(QPageSize(QPageSize::A4)); // the copies are drawn on A4
    QPrintDialog dialog(&printer, this);
    dialog.setObjectName(QStringLiteral("printDialog"));
    dialog.setOption(QAbstractPrintDialog::PrintSelection, false);
    dialog.setOption(QAbstractPrintDialog::PrintPageRange, false);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    printTo(&printer);
}

void PdfPreview::openInViewer()
{
    if (m_path.isEmpty()) {
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_path))) {
        showStatus(tr("No PDF viewer could be started. The file is %1.")
                       .arg(QDir::toNativeSeparators(m_path)),
                   true);
    }
}

} // namespace madoguchi
