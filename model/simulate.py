"""simulate(scenario) -> Result: the 2025 projection, real by sector then priced, with its decomposition.

Steps (equations in model/demand.py, model/calibration.py, model/production.py,
model/outcomes.py, docs/model.md):
1. calibrate the demand side on 2024 (the other net outflow absorbs what the bridges miss);
2. demand side: grow the 2024 components by the bridged growth rates; the other net outflow
   changes by rho * dO_2024 * Y_2024 / Y_2023 (rho: residual_persistence);
3. production side (the headline): r = sum_k s_k g_k + phi c_b + e over primary, industry,
   construction, services, each sector's nominal driver deflated by its own price (model/production.py);
   c_b the base year's replay gap (model/replay.py), phi its carry, e model_error (0 by default);
   the GDP deflator pi = sum_k s_k p_k is an output; nominal n = (1 + r)(1 + pi) - 1;
4. the gap between the sides (净流出/统计误差) joins O, so the NBS pulls of consumption,
   investment, customs net exports and net outflow add up to the headline;
5. retail sales, trade, budget revenue, jobs, and each projected target met, about met or not.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import numpy as np

from model.calibration import Calibration, calibrate_2024
from model.demand import BRIDGE_INPUTS, Expenditure, grow, real_contributions, scenario_growth
from model.facts import Facts, default_facts
from model.outcomes import TargetOutcome, budget_revenue, compare_with_targets, new_urban_jobs
from model.production import SECTORS, Production, production_side
from model.replay import Replay, replay_base_year
from model.scenario import FIELDS, Scenario


@dataclass(frozen=True)
class TargetRules:
    """The projected targets of data/targets.toml as the model compares them."""

    defaults: dict[str, tuple[str, float]]  # target id -> (output, value)
    bands: dict[str, float]  # targets written 左右 ("about"): the band below the target that reads as "about met"
    # targets on a lever the user sets (FAI, retail): an input compared with its target, not a projection
    # (the industrial target is projected: industry follows exports and investment unless set directly)
    inputs: frozenset[str]


def target_rules_from(dataset: Any) -> TargetRules:
    targets = dataset.targets
    defaults = {t.id: (t.output, t.value) for t in targets.values() if t.projected}
    return TargetRules(
        defaults=defaults,
        bands={t.id: t.about_band for t in targets.values() if t.projected and t.about_band > 0},
        inputs=frozenset(t for t, (output, _) in defaults.items()
                         if output in FIELDS and dataset.params[output].group == "lever"),
    )


@functools.cache
def target_rules() -> TargetRules:
    """The app's target rules (data/ read on first use, not at import)."""
    import data

    return target_rules_from(data.load())


def input_targets() -> frozenset[str]:
    """Targets on a lever the user sets (FAI, retail): the setting is compared, not projected."""
    return target_rules().inputs


def target_bands() -> dict[str, float]:
    """Targets written 左右: the band below the target that reads as "about met"."""
    return target_rules().bands


