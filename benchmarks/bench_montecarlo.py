"""Prints the Monte Carlo's speed: median of ~20 runs for 10,000 and 1,000 draws, and where the time goes.

    python benchmarks/bench_montecarlo.py   goal: <= 5 ms for 10,000 draws with all outputs
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from benchmarks.timing import median_ms  # noqa: E402
from model import Scenario  # noqa: E402
from model.simulate import INPUT_TARGETS, project_outputs  # noqa: E402
from model.uncertainty import _standard_spread, draw_scenarios, monte_carlo, summarise  # noqa: E402

GOAL_MS = 5.0
RUNS = 21  # ~20 runs, as asked; the median resists other jobs on a shared 2-core machine




def main() -> None:
    scenario = Scenario()

    def cold(draws: int) -> None:  # the first run for (draws, seed): the generator runs too
        _standard_spread.cache_clear()
        monte_carlo(scenario, draws=draws, seed=0)

    print(f"monte_carlo, 10,000 draws, first call for a seed: {median_ms(lambda: cold(10_000), RUNS):6.2f} ms")
    for draws in (10_000, 1_000):
        total = median_ms(lambda n=draws: monte_carlo(scenario, draws=n, seed=0), RUNS)
        goal = f"   (goal <= {GOAL_MS:g} ms)" if draws == 10_000 else ""
        print(f"monte_carlo, {draws:>6,} draws: {total:6.2f} ms{goal}")

    # the stages of one 10,000-draw run
    drawn = draw_scenarios(scenario, draws=10_000, seed=0)
    outputs, targets = project_outputs(drawn, skip_targets=INPUT_TARGETS)
    print("  of which (10,000 draws):")
    print(f"    shift and clip the draws {median_ms(lambda: draw_scenarios(scenario, draws=10_000, seed=0)):6.2f} ms")
    print(f"    project the outputs      {median_ms(lambda: project_outputs(drawn, skip_targets=INPUT_TARGETS)):6.2f} ms")
    print(f"    quantiles, probabilities {median_ms(lambda: summarise(outputs, targets, 10_000, 0)):6.2f} ms")

if __name__ == "__main__":
    main()
