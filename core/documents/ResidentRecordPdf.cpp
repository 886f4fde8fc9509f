#include "documents/ResidentRecordPdf.h"

#include "documents/PangoPdf.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace madoguchi::documents {

namespace {

using namespace pdf;

constexpr double kMarginX = 42.0;
constexpr double kMarginTop = 36.0;
constexpr double kMarginBottom = 34.0;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;

constexpr double kPadX = 5.0;
constexpr double kPadY = 4.0;
constexpr double kMinLabelWidth = 58.0;
constexpr double kThinLine = 0.5;
constexpr double kThickLine = 1.2;
constexpr double kLabelGrey = 0.92;

constexpr double kTitleSize = 20.0;
constexpr double kNumberSize = 9.0;
constexpr double kLabelSize = 8.5;
constexpr double kValueSize = 10.5;
constexpr double kKanaSize = 7.5;
constexpr double kNameSize = 14.0;
constexpr double kCertSize = 11.0;
constexpr double kIssuerSize = 12.5;
constexpr double kMayorSize = 15.0;
constexpr double kSmallSize = 8.0;

constexpr double kGapAfterTitle = 10.0;
constexpr double kGapAfterHeader = 12.0;
constexpr double kGapBetweenPersons = 6.0;
constexpr double kGapBeforeCert = 18.0;
constexpr double kNotesMinHeight = 30.0;
constexpr double kSealSize = 54.0;

// One labelled cell of a bordered table row.
struct Field
{
    Field(QString l, QString v, double s = 1.0) : label(std::move(l)), value(std::move(v)), share(s)
    {}

    QString label;
    QString value;
    double share = 1.0;
    bool isName = false; // the reading is printed small above the value
    QString kana;
    bool topAligned = false;
};

struct Row
{
    std::vector<Field> fields;
    double minHeight = 0;
};

struct CellGeometry
{
    double x = 0;
    double width = 0;
    double labelWidth = 0;
    double valueX() const { return x + labelWidth + kPadX; }
    double valueWidth() const { return std::max(width - labelWidth - 2 * kPadX, 1.0); }
};

const QString& kanaLabel()
{
    static const QString label = QStringLiteral("フリガナ");
    return label;
}

class TableRenderer
{
public:
    explicit TableRenderer(const Typesetter& ts) : m_ts(ts) {}

    std::vector<CellGeometry> geometry(const Row& row) const
    {
        double total = 0;
        for (const Field& f : row.fields) {
            total += f.share;
        }
        std::vector<CellGeometry> cells;
        double x = kMarginX;
        for (const Field& f : row.fields) {
            CellGeometry g;
            g.x = x;
            g.width = kContentWidth * f.share / total;
            const double label = extentOf(m_ts.layout(f.label, kLabelSize).get()).width;
            g.labelWidth = std::max(kMinLabelWidth, label + 2 * kPadX);
            cells.push_back(g);
            x += g.width;
        }
        return cells;
    }

    double rowHeight(const Row& row) const
    {
        const std::vector<CellGeometry> cells = geometry(row);
        double height = row.minHeight;
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
            const Field& f = row.fields[i];
            double content = valueHeight(f, cells[i].valueWidth());
            if (f.isName) {
                content += extentOf(m_ts.layout(f.kana, kKanaSize).get()).height;
            }
            height = std::max(height, content + 2 * kPadY);
        }
        return height;
    }

    double blockHeight(const std::vector<Row>& rows) const
    {
        double height = 0;
        for (const Row& row : rows) {
            height += rowHeight(row);
        }
        return height;
    }

    // Draws the rows from y down inside one thick frame; returns the height used.
    double drawBlock(cairo_t* cr, const std::vector<Row>& rows, double y) const
    {
        const double top = y;
        for (const Row& row : rows) {
            const double h = rowHeight(row);
            drawRow(cr, row, y, h);
            y += h;
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, kThickLine);
        cairo_rectangle(cr, kMarginX, top, kContentWidth, y - top);
        cairo_stroke(cr);
        return y - top;
    }

private:
    double valueHeight(const Field& f, double width) const
    {
        return extentOf(m_ts.layout(f.value, f.isName ? kNameSize : kValueSize, width).get())
            .height;
    }

