"""Facilitator board: every group's saved scenario of one workshop code, refreshed live, readable on a projector."""

import streamlit as st

from ui import frame
from ui import workshop_views as views
from ui.i18n import t
from ui.views import url_notices

PAGE = "board"
lang = frame.start()

st.title(t("board_title", lang))
st.caption(t("board_subtitle", lang))
url_notices(lang)
code_column, pause_column = st.columns([3, 1], vertical_alignment="bottom")
with code_column:
    code = views.workshop_code_input(PAGE, lang)
with pause_column:
    paused = st.toggle(t("board_pause", lang), key="w_board_pause", help=t("board_pause_help", lang))
views.board(code, lang, paused)

frame.finish()
