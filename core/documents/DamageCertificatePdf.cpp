#include "documents/DamageCertificatePdf.h"

#include "documents/PangoPdf.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QList>
#include <QPair>
#include <QSaveFile>

#include <algorithm>

namespace madoguchi::documents {

namespace {

using namespace pdf;

constexpr double kMarginX = 64.0;
constexpr double kMarginTop = 56.0;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;
constexpr double kTitleSize = 22.0;
constexpr double kBody = 11.0;
constexpr double kSmall = 8.5;
constexpr double kLabelWidth = 120.0;
constexpr double kPad = 6.0;

class CertificateRenderer
{
public:
    CertificateRenderer(const DamageCertificateDocument& doc, const Typesetter& ts)
        : m_doc(doc), m_ts(ts)
    {}

    void draw(cairo_t* cr) const
    {
        cairo_set_source_rgb(cr, 0, 0, 0);
        double y = kMarginTop;
        y += text(cr, QStringLiteral("第%1号").arg(m_doc.number), kBody, kMarginX, y, kContentWidth,
                  PANGO_ALIGN_RIGHT) +
             2;
        y += text(cr, m_doc.issuedOn, kBody, kMarginX, y, kContentWidth, PANGO_ALIGN_RIGHT) + 24;
        y += text(cr,
                  m_doc.residential ? QStringLiteral("罹災証明書") : QStringLiteral("被災証明書"),
                  kTitleSize, kMarginX, y, kContentWidth, PANGO_ALIGN_CENTER, true) +
             24;
        y += text(cr, QStringLiteral("申請者　") + m_doc.applicant + m_doc.applicantNote, kBody,
                  kMarginX, y, kContentWidth) +
             18;

        QList<QPair<QString, QString>> rows = {
            {QStringLiteral("災害名"), m_doc.disasterName},
            {QStringLiteral("発生日"), m_doc.occurredOn},
            {m_doc.residential ? QStringLiteral("被災住家の所在地")
                               : QStringLiteral("被災物件の所在地"),
             m_doc.address},
            {QStringLiteral("所有者"), m_doc.owner},
        };
        if (m_doc.residential) {
            rows << qMakePair(QStringLiteral("居住者"), m_doc.residents.join(QStringLiteral("、")));
            rows << qMakePair(QStringLiteral("被害の程度"), m_doc.grade);
            rows << qMakePair(QStringLiteral("認定の根拠"), m_doc.survey);
        }
        cairo_set_line_width(cr, 0.75);
        for (const auto& [label, value] : std::as_const(rows)) {
            LayoutPtr l = m_ts.layout(label, kBody, kLabelWidth - 2 * kPad);
            LayoutPtr v = m_ts.layout(value, kBody, kContentWidth - kLabelWidth - 2 * kPad);
            const double h =
                std::max(extentOf(l.get()).height, extentOf(v.get()).height) + 2 * kPad;
            showLayout(cr, l.get(), kMarginX + kPad, y + kPad);
            showLayout(cr, v.get(), kMarginX + kLabelWidth + kPad, y + kPad);
            cairo_rectangle(cr, kMarginX, y, kLabelWidth, h);
            cairo_rectangle(cr, kMarginX + kLabelWidth, y, kContentWidth - kLabelWidth, h);
            y += h;
        }
        cairo_stroke(cr);
        y += 24;
        y += text(cr,
                  m_doc.residential
                      ? QStringLiteral("上記のとおり、住家の被害を受けたことを証明します。")
                      : QStringLiteral("上記のとおり、被害の届出があったことを証明します。"),
                  kBody, kMarginX, y, kContentWidth) +
             36;
        y += text(cr, m_doc.mayor, kBody + 1, kMarginX, y, kContentWidth, PANGO_ALIGN_RIGHT) + 40;
        text(cr,
             m_doc.residential
                 ? QStringLiteral("※ 被害の程度は住家被害認定調査の結果によります。調査結果にご"
                                  "不明な点がある場合は、再調査を申し出ることができます。")
                 : QStringLiteral("※ この証明書は被害の届出があったことを証明するもので、被害の"
                                  "程度を証明するものではありません。"),
             kSmall, kMarginX, y, kContentWidth);
    }

private:
    double text(cairo_t* cr, const QString& s, double size, double x, double y, double width,
                PangoAlignment align = PANGO_ALIGN_LEFT, bool bold = false) const
    {
        if (s.isEmpty()) {
            return 0;
        }
        LayoutPtr l = m_ts.layout(s, size, width, align, bold);
        showLayout(cr, l.get(), x, y);
        return extentOf(l.get()).height;
    }

    const DamageCertificateDocument& m_doc;
    const Typesetter& m_ts;
};

} // namespace

Status writeDamageCertificatePdf(const DamageCertificateDocument& doc, const QString& path)
{
    if (path.isEmpty()) {
        return writeError(path, QCoreApplication::translate("ResidentRecordPdf", "no file name"));
    }
    if (QFileInfo(path).isDir()) {
        return writeError(path,
                          QCoreApplication::translate("ResidentRecordPdf", "the path is a folder"));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return writeError(path, file.errorString());
    }
    auto canvas = PdfCanvas::open(
        (doc.residential ? QStringLiteral("罹災証明書 ") : QStringLiteral("被災証明書 ")) +
        doc.number);
    if (!canvas) {
        return canvas.error();
    }
    CertificateRenderer(doc, (*canvas)->typesetter()).draw((*canvas)->cr());
    Result<QByteArray> pdf = (*canvas)->finish();
    if (!pdf) {
        return pdf.error();
    }
    if (file.write(*pdf) != pdf->size() || !file.commit()) {
        return writeError(path, file.errorString());
    }
    return {};
}

} // namespace madoguchi::documents
