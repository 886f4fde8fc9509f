// The 交付通知書 as a PDF: one A4 page whose text a PDF reader extracts as written — the name
// exactly as registered (𠮷, 﨑 and an ideographic variation sequence survive), the appointment
// or the line saying there is none — and nothing left behind when it cannot be written.
#include "PdfReader.h"
#include "documents/CardNoticePdf.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::documents;

namespace {

CardNoticeDocument notice()
{
    CardNoticeDocument d;
    d.noticeNumber = QStringLiteral("交付通知 第42号");
    d.issueDate = QStringLiteral("令和8年11月26日");
    d.postalCode = QStringLiteral("248-0012");
    d.address = QStringLiteral("神奈川県鎌倉市御成町1丁目2番3号");
    d.name = QStringLiteral("𠮷田 﨑子");
    d.kana = QStringLiteral("ヨシダ サキコ");
    d.applicationNo = QStringLiteral("42");
    d.appliedOn = QStringLiteral("令和8年9月1日");
    d.deadline = QStringLiteral("令和9年5月25日（火）まで");
    d.municipality = QStringLiteral("神奈川県鎌倉市");
    d.counter = QStringLiteral("市民課 マイナンバーカード交付窓口");
    d.issuer = QStringLiteral("神奈川県鎌倉市長");
    d.mayorName = QStringLiteral("松尾 崇");
    return d;
}

QString squeezed(QString t)
{
    return t.remove(QRegularExpression(QStringLiteral("[\\s\\x{3000}]")));
}

} // namespace

class TestCardNoticePdf : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void textAsWritten()
    {
        const QString path = m_dir.filePath(QStringLiteral("notice.pdf"));
        CardNoticeDocument d = notice();
        d.name = QStringLiteral("葛\U000E0100西 𠮷子"); // with an ideographic variation selector
        QVERIFY(writeCardNoticePdf(d, path).ok());
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        QCOMPARE(pages->size(), 1);
        const QString text = pages->first();
        QVERIFY2(text.contains(QStringLiteral("葛\U000E0100西")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("𠮷子")));
        QVERIFY(!text.contains(QChar(0x2EA0))); // no radical code points for ordinary kanji
        const QString flat = squeezed(text);
        for (const QString& expected :
             {QStringLiteral("個人番号カード交付通知書"), QStringLiteral("交付通知第42号"),
              QStringLiteral("〒248-0012"), QStringLiteral("ヨシダサキコ"),
              QStringLiteral("（受取時にお知らせします）"), QStringLiteral("予約はありません"),
              QStringLiteral("令和9年5月25日（火）まで"),
              QStringLiteral("市民課マイナンバーカード交付窓口"),
              QStringLiteral("神奈川県鎌倉市長松尾崇")}) {
            QVERIFY2(flat.contains(expected), qPrintable(expected));
        }
    }

    void appointmentAndSerial()
    {
        const QString path = m_dir.filePath(QStringLiteral("booked.pdf"));
        CardNoticeDocument d = notice();
        d.appointment = QStringLiteral("令和8年12月1日（火）10時30分");
        d.cardSerial = QStringLiteral("AB0123456789");
        QVERIFY(writeCardNoticePdf(d, path).ok());
        const QString flat = squeezed(test::pdfPageTexts(path)->first());
        QVERIFY(flat.contains(QStringLiteral("令和8年12月1日（火）10時30分")));
        QVERIFY(flat.contains(QStringLiteral("AB0123456789")));
        QVERIFY(!flat.contains(QStringLiteral("予約はありません")));
        QVERIFY(!flat.contains(QStringLiteral("受取時にお知らせします")));
    }

    void refusals()
    {
        CardNoticeDocument d = notice();
        d.name.clear();
        const QString path = m_dir.filePath(QStringLiteral("nameless.pdf"));
        QCOMPARE(writeCardNoticePdf(d, path).error().code, QStringLiteral("documents.no_persons"));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(writeCardNoticePdf(notice(), m_dir.path()).error().code,
                 QStringLiteral("documents.write_failed")); // a folder
        QCOMPARE(
            writeCardNoticePdf(notice(), QStringLiteral("/nonexistent/dir/n.pdf")).error().code,
            QStringLiteral("documents.write_failed"));
        // An existing file is replaced whole, never left half written.
        const QString existing = m_dir.filePath(QStringLiteral("existing.pdf"));
        QFile f(existing);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("old");
        f.close();
        QVERIFY(writeCardNoticePdf(notice(), existing).ok());
        QVERIFY(test::pdfPageTexts(existing).ok());
    }
};

QTEST_GUILESS_MAIN(TestCardNoticePdf)
#include "tst_cardnoticepdf.moc"
