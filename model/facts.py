"""The observed figures a projection starts from: its base year b and the year before (one frozen object).

`facts_from(dataset)` gives the app's base (the report's 2024 figures from data/baseline.toml);
`facts_as_of(record, b, params)` gives any base year from the history record as known at the end
of b (model/vintage.py): the real-time back-test builds the same simulator on each.
Both read the sector structure, the base year's prices and its levers by the same rules, so the
2024 replay of the app and a back-test year's replay are one computation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from model.vintage import (
    AsOf,
    latest_price,
    latest_reading,
    published_price,
    reading_of_year,
    series_values,
    structure_as_of,
)

# Base-year inputs of the replay (model/replay.py) that are not published: at their parameters' defaults.
UNPUBLISHED_BASE_INPUTS = ("services_consumption_growth", "gov_consumption_growth", "investment_price_change")


@dataclass(frozen=True)
class Facts:
    """Observed figures of base year b and the year before, 亿元 for levels and shares for growth rates."""

    base_year: int
    gdp_before_yi_yuan: float  # Y_(b-1)
    gdp_base_yi_yuan: float  # Y_b
    real_growth_base: float
    deflator_base: float  # implied: Y_b / Y_(b-1) / (1 + r_b) - 1
    trade_before_yi_yuan: float
    trade_base_yi_yuan: float
    retail_sales_base_yi_yuan: float
    budget_revenue_base_yi_yuan: float
    new_urban_jobs_base: float
    # (primary, secondary, tertiary) shares of GDP: of the base year (the projection's weights)
    # and of the year before (the replay's weights), model/vintage.structure_as_of
    sector_shares_base: tuple[float, float, float]
    sector_shares_before: tuple[float, float, float]
    # the base year's own inputs, by scenario field: its levers and prices as published, the
    # unpublished ones (UNPUBLISHED_BASE_INPUTS) at their defaults. The demand side's calibration
    # and the production side's replay of b read them.
    base_inputs: Mapping[str, float]
    # the base year's published real growth by sector (primary, secondary, tertiary): (value, period),
    # the full year's else its longest in-year reading (2024: the first half); a sector absent is unpublished
    sector_growth_base: Mapping[str, tuple[float, str]] = field(default_factory=dict)


def _sector_growth(record: Any, year: int) -> dict[str, tuple[float, str]]:
    found = {k: reading_of_year(record, f"va_{k}_real_growth", year) for k in ("primary", "secondary", "tertiary")}
    return {k: v for k, v in found.items() if v is not None}


def _price_inputs(record: Any, year: int, params: Mapping[str, Any]) -> dict[str, float]:
    """The base year's CPI and PPI as published (most local series), else the latest before; the
    investment price (no series) at its default."""
    out = {"investment_price_change": params["investment_price_change"].value}
    for param in ("cpi_change", "ppi_change"):
        found = published_price(record, param, year) or latest_price(record, param, year)
        out[param] = found[0] if found else params[param].value
    return out


def _unpublished(params: Mapping[str, Any]) -> dict[str, float]:
    return {k: params[k].value for k in UNPUBLISHED_BASE_INPUTS}


CITY_SERVICES_SERIES = "gz_tertiary_real_growth"


INDUSTRY_SERIES = "industrial_output_growth"


def industry_of_year(record: Any, year: int, default: float) -> float:
    """The base year's industrial growth for the replay of an industry set directly (lambda < 1):
    above-scale gross output growth, full year else its in-year reading (2024: H1), else the default."""
    found = reading_of_year(record, INDUSTRY_SERIES, year)
    return found[0] if found else default


def city_services_known(record: Any, year: int, default: float) -> float:
    """Guangzhou's tertiary real growth as known at the end of `year`: the latest reading (full year,
    else the latest in-year cumulative figure), the rule behind the 2025 default."""
    found = latest_reading(record, CITY_SERVICES_SERIES, year)
    return found[0] if found else default


def _history_inputs(record: Any, year: int, params: Mapping[str, Any]) -> dict[str, float]:
    """The base year's inputs both constructors read from the history as known at its end: the
    unpublished ones at their defaults, prices, Guangzhou's services growth, the industrial reading."""
    return _unpublished(params) | _price_inputs(record, year, params) | {
        "gz_services_growth": city_services_known(record, year, params["gz_services_growth"].value),
        "industrial_va_growth": industry_of_year(record, year, params["industrial_va_growth"].value),
    }


