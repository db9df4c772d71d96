"""Why a projection differs from another: the change of real GDP growth split into one part per setting.

Two splits, by the same rule:

1. `scenario_breakdown(s)`: from the default scenario (Scenario()) to `s`, one part per setting
   that differs (a lever, a price, an assumption).
2. `default_vs_base_year(s)`: from the base year's published growth r_b to the projection of `s`
   (the default: what the 2025 default assumes and why it is not 2024's 3.0%). With c_b the
   replay's calibration term (model/replay.py), phi its carry and e the model error,

       r_b     = P(inputs_b, shares_(b-1)) + c_b          (c_b's definition: the replay misses it)
       r_(b+1) = P(inputs_s, shares_b)     + phi c_b + e   (model/simulate.py)

   P the production side (model/production.py), so r_(b+1) - r_b = [P(inputs_s, shares_b) -
   P(inputs_b, shares_(b-1))] + (phi - 1) c_b + e: the bracket split over the sectors' weights
   ("structure") and each input that differs; the carry and the model error are parts of their own.

The rule: the Shapley value. Each part is the setting's change of growth averaged over every
order in which the settings could have been changed one at a time (sum over the subsets S of the
other settings of |S|! (n-|S|-1)! / n! [v(S + i) - v(S)]). The parts add up to the total exactly
(up to rounding), a setting whose change moves nothing gets 0, and the split does not depend on
an order. Where growth is affine in the changed settings (levers and prices at fixed
coefficients: real = nominal - price) every order gives the same split, each part is slope x
change; an assumption (a coefficient) multiplies levers, and then the Shapley value shares the
interaction evenly between the two. All 2^n subsets are evaluated in one vectorised call for
n <= MAX_EXACT_PLAYERS settings; beyond that the parts are the mean over SAMPLED_ORDERS orders
(each with its reverse) of the one-at-a-time split: each order's parts add up to the total
exactly, so their mean does too, and it estimates the Shapley value.

A setting that a lever switches off when moved (model.production.SETS_DIRECTLY: moving the
industrial lever sets industry directly) is counted with that lever, as one part.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.facts import Facts, default_facts
from model.production import SETS_DIRECTLY, production_side
from model.replay import replay_base_year
from model.scenario import FIELDS, Scenario
from model.simulate import DEFAULT_TARGETS, project_outputs

MAX_EXACT_PLAYERS = 12  # 2^12 = 4096 scenarios in one call
SAMPLED_ORDERS = 64  # beyond: 64 random orders and their reverses, seeded (the same split every time)
SEED = 20250
STRUCTURE = "structure"  # default_vs_base_year's part for the sectors' weights (base year's, not the year before's)
CARRY = "replay_carry"  # its part for the calibration term carried at phi instead of in full
MODEL_ERROR = "model_error"


@dataclass(frozen=True)
class Part:
    """One setting's part of the change: key (a scenario field, or STRUCTURE / CARRY), the fields it
    moves together, their values before and after (fields' order), and the change of real growth in pp."""

    key: str
    fields: tuple[str, ...]
    before: tuple[float, ...]
    after: tuple[float, ...]
    pp: float


@dataclass(frozen=True)
class Breakdown:
    """Real growth before and after (shares), the parts (pp, largest first) and the rule used
    ("shapley": exact; "sampled": the mean over sampled orders)."""

    before: float
    after: float
    parts: tuple[Part, ...]
    method: str

    @property
    def total_pp(self) -> float:
        return 100.0 * (self.after - self.before)


def shapley(evaluate: Callable[[np.ndarray], np.ndarray], n: int) -> tuple[np.ndarray, str]:
    """The Shapley value of each of n players, and the method ("shapley" or "sampled").

    evaluate(mask) -> values: mask is a bool array (rows, n), True where a player has changed;
    one value per row (vectorised: one call for all rows).
    """
    if n == 0:
        return np.zeros(0), "shapley"
    if n <= MAX_EXACT_PLAYERS:
        subsets = np.arange(2 ** n)
        bits = (subsets[:, None] >> np.arange(n)) & 1
        values = np.asarray(evaluate(bits.astype(bool)), dtype=float)
        size = bits.sum(axis=1)
        # weight of a subset S not holding i: |S|! (n - |S| - 1)! / n!
        weight = np.array([math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)])
        parts = np.empty(n)
        for i in range(n):
            without = subsets[bits[:, i] == 0]
            parts[i] = np.sum(weight[size[without]] * (values[without | (1 << i)] - values[without]))
        return parts, "shapley"
    rng = np.random.default_rng(SEED)
    orders = [rng.permutation(n) for _ in range(SAMPLED_ORDERS)]
    orders += [order[::-1] for order in orders]
    masks = []
    for order in orders:  # the scenario after each of the first k settings of the order changed, k = 0..n
        mask = np.zeros((n + 1, n), dtype=bool)
        for k, player in enumerate(order):
            mask[k + 1:, player] = True
        masks.append(mask)
    values = np.asarray(evaluate(np.concatenate(masks)), dtype=float).reshape(len(orders), n + 1)
    parts = np.zeros(n)
    for row, order in zip(values, orders, strict=True):
        parts[order] += np.diff(row)
    return parts / len(orders), "sampled"


