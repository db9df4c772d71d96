"""The production side: the 2024 structure, the sector growths by hand, the industry link's estimate."""

from __future__ import annotations

import numpy as np
import pytest

import data
from model import Scenario, simulate
from model.facts import default_facts, value_added
from model.production import (
    estimate_industry_link,
    estimate_shares_2024,
    industry_growth,
    industry_link_growth,
    published_shares,
    services_growth,
)

DS = data.load()


def test_2024_structure_by_hand():
    # primary: mean of 43.06/1682.14 and 52.06/1770.80; the rest split 321.22 : 492.07
    p20 = 43.06 / (43.06 + 718.18 + 920.92)
    p22 = 52.06 / (52.06 + 762.20 + 956.54)
    primary = (p20 + p22) / 2
    expected = (primary, (1 - primary) * 321.22 / 813.29, (1 - primary) * 492.07 / 813.29)
    np.testing.assert_allclose(estimate_shares_2024(value_added(DS)), expected, rtol=1e-12)
    facts = default_facts()
    np.testing.assert_allclose(facts.sector_shares_base, expected, rtol=1e-12)  # model/vintage.py: the same rule
    np.testing.assert_allclose(sum(facts.sector_shares_base), 1.0, rtol=1e-12)
    np.testing.assert_allclose(facts.sector_shares_before, published_shares(value_added(DS), "2022"), rtol=1e-12)
    np.testing.assert_allclose(published_shares(value_added(DS), "2022")[1], 762.20 / 1770.80, rtol=1e-12)


def test_sector_growths_by_hand():
    assert industry_link_growth(0.10, 0.10, 0.5, 0.1, 0.0) == pytest.approx(0.06)
    assert industry_link_growth(0.0, 0.0, 0.5, 0.1, 0.02) == pytest.approx(-0.02)  # v3: real = nominal - price
    assert industry_growth(0.06, 0.02, 1.0) == 0.06 and industry_growth(0.06, 0.02, 0.0) == 0.02
    # v3: services_growth(retail, gov, Guangzhou services, gap, w_R, w_G, p_C); CPI deflates retail and government only
    # 0.25 (0.04 - 0.01) + 0.25 (0.02 - 0.01) + 0.5 (0.03 - 0.01) = 0.0075 + 0.0025 + 0.01
    assert services_growth(0.04, 0.02, 0.03, -0.01, 0.25, 0.25, 0.01) == pytest.approx(0.02)
    # the Guangzhou-driven half is already real: 2 pp of CPI takes 0.5 * 2 pp, not 2 pp
    assert services_growth(0.0, 0.0, 0.03, 0.0, 0.25, 0.25, 0.02) == pytest.approx(0.5 * 0.03 - 0.5 * 0.02)


def test_the_industry_elasticities_are_the_regressions_at_their_stated_precision():
    fit = estimate_industry_link(DS.history_record)
    assert fit["n"] == 4 and fit["years"] == (2016, 2020, 2021, 2024)
    for param_id, key in (("industry_export_elasticity", "export"), ("industry_fai_elasticity", "fai")):
        p = DS.params[param_id]
        assert p.value == round(fit[key], p.evidence.digits)
        assert p.sd == round(fit[key + "_se"], 2)


def test_pulls_of_the_industries_add_up_to_the_headline():
    r = simulate(Scenario(model_error=0.0, replay_carry=0.0))
    np.testing.assert_allclose(sum(r.production_contributions.values()), 100 * r.gdp_real_growth, rtol=1e-12)
    carried = simulate(Scenario(model_error=0.0))
    np.testing.assert_allclose(sum(carried.production_contributions.values()) + 100 * Scenario().replay_carry * carried.replay.gap,
                               100 * carried.gdp_real_growth, rtol=1e-12)
    r2 = simulate(Scenario(model_error=0.01))
    np.testing.assert_allclose(r2.gdp_real_growth - carried.gdp_real_growth, 0.01, rtol=1e-9)


def test_industrial_target_is_projected_from_the_link():
    r = simulate(Scenario())
    assert r.targets["industrial_va_growth_2025"].value == r.industrial_va_growth
    higher = simulate(Scenario(export_growth=0.15))
    assert higher.industrial_va_growth > r.industrial_va_growth
