"""The history part of the one loader: data/history.toml and the figure files it lists, checked.

Long form: one Observation per series x year x period (x role), each with its source, quote and
grade; notes record conflicts and vintage breaks. `History.rows()` gives the wide table the app
has always read (Dataset.history); `History.values()` one series by year, for estimates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from data.checks import NO_TEXT, DataError, bilingual, need, read, unit

FILE = "history.toml"
GRADES = ("official", "mirror", "media", "aggregator", "compiled", "computed")
ROLES = ("main", "preliminary", "revised", "alternative")
PERIODS = ("year", "H1", "Q1", "Jan-Jul", "Jan-Sep", "Jan-Oct")
AREAS = ("huadu", "guangzhou", "guangdong", "national")
NOTE_KINDS = ("vintage_break", "pending_revision", "conflict", "caliber", "check")
BARE_UNITS = ("", "yi", "wan_yuan", "pct")  # what a table header makes of bare numbers: 亿元, 万元, percent
_OBS_FIELDS = {"series", "year", "value", "source", "quote", "as_written", "bare_unit", "period", "role", "grade",
               "note", "formula", "digits"}
_REF = re.compile(r"([a-z][a-z0-9_]*)\[(\d{4})\]")
_ARITHMETIC = re.compile(r"^[\d.eE+\-*/() ]+$")


@dataclass(frozen=True)
class HistorySource:
    id: str
    doc: str
    date: str
    url: str
    grade: str
    copy: str  # file in data/sources/ holding the quoted words


@dataclass(frozen=True)
class Series:
    id: str
    label: Mapping[str, str]
    unit: str
    area: str
    table: bool


@dataclass(frozen=True)
class Observation:
    """One published (or computed) figure. value in the series' unit; rates as shares."""

    series: str
    year: int
    value: float
    unit: str
    source: str  # a key of History.sources, or "computed"
    grade: str
    period: str = "year"
    role: str = "main"
    quote: str = ""
    as_written: str = ""
    bare_unit: str = ""
    formula: str = ""
    digits: int = 0
    note: Mapping[str, str] = field(default_factory=lambda: NO_TEXT)


@dataclass(frozen=True)
class HistoryNote:
    id: str
    kind: str
    series: tuple[str, ...]
    years: tuple[int, ...]
    sources: tuple[str, ...]
    text: Mapping[str, str]


@dataclass(frozen=True)
class History:
    series: Mapping[str, Series]
    sources: Mapping[str, HistorySource]
    observations: tuple[Observation, ...]
    notes: tuple[HistoryNote, ...]
    first_year: int
    last_year: int

    def find(self, series: str, year: int, period: str = "year") -> Observation | None:
        """The figure a series uses for a year: its main one, else its preliminary one."""
        hits = {o.role: o for o in self.observations
                if o.series == series and o.year == year and o.period == period and o.role in ("main", "preliminary")}
        return hits.get("main") or hits.get("preliminary")

    def values(self, series: str, period: str = "year", roles: tuple[str, ...] = ("main",)) -> dict[int, float]:
        """{year: value} of one series (by default its main figures only), years ascending."""
        out = {o.year: o.value for o in self.observations
               if o.series == series and o.period == period and o.role in roles}
        return dict(sorted(out.items()))

    def computed_value(self, obs: Observation) -> float:
        """Evaluate a computed figure's formula from the figures it names (same period)."""
        def number(m: re.Match) -> str:
            ref = self.find(m.group(1), int(m.group(2)), obs.period)
            if ref is None:
                raise KeyError(f"{m.group(1)}[{m.group(2)}]")
            return repr(ref.value)
        expression = _REF.sub(number, obs.formula)
        if not _ARITHMETIC.match(expression):
            raise ValueError(f"not arithmetic: {obs.formula}")
        return float(eval(expression, {"__builtins__": {}}, {}))  # noqa: S307 - digits and + - * / ( ) only

    def table_series(self) -> Mapping[str, Mapping[str, Any]]:
        """The series the app's history table shows: {id: {"label", "unit"}} in file order."""
        return MappingProxyType({s.id: MappingProxyType({"label": s.label, "unit": s.unit})
                                 for s in self.series.values() if s.table})

    def rows(self) -> tuple[Mapping[str, Any], ...]:
        """One row per year of the view: the main annual figure of each table series, and
        `source`, the source keys of that row's figures."""
        out = []
        for year in range(self.first_year, self.last_year + 1):
            row: dict[str, Any] = {"year": year}
            keys: list[str] = []
            for sid in self.table_series():
                obs = next((o for o in self.observations if o.series == sid and o.year == year
                            and o.period == "year" and o.role == "main"), None)
                if obs is not None:
                    row[sid] = obs.value
                    keys += [] if obs.source in keys else [obs.source]
            row["source"] = ", ".join(keys)
            out.append(MappingProxyType(row))
        return tuple(out)


