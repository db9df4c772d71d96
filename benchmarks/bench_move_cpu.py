"""Server CPU per lever move: one `streamlit run app.py` process, a few participants moving levers one after another.

Each participant is a benchmarks/sim_client.SimulatorSession (Streamlit's WebSocket protocol, no browser); after a
warm-up of 5 moves each, --rounds rounds of one move per participant. Prints the app process's CPU seconds over
the moves divided by their number (what sets how many participants a core holds: docs/deploy.md, Capacity), and
the median move -> GDP card latency. Issue 22's last step (the panel's constant part built once per setting
instead of per move) took it from 7.9-8.7 ms to 6.0-6.9 ms here, two runs each, interleaved.

    python benchmarks/bench_move_cpu.py [--participants 8] [--rounds 60]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import cpu_seconds, process_tree  # noqa: E402
from benchmarks.sim_client import SimulatorSession  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()

    from tests.e2e.conftest import free_port, start_app, stop_app

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        app = start_app(port, {"HUADU_DATA_DIR": tmp, "HUADU_DATABASE_URL": f"sqlite:///{tmp}/library.sqlite3"})
        sessions: list[SimulatorSession] = []
        try:
            rng = random.Random(1)
            for _ in range(args.participants):
                session = SimulatorSession(f"http://127.0.0.1:{port}", lang="zh")
                session.__enter__()
                session.open()
                sessions.append(session)
            for session in sessions:  # warm-up: the server's caches, the sessions' constant parts
                for _ in range(5):
                    session.move(*session.choose_move(rng))
            pids = process_tree(app.pid)
            before, latencies = cpu_seconds(pids), []
            for _ in range(args.rounds):
                for session in sessions:
                    latencies.append(session.move(*session.choose_move(rng)).latency_s)
            used = cpu_seconds(pids) - before
        finally:
            for session in sessions:
                session.__exit__(None, None, None)
            stop_app(app)
    print(f"{len(latencies)} moves by {args.participants} participants: server CPU per move {1000 * used / len(latencies):.2f} ms, "
          f"move -> GDP card median {1000 * statistics.median(latencies):.1f} ms")


if __name__ == "__main__":
    main()
