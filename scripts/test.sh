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

# A real WordPress (MariaDB and `php -S`, from Debian's packages) for the
# tests of a blog following one (server/tests/following.rs), started here in
# a temporary directory and stopped afterwards.
echo "test: unit and server tests on SQLite (cargo test), with a WordPress to follow"
bash scripts/wordpress.sh run cargo test --quiet --workspace

# The same server tests again on a real PostgreSQL server, started the same way.
echo "test: server tests on PostgreSQL"
bash scripts/wordpress.sh run bash scripts/postgres.sh run cargo test --quiet -p govblog-server

bash scripts/build.sh

echo "test: end-to-end in headless Chromium (PostgreSQL for the several-server tests)"
GOVBLOG_SERVER="$CARGO_TARGET_DIR/release/govblog-server" \
  bash scripts/postgres.sh run node --test --test-concurrency=1 tests/e2e/
