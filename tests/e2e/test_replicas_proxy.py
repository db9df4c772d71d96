"""Two replicas behind nginx, as docs/deploy.md configures it (scripts/proxy.py): sticky, spread, one library.

- A browser's requests all reach one replica: the page, the WebSocket, the components' files, a download and an
  upload (an upload reaches only the process that holds the session, so the restore working shows it too).
- Browsers without the cookie yet spread over both replicas (a room behind one address is not put on one).
- A scenario saved through nginx is listed by each replica, asked directly.

Needs nginx (scripts/test.sh installs Debian's as root), Chromium and HUADU_TEST_PG_URL; without them these
tests skip locally and fail under CI=true, as the other browser and database tests do.
"""

from __future__ import annotations

import json
import os
import secrets
import time
import urllib.request
from collections import Counter

import pytest
from playwright.sync_api import expect

import data
import store
from benchmarks.workshop_client import listed_names, save_from_join_link
from scripts.frontend_copy import shared_copy
from scripts.proxy import AFFINITY_COOKIE, BROTLI_MODULE, Nginx, logged_affinity, nginx_binary, prepare_static
from tests.conftest import in_ci, postgres_url
from tests.e2e.conftest import free_port, start_app, stop_app
from tests.e2e.helpers import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
TEXT = data.load().text


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """Two `streamlit run app.py` replicas on one PostgreSQL with one cookie secret, nginx in front."""
    if nginx_binary() is None or not (BROTLI_MODULE.exists() or os.geteuid() == 0):  # root installs the module
        why = ("nginx or its Brotli module is not installed (apt-get install nginx libnginx-mod-http-brotli-static; "
               "scripts/test.sh installs both when run as root)")
        if in_ci():
            pytest.fail(f"the scale-out tests must run in CI: {why}", pytrace=False)
        pytest.skip(why)
    pg_url = postgres_url()
    secret = secrets.token_hex(32)
    procs, replicas = [], []
    proxy = None
    try:
        for name in ("a", "b"):
            port = free_port()
            folder = tmp_path_factory.mktemp(f"replica_{name}")
            procs.append(start_app(port, {"HUADU_DATABASE_URL": pg_url, "HUADU_DATA_DIR": str(folder),
                                          "STREAMLIT_SERVER_COOKIE_SECRET": secret}))
            replicas.append(f"127.0.0.1:{port}")
        static = prepare_static(shared_copy())
        proxy = Nginx(replicas, free_port(), static).start()
        yield proxy, replicas, pg_url
    finally:
        if proxy is not None:
            proxy.stop()
        for proc in procs:
            stop_app(proc)


def _rows_of(proxy: Nginx, affinity: str, until_uri: str, timeout_s: float = 10.0):
    """The logged requests of one browser, once `until_uri` is among them (a WebSocket is logged when it closes)."""
    deadline = time.monotonic() + timeout_s
    while True:
        rows = [r for r in proxy.rows() if r.affinity.strip("-") == affinity and r.upstream != "-"]
        if any(r.uri == until_uri for r in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_a_browser_stays_on_one_replica_for_its_websocket_files_download_and_upload(browser, deployment, tmp_path):
    proxy, replicas, _ = deployment
    context = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="en-US", accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{proxy.url}/workshop?lang=en")
        wait_ready(page)
        expect(page.get_by_text(TEXT["ws_upload_label"]["en"])).to_be_visible(timeout=30_000)
        with page.expect_download() as download:  # served from the memory of the session's process (/media/)
            page.get_by_role("button", name=TEXT["ws_json_button"]["en"]).click()
        scenario = json.loads(open(download.value.path(), encoding="utf-8").read())
        lever = data.load().params["fai_growth"]
        scenario["values"]["fai_growth"] = lever.min  # a valid value that differs from the default
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(files=[{
            "name": "scenario.json", "mimeType": "application/json", "buffer": json.dumps(scenario).encode("utf-8")}])
        applied = TEXT["ws_upload_applied"]["en"].format(n=len(scenario["values"]))
        expect(page.get_by_text(applied)).to_be_visible(timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        cookie = next(c["value"] for c in context.cookies() if c["name"] == AFFINITY_COOKIE)
    finally:
        context.close()

    rows = _rows_of(proxy, logged_affinity(cookie), "/_stcore/stream")
    kinds = {"websocket": "/_stcore/stream", "upload": "/_stcore/upload_file/", "download": "/media/",
             "component file": "/_stcore/bidi-components/", "health check": "/_stcore/health"}
    missing = [kind for kind, uri in kinds.items() if not any(r.uri.startswith(uri) for r in rows)]
    assert not missing, f"nginx logged no {missing} for this browser: {[(r.method, r.uri) for r in rows]}"
    assert len({r.upstream for r in rows}) == 1, Counter((r.upstream, r.uri.split("/")[1]) for r in rows)
    assert {r.upstream for r in rows} <= set(replicas)


def test_browsers_without_the_cookie_spread_over_both_replicas(deployment):
    proxy, replicas, _ = deployment
    before = len(proxy.rows())
    for _ in range(40):  # each a new browser: no cookie sent, a new one given
        with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200
            assert any(c.startswith(f"{AFFINITY_COOKIE}=") for c in answer.headers.get_all("Set-Cookie") or [])
    spread = Counter(r.upstream for r in proxy.rows()[before:])
    assert set(spread) == set(replicas) and min(spread.values()) >= 8, spread


def test_a_scenario_saved_through_nginx_is_listed_by_each_replica_directly(deployment):
    proxy, replicas, pg_url = deployment
    lib = store.ScenarioStore(pg_url)
    room = lib.create_workshop()
    try:
        name = f"Saved through nginx {secrets.token_hex(3)}"
        save_from_join_link(proxy.url, room.code, group="Team Proxy", name=name)
        for replica in replicas:
            assert name in listed_names(f"http://{replica}", room.code), replica
    finally:
        for saved in lib.list(room.code):
            lib.delete(saved.id, room.code, facilitator_key=room.facilitator_key)
        store.dispose_engine(pg_url)
