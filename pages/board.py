"""Facilitator board: every group's saved scenario of one workshop, refreshed live, readable on a projector.

A click on a bar or a row opens that group's scenario read-only, full screen (ui/workshop/board_open.py); the
facilitator's own scenario stays as it was. The presenter view (the toggle, or present=1 in the link:
ui/workshop/board_present.py) shows only what the projector needs: the chart first and the groups' results in
large type, no code box, no join panel, no sidebar.
"""

import streamlit as st

from store import StoreValidationError
from ui.session import frame, state
from ui.session.url import present_query
from ui.shared.i18n import t
from ui.shared.views import url_notices
from ui.workshop import board, board_open, board_open_view, board_present, device, join, library

PAGE = "board"
lang = frame.start()
lib = library.open_library(lang)


def _presented_code() -> str | None:
    """The workshop the presenter view shows: the one this session has joined (none: the view waits for one)."""
    try:
        code, _, _ = library.resolve_workshop(lib)
    except StoreValidationError:
        return None
    return code


opened = board_open.held()
code = _presented_code() if state.presenting() and not opened else None
if opened:  # one group's scenario, read-only and full screen, until "back to the board"
    board_open.keep_board_settings()
    board_open_view.view(lib, *opened, lang)
elif code:  # presenter view: one slim bar, then the board itself
    board_present.style()
    with st.container(key="board_present_bar"):
        name_column, present_column, pause_column = st.columns([3, 2, 2], vertical_alignment="center")
        name_column.caption(t("kit_present_heading", lang, code=code))
        with present_column:
            board_present.toggle(lang)
        with pause_column:
            paused = st.toggle(t("board_pause", lang), key="w_board_pause", help=t("board_pause_help", lang))
    board.board(lib, code, lang, paused, presenting=True)
else:
    st.title(t("board_title", lang))
    st.caption(t("board_subtitle", lang))
    url_notices(lang)
    code_column, present_column, pause_column = st.columns([3, 1, 1], vertical_alignment="bottom")
    with code_column:
        code = join.workshop_box(lib, PAGE, lang, can_start=False)
    with present_column:
        board_present.toggle(lang)
    with pause_column:
        paused = st.toggle(t("board_pause", lang), key="w_board_pause", help=t("board_pause_help", lang))
    if state.presenting() and not code:
        st.info(t("kit_present_needs_code", lang), icon=":material/co_present:")
    join.storage_note(lib, lang)
    if library.is_facilitator(lib, code):
        # closed by default: on a projector the board itself is the first screen (the QR code is a click away)
        with st.expander(t("board_join_panel", lang), expanded=False, icon=":material/qr_code_2:"):
            join.facilitator_panel(code, lang, join.BOARD_PAGE, with_qr=True)
    board.board(lib, code, lang, paused)

device.sync()
frame.finish(present_query(state.presenting()))
