#!/usr/bin/env bash
# Installs the dependencies, builds with warnings as errors, and runs the whole test suite.
# The PostgreSQL tests start their own throwaway cluster (a CTest fixture) and stop it after
# the last of them, also when a test fails; so does pcscd for the card tests (with the vpcd
# virtual reader and the virtual card). The trap below stops both if ctest itself is killed.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh
bash scripts/build.sh ci
cleanup() {
  bash scripts/pg-test-cluster.sh stop build/pg-test >/dev/null 2>&1 || true
  bash scripts/pcscd-test.sh stop build/pcscd-test >/dev/null 2>&1 || true
}
trap cleanup EXIT
status=0
(cd build && ctest --output-on-failure -j2 --timeout 600) || status=$?
echo "test.sh: finished in $(( $(date +%s) - start )) s with status $status"
exit $status
