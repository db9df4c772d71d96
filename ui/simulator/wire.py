"""The lever panel's data on the wire: what does not change within a session once, each move only what did (issue 22).

A component's data is split by its Python side into a constant part (texts, lever definitions,
the chart and scorecard skeletons, the response's slopes: everything that stays the same while
only the main levers move) and a live part (a compact list of numbers: the commit, the levers'
values, the outputs at the point). Every run sends the constant part's content hash `h` and the
live part `v`; the constant part itself `c` only when this session has not sent that hash yet
(first run, another language, new targets or assumptions). The browser keeps the constant parts
it got by hash (huadu_components/lever_panel/panel.js); if it ever lacks the one named (a page
reload keeps the session's record but loses the browser's memory only in a new session, yet a
message can be lost when a run is cut short by the next), it sets its trigger `need` and the
callback below makes the next run send it again.

The constant part is built, encoded and hashed once per setting of what it depends on (`constant`: a
process-wide memo, shared by every session with those settings), not on every move: on a move it cost
about a third of the panel run's CPU only to find the same hash (py-spy, issue 22's last step).

Sent as UTF-8 JSON bytes (st.components.v2 hands raw bytes to the browser as they are): Streamlit's
own JSON encoding would escape every Chinese character as \\uXXXX, twice its UTF-8 size.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, MutableMapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

SENT = "_wire_sent"  # session state: component key -> hash of the constant part this session was sent last
NEED = "need"  # the browser's trigger: it lacks the constant part of this hash
MEMO_SIZE = 256  # constant parts kept (about 20 kB each): one per language x targets x assumptions in use


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def content_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Constant:
    """A constant part encoded once: its JSON text and that text's hash."""

    body: str
    h: str


def encode(const: dict[str, Any]) -> Constant:
    body = _json(const)
    return Constant(body, content_hash(body))


_memo: OrderedDict[Hashable, Constant] = OrderedDict()
_memo_lock = threading.Lock()  # sessions run in threads of one process


def constant(memo_key: Hashable | None, build: Callable[[], dict[str, Any]]) -> Constant:
    """build()'s constant part, encoded; built once per `memo_key` (everything it depends on; the caller's
    promise, which tests/test_ui_wire.py holds it to), least recently used dropped past MEMO_SIZE.
    memo_key None: built and encoded now, kept nowhere."""
    if memo_key is None:
        return encode(build())
    with _memo_lock:
        found = _memo.get(memo_key)
        if found is not None:
            _memo.move_to_end(memo_key)
            return found
    made = encode(build())
    with _memo_lock:
        _memo[memo_key] = made
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return made


def payload(key: str, const: Constant, live: list[Any]) -> bytes:
    """The bytes for one run: {"h": hash, "c": constant part (only if not sent yet), "v": live part}."""
    body, h = const.body, const.h
    sent: MutableMapping[str, str] = st.session_state.setdefault(SENT, {})
    parts = [f'"h":"{h}"']
    if sent.get(key) != h:
        parts.append(f'"c":{body}')
        sent[key] = h
    parts.append(f'"v":{_json(live)}')
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def resend(key: str) -> None:
    """The browser lacks the constant part (its trigger `need`): send it with the next run."""
    st.session_state.setdefault(SENT, {}).pop(key, None)


def decode(raw: bytes, known: MutableMapping[str, dict[str, Any]]) -> tuple[dict[str, Any], list[Any]]:
    """(constant part, live part) from one run's bytes, as the browser reads them: `known` holds the
    constant parts met so far by hash (a KeyError names a hash never sent to this reader)."""
    data = json.loads(raw.decode("utf-8"))
    if "c" in data:
        known[data["h"]] = data["c"]
    return known[data["h"]], data["v"]
