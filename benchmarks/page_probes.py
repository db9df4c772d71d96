"""What bench_page.py measures in the browser and in AppTest: keypress, drag and release probes, on the page's clock.

`kind` is "app" (the simulator: its lever panel, GDP level card) or "bare" (benchmarks/bare_app.py:
Streamlit sliders and one metric). Each probe installs a small observer in the page and reads
performance.now() stamps back, so Playwright's own round trips are not in the figures.
"""

from __future__ import annotations

import contextlib
import statistics
import time

SLIDER = {"app": ".lp-lever[data-lever='fai_growth'] input[type='range']",
          "bare": "[data-testid='stSlider'] input[type='range']"}
# the app's GDP level card changes with every 0.1 pp step of a lever; the bare app has one metric
CARD = {"app": ".lp-card[data-card='card_gdp_level'] [data-testid='stMetricValue']",
        "bare": "[data-testid='stMetricValue']"}
TRACK = {"app": SLIDER["app"], "bare": "[data-testid='stSlider']"}


@contextlib.contextmanager
def shared_script_cache():
    """Let AppTest keep compiled scripts between runs, as `streamlit run` does (private names:
    if they move, the benchmark says so)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    if not all(hasattr(m, "ScriptCache") for m in (app_test, local_script_runner)):
        raise RuntimeError("this Streamlit keeps ScriptCache elsewhere")
    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


KEY_WATCH = """(card) => {
  const value = () => document.querySelector(card)?.textContent;
  const w = window.__key = {key: 0, drawn: 0, text: value()};
  document.addEventListener('keydown', () => { w.key = performance.now(); w.drawn = 0; }, true);
  new MutationObserver(() => {
    const now = value();
    if (now !== w.text) { w.text = now; if (!w.drawn) w.drawn = performance.now(); }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def keypresses(page, kind: str, presses: int) -> float:
    """Median ms from keydown on the fai lever (bare: slider a) to the card's text changed."""
    page.evaluate(KEY_WATCH, CARD[kind])
    slider = page.locator(SLIDER[kind]).first
    slider.focus()
    times = []
    for i in range(presses):
        slider.press("ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft")
        page.wait_for_function("() => window.__key.drawn > 0", timeout=15_000, polling="raf")
        times.append(page.evaluate("() => window.__key.drawn - window.__key.key"))
        time.sleep(0.4)  # let the server's rerun of this press finish before the next one
    return statistics.median(times)


DRAG_WATCH = """(card) => {
  const w = window.__drag = {redraws: 0, moves: 0, first: 0, last: 0, text: document.querySelector(card).textContent};
  new MutationObserver(() => {
    const now = document.querySelector(card).textContent;
    if (now !== w.text && w.first) { w.text = now; w.redraws += 1; }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
  document.addEventListener('pointermove', () => {
    if (!w.down) return;
    w.moves += 1; w.first = w.first || performance.now(); w.last = performance.now();
  }, true);
  document.addEventListener('pointerdown', () => { w.down = true; }, true);
  document.addEventListener('pointerup', () => { w.down = false; }, true);
}"""

# input events once per animation frame for one second, sweeping the lever's range and back
FRAMES = """([slider, card]) => new Promise(done => {
  const range = document.querySelector(slider), shown = () => document.querySelector(card).textContent;
  let last = shown(), redraws = 0, frames = 0;
  const lo = Number(range.min), hi = Number(range.max), start = performance.now();
  const frame = now => {
    if (now - start >= 1000) { done({redraws, frames}); return; }
    frames += 1;
    const x = (now - start) / 1000;
    range.value = String(lo + (hi - lo) * (x < 0.5 ? 2 * x : 2 - 2 * x));
    range.dispatchEvent(new Event('input', {bubbles: true}));
    if (shown() !== last) { last = shown(); redraws += 1; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""


def drag_rate(page, kind: str) -> dict[str, float]:
    """Card redraws per second during a mouse drag across the slider, and at the frame rate."""
    page.evaluate(DRAG_WATCH, CARD[kind])
    box = page.locator(TRACK[kind]).first.bounding_box()
    y = box["y"] + (box["height"] / 2 if kind == "app" else box["height"] - 12)
    page.mouse.move(box["x"] + 4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 4, y, steps=100)
    drag = page.evaluate("() => window.__drag")
    page.mouse.up()
    time.sleep(2)
    seconds = max((drag["last"] - drag["first"]) / 1000, 1e-3)
    figures = {"drag_redraws": drag["redraws"], "drag_s": seconds, "drag_redraws_per_s": drag["redraws"] / seconds,
               "pointer_moves_per_s": drag["moves"] / seconds}
    if kind == "app":  # the bare app's slider is not a native range input: nothing to dispatch to
        frames = page.evaluate(FRAMES, [SLIDER[kind], CARD[kind]])
        figures |= {"frame_redraws_per_s": frames["redraws"], "frames_per_s": frames["frames"]}
        page.locator(SLIDER[kind]).dispatch_event("change")  # commit where the sweep ended, as a release does
        time.sleep(2)
    else:
        figures |= {"frame_redraws_per_s": 0.0, "frames_per_s": float("nan")}
    return figures


# mouse-up to everything updated: app - the URL rewritten (the page's last act, after charts and
# scorecard) and the cards settled on the server's texts; bare - its metric and its chart redrawn
RELEASE_WATCH = """([kind, card]) => {
  const w = window.__release = {up: 0, done: 0};
  let chartMoved = false;
  new MutationObserver(() => { if (w.up) chartMoved = true; })
    .observe(document.querySelector("[data-testid='stVegaLiteChart'], [data-testid='stArrowVegaLiteChart']") || document.body,
             {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('pointerup', () => {
    const oc = document.querySelector('.oc-host');
    Object.assign(w, {up: performance.now(), done: 0, url: location.href, text: document.querySelector(card).textContent,
                      chart: 0, url_at: 0, panel_at: 0, draws: oc ? +oc.dataset.draws : 0});
    chartMoved = false;
    const check = () => {
      // the components say what they show on their own elements (data-seq, data-sent, data-draws)
      const lp = document.querySelector('.lp-host'), o = document.querySelector('.oc-host'), now = performance.now();
      if (kind === 'app') {  // where the time goes: charts and scorecard redrawn, URL rewritten, panel settled
        const sent = lp ? +lp.dataset.sent : 0;
        if (!w.url_at && location.href !== w.url) w.url_at = now;
        if (!w.panel_at && lp && +lp.dataset.seq >= sent && !document.querySelector('.lp-pending')) w.panel_at = now;
        if (!w.chart && o && +o.dataset.draws > w.draws && +o.dataset.seq >= sent && o.dataset.preview !== 'true') w.chart = now;
      }
      const ok = kind === 'app'
        ? w.url_at && w.panel_at && w.chart
        : document.querySelector(card).textContent !== w.text && chartMoved;
      if (ok) w.done = now; else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
}"""


def releases(page, kind: str, count: int) -> dict[str, float]:
    """Median ms from mouse-up after a short drag to every output of the page updated
    (app: also to its charts and scorecard redrawn with the commit's figures, its URL rewritten and its panel settled)."""
    page.evaluate(RELEASE_WATCH, [kind, CARD[kind]])
    box = page.locator(TRACK[kind]).first.bounding_box()
    y = box["y"] + (box["height"] / 2 if kind == "app" else box["height"] - 12)
    times = []
    for i in range(count):
        start, end = (0.3, 0.6) if i % 2 == 0 else (0.6, 0.3)
        page.mouse.move(box["x"] + start * box["width"], y)
        page.mouse.down()
        page.mouse.move(box["x"] + end * box["width"], y, steps=5)
        page.mouse.up()
        page.wait_for_function("() => window.__release.done > 0", timeout=20_000, polling="raf")
        times.append(page.evaluate("""() => { const w = window.__release;
            return {release: w.done - w.up, release_chart: w.chart ? w.chart - w.up : NaN,
                    release_url: w.url_at ? w.url_at - w.up : NaN, release_panel: w.panel_at ? w.panel_at - w.up : NaN}; }"""))
        time.sleep(0.5)
    return {k: statistics.median(t[k] for t in times) for k in times[0]}
