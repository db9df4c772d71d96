"""Two browsers on one workshop code: a group saves in one, the facilitator's board in the other shows it
by itself (no reload), keeps its chart mounted across refreshes, and shows hostile text literally."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

import data
from tests.e2e.helpers import enter_text, metric_value, open_via_navigation

pytestmark = pytest.mark.browser
TEXT = data.load().text
CHART = "[data-testid='stVegaLiteChart']"
HOSTILE_NAME = "Plan <img src=x onerror=\"window.__pwned=1\"> **bold**"


def _en(key: str) -> str:
    return TEXT[key]["en"]


def _open(browser, url: str, nav_key: str):
    return open_via_navigation(browser, url, _en(nav_key))


def _enter_code(page, code: str) -> None:
    enter_text(page, _en("ws_code_label"), code)


def _save(page, name: str, group: str) -> None:
    page.locator(f"input[aria-label='{_en('ws_name_label')}']").fill(name)
    page.locator(f"input[aria-label='{_en('ws_group_label')}']").fill(group)
    page.get_by_role("button", name=_en("ws_save_button")).click()


def _updated_caption(page):
    return page.locator("[data-testid='stCaptionContainer']").filter(has_text=re.compile(r"^Updated \d")).first


def test_a_scenario_saved_in_one_browser_appears_on_the_others_board(browser, app_url, screenshots):
    code = f"E2E-{uuid.uuid4().hex[:8]}"  # the server's library lives for the whole session
    board_context, board = _open(browser, app_url, "nav_board")
    group_context, group = _open(browser, app_url, "nav_workshop")
    try:
        _enter_code(board, code)
        expect(board.get_by_text(_en("board_empty"))).to_be_visible(timeout=20_000)

        _enter_code(group, code)
        expect(group.get_by_text(_en("ws_list_empty"))).to_be_visible(timeout=20_000)
        _save(group, HOSTILE_NAME, "Team Blue")
        expect(group.get_by_text("Saved (no. #")).to_be_visible(timeout=20_000)
        expect(group.locator("[data-testid='stDataFrame']")).to_contain_text(HOSTILE_NAME, timeout=10_000)

        # The board is not touched: its fragment re-runs every 5 s and picks the new row up. It is brought to
        # the front as on a projector; Chromium throttles timers of background pages, and the refresh is one.
        board.bring_to_front()
        started = time.time()
        expect(board.locator(CHART)).to_contain_text("Team Blue", timeout=20_000)
        first_seen_s = time.time() - started
        assert metric_value(board, _en("board_groups")) == "1"
        expect(board.locator("[data-testid='stDataFrame']")).to_contain_text(HOSTILE_NAME)
        assert board.evaluate("window.__pwned === undefined")
        assert group.evaluate("window.__pwned === undefined")
        assert board.locator("[data-testid='stMarkdownContainer'] strong", has_text="bold").count() == 0

        # No flicker: across a refresh the chart element stays mounted (updated in place, not redrawn from empty).
        chart = board.locator(CHART).element_handle()
        caption_before = _updated_caption(board).inner_text()
        group.bring_to_front()
        _save(group, "Second plan", "Team Red")
        expect(group.locator("[data-testid='stDataFrame']")).to_contain_text("Second plan", timeout=20_000)
        board.bring_to_front()
        expect(board.locator(CHART)).to_contain_text("Team Red", timeout=20_000)
        assert chart.evaluate("node => node.isConnected")
        expect(_updated_caption(board)).not_to_have_text(caption_before)  # the caption arrives after the chart
        assert metric_value(board, _en("board_groups")) == "2"
        board.screenshot(path=str(screenshots / "workshop_board_two_groups.png"), full_page=True)
        print(f"board showed the first save after {first_seen_s:.1f} s")
    finally:
        board_context.close()
        group_context.close()


def test_board_pause_stops_the_updates(browser, app_url):
    code = f"E2E-{uuid.uuid4().hex[:8]}"
    board_context, board = _open(browser, app_url, "nav_board")
    group_context, group = _open(browser, app_url, "nav_workshop")
    try:
        _enter_code(board, code)
        expect(board.get_by_text(_en("board_empty"))).to_be_visible(timeout=20_000)
        board.get_by_text(_en("board_pause")).click()
        time.sleep(1.0)
        group.bring_to_front()
        _enter_code(group, code)
        _save(group, "While paused", "Team Green")
        expect(group.locator("[data-testid='stDataFrame']")).to_contain_text("While paused", timeout=20_000)
        board.bring_to_front()
        time.sleep(7)  # more than one refresh period
        assert board.get_by_text(_en("board_empty")).is_visible()
        board.get_by_text(_en("board_pause")).click()  # resume: the next refresh shows it
        expect(board.locator(CHART)).to_contain_text("Team Green", timeout=20_000)
    finally:
        board_context.close()
        group_context.close()
