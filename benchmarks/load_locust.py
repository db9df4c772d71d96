"""Workshop load without browsers: Locust users speaking Streamlit's WebSocket protocol against one `streamlit run`.

    python benchmarks/load_locust.py                            # 200 users, 120 s of lever moves
    python benchmarks/load_locust.py --users 10 --seconds 20    # a quick check that it works
    python benchmarks/load_locust.py --users 50 100 200         # a curve: a fresh server per level

For each level: starts `streamlit run app.py` on 127.0.0.1 (a free port, its scenario library in a
temporary SQLite) pinned to core 0 at niceness --server-nice, as `taskset -c 0 nice -n -10` does
(this driver takes that affinity and niceness while it starts the app, which inherits them, then
moves itself to core 1 at its own niceness again), and this login session's autogroup at the same
niceness while it runs (with autogroups, niceness alone does not count against other sessions):
on a machine shared with other work the server then has its core as on a machine of its own. Opens one warm-up session (the first loads the
modules and fills the caches) and reads the server's RSS; then runs
`taskset -c 1 nice -n -5 locust -f benchmarks/locustfile.py --headless` with that many users,
arriving --spawn-rate a second (a room opening the page over a minute or two).
Each user opens its own session, and once all have (RSS read again after --settle-seconds of
quiet), moves a main lever every 2-5 s for --seconds (benchmarks/locustfile.py). Prints:
- move -> GDP card (rerun request sent -> the card showing the figure model.simulate gives for
  the new lever value), p50/p95/max, unrounded;
- errors (pages not opened, stale or missing cards, exceptions, lost connections);
- server RSS before and with all sessions connected, peak while moving, after moving, and per
  session: (connected - before) / users;
- the server's CPU per move and its busy share of its core while moving, and Locust's CPU
  (if Locust's core is saturated, its users wait for it and the latency is overstated).
Goals (issue 13): p95 <= 250 ms, no errors, <= 2 MB per session.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import CLK_TCK, cpu_seconds, percentile, process_tree, rss_mb, settled_rss  # noqa: E402
from benchmarks.sim_client import SimulatorSession  # noqa: E402
from tests.e2e.conftest import free_port, start_app, stop_app  # noqa: E402

GOAL_P95_MS, GOAL_MB_PER_SESSION = 250.0, 2.0
SERVER_CORE, LOCUST_CORE = 0, 1


@contextlib.contextmanager
def session_priority(nice: int) -> Iterator[str]:
    """This login session's autogroup at `nice` while the levels run (put back after). With the kernel's
    autogroups (sched_autogroup_enabled), a process's niceness counts only against processes of its
    own session: other sessions' work shares a core with it by session, whatever its niceness."""
    path = Path("/proc/self/autogroup")
    try:
        before = int(path.read_text().split("nice")[1])
        path.write_text(str(nice))
    except (OSError, IndexError, ValueError):  # no autogroups, or not allowed: niceness alone counts
        yield "no autogroup priority"
        return
    try:
        yield f"this session's autogroup at nice {nice}"
    finally:
        path.write_text(str(before))


def core_busy_s(core: int) -> float:
    """CPU seconds core `core` has spent busy since boot, by whatever process (/proc/stat)."""
    with open("/proc/stat") as fh:
        for line in fh:
            if line.startswith(f"cpu{core} "):
                ticks = [int(x) for x in line.split()[1:]]
                return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLK_TCK  # all but idle and iowait (guest is in user)
    return float("nan")


