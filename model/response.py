"""The model's response to the levers at one point: outputs, their slopes, and whether a straight line is exact.

For a scalar scenario x0 and levers k = 1..K (each with valid range [lo_k, hi_k] and slider
step h_k from data/parameters.toml), one vectorised `simulate` call evaluates

    x0;   x0 + h_k e_k and x0 - h_k e_k (ends clipped to the range);
    x0 + (p - x0_k) e_k for p at PROBES_PER_LEVER evenly spaced points of [lo_k, hi_k];
    three joint corners (every lever at lo, every lever at hi, levers alternating lo/hi).

For each output y:

    slope_k = (y(up_k) - y(down_k)) / (up_k - down_k)        (central difference; exact if y is affine)
    preview(x) = y(x0) + sum_k slope_k * (x_k - x0_k)

`affine[y]` is True when the preview matches y at every evaluated point within
AFFINE_TOLERANCE (relative to the largest |y| seen): then the preview is the model's own
figure, up to rounding, for any setting of the levers (at least at every point probed; the
probes include both one-sided slopes at x0, so a kink at the point shows). `affine_along[y][k]`
is the same test on lever k's own points only: the preview is exact while only lever k has
moved (the usual case: one lever dragged between two reruns), even where jobs, floored at
zero, bend at a far corner of the levers' box. Where a flag is False (e.g. real growth against
the deflator) the preview is a tangent line and the UI marks it approximate. Nothing here knows the model's equations: any `simulate`
that takes array scenarios works (docs/levers.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

from model.scenario import Scenario, params
from model.simulate import project_outputs
from model.simulate import simulate as model_simulate

PROBES_PER_LEVER = 5  # evenly spaced along each lever's range, both ends included
AFFINE_TOLERANCE = 1e-9  # relative: far above float noise in the slopes (~1e-13), far below display precision


@dataclass(frozen=True)
class LeverResponse:
    """Outputs at the point and their slopes. Levers and outputs in the model's units (shares, 亿元, persons)."""

    point: Mapping[str, float]  # lever -> its value at the point
    values: Mapping[str, float]  # output -> value at the point
    slopes: Mapping[str, Mapping[str, float]]  # output -> lever -> d output / d lever
    affine: Mapping[str, bool]  # output -> the straight-line preview is exact over the levers' ranges
    affine_along: Mapping[str, Mapping[str, bool]]  # output -> lever -> exact while only that lever moves

    def moved_to(self, point: Mapping[str, float]) -> LeverResponse:
        """The same response at another point of the levers' box, without evaluating the model.

        Only for a response that is affine in every output (all(affine)): then the model is one
        plane over the box, its slopes are the same everywhere and values(x) = preview(x).
        """
        if not all(self.affine.values()):
            raise ValueError("only an affine response can be moved: evaluate lever_response at the point")
        point = {k: float(point[k]) for k in self.point}
        return LeverResponse(point=point, values={name: self.preview(name, point) for name in self.values},
                             slopes=self.slopes, affine=self.affine, affine_along=self.affine_along)

    def preview(self, output: str, levers: Mapping[str, float]) -> float:
        """y(x0) + sum_k slope_k (x_k - x0_k): what the browser computes, for tests and tools."""
        return self.values[output] + sum(
            self.slopes[output][k] * (float(v) - self.point[k]) for k, v in levers.items()
        )


