"""The demand side's calibration: replay the base year b from b - 1 so its nominal GDP is observed exactly.

Fed b's own indicator growths (2024: FAI +11.8%, retail +1.9%, trade +5.9%), the bridges
explain part of the change of nominal GDP (2024: 1801.51 -> 1860.06 亿元). The other net
outflow O absorbs the rest:

    dO_b = Y_b - (C + G + I + X - M)_b - O_(b-1)

b's exports and imports are set from the observed trade total (2024: 698.2 亿元), split by the
export share. (The production side's own replay of b: model/replay.py.) The names say 2023/2024
for the app's base year; the back-test builds the same object on each of its base years.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.demand import Expenditure, scenario_growth, split_by_shares
from model.facts import Facts


@dataclass(frozen=True)
class Calibration:
    levels_2023: Expenditure
    levels_2024: Expenditure
    other_change_2024_yi_yuan: Any  # dO_2024, the calibration residual, 亿元

    @property
    def residual_pp_2024(self):
        """The residual as nominal growth points of 2023 GDP (how much the bridges miss)."""
        return 100.0 * self.other_change_2024_yi_yuan / self.levels_2023.gdp


def calibrate_2024(s, facts: Facts) -> Calibration:
    """Solve dO_2024 (see module docstring) for the scenario's assumptions (scalars or arrays)."""
    levels_2023 = split_by_shares(
        facts.gdp_before_yi_yuan,
        facts.trade_before_yi_yuan,
        s.share_household_consumption,
        s.share_government_consumption,
        s.share_capital_formation,
        s.export_share_of_trade,
    )
    growth = scenario_growth(levels_2023, s, facts.base_inputs)
    household = levels_2023.household * (1.0 + growth.household)
    government = levels_2023.government * (1.0 + growth.government)
    capital = levels_2023.capital_formation * (1.0 + growth.capital_formation)
    exports = s.export_share_of_trade * facts.trade_base_yi_yuan
    imports = (1.0 - s.export_share_of_trade) * facts.trade_base_yi_yuan
    other = facts.gdp_base_yi_yuan - household - government - capital - exports + imports
    levels_2024 = Expenditure(household, government, capital, exports, imports, other)
    return Calibration(levels_2023, levels_2024, other - levels_2023.other_net_outflow)
