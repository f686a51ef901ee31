# Sourced by every script: one compiler (Debian's rustc-web 1.96, which has
# the wasm32 standard library source) builds host and wasm code alike.
GOVBLOG_TOOLS="${GOVBLOG_TOOLS:-$HOME/.cache/govblog-tools}"
export GOVBLOG_TOOLS
# This checkout's npm tools (wasm-opt from binaryen) come first.
export PATH="$PWD/node_modules/.bin:$GOVBLOG_TOOLS/bin:/usr/bin:$PATH"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# A clean clone in CI builds once: incremental data (2 GB) would only fill the disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
