"""Scale-out: two app processes (two replicas) on two ports share one PostgreSQL.

A group saves a scenario through replica A's workshop page; replica B's board, already open in
another browser, shows it by itself on its next refresh, and B's workshop list has it too. The
row is checked in the database as well, so a local .streamlit/secrets.toml that sent the app
elsewhere would fail here rather than pass by accident.

Needs HUADU_TEST_PG_URL (eval "$(scripts/start_test_postgres.sh)"): skipped without it locally,
failed without it under CI=true, as in tests/test_store.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import data
import store
from tests.conftest import postgres_url
from tests.e2e.conftest import free_port, start_app, stop_app
from tests.e2e.helpers import enter_text, metric_value, open_via_navigation

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
TEXT = data.load().text
CHART = "[data-testid='stVegaLiteChart']"


def _en(key: str) -> str:
    return TEXT[key]["en"]




@pytest.fixture(scope="module")
def pg_url() -> str:
    return postgres_url()


@pytest.fixture(scope="module")
def replicas(pg_url, tmp_path_factory):
    """Two `streamlit run app.py` processes, each with its own HUADU_DATA_DIR, one PostgreSQL."""
    procs, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            folder = tmp_path_factory.mktemp(f"replica_{name}")
            procs.append(start_app(port, {"HUADU_DATABASE_URL": pg_url, "HUADU_DATA_DIR": str(folder)}))
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for proc in procs:
            stop_app(proc)


@pytest.fixture
def workshop_code(pg_url):
    """A workshop of its own (started as a facilitator would); its rows are deleted afterwards."""
    lib = store.ScenarioStore(pg_url)
    room = lib.create_workshop()
    yield room.code
    for saved in lib.list(room.code):
        lib.delete(saved.id, room.code, facilitator_key=room.facilitator_key)
    store.dispose_engine(pg_url)


def _open(browser, url: str, nav_key: str):
    return open_via_navigation(browser, url, _en(nav_key))


def _enter_code(page, code: str) -> None:
    enter_text(page, _en("ws_code_label"), code)


def test_a_scenario_saved_through_one_replica_appears_on_the_others_board(browser, replicas, pg_url, workshop_code):
    replica_a, replica_b = replicas
    board_context, board = _open(browser, replica_b, "nav_board")
    group_context, group = _open(browser, replica_a, "nav_workshop")
    reader_context = None
    try:
        _enter_code(board, workshop_code)
        expect(board.get_by_text(_en("board_empty"))).to_be_visible(timeout=20_000)

        _enter_code(group, workshop_code)
        expect(group.get_by_text(_en("ws_list_empty"))).to_be_visible(timeout=20_000)
        group.locator(f"input[aria-label='{_en('ws_name_label')}']").fill("Saved on replica A")
        group.locator(f"input[aria-label='{_en('ws_group_label')}']").fill("Team Scale")
        group.get_by_role("button", name=_en("ws_save_button")).click()
        expect(group.get_by_text("Saved (no. #")).to_be_visible(timeout=20_000)

        # The row is in the shared PostgreSQL, not in a replica's own SQLite.
        rows = store.ScenarioStore(pg_url).list(workshop_code)
        assert [(r.name, r.group) for r in rows] == [("Saved on replica A", "Team Scale")]

        # Replica B's board was not touched: its refresh fragment reads the shared database.
        expect(board.locator(CHART)).to_contain_text("Team Scale", timeout=20_000)
        assert metric_value(board, _en("board_groups")) == "1"

        # A new session on replica B finds it in the workshop list too.
        reader_context, reader = _open(browser, replica_b, "nav_workshop")
        _enter_code(reader, workshop_code)
        expect(reader.locator("[data-testid='stDataFrame']")).to_contain_text("Saved on replica A", timeout=20_000)
        for page in (board, group, reader):
            assert page.locator("[data-testid='stException']").count() == 0
    finally:
        board_context.close()
        group_context.close()
        if reader_context is not None:
            reader_context.close()
