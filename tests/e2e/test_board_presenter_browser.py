"""The board's presenter view in a real browser (issue 24's facilitator kit): opened from a facilitator's link with
present=1, at 1920 × 1080 and at 1280 × 720 with 150% scaling (853 × 480 CSS pixels), in Chinese and English, the
chart and all twelve groups' names are in the first screen, the chart filling it; no code box, no join panel, no key
in the address bar. A click on a bar (either view) or a table row opens that group's scenario read-only, full
screen; "back to the board" returns, the facilitator's address unchanged."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import data
import store
from model import Scenario
from tests.e2e.conftest import free_port, start_app, stop_app

pytestmark = pytest.mark.browser
TEXT = data.load().text
CHART = "[data-testid='stVegaLiteChart']"
GROUPS = ("第一组 Team Red", "第二组 Team Blue", "第三组 Team Green", "第四组 Team Amber", "第五组 Team Violet",
          "第六组 Team Grey", "第七组 Team Teal", "第八组 Team Pink", "第九组 Team Gold", "第十组 Team Navy",
          "第十一组 Team Lime", "第十二组 Team Rose")
SCENARIOS = (Scenario(model_error=0.02), Scenario(fai_growth=0.2), Scenario(), Scenario(fai_growth=0.1),
             Scenario(fai_growth=-0.05), Scenario(fai_growth=0.15), Scenario(fai_growth=0.3),
             Scenario(fai_growth=0.05), Scenario(fai_growth=0.12), Scenario(fai_growth=0.02),
             Scenario(fai_growth=0.25), Scenario(fai_growth=0.08))
FIRST = GROUPS[0]  # the highest growth: the first bar and the first row
NOTE = "投资加快，消费回暖\nInvestment picks up"
SCREENS = {"projector": ({"width": 1920, "height": 1080}, 1), "laptop_150": ({"width": 853, "height": 480}, 1.5)}


@pytest.fixture(scope="module")
def room_app(tmp_path_factory):
    """The app on a library holding one workshop with twelve groups' scenarios: (url, workshop)."""
    folder = tmp_path_factory.mktemp("presenter")
    url = f"sqlite:///{folder}/e2e.sqlite3"
    lib = store.ScenarioStore(url)
    room = lib.create_workshop()
    for i, (group, scenario) in enumerate(zip(GROUPS, SCENARIOS, strict=True)):
        lib.save(room.code, f"方案{i + 1} / plan {i + 1}", scenario, group=group,
                 note=NOTE if i % 2 == 0 else "")
    store.dispose_engine(url)
    port = free_port()
    proc = start_app(port, {"HUADU_DATA_DIR": str(folder), "HUADU_DATABASE_URL": url})
    yield f"http://127.0.0.1:{port}", room
    stop_app(proc)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_presenter_view_shows_the_chart_and_the_groups_in_the_first_screen(browser, room_app, screenshots, screen,
                                                                                lang):
    app_url, room = room_app
    viewport, scale = SCREENS[screen]
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/board?ws={room.code}&fk={room.facilitator_key}&present=1&lang={lang}")
        first = page.locator(f"{CHART} svg text").filter(has_text=FIRST).first
        expect(first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1_000)  # the layout settles (fonts, the chart's width)
        page.screenshot(path=screenshots / f"board_presenter_{screen}_{lang}.png")
        height = viewport["height"]
        chart = page.locator(CHART).first.bounding_box()
        assert 0 <= chart["y"] < height / 4, chart  # the chart opens the screen
        assert chart["y"] + chart["height"] <= height + 1, chart  # the whole chart (legend too) in the first screen
        assert chart["height"] >= 0.75 * height, chart  # and filling it: wide bars on a projector, too
        for group in GROUPS:  # every group's name in view, at both sizes
            label = page.locator(f"{CHART} svg text").filter(has_text=group).first.bounding_box()
            assert label and 0 <= label["y"] and label["y"] + label["height"] <= height, (group, label)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        assert page.locator(f"input[aria-label='{TEXT['ws_code_label'][lang]}']").count() == 0  # no code box
        assert page.locator("[data-testid='stCode']").count() == 0  # no link box
        assert page.locator("[data-testid='stImage']").count() == 0  # no QR code
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        expect(page).to_have_url(re.compile(r"present=1"))
        assert "fk=" not in page.url and room.facilitator_key not in page.url  # no key in the address bar
    finally:
        context.close()


