"""The breakdown of a change of real GDP growth by setting (model/attribution.py): the parts add up,
an unchanged setting gets nothing, the split is the Shapley value, and the default's difference
from the base year is explained by the model's own terms. Also the levers' past ranges (model/facts.py)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import data
from model import FIELDS, Scenario, simulate
from model.attribution import (
    CARRY,
    MAX_EXACT_PLAYERS,
    STRUCTURE,
    default_vs_base_year,
    scenario_breakdown,
    shapley,
)
from model.facts import default_facts, lever_of_year, past_range
from model.production import production_side

DS = data.load()
PARAMS = DS.params
DEFAULT = float(simulate(Scenario()).gdp_real_growth)


def growth(s: Scenario) -> float:
    return float(simulate(s).gdp_real_growth)


def random_scenario(rng: np.random.Generator, k: int) -> Scenario:
    """k settings drawn within their valid ranges, the rest at default."""
    chosen = rng.choice(len(FIELDS), size=k, replace=False)
    return Scenario(**{FIELDS[i]: float(rng.uniform(PARAMS[FIELDS[i]].min, PARAMS[FIELDS[i]].max)) for i in chosen})


@pytest.mark.parametrize("k", [1, 3, 6, MAX_EXACT_PLAYERS, MAX_EXACT_PLAYERS + 3, len(FIELDS)])
def test_parts_add_up_to_the_change_from_the_default(k):
    rng = np.random.default_rng(k)
    for _ in range(5):
        s = random_scenario(rng, k)
        b = scenario_breakdown(s)
        assert b.before == pytest.approx(DEFAULT, abs=1e-15)
        assert b.after == pytest.approx(growth(s), abs=1e-15)
        assert abs(sum(p.pp for p in b.parts) - 100 * (growth(s) - DEFAULT)) < 1e-12
        assert b.method == ("shapley" if len(b.parts) <= MAX_EXACT_PLAYERS else "sampled")


def test_the_default_has_no_parts_and_an_unchanged_setting_gets_zero():
    assert scenario_breakdown(Scenario()).parts == ()
    b = scenario_breakdown(Scenario(fai_growth=0.2, retail_growth=PARAMS["retail_growth"].value))
    assert [p.key for p in b.parts] == ["fai_growth"]
    # a changed setting the headline does not read (revenue buoyancy moves budget revenue only) gets exactly 0
    b = scenario_breakdown(Scenario(fai_growth=0.2, revenue_buoyancy=PARAMS["revenue_buoyancy"].max))
    assert {p.key: p.pp for p in b.parts}["revenue_buoyancy"] == 0.0


def test_a_lever_alone_gets_its_slope_times_its_change():
    """The model is affine in the levers and prices: one lever's part is the whole change, and two
    levers' parts are each what that lever alone would do (no interaction to share)."""
    one = scenario_breakdown(Scenario(fai_growth=0.2))
    assert one.parts[0].pp == pytest.approx(100 * (growth(Scenario(fai_growth=0.2)) - DEFAULT), abs=1e-12)
    both = {p.key: p.pp for p in scenario_breakdown(Scenario(fai_growth=0.2, cpi_change=0.02)).parts}
    assert both["cpi_change"] == pytest.approx(100 * (growth(Scenario(cpi_change=0.02)) - DEFAULT), abs=1e-12)
    assert both["fai_growth"] == pytest.approx(one.parts[0].pp, abs=1e-12)


def test_the_split_is_the_shapley_value_by_brute_force():
    """Against the definition: the mean over all orders of each setting's one-at-a-time change."""
    s = Scenario(fai_growth=0.2, industry_fai_elasticity=PARAMS["industry_fai_elasticity"].max, ppi_change=0.02,
                 replay_carry=1.0)
    changed = list(s.changed_from_default())
    sums = dict.fromkeys(changed, 0.0)
    orders = list(itertools.permutations(changed))
    for order in orders:
        current = Scenario()
        for k in order:
            moved = current.replace(**{k: getattr(s, k)})
            sums[k] += growth(moved) - growth(current)
            current = moved
    expected = {k: 100 * v / len(orders) for k, v in sums.items()}
    parts = {p.key: p.pp for p in scenario_breakdown(s).parts}
    assert parts == pytest.approx(expected, abs=1e-12)
    # an assumption that multiplies a lever: the interaction is shared, so no order's split equals it
    assert parts["industry_fai_elasticity"] != pytest.approx(100 * (growth(Scenario(
        industry_fai_elasticity=s.industry_fai_elasticity)) - DEFAULT), abs=1e-6)


