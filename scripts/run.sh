#!/usr/bin/env bash
# Installs the dependencies, builds, and starts Madoguchi on its embedded default: a SQLite
# database under the user's data directory, seeded with a demo municipality on first start
# (sign in as demo / demo). Extra arguments go to the app, e.g. --lang en or --db URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec ./build/app/madoguchi "$@"
