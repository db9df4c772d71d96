"""Messages of the workshop pages: queued from callbacks, shown once; validation and database faults in words."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import streamlit as st

import store
from store import StoreValidationError
from ui.session.dataset import dataset
from ui.shared.i18n import t

log = logging.getLogger("ui.workshop")
MESSAGES = "ws_messages"
MAX_PROBLEM_LINES = 12


def say(area: str, kind: str, key: str, lines: Sequence[str] = (), **values: object) -> None:
    """Queue a message for the next run. `values` fill the translated text (never user text); `lines` are literal."""
    st.session_state.setdefault(MESSAGES, {}).setdefault(area, []).append((kind, key, values, tuple(lines)))


def say_text(area: str, kind: str, text: str) -> None:
    """Queue an already translated message (never user text)."""
    st.session_state.setdefault(MESSAGES, {}).setdefault(area, []).append((kind, None, {"text": text}, ()))


def show_messages(area: str, lang: str) -> None:
    """Show (once) what the last action in `area` did: translated text, then any literal lines."""
    for kind, key, values, lines in st.session_state.get(MESSAGES, {}).pop(area, []):
        getattr(st, kind)(t(key, lang, **values) if key else values["text"])
        for line in lines[:MAX_PROBLEM_LINES]:
            st.text("• " + line)
        if len(lines) > MAX_PROBLEM_LINES:
            st.text(t("ws_more_lines", lang, n=len(lines) - MAX_PROBLEM_LINES))


def field_error(err: StoreValidationError, lang: str) -> str:
    """A validation error in words: which field, and why."""
    specific = f"ws_err_{err.field}_{err.reason}"
    key = specific if specific in dataset().text else f"ws_err_{err.reason}"
    return t(key, lang, field=t(f"ws_field_{err.field}", lang), limit=err.limit or "")


def fault_key(exc: BaseException, action: str) -> str:
    """Log a database fault as what it is and return the key of its message.

    A configuration fault (read-only folder, missing driver, wrong password) is logged as such and
    told as "not a passing problem"; a timeout or a refused connection as "try again".
    """
    if store.is_config_fault(exc):
        log.error("configuration fault of the scenario library while %s: %r", action, exc)
        return "ws_db_config_fault"
    if isinstance(exc, store.StoreTimeoutError):
        log.warning("scenario library did not answer in time while %s", action)
        return "ws_db_timeout"
    log.exception("scenario library failed while %s", action, exc_info=exc)
    return "ws_db_error"
