"""Monte Carlo: probabilities, reproducibility, agreement with the deterministic model, likelihood keys."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import data
from model import INPUT_TARGETS, Scenario, simulate
from model.backtest import track_record
from model.uncertainty import (
    GDP_TARGET_ID,
    LIKELIHOOD_SCALE,
    PROJECTED_OUTPUTS,
    QUANTILE_LEVELS,
    UNCERTAIN_PARAMS,
    draw_scenarios,
    likelihood_phrase,
    model_error_dof,
    monte_carlo,
    perturbed_scenario,
    standard_draws,
)

PARAMS = data.load().params
LEVERS = [p.id for p in data.load().params_in("lever")]


def lever_scenarios():
    """Scenarios with the main levers anywhere in their valid ranges."""
    return st.fixed_dictionaries({
        k: st.floats(PARAMS[k].min, PARAMS[k].max, allow_nan=False, allow_infinity=False) for k in LEVERS
    }).map(lambda d: Scenario(**d))


def test_uncertain_params_are_those_with_an_sd():
    assert set(UNCERTAIN_PARAMS) == {k for k, p in PARAMS.items() if p.sd > 0}


@settings(max_examples=8, deadline=None)
@given(lever_scenarios())
def test_probabilities_are_shares_and_quantiles_ascend(scenario):
    mc = monte_carlo(scenario, draws=2_000, seed=1)
    # a target on a lever the user sets (FAI, retail) is compared with the setting, not given a chance
    assert set(mc.probability_met) == set(simulate(scenario).targets) - INPUT_TARGETS
    for p in mc.probability_met.values():
        assert 0.0 <= p <= 1.0
    for name in PROJECTED_OUTPUTS:
        q = mc.quantiles[name]
        assert len(q) == len(QUANTILE_LEVELS)
        assert all(np.isfinite(q))
        assert list(q) == sorted(q), name


def test_draws_are_antithetic_and_the_fast_path_matches_the_plain_one():
    z = standard_draws(1_001, seed=6)
    assert z.shape == (len(UNCERTAIN_PARAMS), 1_001)
    np.testing.assert_array_equal(z[:, 501:], -z[:, :500])
    fast = draw_scenarios(Scenario(fai_growth=0.28), draws=1_001, seed=6)
    plain = perturbed_scenario(Scenario(fai_growth=0.28), z)
    for k in UNCERTAIN_PARAMS:
        np.testing.assert_array_equal(getattr(fast, k), getattr(plain, k), err_msg=k)


def test_draws_stay_in_the_valid_ranges():
    # fai_growth at its maximum: half its draws would fall outside without the clip
    drawn = draw_scenarios(Scenario(fai_growth=PARAMS["fai_growth"].max), draws=5_000, seed=3)
    for k in UNCERTAIN_PARAMS:
        x = getattr(drawn, k)
        assert x.shape == (5_000,)
        assert x.min() >= PARAMS[k].min and x.max() <= PARAMS[k].max, k
    assert np.mean(drawn.fai_growth == PARAMS["fai_growth"].max) > 0.4


def test_draws_centre_on_the_scenario_with_the_data_sd():
    drawn = draw_scenarios(Scenario(), draws=20_000, seed=4)
    for k in ("fai_growth", "retail_growth", "export_growth", "fai_to_gcf_bridge"):
        x = getattr(drawn, k)
        np.testing.assert_allclose(np.median(x), PARAMS[k].value, atol=0.02 * PARAMS[k].sd)
        np.testing.assert_allclose(np.std(x), PARAMS[k].sd, rtol=0.03)
    for k in set(PARAMS) - set(UNCERTAIN_PARAMS):
        assert getattr(drawn, k) == PARAMS[k].value


def test_same_seed_reproduces_exactly_and_other_seeds_differ():
    a = monte_carlo(Scenario(), draws=1_000, seed=7)
    b = monte_carlo(Scenario(), draws=1_000, seed=7)
    c = monte_carlo(Scenario(), draws=1_000, seed=8)
    assert a == b
    np.testing.assert_array_equal(a.gdp_real_growth_draws, b.gdp_real_growth_draws)
    assert not np.array_equal(a.gdp_real_growth_draws, c.gdp_real_growth_draws)
    assert a.quantiles != c.quantiles


def test_result_matches_a_direct_vectorised_simulate():
    scenario = Scenario(retail_growth=0.04)
    mc = monte_carlo(scenario, draws=3_000, seed=5)
    direct = simulate(draw_scenarios(scenario, draws=3_000, seed=5))
    np.testing.assert_array_equal(mc.gdp_real_growth_draws, direct.gdp_real_growth)
    for name in PROJECTED_OUTPUTS:
        np.testing.assert_allclose(mc.quantiles[name], np.quantile(getattr(direct, name), QUANTILE_LEVELS), rtol=1e-12)
    for target_id, outcome in direct.targets.items():
        if target_id in INPUT_TARGETS:
            continue
        assert mc.probability_met[target_id] == pytest.approx(np.mean(outcome.met))
        # counted from the drawn values themselves, not from the array path's own `met`
        value = np.broadcast_to(np.asarray(outcome.value, dtype=float), (3_000,))
        assert mc.probability_met[target_id] == np.count_nonzero(value >= outcome.target - 1e-12) / 3_000, target_id


def test_the_array_paths_statuses_are_the_scalar_paths_draw_by_draw():
    """Each draw's met / about met, as the Monte Carlo counts them, is what simulate says for that
    draw alone (the scalar path the simulator page shows), near the target above all."""
    drawn = draw_scenarios(Scenario(retail_growth=0.04), draws=400, seed=12)
    batch = simulate(drawn)
    growth = np.asarray(batch.gdp_real_growth)
    near = np.argsort(np.abs(growth - 0.05))[:40]  # the draws closest to the 5% target, on both sides
    assert np.any(growth[near] < 0.05) and np.any(growth[near] >= 0.05)
    for i in near:
        one = simulate(Scenario(**{k: float(np.broadcast_to(getattr(drawn, k), (400,))[i]) for k in PARAMS}))
        for target_id, outcome in one.targets.items():
            array = batch.targets[target_id]
            met = bool(np.broadcast_to(array.met, (400,))[i])
            about = bool(np.broadcast_to(array.about_met, (400,))[i])
            assert (met, about) == (bool(outcome.met), bool(outcome.about_met)), (target_id, i, growth[i])


@pytest.mark.parametrize("preset", [None, *data.load().presets])
def test_the_lean_projection_equals_simulate_bit_for_bit(preset):
    # the Monte Carlo and the goal seek run project_outputs; it must be simulate without the decomposition
    from model.simulate import project_outputs

    drawn = draw_scenarios(Scenario.from_preset(preset) if preset else Scenario(), draws=2_001, seed=9)
    full = simulate(drawn, {GDP_TARGET_ID: 0.045})
    outputs, targets = project_outputs(drawn, {GDP_TARGET_ID: 0.045})
    assert set(outputs) >= set(PROJECTED_OUTPUTS) | {o for o, _ in model_targets().values()}
    for name, values in outputs.items():
        np.testing.assert_array_equal(values, getattr(full, name), err_msg=name)
    assert set(targets) == set(full.targets)
    for target_id, outcome in targets.items():
        for part in ("value", "target", "gap", "met", "about_met"):
            np.testing.assert_array_equal(getattr(outcome, part), getattr(full.targets[target_id], part), err_msg=target_id)
    lean, _ = project_outputs(drawn, skip_targets=INPUT_TARGETS)
    assert set(project_outputs(drawn, skip_targets=INPUT_TARGETS)[1]) == set(full.targets) - INPUT_TARGETS
    np.testing.assert_array_equal(lean["gdp_real_growth"], full.gdp_real_growth)


def model_targets():
    from model.simulate import DEFAULT_TARGETS

    return DEFAULT_TARGETS


def test_cached_draws_are_not_changed_by_a_run():
    # the scaled draws are memoised by (draws, seed); a run must not write into them
    first = monte_carlo(Scenario(fai_growth=0.30), draws=1_000, seed=11)
    monte_carlo(Scenario(fai_growth=-0.05, export_growth=0.2), draws=1_000, seed=11)
    again = monte_carlo(Scenario(fai_growth=0.30), draws=1_000, seed=11)
    assert again == first
    np.testing.assert_array_equal(again.gdp_real_growth_draws, first.gdp_real_growth_draws)


def test_draws_are_read_only_and_sized():
    mc = monte_carlo(Scenario(), draws=1_001, seed=0)
    assert mc.gdp_real_growth_draws.shape == (1_001,)
    assert mc.gdp_real_growth_draws.dtype == float
    with pytest.raises(ValueError):
        mc.gdp_real_growth_draws[0] = 0.0


@pytest.mark.parametrize("preset", [None, *data.load().presets])
def test_median_is_close_to_the_deterministic_projection(preset):
    scenario = Scenario.from_preset(preset) if preset else Scenario()
    mc = monte_carlo(scenario, draws=10_000, seed=0)
    deterministic = float(simulate(scenario).gdp_real_growth)
    # 0.3 pp: the draws are centred on the scenario; clipping at the bounds and the curvature
    # of real growth in the deflator move the median a little
    assert abs(mc.quantiles["gdp_real_growth"][2] - deterministic) < 0.003


def test_more_investment_raises_the_chance_of_the_gdp_target():
    low = monte_carlo(Scenario(fai_growth=0.05), seed=0).probability_met[GDP_TARGET_ID]
    mid = monte_carlo(Scenario(fai_growth=0.12), seed=0).probability_met[GDP_TARGET_ID]
    high = monte_carlo(Scenario(fai_growth=0.20), seed=0).probability_met[GDP_TARGET_ID]
    assert low < mid < high


def test_target_values_override_the_default_targets():
    easy = monte_carlo(Scenario(), draws=2_000, target_values={GDP_TARGET_ID: -0.10})
    hard = monte_carlo(Scenario(), draws=2_000, target_values={GDP_TARGET_ID: 0.20})
    assert easy.probability_met[GDP_TARGET_ID] == 1.0
    assert hard.probability_met[GDP_TARGET_ID] == 0.0


def test_array_scenarios_and_bad_draws_are_refused():
    with pytest.raises(ValueError):
        monte_carlo(Scenario(fai_growth=np.array([0.1, 0.2])), draws=100)
    with pytest.raises(ValueError):
        monte_carlo(Scenario(), draws=0)


def test_result_is_a_frozen_dataclass():
    mc = monte_carlo(Scenario(), draws=100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mc.draws = 5


# ---------------------------------------------------------------- likelihood language


@pytest.mark.parametrize(("p", "key"), [
    (1.0, "virtually_certain"),
    (0.99, "virtually_certain"),
    (0.989, "very_likely"),
    (0.90, "very_likely"),
    (0.70, "likely"),
    (0.66, "likely"),
    (0.5, "about_as_likely_as_not"),
    (0.33, "about_as_likely_as_not"),
    (0.2, "unlikely"),
    (0.10, "unlikely"),
    (0.05, "very_unlikely"),
    (0.01, "very_unlikely"),
    (0.0099, "exceptionally_unlikely"),
    (0.0, "exceptionally_unlikely"),
])
def test_likelihood_phrase_thresholds(p, key):
    assert likelihood_phrase(p) == key


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_likelihood_phrase_is_monotone(p, q):
    order = [key for _, key in LIKELIHOOD_SCALE]
    lo, hi = sorted((p, q))
    assert order.index(likelihood_phrase(hi)) <= order.index(likelihood_phrase(lo))


@pytest.mark.parametrize("p", [-0.01, 1.01, float("nan")])
def test_likelihood_phrase_refuses_non_probabilities(p):
    with pytest.raises(ValueError):
        likelihood_phrase(p)


def t_quantile(q: float, dof: int) -> float:
    """Student's t quantile by bisection on its CDF (the density integrated numerically: no scipy here)."""
    c = math.gamma((dof + 1) / 2) / (math.sqrt(dof * math.pi) * math.gamma(dof / 2))

    def cdf(x: float) -> float:
        grid = np.linspace(0.0, abs(x), 20_001)
        area = np.trapezoid(c * (1 + grid ** 2 / dof) ** (-(dof + 1) / 2), grid)
        return 0.5 + math.copysign(area, x)

    lo, hi = -100.0, 100.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if cdf(mid) < q else (lo, mid)
    return 0.5 * (lo + hi)


