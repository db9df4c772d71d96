#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster (any installed version) for tests/test_store.py on 127.0.0.1:54329.
#
#   eval "$(scripts/start_test_postgres.sh)"      # start (or reuse) it, export HUADU_TEST_PG_URL
#   scripts/start_test_postgres.sh stop           # stop it and delete its files
#
# Uses Debian's binaries and runs them as the `postgres` system user (initdb refuses root).
# Trust auth, fsync off: it holds nothing but test rows and must never face a network.
# Everything goes to stderr except the last stdout line, the `export` CI evaluates.
set -euo pipefail

PORT="${HUADU_TEST_PG_PORT:-54329}"
HOST=127.0.0.1
DB=huadu_test
BIN="$("$(dirname "$0")/pg_bin.sh")" || { echo "start_test_postgres: no PostgreSQL server binaries found" >&2; exit 1; }
STATE="/tmp/huadu-test-pg-${PORT}.dir"   # remembers the cluster's folder for `stop`
URL="postgresql+psycopg2://postgres@${HOST}:${PORT}/${DB}"

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"   # already an unprivileged user that can own a cluster
    fi
}

say() { echo "start_test_postgres: $*" >&2; }

running() { "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -U postgres; }

ensure_db() {
    local exists
    exists="$("$BIN/psql" -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '${DB}'")"
    if [ "$exists" != "1" ]; then
        "$BIN/createdb" -h "$HOST" -p "$PORT" -U postgres -E UTF8 -T template0 "$DB"
        say "created database ${DB}"
    fi
}

if [ "${1:-start}" = "stop" ]; then
    if [ -f "$STATE" ]; then
        dir="$(cat "$STATE")"
        as_postgres "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
        rm -rf -- "$dir" "$STATE"
        say "stopped and removed $dir"
    else
        say "no cluster recorded in $STATE; nothing to stop"
    fi
    exit 0
fi

if running; then
    say "a server already answers on ${HOST}:${PORT}; reusing it"
    ensure_db
    echo "export HUADU_TEST_PG_URL=${URL}"
    exit 0
fi

dir="$(mktemp -d /tmp/huadu-test-pg.XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
fi
say "initialising a cluster in $dir"
as_postgres "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
as_postgres "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p ${PORT} -k ${dir} -c listen_addresses=${HOST} -c fsync=off -c max_connections=100" >&2 || {
    say "server did not start; its log:"
    cat "$dir/server.log" >&2
    exit 1
}
echo "$dir" > "$STATE"
ensure_db
say "running; stop it with: $0 stop"
echo "export HUADU_TEST_PG_URL=${URL}"
