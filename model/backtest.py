"""Track record: a rolling back-test over every year the data allow.

For each year t with GDP published for t-1 and t: project t from year t-1's data (levels,
structure, the year before's levers for the demand side's calibration) with year t's actual
levers (FAI, retail, trade growth and the implied deflator), exactly as `simulate` projects
2025 from 2024. Errors are projection minus outcome:

    e_real = 100 * (r_hat - r)                       (pp of real growth)
    e_nominal = Y_{t-1} (1 + r_hat)(1 + pi_t) - Y_t  (亿元; pi_t the year's implied deflator)

Methods compared: the production side (the headline), the demand side with the calibration
residual repeated in the share rho (0, 0.5, 1), and the naive projection r_hat = r_{t-1}.
A lever not published for a year is held at the year before's value (or its default when
that is missing too) and the row names it. Pure: `backtest` takes the history as plain rows.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.facts import FACTS, Facts
from model.production import published_shares
from model.scenario import Scenario
from model.simulate import simulate

PERSISTENCE_VARIANTS: tuple[float, ...] = (0.0, 0.5, 1.0)
METHODS: tuple[str, ...] = ("production", "demand_rho_0", "demand_rho_0.5", "demand_rho_1", "naive", "target")
# a history series with the year's GDP growth target, where one was set (none is known for Huadu yet)
TARGET_SERIES = "gdp_real_growth_target"
LEVERS: tuple[str, ...] = ("fai_growth", "retail_growth", "export_growth")
NAN = float("nan")


@dataclass(frozen=True)
class YearTest:
    """One back-test year: the outcome, each method's projection (shares) and its errors."""

    year: int
    actual_real_growth: float
    actual_gdp_yi_yuan: float
    projected: Mapping[str, float]  # method -> projected real growth (nan where the data do not allow)
    projected_gdp_yi_yuan: Mapping[str, float]
    levers: Mapping[str, float]  # the year's levers as used
    imputed: tuple[str, ...]  # levers not published for this year (held at the year before's)
    shares_source: str  # "published", "interpolated" or "latest": where the base year's structure came from

    def error_pp(self, method: str) -> float:
        return 100.0 * (self.projected[method] - self.actual_real_growth)

    def error_yi_yuan(self, method: str) -> float:
        return self.projected_gdp_yi_yuan[method] - self.actual_gdp_yi_yuan


@dataclass(frozen=True)
class TrackRecord:
    years: tuple[YearTest, ...]

    def errors_pp(self, method: str) -> np.ndarray:
        """Real growth errors (pp) of a method over the years it could project."""
        e = np.array([y.error_pp(method) for y in self.years])
        return e[np.isfinite(e)]

    def rmse_pp(self, method: str) -> float:
        e = self.errors_pp(method)
        return float(np.sqrt(np.mean(e ** 2))) if e.size else NAN

    def mean_error_pp(self, method: str) -> float:
        e = self.errors_pp(method)
        return float(np.mean(e)) if e.size else NAN

    def rmse_yi_yuan(self, method: str) -> float:
        """RMSE of nominal GDP, 亿元."""
        e = np.array([y.error_yi_yuan(method) for y in self.years])
        e = e[np.isfinite(e)]
        return float(np.sqrt(np.mean(e ** 2))) if e.size else NAN

    def mean_abs_error_pp(self, method: str) -> float:
        e = self.errors_pp(method)
        return float(np.mean(np.abs(e))) if e.size else NAN

    def common_rmse_pp(self, methods: Sequence[str]) -> dict[str, float]:
        """RMSE of each method over the years where all of `methods` project (a fair comparison)."""
        rows = [y for y in self.years if all(math.isfinite(y.projected[m]) for m in methods)]
        return {m: float(np.sqrt(np.mean([y.error_pp(m) ** 2 for y in rows]))) if rows else NAN for m in methods}

    def best_persistence(self) -> float:
        """The demand side's rho with the least RMSE over their common years (ties: the smaller rho)."""
        names = [f"demand_rho_{rho:g}" for rho in PERSISTENCE_VARIANTS]
        rmse = self.common_rmse_pp(names)
        return min(PERSISTENCE_VARIANTS, key=lambda rho: (round(rmse[f"demand_rho_{rho:g}"], 9), rho))


