"""The simulator: the three levers across the top, then 2025 outcomes, targets and charts.

Levers and results sit in one fragment, so a slider move reruns only that part of the page
(not the navigation, title or sidebar); presets and reset in the sidebar rerun the page.
"""

import streamlit as st

import data
from ui import compute, frame, state, views
from ui.i18n import pick, t
from ui.widgets import parameter_input

PAGE = "sim"
ADVANCED_OPEN = "w_sim_advanced"  # the advanced levers' expander: open or not (session state)
DATA = data.load()
lang = frame.start()

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
views.url_notices(lang)

with st.sidebar:
    st.header(t("levers_title", lang))
    st.selectbox(
        t("preset_label", lang), options=list(DATA.presets), index=None, placeholder=t("preset_placeholder", lang),
        format_func=lambda pid: pick(DATA.presets[pid].name, lang), key="w_sim_preset",
        on_change=lambda: st.session_state.w_sim_preset and state.apply_preset(st.session_state.w_sim_preset),
    )
    if st.session_state.get("w_sim_preset"):
        st.caption(pick(DATA.presets[st.session_state.w_sim_preset].description, lang))
    st.button(t("reset_levers", lang), on_click=state.reset_levers, key="w_sim_reset", icon=":material/restart_alt:")


@st.fragment
def levers_and_outcomes() -> None:
    # Results are computed from the session's state (callbacks have already stored the moved
    # value) and drawn first into the lower container, so the cards update before the levers
    # are redrawn; on screen the levers stay on top.
    levers_area, results_area = st.container(), st.container()
    result = compute.run(state.scenario(), state.targets_key())
    base = compute.baseline()

    with results_area:
        st.header(t("outcomes_title", lang))
        views.outcome_cards(result, base, lang)
        chart_left, chart_right = st.columns(2)
        with chart_left:
            views.gdp_chart(result, base, lang)
        with chart_right:
            views.contributions_chart(result, lang)
        st.header(t("scorecard_title", lang))
        views.scorecard(result, lang)

    with levers_area:
        # The share popover and the advanced levers draw their content only while open
        # (on_change="rerun" makes .open known): everything in this fragment is sent and
        # redrawn on every slider move, and closed, they are most of its elements.
        with st.popover(t("share_title", lang), icon=":material/link:", key="w_sim_share", on_change="rerun") as share:
            if share.open:
                views.share_link(lang)
        for column, p in zip(st.columns(3, gap="large"), DATA.params_in("lever"), strict=True):
            with column:
                parameter_input(PAGE, p.id, lang, show_2024=True, targets=state.targets())
        with st.expander(t("advanced_title", lang), key=ADVANCED_OPEN, on_change="rerun") as advanced:
            if advanced.open:
                for column, p in zip(st.columns(3, gap="large"), DATA.params_in("advanced"), strict=True):
                    with column:
                        parameter_input(PAGE, p.id, lang)
    frame.finish()  # the URL write: here, so fragment-only reruns do it too (it runs in full reruns as well)


levers_and_outcomes()
