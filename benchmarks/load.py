"""Load: N real Chromium sessions move sliders at human pace against one `streamlit run app.py`.

    python benchmarks/load.py                         # 20 sessions, 60 s
    python benchmarks/load.py --sessions 5 --seconds 20 --json /tmp/load.json
    python benchmarks/load.py --split-cores --server-timing   # the server on a core of its own

Starts the app on loopback (its scenario library in a temporary SQLite), opens one Chromium
with one browser context per session, and has every session press an arrow key on a random
lever slider every 1-2 s. Prints:
- latency from keypress to the GDP card (first st.metric) showing its new value, p50/p95/max,
  timed inside the page (keydown listener to a MutationObserver seeing the card's text change,
  so the driver's own round trips are not counted);
- errors: stException elements, page errors, keypresses with no card update within --timeout;
- the server's memory (VmRSS of the streamlit process and its children) with 1, 10 and 20
  sessions connected, after the sliders moved, and after the sessions closed; the cost of each
  extra session;
- of that latency, the server's and the network's share: from the WebSocket frame the browser
  sent after the keypress to the first frame it received holding the card's new delta, on
  Chrome's network clock (DevTools protocol); the rest is the page waiting for CPU and drawing;
- CPU seconds of the server, of Chromium and of this driver during the run, and the server's
  CPU per keypress: on a small machine Chromium drawing N pages competes with the server for
  the same cores, and one Python process can use about one core.
Goals (issue 6): p95 <= 500 ms, no errors, <= 5 MB of server memory per extra session.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import data  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop_app  # noqa: E402

GOAL_P95_MS = 500.0
GOAL_MB_PER_SESSION = 5.0
CHECKPOINTS = (1, 10, 20)
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Installed in each page once it has drawn: remembers the last keydown and every change of the
# GDP card's value and delta (the card labelled card_gdp_growth; it is the first card), with the page's own clock. wait(n, ms) resolves when change n
# has happened (no polling, so twenty idle pages cost the browser nothing while they wait).
WATCH_CARD = """
(label) => {
  const gdpCard = () => [...document.querySelectorAll('[data-testid="stMetric"]')].find(
    m => (m.querySelector('[data-testid="stMetricLabel"]') || {}).textContent?.trim() === label);
  const card = () => {
    const m = gdpCard();
    if (!m) return null;
    const v = m.querySelector('[data-testid="stMetricValue"]');
    const d = m.querySelector('[data-testid="stMetricDelta"]');
    return (v ? v.textContent : '') + '|' + (d ? d.textContent : '');
  };
  const delta = () => {
    const d = (gdpCard() || document).querySelector('[data-testid="stMetricDelta"]');
    return d ? d.textContent.trim() : '';
  };
  const b = window.__bench = {key: 0, changes: [], deltas: [], last: card(), waiters: []};
  b.wait = (n, ms) => new Promise(resolve => {
    const done = () => {
      if (b.changes.length <= n) return false;
      resolve({ms: b.changes[n] - b.key, delta: b.deltas[n],
               exceptions: document.querySelectorAll('[data-testid="stException"]').length});
      return true;
    };
    if (!done()) {
      b.waiters.push(done);
      setTimeout(() => resolve(null), ms);
    }
  });
  document.addEventListener('keydown', () => { b.key = performance.now(); }, true);
  new MutationObserver(() => {
    const now = card();
    if (now !== null && now !== b.last) {
      b.last = now;
      b.changes.push(performance.now());
      b.deltas.push(delta());
      b.waiters = b.waiters.filter(w => !w());
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
  return [...document.querySelectorAll('[data-testid="stMetric"] [data-testid="stMetricLabel"]')].map(
    l => l.textContent.trim());
}
"""


# With --server-timing the app process imports this (as sitecustomize, from a temporary folder on
# its PYTHONPATH) and logs, for every rerun request, the milliseconds until the GDP card's delta
# is handed to the WebSocket. It patches Streamlit internals, so it is a diagnostic, not a figure
# to track across Streamlit versions.
SERVER_TIMING = """
import os, threading, time
try:
    from streamlit.runtime import app_session
    from streamlit.web.server.starlette import starlette_websocket as ws
except Exception:  # another Streamlit layout: time nothing
    app_session = None
if app_session is not None:
    _label = os.environ["HUADU_BENCH_CARD_LABEL"]
    _log = open(os.environ["HUADU_BENCH_SERVER_LOG"], "a", buffering=1)
    _started, _pending, _lock = {}, {}, threading.Lock()
    _handle, _enqueue = app_session.AppSession.handle_backmsg, app_session.AppSession._enqueue_forward_msg

    def handle_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            _started[self.id] = time.perf_counter()
        return _handle(self, msg)

    def _is_card(msg):
        return (msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element"
                and msg.delta.new_element.WhichOneof("type") == "metric"
                and msg.delta.new_element.metric.label == _label)

    def enqueue(self, msg):
        t0 = _started.pop(self.id, None)
        if t0 is not None and _is_card(msg):
            with _lock:
                _pending[id(msg)] = (t0, time.perf_counter())
        elif t0 is not None:
            _started[self.id] = t0
        return _enqueue(self, msg)

    app_session.AppSession.handle_backmsg = handle_backmsg
    app_session.AppSession._enqueue_forward_msg = enqueue
    for _name in dir(ws):
        _cls = getattr(ws, _name)
        if isinstance(_cls, type) and "write_forward_msg" in vars(_cls):
            _write = _cls.write_forward_msg

            def write_forward_msg(self, msg, _write=_write):
                with _lock:
                    mark = _pending.pop(id(msg), None)
                result = _write(self, msg)
                if mark is not None:
                    now = time.perf_counter()
                    _log.write(f"{1000 * (mark[1] - mark[0]):.1f} {1000 * (now - mark[0]):.1f}\\n")
                return result

            _cls.write_forward_msg = write_forward_msg
"""


# ------------------------------------------------------------------ /proc


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def process_tree(pid: int) -> list[int]:
    kids, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rss_mb(pid: int) -> float:
    """VmRSS of pid and all its descendants, in MB."""
    total_kb = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def cpu_split(server_pid: int) -> dict[str, float]:
    """CPU seconds so far: the server, Chromium, and this driver (Python + Playwright's node)."""
    server = set(process_tree(server_pid))
    mine = [p for p in process_tree(os.getpid()) if p not in server]
    chromium = [p for p in mine if "chrom" in _comm(p)]
    driver = [p for p in mine if p not in chromium]
    return {"server": cpu_seconds(sorted(server)), "chromium": cpu_seconds(chromium), "driver": cpu_seconds(driver)}


def renice_browser(server_pid: int, niceness: int) -> None:
    """Lower Chromium's CPU priority, as if the browsers ran on the participants' own laptops."""
    server = set(process_tree(server_pid))
    for p in process_tree(os.getpid()):
        if p not in server and "chrom" in _comm(p):
            try:
                os.setpriority(os.PRIO_PROCESS, p, niceness)
            except OSError:
                pass


def threads(pid: int) -> list[int]:
    """Every thread of pid and of its descendants (affinity is per thread on Linux)."""
    out = []
    for p in process_tree(pid):
        try:
            out.extend(int(t) for t in os.listdir(f"/proc/{p}/task"))
        except OSError:
            pass
    return out


def pin(pids: list[int], cores: set[int]) -> None:
    for tid in pids:
        try:
            os.sched_setaffinity(tid, cores)
        except OSError:  # the thread ended meanwhile
            pass


def settled_rss(pid: int, seconds: float = 3.0) -> float:
    """RSS after a short quiet spell (the median of a few samples)."""
    samples = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        samples.append(rss_mb(pid))
        time.sleep(0.5)
    return statistics.median(samples)


# ------------------------------------------------------------------ sessions


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    round_trips_ms: list[float] = field(default_factory=list)  # WebSocket: rerun request out -> card delta in
    timeouts: int = 0
    exceptions: int = 0
    page_errors: list[str] = field(default_factory=list)
    keypresses: int = 0


@dataclass
class Session:
    index: int
    page: object
    sliders: list
    positions: list[int]
    sent: list[float] = field(default_factory=list)                 # CDP timestamps (s) of frames sent
    received: list[tuple[float, bytes]] = field(default_factory=list)  # ... and frames received


DRAWN = """(label) => !document.querySelector('[data-testid="stStatusWidget"]')
    && [...document.querySelectorAll('[data-testid="stMetricLabel"]')].some(l => l.textContent.trim() === label)"""


def _frame_bytes(payload: str) -> bytes:
    try:
        return base64.b64decode(payload, validate=True)  # binary frames (Streamlit's protobuf) come base64-encoded
    except ValueError:
        return payload.encode("utf-8", "replace")


def round_trip_ms(s: Session, delta_text: str) -> float | None:
    """From the first frame the browser sent after the keypress to the first frame it received that holds
    the card's new delta text, on the browser's network clock: the server's and the network's share of
    the latency, without the time the page waited for CPU before sending or after receiving."""
    wanted = delta_text.encode("utf-8")
    if not s.sent or not wanted:
        return None
    first_sent = s.sent[0]
    for stamp, payload in s.received:
        if stamp >= first_sent and wanted in payload:
            return 1000 * (stamp - first_sent)
    return None


async def open_session(browser, base_url: str, index: int, lang: str, tally: Tally, timeout_s: float,
                       network_split: bool, dataset: data.Dataset) -> Session:
    context = await browser.new_context(viewport={"width": 1280, "height": 900},
                                        locale="zh-CN" if lang == "zh" else "en-US")
    page = await context.new_page()
    page.on("pageerror", lambda exc: tally.page_errors.append(f"session {index}: {exc}"))
    await page.goto(f"{base_url}/?lang={lang}", timeout=timeout_s * 1000)
    wanted = dataset.text["card_gdp_growth"][lang]
    # Drawn: the GDP card is there and the app has stopped running (cards arrive one by one).
    await page.wait_for_function(DRAWN, arg=wanted, timeout=timeout_s * 1000, polling=100)
    labels = await page.evaluate(WATCH_CARD, wanted)
    if wanted not in labels:
        raise RuntimeError(f"no GDP card labelled {wanted!r} among {labels}")
    if labels[0] != wanted:
        print(f"  note: session {index}: the first card is {labels[0]!r}; timing the GDP card anyway", flush=True)
    sliders = [
        page.locator(f"[data-testid='stSlider'] input[type='range'][aria-label='{p.label[lang]}']").first
        for p in dataset.params_in("lever")
    ]
    session = Session(index, page, sliders, [0] * len(sliders))
    if network_split:
        cdp = await context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", lambda e: session.sent.append(e["timestamp"]))
        cdp.on("Network.webSocketFrameReceived",
               lambda e: session.received.append((e["timestamp"], _frame_bytes(e["response"]["payloadData"]))))
        await cdp.send("Network.enable")
    return session


async def move_sliders(s: Session, until: float, tally: Tally, rng: random.Random, timeout_s: float,
                       pace: tuple[float, float]) -> None:
    """Press an arrow key on a random lever, wait for the GDP card, rest, until `until` (monotonic)."""
    await asyncio.sleep(rng.uniform(0, pace[1]))  # sessions do not all press at the same instant
    while time.monotonic() < until:
        started = time.monotonic()
        lever = rng.randrange(len(s.sliders))
        position = s.positions[lever]  # steps from the default; turn back long before a slider's end
        step = rng.choice((-1, 1)) if abs(position) < 40 else (-1 if position > 0 else 1)
        seen = await s.page.evaluate("() => window.__bench.changes.length")
        s.sent.clear()
        s.received.clear()
        await s.sliders[lever].press("ArrowRight" if step > 0 else "ArrowLeft")
        s.positions[lever] += step
        tally.keypresses += 1
        measured = await s.page.evaluate("([n, ms]) => window.__bench.wait(n, ms)", [seen, timeout_s * 1000])
        if measured is None:  # the card did not change within the timeout
            tally.timeouts += 1
        else:
            tally.latencies_ms.append(measured["ms"])
            await asyncio.sleep(0.05)  # let the CDP frame events that preceded the DOM change reach us
            trip = round_trip_ms(s, measured["delta"])
            if trip is not None:
                tally.round_trips_ms.append(trip)
            tally.exceptions = max(tally.exceptions, measured["exceptions"])
        rest = rng.uniform(*pace) - (time.monotonic() - started)
        if rest > 0:
            await asyncio.sleep(rest)


# ------------------------------------------------------------------ the run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


async def run(args: argparse.Namespace) -> dict:
    from playwright.async_api import async_playwright

    dataset = data.load()  # once, for this run's labels and levers

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="huadu-load-"))
    port = free_port()
    env = {"HUADU_DATA_DIR": str(folder), "HUADU_DATABASE_URL": f"sqlite:///{folder}/load.sqlite3"}
    env |= dict(item.split("=", 1) for item in args.server_env)
    server_log = folder / "server_timing.log"
    if args.server_timing:
        hook = folder / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(SERVER_TIMING, encoding="utf-8")
        env |= {"PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH", "")])),
                "HUADU_BENCH_CARD_LABEL": dataset.text["card_gdp_growth"][args.lang],
                "HUADU_BENCH_SERVER_LOG": str(server_log)}
    proc = start_app(port, env)
    if args.split_cores:
        # the server on core 0 (one Python process uses about one core anyway); this driver, and
        # so Chromium and Playwright started from it, on the others: the server is then timed as on
        # a machine of its own, while the browsers share what is left
        all_cores = os.sched_getaffinity(0)
        server_cores, browser_cores = {min(all_cores)}, all_cores - {min(all_cores)}
        if not browser_cores:
            raise RuntimeError("--split-cores needs at least two cores")
        pin(threads(proc.pid), server_cores)
        pin([int(t) for t in os.listdir("/proc/self/task")], browser_cores)
    if args.server_nice:
        for pid in process_tree(proc.pid):
            os.setpriority(os.PRIO_PROCESS, pid, args.server_nice)  # threads started later inherit it
    time.sleep(1.0)
    if proc.poll() is not None:  # e.g. another program took the port between free_port() and the bind
        raise RuntimeError(f"streamlit exited with status {proc.returncode} right after starting on port {port}")
    base_url = f"http://127.0.0.1:{port}"
    tally = Tally()
    memory: dict[str, float] = {"server_started": settled_rss(proc.pid, 2.0)}
    idle: dict[str, float] = {}  # server CPU (share of one core) while the sessions sit still
    report: dict = {"sessions": args.sessions, "seconds": args.seconds, "cores": os.cpu_count(), "memory_mb": memory,
                    "server_env": args.server_env, "nice_browser": args.nice_browser, "server_nice": args.server_nice, "split_cores": args.split_cores, "idle_cpu_share": idle,
                    "loadavg_before": os.getloadavg()[0]}
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if args.nice_browser:
                renice_browser(proc.pid, args.nice_browser)  # its renderers, started later, inherit it
            sessions: list[Session] = []
            checkpoints = sorted({c for c in CHECKPOINTS if c <= args.sessions} | {args.sessions})
            for checkpoint in checkpoints:
                while len(sessions) < checkpoint:
                    sessions.append(await open_session(browser, base_url, len(sessions), args.lang, tally,
                                                       args.timeout * 3, args.network_split, dataset))
                idle_from, idle_started = cpu_seconds(process_tree(proc.pid)), time.monotonic()
                memory[f"connected_{checkpoint}"] = settled_rss(proc.pid, 5.0)
                idle[f"connected_{checkpoint}"] = ((cpu_seconds(process_tree(proc.pid)) - idle_from)
                                                   / (time.monotonic() - idle_started))
                print(f"  {checkpoint:>3} sessions connected: server RSS {memory[f'connected_{checkpoint}']:.1f} MB, "
                      f"idle server CPU {100 * idle[f'connected_{checkpoint}']:.0f}% of a core", flush=True)
            if args.nice_browser:
                renice_browser(proc.pid, args.nice_browser)
            cpu_before = cpu_split(proc.pid)
            peak = [0.0]

            async def sample_memory(until: float) -> None:
                while time.monotonic() < until:
                    peak[0] = max(peak[0], rss_mb(proc.pid))
                    await asyncio.sleep(1.0)

            until = time.monotonic() + args.seconds
            print(f"  moving sliders in {len(sessions)} sessions for {args.seconds:.0f} s ...", flush=True)
            await asyncio.gather(
                sample_memory(until),
                *(move_sliders(s, until, tally, random.Random(rng.random()), args.timeout,
                               (args.pace_min, args.pace_max)) for s in sessions),
            )
            cpu_after = cpu_split(proc.pid)
            report["loadavg_after"] = os.getloadavg()[0]
            memory["peak_while_moving"] = peak[0]
            memory[f"after_moving_{len(sessions)}"] = settled_rss(proc.pid)
            tally.exceptions = 0
            for s in sessions:
                tally.exceptions += await s.page.locator("[data-testid='stException']").count()
            for s in sessions:
                await s.page.context.close()
            await browser.close()
        memory["after_closing"] = settled_rss(proc.pid, 5.0)
    finally:
        stop_app(proc)
    if args.server_timing and server_log.exists():
        rows = [line.split() for line in server_log.read_text().splitlines() if line.strip()]
        to_card = [float(r[1]) for r in rows]
        report["server_ms"] = {"n": len(rows), "script_p50": percentile([float(r[0]) for r in rows], 0.5),
                               "p50": percentile(to_card, 0.5), "p95": percentile(to_card, 0.95),
                               "max": max(to_card, default=float("nan"))}
    n = args.sessions
    first, last = memory["connected_1"], memory[f"connected_{n}"]
    report.update({
        "keypresses": tally.keypresses,
        "card_updates": len(tally.latencies_ms),
        "latency_ms": {"p50": percentile(tally.latencies_ms, 0.5), "p95": percentile(tally.latencies_ms, 0.95),
                       "max": max(tally.latencies_ms, default=float("nan"))},
        "round_trip_ms": {"n": len(tally.round_trips_ms), "p50": percentile(tally.round_trips_ms, 0.5),
                          "p95": percentile(tally.round_trips_ms, 0.95),
                          "max": max(tally.round_trips_ms, default=float("nan"))},
        "errors": {"st_exception": tally.exceptions, "timeouts": tally.timeouts, "page_errors": len(tally.page_errors)},
        "page_error_samples": tally.page_errors[:5],
        "mb_per_extra_session_connected": (last - first) / (n - 1) if n > 1 else float("nan"),
        "mb_per_extra_session_after_moving": (memory[f"after_moving_{n}"] - first) / (n - 1) if n > 1 else float("nan"),
        "cpu_seconds": {k: cpu_after[k] - cpu_before[k] for k in cpu_before},
    })
    return report


