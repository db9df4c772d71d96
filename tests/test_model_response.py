"""The levers' response at a point: slopes are simulate's own finite differences, the preview is
exact where the model is affine, and the affine flags say where it is not."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import data
from model import Scenario, simulate
from model.response import lever_response

DS = data.load()
LEVERS = [p.id for p in DS.params_in("lever")]
OUTPUTS = ("gdp_real_growth", "gdp_nominal_yi_yuan", "gdp_nominal_growth", "new_urban_jobs", "fai_growth",
           "retail_sales_yi_yuan", "retail_growth", "trade_yi_yuan", "trade_growth", "budget_revenue_yi_yuan",
           "budget_revenue_growth")
SCENARIOS = [Scenario()] + [Scenario.from_preset(k) for k in DS.presets]


def lever_values(draw_from: st.DataObject) -> dict[str, float]:
    return {k: draw_from.draw(st.floats(DS.params[k].min, DS.params[k].max), label=k) for k in LEVERS}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_slopes_are_finite_differences_of_simulate(scenario):
    response = lever_response(scenario, LEVERS, OUTPUTS)
    h = 0.01  # not the step the module uses: an independent difference
    for k in LEVERS:
        x = getattr(scenario, k)
        up, down = simulate(scenario.replace(**{k: x + h})), simulate(scenario.replace(**{k: x - h}))
        for name in OUTPUTS:
            expected = (getattr(up, name) - getattr(down, name)) / (2 * h)
            assert response.slopes[name][k] == pytest.approx(expected, rel=1e-6, abs=1e-9), (name, k)
    base = simulate(scenario)
    for name in OUTPUTS:
        assert response.values[name] == getattr(base, name)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_preview_equals_simulate_wherever_flagged_affine(draw):
    scenario = SCENARIOS[draw.draw(st.integers(0, len(SCENARIOS) - 1), label="scenario")]
    response = lever_response(scenario, LEVERS, OUTPUTS)
    moved = lever_values(draw)
    exact = simulate(scenario.replace(**moved))
    for name in OUTPUTS:
        if response.affine[name]:
            scale = max(1.0, abs(getattr(exact, name)))
            assert response.preview(name, moved) == pytest.approx(getattr(exact, name), abs=1e-9 * scale), name


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_preview_along_one_lever_is_exact_where_flagged(draw):
    response = lever_response(Scenario(), LEVERS, OUTPUTS)
    k = draw.draw(st.sampled_from(LEVERS), label="lever")
    value = draw.draw(st.floats(DS.params[k].min, DS.params[k].max), label="value")
    exact = simulate(Scenario().replace(**{k: value}))
    for name in OUTPUTS:
        if response.affine_along[name][k]:
            scale = max(1.0, abs(getattr(exact, name)))
            assert response.preview(name, {k: value}) == pytest.approx(getattr(exact, name), abs=1e-9 * scale), (name, k)


def test_the_model_as_it_stands_is_affine_in_the_main_levers_over_their_ranges():
    """docs/levers.md says so: jobs, floored at zero, stay far above the floor even with every main
    lever at the bottom of its range, so no output bends inside the sliders' ranges."""
    response = lever_response(Scenario(), LEVERS, OUTPUTS)
    assert {name for name, flag in response.affine.items() if not flag} == set()
    lowest = Scenario(**{k: DS.params[k].min for k in LEVERS})
    assert simulate(lowest).new_urban_jobs > 0.5 * DS.value("new_urban_jobs_2024")
    assert all(all(along.values()) for along in response.affine_along.values())


@pytest.mark.parametrize("price", ["cpi_change", "ppi_change", "investment_price_change"])
def test_real_growth_and_the_deflator_are_affine_in_a_price_but_nominal_gdp_is_not(price):
    # v3 (model/production.py): real = nominal - price to first order, so real growth is a plane in the levers
    # and the prices; nominal GDP = Y (1 + r)(1 + pi) multiplies two planes, so it bends along a price
    response = lever_response(Scenario(), ["fai_growth", price], ["gdp_real_growth", "gdp_nominal_yi_yuan", "gdp_deflator"])
    assert response.affine == {"gdp_real_growth": True, "gdp_nominal_yi_yuan": False, "gdp_deflator": True}
    assert response.affine_along["gdp_nominal_yi_yuan"] == {"fai_growth": True, price: False}


def _toy(formula):
    """A stand-in for simulate: one output `y` of the lever fai_growth (any array shape)."""
    calls = []

    def fake(scenario, targets=None):
        calls.append(np.size(scenario.fai_growth))
        return SimpleNamespace(y=formula(np.asarray(scenario.fai_growth, dtype=float)))

    return fake, calls


@pytest.mark.parametrize(("formula", "affine"), [
    (lambda x: 3.0 * x + 1.0, True),
    (lambda x: np.full_like(x, 2.5), True),  # does not depend on the lever at all
    (lambda x: x * x, False),
    (lambda x: np.abs(x - 0.118), False),  # a kink exactly at the point: the one-sided slopes differ
    (lambda x: np.maximum(x, 0.25), False),  # a kink far from the point: the range probes see it
    (lambda x: np.where(x > 0.29, np.nan, x), False),  # a broken region is never called exact
])
def test_affine_flag_on_known_functions_with_one_simulate_call(formula, affine):
    fake, calls = _toy(formula)
    response = lever_response(Scenario(fai_growth=0.118), ["fai_growth"], ["y"], simulate=fake)
    assert response.affine == {"y": affine}
    assert response.affine_along == {"y": {"fai_growth": affine}}
    assert len(calls) == 1 and calls[0] > 3  # every point in one vectorised call


