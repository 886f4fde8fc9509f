// How fast the search keys are built: they are computed for every stored name and address and
// for every keystroke in a search field.
#include "common/Csv.h"
#include "ids/Identifiers.h"
#include "text/JapaneseText.h"
#include "text/Wareki.h"

#include <QFile>
#include <QTest>

using namespace madoguchi;

class BenchText : public QObject
{
    Q_OBJECT
    QStringList m_names; // kanji names
    QStringList m_kana;  // half-width katakana readings, as old systems export them
    QStringList m_romaji;
    QStringList m_addresses;

private slots:
    void initTestCase()
    {
        QFile f(QStringLiteral(":/data/given_names.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        CsvReader r(&f);
        QVERIFY(r.readHeader({QStringLiteral("kanji"), QStringLiteral("katakana"),
                              QStringLiteral("romaji")})
                    .ok());
        while (r.next()) {
            m_names << r.field(QStringLiteral("kanji"));
            m_kana << r.field(QStringLiteral("katakana")).normalized(QString::NormalizationForm_KC);
            m_romaji << r.field(QStringLiteral("romaji"));
        }
        QFile p(QStringLiteral(":/data/postal_codes.csv"));
        QVERIFY(p.open(QIODevice::ReadOnly));
        CsvReader pr(&p);
        QVERIFY(pr.readHeader({QStringLiteral("prefecture"), QStringLiteral("city"),
                               QStringLiteral("town")})
                    .ok());
        int i = 0;
        while (pr.next() && m_addresses.size() < 20000) {
            m_addresses << pr.field(QStringLiteral("prefecture")) +
                               pr.field(QStringLiteral("city")) + pr.field(QStringLiteral("town")) +
                               QStringLiteral("%1丁目%2番%3号")
                                   .arg(i % 5 + 1)
                                   .arg(i % 30 + 1)
                                   .arg(i % 20 + 1);
            ++i;
        }
        qInfo("%lld names, %lld addresses", qlonglong(m_names.size()),
              qlonglong(m_addresses.size()));
    }

    void searchKeyKanjiNames()
    {
        qsizetype total = 0;
        QBENCHMARK
        {
            for (const QString& n : std::as_const(m_names)) {
                total += text::searchKey(n).size();
            }
        }
        QVERIFY(total > 0);
    }

    void searchKeyHalfWidthKana()
    {
        qsizetype total = 0;
        QBENCHMARK
        {
            for (const QString& n : std::as_const(m_kana)) {
                total += text::searchKey(n).size();
            }
        }
        QVERIFY(total > 0);
    }

    void romajiInput()
    {
        qsizetype total = 0;
        QBENCHMARK
        {
            for (const QString& n : std::as_const(m_romaji)) {
                total += text::searchInputKey(n).size();
            }
        }
        QVERIFY(total > 0);
    }

    void addressKeys()
    {
        qsizetype total = 0;
        QBENCHMARK
        {
            for (const QString& a : std::as_const(m_addresses)) {
                total += text::addressKey(a).size();
            }
        }
        QVERIFY(total > 0);
    }

    void myNumberCheck()
    {
        int valid = 0;
        QBENCHMARK
        {
            for (int i = 0; i < 100000; ++i) {
                valid += ids::check(ids::Kind::MyNumber, QStringLiteral("1234 5678 9018")).valid;
            }
        }
        QVERIFY(valid > 0);
    }

    void warekiParse()
    {
        int ok = 0;
        QBENCHMARK
        {
            for (int i = 0; i < 10000; ++i) {
                ok += text::Wareki::parse(QStringLiteral("昭和50年3月1日")).ok();
            }
        }
        QVERIFY(ok > 0);
    }
};

QTEST_GUILESS_MAIN(BenchText)
#include "bench_text.moc"
