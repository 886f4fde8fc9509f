#include "PdfReader.h"

#include <poppler-qt6.h>

#include <QFileInfo>
#include <QRectF>

#include <memory>

namespace madoguchi::test {

namespace {

Result<std::unique_ptr<Poppler::Document>> openPdf(const QString& path)
{
    if (!QFileInfo::exists(path)) {
        return Error(QStringLiteral("No such PDF: %1").arg(path));
    }
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::load(path);
    if (!doc) {
        return Error(QStringLiteral("Poppler cannot open %1").arg(path));
    }
    if (doc->isLocked()) {
        return Error(QStringLiteral("%1 is encrypted").arg(path));
    }
    return doc;
}

} // namespace

Result<QStringList> pdfPageTexts(const QString& path)
{
    auto doc = openPdf(path);
    if (!doc) {
        return doc.error();
    }
    QStringList texts;
    for (int i = 0; i < (*doc)->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = (*doc)->page(i);
        if (!page) {
            return Error(QStringLiteral("Poppler cannot read page %1 of %2").arg(i + 1).arg(path));
        }
        texts.append(page->text(QRectF()));
    }
    return texts;
}

Result<QImage> renderPdfPage(const QString& path, int page, double dpi)
{
    auto doc = openPdf(path);
    if (!doc) {
        return doc.error();
    }
    if (page < 0 || page >= (*doc)->numPages()) {
        return Error(QStringLiteral("%1 has no page %2").arg(path).arg(page));
    }
    (*doc)->setRenderHint(Poppler::Document::Antialiasing);
    (*doc)->setRenderHint(Poppler::Document::TextAntialiasing);
    (*doc)->setPaperColor(Qt::white);
    std::unique_ptr<Poppler::Page> p = (*doc)->page(page);
    QImage image = p ? p->renderToImage(dpi, dpi) : QImage();
    if (image.isNull()) {
        return Error(QStringLiteral("Poppler cannot render page %1 of %2").arg(page).arg(path));
    }
    return image;
}

} // namespace madoguchi::test
