"""The checked upload of a scenario file (pure, no streamlit): linear in the file's size, limits before any other work.

The policy is all-or-nothing: a file with any problem is rejected whole and every problem is
listed, so a restore never half-applies. Settings a valid file leaves out take their defaults, as
in a shared link. Text from the file is repeated in messages only after it is cut short and made
printable (a lone surrogate or a control character becomes a visible \\uXXXX escape).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from model import FIELDS, parse_value
from ui.session.dataset import dataset
from ui.session.url import editable_targets
from ui.session.url import version as data_version
from ui.shared.i18n import t

MAX_UPLOAD_BYTES = 1_000_000  # "1 MB": larger files are refused before they are read
MAX_JSON_DEPTH = 4  # {"values": {...}} needs 2; anything deeper is not our format
MAX_KEYS = 64  # per object, checked as each object is read: a file of 100,000 keys stops at the first big object
MAX_SHOWN_CHARS = 64  # how much of a bad key or value a message repeats
VERSION_MAX_CHARS = 32
TOP_LEVEL_KEYS = ("version", "values", "targets")
_UNSHOWABLE = ("Cs", "Cc", "Cf", "Co", "Cn")  # surrogates, controls, format (bidi, zero-width), private, unassigned
_SIGNIFICANT = re.compile(r'["\\\[\]{}]')  # the only characters that open or close a string or a level


@dataclass(frozen=True)
class UploadProblem:
    """Why (part of) an uploaded file cannot be used. `where` and `value` are the file's own text, made printable.

    reason: too_large / not_utf8 / not_json / too_deep / duplicate_key / not_object / missing_values /
    missing_version / bad_version / unknown_key / too_many / not_a_number / out_of_range / too_long /
    no_values / bad_text.
    """

    reason: str
    where: str = ""
    value: str = ""


@dataclass(frozen=True)
class ParsedUpload:
    """An uploaded scenario file: what it holds (when ok) and what is wrong with it."""

    values: Mapping[str, float] = field(default_factory=dict)
    targets: Mapping[str, float] = field(default_factory=dict)
    version: str = ""
    problems: tuple[UploadProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def other_version(self) -> bool:
        """Saved by another data/model version: still usable, its values were checked against this one's ranges."""
        return self.ok and self.version != data_version()


class _Refused(ValueError):
    """Raised from inside the JSON reader: stop reading, this problem rejects the file."""

    def __init__(self, problem: UploadProblem):
        self.problem = problem
        super().__init__(problem.reason)


def printable(text: str) -> str:
    """Text safe to show: every unprintable character (lone surrogate, control, bidi override) as \\uXXXX."""
    return "".join(ch if unicodedata.category(ch) not in _UNSHOWABLE else f"\\u{ord(ch):04x}"
                   for ch in text)


def _has_unshowable(text: str) -> bool:
    return any(unicodedata.category(ch) in _UNSHOWABLE for ch in text)


def _shown(raw: Any) -> str:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)[:MAX_SHOWN_CHARS * 2]
    cut = text[:MAX_SHOWN_CHARS]
    return printable(cut) + ("…" if len(text) > MAX_SHOWN_CHARS else "")


def _deeper_than(text: str, limit: int) -> bool:
    """Whether [ and { outside strings nest more than `limit` deep, read before json.loads.

    Measured without recursion, on the raw text, stopping at the first bracket past the limit: a
    recursive walk of the parsed document crashed the page on 2.7 kB of 450 nested levels, and
    json.loads itself recurses once per level. Linear: each significant character is looked at
    once. For well-formed JSON this is exactly the document's depth.
    """
    depth, in_string, escaped_at = 0, False, -1
    for match in _SIGNIFICANT.finditer(text):
        at, ch = match.start(), match.group()
        if at == escaped_at:  # the character after a backslash inside a string (\" or \\)
            continue
        if in_string:
            if ch == "\\":
                escaped_at = at + 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1  # unbalanced closers are json.loads's to refuse
    return False


