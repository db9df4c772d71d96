"""The simulator's charts and scorecard in a real Chromium (ui/simulator/outcomes.py, huadu_components/outcomes/):
Vega draws the brief's chart specs; after a lever commit they show the server's figures, while a lever is
dragged they move under the finger and settle on release, they say in words what they draw, fit a phone, no
axis label runs into another in either language, and leaving the page releases what the simulator's
two components hold (listeners, observers, Vega's views)."""

from __future__ import annotations

import time

import pytest

import data
from model import DEMAND_COMPONENTS, Scenario, simulate
from tests.e2e.helpers import (
    LIVE_HOOKS_INIT,
    OUTCOMES_CAUGHT_UP_JS,
    drawn,
    drawn_point,
    live_hooks,
    outcomes_draws,
    panel_sent,
    wait_outcomes_drawn,
    wait_ready,
)
from ui.shared import format as fmt
from ui.shared import views
from ui.shared.i18n import pct, t

pytestmark = pytest.mark.browser
DS = data.load()


def _open(page, app_url: str, lang: str, query: str = "") -> None:
    page.goto(f"{app_url}/?lang={lang}{query}")
    wait_ready(page)
    page.wait_for_function("() => document.querySelectorAll('.oc-chart svg').length === 2", timeout=20_000)
    page.wait_for_function("() => Number(document.querySelector('.oc-host').dataset.draws) > 0", timeout=20_000)


def _at_svg(point: dict) -> bool:
    """Its SVG element is where Vega placed it (the figure on screen, not only in Vega's scenegraph)."""
    return point["svgY"] is not None and abs(point["svgY"] - point["y"]) < 0.01


def _commit(page, lever: str, shown: float) -> None:
    """Set a lever and release it (the panel's change event), then wait for the outcomes of that commit."""
    page.evaluate("""([lever, value]) => {
      const r = document.querySelector(`.lp-lever[data-lever='${lever}'] input[type='range']`);
      r.value = String(value);
      r.dispatchEvent(new Event('input', {bubbles: true}));
      r.dispatchEvent(new Event('change', {bubbles: true}));
    }""", [lever, shown])
    page.wait_for_function(OUTCOMES_CAUGHT_UP_JS, timeout=20_000)


def _scorecard(page) -> dict[str, list[str]]:
    """Target label -> the row's cells as shown."""
    rows = page.evaluate("""() => [...document.querySelectorAll('.oc-table tbody tr')]
        .map(tr => [...tr.children].map(c => c.textContent))""")
    return {r[0]: r for r in rows}


def test_a_commit_redraws_the_charts_and_scorecard_with_the_servers_figures(page, app_url):
    _open(page, app_url, "en")
    _commit(page, "fai_growth", 25.0)
    result = simulate(Scenario(fai_growth=0.25))
    point = drawn_point(page)
    assert point["datum"]["shown"] == pytest.approx(result.gdp_nominal_yi_yuan / 10, abs=0.001) and _at_svg(point)
    fai = _scorecard(page)[DS.targets["fai_growth_2025"].label["en"]]
    assert fai[2] == pct(0.25, signed=True)  # projected: the lever's own value
    gdp = _scorecard(page)[DS.targets["gdp_real_growth_2025"].label["en"]]
    assert gdp[2] == pct(float(result.gdp_real_growth), signed=True)
    assert gdp[4] == fmt.target_status("gdp_real_growth_2025", result.targets["gdp_real_growth_2025"], "en")
    bars = [b for b in drawn(page, "contrib") if b["mark"] == "rect"]
    assert len(bars) == 2 * len(result.contributions)
    assert [b["datum"]["pp"] for b in bars[len(result.contributions):]] == pytest.approx(
        [round(float(result.contributions[k]), 3) for k in DEMAND_COMPONENTS])
    assert "fai_growth=0.25" in page.url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_is_one_image_named_by_its_summary_with_its_numbers_in_a_table(page, app_url, lang):
    _open(page, app_url, lang)
    for chart_id, title_key in (("gdp", "chart_gdp_title"), ("contrib", "chart_contrib_title")):
        figure = page.locator(f".oc-chart[data-chart='{chart_id}']")
        image = figure.locator(".oc-plot")  # Vega's SVG inside: its marks carry no ARIA of their own
        assert image.get_attribute("role") == "img"
        assert image.get_attribute("aria-label").startswith(DS.text[title_key][lang])
        assert not figure.locator("svg [aria-label]").count()  # named once: by the summary
        assert figure.locator("svg").get_attribute("aria-hidden") == "true"  # its marks are not read one by one
        caption = figure.locator("table caption").text_content()
        assert caption == t("a11y_chart_table", lang, title=DS.text[title_key][lang])
        assert figure.locator("table tbody tr").count() >= 4
    assert page.locator(".oc-h2").first.inner_text() == DS.text["scorecard_title"][lang]
    assert page.locator(".oc-explain .oc-h2").inner_text() == DS.text["explain_title"][lang]  # then the change explained
    assert page.locator(".oc-table tbody tr").count() == len(DS.targets)
    region = page.locator(".oc-table-scroll")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")  # a keyboard can scroll it