    void drawRow(cairo_t* cr, const Row& row, double y, double h) const
    {
        const std::vector<CellGeometry> cells = geometry(row);
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
            const Field& f = row.fields[i];
            const CellGeometry& g = cells[i];

            cairo_set_source_rgb(cr, kLabelGrey, kLabelGrey, kLabelGrey);
            cairo_rectangle(cr, g.x, y, g.labelWidth, h);
            cairo_fill(cr);

            cairo_set_source_rgb(cr, 0, 0, 0);
            const double labelTextWidth = g.labelWidth - 2 * kPadX;
            double contentTop = y;
            if (f.isName) {
                LayoutPtr kanaCaption =
                    m_ts.layout(kanaLabel(), kKanaSize, labelTextWidth, PANGO_ALIGN_CENTER);
                LayoutPtr kana = m_ts.layout(f.kana, kKanaSize, g.valueWidth());
                const double kanaHeight =
                    std::max(extentOf(kanaCaption.get()).height, extentOf(kana.get()).height);
                showLayout(cr, kanaCaption.get(), g.x + kPadX, y + kPadY);
                showLayout(cr, kana.get(), g.valueX(), y + kPadY);
                contentTop = y + kPadY + kanaHeight;
                cairo_set_line_width(cr, kThinLine * 0.6);
                cairo_move_to(cr, g.x, contentTop);
                cairo_line_to(cr, g.x + g.width, contentTop);
                cairo_stroke(cr);
            }
            const double contentHeight = y + h - contentTop;

            LayoutPtr label = m_ts.layout(f.label, kLabelSize, labelTextWidth, PANGO_ALIGN_CENTER);
            const Extent labelExtent = extentOf(label.get());
            showLayout(cr, label.get(), g.x + kPadX,
                       contentTop + (contentHeight - labelExtent.height) / 2);

            LayoutPtr value =
                m_ts.layout(f.value, f.isName ? kNameSize : kValueSize, g.valueWidth());
            const Extent valueExtent = extentOf(value.get());
            const double valueY = f.topAligned
                                      ? contentTop + kPadY
                                      : contentTop + (contentHeight - valueExtent.height) / 2;
            showLayout(cr, value.get(), g.valueX(), valueY);

            cairo_set_line_width(cr, kThinLine);
            cairo_rectangle(cr, g.x, y, g.width, h);
            cairo_move_to(cr, g.x + g.labelWidth, y);
            cairo_line_to(cr, g.x + g.labelWidth, y + h);
            cairo_stroke(cr);
        }
    }

    const Typesetter& m_ts;
};

std::vector<Row> headerRows(const ResidentRecordDocument& doc)
{
    std::vector<Row> rows;
    rows.push_back({{Field{QStringLiteral("住所"), doc.address}}, 0});
    rows.push_back({{Field{QStringLiteral("世帯主"), doc.householdHead}}, 0});
    if (!doc.honseki.isEmpty()) {
        rows.push_back({{Field{QStringLiteral("本籍"), doc.honseki}}, 0});
    }
    if (!doc.hittousha.isEmpty()) {
        rows.push_back({{Field{QStringLiteral("筆頭者"), doc.hittousha}}, 0});
    }
    return rows;
}

std::vector<Row> personRows(const CertificatePerson& p)
{
    // The shares line the first column up across the rows (5 of 10).
    std::vector<Row> rows;

    Field name(QStringLiteral("氏名"), p.name, 5.0);
    name.isName = true;
    name.kana = p.kana;
    rows.push_back({{name, Field{QStringLiteral("生年月日"), p.birthDate, 3.3},
                     Field{QStringLiteral("性別"), p.sex, 1.7}},
                    0});

    Row second;
    if (!p.relationship.isEmpty()) {
        second.fields.push_back(Field{QStringLiteral("続柄"), p.relationship, 5.0});
    }
    second.fields.push_back(Field{QStringLiteral("住民となった年月日"), p.becameResident, 5.0});
    rows.push_back(std::move(second));

    rows.push_back({{Field{QStringLiteral("前住所"), p.previousAddress}}, 0});

    Row numbers;
    if (!p.myNumber.isEmpty()) {
        numbers.fields.push_back(Field{QStringLiteral("個人番号"), p.myNumber, 5.0});
    }
    if (!p.residentCode.isEmpty()) {
        numbers.fields.push_back(Field{QStringLiteral("住民票コード"), p.residentCode, 5.0});
    }
    if (!numbers.fields.empty()) {
        rows.push_back(std::move(numbers));
    }

    Field notes(QStringLiteral("備考"), p.notes);
    notes.topAligned = true;
    rows.push_back({{notes}, kNotesMinHeight});
    return rows;
}