def _get(row: Mapping[str, float] | None, key: str) -> float:
    if row is None or key not in row:
        return NAN
    return float(row[key])


def _fill_levels(rows: dict[int, dict], series: Sequence[str]) -> dict[int, dict]:
    """A level missing in one year between two published years: their geometric mean, noted in
    the row's `interpolated` list (so the growth either side is the two years' average rate)."""
    for key in series:
        for year, row in rows.items():
            before, after = rows.get(year - 1, {}), rows.get(year + 1, {})
            if key not in row and key in before and key in after:
                row[key] = math.sqrt(before[key] * after[key])
                row.setdefault("interpolated", []).append(key)
    return rows


def _growth(rows: Mapping[int, Mapping[str, float]], year: int, level: str, rate: str) -> float:
    """A growth rate: the published rate if there is one, else the ratio of published levels."""
    r = _get(rows.get(year), rate)
    if math.isfinite(r):
        return r
    return _get(rows.get(year), level) / _get(rows.get(year - 1), level) - 1.0


def _shares(shares_by_year: Mapping[int, tuple[float, float, float]], year: int) -> tuple[tuple[float, float, float], str]:
    """Base-year structure: published; else the mean of the years either side; else the latest before."""
    if year in shares_by_year:
        return shares_by_year[year], "published"
    before = [y for y in shares_by_year if y < year]
    after = [y for y in shares_by_year if y > year]
    if before and after:
        a, b = shares_by_year[max(before)], shares_by_year[min(after)]
        return tuple(0.5 * (x + y) for x, y in zip(a, b, strict=True)), "interpolated"
    if before:
        return shares_by_year[max(before)], "latest"
    return (NAN, NAN, NAN), "none"


def backtest(history: Sequence[Mapping[str, float]], shares_by_year: Mapping[int, tuple[float, float, float]],
             base: Scenario | None = None, facts: Facts = FACTS) -> TrackRecord:
    """Project every year t with GDP for t-1 and t (module docstring). `history`: rows with
    year, gdp, gdp_real_growth and, where published, fai_growth, retail_sales, trade (levels)
    or retail_growth / trade_growth (rates)."""
    base = base or Scenario()
    rows = _fill_levels({int(r["year"]): dict(r) for r in history}, ("trade", "retail_sales"))
    defaults = {k: float(getattr(base, k)) for k in LEVERS}
    tests = []
    for year in sorted(rows):
        gdp_before, gdp = _get(rows.get(year - 1), "gdp"), _get(rows[year], "gdp")
        real, real_before = _get(rows[year], "gdp_real_growth"), _get(rows.get(year - 1), "gdp_real_growth")
        if not (math.isfinite(gdp_before) and math.isfinite(gdp) and math.isfinite(real)):
            continue
        deflator = gdp / gdp_before / (1.0 + real) - 1.0
        levers, imputed, levers_before = {}, [], {}
        for key, level, rate in (("fai_growth", "", "fai_growth"), ("retail_growth", "retail_sales", "retail_growth"),
                                 ("export_growth", "trade", "trade_growth")):
            now = _growth(rows, year, level, rate)
            if level and any(level in rows.get(y, {}).get("interpolated", ()) for y in (year, year - 1)):
                imputed.append(key)
            before = _growth(rows, year - 1, level, rate)
            levers_before[key] = before if math.isfinite(before) else defaults[key]
            if not math.isfinite(now):
                now = levers_before[key]
                imputed.append(key)
            levers[key] = now
        imputed = list(dict.fromkeys(imputed))
        shares, shares_source = _shares(shares_by_year, year - 1)
        gdp_before2 = _get(rows.get(year - 2), "gdp")
        deflator_before = gdp_before / gdp_before2 / (1.0 + real_before) - 1.0
        trade_before = _get(rows.get(year - 1), "trade")
        year_facts = dataclasses.replace(
            facts,
            gdp_2023_yi_yuan=gdp_before2, gdp_2024_yi_yuan=gdp_before,
            gdp_real_growth_2024=real_before, gdp_deflator_2024=deflator_before,
            trade_2023_yi_yuan=trade_before / (1.0 + levers_before["export_growth"]), trade_2024_yi_yuan=trade_before,
            retail_growth_2024=levers_before["retail_growth"], fai_growth_2024=levers_before["fai_growth"],
            export_growth_2024=levers_before["export_growth"], sector_shares_2024=shares,
        )
        scenario = base.replace(gdp_deflator=deflator, residual_persistence=np.array(PERSISTENCE_VARIANTS), **levers)
        with np.errstate(invalid="ignore"):
            result = simulate(scenario, facts=year_facts)
        production = float(np.asarray(result.gdp_real_growth).flat[0])
        demand = np.asarray(result.demand_real_growth, dtype=float) * np.ones(len(PERSISTENCE_VARIANTS))
        projected = {"production": production, "naive": real_before, "target": _get(rows[year], TARGET_SERIES)}
        projected |= {f"demand_rho_{rho:g}": float(d) for rho, d in zip(PERSISTENCE_VARIANTS, demand, strict=True)}
        tests.append(YearTest(
            year=year, actual_real_growth=real, actual_gdp_yi_yuan=gdp,
            projected=projected,
            projected_gdp_yi_yuan={m: gdp_before * (1.0 + r) * (1.0 + deflator) for m, r in projected.items()},
            levers=levers, imputed=tuple(imputed), shares_source=shares_source,
        ))
    return TrackRecord(tuple(tests))


