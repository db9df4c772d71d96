"""Saving the current scenario: one row per intended save, a paste over a limit cut with a notice, the form's text
cleared once saved. Two forms share it: the workshop page's (name, group, note) and the simulator's workshop banner
(name, note; the group is the name the banner asked for once: ui/workshop/banner.py)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

import store
from store import ScenarioStore, StoreValidationError
from ui.session import compute, state
from ui.shared.i18n import pct, t
from ui.workshop import brief_source, library, rights
from ui.workshop.messages import field_error, say, say_text, show_messages


@dataclass(frozen=True)
class SaveForm:
    """One save form's keys: the form, where its messages show, and its boxes (group None: the banner's group name)."""

    form: str
    area: str
    name: str
    group: str | None
    note: str
    button: str

    def fields(self) -> tuple[tuple[str, str | None, int], ...]:
        """(field, widget key, limit): no max_chars on the inputs, because a browser drops a paste that is
        longer than max_chars whole; the text is cut here instead, and the page says so."""
        return (("name", self.name, store.NAME_MAX), ("group", self.group, store.GROUP_MAX),
                ("note", self.note, store.NOTE_MAX))


WORKSHOP_FORM = SaveForm("ws_save_form", "save", "w_ws_name", "w_ws_group", "w_ws_note", "w_ws_save")
BANNER_FORM = SaveForm("sim_save_form", "sim_save", "w_sim_save_name", None, "w_sim_save_note", "w_sim_save")
LAST_SAVED = "ws_last_saved"  # (form, workshop code, scenario values, id) of the last confirmed save


def current_summary(lang: str) -> None:
    """What would be saved: the current scenario's headline, so nobody saves the wrong one."""
    result = compute.run(state.scenario(), state.targets_key())
    st.metric(t("card_gdp_growth", lang), pct(result.gdp_real_growth), border=True,
              help=t("ws_current_help", lang))


def save_form(lib: ScenarioStore | None, code: str | None, lang: str, form: SaveForm = WORKSHOP_FORM) -> None:
    """Name, group, note: saved with the current scenario in this session's workshop."""
    if form.group and code and not st.session_state.get(form.group) and rights.group_name(code):
        st.session_state[form.group] = rights.group_name(code)  # the name the group gave on the simulator
    with st.form(form.form, border=form.group is not None):
        st.text_input(t("ws_name_label", lang), key=form.name, placeholder=t("ws_name_placeholder", lang))
        if form.group:
            st.text_input(t("ws_group_label", lang), key=form.group)
        st.text_area(t("ws_note_label", lang), key=form.note, height=90 if form.group else 68)
        if form.group:
            st.caption(t("ws_save_limits", lang, name=store.NAME_MAX, group=store.GROUP_MAX, note=store.NOTE_MAX,
                         code=store.WORKSHOP_CODE_MAX))
        st.form_submit_button(t("ws_save_button", lang), type="primary", disabled=lib is None,
                              icon=":material/save:", key=form.button, on_click=_save, args=(lib, code, form))
    show_messages(form.area, lang)


def _cut_to_limits(lang: str, form: SaveForm, code: str) -> dict[str, str]:
    """The typed fields, each cut to its limit; a cut field is changed in its box too, and a notice says so."""
    fields = {}
    for field, key, limit in form.fields():
        value = (st.session_state.get(key) if key else rights.group_name(code)) or ""
        if len(value) > limit:
            value = value[:limit]
            if key:
                st.session_state[key] = value
            say(form.area, "warning", "ws_cut_notice", field=t(f"ws_field_{field}", lang), limit=limit)
        fields[field] = value
    return fields


def _clear(form: SaveForm) -> None:
    """A confirmed save empties the form's name and note (the group stays: the same group saves its next scenario)."""
    st.session_state[form.name] = ""
    st.session_state[form.note] = ""


def _sent_again(form: SaveForm, code: str) -> int | None:
    """The id of the save this form just made, if the form comes back empty with the same scenario: the second
    click of a double click finds the boxes already cleared, and is the same save, not an empty one."""
    last = st.session_state.get(LAST_SAVED)
    empty = not (st.session_state.get(form.name) or "").strip() and not st.session_state.get(form.note)
    same = last and last[:3] == (form.form, code, st.session_state[state.SCENARIO])
    return last[3] if empty and same else None


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


def _save(lib: ScenarioStore | None, code: str | None, form: SaveForm = WORKSHOP_FORM) -> None:
    lang = state.lang()
    if lib is None:
        return
    if code is None:
        say(form.area, "error", "ws_save_need_workshop")
        return
    again = _sent_again(form, code)
    if again is not None:
        say(form.area, "success", "ws_saved", id=again)
        return
    fields = _cut_to_limits(lang, form, code)
    # A retry after a timeout carries the timed-out save's token and replaces what it stored: one row,
    # with the latest edits, whether the first attempt landed before, after, or never.
    retry = pending_save(code)
    token = retry or library.save_token(code, fields)
    try:
        sid, fault = library.attempt("saving a scenario", lambda: lib.save(
            code, fields["name"], state.scenario(), group=fields["group"], note=fields["note"],
            save_token=token, author_token=library.author_token(), replace=retry is not None))
    except StoreValidationError as err:
        say_text(form.area, "error", field_error(err, lang))
        return
    except store.NotAllowedError:  # the token names another device's row: cannot happen but by a forged token
        say(form.area, "error", "ws_save_conflict")
        return
    if fault == "ws_db_timeout":
        st.session_state[PENDING_SAVE] = (code, token, None)
        say(form.area, "warning", "ws_save_timeout")  # the typed text stays in the boxes
        return
    if fault:
        say(form.area, "error", fault)
        return
    st.session_state.pop(PENDING_SAVE, None)
    st.session_state[LAST_SAVED] = (form.form, code, st.session_state[state.SCENARIO], sid)
    brief_source.remember(code, st.session_state[state.SCENARIO], group=fields["group"], name=fields["name"],
                          note=fields["note"])
    if fields["group"] and not rights.group_name(code):
        rights.set_group_name(code, fields["group"].strip())  # the banner on the simulator knows the group from now on
    _clear(form)
    say(form.area, "success", "ws_saved", id=sid)
