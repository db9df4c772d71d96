"""Analysis charts: pure functions from numbers and labels to Vega-Lite specs (fan, tornado, comparison bars).

As in ui/shared/charts.py, each chart's structure is built with Altair once per set of labels and
cached; a rerun only puts fresh rows into the spec's named dataset. Values arrive as shares or
pp and leave as percent or pp: the rows carry what the chart shows.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from ui.shared.charts import COLOURS, DATASET, _with_rows

BAND_COLOURS = ("#f4c7c0", "#e58e82")  # outer (5-95%) and inner (25-75%) band
SIDE_COLOURS = ("#1f6fb2", "#c0392b")  # lower and higher step of the tornado
SCENARIO_COLOURS = ("#8c9aa6", "#c0392b", "#1f6fb2", "#e67e22", "#27ae60")  # baseline first
# Streamlit fits the whole chart (title, axes, legend) into the spec's height, so heights include that frame.
CHART_HEIGHT = 400
FRAME_HEIGHT = 130  # title, x axis and legend of the tornado
BAR_HEIGHT = 30  # per parameter: room for two bars and a readable label
LABEL_LIMIT = 260  # px for a tornado's parameter names


# ------------------------------------------------------------------ fan chart of real growth


def fan_rows(history: Sequence[Mapping[str, Any]], quantiles: Sequence[float], target: float,
             names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows for the fan chart, in percent: history 2020-2024, bands and median 2024 -> 2025, the target.

    quantiles: real growth at 5, 25, 50, 75, 95% (shares, ascending). The bands start from
    2024's observed growth (no uncertainty about the past) and open to the 2025 quantiles.
    names: display names for keys history / median / outer / inner / target.
    """
    past = [r for r in history if "gdp_real_growth" in r]
    rows: list[dict[str, Any]] = [
        {"layer": "line", "year": r["year"], "series": names["history"], "value": round(100 * r["gdp_real_growth"], 3)}
        for r in past
    ]
    last_year, last_value = past[-1]["year"], 100 * past[-1]["gdp_real_growth"]
    q05, q25, q50, q75, q95 = (100 * float(q) for q in quantiles)
    for band, low, high in (("outer", q05, q95), ("inner", q25, q75)):
        rows.append({"layer": "band", "year": last_year, "series": names[band], "low": round(last_value, 3), "high": round(last_value, 3)})
        rows.append({"layer": "band", "year": last_year + 1, "series": names[band], "low": round(low, 3), "high": round(high, 3)})
    rows.append({"layer": "line", "year": last_year, "series": names["median"], "value": round(last_value, 3)})
    rows.append({"layer": "line", "year": last_year + 1, "series": names["median"], "value": round(q50, 3)})
    rows.append({"layer": "target", "year": last_year + 1, "series": names["target"], "value": round(100 * target, 3)})
    return rows


@functools.lru_cache(maxsize=8)
def _fan_template(title: str, axis_year: str, axis_growth: str, tooltip_series: str, tooltip_low: str,
                  tooltip_high: str, line_names: tuple[str, str], band_names: tuple[str, str],
                  target_name: str) -> dict[str, Any]:
    source = alt.Chart(alt.Data(name=DATASET))
    x = alt.X("year:O", title=axis_year, axis=alt.Axis(labelAngle=0))
    bands = source.transform_filter(alt.datum.layer == "band").mark_area(opacity=0.9).encode(
        x=x,
        y=alt.Y("low:Q", title=axis_growth),
        y2="high:Q",
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=list(band_names), range=list(BAND_COLOURS)),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("series:N", sort="descending"),
        tooltip=[alt.Tooltip("series:N", title=tooltip_series), alt.Tooltip("low:Q", title=tooltip_low, format=".1f"),
                 alt.Tooltip("high:Q", title=tooltip_high, format=".1f")],
    )
    lines = source.transform_filter(alt.datum.layer == "line").mark_line(point=True, strokeWidth=2.5).encode(
        x=x,
        y=alt.Y("value:Q", title=axis_growth),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=list(line_names),
                        range=[COLOURS["history"], COLOURS["scenario"]]), legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("year:O", title=axis_year), alt.Tooltip("series:N", title=tooltip_series),
                 alt.Tooltip("value:Q", title=axis_growth, format=".2f")],
    )
    target = source.transform_filter(alt.datum.layer == "target").mark_rule(
        color=COLOURS["target"], strokeDash=[6, 4], strokeWidth=2).encode(
        y="value:Q",
        tooltip=[alt.Tooltip("series:N", title=tooltip_series), alt.Tooltip("value:Q", title=axis_growth, format=".2f")],
    )
    target_label = source.transform_filter(alt.datum.layer == "target").mark_text(
        color=COLOURS["target"], align="left", dx=4, dy=-7, x=0, text=target_name).encode(y="value:Q")
    chart = alt.layer(bands, lines, target, target_label).resolve_scale(color="independent")
    return chart.properties(title=title, height=CHART_HEIGHT).to_dict()


def fan_spec(rows: Sequence[dict[str, Any]], title: str, axis_year: str, axis_growth: str, tooltip_series: str,
             tooltip_low: str, tooltip_high: str, names: Mapping[str, str]) -> dict[str, Any]:
    """Fan chart of real GDP growth: history, 90% and 50% bands, median, target rule (all in %)."""
    template = _fan_template(
        title, axis_year, axis_growth, tooltip_series, tooltip_low, tooltip_high,
        (names["history"], names["median"]), (names["outer"], names["inner"]), names["target"],
    )
    return _with_rows(template, rows)


