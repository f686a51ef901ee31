# The two commands in the README are the contract: `make run` and `make test`.
# Each sets up what it needs first (scripts/setup.sh, idempotent).
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test setup build bench

# Set up, build the SPA and server in release mode, and serve the demo blog
# on http://127.0.0.1:8080 (PORT, HOST, DATABASE override).
run: build
	@. scripts/env.sh && exec "$$CARGO_TARGET_DIR/release/govblog-server" serve

# Set up and run every test: formatting, lints, unit and server tests, and
# end-to-end tests in headless Chromium against the real server.
test: setup
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build.sh

# Benchmarks (not part of `make test`): print figures, never pass or fail.
bench: build
	@. scripts/env.sh && GOVBLOG_PG_FSYNC=on bash scripts/postgres.sh run cargo bench -q -p govblog-server --bench api
	@. scripts/env.sh && cargo bench -q -p govblog-server --bench import
	@. scripts/env.sh && bash scripts/postgres.sh run cargo bench -q -p govblog-server --bench blogs
	@. scripts/env.sh && bash scripts/wordpress.sh run cargo bench -q -p govblog-server --bench following
	@node tests/bench/sizes.mjs
	@node tests/bench/pages.mjs
	@node tests/bench/used.mjs
	@node tests/bench/lighthouse.mjs
