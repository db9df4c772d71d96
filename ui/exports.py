"""Exports of one scenario as pure functions (no streamlit): results CSV, scenario JSON and its checked upload, the link.

The one-page brief is ui/brief.py.

The upload policy is all-or-nothing: a file with any problem is rejected whole and every problem
is listed, so a restore never half-applies. Settings a valid file leaves out take their defaults,
as in a shared link.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import data
from model import DEMAND_COMPONENTS, FIELDS, Result, parse_value
from ui.format import OUTPUT_UNITS, PERCENT_UNITS
from ui.i18n import pick, t
from ui.url import EDITABLE_TARGETS, VERSION

_DATA = data.load()

MAX_UPLOAD_BYTES = 1_000_000  # "1 MB": larger files are refused before they are read
MAX_JSON_DEPTH = 4  # {"values": {...}} needs 2; anything deeper is not our format
MAX_KEYS = 64
MAX_SHOWN_CHARS = 64  # how much of a bad key or value a message repeats
VERSION_MAX_CHARS = 32
TOP_LEVEL_KEYS = ("version", "values", "targets")


# ------------------------------------------------------------------ scenario JSON


def scenario_json(values: Mapping[str, float], targets: Mapping[str, float], version: str = VERSION) -> str:
    """The scenario as JSON: {"version": ..., "values": {every field}, "targets": {editable targets}}."""
    document = {
        "version": version,
        "values": {k: float(values[k]) for k in FIELDS if k in values},
        "targets": {k: float(targets[k]) for k in EDITABLE_TARGETS if k in targets},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@dataclass(frozen=True)
class UploadProblem:
    """Why (part of) an uploaded file cannot be used. `where` and `value` are the file's own text: show literally.

    reason: too_large / not_utf8 / not_json / too_deep / duplicate_key / not_object / missing_values /
    missing_version / bad_version / unknown_key / too_many / not_a_number / out_of_range / too_long /
    no_values.
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
        return self.ok and self.version != VERSION


class _DuplicateKey(ValueError):
    pass


def _shown(raw: Any) -> str:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)[:MAX_SHOWN_CHARS * 2]
    return text[:MAX_SHOWN_CHARS] + ("…" if len(text) > MAX_SHOWN_CHARS else "")


