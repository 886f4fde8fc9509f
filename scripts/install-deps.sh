#!/usr/bin/env bash
# Installs everything Madoguchi needs to build, run and test on Debian 12 (run as root).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n libqt6sql6-sqlite libqt6sql6-psql libgl-dev qt6-charts-dev
  libssl-dev openssl libsqlite3-dev
  libcairo2-dev libpango1.0-dev libpoppler-qt6-dev poppler-utils libzip-dev
  postgresql postgresql-contrib
  libpcsclite-dev pcscd vsmartcard-vpcd libccid
  fonts-noto-cjk
  clang-format
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root (or: sudo $0)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Keep packages from starting their own services (the Debian PostgreSQL cluster, pcscd): the tests
# start exactly the services they need and stop them again.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=1
fi
trap 'if [ $made_policy = 1 ]; then rm -f "$policy"; fi' EXIT
apt-get install -y -qq "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