# ------------------------------------------------------------------ a click opens one group's scenario


def _ranked() -> list[str]:
    """The groups in the board's order (highest growth first, the first saved first among equals)."""
    from model import simulate

    growth = {g: simulate(s).gdp_real_growth for g, s in zip(GROUPS, SCENARIOS, strict=True)}
    return sorted(GROUPS, key=lambda g: (-growth[g], GROUPS.index(g)))


def _click_bar(page, group: str) -> None:
    """Click the bar on the row of `group`'s name."""
    label = page.locator(f"{CHART} svg text").filter(has_text=group).first.bounding_box()
    middle = label["y"] + label["height"] / 2
    bars = page.locator(f"{CHART} g.mark-rect path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    bar = min(boxes, key=lambda b: abs(b["y"] + b["height"] / 2 - middle))
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)


def _click_row(page, position: int) -> None:
    """Tick the selection box at the left of the table's row `position` (the grid draws 44 px rows, header alike)."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 44 * (position + 1) + 22)


def _shows_the_scenario_of(page, group: str, lang: str) -> None:
    from model import simulate
    from ui.shared.i18n import pct

    i = GROUPS.index(group)
    back = page.get_by_role("button", name=TEXT["board_open_back"][lang])
    expect(back).to_be_visible(timeout=30_000)
    expect(page.locator("h1").filter(has_text=f"{group} · 方案{i + 1} / plan {i + 1}")).to_be_visible()
    growth = page.locator("[data-testid='stMetric']").filter(has_text=TEXT["board_col_gdp"][lang]).first
    expect(growth.locator("[data-testid='stMetricValue']")).to_have_text(pct(simulate(SCENARIOS[i]).gdp_real_growth))
    if i % 2 == 0:
        expect(page.get_by_text("Investment picks up")).to_be_visible()
    assert page.locator(f"{CHART} svg text").filter(has_text=GROUPS[-1]).count() == 0  # the board is gone


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("present", [False, True])
def test_a_click_on_a_bar_opens_that_scenario_and_back_returns(browser, room_app, screenshots, lang, present):
    app_url, room = room_app
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/board?ws={room.code}&fk={room.facilitator_key}&lang={lang}"
                  + ("&present=1" if present else ""))
        group = _ranked()[3]
        expect(page.locator(f"{CHART} svg text").filter(has_text=group).first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1_000)
        address = page.url
        _click_bar(page, group)
        _shows_the_scenario_of(page, group, lang)
        page.wait_for_timeout(1_500)  # its charts drawn
        page.screenshot(path=screenshots / f"board_open_bar_{'present' if present else 'board'}_{lang}.png")
        assert page.url == address  # the facilitator's own link (their scenario, targets, view) unchanged
        page.get_by_role("button", name=TEXT["board_open_back"][lang]).click()
        expect(page.locator(f"{CHART} svg text").filter(has_text=group).first).to_be_visible(timeout=30_000)
        assert page.url == address
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_click_on_a_table_row_opens_that_scenario(browser, room_app, screenshots, lang):
    app_url, room = room_app
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/board?ws={room.code}&fk={room.facilitator_key}&lang={lang}")
        expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1_500)
        address = page.url
        position = 5
        _click_row(page, position)
        _shows_the_scenario_of(page, _ranked()[position], lang)
        page.wait_for_timeout(1_500)
        page.screenshot(path=screenshots / f"board_open_row_{lang}.png")
        assert page.url == address
        page.get_by_role("button", name=TEXT["board_open_back"][lang]).click()
        expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=30_000)
        assert page.url == address
    finally:
        context.close()