# ------------------------------------------------------------------ reading and checking


def _strings(file: str, where: str, raw: Any, allowed: tuple | Mapping | None = None) -> tuple:
    if not isinstance(raw, list) or not raw:
        raise DataError(file, where, "must be a non-empty list")
    for item in raw:
        if allowed is not None and item not in allowed:
            raise DataError(file, where, f"'{item}' is not known")
    return tuple(raw)


def _choice(file: str, where: str, entry: Mapping[str, Any], key: str, choices: tuple, default: str) -> str:
    value = entry.get(key, default)
    if value not in choices:
        raise DataError(file, f"{where}.{key}", f"must be one of {choices}")
    return value


def _load_sources(folder: Path, raw: Mapping[str, Any]) -> Mapping[str, HistorySource]:
    out = {}
    for key, e in raw.items():
        where = f"source.{key}"
        if not isinstance(e, dict):
            raise DataError(FILE, where, "must be a table")
        text = {k: need(FILE, where, e, k, str) for k in ("doc", "date", "url", "grade", "copy")}
        if text["grade"] not in GRADES[:-1]:
            raise DataError(FILE, f"{where}.grade", f"must be one of {GRADES[:-1]}")
        if not (folder / "sources" / text["copy"]).is_file():
            raise DataError(FILE, f"{where}.copy", f"data/sources/{text['copy']} is missing")
        out[key] = HistorySource(id=key, **text)
    return MappingProxyType(out)


def _load_series(raw: Mapping[str, Any], units: Mapping[str, Any]) -> Mapping[str, Series]:
    out = {}
    for key, e in raw.items():
        where = f"series.{key}"
        out[key] = Series(id=key, label=bilingual(FILE, where, e, "label"),
                          unit=unit(FILE, where, e, units), area=_choice(FILE, where, e, "area", AREAS, ""),
                          table=bool(need(FILE, where, e, "table", bool)) if "table" in e else False)
    return MappingProxyType(out)


def _plausible(unit: str, value: float) -> bool:
    if unit == "growth":
        return -1 < value < 10
    if unit == "share":
        return 0 <= value <= 1
    return value > 0


def _load_obs(file: str, i: int, e: Any, series: Mapping[str, Series], sources: Mapping[str, HistorySource]) -> Observation:
    where = f"obs[{i}]"
    if not isinstance(e, dict):
        raise DataError(file, where, "must be a table")
    for k in e:
        if k not in _OBS_FIELDS:
            raise DataError(file, f"{where}.{k}", "unknown field")
    sid = need(file, where, e, "series", str)
    if sid not in series:
        raise DataError(file, f"{where}.series", f"'{sid}' is not declared in {FILE}")
    year = need(file, where, e, "year", int)
    if not 1990 <= year <= 2030:
        raise DataError(file, f"{where}.year", "must be a year between 1990 and 2030")
    value = float(need(file, where, e, "value", (int, float)))
    obs_unit = series[sid].unit
    if not _plausible(obs_unit, value):
        raise DataError(file, f"{where}.value", f"{value} is not a plausible {obs_unit}")
    source = need(file, where, e, "source", str)
    fields: dict[str, Any] = {}
    if source == "computed":
        fields["formula"] = need(file, where, e, "formula", str)
        fields["digits"] = need(file, where, e, "digits", int)
        grade = "computed"
        if "quote" in e:
            raise DataError(file, f"{where}.quote", "a computed figure has a formula, not a quote")
    else:
        if source not in sources:
            raise DataError(file, f"{where}.source", f"'{source}' is not a source in {FILE}")
        fields["quote"] = need(file, where, e, "quote", str)
        grade = _choice(file, where, e, "grade", GRADES[:-1], sources[source].grade)
        if not fields["quote"].strip():
            raise DataError(file, f"{where}.quote", "is empty")
        for k in ("as_written", "bare_unit"):
            if k in e:
                fields[k] = need(file, where, e, k, str)
        if fields.get("bare_unit", "") not in BARE_UNITS:
            raise DataError(file, f"{where}.bare_unit", f"must be one of {BARE_UNITS[1:]}")
    if "note" in e:
        fields["note"] = bilingual(file, where, e, "note")
    return Observation(series=sid, year=year, value=value, unit=obs_unit, source=source, grade=grade,
                       period=_choice(file, where, e, "period", PERIODS, "year"),
                       role=_choice(file, where, e, "role", ROLES, "main"), **fields)


