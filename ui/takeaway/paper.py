"""What every printable page shares (pure, no streamlit): the A4 style, escaping, cleaning user text, charts as SVG.

Used by the leader brief of one scenario (ui/takeaway/brief.py) and the workshop summary brief
(ui/workshop/summary_brief.py). The charts are the simulator's own Altair charts (ui/shared/charts.py),
rendered to inline SVG by vl-convert: one chart definition for screen and paper, laid out for half an A4 page.
"""

from __future__ import annotations

import copy
import functools
import html
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

import vl_convert

from model import DEMAND_COMPONENTS, Result
from model.uncertainty import gdp_target_id
from ui.session.dataset import dataset
from ui.shared import charts
from ui.shared.i18n import t

CHART_WIDTH, CHART_HEIGHT = 300, 150  # px of the plot area; the SVG scales to half the A4 text width
PAPER_FONT = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
# px for a lying chart's category names (wrapped to two lines): room for the browser's own font, which can be
# wider than the one vl-convert measures with
LABEL_WIDTH = 130
LABEL_ROOM_PP = 0.22  # share of the bars' span kept beyond the longest bar for its written value

CSS = """
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1f2933; font-size: 9pt; line-height: 1.25; max-width: 186mm; margin: 8mm auto; }
h1 { font-size: 15pt; margin: 0 0 1.5mm; }
h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; border-bottom: 1px solid #c0392b; padding-bottom: 0.5mm; }
h3 { font-size: 10pt; margin: 2.5mm 0 0.5mm; }
.meta { color: #5b6770; font-size: 9pt; margin: 0; }
.lead { margin: 0 0 1mm; }
.key { border-left: 3pt solid #c0392b; background: #fbf1ef; padding: 1.5mm 3mm; margin: 2mm 0; page-break-inside: avoid; }
.key .label { font-size: 8.5pt; color: #5b6770; margin: 0 0 0.5mm; letter-spacing: 0.05em; }
.key .message { font-size: 11pt; font-weight: 600; line-height: 1.4; margin: 0; }
.key .status, .key .warning { margin: 1mm 0 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; page-break-inside: avoid; }
th, td { text-align: left; padding: 0.4mm 1.5mm; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { border-top: 1px solid #1f2933; font-weight: 600; }
tr.unchanged td { color: #5b6770; }
td.status { white-space: nowrap; }
.met { color: #1e7b34; } .about-met { color: #9a6700; } .not-met { color: #b03a2e; } .setting { color: #5b6770; }
.assumption { color: #9a6700; font-weight: 600; }
.note { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 2pt solid #c0c7cd; padding: 0.5mm 0 0.5mm 2.5mm;
        margin: 1mm 0; }
.charts { display: flex; gap: 4mm; margin-top: 3mm; page-break-inside: avoid; }
.charts figure { flex: 1; margin: 0; min-width: 0; }
.charts svg { width: 100%; height: auto; }
figcaption { font-weight: 600; font-size: 9.5pt; margin-bottom: 1mm; }
.link { font-family: ui-monospace, monospace; font-size: 8pt; word-break: break-all; margin: 0; }
footer { color: #5b6770; font-size: 8.5pt; margin-top: 3mm; }
footer p { margin: 0 0 1mm; } footer .link { margin-bottom: 1.5mm; }
section.group { page-break-inside: avoid; }
ul { margin: 0.5mm 0 1mm; padding-left: 5mm; }
section.group p.lead { margin: 0.5mm 0 0; }
@media print { body { margin: 0 auto; } a { color: inherit; text-decoration: none; } }
"""

# Kept off the paper: format characters (category Cf: bidi overrides and isolates such as U+202E and
# U+2066-2069, zero-width space and joiners, BOM), controls (Cc) and lone surrogates (Cs, which UTF-8
# cannot encode, so the download would fail). The same characters store.clean_label drops from names, and
# the rest of Cf; no NFKC, which clean_label uses to compare names: a title is shown as typed.
_INVISIBLE = ("Cf", "Cc", "Cs")


def e(text: Any) -> str:
    """Text as HTML: every <, >, &, ' and " escaped."""
    return html.escape(str(text), quote=True)


def clean_title(title: str) -> str:
    """The user's title as the brief shows it: invisible and direction characters removed, a tab as a space."""
    kept = (ch if unicodedata.category(ch) not in _INVISIBLE else " " if ch.isspace() else "" for ch in title)
    return "".join(kept).strip()


def clean_text(text: str) -> str:
    """A group's note as the paper shows it: each line cleaned as a title (clean_title), the lines kept."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(clean_title(line) for line in lines).strip()


def page(lang: str, heading: str, body: list[str]) -> str:
    """A self-contained HTML page (no scripts, no external files) around `body` (HTML pieces, already escaped)."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return "".join([
        f"<!DOCTYPE html><html lang='{html_lang}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(heading)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(heading)}</h1>", *body, "</body></html>\n",
    ])


# ------------------------------------------------------------------ charts: the screen's specs, as SVG


