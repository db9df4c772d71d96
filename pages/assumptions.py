"""Assumptions: every model coefficient and advanced lever, editable within its range, and the macro targets."""

import streamlit as st

import data
from ui import analysis_views as av
from ui import frame, state, url, views
from ui.i18n import t
from ui.widgets import parameter_input

PAGE = "asm"
DATA = data.load()
lang = frame.start()

st.title(t("asm_title", lang))
st.caption(t("asm_subtitle", lang))
views.url_notices(lang)

st.header(t("asm_params_title", lang))
st.button(t("asm_reset", lang), on_click=state.reset_assumptions, key="w_asm_reset", icon=":material/restart_alt:")
for column, p in av.grid(DATA.params_in("assumption"), 2):
    with column, st.container(border=True):
        parameter_input(PAGE, p.id, lang)
        st.caption(av.param_source_text(p.id, lang))

st.header(t("asm_advanced_title", lang))
st.caption(t("asm_advanced_note", lang))
for column, p in av.grid(DATA.params_in("advanced"), 2):
    with column, st.container(border=True):
        parameter_input(PAGE, p.id, lang)
        st.caption(av.param_source_text(p.id, lang))

st.header(t("asm_targets_title", lang))
st.caption(t("asm_targets_note", lang))
for column, target_id in av.grid(url.EDITABLE_TARGETS, 3):
    with column:
        av.target_input(PAGE, target_id, lang)
st.button(t("asm_targets_reset", lang), on_click=av.reset_targets, args=(PAGE,), key="w_asm_targets_reset",
          icon=":material/restart_alt:")

frame.finish()