def wait_for(status: Path, word: str, deadline: float, locust: subprocess.Popen) -> bool:
    """Until a line starting with `word` is in the status file (False: Locust ended or time ran out first)."""
    while time.monotonic() < deadline:
        if status.exists() and any(line.startswith(word) for line in status.read_text().splitlines()):
            return True
        if locust.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def run_level(users: int, args: argparse.Namespace) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="huadu-locust-"))
    status, raw = folder / "status.txt", folder / "moves.json"
    port = free_port()
    own_nice = os.getpriority(os.PRIO_PROCESS, 0)
    os.sched_setaffinity(0, {SERVER_CORE})  # inherited by the app: taskset -c 0 nice -n N
    os.setpriority(os.PRIO_PROCESS, 0, args.server_nice)
    try:
        server = start_app(port, {"HUADU_DATA_DIR": str(folder), "HUADU_DATABASE_URL": f"sqlite:///{folder}/load.sqlite3"})
    finally:
        os.setpriority(os.PRIO_PROCESS, 0, own_nice)
        os.sched_setaffinity(0, {LOCUST_CORE})
    host = f"http://127.0.0.1:{port}"
    r: dict = {"users": users, "server_cores": sorted(os.sched_getaffinity(server.pid)),
               "server_nice": os.getpriority(os.PRIO_PROCESS, server.pid), "locust_nice": args.locust_nice,
               "loadavg_before": os.getloadavg()[0]}
    ramp_s = users / args.spawn_rate
    connect_timeout = ramp_s + args.open_timeout
    run_time = int(connect_timeout + args.settle_seconds + args.seconds + args.pace_max + args.card_timeout + 30)
    try:
        with SimulatorSession(host, args.lang, args.card_timeout) as warm:
            warm.open(args.open_timeout)
            r["rss_before"] = settled_rss(server.pid, 4.0)
            command = ["taskset", "-c", str(LOCUST_CORE), "nice", "-n", str(args.locust_nice), sys.executable, "-m", "locust",
                       "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless", "--only-summary",
                       "-u", str(users), "-r", str(args.spawn_rate), "-t", f"{run_time}s", "--host", host,
                       "--lang", args.lang, "--move-seconds", str(args.seconds),
                       "--pace-min", str(args.pace_min), "--pace-max", str(args.pace_max),
                       "--card-timeout", str(args.card_timeout), "--open-timeout", str(args.open_timeout),
                       "--connect-timeout", str(connect_timeout),
                       "--settle-seconds", str(args.settle_seconds),
                       "--status-file", str(status), "--raw-json", str(raw), "--loglevel", "WARNING"]
            r["locust_command"] = " ".join(command)
            opening_cpu = cpu_seconds(process_tree(server.pid))
            with open(folder / "locust.log", "w") as log:
                locust = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + run_time + 60
            try:
                if wait_for(status, "connected", deadline, locust):
                    r["server_cpu_opening_s"] = cpu_seconds(process_tree(server.pid)) - opening_cpu
                    r["rss_connected"] = settled_rss(server.pid, max(1.0, args.settle_seconds - 2))
                    cpu_from, locust_from, moving_from = (cpu_seconds(process_tree(server.pid)),
                                                          cpu_seconds(process_tree(locust.pid)), time.monotonic())
                    core_from = core_busy_s(SERVER_CORE)
                    peak = 0.0
                    while not wait_for(status, "done", min(deadline, time.monotonic() + 1.0), locust):
                        peak = max(peak, rss_mb(server.pid))
                        if locust.poll() is not None or time.monotonic() >= deadline:
                            break
                    moved_s = time.monotonic() - moving_from
                    r["server_cpu_s"] = cpu_seconds(process_tree(server.pid)) - cpu_from
                    r["server_core_busy_s"] = core_busy_s(SERVER_CORE) - core_from
                    r["locust_cpu_s"] = cpu_seconds(process_tree(locust.pid)) - locust_from
                    r["moving_s"] = moved_s
                    r["rss_after_moving"] = rss_mb(server.pid)
                    r["rss_peak_moving"] = max(peak, r["rss_after_moving"])
                locust.wait(timeout=max(1.0, deadline - time.monotonic()))
            finally:
                if locust.poll() is None:
                    locust.terminate()
                    locust.wait(timeout=10)
    finally:
        stop_app(server)
    r["loadavg_after"] = os.getloadavg()[0]
    r["locust_exit"] = locust.returncode
    r["locust_summary"] = (folder / "locust.log").read_text(errors="replace")[-4000:]
    r |= json.loads(raw.read_text()) if raw.exists() else {"opened": 0, "not_opened": users, "latencies_ms": [],
                                                            "failure_count": 0, "failures": ["Locust wrote no figures"]}
    return r


def summarise(r: dict) -> dict:
    lat = r["latencies_ms"]
    moves = len(lat) + r["failure_count"] - r["not_opened"]
    per = {k: (r[k] - r["rss_before"]) / r["users"] for k in ("rss_connected", "rss_after_moving") if k in r}
    return {"moves": moves, "p50": percentile(lat, 0.5), "p95": percentile(lat, 0.95), "max": max(lat, default=float("nan")),
            "errors": r["failure_count"], "mb_per_session": per,
            "cpu_ms_per_move": 1000 * r.get("server_cpu_s", float("nan")) / max(moves, 1),
            "server_busy": r.get("server_cpu_s", float("nan")) / r.get("moving_s", float("nan"))}