# DEFAULT_TARGETS, TARGET_BANDS, INPUT_TARGETS: the app's target rules by their old names, read on first use
_LAZY = {"DEFAULT_TARGETS": "defaults", "TARGET_BANDS": "bands", "INPUT_TARGETS": "inputs"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(target_rules(), _LAZY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# the pulls on real growth by expenditure; net_outflow is other net outflow and statistical
# discrepancy (净流出/统计误差), the difference between the production side and the demand bridges
DEMAND_COMPONENTS = ("consumption", "investment", "net_exports", "net_outflow")
# the demand side's own projection and the gap to the headline: fields of Result that are not outputs
# the app shows (data/outputs.toml), listed in every summary beside them
DEMAND_SIDE_FIELDS = ("demand_gdp_yi_yuan", "demand_real_growth", "discrepancy_yi_yuan")


@dataclass(frozen=True)
class Result:
    """The 2025 projection. Levels in 亿元, rates as shares; `contributions` in percentage points.

    The headline (gdp_*) is the production side; the demand side's own projection and the gap
    between the two sides are kept beside it.
    """

    gdp_nominal_yi_yuan: Any
    gdp_nominal_growth: Any
    gdp_real_growth: Any
    gdp_deflator: Any  # implied by the sectors' prices: pi = sum_k s_k p_k
    demand_gdp_yi_yuan: Any  # the demand bridges' own 2025 GDP (O carried by residual_persistence)
    demand_real_growth: Any
    discrepancy_yi_yuan: Any  # production side minus demand side, 2025, 亿元
    industrial_va_growth: Any  # above-scale industrial value added, real
    production: Production
    replay: Replay  # the base year replayed by the production side, and its gap to the published growth
    production_contributions: Mapping[str, Any]  # pp of real growth, by production.SECTORS
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

    def _number_fields(self) -> tuple[str, ...]:
        """The fields that hold one number per scenario (the outputs and the demand side's own
        projection), in declaration order: not the decomposition's mappings, levels or targets."""
        return tuple(f.name for f in fields(self)
                     if not isinstance(getattr(self, f.name), Mapping) and not is_dataclass(getattr(self, f.name)))

    def summary(self, outputs: Iterable[str] | None = None) -> dict[str, Any]:
        """Plain numbers for JSON (scalar results): the outputs, the decomposition and the targets.

        outputs: the output ids to list first, in order: the command line passes data/outputs.toml's
        (each a field of Result), so a new entry there is listed with no code change. None: every
        number field (_number_fields). The demand side's own projection, the pulls, the calibration
        residual and every projected target with its status (met / about_met / not_met) follow.
        """
        def num(x):
            return float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=float).tolist()

        listed = self._number_fields() if outputs is None else tuple(outputs)
        return {
            **{name: num(getattr(self, name)) for name in listed},
            # beside the headline (production side): the demand side's own 2025 and the gap between the sides
            **{name: num(getattr(self, name)) for name in DEMAND_SIDE_FIELDS},
            "production_contributions_pp": {k: num(v) for k, v in self.production_contributions.items()},
            "contributions_pp": {k: num(v) for k, v in self.contributions.items()},
            "contribution_shares": {k: num(v) for k, v in self.contribution_shares.items()},
            "contributions_2024_pp": {k: num(v) for k, v in self.contributions_2024.items()},
            "calibration_residual_pp_2024": num(self.calibration.residual_pp_2024),
            "replay_real_growth_2024": num(self.replay.real_growth),
            "replay_gap_pp_2024": num(100.0 * self.replay.gap),
            "targets": {
                k: {"value": num(t.value), "target": t.target, "gap": num(t.gap),
                    "met": bool(t.met) if np.ndim(t.met) == 0 else np.asarray(t.met).tolist(),
                    "status": t.status if np.ndim(t.met) == 0 else None}
                for k, t in self.targets.items()
            },
        }


def _headline(s: Scenario, facts: Facts):
    """The steps every projection takes: calibration, demand growth rates, production side, headline.

    Returns (calibration, component growth, production side, replay, real growth, nominal growth).
    """
    cal = calibrate_2024(s, facts)
    growth = scenario_growth(cal.levels_2024, s, {k: getattr(s, k) for k in BRIDGE_INPUTS})
    # production side: the headline
    production = production_side(s, facts.sector_shares_base)
    replay = replay_base_year(s, facts)
    real = production.real_growth + s.replay_carry * replay.gap + s.model_error
    nominal = (1.0 + real) * (1.0 + production.deflator) - 1.0
    return cal, growth, production, replay, real, nominal


def _outputs(s: Scenario, facts: Facts, production: Production, real, nominal, exports, imports) -> dict[str, Any]:
    """The headline outputs beyond the decomposition (every projected target reads one of them)."""
    trade = exports + imports
    revenue = budget_revenue(facts.budget_revenue_base_yi_yuan, nominal, s.revenue_buoyancy)
    return dict(
        gdp_nominal_yi_yuan=facts.gdp_base_yi_yuan * (1.0 + nominal),
        gdp_nominal_growth=nominal,
        gdp_real_growth=real,
        gdp_deflator=production.deflator,
        industrial_va_growth=production.industrial_va_growth,
        fai_growth=s.fai_growth,
        retail_sales_yi_yuan=facts.retail_sales_base_yi_yuan * (1.0 + s.retail_growth),
        retail_growth=s.retail_growth,
        exports_yi_yuan=exports,
        imports_yi_yuan=imports,
        trade_yi_yuan=trade,
        trade_growth=trade / facts.trade_base_yi_yuan - 1.0,
        budget_revenue_yi_yuan=revenue,
        budget_revenue_growth=revenue / facts.budget_revenue_base_yi_yuan - 1.0,
        new_urban_jobs=new_urban_jobs(facts.new_urban_jobs_base, real, facts.real_growth_base, s.jobs_semi_elasticity),
    )


def _targets(outputs: Mapping[str, Any], target_values: Mapping[str, float] | None,
             skip: frozenset[str] = frozenset()) -> dict[str, TargetOutcome]:
    """Each projected target (not in `skip`) against the output data/targets.toml names."""
    rules = target_rules()
    targets = {k: v for k, v in rules.defaults.items() if k not in skip}
    for target_id, value in (target_values or {}).items():
        if target_id in targets:
            targets[target_id] = (targets[target_id][0], float(value))
        elif target_id not in rules.defaults:
            raise KeyError(target_id)
    return compare_with_targets({output: outputs[output] for output, _ in targets.values()}, targets, rules.bands)


def project_outputs(
    s: Scenario,
    target_values: Mapping[str, float] | None = None,
    facts: Facts | None = None,
    skip_targets: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, TargetOutcome]]:
    """The headline outputs and projected targets of `simulate`, without the decomposition.

    The same equations and the same order of operations as `simulate`, so every value is equal bit
    for bit (tests/test_model_uncertainty.py); what it leaves out is what does not change an output:
    the pulls by component and sector, their shares, the 2024 replay's pulls and the other net
    outflow's level. The Monte Carlo and the goal seek run it on 10^4 draws at a time.
    skip_targets: target ids not to compare (the Monte Carlo skips INPUT_TARGETS).
    """
    facts = facts or default_facts()
    cal, growth, production, _, real, nominal = _headline(s, facts)
    before = cal.levels_2024
    outputs = _outputs(s, facts, production, real, nominal,
                       before.exports * (1.0 + growth.exports), before.imports * (1.0 + growth.imports))
    return outputs, _targets(outputs, target_values, skip_targets)


