"""Exports of one scenario as pure functions (no streamlit): results CSV, scenario JSON and its checked upload, the brief.

The upload policy is all-or-nothing: a file with any problem is rejected whole and every problem
is listed, so a restore never half-applies. Settings a valid file leaves out take their defaults,
as in a shared link.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import data
from model import DEMAND_COMPONENTS, FIELDS, Result
from ui import charts
from ui.i18n import count, pct, pick, pp, t, yi_yuan
from ui.upload import (  # noqa: F401  (the upload check moved to ui/upload.py; these names stay importable here)
    MAX_SHOWN_CHARS,
    MAX_UPLOAD_BYTES,
    ParsedUpload,
    UploadProblem,
    parse_scenario_upload,
    upload_problem_line,
)
from ui.url import EDITABLE_TARGETS, VERSION

_DATA = data.load()

PERCENT_UNITS = ("growth", "share")


# ------------------------------------------------------------------ scenario JSON


def scenario_json(values: Mapping[str, float], targets: Mapping[str, float], version: str = VERSION) -> str:
    """The scenario as JSON: {"version": ..., "values": {every field}, "targets": {editable targets}}."""
    document = {
        "version": version,
        "values": {k: float(values[k]) for k in FIELDS if k in values},
        "targets": {k: float(targets[k]) for k in EDITABLE_TARGETS if k in targets},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# ------------------------------------------------------------------ results CSV

# (id, unit kind, target id or "") in the order of the outcome cards; the label key is ws_out_<id>.
OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("gdp_real_growth", "percent", "gdp_real_growth_2025"),
    ("gdp_nominal_yi_yuan", "yi_yuan", ""),
    ("gdp_nominal_growth", "percent", ""),
    ("fai_growth", "percent", "fai_growth_2025"),
    ("retail_sales_yi_yuan", "yi_yuan", ""),
    ("retail_growth", "percent", "retail_growth_2025"),
    ("trade_yi_yuan", "yi_yuan", ""),
    ("trade_growth", "percent", "trade_growth_2025"),
    ("exports_yi_yuan", "yi_yuan", ""),
    ("imports_yi_yuan", "yi_yuan", ""),
    ("budget_revenue_yi_yuan", "yi_yuan", ""),
    ("budget_revenue_growth", "percent", ""),
    ("new_urban_jobs", "persons", "new_urban_jobs_2025"),
)
CSV_COLUMNS = ("section", "id", "indicator", "value", "unit", "target", "status")


def _csv_number(value: float, kind: str) -> str:
    """Plain numbers a spreadsheet reads: shares as percent, 亿元 to the 万元, persons whole."""
    if kind == "percent":
        return f"{100 * value:.4f}"
    if kind == "persons":
        return str(round(value))
    return f"{value:.4f}"  # 亿元, pp, plain numbers


def _param_kind(param_id: str) -> str:
    return "percent" if _DATA.params[param_id].unit in PERCENT_UNITS else "number"


def results_rows(values: Mapping[str, float], result: Result, lang: str) -> list[dict[str, str]]:
    """The CSV's rows as strings, keyed by CSV_COLUMNS: the scenario's inputs, then its 2025 outcomes."""
    rows = []
    section_in, section_out = t("ws_csv_section_input", lang), t("ws_csv_section_outcome", lang)
    for p in _DATA.params.values():
        kind = _param_kind(p.id)
        rows.append({"section": section_in, "id": p.id, "indicator": pick(p.label, lang),
                     "value": _csv_number(float(values[p.id]), kind),
                     "unit": t("ws_csv_unit_percent", lang) if kind == "percent" else pick(_DATA.units[p.unit], lang),
                     "target": "", "status": ""})
    for output_id, kind, target_id in OUTCOMES:
        target, status = "", ""
        if target_id:
            outcome = result.targets[target_id]
            target = _csv_number(outcome.target, kind)
            status = t("ws_csv_met", lang) if bool(outcome.met) else t("ws_csv_not_met", lang)
        rows.append({"section": section_out, "id": output_id, "indicator": t(f"ws_out_{output_id}", lang),
                     "value": _csv_number(float(getattr(result, output_id)), kind),
                     "unit": t(f"ws_csv_unit_{kind}", lang), "target": target, "status": status})
    for component in DEMAND_COMPONENTS:
        rows.append({"section": section_out, "id": f"contribution_{component}",
                     "indicator": t("ws_out_contribution", lang, component=t(f"component_{component}", lang)),
                     "value": _csv_number(float(result.contributions[component]), "pp"),
                     "unit": t("ws_csv_unit_pp", lang), "target": "", "status": ""})
    return rows


def results_csv(values: Mapping[str, float], result: Result, lang: str) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read Chinese correctly); headers in `lang`.

    Numbers are the same in both languages: rates in percent, levels in 亿元 (100 million yuan).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(f"ws_csv_col_{c}", lang) for c in CSV_COLUMNS])
    for row in results_rows(values, result, lang):
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


# ------------------------------------------------------------------ the shared link


def simulator_link(context_url: str | None, query: Mapping[str, str], page_path: str) -> str:
    """The link that reproduces the scenario on the simulator (the app's default page).

    context_url: the browser's address of the current page (st.context.url), whose last path
    segment `page_path` is removed.
    """
    parts = urlsplit(context_url or "")
    path = parts.path.rstrip("/")
    if path.endswith("/" + page_path):
        path = path[: -len(page_path)]
    elif not path:
        path = "/"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", urlencode(query), ""))


# ------------------------------------------------------------------ SVG charts for the brief

_SVG_FONT = "font-family='system-ui, sans-serif'"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _ticks(low: float, high: float, wanted: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high - low < 1e-9:  # one value: widen so the axis still has a range
        pad = abs(low) * 0.05 or 1.0
        low, high = low - pad, high + pad
    span = high - low
    raw = span / wanted
    power = 10 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=10 * power)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-6:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _wrap(text: str, max_chars: int) -> list[str]:
    """Up to two lines split at spaces (labels under bars); Chinese labels are short enough for one."""
    if len(text) <= max_chars or " " not in text:
        return [text]
    words = text.split(" ")
    first = ""
    while words and len(first + " " + words[0]) <= max_chars + 1:
        first = (first + " " + words.pop(0)).strip()
    if not first:
        first = words.pop(0)
    return [first, " ".join(words)] if words else [first]


def gdp_svg(rows: Sequence[Mapping[str, Any]], colours: Mapping[str, str], value_scale: float,
            title: str, axis_label: str, number_format: str = ",.0f") -> str:
    """Line chart of GDP by year as inline SVG; rows as from ui.charts.gdp_path_rows (keys: year, key, series, gdp)."""
    width, height = 340, 185
    left, right, top, bottom = 56, 22, 22, 24
    years = sorted({r["year"] for r in rows})
    shown = [r["gdp"] * value_scale for r in rows]
    ticks = _ticks(min(shown), max(shown))
    y_low, y_high = ticks[0], ticks[-1]

    def x(year: int) -> float:
        return left + (width - left - right) * (years.index(year) / max(len(years) - 1, 1))

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - y_low) / max(y_high - y_low, 1e-9))

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' role='img' "
             f"aria-label='{_e(title)}' {_SVG_FONT} font-size='10'>",
             f"<text x='0' y='{top - 12}' fill='#5b6770'>{_e(axis_label)}</text>"]
    for tick in ticks:
        parts.append(f"<line x1='{left}' x2='{width - right}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' stroke='#e3e7eb'/>")
        parts.append(f"<text x='{left - 4}' y='{y(tick) + 3:.1f}' text-anchor='end' fill='#5b6770'>"
                     f"{_e(format(tick, number_format))}</text>")
    for year in years:
        parts.append(f"<text x='{x(year):.1f}' y='{height - bottom + 14}' text-anchor='middle' fill='#5b6770'>{year}</text>")
    for key in ("history", "baseline", "target", "scenario"):
        points = [r for r in rows if r["key"] == key]
        if not points:
            continue
        path = " ".join(f"{x(r['year']):.1f},{y(r['gdp'] * value_scale):.1f}" for r in points)
        dash = " stroke-dasharray='5 3'" if key == "target" else ""
        parts.append(f"<polyline points='{path}' fill='none' stroke='{colours[key]}' stroke-width='2'{dash}/>")
        last = points[-1]
        parts.append(f"<circle cx='{x(last['year']):.1f}' cy='{y(last['gdp'] * value_scale):.1f}' r='2.5' "
                     f"fill='{colours[key]}'/>")
    parts.append("</svg>")
    return "".join(parts)


def contributions_svg(by_period: Mapping[str, Mapping[str, float]], components: Mapping[str, str],
                      period_colours: Sequence[str], title: str, axis_label: str) -> str:
    """Grouped bars of each demand component's pull (pp) per period, as inline SVG with value labels."""
    width, height = 340, 185
    left, right, top, bottom = 40, 8, 22, 30
    values = [float(v) for pulls in by_period.values() for v in pulls.values()] + [0.0]
    ticks = _ticks(min(values), max(values), wanted=4)
    y_low, y_high = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - y_low) / max(y_high - y_low, 1e-9))

    group_width = (width - left - right) / len(components)
    bar_width = group_width * 0.7 / len(by_period)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' role='img' "
             f"aria-label='{_e(title)}' {_SVG_FONT} font-size='10'>",
             f"<text x='0' y='{top - 12}' fill='#5b6770'>{_e(axis_label)}</text>"]
    for tick in ticks:
        parts.append(f"<line x1='{left}' x2='{width - right}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' stroke='#e3e7eb'/>")
        parts.append(f"<text x='{left - 4}' y='{y(tick) + 3:.1f}' text-anchor='end' fill='#5b6770'>{tick:g}</text>")
    for i, (key, name) in enumerate(components.items()):
        x0 = left + i * group_width + group_width * 0.15
        for j, (period, pulls) in enumerate(by_period.items()):
            value = float(pulls[key])
            bar_x = x0 + j * bar_width
            top_y, bottom_y = sorted((y(value), y(0.0)))
            parts.append(f"<rect x='{bar_x:.1f}' y='{top_y:.1f}' width='{bar_width - 2:.1f}' "
                         f"height='{max(bottom_y - top_y, 0.5):.1f}' fill='{period_colours[j]}'>"
                         f"<title>{_e(period)}: {value:+.2f}</title></rect>")
            label_y = top_y - 3 if value >= 0 else bottom_y + 10
            parts.append(f"<text x='{bar_x + (bar_width - 2) / 2:.1f}' y='{label_y:.1f}' text-anchor='middle' "
                         f"font-size='9'>{value:+.2f}</text>")
        centre = left + (i + 0.5) * group_width
        lines = _wrap(name, max_chars=int(group_width / 6))
        spans = "".join(f"<tspan x='{centre:.1f}' dy='{0 if k == 0 else 11}'>{_e(line)}</tspan>"
                        for k, line in enumerate(lines))
        parts.append(f"<text y='{height - bottom + 13}' text-anchor='middle'>{spans}</text>")
    parts.append(f"<line x1='{left}' x2='{width - right}' y1='{y(0.0):.1f}' y2='{y(0.0):.1f}' stroke='#333'/>")
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------ the one-page brief

