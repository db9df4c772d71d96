"""The base year replayed by the production side (issue 21 item 4, model/replay.py).

Fed the base year's own inputs, at the weights of the year before, the production side gives r_replay_b; the
gap c_b = r_b - r_replay_b is carried into the projection in the share replay_carry. With the carry at 1 and
no model error the model reproduces the published base-year growth exactly."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import data
from model import Scenario, simulate
from model.facts import default_facts, facts_as_of
from model.production import SECTORS
from model.replay import replay_base_year

DS = data.load()
H = DS.history_record
FACTS = default_facts()
# every base year the history allows (the back-test's and the app's 2024)
BASE_YEARS = [b for b in range(H.first_year, 2025) if facts_as_of(H, b, DS.params) is not None]


def _replaying(facts) -> Scenario:
    """The base year's own levers and prices, on the industry link (b's industrial value added is not published)."""
    return Scenario().replace(**facts.base_inputs, industry_link_weight=1.0, replay_carry=1.0, model_error=0.0)


def test_the_replay_and_its_gap_add_up_to_the_published_growth():
    r = simulate(Scenario())
    assert r.replay.real_growth + r.replay.gap == pytest.approx(FACTS.real_growth_base, abs=1e-15)
    assert FACTS.real_growth_base == DS.value("gdp_real_growth_2024") == 0.03
    np.testing.assert_allclose(sum(r.replay.contributions.values()), 100 * r.replay.real_growth, rtol=1e-12)


def test_the_replay_by_hand():
    """r_replay = sum_k s_k,(b-1) g_k,b with b's inputs and the scenario's coefficients, industry on its link."""
    s, b = Scenario(), FACTS.base_inputs
    primary, secondary, tertiary = FACTS.sector_shares_before
    construction = s.construction_share_of_gdp
    growth = {
        "primary": b["primary_va_growth"],
        "industry": s.industry_value_added_ratio * (s.industry_export_elasticity * b["export_growth"]
                                                    + s.industry_fai_elasticity * b["fai_growth"] - b["ppi_change"]),
        "construction": s.fai_to_gcf_bridge * b["fai_growth"] - b["investment_price_change"],
        # v3: CPI deflates the retail and government parts; the rest follows Guangzhou's base-year services (real) + d
        "services": s.services_weight_retail * (b["retail_growth"] - b["cpi_change"])
        + s.services_weight_government * (b["gov_consumption_growth"] - b["cpi_change"])
        + (1 - s.services_weight_retail - s.services_weight_government) * (b["gz_services_growth"] + s.services_gap),
    }
    shares = {"primary": primary, "industry": secondary - construction, "construction": construction, "services": tertiary}
    replay = replay_base_year(s, FACTS)
    for k in SECTORS:
        assert replay.growth[k] == pytest.approx(growth[k], abs=1e-15), k
    assert replay.real_growth == pytest.approx(sum(shares[k] * growth[k] for k in SECTORS), abs=1e-15)
    # the weights are the year before's, not the base year's (2023's structure is 2022's published one)
    assert FACTS.sector_shares_before != FACTS.sector_shares_base


@pytest.mark.parametrize("base_year", BASE_YEARS)
def test_fed_the_base_years_own_inputs_with_full_carry_the_model_gives_the_published_growth(base_year):
    """The issue's test: a scenario whose levers and prices are the base year's own, on facts whose weights are
    the year before's (shares_base = shares_before), with replay_carry = 1 and no model error, projects
    exactly the base year's published real growth."""
    facts = facts_as_of(H, base_year, DS.params)
    same_weights = dataclasses.replace(facts, sector_shares_base=facts.sector_shares_before)
    r = simulate(_replaying(facts), facts=same_weights)
    assert r.gdp_real_growth == pytest.approx(facts.real_growth_base, abs=1e-14)
    # and without the carry it gives the mechanical replay, off by the gap
    mechanical = simulate(_replaying(facts).replace(replay_carry=0.0), facts=same_weights)
    assert mechanical.gdp_real_growth == pytest.approx(r.replay.real_growth, abs=1e-14)
    assert r.gdp_real_growth - mechanical.gdp_real_growth == pytest.approx(r.replay.gap, abs=1e-14)


def test_the_apps_2024_replay_is_the_production_side_run_on_2023():
    """One computation: simulate on the facts one year earlier (base 2023, as the back-test builds it), fed 2024's
    own levers and prices, gives the app's 2024 replay; with the 2023 gap it carries, the published 3.0% only
    where 2023's own replay gap equals 2024's."""
    before = facts_as_of(H, 2023, DS.params)
    assert before.sector_shares_base == FACTS.sector_shares_before
    run = simulate(_replaying(FACTS).replace(replay_carry=0.0), facts=before)
    assert run.production.real_growth == pytest.approx(simulate(Scenario()).replay.real_growth, abs=1e-15)
    for k in SECTORS:
        assert run.production.growth[k] == pytest.approx(simulate(Scenario()).replay.growth[k], abs=1e-15)


@pytest.mark.parametrize("carry", [0.0, 0.25, 0.5, 1.0])
def test_the_headline_carries_the_gap_in_the_share_replay_carry(carry):
    s = Scenario(replay_carry=carry, model_error=0.0)
    r = simulate(s)
    assert r.gdp_real_growth == pytest.approx(r.production.real_growth + carry * r.replay.gap, abs=1e-15)
    # the replay is a fact of the base year: the 2025 levers do not move it
    moved = simulate(s.replace(fai_growth=0.2, retail_growth=0.09, cpi_change=0.03))
    assert moved.replay.gap == r.replay.gap


def test_the_replay_gap_is_what_the_model_misses_of_2024_not_a_2025_lever():
    """The default's 2025 is not 2024's overshoot: with carry 1 and 2024's inputs repeated on 2024's weights the
    headline is 2024's growth moved only by the change of weights."""
    r = simulate(_replaying(FACTS))
    weights_effect = r.production.real_growth - r.replay.real_growth
    assert r.gdp_real_growth == pytest.approx(FACTS.real_growth_base + weights_effect, abs=1e-15)
    assert abs(weights_effect) < 0.01  # a change of structure, not a forecast