struct PngSource
{
    const QByteArray* bytes;
    qsizetype offset = 0;
};

cairo_status_t readFromBuffer(void* closure, unsigned char* data, unsigned int length)
{
    auto* src = static_cast<PngSource*>(closure);
    if (src->bytes->size() - src->offset < static_cast<qsizetype>(length)) {
        return CAIRO_STATUS_READ_ERROR;
    }
    std::memcpy(data, src->bytes->constData() + src->offset, length);
    src->offset += length;
    return CAIRO_STATUS_SUCCESS;
}

Result<SurfacePtr> loadSeal(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(
            QCoreApplication::translate("ResidentRecordPdf", "Cannot read the seal image %1: %2")
                .arg(path, file.errorString()),
            QStringLiteral("documents.seal_unreadable"));
    }
    const QByteArray bytes = file.readAll();
    PngSource source{&bytes};
    SurfacePtr image(cairo_image_surface_create_from_png_stream(&readFromBuffer, &source));
    if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS ||
        cairo_image_surface_get_width(image.get()) <= 0 ||
        cairo_image_surface_get_height(image.get()) <= 0) {
        return Error(QCoreApplication::translate("ResidentRecordPdf",
                                                 "The seal image %1 is not a readable PNG file.")
                         .arg(path),
                     QStringLiteral("documents.seal_unreadable"));
    }
    return image;
}

Error tooLongError()
{
    return Error(
        QCoreApplication::translate(
            "ResidentRecordPdf", "An entry of the certificate is too long to fit on one A4 page."),
        QStringLiteral("documents.too_long"));
}

// Draws the whole document on a PDF surface that writes into a buffer.
class CertificateRenderer
{
public:
    CertificateRenderer(const ResidentRecordDocument& doc, const Typesetter& ts,
                        cairo_surface_t* seal)
        : m_doc(doc), m_ts(ts), m_table(ts), m_seal(seal), m_header(headerRows(doc))
    {
        for (const CertificatePerson& p : doc.persons) {
            m_persons.push_back(personRows(p));
        }
    }

    Status paginate()
    {
        const double top = pageHeaderHeight();
        const double bottom = contentBottom();
        const double endMark = endMarkHeight();
        std::vector<int> page;
        double y = top;
        for (int i = 0; i < static_cast<int>(m_persons.size()); ++i) {
            double h = m_table.blockHeight(m_persons[static_cast<std::size_t>(i)]);
            if (i + 1 == static_cast<int>(m_persons.size())) {
                h += endMark;
            }
            double gap = page.empty() ? 0 : kGapBetweenPersons;
            if (y + gap + h > bottom && !page.empty()) {
                m_pages.push_back(std::move(page));
                page.clear();
                y = top;
                gap = 0;
            }
            if (y + h > bottom) {
                return tooLongError();
            }
            page.push_back(i);
            y += gap + h;
        }
        const double cert = certificationHeight();
        if (top + cert > bottom) {
            return tooLongError();
        }
        if (y + kGapBeforeCert + cert > bottom) {
            m_pages.push_back(std::move(page));
            page.clear();
        }
        m_pages.push_back(std::move(page));
        return {};
    }

