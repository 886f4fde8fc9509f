#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format. Usage: check-format.sh [clang-format]
set -euo pipefail
cd "$(dirname "$0")/.."
cf=${1:-clang-format}
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || true)
[ -n "$files" ] || files=$(find app core models widgets central tests bench \( -name '*.cpp' -o -name '*.h' \) | sort)
[ -n "$files" ] || { echo "no files"; exit 1; }
# shellcheck disable=SC2086
"$cf" --dry-run --Werror $files
echo "format: $(echo "$files" | wc -l) files clean"
