#!/usr/bin/env bash
# Every test govblog has. Called by `make test` after setup.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

echo "test: cargo fmt --check"
cargo fmt --all -- --check

echo "test: cargo clippy"
cargo clippy --quiet --workspace --all-targets -- -D warnings

echo "test: unit and server tests (cargo test)"
cargo test --quiet --workspace

bash scripts/build.sh

echo "test: end-to-end in headless Chromium"
GOVBLOG_SERVER="$CARGO_TARGET_DIR/release/govblog-server" node --test --test-concurrency=1 tests/e2e/
