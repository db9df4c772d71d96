"""Expenditure-side GDP (the "three carriages" 三驾马车): bridges from indicators to components.

GDP by expenditure, nominal, 亿元:

    Y = C + G + I + X - M + O

C household consumption, G government consumption, I gross capital formation, X customs goods
exports, M customs goods imports, O every other net outflow (services, flows to other
provinces, statistical discrepancy). Sub-national accounts in China compute the net outflow as
a residual; O plays that role here and is what the 2024 calibration solves for.
All functions take floats or numpy arrays (broadcasting), so a sweep is one call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def household_consumption_growth(retail_growth, services_growth, goods_weight):
    """g_C = w * g_retail + (1 - w) * g_services   (shares; w = goods weight in consumption)."""
    return goods_weight * retail_growth + (1.0 - goods_weight) * services_growth


def capital_formation_growth(fai_growth, bridge):
    """g_I = beta * g_FAI   (beta: growth of capital formation per unit growth of FAI)."""
    return bridge * fai_growth


def import_growth(consumption_growth, investment_growth, export_growth, weight_consumption, weight_investment):
    """g_M = m_C * g_(C+G) + m_I * g_I + (1 - m_C - m_I) * g_X   (imports by use)."""
    weight_exports = 1.0 - weight_consumption - weight_investment
    return weight_consumption * consumption_growth + weight_investment * investment_growth + weight_exports * export_growth


@dataclass(frozen=True)
class Expenditure:
    """Component levels in one year, 亿元 (floats or arrays)."""

    household: Any
    government: Any
    capital_formation: Any
    exports: Any
    imports: Any
    other_net_outflow: Any

    @property
    def gdp(self):
        """Y = C + G + I + X - M + O."""
        return (
            self.household + self.government + self.capital_formation
            + self.exports - self.imports + self.other_net_outflow
        )

    @property
    def trade(self):
        """Customs goods trade, X + M."""
        return self.exports + self.imports


def split_by_shares(gdp, trade, share_household, share_government, share_capital, export_share_of_trade) -> Expenditure:
    """Levels from GDP and trade:  C = s_C Y, G = s_G Y, I = s_I Y, X = e T, M = (1 - e) T,
    O = Y - C - G - I - X + M  (so the components add up to Y)."""
    household = share_household * gdp
    government = share_government * gdp
    capital = share_capital * gdp
    exports = export_share_of_trade * trade
    imports = (1.0 - export_share_of_trade) * trade
    other = gdp - household - government - capital - exports + imports
    return Expenditure(household, government, capital, exports, imports, other)


@dataclass(frozen=True)
class ComponentGrowth:
    """Nominal y/y growth of each component (shares)."""

    household: Any
    government: Any
    capital_formation: Any
    exports: Any
    imports: Any


def component_growth(
    levels: Expenditure,
    *,
    retail_growth,
    services_growth,
    gov_growth,
    fai_growth,
    export_growth,
    goods_weight,
    fai_bridge,
    import_weight_consumption,
    import_weight_investment,
) -> ComponentGrowth:
    """Apply the bridges. Imports follow total consumption (C+G, level-weighted), I and X."""
    g_household = household_consumption_growth(retail_growth, services_growth, goods_weight)
    g_capital = capital_formation_growth(fai_growth, fai_bridge)
    consumption = levels.household + levels.government
    g_consumption = (levels.household * g_household + levels.government * gov_growth) / consumption
    g_imports = import_growth(g_consumption, g_capital, export_growth, import_weight_consumption, import_weight_investment)
    return ComponentGrowth(g_household, gov_growth, g_capital, export_growth, g_imports)


# the indicator growths the bridges read, by scenario field
BRIDGE_INPUTS = ("retail_growth", "services_consumption_growth", "gov_consumption_growth", "fai_growth", "export_growth")


def scenario_growth(levels: Expenditure, s: Any, inputs: Mapping[str, Any]) -> ComponentGrowth:
    """component_growth with scenario `s`'s bridge assumptions and the indicator growths in `inputs`
    (BRIDGE_INPUTS: the scenario's own for the projection, the base year's for the calibration)."""
    return component_growth(
        levels,
        retail_growth=inputs["retail_growth"],
        services_growth=inputs["services_consumption_growth"],
        gov_growth=inputs["gov_consumption_growth"],
        fai_growth=inputs["fai_growth"],
        export_growth=inputs["export_growth"],
        goods_weight=s.retail_goods_weight,
        fai_bridge=s.fai_to_gcf_bridge,
        import_weight_consumption=s.import_weight_consumption,
        import_weight_investment=s.import_weight_investment,
    )


def grow(levels: Expenditure, growth: ComponentGrowth, other_change) -> Expenditure:
    """Next year's levels: L' = L * (1 + g) for C, G, I, X, M;  O' = O + dO."""
    return Expenditure(
        household=levels.household * (1.0 + growth.household),
        government=levels.government * (1.0 + growth.government),
        capital_formation=levels.capital_formation * (1.0 + growth.capital_formation),
        exports=levels.exports * (1.0 + growth.exports),
        imports=levels.imports * (1.0 + growth.imports),
        other_net_outflow=levels.other_net_outflow + other_change,
    )


def real_contributions(before: Expenditure, after: Expenditure, deflator) -> dict[str, Any]:
    """NBS-style pull (拉动) in shares of last year's GDP, all components deflated alike:

        pull_k = (L_k' / (1 + pi) - L_k) / Y

    consumption = C + G, investment = I, net_exports = X - M (customs goods only),
    net_outflow = O (other net outflow and statistical discrepancy). They add up to real growth
    (1 + n) / (1 + pi) - 1 exactly, since the components add up to Y in both years.
    """
    y = before.gdp

    def pull(a, b):
        return (a / (1.0 + deflator) - b) / y

    return {
        "consumption": pull(after.household + after.government, before.household + before.government),
        "investment": pull(after.capital_formation, before.capital_formation),
        "net_exports": pull(after.exports - after.imports, before.exports - before.imports),
        "net_outflow": pull(after.other_net_outflow, before.other_net_outflow),
    }
