#!/usr/bin/env bash
# Run every test: the README's test command, and what .ci/run calls.
#
#   ./scripts/test.sh            # any pytest arguments may follow
#
# Installs the Python packages and lints the tree (`ruff check .`: an error fails the run); as
# root on Debian it also installs what the browser, database and scale-out tests need (Chromium, CJK fonts,
# PostgreSQL, nginx) and starts a throwaway PostgreSQL on loopback (nginx is started by its tests, in a folder
# of their own: the package's service is kept from starting). Elsewhere those tests skip, except
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
    [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
    [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need+=(libnginx-mod-http-brotli-static)
    if [ ${#need[@]} -gt 0 ]; then
        echo "installing: ${need[*]}" >&2
        policy=0   # no system services from these packages (nginx would take port 80): invoke-rc.d asks policy-rc.d
        if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy=1; fi
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
        if [ "$policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
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
