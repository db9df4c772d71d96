"""Prices by sector (issue 21 item 1): CPI deflates the retail and government parts of services (and prices
farm produce and all of services), PPI the industry link, investment prices construction; the GDP deflator is
an output, sum_k s_k p_k. Since v3 the rest of services follows Guangzhou's tertiary growth, already real.

What a sceptic checks: a price is not a growth lever. With the volume drivers held it barely moves real GDP;
with the nominal levers held it moves real GDP by no more than the share of GDP it deflates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import data
from model import FIELDS, Scenario, simulate
from model.production import SECTORS

PARAMS = data.load().params
PRICES = ("cpi_change", "ppi_change", "investment_price_change")
ONE_PP = 0.01


def scenarios():
    return st.fixed_dictionaries({
        k: st.floats(PARAMS[k].min, PARAMS[k].max, allow_nan=False, allow_infinity=False) for k in FIELDS
    }).map(lambda d: Scenario(**d))


def _moved(s: Scenario, price: str) -> tuple[Scenario, float]:
    """The scenario with `price` moved by 1 pp (up, or down where up leaves the range) and the step taken."""
    step = ONE_PP if getattr(s, price) + ONE_PP <= PARAMS[price].max else -ONE_PP
    return s.replace(**{price: getattr(s, price) + step}), step


def _volume_held(s: Scenario, price: str, step: float) -> Scenario:
    """The nominal drivers raised with the price, so every sector's real growth stays where it was:
    CPI: retail and government by the step (services consumption too: it moves only the demand side since v3,
    whose household consumption it keeps real); PPI: exports by step / a_X (the link's
    nominal drive rises by the step); investment prices: FAI by step / beta, exports lowered by what that FAI
    adds to the industry link."""
    if price == "cpi_change":
        return s.replace(retail_growth=s.retail_growth + step, gov_consumption_growth=s.gov_consumption_growth + step,
                         services_consumption_growth=s.services_consumption_growth + step)
    if price == "ppi_change":
        return s.replace(export_growth=s.export_growth + step / s.industry_export_elasticity)
    d_fai = step / s.fai_to_gcf_bridge
    return s.replace(fai_growth=s.fai_growth + d_fai,
                     export_growth=s.export_growth - s.industry_fai_elasticity * d_fai / s.industry_export_elasticity)


def _deflated_share(r, s: Scenario, price: str) -> float:
    """The share of GDP whose real growth the price deflates (issue 21 item 1)."""
    structure = r.production.structure
    # the CPI: the retail and government parts of services; farm produce and the services following Guangzhou
    # are priced by the CPI but their levers are real. The PPI: the industry link's share, kappa of it (the link's
    # real gross output growth becomes value added growth in the ratio kappa <= 1)
    return {"cpi_change": (s.services_weight_retail + s.services_weight_government) * structure.services,
            "ppi_change": structure.industry * s.industry_link_weight * s.industry_value_added_ratio,
            "investment_price_change": structure.construction}[price]


@pytest.mark.parametrize("price", PRICES)
@settings(max_examples=60, deadline=None)
@given(s=scenarios())
def test_with_every_volume_driver_held_a_price_barely_moves_real_gdp(price, s):
    before = simulate(s)
    moved, step = _moved(s, price)
    after = simulate(_volume_held(moved, price, step))
    for sector in SECTORS:
        np.testing.assert_allclose(after.production.growth[sector], before.production.growth[sector], atol=1e-12)
    assert abs(after.gdp_real_growth - before.gdp_real_growth) < 0.002
    assert after.gdp_deflator != pytest.approx(before.gdp_deflator, abs=1e-6)  # the price did move


@pytest.mark.parametrize("price", PRICES)
@settings(max_examples=60, deadline=None)
@given(s=scenarios())
def test_with_the_nominal_levers_held_a_price_moves_real_gdp_by_at_most_the_share_it_deflates(price, s):
    before = simulate(s)
    moved, step = _moved(s, price)
    after = simulate(moved)
    change = after.gdp_real_growth - before.gdp_real_growth
    share = _deflated_share(before, s, price)
    assert abs(change) <= share * ONE_PP + 1e-12, (price, change, share)
    assert change * step <= 1e-15  # higher prices, lower volume: never the other way round
    np.testing.assert_allclose(-change, share * step, atol=1e-12)  # first order: exactly the share


@settings(max_examples=100, deadline=None)
@given(s=scenarios())
def test_the_gdp_deflator_is_the_share_weighted_sector_prices(s):
    r = simulate(s)
    k = r.production.structure
    expected = (k.primary + k.services) * s.cpi_change + k.industry * s.ppi_change + k.construction * s.investment_price_change
    np.testing.assert_allclose(r.gdp_deflator, expected, atol=1e-15)
    np.testing.assert_allclose(r.gdp_nominal_growth, (1 + r.gdp_real_growth) * (1 + r.gdp_deflator) - 1, atol=1e-15)


def test_the_deflator_weights_are_the_base_year_shares_and_sum_to_one():
    r = simulate(Scenario(cpi_change=0.01, ppi_change=0.01, investment_price_change=0.01))
    np.testing.assert_allclose(r.gdp_deflator, 0.01, rtol=1e-12)  # one price everywhere: the deflator is that price
    k = r.production.structure
    np.testing.assert_allclose(k.primary + k.industry + k.construction + k.services, 1.0, rtol=1e-12)


def test_deeper_deflation_buys_no_more_growth_than_the_shares_it_deflates():
    """Issue 21: with one deflator, -2.0% instead of -0.1% took real growth from 4.30% to 6.26% with nominal
    GDP held, and 'met' the 5% target. Now each price buys at most its deflated share; all three together at
    most 1 - s_P - (1 - w_R - w_G) s_T of the step, nominal GDP moving only through the parts whose volume is a
    real lever (farm produce and, since v3, the services following Guangzhou's growth)."""
    s = Scenario()
    base = simulate(s)
    step = -0.019
    for price in PRICES:
        deeper = simulate(s.replace(**{price: getattr(s, price) + step}))
        gain = deeper.gdp_real_growth - base.gdp_real_growth
        assert 0 < gain <= _deflated_share(base, s, price) * -step + 1e-12, price
    every = simulate(s.replace(**{p: getattr(s, p) + step for p in PRICES}))
    k = base.production.structure
    w_nominal = s.services_weight_retail + s.services_weight_government
    gain = every.gdp_real_growth - base.gdp_real_growth
    np.testing.assert_allclose(gain, -step * (w_nominal * k.services + k.industry * s.industry_link_weight * s.industry_value_added_ratio
                                            + k.construction),
                               atol=1e-12)
    held_real = k.primary + (1 - w_nominal) * k.services + (1 - s.industry_link_weight * s.industry_value_added_ratio) * k.industry
    assert gain < -step * (1 - held_real) + 1e-12
    # nominal GDP: to first order only the prices of the parts held real move it (step * their share, a fall
    # here); with the second-order terms (r + dr) dpi it is off that by under a tenth of what real growth gains
    assert abs(every.gdp_nominal_growth - base.gdp_nominal_growth - step * held_real) < 0.1 * gain


def test_industry_set_directly_is_real_and_no_price_deflates_it():
    direct = Scenario(industry_link_weight=0.0, industrial_va_growth=0.05)
    a, b = simulate(direct), simulate(direct.replace(ppi_change=direct.ppi_change + 0.05))
    assert a.gdp_real_growth == b.gdp_real_growth and a.industrial_va_growth == b.industrial_va_growth == 0.05
    assert b.gdp_deflator > a.gdp_deflator
