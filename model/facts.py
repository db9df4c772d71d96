"""The observed 2023-2024 figures the model starts from, taken from data/ (one frozen object)."""

from __future__ import annotations

from dataclasses import dataclass

import data


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
    )


FACTS = facts_from(data.load())
