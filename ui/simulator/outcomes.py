"""The simulator's outcomes below the levers: the GDP path, the demand pulls and the targets scorecard,
drawn in the browser by one custom component from figures Python computes.

Why a component and not st.vega_lite_chart + st.dataframe: they are redrawn after every lever
commit, and as Streamlit elements they cost the server ~3.5 ms of a ~10 ms move (a 200-person
workshop then needs more than one core) and the browser ~150 ms of Vega and data-grid work before
the exact figures are everywhere (issue 13, docs/levers.md). The charts are still the brief's own
Vega-Lite specs (ui.shared.charts: one definition for screen and paper, issue 22), compiled to Vega
here once per language and drawn by the Vega build served with the component; a move only gives
Vega's view new rows. Python computes every figure and writes
every word (model -> ui.shared.charts rows -> ui.shared.chart_words / ui.shared.views.scorecard_rows);
what moves with the levers is left as a hole ("{v}", "{scenario}", a scorecard cell) with the output it
shows and its format. The lever panel's data carries this constant part once per session and the
outputs with each commit (ui/simulator/wire.py), and the browser fills the holes with the panel's own
formats (tested equal to Python's): with the server's figures at its point, and with the preview while a
lever moves, so the GDP path, the demand pulls and the scorecard follow the finger, marked as a preview
as the cards are. This component's own data is the language alone: a lever move sends nothing for it.

Accessibility as for every chart (ui/shared/a11y.py): each graphic is one image named by its summary
sentence, its numbers follow in a visually hidden table; the scorecard is a real <table>.
"""

from __future__ import annotations

from typing import Any

import huadu_components
from model import DEMAND_COMPONENTS, Result, input_targets, target_bands
from ui.session.dataset import dataset
from ui.shared import chart_words, charts, views
from ui.shared.i18n import pp, t
from ui.simulator import explain

OUTCOMES_KEY = "w_sim_outcomes"
PREVIEW_OUTPUT = "gdp_nominal_yi_yuan"  # the GDP path's 2025 scenario point: a card output, so the panel previews it


# Its HTML, CSS and JS are files in huadu_components/outcomes/ (no build step), served by Streamlit
# as files: each rerun sends the charts' and scorecard's data alone (huadu_components/__init__.py).
# isolate_styles=False: in the page's own DOM, so the page's accessibility audit and the browser
# tests see it; its CSS is scoped under .oc-root.
_COMPONENT = huadu_components.component("outcomes", html="outcomes.html", css="outcomes.css", js="outcomes.js",
                                        isolate_styles=False)
COMPONENT_NAME = _COMPONENT.component_name  # its name in Streamlit's registry (and on its elements)


def outputs() -> tuple[str, ...]:
    """The model outputs the outcomes read (the lever panel's response carries them): nominal GDP, each demand
    component's pull, each projected target's output."""
    targets = tuple(dict.fromkeys(tg.output for tg in dataset().targets.values() if tg.projected))
    return (PREVIEW_OUTPUT, *(f"contributions.{k}" for k in DEMAND_COMPONENTS), *targets)


def _table(rows: list[dict[str, str]], caption: str) -> dict[str, Any]:
    columns = list(rows[0]) if rows else []
    return {"caption": caption, "columns": columns, "rows": [[str(r.get(c, "")) for c in columns] for r in rows]}


def gdp_chart(result: Result, base: Result, lang: str) -> dict[str, Any]:
    """GDP 2020-2025 at current prices: the record, then three 2025 paths from 2024's level. `vega`: the
    brief's own spec (ui.shared.charts.gdp_chart) compiled for the screen; `rows`: its data, the scenario's
    2025 level left null (`live`: the row, the output the browser puts there; "{v}" where its text goes)."""
    names = charts.gdp_series_names(lang)
    target_growth = result.targets["gdp_real_growth_2025"].target
    target_gdp = dataset().value("gdp_2024") * (1 + target_growth) * (1 + float(result.gdp_deflator))
    rows = charts.gdp_path_rows(dataset().history, result.gdp_nominal_yi_yuan, base.gdp_nominal_yi_yuan, target_gdp, names)
    last = max(r["year"] for r in rows)
    title = t("chart_gdp_title", lang)
    live = {"row": next(i for i, r in enumerate(rows) if r["key"] == "scenario" and r["year"] == last),
            "output": PREVIEW_OUTPUT,
            "from": next(r["gdp"] for r in rows if r["key"] == "history" and r["year"] == last - 1)}
    headers = {"year": t("axis_year", lang), "series": t("tooltip_series", lang), "gdp": t("axis_gdp", lang)}
    table = _table(chart_words.gdp_table(rows, headers, lang), t("a11y_chart_table", lang, title=title))
    live["table_row"] = next(i for i, row in enumerate(table["rows"])
                             if row[1] == names["scenario"] and row[0] == str(last))
    table["rows"][live["table_row"]][2] = "{v}"
    summary = chart_words.gdp_summary(rows, title, lang, scenario_holes=True)
    rows[live["row"]] = rows[live["row"]] | {"gdp": None}
    return {"id": "gdp", "title": title, "vega": charts.vega_for_screen(charts.gdp_chart([], lang)), "rows": rows,
            "live": live, "summary": summary, "table": table}


