"""A Streamlit client without a browser: one session over /_stcore/stream, speaking the frontend's protobuf protocol.

What the browser does, done by hand (the load test's users and tests/test_locustfile.py use it):

    GET  /_stcore/health                                  the frontend's first request
    WS   /_stcore/stream, Sec-WebSocket-Protocol: streamlit   (with the cookies the health check set, as a
                                                           browser sends them: a sticky proxy reads its own)
    ->   BackMsg.rerun_script  ClientState(query_string, page_script_hash, widget_states,
                                           fragment_id, cached_message_hashes, context_info)
    <-   ForwardMsg new_session, session_status_changed, navigation, delta ... script_finished

A widget's id (e.g. "$$ID-<hash>-w_sim_s_fai_growth") and the fragment it belongs to come from the
first run's deltas; a change is a rerun_script carrying that widget's new state and, for a widget
inside an st.fragment, the fragment's id (the browser does the same). Messages the server marks
cacheable are kept, their hashes sent back with every rerun, and a `ref_hash` reply is read from
that cache, as the frontend's ForwardMsgCache does.

Blocking sockets (websocket-client), so Locust's gevent patching turns every user into a greenlet.
"""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
CACHE_AGE_RUNS = 2  # the frontend drops a cached message not seen for this many runs (maxCachedMessageAge)


class ProtocolError(Exception):
    """The server closed the session, sent an error, or a run did not finish in time."""


@dataclass(frozen=True)
class Widget:
    """A widget as the first run showed it: its id, element type and the fragment it is drawn in."""

    id: str
    kind: str  # the Element oneof: "slider", "number_input", "bidi_component", ...
    fragment_id: str
    element: Element = field(compare=False, repr=False)


@dataclass
class Run:
    """What one rerun sent back: its elements in arrival order and when the awaited one came."""

    elements: list[tuple[float, Element]] = field(default_factory=list)  # (seconds since the request, element)
    matched_after_s: float | None = None  # the first element `until` accepted, seconds after the request
    finished_after_s: float | None = None
    bytes_received: int = 0
    exceptions: list[str] = field(default_factory=list)


def element_text(element: Element) -> str:
    """Every string of an element, in field order, joined by newlines: a metric's label, value and
    delta, a markdown body. The card check reads this, not the page's layout."""
    kind = element.WhichOneof("type")
    if kind is None:
        return ""
    return "\n".join(value for _field, value in getattr(element, kind).ListFields() if isinstance(value, str))


def text_groups(element: Element) -> list[str]:
    """The element's texts in groups that belong together: one group for a built-in element
    (element_text); for a custom component, the strings of each JSON object in its data (a card
    drawn by a components.v2 panel is one object: {"label": ..., "value": ..., "delta": ...})."""
    if element.WhichOneof("type") != "bidi_component":
        return [element_text(element)]
    body = element.bidi_component
    raw = {"json": body.json, "mixed": body.mixed.json}.get(body.WhichOneof("data") or "", "")
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return [raw]
    groups: list[str] = []
    todo = [data]
    while todo:  # every object and list of the JSON, each object's own strings as one group
        node = todo.pop()
        if isinstance(node, dict):
            groups.append("\n".join(v for v in node.values() if isinstance(v, str)))
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return groups


