#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, from Debian's
# `postgresql` package (scripts/setup.sh installs it); no system service.
#
#   scripts/postgres.sh run CMD...   start a server in a new temporary data
#                                    directory on a free loopback port, run CMD
#                                    with GOVBLOG_TEST_POSTGRES set to its URL
#                                    (and GOVBLOG_TEST_PGDATA to its directory),
#                                    then stop the server and remove the directory
#   scripts/postgres.sh stop|start   stop or start that server again (for tests
#                                    that take the database away), given
#                                    GOVBLOG_TEST_PGDATA
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "postgres.sh: PostgreSQL is not installed (run scripts/setup.sh)" >&2; exit 1; }

# PostgreSQL will not run as root: as root, it runs as the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl() {
  as_owner "$BIN/pg_ctl" -D "$GOVBLOG_TEST_PGDATA/data" -l "$GOVBLOG_TEST_PGDATA/log" -w "$@" >/dev/null
}

case "${1:-}" in
  run)
    shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/govblog-pg-XXXXXX")
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    export GOVBLOG_TEST_PGDATA="$dir"
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$BIN/initdb" -D "$dir/data" -U govblog --auth=trust --locale=C --encoding=UTF8 >/dev/null
    # Tests start many servers at once, each with its own pool (and one per
    # blog of a deployment of many: `make bench` opens 200); fsync off
    # because the data is thrown away (set GOVBLOG_PG_FSYNC=on to measure).
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 1000
fsync = ${GOVBLOG_PG_FSYNC:-off}
EOF
    pg_ctl start
    trap 'pg_ctl stop -m immediate || true; rm -rf "$dir"' EXIT
    export GOVBLOG_TEST_POSTGRES="postgres://govblog@127.0.0.1:$port/postgres"
    "$@"
    ;;
  stop) pg_ctl stop -m fast ;;
  start) pg_ctl start ;;
  *) echo "usage: scripts/postgres.sh run CMD... | stop | start" >&2; exit 2 ;;
esac
