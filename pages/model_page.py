"""The model: its equations with a short explanation each, the 2024 calibration, and what it cannot say."""

import streamlit as st

from ui import analysis_views as av
from ui import compute, frame, state, views
from ui.i18n import pct, pp, t

lang = frame.start()
result = compute.run(state.scenario(), state.targets_key())

st.title(t("mdl_title", lang))
st.caption(t("mdl_subtitle", lang))
views.url_notices(lang)

st.header(t("mdl_equations_title", lang))
for column, (key, latex) in av.grid(av.EQUATIONS, 2):
    with column, st.container(border=True):
        st.markdown(t(f"eq_{key}_title", lang))
        st.latex(latex)
        st.caption(t(f"eq_{key}_text", lang))

st.header(t("mdl_calibration_title", lang))
residual_col, growth_col = st.columns(2)
residual_col.metric(t("mdl_residual", lang), pp(float(result.calibration.residual_pp_2024), lang),
                    help=t("mdl_residual_help", lang), border=True)
growth_col.metric(t("mdl_replay_growth", lang), pct(av.replay_real_growth(result)),
                  help=t("mdl_replay_growth_help", lang), border=True)
st.caption(t("mdl_calibration_note", lang))
st.dataframe(av.levels_frame(result, lang), hide_index=True, width="stretch")

st.header(t("mdl_limits_title", lang))
st.markdown(t("mdl_limits", lang))

frame.finish()
