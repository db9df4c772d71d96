"""The opened scenario's screen (ui/workshop/board_open.py): full screen, read-only, large enough for a projector.

First screen, top to bottom: "back to the board", the group and its scenario, three figures (GDP growth with the
model's status, the chance of meeting the GDP target, the 90% range; the board's own draws), the settings that
differ from the default (assumptions flagged) beside the group's note; then the GDP path and the demand pulls.
The groups' text is escaped (html.escape): shown as text, never markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from model import DEMAND_COMPONENTS, MonteCarloResult, Result, likelihood_phrase
from model.uncertainty import gdp_target_id
from store import ScenarioStore
from ui.session import compute, state
from ui.session.dataset import dataset
from ui.shared import a11y, chart_words, charts
from ui.shared.i18n import pct, t
from ui.workshop import board_open, board_present, library
from ui.workshop.board_content import BoardRow, board_rows, board_uncertainty, change_items, status_words
from ui.workshop.listing import beijing_time

VIEW_CLASS = "board-open"
_CSS = """
.%(view)s { font-size: clamp(1.05rem, 1.2vw, 1.6rem); line-height: 1.4; }
.%(view)s h1 { font-size: clamp(1.6rem, 2.2vw, 2.6rem); margin: 0 0 0.2em; padding: 0; }
.%(view)s h2 { font-size: 1em; font-weight: 700; margin: 0.2em 0; padding: 0; }
.%(view)s ul { margin: 0 0 0.4em 1.2em; padding: 0; }
.%(view)s blockquote { margin: 0; padding: 0.2em 0.6em; border-left: 4px solid rgba(49, 51, 63, 0.3); }
.%(view)s li, .%(view)s p, .%(view)s blockquote { font-size: inherit; }
.st-key-board_open_figures [data-testid="stMetricValue"] { font-size: clamp(1.8rem, 2.6vw, 3.2rem); }
.st-key-board_open_figures [data-testid="stMetricLabel"] p,
.st-key-board_open_figures [data-testid="stMetricDelta"] { font-size: clamp(1rem, 1.1vw, 1.4rem); }
.st-key-board_open_bar [data-testid="stCaptionContainer"] p { font-size: clamp(0.9rem, 1vw, 1.2rem); }
"""


def figures(row: BoardRow, mc: MonteCarloResult, lang: str) -> list[tuple[str, str, str | None]]:
    """(label, value, words under it) of the three figures: GDP growth and its status, the chance of meeting
    the GDP target and how likely that is in words, the 90% range of GDP growth."""
    low, high = mc.quantiles["gdp_real_growth"][0], mc.quantiles["gdp_real_growth"][-1]
    return [
        (t("board_col_gdp", lang), pct(row.gdp_growth), status_words(row.gdp_status, lang)),
        (t("board_col_chance", lang), pct(row.chance, 0), t(f"likely_{likelihood_phrase(row.chance)}", lang)),
        (t("ana_range_growth", lang), t("ana_range_value", lang, low=pct(low), high=pct(high)), None),
    ]


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def heading_html(row: BoardRow, lang: str) -> str:
    title = f"{row.group} · {row.name}" if row.group else row.name
    saved = t("board_open_saved", lang, time=beijing_time(row.created_at))
    return f'<div class="{VIEW_CLASS}"><h1>{_escaped(title)}</h1><p>{html.escape(saved)}</p></div>'


def changes_html(changes: Sequence[tuple[str, float]], lang: str) -> str:
    items = change_items(changes, lang)
    listed = ("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>" if items
              else f"<p>{html.escape(t('board_no_changes', lang))}</p>")
    return f'<div class="{VIEW_CLASS}"><h2>{html.escape(t("board_col_changes", lang))}</h2>{listed}</div>'


def note_html(note: str, lang: str) -> str:
    body = f"<blockquote>{_escaped(note.strip())}</blockquote>" if note.strip() else \
        f"<p>{html.escape(t('board_open_no_note', lang))}</p>"
    return f'<div class="{VIEW_CLASS}"><h2>{html.escape(t("board_col_note", lang))}</h2>{body}</div>'


def _charts(result: Result, base: Result, lang: str) -> None:
    """The GDP path and the demand pulls, as the brief draws them (ui/shared/charts.py's specs)."""
    names = charts.gdp_series_names(lang)
    target_gdp = dataset().value("gdp_2024") * (1 + result.targets[gdp_target_id()].target) * (1 + float(result.gdp_deflator))
    rows = charts.gdp_path_rows(dataset().history, float(result.gdp_nominal_yi_yuan), float(base.gdp_nominal_yi_yuan),
                                target_gdp, names)
    gdp_title = t("chart_gdp_title", lang)
    gdp = charts.gdp_chart(rows, lang)
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    periods = {t("period_2024", lang): result.contributions_2024, t("period_2025", lang): result.contributions}
    pulls = charts.contribution_rows(periods, components)
    pulls_title = t("chart_contrib_title", lang)
    pull_spec = charts.contributions_chart(pulls, list(periods), list(components.values()), lang)
    left, right = st.columns(2)
    with left:
        a11y.chart(gdp, key="board_open_gdp", lang=lang, summary=chart_words.gdp_summary(rows, gdp_title, lang))
    with right:
        a11y.chart(pull_spec, key="board_open_pulls", lang=lang,
                   summary=chart_words.contributions_summary(pulls, pulls_title, lang))


def view(lib: ScenarioStore | None, code: str, scenario_id: int, lang: str) -> None:
    """The opened scenario, full screen (no header, no sidebar, as the presenter view), in either view."""
    board_present.style()
    st.html("<style>" + _CSS % {"view": VIEW_CLASS} + "</style>")
    with st.container(key="board_open_bar"):
        back_column, note_column = st.columns([1, 3], vertical_alignment="center")
        back_column.button(t("board_open_back", lang), key="w_board_open_back", on_click=board_open.close,
                           icon=":material/arrow_back:", type="primary")
        note_column.caption(t("board_open_read_only", lang, code=code))
    saved, fault = board_open.find_saved(lib, code, scenario_id)
    if saved is None:
        if fault:
            library.show_fault(f"board_{fault}", lang)
        else:
            st.info(t("board_open_gone", lang))
        return
    targets_key = state.targets_key()  # read against the facilitator's targets, as the board is
    row = board_rows([saved], targets_key)[0]
    st.html(heading_html(row, lang))
    with st.container(key="board_open_figures"):
        for column, (label, value, words) in zip(st.columns(3), figures(row, board_uncertainty(saved.scenario(),
                                                                                                targets_key), lang),
                                                 strict=True):
            column.metric(label, value, words, border=True, delta_color="off", delta_arrow="off")
    changes_column, note_column = st.columns(2)
    changes_column.html(changes_html(row.changes, lang))
    note_column.html(note_html(row.note, lang))
    _charts(compute.run(saved.scenario(), targets_key), compute.baseline(targets_key), lang)
