"""Words in a real Chromium (issue 24): every typed-value box named by its lever for a screen reader, and no
English that Streamlit writes by itself anywhere in the Chinese UI."""

from __future__ import annotations

import pytest

import data
from tests.e2e.axe_audit import settle

pytestmark = pytest.mark.browser
DATA = data.load()

NUMBER_NAMES_JS = "() => [...document.querySelectorAll('input[data-testid=\"stNumberInputField\"]')].map(i => i.getAttribute('aria-label'))"


def _named(label: str, lang: str) -> str:
    return DATA.text["exact_value_named"][lang].format(label=label)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("path", "groups"), [("/assumptions", ("assumption", "advanced")), ("/analysis", ("lever",))])
def test_each_typed_value_box_is_named_by_its_lever(page, app_url, path, groups, lang):
    page.goto(f"{app_url}{path}?lang={lang}")
    settle(page)
    names = page.evaluate(NUMBER_NAMES_JS)
    expected = [_named(p.label[lang], lang) for group in groups for p in DATA.params_in(group)]
    boxes = [name for name in names if name in expected]
    assert sorted(boxes) == sorted(expected)  # every lever's box, by its own lever's name
    assert len(set(names)) == len(names), "two boxes share a name"
    assert DATA.text["exact_value"][lang] not in names  # no box is only "Exact" / "手动输入"


# ------------------------------------------------------------------ Streamlit's own English in the Chinese UI

# What may stay in Latin letters in the Chinese UI: the other language's name on the switch, file formats, and
# the abbreviations Chinese economic writing uses as they are
ALLOWED = {"English", "JSON", "CSV", "PNG", "HTML", "GDP", "CPI", "PPI", "FAI", "Vega-Lite"}
# where Streamlit writes text of its own (and our content never is); the app's components and data tables are ours
STREAMLIT_TEXT = ", ".join(('[data-testid="InputInstructions"]', '[data-testid="stFileUploaderDropzone"]',
                            '[data-testid="stSkipToContent"]', '[data-baseweb="popover"] [role="option"]',
                            '[data-baseweb="tooltip"]', '[role="tooltip"]', '[role="listbox"]',
                            '[data-testid="stTooltipContent"]'))
SCAN_JS = """(scopes) => {
  const out = [];
  const ours = (el) => el.closest('.lp-host, .oc-host, [data-testid="stMarkdownContainer"], .glide-data-grid-canvas, canvas');
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [aria-roledescription]')) {
    if (ours(el)) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'aria-roledescription']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  }
  for (const scope of document.querySelectorAll(scopes)) {
    const w = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    let n; while ((n = w.nextNode())) {
      const s = n.nodeValue.trim();
      if (s && !n.parentElement.closest('[data-testid="stIconMaterial"]')) out.push(s);  // an icon's ligature
    }
  }
  return out; }"""


def _ours() -> set[str]:
    """Every string of our own tables in Chinese (a placeholder like the example link is ours, in Latin letters)."""
    return {entry["zh"] for entry in DATA.text.values()}


def _english(texts: list[str]) -> set[str]:
    import re

    ours = _ours()
    found = set()
    for text in texts:
        if re.search(r"[\u4e00-\u9fff]", text) or text in ours:
            continue
        words = set(re.findall(r"[A-Za-z][A-Za-z-]+", text)) - ALLOWED
        if words:
            found.add(text)
    return found


def _interact(page, path: str) -> None:
    """Bring up what Streamlit shows only on use: a box's typing hint, a list's empty result, a toolbar's tooltip."""
    if path == "/assumptions":
        box = page.locator("input[data-testid='stNumberInputField']").last  # a target's box: wide enough for the hint
        box.click()
        box.press("End")
        page.keyboard.type("1")  # typed, not applied: "Press Enter to apply"
        page.wait_for_timeout(500)
    elif path == "/workshop":
        box = page.locator("[data-testid='stForm'] input[type='text']").first
        if box.count():
            box.click()
            page.keyboard.type("x")  # "Press Enter to submit form"
            page.wait_for_timeout(500)
    elif path == "/":
        page.locator("[data-testid='stSelectbox'] input").first.click()
        page.keyboard.type("zzzz")  # a filter nothing matches: "No results"
        page.wait_for_timeout(500)
    elif path == "/sources":
        container = page.locator("[data-testid='stElementContainer']:has([data-testid='stDataFrame'])").nth(1)
        container.hover()
        page.wait_for_timeout(500)
        button = container.locator("[data-testid='stElementToolbar'] button").first
        button.scroll_into_view_if_needed()
        container.hover()
        page.wait_for_timeout(300)
        box = button.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the toolbar's tooltip
        page.locator("[data-testid='stTooltipContent']").first.wait_for(timeout=10_000)
    page.keyboard.press("Home")


def test_the_chinese_ui_shows_no_english_of_streamlits_own(page, app_url, screenshots):
    from tests.e2e.axe_audit import nav_pages

    pages = nav_pages(page, app_url)
    assert len(pages) >= 10
    found = {}
    for _title, path in pages:
        page.goto(f"{app_url}{path}?lang=zh")
        settle(page)
        page.keyboard.press("Tab")  # the skip link shows on the first Tab
        texts = page.evaluate(SCAN_JS, STREAMLIT_TEXT)
        _interact(page, path)
        page.wait_for_timeout(300)
        texts += page.evaluate(SCAN_JS, STREAMLIT_TEXT)
        english = _english(texts)
        if english:
            found[path] = sorted(english)
    assert not found, found


def test_streamlits_words_come_back_in_english(page, app_url):
    page.goto(f"{app_url}/workshop?lang=zh")
    settle(page)
    assert DATA.text["stw_upload"]["zh"] in page.locator("[data-testid='stFileUploaderDropzone']").inner_text()
    page.locator("[data-testid='stSidebar'] button", has_text="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=30_000)
    settle(page)
    dropzone = page.locator("[data-testid='stFileUploaderDropzone']").inner_text()
    assert "Upload" in dropzone and DATA.text["stw_upload"]["zh"] not in dropzone
    assert page.locator("[data-testid='stSidebarCollapseButton'] button, [data-testid='stSidebarHeader'] button").first \
        .get_attribute("aria-label") in ("Collapse sidebar", None)