def test_the_t_quantile_helper_matches_the_tables():
    assert t_quantile(0.95, 3) == pytest.approx(2.353363, abs=1e-5)
    assert t_quantile(0.95, 4) == pytest.approx(2.131847, abs=1e-5)
    assert t_quantile(0.05, 3) == pytest.approx(-2.353363, abs=1e-5)


def test_model_error_spread_is_the_real_time_conditional_rmse_at_its_stated_precision():
    """The sd in data/parameters.toml is the real-time conditional RMSE of the headline, rounded to 4 decimals,
    and the carry of the replay gap is the back-test's choice: change the model and both must be redone."""
    record = track_record()
    assert "model_error" in UNCERTAIN_PARAMS
    assert PARAMS["model_error"].sd == round(record.rmse_pp("production", "conditional") / 100, 4)
    assert PARAMS["replay_carry"].value == record.best_carry("conditional") == Scenario().replay_carry
    assert record.carry == Scenario().replay_carry  # the headline method is the scenario's own carry


def test_model_error_is_drawn_from_students_t_with_n_minus_1_degrees_of_freedom():
    n = track_record().years_projected("production", "conditional")
    assert n >= 4 and model_error_dof() == n - 1
    z = standard_draws(200_000, seed=3)[UNCERTAIN_PARAMS.index("model_error")]
    for q in (0.05, 0.95, 0.01, 0.99):
        assert np.quantile(z, q) == pytest.approx(t_quantile(q, n - 1), rel=0.03), q
    # fat tails: a Normal has 2% of its mass beyond 2.326; t with 3 df about 5%
    assert np.mean(np.abs(z) > 2.326) > 0.035
    # every other row stays N(0, 1)
    fai = standard_draws(200_000, seed=3)[UNCERTAIN_PARAMS.index("fai_growth")]
    assert np.quantile(fai, 0.95) == pytest.approx(1.6449, rel=0.02)


