"""Chart builders: pure functions from numbers and labels to Vega-Lite specs (Altair), testable without a server.

Each chart's structure is built with Altair once per language and cached; a rerun only puts
fresh rows into the spec's named dataset, which keeps Altair's validation off the rerun path.

The simulator's two charts are defined once here (gdp_chart, contributions_chart) and drawn from that
one spec on screen and on paper (issue 22): the brief renders it to SVG with vl-convert
(ui/takeaway/paper.py), the browser draws it with Vega (huadu_components/outcomes/, the Vega build
vl-convert renders with) from `for_screen`'s compilation, its rows put in by the browser as the levers move.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import pyarrow as pa
import vl_convert

from ui.shared.i18n import t

DATASET = "rows"
COLOURS = {"history": "#5b6770", "scenario": "#c0392b", "baseline": "#8c9aa6", "target": "#1f6fb2"}
PERIOD_COLOURS = ("#8c9aa6", "#c0392b", "#1f6fb2", "#e67e22")  # the contributions chart's periods, in order


def _with_rows(template: dict[str, Any], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    spec = copy.copy(template)
    spec["datasets"] = {DATASET: list(rows)}
    return spec


def with_arrow_rows(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with its datasets as Arrow tables, for drawing: Streamlit serialises an Arrow
    table as it is (about 0.1 ms) but sends a list of rows through pandas first (about 1 ms a
    chart), and charts redraw on every slider move. The spec itself stays plain data."""
    drawn = copy.copy(spec)
    drawn["datasets"] = {name: pa.Table.from_pylist(list(rows)) for name, rows in spec.get("datasets", {}).items()}
    return drawn


# ------------------------------------------------------------------ GDP path 2020-2025


def gdp_path_rows(history: Sequence[dict], scenario_gdp: float, baseline_gdp: float, target_gdp: float,
                  names: dict[str, str]) -> list[dict[str, Any]]:
    """Rows for the GDP chart: history 2020-2024 and three 2025 paths that start at 2024's level.

    names: display names for the series keys history / scenario / baseline / target.
    """
    rows = [{"year": r["year"], "series": names["history"], "key": "history", "gdp": r["gdp"]}
            for r in history if "gdp" in r]
    last = rows[-1]
    for key, value in (("baseline", baseline_gdp), ("target", target_gdp), ("scenario", scenario_gdp)):
        rows.append({"year": last["year"], "series": names[key], "key": key, "gdp": last["gdp"]})
        rows.append({"year": last["year"] + 1, "series": names[key], "key": key, "gdp": round(float(value), 2)})
    return rows