def contributions_chart(result: Result, lang: str) -> dict[str, Any]:
    """Each demand component's pull on real growth (NBS 拉动, pp), 2024 beside 2025: the brief's spec
    (ui.shared.charts.contributions_chart) for the screen, its 2025 rows' pulls null (`live`: each one's
    row and output); "{p<i>}" holds its text in the summary, "{v}" in its cell."""
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    period_2024, period_2025 = t("period_2024", lang), t("period_2025", lang)
    holes = {k: f"{{p{i}}}" for i, k in enumerate(DEMAND_COMPONENTS)}
    rows = charts.contribution_rows({period_2024: result.contributions_2024}, components) + [
        {"period": period_2025, "component": components[k], "pp": hole} for k, hole in holes.items()]
    title = t("chart_contrib_title", lang)
    table = _table(chart_words.contributions_table(rows, {"component": t("tooltip_component", lang)}, lang),
                   t("a11y_chart_table", lang, title=title))
    summary = chart_words.contributions_summary(rows, title, lang)
    first = len(rows) - len(holes)
    rows = rows[:first] + [r | {"pp": None} for r in rows[first:]]
    spec = charts.contributions_chart([], [period_2024, period_2025], list(components.values()), lang)
    return {"id": "contrib", "title": title, "vega": charts.vega_for_screen(spec), "rows": rows,
            "live": {"rows": list(range(first, len(rows))), "outputs": [f"contributions.{k}" for k in DEMAND_COMPONENTS],
                     "column": table["columns"].index(period_2025)},
            "summary": summary, "table": table, "note": t("contrib_note", lang)}


_PROJECTED = {"growth": {"fmt": "pct", "signed": True}, "share": {"fmt": "pct"}, "persons": {"fmt": "count"}}
_GAP = {"growth": {"fmt": "pp", "times": 100.0}, "share": {"fmt": "pp", "times": 100.0}, "persons": {"fmt": "signed_int"}}


def _live_row(target_id: str, result: Result) -> dict[str, Any]:
    """How the browser writes a projected target's cells (projected, gap, status) from its output, as
    ui.shared.views.scorecard_rows does (a unit it cannot write raises, naming the target)."""
    target = dataset().targets[target_id]
    if target.unit not in _PROJECTED:
        raise ValueError(f"data/targets.toml: {target_id}: the outcomes cannot write a target in unit '{target.unit}'")
    return {"out": target.output, "value": result.targets[target_id].target, "unit": target.unit,
            "band": target_bands().get(target_id, 0.0), "input": target_id in input_targets(),
            "projected": _PROJECTED[target.unit], "gap": _GAP[target.unit]}


LIVE_COLUMNS = (2, 3, 4)  # the scorecard's projected, gap and status columns (ui.shared.views.scorecard_rows)


def scorecard(result: Result, lang: str) -> dict[str, Any]:
    """All 2025 targets (ui.shared.views.scorecard_rows) with the notes under the table; a projected
    target's cells are live (`live`: one entry per row, null for a plan item)."""
    title = t("scorecard_title", lang)
    band = max(target_bands().values(), default=0.0)
    table = _table(views.scorecard_rows(result, lang), title)
    live = [_live_row(tg.id, result) if tg.projected else None for tg in dataset().targets.values()]
    for row, spec in zip(table["rows"], live, strict=True):
        for column in LIVE_COLUMNS if spec else ():
            row[column] = ""
    return table | {
        "title": title, "live": live, "live_columns": list(LIVE_COLUMNS),
        "notes": [t("scorecard_note", lang), t("scorecard_about_note", lang, band=pp(100 * band, lang).lstrip("+"))],
    }


def outcomes_const(result: Result, base: Result, lang: str) -> dict[str, Any]:
    """The outcomes' constant part (carried by the lever panel's data: ui/simulator/wire.py): the charts'
    and the scorecard's skeletons and words, the breakdown's words. Their figures are the panel's outputs."""
    return {"charts": [gdp_chart(result, base, lang), contributions_chart(result, lang)],
            "scorecard": scorecard(result, lang), "explain": explain.const(lang)}


def outcomes(lang: str) -> None:
    """Mark the outcomes' place on the page: the component draws what the lever panel carries (its data is
    the language alone, so a lever move sends nothing here)."""
    _COMPONENT(key=OUTCOMES_KEY, data={"lang": lang})
