"""Which saved workshop scenario the session's scenario is, for the leader brief: its group, name and note.

Remembered when this session loads a saved scenario or saves the current one; the brief carries the group's
note only while the session's values are still those of that saved scenario (a lever moved since: no note).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

SOURCE = "ws_brief_source"  # {"code", "values", "group", "name", "note"} of the last saved scenario loaded or saved


def remember(code: str, values: Mapping[str, float], *, group: str, name: str, note: str) -> None:
    st.session_state[SOURCE] = {"code": code, "values": {k: float(v) for k, v in values.items()},
                                "group": group, "name": name, "note": note}


def current(code: str | None, values: Mapping[str, float]) -> dict[str, str]:
    """{"group", "name", "note"} of the saved scenario the session holds unchanged in `code`; empty otherwise."""
    source = st.session_state.get(SOURCE)
    if not source or not code or source["code"] != code:
        return {}
    if {k: float(v) for k, v in values.items()} != source["values"]:
        return {}
    return {k: source[k] for k in ("group", "name", "note")}
