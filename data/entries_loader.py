"""The entry files of the one loader: baseline.toml, parameters.toml, targets.toml and presets.toml.

Each file is a list of [[entry]] tables with ids; each entry is checked field by field and
becomes a frozen dataclass (Figure, Param, Target, Preset), with a Source saying where its
number comes from. data.load() puts them into the Dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from data.checks import NO_TEXT, DataError, bilingual, entries, need, read, unit

PARAM_GROUPS = ("lever", "advanced", "assumption")
# who decides a setting: a district planner ("policy") or nobody the model can ask ("assumption"): prices,
# Guangzhou, coefficients, judgement terms, the model error (parameters.toml explains)
PARAM_ROLES = ("policy", "assumption")
EVIDENCE_KINDS = ("estimated", "sourced", "judgement", "report", "computed")


@dataclass(frozen=True)
class Source:
    """Where a number comes from. `why` is a {zh, en} reason, or empty where the quote says it all; `title` the
    document's name in both languages (for a document other than the report, a computation or an assumption: the
    app names it in the reader's language, while `doc` and `section` stay the project's own reference)."""

    doc: str
    section: str = ""
    quote: str = ""
    why: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)
    url: str = ""
    as_written: str = ""
    title: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)


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
    role: str  # "policy" or "assumption" (PARAM_ROLES)
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


# ------------------------------------------------------------------ reading and checking


def source(file: str, where: str, entry: Mapping[str, Any]) -> Source:
    """entry["source"]: a document with section (and quote), or an assumption or computation saying why."""
    raw = need(file, where, entry, "source", dict)
    doc = need(file, f"{where}.source", raw, "doc", str)
    if doc == "assumption" and not raw.get("why"):
        raise DataError(file, f"{where}.source.why", "an assumption must say why")
    if doc == "report" and not (raw.get("section") and raw.get("quote") or raw.get("why")):
        raise DataError(file, f"{where}.source", "a report figure needs section and quote")
    if doc not in ("assumption", "computed") and not raw.get("section"):
        raise DataError(file, f"{where}.source.section", "is missing")
    known = {"doc", "section", "quote", "why", "url", "as_written", "title"}
    extra = set(raw) - known
    if extra:
        raise DataError(file, f"{where}.source.{sorted(extra)[0]}", "unknown field")
    text = {k: need(file, f"{where}.source", raw, k, str) for k in raw if k not in ("why", "title")}
    why = bilingual(file, f"{where}.source", raw, "why") if "why" in raw else NO_TEXT
    title = bilingual(file, f"{where}.source", raw, "title") if "title" in raw else NO_TEXT
    return Source(**text, why=why, title=title)


def load_baseline(folder: Path, units: Mapping[str, Any]) -> Mapping[str, Figure]:
    file = "baseline.toml"
    out = {}
    for e in entries(file, read(folder, file), "figure"):
        where = e["id"]
        out[where] = Figure(
            id=where,
            label=bilingual(file, where, e, "label"),
            unit=unit(file, where, e, units),
            value=float(need(file, where, e, "value", (int, float))),
            source=source(file, where, e),
        )
    return MappingProxyType(out)


def evidence(file: str, where: str, entry: Mapping[str, Any], src: Source) -> Evidence:
    """entry["evidence"]: its kind must agree with the entry's source (`src`)."""
    raw = need(file, where, entry, "evidence", dict)
    kind = need(file, f"{where}.evidence", raw, "kind", str)
    if kind not in EVIDENCE_KINDS:
        raise DataError(file, f"{where}.evidence.kind", f"must be one of {EVIDENCE_KINDS}")
    extra = set(raw) - {"kind", "method", "sample", "fit", "digits"}
    if extra:
        raise DataError(file, f"{where}.evidence.{sorted(extra)[0]}", "unknown field")
    texts = {"estimated": ("method", "sample", "fit"), "computed": ("method",)}.get(kind, ())
    needs_doc = {"report": src.doc == "report", "computed": src.doc == "computed",
                 "judgement": src.doc == "assumption",
                 "sourced": bool(src.quote) and src.doc not in ("report", "computed", "assumption")}
    if kind in needs_doc and not needs_doc[kind]:
        raise DataError(file, f"{where}.source", {
            "report": "report evidence needs source.doc = \"report\"",
            "computed": "computed evidence needs source.doc = \"computed\"",
            "judgement": "judgement needs source.doc = \"assumption\" with why",
            "sourced": "sourced evidence needs another document's quote in source.quote"}[kind])
    digits = need(file, f"{where}.evidence", raw, "digits", int) if kind == "estimated" or "digits" in raw else None
    return Evidence(kind=kind, digits=digits,
                    **{k: bilingual(file, f"{where}.evidence", raw, k) for k in texts})