def simulate(
    s: Scenario,
    target_values: Mapping[str, float] | None = None,
    facts: Facts | None = None,
) -> Result:
    """Project 2025 for scenario `s` (any field may be an array; outputs broadcast).

    target_values: optional overrides of projected targets by id (e.g. a user's own GDP target).
    facts: the base year's figures (default: the app's, data/); the back-test passes others.
    """
    facts = facts or default_facts()
    cal, growth, production, replay, real, nominal = _headline(s, facts)
    before = cal.levels_2024
    # demand side: the unexplained 2024 flow repeats in the share rho, scaled to the economy's size
    other_change = s.residual_persistence * cal.other_change_2024_yi_yuan * (
        facts.gdp_base_yi_yuan / facts.gdp_before_yi_yuan
    )
    demand = grow(before, growth, other_change)
    y0 = facts.gdp_base_yi_yuan
    deflator = production.deflator
    outputs = _outputs(s, facts, production, real, nominal, demand.exports, demand.imports)
    discrepancy = outputs["gdp_nominal_yi_yuan"] - demand.gdp
    # the gap between the sides joins O: the demand components then add up to the headline
    after = Expenditure(demand.household, demand.government, demand.capital_formation,
                        demand.exports, demand.imports, demand.other_net_outflow + discrepancy)
    pulls = real_contributions(before, after, deflator)
    contributions = {k: 100.0 * v for k, v in pulls.items()}
    pulls_2024 = real_contributions(cal.levels_2023, before, facts.deflator_base)
    if all(isinstance(v, float) for v in pulls.values()):  # the UI's scalar path (np.float64 is a float): plain floats, no array machinery
        shares = {k: (float(v) / real if abs(real) > 1e-9 else float("nan")) for k, v in pulls.items()}
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            safe = np.abs(real) > 1e-9
            shares = {k: np.where(safe, v / np.where(safe, real, 1.0), np.nan) for k, v in pulls.items()}

    return Result(
        **outputs,
        demand_gdp_yi_yuan=demand.gdp,
        demand_real_growth=demand.gdp / y0 / (1.0 + deflator) - 1.0,
        discrepancy_yi_yuan=discrepancy,
        production=production,
        replay=replay,
        production_contributions={k: production.contributions[k] for k in SECTORS},
        contributions=contributions,
        contribution_shares=shares,
        contributions_2024={k: 100.0 * v for k, v in pulls_2024.items()},
        levels_2024=before,
        levels_2025=after,
        calibration=cal,
        targets=_targets(outputs, target_values),
    )
