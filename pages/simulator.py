"""The simulator: the lever panel (main levers and headline cards), more levers, then charts and targets
(ui/simulator/outcomes.py: drawn in the browser from the figures computed here).

The panel answers in the browser while a lever moves (ui/simulator/lever_panel.py); on release it commits
and its fragment reruns alone (the panel only: not the navigation, title, sidebar, advanced levers or
outcomes), and the exact figures replace the preview everywhere: the panel's data carries the
outcomes' figures too (ui/simulator/wire.py: per move only what changed). Presets and reset in the sidebar rerun the page. A lever moved away
from the chosen preset clears its name (the sidebar then says the levers have moved from it): the
fragment asks for one full rerun, since it cannot redraw the sidebar itself. Below the outcomes,
the change from the default split by setting and why the default is not 2024 (ui/simulator/explain.py).
In a workshop (the join link) a banner above the title names the workshop and the group and saves
here (ui/workshop/banner.py).
"""

import streamlit as st

from ui.session import compute, frame, state
from ui.session.dataset import dataset
from ui.shared import views
from ui.shared.i18n import pick, t
from ui.shared.widgets import parameter_input
from ui.simulator import lever_panel, outcomes
from ui.workshop import banner

PAGE = "sim"
ADVANCED_OPEN = "w_sim_advanced"  # the advanced levers' expander: open or not (session state)
lang = frame.start()

banner.banner(lang)  # in a workshop (the join link): its code, the group, Save and Next group, above all else
st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
views.url_notices(lang)

PRESET = "w_sim_preset"  # the preset select box: the preset whose values the levers still hold, else none
PRESET_LEFT = "sim_preset_left"  # the preset the levers have moved away from (its name then reads "changed")
_SETTLE = "_sim_preset_settle"  # a full rerun asked for by the fragment, to clear the preset's name


def settle_preset() -> None:
    """Clear the chosen preset once a lever has moved away from its values (before its select box is drawn);
    forget the preset left behind once the select box is gone (another page was shown in between)."""
    st.session_state.pop(_SETTLE, None)
    if PRESET not in st.session_state:
        st.session_state.pop(PRESET_LEFT, None)
    chosen = st.session_state.get(PRESET)
    if chosen and not state.preset_holds(chosen):
        st.session_state[PRESET] = None
        st.session_state[PRESET_LEFT] = chosen


def choose_preset() -> None:
    st.session_state.pop(PRESET_LEFT, None)
    if st.session_state[PRESET]:
        state.apply_preset(st.session_state[PRESET])


def reset() -> None:
    """Everything back to its default (levers, assumptions, targets; no preset named): the next group starts clean."""
    st.session_state.pop(PRESET_LEFT, None)
    state.reset_all()


lever_panel.apply_commit()  # a commit not yet applied (AppTest puts it in state): before the preset is checked
settle_preset()
with st.sidebar:
    st.header(t("levers_title", lang))
    st.selectbox(
        t("preset_label", lang), options=list(dataset().presets), index=None, placeholder=t("preset_placeholder", lang),
        format_func=lambda pid: pick(dataset().presets[pid].name, lang), key=PRESET, on_change=choose_preset,
    )
    if st.session_state.get(PRESET):
        st.caption(pick(dataset().presets[st.session_state[PRESET]].description, lang))
        explanation = views.preset_explanation(st.session_state[PRESET], lang)
        if explanation:
            st.caption(t("preset_result_label", lang) + ": " + explanation)
    elif st.session_state.get(PRESET_LEFT) in dataset().presets:
        st.caption(t("preset_changed", lang, name=pick(dataset().presets[st.session_state[PRESET_LEFT]].name, lang)))
    st.button(t("reset_all", lang), on_click=reset, key="w_sim_reset", icon=":material/restart_alt:",
              help=t("reset_all_help", lang))


# The share popover draws its content only while open (on_change="rerun" makes .open known). Outside the
# levers' fragment, as the advanced levers and the outcomes below: a main lever's commit reruns the
# fragment alone, which sends the lever panel and nothing else (issue 22: its bytes ≤ a bare app's).
with st.popover(t("share_title", lang), icon=":material/link:", key="w_sim_share", on_change="rerun") as share:
    if share.open:
        views.share_link(lang)


@st.fragment
def levers() -> None:
    banner.catch_up()  # a group name the browser gave back in this fragment's run: the banner above shows it
    lever_panel.apply_commit()  # a commit put in session state directly (AppTest) takes the browser's path
    if st.session_state.get(PRESET) and not state.preset_holds(st.session_state[PRESET]) and not st.session_state.get(_SETTLE):
        st.session_state[_SETTLE] = True  # once: settle_preset clears it, so a failure there cannot loop
        st.rerun(scope="app")  # a lever left the preset in this fragment's run: the sidebar's preset name must go
    result = compute.run(state.scenario(), state.targets_key())
    # the panel's data carries every figure of the page: the outcomes below draw theirs from it
    lever_panel.lever_panel(result, compute.baseline(), lang)
    frame.finish()  # the URL write: here, so fragment-only reruns do it too (it runs in full reruns as well)


levers()
# The advanced levers (drawn only while open): a change reruns the whole page, the panel's figures with it.
with st.expander(t("advanced_title", lang), key=ADVANCED_OPEN, on_change="rerun") as advanced:
    if advanced.open:
        advanced_ids = [p.id for p in dataset().params_in("advanced")]
        for start in range(0, len(advanced_ids), 3):  # rows of three, however many there are
            for column, param_id in zip(st.columns(3, gap="large"), advanced_ids[start:start + 3], strict=False):
                with column:
                    parameter_input(PAGE, param_id, lang)
outcomes.outcomes(lang)  # charts, scorecard and the change explained: drawn from the panel's data
