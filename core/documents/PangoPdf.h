#pragma once
// What the documents share for drawing PDFs with cairo and pango (internal to core/documents):
// owners for the cairo, pango and GLib objects, A4 in points, a typesetter that makes pango
// layouts in the Noto CJK JP family, and a PDF surface that writes into memory with a pango
// context set up for Japanese. The text goes to pango, and from there to the PDF's ToUnicode
// map, exactly as given.

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace madoguchi::documents::pdf {

template <auto Free> struct Deleter
{
    template <typename T> void operator()(T* p) const
    {
        if (p != nullptr) {
            Free(p);
        }
    }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, Deleter<&cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, Deleter<&cairo_destroy>>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, Deleter<&cairo_font_options_destroy>>;
using FontMapPtr = std::unique_ptr<PangoFontMap, Deleter<&g_object_unref>>;
using ContextPtr = std::unique_ptr<PangoContext, Deleter<&g_object_unref>>;
using LayoutPtr = std::unique_ptr<PangoLayout, Deleter<&g_object_unref>>;
using FontDescPtr = std::unique_ptr<PangoFontDescription, Deleter<&pango_font_description_free>>;

// A4 portrait, in PDF points.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;

int pangoUnits(double points);

struct Extent
{
    double width = 0;
    double height = 0;
};

Extent extentOf(PangoLayout* layout);

class Typesetter
{
public:
    Typesetter(PangoContext* context, QByteArray family)
        : m_context(context), m_family(std::move(family))
    {}

    // width <= 0: one line per paragraph, no wrapping.
    LayoutPtr layout(const QString& text, double size, double width = 0,
                     PangoAlignment align = PANGO_ALIGN_LEFT, bool bold = false) const;

private:
    PangoContext* m_context;
    QByteArray m_family;
};

void showLayout(cairo_t* cr, PangoLayout* layout, double x, double y);

// The first of Noto Serif CJK JP, Noto Sans CJK JP that is installed (sans: the other way round).
Result<QByteArray> chooseFamily(PangoFontMap* fontMap, bool sans = false);
Error renderError(cairo_status_t status);

// The page size and typeface of a canvas. The defaults are the certificates': A4 portrait, serif,
// created now.
struct PageSetup
{
    double width = kPageWidth;
    double height = kPageHeight;
    bool sans = false;    // Noto Sans CJK JP first (slides read on a screen)
    QByteArray createdAt; // the PDF's creation date, ISO 8601; fixed, the same input gives the
                          // same bytes
};

// A PDF drawn into memory. open() fails when the fonts are missing; finish() ends the document
// and returns its bytes.
class PdfCanvas
{
public:
    static Result<std::unique_ptr<PdfCanvas>> open(const QString& title,
                                                   const PageSetup& setup = PageSetup());

    cairo_t* cr() const { return m_cr.get(); }
    const Typesetter& typesetter() const { return *m_ts; }
    Result<QByteArray> finish();

private:
    PdfCanvas() = default;

    QByteArray m_pdf; // declared before the surface, which writes into it until destroyed
    FontMapPtr m_fontMap;
    SurfacePtr m_surface;
    CairoPtr m_cr;
    ContextPtr m_context;
    std::unique_ptr<Typesetter> m_ts;
};

// "Cannot write the PDF to <path>: <reason>" (documents.write_failed).
Error writeError(const QString& path, const QString& reason);

} // namespace madoguchi::documents::pdf
