// The UI speaks Japanese first: every message of the Japanese catalogue must be translated, and
// the app must pick Japanese by default whatever the system locale says.
#include "TestSupport.h"
#include "auth/Roles.h"
#include "i18n/Translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QTest>
#include <QXmlStreamReader>

using namespace madoguchi;

class TestTranslations : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QCoreApplication::setOrganizationName(QStringLiteral("MadoguchiTest"));
        QSettings().clear();
    }

    void japaneseCatalogueIsComplete()
    {
        QFile f(QStringLiteral(MADOGUCHI_TS_DIR "/madoguchi_ja.ts"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        int messages = 0;
        QStringList untranslated;
        QString source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QStringLiteral("source")) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QStringLiteral("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QStringLiteral("type")).toString();
                const QString textValue =
                    xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (type == QStringLiteral("unfinished") || type == QStringLiteral("vanished") ||
                    textValue.trimmed().isEmpty()) {
                    untranslated << source;
                }
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY2(messages > 100, qPrintable(QString::number(messages)));
        QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(QStringLiteral("\n"))));
    }

    void japaneseIsTheDefault()
    {
        qputenv("LANG", "C.UTF-8");
        QCOMPARE(i18n::configured(), i18n::Language::Japanese);
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::configured()));
        QCOMPARE(roles::displayName(Role::Clerk), QStringLiteral("窓口担当"));
        QCOMPARE(roles::displayName(Role::Supervisor), QStringLiteral("監督者"));
    }

    void englishBySetting()
    {
        i18n::setConfigured(i18n::Language::English);
        QCOMPARE(i18n::configured(), i18n::Language::English);
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::English));
        QCOMPARE(roles::displayName(Role::Clerk), QStringLiteral("Counter clerk"));
        i18n::setConfigured(i18n::Language::Japanese);
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::Japanese));
        QCOMPARE(roles::displayName(Role::Clerk), QStringLiteral("窓口担当"));
    }

    void languageNames()
    {
        bool ok = false;
        QCOMPARE(i18n::parse(QStringLiteral("en"), &ok), i18n::Language::English);
        QVERIFY(ok);
        QCOMPARE(i18n::parse(QStringLiteral("日本語"), &ok), i18n::Language::Japanese);
        QVERIFY(ok);
        i18n::parse(QStringLiteral("fr"), &ok);
        QVERIFY(!ok);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
