"""Groups taking turns at one laptop, in a real Chromium with the browser's own storage (issue 24): after "Next group"
and a reload, the next group cannot delete what the group before saved; the facilitator is not asked a group name."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.e2e.test_guided_path_browser import BANNER, _text, room  # noqa: F401  (fixture)
from ui.workshop import join

pytestmark = pytest.mark.browser
LAPTOP = {"viewport": {"width": 1440, "height": 1400}}


def _banner_name(page, name: str, lang: str) -> None:
    banner = page.locator(BANNER)
    banner.get_by_role("textbox", name=_text("sim_ws_group_label", lang)).fill(name)
    banner.get_by_role("button", name=_text("sim_ws_group_ok", lang)).click()
    expect(banner).to_contain_text(name, timeout=20_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_after_next_group_and_a_reload_the_previous_groups_save_cannot_be_deleted(browser, app_url, room, lang,  # noqa: F811
                                                                                  screenshots):
    lib, code = room
    context = browser.new_context(locale="zh-CN" if lang == "zh" else "en-US", **LAPTOP)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?{urlencode(join.join_query(code, lang))}")
        expect(page.locator(BANNER)).to_contain_text(code, timeout=30_000)
        _banner_name(page, "第一组", lang)
        banner = page.locator(BANNER)
        banner.get_by_role("button", name=_text("sim_ws_save", lang)).click()
        page.get_by_role("textbox", name=_text("ws_name_label", lang)).fill("稳投资")
        page.get_by_role("button", name=_text("ws_save_button", lang)).click()
        expect(page.get_by_text(_text("ws_saved", lang, id=1).split("#")[0])).to_be_visible(timeout=20_000)
        page.keyboard.press("Escape")

        banner.get_by_role("button", name=_text("sim_ws_next", lang)).click()
        page.get_by_role("button", name=_text("sim_ws_next_confirm", lang)).click()
        expect(page.get_by_text(_text("sim_ws_next_done", lang))).to_be_visible(timeout=20_000)
        _banner_name(page, "第二组", lang)
        page.wait_for_function("""() => (localStorage.getItem('huadu.device.v1') || '').includes('第二组')""",
                               timeout=10_000)

        page.goto(f"{app_url}/workshop?ws={code}&lang={lang}")  # a reload, on the workshop page's list
        delete = page.get_by_role("button", name=_text("ws_delete_button", lang))
        expect(delete).to_be_visible(timeout=30_000)
        page.wait_for_timeout(3000)  # the browser's report of the tokens arrives on the run after the first
        expect(delete).to_be_disabled()
        page.screenshot(path=str(screenshots / f"next_group_delete_refused_{lang}.png"), full_page=True)
        assert [s.group for s in lib.list(code)] == ["第一组"]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_facilitator_opening_the_simulator_is_not_asked_a_group_name(browser, app_url, app_database_url, lang):
    import store

    lib = store.ScenarioStore(app_database_url)
    new = lib.create_workshop()
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?{urlencode({'ws': new.code, 'fk': new.facilitator_key, 'lang': lang})}")
        banner = page.locator(BANNER)
        expect(banner).to_contain_text(_text("sim_ws_facilitator", lang, code=new.code), timeout=30_000)
        expect(banner.get_by_role("textbox")).to_have_count(0)
        page.wait_for_function(f"() => (localStorage.getItem('huadu.device.v1') || '').includes('{new.code}')",
                               timeout=10_000)  # the device keeper stored the key (it runs just after the banner)
        page.reload()  # the key has left the address bar; the browser gives it back
        expect(page.locator(BANNER)).to_contain_text(_text("sim_ws_facilitator", lang, code=new.code), timeout=30_000)
        page.wait_for_timeout(2000)
        expect(page.locator(BANNER).get_by_role("textbox")).to_have_count(0)
    finally:
        context.close()
