#pragma once
// Reads PDFs back with Poppler, the way a viewer's copy/paste and search see them.

#include "common/Result.h"

#include <QImage>
#include <QString>
#include <QStringList>

namespace madoguchi::test {

// The text of every page, in page order, exactly as Poppler extracts it (no normalisation).
Result<QStringList> pdfPageTexts(const QString& path);

// Page `page` (0-based) rendered at `dpi`, antialiased, on white.
Result<QImage> renderPdfPage(const QString& path, int page, double dpi);

} // namespace madoguchi::test