_BRIEF_CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1f2933; font-size: 9.5pt; line-height: 1.3; max-width: 186mm; margin: 8mm auto; }
h1 { font-size: 15pt; margin: 0 0 1.5mm; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm; border-bottom: 1px solid #c0392b; padding-bottom: 0.5mm; }
.meta { color: #5b6770; font-size: 9pt; margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; page-break-inside: avoid; }
th, td { text-align: left; padding: 0.4mm 1.5mm; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.met { color: #1e7b34; } .not-met { color: #b03a2e; }
.charts { display: flex; gap: 4mm; page-break-inside: avoid; }
.charts figure { flex: 1; margin: 0; }
.charts svg { width: 100%; height: auto; }
figcaption { font-weight: 600; font-size: 9.5pt; margin-bottom: 1mm; }
.legend { font-size: 8.5pt; color: #5b6770; margin-top: 1mm; }
.legend span { display: inline-block; margin-right: 3mm; }
.legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: -0.4mm; }
.link { font-family: ui-monospace, monospace; font-size: 8pt; word-break: break-all; margin: 0; }
footer { color: #5b6770; font-size: 8.5pt; margin-top: 3mm; }
@media print { body { margin: 0 auto; } a { color: inherit; text-decoration: none; } }
"""


def _value_shown(param_id: str, value: float, lang: str) -> str:
    unit = _DATA.params[param_id].unit
    if unit == "growth":
        return pct(value, 1, signed=True)
    if unit == "share":
        return pct(value, 1)
    return f"{value:.2f}"


def _lever_rows(values: Mapping[str, float], lang: str) -> list[str]:
    """Every lever, and the assumptions only when they differ from their defaults."""
    rows = []
    for p in _DATA.params.values():
        value = float(values[p.id])
        if p.group == "assumption" and value == p.value:
            continue
        group = t(f"ws_brief_group_{p.group}", lang)
        rows.append(f"<tr><td>{_e(pick(p.label, lang))}</td><td>{_e(group)}</td>"
                    f"<td class='num'>{_e(_value_shown(p.id, value, lang))}</td>"
                    f"<td class='num'>{_e(_value_shown(p.id, p.value, lang))}</td></tr>")
    return rows


def _outcome_rows(result: Result, lang: str) -> list[str]:
    rows = []
    for output_id, kind, target_id in OUTCOMES:
        value = float(getattr(result, output_id))
        shown = {"percent": lambda v: pct(v, 1, signed=True), "yi_yuan": lambda v: yi_yuan(v, lang),
                 "persons": lambda v: count(v, lang, "persons")}[kind](value)
        goal, gap, status, css = "—", "—", t("ws_brief_no_target", lang), ""
        if target_id:
            outcome = result.targets[target_id]
            if kind == "percent":
                goal, gap = "≥ " + pct(outcome.target), pp(100 * float(outcome.gap), lang)
            else:
                goal, gap = "≥ " + count(outcome.target, lang, "persons"), f"{float(outcome.gap):+,.0f}"
            met = bool(outcome.met)
            status = t("status_met", lang) if met else t("status_not_met", lang)
            css = "met" if met else "not-met"
        rows.append(f"<tr><td>{_e(t(f'ws_out_{output_id}', lang))}</td><td class='num'>{_e(shown)}</td>"
                    f"<td class='num'>{_e(goal)}</td><td class='num'>{_e(gap)}</td>"
                    f"<td class='{css}'>{_e(status)}</td></tr>")
    return rows


def _legend(items: Sequence[tuple[str, str]]) -> str:
    spans = "".join(f"<span><i style='background:{colour}'></i>{_e(name)}</span>" for name, colour in items)
    return f"<div class='legend'>{spans}</div>"


def brief_html(*, lang: str, values: Mapping[str, float], result: Result, baseline: Result, link: str,
               made_on: date, title: str = "", version: str = VERSION) -> str:
    """A self-contained one-page HTML brief of the scenario in `lang` (no scripts, no external files).

    Levers, outcomes against targets, the GDP path and the demand pulls as inline SVG, the shared
    link, the data/model version and the date. Every piece of text is HTML-escaped.
    """
    names = {k: t(f"series_{k}", lang) for k in ("history", "scenario", "baseline", "target")}
    target_growth = result.targets["gdp_real_growth_2025"].target
    target_gdp = _DATA.value("gdp_2024") * (1 + target_growth) * (1 + float(values["gdp_deflator"]))
    gdp_rows = charts.gdp_path_rows(_DATA.history, float(result.gdp_nominal_yi_yuan),
                                    float(baseline.gdp_nominal_yi_yuan), target_gdp, names)
    gdp_chart = gdp_svg(gdp_rows, charts.COLOURS, 1.0 if lang == "zh" else 0.1, t("chart_gdp_title", lang),
                        t("axis_gdp", lang), ",.0f" if lang == "zh" else ",.1f")
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    periods = {t("period_2024", lang): result.contributions_2024, t("period_2025", lang): result.contributions}
    period_colours = ["#8c9aa6", "#c0392b"]
    contrib_chart = contributions_svg(periods, components, period_colours, t("chart_contrib_title", lang),
                                      t("axis_pp", lang))
    heading = t("ws_brief_title", lang)
    html_lang = "zh-CN" if lang == "zh" else "en"
    subtitle = f"<p class='meta'><strong>{_e(title)}</strong></p>" if title.strip() else ""
    meta = t("ws_brief_meta", lang, date=made_on.isoformat(), version=version)
    gdp_legend = _legend([(names[k], charts.COLOURS[k]) for k in ("history", "baseline", "target", "scenario")])
    contrib_legend = _legend(list(zip(periods, period_colours, strict=True)))
    return "".join([
        f"<!DOCTYPE html><html lang='{html_lang}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{_e(heading)}</title><style>{_BRIEF_CSS}</style></head><body>",
        f"<h1>{_e(heading)}</h1>{subtitle}<p class='meta'>{_e(meta)}</p>",
        f"<h2>{_e(t('ws_brief_levers', lang))}</h2><table><thead><tr>",
        f"<th>{_e(t('ws_brief_col_lever', lang))}</th><th>{_e(t('ws_brief_col_kind', lang))}</th>",
        f"<th class='num'>{_e(t('ws_brief_col_value', lang))}</th>",
        f"<th class='num'>{_e(t('ws_brief_col_default', lang))}</th></tr></thead><tbody>",
        *_lever_rows(values, lang), "</tbody></table>",
        f"<h2>{_e(t('ws_brief_outcomes', lang))}</h2><table><thead><tr>",
        f"<th>{_e(t('col_target', lang))}</th><th class='num'>{_e(t('col_projected', lang))}</th>",
        f"<th class='num'>{_e(t('col_goal', lang))}</th><th class='num'>{_e(t('col_gap', lang))}</th>",
        f"<th>{_e(t('col_status', lang))}</th></tr></thead><tbody>",
        *_outcome_rows(result, lang), "</tbody></table>",
        f"<h2>{_e(t('ws_brief_charts', lang))}</h2><div class='charts'>",
        f"<figure><figcaption>{_e(t('chart_gdp_title', lang))}</figcaption>{gdp_chart}{gdp_legend}</figure>",
        f"<figure><figcaption>{_e(t('chart_contrib_title', lang))}</figcaption>{contrib_chart}{contrib_legend}",
        "</figure></div>",
        f"<h2>{_e(t('ws_brief_link', lang))}</h2><p class='link'>{_e(link)}</p>",
        f"<footer>{_e(t('ws_brief_footer', lang))}</footer></body></html>\n",
    ])
