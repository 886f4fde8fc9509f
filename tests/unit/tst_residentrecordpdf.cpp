#include "PdfReader.h"
#include "documents/ResidentRecordPdf.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::documents;

namespace {

// Names as registered: 髙 (U+9AD9), 﨑 (U+FA11, a compatibility ideograph that NFC would turn
// into 崎), 𠮷 (U+20BB7, outside the BMP) and 葛 with the variation selector U+E0100.
const QString kTakahashi = QStringLiteral("髙橋 花子");
const QString kYamazaki = QStringLiteral("山﨑 太郎");
const QString kYoshida = QStringLiteral("𠮷田 一郎");
const QString kKatsushika = QStringLiteral("葛\U000E0100飾 区");

CertificatePerson person(const QString& name, const QString& kana)
{
    CertificatePerson p;
    p.name = name;
    p.kana = kana;
    p.birthDate = QStringLiteral("昭和50年3月1日");
    p.sex = QStringLiteral("女");
    p.becameResident = QStringLiteral("平成20年4月1日");
    p.previousAddress = QStringLiteral("東京都千代田区千代田1番1号");
    return p;
}

ResidentRecordDocument baseDocument()
{
    ResidentRecordDocument doc;
    doc.title = QStringLiteral("住民票の写し");
    doc.issuanceNumber = QStringLiteral("第2026-000123号");
    doc.address = QStringLiteral("神奈川県鎌倉市御成町18番10号");
    doc.householdHead = kTakahashi;
    doc.certificationText = QStringLiteral("この写しは、住民票の原本と相違ないことを証明する。");
    doc.issueDate = QStringLiteral("令和8年11月26日");
    doc.issuer = QStringLiteral("神奈川県鎌倉市長");
    doc.mayorName = QStringLiteral("松尾 崇");
    doc.footer = QStringLiteral("鎌倉市 {page}／{pages}");
    return doc;
}

ResidentRecordDocument householdDocument()
{
    ResidentRecordDocument doc = baseDocument();
    doc.persons = {person(kTakahashi, QStringLiteral("タカハシ ハナコ")),
                   person(kYamazaki, QStringLiteral("ヤマザキ タロウ")),
                   person(kYoshida, QStringLiteral("ヨシダ イチロウ")),
                   person(kKatsushika, QStringLiteral("カツシカ ク"))};
    doc.persons[0].relationship = QStringLiteral("世帯主");
    doc.persons[1].relationship = QStringLiteral("夫");
    doc.persons[1].sex = QStringLiteral("男");
    doc.persons[2].relationship = QStringLiteral("子");
    doc.persons[3].relationship = QStringLiteral("同居人");
    doc.persons[3].notes = QStringLiteral("令和8年4月1日 転入");
    return doc;
}

QString allText(const QStringList& pages)
{
    return pages.join(u'\n');
}

QString codePoints(const QString& s)
{
    QStringList out;
    for (char32_t c : s.toUcs4()) {
        out.append(
            QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')).toUpper());
    }
    return out.join(u' ');
}

// Kangxi radicals and CJK radicals supplement: what a PDF writer that reverse-maps glyphs puts
// into ToUnicode instead of the ordinary kanji (⺠ for 民, ⽒ for 氏).
QList<char32_t> radicalsIn(const QString& s)
{
    QList<char32_t> found;
    for (char32_t c : s.toUcs4()) {
        if (c >= 0x2E80 && c <= 0x2FDF) {
            found.append(c);
        }
    }
    return found;
}

QString sealPng(const QTemporaryDir& dir)
{
    QImage seal(200, 200, QImage::Format_ARGB32);
    seal.fill(Qt::transparent);
    QPainter painter(&seal);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(200, 20, 20), 14));
    painter.drawRect(QRectF(12, 12, 176, 176));
    painter.drawLine(QPointF(60, 100), QPointF(140, 100));
    painter.drawLine(QPointF(100, 60), QPointF(100, 140));
    painter.end();
    const QString path = dir.filePath(QStringLiteral("seal.png"));
    return seal.save(path, "PNG") ? path : QString();
}

} // namespace

