"""The board's presenter view in a real browser (issue 24's facilitator kit): opened from a facilitator's link with
present=1, at 1920 × 1080 and at 1280 × 720 with 150% scaling (853 × 480 CSS pixels), in Chinese and English, the
chart and the first group's name are in the first screen; no code box, no join panel, no key in the address bar."""

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
          "第六组 Team Grey", "第七组 Team Teal")
SCENARIOS = (Scenario(model_error=0.02), Scenario(fai_growth=0.2), Scenario(), Scenario(fai_growth=0.1),
             Scenario(fai_growth=-0.05), Scenario(fai_growth=0.15), Scenario(fai_growth=0.3))
FIRST = GROUPS[0]  # the highest growth: the first bar and the first row
SCREENS = {"projector": ({"width": 1920, "height": 1080}, 1), "laptop_150": ({"width": 853, "height": 480}, 1.5)}


@pytest.fixture(scope="module")
def room_app(tmp_path_factory):
    """The app on a library holding one workshop with seven groups' scenarios: (url, workshop)."""
    folder = tmp_path_factory.mktemp("presenter")
    url = f"sqlite:///{folder}/e2e.sqlite3"
    lib = store.ScenarioStore(url)
    room = lib.create_workshop()
    for i, (group, scenario) in enumerate(zip(GROUPS, SCENARIOS, strict=True)):
        lib.save(room.code, f"方案{i + 1} / plan {i + 1}", scenario, group=group,
                 note="投资加快，消费回暖\nInvestment picks up" if i % 2 == 0 else "")
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
        label = first.bounding_box()
        assert 0 <= label["y"] and label["y"] + label["height"] <= height, label  # the first group's name in view
        last = page.locator(f"{CHART} svg text").filter(has_text=GROUPS[4]).first.bounding_box()  # the lowest bar
        assert last["y"] + last["height"] <= height, last  # every group's name in view, at both sizes
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        assert page.locator(f"input[aria-label='{TEXT['ws_code_label'][lang]}']").count() == 0  # no code box
        assert page.locator("[data-testid='stCode']").count() == 0  # no link box
        assert page.locator("[data-testid='stImage']").count() == 0  # no QR code
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        expect(page).to_have_url(re.compile(r"present=1"))
        assert "fk=" not in page.url and room.facilitator_key not in page.url  # no key in the address bar
    finally:
        context.close()
