"""The simulator: the lever panel (main levers and headline cards), more levers, then charts and targets
(ui/simulator/outcomes.py: drawn in the browser from the figures computed here).

The panel answers in the browser while a lever moves (ui/simulator/lever_panel.py); on release it commits
and this fragment reruns alone (not the navigation, title or sidebar), so the exact figures
replace the preview everywhere. Presets and reset in the sidebar rerun the page. In a workshop (the join
link) a banner above the title names the workshop and the group and saves here (ui/workshop/banner.py).
"""

import streamlit as st

from ui import compute, frame, state, views
from ui.dataset import dataset
from ui.i18n import pick, t
from ui.simulator import lever_panel, outcomes
from ui.widgets import parameter_input
from ui.workshop import banner

PAGE = "sim"
ADVANCED_OPEN = "w_sim_advanced"  # the advanced levers' expander: open or not (session state)
lang = frame.start()

banner.banner(lang)  # in a workshop (the join link): its code, the group, Save and Next group, above all else
st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
views.url_notices(lang)

with st.sidebar:
    st.header(t("levers_title", lang))
    st.selectbox(
        t("preset_label", lang), options=list(dataset().presets), index=None, placeholder=t("preset_placeholder", lang),
        format_func=lambda pid: pick(dataset().presets[pid].name, lang), key=state.PRESET_BOX,
        on_change=lambda: st.session_state.w_sim_preset and state.apply_preset(st.session_state.w_sim_preset),
    )
    if st.session_state.get("w_sim_preset"):
        st.caption(pick(dataset().presets[st.session_state.w_sim_preset].description, lang))
        explanation = views.preset_explanation(st.session_state.w_sim_preset, lang)
        if explanation:
            st.caption(t("preset_result_label", lang) + ": " + explanation)
    st.button(t("reset_all", lang), on_click=state.reset_all, key="w_sim_reset", icon=":material/restart_alt:",
              help=t("reset_all_help", lang))


@st.fragment
def levers_and_outcomes() -> None:
    banner.catch_up()  # a group name the browser gave back in this fragment's run: the banner above shows it
    lever_panel.apply_commit()  # a commit put in session state directly (AppTest) takes the browser's path
    result = compute.run(state.scenario(), state.targets_key())
    base = compute.baseline()

    # The share popover and the advanced levers draw their content only while open
    # (on_change="rerun" makes .open known): closed, they cost nothing on a lever's commit.
    with st.popover(t("share_title", lang), icon=":material/link:", key="w_sim_share", on_change="rerun") as share:
        if share.open:
            views.share_link(lang)
    lever_panel.lever_panel(result, base, lang)
    with st.expander(t("advanced_title", lang), key=ADVANCED_OPEN, on_change="rerun") as advanced:
        if advanced.open:
            advanced_ids = [p.id for p in dataset().params_in("advanced")]
            for start in range(0, len(advanced_ids), 3):  # rows of three, however many there are
                for column, param_id in zip(st.columns(3, gap="large"), advanced_ids[start:start + 3], strict=False):
                    with column:
                        parameter_input(PAGE, param_id, lang)
    outcomes.outcomes(result, base, lang, lever_panel.applied_seq())
    frame.finish()  # the URL write: here, so fragment-only reruns do it too (it runs in full reruns as well)


levers_and_outcomes()
