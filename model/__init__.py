"""The Huadu 2025 growth model: pure numpy, no streamlit, data only through the data/ loader.

    from model import Scenario, simulate
    r = simulate(Scenario(fai_growth=0.08))
    r.gdp_real_growth, r.contributions["investment"]
"""

from model.scenario import FIELDS, Problem, Scenario, parse_scenario, parse_value
from model.simulate import DEFAULT_TARGETS, DEMAND_COMPONENTS, INPUT_TARGETS, TARGET_BANDS, Result, simulate

__all__ = [
    "DEFAULT_TARGETS",
    "DEMAND_COMPONENTS",
    "INPUT_TARGETS",
    "TARGET_BANDS",
    "FIELDS",
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
