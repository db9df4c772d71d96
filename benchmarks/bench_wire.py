"""Bytes on the wire per lever move, the simulator beside a bare Streamlit app (3 sliders, 1 metric, 1 Altair chart), same run.

In real Chromium (Playwright, /usr/bin/chromium), each app served by its own `streamlit run`:
  per move:    bytes the browser received over the WebSocket from a keypress on a lever (the app:
               the fai lever of the lever panel, whose range commits on change; the bare app: slider
               a) until the page has settled and the socket has been quiet for a second; the
               median over --moves moves (goal: app <= bare, issue 22); then split by part: each
               frame decoded as Streamlit's ForwardMsg, a custom component's bytes by the top-level
               keys of its data (the lever panel's h / c / v: ui/simulator/wire.py), any other
               element by its type, the framework's own messages in brackets
  first visit: bytes of a fresh browser context opening the page until its first figure is drawn
               and the network has been quiet for a second: every HTTP response's bytes on the wire
               (Chromium's encodedDataLength, headers included) plus the WebSocket frames received
               (goal: app <= 1.1x bare, issue 22)
  on the wire: the same per move as TCP bytes from server to browser, counted by a relay the browser
               connects through (WebSocket framing included, and after permessage-deflate when the
               server compresses: Streamlit's server.enableWebsocketCompression, off by default;
               --ws-compression turns it on for both apps)

    python benchmarks/bench_wire.py [--moves 10] [--ws-compression]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import page_probes as probes  # noqa: E402

BARE_APP = ROOT / "benchmarks" / "bare_app.py"
QUIET_S = 1.0  # a move (or a visit) is over when nothing arrived for this long after the page settled

# the page has drawn what the move changed: app - panel on the server's texts and outcomes on the
# panel's last commit (tests/e2e/helpers.py); bare - the metric's text differs from before the move
SETTLED = {
    "app": """(before) => { const h = document.querySelector('.lp-host'), o = document.querySelector('.oc-host');
      return !!h && !!o && Number(h.dataset.sent) > before && Number(h.dataset.seq) >= Number(h.dataset.sent)
        && !document.querySelector('.lp-pending') && Number(o.dataset.seq) >= Number(h.dataset.sent); }""",
    "bare": """(before) => document.querySelector("[data-testid='stMetricValue']")?.textContent !== before""",
}
BEFORE = {
    "app": "() => Number(document.querySelector('.lp-host').dataset.sent)",
    "bare": """() => document.querySelector("[data-testid='stMetricValue']").textContent""",
}
KEY_TARGET = probes.SLIDER  # the range inputs a keypress moves


class Relay:
    """A TCP relay on loopback counting the bytes the server sends the browser (what the network carries)."""

    def __init__(self, target_port: int) -> None:
        self.down = 0
        self._target = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self._target))
            for a, b, count in ((client, server, False), (server, client, True)):
                threading.Thread(target=self._pipe, args=(a, b, count), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, count: bool) -> None:
        try:
            while chunk := src.recv(65536):
                if count:
                    with self._lock:
                        self.down += len(chunk)
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._listener.close()


def parts_of(frame: bytes) -> dict[str, int]:
    """One WebSocket frame's bytes by what they carry: a custom component by its name (its data's top-level
    keys beside it, e.g. "outcomes:d"), another element by its type, the rest as "framework"."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(frame)
    except Exception:  # noqa: BLE001 - not a message we can read: count it whole
        return {"unread": len(frame)}
    if msg.WhichOneof("type") != "delta":
        return {f"({msg.WhichOneof('type')})": len(frame)}
    if msg.delta.WhichOneof("type") != "new_element":
        return {f"({msg.delta.WhichOneof('type')})": len(frame)}
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind != "bidi_component":
        return {kind: len(frame)}
    bidi = element.bidi_component
    name = bidi.component_name.rsplit(".", 1)[-1]
    payload = {"json": bidi.json, "bytes": bidi.bytes, "mixed": bidi.mixed.json}.get(bidi.WhichOneof("data") or "", "")
    parts = {name: len(frame) - len(payload)}  # the element's own fields and the message's envelope
    parts |= data_parts(name, payload)
    return parts


def data_parts(name: str, payload: str | bytes) -> dict[str, int]:
    """A component's data by top-level key: "name:key" -> its bytes as sent (a payload we cannot read: whole)."""
    import json

    raw = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return {f"{name}:data": len(raw)}
    if not isinstance(data, dict):
        return {f"{name}:data": len(raw)}
    ascii_only = isinstance(payload, str)  # Streamlit's json.dumps escapes non-ASCII; bytes go as UTF-8
    sizes = {f"{name}:{k}": len(json.dumps(v, ensure_ascii=ascii_only).encode("utf-8")) for k, v in data.items()}
    rest = len(raw) - sum(sizes.values())
    return sizes | ({f"{name}:(keys)": rest} if rest > 0 else {})


