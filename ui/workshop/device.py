"""What this device holds for the workshop: its group's author tokens and its facilitator keys, kept in
the browser's local storage by a small component (huadu_components/device_keys/), so that

- a group keeps the right to delete what it saved across reloads, tabs and expired sessions;
- a facilitator key leaves the address bar once used (and never shows on the projected board);
- a group can hand its rights to its own second device on purpose (a link it sees and copies);
- a group gives its name once per workshop (the simulator's workshop banner), not once per save.

Rights are only ever added by the session or by a link the holder made; the browser reports the
union, the server adopts it on the rerun that follows (the first run of a fresh session shows a
participant's view for that moment).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

import huadu_components
from store import GROUP_MAX, StoreValidationError, check_text, clean_label, normalise_workshop_code
from ui.session import state, url
from ui.session.url import AUTHOR_KEYS, is_token
from ui.workshop import rights

PROBE_KEY = "w_url_probe"  # the same component on a session's first runs: did Streamlit drop the link's query?
_PROBED = "url_probed"
DEVICE_KEY = "w_device_keys"  # the component's state: {"held": {"authors": [...], "facilitator": {...},
#                                                             "groups": {code: name}, "kept": bool}}
NEW_GROUP_NAME = "device_new_group_name"  # the browser gave back a group name or key the banner has not drawn yet

# its JS is a file in huadu_components/device_keys/, served by Streamlit as a file (huadu_components/__init__.py)
_COMPONENT = huadu_components.component("device_keys", js="device.js", isolate_styles=False)
COMPONENT_NAME = _COMPONENT.component_name


def _adopt(held: Any) -> None:
    """Take what the browser reports into the session (only well-formed tokens; rights are never removed here)."""
    if not isinstance(held, Mapping):
        return
    authors = held.get("authors")
    if isinstance(authors, list):
        rights.take_reported_tokens([token for token in authors[:16] if is_token(token)])
    keys = held.get("facilitator")
    if isinstance(keys, Mapping):
        for code, key in list(keys.items())[:32]:
            if isinstance(code, str) and is_token(key) and not rights.facilitator_key(code):
                rights.add_facilitator_key(code, key)
                st.session_state[NEW_GROUP_NAME] = True  # the banner shows the facilitator's line, not the name box
    groups = held.get("groups")
    if isinstance(groups, Mapping):
        for code, name in list(groups.items())[:32]:
            if isinstance(code, str) and not rights.knows_group_name(code) and group_name_or_none(name):
                rights.set_group_name(code, group_name_or_none(name))
                st.session_state[NEW_GROUP_NAME] = True  # the banner shows it (banner.catch_up)


def group_name_or_none(raw: Any) -> str | None:
    """A group's name as the library would store it (cleaned, within its limit), or None if it cannot be one."""
    try:
        return check_text("group", clean_label(raw), GROUP_MAX, required=True).strip() if isinstance(raw, str) else None
    except StoreValidationError:
        return None


def _reported() -> Any:
    value = st.session_state.get(DEVICE_KEY)
    return value.get("held") if isinstance(value, Mapping) else None


def adopt() -> None:
    """At the top of every run: what the link brought (first run), then what the browser reported since (a reload's
    rights arrive on the run after the first)."""
    rights.take_link()
    _adopt(_reported())
    _take_probe()


def sync() -> None:
    """Mount the keeper (draws nothing): what the session holds goes to the browser, what the browser holds comes back."""
    _COMPONENT(key=DEVICE_KEY, data={"authors": rights.author_tokens(), "facilitator": rights.facilitator_keys(),
                                     "groups": rights.group_names()},
               on_held_change=lambda: _adopt(_reported()))


def kept_on_device() -> bool | None:
    """True once the browser said it keeps the tokens, False if it cannot (storage off), None before it said."""
    held = _reported()
    return bool(held.get("kept")) if isinstance(held, Mapping) else None


def author_token() -> str:
    """The token new saves of this device carry: its current group's (the newest held), else a new one (sent to the
    browser with the next sync)."""
    return rights.group_token() or rights.new_group_token()


def rights_query(code: str) -> dict[str, str]:
    """The query of a hand-over link: the workshop and the current group's token (never the tokens of the groups
    that used this device before it, nor a facilitator key)."""
    return {"ws": normalise_workshop_code(code), AUTHOR_KEYS: author_token()}


def _query_limits() -> dict[str, int]:
    """Streamlit's limits on a query string (private constants, guarded: its documented values otherwise)."""
    try:
        from streamlit.runtime.state import query_params as qp

        return {"fields": int(qp.CLIENT_STATE_QUERY_STRING_MAX_FIELDS),
                "chars": int(qp.CLIENT_STATE_QUERY_STRING_MAX_LENGTH)}
    except (ImportError, AttributeError, TypeError, ValueError):
        return {"fields": 1000, "chars": 512 * 1024}


def _take_probe() -> bool | None:
    """Read the browser's answer to the probe, once: None before it answered, else whether the query was dropped
    (and then the notice is queued)."""
    ss = st.session_state
    if ss.get(_PROBED):
        return False
    report = ss.get(PROBE_KEY)
    held = report.get("held") if isinstance(report, Mapping) else None
    if not (isinstance(held, Mapping) and "dropped" in held):
        return None
    ss[_PROBED] = True
    if held["dropped"] is True:
        state.add_notices([url.Notice("…", "too_many")])
        return True
    return False


def probe_url() -> None:
    """Until the browser answered once in this session: ask whether its address held a query that Streamlit
    dropped (over 1,000 parameters); if so the page says so like any other unusable link."""
    answer = _take_probe()
    if answer is None:
        _COMPONENT(key=PROBE_KEY, data={"probe": _query_limits()})
    elif answer:
        st.rerun(scope="app")  # the answer came in a fragment's run: the notice sits above it, in the page
