"""simulate(scenario) -> Result: the 2025 projection, nominal then deflated, with its decomposition.

Steps (equations in model/demand.py, model/calibration.py, model/outcomes.py, docs/model.md):
1. calibrate on 2024 (the other net outflow absorbs what the bridges miss);
2. grow the 2024 components by the scenario's bridged growth rates; the other net outflow
   changes by rho * dO_2024 * Y_2024 / Y_2023 (rho: residual_persistence);
3. real growth r = (1 + n) / (1 + pi) - 1 and the NBS pull of each demand component;
4. retail sales, trade, budget revenue, jobs, and each projected target met or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

import data
from model.calibration import Calibration, calibrate_2024
from model.demand import Expenditure, component_growth, grow, real_contributions
from model.facts import FACTS, Facts
from model.outcomes import TargetOutcome, budget_revenue, compare_with_targets, new_urban_jobs
from model.scenario import Scenario

_TARGETS = data.load().targets
DEFAULT_TARGETS: dict[str, tuple[str, float]] = {
    t.id: (t.output, t.value) for t in _TARGETS.values() if t.projected
}

DEMAND_COMPONENTS = ("consumption", "investment", "net_exports")


@dataclass(frozen=True)
class Result:
    """The 2025 projection. Levels in 亿元, rates as shares; `contributions` in percentage points."""

    gdp_nominal_yi_yuan: Any
    gdp_nominal_growth: Any
    gdp_real_growth: Any
    contributions: Mapping[str, Any]  # pp of real growth (NBS 拉动), by DEMAND_COMPONENTS
    contribution_shares: Mapping[str, Any]  # share of real growth (NBS 贡献率); nan if growth ~ 0
    contributions_2024: Mapping[str, Any]  # pp, the 2024 replay's pull by component (for comparison)
    fai_growth: Any
    retail_sales_yi_yuan: Any
    retail_growth: Any
    exports_yi_yuan: Any
    imports_yi_yuan: Any
    trade_yi_yuan: Any
    trade_growth: Any
    budget_revenue_yi_yuan: Any
    budget_revenue_growth: Any
    new_urban_jobs: Any
    targets: Mapping[str, TargetOutcome]
    levels_2024: Expenditure
    levels_2025: Expenditure
    calibration: Calibration

    def summary(self) -> dict[str, Any]:
        """Plain numbers for JSON (scalar results): the headline outputs and targets."""
        def num(x):
            return float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=float).tolist()

        return {
            "gdp_nominal_yi_yuan": num(self.gdp_nominal_yi_yuan),
            "gdp_nominal_growth": num(self.gdp_nominal_growth),
            "gdp_real_growth": num(self.gdp_real_growth),
            "contributions_pp": {k: num(v) for k, v in self.contributions.items()},
            "contribution_shares": {k: num(v) for k, v in self.contribution_shares.items()},
            "contributions_2024_pp": {k: num(v) for k, v in self.contributions_2024.items()},
            "fai_growth": num(self.fai_growth),
            "retail_sales_yi_yuan": num(self.retail_sales_yi_yuan),
            "retail_growth": num(self.retail_growth),
            "exports_yi_yuan": num(self.exports_yi_yuan),
            "imports_yi_yuan": num(self.imports_yi_yuan),
            "trade_yi_yuan": num(self.trade_yi_yuan),
            "trade_growth": num(self.trade_growth),
            "budget_revenue_yi_yuan": num(self.budget_revenue_yi_yuan),
            "budget_revenue_growth": num(self.budget_revenue_growth),
            "new_urban_jobs": num(self.new_urban_jobs),
            "calibration_residual_pp_2024": num(self.calibration.residual_pp_2024),
            "targets": {
                k: {"value": num(t.value), "target": t.target, "gap": num(t.gap),
                    "met": bool(t.met) if np.ndim(t.met) == 0 else np.asarray(t.met).tolist()}
                for k, t in self.targets.items()
            },
        }


def simulate(
    s: Scenario,
    target_values: Mapping[str, float] | None = None,
    facts: Facts = FACTS,
) -> Result:
    """Project 2025 for scenario `s` (any field may be an array; outputs broadcast).

    target_values: optional overrides of projected targets by id (e.g. a user's own GDP target).
    """
    cal = calibrate_2024(s, facts)
    before = cal.levels_2024
    growth = component_growth(
        before,
        retail_growth=s.retail_growth,
        services_growth=s.services_consumption_growth,
        gov_growth=s.gov_consumption_growth,
        fai_growth=s.fai_growth,
        export_growth=s.export_growth,
        goods_weight=s.retail_goods_weight,
        fai_bridge=s.fai_to_gcf_bridge,
        import_weight_consumption=s.import_weight_consumption,
        import_weight_investment=s.import_weight_investment,
    )
    # the unexplained 2024 flow repeats in proportion, scaled to the economy's size
    other_change = s.residual_persistence * cal.other_change_2024_yi_yuan * (
        facts.gdp_2024_yi_yuan / facts.gdp_2023_yi_yuan
    )
    after = grow(before, growth, other_change)

    y0 = facts.gdp_2024_yi_yuan
    y1 = after.gdp
    nominal = y1 / y0 - 1.0
    real = (1.0 + nominal) / (1.0 + s.gdp_deflator) - 1.0
    pulls = real_contributions(before, after, s.gdp_deflator)
    contributions = {k: 100.0 * v for k, v in pulls.items()}
    pulls_2024 = real_contributions(cal.levels_2023, before, facts.gdp_deflator_2024)
    if np.ndim(real) == 0:  # the UI's scalar path: plain floats, no array machinery
        shares = {k: (float(v) / real if abs(real) > 1e-9 else float("nan")) for k, v in pulls.items()}
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            safe = np.abs(real) > 1e-9
            shares = {k: np.where(safe, v / np.where(safe, real, 1.0), np.nan) for k, v in pulls.items()}

    trade = after.trade
    revenue = budget_revenue(facts.budget_revenue_2024_yi_yuan, nominal, s.revenue_buoyancy)
    jobs = new_urban_jobs(facts.new_urban_jobs_2024, real, facts.gdp_real_growth_2024, s.jobs_semi_elasticity)
    trade_growth = trade / facts.trade_2024_yi_yuan - 1.0

    outputs = {
        "gdp_real_growth": real,
        "fai_growth": s.fai_growth,
        "retail_growth": s.retail_growth,
        "trade_growth": trade_growth,
        "new_urban_jobs": jobs,
    }
    targets = dict(DEFAULT_TARGETS)
    for target_id, value in (target_values or {}).items():
        targets[target_id] = (targets[target_id][0], float(value))

    return Result(
        gdp_nominal_yi_yuan=y1,
        gdp_nominal_growth=nominal,
        gdp_real_growth=real,
        contributions=contributions,
        contribution_shares=shares,
        contributions_2024={k: 100.0 * v for k, v in pulls_2024.items()},
        fai_growth=s.fai_growth,
        retail_sales_yi_yuan=facts.retail_sales_2024_yi_yuan * (1.0 + s.retail_growth),
        retail_growth=s.retail_growth,
        exports_yi_yuan=after.exports,
        imports_yi_yuan=after.imports,
        trade_yi_yuan=trade,
        trade_growth=trade_growth,
        budget_revenue_yi_yuan=revenue,
        budget_revenue_growth=revenue / facts.budget_revenue_2024_yi_yuan - 1.0,
        new_urban_jobs=jobs,
        targets=compare_with_targets(outputs, targets),
        levels_2024=before,
        levels_2025=after,
        calibration=cal,
    )
