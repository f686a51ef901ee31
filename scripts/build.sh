#!/usr/bin/env bash
# Builds the SPA (Trunk, wasm, release) into dist/ and the server in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

echo "build: SPA (trunk build --release)"
# The wasm target's standard library is built from Debian's rust-web-src.
CARGO_UNSTABLE_BUILD_STD=std,panic_abort trunk build --release --offline --no-color >/dev/null

echo "build: server (cargo build --release)"
cargo build --release --quiet -p govblog-server
