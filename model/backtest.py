"""Real-time track record: each past year projected with the app's own simulator, from what was known before it.

For each year t with GDP published for t - 1 and t and real growth for t, the simulator is
built on base year b = t - 1 exactly as the app builds 2025 on 2024 (model/facts.facts_as_of):
b's levels, structure, prices and levers, and every estimated coefficient re-estimated from
figures dated b or earlier (model/vintage.AsOf; a coefficient that cannot be estimated yet
leaves the methods that need it without a projection that year). Two modes:

    conditional  t's actual levers and prices ("had you known the levers"); a lever or price not
                 published for t is held at b's and the row names it;
    forecast     b's levers and the prices known at the end of b: what the app's default does.

Errors are projection minus outcome, e = 100 (r_hat - r) in pp. Methods, on identical years:

    production_phi_0 / _0.5 / _1   the production side with the base year's replay gap carried
                                    in the share phi (model/replay.py); "production": at the
                                    scenario's own phi (the headline)
    demand_rho_0 / _0.5 / _1       the demand side, calibration residual repeated in the share rho
    naive                           last year's growth, r_hat = r_b
    gz_gap                          Guangzhou's growth (t's in conditional mode, b's in forecast
                                    mode) plus the district's mean gap to it in the years up to b
    target                          the year's growth target, where one was set (none known yet)

Sector errors (primary, secondary, tertiary real growth) sit beside the headline's where the
year's sector growth is published.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.estimates import (
    industry_export_elasticity,
    industry_fai_elasticity,
    industry_value_added_ratio,
    services_gap,
)
from model.facts import BASE_LEVERS, facts_as_of, lever_of_year
from model.production import PUBLISHED_SECTORS, by_published_sector
from model.scenario import Scenario
from model.simulate import simulate
from model.vintage import PRICE_SERIES, AsOf, latest_price, published_price, series_values, structure_as_of

CARRY_VARIANTS: tuple[float, ...] = (0.0, 0.5, 1.0)
PERSISTENCE_VARIANTS: tuple[float, ...] = (0.0, 0.5, 1.0)
MODES: tuple[str, ...] = ("conditional", "forecast")
PRODUCTION_VARIANTS: tuple[str, ...] = tuple(f"production_phi_{c:g}" for c in CARRY_VARIANTS)
DEMAND_VARIANTS: tuple[str, ...] = tuple(f"demand_rho_{r:g}" for r in PERSISTENCE_VARIANTS)
BENCHMARKS: tuple[str, ...] = ("naive", "gz_gap", "target")
METHODS: tuple[str, ...] = ("production", *PRODUCTION_VARIANTS, *DEMAND_VARIANTS, *BENCHMARKS)
# a history series with the year's GDP growth target, where one was set (none is known for Huadu yet)
TARGET_SERIES = "gdp_real_growth_target"
LEVERS: tuple[str, ...] = BASE_LEVERS
PRICES: tuple[str, ...] = tuple(PRICE_SERIES)
# the coefficients re-estimated as of each base year: the ones the GDP projection reads
ESTIMATED_AS_OF = {"industry_export_elasticity": industry_export_elasticity,
                   "industry_fai_elasticity": industry_fai_elasticity}
# estimated as of each base year, with a neutral value where no year shows it yet (not a reason to stop)
ESTIMATED_OR_NEUTRAL = {"services_gap": services_gap, "industry_value_added_ratio": industry_value_added_ratio}
NAN = float("nan")


@dataclass(frozen=True)
class YearTest:
    """One back-test year: the outcome and, by mode, each method's projection (shares), the inputs used."""

    year: int
    actual_real_growth: float
    actual_gdp_yi_yuan: float
    projections: Mapping[str, Mapping[str, float]]  # mode -> method -> projected real growth (nan: not possible)
    inputs: Mapping[str, Mapping[str, float]]  # mode -> lever/price -> value used
    imputed_by_mode: Mapping[str, tuple[str, ...]]  # mode -> levers and prices not published for t (held at b's)
    coefficients: Mapping[str, float]  # the estimates as of b (nan: not estimable yet)
    shares_source: str  # where the base year's structure came from (model/vintage.structure_as_of)
    actual_sectors: Mapping[str, float]  # published sector real growth of t (primary/secondary/tertiary), if any
    projected_sectors: Mapping[str, Mapping[str, float]]  # mode -> sector -> projected real growth (headline method)

    @property
    def projected(self) -> Mapping[str, float]:
        """The conditional projections (the track record's first mode)."""
        return self.projections["conditional"]

    @property
    def levers(self) -> Mapping[str, float]:
        return self.inputs["conditional"]

    @property
    def imputed(self) -> tuple[str, ...]:
        return self.imputed_by_mode["conditional"]

    def error_pp(self, method: str, mode: str = "conditional") -> float:
        return 100.0 * (self.projections[mode][method] - self.actual_real_growth)

    def sector_errors_pp(self, mode: str = "conditional") -> dict[str, float]:
        return {k: 100.0 * (self.projected_sectors[mode][k] - v) for k, v in self.actual_sectors.items()}


