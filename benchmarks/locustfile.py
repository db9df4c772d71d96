"""Locust: a workshop of participants on the simulator, each its own Streamlit session over the WebSocket protocol.

    locust -f benchmarks/locustfile.py --headless -u 200 -r 10 --host http://127.0.0.1:8501 \
        --move-seconds 120 --raw-json /tmp/moves.json
    (benchmarks/load_locust.py starts the app pinned to one core and runs this on the other)

Each user (benchmarks/sim_client.py, no browser): health check, WebSocket, first run of the
simulator page (request "open simulator"); then waits until every user has opened the page (so
the server's memory can be read with all sessions connected, --settle-seconds), and for
--move-seconds moves a random main lever every --pace-min..--pace-max seconds (the pause after
each answer, as a participant reads the card; all waits keep reading the WebSocket, so the
server's pings are answered as a browser answers them), timing from the rerun request sent to the GDP
card showing the figure model.simulate gives for the new value (request "move lever -> GDP
card"). A stale card, no card, an exception element or a lost connection is a failure.
When every user has finished moving, Locust stops; --run-time bounds it in any case.
--raw-json writes every latency in ms, unrounded (Locust's own table rounds them), the time
each user took to open the page, and the first failures.
"""

from __future__ import annotations

import json
import random
import sys
import time
import urllib.parse
from pathlib import Path

import gevent
from gevent.event import Event
from locust import User, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from benchmarks.sim_client import SimulatorSession  # noqa: E402

OPEN, MOVE = "open simulator", "move lever -> GDP card"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="the page's language (URL lang=)")
    parser.add_argument("--move-seconds", type=float, default=120.0, help="how long each user moves levers")
    parser.add_argument("--pace-min", type=float, default=2.0, help="shortest pause between moves (s)")
    parser.add_argument("--pace-max", type=float, default=5.0, help="longest pause between moves (s)")
    parser.add_argument("--card-timeout", type=float, default=10.0,
                        help="a move whose run has not finished after this many seconds is a failure")
    parser.add_argument("--open-timeout", type=float, default=120.0,
                        help="opening the page (its first run) not finished after this many seconds is a failure")
    parser.add_argument("--connect-timeout", type=float, default=300.0,
                        help="longest wait for every user to open the page before moving anyway")
    parser.add_argument("--settle-seconds", type=float, default=8.0,
                        help="pause between the last user connecting and the first move (memory is read then)")
    parser.add_argument("--status-file", default="", help="append 'connected N', 'moving', 'done' lines here")
    parser.add_argument("--raw-json", default="", help="write every latency (ms) and the first failures here")


class Workshop:
    """What the users share in this process: how many have opened the page, the moving window, the figures."""

    def __init__(self) -> None:
        self.opened = self.gone = self.finished = 0
        self.all_in = Event()
        self.moving_from = self.moving_until = 0.0
        self.latencies_ms: list[float] = []
        self.open_ms: list[float] = []
        self.failures: list[str] = []
        self.failure_count = 0

    def status(self, environment, line: str) -> None:
        path = environment.parsed_options.status_file
        if path:
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"{line} {time.time():.3f}\n")

    def arrived(self, environment, opened: bool) -> None:
        self.opened += opened
        self.gone += not opened
        if self.opened + self.gone >= environment.parsed_options.num_users:
            self.release(environment)

    def release(self, environment) -> None:
        if self.all_in.is_set():
            return
        o = environment.parsed_options
        self.moving_from = time.monotonic() + o.settle_seconds
        self.moving_until = self.moving_from + o.move_seconds
        self.status(environment, f"connected {self.opened} failed {self.gone}")
        self.all_in.set()
        if not self.opened:  # nobody to move levers: stop now rather than at --run-time
            self.status(environment, "done")
            gevent.spawn_later(0.5, environment.runner.quit)

    def failed(self, message: str) -> None:
        self.failure_count += 1
        if len(self.failures) < 20:
            self.failures.append(message)

    def left(self, environment) -> None:
        self.finished += 1
        if self.finished >= self.opened:
            self.status(environment, "done")
            gevent.spawn_later(0.5, environment.runner.quit)


