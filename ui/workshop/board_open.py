"""One group's scenario opened from the board: a click on a bar or a row shows it read-only, full screen, with
its figures, what it changed and the group's note; "back to the board" closes it (issue 24's debrief).

Read-only in the strict sense: the view reads the saved row and simulates it (cached); it writes nothing of the
facilitator's own session (levers, assumptions, targets, language, URL), only which scenario is open (OPEN)
and the round of the board's selectable widgets (ROUND: back on the board, its table and chart start with
nothing selected, so the same row can be opened again).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from store import SavedScenario, ScenarioStore
from ui.workshop import library
from ui.workshop.board_content import OPEN_SELECTION, BoardRow

OPEN = "board_open"  # (workshop code, scenario id) of the scenario shown, while one is
ROUND = "board_open_round"  # bumped on every close: the board's table and chart get fresh keys
LAST_GOOD = "board_last_good"  # ui/workshop/board.py: (code, scenarios, total, time) of its last refresh


def _round() -> int:
    return int(st.session_state.get(ROUND, 0))


def table_key() -> str:
    return f"board_table_{_round()}"


def chart_key() -> str:
    return f"board_chart_{_round()}"


def _selection(event: Any) -> Mapping[str, Any]:
    """The `selection` of a widget's event (Streamlit's attribute dict, or a plain dict in AppTest)."""
    try:
        return event["selection"] or {}
    except (KeyError, TypeError):
        return {}


def picked_id(rows: Sequence[BoardRow], table_event: Any = None, chart_event: Any = None) -> int | None:
    """The id of the row a click picked: a table row (by its position in `rows`, the table's order) or a bar
    (by the id its point carries); None when nothing is picked or the pick names no row of this board."""
    ids = [r.id for r in rows]
    for position in _selection(table_event).get("rows") or []:
        if isinstance(position, int) and 0 <= position < len(ids):
            return ids[position]
    points = _selection(chart_event).get(OPEN_SELECTION) or []
    for point in points if isinstance(points, list) else []:
        picked = point.get("id") if isinstance(point, Mapping) else None
        if isinstance(picked, (int, float)) and int(picked) in ids:
            return int(picked)
    return None


def open_picked(code: str, rows: Sequence[BoardRow], table_event: Any = None, chart_event: Any = None) -> None:
    """A pick on the board opens that scenario: the whole page is drawn again (the board lives in a fragment)."""
    picked = picked_id(rows, table_event, chart_event)
    if picked is not None:
        st.session_state[OPEN] = (code, picked)
        st.rerun(scope="app")


def held() -> tuple[str, int] | None:
    """(workshop code, scenario id) of the scenario open on the board, if one is."""
    return st.session_state.get(OPEN)


BOARD_SETTINGS = ("w_board_pause",)  # the board's own switches, kept while it is not drawn


def keep_board_settings() -> None:
    """While a scenario is open the board's widgets are not drawn, and Streamlit forgets an undrawn widget's value:
    held here as plain values, the board's pause is as the facilitator left it when they come back."""
    for key in BOARD_SETTINGS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def close() -> None:
    """Back to the board (a button's callback): nothing open, the board's selections start empty."""
    st.session_state.pop(OPEN, None)
    st.session_state[ROUND] = _round() + 1


def find_saved(lib: ScenarioStore | None, code: str, scenario_id: int) -> tuple[SavedScenario | None, str | None]:
    """(the saved row, None) from the board's last refresh, else from the library; (None, fault key) on trouble,
    (None, None) when it is gone (deleted since)."""
    last = st.session_state.get(LAST_GOOD)
    if last and last[0] == code:
        for saved in last[1]:
            if saved.id == scenario_id:
                return saved, None
    if lib is None:
        return None, None
    from store import ScenarioNotFoundError

    try:
        found, fault = library.attempt("board: opening a scenario", lambda: lib.get(scenario_id, workshop_code=code))
    except ScenarioNotFoundError:
        return None, None
    return found, fault
