"""Accessibility in a real Chromium: axe-core over every page of the app's navigation in both
languages at 1440 px (no serious or critical violation), the simulator at 390 px while a lever moves and after, the page language on <html>, the theme
drawn as tests/test_a11y_theme.py computes it, and the app used by keyboard alone.

Violations that Streamlit's own markup causes and the app cannot reach are listed, by rule and
selector with the reason, in tests/e2e/axe_audit.py (STREAMLIT_OWNED) and docs/accessibility.md.
"""

from __future__ import annotations

import time

import pytest

import data
from tests import contrast
from tests.e2e.axe_audit import FAILING_IMPACTS, STREAMLIT_OWNED, axe_script, nav_pages, run_axe, settle
from tests.e2e.helpers import current_url, metric_value, wait_for_change, wait_ready
from tests.test_a11y_theme import CAPTION_OPACITY, SELECTED_TINT, THEME
from ui.shared.a11y import HTML_LANG

pytestmark = pytest.mark.browser
TEXT = data.load().text
DATA = data.load()
MAX_TABS = 120  # more Tab presses than any page has stops before its last control


def _en(key: str) -> str:
    return TEXT[key]["en"]


def test_every_page_passes_axe_in_both_languages(page, app_url):
    script = axe_script()
    pages = nav_pages(page, app_url)
    assert pages, "no page found in the navigation"
    failures, seen = [], []
    for _title, path in pages:
        for lang in ("zh", "en"):
            page.goto(f"{app_url}{path}?lang={lang}")
            settle(page)
            assert page.evaluate("() => document.documentElement.lang") == HTML_LANG[lang], (path, lang)
            found = run_axe(page, script)
            seen.append((path, lang))
            failures += [f"{path} [{lang}] {v}" for v in found if v.impact in FAILING_IMPACTS]
    assert len(seen) == 2 * len(pages)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_simulator_passes_axe_on_a_phone_while_a_lever_moves_and_after(browser, app_url, lang):
    """At 390 px: the simulator with the change explained (a link that moves two levers), then while a lever
    is dragged (the cards, charts and scorecard marked as a preview), then after its release."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang={lang}&fai_growth=0.15&export_growth=0.02")
        settle(page)
        page.wait_for_selector(".oc-explain-table", timeout=20_000)
        script = axe_script()
        found = run_axe(page, script)
        page.evaluate("""() => { const r = document.querySelector(".lp-lever[data-lever='retail_growth'] input[type='range']");
                                 r.value = String(Number(r.value) + 2); r.dispatchEvent(new Event('input', {bubbles: true})); }""")
        assert page.locator(".oc-preview").count() >= 3  # both charts and the scorecard show the preview
        found += run_axe(page, script)
        page.evaluate("""() => document.querySelector(".lp-lever[data-lever='retail_growth'] input[type='range']")
                                .dispatchEvent(new Event('change', {bubbles: true}))""")
        page.wait_for_function("() => !document.querySelector('.oc-preview, .lp-pending')", timeout=20_000)
        found += run_axe(page, script)
        failures = [str(v) for v in found if v.impact in FAILING_IMPACTS]
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_the_exclusions_are_named_and_explained():
    """Each Streamlit-owned exclusion names one rule and a selector (never a whole rule) and why."""
    for rule, selector, reason in STREAMLIT_OWNED:
        assert rule and selector.strip() not in ("", "*", "html", "body"), (rule, selector)
        assert len(reason) > 20, rule


def test_captions_and_the_selected_language_are_drawn_as_the_theme_test_computes(page, app_url):
    """Streamlit draws a caption in textColor at 60% and the selected segment in primaryColor on a
    10% tint: read the colours Chromium computed and check them, and their contrast, against that."""
    page.goto(f"{app_url}/?lang=en")
    settle(page)
    # the text's colour, and the opacity it is drawn at (Streamlit sets it on the caption's box)
    caption, opacity = page.evaluate("""() => {
      const p = document.querySelector('[data-testid="stMain"] [data-testid="stCaptionContainer"] p');
      let opacity = 1;
      for (let el = p; el; el = el.parentElement) opacity *= parseFloat(getComputedStyle(el).opacity);
      return [getComputedStyle(p).color, opacity]; }""")
    white = contrast.parse(THEME["backgroundColor"])
    drawn = contrast.over(contrast.parse(caption), white, contrast.alpha(caption) * opacity)
    expected = contrast.over(contrast.parse(THEME["textColor"]), white, CAPTION_OPACITY)
    assert drawn == pytest.approx(expected, abs=2), caption
    assert contrast.ratio(drawn, white) >= contrast.AA_TEXT

    selected = page.evaluate("""() => {
      const b = [...document.querySelectorAll('[data-testid="stSidebar"] button')].find(b => b.innerText.trim() === 'English');
      const text = getComputedStyle(b.querySelector('p') || b).color;
      let el = b, bg = 'rgba(0, 0, 0, 0)';
      const layers = [];
      while (el) { const c = getComputedStyle(el).backgroundColor; if (c !== 'rgba(0, 0, 0, 0)') layers.push(c); el = el.parentElement; }
      return {text, layers}; }""")
    # flatten the backgrounds from the outermost (opaque) inwards
    layers = selected["layers"][::-1]
    bg = contrast.parse(layers[0])
    for layer in layers[1:]:
        bg = contrast.over(contrast.parse(layer), bg, contrast.alpha(layer))
    primary = contrast.parse(THEME["primaryColor"])
    assert contrast.parse(selected["text"]) == pytest.approx(primary, abs=2)
    sidebar = contrast.parse(THEME["secondaryBackgroundColor"])
    assert bg == pytest.approx(contrast.over(primary, sidebar, SELECTED_TINT), abs=3), layers
    assert contrast.ratio(primary, bg) >= contrast.AA_TEXT


# ------------------------------------------------------------------ keyboard alone


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return {tag: el.tagName, role: el.getAttribute('role') || (el.type === 'range' ? 'slider' : null), label: el.getAttribute('aria-label') || '',
          text: (el.innerText || el.value || '').trim().slice(0, 80), visible: ring && el.matches(':focus-visible')};
}"""


