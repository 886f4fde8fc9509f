#include "LessonPdf.h"

#include "documents/PangoPdf.h"

#include <algorithm>
#include <cmath>

namespace madoguchi::lessonpdf {

namespace {

using namespace madoguchi::documents::pdf;

constexpr double kMargin = 40;
constexpr double kFooterRule = kSlideHeight - 26;
constexpr double kContentBottom = kSlideHeight - 34;
constexpr double kContentWidth = kSlideWidth - 2 * kMargin;
constexpr double kBandHeight = 190; // the title page's coloured band
constexpr double kBodySize = 14;
constexpr double kLineSpacing = 1.25;

struct Rgb
{
    double r, g, b;
};
constexpr Rgb kNavy{0.122, 0.227, 0.373};
constexpr Rgb kInk{0.12, 0.12, 0.14};
constexpr Rgb kGrey{0.42, 0.45, 0.50};
constexpr Rgb kWhite{1, 1, 1};
constexpr Rgb kAccent{0.85, 0.55, 0.0};
constexpr Rgb kNoteFill{1.0, 0.965, 0.86};
constexpr Rgb kHeaderFill{0.89, 0.92, 0.95};
constexpr Rgb kGrid{0.60, 0.66, 0.72};

// Fixed: a lesson's PDF depends on its source only.
constexpr const char* kCreatedAt = "2026-01-01T00:00:00Z";

void setColor(cairo_t* cr, Rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void fillRect(cairo_t* cr, double x, double y, double w, double h, Rgb c)
{
    setColor(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

// Lays out the lesson twice: once to count the pages, once to draw them with "n / N".
class Renderer
{
public:
    Renderer(PdfCanvas& canvas, QString courseTitle)
        : m_canvas(canvas), m_cr(canvas.cr()), m_courseTitle(std::move(courseTitle))
    {}

    Result<int> run(const Lesson& lesson, bool draw, int total)
    {
        m_draw = draw;
        m_total = total;
        m_page = 0;
        m_section.clear();
        titlePage(lesson.title);
        for (qsizetype i = 0; i < lesson.blocks.size(); ++i) {
            const Block& block = lesson.blocks.at(i);
            switch (block.kind) {
            case Block::Kind::Title:
                break;
            case Block::Kind::Section:
                m_section = block.text;
                sectionPage(false);
                break;
            case Block::Kind::PageBreak:
                if (m_hasContent) {
                    sectionPage(true);
                }
                break;
            case Block::Kind::Heading: {
                // Kept with the block after it.
                LayoutPtr layout = text(block.text, 16, kContentWidth, true);
                const double h = extentOf(layout.get()).height;
                double next = 0;
                if (i + 1 < lesson.blocks.size()) {
                    next = std::min(60.0, blockHeight(lesson.blocks.at(i + 1)));
                }
                if (Status s = makeRoom(block, 6 + h + 4 + next); !s) {
                    return s.error();
                }
                m_y += m_hasContent ? 6 : 0;
                show(layout.get(), kMargin, m_y, kNavy);
                m_y += h + 4;
                m_hasContent = true;
                break;
            }
            default:
                if (Status s = place(block); !s) {
                    return s.error();
                }
                break;
            }
        }
        finishPage();
        return m_page;
    }

private:
    LayoutPtr text(const QString& markup, double size, double width, bool bold = false) const
    {
        LayoutPtr layout =
            m_canvas.typesetter().layout(QString(), size, width, PANGO_ALIGN_LEFT, bold);
        const QByteArray utf8 = markup.toUtf8();
        pango_layout_set_markup(layout.get(), utf8.constData(), static_cast<int>(utf8.size()));
        pango_layout_set_line_spacing(layout.get(), static_cast<float>(kLineSpacing));
        return layout;
    }

    void show(PangoLayout* layout, double x, double y, Rgb color) const
    {
        if (m_draw) {
            setColor(m_cr, color);
            showLayout(m_cr, layout, x, y);
        }
    }

    void finishPage()
    {
        if (m_page == 0) {
            return;
        }
        if (m_draw) {
            cairo_set_line_width(m_cr, 0.5);
            setColor(m_cr, kGrid);
            cairo_move_to(m_cr, kMargin, kFooterRule);
            cairo_line_to(m_cr, kSlideWidth - kMargin, kFooterRule);
            cairo_stroke(m_cr);
            LayoutPtr course = m_canvas.typesetter().layout(m_courseTitle, 9);
            show(course.get(), kMargin, kFooterRule + 5, kGrey);
            LayoutPtr number = m_canvas.typesetter().layout(
                QStringLiteral("%1 / %2").arg(m_page).arg(m_total), 9, 120, PANGO_ALIGN_RIGHT);
            show(number.get(), kSlideWidth - kMargin - 120, kFooterRule + 5, kGrey);
            cairo_show_page(m_cr);
        }
    }

    void titlePage(const QString& title)
    {
        finishPage();
        ++m_page;
        if (m_draw) {
            fillRect(m_cr, 0, 0, kSlideWidth, kBandHeight, kNavy);
            fillRect(m_cr, 0, kBandHeight, kSlideWidth, 5, kAccent);
        }
        LayoutPtr course = m_canvas.typesetter().layout(m_courseTitle, 13, kContentWidth);
        show(course.get(), kMargin, 40, kWhite);
        LayoutPtr heading = text(title.toHtmlEscaped(), 30, kContentWidth, true);
        const double h = extentOf(heading.get()).height;
        show(heading.get(), kMargin, kBandHeight - 30 - h, kWhite);
        m_y = kBandHeight + 22;
        m_hasContent = false;
    }

    void sectionPage(bool continued)
    {
        finishPage();
        ++m_page;
        const QString heading = continued ? m_section + QStringLiteral("（続き）") : m_section;
        LayoutPtr layout = text(heading, 22, kContentWidth, true);
        const double h = extentOf(layout.get()).height;
        show(layout.get(), kMargin, 22, kNavy);
        if (m_draw) {
            fillRect(m_cr, kMargin, 22 + h + 4, 64, 3, kAccent);
            fillRect(m_cr, kMargin + 64, 22 + h + 5, kContentWidth - 64, 1, kGrid);
        }
        m_y = 22 + h + 20;
        m_hasContent = false;
    }

    // A new page when `height` does not fit under what is there; an error when it fits on no
    // page at all.
    Status makeRoom(const Block& block, double height)
    {
        if (m_y + height <= kContentBottom) {
            return {};
        }
        if (!m_hasContent) {
            return Error(QStringLiteral("line %1: too long for one page; split it or start a "
                                        "new page (---)")
                             .arg(block.line),
                         QStringLiteral("lesson.too_long"));
        }
        sectionPage(true);
        if (m_y + height > kContentBottom) {
            return Error(QStringLiteral("line %1: too long for one page; split it").arg(block.line),
                         QStringLiteral("lesson.too_long"));
        }
        return {};
    }

    double blockHeight(const Block& block) const
    {
        switch (block.kind) {
        case Block::Kind::Paragraph:
            return extentOf(text(block.text, kBodySize, kContentWidth).get()).height;
        case Block::Kind::Bullet:
        case Block::Kind::Numbered:
            return extentOf(text(block.text, kBodySize, kContentWidth - 26).get()).height;
        case Block::Kind::Note:
            return extentOf(text(block.text, 13, kContentWidth - 30).get()).height + 16;
        case Block::Kind::Table:
            return tableHeight(block);
        default:
            return 0;
        }
    }

    QList<double> columnWidths(const Block& table) const
    {
        const qsizetype columns = table.rows.first().size();
        QList<double> natural(columns, 0);
        for (const QStringList& row : table.rows) {
            for (qsizetype c = 0; c < columns; ++c) {
                const double w = extentOf(text(row.at(c), 12, 0, true).get()).width + 12;
                natural[c] = std::max(natural[c], std::min(w, kContentWidth * 0.6));
            }
        }
        double sum = 0;
        for (double w : natural) {
            sum += w;
        }
        QList<double> widths;
        for (double w : natural) {
            widths << std::floor(w * kContentWidth / sum);
        }
        return widths;
    }

    double rowHeight(const QStringList& row, const QList<double>& widths, bool header) const
    {
        double h = 0;
        for (qsizetype c = 0; c < row.size(); ++c) {
            h = std::max(h, extentOf(text(row.at(c), 12, widths.at(c) - 12, header).get()).height);
        }
        return h + 8;
    }

    double tableHeight(const Block& table) const
    {
        const QList<double> widths = columnWidths(table);
        double h = 0;
        for (qsizetype r = 0; r < table.rows.size(); ++r) {
            h += rowHeight(table.rows.at(r), widths, r == 0);
        }
        return h;
    }

    Status place(const Block& block)
    {
        const double before =
            m_hasContent
                ? (block.kind == Block::Kind::Bullet || block.kind == Block::Kind::Numbered ? 5 : 9)
                : 0;
        const double height = blockHeight(block);
        if (Status s = makeRoom(block, before + height); !s) {
            return s;
        }
        m_y += m_hasContent ? before : 0;
        switch (block.kind) {
        case Block::Kind::Paragraph: {
            LayoutPtr layout = text(block.text, kBodySize, kContentWidth);
            show(layout.get(), kMargin, m_y, kInk);
            break;
        }
        case Block::Kind::Bullet:
        case Block::Kind::Numbered: {
            const bool bullet = block.kind == Block::Kind::Bullet;
            LayoutPtr marker = text(bullet ? QStringLiteral("●") : block.number.toHtmlEscaped(),
                                    bullet ? 8 : kBodySize, 0, !bullet);
            const double markerY = bullet ? m_y + 6 : m_y;
            show(marker.get(), kMargin + (bullet ? 6 : 2), markerY, bullet ? kAccent : kNavy);
            LayoutPtr layout = text(block.text, kBodySize, kContentWidth - 26);
            show(layout.get(), kMargin + 26, m_y, kInk);
            break;
        }
        case Block::Kind::Note: {
            if (m_draw) {
                fillRect(m_cr, kMargin, m_y, kContentWidth, height, kNoteFill);
                fillRect(m_cr, kMargin, m_y, 4, height, kAccent);
            }
            LayoutPtr layout = text(block.text, 13, kContentWidth - 30);
            show(layout.get(), kMargin + 18, m_y + 8, kInk);
            break;
        }
        case Block::Kind::Table:
            drawTable(block);
            break;
        default:
            break;
        }
        m_y += height;
        m_hasContent = true;
        return {};
    }

    void drawTable(const Block& table) const
    {
        const QList<double> widths = columnWidths(table);
        double y = m_y;
        for (qsizetype r = 0; r < table.rows.size(); ++r) {
            const bool header = r == 0;
            const double h = rowHeight(table.rows.at(r), widths, header);
            double x = kMargin;
            if (m_draw && header) {
                double total = 0;
                for (double w : widths) {
                    total += w;
                }
                fillRect(m_cr, kMargin, y, total, h, kHeaderFill);
            }
            for (qsizetype c = 0; c < widths.size(); ++c) {
                LayoutPtr layout = text(table.rows.at(r).at(c), 12, widths.at(c) - 12, header);
                show(layout.get(), x + 6, y + 4, header ? kNavy : kInk);
                if (m_draw) {
                    cairo_set_line_width(m_cr, 0.6);
                    setColor(m_cr, kGrid);
                    cairo_rectangle(m_cr, x, y, widths.at(c), h);
                    cairo_stroke(m_cr);
                }
                x += widths.at(c);
            }
            y += h;
        }
    }

    PdfCanvas& m_canvas;
    cairo_t* m_cr;
    QString m_courseTitle;
    QString m_section;
    bool m_draw = false;
    bool m_hasContent = false;
    int m_total = 0;
    int m_page = 0;
    double m_y = 0;
};

} // namespace

Result<QByteArray> renderLesson(const Lesson& lesson, const QString& courseTitle)
{
    PageSetup setup;
    setup.width = kSlideWidth;
    setup.height = kSlideHeight;
    setup.sans = true;
    setup.createdAt = kCreatedAt;
    auto canvas = PdfCanvas::open(lesson.title, setup);
    if (!canvas) {
        return canvas.error();
    }
    Renderer renderer(**canvas, courseTitle);
    Result<int> pages = renderer.run(lesson, false, 0);
    if (!pages) {
        return pages.error();
    }
    if (Result<int> drawn = renderer.run(lesson, true, *pages); !drawn) {
        return drawn.error();
    }
    return (*canvas)->finish();
}

} // namespace madoguchi::lessonpdf
