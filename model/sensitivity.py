"""Sensitivity: a tornado of 2025 real GDP growth, one parameter moved down and up at a time.

Step for parameter k (then both ends clipped to [min_k, max_k]):

    h_k = 0.01                    if unit_k == "growth"   (one percentage point)
        = sd_k                    elif sd_k > 0           (one standard deviation)
        = 0.10 * (max_k - min_k)  otherwise               (a tenth of the valid range)

    low_k = max(x_k - h_k, min_k),  high_k = min(x_k + h_k, max_k)
    delta_low_k = 100 * (r(low_k) - r(x)),  delta_high_k = 100 * (r(high_k) - r(x))   (pp)

Every bar comes from one vectorised `simulate` call over 2K + 1 scenarios (the base first).

Each bar carries its parameter's role (data/parameters.toml): a policy lever a district planner sets, or an
assumption the model must make (prices, Guangzhou, coefficients, judgement terms, the model error);
`by_role` ranks each group on its own, so a price or the model error never reads as a lever.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.scenario import FIELDS, Scenario, params
from model.simulate import simulate

GROWTH_STEP = 0.01  # one percentage point, for parameters in unit "growth"
RANGE_STEP_SHARE = 0.10  # share of the valid range, for parameters with no sd


@dataclass(frozen=True)
class TornadoBar:
    """One parameter's bar: its low/high values and real GDP growth there, in pp and as change from base."""

    param_id: str
    low_value: float
    high_value: float
    growth_at_low_pp: float
    growth_at_high_pp: float
    delta_low_pp: float
    delta_high_pp: float
    step: float  # h_k before clipping, in the parameter's unit
    step_rule: str  # "pp", "sd" or "range": which rule of the module docstring gave h_k
    role: str  # "policy" or "assumption": the parameter's role in data/parameters.toml

    @property
    def swing_pp(self) -> float:
        """|r(high) - r(low)| in pp: the bar's length, by which bars are sorted."""
        return abs(self.growth_at_high_pp - self.growth_at_low_pp)


def tornado_step(param_id: str) -> tuple[float, str]:
    """(h_k, rule) for a parameter, by the rule in the module docstring."""
    p = params()[param_id]
    if p.unit == "growth":
        return GROWTH_STEP, "pp"
    if p.sd > 0:
        return p.sd, "sd"
    return RANGE_STEP_SHARE * (p.max - p.min), "range"


def tornado(scenario: Scenario, target_values: Mapping[str, float] | None = None) -> list[TornadoBar]:
    """Bars for every parameter in data/parameters.toml, largest swing first (ties keep data order).

    target_values is passed on to `simulate` for a uniform API; targets do not change growth.
    """
    values = scenario.to_dict()
    ids = [k for k in params() if k in FIELDS]
    n = 2 * len(ids) + 1  # column 0 is the base; then low, high for each parameter
    columns = {k: np.full(n, values[k]) for k in FIELDS}
    steps = {}
    for i, k in enumerate(ids):
        p = params()[k]
        step, rule = tornado_step(k)
        steps[k] = (step, rule)
        columns[k][1 + 2 * i] = max(values[k] - step, p.min)
        columns[k][2 + 2 * i] = min(values[k] + step, p.max)
    growth_pp = 100.0 * np.asarray(simulate(Scenario(**columns), target_values).gdp_real_growth)
    base_pp = growth_pp[0]

    bars = []
    for i, k in enumerate(ids):
        low_pp, high_pp = float(growth_pp[1 + 2 * i]), float(growth_pp[2 + 2 * i])
        bars.append(TornadoBar(
            param_id=k,
            low_value=float(columns[k][1 + 2 * i]),
            high_value=float(columns[k][2 + 2 * i]),
            growth_at_low_pp=low_pp,
            growth_at_high_pp=high_pp,
            delta_low_pp=low_pp - float(base_pp),
            delta_high_pp=high_pp - float(base_pp),
            step=steps[k][0],
            step_rule=steps[k][1],
            role=params()[k].role,
        ))
    return sorted(bars, key=lambda bar: -bar.swing_pp)


ROLES = ("policy", "assumption")  # the groups by_role returns, policy levers first


def by_role(bars: Sequence[TornadoBar]) -> dict[str, tuple[TornadoBar, ...]]:
    """The bars split by role (ROLES, each key present), each group largest swing first (ties keep `bars`' order)."""
    return {role: tuple(sorted((b for b in bars if b.role == role), key=lambda b: -b.swing_pp)) for role in ROLES}