def test_the_model_error_moves_the_headline_one_for_one_within_its_clip():
    z = standard_draws(20_000, seed=3)
    spread = simulate(perturbed_scenario(Scenario(), z)).gdp_real_growth
    fixed_error = simulate(perturbed_scenario(Scenario(), np.where(
        np.arange(len(UNCERTAIN_PARAMS))[:, None] == UNCERTAIN_PARAMS.index("model_error"), 0.0, z))).gdp_real_growth
    error = np.clip(PARAMS["model_error"].sd * z[UNCERTAIN_PARAMS.index("model_error")],
                    PARAMS["model_error"].min, PARAMS["model_error"].max)
    np.testing.assert_allclose(spread - fixed_error, error, atol=1e-14)


def test_the_90_percent_band_covers_all_but_one_real_time_outturn():
    """Issue 21 item 6: the Monte Carlo's 5%-95% model-error spread (sd times t quantiles with n - 1 df),
    placed around each year's real-time conditional projection, covers at least n - 1 of the n outturns."""
    record = track_record()
    drawn = draw_scenarios(Scenario(), draws=10_000, seed=0).model_error
    low, high = np.quantile(drawn, [0.05, 0.95])
    sd, dof = PARAMS["model_error"].sd, model_error_dof()
    assert low == pytest.approx(sd * t_quantile(0.05, dof), rel=0.05)
    assert high == pytest.approx(sd * t_quantile(0.95, dof), rel=0.05)
    years = [y for y in record.years if np.isfinite(y.projections["conditional"]["production"])]
    assert len(years) == record.years_projected()
    covered = [low <= y.actual_real_growth - y.projections["conditional"]["production"] <= high for y in years]
    assert sum(covered) >= len(years) - 1, [(y.year, y.error_pp("production")) for y in years]
    # the default's whole band is wider still: every other assumption is uncertain too
    mc = monte_carlo(Scenario(), draws=10_000, seed=0)
    q = dict(zip(QUANTILE_LEVELS, mc.quantiles["gdp_real_growth"], strict=True))
    assert q[0.95] - q[0.05] >= high - low