def facts_from(dataset: Any) -> Facts:
    """The app's base year (data/meta.toml base_year): the report's figures (data/baseline.toml, ids
    ending in the year), structure and prices from the history as known at the end of that year."""
    p = dataset.params
    year = dataset.base_year
    record = AsOf(dataset.history_record, year)

    def v(name: str, offset: int = 0) -> float:
        return dataset.value(f"{name}_{year - offset}")

    gdp_before, gdp, real = v("gdp", 1), v("gdp"), v("gdp_real_growth")
    inputs = _history_inputs(record, year, p) | {
        "fai_growth": v("fai_growth"),
        "retail_growth": v("retail_growth"),
        # exports are not published separately: total trade growth stands in
        "export_growth": v("trade_growth"),
        "primary_va_growth": v("agri_output_growth"),
    }
    return Facts(
        base_year=year,
        gdp_before_yi_yuan=gdp_before, gdp_base_yi_yuan=gdp, real_growth_base=real,
        deflator_base=gdp / gdp_before / (1.0 + real) - 1.0,
        trade_before_yi_yuan=v("trade", 1), trade_base_yi_yuan=v("trade"),
        retail_sales_base_yi_yuan=v("retail_sales"),
        budget_revenue_base_yi_yuan=v("budget_revenue"),
        new_urban_jobs_base=v("new_urban_jobs"),
        sector_shares_base=structure_as_of(record, year)[0],
        sector_shares_before=structure_as_of(record, year - 1)[0],
        base_inputs=inputs,
        sector_growth_base=_sector_growth(record, year),
    )


def _growth(record: Any, year: int, level: str, rate: str) -> float:
    """A growth rate of `year`: the published rate, else the ratio of published levels, else nan."""
    rates = series_values(record, rate)
    if year in rates:
        return rates[year]
    levels = series_values(record, level) if level else {}
    if year in levels and year - 1 in levels:
        return levels[year] / levels[year - 1] - 1.0
    return math.nan


def lever_of_year(record: Any, year: int, lever: str) -> float:
    """A lever's published value for `year` (nan where not published): FAI, retail and trade growth
    (2020: exports only, standing in for trade), primary value added growth (else farm output growth),
    Guangzhou's tertiary growth (full year, else the year's in-year reading)."""
    if lever == "fai_growth":
        return _growth(record, year, "", "fai_growth")
    if lever == "retail_growth":
        return _growth(record, year, "retail_sales", "retail_growth")
    if lever == "export_growth":
        found = _growth(record, year, "trade", "trade_growth")
        return found if math.isfinite(found) else series_values(record, "export_growth").get(year, math.nan)
    if lever == "gz_services_growth":
        found = reading_of_year(record, CITY_SERVICES_SERIES, year)
        return found[0] if found else math.nan
    if lever == "primary_va_growth":
        found = series_values(record, "va_primary_real_growth").get(year, math.nan)
        return found if math.isfinite(found) else series_values(record, "agri_output_growth").get(year, math.nan)
    raise KeyError(lever)


@dataclass(frozen=True)
class PastRange:
    """A lever's published values over past years: the years that have one, their lowest and highest (shares)."""

    lever: str
    years: tuple[int, ...]
    low: float
    high: float

    def outside(self, value: float, slack: float = 1e-9) -> bool:
        """The value lies outside [low, high] (slack: rounding of a typed or applied value)."""
        return bool(self.years) and (value < self.low - slack or value > self.high + slack)


