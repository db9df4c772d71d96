"""The simulator's workshop banner: a participant who opened the join link works on the simulator itself.

It says which workshop this is and which group is at this device (the name is asked once, then kept in the
session and in the browser with the group's rights: device.py), saves the current scenario right here
(ui/workshop/save.py's form and save, not a second one), and hands the device to the next group: levers,
assumptions and targets back to their defaults, the form emptied, the group's name asked again.
"""

from __future__ import annotations

import streamlit as st

import store
from store import StoreValidationError
from ui.session import state
from ui.shared.i18n import t
from ui.workshop import device, library, listing, rights, save
from ui.workshop.messages import field_error, say, say_text, show_messages

BANNER_KEY = "sim_ws_banner"  # the banner's container (a CSS class st-key-sim_ws_banner in the page)
GROUP_BOX = "w_sim_group"
SAVE_OPEN = "w_sim_save_open"  # the save popover
NEXT_OPEN = "w_sim_next_open"  # the "next group" popover


def banner(lang: str) -> None:
    """Draws nothing outside a workshop; a workshop code that opens nothing gets one line and the way to the workshop page."""
    st.session_state.pop(device.NEW_GROUP_NAME, None)  # drawn now, with whatever name the browser gave back
    if not state.workshop_code():
        return
    lib = library.open_library(lang)
    if lib is None:
        return
    try:
        code, lookup, fault = library.resolve_workshop(lib)
    except StoreValidationError as err:
        st.error(field_error(err, lang))
        return
    if fault:
        library.show_fault(fault, lang)
        return
    if not code or lookup is not None:
        st.warning(t("sim_ws_not_found", lang))
        st.page_link("pages/workshop.py", label=t("nav_workshop", lang), icon=":material/groups:")
        return
    with st.container(border=True, key=BANNER_KEY):
        if library.is_facilitator(lib, code):
            _facilitator_bar(code, lang)  # the workshop's own facilitator is no group: no name asked, no group's save
        elif rights.group_name(code):
            _bar(lib, code, lang)
        else:
            _ask_group(code, lang)
    device.sync()  # the group's name and rights go to this browser's storage, and come back on a reload


def _facilitator_bar(code: str, lang: str) -> None:
    """The facilitator in their own workshop: which workshop, and the way to the board where the groups' scenarios are."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(t("sim_ws_facilitator", lang, code=code), width="content")
        st.page_link("pages/board.py", label=t("nav_board", lang), icon=":material/leaderboard:")


def _ask_group(code: str, lang: str) -> None:
    """The group's name, once: every scenario saved from this device carries it."""
    st.caption(t("sim_ws_code", lang, code=code))
    with st.form("sim_group_form", border=False):
        st.text_input(t("sim_ws_group_label", lang), key=GROUP_BOX, placeholder=t("sim_ws_group_placeholder", lang),
                      help=t("sim_ws_group_help", lang))
        st.form_submit_button(t("sim_ws_group_ok", lang), type="primary", icon=":material/login:",
                              key="w_sim_group_ok", on_click=_set_group, args=(code,))
    show_messages("sim_group", lang)


def _set_group(code: str) -> None:
    raw = st.session_state.get(GROUP_BOX) or ""
    try:
        store.check_text("group", store.clean_label(raw), store.GROUP_MAX, required=True)
    except StoreValidationError as err:
        say_text("sim_group", "error", field_error(err, state.lang()))
        return
    rights.set_group_name(code, device.group_name_or_none(raw) or "")
    st.session_state[GROUP_BOX] = ""


def _bar(lib: store.ScenarioStore, code: str, lang: str) -> None:
    """Workshop and group on one line, then Save and Next group: one row that wraps on a phone."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(t("sim_ws_code_group", lang, code=code), width="content")
        st.text(rights.group_name(code))  # the group's own words: shown as text, never as markup
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        with st.popover(t("sim_ws_save", lang), type="primary", icon=":material/save:", key=SAVE_OPEN):
            save.save_form(lib, code, lang, save.BANNER_FORM)
        with st.popover(t("sim_ws_next", lang), icon=":material/group_add:", key=NEXT_OPEN):
            st.caption(t("sim_ws_next_help", lang))
            st.button(t("sim_ws_next_confirm", lang), key="w_sim_next", icon=":material/restart_alt:",
                      on_click=next_group, args=(code,))


def next_group(code: str) -> None:
    """The device goes to the next group: everything back to its default, the save form empty, the name asked again,
    and a token of its own (the group before keeps no right over its saves here: ui/workshop/rights.py)."""
    state.reset_all()
    rights.new_group_token()
    st.session_state.pop(listing.PENDING_DELETE, None)  # a delete the group before had asked for is not the next one's
    for key in (save.BANNER_FORM.name, save.BANNER_FORM.note, GROUP_BOX):
        st.session_state[key] = ""
    st.session_state.pop(save.LAST_SAVED, None)
    rights.set_group_name(code, "")  # "" rather than nothing: what the browser still reports is not taken back
    say("sim_group", "info", "sim_ws_next_done")


def catch_up() -> None:
    """In the simulator's fragment: on a reload the browser's report of the group name can arrive in one batch with
    the URL probe's answer (drawn in this fragment), and Streamlit then reruns the fragment alone; the banner above
    it would still ask for the name, so run the page."""
    if st.session_state.pop(device.NEW_GROUP_NAME, None):
        st.rerun(scope="app")
