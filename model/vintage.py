"""The history as it was known at the end of a year: what a real-time projection may read.

A projection of year t is built on base year b = t - 1 from figures dated b or earlier only
(`AsOf(record, b)`): levels, structure, prices and every estimated coefficient. Published
first-half figures of b count as known at the end of b. The rules that pick a figure (which
area's price index, which year's sector structure) are the same for the app's 2025 projection
(base 2024) and for every back-test year, so the track record tests the app's own code path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

# A price assumption and the series that measure it, most local first (data/history.toml).
PRICE_SERIES: dict[str, tuple[str, ...]] = {
    "cpi_change": ("gz_cpi", "gd_cpi", "cn_cpi"),
    "ppi_change": ("gz_ppi", "gd_ppi", "cn_ppi"),
}
SECTOR_NAMES = ("primary", "secondary", "tertiary")
# in-year cumulative periods, the longest first: a year's reading when its full year is not published
IN_YEAR_PERIODS = ("Jan-Oct", "Jan-Sep", "Jan-Jul", "H1", "Q1")


class AsOf:
    """A history record cut at the end of `last_year`: `values` drops every figure dated later."""

    def __init__(self, record: Any, last_year: int):
        self.record = getattr(record, "record", record)
        self.last_year = last_year

    @property
    def series(self) -> Mapping[str, Any]:
        return self.record.series

    @property
    def history_record(self) -> AsOf:
        """Itself: the estimators read `dataset.history_record`, so a cut record stands in for a dataset."""
        return self

    @property
    def first_year(self) -> int:
        return self.record.first_year

    def values(self, series: str, period: str = "year", roles: tuple[str, ...] = ("main",)) -> dict[int, float]:
        if series not in self.record.series:
            return {}
        return {y: v for y, v in self.record.values(series, period, roles).items() if y <= self.last_year}


def series_values(record: Any, series: str, period: str = "year") -> dict[int, float]:
    """A series' main figures, {} when the data do not declare it."""
    if series not in record.series:
        return {}
    return record.values(series, period)


def reading_of_year(record: Any, series: str, year: int) -> tuple[float, str] | None:
    """A growth series' reading for `year`: its full-year figure, else its longest in-year
    cumulative one (period named); None where the year has neither."""
    for period in ("year", *IN_YEAR_PERIODS):
        values = series_values(record, series, period)
        if year in values:
            return values[year], period
    return None


def latest_reading(record: Any, series: str, year: int) -> tuple[float, int, str] | None:
    """The most recent reading of a growth series known at the end of `year`: (value, its year, period)."""
    for y in range(year, record.first_year - 50, -1):
        found = reading_of_year(record, series, y)
        if found is not None:
            return found[0], y, found[1]
    return None


def published_price(record: Any, param: str, year: int) -> tuple[float, str] | None:
    """The year's price change for a price assumption, from the most local series that has it."""
    for series in PRICE_SERIES[param]:
        values = series_values(record, series)
        if year in values:
            return values[year], series
    return None


def latest_price(record: Any, param: str, year: int) -> tuple[float, int, str] | None:
    """The most recent price change published for `year` or before (most local series for that year).

    The rule behind the 2025 price defaults (data/parameters.toml: a test holds them equal) and
    behind every real-time back-test year's prices when the year's own are not used."""
    years = sorted({y for s in PRICE_SERIES[param] for y in series_values(record, s) if y <= year}, reverse=True)
    for y in years:
        found = published_price(record, param, y)
        if found is not None:
            return found[0], y, found[1]
    return None


def _full_year_shares(record: Any) -> dict[int, tuple[float, float, float]]:
    """(primary, secondary, tertiary) shares of GDP for each full year published: from value added
    where the levels are published, else from the published shares."""
    out: dict[int, tuple[float, float, float]] = {}
    shares = [series_values(record, f"va_{n}_share") for n in SECTOR_NAMES]
    for year in set(shares[0]) & set(shares[1]) & set(shares[2]):
        parts = [s[year] for s in shares]
        out[year] = tuple(x / sum(parts) for x in parts)
    levels = [series_values(record, f"va_{n}") for n in SECTOR_NAMES]
    for year in set(levels[0]) & set(levels[1]) & set(levels[2]):
        parts = [lv[year] for lv in levels]
        out[year] = tuple(x / sum(parts) for x in parts)
    return dict(sorted(out.items()))


def structure_as_of(record: Any, year: int) -> tuple[tuple[float, float, float], str]:
    """The (primary, secondary, tertiary) shares of GDP for base year `year`, from figures dated
    `year` or before, and where they came from:

    "published"   the year's full-year shares;
    "first_half"  the year's first half: secondary and tertiary split as in H1, primary at the mean
                  share of the full years with published levels (H1 understates farming: the
                  harvest is in the second half);
    "latest"      the latest full year before;
    "none"        nothing published (nan).
    """
    full = {y: s for y, s in _full_year_shares(record).items() if y <= year}
    if year in full:
        return full[year], "published"
    h1 = [series_values(record, f"va_{n}", "H1").get(year) for n in SECTOR_NAMES]
    level_years = [y for y in full if all(y in series_values(record, f"va_{n}") for n in SECTOR_NAMES)]
    if all(v is not None for v in h1) and level_years:
        primary = sum(full[y][0] for y in level_years) / len(level_years)
        non_farm = h1[1] + h1[2]
        return (primary, (1.0 - primary) * h1[1] / non_farm, (1.0 - primary) * h1[2] / non_farm), "first_half"
    if full:
        return full[max(full)], "latest"
    return (math.nan, math.nan, math.nan), "none"
