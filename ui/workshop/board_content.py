"""The board's content as pure builders: each group's scenario simulated, the table, and the projector chart."""

from __future__ import annotations

import copy
import functools
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import altair as alt
import pandas as pd

from model import Scenario, monte_carlo
from model.uncertainty import GDP_TARGET_ID
from store import SavedScenario, clean_label
from ui import compute
from ui.dataset import dataset
from ui.exports import spreadsheet_safe
from ui.format import param_text
from ui.i18n import pct, pick, t
from ui.url import editable_targets
from ui.workshop.listing import beijing_time

BOARD_DRAWS = 2_000


def board_levers() -> tuple[str, ...]:
    """The levers a board row shows: the main and the advanced ones."""
    return tuple(p.id for p in dataset().params.values() if p.group in ("lever", "advanced"))


@functools.lru_cache(maxsize=2048)
def chance_of_gdp_target(scenario: Scenario, targets_key: tuple[tuple[str, float], ...] = ()) -> float:
    """P(real GDP growth >= its target) from BOARD_DRAWS Monte Carlo draws (fixed seed), once per scenario."""
    return monte_carlo(scenario, draws=BOARD_DRAWS, seed=0, target_values=dict(targets_key)).probability_met[GDP_TARGET_ID]


@dataclass(frozen=True)
class BoardRow:
    """One group's saved scenario on the board. `label` is user text (name and group), unique on the board."""

    id: int
    label: str
    name: str
    group: str
    gdp_growth: float
    chance: float
    levers: Mapping[str, float]
    met: Mapping[str, bool]
    created_at: datetime


def board_rows(saved: Sequence[SavedScenario], targets_key: tuple[tuple[str, float], ...] = ()) -> list[BoardRow]:
    """Each saved scenario simulated (cached) with its chance of the GDP target; highest growth first."""
    labels = [clean_label(s.group or s.name)[:40] for s in saved]  # rows saved before names were cleaned, too
    times_used = Counter(labels)
    rows, levers, target_ids = [], board_levers(), editable_targets()
    for s, label in zip(saved, labels, strict=True):
        scenario = s.scenario()
        result = compute.run(scenario, targets_key)
        rows.append(BoardRow(
            id=s.id, label=label if times_used[label] == 1 else f"{label} (#{s.id})", name=s.name, group=s.group,
            gdp_growth=float(result.gdp_real_growth), chance=chance_of_gdp_target(scenario, targets_key),
            levers={k: float(getattr(scenario, k)) for k in levers},
            met={k: bool(result.targets[k].met) for k in target_ids}, created_at=s.created_at,
        ))
    return sorted(rows, key=lambda r: (-r.gdp_growth, r.id))


def board_median(rows: Sequence[BoardRow]) -> float:
    return float(statistics.median(r.gdp_growth for r in rows))


def board_frame(rows: Sequence[BoardRow], lang: str) -> pd.DataFrame:
    """The board's table: group, scenario, growth, chance, levers, and each target met or not."""
    yes, no = t("board_yes", lang), t("board_no", lang)
    records = []
    for r in rows:
        record = {
            t("ws_col_group", lang): r.group,
            t("ws_col_name", lang): r.name,
            t("board_col_gdp", lang): pct(r.gdp_growth),
            t("board_col_chance", lang): pct(r.chance, 0),
            t("board_col_met", lang): f"{sum(r.met.values())}/{len(r.met)}",
        }
        for target_id in editable_targets():
            record[t("board_col_target", lang, target=pick(dataset().targets[target_id].label, lang))] = (
                yes if r.met[target_id] else no)
        for lever in board_levers():
            record[pick(dataset().params[lever].label, lang)] = param_text(lever, r.levers[lever], lang, 1)
        record[t("ws_col_time", lang)] = beijing_time(r.created_at)
        records.append(record)
    return pd.DataFrame(records)


