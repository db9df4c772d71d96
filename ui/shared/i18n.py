"""Translations and number formats: every visible string comes from data/i18n.toml via t()."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

import data
from ui.session.dataset import dataset

log = logging.getLogger(__name__)
LANGS = data.LANGS
DEFAULT_LANG = "zh"
# Tests switch this on (tests/conftest.py): a missing key raises there. In the app a missing key
# shows the key itself and logs it, so one forgotten text never stops a page.
STRICT = False


class MissingTextError(KeyError):
    """A translation key that no file in data/meta.toml's i18n_files defines."""


def t(key: str, lang: str, **values: Any) -> str:
    """The text for `key` in `lang`, with {placeholders} filled; for n=1, `key`_one if the tables have it.
    A missing key: the key itself (logged), or MissingTextError under STRICT."""
    text_of = dataset().text
    if values.get("n") == 1 and f"{key}_one" in text_of:  # "1 scenario", not "1 scenarios": the singular where given
        key = f"{key}_one"
    entry = text_of.get(key)
    if entry is None:
        if STRICT:
            raise MissingTextError(f"no translation for {key!r} (add it to a file in data/meta.toml's i18n_files)")
        log.warning("no translation for %r; showing the key", key)
        return key
    text = entry[lang]
    return text.format(**values) if values else text


def pick(labels: Mapping[str, str], lang: str) -> str:
    """A {zh, en} label from data/ in the current language."""
    return labels[lang]


def yi_yuan(value: float, lang: str, decimals: int = 2) -> str:
    """亿元 in Chinese; billion yuan in English (1亿元 = 0.1 billion yuan)."""
    if not math.isfinite(value):
        return "–"
    if lang == "zh":
        return f"{value:,.{decimals}f}亿元"
    return f"{value / 10:,.{decimals + 1}f} bn yuan" if abs(value) < 100 else f"{value / 10:,.{decimals}f} bn yuan"


def yi_yuan_number(value: float, lang: str) -> str:
    """The number alone, in the language's unit (亿元 or billion yuan): for labels that carry the unit."""
    if not math.isfinite(value):
        return "–"
    return f"{value:,.2f}" if lang == "zh" else f"{value / 10:,.2f}"


def pct(share: float, decimals: int = 1, signed: bool = False) -> str:
    """A share shown as percent: 0.031 -> 3.1%."""
    if not math.isfinite(share):
        return "–"
    value = round(100 * share, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{value:+.{decimals}f}%" if signed else f"{value:.{decimals}f}%"


def pp(points: float, lang: str, decimals: int = 2) -> str:
    """Percentage points: 个百分点 / pp."""
    if not math.isfinite(points):
        return "–"
    value = round(points, decimals) + 0.0
    return f"{value:+.{decimals}f}" + ("个百分点" if lang == "zh" else " pp")


def count(value: float, lang: str, unit: str = "") -> str:
    """Whole numbers with separators; unit from units.toml when given. A plain count takes no word: its label names
    what is counted, and the measure word differs by item (家, 套, 个), so "≥ 9,540", not "≥ 9,540 count"."""
    if not math.isfinite(value):
        return "–"
    text = f"{round(value):,}"
    if unit and unit != "count":
        suffix = dataset().units[unit][lang]
        text = f"{text}{suffix}" if lang == "zh" else f"{text} {suffix}"
    return text