class TestResidentRecordPdf : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // MADOGUCHI_KEEP_TEST_FILES=1 keeps the PDFs and the rendered page for a person to see.
        if (qEnvironmentVariable("MADOGUCHI_KEEP_TEST_FILES") == QStringLiteral("1")) {
            m_dir.setAutoRemove(false);
            qInfo("PDFs and page images are kept in %s", qPrintable(m_dir.path()));
        }
    }

    void textIsExtractedExactly()
    {
        ResidentRecordDocument doc = householdDocument();
        doc.sealImagePath = sealPng(m_dir);
        QVERIFY(!doc.sealImagePath.isEmpty());
        const QString path = m_dir.filePath(QStringLiteral("household.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));

        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        QCOMPARE(pages->size(), 1);
        const QString text = allText(*pages);

        const QStringList expected = {doc.title,
                                      kTakahashi,
                                      kYamazaki,
                                      kYoshida,
                                      kKatsushika,
                                      doc.address,
                                      doc.issuanceNumber,
                                      doc.issueDate,
                                      doc.issuer,
                                      doc.mayorName,
                                      doc.certificationText,
                                      QStringLiteral("鎌倉市 1／1")};
        for (const QString& s : expected) {
            QVERIFY2(
                text.contains(s),
                qPrintable(
                    QStringLiteral("%1 (%2) not extracted from:\n%3").arg(s, codePoints(s), text)));
        }
        // The selector stays right after 葛, as one code point, and 﨑 is not folded to 崎.
        QVERIFY(text.contains(QString::fromUcs4(U"\u845B\U000E0100\u98FE")));
        QVERIFY(!text.contains(QStringLiteral("山崎")));
        QVERIFY(text.contains(QString::fromUcs4(U"\U00020BB7\u7530")));
        QCOMPARE(text.count(QChar(0xDB40)), 1); // the high surrogate of U+E0100, written once
    }

    void sameGlyphWithAndWithoutSelector()
    {
        // 葛, 葛+U+E0100 and 葛+U+E0101 on one page. Where two spellings share a glyph of the
        // font, each must still come back as written (cairo then marks it with /ActualText).
        ResidentRecordDocument doc = householdDocument();
        doc.address = QStringLiteral("東京都葛飾区立石5丁目13番1号");
        doc.persons[3].previousAddress = QStringLiteral("葛\U000E0101城市");
        const QString path = m_dir.filePath(QStringLiteral("katsushika.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        const QString text = allText(*pages);
        QVERIFY2(text.contains(doc.address), qPrintable(text));
        QVERIFY2(text.contains(kKatsushika), qPrintable(text));
        QVERIFY2(text.contains(doc.persons[3].previousAddress), qPrintable(text));
        QCOMPARE(text.count(QString::fromUcs4(U"\u845B\U000E0100")), 1);
        QCOMPARE(text.count(QString::fromUcs4(U"\u845B\U000E0101")), 1);
    }

    void noRadicalsStandInForKanji()
    {
        ResidentRecordDocument doc = householdDocument();
        doc.honseki = QStringLiteral("東京都千代田区千代田1番");
        doc.hittousha = kTakahashi;
        doc.persons[0].myNumber = QStringLiteral("123456789018");
        doc.persons[0].residentCode = QStringLiteral("01234567890");
        const QString path = m_dir.filePath(QStringLiteral("radicals.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        const QString text = allText(*pages);

        // 住民票 as U+4F4F U+6C11 U+7968, and 氏名 with U+6C0F (⽒ U+2F52 is the radical).
        QVERIFY(text.contains(QString::fromUcs4(U"\u4F4F\u6C11\u7968")));
        QVERIFY(text.contains(QString::fromUcs4(U"\u6C0F\u540D")));
        const QList<char32_t> radicals = radicalsIn(text);
        QVERIFY2(radicals.isEmpty(),
                 qPrintable(
                     QStringLiteral("radical U+%1 in:\n%2")
                         .arg(radicals.isEmpty() ? 0u : static_cast<uint>(radicals.first()), 0, 16)
                         .arg(text)));
        // Every label of the form, each field present in this document.
        for (const QString& label :
             {QStringLiteral("住所"), QStringLiteral("世帯主"), QStringLiteral("本籍"),
              QStringLiteral("筆頭者"), QStringLiteral("生年月日"), QStringLiteral("性別"),
              QStringLiteral("続柄"), QStringLiteral("住民となった年月日"),
              QStringLiteral("前住所"), QStringLiteral("個人番号"), QStringLiteral("住民票コード"),
              QStringLiteral("備考"), QStringLiteral("123456789018"), QStringLiteral("01234567890"),
              doc.honseki}) {
            QVERIFY2(text.contains(label), qPrintable(label));
        }
    }

    void omittedFieldsDoNotAppear()
    {
        ResidentRecordDocument doc = baseDocument();
        doc.title = QStringLiteral("除票の写し");
        CertificatePerson p = person(kYamazaki, QStringLiteral("ヤマザキ タロウ"));
        p.notes = QStringLiteral("令和8年4月1日 転出");
        doc.persons = {p};
        doc.footer.clear();
        const QString path = m_dir.filePath(QStringLiteral("minimal.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        const QString text = allText(*pages);

        QVERIFY(text.contains(QStringLiteral("除票の写し")));
        QVERIFY(text.contains(p.notes));
        for (const QString& absent :
             {QStringLiteral("本籍"), QStringLiteral("筆頭者"), QStringLiteral("個人番号"),
              QStringLiteral("住民票コード"), QStringLiteral("続柄"), QStringLiteral("鎌倉市 ")}) {
            QVERIFY2(!text.contains(absent), qPrintable(absent));
        }
    }

    void largeHouseholdSpansPages()
    {
        ResidentRecordDocument doc = baseDocument();
        for (int i = 1; i <= 12; ++i) {
            CertificatePerson p =
                person(QStringLiteral("髙橋 %1郎").arg(i), QStringLiteral("タカハシ"));
            p.relationship = i == 1 ? QStringLiteral("世帯主") : QStringLiteral("子");
            p.notes = QStringLiteral("記録%1号").arg(i);
            doc.persons.append(p);
        }
        const QString path = m_dir.filePath(QStringLiteral("twelve.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        QVERIFY2(pages->size() > 1, qPrintable(QString::number(pages->size())));

        const QString text = allText(*pages);
        for (int i = 1; i <= 12; ++i) {
            QCOMPARE(text.count(QStringLiteral("記録%1号").arg(i)), 1);
        }
        const int count = static_cast<int>(pages->size());
        for (int n = 0; n < count; ++n) {
            const QString& page = pages->at(n);
            QVERIFY(page.contains(doc.title));
            QVERIFY(page.contains(doc.issuanceNumber));
            QVERIFY(page.contains(QStringLiteral("鎌倉市 %1／%2").arg(n + 1).arg(count)));
            QCOMPARE(page.contains(doc.certificationText), n + 1 == count);
        }
    }

    void rendersPageOne()
    {
        ResidentRecordDocument doc = householdDocument();
        doc.sealImagePath = sealPng(m_dir);
        const QString path = m_dir.filePath(QStringLiteral("render.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        auto image = test::renderPdfPage(path, 0, 100);
        QVERIFY2(image.ok(), qPrintable(image.errorMessage()));
        // A4 at 100 dpi.
        QCOMPARE(image->width(), 827);
        QCOMPARE(image->height(), 1169);
        const QString png = m_dir.filePath(QStringLiteral("page1.png"));
        QVERIFY(image->save(png, "PNG"));

        int dark = 0;
        int red = 0;
        const QImage rgb = image->convertToFormat(QImage::Format_RGB32);
        for (int y = 0; y < rgb.height(); ++y) {
            for (int x = 0; x < rgb.width(); ++x) {
                const QColor c = rgb.pixelColor(x, y);
                if (c.red() < 80 && c.green() < 80 && c.blue() < 80) {
                    ++dark;
                } else if (c.red() > 150 && c.green() < 90 && c.blue() < 90) {
                    ++red;
                }
            }
        }
        QVERIFY2(dark > 5000, qPrintable(QString::number(dark))); // text and rules were drawn
        QVERIFY2(red > 200, qPrintable(QString::number(red)));    // and the seal
    }

    void refusesEmptyPersonList()
    {
        ResidentRecordDocument doc = baseDocument();
        const QString path = m_dir.filePath(QStringLiteral("empty.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("documents.no_persons"));
        QVERIFY(!st.errorMessage().isEmpty());
        QVERIFY(!QFile::exists(path));
    }

    void refusesUnwritablePath()
    {
        const ResidentRecordDocument doc = householdDocument();
        const QString missingDir = m_dir.filePath(QStringLiteral("no/such/dir/out.pdf"));
        Status st = writeResidentRecordPdf(doc, missingDir);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("documents.write_failed"));
        QVERIFY2(st.errorMessage().contains(missingDir), qPrintable(st.errorMessage()));

        st = writeResidentRecordPdf(doc, m_dir.path());
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("documents.write_failed"));
    }

    void refusesUnreadableSeal()
    {
        ResidentRecordDocument doc = householdDocument();
        doc.sealImagePath = m_dir.filePath(QStringLiteral("missing-seal.png"));
        const QString path = m_dir.filePath(QStringLiteral("noseal.pdf"));
        const Status st = writeResidentRecordPdf(doc, path);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("documents.seal_unreadable"));
        QVERIFY(!QFile::exists(path));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestResidentRecordPdf)
#include "tst_residentrecordpdf.moc"
