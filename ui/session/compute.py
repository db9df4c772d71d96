"""The UI's cached doorway to the model: one call per distinct (scenario, targets), shared by all sessions.

functools.lru_cache rather than st.cache_data: the arguments are frozen dataclasses and tuples
that hash in microseconds, and the results are immutable, so no copy or pickling is needed on
the rerun path. Bounded, so a long workshop cannot grow memory without limit.
"""

from __future__ import annotations

import functools

from model import Result, Scenario, simulate
from model.response import LeverResponse, lever_response
from ui.session.dataset import dataset


@functools.lru_cache(maxsize=4096)
def run(scenario: Scenario, targets: tuple[tuple[str, float], ...] = ()) -> Result:
    """simulate() for one scalar scenario, memoised."""
    return simulate(scenario, dict(targets))


@functools.lru_cache(maxsize=8)
def baseline(targets: tuple[tuple[str, float], ...] = ()) -> Result:
    """The default scenario (2024's pattern continues), for "baseline" lines and deltas; read against `targets`
    where its status is shown beside scenarios read against them (compare)."""
    return simulate(Scenario(), dict(targets))


@functools.lru_cache(maxsize=1024)
def _response_at(scenario: Scenario, levers: tuple[str, ...], outputs: tuple[str, ...],
                 targets: tuple[tuple[str, float], ...]) -> LeverResponse:
    return lever_response(scenario, levers, outputs, dict(targets))


def response(scenario: Scenario, levers: tuple[str, ...], outputs: tuple[str, ...],
             targets: tuple[tuple[str, float], ...] = ()) -> LeverResponse:
    """The lever panel's values and slopes at `scenario` (model.response.lever_response).

    Evaluated once per setting of everything but the levers, at the levers' defaults: where the
    model is affine over the levers' whole box there (the usual case), the response at any lever
    setting is that plane moved to the point (LeverResponse.moved_to), so a lever move costs no
    model evaluation; elsewhere it is evaluated at the point itself.
    """
    anchor = _anchor(scenario, levers, outputs, targets)
    if all(anchor.affine.values()):
        return anchor.moved_to({k: getattr(scenario, k) for k in levers})
    return _response_at(scenario, levers, outputs, targets)


def at_lever_defaults(scenario: Scenario, levers: tuple[str, ...]) -> Scenario:
    """`scenario` with `levers` at their defaults: everything a lever move leaves as it is."""
    params = dataset().params
    return scenario.replace(**{k: params[k].value for k in levers})


def _anchor(scenario: Scenario, levers: tuple[str, ...], outputs: tuple[str, ...],
            targets: tuple[tuple[str, float], ...]) -> LeverResponse:
    return _response_at(at_lever_defaults(scenario, levers), levers, outputs, targets)


def one_plane(scenario: Scenario, levers: tuple[str, ...], outputs: tuple[str, ...],
              targets: tuple[tuple[str, float], ...] = ()) -> bool:
    """True when response() is one plane moved to every lever setting (the anchor at the levers' defaults is affine
    over their whole box): its slopes then do not depend on the levers. A response evaluated at the point itself
    may call itself affine where its probes miss a kink, and differ from point to point."""
    return all(_anchor(scenario, levers, outputs, targets).affine.values())