    void draw(cairo_t* cr) const
    {
        const int pageCount = static_cast<int>(m_pages.size());
        for (int n = 0; n < pageCount; ++n) {
            if (n > 0) {
                cairo_show_page(cr);
            }
            double y = drawPageHeader(cr);
            bool first = true;
            for (int i : m_pages[static_cast<std::size_t>(n)]) {
                if (!first) {
                    y += kGapBetweenPersons;
                }
                first = false;
                y += m_table.drawBlock(cr, m_persons[static_cast<std::size_t>(i)], y);
                if (i + 1 == static_cast<int>(m_persons.size())) {
                    y += drawEndMark(cr, y);
                }
            }
            if (n + 1 == pageCount) {
                drawCertification(cr, y + kGapBeforeCert);
            }
            drawFooter(cr, n + 1, pageCount);
        }
    }

private:
    LayoutPtr titleLayout() const
    {
        return m_ts.layout(m_doc.title, kTitleSize, kContentWidth, PANGO_ALIGN_CENTER, true);
    }
    LayoutPtr numberLayout() const
    {
        return m_ts.layout(m_doc.issuanceNumber, kNumberSize, kContentWidth, PANGO_ALIGN_RIGHT);
    }
    LayoutPtr endMarkLayout() const
    {
        return m_ts.layout(QStringLiteral("以下余白"), kSmallSize, kContentWidth,
                           PANGO_ALIGN_RIGHT);
    }
    QString footerText(int page, int pages) const
    {
        QString text = m_doc.footer;
        text.replace(QStringLiteral("{page}"), QString::number(page));
        text.replace(QStringLiteral("{pages}"), QString::number(pages));
        return text;
    }
    LayoutPtr footerLayout(int page, int pages) const
    {
        return m_ts.layout(footerText(page, pages), kSmallSize, kContentWidth, PANGO_ALIGN_CENTER);
    }

    double pageHeaderHeight() const
    {
        return kMarginTop + extentOf(numberLayout().get()).height +
               extentOf(titleLayout().get()).height + kGapAfterTitle +
               m_table.blockHeight(m_header) + kGapAfterHeader;
    }

    double contentBottom() const
    {
        double bottom = kPageHeight - kMarginBottom;
        if (!m_doc.footer.isEmpty()) {
            // The page numbers do not change the height of one line of small print.
            bottom -= extentOf(footerLayout(99, 99).get()).height + 6.0;
        }
        return bottom;
    }

    double endMarkHeight() const { return 2.0 + extentOf(endMarkLayout().get()).height; }

    double drawEndMark(cairo_t* cr, double y) const
    {
        showLayout(cr, endMarkLayout().get(), kMarginX, y + 2.0);
        return endMarkHeight();
    }

    double drawPageHeader(cairo_t* cr) const
    {
        cairo_set_source_rgb(cr, 0, 0, 0);
        double y = kMarginTop;
        LayoutPtr number = numberLayout();
        showLayout(cr, number.get(), kMarginX, y);
        y += extentOf(number.get()).height;
        LayoutPtr title = titleLayout();
        showLayout(cr, title.get(), kMarginX, y);
        y += extentOf(title.get()).height + kGapAfterTitle;
        y += m_table.drawBlock(cr, m_header, y);
        return y + kGapAfterHeader;
    }

    struct CertLayouts
    {
        LayoutPtr text;
        LayoutPtr date;
        LayoutPtr issuer;
        LayoutPtr mayor;
    };

    static constexpr double kCertIndent = 12.0;
    static constexpr double kGapCertDate = 8.0;
    static constexpr double kGapDateIssuer = 16.0;
    static constexpr double kGapIssuerMayor = 14.0;
    static constexpr double kSealRoom = 40.0; // right of the name, where the seal overhangs

    CertLayouts certLayouts() const
    {
        const double width = kContentWidth - kCertIndent;
        return {m_ts.layout(m_doc.certificationText, kCertSize, width),
                m_ts.layout(m_doc.issueDate, kCertSize, width),
                m_ts.layout(m_doc.issuer, kIssuerSize), m_ts.layout(m_doc.mayorName, kMayorSize)};
    }

    double signatureLineHeight(const CertLayouts& l) const
    {
        double h = std::max(extentOf(l.issuer.get()).height, extentOf(l.mayor.get()).height);
        if (m_seal != nullptr) {
            h = std::max(h, kSealSize);
        }
        return h;
    }

    double certificationHeight() const
    {
        const CertLayouts l = certLayouts();
        return extentOf(l.text.get()).height + kGapCertDate + extentOf(l.date.get()).height +
               kGapDateIssuer + signatureLineHeight(l);
    }

