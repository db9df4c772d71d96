"""Charts in words: each chart's text alternative and its numbers as table rows, from the same rows
the chart draws (pure functions; ui/shared/a11y.py puts them on the page)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ui.shared.i18n import pct, pp, t, yi_yuan


def gdp_summary(rows: Sequence[Mapping[str, Any]], title: str, lang: str, scenario_holes: bool = False) -> str:
    """The GDP path in one sentence: 2024, and 2025 for this scenario, the baseline and the target path.

    rows: ui.shared.charts.gdp_path_rows (keys history / scenario / baseline / target, GDP in 亿元).
    scenario_holes: the scenario's 2025 level and its change left as {scenario} and {change}, for the
    browser to fill while the levers move (huadu_components/outcomes/outcomes.js)."""
    last = max(r["year"] for r in rows if r["key"] == "history")
    at = {(r["key"], r["year"]): r["gdp"] for r in rows}
    gdp_2024, scenario = at[("history", last)], at[("scenario", last + 1)]
    texts = {"scenario": "{scenario}", "change": "{change}"} if scenario_holes else {
        "scenario": yi_yuan(scenario, lang), "change": pct(scenario / gdp_2024 - 1, signed=True)}
    return t("a11y_gdp_summary", lang, title=title, gdp_2024=yi_yuan(gdp_2024, lang), **texts,
             baseline=yi_yuan(at[("baseline", last + 1)], lang), target=yi_yuan(at[("target", last + 1)], lang))


def _pp_text(value: float | str, lang: str) -> str:
    """A pull in points; a text (a hole the browser fills, "{p0}") as it is."""
    return value if isinstance(value, str) else pp(value, lang)


def gdp_table(rows: Sequence[Mapping[str, Any]], headers: Mapping[str, str], lang: str) -> list[dict[str, str]]:
    """One row per point drawn (the 2025 paths' shared 2024 start once). headers: year, series, gdp."""
    last = max(r["year"] for r in rows if r["key"] == "history")
    return [{headers["year"]: str(r["year"]), headers["series"]: r["series"], headers["gdp"]: yi_yuan(r["gdp"], lang)}
            for r in rows if r["key"] == "history" or r["year"] > last]


def contributions_summary(rows: Sequence[Mapping[str, Any]], title: str, lang: str) -> str:
    """Each component's pull per period, in points. rows: ui.shared.charts.contribution_rows (a pull may be a
    text: a hole the browser fills)."""
    by_component: dict[str, list[str]] = {}
    for r in rows:
        by_component.setdefault(r["component"], []).append(f"{r['period']} {_pp_text(r['pp'], lang)}")
    sep = t("list_separator", lang)
    items = [t("a11y_contrib_item", lang, component=c, values=sep.join(v)) for c, v in by_component.items()]
    return t("a11y_contrib_summary", lang, title=title, items="; ".join(items) if lang == "en" else "；".join(items))


def contributions_table(rows: Sequence[Mapping[str, Any]], headers: Mapping[str, str], lang: str) -> list[dict[str, str]]:
    """Component x period. headers: component (the first column's title); periods take their own names."""
    table: dict[str, dict[str, str]] = {}
    for r in rows:
        table.setdefault(r["component"], {headers["component"]: r["component"]})[r["period"]] = _pp_text(r["pp"], lang)
    return list(table.values())


def see_table(title: str, lang: str) -> str:
    """For a chart whose numbers the page already shows in a table beside it."""
    return t("a11y_chart_table_on_page", lang, title=title)