@dataclass(frozen=True)
class TrackRecord:
    years: tuple[YearTest, ...]
    carry: float  # the headline's phi (the scenario's replay_carry)

    def errors_pp(self, method: str, mode: str = "conditional") -> np.ndarray:
        """Real growth errors (pp) of a method over the years it could project."""
        e = np.array([y.error_pp(method, mode) for y in self.years])
        return e[np.isfinite(e)]

    def rmse_pp(self, method: str, mode: str = "conditional") -> float:
        e = self.errors_pp(method, mode)
        return float(np.sqrt(np.mean(e ** 2))) if e.size else NAN

    def mean_error_pp(self, method: str, mode: str = "conditional") -> float:
        e = self.errors_pp(method, mode)
        return float(np.mean(e)) if e.size else NAN

    def mean_abs_error_pp(self, method: str, mode: str = "conditional") -> float:
        e = self.errors_pp(method, mode)
        return float(np.mean(np.abs(e))) if e.size else NAN

    def common_years(self, methods: Sequence[str], mode: str = "conditional") -> tuple[int, ...]:
        return tuple(y.year for y in self.years if all(math.isfinite(y.projections[mode][m]) for m in methods))

    def common_rmse_pp(self, methods: Sequence[str], mode: str = "conditional") -> dict[str, float]:
        """RMSE of each method over the years where all of `methods` project (a fair comparison)."""
        rows = [y for y in self.years if y.year in self.common_years(methods, mode)]
        return {m: float(np.sqrt(np.mean([y.error_pp(m, mode) ** 2 for y in rows]))) if rows else NAN for m in methods}

    def years_projected(self, method: str = "production", mode: str = "conditional") -> int:
        return int(self.errors_pp(method, mode).size)

    def _best(self, names: Sequence[str], values: Sequence[float], mode: str) -> float:
        rmse = self.common_rmse_pp(names, mode)
        return min(values, key=lambda v: (round(rmse[names[values.index(v)]], 9), v))

    def best_carry(self, mode: str = "conditional") -> float:
        """The production side's phi with the least real-time RMSE over their common years (ties: the smaller)."""
        return self._best(PRODUCTION_VARIANTS, CARRY_VARIANTS, mode)

    def best_persistence(self, mode: str = "conditional") -> float:
        """The demand side's rho with the least real-time RMSE over their common years (ties: the smaller rho)."""
        return self._best(DEMAND_VARIANTS, PERSISTENCE_VARIANTS, mode)


def _published_or_held(record: Any, year: int, held: Mapping[str, float]) -> tuple[dict[str, float], list[str]]:
    """Year t's levers and prices as published; each one not published held at `held` (b's) and named."""
    values, imputed = {}, []
    for lever in LEVERS:
        v = lever_of_year(record, year, lever)
        values[lever] = v if math.isfinite(v) else held[lever]
        if not math.isfinite(v):
            imputed.append(lever)
    for price in PRICES:
        found = published_price(record, price, year)
        values[price] = found[0] if found else held[price]
        if not found:
            imputed.append(price)
    return values, imputed


def _prices_known(record: Any, year: int, defaults: Mapping[str, float]) -> dict[str, float]:
    """Prices as known at the end of `year` (the latest published), else the default."""
    out = {}
    for price in PRICES:
        found = latest_price(AsOf(record, year), price, year)
        out[price] = found[0] if found else defaults[price]
    return out


