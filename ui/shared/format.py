"""One formatter per unit: a value, a change, a target and its gap, and a card's target line, in the reader's language.

Units are those of data/units.toml (plus "pp" for percentage points). Rates are stored as shares
and shown as percent. The number primitives (pct, pp, count, yi_yuan) live in ui.shared.i18n; this
module decides which one a unit uses, so every view writes a unit the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

import data
from data.outputs_loader import Output
from model import Result, input_targets
from ui.session.dataset import dataset
from ui.shared.i18n import count, pct, pp, t, yi_yuan, yi_yuan_number

PERCENT_UNITS = ("growth", "share")  # stored as shares, shown as percent
COUNT_UNITS = ("count", "persons", "mu")  # whole numbers, with the unit's word


def outputs() -> Mapping[str, Output]:
    """Every model output a view shows, with its unit and format (data/outputs.toml)."""
    return dataset().outputs


def fmt(value: float, unit: str, lang: str, decimals: int = 1, signed: bool | None = None) -> str:
    """A value in its unit: +11.8% (growth, signed), 35.0% (share), 1,860.06亿元, 30,000人, 0.85 (other units).

    decimals: digits after the point for percent and percentage points (levels and counts keep theirs).
    signed: whether a rate carries its sign (default: growth yes, share no).
    """
    if unit in PERCENT_UNITS:
        return pct(value, decimals, signed=(unit == "growth") if signed is None else signed)
    if unit == "yi_yuan":
        return yi_yuan(value, lang)
    if unit in COUNT_UNITS:
        return count(value, lang, unit)
    if unit == "pp":
        return pp(value, lang, decimals)
    return f"{value:.2f}"  # elasticity, per_pp, ratio: plain numbers


def param_text(param_id: str, value: float, lang: str, decimals: int = 2) -> str:
    """A parameter's value as a user reads it, in the parameter's unit from data/parameters.toml."""
    return fmt(value, dataset().params[param_id].unit, lang, decimals)


def output_text(output_id: str, value: float, lang: str) -> str:
    """A model output's value in its unit and format (data/outputs.toml)."""
    o = outputs()[output_id]
    return fmt(value, o.unit, lang, o.decimals, o.signed)


def card_value(output_id: str, value: float, lang: str) -> str:
    """A card's value: as output_text with the card's sign, and levels as a bare number (the card's label has the unit)."""
    o = outputs()[output_id]
    if o.unit == "yi_yuan":
        return yi_yuan_number(value, lang)
    return fmt(value, o.unit, lang, o.decimals, o.card.signed if o.card else o.signed)


def change(delta: float, unit: str, lang: str) -> str:
    """A signed difference in `unit`: percentage points for rates, the number of 亿元 (or billion
    yuan) for levels, whole numbers for counts. The unit of a level is left to the label."""
    if unit in PERCENT_UNITS:
        return pp(100 * delta, lang)
    if unit == "yi_yuan":
        return ("+" if delta >= 0 else "-") + yi_yuan_number(abs(delta), lang)
    return f"{delta:+,.0f}"


def target_value(value: float, unit: str, lang: str, with_unit: bool = True) -> str:
    """A target's level, unsigned (a goal reads "≥ 5.0%", not "≥ +5.0%"); counts without their word if asked."""
    if unit in PERCENT_UNITS:
        return pct(value)
    if unit in COUNT_UNITS and not with_unit:
        return count(value, lang)
    return fmt(value, unit, lang)


def goal(value: float, unit: str, lang: str, with_unit: bool = True) -> str:
    """A target as a goal: "≥ 5.0%", "≥ 30,000人"."""
    return "≥ " + target_value(value, unit, lang, with_unit)


def target_status(target_id: str, outcome, lang: str) -> str:
    """The status words: met / about met (targets written 左右) / not met; for a target on a lever
    the user sets (FAI, retail), whether the setting meets it (an input, not a projection)."""
    if target_id in input_targets():
        return t("status_input_met", lang) if bool(outcome.met) else t("status_input_not_met", lang)
    return t(f"status_{outcome.status}", lang)


def origin(target: data.Target, lang: str, short: bool = False) -> str:
    """Who set a target: the district's report, or the city's default."""
    who = "city" if target.origin == "city_default" else "district"
    return t(f"origin_{who}_short" if short else f"origin_{who}", lang)


def target_line(result: Result, target_id: str, lang: str) -> str:
    """Under a card: met or not, the goal, the gap to it and who set it."""
    outcome, target = result.targets[target_id], dataset().targets[target_id]
    return t("target_line", lang, status=target_status(target_id, outcome, lang),
             goal=target_value(outcome.target, target.unit, lang, with_unit=False),
             gap=change(float(outcome.gap), target.unit, lang), origin=origin(target, lang, short=True))


# ------------------------------------------------------------------ a parameter's display scale (widgets)


def scale(param_id: str) -> float:
    """Rates are shown in percent on screen, stored as shares."""
    return 100.0 if dataset().params[param_id].unit in PERCENT_UNITS else 1.0


def to_display(param_id: str, value: float) -> float:
    return round(value * scale(param_id), 6)


def from_display(param_id: str, shown: float) -> float:
    p = dataset().params[param_id]
    value = round(float(shown) / scale(param_id), 9)
    return min(max(value, p.min), p.max)
