#!/usr/bin/env bash
# Run every test: the README's test command, and what .ci/run calls.
#
#   ./scripts/test.sh            # any pytest arguments may follow
#
# Installs the Python packages and lints the tree (`ruff check .`: an error fails the run); as
# root on Debian it also installs what the browser and database tests need (Chromium, CJK fonts,
# PostgreSQL) and starts a throwaway PostgreSQL on loopback. Elsewhere those tests skip, except
# under CI=true (.ci/run sets it), where a missing piece fails and so does any skipped test
# (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# lint first: any error fails the run before a test starts (the rules: pyproject.toml, [tool.ruff])
python3 -m ruff check .

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    need=()
    [ -x /usr/bin/chromium ] || need+=(chromium)
    [ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
    scripts/pg_bin.sh >/dev/null || need+=(postgresql)
    if [ ${#need[@]} -gt 0 ]; then
        echo "installing: ${need[*]}" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
    fi
fi

started_pg=0
if [ -z "${HUADU_TEST_PG_URL:-}" ] && scripts/pg_bin.sh >/dev/null && id postgres >/dev/null 2>&1; then
    eval "$(scripts/start_test_postgres.sh)"
    started_pg=1
fi
cleanup() { if [ "$started_pg" = 1 ]; then scripts/start_test_postgres.sh stop || true; fi; }
trap cleanup EXIT

python3 -m pytest "$@"
