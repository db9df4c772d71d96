"""Tornado: one bar per parameter, documented steps, sorted by swing, consistent with simulate."""

from __future__ import annotations

import numpy as np
import pytest

import data
from model import Scenario, simulate
from model.sensitivity import GROWTH_STEP, RANGE_STEP_SHARE, by_role, tornado, tornado_step

PARAMS = data.load().params
MAIN_LEVERS = ("fai_growth", "retail_growth", "export_growth")
SCENARIOS = [Scenario(), Scenario(fai_growth=0.25, export_growth=-0.25, residual_persistence=0.5)] + [
    Scenario.from_preset(k) for k in data.load().presets
]


def growth_pp(scenario: Scenario) -> float:
    return 100.0 * float(simulate(scenario).gdp_real_growth)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_one_bar_per_parameter_sorted_by_swing(scenario):
    bars = tornado(scenario)
    assert sorted(b.param_id for b in bars) == sorted(PARAMS)
    swings = [b.swing_pp for b in bars]
    assert swings == sorted(swings, reverse=True)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_bars_match_direct_simulate_calls(scenario):
    base = growth_pp(scenario)
    for bar in tornado(scenario):
        low = growth_pp(scenario.replace(**{bar.param_id: bar.low_value}))
        high = growth_pp(scenario.replace(**{bar.param_id: bar.high_value}))
        np.testing.assert_allclose([bar.growth_at_low_pp, bar.growth_at_high_pp], [low, high], rtol=0, atol=1e-10)
        np.testing.assert_allclose([bar.delta_low_pp, bar.delta_high_pp], [low - base, high - base], rtol=0, atol=1e-10)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_main_levers_high_side_raises_growth(scenario):
    bars = {b.param_id: b for b in tornado(scenario)}
    for k in MAIN_LEVERS:
        x = getattr(scenario, k)
        # a lever at a bound of its range has that side clipped to zero length
        assert bars[k].delta_high_pp > 0 if bars[k].high_value > x else bars[k].delta_high_pp == 0, k
        assert bars[k].delta_low_pp < 0 if bars[k].low_value < x else bars[k].delta_low_pp == 0, k


def test_main_levers_at_a_bound_have_one_sided_bars():
    scenario = Scenario(fai_growth=PARAMS["fai_growth"].max, retail_growth=PARAMS["retail_growth"].min)
    bars = {b.param_id: b for b in tornado(scenario)}
    assert bars["fai_growth"].delta_high_pp == 0.0 and bars["fai_growth"].delta_low_pp < 0
    assert bars["retail_growth"].delta_low_pp == 0.0 and bars["retail_growth"].delta_high_pp > 0


def test_steps_follow_the_documented_rule():
    for k, p in PARAMS.items():
        step, rule = tornado_step(k)
        if p.unit == "growth":
            assert (step, rule) == (GROWTH_STEP, "pp")
        elif p.sd > 0:
            assert (step, rule) == (p.sd, "sd")
        else:
            assert rule == "range"
            assert step == pytest.approx(RANGE_STEP_SHARE * (p.max - p.min))


def test_values_move_by_the_step_and_stay_in_range():
    scenario = Scenario()
    for bar in tornado(scenario):
        p = PARAMS[bar.param_id]
        x = getattr(scenario, bar.param_id)
        assert p.min <= bar.low_value <= x <= bar.high_value <= p.max
        np.testing.assert_allclose(bar.low_value, max(x - bar.step, p.min))
        np.testing.assert_allclose(bar.high_value, min(x + bar.step, p.max))
    # a parameter at its maximum: the high side is clipped to it and moves nothing
    at_max = Scenario(residual_persistence=PARAMS["residual_persistence"].max)
    persistence = next(b for b in tornado(at_max) if b.param_id == "residual_persistence")
    assert persistence.high_value == PARAMS["residual_persistence"].max
    assert persistence.delta_high_pp == 0.0


def test_parameters_growth_ignores_have_flat_bars():
    bars = {b.param_id: b for b in tornado(Scenario())}
    for k in ("revenue_buoyancy", "jobs_semi_elasticity"):
        assert bars[k].delta_low_pp == 0.0 and bars[k].delta_high_pp == 0.0


@pytest.mark.parametrize("scenario", SCENARIOS[:2])
def test_by_role_puts_each_parameter_in_its_roles_group_each_ranked(scenario):
    """The groups come from data/parameters.toml's role: every policy lever in one, every assumption in the other."""
    groups = by_role(tornado(scenario))
    assert list(groups) == ["policy", "assumption"]
    for role, bars in groups.items():
        assert {b.param_id for b in bars} == {k for k, p in PARAMS.items() if p.role == role}
        swings = [b.swing_pp for b in bars]
        assert swings == sorted(swings, reverse=True)
    assert {p.id for p in PARAMS.values() if p.group == "lever"} <= {b.param_id for b in groups["policy"]}
    assert {"model_error", "cpi_change", "ppi_change", "investment_price_change"} <= {b.param_id for b in groups["assumption"]}