def print_report(r: dict) -> None:
    lat, err, mem, cpu = r["latency_ms"], r["errors"], r["memory_mb"], r["cpu_seconds"]
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    print(f"\nLoad: {r['sessions']} Chromium sessions x {r['seconds']:.0f} s on {r['cores']} cores "
          f"(the browser runs on the same cores as the server)"
          + (f"; server env {' '.join(r['server_env'])}" if r["server_env"] else "")
          + (f"; Chromium at nice {r['nice_browser']}" if r["nice_browser"] else "")
          + (f"; server at nice {r['server_nice']}" if r["server_nice"] else "")
          + ("; server pinned to one core, browsers and driver to the others" if r.get("split_cores") else ""))
    print(f"  keypresses {r['keypresses']}, GDP card updates {r['card_updates']}")
    print(f"  keypress -> GDP card: p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, max {lat['max']:.0f} ms"
          f"   [goal p95 <= {GOAL_P95_MS:.0f} ms: {ok(lat['p95'] <= GOAL_P95_MS)}]")
    trip = r["round_trip_ms"]
    if trip["n"]:
        print(f"    of which server + network (WebSocket request out -> card delta in, {trip['n']} matched): "
              f"p50 {trip['p50']:.0f} ms, p95 {trip['p95']:.0f} ms, max {trip['max']:.0f} ms; the rest is the "
              "browser waiting for CPU and drawing")
    if "server_ms" in r:
        sv = r["server_ms"]
        print(f"    of which inside the server (rerun request in -> card handed to the WebSocket, {sv['n']} reruns): "
              f"p50 {sv['p50']:.0f} ms, p95 {sv['p95']:.0f} ms, max {sv['max']:.0f} ms "
              f"(script start to card: p50 {sv['script_p50']:.0f} ms)")
    total_errors = sum(err.values())
    print(f"  errors: stException {err['st_exception']}, timeouts {err['timeouts']}, page errors {err['page_errors']}"
          f"   [goal none: {ok(total_errors == 0)}]")
    for line in r["page_error_samples"]:
        print(f"    {line[:200]}")
    print("  server CPU while every session sits still: "
          + ", ".join(f"{k} {100 * v:.0f}%" for k, v in r["idle_cpu_share"].items()) + " of a core")
    print("  server RSS (MB): " + ", ".join(f"{k} {v:.1f}" for k, v in mem.items()))
    per, moved = r["mb_per_extra_session_connected"], r["mb_per_extra_session_after_moving"]
    if r["sessions"] > 1:
        print(f"  per extra session: {per:.2f} MB connected, {moved:.2f} MB after moving"
              f"   [goal <= {GOAL_MB_PER_SESSION:.0f} MB: {ok(max(per, moved) <= GOAL_MB_PER_SESSION)}]")
    if r["keypresses"]:
        print(f"  server CPU per keypress: {1000 * cpu['server'] / r['keypresses']:.0f} ms "
              "(one Python process: a core's worth of these per second is its ceiling)")
    print(f"  CPU seconds during the run: server {cpu['server']:.1f}, chromium {cpu['chromium']:.1f}, "
          f"driver {cpu['driver']:.1f} (of {r['cores'] * r['seconds']:.0f} available); "
          f"1-min load average {r['loadavg_before']:.1f} before, {r['loadavg_after']:.1f} after (other work on the box "
          "shows here)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--pace-min", type=float, default=1.0, help="shortest gap between keypresses (s)")
    parser.add_argument("--pace-max", type=float, default=2.0, help="longest gap between keypresses (s)")
    parser.add_argument("--timeout", type=float, default=10.0, help="a keypress with no card update after this many "
                                                                     "seconds counts as an error")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--nice-browser", type=int, default=0, metavar="N",
                        help="run Chromium at this niceness (e.g. 19) so the server gets the CPU first, as when "
                             "the browsers are on other machines; the default 0 lets them compete")
    parser.add_argument("--server-nice", type=int, default=0, metavar="N",
                        help="run the app at this niceness (e.g. -10, as root) so it gets the CPU before the "
                             "browsers, as on a server of its own")
    parser.add_argument("--split-cores", action="store_true",
                        help="pin the app to one core and the browsers (and this driver) to the rest, so the "
                             "server's share is timed as on a machine of its own")
    parser.add_argument("--server-timing", action="store_true",
                        help="also time each rerun inside the app process (patches Streamlit internals; diagnostic)")
    parser.add_argument("--no-network-split", dest="network_split", action="store_false",
                        help="skip timing the WebSocket round trip through Chrome's DevTools protocol")
    parser.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the app, e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false to try a "
                             "Streamlit setting without editing .streamlit/config.toml")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    if args.sessions < 1:
        parser.error("--sessions must be at least 1")
    report = asyncio.run(run(args))
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
