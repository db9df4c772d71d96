"""The Huadu 2025 growth model: pure numpy, no streamlit, data only through the data/ loader.

    from model import Scenario, simulate
    r = simulate(Scenario(fai_growth=0.08))
    r.gdp_real_growth, r.contributions["investment"]
"""

from model.scenario import FIELDS, Problem, Scenario, parse_scenario, parse_value
from model.simulate import DEMAND_COMPONENTS, Result, TargetRules, input_targets, simulate, target_bands, target_rules

__all__ = [
    "DEFAULT_TARGETS",
    "DEMAND_COMPONENTS",
    "INPUT_TARGETS",
    "TARGET_BANDS",
    "FIELDS",
    "TargetRules",
    "input_targets",
    "target_bands",
    "target_rules",
    "Problem",
    "Result",
    "Scenario",
    "parse_scenario",
    "parse_value",
    "simulate",
]

# The analyses (uncertainty, sensitivity, goal seek) build on simulate, so they load after it.
from model.goalseek import GoalSeekResult, required_value  # noqa: E402
from model.sensitivity import TornadoBar, tornado  # noqa: E402
from model.uncertainty import MonteCarloResult, likelihood_phrase, monte_carlo  # noqa: E402

__all__ += ["GoalSeekResult", "MonteCarloResult", "TornadoBar", "likelihood_phrase", "monte_carlo", "required_value", "tornado"]


def __getattr__(name: str):
    """DEFAULT_TARGETS, TARGET_BANDS, INPUT_TARGETS: read from data/ on first use (model.simulate), not at import."""
    if name in ("DEFAULT_TARGETS", "TARGET_BANDS", "INPUT_TARGETS"):
        import importlib  # the module: the package's `simulate` is the function

        return getattr(importlib.import_module("model.simulate"), name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")
