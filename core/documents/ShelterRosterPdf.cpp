#include "documents/ShelterRosterPdf.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "documents/PangoPdf.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <vector>

namespace madoguchi::documents {

namespace {

using namespace pdf;

constexpr double kMarginX = 40.0;
constexpr double kMarginTop = 40.0;
constexpr double kMarginBottom = 48.0;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;

constexpr double kTitleSize = 17.0;
constexpr double kHeadSize = 11.0;
constexpr double kBody = 9.5;
constexpr double kCell = 9.0;
constexpr double kSmall = 8.0;
constexpr double kPad = 3.0;
constexpr double kThin = 0.5;
constexpr double kThick = 1.0;
constexpr double kGrey = 0.90;

struct Column
{
    const char16_t* head;
    double width;
    PangoAlignment align;
};

// Widths add up to the content width (515 pt).
constexpr std::array<Column, 8> kColumns = {{
    {u"No.", 24, PANGO_ALIGN_RIGHT},
    {u"氏名", 100, PANGO_ALIGN_LEFT},
    {u"フリガナ", 100, PANGO_ALIGN_LEFT},
    {u"年齢", 30, PANGO_ALIGN_RIGHT},
    {u"性別", 32, PANGO_ALIGN_CENTER},
    {u"安否", 44, PANGO_ALIGN_CENTER},
    {u"要配慮", 109, PANGO_ALIGN_LEFT},
    {u"入所日時", 76, PANGO_ALIGN_LEFT},
}};

const QTimeZone& japan()
{
    static const QTimeZone zone(9 * 3600);
    return zone;
}

QString sexDisplay(const QString& sex)
{
    if (sex == QStringLiteral("male")) {
        return QStringLiteral("男");
    }
    if (sex == QStringLiteral("female")) {
        return QStringLiteral("女");
    }
    if (sex == QStringLiteral("other")) {
        return QStringLiteral("その他");
    }
    return {};
}

QString needDisplay(const QString& need)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("elderly"), QStringLiteral("高齢者")},
        {QStringLiteral("disabled"), QStringLiteral("障害者")},
        {QStringLiteral("pregnant"), QStringLiteral("妊産婦")},
        {QStringLiteral("infant"), QStringLiteral("乳幼児")},
        {QStringLiteral("foreign_language"), QStringLiteral("外国語")},
        {QStringLiteral("medical"), QStringLiteral("医療的ケア")}};
    return names.value(need, need);
}

int ageOn(const QDate& birth, const QDate& day)
{
    int age = day.year() - birth.year();
    if (day.month() < birth.month() || (day.month() == birth.month() && day.day() < birth.day())) {
        --age;
    }
    return age;
}

class RosterRenderer
{
public:
    RosterRenderer(const ShelterRosterDocument& doc, const Typesetter& ts) : m_doc(doc), m_ts(ts) {}

    void draw(cairo_t* cr) const
    {
        int page = 1;
        double y = header(cr);
        y = columnHeads(cr, y);
        if (m_doc.entries.isEmpty()) {
            y += text(cr, QStringLiteral("（在所者はいません）"), kBody, kMarginX, y + 6,
                      kContentWidth, PANGO_ALIGN_CENTER);
        }
        for (int i = 0; i < m_doc.entries.size(); ++i) {
            const ShelterRosterEntry& e = m_doc.entries.at(i);
            const QStringList cells = {QString::number(i + 1),
                                       e.name,
                                       e.kana,
                                       e.age,
                                       e.sex,
                                       e.status,
                                       e.needs,
                                       e.checkedIn};
            std::vector<LayoutPtr> layouts;
            double h = 0;
            for (size_t c = 0; c < kColumns.size(); ++c) {
                layouts.push_back(m_ts.layout(cells.at(int(c)), kCell, kColumns[c].width - 2 * kPad,
                                              kColumns[c].align));
                h = std::max(h, extentOf(layouts.back().get()).height);
            }
            h += 2 * kPad;
            if (y + h > kPageHeight - kMarginBottom) {
                footer(cr, page++);
                cairo_show_page(cr);
                y = kMarginTop;
                y += text(cr, m_doc.shelterName + QStringLiteral("　避難者名簿（続き）"), kHeadSize,
                          kMarginX, y, kContentWidth, PANGO_ALIGN_LEFT, true) +
                     6;
                y = columnHeads(cr, y);
            }
            double x = kMarginX;
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, kThin);
            for (size_t c = 0; c < kColumns.size(); ++c) {
                showLayout(cr, layouts[c].get(), x + kPad, y + kPad);
                cairo_rectangle(cr, x, y, kColumns[c].width, h);
                x += kColumns[c].width;
            }
            cairo_stroke(cr);
            y += h;
        }
        footer(cr, page);
    }

