"""The scenario: every lever and assumption of one 2025 what-if, with defaults and checks from data/.

A Scenario is a frozen dataclass (hashable, so the UI can cache on it) whose fields are the
entries of data/parameters.toml, declared in model/scenario_fields.py (generated from the data by
`python -m model.scenario_fields_gen`; a test holds the two equal), so a type checker sees them.
Any field may also be a numpy array, which makes `simulate` run a whole sweep or Monte Carlo in one call.
`parse_scenario` turns untrusted text (URL, JSON upload, CLI) into a Scenario plus a list of
problems, never an exception: each bad value is replaced by its default and reported.
Nothing here reads data/ at import: the ranges and presets are read on first use.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from model.scenario_fields import FIELDS, ScenarioFields


def _dataset():
    """data/'s Dataset (loaded once per process, on first use)."""
    import data

    return data.load()


def params() -> Mapping[str, Any]:
    """data/parameters.toml's entries by id (ranges, steps, sd), read on first use, not at import."""
    return _dataset().params


@dataclass(frozen=True)
class Scenario(ScenarioFields):
    """All inputs of one 2025 scenario, by id of data/parameters.toml. Rates are shares (0.05 = 5%)."""

    @classmethod
    def baseline(cls) -> Scenario:
        """The default scenario: 2024's pattern continues, assumptions at their central values."""
        return cls()

    @classmethod
    def from_preset(cls, preset_id: str) -> Scenario:
        return cls(**_dataset().presets[preset_id].values)

    def replace(self, **changes: Any) -> Scenario:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, float]:
        """Plain floats by field name (scalar scenarios only): for JSON, URLs and the database."""
        return {f.name: float(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def changed_from_default(self) -> dict[str, float]:
        """Only the fields that differ from their defaults: keeps shared URLs short."""
        default = type(self)()
        return {k: v for k, v in self.to_dict().items() if v != getattr(default, k)}


@dataclass(frozen=True)
class Problem:
    """One input that could not be used. `reason`: unknown / not_a_number / out_of_range / too_long."""

    key: str
    reason: str
    value: str


MAX_VALUE_CHARS = 64

# Decimal points NFKC leaves alone: Arabic (and Persian) "٫", the ideographic full stop "。" (and
# "｡", which NFKC turns into it). Full-width "．" and small "﹒" are already "." after NFKC.
_DECIMAL_POINTS = str.maketrans({"\u066b": ".", "\u3002": "."})
# Digit grouping is refused, not dropped: "1,005" is a thousand and five or one and five thousandths,
# depending on who typed it. float() refuses "," "٬" and spaces itself, but reads "1_005" as 1005.
_GROUPING = frozenset("_\u066c")


def _makes_digits(ch: str) -> bool:
    """A character that is not itself a digit but NFKC turns into one: "²" "①" "⑴" "⒈" (not "５", a digit already)."""
    return not ch.isdecimal() and any(c.isdecimal() for c in unicodedata.normalize("NFKC", ch))


def number_from_text(raw: str) -> float:
    """A typed number in any script's decimal digits: "0.05", "５", "１２．５", "٠٫٠٥", "۰٫۱"; else ValueError.

    NFKC folds full-width forms ("１２．５", "－５") to ASCII; then the decimal points of other scripts
    become "."; float() reads digits of every script itself. Superscripts and circled numbers are
    refused rather than read ("0.1²" is not 0.12), and so are "零点一", emoji and grouped digits.
    """
    if any(_makes_digits(ch) for ch in raw):
        raise ValueError("not_a_number")
    text = unicodedata.normalize("NFKC", raw).translate(_DECIMAL_POINTS).strip()
    if _GROUPING.intersection(text):
        raise ValueError("not_a_number")
    return float(text)


def parse_value(key: str, raw: Any) -> float:
    """A finite float within the parameter's valid range, or ValueError(reason)."""
    param = _dataset().params[key]
    if isinstance(raw, bool):
        raise ValueError("not_a_number")
    if isinstance(raw, str):
        if len(raw) > MAX_VALUE_CHARS:
            raise ValueError("too_long")
        try:
            number = number_from_text(raw)
        except ValueError:
            raise ValueError("not_a_number") from None
    elif isinstance(raw, (int, float)):
        number = float(raw)
    else:
        raise ValueError("not_a_number")
    if not math.isfinite(number):
        raise ValueError("not_a_number")
    if number == 0.0:
        number = 0.0  # -0 becomes 0, so the same scenario always has the same URL
    if not param.contains(number):
        raise ValueError("out_of_range")
    return number


def parse_scenario(values: Mapping[str, Any], base: Scenario | None = None) -> tuple[Scenario, list[Problem]]:
    """Untrusted mapping -> (Scenario, problems). Unknown keys and bad values are dropped and reported."""
    base = base or Scenario()
    good: dict[str, float] = {}
    problems: list[Problem] = []
    for key, raw in values.items():
        shown = str(raw)[:MAX_VALUE_CHARS]
        if key not in FIELDS:
            problems.append(Problem(str(key)[:MAX_VALUE_CHARS], "unknown", shown))
            continue
        try:
            good[key] = parse_value(key, raw)
        except ValueError as exc:
            problems.append(Problem(key, str(exc), shown))
    return base.replace(**good), problems
