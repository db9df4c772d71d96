"""Uncertainty: a Monte Carlo over every parameter with an sd in data/parameters.toml, in one vectorised call.

Each uncertain parameter k is drawn around the scenario's own value x_k:

    x_k^(i) = clip(x_k + sd_k * z_k^(i), min_k, max_k),   z ~ N(0, 1) iid

Levers' sd stand for how far the outcome may land from the value the user chose; assumptions'
sd for how unsure the coefficient is. Draws are *clipped* to the valid range, not truncated:
it is fast and keeps the draws' median at x_k, but it puts the mass beyond a bound on the bound
itself (a parameter whose default sat on a bound would have half its draws exactly there).
Parameters with sd = 0 stay at the scenario's value. z comes in antithetic pairs (z, -z), see
`standard_draws`.

The model's own error is one of the drawn parameters (model_error, added to the headline real
growth). Its sd is the root mean square error of the real-time back-test's conditional
projections (model/backtest.py), and it is drawn from Student's t with n - 1 degrees of freedom
(n: the years that back-test could project), not from the Normal: a scale estimated from a
handful of years leaves fat tails. The price assumptions are drawn independently of the levers.

A target on a lever the user sets (FAI, retail: INPUT_TARGETS) is compared with the setting,
not given a probability.

The same seed gives the same z, so two scenarios compared with one seed use common random
numbers: a probability then moves monotonically with a lever (goal seek relies on this).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from model.outcomes import TargetOutcome
from model.scenario import FIELDS, Scenario
from model.simulate import project_outputs, target_rules

QUANTILE_LEVELS: tuple[float, ...] = (0.05, 0.25, 0.50, 0.75, 0.95)
MODEL_ERROR = "model_error"


@dataclass(frozen=True)
class DrawSetup:
    """What the draws need from data/ (read once, on first use, not at import)."""

    projected_outputs: tuple[str, ...]  # monte_carlo = true in data/outputs.toml, in that file's order
    uncertain_params: tuple[str, ...]  # the parameters drawn (sd > 0), in data order: it fixes each one's z row
    gdp_target_id: str  # the projected target on real GDP growth (goal seek and the tornado read it)
    sd: np.ndarray  # (len(uncertain_params), 1) columns, for broadcasting against the draws
    low: np.ndarray
    high: np.ndarray
    model_error_row: int | None


def draw_setup_from(dataset) -> DrawSetup:
    params = dataset.params
    uncertain = tuple(k for k in FIELDS if params[k].sd > 0)
    defaults = target_rules().defaults
    return DrawSetup(
        projected_outputs=tuple(o.id for o in dataset.outputs.values() if o.monte_carlo),
        uncertain_params=uncertain,
        gdp_target_id=next(t for t, (output, _) in defaults.items() if output == "gdp_real_growth"),
        sd=np.array([[params[k].sd] for k in uncertain]),
        low=np.array([[params[k].min] for k in uncertain]),
        high=np.array([[params[k].max] for k in uncertain]),
        model_error_row=uncertain.index(MODEL_ERROR) if MODEL_ERROR in uncertain else None,
    )


@lru_cache(maxsize=1)
def draw_setup() -> DrawSetup:
    import data

    return draw_setup_from(data.load())


def gdp_target_id() -> str:
    """The projected target on real GDP growth (data/targets.toml), read on first use."""
    return draw_setup().gdp_target_id


def projected_outputs() -> tuple[str, ...]:
    return draw_setup().projected_outputs


def uncertain_params() -> tuple[str, ...]:
    return draw_setup().uncertain_params


# PROJECTED_OUTPUTS, UNCERTAIN_PARAMS, GDP_TARGET_ID by their old names, read on first use
_LAZY = {"PROJECTED_OUTPUTS": "projected_outputs", "UNCERTAIN_PARAMS": "uncertain_params", "GDP_TARGET_ID": "gdp_target_id"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(draw_setup(), _LAZY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=1)
def model_error_dof() -> int:
    """Degrees of freedom of the model error's t: n - 1, n the years the real-time back-test projects
    conditionally with the headline method (model/backtest.py; computed on first use)."""
    from model.backtest import track_record

    return max(track_record().years_projected() - 1, 1)


# IPCC AR5 calibrated language (Mastrandrea et al. 2010), highest first: (lower bound, key).
LIKELIHOOD_SCALE: tuple[tuple[float, str], ...] = (
    (0.99, "virtually_certain"),
    (0.90, "very_likely"),
    (0.66, "likely"),
    (0.33, "about_as_likely_as_not"),
    (0.10, "unlikely"),
    (0.01, "very_unlikely"),
    (0.0, "exceptionally_unlikely"),
)


@dataclass(frozen=True)
class MonteCarloResult:
    """Distribution of the 2025 projection. Rates as shares, levels in 亿元, jobs in persons.

    quantiles[output] holds the values at QUANTILE_LEVELS (5, 25, 50, 75, 95%), ascending.
    probability_met[target_id] is the fraction of draws meeting that projected target (targets on
    a lever the user sets, INPUT_TARGETS, have none: the setting is compared with the target).
    probability_se[target_id]: its Monte Carlo standard error, sqrt(p (1 - p) / N) (iid bound: the
    antithetic pairs only lower it).
    gdp_real_growth_draws: every draw's real growth (read-only), for histograms.
    """

    draws: int
    seed: int
    quantile_levels: tuple[float, ...]
    quantiles: Mapping[str, tuple[float, ...]]
    probability_met: Mapping[str, float]
    probability_se: Mapping[str, float]
    uncertain_params: tuple[str, ...]
    gdp_real_growth_draws: np.ndarray = field(repr=False, compare=False)


def _half_draws(draws: int, seed: int) -> np.ndarray:
    """The iid half of z: shape (len(uncertain_params), ceil(draws / 2)); N(0, 1) rows, the model
    error's row Student's t with model_error_dof() degrees of freedom (module docstring)."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    rng = np.random.default_rng(seed)
    setup = draw_setup()
    z = rng.standard_normal((len(setup.uncertain_params), (draws + 1) // 2))
    if setup.model_error_row is not None:
        z[setup.model_error_row] = rng.standard_t(model_error_dof(), z.shape[1])
    return z


def standard_draws(draws: int, seed: int) -> np.ndarray:
    """z, shape (len(UNCERTAIN_PARAMS), draws): N(0, 1) from np.random.default_rng(seed), in antithetic pairs.

    The first ceil(N/2) columns are iid; the rest are their negatives (z, -z). Each draw is still
    N(0, 1) (the model error's t), so means, quantiles and probabilities stay unbiased; the pairs
    halve the generator's work (its share of the run time is the largest) and lower the variance
    for a near-linear model.
    """
    half_z = _half_draws(draws, seed)
    half = half_z.shape[1]
    z = np.empty((half_z.shape[0], draws))
    z[:, :half] = half_z
    np.negative(half_z[:, : draws - half], out=z[:, half:])
    return z


def _scalar_values(scenario: Scenario) -> dict[str, float]:
    try:
        return scenario.to_dict()
    except TypeError:
        raise ValueError("the Monte Carlo needs a scalar scenario (one value per field)") from None


def _centre_and_clip(scenario: Scenario, spread: np.ndarray) -> Scenario:
    """spread = sd * z, shifted to the scenario's values and clipped, in place; as a Scenario."""
    setup = draw_setup()
    values = _scalar_values(scenario)
    spread += np.array([[values[k]] for k in setup.uncertain_params])
    np.maximum(spread, setup.low, out=spread)
    np.minimum(spread, setup.high, out=spread)
    return scenario.replace(**dict(zip(setup.uncertain_params, spread, strict=True)))


def perturbed_scenario(scenario: Scenario, z: np.ndarray) -> Scenario:
    """The scenario with every uncertain parameter replaced by clip(x + sd * z, min, max) (arrays)."""
    return _centre_and_clip(scenario, z * draw_setup().sd)


@lru_cache(maxsize=8)
def _standard_spread(draws: int, seed: int) -> np.ndarray:
    """sd * z for (draws, seed), read-only: the part of the draws that does not depend on the scenario.

    Memoised: the app runs every Monte Carlo with seed 0 and a few draw counts, so after the first
    call a scenario's draws cost one add and a clip (8 entries of 14 x 10^4 floats: 9 MB at most).
    """
    sd = draw_setup().sd
    half_z = _half_draws(draws, seed)
    half = half_z.shape[1]
    spread = np.empty((half_z.shape[0], draws))
    np.multiply(half_z, sd, out=spread[:, :half])
    np.multiply(half_z[:, : draws - half], -sd, out=spread[:, half:])
    spread.flags.writeable = False
    return spread


def draw_scenarios(scenario: Scenario, draws: int = 10_000, seed: int = 0) -> Scenario:
    """`draws` scenarios around `scenario` (one Scenario whose uncertain fields are arrays).

    Equal, bit for bit, to perturbed_scenario(scenario, standard_draws(draws, seed)); the scaled
    draws sd * z are memoised by (draws, seed) (`_standard_spread`), since they do not depend on
    the scenario, and shifted and clipped into one fresh buffer.
    """
    setup = draw_setup()
    values = _scalar_values(scenario)
    spread = np.add(_standard_spread(draws, seed), np.array([[values[k]] for k in setup.uncertain_params]))
    np.maximum(spread, setup.low, out=spread)
    np.minimum(spread, setup.high, out=spread)
    return scenario.replace(**dict(zip(setup.uncertain_params, spread, strict=True)))


def _quantiles_of_sorted(ordered: np.ndarray) -> np.ndarray:
    """Quantiles at QUANTILE_LEVELS of each sorted row, linear interpolation (np.quantile's default).

    Sorting in place and reading positions beats np.quantile's partition for a few rows of 10^4.
    """
    n = ordered.shape[-1]
    position = np.asarray(QUANTILE_LEVELS) * (n - 1)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, n - 1)
    frac = position - below
    return ordered[..., below] * (1.0 - frac) + ordered[..., above] * frac


def summarise(outputs: Mapping[str, np.ndarray], targets: Mapping[str, TargetOutcome],
              draws: int, seed: int) -> MonteCarloResult:
    """Quantiles and target probabilities of vectorised outputs (one draw per element), as
    `model.simulate.project_outputs` returns them; targets in INPUT_TARGETS are left out."""
    setup = draw_setup()
    inputs = target_rules().inputs
    stacked = np.empty((len(setup.projected_outputs), draws))
    for row, name in zip(stacked, setup.projected_outputs, strict=True):
        row[:] = outputs[name]
    growth = stacked[setup.projected_outputs.index("gdp_real_growth")].copy()
    growth.flags.writeable = False
    stacked.sort(axis=-1)
    table = _quantiles_of_sorted(stacked)
    quantiles = {name: tuple(float(v) for v in q) for name, q in zip(setup.projected_outputs, table, strict=True)}
    probability_met = {
        target_id: float(np.count_nonzero(np.broadcast_to(outcome.met, (draws,)))) / draws
        for target_id, outcome in targets.items() if target_id not in inputs
    }
    return MonteCarloResult(
        draws=draws,
        seed=seed,
        quantile_levels=QUANTILE_LEVELS,
        quantiles=quantiles,
        probability_met=probability_met,
        probability_se={k: float(np.sqrt(p * (1.0 - p) / draws)) for k, p in probability_met.items()},
        uncertain_params=setup.uncertain_params,
        gdp_real_growth_draws=growth,
    )


def monte_carlo(
    scenario: Scenario,
    draws: int = 10_000,
    seed: int = 0,
    target_values: Mapping[str, float] | None = None,
) -> MonteCarloResult:
    """Simulate `draws` perturbed copies of a scalar scenario in one call (see module docstring).

    P(target met) = (1/N) * sum_i 1[y_i >= target], y_i the draw's projected output.
    target_values: overrides of projected targets by id, as in `simulate`.
    The draws run through `project_outputs` (simulate's equations without the decomposition).
    """
    outputs, targets = project_outputs(draw_scenarios(scenario, draws, seed), target_values,
                                       skip_targets=target_rules().inputs)
    return summarise(outputs, targets, draws, seed)


def likelihood_phrase(probability: float) -> str:
    """The IPCC likelihood key for a probability: virtually_certain (>= 0.99) ... exceptionally_unlikely (< 0.01)."""
    p = float(probability)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a probability must be in [0, 1]; got {probability!r}")
    for lower, key in LIKELIHOOD_SCALE:
        if p >= lower:
            return key
    raise AssertionError("unreachable: the scale ends at 0")
