"""The one-page HTML brief of a scenario (pure, no streamlit): levers, outcomes against targets, two charts, the link.

The charts are the simulator's own Altair charts (ui/shared/charts.py), rendered to inline SVG by
vl-convert: one chart definition for screen and paper.
"""

from __future__ import annotations

import copy
import functools
import html
import json
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

import vl_convert

from model import DEMAND_COMPONENTS, Result
from model.uncertainty import gdp_target_id
from ui.session.dataset import dataset
from ui.session.url import version as data_version
from ui.shared import charts
from ui.shared.format import change, goal, output_text, outputs, param_text
from ui.shared.i18n import pick, t
from ui.takeaway.exports import outcomes, status_key

CHART_WIDTH, CHART_HEIGHT = 300, 170  # px of the plot area; the SVG scales to half the A4 text width
PAPER_FONT = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

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
.met { color: #1e7b34; } .about-met { color: #9a6700; } .not-met { color: #b03a2e; }
.charts { display: flex; gap: 4mm; page-break-inside: avoid; }
.charts figure { flex: 1; margin: 0; }
.charts svg { width: 100%; height: auto; }
figcaption { font-weight: 600; font-size: 9.5pt; margin-bottom: 1mm; }
.link { font-family: ui-monospace, monospace; font-size: 8pt; word-break: break-all; margin: 0; }
footer { color: #5b6770; font-size: 8.5pt; margin-top: 3mm; }
@media print { body { margin: 0 auto; } a { color: inherit; text-decoration: none; } }
"""


# Kept off the paper: format characters (category Cf: bidi overrides and isolates such as U+202E and
# U+2066-2069, zero-width space and joiners, BOM), controls (Cc) and lone surrogates (Cs, which UTF-8
# cannot encode, so the download would fail). The same characters store.clean_label drops from names, and
# the rest of Cf; no NFKC, which clean_label uses to compare names: a title is shown as typed.
_INVISIBLE = ("Cf", "Cc", "Cs")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def clean_title(title: str) -> str:
    """The user's title as the brief shows it: invisible and direction characters removed, a tab as a space."""
    kept = (ch if unicodedata.category(ch) not in _INVISIBLE else " " if ch.isspace() else "" for ch in title)
    return "".join(kept).strip()


# ------------------------------------------------------------------ charts: the screen's specs, as SVG


def _for_paper(spec: dict[str, Any]) -> dict[str, Any]:
    """The screen's spec sized for half an A4 page, without its title (the figure's caption says it)."""
    paper = copy.deepcopy(spec)
    paper.pop("title", None)
    for layer in paper.get("layer", []):
        layer.pop("title", None)
        layer.pop("height", None)
    paper |= {"width": CHART_WIDTH, "height": CHART_HEIGHT,
              "config": {"font": PAPER_FONT, "legend": {"labelLimit": 160}}}
    return paper


def _with_value_labels(spec: dict[str, Any], field: str) -> dict[str, Any]:
    """Bars with their values written above (below, for negative bars): paper has no tooltips."""
    bars = spec["layer"][0]
    position = {k: bars["encoding"][k] for k in ("x", "xOffset", "y")}
    text = {"field": field, "type": "quantitative", "format": "+.2f"}
    labels = [{"data": bars["data"], "transform": [{"filter": f"datum.{field} {op} 0"}],
               "mark": {"type": "text", "baseline": baseline, "dy": dy, "fontSize": 9},
               "encoding": position | {"text": text}}
              for op, baseline, dy in ((">=", "bottom", -2), ("<", "top", 2))]
    return spec | {"layer": spec["layer"] + labels}


@functools.lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    """Vega-Lite to SVG, memoised: the workshop page rebuilds the brief on every rerun."""
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def svg(spec: dict[str, Any]) -> str:
    return _svg(json.dumps(spec, sort_keys=True, ensure_ascii=False))


def gdp_svg(values: Mapping[str, float], result: Result, baseline: Result, lang: str) -> str:
    """The simulator's GDP path chart (history, baseline, target, scenario) as SVG."""
    names = {k: t(f"series_{k}", lang) for k in ("history", "scenario", "baseline", "target")}
    target_growth = result.targets[gdp_target_id()].target
    target_gdp = dataset().value("gdp_2024") * (1 + target_growth) * (1 + float(result.gdp_deflator))
    rows = charts.gdp_path_rows(dataset().history, float(result.gdp_nominal_yi_yuan), float(baseline.gdp_nominal_yi_yuan),
                                target_gdp, names)
    spec = charts.gdp_path_spec(rows, t("chart_gdp_title", lang), t("axis_year", lang), t("axis_gdp", lang),
                                t("tooltip_series", lang), names, value_scale=1.0 if lang == "zh" else 0.1)
    return svg(_for_paper(spec))


def contributions_svg(result: Result, lang: str) -> str:
    """The simulator's demand-pull bars (2024 and 2025) as SVG, with the value on each bar."""
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    periods = {t("period_2024", lang): result.contributions_2024, t("period_2025", lang): result.contributions}
    rows = charts.contribution_rows(periods, components)
    spec = charts.contributions_spec(rows, t("chart_contrib_title", lang), t("axis_pp", lang), list(periods),
                                     list(components.values()), t("tooltip_period", lang), t("tooltip_component", lang))
    return svg(_with_value_labels(_for_paper(spec), "pp"))


# ------------------------------------------------------------------ tables


def _lever_rows(values: Mapping[str, float], lang: str) -> list[str]:
    """Every lever, and the assumptions only when they differ from their defaults."""
    rows = []
    for p in dataset().params.values():
        value = float(values[p.id])
        if p.group == "assumption" and value == p.value:
            continue
        group = t(f"ws_brief_group_{p.group}", lang)
        rows.append(f"<tr><td>{_e(pick(p.label, lang))}</td><td>{_e(group)}</td>"
                    f"<td class='num'>{_e(param_text(p.id, value, lang, 1))}</td>"
                    f"<td class='num'>{_e(param_text(p.id, p.value, lang, 1))}</td></tr>")
    return rows


def _outcome_rows(result: Result, lang: str) -> list[str]:
    rows = []
    shown = outputs()
    for output_id, target_id in outcomes():
        unit = shown[output_id].unit
        goal_text, gap, status_text, css = "—", "—", t("ws_brief_no_target", lang), ""
        if target_id:
            outcome = result.targets[target_id]
            goal_text, gap = goal(outcome.target, unit, lang), change(float(outcome.gap), unit, lang)
            # met, about met (a 左右 target within its band) or not met: the CSV's rule (exports.status_key)
            key = status_key(target_id, outcome)
            status_text, css = t(f"status_{key}", lang), key.replace("_", "-")
        rows.append(f"<tr><td>{_e(pick(shown[output_id].label, lang))}</td>"
                    f"<td class='num'>{_e(output_text(output_id, float(getattr(result, output_id)), lang))}</td>"
                    f"<td class='num'>{_e(goal_text)}</td><td class='num'>{_e(gap)}</td>"
                    f"<td class='{css}'>{_e(status_text)}</td></tr>")
    return rows


# ------------------------------------------------------------------ the page


def brief_html(*, lang: str, values: Mapping[str, float], result: Result, baseline: Result, link: str,
               made_on: date, title: str = "", version: str | None = None) -> str:
    """A self-contained one-page HTML brief of the scenario in `lang` (no scripts, no external files).

    Levers, outcomes against targets, the GDP path and the demand pulls as inline SVG, the shared
    link, the data/model version and the date. Every piece of text is HTML-escaped; the title is
    also cleaned of invisible and direction characters (clean_title).
    """
    heading = t("ws_brief_title", lang)
    html_lang = "zh-CN" if lang == "zh" else "en"
    shown_title = clean_title(title)  # a right-to-left override would turn the rest of the line around on paper
    subtitle = f"<p class='meta'><strong>{_e(shown_title)}</strong></p>" if shown_title else ""
    meta = t("ws_brief_meta", lang, date=made_on.isoformat(), version=data_version() if version is None else version)
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
        f"<figure><figcaption>{_e(t('chart_gdp_title', lang))}</figcaption>{gdp_svg(values, result, baseline, lang)}</figure>",
        f"<figure><figcaption>{_e(t('chart_contrib_title', lang))}</figcaption>{contributions_svg(result, lang)}</figure>",
        "</div>",
        f"<h2>{_e(t('ws_brief_link', lang))}</h2><p class='link'>{_e(link)}</p>",
        f"<footer>{_e(t('ws_brief_footer', lang))}</footer></body></html>\n",
    ])