private:
    double header(cairo_t* cr) const
    {
        cairo_set_source_rgb(cr, 0, 0, 0);
        double y = kMarginTop;
        y += text(cr, QStringLiteral("印刷　") + m_doc.printedAt, kSmall, kMarginX, y,
                  kContentWidth, PANGO_ALIGN_RIGHT);
        y += text(cr, QStringLiteral("避難者名簿"), kTitleSize, kMarginX, y, kContentWidth,
                  PANGO_ALIGN_CENTER, true) +
             8;
        y += text(cr, m_doc.shelterName, kHeadSize + 2, kMarginX, y, kContentWidth,
                  PANGO_ALIGN_LEFT, true) +
             2;
        QString about = m_doc.disasterName;
        if (!m_doc.shelterAddress.isEmpty()) {
            about += QStringLiteral("　所在地：") + m_doc.shelterAddress;
        }
        y += text(cr, about, kBody, kMarginX, y, kContentWidth) + 6;
        for (const QString& line : m_doc.counts) {
            y += text(cr, line, kBody, kMarginX, y, kContentWidth) + 1;
        }
        y += text(cr,
                  QStringLiteral("※ 保護の対象となっている方は氏名を記載していません。この名簿の"
                                 "取扱いに注意し、掲示・配布はしないでください。"),
                  kSmall, kMarginX, y + 3, kContentWidth) +
             10;
        return y;
    }

    double columnHeads(cairo_t* cr, double y) const
    {
        double h = 0;
        std::vector<LayoutPtr> heads;
        for (const Column& c : kColumns) {
            heads.push_back(m_ts.layout(QString::fromUtf16(c.head), kCell, c.width - 2 * kPad,
                                        PANGO_ALIGN_CENTER, true));
            h = std::max(h, extentOf(heads.back().get()).height);
        }
        h += 2 * kPad;
        cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
        cairo_rectangle(cr, kMarginX, y, kContentWidth, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        double x = kMarginX;
        for (size_t c = 0; c < kColumns.size(); ++c) {
            showLayout(cr, heads[c].get(), x + kPad, y + kPad);
            x += kColumns[c].width;
        }
        cairo_set_line_width(cr, kThick);
        cairo_rectangle(cr, kMarginX, y, kContentWidth, h);
        cairo_stroke(cr);
        return y + h;
    }

    void footer(cairo_t* cr, int page) const
    {
        text(cr, QStringLiteral("%1　避難者名簿　%2ページ").arg(m_doc.shelterName).arg(page),
             kSmall, kMarginX, kPageHeight - kMarginBottom + 16, kContentWidth, PANGO_ALIGN_CENTER);
    }

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

    const ShelterRosterDocument& m_doc;
    const Typesetter& m_ts;
};

} // namespace

