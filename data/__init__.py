"""The one loader for data/: reads the TOML files, checks their metadata, returns typed entries.

Everything else (model, app, tests, benchmarks) gets numbers from here. A missing or broken
file raises DataError naming the file and the field, so the app can show one clear message.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
REPORT_PATH = DATA_DIR / "sources" / "huadu_plan_report_2024_2025.txt"

PARAM_GROUPS = ("lever", "advanced", "assumption")
EVIDENCE_KINDS = ("estimated", "sourced", "judgement", "report", "computed")
LANGS = ("zh", "en")
NO_TEXT: Mapping[str, str] = MappingProxyType({})

from data import history_loader, outputs_loader  # noqa: E402 - they use the checkers below at call time, not import time


class DataError(Exception):
    """A data file is missing, unreadable or has a bad field: names the file and the field."""

    def __init__(self, file: str, field_name: str, problem: str):
        self.file = file
        self.field = field_name
        self.problem = problem
        super().__init__(f"{file}: {field_name}: {problem}")


@dataclass(frozen=True)
class Source:
    """Where a number comes from. `why` is a {zh, en} reason, or empty where the quote says it all."""

    doc: str
    section: str = ""
    quote: str = ""
    why: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)
    url: str = ""
    as_written: str = ""


@dataclass(frozen=True)
class Figure:
    """A baseline figure (2024 outcome or a computed one)."""

    id: str
    label: Mapping[str, str]
    unit: str
    value: float
    source: Source


@dataclass(frozen=True)
class Evidence:
    """Where a parameter's value comes from (kind in EVIDENCE_KINDS). method/sample/fit are {zh, en}
    texts (method for computed and estimated, sample and fit for estimated); digits: the stored
    precision of an estimated or computed value (None: not rounded from a formula)."""

    kind: str
    method: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)
    sample: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)
    fit: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)
    digits: int | None = None


@dataclass(frozen=True)
class Param:
    """A model input: a lever the user moves or an assumption behind the model."""

    id: str
    group: str
    label: Mapping[str, str]
    help: Mapping[str, str]
    unit: str
    value: float
    min: float
    max: float
    step: float
    source: Source
    sd: float
    sd_why: Mapping[str, str]  # {zh, en}: why this spread
    evidence: Evidence = Evidence("judgement")

    def contains(self, x: float) -> bool:
        return self.min <= x <= self.max


@dataclass(frozen=True)
class Target:
    id: str
    label: Mapping[str, str]
    unit: str
    value: float
    comparison: str
    origin: str  # "district" or "city_default"
    projected: bool
    output: str  # model output compared with it ("" for plan items)
    source: Source
    min: float | None = None
    max: float | None = None
    about_band: float = 0.0  # targets written 左右 ("about"): within this band below counts as "about met"


@dataclass(frozen=True)
class Preset:
    id: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    values: Mapping[str, float]
    explanation: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)  # one plain sentence on the preset's result, shown in the app


@dataclass(frozen=True)
class Dataset:
    version: str
    units: Mapping[str, Mapping[str, str]]
    baseline: Mapping[str, Figure]
    history: tuple[Mapping[str, Any], ...]  # table view: one row per year 2020-2024, see history_record
    history_series: Mapping[str, Mapping[str, Any]]  # the table's series: {id: {"label", "unit"}}
    params: Mapping[str, Param]
    targets: Mapping[str, Target]
    presets: Mapping[str, Preset]
    text: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # the full record behind `history` (which is its table view): every figure 2015-2024 with
    # source, quote and grade, and the notes on conflicts and vintage breaks
    history_record: history_loader.History | None = None
    # the model's outputs the app shows, in data/outputs.toml's order (data/outputs_loader.py)
    outputs: Mapping[str, outputs_loader.Output] = field(default_factory=dict)

    def value(self, figure_id: str) -> float:
        return self.baseline[figure_id].value

    def params_in(self, *groups: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params.values() if p.group in groups)


# ------------------------------------------------------------------ reading and checking


def _read(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DataError(name, "(file)", "file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(name, "(file)", f"not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise DataError(name, "(file)", "is not UTF-8 text (save it as UTF-8)") from None
    except OSError as exc:
        raise DataError(name, "(file)", f"cannot be read ({exc})") from None


def _need(file: str, where: str, entry: Mapping[str, Any], key: str, kind: type | tuple) -> Any:
    if key not in entry:
        raise DataError(file, f"{where}.{key}", "is missing")
    value = entry[key]
    if kind in (float, (int, float)) and isinstance(value, bool):
        raise DataError(file, f"{where}.{key}", "must be a number")
    if not isinstance(value, kind):
        raise DataError(file, f"{where}.{key}", f"must be {getattr(kind, '__name__', kind)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise DataError(file, f"{where}.{key}", "must be finite")
    return value


def _bilingual(file: str, where: str, entry: Mapping[str, Any], key: str) -> Mapping[str, str]:
    raw = _need(file, where, entry, key, dict)
    for lang in LANGS:
        if not isinstance(raw.get(lang), str) or not raw[lang].strip():
            raise DataError(file, f"{where}.{key}.{lang}", "is missing or empty")
    return MappingProxyType({lang: raw[lang] for lang in LANGS})


def _source(file: str, where: str, entry: Mapping[str, Any]) -> Source:
    raw = _need(file, where, entry, "source", dict)
    doc = _need(file, f"{where}.source", raw, "doc", str)
    if doc == "assumption" and not raw.get("why"):
        raise DataError(file, f"{where}.source.why", "an assumption must say why")
    if doc == "report" and not (raw.get("section") and raw.get("quote") or raw.get("why")):
        raise DataError(file, f"{where}.source", "a report figure needs section and quote")
    if doc not in ("assumption", "computed") and not raw.get("section"):
        raise DataError(file, f"{where}.source.section", "is missing")
    known = {"doc", "section", "quote", "why", "url", "as_written"}
    extra = set(raw) - known
    if extra:
        raise DataError(file, f"{where}.source.{sorted(extra)[0]}", "unknown field")
    text = {k: _need(file, f"{where}.source", raw, k, str) for k in raw if k != "why"}
    why = _bilingual(file, f"{where}.source", raw, "why") if "why" in raw else NO_TEXT
    return Source(**text, why=why)


def _unit(file: str, where: str, entry: Mapping[str, Any], units: Mapping[str, Any]) -> str:
    unit = _need(file, where, entry, "unit", str)
    if unit not in units:
        raise DataError(file, f"{where}.unit", f"'{unit}' is not in units.toml")
    return unit


def _entries(file: str, doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    entries = doc.get(key)
    if not isinstance(entries, list) or not entries:
        raise DataError(file, key, "no entries")
    ids = [e.get("id") for e in entries]
    for i, entry_id in enumerate(ids):
        if not isinstance(entry_id, str) or not entry_id:
            raise DataError(file, f"{key}[{i}].id", "is missing")
        if ids.count(entry_id) > 1:
            raise DataError(file, f"{key}[{i}].id", f"'{entry_id}' appears twice")
    return entries


def _load_units() -> Mapping[str, Mapping[str, str]]:
    raw = _read("units.toml")
    return MappingProxyType({u: _bilingual("units.toml", u, raw, u) for u in raw})


def _load_baseline(units) -> Mapping[str, Figure]:
    file = "baseline.toml"
    out = {}
    for e in _entries(file, _read(file), "figure"):
        where = e["id"]
        out[where] = Figure(
            id=where,
            label=_bilingual(file, where, e, "label"),
            unit=_unit(file, where, e, units),
            value=float(_need(file, where, e, "value", (int, float))),
            source=_source(file, where, e),
        )
    return MappingProxyType(out)


def _evidence(file: str, where: str, entry: Mapping[str, Any], source: Source) -> Evidence:
    raw = _need(file, where, entry, "evidence", dict)
    kind = _need(file, f"{where}.evidence", raw, "kind", str)
    if kind not in EVIDENCE_KINDS:
        raise DataError(file, f"{where}.evidence.kind", f"must be one of {EVIDENCE_KINDS}")
    extra = set(raw) - {"kind", "method", "sample", "fit", "digits"}
    if extra:
        raise DataError(file, f"{where}.evidence.{sorted(extra)[0]}", "unknown field")
    texts = {"estimated": ("method", "sample", "fit"), "computed": ("method",)}.get(kind, ())
    needs_doc = {"report": source.doc == "report", "computed": source.doc == "computed",
                 "judgement": source.doc == "assumption",
                 "sourced": bool(source.quote) and source.doc not in ("report", "computed", "assumption")}
    if kind in needs_doc and not needs_doc[kind]:
        raise DataError(file, f"{where}.source", {
            "report": "report evidence needs source.doc = \"report\"",
            "computed": "computed evidence needs source.doc = \"computed\"",
            "judgement": "judgement needs source.doc = \"assumption\" with why",
            "sourced": "sourced evidence needs another document's quote in source.quote"}[kind])
    digits = _need(file, f"{where}.evidence", raw, "digits", int) if kind == "estimated" or "digits" in raw else None
    return Evidence(kind=kind, digits=digits,
                    **{k: _bilingual(file, f"{where}.evidence", raw, k) for k in texts})


def _load_params(units) -> Mapping[str, Param]:
    file = "parameters.toml"
    out = {}
    for e in _entries(file, _read(file), "param"):
        where = e["id"]
        group = _need(file, where, e, "group", str)
        if group not in PARAM_GROUPS:
            raise DataError(file, f"{where}.group", f"must be one of {PARAM_GROUPS}")
        num = {k: float(_need(file, where, e, k, (int, float))) for k in ("value", "min", "max", "step", "sd")}
        if not num["min"] <= num["value"] <= num["max"]:
            raise DataError(file, f"{where}.value", f"{num['value']} is outside [{num['min']}, {num['max']}]")
        if num["step"] <= 0 or num["sd"] < 0:
            raise DataError(file, f"{where}.step", "step must be > 0 and sd >= 0")
        source = _source(file, where, e)
        out[where] = Param(
            id=where,
            group=group,
            label=_bilingual(file, where, e, "label"),
            help=_bilingual(file, where, e, "help"),
            unit=_unit(file, where, e, units),
            source=source,
            sd_why=_bilingual(file, where, e, "sd_why"),
            evidence=_evidence(file, where, e, source),
            **num,
        )
    return MappingProxyType(out)


def _load_targets(units) -> Mapping[str, Target]:
    file = "targets.toml"
    out = {}
    for e in _entries(file, _read(file), "target"):
        where = e["id"]
        origin = _need(file, where, e, "origin", str)
        if origin not in ("district", "city_default"):
            raise DataError(file, f"{where}.origin", "must be 'district' or 'city_default'")
        comparison = _need(file, where, e, "comparison", str)
        if comparison != ">=":
            raise DataError(file, f"{where}.comparison", "only '>=' is supported")
        projected = _need(file, where, e, "projected", bool)
        output = e.get("output", "")
        if projected and not output:
            raise DataError(file, f"{where}.output", "a projected target names its model output")
        bounds = {k: float(_need(file, where, e, k, (int, float))) for k in ("min", "max") if projected}
        if "about_band" in e:
            bounds["about_band"] = float(_need(file, where, e, "about_band", (int, float)))
            if not 0.0 <= bounds["about_band"] <= 0.05:
                raise DataError(file, f"{where}.about_band", "must be a share in [0, 0.05]")
        out[where] = Target(
            id=where,
            label=_bilingual(file, where, e, "label"),
            unit=_unit(file, where, e, units),
            value=float(_need(file, where, e, "value", (int, float))),
            comparison=comparison,
            origin=origin,
            projected=projected,
            output=output,
            source=_source(file, where, e),
            **bounds,
        )
    return MappingProxyType(out)


def _load_presets(params: Mapping[str, Param]) -> Mapping[str, Preset]:
    file = "presets.toml"
    out = {}
    for e in _entries(file, _read(file), "preset"):
        where = e["id"]
        values = _need(file, where, e, "values", dict)
        for k, v in values.items():
            if k not in params:
                raise DataError(file, f"{where}.values.{k}", "is not a parameter id")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not params[k].contains(float(v)):
                raise DataError(file, f"{where}.values.{k}", "is not a number in the parameter's range")
        out[where] = Preset(
            id=where,
            name=_bilingual(file, where, e, "name"),
            description=_bilingual(file, where, e, "description"),
            explanation=_bilingual(file, where, e, "explanation") if "explanation" in e else NO_TEXT,
            values=MappingProxyType({k: float(v) for k, v in values.items()}),
        )
    return MappingProxyType(out)


def _load_text(files: list[str]) -> Mapping[str, Mapping[str, str]]:
    """UI strings from the files meta.toml lists (i18n.toml and one per page group); a key lives in one file.
    The list is explicit so that a deleted file is an error, not pages full of raw keys."""
    out: dict[str, Mapping[str, str]] = {}
    for file in files:
        for key, entry in _read(file).items():
            if not isinstance(entry, dict):
                raise DataError(file, key, "must be a table with zh and en")
            if key in out:
                raise DataError(file, key, "is defined in another i18n file too")
            text = _bilingual(file, key, {"t": entry}, "t")
            out[key] = MappingProxyType({lang: text[lang] for lang in LANGS})
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1)
def load() -> Dataset:
    """Read and check every data file once per process. Raises DataError on the first problem."""
    meta = _read("meta.toml")
    version = _need("meta.toml", "meta", meta, "version", str)
    text_files = _need("meta.toml", "meta", meta, "i18n_files", list)
    units = _load_units()
    params = _load_params(units)
    record = history_loader.load_history(units)
    baseline, targets = _load_baseline(units), _load_targets(units)
    return Dataset(
        version=version,
        units=units,
        baseline=baseline,
        history=record.rows(),
        history_series=record.table_series(),
        history_record=record,
        params=params,
        targets=targets,
        outputs=outputs_loader.load_outputs(units, targets, baseline),
        presets=_load_presets(params),
        text=_load_text([str(f) for f in text_files]),
    )


def report_text() -> str:
    """The seed report's text, for the tests that check quotes and for the sources page."""
    return REPORT_PATH.read_text(encoding="utf-8")
