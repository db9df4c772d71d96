"""Does raising glibc malloc's thresholds pay on a path a user waits for? Both ways, same run.

The tuning measured is the one ui/allocator.py applied from app.py until this benchmark's verdict
removed it (issue 20): mallopt(M_MMAP_THRESHOLD, 16 MiB) and mallopt(M_TRIM_THRESHOLD, 64 MiB),
once, after Streamlit is imported. Each round starts
one fresh Python process per variant (tuned, glibc default), the order alternating from round to
round, and each process times, in this order:

  monte_carlo_fresh  monte_carlo(Scenario(), draws=10_000) in a process that ran nothing else, as
                     benchmarks/bench_model.py measures it: median of 41 runs, ms
  simulator_rerun    the simulator page (app.py through AppTest, compiled scripts kept as a server
                     keeps them) rerun after a lever-panel commit, as benchmarks/bench_page.py moves
                     it: median of 25 reruns, ms
  analysis_rerun     the analysis page rerun after a sidebar lever moved to a new value, so its
                     memoised 10,000-draw Monte Carlo, fan chart and tables are recomputed each
                     time: median of 25, ms
  scalar             simulate(Scenario()), now that the pages ran in the process: median per call of
                     30 blocks of 200 calls, us
  monte_carlo        the 10,000-draw Monte Carlo again, now that the pages ran: median of 41, ms

The last four are the user-facing paths: app.py's tuning only ever applied in the app's process, and
there a Monte Carlo runs after pages have. Each figure is taken twice: wall time, and the process's
CPU time (which other jobs on the machine disturb far less). Minor page faults per call are counted
too: they are what the tuning saves when it saves anything.

It prints, per path, both variants' medians over the rounds, the gain of the tuning in % (1 - the
median of the per-round tuned/default ratios; positive = tuned faster) and the ratios' spread, then
issue 20's verdict: a process-wide tuning stays only if a user-facing path gains >= 10% in the same
run, on CPU time and wall time alike (a gain on one clock only, with the same page faults, is
another job on the machine, not the allocator).
On a shared 2-core machine the absolute times move with other work: read the ratios.

    python benchmarks/bench_allocator.py [--rounds 12]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# the settings ui/allocator.py applied (parameter numbers from glibc's <malloc.h>)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_THRESHOLD = 64 * 1024 * 1024
MMAP_THRESHOLD = 16 * 1024 * 1024
GOAL_GAIN = 10.0  # %, issue 20
USER_PATHS = (("scalar", "us"), ("monte_carlo", "ms"), ("simulator_rerun", "ms"), ("analysis_rerun", "ms"))
MODEL_ALONE = (("monte_carlo_fresh", "ms"),)


def _tune_malloc() -> bool:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def _faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _timed(calls, warm_up: int = 1) -> dict[str, float]:
    """Run each callable of `calls` (an iterable); median wall and CPU seconds and page faults per call,
    leaving the first `warm_up` out."""
    walls, cpus, faults = [], [], 0
    for i, call in enumerate(calls):
        f0, c0, w0 = _faults(), time.process_time(), time.perf_counter()
        call()
        w1, c1, f1 = time.perf_counter(), time.process_time(), _faults()
        if i >= warm_up:
            walls.append(w1 - w0)
            cpus.append(c1 - c0)
            faults += f1 - f0
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "faults": faults / len(walls)}


def _scaled(figures: dict[str, float], scale: float) -> dict[str, float]:
    return {"wall": figures["wall"] * scale, "cpu": figures["cpu"] * scale, "faults": figures["faults"]}


def _monte_carlo(scenario) -> dict[str, float]:
    from model.uncertainty import monte_carlo

    return _scaled(_timed(lambda: monte_carlo(scenario, draws=10_000, seed=0) for _ in range(42)), 1e3)


def _scalar(scenario) -> dict[str, float]:
    from model import simulate

    def block() -> None:
        for _ in range(200):
            simulate(scenario)

    figures = _scaled(_timed(block for _ in range(31)), 1e6 / 200)
    return figures | {"faults": figures["faults"] / 200}


def _simulator_move(at, i: int) -> None:  # a commit of the lever panel, as bench_page.py moves it
    from tests.panel import panel
    from ui.simulator.lever_panel import PANEL_KEY

    at.session_state[PANEL_KEY] = {"commit": {"seq": panel(at)["seq"] + 1, "values": {"fai_growth": (10.0, 12.0)[i % 2]}}}


def _analysis_move(at, i: int) -> None:  # a new value each time: the memoised Monte Carlo runs every rerun
    at.slider(key="w_ana_s_fai_growth").set_value(round(5.0 + 0.1 * i, 1))


def _pages(reruns: int) -> dict[str, dict[str, float]]:
    from streamlit.testing.v1 import AppTest

    from benchmarks import page_probes as probes

    def rerun(at, move, i: int):
        def call() -> None:
            at.run()
            assert not at.exception, at.exception

        move(at, i)  # outside the timing
        return call

    figures = {}
    with probes.shared_script_cache():
        for name, page, move in (("simulator_rerun", "pages/simulator.py", _simulator_move),
                                 ("analysis_rerun", "pages/analysis.py", _analysis_move)):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.switch_page(page)
            at.run()
            assert not at.exception, at.exception
            figures[name] = _scaled(_timed((rerun(at, move, i) for i in range(reruns + 3)), warm_up=3), 1e3)
    return figures


def child(variant: str) -> None:
    """One fresh process: time the paths with (`tuned`) or without (`default`) the tuning; print JSON."""
    sys.path.insert(0, str(ROOT))
    import streamlit  # noqa: F401  (imported before the tuning, as under `streamlit run`)

    from model import Scenario

    if variant == "tuned" and not _tune_malloc():
        raise SystemExit("mallopt refused the settings: not glibc?")
    scenario = Scenario()
    figures = {"monte_carlo_fresh": _monte_carlo(scenario)}
    figures |= _pages(reruns=25)
    figures["scalar"] = _scalar(scenario)
    figures["monte_carlo"] = _monte_carlo(scenario)
    print(json.dumps(figures))


def run_child(variant: str, data_dir: str) -> dict[str, dict[str, float]]:
    env = os.environ | {"HUADU_DATA_DIR": data_dir}
    env.pop("HUADU_DATABASE_URL", None)  # saved scenarios, if any, go to a throw-away SQLite file
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", variant],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if out.returncode:
        raise SystemExit(f"{variant} child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _gains(name: str, unit: str, results) -> dict[str, float]:
    """Print one path's medians, gains and per-round ratio spreads; return the gains in % by clock."""
    gains = {}
    parts = []
    for clock in ("wall", "cpu"):
        tuned = statistics.median(x[name][clock] for x in results["tuned"])
        default = statistics.median(x[name][clock] for x in results["default"])
        ratios = [t[name][clock] / d[name][clock] for t, d in zip(results["tuned"], results["default"], strict=True)]
        gains[clock] = 100 * (1 - statistics.median(ratios))  # paired: the two processes of a round ran side by side
        parts.append(f"{clock:>4} {tuned:7.2f} vs {default:7.2f} {unit}, gain {gains[clock]:+6.1f}% "
                     f"(tuned/default per round {min(ratios):.2f}-{max(ratios):.2f})")
    faults = [statistics.median(x[name]["faults"] for x in results[v]) for v in ("tuned", "default")]
    print(f"  {name:<17} " + "; ".join(parts) + f"; page faults {faults[0]:.0f} vs {faults[1]:.0f}")
    return gains


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--child", choices=("tuned", "default"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    results: dict[str, list] = {"tuned": [], "default": []}
    with tempfile.TemporaryDirectory() as data_dir:
        for r in range(args.rounds):
            order = ("tuned", "default") if r % 2 == 0 else ("default", "tuned")
            for variant in order:
                results[variant].append(run_child(variant, data_dir))
            t, d = results["tuned"][-1], results["default"][-1]
            print(f"round {r + 1}/{args.rounds} ({order[0]} first), CPU time tuned vs default: " + "; ".join(
                f"{name} {t[name]['cpu']:.1f} vs {d[name]['cpu']:.1f} {unit}" for name, unit in USER_PATHS + MODEL_ALONE),
                flush=True)

    print(f"\nmalloc tuned as ui/allocator.py tuned it vs glibc's default, tuned vs default: {args.rounds} rounds, "
          f"one fresh process per variant and round, alternating; medians over the rounds; gain = 1 - median "
          f"tuned/default ratio, > 0: tuned faster")
    print("user-facing paths, in the app's process (the pages ran in it, as in a server):")
    user = {name: _gains(name, unit, results) for name, unit in USER_PATHS}
    print("the model alone in a fresh process (as bench_model.py measures it; app.py's tuning never applies there):")
    for name, unit in MODEL_ALONE:
        _gains(name, unit, results)
    name, gains = max(user.items(), key=lambda item: min(item[1].values()))
    best = min(gains.values())
    verdict = "pays" if best >= GOAL_GAIN else "does not pay (why ui/allocator.py was removed)"
    print(f"best user-facing gain on both clocks: {best:+.1f}% ({name}); issue 20 keeps a process-wide tuning only "
          f"at >= {GOAL_GAIN:g}%: the tuning {verdict}")


if __name__ == "__main__":
    main()