def for_paper(spec: dict[str, Any], legend_columns: int = 0) -> dict[str, Any]:
    """The screen's spec sized for half an A4 page, without its title (the figure's caption says it).
    legend_columns: entries per legend row (0: all in one row); long legend labels need two."""
    paper = copy.deepcopy(spec)
    paper.pop("title", None)
    for layer in paper.get("layer", []):
        layer.pop("title", None)
        layer.pop("height", None)
    paper |= {"width": CHART_WIDTH, "height": CHART_HEIGHT,
              "config": {"font": PAPER_FONT, "legend": {"labelLimit": 160, "columns": legend_columns}}}
    return paper


# a long component's name on two lines: before its bracket ("净出口（海关商品）", "Net exports (customs goods)")
# or after its slash ("净流出/统计误差", "Net outflow / statistical discrepancy"), as on screen
_WRAPPED_LABEL = charts.WRAPPED_LABEL


def lying(spec: dict[str, Any], field: str) -> dict[str, Any]:
    """Grouped columns turned into grouped bars (categories down the side, each name wrapped at its bracket or
    slash): on half a page the categories' names no longer run into each other. Same data, marks and colours."""
    turned = copy.deepcopy(spec)
    for layer in turned["layer"]:
        encoding = layer["encoding"]
        swapped = {"x": encoding.pop("y", None), "y": encoding.pop("x", None), "yOffset": encoding.pop("xOffset", None)}
        encoding |= {k: v for k, v in swapped.items() if v is not None}
    category = turned["layer"][0]["encoding"]["y"]
    # minExtent: Vega sizes the axis by a wrapped label's first line; the room is kept for its longest
    category["axis"] = {"labelExpr": _WRAPPED_LABEL, "labelLimit": LABEL_WIDTH, "labelPadding": 4,
                        "minExtent": LABEL_WIDTH, "labelFontSize": 9}
    turned["width"] = CHART_WIDTH - LABEL_WIDTH // 2  # the names take room the upright chart gave its bars
    values = [float(row[field]) for rows in turned.get("datasets", {}).values() for row in rows]
    low, high = min(values + [0.0]), max(values + [0.0])
    room = LABEL_ROOM_PP * (high - low or 1.0)
    turned["layer"][0]["encoding"]["x"]["scale"] = {"domain": [low - room if low < 0 else 0.0, high + room]}
    return turned


def with_value_labels(spec: dict[str, Any], field: str) -> dict[str, Any]:
    """Bars (lying, see `lying`) with their values written at their ends: paper has no tooltips."""
    bars = spec["layer"][0]
    position = {k: bars["encoding"][k] for k in ("x", "yOffset", "y")}
    text = {"field": field, "type": "quantitative", "format": "+.2f"}
    labels = [{"data": bars["data"], "transform": [{"filter": f"datum.{field} {op} 0"}],
               "mark": {"type": "text", "align": align, "baseline": "middle", "dx": dx, "fontSize": 8},
               "encoding": position | {"text": text}}
              for op, align, dx in ((">=", "left", 2), ("<", "right", -2))]
    return spec | {"layer": spec["layer"] + labels}


@functools.lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    """Vega-Lite to SVG, memoised: the workshop page rebuilds the brief on every rerun."""
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def svg(spec: dict[str, Any]) -> str:
    return _svg(json.dumps(spec, sort_keys=True, ensure_ascii=False))


def gdp_spec(result: Result, baseline: Result, lang: str) -> dict[str, Any]:
    """The simulator's GDP path chart (history, baseline, target, scenario) for this scenario: charts.gdp_chart,
    the spec the simulator's page draws (ui/simulator/outcomes.py), with this scenario's rows."""
    target_growth = result.targets[gdp_target_id()].target
    target_gdp = dataset().value("gdp_2024") * (1 + target_growth) * (1 + float(result.gdp_deflator))
    rows = charts.gdp_path_rows(dataset().history, float(result.gdp_nominal_yi_yuan), float(baseline.gdp_nominal_yi_yuan),
                                target_gdp, charts.gdp_series_names(lang))
    return charts.gdp_chart(rows, lang)


def contributions_spec(result: Result, lang: str) -> dict[str, Any]:
    """The simulator's demand pulls (2024 and 2025) for this scenario: charts.contributions_chart, the spec the
    simulator's page draws, with this scenario's rows."""
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    periods = {t("period_2024", lang): result.contributions_2024, t("period_2025", lang): result.contributions}
    rows = charts.contribution_rows(periods, components)
    return charts.contributions_chart(rows, list(periods), list(components.values()), lang)


def gdp_svg(values: Mapping[str, float], result: Result, baseline: Result, lang: str) -> str:
    """The GDP path as SVG, on half an A4 page."""
    return svg(for_paper(gdp_spec(result, baseline, lang), legend_columns=2))


def contributions_svg(result: Result, lang: str) -> str:
    """The demand-pull bars as SVG, lying, with the value at each bar's end."""
    return svg(with_value_labels(lying(for_paper(contributions_spec(result, lang)), "pp"), "pp"))
