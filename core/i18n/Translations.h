#pragma once
// UI language. Japanese is the default whatever the system locale says (counter PCs often run
// with C.UTF-8); English is chosen by a setting or --lang en. The source strings are English;
// madoguchi_ja.ts holds the Japanese and madoguchi_en.ts the English plural forms.

#include <QString>

class QCoreApplication;

namespace madoguchi::i18n {

enum class Language { Japanese, English };

// "ja" / "en" (also "japanese", "日本語", "english"); nullopt-like: ok=false for anything else.
Language parse(const QString& text, bool* ok = nullptr);
QString id(Language lang);

// The language stored in the user's settings (QSettings "ui/language"), Japanese by default.
Language configured();
void setConfigured(Language lang);

// Installs Madoguchi's and Qt's own translators for `lang` on the application. Returns false
// when Madoguchi's catalogue could not be loaded (the UI then shows the English sources).
bool install(QCoreApplication* app, Language lang);

} // namespace madoguchi::i18n