def _label_boxes(page) -> list[list[dict[str, float]]]:
    """Per chart, the bounding box of each x-axis label (the axis whose labels stand side by side)."""
    return page.evaluate("""() => [...document.querySelectorAll('.oc-chart')].map(fig => {
        const axes = [...fig.querySelectorAll('g.role-axis')].map(axis =>
          [...axis.querySelectorAll('g.role-axis-label text')].map(t => t.getBoundingClientRect())
            .map(b => ({left: b.left, right: b.right, top: b.top, width: b.width})));
        return axes.find(labels => labels.length > 1 && labels[1].left > labels[0].right - 1) || []; })""")


@pytest.mark.parametrize("width", [390, 1024, 1440])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axis_labels_do_not_overlap_and_charts_fit_the_screen(browser, app_url, screenshots, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        _open(page, app_url, lang)
        for labels in _label_boxes(page):
            assert labels
            for left, right in zip(labels, labels[1:], strict=False):
                assert left["right"] <= right["left"] + 1, (lang, width, labels)
        for figure in page.locator(".oc-chart").all():
            box = figure.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
            assert figure.locator("svg").bounding_box()["width"] <= box["width"] + 1
        page.locator(".oc-chart").first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"outcomes_{lang}_{width}.png"))
    finally:
        page.close()


def test_the_scenario_path_of_a_shared_link_is_drawn_at_once(page, app_url):
    _open(page, app_url, "zh", "&retail_growth=0.08&export_growth=0.02")
    result = simulate(Scenario(retail_growth=0.08, export_growth=0.02))
    point = drawn_point(page)
    assert point["datum"]["gdp"] == pytest.approx(round(result.gdp_nominal_yi_yuan, 2), abs=0.001) and _at_svg(point)


INPUT_ONLY = """([lever, value]) => {
  const r = document.querySelector(`.lp-lever[data-lever='${lever}'] input[type='range']`);
  r.value = String(value);
  r.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def test_while_a_lever_moves_the_gdp_path_follows_the_panels_preview(page, app_url):
    """A drag in progress (input events, no release): Vega draws the GDP path's 2025 point where the server
    will put it, marked as a preview, and nothing is sent; the release brings the exact figures."""
    _open(page, app_url, "en")
    sent = panel_sent(page)
    figure = page.locator(".oc-chart[data-chart='gdp']")
    for shown in (5.0, 18.3, 18.4, 30.0, 29.9, -7.5):
        draws = outcomes_draws(page)
        page.evaluate(INPUT_ONLY, ["fai_growth", shown])
        wait_outcomes_drawn(page, draws)
        expected = simulate(Scenario(fai_growth=fmt.from_display("fai_growth", shown))).gdp_nominal_yi_yuan
        point = drawn_point(page)
        assert point["datum"]["gdp"] == pytest.approx(round(expected, 2), abs=1e-6), shown
        assert point["datum"]["shown"] == pytest.approx(round(expected, 2) / 10, abs=1e-6), shown
        assert _at_svg(point), point
        assert "oc-preview" in figure.get_attribute("class")
    assert panel_sent(page) == sent  # the preview sends nothing
    page.evaluate("""() => document.querySelector(".lp-lever[data-lever='fai_growth'] input[type='range']")
                      .dispatchEvent(new Event('change', {bubbles: true}))""")
    page.wait_for_function(OUTCOMES_CAUGHT_UP_JS, timeout=20_000)
    exact = simulate(Scenario(fai_growth=-0.075)).gdp_nominal_yi_yuan
    assert drawn_point(page)["datum"]["gdp"] == pytest.approx(round(exact, 2), abs=1e-6)
    assert "oc-preview" not in figure.get_attribute("class")


def _live_when(page, settled, timeout_s: float = 15.0) -> dict:
    """The components' live hooks once `settled(hooks)` holds (Streamlit runs a cleanup a moment after
    the unmount), else the last ones seen, for the assertion that follows to show."""
    deadline = time.time() + timeout_s
    hooks = live_hooks(page)
    while not settled(hooks) and time.time() < deadline:
        time.sleep(0.1)
        hooks = live_hooks(page)
    return hooks


def test_leaving_the_simulator_releases_the_components_listeners_and_observers(browser, app_url):
    """Five round trips simulator -> analysis -> simulator: every listener the lever panel and the
    outcomes added (on document, window or their own elements) and every observer they started is
    released when the page unmounts them, so the simulator holds the same after the trips as on first
    load: one `huadu-preview` listener and one ResizeObserver (each mount used to add one more of
    each: 6 after 5 trips). The preview still reaches the charts from the last mount."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.add_init_script(LIVE_HOOKS_INIT)  # test-only: counts what the components keep alive
    nav = page.locator("[data-testid='stSidebarNavLink']")
    mounted = "() => document.querySelectorAll('.oc-chart svg').length === 2 && !!document.querySelector('.lp-card')"
    try:
        _open(page, app_url, "en")
        page.wait_for_function(mounted, timeout=20_000)
        first = _live_when(page, lambda h: h["preview"] == 1 and h["observers"])
        assert first["preview"] == 1, first
        assert first["global"] == ["huadu_components.outcomes huadu-preview"], first
        assert first["observers"] == ["huadu_components.outcomes ResizeObserver"], first
        assert first["elements"] > 0, first  # the panel's levers listen (the count below proves they are released)
        for trip in range(5):
            nav.filter(has_text=DS.text["nav_analysis"]["en"]).click()
            page.wait_for_function("() => !document.querySelector('.oc-host, .lp-host')", timeout=30_000)
            away = _live_when(page, lambda h: not (h["preview"] or h["global"] or h["elements"] or h["observers"]))
            assert away == {"preview": 0, "global": [], "elements": 0, "observers": []}, (trip, away)
            nav.filter(has_text=DS.text["nav_simulator"]["en"]).click()
            page.wait_for_function(mounted, timeout=30_000)
        after = _live_when(page, lambda h: h == first)
        assert after == first, (first, after)  # no growth: as many as one mount holds
        # the one listener left is the live mount's: a lever's input still moves the GDP path's point
        page.evaluate(INPUT_ONLY, ["fai_growth", 25.0])
        assert "oc-preview" in page.locator(".oc-chart[data-chart='gdp']").get_attribute("class")
    finally:
        context.close()


