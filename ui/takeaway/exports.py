"""Exports of one scenario as pure functions (no streamlit): results CSV, scenario JSON, the link.

The one-page brief is ui/takeaway/brief.py.

The checked upload of a scenario file is ui/session/upload.py (its names are re-exported here).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from model import DEMAND_COMPONENTS, FIELDS, Result, input_targets
from ui.session.dataset import dataset
from ui.session.upload import (  # noqa: F401  (the upload check moved to ui/session/upload.py; these names stay importable here)
    MAX_SHOWN_CHARS,
    MAX_UPLOAD_BYTES,
    ParsedUpload,
    UploadProblem,
    parse_scenario_upload,
    upload_problem_line,
)
from ui.session.url import editable_targets
from ui.session.url import version as data_version
from ui.shared.format import PERCENT_UNITS, outputs
from ui.shared.i18n import pick, t

# ------------------------------------------------------------------ scenario JSON


def scenario_json(values: Mapping[str, float], targets: Mapping[str, float], version: str | None = None) -> str:
    """The scenario as JSON: {"version": ..., "values": {every field}, "targets": {editable targets}}."""
    document = {
        "version": data_version() if version is None else version,
        "values": {k: float(values[k]) for k in FIELDS if k in values},
        "targets": {k: float(targets[k]) for k in editable_targets() if k in targets},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# ------------------------------------------------------------------ results CSV

# (output id, target id or "") of the outputs listed in the CSV and the brief (data/outputs.toml, in_results)
def outcomes() -> tuple[tuple[str, str], ...]:
    """(output, target read against it or "") for every output the results list (in_results in outputs.toml)."""
    return tuple((o.id, o.target) for o in outputs().values() if o.in_results)
CSV_COLUMNS = ("section", "id", "indicator", "value", "unit", "target", "status")
NUMBER_COLUMNS = frozenset({"value", "target"})  # written by _csv_number only: numbers, never guarded as text
# A cell starting with one of these is a formula to a spreadsheet program (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text and never runs: a leading ' before = + - @ tab or carriage return.

    For text cells only (names, groups, notes, labels): a number must not go through it, or -0.5
    would become the text '-0.5. The ' guards the first character only; a CSV writer still has to
    quote a cell holding the separator (the csv module does, for ",").
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


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


def status_key(target_id: str, outcome) -> str:
    """'met', 'about_met' or 'not_met', by the simulator scorecard's rule (ui.shared.format.target_status).

    A projected target is the model's status (TargetOutcome.status): about met within the band of a
    target written 左右. A target on a lever the user sets (input_targets(): FAI, retail) compares an
    exact setting with its target, so it is met or not, as the scorecard says "setting meets target".
    """
    if target_id in input_targets():
        return "met" if bool(outcome.met) else "not_met"
    return outcome.status


def results_rows(values: Mapping[str, float], result: Result, lang: str) -> list[dict[str, str]]:
    """The CSV's rows as strings, keyed by CSV_COLUMNS: the scenario's inputs, then its 2025 outcomes."""
    rows = []
    section_in, section_out = t("ws_csv_section_input", lang), t("ws_csv_section_outcome", lang)
    for p in dataset().params.values():
        kind = _csv_kind(p.unit)
        rows.append({"section": section_in, "id": p.id, "indicator": pick(p.label, lang),
                     "value": _csv_number(float(values[p.id]), kind),
                     "unit": t("ws_csv_unit_percent", lang) if kind == "percent" else pick(dataset().units[p.unit], lang),
                     "target": "", "status": ""})
    shown = outputs()
    for output_id, target_id in outcomes():
        kind = _csv_kind(shown[output_id].unit)
        target, status = "", ""
        if target_id:
            outcome = result.targets[target_id]
            target = _csv_number(outcome.target, kind)
            status = t(f"ws_csv_{status_key(target_id, outcome)}", lang)
        rows.append({"section": section_out, "id": output_id, "indicator": pick(shown[output_id].label, lang),
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
    Every text cell goes through spreadsheet_safe (the labels come from data/ today, but a label or a
    translation starting with "-" or "=" must not become a formula); number cells stay numbers.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(t(f"ws_csv_col_{c}", lang)) for c in CSV_COLUMNS])
    for row in results_rows(values, result, lang):
        writer.writerow([row[c] if c in NUMBER_COLUMNS else spreadsheet_safe(row[c]) for c in CSV_COLUMNS])
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
