#include "documents/PangoPdf.h"

#include <QCoreApplication>

#include <cairo-pdf.h>

#include <cstring>

namespace madoguchi::documents::pdf {

namespace {

using FamilyListPtr = std::unique_ptr<PangoFontFamily*, Deleter<&g_free>>;

// Families tried in order; both come with Debian's fonts-noto-cjk.
constexpr const char* kFamilies[] = {"Noto Serif CJK JP", "Noto Sans CJK JP"};

cairo_status_t appendToBuffer(void* closure, const unsigned char* data, unsigned int length)
{
    static_cast<QByteArray*>(closure)->append(reinterpret_cast<const char*>(data),
                                              static_cast<qsizetype>(length));
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

int pangoUnits(double points)
{
    return static_cast<int>(points * PANGO_SCALE + 0.5);
}

Extent extentOf(PangoLayout* layout)
{
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    return {static_cast<double>(w) / PANGO_SCALE, static_cast<double>(h) / PANGO_SCALE};
}

LayoutPtr Typesetter::layout(const QString& text, double size, double width, PangoAlignment align,
                             bool bold) const
{
    LayoutPtr result(pango_layout_new(m_context));
    FontDescPtr desc(pango_font_description_new());
    pango_font_description_set_family(desc.get(), m_family.constData());
    pango_font_description_set_weight(desc.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(desc.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(result.get(), desc.get());
    if (width > 0) {
        pango_layout_set_width(result.get(), pangoUnits(width));
        pango_layout_set_wrap(result.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(result.get(), align);
    const QByteArray utf8 = text.toUtf8();
    pango_layout_set_text(result.get(), utf8.constData(), static_cast<int>(utf8.size()));
    return result;
}

void showLayout(cairo_t* cr, PangoLayout* layout, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
}

Result<QByteArray> chooseFamily(PangoFontMap* fontMap, bool sans)
{
    PangoFontFamily** families = nullptr;
    int count = 0;
    pango_font_map_list_families(fontMap, &families, &count);
    FamilyListPtr owned(families);
    const char* const order[] = {kFamilies[sans ? 1 : 0], kFamilies[sans ? 0 : 1]};
    for (const char* wanted : order) {
        for (int i = 0; i < count; ++i) {
            if (std::strcmp(pango_font_family_get_name(families[i]), wanted) == 0) {
                return QByteArray(wanted);
            }
        }
    }
    return Error(QCoreApplication::translate(
                     "ResidentRecordPdf",
                     "The font %1 is not installed; install the Noto CJK fonts (Debian package "
                     "fonts-noto-cjk).")
                     .arg(QString::fromLatin1(kFamilies[0])),
                 QStringLiteral("documents.font_missing"));
}

Error renderError(cairo_status_t status)
{
    return Error(QCoreApplication::translate("ResidentRecordPdf", "The PDF could not be drawn: %1")
                     .arg(QString::fromUtf8(cairo_status_to_string(status))),
                 QStringLiteral("documents.render_failed"));
}

Error writeError(const QString& path, const QString& reason)
{
    return Error(QCoreApplication::translate("ResidentRecordPdf", "Cannot write the PDF to %1: %2")
                     .arg(path, reason),
                 QStringLiteral("documents.write_failed"));
}

Result<std::unique_ptr<PdfCanvas>> PdfCanvas::open(const QString& title, const PageSetup& setup)
{
    std::unique_ptr<PdfCanvas> c(new PdfCanvas);
    c->m_fontMap.reset(pango_cairo_font_map_new());
    Result<QByteArray> family = chooseFamily(c->m_fontMap.get(), setup.sans);
    if (!family) {
        return family.error();
    }
    c->m_surface.reset(
        cairo_pdf_surface_create_for_stream(&appendToBuffer, &c->m_pdf, setup.width, setup.height));
    if (cairo_surface_status(c->m_surface.get()) != CAIRO_STATUS_SUCCESS) {
        return renderError(cairo_surface_status(c->m_surface.get()));
    }
    const QByteArray utf8 = title.toUtf8();
    cairo_pdf_surface_set_metadata(c->m_surface.get(), CAIRO_PDF_METADATA_TITLE, utf8.constData());
    cairo_pdf_surface_set_metadata(c->m_surface.get(), CAIRO_PDF_METADATA_CREATOR, "Madoguchi");
    if (!setup.createdAt.isEmpty()) {
        cairo_pdf_surface_set_metadata(c->m_surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                       setup.createdAt.constData());
    }
    c->m_cr.reset(cairo_create(c->m_surface.get()));
    c->m_context.reset(pango_font_map_create_context(c->m_fontMap.get()));
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(c->m_context.get(), options.get());
    pango_context_set_round_glyph_positions(c->m_context.get(), FALSE);
    pango_context_set_language(c->m_context.get(), pango_language_from_string("ja-jp"));
    pango_cairo_update_context(c->m_cr.get(), c->m_context.get());
    c->m_ts = std::make_unique<Typesetter>(c->m_context.get(), *family);
    return c;
}

Result<QByteArray> PdfCanvas::finish()
{
    const cairo_status_t drawn = cairo_status(m_cr.get());
    m_cr.reset();
    cairo_surface_finish(m_surface.get());
    const cairo_status_t finished = cairo_surface_status(m_surface.get());
    m_surface.reset();
    if (drawn != CAIRO_STATUS_SUCCESS) {
        return renderError(drawn);
    }
    if (finished != CAIRO_STATUS_SUCCESS) {
        return renderError(finished);
    }
    return m_pdf;
}

} // namespace madoguchi::documents::pdf