def load_params(folder: Path, units: Mapping[str, Any]) -> Mapping[str, Param]:
    file = "parameters.toml"
    out = {}
    for e in entries(file, read(folder, file), "param"):
        where = e["id"]
        group = need(file, where, e, "group", str)
        if group not in PARAM_GROUPS:
            raise DataError(file, f"{where}.group", f"must be one of {PARAM_GROUPS}")
        role = need(file, where, e, "role", str)
        if role not in PARAM_ROLES:
            raise DataError(file, f"{where}.role", f"must be one of {PARAM_ROLES}")
        if group == "lever" and role != "policy":
            raise DataError(file, f"{where}.role", "a main lever is a policy setting")
        num = {k: float(need(file, where, e, k, (int, float))) for k in ("value", "min", "max", "step", "sd")}
        if not num["min"] <= num["value"] <= num["max"]:
            raise DataError(file, f"{where}.value", f"{num['value']} is outside [{num['min']}, {num['max']}]")
        if num["step"] <= 0 or num["sd"] < 0:
            raise DataError(file, f"{where}.step", "step must be > 0 and sd >= 0")
        src = source(file, where, e)
        out[where] = Param(
            id=where,
            group=group,
            role=role,
            label=bilingual(file, where, e, "label"),
            help=bilingual(file, where, e, "help"),
            unit=unit(file, where, e, units),
            source=src,
            sd_why=bilingual(file, where, e, "sd_why"),
            evidence=evidence(file, where, e, src),
            **num,
        )
    return MappingProxyType(out)


def load_targets(folder: Path, units: Mapping[str, Any]) -> Mapping[str, Target]:
    file = "targets.toml"
    out = {}
    for e in entries(file, read(folder, file), "target"):
        where = e["id"]
        origin = need(file, where, e, "origin", str)
        if origin not in ("district", "city_default"):
            raise DataError(file, f"{where}.origin", "must be 'district' or 'city_default'")
        comparison = need(file, where, e, "comparison", str)
        if comparison != ">=":
            raise DataError(file, f"{where}.comparison", "only '>=' is supported")
        projected = need(file, where, e, "projected", bool)
        output = e.get("output", "")
        if projected and not output:
            raise DataError(file, f"{where}.output", "a projected target names its model output")
        bounds = {k: float(need(file, where, e, k, (int, float))) for k in ("min", "max") if projected}
        if "about_band" in e:
            bounds["about_band"] = float(need(file, where, e, "about_band", (int, float)))
            if not 0.0 <= bounds["about_band"] <= 0.05:
                raise DataError(file, f"{where}.about_band", "must be a share in [0, 0.05]")
        out[where] = Target(
            id=where,
            label=bilingual(file, where, e, "label"),
            unit=unit(file, where, e, units),
            value=float(need(file, where, e, "value", (int, float))),
            comparison=comparison,
            origin=origin,
            projected=projected,
            output=output,
            source=source(file, where, e),
            **bounds,
        )
    return MappingProxyType(out)


def load_presets(folder: Path, params: Mapping[str, Param]) -> Mapping[str, Preset]:
    file = "presets.toml"
    out = {}
    for e in entries(file, read(folder, file), "preset"):
        where = e["id"]
        values = need(file, where, e, "values", dict)
        for k, v in values.items():
            if k not in params:
                raise DataError(file, f"{where}.values.{k}", "is not a parameter id")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not params[k].contains(float(v)):
                raise DataError(file, f"{where}.values.{k}", "is not a number in the parameter's range")
        out[where] = Preset(
            id=where,
            name=bilingual(file, where, e, "name"),
            description=bilingual(file, where, e, "description"),
            explanation=bilingual(file, where, e, "explanation") if "explanation" in e else NO_TEXT,
            values=MappingProxyType({k: float(v) for k, v in values.items()}),
        )
    return MappingProxyType(out)
