"""The observed 2023-2024 figures the model starts from, taken from data/ (one frozen object)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import data
from model.production import estimate_shares_2024


@dataclass(frozen=True)
class Facts:
    """Observed figures, 亿元 for levels and shares for growth rates."""

    gdp_2023_yi_yuan: float
    gdp_2024_yi_yuan: float
    gdp_real_growth_2024: float
    gdp_deflator_2024: float
    trade_2023_yi_yuan: float
    trade_2024_yi_yuan: float
    retail_sales_2024_yi_yuan: float
    retail_growth_2024: float
    fai_growth_2024: float
    export_growth_2024: float
    budget_revenue_2024_yi_yuan: float
    new_urban_jobs_2024: float
    # Not observed: 2024's services and government consumption growth are taken at the
    # defaults of their 2025 levers (data/parameters.toml), so the replay has inputs.
    services_consumption_growth_2024: float
    gov_consumption_growth_2024: float
    # 2024 (primary, secondary, tertiary) shares of GDP, estimated (model/production.py)
    sector_shares_2024: tuple[float, float, float]


def value_added(dataset: data.Dataset) -> Mapping[str, float]:
    """Published value added by sector (data/history.toml), 亿元: {"primary_2020", ..., "tertiary_2024h1"}."""
    record = dataset.history_record
    return MappingProxyType({
        f"{sector}_{year}{'h1' if period == 'H1' else ''}": record.values(f"va_{sector}", period=period)[year]
        for sector in ("primary", "secondary", "tertiary") for year, period in ((2020, "year"), (2022, "year"), (2024, "H1"))
    })


def facts_from(dataset: data.Dataset) -> Facts:
    v = dataset.value
    p = dataset.params
    return Facts(
        gdp_2023_yi_yuan=v("gdp_2023"),
        gdp_2024_yi_yuan=v("gdp_2024"),
        gdp_real_growth_2024=v("gdp_real_growth_2024"),
        gdp_deflator_2024=v("gdp_deflator_2024"),
        trade_2023_yi_yuan=v("trade_2023"),
        trade_2024_yi_yuan=v("trade_2024"),
        retail_sales_2024_yi_yuan=v("retail_sales_2024"),
        retail_growth_2024=v("retail_growth_2024"),
        fai_growth_2024=v("fai_growth_2024"),
        # exports are not published separately: total trade growth stands in
        export_growth_2024=v("trade_growth_2024"),
        budget_revenue_2024_yi_yuan=v("budget_revenue_2024"),
        new_urban_jobs_2024=v("new_urban_jobs_2024"),
        services_consumption_growth_2024=p["services_consumption_growth"].value,
        gov_consumption_growth_2024=p["gov_consumption_growth"].value,
        sector_shares_2024=estimate_shares_2024(value_added(dataset)),
    )


FACTS = facts_from(data.load())
