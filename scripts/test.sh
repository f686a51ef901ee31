#!/usr/bin/env bash
# Every test govblog has. Called by `make test` after setup.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

echo "test: cargo fmt --check"
cargo fmt --all -- --check

echo "test: cargo clippy"
cargo clippy --quiet --workspace --all-targets -- -D warnings
# The app's browser-only code (the `csr` feature) as the wasm build sees it.
CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  cargo clippy --quiet --target wasm32-unknown-unknown --features csr -- -D warnings

echo "test: unit and server tests on SQLite (cargo test)"
cargo test --quiet --workspace

# The same server tests again on a real PostgreSQL server, started here in
# a temporary directory and stopped afterwards.
echo "test: server tests on PostgreSQL"
bash scripts/postgres.sh run cargo test --quiet -p govblog-server

bash scripts/build.sh

echo "test: end-to-end in headless Chromium (PostgreSQL for the several-server tests)"
GOVBLOG_SERVER="$CARGO_TARGET_DIR/release/govblog-server" \
  bash scripts/postgres.sh run node --test --test-concurrency=1 tests/e2e/