def _points(scenario: Scenario, levers: Sequence[str]) -> tuple[dict[str, np.ndarray], list[tuple[int, int]], list[slice]]:
    """Lever values at every evaluated point (column 0 is x0); per lever its (up, down) columns
    and the slice of columns on its own line (up, down, probes)."""
    x0 = {k: float(getattr(scenario, k)) for k in levers}
    columns: list[dict[str, float]] = [dict(x0)]
    pairs, lines = [], []
    for k in levers:
        p = params()[k]
        up, down = min(x0[k] + p.step, p.max), max(x0[k] - p.step, p.min)
        start = len(columns)
        pairs.append((start, start + 1))
        columns += [x0 | {k: up}, x0 | {k: down}]
        columns += [x0 | {k: float(v)} for v in np.linspace(p.min, p.max, PROBES_PER_LEVER)]
        lines.append(slice(start, len(columns)))
    lows = {k: params()[k].min for k in levers}
    highs = {k: params()[k].max for k in levers}
    alternating = {k: (lows if i % 2 == 0 else highs)[k] for i, k in enumerate(levers)}
    columns += [x0 | lows, x0 | highs, x0 | alternating]
    return {k: np.array([c[k] for c in columns]) for k in levers}, pairs, lines


def _lean_simulate(s: Scenario, target_values: Mapping[str, float] | None) -> SimpleNamespace:
    """simulate's headline outputs without the decomposition (model.simulate.project_outputs)."""
    return SimpleNamespace(**project_outputs(s, target_values)[0])


@functools.cache
def _lean_outputs() -> frozenset[str]:
    """The outputs project_outputs gives (found by running it once, on first use)."""
    return frozenset(project_outputs(Scenario())[0])


def output_of(result: Any, name: str) -> Any:
    """An output by name: a field of Result ("gdp_real_growth") or one entry of a mapping field
    ("contributions.investment": the demand component's pull)."""
    field, _, entry = name.partition(".")
    value = getattr(result, field)
    return value[entry] if entry else value


def lever_response(
    scenario: Scenario,
    levers: Sequence[str],
    outputs: Sequence[str],
    target_values: Mapping[str, float] | None = None,
    simulate: Callable[..., Any] | None = None,
) -> LeverResponse:
    """Values and slopes of `outputs` (names of Result fields, or "field.entry" of a mapping field: output_of) in `levers` at the scalar `scenario`.

    One `simulate` call over 1 + (2 + PROBES_PER_LEVER) K + 3 scenarios (module docstring); by
    default model.simulate.project_outputs where it gives every output asked for (equal to
    simulate bit for bit), else simulate itself.
    """
    if any(np.ndim(getattr(scenario, k)) for k in levers):
        raise ValueError("lever_response needs a scalar scenario")
    if simulate is None:
        simulate = _lean_simulate if _lean_outputs().issuperset(outputs) else model_simulate
    grid, pairs, lines = _points(scenario, levers)
    result = simulate(scenario.replace(**grid), target_values)
    x = np.array([grid[k] for k in levers])  # K x N
    n = x.shape[1]
    y = np.array([np.broadcast_to(np.asarray(output_of(result, name), dtype=float), (n,)) for name in outputs])  # outputs x N
    up, down = (np.array(columns) for columns in zip(*pairs, strict=True))
    rows = np.arange(len(levers))
    slope = (y[:, up] - y[:, down]) / (x[rows, up] - x[rows, down])  # outputs x K
    preview = y[:, :1] + slope @ (x - x[:, :1])
    with np.errstate(invalid="ignore"):
        scale = np.maximum(1.0, np.max(np.abs(y), axis=1, keepdims=True))
        # NaN/inf anywhere fails the comparison, so a broken region is never called exact
        exact = np.abs(y - preview) <= AFFINE_TOLERANCE * scale
    along = np.array([exact[:, 0] & exact[:, line].all(axis=1) for line in lines])  # K x outputs
    slope_rows, along_rows, everywhere = slope.tolist(), along.T.tolist(), exact.all(axis=1).tolist()
    return LeverResponse(
        point={k: float(grid[k][0]) for k in levers},
        values=dict(zip(outputs, y[:, 0].tolist(), strict=True)),
        slopes={name: dict(zip(levers, row, strict=True)) for name, row in zip(outputs, slope_rows, strict=True)},
        affine=dict(zip(outputs, everywhere, strict=True)),
        affine_along={name: dict(zip(levers, row, strict=True)) for name, row in zip(outputs, along_rows, strict=True)},
    )
