"""The one way the pages reach the scenario library: the store, this session's workshop, tokens and roles.

Every database call of the workshop, board and compare pages goes through here. A call that
fails becomes one translated message (see messages.fault_key); the page carries on without it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import streamlit as st

import store
from store import CodeLookup, SavedScenario, ScenarioStore, StoreValidationError
from ui.session import state
from ui.shared.i18n import t
from ui.workshop import device, pace, rights
from ui.workshop.messages import fault_key

T = TypeVar("T")
ACTION_BUDGET_S = 7.5  # every database call of one action (a click and the page it redraws) shares this
SAVE_NONCE = "ws_save_nonce"
JOINED = "ws_joined"  # (typed code, workshop code it opened) once the library confirmed it
LOOKUP = "ws_lookup"  # (typed code, CodeLookup) of the last code that opened nothing
FACILITATOR_OK = "ws_facilitator_ok"  # (code, key) -> bool, so a session asks the library once


def configured_database_url() -> str:
    """st.secrets["database_url"] when a secrets file sets it, else HUADU_DATABASE_URL or the SQLite default."""
    try:
        url = st.secrets.get("database_url")
    except FileNotFoundError:  # no secrets file, or one that cannot be parsed (StreamlitSecretNotFoundError)
        url = None
    return str(url).strip() if url else store.database_url()


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_store(url: str) -> ScenarioStore:
    """One store (one engine, one pool) per database URL for the whole server; failures are not cached."""
    return ScenarioStore(url)


def library_store() -> ScenarioStore:
    """The configured library (raises what the database raises)."""
    return _open_store(configured_database_url())


def open_library(lang: str) -> ScenarioStore | None:
    """The scenario library, or None with a translated error saying what kind of fault it is."""
    try:
        return library_store()
    except store.DB_FAULTS as exc:
        key = fault_key(exc, "opening")
        show_fault("ws_db_unavailable" if key == "ws_db_error" else key, lang)
        return None


def attempt(action: str, call: Callable[[], T]) -> tuple[T | None, str | None]:
    """(result, None), or (None, message key) when the database fails; validation and rights errors pass through.

    All calls of one action share one wait (ACTION_BUDGET_S, store.deadline): after a save timed
    out, the list that follows fails at once instead of waiting its own 8 s.
    """
    ss = st.session_state
    now = time.monotonic()
    started = ss.get(state.ACTION_STARTED)
    if started is None or now - started > ACTION_BUDGET_S + 2:  # a run that did not reach state.end_run()
        started = ss[state.ACTION_STARTED] = now
    try:
        with store.deadline(started + ACTION_BUDGET_S - now):
            return call(), None
    except (StoreValidationError, store.NotAllowedError):
        raise
    except store.DB_FAULTS as exc:
        return None, fault_key(exc, action)


def show_fault(key: str, lang: str) -> None:
    """A database fault's message, once per run: the same fault met by two parts of a page is said once."""
    shown = st.session_state.setdefault(state.FAULTS_SHOWN, set())
    if key not in shown:
        shown.add(key)
        st.error(t(key, lang), icon=":material/cloud_off:")


# ------------------------------------------------------------------ this device: tokens


def author_token() -> str:
    """This device's group token: what it saves is its own (the library keeps only a hash). See device.py."""
    return device.author_token()


def saved_here(saved: SavedScenario) -> str | None:
    """The token of the group at this device now, if that group saved `saved` (its right to delete it); else None.
    The groups that used a shared device before it keep no right here (ui/workshop/rights.py)."""
    token = rights.group_token()
    return token if token and saved.saved_by(token) else None


def save_token(code: str, fields: Mapping[str, str]) -> str:
    """The idempotency token of one intended save: the same session saving the same thing twice (a double
    click, a retry after a timeout) gets the same token, so the database keeps one row."""
    nonce = st.session_state.setdefault(SAVE_NONCE, secrets.token_hex(16))
    what = json.dumps([nonce, code, dict(fields), st.session_state[state.SCENARIO]], sort_keys=True,
                      ensure_ascii=True)
    return hashlib.sha256(what.encode()).hexdigest()


