"""Prints what Streamlit itself costs per rerun on this machine: a one-fragment app (one slider, one
metric) beside the simulator, each on its own `streamlit run` pinned to one core, same run.

    python benchmarks/bench_floor.py [--moves 200]

For each: server CPU per move (the server's utime + stime over --moves sequential moves, one
session) and wall time per move (request sent -> script_finished). The floor app's CPU is what
Streamlit spends per fragment rerun before any app code runs: with 200 workshop users moving a
lever every 2-5 s (57 moves a second) it alone takes that many ms x 57 of one core (issue 13).
The floor app's wall time includes the ~40 ms that Streamlit's Nagle-on sockets add for this
client (ui/server/server_socket.py); the simulator turns that off for itself.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import cpu_seconds, process_tree  # noqa: E402
from benchmarks.sim_client import SimulatorSession  # noqa: E402
from benchmarks.st_client import Session, slider_state  # noqa: E402
from tests.e2e.conftest import free_port, start_app, stop_app  # noqa: E402

WORKSHOP_MOVES_PER_S = 200 / 3.5  # 200 users, a move every 2-5 s


def floor_moves(url: str, moves: int) -> None:
    rng = random.Random(0)
    with Session(url) as s:
        s.open_page()
        lever = s.find_widget("a", ("slider",))
        for _ in range(moves):
            s.rerun({lever.id: slider_state(lever.id, rng.uniform(0, 10))}, fragment_id=lever.fragment_id)


def simulator_moves(url: str, moves: int) -> None:
    rng = random.Random(0)
    with SimulatorSession(url, lang="zh") as s:
        s.open()
        for _ in range(moves):
            s.move(*s.choose_move(rng))


def measure(app: str, drive, moves: int) -> tuple[float, float]:
    """(server CPU ms per move, wall ms per move) after 20 warm-up moves."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = start_app(port, {"HUADU_DATA_DIR": folder, "HUADU_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}, app=app)
        try:
            for pid in process_tree(server.pid):  # the server on core 0, this client on core 1
                os.sched_setaffinity(pid, {0})
            os.sched_setaffinity(0, {1})
            return _timed(server, port, drive, moves)
        finally:
            stop_app(server)


def _timed(server, port: int, drive, moves: int) -> tuple[float, float]:
    url = f"http://127.0.0.1:{port}"
    drive(url, 20)
    pids = process_tree(server.pid)
    cpu, wall = cpu_seconds(pids), time.perf_counter()
    drive(url, moves)
    return 1e3 * (cpu_seconds(pids) - cpu) / moves, 1e3 * (time.perf_counter() - wall) / moves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    args = parser.parse_args()
    floor_cpu, floor_wall = measure("benchmarks/floor_app.py", floor_moves, args.moves)
    sim_cpu, sim_wall = measure("app.py", simulator_moves, args.moves)
    print(f"server pinned to core 0, {args.moves} sequential moves, one session")
    print(f"  floor (one fragment, one slider, one metric): {floor_cpu:6.2f} ms CPU per move, {floor_wall:6.1f} ms wall")
    print(f"  simulator (lever panel commit):               {sim_cpu:6.2f} ms CPU per move, {sim_wall:6.1f} ms wall"
          f"   ({sim_cpu / floor_cpu:.1f}x the floor)")
    print(f"  at {WORKSHOP_MOVES_PER_S:.0f} moves a second (200 users): floor {floor_cpu * WORKSHOP_MOVES_PER_S / 10:.0f}% of one core, "
          f"simulator {sim_cpu * WORKSHOP_MOVES_PER_S / 10:.0f}%")


if __name__ == "__main__":
    main()
