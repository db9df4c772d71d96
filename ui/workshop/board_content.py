"""The board's content as pure builders: each group's scenario simulated, the table, and the projector chart.

The GDP target's status is the model's own (TargetOutcome.status through exports.status_key): met,
about met (a 左右 target within its band) or not met, in the simulator card's words (status_*), so the
board, the card, compare, the brief and the CSV never disagree about one scenario.
"""

from __future__ import annotations

import copy
import functools
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import altair as alt
import pandas as pd

from model import MonteCarloResult, Scenario
from model.uncertainty import gdp_target_id
from store import SavedScenario, clean_label
from ui.analysis.cached import MC_DRAWS, uncertainty
from ui.session import compute
from ui.session.dataset import dataset
from ui.session.url import editable_targets
from ui.shared.format import param_text
from ui.shared.i18n import pct, pick, t
from ui.takeaway.exports import spreadsheet_safe, status_key
from ui.workshop.listing import beijing_time

BOARD_DRAWS = MC_DRAWS  # the Uncertainty page's and the brief's draws (same seed): one chance per scenario everywhere


def board_levers() -> tuple[str, ...]:
    """The levers a board row shows: the main and the advanced ones."""
    return tuple(p.id for p in dataset().params.values() if p.group in ("lever", "advanced"))


def board_uncertainty(scenario: Scenario, targets_key: tuple[tuple[str, float], ...] = ()) -> MonteCarloResult:
    """The Monte Carlo draws of one scenario the Uncertainty page and the leader brief read (cached per scenario):
    the board's chance, the opened scenario's 90% range and the group's brief state one figure."""
    return uncertainty(scenario, targets_key)


@functools.lru_cache(maxsize=4096)  # the chance alone, kept for the board's refreshes (the draws' cache is smaller)
def chance_of_gdp_target(scenario: Scenario, targets_key: tuple[tuple[str, float], ...] = ()) -> float:
    """P(real GDP growth >= its target) from the board's draws."""
    return board_uncertainty(scenario, targets_key).probability_met[gdp_target_id()]


@dataclass(frozen=True)
class BoardRow:
    """One group's saved scenario on the board. `label` is user text (name and group), unique on the board.

    status: target id -> 'met' / 'about_met' / 'not_met' (the model's rule); changes: (param id, value)
    of every setting that differs from its default, in parameters.toml's order; copies: how many
    identical saves of this group (same group, same values) this one row stands for.
    """

    id: int
    label: str
    name: str
    group: str
    gdp_growth: float
    chance: float
    levers: Mapping[str, float]
    met: Mapping[str, bool]
    created_at: datetime
    status: Mapping[str, str] = field(default_factory=dict)
    changes: tuple[tuple[str, float], ...] = ()
    note: str = ""
    copies: int = 1

    @property
    def gdp_status(self) -> str:
        return self.status.get(gdp_target_id(), "met" if self.met.get(gdp_target_id()) else "not_met")


def distinct_saves(saved: Sequence[SavedScenario]) -> list[tuple[SavedScenario, int]]:
    """One (newest save, how many) per group and scenario: a group that pressed Save twice on the same values
    counts once. The group is the board's label (the group's name, else the scenario's); `saved` is newest first."""
    kept: dict[tuple, list] = {}
    for s in saved:
        key = (clean_label(s.group or s.name)[:40], tuple(sorted(s.scenario().to_dict().items())))
        if key in kept:
            kept[key][1] += 1
        else:
            kept[key] = [s, 1]
    return [(s, n) for s, n in kept.values()]


def board_rows(saved: Sequence[SavedScenario], targets_key: tuple[tuple[str, float], ...] = ()) -> list[BoardRow]:
    """Each distinct saved scenario simulated (cached) with its chance of the GDP target; highest growth first."""
    distinct = distinct_saves(saved)
    labels = [clean_label(s.group or s.name)[:40] for s, _ in distinct]  # rows saved before names were cleaned, too
    times_used = Counter(labels)
    rows, levers, target_ids = [], board_levers(), editable_targets()
    for (s, copies), label in zip(distinct, labels, strict=True):
        scenario = s.scenario()
        result = compute.run(scenario, targets_key)
        rows.append(BoardRow(
            id=s.id, label=label if times_used[label] == 1 else f"{label} (#{s.id})", name=s.name, group=s.group,
            gdp_growth=float(result.gdp_real_growth), chance=chance_of_gdp_target(scenario, targets_key),
            levers={k: float(getattr(scenario, k)) for k in levers},
            met={k: bool(result.targets[k].met) for k in target_ids}, created_at=s.created_at,
            status={k: status_key(k, result.targets[k]) for k in target_ids},
            changes=tuple((k, float(v)) for k, v in scenario.changed_from_default().items()),
            note=s.note, copies=copies,
        ))
    return sorted(rows, key=lambda r: (-r.gdp_growth, r.id))


