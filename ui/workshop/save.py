"""Saving the current scenario: one row per intended save, a paste over a limit cut with a notice."""

from __future__ import annotations

import streamlit as st

import store
from store import ScenarioStore, StoreValidationError
from ui import compute, state
from ui.i18n import pct, t
from ui.workshop import library
from ui.workshop.messages import field_error, say, say_text, show_messages

# (field, widget key, limit): no max_chars on the inputs, because a browser drops a paste that is
# longer than max_chars whole; the text is cut here instead, and the page says so.
FIELDS = (("name", "w_ws_name", store.NAME_MAX), ("group", "w_ws_group", store.GROUP_MAX),
          ("note", "w_ws_note", store.NOTE_MAX))


def current_summary(lang: str) -> None:
    """What would be saved: the current scenario's headline, so nobody saves the wrong one."""
    result = compute.run(state.scenario(), state.targets_key())
    st.metric(t("card_gdp_growth", lang), pct(result.gdp_real_growth), border=True,
              help=t("ws_current_help", lang))


def save_form(lib: ScenarioStore | None, code: str | None, lang: str) -> None:
    """Name, group, note: saved with the current scenario in this session's workshop."""
    with st.form("ws_save_form", border=True):
        st.text_input(t("ws_name_label", lang), key="w_ws_name", placeholder=t("ws_name_placeholder", lang))
        st.text_input(t("ws_group_label", lang), key="w_ws_group")
        st.text_area(t("ws_note_label", lang), key="w_ws_note", height=90)
        st.caption(t("ws_save_limits", lang, name=store.NAME_MAX, group=store.GROUP_MAX, note=store.NOTE_MAX,
                     code=store.WORKSHOP_CODE_MAX))
        st.form_submit_button(t("ws_save_button", lang), type="primary", disabled=lib is None,
                              icon=":material/save:", key="w_ws_save", on_click=_save, args=(lib, code))
    show_messages("save", lang)


def _cut_to_limits(lang: str) -> dict[str, str]:
    """The typed fields, each cut to its limit; a cut field is changed in its box too, and a notice says so."""
    fields = {}
    for field, key, limit in FIELDS:
        value = st.session_state.get(key) or ""
        if len(value) > limit:
            value = value[:limit]
            st.session_state[key] = value
            say("save", "warning", "ws_cut_notice", field=t(f"ws_field_{field}", lang), limit=limit)
        fields[field] = value
    return fields


PENDING_SAVE = "ws_pending_save"  # (workshop code, token, id once seen) of a save that timed out


def pending_save(code: str | None) -> str | None:
    """The token of this session's save into `code` that timed out, until a save is confirmed again: the next
    Save carries it and replaces what that save stored (one row, whether or not it landed)."""
    pending = st.session_state.get(PENDING_SAVE)
    return pending[1] if pending and code and pending[0] == code else None


def awaiting_arrival(code: str | None) -> bool:
    """A timed-out save into `code` that has not been seen in the library yet."""
    pending = st.session_state.get(PENDING_SAVE)
    return bool(pending and code and pending[0] == code and pending[2] is None)


def saved_meanwhile(lib: ScenarioStore, code: str) -> None:
    """If a timed-out save has landed since, say so (once, in the list) and stop looking for it."""
    if not awaiting_arrival(code):
        return
    token = pending_save(code)
    found, fault = library.attempt("looking for a timed-out save", lambda: lib.find_by_token(code, token))
    if found is not None and not fault:
        st.session_state[PENDING_SAVE] = (code, token, found)
        say("library", "success", "ws_save_arrived", id=found)


def _save(lib: ScenarioStore | None, code: str | None) -> None:
    lang = state.lang()
    if lib is None:
        return
    if code is None:
        say("save", "error", "ws_save_need_workshop")
        return
    fields = _cut_to_limits(lang)
    # A retry after a timeout carries the timed-out save's token and replaces what it stored: one row,
    # with the latest edits, whether the first attempt landed before, after, or never.
    retry = pending_save(code)
    token = retry or library.save_token(code, fields)
    try:
        sid, fault = library.attempt("saving a scenario", lambda: lib.save(
            code, fields["name"], state.scenario(), group=fields["group"], note=fields["note"],
            save_token=token, author_token=library.author_token(), replace=retry is not None))
    except StoreValidationError as err:
        say_text("save", "error", field_error(err, lang))
        return
    except store.NotAllowedError:  # the token names another device's row: cannot happen but by a forged token
        say("save", "error", "ws_save_conflict")
        return
    if fault == "ws_db_timeout":
        st.session_state[PENDING_SAVE] = (code, token, None)
        say("save", "warning", "ws_save_timeout")  # the typed text stays in the boxes
        return
    if fault:
        say("save", "error", fault)
        return
    st.session_state.pop(PENDING_SAVE, None)
    say("save", "success", "ws_saved", id=sid)
