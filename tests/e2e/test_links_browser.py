"""Links as a browser opens them: a query Streamlit drops before the server sees it (over 1,000 parameters)
is still reported, from the browser's own address."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import data
from tests.e2e.helpers import wait_ready

pytestmark = pytest.mark.browser
TEXT = data.load().text


def test_a_link_with_too_many_parameters_says_so(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        query = "&".join(f"p{i}=1" for i in range(1001)) + "&lang=en"
        page.goto(f"{app_url}/?{query}")
        wait_ready(page)
        # the whole query was dropped (lang too), so the page is in Chinese: the notice is the Chinese one
        expect(page.get_by_text(TEXT["notice_too_many"]["zh"])).to_be_visible(timeout=30_000)
    finally:
        context.close()
