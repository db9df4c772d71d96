"""Workshop load on two replicas: two app processes behind nginx (sticky by a cookie), one PostgreSQL, Locust users.

    python benchmarks/load_replicas.py                                  # 400 users, 120 s of lever moves (issue 22)
    python benchmarks/load_replicas.py --users 40 --seconds 30 --saves 6   # a quick check that it works

What it starts (and stops again): nginx from Debian's packages (installed with apt-get when missing, as root) with
the configuration of scripts/proxy.py, the one docs/deploy.md gives, in a folder of its own; a throwaway
PostgreSQL on 127.0.0.1:--pg-port (scripts/start_test_postgres.sh; one already answering there is used and left
running), or --database-url; two `streamlit run app.py` replicas on that database with one cookie secret,
replica A pinned to core 0 and replica B to core 1, both at --server-nice. Locust (benchmarks/locustfile.py,
its users speaking Streamlit's protocol with a cookie jar, as browsers do) and nginx get no core of their own:
on a 2-core machine they share the replicas' cores at a lower priority (--locust-nice), so what they take is
taken from the app, and a Locust user waiting for the CPU is timed as a slow move: the latency is overstated,
never understated. The figures say how much each took.

While the users move levers, --saves groups join the workshop by its link through nginx and save a scenario
(benchmarks/workshop_client.py); afterwards each replica is asked directly (not through nginx) for the
workshop's list, which must show every one of them.

Prints: move -> GDP card p50/p95/max (goal p95 <= 250 ms), errors (goal none), server memory per session (goal
<= 2 MB), sessions per replica and whether every browser's requests stayed on one replica (nginx's access
log: its cookie and the upstream of each request), saved scenarios visible on each replica, the CPU each
process used and the capacity per core it implies.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import cpu_seconds, percentile, process_tree, rss_mb, settled_rss  # noqa: E402
from benchmarks.load_locust import core_busy_s, session_priority, wait_for  # noqa: E402
from benchmarks.sim_client import SimulatorSession  # noqa: E402
from benchmarks.workshop_client import listed_names, save_from_join_link  # noqa: E402
from scripts.frontend_copy import shared_copy  # noqa: E402
from scripts.proxy import Nginx, ensure_nginx, prepare_static  # noqa: E402
from tests.e2e.conftest import free_port, start_app, stop_app  # noqa: E402

GOAL_P95_MS, GOAL_MB_PER_SESSION = 250.0, 2.0
REPLICA_CORES = (0, 1)  # replica A on core 0, replica B on core 1
MOVE_SHARE_OF_CORE = 0.5  # plan a replica's core at half busy: on one core p95 stayed <= 250 ms there (docs/deploy.md)


def start_postgres(port: int) -> tuple[str, bool]:
    """(URL, started here) of a throwaway PostgreSQL on 127.0.0.1:port."""
    env = os.environ | {"HUADU_TEST_PG_PORT": str(port)}
    was_running = subprocess.run([str(ROOT / "scripts" / "pg_bin.sh")], capture_output=True, text=True)
    if was_running.returncode != 0:
        raise SystemExit("no PostgreSQL server binaries: apt-get install postgresql, or pass --database-url")
    ready = subprocess.run([f"{was_running.stdout.strip()}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)])
    out = subprocess.run([str(ROOT / "scripts" / "start_test_postgres.sh")], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"PostgreSQL did not start: {out.stderr[-1500:]}")
    url = out.stdout.strip().splitlines()[-1].split("=", 1)[1]
    return url, ready.returncode != 0


def stop_postgres(port: int) -> None:
    env = os.environ | {"HUADU_TEST_PG_PORT": str(port)}
    subprocess.run([str(ROOT / "scripts" / "start_test_postgres.sh"), "stop"], env=env, capture_output=True)


def start_replica(port: int, core: int, nice: int, env: dict[str, str]) -> subprocess.Popen:
    """`streamlit run app.py` pinned to `core` at niceness `nice` (inherited from this driver while it starts)."""
    own_affinity, own_nice = os.sched_getaffinity(0), os.getpriority(os.PRIO_PROCESS, 0)
    os.sched_setaffinity(0, {core})
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    try:
        return start_app(port, env)
    finally:
        os.setpriority(os.PRIO_PROCESS, 0, own_nice)
        os.sched_setaffinity(0, own_affinity)


class Savers(threading.Thread):
    """Groups joining the workshop by its link through nginx and saving a scenario, spread over the moving window."""

    def __init__(self, url: str, code: str, count: int, seconds: float, tag: str) -> None:
        super().__init__(daemon=True)
        self.url, self.code, self.count, self.seconds, self.tag = url, code, count, seconds, tag
        self.saved: dict[str, int] = {}
        self.failures: list[str] = []

    def run(self) -> None:
        gap = self.seconds / max(self.count, 1)
        for i in range(self.count):
            started = time.monotonic()
            name = f"{self.tag} {i + 1}"
            try:
                self.saved[name] = save_from_join_link(self.url, self.code, group=f"Group {i + 1}", name=name)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the rest
                self.failures.append(f"{name}: {type(exc).__name__}: {exc}")
            time.sleep(max(0.0, gap - (time.monotonic() - started)))


def stickiness(rows, replicas: list[str]) -> dict:
    """From nginx's access log: sessions (WebSockets) per replica, and browsers whose requests reached two replicas."""
    by_browser: dict[str, set[str]] = defaultdict(set)
    sessions: Counter = Counter()
    for row in rows:
        if row.upstream == "-":
            continue  # a static file nginx served itself
        browser = row.affinity.strip("-")
        by_browser[browser].add(row.upstream)
        if row.uri == "/_stcore/stream":
            sessions[row.upstream] += 1
    return {"sessions": {r: sessions.get(r, 0) for r in replicas},
            "browsers": len(by_browser), "split": sum(len(u) > 1 for u in by_browser.values()),
            "no_cookie": sum(1 for row in rows if not row.affinity.strip("-") and row.upstream != "-")}


