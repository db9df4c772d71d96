"""The simulator in a real Chromium: it renders, a keypress moves the GDP card, the language
switch changes the title, and a copied link opened fresh shows the same numbers."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

import data
from tests.e2e.helpers import current_url, metric_value, slider_input, wait_for_change, wait_ready

pytestmark = pytest.mark.browser
TEXT = data.load().text


def test_renders_in_both_languages_with_screenshots(page, app_url, screenshots):
    for lang in ("zh", "en"):
        page.goto(f"{app_url}/?lang={lang}")
        wait_ready(page)
        assert page.locator("h1").first.inner_text().strip() == TEXT["app_title"][lang]
        # both charts drawn (they come after the cards, so wait for them rather than count at once)
        page.wait_for_function("() => document.querySelectorAll('.oc-chart svg').length === 2", timeout=15_000)
        page.screenshot(path=str(screenshots / f"simulator_{lang}.png"), full_page=True)


def test_keyboard_on_a_slider_changes_the_gdp_card_and_the_url(page, app_url):
    page.goto(f"{app_url}/?lang=en")
    wait_ready(page)
    label = TEXT["card_gdp_growth"]["en"]
    before = metric_value(page, label)
    slider = slider_input(page, data.load().params["fai_growth"].label["en"])
    slider.focus()
    for _ in range(20):  # about +2 pp of investment growth, at a brisk human pace
        slider.press("ArrowRight")
        time.sleep(0.15)
    after = wait_for_change(page, label, before)
    assert float(after.rstrip("%")) > float(before.rstrip("%"))
    # when the page settles, the URL holds exactly what the slider shows
    deadline = time.time() + 10
    while time.time() < deadline:
        shown = float(slider.get_attribute("aria-valuetext").rstrip("%"))
        if f"fai_growth={round(shown / 100, 6)!r}" in current_url(page):
            break
        time.sleep(0.2)
    assert f"fai_growth={round(shown / 100, 6)!r}" in current_url(page)
    assert shown > 13.0


def test_language_switch_changes_the_title_and_the_charts_and_scorecard(page, app_url):
    page.goto(f"{app_url}/")
    wait_ready(page)
    assert page.locator("h1").first.inner_text().strip() == TEXT["app_title"]["zh"]
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.wait_for_function(
        "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
        arg=TEXT["app_title"]["en"], timeout=15_000,
    )
    # the outcomes component keeps its DOM between commits but rebuilds it for another language
    expect(page.locator(".oc-h2").first).to_have_text(TEXT["scorecard_title"]["en"], timeout=15_000)
    expect(page.locator(".oc-chart[data-chart='gdp'] figcaption")).to_have_text(TEXT["chart_gdp_title"]["en"])
    expect(page.locator(".oc-table thead th").first).to_have_text(TEXT["col_target"]["en"])
    assert page.locator(".oc-root").count() == 1


def test_shared_link_reproduces_the_scenario_in_a_fresh_browser(browser, app_url):
    first = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = first.new_page()
    page.goto(f"{app_url}/?lang=en")
    wait_ready(page)
    label = TEXT["card_gdp_growth"]["en"]
    before = metric_value(page, label)
    slider = slider_input(page, data.load().params["export_growth"].label["en"])
    slider.focus()
    for _ in range(35):
        slider.press("ArrowLeft")
    wait_for_change(page, label, before)
    time.sleep(1.0)
    link = current_url(page)
    cards = {lbl: metric_value(page, TEXT[lbl]["en"]) for lbl in ("card_gdp_growth", "card_gdp_level", "card_trade", "card_jobs")}
    first.close()

    fresh = browser.new_context(viewport={"width": 1440, "height": 1000})
    other = fresh.new_page()
    other.goto(link)
    wait_ready(other)
    for lbl, value in cards.items():
        assert metric_value(other, TEXT[lbl]["en"]) == value, lbl
    fresh.close()


def test_share_popover_shows_the_address_bar_link_and_more_levers_open(page, app_url):
    page.goto(f"{app_url}/?lang=en&retail_growth=0.04")
    wait_ready(page)
    page.get_by_role("button", name=TEXT["share_title"]["en"]).click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code").first
    code.wait_for(timeout=10_000)
    link = code.inner_text().strip()
    assert link == current_url(page)
    assert "retail_growth=0.04" in link and "lang=en" in link
    page.keyboard.press("Escape")
    # "more levers" draws its sliders when opened, with the scenario's values
    page.get_by_text(TEXT["advanced_title"]["en"]).click()
    deflator = slider_input(page, data.load().params["cpi_change"].label["en"])
    deflator.wait_for(timeout=10_000)
    assert deflator.get_attribute("aria-valuetext").rstrip("%") == f"{100 * data.load().params['cpi_change'].value:.1f}"


def test_bad_link_opens_with_a_notice(page, app_url):
    page.goto(f"{app_url}/?lang=en&fai_growth=abc&%3Cscript%3E=1")
    wait_ready(page)
    assert page.get_by_text(TEXT["notice_title"]["en"]).count() == 1
    assert page.get_by_text("<script>", exact=False).count() >= 1  # shown as text, not run
    assert page.locator("[data-testid='stException']").count() == 0


def test_deep_link_on_a_fresh_server_gets_the_full_app(browser, tmp_path):
    """The first visitor of a freshly started server opens /analysis directly: the page still has
    the app's navigation (translated titles, not file names) and the shared sidebar."""
    from tests.e2e.conftest import free_port, start_app, stop_app

    port = free_port()
    proc = start_app(port, {"HUADU_DATA_DIR": str(tmp_path), "HUADU_DATABASE_URL": f"sqlite:///{tmp_path}/d.sqlite3"})
    try:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/analysis?lang=en")
        page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
            arg=TEXT["ana_title"]["en"], timeout=30_000,
        )
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert TEXT["nav_simulator"]["en"] in nav and "model_page" not in nav
        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).wait_for(timeout=15_000)
        context.close()
    finally:
        stop_app(proc)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lever_moved_off_a_preset_clears_its_name_and_the_breakdown_follows(page, app_url, screenshots, lang):
    """In the browser a lever's commit reruns only the levers' fragment (AppTest always reruns the whole
    page): the sidebar's preset name must still go, and the breakdown below the outcomes follow the commit."""
    ds = data.load()
    preset = ds.presets["export_shock"]
    page.goto(f"{app_url}/?lang={lang}")
    wait_ready(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stSelectbox']").click()
    page.get_by_role("option", name=preset.name[lang]).click()
    expect(sidebar.get_by_text(preset.description[lang])).to_be_visible(timeout=15_000)
    box = page.locator("[data-lever=fai_growth] input[data-testid=lpNumber]")
    box.fill("20")
    box.press("Enter")
    changed = TEXT["preset_changed"][lang].format(name=preset.name[lang])
    expect(sidebar.get_by_text(changed)).to_be_visible(timeout=15_000)
    expect(sidebar.get_by_text(preset.description[lang])).to_have_count(0)
    # the breakdown lists the levers the preset and the commit moved
    explain = page.locator(".oc-explain")
    for lever in ("fai_growth", "export_growth"):
        expect(explain.get_by_text(ds.params[lever].label[lang], exact=True)).to_be_visible(timeout=15_000)
    explain.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"simulator_preset_changed_{lang}.png"), full_page=True)