@pytest.mark.parametrize("draws", [1, 2, 999, 10_000])
def test_each_probability_comes_with_its_monte_carlo_standard_error(draws):
    mc = monte_carlo(Scenario(fai_growth=0.15), draws=draws, seed=5)
    assert set(mc.probability_se) == set(mc.probability_met)
    for target_id, p in mc.probability_met.items():
        assert mc.probability_se[target_id] == pytest.approx(math.sqrt(p * (1 - p) / draws), abs=1e-15), target_id
    if draws == 10_000:
        p = mc.probability_met[GDP_TARGET_ID]
        assert 0.05 < p < 0.95 and mc.probability_se[GDP_TARGET_ID] < 0.005


def test_prices_are_drawn_independently_of_the_levers():
    # v2 drew one deflator correlated with nominal growth (DEFLATOR_CORRELATION); v3 draws CPI, PPI and
    # investment prices each N(0, 1), independent of every lever
    z = standard_draws(40_000, seed=4)
    nominal = sum(z[UNCERTAIN_PARAMS.index(k)] for k in ("fai_growth", "retail_growth", "export_growth"))
    for price in ("cpi_change", "ppi_change", "investment_price_change"):
        row = z[UNCERTAIN_PARAMS.index(price)]
        assert abs(np.corrcoef(nominal, row)[0, 1]) < 0.02, price
        assert np.std(row) == pytest.approx(1.0, abs=0.02)
