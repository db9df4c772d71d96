"""Prints the model's speed: microseconds per scalar simulate call, milliseconds per 10,000-scenario
batch and per 10,000-draw Monte Carlo (draws, outputs, quantiles and probabilities).

    python benchmarks/bench_model.py        goals: <= 50 us scalar, <= 5 ms Monte Carlo

Medians of repeated blocks, with the fastest block beside them (this shared box is noisy).
A fresh process that ran nothing else: its Monte Carlo page-faults more than the app's process does
(benchmarks/bench_allocator.py measures both).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from model import Scenario, simulate  # noqa: E402
from model.uncertainty import draw_scenarios, monte_carlo  # noqa: E402

SCALAR_GOAL_US = 50.0
BATCH_GOAL_MS = 5.0


def seconds(call, repeats: int, number: int) -> tuple[float, float]:
    """(median, min) over `repeats` timings of `number` back-to-back calls, per call."""
    call()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            call()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times), min(times)


def main() -> None:
    scalar = Scenario()
    batch = draw_scenarios(Scenario(), draws=10_000, seed=0)  # every uncertain field an array
    scalar_us = [1e6 * x for x in seconds(lambda: simulate(scalar), repeats=50, number=200)]
    batch_ms = [1e3 * x for x in seconds(lambda: simulate(batch), repeats=50, number=1)]
    mc_ms = [1e3 * x for x in seconds(lambda: monte_carlo(scalar, draws=10_000, seed=0), repeats=50, number=1)]
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    print(f"simulate, scalar scenario:      {scalar_us[0]:7.1f} us per call   (fastest block {scalar_us[1]:.1f}; goal <= {SCALAR_GOAL_US:g} us)")
    print(f"simulate, 10,000 scenarios:     {batch_ms[0]:7.2f} ms per batch  (fastest {batch_ms[1]:.2f}; whole Result, every pull)")
    print(f"monte_carlo, 10,000 draws:      {mc_ms[0]:7.2f} ms per run    (fastest {mc_ms[1]:.2f}; goal <= {BATCH_GOAL_MS:g} ms)")


if __name__ == "__main__":
    main()