def _tab_to(page, matches, backwards: bool = False) -> dict:
    """Press Tab (Shift+Tab backwards) until the focused element matches; it must show its focus."""
    trail = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(_FOCUSED)
        if focused and matches(focused):
            assert focused["visible"], f"focus not visible on {focused}"
            return focused
        trail.append(focused)
    raise AssertionError("never reached by Tab; focus went: " + "\n".join(map(str, trail)))


def _wait_text(page, text: str, timeout_s: float = 20.0) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_s * 1000)


def test_the_simulator_preset_share_link_and_language_work_by_keyboard(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=en")
        wait_ready(page)
        settle(page)
        card = _en("card_gdp_growth")

        # a lever: Tab to the investment slider, arrows move it, the GDP card follows
        lever = DATA.params["fai_growth"].label["en"]
        _tab_to(page, lambda f: f["role"] == "slider" and f["label"] == lever)
        before = metric_value(page, card)
        # 4 pp of investment (40 steps of 0.1 pp) moves GDP about 0.2 pp: enough to show at one decimal
        for _ in range(40):
            page.keyboard.press("ArrowRight")
            time.sleep(0.1)
        after = wait_for_change(page, card, before)
        assert float(after.rstrip("%")) > float(before.rstrip("%"))
        settle(page)

        # a preset: Shift+Tab back to the preset box in the sidebar, open it with the arrow, choose with Enter
        _tab_to(page, lambda f: f["label"].startswith(_en("preset_label")) or f["text"] == _en("preset_placeholder")
                or f["role"] == "combobox", backwards=True)
        before = metric_value(page, card)
        page.keyboard.press("ArrowDown")
        page.locator("[role='option']").first.wait_for(timeout=10_000)
        page.keyboard.press("Enter")
        wait_for_change(page, card, before)
        settle(page)
        preset_id = next(iter(DATA.presets))
        # the chosen preset's description shows under its box (the box's own value is not page text)
        assert DATA.presets[preset_id].description["en"] in page.locator("[data-testid='stSidebar']").inner_text()

        # the share link: Tab to the share button, Enter opens it, the link is the address bar's, Escape closes
        _tab_to(page, lambda f: _en("share_title") in f["text"])
        page.keyboard.press("Enter")
        code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code").first
        code.wait_for(timeout=10_000)
        assert code.inner_text().strip() == current_url(page)
        page.keyboard.press("Escape")
        page.locator("[data-testid='stPopoverBody']").wait_for(state="hidden", timeout=10_000)

        # the language: Shift+Tab back to 中文 in the sidebar, Enter switches the page and <html lang>
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "中文", backwards=True)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
            arg=TEXT["app_title"]["zh"], timeout=15_000,
        )
        page.wait_for_function("() => document.documentElement.lang === 'zh-CN'", timeout=10_000)
    finally:
        context.close()


def test_a_workshop_save_works_by_keyboard(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=en")
        wait_ready(page)
        # to the workshop page through the navigation, by keyboard
        _tab_to(page, lambda f: f["tag"] == "A" and _en("nav_workshop") in f["text"])
        page.keyboard.press("Enter")
        page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
            arg=_en("ws_title"), timeout=15_000,
        )
        settle(page)
        # a workshop is started (its code generated) with the keyboard, as a facilitator does
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and _en("ws_start_button") in f["text"])
        page.keyboard.press("Enter")
        _wait_text(page, _en("ws_list_empty"))
        settle(page)
        _tab_to(page, lambda f: f["label"] == _en("ws_name_label"))
        page.keyboard.type("Keyboard plan")
        _tab_to(page, lambda f: f["label"] == _en("ws_group_label"))
        page.keyboard.type("Team Keys")
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and _en("ws_save_button") in f["text"])
        page.keyboard.press("Enter")
        _wait_text(page, "Saved (no. #")
    finally:
        context.close()
