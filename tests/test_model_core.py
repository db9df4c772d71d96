"""The growth model: hand-solved cases, the 2024 replay, invariants, properties, vectorisation."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import data
from model import FIELDS, Scenario, parse_scenario, simulate
from model.calibration import calibrate_2024
from model.demand import capital_formation_growth, household_consumption_growth, import_growth
from model.facts import default_facts
from model.outcomes import compare_with_targets, new_urban_jobs

PARAMS = data.load().params
FACTS = default_facts()


def scenario_strategy():
    """Any scenario inside the valid ranges of every lever and assumption."""
    return st.fixed_dictionaries({
        k: st.floats(PARAMS[k].min, PARAMS[k].max, allow_nan=False, allow_infinity=False) for k in FIELDS
    }).map(lambda d: Scenario(**d))


# ---------------------------------------------------------------- hand-solved


def test_bridges_by_hand():
    assert household_consumption_growth(0.10, 0.02, 0.5) == pytest.approx(0.06)
    assert household_consumption_growth(0.10, 0.02, 0.8) == pytest.approx(0.8 * 0.10 + 0.2 * 0.02)  # w on retail
    assert capital_formation_growth(0.10, 0.5) == pytest.approx(0.05)
    assert import_growth(0.04, 0.10, -0.05, 0.2, 0.3) == pytest.approx(0.2 * 0.04 + 0.3 * 0.10 + 0.5 * -0.05)


ROUND_FACTS = dataclasses.replace(
    FACTS, gdp_before_yi_yuan=100.0, gdp_base_yi_yuan=100.0, real_growth_base=0.0, deflator_base=0.0,
    trade_before_yi_yuan=20.0, trade_base_yi_yuan=20.0, sector_shares_base=(0.0, 0.5, 0.5),
    sector_shares_before=(0.0, 0.5, 0.5), base_inputs=dict.fromkeys(FACTS.base_inputs, 0.0),
)
ROUND_SCENARIO = Scenario(
    fai_growth=0.10, retail_growth=0.0, export_growth=0.0, services_consumption_growth=0.0,
    gov_consumption_growth=0.0, cpi_change=0.0, ppi_change=0.0, investment_price_change=0.0,
    share_household_consumption=0.40,
    share_government_consumption=0.10, share_capital_formation=0.30, retail_goods_weight=0.5,
    fai_to_gcf_bridge=0.5, export_share_of_trade=0.5, import_weight_consumption=0.2,
    import_weight_investment=0.3, residual_persistence=1.0,
    primary_va_growth=0.0, industry_link_weight=1.0, industry_export_elasticity=0.5, industry_fai_elasticity=0.1,
    construction_share_of_gdp=0.1, services_weight_retail=0.25, services_weight_government=0.25,
    gz_services_growth=0.0, services_gap=0.0,  # v3: the rest of services follows Guangzhou's growth plus the gap
    industry_value_added_ratio=1.0,  # gross output growth read one for one as value added growth (kappa: its own test)
)


def test_hand_solved_investment_only_case():
    # Demand side, 2024 levels: C 40, G 10, I 30, X 10, M 10, O 20 (no 2024 growth, so no residual).
    # FAI +10% -> I +5% = 31.5; imports +0.3*5% = +1.5% -> 10.15; Y_D = 101.35.
    # Production side (the headline), shares 0 / 0.5 / 0.5 with construction 0.1 of GDP:
    # industry 0.4 * (0.1 * 10%) = 0.4 pp, construction 0.1 * (0.5 * 10%) = 0.5 pp -> r = 0.9%, Y = 100.9.
    # The discrepancy 100.9 - 101.35 = -0.45 is the net outflow bar: pulls 0 + 1.5 - 0.15 - 0.45 = 0.9.
    r = simulate(ROUND_SCENARIO, facts=ROUND_FACTS)
    assert r.calibration.other_change_2024_yi_yuan == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(r.demand_gdp_yi_yuan, 101.35, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_nominal_yi_yuan, 100.9, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_real_growth, 0.009, rtol=1e-12)
    np.testing.assert_allclose(r.discrepancy_yi_yuan, -0.45, rtol=1e-9)
    np.testing.assert_allclose(
        [r.contributions[k] for k in ("consumption", "investment", "net_exports", "net_outflow")],
        [0.0, 1.5, -0.15, -0.45], atol=1e-12,
    )
    np.testing.assert_allclose(
        [r.production_contributions[k] for k in ("primary", "industry", "construction", "services")],
        [0.0, 0.4, 0.5, 0.0], atol=1e-12,
    )
    np.testing.assert_allclose(r.imports_yi_yuan, 10.15, rtol=1e-12)


@pytest.mark.parametrize(("price", "real", "deflator"), [
    # CPI deflates the retail and government parts of services ((w_R + w_G) s_T = 0.5 * 0.5 = 0.25, no nominal
    # growth here): -0.25 pp; the Guangzhou-driven half is already real; farm produce has share 0. The deflator
    # still prices all of services (0.5 of GDP) by the CPI
    ("cpi_change", 0.009 - 0.25 * 0.01, 0.5 * 0.01),
    # PPI deflates the industry link (industry 0.4 of GDP, on its link): 0.4 * (1% - 1%) = 0
    ("ppi_change", 0.009 - 0.4 * 0.01, 0.4 * 0.01),
    # investment prices deflate construction (0.1 of GDP): 0.1 * (5% - 1%)
    ("investment_price_change", 0.009 - 0.1 * 0.01, 0.1 * 0.01),
])
def test_hand_solved_each_price_deflates_its_own_sector_only(price, real, deflator):
    # v3: real = nominal - price by sector (first order); the GDP deflator is sum_k s_k p_k, an output
    r = simulate(ROUND_SCENARIO.replace(**{price: 0.01}), facts=ROUND_FACTS)
    np.testing.assert_allclose(r.gdp_real_growth, real, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_deflator, deflator, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_nominal_growth, (1 + real) * (1 + deflator) - 1, rtol=1e-12)


def test_hand_solved_value_added_ratio_scales_the_industry_link_only():
    # kappa = 0.5: industry on its link grows 0.5 * (0.1 * 10% - 1% PPI) = 0%, construction 0.1 * (0.5 * 10%)
    # = 0.5 pp as before -> r = 0.5%; the base-year replay (all inputs 0) gives 0 either way. Industry set
    # directly (lambda = 0) is value added already: kappa leaves it at its lever.
    r = simulate(ROUND_SCENARIO.replace(industry_value_added_ratio=0.5, ppi_change=0.01), facts=ROUND_FACTS)
    np.testing.assert_allclose(r.production.growth["industry"], 0.0, atol=1e-15)
    np.testing.assert_allclose(r.gdp_real_growth, 0.005, rtol=1e-12)
    r = simulate(ROUND_SCENARIO.replace(industry_value_added_ratio=0.5), facts=ROUND_FACTS)
    np.testing.assert_allclose(r.production_contributions["industry"], 0.4 * 0.5 * 0.01 * 100, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_real_growth, 0.007, rtol=1e-12)
    direct = ROUND_SCENARIO.replace(industry_value_added_ratio=0.5, industry_link_weight=0.0, industrial_va_growth=0.03)
    np.testing.assert_allclose(simulate(direct, facts=ROUND_FACTS).production.growth["industry"], 0.03, rtol=1e-12)


def test_hand_solved_services_follow_guangzhou_and_household_services_move_only_the_demand_side():
    # v3: services (0.5 of GDP) not tied to retail or government (1 - 0.25 - 0.25 = half of them) grow with
    # Guangzhou's services plus the gap: 0.5 * (4% - 1%) = 1.5%, a pull of 0.5 * 1.5% = 0.75 pp. The gap also
    # enters the replay of the base year (all inputs 0): services 0.5 * -1% = -0.5%, replay -0.25%, so the replay
    # gap is 0 - (-0.25%) = +0.25%, carried at phi = 0.5: r = 0.9% + 0.75% + 0.125% = 1.775%
    r = simulate(ROUND_SCENARIO.replace(gz_services_growth=0.04, services_gap=-0.01, replay_carry=0.5), facts=ROUND_FACTS)
    np.testing.assert_allclose(r.production.growth["services"], 0.015, rtol=1e-12)
    np.testing.assert_allclose(r.production_contributions["services"], 0.75, rtol=1e-12)
    np.testing.assert_allclose(r.replay.gap, 0.0025, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_real_growth, 0.01775, rtol=1e-12)
    np.testing.assert_allclose(r.demand_gdp_yi_yuan, 101.35, rtol=1e-12)  # the demand side does not read it
    # household services consumption +10%: C +0.5 * 10% = 5% -> 42, so C + G = 52 (+4%); imports
    # +(0.2 * 4% + 0.3 * 5%) = +2.3% -> 10.23; Y_D = 42 + 10 + 31.5 + 10 - 10.23 + 20 = 103.27; the headline
    # (production side) stays at 0.9%
    h = simulate(ROUND_SCENARIO.replace(services_consumption_growth=0.10), facts=ROUND_FACTS)
    np.testing.assert_allclose(h.gdp_real_growth, 0.009, rtol=1e-12)
    np.testing.assert_allclose(h.demand_gdp_yi_yuan, 103.27, rtol=1e-12)
    np.testing.assert_allclose(h.imports_yi_yuan, 10.23, rtol=1e-12)


def test_industry_set_directly_replaces_the_link():
    direct = ROUND_SCENARIO.replace(industry_link_weight=0.0, industrial_va_growth=0.05)
    r = simulate(direct, facts=ROUND_FACTS)
    np.testing.assert_allclose(r.industrial_va_growth, 0.05, rtol=1e-12)
    np.testing.assert_allclose(r.gdp_real_growth, 0.4 * 0.05 + 0.005, rtol=1e-12)
    assert r.targets["industrial_va_growth_2025"].met


# ---------------------------------------------------------------- calibration


def test_replay_of_2024_reproduces_observed_gdp_and_three_percent():
    cal = calibrate_2024(Scenario(), FACTS)
    np.testing.assert_allclose(cal.levels_2024.gdp, 1860.06, rtol=1e-13)
    np.testing.assert_allclose(cal.levels_2023.gdp, 1801.51, rtol=1e-13)
    replay_real = cal.levels_2024.gdp / cal.levels_2023.gdp / (1 + FACTS.deflator_base) - 1
    np.testing.assert_allclose(replay_real, 0.03, atol=1e-8)
    np.testing.assert_allclose(cal.levels_2024.trade, 698.2, rtol=1e-13)


def test_calibration_residual_is_reported_and_moderate():
    # The bridges overshoot 2024 (FAI +11.8% with GDP +3.0%): the residual is negative, a few pp at most.
    residual = simulate(Scenario()).calibration.residual_pp_2024
    assert -3.0 < residual < 0.0


def test_2024_pattern_repeated_on_the_demand_side_with_full_persistence_gives_2024_growth():
    # rho = 1 repeats 2024's gap in proportion: the demand side then gives about 2024's growth, when prices
    # also repeat 2024's (v3: the demand side is deflated by the implied deflator, here 2024's +0.24%)
    p = FACTS.deflator_base
    r = simulate(Scenario.from_preset("continue_2024").replace(
        residual_persistence=1.0, cpi_change=p, ppi_change=p, investment_price_change=p))
    np.testing.assert_allclose(r.gdp_deflator, p, rtol=1e-12)
    assert abs(r.demand_real_growth - 0.03) < 0.005


def test_residual_persistence_moves_only_the_demand_side_and_the_discrepancy():
    a, b = simulate(Scenario(residual_persistence=0.0)), simulate(Scenario(residual_persistence=1.0))
    assert a.gdp_real_growth == b.gdp_real_growth
    assert a.demand_real_growth != b.demand_real_growth
    np.testing.assert_allclose(a.discrepancy_yi_yuan + a.demand_gdp_yi_yuan, b.discrepancy_yi_yuan + b.demand_gdp_yi_yuan)


def test_larger_fai_bridge_raises_growth_when_investment_grows():
    # the perverse response: a larger bridge lowered growth whenever FAI grew less than 11.8%. In v3 the
    # bridge also drives construction in the replayed 2024, so with the replay gap carried (phi) its net effect
    # is s_Con * dbeta * (g_FAI - phi g_FAI_2024): only the carried share of the replay, never the calibration
    for fai in (0.02, 0.05, 0.118, 0.2):
        low, high = (simulate(Scenario(fai_growth=fai, fai_to_gcf_bridge=b, replay_carry=0.0)).gdp_real_growth
                     for b in (0.3, 0.8))
        assert high > low, fai
        s = Scenario(fai_growth=fai)
        low, high = (simulate(s.replace(fai_to_gcf_bridge=b)).gdp_real_growth for b in (0.3, 0.8))
        expected = s.construction_share_of_gdp * 0.5 * (fai - s.replay_carry * FACTS.base_inputs["fai_growth"])
        np.testing.assert_allclose(high - low, expected, atol=1e-15)


def test_stronger_2024_services_does_not_lower_the_2025_projection_except_through_the_carried_replay_gap():
    # the demand side's calibration must not turn a stronger 2024 into a weaker 2025 (the v1 bug); in v3 the
    # production side replays 2024 from its inputs, so a stronger 2024 with the same published 3.0% leaves a
    # more negative gap, and only the carried share of that gap (replay_carry) may lower 2025
    # (v3: services in 2024 follow Guangzhou's 2024 services growth, no longer household services consumption)
    inputs = dict(FACTS.base_inputs)
    inputs["gz_services_growth"] += 0.03
    stronger = dataclasses.replace(FACTS, base_inputs=inputs)
    at_zero = Scenario(replay_carry=0.0)
    assert simulate(at_zero, facts=stronger).gdp_real_growth >= simulate(at_zero).gdp_real_growth
    a, b = simulate(Scenario()), simulate(Scenario(), facts=stronger)
    # the replay's services gain (1 - w_R - w_G) * 3 pp, weighted by 2023's tertiary share: the gap falls by as much
    s = Scenario()
    np.testing.assert_allclose(b.replay.gap - a.replay.gap, -(1 - s.services_weight_retail - s.services_weight_government)
                               * 0.03 * FACTS.sector_shares_before[2], atol=1e-15)
    np.testing.assert_allclose(b.gdp_real_growth - a.gdp_real_growth,
                               Scenario().replay_carry * (b.replay.gap - a.replay.gap), atol=1e-15)
    assert b.demand_real_growth >= a.demand_real_growth - 1e-12


def test_net_outflow_is_its_own_bar_and_net_exports_hold_customs_trade_only():
    r = simulate(Scenario())
    x_m = (r.levels_2025.exports - r.levels_2025.imports) / (1 + r.gdp_deflator)
    expected = 100 * (x_m - (r.levels_2024.exports - r.levels_2024.imports)) / 1860.06
    np.testing.assert_allclose(r.contributions["net_exports"], expected, rtol=1e-12)
    assert r.contributions["net_exports"] > 0 > r.contributions["net_outflow"]


# ---------------------------------------------------------------- invariants and properties


def test_standstill_gives_2024_gdp():
    still = Scenario(fai_growth=0.0, retail_growth=0.0, export_growth=0.0, services_consumption_growth=0.0,
                     gov_consumption_growth=0.0, cpi_change=0.0, ppi_change=0.0, investment_price_change=0.0,
                     residual_persistence=0.0, primary_va_growth=0.0, replay_carry=0.0,
                     gz_services_growth=0.0, services_gap=0.0)
    r = simulate(still)
    np.testing.assert_allclose(r.gdp_nominal_yi_yuan, 1860.06, rtol=1e-13)
    np.testing.assert_allclose(r.demand_gdp_yi_yuan, 1860.06, rtol=1e-13)
    np.testing.assert_allclose(list(r.contributions.values()), [0, 0, 0, 0], atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(scenario_strategy())
def test_outputs_finite_and_contributions_add_up(s):
    r = simulate(s)
    summary = r.summary()
    for key in ("gdp_nominal_yi_yuan", "gdp_real_growth", "trade_yi_yuan", "budget_revenue_yi_yuan", "new_urban_jobs"):
        assert np.isfinite(summary[key]), key
    np.testing.assert_allclose(sum(r.contributions.values()), 100 * r.gdp_real_growth, atol=1e-9)
    # the production side: the sectors' pulls, the carried replay gap and the model error make the headline
    carried = 100 * (s.replay_carry * r.replay.gap + s.model_error)
    np.testing.assert_allclose(sum(r.production_contributions.values()) + carried, 100 * r.gdp_real_growth, atol=1e-9)
    np.testing.assert_allclose(r.gdp_nominal_growth, (1 + r.gdp_real_growth) * (1 + r.gdp_deflator) - 1, atol=1e-12)
    assert r.new_urban_jobs >= 0


@settings(max_examples=100, deadline=None)
@given(scenario_strategy(), st.sampled_from(["fai_growth", "retail_growth", "export_growth",
                                             "services_consumption_growth", "gov_consumption_growth",
                                             "industrial_va_growth", "primary_va_growth", "gz_services_growth"]),
       st.floats(0.001, 0.05))
def test_more_of_any_demand_lever_never_lowers_gdp(s, lever, step):
    up = min(getattr(s, lever) + step, PARAMS[lever].max)
    assert simulate(s.replace(**{lever: up})).gdp_real_growth >= simulate(s).gdp_real_growth - 1e-12


VOLUME_LEVERS = ("fai_growth", "retail_growth", "export_growth", "services_consumption_growth", "gov_consumption_growth",
                 "industrial_va_growth", "primary_va_growth", "gz_services_growth")


@pytest.mark.parametrize("lever", VOLUME_LEVERS)
@pytest.mark.parametrize("base", [Scenario(), Scenario(industry_link_weight=0.0), Scenario(replay_carry=1.0),
                                  Scenario(services_weight_retail=0.1, services_weight_government=0.1)])
def test_a_volume_lever_swept_over_its_whole_range_never_lowers_gdp(base, lever):
    """The property test above samples a few points; this sweeps each lever's full range (201 points, one call)."""
    sweep = np.linspace(PARAMS[lever].min, PARAMS[lever].max, 201)
    growth = simulate(base.replace(**{lever: sweep})).gdp_real_growth * np.ones(201)
    assert np.all(np.diff(growth) >= -1e-15), lever