# history series -> the back-test's row keys (model/backtest.py reads these names)
HISTORY_SERIES: tuple[tuple[str, str], ...] = (
    ("gdp", "gdp"), ("gdp_real_growth", "gdp_real_growth"), ("fai_growth", "fai_growth"),
    ("retail_sales", "retail_sales"), ("retail_growth", "retail_growth"), ("trade", "trade"),
    ("trade_growth", "trade_growth"), ("export_growth", "trade_growth"),  # 2020: exports only, standing in for trade
    (TARGET_SERIES, TARGET_SERIES),
)


def history_rows(record) -> list[dict[str, float]]:
    """One row per year from the history record's main annual figures (data/history.toml)."""
    rows: dict[int, dict[str, float]] = {}
    for series, key in HISTORY_SERIES:
        if series not in record.series:
            continue
        for year, value in record.values(series).items():
            rows.setdefault(year, {"year": year}).setdefault(key, value)
    return [rows[y] for y in sorted(rows)]


def published_structures(record) -> dict[int, tuple[float, float, float]]:
    """(primary, secondary, tertiary) shares of GDP for every full year published: from value
    added where the levels are published, else from the published shares."""
    out: dict[int, tuple[float, float, float]] = {}
    names = ("primary", "secondary", "tertiary")
    shares = [record.values(f"va_{n}_share") for n in names]
    for year in set(shares[0]) & set(shares[1]) & set(shares[2]):
        parts = [s[year] for s in shares]
        out[year] = tuple(x / sum(parts) for x in parts)
    levels = [record.values(f"va_{n}") for n in names]
    for year in set(levels[0]) & set(levels[1]) & set(levels[2]):
        out[year] = published_shares({f"{n}_{year}": lv[year] for n, lv in zip(names, levels, strict=True)}, str(year))
    return dict(sorted(out.items()))


@functools.lru_cache(maxsize=1)
def track_record() -> TrackRecord:
    """The back-test on the history in data/, at the default scenario's assumptions (computed once)."""
    import data

    record = data.load().history_record
    return backtest(history_rows(record), published_structures(record))
