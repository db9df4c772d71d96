"""Analysis: how likely each target is (Monte Carlo fan), what moves growth most (tornado), what it would take (goal seek)."""

import streamlit as st

from model.uncertainty import gdp_target_id
from ui.analysis import cached, goalseek, sensitivity, uncertainty
from ui.session import compute, frame, state
from ui.session.dataset import dataset
from ui.shared import views
from ui.shared.i18n import pct, t
from ui.shared.widgets import parameter_input

PAGE = "ana"
lang = frame.start()

st.title(t("ana_title", lang))
st.caption(t("ana_subtitle", lang))
views.url_notices(lang)

with st.sidebar:
    st.header(t("levers_title", lang))
    for p in dataset().params_in("lever"):
        parameter_input(PAGE, p.id, lang, side_by_side=False)
    st.button(t("reset_levers", lang), on_click=state.reset_levers, key="w_ana_reset", icon=":material/restart_alt:")

scenario = state.scenario()
targets = state.targets()
# only the open tab runs: goal seek's Monte Carlo bisections cost more than the rest of the page
uncertainty_tab, sensitivity_tab, goal_tab = st.tabs(
    [t("tab_uncertainty", lang), t("tab_sensitivity", lang), t("tab_goal", lang)], key="w_ana_tab", on_change="rerun",
)

with uncertainty_tab:
    if uncertainty_tab.open:
        mc = cached.uncertainty(scenario, state.targets_key())
        uncertainty.uncertainty_metrics(mc, lang)
        uncertainty.fan_chart(mc, targets[gdp_target_id()], lang)
        st.header(t("ana_probabilities_title", lang))
        st.dataframe(uncertainty.probability_frame(mc, compute.run(scenario, state.targets_key()), lang), hide_index=True,
                     width="stretch")
        st.caption(t("ana_probabilities_note", lang, draws=f"{mc.draws:,}", seed=mc.seed))
        with st.expander(t("ana_quantiles_title", lang)):
            st.dataframe(uncertainty.quantile_frame(mc, lang), hide_index=True, width="stretch")
        with st.expander(t("ana_distributions_title", lang)):
            st.caption(t("ana_distributions_note", lang))
            st.dataframe(uncertainty.distribution_frame(scenario, lang), hide_index=True, width="stretch")
            st.caption(t("ana_fixed_params", lang, names=uncertainty.fixed_parameters(lang)))

with sensitivity_tab:
    if sensitivity_tab.open:
        bars = cached.sensitivity(scenario)
        st.caption(t("tornado_note", lang))
        sensitivity.tornado_groups(bars, lang)
        with st.expander(t("tornado_table_title", lang)):
            st.dataframe(sensitivity.tornado_frame(bars, lang), hide_index=True, width="stretch")

with goal_tab:
    if goal_tab.open:
        target_growth = targets[gdp_target_id()]
        st.caption(t("goal_intro", lang, target=pct(target_growth)))
        goalseek.goal_flash()
        chance = goalseek.probability_slider(lang)
        for p in dataset().params_in("lever"):
            goalseek.goal_seek_row(scenario, p.id, target_growth, chance, lang)
        st.caption(t("goal_note", lang, draws=f"{cached.MC_DRAWS:,}"))

frame.finish()
