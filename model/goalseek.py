"""Goal seek: the value of one parameter that brings 2025 real GDP growth to a target, the rest held fixed.

Deterministic: solve r(x) = r*, x in [min, max]. r is linear in each main lever (Y_2025 is
linear in every component growth, and r = Y_2025 / (Y_2024 (1 + pi)) - 1), but not in every
parameter (the shares, the deflator), so the solver does not assume it: a grid of GRID_POINTS
values over [min, max] in one vectorised call brackets each crossing, the grid is refined
inside the bracket nearest the scenario's value until it is narrower than `tolerance`, and
linear interpolation inside the last bracket finishes (exact when r is linear).

With a probability p: the least x (the greatest, if growth falls with x) such that the Monte
Carlo share of draws meeting the target is >= p. The same seed gives the same draws for every
x (common random numbers), so that share is a monotone step function of x for every lever
growth is monotone in; bisection then ends with P(x) >= p > P(x -/+ tolerance).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.scenario import FIELDS, Scenario, params
from model.simulate import project_outputs, simulate
from model.uncertainty import draw_setup, perturbed_scenario, standard_draws

GRID_POINTS = 1001  # first pass over [min, max]; each refinement uses REFINE_POINTS inside a bracket
REFINE_POINTS = 101


@dataclass(frozen=True)
class GoalSeekResult:
    """The required value of one parameter. Rates as shares.

    reachable: some value in [min, max] reaches the target (with `probability`, at that probability).
    value: the required value, or None when unreachable.
    best_value: `value` when reachable, else the value in range that comes closest (a bound for a lever).
    growth_at_best: deterministic real GDP growth at best_value.
    probability_at_best: Monte Carlo share of draws meeting the target at best_value (probability mode).
    """

    lever_id: str
    target_growth: float
    probability: float | None
    reachable: bool
    value: float | None
    best_value: float
    growth_at_best: float
    probability_at_best: float | None
    current_value: float
    tolerance: float
    draws: int | None
    seed: int | None


def _growth(scenario: Scenario, lever_id: str, x) -> np.ndarray:
    """Real GDP growth with the lever at x (scalar or array), everything else as in the scenario."""
    growth = simulate(scenario.replace(**{lever_id: x})).gdp_real_growth
    # a parameter growth does not depend on (revenue_buoyancy) leaves growth a scalar
    return np.broadcast_to(np.asarray(growth, dtype=float), np.shape(x))


def _solve_deterministic(scenario: Scenario, lever_id: str, target: float, tolerance: float) -> tuple[bool, float]:
    """(reachable, value): see the module docstring."""
    p = params()[lever_id]
    current = float(getattr(scenario, lever_id))
    grid = np.linspace(p.min, p.max, GRID_POINTS)
    gap = _growth(scenario, lever_id, grid) - target
    crossings = np.flatnonzero(gap[:-1] * gap[1:] <= 0.0)
    if crossings.size == 0:
        return False, float(grid[np.argmin(np.abs(gap))])
    # several crossings only for a parameter growth is not monotone in: take the one nearest now
    i = crossings[np.argmin(np.abs(grid[crossings] - current))]
    low, high, gap_low, gap_high = grid[i], grid[i + 1], gap[i], gap[i + 1]
    while high - low > tolerance and gap_low != 0.0 and gap_high != 0.0:
        grid = np.linspace(low, high, REFINE_POINTS)
        gap = _growth(scenario, lever_id, grid) - target
        inside = np.flatnonzero(gap[:-1] * gap[1:] <= 0.0)
        if inside.size == 0:  # cannot happen for a deterministic model; never loop forever
            break
        j = inside[0]
        low, high, gap_low, gap_high = grid[j], grid[j + 1], gap[j], gap[j + 1]
    if gap_low == gap_high:  # flat: growth does not depend on this parameter here
        return True, float(np.clip(current, low, high))
    if gap_low == 0.0:
        return True, float(low)
    if gap_high == 0.0:
        return True, float(high)
    return True, float(low + (high - low) * gap_low / (gap_low - gap_high))


class _MonteCarloShare:
    """x -> share of draws with real growth >= target, on fixed draws (common random numbers).

    Draws the same way as `monte_carlo(scenario.replace(lever=x), draws, seed)`, so the share
    equals that call's probability_met for the GDP target.
    """

    def __init__(self, scenario: Scenario, lever_id: str, target: float, draws: int, seed: int):
        z = standard_draws(draws, seed)
        self.base = perturbed_scenario(scenario, z)
        self.lever_id = lever_id
        self.draws = draws
        setup = draw_setup()
        self.target_id = setup.gdp_target_id
        self.targets = {self.target_id: target}
        p = params()[lever_id]
        self.bounds = (p.min, p.max)
        uncertain = setup.uncertain_params
        self.spread = z[uncertain.index(lever_id)] * p.sd if lever_id in uncertain else None

    def __call__(self, x: float) -> float:
        if self.spread is None:
            lever = x
        else:
            lever = self.spread + x
            np.clip(lever, *self.bounds, out=lever)
        _, targets = project_outputs(self.base.replace(**{self.lever_id: lever}), self.targets)
        met = targets[self.target_id].met
        return float(np.mean(np.broadcast_to(met, (self.draws,))))


def _solve_probability(share: _MonteCarloShare, probability: float, low: float, high: float,
                       tolerance: float) -> tuple[bool, float, float]:
    """(reachable, value, share at value) by bisection; see the module docstring."""
    p_low, p_high = share(low), share(high)
    if p_low >= probability and p_high >= probability:
        # met everywhere: the value nearest the side where the share is lower is the least demanding
        return (True, low, p_low) if p_low <= p_high else (True, high, p_high)
    if p_low < probability and p_high < probability:
        return (False, high, p_high) if p_high >= p_low else (False, low, p_low)
    rising = p_high >= probability  # the share meets p at the high end, not at the low end
    miss, hit, p_hit = (low, high, p_high) if rising else (high, low, p_low)
    while abs(hit - miss) > tolerance:
        mid = 0.5 * (miss + hit)
        p_mid = share(mid)
        if p_mid >= probability:
            hit, p_hit = mid, p_mid
        else:
            miss = mid
    return True, hit, p_hit


def required_value(
    scenario: Scenario,
    lever_id: str,
    target_growth: float,
    probability: float | None = None,
    draws: int = 10_000,
    seed: int = 0,
    tolerance: float = 1e-6,
) -> GoalSeekResult:
    """Value of `lever_id` (any parameter id) giving real GDP growth r* = target_growth.

    Without `probability`: r(x) = r* within float precision (see module docstring).
    With `probability` p in (0, 1]: the least demanding x with P_MC(r >= r*) >= p, using
    `draws` Monte Carlo draws from `seed`; x is within `tolerance` (lever units) of the
    step where the share first reaches p.
    """
    if lever_id not in FIELDS:
        raise ValueError(f"unknown parameter '{lever_id}'")
    if probability is not None and not 0.0 < probability <= 1.0:
        raise ValueError(f"probability must be in (0, 1]; got {probability!r}")
    if tolerance <= 0:
        raise ValueError("tolerance must be > 0")
    target = float(target_growth)
    current = float(getattr(scenario, lever_id))
    p = params()[lever_id]

    if probability is None:
        reachable, value = _solve_deterministic(scenario, lever_id, target, tolerance)
        probability_at_best = None
    else:
        share = _MonteCarloShare(scenario, lever_id, target, draws, seed)
        reachable, value, probability_at_best = _solve_probability(share, probability, p.min, p.max, tolerance)

    return GoalSeekResult(
        lever_id=lever_id,
        target_growth=target,
        probability=probability,
        reachable=reachable,
        value=value if reachable else None,
        best_value=value,
        growth_at_best=float(_growth(scenario, lever_id, value)),
        probability_at_best=probability_at_best,
        current_value=current,
        tolerance=tolerance,
        draws=draws if probability is not None else None,
        seed=seed if probability is not None else None,
    )
