"""Coefficients estimated from the history in data/ (the Dataset passed in): method, sample, fit.

Each estimator returns an Estimate for one parameter of data/parameters.toml; a parameter whose
evidence kind is "estimated" (or "computed" from history) stores this value rounded to its
evidence.digits, and tests/test_data_history_estimates.py holds the two equal. Pure numpy, no streamlit,
no file reading: `python -m model.estimates` prints every estimate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from model.production import estimate_industry_link


@dataclass(frozen=True)
class Estimate:
    """One coefficient from the record. fit: n, and where it applies slope_se, r2_uncentred, resid_sd, sd."""

    param: str
    value: float
    method: str
    sample: tuple[str, ...]  # the observations used: years, or spans such as "huadu 2021-2024"
    fit: Mapping[str, float]
    data: tuple[tuple[float, float], ...] = ()  # (x, y) pairs for a regression, for charts and checks


def ols_through_origin(x, y) -> tuple[float, dict[str, float]]:
    """y = b x + e, no intercept (the model's equations have none):

        b = sum(x y) / sum(x^2),  se(b) = s / sqrt(sum(x^2)),  s^2 = sum(e^2) / (n - 1),
        R^2 (uncentred) = 1 - sum(e^2) / sum(y^2).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    sxx = float(x @ x)
    b = float(x @ y) / sxx
    e = y - b * x
    n = len(x)
    s = math.sqrt(float(e @ e) / (n - 1)) if n > 1 else float("nan")
    return b, {"n": n, "slope_se": s / math.sqrt(sxx), "r2_uncentred": 1.0 - float(e @ e) / float(y @ y), "resid_sd": s}


def jobs_semi_elasticity(ds) -> Estimate:
    """eta in J_t = J_(t-1) * (1 + eta * 100 * (r_t - r_(t-1))): the model's jobs equation, fitted to
    China's new urban jobs (Huadu publishes 2024 only) and real GDP growth, every year with both
    and the year before: OLS through the origin of jobs growth on the change of growth in pp."""
    h = ds.history_record
    jobs = h.values("cn_new_urban_jobs")
    growth = h.values("cn_gdp_real_growth")
    years = tuple(t for t in sorted(jobs) if t - 1 in jobs and t in growth and t - 1 in growth)
    x = [100.0 * (growth[t] - growth[t - 1]) for t in years]
    y = [jobs[t] / jobs[t - 1] - 1.0 for t in years]
    b, fit = ols_through_origin(x, y)
    return Estimate("jobs_semi_elasticity", b, "OLS through the origin: jobs growth on the change of real growth (pp)",
                    tuple(f"china {t}" for t in years), fit, tuple(zip(x, y, strict=True)))


def _log_changes(levels: Mapping[int, float], first_year: int) -> dict[int, tuple[int, float]]:
    """{t: (t0, ln(L_t / L_t0))} between consecutive published years from first_year on."""
    years = [t for t in sorted(levels) if t >= first_year]
    return {t: (t0, math.log(levels[t] / levels[t0])) for t0, t in zip(years, years[1:], strict=False)}


def revenue_buoyancy(ds) -> Estimate:
    """b in R_t = R_(t-1) * (1 + b * n_t): OLS through the origin of dln(budget revenue) on
    dln(nominal GDP) over each span between published revenue figures: Huadu on the current
    (post-4th-census) base from 2020, Guangzhou from its published revenue growth."""
    h = ds.history_record
    x, y, years = [], [], []
    gdp = h.values("gdp")
    for t, (t0, d_revenue) in _log_changes(h.values("budget_revenue"), h.first_year).items():
        if t in gdp and t0 in gdp:
            x.append(math.log(gdp[t] / gdp[t0]))
            y.append(d_revenue)
            years.append(f"huadu {t0}-{t}")
    gz_gdp = h.values("gz_gdp")
    for t, g in h.values("gz_budget_revenue_growth").items():
        if t in gz_gdp and t - 1 in gz_gdp:
            x.append(math.log(gz_gdp[t] / gz_gdp[t - 1]))
            y.append(math.log1p(g))
            years.append(f"guangzhou {t}")
    b, fit = ols_through_origin(x, y)
    return Estimate("revenue_buoyancy", b, "OLS through the origin: dln(revenue) on dln(nominal GDP), Huadu spans and Guangzhou years",
                    tuple(years), fit, tuple(zip(x, y, strict=True)))


def export_share_of_trade(ds) -> Estimate:
    """e = X / T: 2020 exports over 2020 trade backed out of 2021 (the only year with both)."""
    h = ds.history_record
    share = h.values("export_share_of_trade")
    year = max(share)
    return Estimate("export_share_of_trade", share[year], "exports / (trade_2021 / (1 + trade growth 2021))",
                    (f"huadu {year}",), {"n": 1})


def _industry_link(ds, param: str, part: str) -> Estimate:
    """a_X or a_I of the industry link (model.production.estimate_industry_link): least squares through
    the origin of above-scale industrial output growth on trade growth and FAI growth."""
    fit = estimate_industry_link(ds.history_record)
    return Estimate(param, fit[part], "OLS through the origin: industrial output growth on trade growth and FAI growth",
                    tuple(f"huadu {y}" for y in fit["years"]),
                    {"n": fit["n"], "slope_se": fit[f"{part}_se"], "resid_rms": fit["rms"]})


def industry_export_elasticity(ds) -> Estimate:
    return _industry_link(ds, "industry_export_elasticity", "export")


def industry_fai_elasticity(ds) -> Estimate:
    return _industry_link(ds, "industry_fai_elasticity", "fai")


def services_gap(ds) -> Estimate:
    """d = mean over years of (Huadu tertiary real growth - Guangzhou tertiary real growth), every
    year both are published for the full year; 0 with n = 0 where none is (no evidence of a gap yet)."""
    h = ds.history_record
    huadu = h.values("va_tertiary_real_growth")
    city = h.values("gz_tertiary_real_growth") if "gz_tertiary_real_growth" in h.series else {}
    years = tuple(t for t in sorted(huadu) if t in city)
    gaps = np.array([huadu[t] - city[t] for t in years])
    value = float(gaps.mean()) if years else 0.0
    return Estimate("services_gap", value, "mean of Huadu's tertiary real growth minus Guangzhou's",
                    tuple(f"huadu and guangzhou {t}" for t in years), {"n": len(years)})


def industry_value_added_ratio(ds) -> Estimate:
    """kappa: secondary value added real growth per unit of above-scale industrial gross output growth,
    OLS through the origin over the full years both are published (2020 and 2022 in the whole history);
    1 (one for one) with the number of years used where fewer than two are: one point fixes no ratio
    (2020 alone gives 2.5 from growth of 0.2%). Secondary value added includes construction, which has
    no published real growth of its own; the ratio is read as industry's (docs/model.md section 2)."""
    h = ds.history_record
    va = h.values("va_secondary_real_growth")
    output = h.values("industrial_output_growth")
    years = tuple(t for t in sorted(va) if t in output)
    if len(years) < 2:
        return Estimate("industry_value_added_ratio", 1.0, "one for one: fewer than two years publish both",
                        tuple(f"huadu {t}" for t in years), {"n": len(years)})
    x, y = [output[t] for t in years], [va[t] for t in years]
    b, fit = ols_through_origin(x, y)
    return Estimate("industry_value_added_ratio", b,
                    "OLS through the origin: secondary value added real growth on above-scale industrial output growth",
                    tuple(f"huadu {t}" for t in years), fit, tuple(zip(x, y, strict=True)))


ESTIMATORS: dict[str, Callable[..., Estimate]] = {
    "services_gap": services_gap,
    "industry_value_added_ratio": industry_value_added_ratio,
    "industry_export_elasticity": industry_export_elasticity,
    "industry_fai_elasticity": industry_fai_elasticity,
    "jobs_semi_elasticity": jobs_semi_elasticity,
    "revenue_buoyancy": revenue_buoyancy,
    "export_share_of_trade": export_share_of_trade,
}


def all_estimates(ds) -> dict[str, Estimate]:
    return {pid: fn(ds) for pid, fn in ESTIMATORS.items()}


def report_lines(ds) -> list[str]:
    """One block per estimate: value, method, sample, fit, and the value the parameter file holds."""
    lines = []
    for est in all_estimates(ds).values():
        p = ds.params[est.param]
        fit = ", ".join(f"{k} {v:.4g}" for k, v in est.fit.items())
        lines += [f"{est.param}: {est.value:.6g}  (parameters.toml: {p.value:g}, evidence {p.evidence.kind}"
                  f"{', ' + str(p.evidence.digits) + ' decimals' if p.evidence.digits is not None else ''})",
                  f"    method: {est.method}", f"    sample: {', '.join(map(str, est.sample))}", f"    fit: {fit}"]
        lines += [f"    x {x:+.4f}  y {y:+.4f}" for x, y in est.data]
    return lines


if __name__ == "__main__":
    import data

    print("\n".join(report_lines(data.load())))
