"""The outputs part of the one loader: data/outputs.toml, checked (units, targets, cards, compare rows).

One entry per model output a view shows: its labels, unit and display format, the target read
against it, and where it appears (card, compare table and chart, Monte Carlo, results CSV).
That every id is a field of model.Result is tested (tests/test_data_outputs.py): the loader
reads no model code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from data.checks import DataError, bilingual, entries, need, read, unit

FILE = "outputs.toml"
CARD_SUFFIXES = ("yoy", "nominal")  # the i18n words after a card's growth delta
_FIELDS = {"id", "label", "short", "unit", "decimals", "signed", "target", "in_results", "card", "compare",
           "monte_carlo"}


@dataclass(frozen=True)
class Card:
    """An outcome card: its place, its label key (help: key + "_help") and its delta.

    The delta is the change against a 2024 baseline figure (`baseline`, "vs 2024"), or a growth
    output shown beside the level (`growth_output` with `suffix`, "y/y" or "nominal y/y")."""

    order: int
    key: str
    signed: bool
    baseline: str = ""
    growth_output: str = ""
    suffix: str = ""
    target: str = ""  # the target its caption reads: its output's, else its growth output's ("" if none)


@dataclass(frozen=True)
class Output:
    id: str
    label: Mapping[str, str]
    short: Mapping[str, str]  # the compare and Monte Carlo tables' name (the label unless shorter)
    unit: str
    decimals: int
    signed: bool
    target: str  # "" if no target reads this output
    in_results: bool
    card: Card | None
    compare_order: int | None  # its row in the compare table, None if not compared
    compare_chart: bool
    monte_carlo: bool


def _card(where: str, raw: Any, signed: bool, figures: Mapping[str, Any]) -> Card:
    where = f"{where}.card"
    if not isinstance(raw, dict):
        raise DataError(FILE, where, "must be a table")
    order = need(FILE, where, raw, "order", int)
    key = need(FILE, where, raw, "key", str)
    delta = need(FILE, where, raw, "delta", dict)
    card_signed = raw.get("signed", signed)
    if not isinstance(card_signed, bool):
        raise DataError(FILE, f"{where}.signed", "must be true or false")
    if "baseline" in delta:
        baseline = need(FILE, f"{where}.delta", delta, "baseline", str)
        if baseline not in figures:
            raise DataError(FILE, f"{where}.delta.baseline", f"'{baseline}' is not a figure of baseline.toml")
        return Card(order, key, card_signed, baseline=baseline)
    growth = need(FILE, f"{where}.delta", delta, "output", str)
    suffix = need(FILE, f"{where}.delta", delta, "suffix", str)
    if suffix not in CARD_SUFFIXES:
        raise DataError(FILE, f"{where}.delta.suffix", f"must be one of {', '.join(CARD_SUFFIXES)}")
    return Card(order, key, card_signed, growth_output=growth, suffix=suffix)


def _compare(where: str, raw: Any) -> tuple[int | None, bool]:
    if raw is None:
        return None, False
    if not isinstance(raw, dict):
        raise DataError(FILE, f"{where}.compare", "must be a table { order, chart }")
    return need(FILE, f"{where}.compare", raw, "order", int), need(FILE, f"{where}.compare", raw, "chart", bool)


def _flag(where: str, entry: Mapping[str, Any], key: str, default: bool) -> bool:
    return need(FILE, where, entry, key, bool) if key in entry else default


def load_outputs(folder: Path, units: Mapping[str, Any], targets: Mapping[str, Any], figures: Mapping[str, Any]) -> Mapping[str, Output]:
    """Read and check data/outputs.toml against the units, the targets and the baseline figures."""
    out: dict[str, Output] = {}
    for e in entries(FILE, read(folder, FILE), "output"):
        where = e["id"]
        extra = set(e) - _FIELDS
        if extra:
            raise DataError(FILE, f"{where}.{sorted(extra)[0]}", "unknown field")
        unit_id = unit(FILE, where, e, units)
        label = bilingual(FILE, where, e, "label")
        target = e.get("target", "")
        if target:
            if target not in targets or not targets[target].projected:
                raise DataError(FILE, f"{where}.target", f"'{target}' is not a projected target of targets.toml")
            if targets[target].output != where:
                raise DataError(FILE, f"{where}.target",
                                     f"'{target}' reads output '{targets[target].output}' in targets.toml, not this one")
        signed = _flag(where, e, "signed", unit_id == "growth")
        compare_order, compare_chart = _compare(where, e.get("compare"))
        out[where] = Output(
            id=where, label=label, short=bilingual(FILE, where, e, "short") if "short" in e else label,
            unit=unit_id, decimals=need(FILE, where, e, "decimals", int) if "decimals" in e else 1, signed=signed,
            target=target, in_results=_flag(where, e, "in_results", True),
            card=_card(where, e["card"], signed, figures) if "card" in e else None,
            compare_order=compare_order, compare_chart=compare_chart, monte_carlo=_flag(where, e, "monte_carlo", False),
        )
    _check_links(out)
    for o in out.values():
        if o.card:
            target = o.target or (out[o.card.growth_output].target if o.card.growth_output else "")
            out[o.id] = replace(o, card=replace(o.card, target=target))
    return MappingProxyType(out)


def _check_links(outputs: Mapping[str, Output]) -> None:
    """Card deltas name declared growth outputs; card and compare orders are 1..n without gaps."""
    for o in outputs.values():
        if o.card and o.card.growth_output:
            growth = outputs.get(o.card.growth_output)
            if growth is None or growth.unit != "growth":
                raise DataError(FILE, f"{o.id}.card.delta.output",
                                     f"'{o.card.growth_output}' is not a growth output of this file")
    for kind, orders in (("card", [(o.card.order, o.id) for o in outputs.values() if o.card]),
                         ("compare", [(o.compare_order, o.id) for o in outputs.values() if o.compare_order])):
        seen: set[int] = set()
        for order, output_id in orders:  # in the file's order: the first entry out of 1..n or repeated is named
            if not 1 <= order <= len(orders) or order in seen:
                raise DataError(FILE, f"{output_id}.{kind}.order",
                                     f"{kind} orders must be 1 to {len(orders)}, each once (found {order})")
            seen.add(order)


def in_order(outputs: Mapping[str, Output], kind: str) -> tuple[Output, ...]:
    """The outputs on the cards ("card") or in the compare table ("compare"), in their declared order."""
    if kind == "card":
        return tuple(sorted((o for o in outputs.values() if o.card), key=lambda o: o.card.order))
    return tuple(sorted((o for o in outputs.values() if o.compare_order), key=lambda o: o.compare_order))
