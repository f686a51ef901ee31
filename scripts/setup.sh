#!/usr/bin/env bash
# Installs every tool govblog needs, idempotently: a second run with nothing
# missing installs nothing. Called by `make run`, `make test` and `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

APT_PACKAGES="rustc-web cargo-web rust-web-src rust-web-llvm rust-web-clippy lld-22 chromium chromium-driver brotli sqlite3 wrk postgresql systemd wordpress mariadb-server php-cli php-mysql"
TRUNK_VERSION=0.22.1

missing=()
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$GOVBLOG_TOOLS/bin"

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  echo "setup: cargo install trunk $TRUNK_VERSION (about 20 minutes, once per machine)"
  env -u CARGO_TARGET_DIR cargo install --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version --root "$GOVBLOG_TOOLS"
fi

# wasm-bindgen-cli must equal the wasm-bindgen locked in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, "", $0); print; exit}' Cargo.lock 2>/dev/null || true)
if [ -n "$WB_VERSION" ] && ! wasm-bindgen --version 2>/dev/null | grep -q "$WB_VERSION"; then
  echo "setup: cargo install wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its lockfile pins a webpki-roots the registry here lacks.
  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$GOVBLOG_TOOLS" --force
fi

# npm: govuk-frontend, binaryen (wasm-opt), playwright-core, axe-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian's binaryen 108 builds broken modules; npm's binaryen puts its
# wasm-opt in this checkout's node_modules/.bin (first on PATH, scripts/env.sh).
# An older setup wrote a wrapper bound to one checkout into the shared tools.
rm -f "$GOVBLOG_TOOLS/bin/wasm-opt"

# Trunk runs cargo offline, so fetch everything the wasm build needs first.
if [ -f Cargo.lock ]; then
  stamp="$GOVBLOG_TOOLS/fetched-$(sha256sum Cargo.lock | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "setup: cargo fetch"
    cargo fetch -q
    cargo fetch -q --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
    touch "$stamp"
  fi
fi