def status_words(key: str, lang: str) -> str:
    """The simulator card's words for a projected target's status (ui.shared.format.target_status)."""
    return t(f"status_{key}", lang)


# the order a board row lists its changed settings: what is not a main lever first, so a changed
# assumption is seen even where the cell is cut short
_CHANGE_ORDER = {"assumption": 0, "advanced": 1, "lever": 2}


def change_flag(param_id: str) -> str:
    """How a changed setting is flagged: "assumption" for any setting whose role is an assumption (a price under
    "more levers" too: data/parameters.toml's role), else its group ("advanced", or "lever": no flag)."""
    p = dataset().params[param_id]
    return "assumption" if p.role == "assumption" else p.group


def change_items(changes: Sequence[tuple[str, float]], lang: str) -> list[str]:
    """Each changed setting as "label value"; an assumption (and a setting under "more levers") flagged as such."""
    params = dataset().params
    ordered = sorted(changes, key=lambda c: _CHANGE_ORDER.get(change_flag(c[0]), 0))
    items = []
    for param_id, value in ordered:
        flag = change_flag(param_id)
        text = t("board_change_item", lang, label=pick(params[param_id].label, lang),
                 value=param_text(param_id, value, lang, 1))
        items.append(text if flag == "lever" else t(f"board_flag_{flag}", lang, item=text))
    return items


def changes_text(changes: Sequence[tuple[str, float]], lang: str) -> str:
    """The changed settings of one row on one line; "defaults only" when nothing was changed."""
    items = change_items(changes, lang)
    return t("board_list_sep", lang).join(items) if items else t("board_no_changes", lang)


def board_median(rows: Sequence[BoardRow]) -> float:
    return float(statistics.median(r.gdp_growth for r in rows))


def status_counts(rows: Sequence[BoardRow]) -> Counter:
    """How many rows meet, about meet and miss the GDP target."""
    return Counter(r.gdp_status for r in rows)


# the screen table's columns that hold the groups' own text (plain text; guarded in the CSV)
USER_TEXT_COLUMNS = ("ws_col_group", "ws_col_name", "board_col_note")


def board_frame(rows: Sequence[BoardRow], lang: str, full: bool = False) -> pd.DataFrame:
    """The board's table: group, scenario, growth, the GDP target's status and chance, what was changed, the note.

    full (the CSV): also each target's status and every lever's value, columns the projector has no room for
    (the changed settings already say which levers moved).
    """
    records = []
    for r in rows:
        name = r.name if r.copies == 1 else t("board_copies", lang, name=r.name, n=r.copies)
        record = {
            t("ws_col_group", lang): r.group,
            t("ws_col_name", lang): name,
            t("board_col_gdp", lang): pct(r.gdp_growth),
            t("board_col_status", lang): status_words(r.gdp_status, lang),
            t("board_col_changes", lang): changes_text(r.changes, lang),  # how the group got its number: early,
            t("board_col_note", lang): r.note,  # so a narrow screen shows it before any sideways scrolling
            t("board_col_chance", lang): pct(r.chance, 0),
            t("board_col_met", lang): f"{sum(r.met.values())}/{len(r.met)}",
        }
        if full:
            for target_id in editable_targets():
                record[t("board_col_target", lang, target=pick(dataset().targets[target_id].label, lang))] = (
                    status_words(r.status[target_id], lang) if target_id in r.status else "")
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
    frame = board_frame(rows, lang, full=True)
    for key in (*USER_TEXT_COLUMNS, "board_col_changes"):
        frame[t(key, lang)] = frame[t(key, lang)].map(spreadsheet_safe)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


OPEN_SELECTION = "open"  # the chart's point selection: a click on a bar names that row's id (ui/workshop/board_open.py)


