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
    # the link whose label is exactly the title ("Workshop", not "Workshop guide")
    page.locator("[data-testid='stSidebarNavLink']").filter(has=page.get_by_text(nav_title, exact=True)).click()
    return context, page


def enter_text(page: Page, label: str, text: str) -> None:
    """Type into the text input with this label and press Enter."""
    box = page.locator(f"input[aria-label='{label}']")
    box.fill(text)
    box.press("Enter")


# ------------------------------------------------------------------ the simulator's components, read from the DOM

# The lever panel and the outcomes say where they are as data-* attributes on their own hosts
# (huadu_components/lever_panel/, huadu_components/outcomes/; no globals): data-seq is the commit the
# figures they show include, data-sent the last commit the panel sent.
PANEL_SETTLED_JS = """() => { const h = document.querySelector('.lp-host');
  return !!h && Number(h.dataset.seq) >= Number(h.dataset.sent) && !document.querySelector('.lp-pending'); }"""
OUTCOMES_CAUGHT_UP_JS = """() => { const p = document.querySelector('.lp-host'), o = document.querySelector('.oc-host');
  return !!p && !!o && Number(p.dataset.sent) > 0 && Number(o.dataset.seq) >= Number(p.dataset.sent)
    && o.dataset.preview !== 'true'; }"""


def panel_sent(page: Page) -> int:
    """The last commit the lever panel sent (its seq; what it had at load if it sent none)."""
    return page.evaluate("() => Number(document.querySelector('.lp-host').dataset.sent)")


# Test-only, injected by a test with page.add_init_script before the app loads (never shipped):
# counts what the app's custom components keep alive (Streamlit serves each one's script as a file,
# /_stcore/bidi-components/huadu_components.<name>/<file>.js, so a stack frame names it): event
# listeners not removed (by removeEventListener or their AbortSignal) on document and window, on
# anything else, the `huadu-preview` listeners whoever added them, and observers still observing something.
LIVE_HOOKS_INIT = r"""(() => {
  const OURS = /bidi-components\/(huadu_components\.[A-Za-z0-9_]+)\//;
  const origin = () => { const m = OURS.exec(new Error().stack || ''); return m ? m[1] : null; };
  const listeners = [];  // {target, type, listener, capture, origin}
  const find = (t, type, fn, capture) =>
    listeners.findIndex(e => e.target === t && e.type === type && e.listener === fn && e.capture === capture);
  const capture = (o) => typeof o === 'boolean' ? o : !!(o && o.capture);
  const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    const from = origin(), signal = options && typeof options === 'object' ? options.signal : undefined;
    if (fn && (from || type === 'huadu-preview') && !(signal && signal.aborted) && find(this, type, fn, capture(options)) < 0) {
      const entry = {target: this, type, listener: fn, capture: capture(options), origin: from || '?'};
      listeners.push(entry);
      if (signal) add.call(signal, 'abort', () => { const i = listeners.indexOf(entry); if (i >= 0) listeners.splice(i, 1); });
    }
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    const i = find(this, type, fn, capture(options));
    if (i >= 0) listeners.splice(i, 1);
    return remove.call(this, type, fn, options);
  };
  const observers = new Map();  // observer -> {origin, targets}
  for (const name of ['ResizeObserver', 'MutationObserver', 'IntersectionObserver']) {
    const Base = window[name];
    window[name] = class extends Base {
      constructor(...args) {
        super(...args);
        const from = origin();
        if (from) observers.set(this, {kind: name, origin: from, targets: new Set()});
      }
      observe(target, ...rest) { observers.get(this)?.targets.add(target); return super.observe(target, ...rest); }
      unobserve(target) { observers.get(this)?.targets.delete(target); return super.unobserve(target); }
      disconnect() { observers.get(this)?.targets.clear(); return super.disconnect(); }
    };
  }
  const global = (t) => t === document || t === window;
  window.__liveHooks = () => ({
    preview: listeners.filter(e => e.type === 'huadu-preview' && e.target === document).length,
    global: listeners.filter(e => global(e.target)).map(e => `${e.origin} ${e.type}`).sort(),
    elements: listeners.filter(e => !global(e.target)).length,
    observers: [...observers.values()].filter(o => o.targets.size).map(o => `${o.origin} ${o.kind}`).sort(),
  });
})();"""


def live_hooks(page: Page) -> dict:
    """What the components keep alive now (needs LIVE_HOOKS_INIT added before the page loaded)."""
    return page.evaluate("() => window.__liveHooks()")


# What Vega drew in one of the outcomes' charts (huadu_components/outcomes/: each figure's view is on its
# element as huaduView): every bar or point with its row, its place, and the place its SVG element shows
# (a symbol's translate, a bar's path start), so a test sees the figure as drawn, not as given.
DRAWN_JS = """(chartId) => {
  const view = document.querySelector(`.oc-chart[data-chart='${chartId}']`).huaduView, out = [];
  const walk = (node) => { for (const child of node.items || []) {
    if (child.marktype && ['symbol', 'rect'].includes(child.marktype) && child.role === 'mark') {
      for (const it of child.items) {
        const el = it._svg, d = el ? (el.getAttribute('transform') || el.getAttribute('d') || '') : '';
        const m = /(?:translate\\(|M)\\s*(-?[\\d.]+)[ ,](-?[\\d.]+)/.exec(d);
        out.push({mark: child.marktype, datum: {...it.datum}, x: it.x, y: it.y, svgY: m ? Number(m[2]) : null});
      }
    }
    walk(child);
  } };
  walk(view.scenegraph().root);
  return out;
}"""


def drawn(page: Page, chart_id: str) -> list[dict]:
    return page.evaluate(DRAWN_JS, chart_id)


def drawn_point(page: Page, key: str = "scenario", year: int = 2025) -> dict:
    """The GDP path's point of this series and year, as drawn (its row's gdp in 亿元, `shown` as on the axis)."""
    return next(p for p in drawn(page, "gdp") if p["mark"] == "symbol" and p["datum"]["key"] == key
                and p["datum"]["year"] == year)


def outcomes_draws(page: Page) -> int:
    return page.evaluate("() => Number(document.querySelector('.oc-host').dataset.draws || 0)")


def wait_outcomes_drawn(page: Page, after: int) -> None:
    """Until Vega has drawn a draw later than `after` (the host's data-draws, set once the views have run)."""
    page.wait_for_function("(n) => Number(document.querySelector('.oc-host').dataset.draws) > n", arg=after,
                           timeout=20_000)
