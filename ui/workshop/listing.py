"""The workshop's saved scenarios: the table, load, delete (author or facilitator, confirmed by id), restore."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import pandas as pd
import streamlit as st

import store
from store import SavedScenario, ScenarioNotFoundError, ScenarioStore
from ui.session import compute, state
from ui.session.url import version
from ui.shared.i18n import pct, t
from ui.workshop import brief_source, library, rights, save
from ui.workshop.messages import say, show_messages

BEIJING = timezone(timedelta(hours=8))  # China keeps no daylight saving time
PENDING_DELETE = "ws_pending_delete"
_SAFE_VERSION = re.compile(r"[0-9A-Za-z._-]{1,32}")


def safe_version(version: str) -> str:
    return version if _SAFE_VERSION.fullmatch(version or "") else "?"


def beijing_time(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%m-%d %H:%M")


def option_label(saved: SavedScenario) -> str:
    name = saved.name if len(saved.name) <= 60 else saved.name[:59] + "…"
    group = saved.group if len(saved.group) <= 40 else saved.group[:39] + "…"
    return f"#{saved.id} · {name}" + (f" · {group}" if group else "")


def library_frame(saved: Sequence[SavedScenario], lang: str,
                  targets_key: tuple[tuple[str, float], ...] = ()) -> pd.DataFrame:
    """The library table: one row per saved scenario, user text as it was typed."""
    columns = ("ws_col_id", "ws_col_name", "ws_col_group", "ws_col_time", "ws_col_gdp", "ws_col_version",
               "ws_col_note")
    rows = [dict(zip((t(c, lang) for c in columns), (
        f"#{s.id}", s.name, s.group, beijing_time(s.created_at),
        pct(compute.run(s.scenario(), targets_key).gdp_real_growth), s.data_version, s.note), strict=True))
        for s in saved]
    return pd.DataFrame(rows, columns=[t(c, lang) for c in columns])


PENDING_REFRESH_S = 4  # while a timed-out save may still land, the list looks again this often


def library_list_live(lib: ScenarioStore | None, code: str | None, facilitator: bool, lang: str) -> None:
    """The list; while a save of this session timed out and may still land, refreshed on its own until it does."""
    if lib is None or not save.awaiting_arrival(code):
        library_list(lib, code, facilitator, lang)
        return

    @st.fragment(run_every=PENDING_REFRESH_S)
    def waiting() -> None:
        save.saved_meanwhile(lib, code)
        library_list(lib, code, facilitator, lang)
        state.end_run()

    waiting()


def library_list(lib: ScenarioStore | None, code: str | None, facilitator: bool, lang: str) -> None:
    """The scenarios saved in this workshop, and what this session may do with one of them."""
    show_messages("library", lang)
    if lib is None:
        return
    if code is None:
        st.info(t("ws_list_need_code", lang))
        return
    saved, fault = library.attempt("listing scenarios", lambda: lib.list(code))
    if fault:
        library.show_fault(fault, lang)
        return
    if saved:
        _live(lib, code, saved, facilitator, lang)
    else:
        st.info(t("ws_list_empty", lang))
    if facilitator:
        _deleted(lib, code, lang)


def _live(lib: ScenarioStore, code: str, saved: list[SavedScenario], facilitator: bool, lang: str) -> None:
    st.dataframe(library_frame(saved, lang, state.targets_key()), hide_index=True, width="stretch", key="ws_table")
    st.caption(t("ws_list_note", lang, n=len(saved)))
    by_id = {s.id: s for s in saved}
    picked = st.selectbox(t("ws_pick_label", lang), list(by_id), format_func=lambda i: option_label(by_id[i]),
                          key="w_ws_pick")
    st.button(t("ws_load_button", lang), key="w_ws_load", type="primary", icon=":material/download:",
              on_click=_load, args=(lib, code, picked))
    pending = st.session_state.get(PENDING_DELETE)
    if pending is not None and pending in by_id:
        st.warning(t("ws_delete_question", lang, id=pending))
        st.text(option_label(by_id[pending]))
        yes, no = st.columns(2)
        yes.button(t("ws_delete_yes", lang, id=pending), key="w_ws_delete_yes", type="primary", on_click=_delete,
                   args=(lib, code, pending, library.saved_here(by_id[pending])))
        no.button(t("ws_delete_no", lang), key="w_ws_delete_no", on_click=_cancel_delete)
        return
    allowed = facilitator or library.saved_here(by_id[picked]) is not None
    st.button(t("ws_delete_button", lang), key="w_ws_delete", icon=":material/delete:", disabled=not allowed,
              on_click=_ask_delete, args=(picked,),
              help=t("ws_delete_help" if allowed else "ws_delete_not_yours", lang))


def _load(lib: ScenarioStore, code: str, scenario_id: int) -> None:
    lang = state.lang()
    try:
        saved, fault = library.attempt("loading a scenario", lambda: lib.get(scenario_id, code))
    except ScenarioNotFoundError:
        say("library", "warning", "ws_load_gone", id=scenario_id)
        return
    if fault:
        say("library", "error", fault)
        return
    scenario, problems = saved.parsed()
    state.restore(scenario.to_dict())
    brief_source.remember(code, st.session_state[state.SCENARIO], group=saved.group, name=saved.name, note=saved.note)
    say("library", "success", "ws_loaded", id=saved.id)
    if saved.data_version != version():
        say("library", "warning", "ws_load_other_version", saved=safe_version(saved.data_version), current=version())
    if problems:
        lines = [t(f"notice_{p.reason}", lang, name=p.key, value=p.value) for p in problems]
        say("library", "warning", "ws_load_dropped", lines=lines, n=len(problems))


def _ask_delete(scenario_id: int) -> None:
    st.session_state[PENDING_DELETE] = scenario_id


def _cancel_delete() -> None:
    st.session_state.pop(PENDING_DELETE, None)


def _delete(lib: ScenarioStore, code: str, scenario_id: int, author_token: str | None) -> None:
    """Delete exactly the scenario the confirmation named: its id (never reused) and workshop are checked again.

    author_token: the token of this device that saved it (library.saved_here, from the list already read), if any."""
    st.session_state.pop(PENDING_DELETE, None)
    try:
        gone, fault = library.attempt("deleting a scenario", lambda: lib.delete(
            scenario_id, code, author_token=author_token, facilitator_key=rights.facilitator_key(code) or None))
    except store.NotAllowedError:
        say("library", "error", "ws_delete_not_yours")
        return
    if fault:
        say("library", "error", fault)
        return
    say("library", "success" if gone else "info", "ws_deleted" if gone else "ws_delete_missing", id=scenario_id)


def _deleted(lib: ScenarioStore, code: str, lang: str) -> None:
    """The facilitator's record of deletions (who, when), each restorable."""
    gone, fault = library.attempt("listing deleted scenarios", lambda: lib.list(code, deleted=True, limit=100))
    with st.expander(t("ws_deleted_title", lang, n=len(gone or [])), icon=":material/restore_from_trash:"):
        if fault:
            library.show_fault(fault, lang)
            return
        if not gone:
            st.caption(t("ws_deleted_none", lang))
            return
        by_id = {s.id: s for s in gone}
        st.dataframe(pd.DataFrame({
            t("ws_col_id", lang): [f"#{s.id}" for s in gone],
            t("ws_col_name", lang): [s.name for s in gone],
            t("ws_col_group", lang): [s.group for s in gone],
            t("ws_col_deleted_by", lang): [t(f"ws_deleted_by_{s.deleted_by}", lang) for s in gone],
            t("ws_col_deleted_at", lang): [beijing_time(s.deleted_at) for s in gone],
        }), hide_index=True, width="stretch", key="ws_deleted_table")
        picked = st.selectbox(t("ws_restore_pick", lang), list(by_id), format_func=lambda i: option_label(by_id[i]),
                              key="w_ws_restore_pick")
        st.button(t("ws_restore_button", lang, id=picked), key="w_ws_restore", icon=":material/undo:",
                  on_click=_restore, args=(lib, code, picked))


def _restore(lib: ScenarioStore, code: str, scenario_id: int) -> None:
    try:
        back, fault = library.attempt("restoring a scenario", lambda: lib.restore(
            scenario_id, code, facilitator_key=rights.facilitator_key(code)))
    except store.NotAllowedError:
        say("library", "error", "ws_restore_not_allowed")
        return
    if fault:
        say("library", "error", fault)
        return
    say("library", "success" if back else "info", "ws_restored" if back else "ws_restore_missing", id=scenario_id)
