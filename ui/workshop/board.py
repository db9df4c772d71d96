"""The facilitator board's live part: refreshed every few seconds, honest about what it shows and since when."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from model.uncertainty import gdp_target_id
from store import ScenarioStore
from ui.session import state
from ui.session.dataset import dataset
from ui.shared import a11y, chart_words
from ui.shared.i18n import pct, t
from ui.workshop import board_open, board_present, library
from ui.workshop.board_content import (
    BOARD_DRAWS,
    board_chart,
    board_csv,
    board_frame,
    board_median,
    board_rows,
    status_counts,
    status_words,
)
from ui.workshop.board_summary import summary_markdown
from ui.workshop.listing import BEIJING

BOARD_REFRESH_SECONDS = 5
BOARD_LIMIT = 500  # the newest this many scenarios are drawn; the board says when there are more
LAST_GOOD = "board_last_good"  # (code, scenarios, total, time) of the last refresh that worked
FAILING_SINCE = "board_failing_since"


def board(lib: ScenarioStore | None, code: str | None, lang: str, paused: bool, presenting: bool = False) -> None:
    """The live part of the board: re-runs alone every BOARD_REFRESH_SECONDS unless paused.
    presenting: the presenter view (ui/workshop/board_present.py): chart first, large type, no downloads."""

    @st.fragment(run_every=None if paused else BOARD_REFRESH_SECONDS)
    def live() -> None:
        _board_body(lib, code, lang, paused, presenting)
        state.end_run()  # each refresh is an action of its own: one bounded wait, its own messages

    live()


def _now() -> str:
    return datetime.now(UTC).astimezone(BEIJING).strftime("%H:%M:%S")


def _fetch(lib: ScenarioStore, code: str, paused: bool) -> tuple[list, int, str | None]:
    """(newest scenarios, how many there are, fault key): both from the library, or the last good ones.

    Paused, the board keeps what it showed (any rerun of the page included) until it is resumed.
    """
    last = st.session_state.get(LAST_GOOD)
    if paused and last and last[0] == code:
        return last[1], last[2], None
    saved, fault = library.attempt("board: listing scenarios", lambda: lib.list(code, limit=BOARD_LIMIT))
    total = None
    if not fault:
        total, fault = library.attempt("board: counting scenarios", lambda: lib.count(code))
    ss = st.session_state
    if not fault:
        ss[LAST_GOOD] = (code, saved, total, _now())
        ss.pop(FAILING_SINCE, None)
        return saved, total, None
    ss.setdefault(FAILING_SINCE, _now())
    if last and last[0] == code:
        return last[1], last[2], fault
    return [], 0, fault


def _metrics(rows: list, saved: list, median: float, target: float, lang: str) -> None:
    """The board's three numbers: distinct scenarios, the groups' median, how many reach the GDP target."""
    counts = status_counts(rows)  # the model's status of each distinct scenario: the card's rule, not a plain >=
    a, b, c = st.columns(3)
    a.metric(t("board_groups", lang), str(len(rows)), border=True,
             help=t("board_groups_help", lang, saved=f"{len(saved):,}") if len(saved) > len(rows) else None)
    b.metric(t("board_median", lang), pct(median), border=True)
    about = t("board_about_count", lang, n=counts["about_met"], status=status_words("about_met", lang))
    c.metric(t("board_reaching", lang, target=pct(target)), f"{counts['met']}/{len(rows)}", border=True,
             delta=about if counts["about_met"] else None, delta_color="off", delta_arrow="off")


def _board_body(lib: ScenarioStore | None, code: str | None, lang: str, paused: bool, presenting: bool) -> None:
    if code is None:
        st.info(t("board_need_code", lang))
        return
    if lib is None:
        return
    saved, total, fault = _fetch(lib, code, paused)
    if paused:
        st.caption(t("board_paused_note", lang), help=t("board_pause_help", lang))
    if fault:  # the last good board stays up, saying since when it is not refreshed
        st.warning(t("board_stale", lang, since=st.session_state[FAILING_SINCE]) + " " + t(f"board_{fault}", lang),
                   icon=":material/sync_problem:")
    shown_time = st.session_state[LAST_GOOD][3] if LAST_GOOD in st.session_state else _now()
    if not saved:
        if not fault:
            st.info(t("board_empty", lang))
            st.caption(t("board_updated", lang, time=shown_time))
        return
    targets_key = state.targets_key()
    rows = board_rows(saved, targets_key)
    median = board_median(rows)
    target = dict(targets_key).get(gdp_target_id(), dataset().targets[gdp_target_id()].value)
    if presenting:  # the chart first, every group's name in the first screen; the numbers and the table below
        with st.container(key=board_present.CHART_BOX, height=400, border=False):  # CSS: the screen less the bar
            picked = a11y.chart(board_chart(rows, median, target, lang, compact=True), key=board_open.chart_key(),
                                lang=lang, summary=chart_words.see_table(t("board_chart_title", lang), lang),
                                on_select="rerun", height="stretch")
        board_open.open_picked(code, rows, chart_event=picked)
        _metrics(rows, saved, median, target, lang)
        if total > len(saved):
            st.info(t("board_newest_of", lang, n=f"{len(saved):,}", total=f"{total:,}"), icon=":material/filter_list:")
        st.html(board_present.table_html(rows, lang))
        st.caption(t("board_updated", lang, time=shown_time) + " " + t("board_chance_note", lang,
                                                                       draws=f"{BOARD_DRAWS:,}"))
        return
    _metrics(rows, saved, median, target, lang)
    if total > len(saved):
        st.info(t("board_newest_of", lang, n=f"{len(saved):,}", total=f"{total:,}"), icon=":material/filter_list:")
    picked_bar = a11y.chart(board_chart(rows, median, target, lang), key=board_open.chart_key(), lang=lang,
                            summary=chart_words.see_table(t("board_chart_title", lang), lang), on_select="rerun")
    st.caption(t("board_open_hint", lang))
    frame = board_frame(rows, lang)
    # the groups' reasoning gets the room to read; the rest stays narrow. A click on a row opens its scenario.
    picked_row = st.dataframe(frame, hide_index=True, width="stretch", row_height=44, key=board_open.table_key(),
                              on_select="rerun", selection_mode="single-row", column_config={
        t("ws_col_group", lang): st.column_config.TextColumn(pinned=True),  # group names never scroll off
        t("board_col_changes", lang): st.column_config.TextColumn(width="large", help=t("board_changes_help", lang)),
        t("board_col_note", lang): st.column_config.TextColumn(width="medium"),
    })
    board_open.open_picked(code, rows, table_event=picked_row, chart_event=picked_bar)
    csv_column, summary_column = st.columns(2)
    csv_column.download_button(t("board_csv_button", lang), board_csv(rows, lang),
                               file_name=f"huadu2025_board_{code}.csv", mime="text/csv", key="w_board_csv",
                               on_click="ignore", icon=":material/table_view:")
    summary = summary_markdown(rows, lang, code, target, datetime.now(UTC), total_saves=len(saved))
    summary_column.download_button(t("kit_summary_button", lang), summary.encode("utf-8"),
                                   file_name=f"huadu2025_workshop_{code}.md", mime="text/markdown",
                                   key="w_board_summary", on_click="ignore", icon=":material/summarize:",
                                   help=t("kit_summary_button_help", lang))
    st.caption(t("board_updated", lang, time=shown_time) + " " + t("board_chance_note", lang, draws=f"{BOARD_DRAWS:,}"))
