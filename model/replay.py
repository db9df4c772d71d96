"""The base year replayed: the production side fed the base year's own inputs, and what it misses.

For base year b (2024 in the app) the production side is run one year earlier: weights of
b - 1 (model/vintage.structure_as_of), b's own levers and prices (Facts.base_inputs), the
scenario's coefficients, industry on its link (b's industrial value added is not published):

    r_replay_b = sum_k s_k,(b-1) g_k,b                        (model/production.py equations)
    c_b = r_b - r_replay_b                                      (the calibration term, pp of growth)

The projection adds the share phi of it (replay_carry, chosen by the real-time back-test):

    r_(b+1) = sum_k s_k,b g_k,(b+1) + phi c_b + e              (e: model_error)

so with phi = 1 the model, fed b's inputs, gives b's published growth exactly. Every function
takes floats or numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.facts import Facts
from model.production import (
    SECTORS,
    by_published_sector,
    construction_growth,
    industry_link_growth,
    project,
    services_growth,
    split_secondary,
)


@dataclass(frozen=True)
class Replay:
    """The base year's replay: sector real growths and pulls (model.production.Production fields) and the gap."""

    growth: dict[str, Any]  # by SECTORS, real
    contributions: dict[str, Any]  # by SECTORS, pp
    real_growth: Any  # r_replay_b
    gap: Any  # c_b = r_b - r_replay_b (share)


@dataclass(frozen=True)
class SectorGap:
    """One published sector's replay against the base year's published growth (a full year or an in-year reading)."""

    sector: str  # primary / secondary / tertiary
    replay: float
    published: float
    period: str  # "year" or the in-year period ("H1"): a first half is a guide, not a calibration
    gap: float  # published - replay


def sector_gaps(replay: Replay, facts: Facts, construction_share: float) -> tuple[SectorGap, ...]:
    """Each published sector's calibration term, where the base year publishes its growth; only the
    headline's term (Replay.gap) is carried into the projection. The replay's sectors are grouped as
    published (secondary: industry and construction at the replay's weights)."""
    structure = split_secondary(facts.sector_shares_before, construction_share)
    replayed = by_published_sector(replay.growth, structure)
    return tuple(SectorGap(k, float(replayed[k]), value, period, value - float(replayed[k]))
                 for k, (value, period) in facts.sector_growth_base.items())


def replay_base_year(s: Any, facts: Facts) -> Replay:
    """The replay of facts.base_year at the coefficients of scenario `s` (module docstring)."""
    b = facts.base_inputs
    structure = split_secondary(facts.sector_shares_before, s.construction_share_of_gdp)
    production = project(
        structure,
        primary=b["primary_va_growth"],
        industry=industry_link_growth(b["export_growth"], b["fai_growth"], s.industry_export_elasticity,
                                      s.industry_fai_elasticity, b["ppi_change"], s.industry_value_added_ratio),
        construction=construction_growth(b["fai_growth"], s.fai_to_gcf_bridge, b["investment_price_change"]),
        services=services_growth(b["retail_growth"], b["gov_consumption_growth"], b["gz_services_growth"], s.services_gap,
                                 s.services_weight_retail, s.services_weight_government, b["cpi_change"]),
    )
    return Replay({k: production.growth[k] for k in SECTORS}, production.contributions, production.real_growth,
                  facts.real_growth_base - production.real_growth)
