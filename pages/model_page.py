"""The model: both sides of the 2025 projection, its equations, the 2024 calibration, and what it cannot say."""

import streamlit as st

from ui.analysis import model_views
from ui.session import compute, frame, state
from ui.shared import views
from ui.shared.i18n import pct, pp, t

lang = frame.start()
result = compute.run(state.scenario(), state.targets_key())

st.title(t("mdl_title", lang))
st.caption(t("mdl_subtitle_sides", lang))
views.url_notices(lang)

st.header(t("mdl_sides_title", lang))
model_views.sides(result, lang)
st.header(t("mdl_sectors_title", lang))
model_views.sectors(result, lang)

st.header(t("mdl_equations_title", lang))
for column, (key, latex) in model_views.grid(model_views.EQUATIONS, 2):
    with column, st.container(border=True):
        st.markdown(t(f"eq_{key}_title", lang))
        st.latex(latex)
        st.caption(t(f"eq_{key}_text", lang))

st.header(t("mdl_calibration_title", lang))
model_views.production_replay(result, float(state.scenario().replay_carry), lang)
st.caption(t("mdl_production_replay_note", lang))
model_views.sector_replay(result, float(state.scenario().construction_share_of_gdp), lang)
residual_col, growth_col = st.columns(2)
residual_col.metric(t("mdl_residual", lang), pp(float(result.calibration.residual_pp_2024), lang),
                    help=t("mdl_residual_help", lang), border=True)
growth_col.metric(t("mdl_replay_growth", lang), pct(model_views.replay_real_growth(result)),
                  help=t("mdl_replay_growth_help", lang), border=True)
st.caption(t("mdl_calibration_note", lang))
st.dataframe(model_views.levels_frame(result, lang), hide_index=True, width="stretch")

st.header(t("mdl_limits_title", lang))
st.markdown(t("mdl_limits_sides", lang))

frame.finish()
