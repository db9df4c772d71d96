"""The one-page brief: how long it takes to make (its two charts go through vl-convert).

    python benchmarks/bench_brief.py

Prints the first brief of a process (vl-convert starts its engine), a brief for a scenario not
seen before (two charts rendered), and one for a scenario seen before (SVGs from the cache).
The workshop page makes the brief only when its button is clicked.
"""

from __future__ import annotations

import itertools
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms  # noqa: E402

from model import Scenario, simulate  # noqa: E402
from ui.takeaway import brief  # noqa: E402

BASE = simulate(Scenario())


def make(fai_growth: float) -> str:
    values = Scenario(fai_growth=fai_growth).to_dict()
    return brief.brief_html(lang="zh", values=values, result=simulate(Scenario(**values)), baseline=BASE,
                            link="http://localhost:8501/", made_on=date(2025, 3, 1))


def main() -> None:
    start = time.perf_counter()
    make(0.2)
    print(f"first brief of a process (engine start)   {1e3 * (time.perf_counter() - start):8.1f} ms")
    fresh = (0.2 + i / 10_000 for i in itertools.count(1))
    print(f"brief of a new scenario (2 charts)        {median_ms(lambda: make(next(fresh)), runs=11):8.1f} ms")
    print(f"brief of the same scenario again (cached) {median_ms(lambda: make(0.2)):8.1f} ms")


if __name__ == "__main__":
    main()
