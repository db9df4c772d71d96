#!/usr/bin/env bash
# Print the folder of PostgreSQL's server binaries (initdb, pg_ctl, ...), whatever its version.
#
#   BIN="$(scripts/pg_bin.sh)"      # empty output and status 1 when no server is installed
#
# Order: $PG_BIN if set; the newest Debian/Ubuntu /usr/lib/postgresql/<version>/bin that has
# initdb; `pg_config --bindir` (other layouts); the folder of an initdb on PATH.
set -euo pipefail

has_initdb() { [ -n "$1" ] && [ -x "$1/initdb" ]; }

if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
    exit 0
fi
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if has_initdb "$dir"; then
        echo "$dir"
        exit 0
    fi
done
if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if has_initdb "$dir"; then
        echo "$dir"
        exit 0
    fi
fi
if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    exit 0
fi
exit 1
