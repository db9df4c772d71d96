"""What this session holds in workshops: facilitator keys, this device's group tokens, each workshop's group name.

Kept in plain session-state keys (the browser keeps a copy: device.py), held per workshop code as the library
spells it (the URL's own rights arrive through state.opening_link(), once):
    facilitator_keys  {workshop code: key}   a link, this browser, or a workshop started here
    author_tokens     [token, ...]           every group token this device has held, oldest first; the NEWEST is
                                             the group at the device now
    group_names       {workshop code: name}  "" once "Next group" forgot it (the browser forgets it too)

One token per group: "Next group" adds a fresh token, so the group that takes a shared device over saves under
its own token and holds no right over what the groups before it saved. The browser's store only ever adds tokens
(huadu_components/device_keys/device.js keeps the union, in the order it got them), so the older tokens stay in
the device's history, unused: rights are read from the newest alone, after a reload too. A group that wants its
rights beyond its turn at a shared device takes them to its own device first: the hand-over link carries the
current group's token only (device.rights_query), and there it is the newest.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import streamlit as st

from store import StoreValidationError, normalise_workshop_code
from ui.session import state

FACILITATOR_KEYS = "facilitator_keys"
AUTHOR_TOKENS = "author_tokens"
GROUP_NAMES = "group_names"
_LINK_TAKEN = "link_rights_taken"  # the URL's key and tokens were taken into the session (once per session)


def take_link() -> None:
    """Once per session, after state.init_session(): the facilitator key and group tokens a link brought."""
    ss = st.session_state
    link = state.opening_link()
    if ss.get(_LINK_TAKEN) or link is None:
        return
    ss[_LINK_TAKEN] = True
    add_author_tokens(link.author_keys)
    if link.workshop and link.facilitator_key:
        add_facilitator_key(link.workshop, link.facilitator_key)


def _code_key(code: str) -> str:
    """A workshop code as the library spells it (keys are held per workshop); "" if it cannot be one."""
    try:
        return normalise_workshop_code(code)
    except StoreValidationError:
        return ""


# ------------------------------------------------------------------ facilitator keys


def facilitator_key(code: str | None = None) -> str:
    """The facilitator key this session holds for `code` (default: its current workshop); "" if none.

    Per workshop: a facilitator who types another workshop's code holds no key there (and makes
    no wrong guess at it)."""
    return _of_workshop(FACILITATOR_KEYS, code)


def facilitator_keys() -> dict[str, str]:
    return dict(st.session_state.get(FACILITATOR_KEYS, {}))


def add_facilitator_key(code: str, key: str) -> None:
    if key:
        _set_for_workshop(FACILITATOR_KEYS, code, key)


# ------------------------------------------------------------------ group tokens


def author_tokens() -> list[str]:
    """Every group token this device has held, oldest first (what goes to the browser; the rights: group_token())."""
    return list(st.session_state.get(AUTHOR_TOKENS, []))


def add_author_tokens(tokens: Sequence[str]) -> None:
    """Tokens this device now holds, appended in their order (a token held already keeps its place)."""
    held = author_tokens()
    st.session_state[AUTHOR_TOKENS] = held + [token for token in dict.fromkeys(tokens) if token not in held]


def take_reported_tokens(reported: Sequence[str]) -> None:
    """The browser's tokens, in its order, then the session's own it has not stored yet: the order device.js's merge
    gives, so that the session and the browser agree on which token is the newest (the group at the device now)."""
    held = author_tokens()
    st.session_state[AUTHOR_TOKENS] = list(dict.fromkeys([*reported, *held]))


def group_token() -> str:
    """The token of the group at this device now: the newest held ("" before its first save, hand-over or reload)."""
    held = author_tokens()
    return held[-1] if held else ""


def new_group_token() -> str:
    """A fresh token for the group taking this device over: from now on the newest, so the only one with rights."""
    token = secrets.token_urlsafe(18)
    add_author_tokens([token])
    return token


# ------------------------------------------------------------------ group names


def group_name(code: str | None = None) -> str:
    """The group name this device uses in `code` (default: the current workshop); "" if not given yet."""
    return _of_workshop(GROUP_NAMES, code)


def group_names() -> dict[str, str]:
    """Every workshop's group name this session knows, "" for one a reset forgot (the browser forgets it too)."""
    return dict(st.session_state.get(GROUP_NAMES, {}))


def set_group_name(code: str, name: str) -> None:
    """The group's name in `code` ("" forgets it: the next group at this device is asked again)."""
    _set_for_workshop(GROUP_NAMES, code, name)


# ------------------------------------------------------------------ per-workshop maps


def _of_workshop(store: str, code: str | None) -> str:
    """The value session map `store` holds for workshop `code` (default: the current one); "" if none."""
    wanted = _code_key(state.workshop_code() if code is None else code)
    return st.session_state.get(store, {}).get(wanted, "") if wanted else ""


def _set_for_workshop(store: str, code: str, value: str) -> None:
    wanted = _code_key(code)
    if wanted:
        st.session_state[store] = st.session_state.get(store, {}) | {wanted: value}


def knows_group_name(code: str) -> bool:
    """This session has a name for `code`, or has forgotten one on purpose (what the browser reports then waits)."""
    return _code_key(code) in st.session_state.get(GROUP_NAMES, {})