WORKSHOP = Workshop()


@events.init.add_listener
def _check_host(environment, **_kwargs) -> None:
    host = urllib.parse.urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"--host must be a loopback address ({', '.join(LOOPBACK)}), not {environment.host!r}")


@events.quitting.add_listener
def _write_raw(environment, **_kwargs) -> None:
    path = environment.parsed_options.raw_json
    if path:
        Path(path).write_text(json.dumps({
            "opened": WORKSHOP.opened, "not_opened": WORKSHOP.gone, "open_ms": WORKSHOP.open_ms,
            "latencies_ms": WORKSHOP.latencies_ms,
            "failure_count": WORKSHOP.failure_count, "failures": WORKSHOP.failures,
        }, ensure_ascii=False), encoding="utf-8")


class Participant(User):
    """One workshop participant with their own session on the simulator page."""

    def wait_time(self) -> float:
        return 0.0  # the pause between moves is spent reading the WebSocket (SimulatorSession.idle), in move_lever

    def on_start(self) -> None:
        o = self.environment.parsed_options
        self.rng = random.Random()
        self.sim = SimulatorSession(self.host, o.lang, o.card_timeout)
        self.moves = 0
        started = time.perf_counter()
        try:
            run = self.sim.open(o.open_timeout)
        except Exception as exc:  # any failure to open is reported, and this user leaves
            self._report(OPEN, started, 0, exc)
            WORKSHOP.arrived(self.environment, opened=False)
            raise StopUser() from exc
        self._report(OPEN, started, run.bytes_received, None)
        WORKSHOP.arrived(self.environment, opened=True)
        waited_until = time.monotonic() + o.connect_timeout
        try:
            while not WORKSHOP.all_in.is_set() and time.monotonic() < waited_until:
                self.sim.idle(1.0)
            WORKSHOP.release(self.environment)  # no-op, unless someone is very late: move with those who are here
            self.sim.idle(max(0.0, WORKSHOP.moving_from - time.monotonic()) + self.rng.uniform(0, o.pace_max))
        except Exception as exc:  # the connection dropped while waiting: a failure, and this user leaves
            self._report(MOVE, time.perf_counter(), 0, exc)
            WORKSHOP.left(self.environment)
            raise StopUser() from exc
        self.max_moves = int(o.move_seconds / o.pace_min) + 1

    @task
    def move_lever(self) -> None:
        if time.monotonic() >= WORKSHOP.moving_until or self.moves >= self.max_moves:
            WORKSHOP.left(self.environment)
            self.sim.close()
            raise StopUser()
        param_id, share = self.sim.choose_move(self.rng)
        started = time.perf_counter()
        self.moves += 1
        try:
            move = self.sim.move(param_id, share)
        except Exception as exc:  # a lost connection or a run that never finished: a failure, keep going
            self._report(MOVE, started, 0, exc)
            return
        if move.latency_s is None:
            self._report(MOVE, started, move.run.bytes_received, AssertionError(self.sim.describe_miss(move)))
        else:
            self._report(MOVE, started, move.run.bytes_received, None, 1000 * move.latency_s)
        o = self.environment.parsed_options
        try:
            self.sim.idle(self.rng.uniform(o.pace_min, o.pace_max))  # reading the card, connection kept alive
        except Exception as exc:  # noqa: BLE001 - reported as a failed move; the next move will fail too
            self._report(MOVE, time.perf_counter(), 0, exc)

    def on_stop(self) -> None:
        self.sim.close()

    def _report(self, name: str, started: float, size: int, exc: Exception | None, ms: float | None = None) -> None:
        ms = 1000 * (time.perf_counter() - started) if ms is None else ms
        if name == MOVE:
            if exc is None:
                WORKSHOP.latencies_ms.append(ms)
            else:
                WORKSHOP.failed(f"{type(exc).__name__}: {exc}")
        elif exc is None:
            WORKSHOP.open_ms.append(ms)
        else:
            WORKSHOP.failed(f"{name}: {type(exc).__name__}: {exc}")
        self.environment.events.request.fire(request_type="WS", name=name, response_time=ms, response_length=size,
                                             exception=exc, context={})