def run(args: argparse.Namespace) -> dict:
    ensure_nginx()
    folder = Path(tempfile.mkdtemp(prefix="huadu-replicas-"))
    static = prepare_static(shared_copy())
    if args.database_url:
        db_url, started_pg = args.database_url, False
    else:
        db_url, started_pg = start_postgres(args.pg_port)
    import store

    room = store.ScenarioStore(db_url).create_workshop()
    store.dispose_engine(db_url)
    env = {"HUADU_DATABASE_URL": db_url, "HUADU_DATA_DIR": str(folder),
           "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}  # the same on every replica (docs/deploy.md)
    ports = [free_port(), free_port()]
    replicas = [f"127.0.0.1:{p}" for p in ports]
    apps: list[subprocess.Popen] = []
    r: dict = {"users": args.users, "replicas": replicas, "loadavg_before": os.getloadavg(), "code": room.code}
    proxy = Nginx(replicas, free_port(), static, nice=args.locust_nice)
    try:
        for port, core in zip(ports, REPLICA_CORES, strict=True):
            apps.append(start_replica(port, core, args.server_nice, env))
        proxy.start()
        r["replica_cores"] = [sorted(os.sched_getaffinity(a.pid)) for a in apps]
        r |= drive(args, apps, [f"http://{x}" for x in replicas], proxy, room.code)
        r["visible"] = {}
        for replica in replicas:  # each process asked directly, not through nginx
            try:
                r["visible"][replica] = len(set(r["saved"]) & listed_names(f"http://{replica}", room.code))
            except Exception as exc:  # noqa: BLE001
                r["visible"][replica] = f"{type(exc).__name__}: {exc}"
    finally:
        proxy.stop()
        for app in apps:
            stop_app(app)
        if started_pg:
            stop_postgres(args.pg_port)
    r["sticky"] = stickiness(proxy.rows(), replicas)
    r["nginx_errors"] = [line for line in proxy.error_log().splitlines() if "[error]" in line or "[crit]" in line][:5]
    r["loadavg_after"] = os.getloadavg()
    return r


def drive(args, apps, urls: list[str], proxy: Nginx, code: str) -> dict:
    """Warm up each replica, run Locust through nginx with the savers alongside, read memory and CPU meanwhile."""
    out: dict = {}
    status, raw = proxy.folder / "status.txt", proxy.folder / "moves.json"
    warm = []
    for url in urls:  # one session on each replica directly: modules loaded, caches filled
        session = SimulatorSession(url, args.lang, args.card_timeout)
        session.open(args.open_timeout)
        warm.append(session)
    out["rss_before"] = [settled_rss(a.pid, 4.0) for a in apps]
    connect_timeout = args.users / args.spawn_rate + args.open_timeout
    run_time = int(connect_timeout + args.settle_seconds + args.seconds + args.pace_max + args.card_timeout + 30)
    cores = ",".join(map(str, args.locust_cores))
    command = ["taskset", "-c", cores, "nice", "-n", str(args.locust_nice), sys.executable, "-m", "locust",
               "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless", "--only-summary",
               "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{run_time}s", "--host", proxy.url,
               "--lang", args.lang, "--move-seconds", str(args.seconds), "--pace-min", str(args.pace_min),
               "--pace-max", str(args.pace_max), "--card-timeout", str(args.card_timeout),
               "--open-timeout", str(args.open_timeout), "--connect-timeout", str(connect_timeout),
               "--settle-seconds", str(args.settle_seconds), "--status-file", str(status), "--raw-json", str(raw),
               "--loglevel", "WARNING"]
    out["locust_command"] = " ".join(command)
    savers = Savers(proxy.url, code, args.saves, args.seconds * 0.8, f"load {time.strftime('%H%M%S')}")
    with open(proxy.folder / "locust.log", "w") as log:
        locust = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + run_time + 60
    try:
        if wait_for(status, "connected", deadline, locust):
            out["rss_connected"] = [settled_rss(a.pid, max(1.0, args.settle_seconds - 2)) for a in apps]
            savers.start()
            mine = [a.pid for a in apps] + [proxy.process.pid, locust.pid]
            cpu_from = [cpu_seconds(process_tree(p)) for p in mine]
            core_from, moving_from = [core_busy_s(c) for c in REPLICA_CORES], time.monotonic()
            peak = [0.0] * len(apps)
            while not wait_for(status, "done", min(deadline, time.monotonic() + 1.0), locust):
                peak = [max(p, rss_mb(a.pid)) for p, a in zip(peak, apps, strict=True)]
                if locust.poll() is not None or time.monotonic() >= deadline:
                    break
            out["moving_s"] = time.monotonic() - moving_from
            cpu = [cpu_seconds(process_tree(p)) - c for p, c in zip(mine, cpu_from, strict=True)]
            out["cpu_s"] = dict(zip(["replica A", "replica B", "nginx", "Locust"], cpu, strict=True))
            out["cores_busy_s"] = [core_busy_s(c) - b for c, b in zip(REPLICA_CORES, core_from, strict=True)]
            out["rss_after_moving"] = [rss_mb(a.pid) for a in apps]
            out["rss_peak_moving"] = [max(p, a) for p, a in zip(peak, out["rss_after_moving"], strict=True)]
        locust.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if locust.poll() is None:
            locust.terminate()
            locust.wait(timeout=10)
        for session in warm:
            session.close()
    savers.join(timeout=120)
    out["saved"], out["save_failures"] = savers.saved, savers.failures
    out["locust_exit"] = locust.returncode
    out["locust_log"] = (proxy.folder / "locust.log").read_text(errors="replace")[-3000:]
    out |= json.loads(raw.read_text()) if raw.exists() else {"opened": 0, "not_opened": args.users, "latencies_ms": [],
                                                            "failure_count": 0, "failures": ["Locust wrote no figures"]}
    return out


def report(r: dict, args: argparse.Namespace) -> bool:
    """Print the figures; True when every goal held."""
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    lat = r["latencies_ms"]
    moves = len(lat) + r["failure_count"] - r["not_opened"]
    p95 = percentile(lat, 0.95)
    print(f"\nTwo replicas behind nginx, one PostgreSQL: {args.users} users x {args.seconds:.0f} s, a lever move every "
          f"{args.pace_min:g}-{args.pace_max:g} s, {args.spawn_rate:g} users arriving a second")
    print(f"  replicas {r['replicas'][0]} (A, core {r['replica_cores'][0]}) and {r['replicas'][1]} (B, core "
          f"{r['replica_cores'][1]}) at nice {args.server_nice}; nginx and Locust on cores {args.locust_cores} at nice "
          f"{args.locust_nice}: on this 2-core machine they take CPU from the replicas (see below)")
    print(f"  1-min load average {r['loadavg_before'][0]:.2f} before (5-min {r['loadavg_before'][1]:.2f}), "
          f"{r['loadavg_after'][0]:.2f} after: other work on this machine shows here")
    print(f"  sessions opened {r['opened']}, not opened {r['not_opened']}; lever moves {moves}")
    print(f"  move -> GDP card: p50 {percentile(lat, 0.5):.0f} ms, p95 {p95:.0f} ms, max {max(lat, default=float('nan')):.0f} ms"
          f"   [goal p95 <= {GOAL_P95_MS:.0f} ms: {ok(p95 <= GOAL_P95_MS)}]")
    errors = r["failure_count"] + len(r.get("save_failures", []))
    print(f"  errors: {r['failure_count']} in moves, {len(r.get('save_failures', []))} in saves   [goal none: {ok(errors == 0)}]")
    for line in (r["failures"] + r.get("save_failures", []))[:5]:
        print(f"    {line[:240]}")
    per_session = float("nan")
    if "rss_connected" in r:
        grown = [max(c, a) - b for b, c, a in zip(r["rss_before"], r["rss_connected"], r["rss_after_moving"], strict=True)]
        per_session = sum(grown) / max(r["opened"], 1)
        for name, i in (("A", 0), ("B", 1)):
            print(f"  replica {name} RSS (MB): before {r['rss_before'][i]:.1f}, connected {r['rss_connected'][i]:.1f}, "
                  f"peak moving {r['rss_peak_moving'][i]:.1f}, after {r['rss_after_moving'][i]:.1f}")
        print(f"  memory per session (both replicas' growth / sessions): {per_session:.2f} MB"
              f"   [goal <= {GOAL_MB_PER_SESSION:.0f} MB: {ok(per_session <= GOAL_MB_PER_SESSION)}]")
    s = r["sticky"]
    counts = list(s["sessions"].values())
    share = min(counts) / max(sum(counts), 1)
    print(f"  sessions per replica (WebSockets in nginx's log): A {counts[0]}, B {counts[1]} "
          f"(the smaller share {100 * share:.0f}%)   [about half each: {ok(share >= 0.35)}]")
    print(f"  browsers (cookies) {s['browsers']}, whose requests reached two replicas: {s['split']}, proxied requests "
          f"without a cookie: {s['no_cookie']}   [sticky: {ok(s['split'] == 0 and s['no_cookie'] == 0)}]")
    saved = len(r.get("saved", {}))
    visible = "; ".join(f"{'AB'[i]} directly: {v}/{saved}" if isinstance(v, int) else f"{'AB'[i]}: {v}"
                        for i, v in enumerate(r["visible"].values()))
    all_visible = saved == args.saves and all(v == saved for v in r["visible"].values())
    print(f"  saved through nginx during the moves: {saved} of {args.saves}; visible on {visible}"
          f"   [every one on both: {ok(all_visible)}]")
    if r["nginx_errors"]:
        print("  nginx error log: " + " | ".join(line[-160:] for line in r["nginx_errors"]))
    if "cpu_s" in r:
        moving = r["moving_s"]
        cpu = r["cpu_s"]
        app_cpu = cpu["replica A"] + cpu["replica B"]
        print("  CPU while moving (% of one core): " + ", ".join(f"{k} {100 * v / moving:.0f}%" for k, v in cpu.items())
              + f"; cores 0/1 busy {100 * r['cores_busy_s'][0] / moving:.0f}% / {100 * r['cores_busy_s'][1] / moving:.0f}%"
              + f", other work {100 * (sum(r['cores_busy_s']) - sum(cpu.values())) / moving:.0f}% of a core")
        per_move_ms = 1000 * app_cpu / max(moves, 1)
        rate = moves / moving / max(r["opened"], 1)
        per_core = MOVE_SHARE_OF_CORE / (rate * per_move_ms / 1000) if per_move_ms and rate else float("nan")
        proxy_ms = 1000 * cpu["nginx"] / max(moves, 1)
        print(f"  app CPU per move {per_move_ms:.1f} ms (both replicas), nginx {proxy_ms:.2f} ms; "
              f"{rate:.2f} moves a second per participant")
        print(f"  capacity per core: about {per_core:.0f} participants per replica core at {100 * MOVE_SHARE_OF_CORE:.0f}% "
              f"busy (plus nginx's {100 * cpu['nginx'] / moving / max(r['opened'], 1) * 100:.2f}% of a core per 100 "
              f"participants); Locust took {100 * cpu['Locust'] / moving:.0f}% of a core here that a deployment's "
              "replicas would have")
    if r["locust_exit"] not in (0, 1):
        print(f"  Locust exited with {r['locust_exit']}; its log ends:\n{r['locust_log'][-1500:]}")
    return (p95 <= GOAL_P95_MS and errors == 0 and per_session <= GOAL_MB_PER_SESSION and share >= 0.35
            and s["split"] == 0 and all_visible)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=120.0, help="how long every user moves levers")
    parser.add_argument("--pace-min", type=float, default=2.0)
    parser.add_argument("--pace-max", type=float, default=5.0)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users opening the page per second")
    parser.add_argument("--settle-seconds", type=float, default=8.0)
    parser.add_argument("--card-timeout", type=float, default=10.0)
    parser.add_argument("--open-timeout", type=float, default=120.0)
    parser.add_argument("--saves", type=int, default=20, help="groups saving a scenario through nginx meanwhile")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--pg-port", type=int, default=8765, help="the throwaway PostgreSQL's port")
    parser.add_argument("--database-url", help="use this PostgreSQL instead of starting one")
    parser.add_argument("--server-nice", type=int, default=-15 if os.geteuid() == 0 else 0)
    parser.add_argument("--locust-nice", type=int, default=-5 if os.geteuid() == 0 else 0,
                        help="Locust's and nginx's niceness (above the replicas': the app keeps its cores first)")
    parser.add_argument("--locust-cores", type=lambda s: [int(c) for c in s.split(",")], default=[0, 1],
                        help="cores Locust may use, e.g. 1 (default 0,1: wherever the replicas leave room)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if (os.cpu_count() or 1) < 2:
        parser.error("needs two cores: one per replica")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `kill` still stops the app, nginx and PostgreSQL
    with session_priority(args.server_nice):
        r = run(args)
    good = report(r, args)
    if args.json:
        args.json.write_text(json.dumps(r, indent=2, ensure_ascii=False, default=str))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