def _check_observations(history: History, where_of: Mapping[int, tuple[str, str]]) -> None:
    seen: dict[tuple, int] = {}
    for n, o in enumerate(history.observations):
        file, where = where_of[n]
        key = (o.series, o.year, o.period, o.role)
        if o.role != "alternative" and key in seen:
            raise DataError(file, where, f"a second {o.role} figure for {o.series} {o.year} {o.period}")
        seen[key] = n
    for n, o in enumerate(history.observations):
        if o.source != "computed":
            continue
        file, where = where_of[n]
        try:
            computed = history.computed_value(o)
        except (KeyError, ValueError, ZeroDivisionError, SyntaxError) as exc:
            raise DataError(file, f"{where}.formula", f"cannot be evaluated ({exc})") from None
        if abs(o.value - computed) > 0.5 * 10 ** -o.digits + 1e-12:
            raise DataError(file, f"{where}.value", f"{o.value} but the formula gives {computed:.{o.digits + 2}f}")


def _load_notes(raw: Any, series: Mapping[str, Series], sources: Mapping[str, HistorySource]) -> tuple[HistoryNote, ...]:
    if not isinstance(raw, list):
        raise DataError(FILE, "note", "must be a list of [[note]] tables")
    out = []
    for i, e in enumerate(raw):
        where = e.get("id") if isinstance(e, dict) and isinstance(e.get("id"), str) else f"note[{i}]"
        years = _strings(FILE, f"{where}.years", need(FILE, where, e, "years", list))
        if not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
            raise DataError(FILE, f"{where}.years", "must be years")
        out.append(HistoryNote(
            id=need(FILE, where, e, "id", str),
            kind=_choice(FILE, where, e, "kind", NOTE_KINDS, ""),
            series=_strings(FILE, f"{where}.series", need(FILE, where, e, "series", list), series),
            years=years,
            sources=_strings(FILE, f"{where}.sources", need(FILE, where, e, "sources", list), sources),
            text=bilingual(FILE, where, e, "text"),
        ))
    return tuple(out)


def load_history(folder: Path, units: Mapping[str, Any]) -> History:
    """Read `folder`'s history.toml and its figure files; raise DataError naming file and field."""
    raw = read(folder, FILE)
    for key in ("series", "source", "view"):
        if not isinstance(raw.get(key), dict) or not raw[key]:
            raise DataError(FILE, key, "is missing or empty")
    sources = _load_sources(folder, raw["source"])
    series = _load_series(raw["series"], units)
    view = raw["view"]
    first, last = (need(FILE, "view", view, k, int) for k in ("first_year", "last_year"))
    if first > last:
        raise DataError(FILE, "view.first_year", "is after last_year")
    observations: list[Observation] = []
    where_of: dict[int, tuple[str, str]] = {}
    for file in _strings(FILE, "obs_files", need(FILE, "(top)", raw, "obs_files", list)):
        entries = read(folder, file).get("obs")
        if not isinstance(entries, list) or not entries:
            raise DataError(file, "obs", "no [[obs]] entries")
        for i, e in enumerate(entries):
            where_of[len(observations)] = (file, f"obs[{i}]")
            observations.append(_load_obs(file, i, e, series, sources))
    history = History(series=series, sources=sources, observations=tuple(observations),
                      notes=_load_notes(raw.get("note", []), series, sources), first_year=first, last_year=last)
    _check_observations(history, where_of)
    return history
