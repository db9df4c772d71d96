"""Accessibility for every page: the page language, focusable scrollable regions, a visible focus
ring, and charts with words (a description on the graphic and its numbers as a table).

frame.start() calls page_setup(lang) once per run. Chart views draw with chart(spec, key=...,
summary=..., table=...) in place of st.vega_lite_chart. docs/accessibility.md says why.
"""

from __future__ import annotations

import copy
import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.shared.i18n import t

HTML_LANG = {"zh": "zh-CN", "en": "en"}
SETUP_KEY = "a11y_setup"  # the hidden container of the setup script (CSS class st-key-a11y_setup)
SR_ONLY = "a11y-sr-only"  # visually hidden, read by screen readers
# Scrollable regions that hold no focusable element of their own: wide equations (st.latex).
# Each gets tabindex=0 so a keyboard user can reach it and scroll it with the arrow keys.
SCROLLABLE = ".katex-display"
_RING_OPTION = "theme.primaryColor"  # the focus ring: 3:1 or more against both backgrounds (tests/test_a11y_theme.py)

_CSS = """
.st-key-%(key)s { display: none; }
.%(sr)s { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
[data-testid="stElementContainer"]:has(> .stHtml > .%(sr)s),
[data-testid="stElementContainer"]:has(> div > .%(sr)s) { position: absolute !important; }
:focus-visible { outline: 2px solid %(ring)s !important; outline-offset: 2px !important; }
%(scrollable)s[tabindex="0"]:focus-visible { outline-offset: -2px !important; }
"""

# Runs in the app's own document (st.html is not iframed). The language is set on every run
# (the script's text changes with it, so Streamlit runs it again); the observer is set up once.
_SCRIPT = """
(() => {
  const root = document.documentElement;
  root.lang = %(lang)s;
  window.__a11yLang = %(lang)s;
  if (window.__a11yObserver) return;
  const mark = () => {
    if (root.lang !== window.__a11yLang) root.lang = window.__a11yLang;
    for (const el of document.querySelectorAll(%(scrollable)s)) {
      if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
    }
  };
  let queued = false;
  window.__a11yObserver = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; mark(); });
  });
  window.__a11yObserver.observe(document.body, {childList: true, subtree: true});
  mark();
})();
"""


def page_setup(lang: str) -> None:
    """The page's language on <html>, focus ring and screen-reader-only style, focusable scrollable regions."""
    css = _CSS % {"key": SETUP_KEY, "sr": SR_ONLY, "ring": st.get_option(_RING_OPTION), "scrollable": SCROLLABLE}
    script = _SCRIPT % {"lang": json.dumps(HTML_LANG[lang]), "scrollable": json.dumps(SCROLLABLE)}
    markup = "<style>" + css + "</style><script>" + script + "</script>"  # no visible text
    with st.container(key=SETUP_KEY):
        st.html(markup, unsafe_allow_javascript=True)


def chart(spec: Mapping[str, Any], *, key: str, lang: str, summary: str, title: str = "",
          table: Sequence[Mapping[str, Any]] | None = None, on_select: str = "ignore",
          height: str | int = "content") -> Any:
    """st.vega_lite_chart with words: the graphic's shapes hidden from screen readers, which read
    `summary` (title and what the chart shows) and, when given, `table` (its numbers) instead.
    on_select="rerun": a chart with a selection parameter; returns its selection event (else None)."""
    event = st.vega_lite_chart(spec=described(spec, summary), width="stretch", height=height, key=key,
                               on_select=on_select)
    chart_alt(title, table, lang, summary)
    return event if on_select != "ignore" else None


def described(spec: Mapping[str, Any], summary: str) -> dict[str, Any]:
    """The Vega-Lite spec with `summary` as its description and Vega's ARIA off for axes, legends
    and marks: left on, each mark is an unnamed graphic to a screen reader (axe: svg-img-alt)."""
    drawn = copy.copy(dict(spec))
    drawn["description"] = summary
    config = dict(spec.get("config", {}))
    config["aria"] = False  # axes and legends
    config["mark"] = {**config.get("mark", {}), "aria": False}  # every mark
    drawn["config"] = config
    return drawn


def chart_alt(title: str, table: Sequence[Mapping[str, Any]] | None, lang: str, summary: str = "") -> None:
    """A chart's numbers for screen readers: a visually hidden table (caption: the chart's title),
    with `summary` before it when the graphic does not carry one. `table`: rows of column -> shown text."""
    parts = [f'<div class="{SR_ONLY}">']
    if summary:
        parts.append(f"<p>{html.escape(summary)}</p>")
    if table:
        columns = list(table[0])
        caption = t("a11y_chart_table", lang, title=title)
        parts.append(f"<table><caption>{html.escape(caption)}</caption><thead><tr>")
        parts += [f'<th scope="col">{html.escape(str(c))}</th>' for c in columns]
        parts.append("</tr></thead><tbody>")
        for row in table:
            cells = [html.escape(str(row.get(c, ""))) for c in columns]
            parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</div>")
    st.html("".join(parts))
