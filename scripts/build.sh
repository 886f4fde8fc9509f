#!/usr/bin/env bash
# Configures (once) and builds every target into ./build with Ninja, two jobs.
# Usage: scripts/build.sh [default|ci]   (ci turns warnings into errors)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
werror=OFF; [ "$preset" = ci ] && werror=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMADOGUCHI_WERROR=$werror >/dev/null
cmake --build build -j2
