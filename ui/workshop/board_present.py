"""The board's presenter view: only what a projector needs, in large type (issue 24's facilitator kit).

On (the toggle, or present=1 in the board's link), the board drops its page title, code box, join panel
and downloads, hides Streamlit's header and the sidebar, and puts the chart first, in a box as tall as the
screen less the slim bar (CHART_BOX): its bars share that height and its type follows each bar's room, so
the chart and every group's name (twelve and more) are in the first screen at 1280 × 720 with 150% scaling
(853 × 480 CSS pixels) and fill it at 1920 × 1080. A click on a bar opens that group's scenario
(ui/workshop/board_open.py). The table below it is plain HTML in large type that wraps rather than scrolls
sideways (its rows open nothing: the board's own table does); the groups' text in it is escaped (html.escape).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from ui.session import state
from ui.shared.i18n import pct, t
from ui.workshop.board_content import BoardRow, changes_text, status_words

TOGGLE_KEY = "w_board_present"
STYLE_KEY = "board_present_style"
CHART_BOX = "board_present_chart"  # the chart's box: the screen's height less the slim bar (the chart stretches to it)
TABLE_CLASS = "board-present-table"

# While the view is on: no Streamlit header or sidebar (the toggle on the page turns it off), little padding,
# large type in the table. The rules leave with the element when the view is off.
_CSS = """
header[data-testid="stHeader"], section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0.75rem 1.5rem 2rem !important; max-width: 100%% !important; }
.st-key-%(style)s { display: none; }
div:has(> .st-key-%(chart)s), .st-key-%(chart)s { height: max(21rem, 100vh - 4.75rem) !important;
  flex: 0 0 max(21rem, 100vh - 4.75rem) !important; }
.st-key-board_present_bar [data-testid="stWidgetLabel"] p,
.st-key-board_present_bar [data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
.%(table)s { width: 100%%; border-collapse: collapse; font-size: clamp(1.1rem, 1.25vw, 1.6rem); line-height: 1.35; }
.%(table)s th, .%(table)s td { text-align: left; vertical-align: top; padding: 0.35em 0.5em;
  border-bottom: 1px solid rgba(49, 51, 63, 0.2); overflow-wrap: anywhere; }
.%(table)s th { font-weight: 700; }
.%(table)s td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.%(table)s td.group { font-weight: 700; }
"""


def _on_toggle() -> None:
    state.set_presenting(bool(st.session_state.get(TOGGLE_KEY)))


def toggle(lang: str) -> bool:
    """The presenter view's switch, kept in the session (ui.session.state.PRESENTING); returns whether it is on."""
    st.session_state[TOGGLE_KEY] = state.presenting()
    st.toggle(t("kit_present_toggle", lang), key=TOGGLE_KEY, on_change=_on_toggle, help=t("kit_present_help", lang))
    return state.presenting()


def style() -> None:
    """The presenter view's page style (no visible text)."""
    with st.container(key=STYLE_KEY):
        st.html("<style>" + _CSS % {"style": STYLE_KEY, "table": TABLE_CLASS, "chart": CHART_BOX} + "</style>")


def table_html(rows: Sequence[BoardRow], lang: str) -> str:
    """The board's table for a projector: group, scenario, growth, status, chance, changed settings, note.
    Every cell is escaped: the groups' text (and ours) is shown as text."""
    columns = (("ws_col_group", ""), ("ws_col_name", ""), ("board_col_gdp", "num"), ("board_col_status", ""),
               ("board_col_chance", "num"), ("board_col_changes", ""), ("board_col_note", ""))
    head = "".join(f'<th scope="col">{html.escape(t(key, lang))}</th>' for key, _ in columns)
    body = []
    for r in rows:
        name = r.name if r.copies == 1 else t("board_copies", lang, name=r.name, n=r.copies)
        cells = (("group", r.group or r.label), ("", name), ("num", pct(r.gdp_growth)),
                 ("", status_words(r.gdp_status, lang)), ("num", pct(r.chance, 0)),
                 ("", changes_text(r.changes, lang)), ("", r.note))
        body.append("<tr>" + "".join(
            f'<td class="{kind}">{html.escape(text).replace(chr(10), "<br>")}</td>' if kind
            else f"<td>{html.escape(text).replace(chr(10), '<br>')}</td>"
            for kind, text in cells) + "</tr>")
    return (f'<table class="{TABLE_CLASS}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')