def print_level(r: dict, args: argparse.Namespace) -> None:
    s = summarise(r)
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    print(f"\nWorkshop load (Locust): {r['users']} users x {args.seconds:.0f} s, a lever move every "
          f"{args.pace_min:g}-{args.pace_max:g} s; server on core(s) {r['server_cores']} at nice {r['server_nice']}, "
          f"Locust on core {LOCUST_CORE} at nice {r['locust_nice']}; {r['priority']}")
    opens = r.get("open_ms", [])
    print(f"  sessions opened {r['opened']}, not opened {r['not_opened']} (opening the page, {args.spawn_rate:g} "
          f"arriving per second: p50 {percentile(opens, 0.5):.0f} ms, max {max(opens, default=float('nan')):.0f} ms); "
          f"lever moves {s['moves']}")
    print(f"  move -> GDP card: p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, max {s['max']:.0f} ms"
          f"   [goal p95 <= {GOAL_P95_MS:.0f} ms: {ok(s['p95'] <= GOAL_P95_MS)}]")
    print(f"  errors: {s['errors']}   [goal none: {ok(s['errors'] == 0)}]")
    for line in r["failures"][:5]:
        print(f"    {line[:240]}")
    rss = {k: r[k] for k in ("rss_before", "rss_connected", "rss_peak_moving", "rss_after_moving") if k in r}
    print("  server RSS (MB): " + ", ".join(f"{k[4:]} {v:.1f}" for k, v in rss.items())
          + " (before = one warm-up session open)")
    if s["mb_per_session"]:
        worst = max(s["mb_per_session"].values())
        print("  per session: " + ", ".join(f"{k[4:]} {v:.2f} MB" for k, v in s["mb_per_session"].items())
              + f"   [goal <= {GOAL_MB_PER_SESSION:.0f} MB: {ok(worst <= GOAL_MB_PER_SESSION)}]")
    if "server_cpu_opening_s" in r and r["opened"]:
        print(f"  server CPU opening the pages: {r['server_cpu_opening_s']:.1f} s, "
              f"{1000 * r['server_cpu_opening_s'] / r['opened']:.0f} ms per session")
    if "server_cpu_s" in r:
        print(f"  server CPU while moving: {r['server_cpu_s']:.1f} s in {r['moving_s']:.0f} s "
              f"({100 * s['server_busy']:.0f}% of its core), {s['cpu_ms_per_move']:.0f} ms per move; "
              f"Locust {r['locust_cpu_s']:.1f} s ({100 * r['locust_cpu_s'] / r['moving_s']:.0f}% of its core)")
        others = r["server_core_busy_s"] - r["server_cpu_s"]
        print(f"  core {SERVER_CORE} while moving: the app {100 * s['server_busy']:.0f}%, other work "
              f"{100 * others / r['moving_s']:.0f}%, idle {100 * (1 - r['server_core_busy_s'] / r['moving_s']):.0f}%")
    print(f"  1-min load average {r['loadavg_before']:.1f} before, {r['loadavg_after']:.1f} after "
          "(other work on this machine shows here)")
    if r["locust_exit"] not in (0, 1):  # Locust exits 1 when any request failed; the errors line says which
        print(f"  Locust exited with {r['locust_exit']}; its log ends:\n{r['locust_summary'][-1500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[200], help="one run per level, each on a fresh server")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long every user moves levers")
    parser.add_argument("--pace-min", type=float, default=2.0)
    parser.add_argument("--pace-max", type=float, default=5.0)
    parser.add_argument("--spawn-rate", type=float, default=2.0,
                        help="users opening the page per second (a room arriving over a minute or so, not at once)")
    parser.add_argument("--settle-seconds", type=float, default=8.0)
    parser.add_argument("--card-timeout", type=float, default=10.0, help="a move unanswered this long is an error")
    parser.add_argument("--open-timeout", type=float, default=120.0, help="a page not opened this long is an error")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--server-nice", type=int, default=-15 if os.geteuid() == 0 else 0,
                        help="the app's niceness and this session's autogroup's (negative needs root): other work "
                             "on the machine yields the app's core to it")
    parser.add_argument("--locust-nice", type=int, default=-5 if os.geteuid() == 0 else 0,
                        help="Locust's niceness, so its users are not timed waiting for a shared core")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if len(os.sched_getaffinity(0) | {SERVER_CORE, LOCUST_CORE}) < 2 or os.cpu_count() < 2:
        parser.error("needs two cores: the server on core 0, Locust on core 1")
    if min(args.users) < 1 or max(args.users) > 1000:
        parser.error("--users must be between 1 and 1000")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `kill` still puts the priority back and stops the app
    reports = []
    with session_priority(args.server_nice) as priority:
        for users in args.users:
            reports.append(run_level(users, args) | {"priority": priority})
            print_level(reports[-1], args)
    if len(reports) > 1:
        print("\n  users   p50 ms   p95 ms   max ms   errors   MB/session   server CPU ms/move   server busy")
        for r in reports:
            s = summarise(r)
            mb = max(s["mb_per_session"].values(), default=float("nan"))
            print(f"  {r['users']:>5} {s['p50']:>8.0f} {s['p95']:>8.0f} {s['max']:>8.0f} {s['errors']:>8} {mb:>12.2f}"
                  f" {s['cpu_ms_per_move']:>20.0f} {100 * s['server_busy']:>12.0f}%")
    if args.json:
        args.json.write_text(json.dumps([r | {"summary": summarise(r)} for r in reports], indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
