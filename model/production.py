"""Production-side GDP: value added of primary, industry, construction and services (services = tertiary).

District GDP is compiled from the production side under Guangzhou's unified accounting
(统一核算), so this side gives the model's headline (docs/model.md section 1).

Base-year structure (shares of GDP, estimated from the published 2020, 2022 and 2024-H1 figures):

    s_P = mean(P_2020 / Y_2020, P_2022 / Y_2022)           (H1 understates farming: harvest is in H2)
    s_S = (1 - s_P) * S_H1 / (S_H1 + T_H1),  s_T = (1 - s_P) * T_H1 / (S_H1 + T_H1)
    s_Con = construction share (assumption),  s_Ind = s_S - s_Con

Real growth by sector, each nominal driver deflated by the price that measures it (p_PPI
producer prices, p_I investment prices, p_C consumer prices), to first order (real = nominal
minus price change: the model stays a plane in the levers and the prices). Services not tied
to retail sales or government spending follow Guangzhou's tertiary real growth g_T,GZ (a
published statistic, already real) plus the district's gap to it, d:

    g_Ind = lam * kappa (a_X g_X + a_I g_FAI - p_PPI) + (1 - lam) * g_Ind_direct
    g_Con = beta g_FAI - p_I
    g_T   = w_R (g_retail - p_C) + w_G (g_gov - p_C) + (1 - w_R - w_G) (g_T,GZ + d)
    g_P   = primary lever (real)

    r = sum_k s_k g_k ,  pull_k = 100 s_k g_k  (pp)
    pi = sum_k s_k p_k   (p_P = p_C: farm produce is priced as consumers pay; the GDP deflator is an output)

The link estimates above-scale gross output growth; kappa (industry_value_added_ratio, estimated)
turns it into value added growth (2022: gross output -7.1%, secondary value added -3.3%). The direct
lever is industrial value added already, so kappa does not touch it. Every function takes floats or
numpy arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

SECTORS = ("primary", "industry", "construction", "services")
# A lever that, when the user moves it, switches its link off: {lever: {parameter: value}}.
SETS_DIRECTLY: dict[str, dict[str, float]] = {"industrial_va_growth": {"industry_link_weight": 0.0}}


@dataclass(frozen=True)
class Structure:
    """Shares of GDP by sector (add up to 1)."""

    primary: Any
    industry: Any
    construction: Any
    services: Any


def published_shares(va: Mapping[str, float], period: str) -> tuple[float, float, float]:
    """(primary, secondary, tertiary) shares of value added in a published period ("2020", "2024h1")."""
    parts = [va[f"{sector}_{period}"] for sector in ("primary", "secondary", "tertiary")]
    total = sum(parts)
    return tuple(x / total for x in parts)


def estimate_shares_2024(va: Mapping[str, float]) -> tuple[float, float, float]:
    """The 2024 (primary, secondary, tertiary) shares from 2020, 2022 and 2024-H1 (module docstring)."""
    primary = 0.5 * (published_shares(va, "2020")[0] + published_shares(va, "2022")[0])
    _, secondary_h1, tertiary_h1 = published_shares(va, "2024h1")
    non_farm = secondary_h1 + tertiary_h1
    return primary, (1.0 - primary) * secondary_h1 / non_farm, (1.0 - primary) * tertiary_h1 / non_farm


def split_secondary(shares: tuple[float, float, float], construction_share) -> Structure:
    """Structure from (primary, secondary, tertiary) shares: industry = secondary - construction."""
    primary, secondary, tertiary = shares
    return Structure(primary, secondary - construction_share, construction_share, tertiary)


def real(nominal_growth, price_change):
    """Real growth from nominal, to first order: n - p (exact would be (1 + n) / (1 + p) - 1; the
    two differ by n p / (1 + p), under 0.1 pp within the levers' and prices' ranges at their defaults)."""
    return nominal_growth - price_change


def industry_link_growth(trade_growth, fai_growth, trade_elasticity, fai_elasticity, producer_prices,
                         value_added_ratio=1.0):
    """Industrial value added real growth implied by trade and investment: kappa (a_X g_X + a_I g_FAI - p_PPI),
    the link's real gross output growth times the value-added ratio kappa."""
    return value_added_ratio * real(trade_elasticity * trade_growth + fai_elasticity * fai_growth, producer_prices)


def industry_growth(link_growth, direct_growth, link_weight):
    """g_Ind = lam * link + (1 - lam) * direct   (lam = 1: linked, 0: set directly)."""
    return link_weight * link_growth + (1.0 - link_weight) * direct_growth


def construction_growth(fai_growth, bridge, investment_prices):
    """g_Con = beta g_FAI - p_I: building work moves with investment net of land (beta, as for capital formation)."""
    return real(bridge * fai_growth, investment_prices)