    void drawCertification(cairo_t* cr, double y) const
    {
        const CertLayouts l = certLayouts();
        cairo_set_source_rgb(cr, 0, 0, 0);
        showLayout(cr, l.text.get(), kMarginX + kCertIndent, y);
        y += extentOf(l.text.get()).height + kGapCertDate;
        showLayout(cr, l.date.get(), kMarginX + kCertIndent, y);
        y += extentOf(l.date.get()).height + kGapDateIssuer;

        const double lineHeight = signatureLineHeight(l);
        const double middle = y + lineHeight / 2;
        const Extent mayor = extentOf(l.mayor.get());
        const Extent issuer = extentOf(l.issuer.get());
        const double mayorRight = kMarginX + kContentWidth - kSealRoom;
        const double mayorX = mayorRight - mayor.width;
        const double issuerX = std::max(kMarginX, mayorX - kGapIssuerMayor - issuer.width);
        showLayout(cr, l.issuer.get(), issuerX, middle - issuer.height / 2);
        showLayout(cr, l.mayor.get(), mayorX, middle - mayor.height / 2);

        if (m_seal != nullptr) {
            // The official seal is pressed over the end of the mayor's name; multiplying keeps
            // the name legible under the ink and makes a white background vanish.
            const double w = cairo_image_surface_get_width(m_seal);
            const double h = cairo_image_surface_get_height(m_seal);
            const double scale = kSealSize / std::max(w, h);
            const double centreX = mayorRight - kMayorSize * 0.5;
            cairo_save(cr);
            cairo_translate(cr, centreX - w * scale / 2, middle - h * scale / 2);
            cairo_scale(cr, scale, scale);
            cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
            cairo_set_source_surface(cr, m_seal, 0, 0);
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
            cairo_paint(cr);
            cairo_restore(cr);
        }
    }

    void drawFooter(cairo_t* cr, int page, int pages) const
    {
        if (m_doc.footer.isEmpty()) {
            return;
        }
        LayoutPtr footer = footerLayout(page, pages);
        cairo_set_source_rgb(cr, 0, 0, 0);
        showLayout(cr, footer.get(), kMarginX,
                   kPageHeight - kMarginBottom - extentOf(footer.get()).height);
    }

    const ResidentRecordDocument& m_doc;
    const Typesetter& m_ts;
    TableRenderer m_table;
    cairo_surface_t* m_seal;
    std::vector<Row> m_header;
    std::vector<std::vector<Row>> m_persons;
    std::vector<std::vector<int>> m_pages;
};

Result<QByteArray> renderPdf(const ResidentRecordDocument& doc)
{
    SurfacePtr seal;
    if (!doc.sealImagePath.isEmpty()) {
        Result<SurfacePtr> loaded = loadSeal(doc.sealImagePath);
        if (!loaded) {
            return loaded.error();
        }
        seal = std::move(loaded).value();
    }

    Result<std::unique_ptr<PdfCanvas>> canvas = PdfCanvas::open(doc.title);
    if (!canvas) {
        return canvas.error();
    }
    CertificateRenderer renderer(doc, (*canvas)->typesetter(), seal.get());
    if (Status st = renderer.paginate(); !st) {
        return st.error();
    }
    renderer.draw((*canvas)->cr());
    return (*canvas)->finish();
}

} // namespace

Status writeResidentRecordPdf(const ResidentRecordDocument& doc, const QString& path)
{
    if (doc.persons.isEmpty()) {
        return Error(
            QCoreApplication::translate("ResidentRecordPdf",
                                        "A resident record certificate needs at least one person."),
            QStringLiteral("documents.no_persons"));
    }
    if (path.isEmpty()) {
        return writeError(path, QCoreApplication::translate("ResidentRecordPdf", "no file name"));
    }
    if (QFileInfo(path).isDir()) {
        return writeError(path,
                          QCoreApplication::translate("ResidentRecordPdf", "the path is a folder"));
    }
    // Opened first so that an unwritable path is reported before any drawing; the file only
    // replaces `path` on commit().
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return writeError(path, file.errorString());
    }
    Result<QByteArray> pdf = renderPdf(doc);
    if (!pdf) {
        return pdf.error();
    }
    if (file.write(*pdf) != pdf->size() || !file.commit()) {
        return writeError(path, file.errorString());
    }
    return {};
}

} // namespace madoguchi::documents