class Wire:
    """Counts what one page receives: WebSocket frames (Playwright) and HTTP bytes (CDP)."""

    def __init__(self, page) -> None:
        self.ws_bytes = 0
        self.ws_frames = 0
        self.parts: dict[str, int] = {}
        self.http_bytes = 0
        self.last = time.monotonic()
        page.on("websocket", self._socket)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._http)

    def _socket(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        frame = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        self.ws_bytes += len(frame)
        for part, size in parts_of(frame).items():
            self.parts[part] = self.parts.get(part, 0) + size
        self.ws_frames += 1
        self.last = time.monotonic()

    def _http(self, event) -> None:
        self.http_bytes += int(event.get("encodedDataLength", 0))
        self.last = time.monotonic()

    def reset(self) -> None:
        self.ws_bytes = self.ws_frames = self.http_bytes = 0
        self.parts = {}
        self.last = time.monotonic()

    def wait_quiet(self, page, limit_s: float = 10.0) -> None:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline and time.monotonic() - self.last < QUIET_S:
            page.wait_for_timeout(100)  # lets Playwright deliver events meanwhile


def measure(url: str, kind: str, moves: int, relay: Relay) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        wire = Wire(page)
        wire.reset()
        page.goto(url)
        page.wait_for_selector(probes.CARD[kind], timeout=60_000)
        wire.wait_quiet(page)
        visit = {"visit_http": wire.http_bytes, "visit_ws": wire.ws_bytes}
        target = page.locator(KEY_TARGET[kind]).first
        target.focus()
        per_move, frames, tcp, splits = [], [], [], []
        for i in range(moves):
            before = page.evaluate(BEFORE[kind])
            wire.reset()
            down = relay.down
            target.press("ArrowRight" if (i // 2) % 2 == 0 else "ArrowLeft")
            page.wait_for_function(SETTLED[kind], arg=before, timeout=20_000)
            wire.wait_quiet(page)
            per_move.append(wire.ws_bytes + wire.http_bytes)
            frames.append(wire.ws_frames)
            tcp.append(relay.down - down)
            splits.append(wire.parts)
        browser.close()
    return visit | {"move": statistics.median(per_move), "move_max": max(per_move), "frames": statistics.median(frames),
                    "tcp": statistics.median(tcp),
                    "split": {k: statistics.median(s.get(k, 0) for s in splits) for k in {k for s in splits for k in s}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--ws-compression", action="store_true", help="both apps with server.enableWebsocketCompression")
    args = parser.parse_args()
    extra = {"STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": "true"} if args.ws_compression else {}

    from tests.e2e.conftest import free_port, start_app, stop_app

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, script in (("app", "app.py"), ("bare", str(BARE_APP))):
            port = free_port()
            proc = start_app(port, {"HUADU_DATA_DIR": tmp, "HUADU_DATABASE_URL": f"sqlite:///{tmp}/wire.sqlite3"} | extra,
                             app=script)
            relay = Relay(port)
            try:
                results[kind] = measure(f"http://127.0.0.1:{relay.port}/", kind, args.moves, relay)
            finally:
                relay.close()
                stop_app(proc)
    app, bare = results["app"], results["bare"]
    print(f"bytes received per lever move (WebSocket frames, median of {args.moves}): app {app['move'] / 1000:.1f} kB "
          f"(max {app['move_max'] / 1000:.1f}, {app['frames']:.0f} frames), bare {bare['move'] / 1000:.1f} kB "
          f"(max {bare['move_max'] / 1000:.1f}, {bare['frames']:.0f} frames), "
          f"ratio {app['move'] / bare['move']:.2f}x (goal <= 1.0x)")
    print(f"on the wire per lever move (TCP bytes server -> browser, median of {args.moves}"
          f"{', WebSocket compression on' if args.ws_compression else ''}): app {app['tcp'] / 1000:.1f} kB, "
          f"bare {bare['tcp'] / 1000:.1f} kB, ratio {app['tcp'] / bare['tcp']:.2f}x (goal <= 1.0x)")
    for kind in ("app", "bare"):
        split = sorted(results[kind]["split"].items(), key=lambda kv: -kv[1])
        print(f"  {kind} per move by part (median bytes): " + ", ".join(f"{k} {v:.0f}" for k, v in split if v))
    visit = {k: r["visit_http"] + r["visit_ws"] for k, r in results.items()}
    print(f"first visit, bytes received (HTTP on the wire + WebSocket): app {visit['app'] / 1e6:.2f} MB "
          f"(HTTP {app['visit_http'] / 1e6:.2f}, WS {app['visit_ws'] / 1000:.1f} kB), bare {visit['bare'] / 1e6:.2f} MB "
          f"(HTTP {bare['visit_http'] / 1e6:.2f}, WS {bare['visit_ws'] / 1000:.1f} kB), "
          f"ratio {visit['app'] / visit['bare']:.2f}x (goal <= 1.1x)")


if __name__ == "__main__":
    main()
