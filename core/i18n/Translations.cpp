#include "i18n/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace madoguchi::i18n {

Language parse(const QString& text, bool* ok)
{
    const QString t = text.trimmed().toLower();
    if (ok) {
        *ok = true;
    }
    if (t == QStringLiteral("ja") || t == QStringLiteral("ja_jp") ||
        t == QStringLiteral("japanese") || t == QStringLiteral("日本語")) {
        return Language::Japanese;
    }
    if (t == QStringLiteral("en") || t == QStringLiteral("en_us") || t == QStringLiteral("en_gb") ||
        t == QStringLiteral("english")) {
        return Language::English;
    }
    if (ok) {
        *ok = false;
    }
    return Language::Japanese;
}

QString id(Language lang)
{
    return lang == Language::English ? QStringLiteral("en") : QStringLiteral("ja");
}

Language configured()
{
    QSettings s;
    bool ok = false;
    const Language l =
        parse(s.value(QStringLiteral("ui/language"), QStringLiteral("ja")).toString(), &ok);
    return ok ? l : Language::Japanese;
}

void setConfigured(Language lang)
{
    QSettings s;
    s.setValue(QStringLiteral("ui/language"), id(lang));
}

bool install(QCoreApplication* app, Language lang)
{
    const QString code = id(lang);
    QLocale::setDefault(
        QLocale(lang == Language::English ? QLocale::English : QLocale::Japanese,
                lang == Language::English ? QLocale::UnitedStates : QLocale::Japan));
    for (QTranslator* old :
         app->findChildren<QTranslator*>(QStringLiteral("madoguchi-translator"))) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    auto* qt = new QTranslator(app);
    qt->setObjectName(QStringLiteral("madoguchi-translator"));
    if (qt->load(QStringLiteral("qtbase_") + code,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }
    auto* own = new QTranslator(app);
    own->setObjectName(QStringLiteral("madoguchi-translator"));
    if (!own->load(QStringLiteral(":/i18n/madoguchi_") + code)) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    return true;
}

} // namespace madoguchi::i18n
