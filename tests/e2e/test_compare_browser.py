"""The compare page in a real browser (issue 24): it opens with two scenarios chosen, a fifth pick is refused in the
user's language, and no text of Streamlit's own English shows in the Chinese page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import data

pytestmark = pytest.mark.browser
TEXT = data.load().text
PRESETS = data.load().presets
STREAMLIT_ENGLISH = ("You can only select", "Select all", "No results", "Choose options", "Clear all", "Remove an option")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_opens_with_room_and_refuses_a_fifth_in_the_users_language(browser, app_url, screenshots, lang):
    context = browser.new_context(viewport={"width": 1440, "height": 1600})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/compare?lang={lang}")
        cards = page.locator("[data-testid='stMetric']")
        expect(cards.first).to_be_visible(timeout=60_000)
        expect(cards).to_have_count(2)  # current and one preset: room for two more
        unchosen = page.locator(".st-key-w_cmp_pick button[aria-pressed='false']")  # the pills not chosen yet
        expect(unchosen).to_have_count(len(PRESETS) + 1 - 2)
        for n in (3, 4):
            unchosen.first.click()
            expect(cards).to_have_count(n)
        unchosen.first.click()  # a fifth
        warning = page.get_by_text(TEXT["cmp_limit"][lang].format(n=4))
        expect(warning).to_be_visible(timeout=20_000)
        expect(cards).to_have_count(4)
        page.screenshot(path=screenshots / f"compare_limit_{lang}.png", full_page=True)
        if lang == "zh":
            shown = page.locator("[data-testid='stMain']").inner_text()
            assert not [s for s in STREAMLIT_ENGLISH if s in shown], shown
    finally:
        context.close()
