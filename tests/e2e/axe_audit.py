"""axe-core in the Playwright browser: the pages to audit (read from the app's own navigation),
one audit per page, and the short list of violations that come from Streamlit's own markup.

axe-core's script comes from the axe-playwright-python package (PyPI, requirements-dev.txt):
injected from the installed file, never fetched from a CDN at run time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

FAILING_IMPACTS = ("serious", "critical")

# What Streamlit's own markup breaks and this app cannot reach (no option, no public hook).
# Excluded by rule AND selector, so the same rule still fails anywhere else on the page.
# Keep docs/accessibility.md's table in step with this one.
STREAMLIT_OWNED: tuple[tuple[str, str, str], ...] = (
    # (rule id, CSS selector of the elements, reason)
)


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str] = field(default_factory=list)  # one CSS selector per failing element

    def __str__(self) -> str:
        shown = "; ".join(self.targets[:4]) + (" ..." if len(self.targets) > 4 else "")
        return f"{self.rule} [{self.impact}] x{len(self.targets)}: {self.help} -> {shown}"


def nav_pages(page: Page, app_url: str) -> list[tuple[str, str]]:
    """(title, address) of every page in the app's sidebar navigation, as app.py lists them."""
    page.goto(f"{app_url}/?lang=en")
    settle(page)  # a fresh server first draws the pages/ folder's file names; app.py's navigation follows
    return [tuple(pair) for pair in page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stSidebarNavLink\"]')]"
        ".map(a => [a.innerText.trim().split('\\n').pop(), new URL(a.href).pathname])"
    )]


def settle(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until the page has a title, Streamlit has stopped running, and charts are drawn."""
    # a fragment, a lazily loaded widget or a chart may still be arriving: wait for two quiet checks in a row
    quiet = 0
    deadline = time.time() + timeout_ms / 1000
    while quiet < 2:
        if time.time() > deadline:
            raise TimeoutError(f"{page.url} did not settle")
        time.sleep(0.5)
        quiet = quiet + 1 if page.evaluate(_SETTLED) else 0


_SETTLED = """() => !!document.querySelector('h1')
  && !document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')
  && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(c => c.querySelector('svg, canvas'))
  && [...document.querySelectorAll('.oc-plot')].every(p => p.querySelector('svg'))"""


def run_axe(page: Page, script: str, excluded: tuple[tuple[str, str, str], ...] = STREAMLIT_OWNED) -> list[Violation]:
    """axe-core's violations on the page as it is now, less the (rule, selector) pairs listed as Streamlit's."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(script)
    raw = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = []
    for v in raw["violations"]:
        kept = []
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if any(rule == v["id"] and page.evaluate(_MATCHES, [node["target"], sel]) for rule, sel, _ in excluded):
                continue
            kept.append(target)
        if kept:
            found.append(Violation(v["id"], v["impact"] or "minor", v["help"], kept))
    return found


# is the element at this axe target (a selector, or a chain through shadow roots / iframes: we use the last)
# inside an element matching `sel`?
_MATCHES = """([target, sel]) => {
  const last = target[target.length - 1];
  const el = Array.isArray(last) ? null : document.querySelector(last);
  return !!(el && el.closest(sel));
}"""