def board_csv(rows: Sequence[BoardRow], lang: str) -> bytes:
    """The board's table as CSV (UTF-8 with BOM for spreadsheets). Group and scenario names are the groups' own
    text: each goes through exports.spreadsheet_safe, so "=HYPERLINK(…)" stays text in a spreadsheet.

    Streamlit's own table download has no such guard; config.toml switches it off (client.disableDataExport).
    """
    frame = board_frame(rows, lang)
    for key in ("ws_col_group", "ws_col_name"):
        frame[t(key, lang)] = frame[t(key, lang)].map(spreadsheet_safe)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def board_chart(rows: Sequence[BoardRow], median: float, target: float, lang: str) -> dict:
    """Bars of each group's projected 2025 real GDP growth, the groups' median and the target as rules.

    A Vega-Lite spec (dict). Large type throughout, for a projector. Labels are Vega text marks:
    user text is drawn literally. Built once per distinct board: a refresh that finds nothing
    new costs no Altair validation (about 0.2 s a build).
    """
    groups = tuple((r.label, r.gdp_growth, r.chance) for r in rows)
    return copy.deepcopy(_board_chart_spec(groups, median, target, lang))


@functools.lru_cache(maxsize=64)
def _board_chart_spec(groups: tuple[tuple[str, float, float], ...], median: float, target: float, lang: str) -> dict:
    met_word, not_met_word = t("board_meets_gdp", lang), t("board_misses_gdp", lang)
    table = pd.DataFrame({
        "label": [label for label, _, _ in groups],
        "growth": [100 * growth for _, growth, _ in groups],
        "label_at": [max(100 * growth, 0.0) for _, growth, _ in groups],  # a negative bar's label sits right of zero
        "shown": [pct(growth) for _, growth, _ in groups],
        "chance": [pct(chance, 0) for _, _, chance in groups],
        "status": [met_word if growth >= target - 1e-12 else not_met_word for _, growth, _ in groups],
    })
    order = [label for label, _, _ in groups]
    axis_title = t("board_axis_gdp", lang)
    values = [100 * growth for _, growth, _ in groups] + [100 * median, 100 * target, 0.0]
    domain = [min(values) - 0.5, max(values) + 1.2]
    bars = alt.Chart(table).mark_bar(cornerRadiusEnd=3, height={"band": 0.7}).encode(
        x=alt.X("growth:Q", title=axis_title, scale=alt.Scale(domain=domain, nice=False)),
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelFontSize=20)),
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=[met_word, not_met_word],
                                                               range=["#1e7b34", "#c0392b"]),
                        legend=alt.Legend(orient="bottom", labelFontSize=18, symbolSize=220, labelLimit=0)),
        tooltip=[alt.Tooltip("label:N", title=t("ws_col_group", lang)),
                 alt.Tooltip("shown:N", title=t("board_col_gdp", lang)),
                 alt.Tooltip("chance:N", title=t("board_col_chance", lang))],
    )
    labels = bars.mark_text(align="left", dx=6, fontSize=20, fontWeight="bold", color="#1f2933").encode(
        x="label_at:Q", text="shown:N", color=alt.value("#1f2933"))
    # The median and the target as vertical rules, each labelled on the side away from the other.
    (low_x, low_text), (high_x, high_text) = sorted([
        (100 * median, t("board_median_rule", lang, value=pct(median))),
        (100 * target, t("board_target_rule", lang, value=pct(target))),
    ])
    rules = pd.DataFrame({"x": [100 * median, 100 * target], "dash": ["solid", "dashed"]})
    rule = alt.Chart(rules).mark_rule(strokeWidth=3, color="#1f2933").encode(
        x="x:Q",
        strokeDash=alt.StrokeDash("dash:N", scale=alt.Scale(domain=["solid", "dashed"], range=[[1, 0], [8, 5]]),
                                  legend=None),
    )
    rule_labels = [
        alt.Chart(pd.DataFrame({"x": [x], "text": [text]})).mark_text(
            align=align, dx=dx, dy=-12, fontSize=18, fontWeight="bold", color="#1f2933",
        ).encode(x="x:Q", y=alt.value(0), text="text:N")
        for x, text, align, dx in ((low_x, low_text, "right", -6), (high_x, high_text, "left", 6))
    ]
    # Streamlit fits the whole chart (title, axis, legend included) into `height` pixels.
    height = 170 + 64 * len(groups)
    return (
        alt.layer(bars, labels, rule, *rule_labels)
        .properties(height=height, title=t("board_chart_title", lang))
        .configure_axis(labelFontSize=18, titleFontSize=18, grid=True)
        .configure_title(fontSize=24, anchor="start")
        .configure_view(stroke=None)
        .to_dict()
    )