def test_each_main_lever_strictly_raises_gdp_at_the_baseline():
    base = simulate(Scenario()).gdp_real_growth
    for lever in ("fai_growth", "retail_growth", "export_growth"):
        assert simulate(Scenario().replace(**{lever: getattr(Scenario(), lever) + 0.01})).gdp_real_growth > base


@pytest.mark.parametrize("price", ["cpi_change", "ppi_change", "investment_price_change"])
def test_higher_prices_lower_real_growth_and_move_nominal_only_through_the_parts_held_real(price):
    # with the nominal levers held only the parts driven by real levers keep their real growth as prices change:
    # farming (2.7% of GDP) and, since v3, the services following Guangzhou's real growth ((1 - w_R - w_G) s_T,
    # about a third of GDP), both priced by the CPI, and the part of industry the link does not deflate (by the PPI:
    # 1 - lambda kappa of it, kappa being the value-added ratio, and industry set directly).
    # Nominal GDP moves, to first order, by the price step times those shares and by nothing else
    s = Scenario()
    k = simulate(s).production.structure
    held_real = {"cpi_change": k.primary + (1 - s.services_weight_retail - s.services_weight_government) * k.services,
                 "ppi_change": (1 - s.industry_link_weight * s.industry_value_added_ratio) * k.industry,
                 "investment_price_change": 0.0}[price]
    a, b = simulate(s.replace(**{price: 0.0})), simulate(s.replace(**{price: 0.02}))
    assert b.gdp_real_growth < a.gdp_real_growth and b.gdp_deflator > a.gdp_deflator
    assert abs(b.gdp_nominal_yi_yuan / a.gdp_nominal_yi_yuan - 1 - 0.02 * held_real) < 0.001