class Session:
    """One Streamlit session on `base_url` (http://127.0.0.1:PORT), opened with `query` as the page's URL query."""

    def __init__(self, base_url: str, query: str = "", timeout_s: float = 10.0, locale: str = "zh-CN",
                 page_name: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.query = query
        self.page_name = page_name  # the page's URL path ("workshop"), as the browser sends it before it knows the hash
        self.timeout_s = timeout_s
        self.locale = locale
        self.ws: websocket.WebSocket | None = None
        self.page_script_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.widget_states: dict[str, WidgetState] = {}  # what this "browser" has set, sent with every rerun
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash -> (message, run it was last seen in)
        self._runs = 0
        self.cookies = http.cookiejar.CookieJar()  # what the server (or a proxy in front) set, sent back as a browser does
        self._http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    # ------------------------------------------------------------------ connection

    def health(self, timeout_s: float | None = None) -> None:
        with self._http.open(f"{self.base_url}/_stcore/health", timeout=timeout_s or self.timeout_s) as r:
            if r.status != 200:
                raise ProtocolError(f"health check answered {r.status}")

    def connect(self, timeout_s: float | None = None) -> None:
        host = urllib.parse.urlsplit(self.base_url).netloc
        self.ws = websocket.create_connection(
            f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], timeout=timeout_s or self.timeout_s,
            origin=self.base_url, enable_multithread=False,
            cookie="; ".join(f"{c.name}={c.value}" for c in self.cookies) or None,
        )

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close(timeout=1)
            except (OSError, websocket.WebSocketException):
                pass
            self.ws = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ runs

    def open_page(self, until: Callable[[Element], bool] | None = None, timeout_s: float | None = None) -> Run:
        """Health check, WebSocket, first run of the page (as a browser opening the URL)."""
        self.health(timeout_s)
        self.connect(timeout_s)
        return self.rerun(until=until, timeout_s=timeout_s)

    def rerun(self, changes: dict[str, WidgetState] | None = None, fragment_id: str = "",
              until: Callable[[Element], bool] | None = None, timeout_s: float | None = None) -> Run:
        """Send a rerun with this session's widget states (plus `changes`), read to script_finished.

        until: a test on each new element; the first one it accepts sets Run.matched_after_s.
        timeout_s: longest wait for script_finished (default: the session's timeout).
        """
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        if self.ws is None:
            raise ProtocolError("not connected")
        self.widget_states.update(changes or {})
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_script_hash
        if not self.page_script_hash:
            state.page_name = self.page_name
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self.widget_states.values())
        state.cached_message_hashes.extend(self._cache)
        state.context_info.locale = self.locale
        state.context_info.timezone = "Asia/Shanghai"
        self._runs += 1
        run = Run()
        started = time.perf_counter()
        self.ws.send_binary(msg.SerializeToString())
        for fwd, size in self._receive(started + timeout_s):
            run.bytes_received += size
            kind = fwd.WhichOneof("type")
            after = time.perf_counter() - started
            if kind == "navigation":  # the page now shown (st.navigation): later reruns name it
                self.page_script_hash = fwd.navigation.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                run.elements.append((after, element))
                self._note_widget(element, fwd.delta.fragment_id)
                if element.WhichOneof("type") == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                if run.matched_after_s is None and until is not None and until(element):
                    run.matched_after_s = after
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the script asked for a rerun (st.rerun): the server starts it now, as the browser waits
                run.finished_after_s = after
                self._expire_cache()
                if fwd.script_finished not in FINISHED_OK:
                    raise ProtocolError(f"script finished with status {fwd.script_finished}")
                return run
        raise ProtocolError(f"no script_finished within {timeout_s:.0f} s")

    def idle(self, seconds: float) -> None:
        """Stay connected for `seconds` without a request, reading what comes, as an open tab does: the
        server pings every 30 s and closes a WebSocket whose pong is late, and websocket-client answers a
        ping only while it reads."""
        if self.ws is None:
            raise ProtocolError("not connected")
        for _msg in self._receive(time.perf_counter() + seconds):
            pass  # e.g. the session status after a run: nothing to answer

    def _receive(self, deadline: float) -> Iterator[tuple[ForwardMsg, int]]:
        """ForwardMsgs until the deadline, each resolved from the cache when sent as a reference."""
        while (left := deadline - time.perf_counter()) > 0:
            self.ws.settimeout(left)
            try:
                # control frames too (a ping is answered inside): recv() alone would keep reading past the
                # deadline while pings keep coming, its timeout being per read
                opcode, raw = self.ws.recv_data(control_frame=True)
            except websocket.WebSocketTimeoutException:
                break
            except (OSError, websocket.WebSocketException) as exc:
                raise ProtocolError(f"connection lost: {exc!r}") from exc
            if opcode in (websocket.ABNF.OPCODE_PING, websocket.ABNF.OPCODE_PONG):
                continue
            if opcode != websocket.ABNF.OPCODE_BINARY or not raw:
                raise ProtocolError("the server closed the WebSocket")
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "ref_hash":
                cached = self._cache.get(fwd.ref_hash)
                if cached is None:
                    raise ProtocolError(f"reference to a message this client never received: {fwd.ref_hash}")
                metadata = fwd.metadata
                fwd = ForwardMsg()
                fwd.CopyFrom(cached[0])
                fwd.metadata.CopyFrom(metadata)
            if fwd.metadata.cacheable and fwd.hash:
                self._cache[fwd.hash] = (fwd, self._runs)
            elif fwd.hash in self._cache:
                self._cache[fwd.hash] = (self._cache[fwd.hash][0], self._runs)
            yield fwd, len(raw)

    def _expire_cache(self) -> None:
        self._cache = {h: (m, seen) for h, (m, seen) in self._cache.items() if self._runs - seen < CACHE_AGE_RUNS}

    def _note_widget(self, element: Element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if isinstance(widget_id, str) and widget_id:
            self.widgets[widget_id] = Widget(widget_id, kind, fragment_id, element)

    # ------------------------------------------------------------------ widgets

    def find_widget(self, key: str, kinds: tuple[str, ...]) -> Widget | None:
        """The widget whose id ends with the user key `key` (Streamlit appends it), of one of `kinds`."""
        for widget in self.widgets.values():
            if widget.kind in kinds and widget.id.endswith(f"-{key}"):
                return widget
        return None

    def widgets_with_key_prefix(self, prefix: str, kinds: tuple[str, ...]) -> list[Widget]:
        return [w for w in self.widgets.values() if w.kind in kinds and f"-{prefix}" in w.id]


def slider_state(widget_id: str, value: float) -> WidgetState:
    """A single-value st.slider's state, as the frontend sends it: a one-element double array."""
    state = WidgetState(id=widget_id)
    state.double_array_value.data.append(value)
    return state


def json_state(widget_id: str, value: dict) -> WidgetState:
    """A components.v2 (bidi) component's state: its whole state dict as JSON."""
    return WidgetState(id=widget_id, json_value=json.dumps(value))