def _players(before: Mapping[str, float], after: Mapping[str, float]) -> list[tuple[str, ...]]:
    """The fields that differ, grouped: a field a lever switches off when moved goes with that lever."""
    changed = [k for k in FIELDS if k in before and float(after[k]) != float(before[k])]
    grouped = set()
    players = []
    for k in changed:
        if k in grouped:
            continue
        companions = tuple(c for c, v in SETS_DIRECTLY.get(k, {}).items() if c in changed and float(after[c]) == v)
        grouped.update(companions)
        players.append((k, *companions))
    # a companion moved on its own (its lever unchanged) is a player of its own
    return players


def _mixed(before: Mapping[str, float], after: Mapping[str, float], players: Sequence[tuple[str, ...]],
           mask: np.ndarray) -> dict[str, np.ndarray]:
    """Each changed field as a column: its value after where its player is in the row's subset, else before."""
    return {k: np.where(mask[:, j], float(after[k]), float(before[k])) for j, group in enumerate(players) for k in group}


def _parts(players, before, after, values: np.ndarray) -> tuple[Part, ...]:
    parts = [Part(g[0], g, tuple(float(before[k]) for k in g), tuple(float(after[k]) for k in g), 100.0 * float(v))
             for g, v in zip(players, values, strict=True)]
    return tuple(sorted(parts, key=lambda p: -abs(p.pp)))


_NO_TARGETS = frozenset(DEFAULT_TARGETS)


def scenario_breakdown(s: Scenario, base: Scenario | None = None, facts: Facts | None = None) -> Breakdown:
    """Real GDP growth from `base` (default: the default scenario) to `s`, split by changed setting."""
    facts = facts or default_facts()
    base = base or Scenario()
    before, after = base.to_dict(), s.to_dict()
    players = _players(before, after)

    def evaluate(mask: np.ndarray) -> np.ndarray:
        mixed = base.replace(**_mixed(before, after, players, mask))
        growth = project_outputs(mixed, facts=facts, skip_targets=_NO_TARGETS)[0]["gdp_real_growth"]
        return np.broadcast_to(np.asarray(growth, dtype=float), (mask.shape[0],))

    values, method = shapley(evaluate, len(players))
    start = float(project_outputs(base, facts=facts, skip_targets=_NO_TARGETS)[0]["gdp_real_growth"])
    end = float(project_outputs(s, facts=facts, skip_targets=_NO_TARGETS)[0]["gdp_real_growth"])
    return Breakdown(start, end, _parts(players, before, after, values), method)


def base_year_inputs(s: Scenario, facts: Facts) -> dict[str, float]:
    """The scenario fields the replay of the base year reads from the base year: its levers and prices,
    industry on its link (model/replay.py)."""
    return {k: float(v) for k, v in facts.base_inputs.items()} | {"industry_link_weight": 1.0}


def default_vs_base_year(s: Scenario | None = None, facts: Facts | None = None) -> Breakdown:
    """From the base year's published real growth to the projection of `s` (default: the default
    scenario), split into the sectors' weights, each input that differs, the carry of the
    calibration term and the model error (module docstring)."""
    facts = facts or default_facts()
    s = s or Scenario()
    replay_inputs = base_year_inputs(s, facts)
    replayed = s.replace(**replay_inputs)
    before = {k: float(getattr(replayed, k)) for k in replay_inputs}
    after = {k: float(getattr(s, k)) for k in replay_inputs}
    players = [(STRUCTURE,)] + _players(before, after)
    shares_before, shares_after = np.array(facts.sector_shares_before), np.array(facts.sector_shares_base)

    def evaluate(mask: np.ndarray) -> np.ndarray:
        mixed = replayed.replace(**_mixed(before, after, players[1:], mask[:, 1:]))
        shares = np.where(mask[:, :1], shares_after, shares_before)  # (rows, 3)
        growth = production_side(mixed, tuple(shares.T)).real_growth
        return np.broadcast_to(np.asarray(growth, dtype=float), (mask.shape[0],))

    values, method = shapley(evaluate, len(players))
    gap = float(replay_base_year(s, facts).gap)
    carry = float(s.replay_carry)
    structure = Part(STRUCTURE, (), (), (), 100.0 * float(values[0]))
    fields = _parts(players[1:], before, after, values[1:])
    extra = (Part(CARRY, (CARRY,), (1.0,), (carry,), 100.0 * (carry - 1.0) * gap),)
    if float(s.model_error) != 0.0:
        extra += (Part(MODEL_ERROR, (MODEL_ERROR,), (0.0,), (float(s.model_error),), 100.0 * float(s.model_error)),)
    projected = float(project_outputs(s, facts=facts, skip_targets=_NO_TARGETS)[0]["gdp_real_growth"])
    parts = tuple(sorted((structure, *fields, *extra), key=lambda p: -abs(p.pp)))
    return Breakdown(float(facts.real_growth_base), projected, parts, method)