# ------------------------------------------------------------------ this session: the workshop


def joined_code() -> str | None:
    """The workshop this session works in, once the library confirmed its code; else None."""
    typed = state.workshop_code()
    joined = st.session_state.get(JOINED)
    return joined[1] if joined and joined[0] == typed and typed else None


def resolve_workshop(lib: ScenarioStore | None) -> tuple[str | None, CodeLookup | None, str | None]:
    """(joined code, lookup of a code that opened nothing, message key of a fault) for the typed code.

    Asks the library only when the typed code changed; a code from the URL is checked the same way.
    Raises StoreValidationError for text that cannot be a code and resembles none.
    """
    typed = state.workshop_code()
    if not typed or lib is None:
        return None, None, None
    if joined_code():
        return joined_code(), None, None
    last = st.session_state.get(LOOKUP)
    if last and last[0] == typed:
        return None, last[1], None
    if not _holds_key(lib, typed) and pace.LOOKUPS.take(pace.client_id()):
        return None, None, "ws_code_slow_down"
    found, fault = attempt("looking up a workshop", lambda: lib.lookup_workshop(typed))
    if found is None:
        return None, None, fault
    if found.code:
        state.set_workshop_code(found.code)  # as the library spells it: the URL and the other pages use it
        st.session_state[JOINED] = (found.code, found.code)
        return found.code, None, None
    st.session_state[LOOKUP] = (typed, found)
    return None, found, None


def _holds_key(lib: ScenarioStore, typed: str) -> bool:
    """The session holds the right facilitator key for the typed code: it knows the code, so no pace applies (a
    guesser behind the same address as the room can slow the room's look-ups, never the facilitator's)."""
    try:
        code = store.normalise_workshop_code(typed)
    except StoreValidationError:
        return False
    return bool(rights.facilitator_key(code)) and is_facilitator(lib, code)


def create_workshop(lib: ScenarioStore) -> str | None:
    """A new workshop for this session's facilitator (callback); None and a message key in the session on failure."""
    room, fault = attempt("creating a workshop", lib.create_workshop)
    if room is None:
        return fault
    state.set_workshop_code(room.code)
    rights.add_facilitator_key(room.code, room.facilitator_key)
    st.session_state[JOINED] = (room.code, room.code)
    st.session_state[FACILITATOR_OK] = {(room.code, room.facilitator_key): True}
    return None


def is_facilitator(lib: ScenarioStore | None, code: str | None) -> bool:
    """True if this session holds the facilitator key of `code` (asked once per session and key)."""
    key = rights.facilitator_key(code) if code else ""
    if lib is None or not key:
        return False
    known = st.session_state.setdefault(FACILITATOR_OK, {})
    if (code, key) not in known:
        answer, fault = attempt("checking a facilitator key", lambda: lib.is_facilitator(code, key))
        if fault:
            return False  # asked again on the next run
        known[(code, key)] = bool(answer)
    return known[(code, key)]


def facilitator_key_refused(code: str | None) -> bool:
    """This session brought a facilitator key that the library refused for `code`."""
    key = rights.facilitator_key(code) if code else ""
    return bool(key) and st.session_state.get(FACILITATOR_OK, {}).get((code, key)) is False


def storage_kind(lib: ScenarioStore) -> str:
    """Where scenarios are kept, as a message key: this server's disk (may be wiped on a host) or a shared database."""
    return {"sqlite_local": "ws_storage_local", "memory": "ws_storage_memory"}.get(lib.where, "ws_storage_shared")


def current_workshop_scenarios(limit: int = 100) -> tuple[str | None, list[SavedScenario]]:
    """(this session's workshop, its live scenarios): (None, []) before it joins one. Raises on database trouble
    (a fault met while confirming the code, too: the caller says the library cannot be reached)."""
    lib = library_store()
    try:
        code, _, fault = resolve_workshop(lib)  # a code from the URL is confirmed here on the first page that needs it
    except StoreValidationError:
        return None, []
    if fault and fault != "ws_code_slow_down":
        raise store.StoreError(fault)
    return code, (lib.list(code, limit=limit) if code else [])
