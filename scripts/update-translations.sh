#!/usr/bin/env bash
# Refreshes the translation catalogues from the sources (run after changing tr() strings, then
# translate the new entries in madoguchi_ja.ts with Qt Linguist). English is the source
# language, so madoguchi_en.ts carries only the plural forms.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=/usr/lib/qt6/bin/lupdate
dirs=(core models widgets app)
"$lupdate" -locations none -no-obsolete "${dirs[@]}" -ts translations/madoguchi_ja.ts
"$lupdate" -locations none -no-obsolete -pluralonly "${dirs[@]}" -ts translations/madoguchi_en.ts