def _toy2(formula):
    """A stand-in for simulate with one output `y` of two levers (fai_growth, export_growth)."""
    def fake(scenario, targets=None):
        x1, x2 = (np.asarray(getattr(scenario, k), dtype=float) for k in ("fai_growth", "export_growth"))
        return SimpleNamespace(y=formula(x1, x2))

    return fake


@pytest.mark.parametrize("formula", [
    lambda a, b: (a - 0.118) * (b - 0.059),  # zero along each lever's own line through the point
    lambda a, b: np.maximum(a + b - 0.5, 0.0),  # bends only where both levers are high together
])
def test_a_bend_seen_only_at_the_joint_corners_is_not_called_affine(formula):
    """Affine along each lever's own line, not jointly: only the corner probes see it."""
    fake = _toy2(formula)
    response = lever_response(Scenario(fai_growth=0.118, export_growth=0.059), ["fai_growth", "export_growth"], ["y"],
                              simulate=fake)
    assert response.affine_along == {"y": {"fai_growth": True, "export_growth": True}}
    assert response.affine == {"y": False}


def test_a_curvature_far_below_display_precision_but_above_float_noise_is_not_affine():
    """The tolerance is relative 1e-9: a bend of 1e-5 of the output (invisible at 0.01 pp) is still a bend."""
    fake, _ = _toy(lambda x: 1.0 + x + 1e-3 * (x - 0.118) ** 2)  # at most ~1e-4 off the line over the range
    response = lever_response(Scenario(fai_growth=0.118), ["fai_growth"], ["y"], simulate=fake)
    assert response.affine == {"y": False}
    fake, _ = _toy(lambda x: 1.0 + x + 1e-7 * (x - 0.118) ** 2)  # ~1e-9 of the output: still seen
    assert lever_response(Scenario(fai_growth=0.118), ["fai_growth"], ["y"], simulate=fake).affine == {"y": False}
    fake, _ = _toy(lambda x: 1e6 * (1.0 + x))  # an affine output in the millions: rounding is not a bend
    assert lever_response(Scenario(fai_growth=0.118), ["fai_growth"], ["y"], simulate=fake).affine == {"y": True}


def test_slope_of_an_affine_toy_is_exact_even_at_the_end_of_the_range():
    fake, _ = _toy(lambda x: 3.0 * x + 1.0)
    for x0 in (DS.params["fai_growth"].min, DS.params["fai_growth"].max):
        response = lever_response(Scenario(fai_growth=x0), ["fai_growth"], ["y"], simulate=fake)
        assert response.slopes["y"]["fai_growth"] == pytest.approx(3.0, rel=1e-12)


def test_an_array_scenario_is_refused():
    with pytest.raises(ValueError, match="scalar scenario"):
        lever_response(Scenario(fai_growth=np.array([0.1, 0.2])), LEVERS, OUTPUTS)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_an_affine_response_moved_to_a_point_is_the_response_there(draw):
    # the lever panel evaluates the model once per setting of the non-lever fields and moves the plane
    scenario = SCENARIOS[draw.draw(st.integers(0, len(SCENARIOS) - 1), label="scenario")]
    anchor = lever_response(scenario, LEVERS, OUTPUTS)
    assert all(anchor.affine.values())
    point = lever_values(draw)
    moved, there = anchor.moved_to(point), lever_response(scenario.replace(**point), LEVERS, OUTPUTS)
    assert moved.point == there.point and moved.affine == there.affine and moved.affine_along == there.affine_along
    for name in OUTPUTS:
        scale = max(1.0, abs(there.values[name]))
        assert moved.values[name] == pytest.approx(there.values[name], abs=1e-9 * scale), name
        for k in LEVERS:
            assert moved.slopes[name][k] == pytest.approx(there.slopes[name][k], rel=1e-7, abs=1e-9), (name, k)


def test_a_bent_response_is_not_moved():
    def bent(s, targets):  # y = |x - 0.1|: not affine over the range
        return SimpleNamespace(y=np.abs(np.asarray(s.fai_growth) - 0.1))

    response = lever_response(Scenario(fai_growth=0.118), ["fai_growth"], ["y"], simulate=bent)
    assert not response.affine["y"]
    with pytest.raises(ValueError):
        response.moved_to({"fai_growth": 0.0})


def test_the_panels_response_is_the_model_response_at_the_point():
    from ui.session import compute

    scenario = Scenario.from_preset(next(iter(DS.presets))).replace(fai_growth=0.2, export_growth=-0.1)
    shown = compute.response(scenario, tuple(LEVERS), OUTPUTS)
    direct = lever_response(scenario, LEVERS, OUTPUTS)
    assert shown.point == direct.point
    for name in OUTPUTS:
        assert shown.values[name] == pytest.approx(direct.values[name], rel=1e-12, abs=1e-12), name
