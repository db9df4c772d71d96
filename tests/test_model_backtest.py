"""The rolling back-test: each year projected from the year before with that year's levers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import data
from model import Scenario, simulate
from model.backtest import (
    METHODS,
    PERSISTENCE_VARIANTS,
    TrackRecord,
    YearTest,
    backtest,
    published_structures,
    track_record,
)
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


def test_a_level_missing_between_two_published_years_is_their_geometric_mean():
    # retail sales and trade published for 2020 and 2022 only: 2021's level is sqrt(L_2020 L_2022), so
    # the growth on either side is the two years' average rate, and both years name the lever as imputed
    history = [
        {"year": 2020, "gdp": 100.0, "gdp_real_growth": 0.02, "fai_growth": 0.05, "retail_sales": 50.0, "trade": 40.0},
        {"year": 2021, "gdp": 104.0, "gdp_real_growth": 0.03, "fai_growth": 0.06},
        {"year": 2022, "gdp": 109.0, "gdp_real_growth": 0.04, "fai_growth": 0.07, "retail_sales": 60.5, "trade": 32.4},
    ]
    record = backtest(history, {2020: (0.03, 0.4, 0.57)})
    assert [y.year for y in record.years] == [2021, 2022]
    retail_rate, trade_rate = (60.5 / 50.0) ** 0.5 - 1, (32.4 / 40.0) ** 0.5 - 1  # +10%, -10%
    for year in record.years:
        assert year.levers["retail_growth"] == pytest.approx(retail_rate, rel=1e-12)
        assert year.levers["export_growth"] == pytest.approx(trade_rate, rel=1e-12)
        assert year.imputed == ("retail_growth", "export_growth")
    assert history[1] == {"year": 2021, "gdp": 104.0, "gdp_real_growth": 0.03, "fai_growth": 0.06}  # input untouched
    # three missing years in a row are not filled: the lever is held at the year before's (or the default)
    gap = [history[0], {"year": 2021, "gdp": 104.0, "gdp_real_growth": 0.03},
           {"year": 2022, "gdp": 109.0, "gdp_real_growth": 0.04}, {"year": 2023, "gdp": 112.0, "gdp_real_growth": 0.01,
                                                                    "retail_sales": 70.0, "trade": 30.0}]
    first = backtest(gap, {2020: (0.03, 0.4, 0.57)}).years[0]
    assert first.levers["retail_growth"] == Scenario().retail_growth and "retail_growth" in first.imputed


def _structure_history():
    return [
        {"year": y, "gdp": g, "gdp_real_growth": r, "fai_growth": 0.05, "retail_growth": 0.06, "trade_growth": 0.04}
        for y, g, r in ((2018, 90.0, 0.05), (2019, 95.0, 0.045), (2020, 99.0, 0.03), (2021, 104.0, 0.04))
    ]


def test_a_base_year_without_a_published_structure_takes_the_mean_of_the_years_either_side():
    a, b = (0.04, 0.50, 0.46), (0.02, 0.40, 0.58)
    mean = tuple(0.5 * (x + y) for x, y in zip(a, b, strict=True))
    between = backtest(_structure_history(), {2018: a, 2021: b})
    published = backtest(_structure_history(), {2018: a, 2019: mean, 2020: mean, 2021: b})
    assert [y.shares_source for y in between.years] == ["published", "interpolated", "interpolated"]
    assert [y.shares_source for y in published.years] == ["published", "published", "published"]
    for got, want in zip(between.years, published.years, strict=True):
        assert got.projected["production"] == pytest.approx(want.projected["production"], abs=1e-15), got.year
    # after the last published year: the latest before, as published
    latest = backtest(_structure_history(), {2018: a})
    held = backtest(_structure_history(), {2018: a, 2019: a, 2020: a})
    assert [y.shares_source for y in latest.years] == ["published", "latest", "latest"]
    assert [y.projected["production"] for y in latest.years] == [y.projected["production"] for y in held.years]
    # and the structure matters: the other side's shares give another projection
    other = backtest(_structure_history(), {2018: b, 2019: b, 2020: b})
    assert other.years[1].projected["production"] != pytest.approx(between.years[1].projected["production"], abs=1e-6)


def test_the_default_persistence_is_the_back_tests_choice():
    assert Scenario().residual_persistence == track_record().best_persistence()


def _record_with_demand_errors(errors_pp: dict[str, float]) -> TrackRecord:
    projected = {"production": 0.03, "naive": 0.03, "target": float("nan")}
    projected |= {f"demand_rho_{rho:g}": 0.03 + errors_pp[f"{rho:g}"] / 100 for rho in PERSISTENCE_VARIANTS}
    year = YearTest(year=2024, actual_real_growth=0.03, actual_gdp_yi_yuan=100.0, projected=projected,
                    projected_gdp_yi_yuan=dict.fromkeys(projected, 100.0), levers={}, imputed=(),
                    shares_source="published")
    return TrackRecord((year,))


def test_the_best_persistence_is_the_least_error_and_ties_go_to_the_smaller_rho():
    assert _record_with_demand_errors({"0": 0.5, "0.5": 0.5, "1": 0.5}).best_persistence() == 0.0
    assert _record_with_demand_errors({"0": 0.9, "0.5": 0.2, "1": 0.2}).best_persistence() == 0.5
    assert _record_with_demand_errors({"0": 0.9, "0.5": 0.3, "1": -0.1}).best_persistence() == 1.0


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
