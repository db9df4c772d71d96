"""Assumptions: every model coefficient and advanced lever, editable within its range, and the macro targets."""

import streamlit as st

from ui.analysis import assumptions as av
from ui.session import frame, state, url
from ui.shared import views
from ui.shared.i18n import t
from ui.shared.layout import grid

PAGE = "asm"
lang = frame.start()

st.title(t("asm_title", lang))
st.caption(t("asm_subtitle", lang))
views.url_notices(lang)

st.header(t("asm_params_title", lang))
st.button(t("asm_reset", lang), on_click=state.reset_assumptions, key="w_asm_reset", icon=":material/restart_alt:")
av.parameter_cards(PAGE, "assumption", lang)

st.header(t("asm_advanced_title", lang))
st.caption(t("asm_advanced_note", lang))
av.parameter_cards(PAGE, "advanced", lang)

st.header(t("asm_targets_title", lang))
st.caption(t("asm_targets_note", lang))
for column, target_id in grid(url.editable_targets(), 3):
    with column:
        av.target_input(PAGE, target_id, lang)
st.button(t("asm_targets_reset", lang), on_click=av.reset_targets, args=(PAGE,), key="w_asm_targets_reset",
          icon=":material/restart_alt:")

frame.finish()