def _depth(node: Any) -> int:
    if isinstance(node, dict):
        return 1 + max((_depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((_depth(v) for v in node), default=0)
    return 0


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    for k in keys:
        if keys.count(k) > 1:
            raise _DuplicateKey(k)
    return dict(pairs)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity, -Infinity are not JSON


def _is_number(raw: Any) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _check_values(raw: Any, problems: list[UploadProblem]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(UploadProblem("not_object", "values", _shown(raw)))
        return {}
    if len(raw) > MAX_KEYS:
        problems.append(UploadProblem("too_many", "values", str(len(raw))))
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
    if len(raw) > MAX_KEYS:
        problems.append(UploadProblem("too_many", "targets", str(len(raw))))
        return {}
    good = {}
    for key, value in raw.items():
        where = f"targets.{_shown(key)}"
        if key not in EDITABLE_TARGETS:
            problems.append(UploadProblem("unknown_key", where, _shown(value)))
        elif not _is_number(value) or not math.isfinite(value):
            problems.append(UploadProblem("not_a_number", where, _shown(value)))
        elif not _DATA.targets[key].min <= value <= _DATA.targets[key].max:
            problems.append(UploadProblem("out_of_range", where, _shown(value)))
        else:
            good[key] = float(value) + 0.0
    return good


def parse_scenario_upload(content: bytes) -> ParsedUpload:
    """Check an uploaded scenario file completely; never raises. Any problem rejects the whole file."""
    if len(content) > MAX_UPLOAD_BYTES:
        return ParsedUpload(problems=(UploadProblem("too_large", value=f"{len(content):,}"),))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedUpload(problems=(UploadProblem("not_utf8"),))
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        return ParsedUpload(problems=(UploadProblem("duplicate_key", _shown(str(exc))),))
    except RecursionError:
        return ParsedUpload(problems=(UploadProblem("too_deep"),))
    except ValueError:  # JSONDecodeError, NaN/Infinity, integers too long to convert
        return ParsedUpload(problems=(UploadProblem("not_json"),))
    if not isinstance(document, dict):
        return ParsedUpload(problems=(UploadProblem("not_object", "(file)", _shown(document)),))
    if _depth(document) > MAX_JSON_DEPTH:
        return ParsedUpload(problems=(UploadProblem("too_deep"),))

    problems: list[UploadProblem] = []
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            problems.append(UploadProblem("unknown_key", _shown(key)))
    version = document.get("version")
    if version is None:
        problems.append(UploadProblem("missing_version", "version"))
        version = ""
    elif not isinstance(version, str) or not version or len(version) > VERSION_MAX_CHARS:
        problems.append(UploadProblem("bad_version", "version", _shown(version)))
        version = ""
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


# ------------------------------------------------------------------ results CSV

# (output id, target id or "") in the order of the outcome cards (ui.format.OUTPUT_UNITS); the label key is
# ws_out_<id>; the target is the projected target that data/targets.toml reads on that output.
_TARGET_OF = {g.output: g.id for g in _DATA.targets.values() if g.projected}
OUTCOMES: tuple[tuple[str, str], ...] = tuple((output, _TARGET_OF.get(output, "")) for output in OUTPUT_UNITS)
CSV_COLUMNS = ("section", "id", "indicator", "value", "unit", "target", "status")


def _csv_number(value: float, kind: str) -> str:
    """Plain numbers a spreadsheet reads: shares as percent, 亿元 to the 万元, persons whole."""
    if kind == "percent":
        return f"{100 * value:.4f}"
    if kind == "persons":
        return str(round(value))
    return f"{value:.4f}"  # 亿元, pp, plain numbers


def _csv_kind(unit: str) -> str:
    """How the CSV writes a unit: rates as percent; 亿元 and persons as themselves; the rest as plain numbers."""
    if unit in PERCENT_UNITS:
        return "percent"
    return unit if unit in ("yi_yuan", "persons") else "number"


def results_rows(values: Mapping[str, float], result: Result, lang: str) -> list[dict[str, str]]:
    """The CSV's rows as strings, keyed by CSV_COLUMNS: the scenario's inputs, then its 2025 outcomes."""
    rows = []
    section_in, section_out = t("ws_csv_section_input", lang), t("ws_csv_section_outcome", lang)
    for p in _DATA.params.values():
        kind = _csv_kind(p.unit)
        rows.append({"section": section_in, "id": p.id, "indicator": pick(p.label, lang),
                     "value": _csv_number(float(values[p.id]), kind),
                     "unit": t("ws_csv_unit_percent", lang) if kind == "percent" else pick(_DATA.units[p.unit], lang),
                     "target": "", "status": ""})
    for output_id, target_id in OUTCOMES:
        kind = _csv_kind(OUTPUT_UNITS[output_id])
        target, status = "", ""
        if target_id:
            outcome = result.targets[target_id]
            target = _csv_number(outcome.target, kind)
            status = t("ws_csv_met", lang) if bool(outcome.met) else t("ws_csv_not_met", lang)
        rows.append({"section": section_out, "id": output_id, "indicator": t(f"ws_out_{output_id}", lang),
                     "value": _csv_number(float(getattr(result, output_id)), kind),
                     "unit": t(f"ws_csv_unit_{kind}", lang), "target": target, "status": status})
    for component in DEMAND_COMPONENTS:
        rows.append({"section": section_out, "id": f"contribution_{component}",
                     "indicator": t("ws_out_contribution", lang, component=t(f"component_{component}", lang)),
                     "value": _csv_number(float(result.contributions[component]), "pp"),
                     "unit": t("ws_csv_unit_pp", lang), "target": "", "status": ""})
    return rows


def results_csv(values: Mapping[str, float], result: Result, lang: str) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read Chinese correctly); headers in `lang`.

    Numbers are the same in both languages: rates in percent, levels in 亿元 (100 million yuan).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(f"ws_csv_col_{c}", lang) for c in CSV_COLUMNS])
    for row in results_rows(values, result, lang):
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


# ------------------------------------------------------------------ the shared link


def simulator_link(context_url: str | None, query: Mapping[str, str], page_path: str) -> str:
    """The link that reproduces the scenario on the simulator (the app's default page).

    context_url: the browser's address of the current page (st.context.url), whose last path
    segment `page_path` is removed.
    """
    parts = urlsplit(context_url or "")
    path = parts.path.rstrip("/")
    if path.endswith("/" + page_path):
        path = path[: -len(page_path)]
    elif not path:
        path = "/"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", urlencode(query), ""))
