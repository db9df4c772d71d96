"""Joining a workshop: the code box with "did you mean", starting a workshop, and the facilitator's links and QR code."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

import store
from store import ScenarioStore, StoreValidationError
from ui.session import state
from ui.session.url import workshop_query
from ui.shared.i18n import t
from ui.takeaway import exports
from ui.workshop import device, library, rights
from ui.workshop.messages import field_error, say, show_messages

SIMULATOR_PAGE, WORKSHOP_PAGE, BOARD_PAGE = "", "workshop", "board"  # the pages' addresses in app.py's navigation


def _on_code(key: str) -> None:
    state.set_workshop_code(st.session_state[key])


def _pick_suggestion(code: str, key: str) -> None:
    state.set_workshop_code(code)
    st.session_state[key] = code


def _leave(key: str) -> None:
    state.set_workshop_code("")  # keys stay with their workshops: coming back restores the role
    st.session_state[key] = ""


def _start(lib: ScenarioStore, key: str) -> None:
    fault = library.create_workshop(lib)
    if fault:
        say("join", "error", fault)
        return
    st.session_state[key] = state.workshop_code()
    say("join", "success", "ws_created", code=state.workshop_code())
    if library.storage_kind(lib) != "ws_storage_shared":  # a host without a database URL may wipe this disk
        say("join", "warning", "ws_storage_local_warning")


def workshop_box(lib: ScenarioStore | None, page: str, lang: str, can_start: bool = True) -> str | None:
    """The workshop this page works in: joined by code (or link), or started here. Returns its code or None."""
    key = f"w_{page}_code"
    if st.session_state.get(key) != state.workshop_code():
        st.session_state[key] = state.workshop_code()
    show_messages("join", lang)
    st.text_input(t("ws_code_label", lang), key=key, max_chars=2 * store.WORKSHOP_CODE_MAX,
                  placeholder=t("ws_code_placeholder", lang), help=t("ws_code_help", lang),
                  on_change=_on_code, args=(key,))
    try:
        code, lookup, fault = library.resolve_workshop(lib)
    except StoreValidationError as err:
        st.error(field_error(err, lang))
        code, lookup, fault = None, None, None
    if fault:
        library.show_fault(fault, lang)
    if lookup is not None:
        _unknown_code(lookup, key, lang)
    if code:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(t("ws_joined", lang, code=code))
        right.button(t("ws_leave", lang), key=f"w_{page}_leave", on_click=_leave, args=(key,))
        if not library.is_facilitator(lib, code) and library.facilitator_key_refused(code):
            st.warning(t("ws_facilitator_key_refused", lang))
    elif can_start and lib is not None:
        st.button(t("ws_start_button", lang), key=f"w_{page}_start", icon=":material/add_circle:",
                  on_click=_start, args=(lib, key), help=t("ws_start_help", lang))
    return code


def _unknown_code(lookup: store.CodeLookup, key: str, lang: str) -> None:
    """No workshop has the typed code: say so, and offer the look-alike codes that exist."""
    if not lookup.suggestions:
        st.warning(t("ws_code_unknown", lang))
        return
    st.warning(t("ws_code_did_you_mean", lang))
    for suggestion in lookup.suggestions:  # codes from the library: A-Z 0-9 - _ only
        st.button(suggestion, key=f"{key}_suggest_{suggestion}", on_click=_pick_suggestion, args=(suggestion, key))


def page_link(page_from: str, page_to: str, query: dict[str, str]) -> str:
    """An absolute link from this page (address `page_from`) to another page of the app, with `query`."""
    root = urlsplit(exports.simulator_link(st.context.url, {}, page_from))
    return urlunsplit((root.scheme, root.netloc, root.path.rstrip("/") + "/" + page_to, urlencode(query), ""))


def join_query(code: str, lang: str) -> dict[str, str]:
    """The query of the join link: the workshop and the room's language, nothing secret."""
    return workshop_query(code) | {"lang": lang}


def join_link(code: str, lang: str, page_from: str) -> str:
    """The link groups open: the simulator, with the workshop banner (ui/workshop/banner.py), not the save form."""
    return page_link(page_from, SIMULATOR_PAGE, join_query(code, lang))


def qr_png(link: str) -> bytes:
    """The join link as a QR code (PNG), large enough to scan from the back of a room."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def facilitator_panel(code: str, lang: str, page_from: str, with_qr: bool) -> None:
    """What only the facilitator sees: the join link (and QR code) for the room; on the workshop page, behind a
    deliberate switch, the facilitator's own link. The board, meant for the projector, never shows the key."""
    link = join_link(code, lang, page_from)
    st.header(t("ws_join_title", lang))
    st.caption(t("ws_join_help", lang, code=code))
    st.code(link, language=None)
    if with_qr:
        st.image(qr_png(link), caption=t("ws_qr_caption", lang), width=320)
    if page_from == BOARD_PAGE:
        return
    st.caption(t("ws_facilitator_key_kept", lang))
    if st.toggle(t("ws_facilitator_link_show", lang), key="w_ws_show_fk", value=False):
        st.warning(t("ws_facilitator_link_warning", lang))
        st.code(page_link(page_from, BOARD_PAGE, workshop_query(code, rights.facilitator_key(code)) | {"lang": lang}),
                language=None)


def rights_panel(code: str, lang: str, page_from: str) -> None:
    """A group's own hand-over: a link that gives a second device of the group the same rights (shown on request)."""
    # a key keeps it open across the rerun its own switch causes
    with st.expander(t("ws_rights_title", lang), icon=":material/devices:", key="w_ws_rights_open"):
        st.caption(t("ws_rights_help", lang))
        if device.kept_on_device() is False:
            st.warning(t("ws_rights_not_kept", lang))
        if st.toggle(t("ws_rights_show", lang), key="w_ws_show_rights", value=False):
            st.warning(t("ws_rights_warning", lang))
            st.code(page_link(page_from, WORKSHOP_PAGE, device.rights_query(code) | {"lang": lang}), language=None)


def storage_note(lib: ScenarioStore | None, lang: str) -> None:
    """Where this app keeps scenarios, said plainly (a caption; a warning where a host may wipe them)."""
    if lib is None:
        return
    st.caption(t(library.storage_kind(lib), lang), help=t("ws_storage_help", lang))