# ------------------------------------------------------------------ tornado


def tornado_rows(bars: Sequence[Any], labels: Mapping[str, str], sides: Mapping[str, str],
                 settings: Mapping[str, tuple[str, str]], min_swing_pp: float = 0.0) -> list[dict[str, Any]]:
    """Rows for the tornado: two per parameter (its lower and its higher setting), in the bars' order.

    bars: model.TornadoBar, largest swing first. labels: parameter id -> name. sides: keys
    low / high -> display names. settings: parameter id -> (low, high) setting as display text.
    Bars whose swing is below min_swing_pp are left off (growth does not depend on them).
    """
    rows = []
    for rank, bar in enumerate(b for b in bars if b.swing_pp >= min_swing_pp):
        for side, delta in (("low", bar.delta_low_pp), ("high", bar.delta_high_pp)):
            rows.append({
                "param": labels[bar.param_id], "rank": rank, "side": sides[side],
                "pp": round(float(delta), 3), "setting": settings[bar.param_id][0 if side == "low" else 1],
            })
    return rows


@functools.lru_cache(maxsize=8)
def _tornado_template(title: str, axis_pp: str, sides: tuple[str, str], tooltip_param: str,
                      tooltip_setting: str, height: int, domain: tuple[float, float] | None = None) -> dict[str, Any]:
    source = alt.Chart(alt.Data(name=DATASET))
    bars = source.mark_bar().encode(
        y=alt.Y("param:N", title=None, sort=alt.EncodingSortField("rank", op="min", order="ascending"),
                # minExtent: the names take the same room in every tornado, so two drawn one above the other
                # (policy levers, assumptions) share their zero line and scale
                axis=alt.Axis(labelLimit=LABEL_LIMIT, minExtent=LABEL_LIMIT)),
        x=alt.X("pp:Q", title=axis_pp, scale=alt.Scale(domain=list(domain)) if domain else alt.Undefined),
        color=alt.Color("side:N", title=None, scale=alt.Scale(domain=list(sides), range=list(SIDE_COLOURS)),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("param:N", title=tooltip_param), alt.Tooltip("setting:N", title=tooltip_setting),
                 alt.Tooltip("pp:Q", title=axis_pp, format="+.2f")],
    )
    rule = source.mark_rule(color="#333").encode(x=alt.datum(0))
    return alt.layer(bars, rule).properties(title=title, height=height).to_dict()


def tornado_spec(rows: Sequence[dict[str, Any]], title: str, axis_pp: str, sides: Sequence[str],
                 tooltip_param: str, tooltip_setting: str, domain: tuple[float, float] | None = None) -> dict[str, Any]:
    """Horizontal bars: each parameter's effect on 2025 real growth (pp) at its lower and higher setting.
    domain: the x axis's (low, high) in pp, so that two tornadoes drawn side by side share one scale."""
    params = len({r["param"] for r in rows})
    height = FRAME_HEIGHT + BAR_HEIGHT * params
    template = _tornado_template(title, axis_pp, tuple(sides), tooltip_param, tooltip_setting, height,
                                 tuple(domain) if domain else None)
    return _with_rows(template, rows)


# ------------------------------------------------------------------ compare scenarios


def compare_rows(values: Mapping[str, Mapping[str, float]], outcome_names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows for the grouped bars: scenario name -> {outcome id: share}; one row per (outcome, scenario), in %."""
    return [
        {"outcome": outcome_names[k], "scenario": scenario, "value": round(100 * float(v), 3)}
        for scenario, by_outcome in values.items() for k, v in by_outcome.items() if k in outcome_names
    ]


@functools.lru_cache(maxsize=16)
def _compare_template(title: str, axis_value: str, outcomes: tuple[str, ...], scenarios: tuple[str, ...],
                      tooltip_outcome: str, tooltip_scenario: str) -> dict[str, Any]:
    source = alt.Chart(alt.Data(name=DATASET))
    bars = source.mark_bar().encode(
        x=alt.X("outcome:N", title=None, sort=list(outcomes), axis=alt.Axis(labelAngle=0, labelLimit=160)),
        xOffset=alt.XOffset("scenario:N", sort=list(scenarios)),
        y=alt.Y("value:Q", title=axis_value),
        color=alt.Color("scenario:N", title=None, sort=list(scenarios),
                        scale=alt.Scale(domain=list(scenarios), range=list(SCENARIO_COLOURS[: len(scenarios)])),
                        legend=alt.Legend(orient="bottom", labelLimit=240)),
        tooltip=[alt.Tooltip("scenario:N", title=tooltip_scenario), alt.Tooltip("outcome:N", title=tooltip_outcome),
                 alt.Tooltip("value:Q", title=axis_value, format="+.2f")],
    )
    rule = source.mark_rule(color="#333").encode(y=alt.datum(0))
    return alt.layer(bars, rule).properties(title=title, height=CHART_HEIGHT).to_dict()


def compare_spec(rows: Sequence[dict[str, Any]], title: str, axis_value: str, outcomes: Sequence[str],
                 scenarios: Sequence[str], tooltip_outcome: str, tooltip_scenario: str) -> dict[str, Any]:
    """Grouped bars: each growth outcome (in %) for each scenario, the baseline first."""
    template = _compare_template(title, axis_value, tuple(outcomes), tuple(scenarios), tooltip_outcome, tooltip_scenario)
    return _with_rows(template, rows)
