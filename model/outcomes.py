"""Outcomes beyond GDP (budget revenue, jobs) and the comparison of outcomes with targets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


def budget_revenue(revenue_2024_yi_yuan, nominal_gdp_growth, buoyancy):
    """R_2025 = R_2024 * (1 + b * n)   (b: buoyancy, n: nominal GDP growth; 亿元)."""
    return revenue_2024_yi_yuan * (1.0 + buoyancy * nominal_gdp_growth)


def new_urban_jobs(jobs_2024, real_growth, real_growth_2024, semi_elasticity_per_pp):
    """J_2025 = max(0, J_2024 * (1 + eta * 100 * (r - r_2024)))   (eta: share per pp of growth)."""
    return np.maximum(0.0, jobs_2024 * (1.0 + semi_elasticity_per_pp * 100.0 * (real_growth - real_growth_2024)))


@dataclass(frozen=True)
class TargetOutcome:
    """A projected outcome against its target: gap = value - target; met when value >= target."""

    value: Any
    target: float
    gap: Any
    met: Any


def compare_with_targets(outputs: Mapping[str, Any], targets: Mapping[str, tuple[str, float]]) -> dict[str, TargetOutcome]:
    """targets: id -> (output name, target value). Every target here is "at least" (>=)."""
    out = {}
    for target_id, (output, target) in targets.items():
        value = outputs[output]
        gap = value - target
        # 1e-12 absorbs float noise, so a scenario that lands on the target counts as met
        out[target_id] = TargetOutcome(value, target, gap, gap >= -1e-12)
    return out