PAST_YEARS = 10  # the past a lever's range covers: the base year and the nine before (2015-2024)


def past_range(record: Any, lever: str, last: int, years: int = PAST_YEARS) -> PastRange:
    """The lever's published values in the `years` years to `last` (lever_of_year; years without one left
    out; no years for a setting lever_of_year has no series for)."""
    first = last - years + 1
    try:
        found = {y: lever_of_year(record, y, lever) for y in range(first, last + 1)}
    except KeyError:  # a setting with no published series behind it (an assumption): no past
        found = {}
    known = {y: v for y, v in found.items() if math.isfinite(v)}
    if not known:
        return PastRange(lever, (), math.nan, math.nan)
    return PastRange(lever, tuple(sorted(known)), min(known.values()), max(known.values()))


BASE_LEVERS = ("fai_growth", "retail_growth", "export_growth", "primary_va_growth", "gz_services_growth")


def facts_as_of(record: Any, year: int, params: Mapping[str, Any]) -> Facts | None:
    """Base year `year` from the history as known at its end; None where its GDP or its real growth
    is not published. What is missing is filled from what was known: the year before's GDP backed
    out of the base year's real growth and consumer prices; trade as the last level grown at the
    year's rate; a lever at its default."""
    known = AsOf(record, year)
    gdp = series_values(known, "gdp")
    real = series_values(known, "gdp_real_growth")
    if not (year in gdp and year in real):
        return None
    inputs = _history_inputs(known, year, params)
    # the year before's GDP on the same base, where not published (2019: only on the base before
    # the 4th census): backed out of the base year's real growth at its consumer prices
    gdp_before = gdp.get(year - 1, gdp[year] / (1.0 + real[year]) / (1.0 + inputs["cpi_change"]))
    for lever in BASE_LEVERS:
        if lever in inputs:  # read above as known at the year's end (Guangzhou's services: its latest reading)
            continue
        value = lever_of_year(known, year, lever)
        inputs[lever] = value if math.isfinite(value) else params[lever].value
    trade = series_values(known, "trade")
    trade_base = trade.get(year, math.nan)
    if not math.isfinite(trade_base):
        earlier = [y for y in trade if y < year]
        trade_base = trade[max(earlier)] * (1.0 + inputs["export_growth"]) ** (year - max(earlier)) if earlier else math.nan
    retail = series_values(known, "retail_sales")
    revenue = series_values(known, "budget_revenue")
    return Facts(
        base_year=year,
        gdp_before_yi_yuan=gdp_before, gdp_base_yi_yuan=gdp[year], real_growth_base=real[year],
        deflator_base=gdp[year] / gdp_before / (1.0 + real[year]) - 1.0,
        trade_before_yi_yuan=trade_base / (1.0 + inputs["export_growth"]), trade_base_yi_yuan=trade_base,
        retail_sales_base_yi_yuan=retail.get(year, math.nan),
        budget_revenue_base_yi_yuan=revenue.get(year, math.nan),
        new_urban_jobs_base=series_values(known, "new_urban_jobs").get(year, math.nan),
        sector_shares_base=structure_as_of(known, year)[0],
        sector_shares_before=structure_as_of(known, year - 1)[0],
        base_inputs=inputs,
        sector_growth_base=_sector_growth(known, year),
    )


@cache
def default_facts() -> Facts:
    """The app's facts from data/ (loaded on first use, not at import)."""
    import data

    return facts_from(data.load())


def value_added(dataset: Any) -> Mapping[str, float]:
    """Published value added by sector (data/history.toml), 亿元: {"primary_2020", ..., "tertiary_2024h1"}."""
    record = dataset.history_record
    return {
        f"{sector}_{year}{'h1' if period == 'H1' else ''}": record.values(f"va_{sector}", period=period)[year]
        for sector in ("primary", "secondary", "tertiary") for year, period in ((2020, "year"), (2022, "year"), (2024, "H1"))
    }
