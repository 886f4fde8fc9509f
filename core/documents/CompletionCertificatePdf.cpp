#include "documents/CompletionCertificatePdf.h"

#include "documents/PangoPdf.h"

namespace madoguchi::documents {

namespace {

using namespace pdf;

constexpr double kMarginX = 72.0;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;

double text(cairo_t* cr, const Typesetter& ts, const QString& s, double size, double y,
            PangoAlignment align = PANGO_ALIGN_CENTER, bool bold = false)
{
    if (s.isEmpty()) {
        return 0;
    }
    LayoutPtr l = ts.layout(s, size, kContentWidth, align, bold);
    showLayout(cr, l.get(), kMarginX, y);
    return extentOf(l.get()).height;
}

} // namespace

Result<QByteArray> completionCertificatePdf(const CompletionCertificateDocument& doc)
{
    auto canvas = PdfCanvas::open(QStringLiteral("修了証 ") + doc.number);
    if (!canvas) {
        return canvas.error();
    }
    cairo_t* cr = (*canvas)->cr();
    const Typesetter& ts = (*canvas)->typesetter();
    cairo_set_source_rgb(cr, 0, 0, 0);
    // A double frame round the page.
    cairo_set_line_width(cr, 2.0);
    cairo_rectangle(cr, 36, 36, kPageWidth - 72, kPageHeight - 72);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.75);
    cairo_rectangle(cr, 42, 42, kPageWidth - 84, kPageHeight - 84);
    cairo_stroke(cr);

    double y = 64;
    y += text(cr, ts, QStringLiteral("第 %1 号").arg(doc.number), 10, y, PANGO_ALIGN_RIGHT) + 60;
    y += text(cr, ts, QStringLiteral("修了証"), 32, y, PANGO_ALIGN_CENTER, true) + 6;
    y += text(cr, ts, QStringLiteral("Certificate of Completion"), 12, y) + 60;
    y += text(cr, ts, doc.name + QStringLiteral("　殿"), 20, y) + 48;
    y += text(cr, ts, QStringLiteral("あなたは下記の研修課程を修了したことを証します。"), 12, y) +
         36;
    const QString rows[][2] = {
        {QStringLiteral("研修課程"), doc.courseTitle},
        {QStringLiteral("修了日"),
         doc.completedWareki + QStringLiteral("（") + doc.completedWestern + QStringLiteral("）")},
        {QStringLiteral("確認テスト"), doc.score.isEmpty() ? QStringLiteral("—") : doc.score},
        {QStringLiteral("修了証番号"), doc.number},
    };
    for (const auto& row : rows) {
        LayoutPtr label = ts.layout(row[0], 12, 110, PANGO_ALIGN_LEFT, true);
        LayoutPtr value = ts.layout(row[1], 12, kContentWidth - 130);
        showLayout(cr, label.get(), kMarginX + 20, y);
        showLayout(cr, value.get(), kMarginX + 130, y);
        y += std::max(extentOf(label.get()).height, extentOf(value.get()).height) + 14;
    }
    y += 60;
    text(cr, ts, doc.issuer, 16, y, PANGO_ALIGN_RIGHT);
    text(cr, ts,
         QStringLiteral("この修了証の番号は、madoguchi-cli learning certificate verify 番号 "
                        "または中央サーバーで確認できます。"),
         8.5, kPageHeight - 90);
    return (*canvas)->finish();
}

} // namespace madoguchi::documents