@settings(max_examples=30, deadline=None)
@given(st.lists(scenario_strategy(), min_size=2, max_size=20))
def test_vectorised_equals_scalar(scenarios):
    arrays = Scenario(**{k: np.array([getattr(s, k) for s in scenarios]) for k in FIELDS})
    batch = simulate(arrays)
    for i, s in enumerate(scenarios):
        one = simulate(s)
        np.testing.assert_allclose(batch.gdp_real_growth[i], one.gdp_real_growth, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.gdp_deflator[i], one.gdp_deflator, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.replay.gap[i], one.replay.gap, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.new_urban_jobs[i], one.new_urban_jobs, rtol=1e-12)
        for k in one.contributions:
            np.testing.assert_allclose(batch.contributions[k][i], one.contributions[k], rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(batch.contribution_shares[k][i], one.contribution_shares[k], rtol=1e-9, atol=1e-12)
        for k in one.production_contributions:
            np.testing.assert_allclose(batch.production_contributions[k][i], one.production_contributions[k],
                                       rtol=1e-12, atol=1e-12)
        assert bool(batch.targets["gdp_real_growth_2025"].met[i]) == bool(one.targets["gdp_real_growth_2025"].met)


def test_a_lever_array_sweeps_in_one_call():
    sweep = np.linspace(PARAMS["fai_growth"].min, PARAMS["fai_growth"].max, 101)
    growth = simulate(Scenario(fai_growth=sweep)).gdp_real_growth
    assert growth.shape == (101,) and np.all(np.diff(growth) > 0)


# ---------------------------------------------------------------- outcomes and targets


def test_targets_compare_projection_with_target():
    r = simulate(Scenario.from_preset("city_targets"))
    fai = r.targets["fai_growth_2025"]
    assert fai.target == 0.05 and fai.met and fai.gap == pytest.approx(0.0)
    gdp = r.targets["gdp_real_growth_2025"]
    assert gdp.gap == pytest.approx(gdp.value - 0.05) and bool(gdp.met) == (gdp.value >= 0.05)


def test_user_target_overrides_the_default():
    r = simulate(Scenario(), target_values={"gdp_real_growth_2025": 0.02})
    assert r.targets["gdp_real_growth_2025"].target == 0.02 and r.targets["gdp_real_growth_2025"].met


def test_jobs_follow_growth_around_2024():
    s = Scenario()
    r = simulate(s)
    expected = 13602 * (1 + s.jobs_semi_elasticity * 100 * (r.gdp_real_growth - 0.03))
    np.testing.assert_allclose(r.new_urban_jobs, expected, rtol=1e-12)


def test_jobs_are_floored_at_zero_on_the_scalar_and_the_array_path():
    # inside the sliders' ranges jobs stay far above zero, so only a growth collapse reaches the floor
    assert new_urban_jobs(13602.0, -0.9, 0.03, 0.06) == 0.0
    np.testing.assert_array_equal(new_urban_jobs(13602.0, np.array([-0.9, 0.03]), 0.03, 0.06), [0.0, 13602.0])
    assert simulate(Scenario(model_error=-0.9, jobs_semi_elasticity=0.06)).new_urban_jobs == 0.0
    swept = simulate(Scenario(model_error=np.array([-0.9, 0.0]), jobs_semi_elasticity=0.06)).new_urban_jobs
    assert swept[0] == 0.0 and swept[1] > 0


@pytest.mark.parametrize("below", [0.0, 1e-13, 0.001, 0.002, 0.0049, 0.0051, 0.01])
def test_met_and_about_met_at_the_edges_on_the_scalar_and_the_array_path(below):
    """met: at least the target (1e-12 for float noise); about met: short by no more than the band."""
    target, band = 0.05, 0.005
    expected = (below <= 1e-12, 1e-12 < below <= band)
    (scalar,) = compare_with_targets({"y": target - below}, {"t": ("y", target)}, {"t": band}).values()
    assert (bool(scalar.met), bool(scalar.about_met)) == expected
    assert scalar.gap == pytest.approx(-below, abs=1e-15)
    (array,) = compare_with_targets({"y": np.array([target - below, target + 0.01])}, {"t": ("y", target)},
                                    {"t": band}).values()
    assert (bool(array.met[0]), bool(array.about_met[0])) == expected and array.met[1] and not array.about_met[1]
    (no_band,) = compare_with_targets({"y": np.array([target - below])}, {"t": ("y", target)}).values()
    assert bool(no_band.met[0]) == expected[0] and not np.any(no_band.about_met)


def test_the_edges_of_met_and_about_met_are_inclusive_to_the_last_float():
    """gap = -1e-12 is met and gap = -band - 1e-12 is about met, on both paths; one float lower is not."""
    band = 0.5  # exact in binary, so the edges below are the very floats the comparison computes
    met_edge, about_edge = -1e-12, -band - 1e-12
    values = [met_edge, np.nextafter(met_edge, -1.0), about_edge, np.nextafter(about_edge, -1.0)]
    expected = [(True, False), (False, True), (False, True), (False, False)]
    for value, want in zip(values, expected, strict=True):
        (scalar,) = compare_with_targets({"y": float(value)}, {"t": ("y", 0.0)}, {"t": band}).values()
        assert (bool(scalar.met), bool(scalar.about_met)) == want, value
    (array,) = compare_with_targets({"y": np.array(values)}, {"t": ("y", 0.0)}, {"t": band}).values()
    assert list(zip(array.met.tolist(), array.about_met.tolist(), strict=True)) == expected


def test_budget_revenue_follows_nominal_gdp_with_buoyancy():
    r = simulate(Scenario(revenue_buoyancy=1.5))
    np.testing.assert_allclose(r.budget_revenue_yi_yuan, 83.35 * (1 + 1.5 * r.gdp_nominal_growth), rtol=1e-12)


def test_retail_sales_level_from_2024():
    np.testing.assert_allclose(simulate(Scenario(retail_growth=0.05)).retail_sales_yi_yuan, 867.56 * 1.05)


# ---------------------------------------------------------------- scenario parsing


@pytest.mark.parametrize("raw,reason", [
    ("abc", "not_a_number"), ("nan", "not_a_number"), ("inf", "not_a_number"), ("-inf", "not_a_number"),
    ("1e308", "out_of_range"), ("", "not_a_number"), ("0.9", "out_of_range"), ("9" * 100, "too_long"),
    (True, "not_a_number"), (None, "not_a_number"), ([0.1], "not_a_number"),
])
def test_bad_values_fall_back_to_default_with_a_reason(raw, reason):
    s, problems = parse_scenario({"fai_growth": raw})
    assert s.fai_growth == Scenario().fai_growth
    assert [(p.key, p.reason) for p in problems] == [("fai_growth", reason)]


def test_good_values_and_unknown_keys():
    s, problems = parse_scenario({"fai_growth": "0.08", "retail_growth": 0.05, "bogus": "1", "export_growth": "-0"})
    assert (s.fai_growth, s.retail_growth, s.export_growth) == (0.08, 0.05, 0.0)
    assert math.copysign(1.0, s.export_growth) == 1.0  # "-0" is stored as 0, so one scenario has one URL
    assert [(p.key, p.reason) for p in problems] == [("bogus", "unknown")]


def test_scenario_round_trips_through_its_dict():
    s = Scenario.from_preset("consumption_led")
    assert parse_scenario(s.to_dict()) == (s, [])
    assert set(s.changed_from_default()) == {"fai_growth", "retail_growth", "export_growth", "services_consumption_growth",
                                             "gz_services_growth"}


def test_scenario_fields_are_exactly_the_parameters():
    assert set(FIELDS) == set(PARAMS)
    for k in FIELDS:
        assert getattr(Scenario(), k) == PARAMS[k].value


def test_2024_contributions_add_up_to_three_percent():
    r = simulate(Scenario())
    np.testing.assert_allclose(sum(r.contributions_2024.values()), 3.0, atol=1e-6)