Result<ShelterRosterDocument> shelterRoster(const Database& db, qint64 shelterId)
{
    using namespace disaster;
    DisasterService service(db);
    auto shelter = service.shelter(shelterId);
    if (!shelter) {
        return shelter.error();
    }
    auto dis = service.disaster(shelter->disasterId);
    if (!dis) {
        return dis.error();
    }
    auto people = service.persons(Audience::Staff, shelter->disasterId);
    if (!people) {
        return people.error();
    }
    const QDateTime now = Clock::now().toTimeZone(japan());
    ShelterRosterDocument doc;
    doc.disasterName = dis->name;
    doc.shelterName = shelter->name;
    doc.shelterAddress = shelter->address;
    doc.capacity = shelter->capacity;
    doc.printedAt = text::Wareki::format(now.date()) + now.toString(QStringLiteral(" HH時mm分"));
    QMap<QString, int> bySex;
    QMap<QString, int> byStatus;
    QMap<QString, int> byNeed;
    int protectedCount = 0;
    for (const Person& p : std::as_const(*people)) {
        if (p.shelterId != shelterId) {
            continue;
        }
        auto stays = service.stays(p.id);
        if (!stays) {
            return stays.error();
        }
        QDateTime in;
        for (const Stay& s : std::as_const(*stays)) {
            if (s.shelterId == shelterId && !s.checkedOutAt.isValid()) {
                in = s.checkedInAt;
            }
        }
        ShelterRosterEntry e;
        if (p.dvProtected) {
            e.name = QStringLiteral("（保護対象）");
            ++protectedCount;
        } else {
            e.name = p.fullName();
            e.kana = p.fullKana();
        }
        e.age = p.birthDate.isValid() ? QString::number(ageOn(p.birthDate, now.date())) : QString();
        e.sex = sexDisplay(p.sex);
        e.status = safetyDisplay(p.safety);
        QStringList needs;
        for (const QString& n : p.needs) {
            needs << needDisplay(n);
            ++byNeed[n];
        }
        e.needs = needs.join(QStringLiteral("・"));
        e.checkedIn =
            in.isValid() ? in.toTimeZone(japan()).toString(QStringLiteral("M/d HH:mm")) : QString();
        ++bySex[p.sex];
        ++byStatus[p.safety];
        doc.entries << e;
    }
    const int total = int(doc.entries.size());
    doc.counts << QStringLiteral("在所者 %1名（定員 %2名）　男 %3名・女 %4名・その他/不明 %5名")
                      .arg(total)
                      .arg(doc.capacity)
                      .arg(bySex.value(QStringLiteral("male")))
                      .arg(bySex.value(QStringLiteral("female")))
                      .arg(total - bySex.value(QStringLiteral("male")) -
                           bySex.value(QStringLiteral("female")));
    QStringList status;
    for (const QString& s : safetyStatuses()) {
        status << QStringLiteral("%1 %2名").arg(safetyDisplay(s)).arg(byStatus.value(s));
    }
    doc.counts << QStringLiteral("安否：") + status.join(QStringLiteral("・"));
    QStringList needs;
    for (const QString& n : needKinds()) {
        needs << QStringLiteral("%1 %2名").arg(needDisplay(n)).arg(byNeed.value(n));
    }
    doc.counts << QStringLiteral("要配慮者：") + needs.join(QStringLiteral("・")) +
                      QStringLiteral("　食数 %1食").arg(total);
    if (protectedCount > 0) {
        doc.counts << QStringLiteral("うち保護対象 %1名（氏名を記載せず）").arg(protectedCount);
    }
    return doc;
}

Status writeShelterRosterPdf(const ShelterRosterDocument& doc, const QString& path)
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
    auto canvas = PdfCanvas::open(QStringLiteral("避難者名簿 ") + doc.shelterName);
    if (!canvas) {
        return canvas.error();
    }
    RosterRenderer(doc, (*canvas)->typesetter()).draw((*canvas)->cr());
    Result<QByteArray> pdf = (*canvas)->finish();
    if (!pdf) {
        return pdf.error();
    }
    if (file.write(*pdf) != pdf->size() || !file.commit()) {
        return writeError(path, file.errorString());
    }
    return {};
}

Status writeShelterRoster(const Database& db, qint64 shelterId, const QString& path,
                          const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st;
    }
    auto doc = shelterRoster(db, shelterId);
    if (!doc) {
        return doc.error();
    }
    if (Status st = writeShelterRosterPdf(*doc, path); !st) {
        return st;
    }
    return AuditLog(db).record(
        by.login(), QStringLiteral("disaster.roster"), QString::number(shelterId),
        QStringLiteral("%1: %2").arg(doc->shelterName).arg(doc->entries.size()));
}

} // namespace madoguchi::documents
