"""Small Playwright helpers for the Streamlit pages (selectors by data-testid)."""

from __future__ import annotations

import time

from playwright.sync_api import Page

METRIC = "[data-testid='stMetric']"


def wait_ready(page: Page, timeout_ms: int = 30_000) -> None:
    """Wait until the app has drawn its cards and stopped running."""
    page.wait_for_selector(METRIC, timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def metric_value(page: Page, label: str) -> str:
    card = page.locator(METRIC).filter(has=page.locator("[data-testid='stMetricLabel']", has_text=label)).first
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


def wait_for_change(page: Page, label: str, before: str, timeout_s: float = 10.0) -> str:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        now = metric_value(page, label)
        if now != before:
            return now
        time.sleep(0.02)
    raise AssertionError(f"{label} stayed {before}")


def slider_input(page: Page, label: str):
    return page.locator(f"[data-testid='stSlider'] input[type='range'][aria-label='{label}']").first


def current_url(page: Page) -> str:
    return page.evaluate("window.location.href")


def open_via_navigation(browser, app_url: str, nav_title: str):
    """A fresh browser context (its own session) that opens the app in English and clicks a page in the navigation."""
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="en-US")
    page = context.new_page()
    page.goto(f"{app_url}/?lang=en")
    wait_ready(page)
    page.locator("[data-testid='stSidebarNavLink']").filter(has_text=nav_title).click()
    return context, page


def enter_text(page: Page, label: str, text: str) -> None:
    """Type into the text input with this label and press Enter."""
    box = page.locator(f"input[aria-label='{label}']")
    box.fill(text)
    box.press("Enter")