def _gz_gap(record: Any, year: int, base_year: int, mode: str) -> float:
    """Guangzhou's growth (t's if conditional, b's if forecast) plus Huadu's mean gap to it up to b."""
    gz, huadu = series_values(record, "gz_gdp_real_growth"), series_values(record, "gdp_real_growth")
    gaps = [huadu[y] - gz[y] for y in huadu if y <= base_year and y in gz]
    city = gz.get(year if mode == "conditional" else base_year, NAN)
    return city + float(np.mean(gaps)) if gaps else NAN


def _sector_growth(production_growth: Mapping[str, Any], structure: Any, index: int) -> dict[str, float]:
    """Projected primary/secondary/tertiary real growth of method `index` (model/production.by_published_sector)."""
    by_sector = by_published_sector(production_growth, structure)
    return {k: float(np.asarray(v).flat[index] if np.ndim(v) else v) for k, v in by_sector.items()}


def _year(record: Any, year: int, base: Scenario, params: Mapping[str, Any]) -> YearTest | None:
    b = year - 1
    facts = facts_as_of(record, b, params)
    real = series_values(record, "gdp_real_growth").get(year)
    gdp = series_values(record, "gdp").get(year)
    if facts is None or real is None or gdp is None:
        return None
    known = AsOf(record, b)
    coefficients = {}
    for param, estimator in ESTIMATED_AS_OF.items():
        try:
            estimate = estimator(known)
            coefficients[param] = estimate.value if estimate.fit["n"] >= 2 and math.isfinite(estimate.value) else NAN
        except (np.linalg.LinAlgError, ValueError):  # no year to fit on yet
            coefficients[param] = NAN
    estimable = all(math.isfinite(v) for v in coefficients.values())
    coefficients |= {param: estimator(known).value for param, estimator in ESTIMATED_OR_NEUTRAL.items()}
    held = {k: facts.base_inputs[k] for k in LEVERS} | _prices_known(record, b, {k: params[k].value for k in PRICES})
    conditional, imputed = _published_or_held(record, year, held)
    inputs = {"conditional": conditional, "forecast": held}
    n = len(CARRY_VARIANTS)
    projections, sectors = {}, {}
    for mode, values in inputs.items():
        scenario = base.replace(
            **values, **{k: (v if math.isfinite(v) else getattr(base, k)) for k, v in coefficients.items()},
            replay_carry=np.array([*CARRY_VARIANTS, float(base.replay_carry)]),
            residual_persistence=np.array([*PERSISTENCE_VARIANTS, float(base.residual_persistence)]),
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            result = simulate(scenario, facts=facts)
        production = np.asarray(result.gdp_real_growth, dtype=float) * np.ones(n + 1)
        if not estimable:
            production = production * NAN
        demand = np.asarray(result.demand_real_growth, dtype=float) * np.ones(n + 1)
        projected = {"production": float(production[n])}
        projected |= {name: float(v) for name, v in zip(PRODUCTION_VARIANTS, production, strict=False)}
        projected |= {name: float(v) for name, v in zip(DEMAND_VARIANTS, demand, strict=False)}
        projected |= {"naive": facts.real_growth_base, "gz_gap": _gz_gap(record, year, b, mode),
                      "target": series_values(record, TARGET_SERIES).get(year, NAN)}
        projections[mode] = projected
        sector_growth = _sector_growth(result.production.growth, result.production.structure, n)
        sectors[mode] = {k: (v if estimable else NAN) for k, v in sector_growth.items()}
    actual_sectors = {k: v for k in PUBLISHED_SECTORS
                      if (v := series_values(record, f"va_{k}_real_growth").get(year)) is not None}
    return YearTest(
        year=year, actual_real_growth=real, actual_gdp_yi_yuan=gdp, projections=projections, inputs=inputs,
        imputed_by_mode={"conditional": tuple(imputed), "forecast": ()}, coefficients=coefficients,
        shares_source=structure_as_of(known, b)[1], actual_sectors=actual_sectors, projected_sectors=sectors,
    )


def backtest(record: Any, params: Mapping[str, Any], base: Scenario | None = None) -> TrackRecord:
    """The real-time back-test over every year the history allows (module docstring)."""
    base = base or Scenario()
    years = sorted(series_values(record, "gdp_real_growth"))
    tests = tuple(t for year in years if (t := _year(record, year, base, params)) is not None)
    return TrackRecord(tests, float(base.replay_carry))


@functools.cache
def track_record() -> TrackRecord:
    """The back-test on the history in data/, at the default scenario's assumptions (computed once)."""
    import data

    ds = data.load()
    return backtest(ds.history_record, ds.params)