@functools.lru_cache(maxsize=8)
def _gdp_template(title: str, axis_year: str, axis_gdp: str, tooltip_series: str, names: tuple[str, ...],
                  value_scale: float) -> dict[str, Any]:
    colours = [COLOURS[k] for k in ("history", "baseline", "target", "scenario")]
    base = alt.Chart(alt.Data(name=DATASET)).transform_calculate(shown=f"datum.gdp * {value_scale}")
    chart = base.mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("year:O", title=axis_year, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("shown:Q", title=axis_gdp, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=list(names), range=colours),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.condition(alt.datum.key == "target", alt.value([6, 4]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("year:O", title=axis_year), alt.Tooltip("series:N", title=tooltip_series),
                 alt.Tooltip("shown:Q", title=axis_gdp, format=",.2f")],
    ).properties(title=title, height=300)
    return chart.to_dict()


def gdp_path_spec(rows: Sequence[dict[str, Any]], title: str, axis_year: str, axis_gdp: str,
                  tooltip_series: str, names: dict[str, str], value_scale: float = 1.0) -> dict[str, Any]:
    """Line chart of GDP 2020-2025. value_scale converts 亿元 for display (0.1 for billion yuan)."""
    order = tuple(names[k] for k in ("history", "baseline", "target", "scenario"))
    return _with_rows(_gdp_template(title, axis_year, axis_gdp, tooltip_series, order, value_scale), rows)


GDP_SERIES = ("history", "scenario", "baseline", "target")


def gdp_series_names(lang: str) -> dict[str, str]:
    return {k: t(f"series_{k}", lang) for k in GDP_SERIES}


def gdp_value_scale(lang: str) -> float:
    """GDP as drawn: 亿元, or billion yuan."""
    return 1.0 if lang == "zh" else 0.1


def gdp_chart(rows: Sequence[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The simulator's GDP path (rows: gdp_path_rows with gdp_series_names), on screen and on paper."""
    return gdp_path_spec(rows, t("chart_gdp_title", lang), t("axis_year", lang), t("axis_gdp", lang),
                         t("tooltip_series", lang), gdp_series_names(lang), value_scale=gdp_value_scale(lang))


# ------------------------------------------------------------------ growth contributions


def contribution_rows(by_period: dict[str, dict[str, float]], component_names: dict[str, str]) -> list[dict[str, Any]]:
    """Rows for the contributions chart: one per (period, component), pull in pp."""
    return [
        {"period": period, "component": component_names[k], "pp": round(float(v), 3)}
        for period, pulls in by_period.items() for k, v in pulls.items()
    ]


@functools.lru_cache(maxsize=8)
def _contribution_template(title: str, axis_pp: str, periods: tuple[str, ...], components: tuple[str, ...],
                           tooltip_period: str, tooltip_component: str) -> dict[str, Any]:
    chart = alt.Chart(alt.Data(name=DATASET)).mark_bar().encode(
        x=alt.X("component:N", title=None, sort=list(components), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("period:N", sort=list(periods)),
        y=alt.Y("pp:Q", title=axis_pp),
        color=alt.Color("period:N", title=None, sort=list(periods),
                        scale=alt.Scale(domain=list(periods), range=list(PERIOD_COLOURS[: len(periods)])),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("period:N", title=tooltip_period), alt.Tooltip("component:N", title=tooltip_component),
                 alt.Tooltip("pp:Q", title=axis_pp, format="+.2f")],
    ).properties(title=title, height=300)
    rule = alt.Chart(alt.Data(name=DATASET)).mark_rule(color="#333").encode(y=alt.datum(0))
    return alt.layer(chart, rule).to_dict()


def contributions_spec(rows: Sequence[dict[str, Any]], title: str, axis_pp: str, periods: Sequence[str],
                       components: Sequence[str], tooltip_period: str, tooltip_component: str) -> dict[str, Any]:
    """Grouped bars: each demand component's pull on real growth (NBS 拉动, pp), per period."""
    template = _contribution_template(title, axis_pp, tuple(periods), tuple(components), tooltip_period, tooltip_component)
    return _with_rows(template, rows)


def contributions_chart(rows: Sequence[dict[str, Any]], periods: Sequence[str], components: Sequence[str],
                        lang: str) -> dict[str, Any]:
    """The simulator's demand pulls (rows: contribution_rows, periods and components in drawing order), on
    screen and on paper."""
    return contributions_spec(rows, t("chart_contrib_title", lang), t("axis_pp", lang), periods, components,
                              t("tooltip_period", lang), t("tooltip_component", lang))


# ------------------------------------------------------------------ the same specs in the browser

# the screen's look: the page's font and colours come from its CSS (huadu_components/outcomes/outcomes.css);
# the marks carry no ARIA of their own: each chart is one image named by its summary, its numbers in a table
SCREEN_CONFIG = {"aria": False, "axis": {"labelFontSize": 11, "titleFontSize": 11},
                 "legend": {"labelFontSize": 12, "labelLimit": 260, "columns": 2}, "view": {"stroke": None}}
# a category's name on two lines where it has a bracket or a slash (as the brief's lying bars, ui/takeaway/paper.py)
WRAPPED_LABEL = r"split(replace(replace(datum.label, /\s*([（(])/, '\n$1'), /\s*\/\s*/, '/\n'), '\n')"
# on a narrow screen (a phone: the plot under 480 px) a name also breaks at each space
NARROW_WRAPPED_LABEL = ("width < 480 ? " + WRAPPED_LABEL.replace("datum.label", "replace(datum.label, / +/g, '\\n')")
                        + " : " + WRAPPED_LABEL)


SCREEN_WIDTH = 320  # px, until the browser knows its column's width


def for_screen(spec: dict[str, Any]) -> dict[str, Any]:
    """A chart as the simulator's page draws it: without its title (the figure's caption says it), as wide as
    its column, its rows left empty (the browser puts them in: the server's figures or the preview)."""
    screen = copy.deepcopy(spec)
    screen.pop("title", None)
    for layer in screen.get("layer", []):
        layer.pop("title", None)
    screen["datasets"] = {name: [] for name in screen.get("datasets", {})}
    for layer in screen.get("layer", [screen]):
        x = layer.get("encoding", {}).get("x", {})
        if x.get("type") == "nominal":  # category names: wrapped, never cut
            x.setdefault("axis", {}).update({"labelExpr": NARROW_WRAPPED_LABEL, "labelLimit": 0})
    # the width the browser gives each view (its column's, on every resize: Vega's view.width), all in
    return screen | {"width": SCREEN_WIDTH, "autosize": {"type": "fit-x", "contains": "padding"},
                     "config": SCREEN_CONFIG}


@functools.lru_cache(maxsize=16)
def _compiled(spec_json: str) -> str:
    return json.dumps(vl_convert.vegalite_to_vega(json.loads(spec_json), vl_version=VEGA_LITE),
                      ensure_ascii=False, separators=(",", ":"))


VEGA_LITE = "6.4"  # the Vega-Lite version Altair writes (altair.SCHEMA_VERSION v6.4.x); vl-convert compiles it


def vega_for_screen(spec: dict[str, Any]) -> dict[str, Any]:
    """for_screen(spec) compiled to Vega (the browser runs Vega alone: no Vega-Lite compiler to download),
    memoised: the constant part of the page is rebuilt on every rerun."""
    return json.loads(_compiled(json.dumps(for_screen(spec), sort_keys=True, ensure_ascii=False)))


# ------------------------------------------------------------------ track record


def track_record_rows(years: Sequence[int], series: dict[str, Sequence[float]]) -> list[dict[str, Any]]:
    """Rows for the track-record chart: one per (year, series) with a finite value, growth in %.

    series: display name -> values by year (shares); the first is the outcome, drawn as a line.
    run: which stretch of consecutive years the row is in (0, 1, ...): the line breaks between
    stretches, so a gap in the record (2017-2020) is not drawn as if it were one year.
    """
    runs: dict[int, int] = {}
    run, previous = 0, None  # the stretch so far and the year before this one (None: the first year)
    for year in sorted(int(y) for y in years):
        if previous is not None and year != previous + 1:
            run += 1
        runs[year], previous = run, year
    return [
        {"year": int(year), "series": name, "growth": round(100.0 * float(v), 3), "run": runs[int(year)]}
        for name, values in series.items() for year, v in zip(years, values, strict=True) if v == v
    ]


@functools.lru_cache(maxsize=8)
def _track_record_template(title: str, axis_year: str, axis_growth: str, tooltip_series: str,
                           names: tuple[str, ...]) -> dict[str, Any]:
    palette = ["#222222", "#c0392b", "#1f6fb2", "#5dade2", "#aed6f1", "#8c9aa6", "#e67e22"][: len(names)]
    shapes = ["circle", "diamond", "square", "triangle-up", "triangle-down", "cross", "wedge"][: len(names)]
    # one legend for colour and shape, both scales over every series in the caller's order (the
    # outcome first): each layer shows only its own series, but the legend names them all
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(names), range=palette),
                       legend=alt.Legend(orient="bottom"))
    shape = alt.Shape("series:N", title=None, scale=alt.Scale(domain=list(names), range=shapes),
                      legend=alt.Legend(orient="bottom"))
    # a year scale, not year by year: the years without a back-test keep their width on the axis
    x = alt.X("year:Q", title=axis_year, scale=alt.Scale(zero=False, nice=False),
              axis=alt.Axis(labelAngle=0, format="d", tickMinStep=1))
    y = alt.Y("growth:Q", title=axis_growth)
    tooltip = [alt.Tooltip("year:O", title=axis_year), alt.Tooltip("series:N", title=tooltip_series),
               alt.Tooltip("growth:Q", title=axis_growth, format="+.1f")]
    actual = alt.Chart(alt.Data(name=DATASET)).transform_filter(alt.datum.series == names[0]).mark_line(
        point=True, strokeWidth=3).encode(x=x, y=y, color=colour, shape=shape, detail="run:N", tooltip=tooltip)
    methods = alt.Chart(alt.Data(name=DATASET)).transform_filter(alt.datum.series != names[0]).mark_point(
        size=90, filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    rule = alt.Chart(alt.Data(name=DATASET)).mark_rule(color="#999").encode(y=alt.datum(0))
    return alt.layer(rule, actual, methods).properties(title=title, height=320).to_dict()


def track_record_spec(rows: Sequence[dict[str, Any]], title: str, axis_year: str, axis_growth: str,
                      tooltip_series: str, names: Sequence[str]) -> dict[str, Any]:
    """The outcome as a line and each method's projection as points, by year (real growth, %)."""
    return _with_rows(_track_record_template(title, axis_year, axis_growth, tooltip_series, tuple(names)), rows)
