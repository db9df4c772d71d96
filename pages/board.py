"""Facilitator board: every group's saved scenario of one workshop, refreshed live, readable on a projector."""

import streamlit as st

from ui import frame
from ui.i18n import t
from ui.views import url_notices
from ui.workshop import board, device, join, library

PAGE = "board"
lang = frame.start()

st.title(t("board_title", lang))
st.caption(t("board_subtitle", lang))
url_notices(lang)
lib = library.open_library(lang)
code_column, pause_column = st.columns([3, 1], vertical_alignment="bottom")
with code_column:
    code = join.workshop_box(lib, PAGE, lang, can_start=False)
with pause_column:
    paused = st.toggle(t("board_pause", lang), key="w_board_pause", help=t("board_pause_help", lang))
join.storage_note(lib, lang)
if library.is_facilitator(lib, code):
    # closed by default: on a projector the board itself is the first screen (the QR code is a click away)
    with st.expander(t("board_join_panel", lang), expanded=False, icon=":material/qr_code_2:"):
        join.facilitator_panel(code, lang, join.BOARD_PAGE, with_qr=True)
board.board(lib, code, lang, paused)

device.sync()
frame.finish()