def board_chart(rows: Sequence[BoardRow], median: float, target: float, lang: str, compact: bool = False) -> dict:
    """Bars of each group's projected 2025 real GDP growth, the groups' median and the target as rules.

    A Vega-Lite spec (dict). Large type throughout, for a projector. Labels are Vega text marks:
    user text is drawn literally. Built once per distinct board: a refresh that finds nothing
    new costs no Altair validation (about 0.2 s a build). A click on a bar selects its row's id
    (OPEN_SELECTION). compact (the presenter view): no height of its own: it fills the height the page
    gives it (the screen's, ui/workshop/board_present.py), its type sized from the room each bar gets, so
    the chart and every group's name fit a projector's first screen, from 853 × 480 to 1920 × 1080.
    """
    groups = tuple((r.id, r.label, r.gdp_growth, r.chance, r.gdp_status) for r in rows)
    return copy.deepcopy(_board_chart_spec(groups, median, target, lang, compact))


STATUS_COLOURS = {"met": "#1e7b34", "about_met": "#9a6700", "not_met": "#c0392b"}


def _band_font(n: int, largest: int, share: float) -> dict:
    """A font size (px) as a Vega expression of the plot's height: `share` of each bar's band, between 12 px and
    `largest` (the compact chart's height is the screen's, known only in the browser)."""
    return {"expr": f"max(12, min({largest}, {share} * height / {max(n, 1)}))"}


@functools.lru_cache(maxsize=64)
def _board_chart_spec(groups: tuple[tuple[int, str, float, float, str], ...], median: float, target: float,
                      lang: str, compact: bool = False) -> dict:
    words = {key: status_words(key, lang) for key in STATUS_COLOURS}
    table = pd.DataFrame({
        "id": [g[0] for g in groups],
        "label": [g[1] for g in groups],
        "growth": [100 * g[2] for g in groups],
        "label_at": [max(100 * g[2], 0.0) for g in groups],  # a negative bar's label sits right of zero
        "shown": [pct(g[2]) for g in groups],
        "chance": [pct(g[3], 0) for g in groups],
        "status": [words[g[4]] for g in groups],  # the model's status, not a comparison of its own
    })
    order = [g[1] for g in groups]
    n = len(groups)
    axis_title = t("board_axis_gdp", lang)
    values = [100 * g[2] for g in groups] + [100 * median, 100 * target, 0.0]
    domain = [min(values) - 0.5, max(values) + 1.2]
    label_font = _band_font(n, 26, 0.55) if compact else 20
    # the axis's and the legend's type from the chart's own box (their guides' "height" is their own, not the plot's)
    chrome_font = {"expr": "max(13, min(20, containerSize()[1] / 45))"} if compact else 18
    bars = alt.Chart(table).mark_bar(cornerRadiusEnd=3, height={"band": 0.75 if compact else 0.7}, cursor="pointer").encode(
        # compact: the figures say "%" themselves, so the axis needs no title line (its room goes to the bars)
        x=alt.X("growth:Q", title=None if compact else axis_title, scale=alt.Scale(domain=domain, nice=False),
                axis=alt.Axis(labelExpr="datum.label + '%'", labelFontSize=chrome_font) if compact else alt.Axis()),
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelFontSize=label_font, labelOverlap=False)),
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=list(words.values()),
                                                               range=list(STATUS_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", labelFontSize=chrome_font, symbolSize=220, labelLimit=0)),
        tooltip=[alt.Tooltip("label:N", title=t("ws_col_group", lang)),
                 alt.Tooltip("shown:N", title=t("board_col_gdp", lang)),
                 alt.Tooltip("status:N", title=t("board_col_status", lang)),
                 alt.Tooltip("chance:N", title=t("board_col_chance", lang))],
    )
    labels = bars.mark_text(align="left", dx=6, fontSize=label_font, fontWeight="bold", color="#1f2933",
                            cursor="pointer").encode(x="label_at:Q", text="shown:N", color=alt.value("#1f2933"))
    # a click on a bar (or on its figure) selects that row; the param sits on the bars alone (one signal per name)
    bars = bars.add_params(alt.selection_point(name=OPEN_SELECTION, fields=["id"], on="click", clear=False,
                                               toggle=False))
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
    layered = alt.layer(bars, labels, rule, *rule_labels)
    # Streamlit fits the whole chart (title, axis, legend included) into its height: the compact chart takes
    # the height of the element it is drawn in; the board's own grows with the number of groups.
    if not compact:
        layered = layered.properties(height=170 + 64 * n)
    return (
        layered.properties(title=t("board_chart_title", lang))
        .configure_axis(labelFontSize=18, titleFontSize=18, grid=True)
        .configure_title(fontSize=24, anchor="start")
        .configure_view(stroke=None)
        .to_dict()
    )