def services_growth(retail_growth, gov_growth, city_services_growth, services_gap, weight_retail, weight_gov,
                    consumer_prices):
    """g_T = w_R (g_retail - p_C) + w_G (g_gov - p_C) + (1 - w_R - w_G) (g_T,GZ + d)."""
    return (weight_retail * real(retail_growth, consumer_prices) + weight_gov * real(gov_growth, consumer_prices)
            + (1.0 - weight_retail - weight_gov) * (city_services_growth + services_gap))


# the published sectors (statistical bulletins) and the model's sectors they hold
PUBLISHED_SECTORS: dict[str, tuple[str, ...]] = {"primary": ("primary",), "secondary": ("industry", "construction"),
                                                 "tertiary": ("services",)}


def by_published_sector(growth: Mapping[str, Any], structure: Structure) -> dict[str, Any]:
    """Real growth of the published sectors: secondary is industry and construction weighted by their shares."""
    out = {}
    for sector, parts in PUBLISHED_SECTORS.items():
        weights = [getattr(structure, k) for k in parts]
        out[sector] = sum(w * growth[k] for w, k in zip(weights, parts, strict=True)) / sum(weights)
    return out


def sector_prices(s) -> dict[str, Any]:
    """The price change that deflates each sector's nominal driver (module docstring)."""
    return {"primary": s.cpi_change, "industry": s.ppi_change, "construction": s.investment_price_change,
            "services": s.cpi_change}


@dataclass(frozen=True)
class Production:
    """The production side's 2025: sector real growths (shares) and their pulls on real growth (pp)."""

    structure: Structure
    growth: dict[str, Any]  # by SECTORS, real y/y
    contributions: dict[str, Any]  # by SECTORS, pp of real GDP growth
    real_growth: Any
    deflator: Any = 0.0  # pi = sum_k s_k p_k, the price change implied by the sectors' prices

    @property
    def industrial_va_growth(self):
        return self.growth["industry"]


def project(structure: Structure, *, primary, industry, construction, services,
            prices: dict[str, Any] | None = None) -> Production:
    """r = sum_k s_k g_k (Laspeyres volume at base-year prices); pull_k = 100 s_k g_k; pi = sum_k s_k p_k."""
    growth = {"primary": primary, "industry": industry, "construction": construction, "services": services}
    pulls = {k: 100.0 * getattr(structure, k) * g for k, g in growth.items()}
    real_growth = (
        structure.primary * primary + structure.industry * industry
        + structure.construction * construction + structure.services * services
    )
    deflator = 0.0 if prices is None else sum(getattr(structure, k) * prices[k] for k in SECTORS)
    return Production(structure, growth, pulls, real_growth, deflator)


def production_side(s, shares: tuple[float, float, float]) -> Production:
    """The production side one year ahead for scenario `s` (any field may be an array), from the
    base year's (primary, secondary, tertiary) shares."""
    structure = split_secondary(shares, s.construction_share_of_gdp)
    prices = sector_prices(s)
    link = industry_link_growth(s.export_growth, s.fai_growth, s.industry_export_elasticity,
                                s.industry_fai_elasticity, prices["industry"], s.industry_value_added_ratio)
    return project(
        structure,
        primary=s.primary_va_growth,
        industry=industry_growth(link, s.industrial_va_growth, s.industry_link_weight),
        construction=construction_growth(s.fai_growth, s.fai_to_gcf_bridge, prices["construction"]),
        services=services_growth(s.retail_growth, s.gov_consumption_growth, s.gz_services_growth, s.services_gap,
                                 s.services_weight_retail, s.services_weight_government, prices["services"]),
        prices=prices,
    )


def estimate_industry_link(record) -> dict[str, float]:
    """a_X, a_I by least squares through the origin: g_output = a_X g_trade + a_I g_FAI, on the
    years with all three published (annual; 2024 from its first half, with full-year trade growth;
    2020's export growth standing in for trade). Returns the estimates, their standard errors, n
    and the residuals' root mean square (all shares)."""
    output = record.values("industrial_output_growth") | {y: v for y, v in record.values("industrial_output_growth", period="H1").items()}
    fai = record.values("fai_growth") | record.values("fai_growth", period="H1")
    trade = record.values("export_growth") | record.values("trade_growth")
    years = sorted(set(output) & set(fai) & set(trade))
    x = np.array([[trade[y], fai[y]] for y in years])
    y = np.array([output[y] for y in years])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ coef
    dof = max(len(years) - 2, 1)
    se = np.sqrt(np.diag(residual @ residual / dof * np.linalg.inv(x.T @ x)))
    return {"export": float(coef[0]), "fai": float(coef[1]), "export_se": float(se[0]), "fai_se": float(se[1]),
            "n": len(years), "rms": float(np.sqrt(np.mean(residual ** 2))), "years": tuple(years)}
