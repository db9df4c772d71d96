"""The rolling back-test: each year projected from the year before with that year's levers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import data
from model import Scenario, simulate
from model.backtest import METHODS, backtest, published_structures, track_record
from model.facts import FACTS

DS = data.load()


def test_naive_projection_is_last_years_growth():
    record = track_record()
    growth = DS.history_record.values("gdp_real_growth")
    checked = 0
    for year in record.years:
        if year.year - 1 in growth:
            assert year.projected["naive"] == growth[year.year - 1]
            assert year.error_pp("naive") == pytest.approx(100 * (year.projected["naive"] - year.actual_real_growth))
            checked += 1
        else:
            assert np.isnan(year.projected["naive"])
    assert checked >= 4


def test_every_year_with_comparable_levels_is_tested():
    # 2020 needs 2019, whose level is only the pre-census preliminary figure: not comparable
    gdp = DS.history_record.values("gdp")
    expected = [y for y in gdp if y - 1 in gdp and y in DS.history_record.values("gdp_real_growth")]
    assert [y.year for y in track_record().years] == expected


def test_production_projection_is_simulate_from_the_year_before():
    record = track_record()
    last = record.years[-1]
    assert last.year == 2024
    by_year = {int(r["year"]): r for r in DS.history}
    deflator = by_year[2024]["gdp"] / by_year[2023]["gdp"] / (1 + by_year[2024]["gdp_real_growth"]) - 1
    facts = dataclasses.replace(FACTS, sector_shares_2024=published_structures(DS.history_record)[2022])  # latest published before 2024
    expected = simulate(Scenario(gdp_deflator=deflator, **last.levers), facts=facts).gdp_real_growth
    assert last.projected["production"] == pytest.approx(expected, abs=1e-12)
    assert last.shares_source == "latest"
    # nominal: 2023's GDP grown by the projection and the year's own deflator
    np.testing.assert_allclose(last.projected_gdp_yi_yuan["production"],
                               by_year[2023]["gdp"] * (1 + expected) * (1 + deflator), rtol=1e-12)


def test_a_lever_missing_in_a_year_is_held_and_named():
    history = [
        {"year": 2020, "gdp": 100.0, "gdp_real_growth": 0.02, "fai_growth": 0.05, "retail_sales": 50.0, "trade": 40.0},
        {"year": 2021, "gdp": 104.0, "gdp_real_growth": 0.03, "retail_sales": 52.0, "trade": 42.0},
    ]
    record = backtest(history, {2020: (0.03, 0.4, 0.57)})
    (year,) = record.years
    assert year.imputed == ("fai_growth",)
    assert year.levers["fai_growth"] == 0.05
    assert year.levers["retail_growth"] == pytest.approx(0.04)
    assert year.projected["naive"] == 0.02
    assert np.isnan(year.projected["demand_rho_0"])  # no 2019 GDP: the demand side cannot calibrate
    assert np.isnan(year.projected["target"])


def test_the_default_persistence_is_the_back_tests_choice():
    assert Scenario().residual_persistence == track_record().best_persistence()


def test_the_headline_side_beats_the_naive_projection():
    record = track_record()
    assert record.rmse_pp("production") < record.rmse_pp("naive")


def test_summary_statistics_by_hand():
    record = track_record()
    for method in METHODS:
        e = record.errors_pp(method)
        if e.size:
            assert record.rmse_pp(method) == pytest.approx(float(np.sqrt(np.mean(e ** 2))))
            assert record.mean_error_pp(method) == pytest.approx(float(np.mean(e)))
