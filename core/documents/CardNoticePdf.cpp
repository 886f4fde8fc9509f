#include "documents/CardNoticePdf.h"

#include "documents/PangoPdf.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <vector>

namespace madoguchi::documents {

namespace {

using namespace pdf;

constexpr double kMarginX = 50.0;
constexpr double kMarginTop = 40.0;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;

constexpr double kSmall = 8.5;
constexpr double kBody = 10.0;
constexpr double kAddressSize = 11.0;
constexpr double kNameSize = 15.0;
constexpr double kTitleSize = 19.0;
constexpr double kHeadingSize = 11.5;
constexpr double kValueSize = 10.5;

constexpr double kLabelWidth = 96.0;
constexpr double kPad = 5.0;
constexpr double kThin = 0.5;
constexpr double kThick = 1.2;
constexpr double kGrey = 0.92;

struct TableRow
{
    QString label;
    QString value;
    bool emphasised = false; // the deadline: bold
};

class NoticeRenderer
{
public:
    NoticeRenderer(const CardNoticeDocument& doc, const Typesetter& ts) : m_doc(doc), m_ts(ts) {}

    void draw(cairo_t* cr) const
    {
        cairo_set_source_rgb(cr, 0, 0, 0);
        double y = kMarginTop;

        // Date and number, top right.
        y += text(cr, m_doc.issueDate + QChar(u'\n') + m_doc.noticeNumber, kBody, kMarginX, y,
                  kContentWidth, PANGO_ALIGN_RIGHT);

        // The address block, as it shows through a window envelope.
        y += 6;
        QString postal = m_doc.postalCode.isEmpty() ? QString() : u'〒' + m_doc.postalCode;
        y += text(cr, postal, kAddressSize, kMarginX, y, 300);
        y += text(cr, m_doc.address, kAddressSize, kMarginX, y, 300) + 6;
        y += text(cr, m_doc.name + QStringLiteral("　様"), kNameSize, kMarginX + 12, y, 300) + 22;

        y += text(cr, QStringLiteral("個人番号カード交付通知書"), kTitleSize, kMarginX, y,
                  kContentWidth, PANGO_ALIGN_CENTER, true) +
             12;
        y += text(cr,
                  QStringLiteral("　申請いただいた個人番号カード（マイナンバーカード）の準備ができ"
                                 "ましたので、お知らせします。下記のものをお持ちのうえ、交付期限"
                                 "までに受け取りにお越しください。"),
                  kBody, kMarginX, y, kContentWidth) +
             10;

        std::vector<TableRow> rows;
        QString name = m_doc.name;
        if (!m_doc.kana.isEmpty()) {
            name = m_doc.kana + QChar(u'\n') + m_doc.name;
        }
        rows.push_back({QStringLiteral("氏名"), name});
        rows.push_back({QStringLiteral("住所"), m_doc.address});
        rows.push_back(
            {QStringLiteral("申請番号"),
             m_doc.applicationNo + (m_doc.appliedOn.isEmpty()
                                        ? QString()
                                        : QStringLiteral("（申請日　%1）").arg(m_doc.appliedOn))});
        rows.push_back({QStringLiteral("カード番号"),
                        m_doc.cardSerial.isEmpty() ? QStringLiteral("（受取時にお知らせします）")
                                                   : m_doc.cardSerial});
        rows.push_back({QStringLiteral("受取の予約"),
                        m_doc.appointment.isEmpty()
                            ? QStringLiteral("予約はありません。窓口の開庁時間内にお越しいただくか"
                                             "、下記の窓口で予約してください。")
                            : m_doc.appointment});
        rows.push_back({QStringLiteral("受取場所"),
                        m_doc.municipality +
                            (m_doc.counter.isEmpty() ? QString() : QChar(u'\n') + m_doc.counter)});
        rows.push_back(
            {QStringLiteral("交付期限"),
             m_doc.deadline + QStringLiteral("\n期限を過ぎたカードは廃棄します。受け取るには、"
                                             "改めて申請していただく必要があります。"),
             true});
        y += table(cr, rows, y) + 14;

        y += text(cr, QStringLiteral("お持ちいただくもの"), kHeadingSize, kMarginX, y, 0,
                  PANGO_ALIGN_LEFT, true) +
             4;
        const QStringList bring = {
            QStringLiteral("１．この交付通知書"),
            QStringLiteral(
                "２．ご本人の本人確認書類：顔写真付きのもの１点（運転免許証、パスポート、"
                "在留カード、身体障害者手帳など）、または顔写真のないもの２点（健康保"
                "険の資格確認書、年金手帳、学生証など）"),
            QStringLiteral("３．お持ちの方は、通知カード、住民基本台帳カード、これまでの個人番号カ"
                           "ード（受取の際に返納していただきます）"),
            QStringLiteral("４．代理の方が受け取る場合（病気、障害などでご本人の来庁が難しいときに"
                           "限ります）：上記に加えて、委任状（ご本人の署名のあるもの）、代理人の"
                           "本人確認書類（顔写真付きのもの１点、または顔写真のないもの２点）、ご"
                           "本人の来庁が難しいことを確かめられる書類（診断書など）"),
        };
        for (const QString& line : bring) {
            y += text(cr, line, kBody, kMarginX + 8, y, kContentWidth - 8) + 3;
        }
        y += 8;
        y += text(cr, QStringLiteral("ご注意"), kHeadingSize, kMarginX, y, 0, PANGO_ALIGN_LEFT,
                  true) +
             4;
        y += text(cr,
                  QStringLiteral("・受取の際、暗証番号（署名用電子証明書は英数字６～１６文字、その"
                                 "他は数字４桁）を設定していただきます。あらかじめお考えのうえお越"
                                 "しください。\n・受取はご本人の来庁が原則です。"),
                  kBody, kMarginX + 8, y, kContentWidth - 8) +
             18;

        // The issuer, bottom right of the text.
        QString issuer = m_doc.issuer;
        if (!m_doc.mayorName.isEmpty()) {
            issuer += QStringLiteral("　") + m_doc.mayorName;
        }
        text(cr, issuer, kHeadingSize, kMarginX, y, kContentWidth, PANGO_ALIGN_RIGHT);
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

    double table(cairo_t* cr, const std::vector<TableRow>& rows, double y) const
    {
        const double top = y;
        const double valueWidth = kContentWidth - kLabelWidth - 2 * kPad;
        for (const TableRow& r : rows) {
            LayoutPtr value =
                m_ts.layout(r.value, kValueSize, valueWidth, PANGO_ALIGN_LEFT, r.emphasised);
            LayoutPtr label =
                m_ts.layout(r.label, kBody, kLabelWidth - 2 * kPad, PANGO_ALIGN_CENTER);
            const double h =
                std::max(extentOf(value.get()).height, extentOf(label.get()).height) + 2 * kPad;
            cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
            cairo_rectangle(cr, kMarginX, y, kLabelWidth, h);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            showLayout(cr, label.get(), kMarginX + kPad,
                       y + (h - extentOf(label.get()).height) / 2);
            showLayout(cr, value.get(), kMarginX + kLabelWidth + kPad,
                       y + (h - extentOf(value.get()).height) / 2);
            cairo_set_line_width(cr, kThin);
            cairo_rectangle(cr, kMarginX, y, kContentWidth, h);
            cairo_move_to(cr, kMarginX + kLabelWidth, y);
            cairo_line_to(cr, kMarginX + kLabelWidth, y + h);
            cairo_stroke(cr);
            y += h;
        }
        cairo_set_line_width(cr, kThick);
        cairo_rectangle(cr, kMarginX, top, kContentWidth, y - top);
        cairo_stroke(cr);
        return y - top;
    }

    const CardNoticeDocument& m_doc;
    const Typesetter& m_ts;
};

} // namespace

Status writeCardNoticePdf(const CardNoticeDocument& doc, const QString& path)
{
    if (doc.name.trimmed().isEmpty()) {
        return Error(
            QCoreApplication::translate("CardNoticePdf", "A card notice needs the holder's name."),
            QStringLiteral("documents.no_persons"));
    }
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
    auto canvas = PdfCanvas::open(QStringLiteral("個人番号カード交付通知書"));
    if (!canvas) {
        return canvas.error();
    }
    NoticeRenderer(doc, (*canvas)->typesetter()).draw((*canvas)->cr());
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