def _checked_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Each object as it is read: the key limit first, then duplicates and unshowable keys (a set: linear)."""
    if len(pairs) > MAX_KEYS:
        raise _Refused(UploadProblem("too_many", "…", f"{len(pairs):,}"))
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Refused(UploadProblem("duplicate_key", _shown(key)))
        if _has_unshowable(key):
            raise _Refused(UploadProblem("bad_text", _shown(key)))
        seen.add(key)
    return dict(pairs)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity, -Infinity are not JSON


def _is_number(raw: Any) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _check_values(raw: Any, problems: list[UploadProblem]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(UploadProblem("not_object", "values", _shown(raw)))
        return {}
    if not raw:
        problems.append(UploadProblem("no_values", "values"))
    good = {}
    for key, value in raw.items():
        where = f"values.{_shown(key)}"
        if key not in FIELDS:
            problems.append(UploadProblem("unknown_key", where, _shown(value)))
        elif not _is_number(value):
            problems.append(UploadProblem("not_a_number", where, _shown(value)))
        else:
            try:
                good[key] = parse_value(key, value)
            except ValueError as exc:  # reason: not_a_number (inf) or out_of_range
                problems.append(UploadProblem(str(exc), where, _shown(value)))
    return good


def _check_targets(raw: Any, problems: list[UploadProblem]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(UploadProblem("not_object", "targets", _shown(raw)))
        return {}
    good = {}
    for key, value in raw.items():
        where = f"targets.{_shown(key)}"
        if key not in editable_targets():
            problems.append(UploadProblem("unknown_key", where, _shown(value)))
        elif not _is_number(value) or not math.isfinite(value):
            problems.append(UploadProblem("not_a_number", where, _shown(value)))
        elif not dataset().targets[key].min <= value <= dataset().targets[key].max:
            problems.append(UploadProblem("out_of_range", where, _shown(value)))
        else:
            good[key] = float(value) + 0.0
    return good


def _version(document: dict[str, Any], problems: list[UploadProblem]) -> str:
    version = document.get("version")
    if version is None:
        problems.append(UploadProblem("missing_version", "version"))
        return ""
    if not isinstance(version, str) or not version or len(version) > VERSION_MAX_CHARS:
        problems.append(UploadProblem("bad_version", "version", _shown(version)))
        return ""
    if _has_unshowable(version):
        problems.append(UploadProblem("bad_text", "version", _shown(version)))
        return ""
    return version


def parse_scenario_upload(content: bytes) -> ParsedUpload:
    """Check an uploaded scenario file completely; never raises. Any problem rejects the whole file."""
    if len(content) > MAX_UPLOAD_BYTES:
        return ParsedUpload(problems=(UploadProblem("too_large", value=f"{len(content):,}"),))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedUpload(problems=(UploadProblem("not_utf8"),))
    if _deeper_than(text, MAX_JSON_DEPTH):
        return ParsedUpload(problems=(UploadProblem("too_deep"),))
    try:
        document = json.loads(text, object_pairs_hook=_checked_object, parse_constant=_reject_constant)
    except _Refused as refused:
        return ParsedUpload(problems=(refused.problem,))
    except RecursionError:  # cannot happen after the depth scan; kept so no file can ever raise
        return ParsedUpload(problems=(UploadProblem("too_deep"),))
    except ValueError:  # JSONDecodeError, NaN/Infinity, integers too long to convert
        return ParsedUpload(problems=(UploadProblem("not_json"),))
    if not isinstance(document, dict):
        return ParsedUpload(problems=(UploadProblem("not_object", "(file)", _shown(document)),))

    problems = [UploadProblem("unknown_key", _shown(key)) for key in document if key not in TOP_LEVEL_KEYS]
    version = _version(document, problems)
    if "values" not in document:
        problems.append(UploadProblem("missing_values", "values"))
        values = {}
    else:
        values = _check_values(document["values"], problems)
    targets = _check_targets(document["targets"], problems) if "targets" in document else {}
    if problems:
        return ParsedUpload(version=version, problems=tuple(problems))
    return ParsedUpload(values=values, targets=targets, version=version)


def upload_problem_line(problem: UploadProblem, lang: str) -> str:
    """One problem in words (contains the file's own text: show it with st.text, never as Markdown)."""
    return t(f"ws_upload_{problem.reason}", lang, where=problem.where, value=problem.value,
             limit=f"{MAX_UPLOAD_BYTES:,}")