def _contrib_2025(page) -> list[float]:
    return [b["datum"]["pp"] for b in drawn(page, "contrib") if b["mark"] == "rect"][-len(DEMAND_COMPONENTS):]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_drag_moves_the_scorecard_and_the_demand_pulls_under_the_finger(page, app_url, lang):
    """A real mouse drag of the FAI lever (no release yet): at every input event the scorecard's rows and the
    2025 demand pulls already show what the server will show for that slider position, marked as a preview
    (the cards' dashed edge) on both charts and the scorecard; nothing is sent. On release the mark goes and
    the figures are the server's for the released value (issue 22, item 2)."""
    _open(page, app_url, lang)
    page.evaluate("""() => {
      const slider = document.querySelector(".lp-lever[data-lever='fai_growth'] input[type='range']");
      const cells = () => [...document.querySelectorAll('.oc-table tbody tr')].slice(0, 6)
        .map(tr => [...tr.children].slice(2, 5).map(c => c.textContent));
      // the bars' SVG paths as Vega last drew them (it draws each input's figures a moment after the input)
      const bars = () => [...document.querySelectorAll(".oc-chart[data-chart='contrib'] g.mark-rect path")]
        .map(r => r.getAttribute('d')).join(' ');
      const marked = () => [...document.querySelectorAll('.oc-chart, .oc-table-scroll')].every(e => e.classList.contains('oc-preview'));
      const w = window.__drag = {seen: []};
      document.addEventListener('input', () => w.seen.push([Number(slider.value), cells(), bars(), marked()]));
    }""")
    before = _scorecard(page)
    sent = panel_sent(page)
    box = page.locator(".lp-lever[data-lever='fai_growth'] input[type='range']").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=20)
    seen = page.evaluate("() => window.__drag.seen")
    assert panel_sent(page) == sent  # nothing sent while dragging
    assert len(seen) >= 10
    targets = [tg for tg in DS.targets.values() if tg.projected]
    for position, cells, _bars, marked in seen:
        result = simulate(Scenario(fai_growth=fmt.from_display("fai_growth", position)))
        expected = [[row[DS.text[c][lang]] for c in ("col_projected", "col_gap", "col_status")]
                    for row in views.scorecard_rows(result, lang)[: len(targets)]]
        assert cells == expected, position
        assert marked, position
    assert len({bars for _, _, bars, _ in seen}) >= len(seen) // 2  # the bars moved with the finger
    assert _scorecard(page) != before  # the rows moved with the finger
    # still held: once Vega has drawn the last input, the 2025 pulls drawn are the server's for that position
    page.wait_for_function("() => document.querySelector('.oc-host').dataset.preview === 'true'", timeout=20_000)
    page.wait_for_timeout(200)
    held = simulate(Scenario(fai_growth=fmt.from_display("fai_growth", seen[-1][0])))
    pulls = [b for b in drawn(page, "contrib") if b["mark"] == "rect"][-len(DEMAND_COMPONENTS):]
    assert [b["datum"]["pp"] for b in pulls] == pytest.approx([round(float(held.contributions[k]), 3) for k in DEMAND_COMPONENTS])
    assert all(_at_svg(b) for b in pulls), pulls
    page.mouse.up()
    page.wait_for_function(OUTCOMES_CAUGHT_UP_JS, timeout=20_000)
    assert not page.locator(".oc-preview").count()  # the preview mark has gone
    released = simulate(Scenario(fai_growth=fmt.from_display("fai_growth", seen[-1][0])))
    gdp = _scorecard(page)[DS.targets["gdp_real_growth_2025"].label[lang]]
    assert gdp[2] == pct(float(released.gdp_real_growth), signed=True)
    assert _contrib_2025(page) == pytest.approx([round(float(released.contributions[k]), 3) for k in DEMAND_COMPONENTS])
