"""Redraws per second of every figure while a lever is dragged (issue 22, item 2), in real Chromium.

The simulator's FAI lever is dragged and nothing is released until the end; on the page's own clock it counts
how often each figure changed on screen: the GDP growth card, the scorecard's GDP row (its projected value),
the demand pulls' 2025 investment bar (its height) and the GDP path's 2025 point. Two drags:
  mouse:  Playwright's mouse across the whole slider in 100 steps (Chromium reports them as a hand's moves)
  frames: one input event per animation frame for one second, sweeping the lever's range and back (a
          hand on a 60 Hz screen)
Goal: >= 20 redraws a second of each figure. Then the release: the preview mark must be gone.

    python benchmarks/bench_drag_figures.py [--lang zh]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLIDER = ".lp-lever[data-lever='fai_growth'] input[type='range']"
FIGURES = {  # name -> what on screen shows it (its text or the attribute that moves)
    "GDP card": "() => document.querySelector(\".lp-card[data-card='card_gdp_growth'] .lp-card-value\").textContent",
    "scorecard GDP row": "() => document.querySelector('.oc-table tbody tr').children[2].textContent",
    # Vega's SVG as drawn (it draws an input's figures a moment after the input: each is counted at the next)
    "investment pull 2025": """() => [...document.querySelectorAll(".oc-chart[data-chart='contrib'] g.mark-rect.role-mark path")]
                                     .at(-3).getAttribute('d')""",
    "GDP path 2025": """() => [...document.querySelectorAll(".oc-chart[data-chart='gdp'] g.mark-symbol.role-mark path")]
                              .at(-1).getAttribute('transform')""",
}
WATCH = """(figures) => {
  const read = Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, eval(f)]));
  const w = window.__figures = {first: 0, last: 0, moves: 0, counts: {}, seen: {}};
  for (const k in read) { w.counts[k] = 0; w.seen[k] = read[k](); }
  document.addEventListener('input', () => {  // after the panel's own listener: what the input event drew
    const now = performance.now();
    w.first = w.first || now; w.last = now; w.moves += 1;
    for (const k in read) { const v = read[k](); if (v !== w.seen[k]) { w.seen[k] = v; w.counts[k] += 1; } }
  });
}"""
FRAMES = """(slider) => new Promise(done => {
  const range = document.querySelector(slider), lo = Number(range.min), hi = Number(range.max), start = performance.now();
  const frame = now => {
    if (now - start >= 1000) { done(); return; }
    const x = (now - start) / 1000;
    range.value = String(lo + (hi - lo) * (x < 0.5 ? 2 * x : 2 - 2 * x));
    range.dispatchEvent(new Event('input', {bubbles: true}));
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""


def _rates(page) -> tuple[dict[str, float], float, int]:
    w = page.evaluate("() => window.__figures")
    seconds = max((w["last"] - w["first"]) / 1000, 1e-3)
    return {k: n / seconds for k, n in w["counts"].items()}, seconds, w["moves"]


def measure(url: str, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.e2e.helpers import OUTCOMES_CAUGHT_UP_JS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{url}/?lang={lang}")
        page.wait_for_selector(".oc-chart svg", timeout=60_000)
        page.wait_for_timeout(1500)
        page.evaluate(WATCH, FIGURES)
        box = page.locator(SLIDER).bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 4, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] - 4, y, steps=100)
        rates, seconds, moves = _rates(page)
        marked = page.locator(".oc-preview").count()
        print(f"mouse drag ({moves} input events in {seconds:.2f} s, {moves / seconds:.0f}/s), redraws per second: "
              + ", ".join(f"{k} {v:.0f}" for k, v in rates.items()) + f"; preview marks on {marked} outcomes")
        page.mouse.up()
        page.wait_for_function(OUTCOMES_CAUGHT_UP_JS, timeout=20_000)
        print(f"after release: {page.locator('.oc-preview, .lp-pending').count()} preview marks left")
        page.evaluate(WATCH, FIGURES)
        page.evaluate(FRAMES, SLIDER)
        rates, seconds, moves = _rates(page)
        print(f"frame sweep ({moves} input events in {seconds:.2f} s), redraws per second: "
              + ", ".join(f"{k} {v:.0f}" for k, v in rates.items()) + " (goal >= 20 each)")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    args = parser.parse_args()
    from tests.e2e.conftest import free_port, start_app, stop_app

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_app(port, {"HUADU_DATA_DIR": tmp, "HUADU_DATABASE_URL": f"sqlite:///{tmp}/drag.sqlite3"})
        try:
            measure(f"http://127.0.0.1:{port}", args.lang)
        finally:
            stop_app(proc)


if __name__ == "__main__":
    main()
