"""The UI's cached doorway to the model: one call per distinct (scenario, targets), shared by all sessions.

functools.lru_cache rather than st.cache_data: the arguments are frozen dataclasses and tuples
that hash in microseconds, and the results are immutable, so no copy or pickling is needed on
the rerun path. Bounded, so a long workshop cannot grow memory without limit.
"""

from __future__ import annotations

import functools

from model import Result, Scenario, simulate


@functools.lru_cache(maxsize=4096)
def run(scenario: Scenario, targets: tuple[tuple[str, float], ...] = ()) -> Result:
    """simulate() for one scalar scenario, memoised."""
    return simulate(scenario, dict(targets))


@functools.lru_cache(maxsize=1)
def baseline() -> Result:
    """The default scenario (2024's pattern continues), for "baseline" lines and deltas."""
    return simulate(Scenario())
