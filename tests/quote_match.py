"""Does a quoted phrase hold a figure? The one check behind every quote test in tests/test_data_*.

Numbers are matched whole, on digit boundaries ("121" is not in "1210", "1.1" is not in "1.15"),
read with the unit written after them (亿元, 万亿, billion, 万, million, %, a:b:c ratio parts) and, for
growth rates, with the sign the words give (增长 / 下降 / up / down / 増加 / 減少, an explicit
minus, or "分别下降 a、b" carrying the sign of the words along a list; a number's own minus sign is
its own: in "分别为-0.2%、6.0%" the 6.0 is positive). Only figures of the entry's unit count,
and if the quote holds more than one of them the entry must say which with `as_written` (the
exact text of its figure in the quote), so a value cannot pass by matching a neighbour.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(r"(?<![\d.])[-−+]?\d+(?:\.\d+)?(?!\d)")
_NEGATIVE = ("下降", "下跌", "减少", "回落", "降", "減少", "減", "down", "decrease", "decline", "fell", "drop",
             "plummet", "-", "−")
_POSITIVE = ("增长", "增長", "增速", "增加", "上涨", "上漲", "上升", "提高", "増加", "増", "增", "up", "increase",
             "growth", "grew", "rose", "+")
_JOINERS = set("和、,，及与與 ") | {"and"}
# written unit after a number -> (kind, multiplier into the entry's unit)
_SUFFIXES = (
    ("%", ("pct", 1.0)), ("％", ("pct", 1.0)), ("percent", ("pct", 1.0)),
    ("万亿", ("yi", 1e4)), ("萬億", ("yi", 1e4)), ("trillion", ("yi", 1e4)),
    ("亿美元", ("usd_yi", 1.0)), ("億美元", ("usd_yi", 1.0)), ("億ドル", ("usd_yi", 1.0)),
    ("亿", ("yi", 1.0)), ("億", ("yi", 1.0)), ("billion", ("yi", 10.0)),
    ("万", ("scaled", 1e4)), ("萬", ("scaled", 1e4)), ("million", ("scaled", 1e6)),
)
_NOT_A_FIGURE = ("年", "月", "日", "号", "倍", "个百分点", "個百分點", "th", "st", "nd", "rd")
# the entry's unit -> the written kinds it accepts and the factor from the written number
UNIT_READING = {
    "growth": {"pct": 0.01},
    "share": {"pct": 0.01, "ratio": 0.01},
    "yi_yuan": {"yi": 1.0, "wan_yuan": 1e-4},  # wan_yuan: bare numbers under a 万元 table header
    "yi_usd": {"usd_yi": 1.0},
    "persons": {"bare": 1.0, "scaled": 1.0},
    "count": {"bare": 1.0, "scaled": 1.0},
    "mu": {"bare": 1.0, "scaled": 1.0},
    "index": {"bare": 1.0},  # a price index, previous year = 100, written as a bare number
}
SIGNED_UNITS = ("growth",)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    number: float  # as written, sign included
    kind: str
    factor: float


def normalise(text: str) -> str:
    """Thousands commas and the Japanese decimal dot (4・2) read as plain digits."""
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return re.sub(r"(?<=\d)・(?=\d)", ".", text)


def _kind(text: str, end: int, start: int) -> tuple[str, float] | None:
    after = text[end:end + 12].lstrip(" ")
    if start > 0 and text[start - 1] == ":" or after.startswith(":"):
        return "ratio", 1.0
    for word, reading in _SUFFIXES:
        if after.startswith(word):
            return reading
    if after.startswith(_NOT_A_FIGURE) or re.match(r"[A-Za-z]", text[end:end + 1]):
        return None
    return "bare", 1.0


def _sign(text: str, token_start: int, token_end: int, previous: tuple[int, float | None] | None) -> float:
    """The sign the words give a number; previous: the end of the number before it and the sign it
    passes along a list (None where that number's sign was its own written minus or plus)."""
    written = text[token_start]
    if written in "-−":
        return -1.0
    if written == "+":
        return 1.0
    window_start = max(0, token_start - 14, previous[0] if previous else 0)
    before = text[window_start:token_start]
    best, sign = -1, 0.0
    for cues, s in ((_NEGATIVE, -1.0), (_POSITIVE, 1.0)):
        for cue in cues:
            at = before.rfind(cue)
            if at >= 0 and at + len(cue) > best:
                best, sign = at + len(cue), s
    if sign:
        return sign
    if (previous and previous[1] is not None and before.strip("%％ ")
            and set(before.replace("%", "").replace("％", "")) <= set("".join(_JOINERS))):
        return previous[1]
    after = text[token_end:token_end + 6]
    if any(cue in after for cue in ("減少", "減", "down", "decrease")):
        return -1.0
    return 1.0


def tokens(text: str) -> list[Token]:
    """Every figure in a text: its place, signed number, written kind and multiplier."""
    out: list[Token] = []
    previous: tuple[int, float | None] | None = None
    for m in _NUMBER.finditer(text):
        kind = _kind(text, m.end(), m.start())
        raw = m.group().replace("−", "-")
        magnitude = abs(float(raw))
        sign = _sign(text, m.start(), m.end(), previous)
        previous = (m.end(), None if raw[0] in "+-" else sign)
        if kind is not None:
            out.append(Token(m.start(), m.end(), sign * magnitude, kind[0], kind[1]))
    return out


def problem(value: float, unit: str, quote: str, as_written: str = "", bare_unit: str = "") -> str | None:
    """None if `quote` holds `value` in `unit` (at `as_written`, if given); otherwise why not.
    bare_unit: the written kind a table header gives to bare numbers ("yi" 亿元, "wan_yuan" 万元, "pct" %)."""
    text = normalise(quote)
    reading = UNIT_READING.get(unit)
    if reading is None:
        return f"unit '{unit}' cannot be read from words"
    found = [Token(t.start, t.end, t.number, bare_unit, 1.0) if bare_unit and t.kind == "bare" else t
             for t in tokens(text)]
    found = [t for t in found if t.kind in reading]
    if as_written:
        written = normalise(as_written)
        spans = [(m.start(), m.start() + len(written)) for m in re.finditer(re.escape(written), text)]
        if not spans:
            return f"as_written {as_written!r} is not in the quote"
        found = [t for t in found if any(a <= t.start and t.end <= b for a, b in spans)]
    if not found:
        return f"no figure in {unit} in {as_written or quote!r}"
    if len(found) > 1:
        return f"{len(found)} figures in {unit}: name the one meant with as_written"
    t = found[0]
    number = t.number if unit in SIGNED_UNITS else abs(t.number)
    read = number * t.factor * reading[t.kind]
    if not math.isclose(read, value, rel_tol=1e-9, abs_tol=1e-12):
        return f"the quote says {read:g} ({text[t.start:t.end + 4]!r}), the entry {value:g}"
    return None
