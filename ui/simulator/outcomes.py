"""The simulator's outcomes below the levers: the GDP path, the demand pulls and the targets scorecard,
drawn in the browser by one custom component from figures Python computes.

Why a component and not st.vega_lite_chart + st.dataframe: they are redrawn after every lever
commit, and as Streamlit elements they cost the server ~3.5 ms of a ~10 ms move (a 200-person
workshop then needs more than one core) and the browser ~150 ms of Vega and data-grid work before
the exact figures are everywhere (issue 13, docs/levers.md). Here Python still computes every
figure and every text (model -> ui.shared.charts rows -> ui.shared.chart_words / ui.shared.views.scorecard_rows); the
browser only places them: two small SVG charts and an HTML table, redrawn in a few milliseconds.
One exception, while a lever moves: the GDP path's 2025 point follows the lever panel's preview of
nominal GDP (the card's own figure, exact where the model is affine), marked as a preview until
the commit's exact figures arrive.

Accessibility as for every chart (ui/shared/a11y.py): each graphic is one image named by its summary
sentence, its numbers follow in a visually hidden table; the scorecard is a real <table>.
"""

from __future__ import annotations

from typing import Any

import huadu_components
from model import DEMAND_COMPONENTS, Result, target_bands
from ui.session.dataset import dataset
from ui.shared import chart_words, charts, views
from ui.shared.i18n import pp, t, yi_yuan
from ui.simulator import lever_panel

OUTCOMES_KEY = "w_sim_outcomes"
SERIES_ORDER = ("history", "baseline", "target", "scenario")  # drawn in this order: the scenario on top
PREVIEW_OUTPUT = "gdp_nominal_yi_yuan"  # the GDP path's 2025 scenario point: a card output, so the panel previews it


# Its HTML, CSS and JS are files in huadu_components/outcomes/ (no build step), served by Streamlit
# as files: each rerun sends the charts' and scorecard's data alone (huadu_components/__init__.py).
# isolate_styles=False: in the page's own DOM, so the page's accessibility audit and the browser
# tests see it; its CSS is scoped under .oc-root.
_COMPONENT = huadu_components.component("outcomes", html="outcomes.html", css="outcomes.css", js="outcomes.js",
                                        isolate_styles=False)
COMPONENT_NAME = _COMPONENT.component_name  # its name in Streamlit's registry (and on its elements)


def _table(rows: list[dict[str, str]], caption: str) -> dict[str, Any]:
    columns = list(rows[0]) if rows else []
    return {"caption": caption, "columns": columns, "rows": [[str(r.get(c, "")) for c in columns] for r in rows]}


def gdp_chart(result: Result, base: Result, lang: str) -> dict[str, Any]:
    """GDP 2020-2025 at current prices: the record, then three 2025 paths from 2024's level."""
    names = {k: t(f"series_{k}", lang) for k in SERIES_ORDER}
    target_growth = result.targets["gdp_real_growth_2025"].target
    target_gdp = dataset().value("gdp_2024") * (1 + target_growth) * (1 + float(result.gdp_deflator))
    rows = charts.gdp_path_rows(dataset().history, result.gdp_nominal_yi_yuan, base.gdp_nominal_yi_yuan, target_gdp, names)
    title = t("chart_gdp_title", lang)
    scale = 1.0 if lang == "zh" else 0.1  # 亿元, or billion yuan
    series = []
    for key in SERIES_ORDER:
        points = [{"x": str(r["year"]), "y": round(r["gdp"] * scale, 3),
                   "tip": f"{r['year']} · {r['series']} · {yi_yuan(r['gdp'], lang)}"} for r in rows if r["key"] == key]
        series.append({"key": key, "name": names[key], "colour": charts.COLOURS[key], "dash": key == "target",
                       "points": points})
    headers = {"year": t("axis_year", lang), "series": t("tooltip_series", lang), "gdp": t("axis_gdp", lang)}
    # while a lever moves, the lever panel's preview of this output moves the scenario's 2025 point
    preview = {"series": "scenario", "x": str(max(r["year"] for r in rows)), "output": PREVIEW_OUTPUT, "scale": scale}
    return {
        "kind": "line", "id": "gdp", "title": title, "y_title": t("axis_gdp", lang), "zero": False,
        "preview": preview if PREVIEW_OUTPUT in lever_panel.outputs() else None,
        "categories": sorted({str(r["year"]) for r in rows}), "series": series,
        "summary": chart_words.gdp_summary(rows, title, lang),
        "table": _table(chart_words.gdp_table(rows, headers, lang), t("a11y_chart_table", lang, title=title)),
    }


def contributions_chart(result: Result, lang: str) -> dict[str, Any]:
    """Each demand component's pull on real growth (NBS 拉动, pp), 2024 beside 2025."""
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    periods = {t("period_2024", lang): result.contributions_2024, t("period_2025", lang): result.contributions}
    rows = charts.contribution_rows(periods, components)
    title = t("chart_contrib_title", lang)
    series = []
    for (period, _), colour in zip(periods.items(), charts.PERIOD_COLOURS[: len(periods)], strict=True):
        points = [{"x": r["component"], "y": r["pp"], "tip": f"{period} · {r['component']} · {pp(r['pp'], lang)}"}
                  for r in rows if r["period"] == period]
        series.append({"key": period, "name": period, "colour": colour, "dash": False, "points": points})
    return {
        "kind": "bars", "id": "contrib", "title": title, "y_title": t("axis_pp", lang), "zero": True,
        "categories": list(components.values()), "series": series, "note": t("contrib_note", lang),
        "summary": chart_words.contributions_summary(rows, title, lang),
        "table": _table(chart_words.contributions_table(rows, {"component": t("tooltip_component", lang)}, lang),
                        t("a11y_chart_table", lang, title=title)),
    }


def scorecard(result: Result, lang: str) -> dict[str, Any]:
    """All 2025 targets (ui.shared.views.scorecard_rows) with the notes under the table."""
    title = t("scorecard_title", lang)
    band = max(target_bands().values(), default=0.0)
    return _table(views.scorecard_rows(result, lang), title) | {
        "title": title,
        "notes": [t("scorecard_note", lang), t("scorecard_about_note", lang, band=pp(100 * band, lang).lstrip("+"))],
    }


def outcomes_data(result: Result, base: Result, lang: str, seq: int) -> dict[str, Any]:
    """Everything the browser draws, JSON-ready. seq: the lever panel's last commit these figures include."""
    return {"lang": lang, "seq": seq,
            "charts": [gdp_chart(result, base, lang), contributions_chart(result, lang)],
            "scorecard": scorecard(result, lang)}


def outcomes(result: Result, base: Result, lang: str, seq: int) -> None:
    """Draw the charts and the scorecard."""
    _COMPONENT(key=OUTCOMES_KEY, data=outcomes_data(result, base, lang, seq))
