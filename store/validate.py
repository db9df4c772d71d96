"""Checks on what a user types into the scenario library: limits, reasons, and the one error type."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from model import Problem, Scenario, parse_scenario

# Storage limits in characters (code points, as Python's len and PostgreSQL's varchar count them).
WORKSHOP_CODE_MAX = 32
NAME_MAX = 80
GROUP_MAX = 80
NOTE_MAX = 500

# ASCII only, checked before upper-casing: str.upper() turns some non-ASCII letters into ASCII ("ﬀ" -> "FF").
_WORKSHOP_CODE_CHARS = re.compile(r"[A-Za-z0-9_-]+")

REASONS = ("empty", "too_long", "bad_chars", "not_text", "bad_values")

# Invisible characters that make two identical-looking names differ, or turn a label around on
# screen: zero-width space/joiners, word joiner, BOM, and the bidirectional embeddings, overrides,
# isolates and marks. Removed from names, groups and codes; a note keeps all but the direction controls.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DIRECTION = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROP_ALL = str.maketrans("", "", _INVISIBLE + _DIRECTION)
_DROP_DIRECTION = str.maketrans("", "", _DIRECTION)

# Look-alikes folded together when a typed code matches no workshop ("did you mean"): separators
# are ignored, O reads as 0 and I, L as 1. Generated codes avoid all of these characters.
_SKELETON = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, "_": None, " ": None, ".": None})


class StoreError(Exception):
    """The scenario library cannot do what was asked (e.g. the database is newer than this code)."""


class StoreValidationError(StoreError, ValueError):
    """A field the user typed cannot be saved. `field` and `reason` are machine-readable for the UI.

    reason: "empty", "too_long", "bad_chars" (NUL, lone surrogates, or outside a code's alphabet),
    "not_text", or "bad_values" (then `problems` lists the model.Problem entries).
    """

    def __init__(self, field: str, reason: str, limit: int | None = None, problems: tuple[Problem, ...] = ()):
        self.field = field
        self.reason = reason
        self.limit = limit
        self.problems = problems
        detail = f" (limit {limit} characters)" if limit is not None else ""
        if problems:
            detail = ": " + ", ".join(f"{p.key} {p.reason}" for p in problems)
        super().__init__(f"{field}: {reason}{detail}")


def _has_bad_chars(text: str) -> bool:
    # NUL is not allowed in PostgreSQL text; a lone surrogate cannot be encoded as UTF-8 by any backend.
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


def check_text(field: str, value: Any, limit: int, required: bool) -> str:
    """The text exactly as given (no stripping, no escaping), or StoreValidationError.

    A required field that is empty or only whitespace is "empty"; length is counted in code points.
    """
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise StoreValidationError(field, "not_text")
    if required and not value.strip():
        raise StoreValidationError(field, "empty")
    if len(value) > limit:
        raise StoreValidationError(field, "too_long", limit=limit)
    if _has_bad_chars(value):
        raise StoreValidationError(field, "bad_chars")
    return value


def clean_label(value: str) -> str:
    """A name or group as people see it: NFKC (full-width letters as ASCII), invisible and direction characters removed."""
    return unicodedata.normalize("NFKC", value).translate(_DROP_ALL)


def clean_note(value: str) -> str:
    """A note with the direction overrides removed (they would turn the text around on screen); otherwise literal."""
    return value.translate(_DROP_DIRECTION)


def code_skeleton(code: str) -> str:
    """What a code looks like, for "did you mean": upper-case, separators dropped, look-alikes folded."""
    return code.upper().translate(_SKELETON)


def normalise_workshop_code(raw: Any) -> str:
    """NFKC, invisible characters removed, stripped and upper-cased (" hd2025-a " -> "HD2025-A").

    1..32 of A-Z 0-9 - _, else StoreValidationError.
    """
    if not isinstance(raw, str):
        raise StoreValidationError("workshop_code", "not_text")
    if _has_bad_chars(raw):
        raise StoreValidationError("workshop_code", "bad_chars")
    code = unicodedata.normalize("NFKC", raw).translate(_DROP_ALL).strip()
    if not code:
        raise StoreValidationError("workshop_code", "empty")
    if len(code) > WORKSHOP_CODE_MAX:
        raise StoreValidationError("workshop_code", "too_long", limit=WORKSHOP_CODE_MAX)
    if not _WORKSHOP_CODE_CHARS.fullmatch(code):
        raise StoreValidationError("workshop_code", "bad_chars")
    return code.upper()


def check_values(values: Scenario | Mapping[str, Any]) -> dict[str, float]:
    """Every field of the scenario as plain floats, or StoreValidationError("values", "bad_values").

    The full set is stored, not only the changed fields, so a saved scenario keeps its meaning
    when a later data version moves a default.
    """
    if isinstance(values, Scenario):
        try:
            values = values.to_dict()
        except (TypeError, ValueError):  # an array-valued (sweep) scenario has no single set of values
            raise StoreValidationError("values", "bad_values") from None
    if not isinstance(values, Mapping):
        raise StoreValidationError("values", "bad_values")
    scenario, problems = parse_scenario(values)
    if problems:
        raise StoreValidationError("values", "bad_values", problems=tuple(problems))
    return scenario.to_dict()
