"""Outcomes beyond GDP (budget revenue, jobs) and the comparison of outcomes with targets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np


def budget_revenue(revenue_2024_yi_yuan, nominal_gdp_growth, buoyancy):
    """R_2025 = R_2024 * (1 + b * n)   (b: buoyancy, n: nominal GDP growth; 亿元)."""
    return revenue_2024_yi_yuan * (1.0 + buoyancy * nominal_gdp_growth)


def new_urban_jobs(jobs_2024, real_growth, real_growth_2024, semi_elasticity_per_pp):
    """J_2025 = max(0, J_2024 * (1 + eta * 100 * (r - r_2024)))   (eta: share per pp of growth)."""
    jobs = jobs_2024 * (1.0 + semi_elasticity_per_pp * 100.0 * (real_growth - real_growth_2024))
    if isinstance(jobs, float):  # the UI's scalar path: a plain float
        return max(0.0, float(jobs))
    return np.maximum(0.0, jobs)


class TargetOutcome(NamedTuple):
    """A projected outcome against its target: gap = value - target; met when value >= target.

    about_met: not met, but within the target's "about" band below it (targets written 左右):
    target - band <= value < target. A target without a band is never "about met".
    """

    value: Any
    target: float
    gap: Any
    met: Any
    about_met: Any = False
    # a NamedTuple, not a frozen dataclass: six are made per scenario on the slider's path, and a
    # tuple is made in a third of the time

    @property
    def status(self) -> str:
        """'met', 'about_met' or 'not_met' (scalar outcomes)."""
        if bool(self.met):
            return "met"
        return "about_met" if bool(self.about_met) else "not_met"


def compare_with_targets(outputs: Mapping[str, Any], targets: Mapping[str, tuple[str, float]],
                         bands: Mapping[str, float] | None = None) -> dict[str, TargetOutcome]:
    """targets: id -> (output name, target value). Every target here is "at least" (>=).

    bands: id -> the "about" band (a share, e.g. 0.005) for targets written 左右.
    """
    bands = bands or {}
    out = {}
    for target_id, (output, target) in targets.items():
        value = outputs[output]
        band = bands.get(target_id, 0.0)
        # 1e-12 absorbs float noise, so a scenario that lands on the target counts as met
        if isinstance(value, float):  # the UI's scalar path: plain floats and bools
            value = float(value)
            gap = value - target
            met = gap >= -1e-12
            about = band > 0 and not met and gap >= -band - 1e-12
        else:
            gap = value - target
            met = gap >= -1e-12
            about = np.logical_and(np.logical_not(met), gap >= -band - 1e-12) if band > 0 else False
        out[target_id] = TargetOutcome(value, target, gap, met, about)
    return out
