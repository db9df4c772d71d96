"""A participant's path on a phone (issue 24): the join link opens the simulator with the workshop banner; the group's
name is asked once; a lever moves; the scenario is saved from the simulator itself. At most six taps, on a 390 px
wide touch screen, in Chinese, and the sidebar (the navigation behind ») never opened."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

import data
import store
from model import Scenario
from ui.workshop import join

pytestmark = pytest.mark.browser
TEXT = data.load().text
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
BANNER = ".st-key-sim_ws_banner"
MAX_TAPS = 6


def _text(key: str, lang: str, **values) -> str:
    return TEXT[key][lang].format(**values) if values else TEXT[key][lang]


class Taps:
    """Every touch the participant makes, counted (typing on the phone's keyboard is not a tap)."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, target, **kwargs) -> None:
        self.count += 1
        target.tap(**kwargs)


def _sidebar_closed(page: Page) -> bool:
    return page.evaluate("""() => { const s = document.querySelector("[data-testid='stSidebar']");
        return !s || s.getAttribute('aria-expanded') !== 'true'; }""")


def _open_join_link(browser, app_url: str, code: str, lang: str):
    context = browser.new_context(locale="zh-CN" if lang == "zh" else "en-US", **PHONE)
    page = context.new_page()
    page.goto(f"{app_url}/?{urlencode(join.join_query(code, lang))}")  # join_link's query, on the simulator
    expect(page.locator(BANNER)).to_contain_text(code, timeout=30_000)
    return context, page


@pytest.fixture
def room(app_url, app_database_url):
    """A workshop in the app's own library (as a facilitator starts it), and that library to read saves from."""
    lib = store.ScenarioStore(app_database_url)
    yield lib, lib.create_workshop().code
    store.dispose_engine(app_database_url)


def test_from_the_join_link_to_a_first_saved_scenario_in_six_taps_on_a_phone(browser, app_url, room, screenshots):
    lib, code = room
    lang = "zh"
    context, page = _open_join_link(browser, app_url, code, lang)
    taps = Taps()
    try:
        banner = page.locator(BANNER)
        expect(banner).to_contain_text(_text("sim_ws_code", lang, code=code))
        group_box = banner.get_by_role("textbox", name=_text("sim_ws_group_label", lang))
        taps.tap(group_box)
        page.keyboard.type("第一组")
        taps.tap(banner.get_by_role("button", name=_text("sim_ws_group_ok", lang)))
        expect(banner).to_contain_text("第一组", timeout=20_000)
        expect(banner.get_by_role("button", name=_text("sim_ws_save", lang))).to_be_visible()

        slider = page.locator("input.lp-range").first  # the first main lever: investment
        slider.scroll_into_view_if_needed()
        before = slider.input_value()
        box = slider.bounding_box()
        taps.tap(slider, position={"x": box["width"] * 0.92, "y": box["height"] / 2})
        expect(slider).not_to_have_value(before, timeout=10_000)
        page.wait_for_function("""() => { const h = document.querySelector('.lp-host');
            return !!h && Number(h.dataset.sent) > 0 && Number(h.dataset.seq) >= Number(h.dataset.sent); }""",
                               timeout=20_000)  # the move reached the server

        taps.tap(banner.get_by_role("button", name=_text("sim_ws_save", lang)))
        name_box = page.get_by_role("textbox", name=_text("ws_name_label", lang))
        taps.tap(name_box)
        page.keyboard.type("稳投资")
        taps.tap(page.get_by_role("button", name=_text("ws_save_button", lang)))
        expect(page.get_by_text(_text("ws_saved", lang, id=1).split("#")[0])).to_be_visible(timeout=20_000)
        expect(name_box).to_have_value("")  # the form is empty for the next scenario

        assert taps.count <= MAX_TAPS, taps.count
        assert _sidebar_closed(page)
        (saved,) = lib.list(code)
        assert (saved.name, saved.group) == ("稳投资", "第一组")
        assert saved.scenario().fai_growth > Scenario().fai_growth  # the lever's move was saved
        page.screenshot(path=str(screenshots / "guided_phone_saved_zh.png"))  # the popover: saved, form empty
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_banner_on_a_phone_and_the_name_kept_after_a_reload(browser, app_url, room, screenshots, lang):
    lib, code = room
    context, page = _open_join_link(browser, app_url, code, lang)
    try:
        page.screenshot(path=str(screenshots / f"guided_phone_ask_{lang}.png"))
        banner = page.locator(BANNER)
        banner.get_by_role("textbox", name=_text("sim_ws_group_label", lang)).fill("Team <b>Blue</b>")
        banner.get_by_role("button", name=_text("sim_ws_group_ok", lang)).tap()
        expect(banner).to_contain_text("Team <b>Blue</b>", timeout=20_000)  # the group's words, literally
        page.screenshot(path=str(screenshots / f"guided_phone_banner_{lang}.png"))
        page.wait_for_function("""() => (localStorage.getItem('huadu.device.v1') || '').includes('Team <b>Blue</b>')""",
                               timeout=10_000)  # the device keeper stored it (it runs just after the banner draws)
        page.reload()  # a new session: the browser gives the name back, nobody is asked again
        expect(page.locator(BANNER)).to_contain_text("Team <b>Blue</b>", timeout=30_000)
        expect(page.locator(BANNER).get_by_role("textbox", name=_text("sim_ws_group_label", lang))).to_have_count(0)
        assert _sidebar_closed(page)
    finally:
        context.close()