def test_sampled_orders_estimate_the_shapley_value():
    """Beyond MAX_EXACT_PLAYERS the mean over sampled orders stands in: close to the exact value on a game both can do."""
    rng = np.random.default_rng(7)
    weights, pairs = rng.normal(size=8), rng.normal(size=(8, 8))

    def game(mask):
        x = mask.astype(float)
        return x @ weights + np.einsum("ri,ij,rj->r", x, np.triu(pairs, 1), x)

    exact, method = shapley(game, 8)
    assert method == "shapley"
    # pairwise game: the Shapley value gives each pair's term half to each member
    assert exact == pytest.approx(weights + 0.5 * (np.triu(pairs, 1).sum(0) + np.triu(pairs, 1).sum(1)), abs=1e-12)
    import model.attribution as attribution
    saved = attribution.MAX_EXACT_PLAYERS
    attribution.MAX_EXACT_PLAYERS = 4
    try:
        sampled, method = shapley(game, 8)
    finally:
        attribution.MAX_EXACT_PLAYERS = saved
    assert method == "sampled"
    assert sampled.sum() == pytest.approx(exact.sum(), abs=1e-12)
    assert sampled == pytest.approx(exact, abs=0.5)


def test_moving_the_industrial_lever_is_one_part_with_the_link_it_switches_off():
    s = Scenario(industrial_va_growth=0.08, industry_link_weight=0.0)
    (part,) = scenario_breakdown(s).parts
    assert part.key == "industrial_va_growth" and part.fields == ("industrial_va_growth", "industry_link_weight")
    assert part.pp == pytest.approx(100 * (growth(s) - DEFAULT), abs=1e-12)


def test_the_default_is_explained_from_the_base_year_by_the_model_terms():
    facts = default_facts()
    b = default_vs_base_year()
    assert b.before == facts.real_growth_base
    assert b.after == pytest.approx(DEFAULT, abs=1e-15)
    assert abs(sum(p.pp for p in b.parts) - 100 * (DEFAULT - facts.real_growth_base)) < 1e-12
    result = simulate(Scenario())
    parts = {p.key: p.pp for p in b.parts}
    # the carry: the projection adds phi c_b where the base year's published growth holds all of c_b
    assert parts[CARRY] == pytest.approx(100 * (Scenario().replay_carry - 1) * float(result.replay.gap), abs=1e-12)
    # the rest is the production side moved from the replay's inputs and weights to the projection's
    assert sum(v for k, v in parts.items() if k != CARRY) == pytest.approx(
        100 * (float(result.production.real_growth) - float(result.replay.real_growth)), abs=1e-12)
    assert STRUCTURE in parts


def test_the_replay_is_the_production_side_at_the_base_years_inputs():
    """What default_vs_base_year starts from: P(inputs_b, shares_(b-1)) is the replay itself."""
    from model.attribution import base_year_inputs
    facts = default_facts()
    for s in (Scenario(), Scenario(industry_fai_elasticity=0.5, services_gap=0.01)):
        replayed = production_side(s.replace(**base_year_inputs(s, facts)), facts.sector_shares_before).real_growth
        assert float(replayed) == pytest.approx(float(simulate(s).replay.real_growth), abs=1e-15)


@pytest.mark.parametrize("k", [2, 5])
def test_a_scenario_against_the_base_year_adds_up_too(k):
    rng = np.random.default_rng(100 + k)
    for _ in range(5):
        s = random_scenario(rng, k)
        b = default_vs_base_year(s)
        assert abs(sum(p.pp for p in b.parts) - 100 * (growth(s) - default_facts().real_growth_base)) < 1e-12


def test_a_levers_past_range_is_its_published_values_over_ten_years():
    record = DS.history_record
    for lever in ("fai_growth", "retail_growth", "export_growth"):
        r = past_range(record, lever, DS.base_year)
        values = [lever_of_year(record, y, lever) for y in range(DS.base_year - 9, DS.base_year + 1)]
        known = [v for v in values if math.isfinite(v)]
        assert len(r.years) == len(known) >= 3
        assert (r.low, r.high) == (min(known), max(known))
        assert min(r.years) >= DS.base_year - 9 and max(r.years) == DS.base_year
        assert not r.outside(r.low) and not r.outside(r.high) and not r.outside(PARAMS[lever].value)
        assert r.outside(r.high + 0.001) and r.outside(r.low - 0.001)
    fai = past_range(record, "fai_growth", DS.base_year)
    assert (fai.low, fai.high) == (-0.041, 0.162)  # 2022 and 2020 (data/history.toml)


def test_a_setting_without_a_published_past_has_an_empty_range_and_nothing_is_outside_it():
    r = past_range(DS.history_record, "services_consumption_growth", DS.base_year)
    assert r.years == () and not r.outside(1.0)
