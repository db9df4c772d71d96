"""The one loader for data/: reads the TOML files, checks their metadata, returns typed entries.

Everything else (model, app, tests, benchmarks) gets numbers from here. A missing or broken
file raises DataError naming the file and the field, so the app can show one clear message.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from data import history_loader, outputs_loader
from data.checks import LANGS, NO_TEXT, DataError, bilingual, need, read
from data.entries_loader import (
    EVIDENCE_KINDS,
    PARAM_GROUPS,
    PARAM_ROLES,
    Evidence,
    Figure,
    Param,
    Preset,
    Source,
    Target,
    load_baseline,
    load_params,
    load_presets,
    load_targets,
)

DATA_DIR = Path(__file__).resolve().parent  # the folder load() reads unless given another
REPORT_PATH = DATA_DIR / "sources" / "huadu_plan_report_2024_2025.txt"

__all__ = ["DATA_DIR", "EVIDENCE_KINDS", "LANGS", "NO_TEXT", "PARAM_GROUPS", "PARAM_ROLES", "REPORT_PATH", "DataError", "Dataset",
           "Evidence", "Figure", "Param", "Preset", "Source", "Target", "load", "report_text"]


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
    # the report's base year (meta.toml): the year the projection starts from (baseline ids end in it)
    base_year: int = 2024

    def value(self, figure_id: str) -> float:
        return self.baseline[figure_id].value

    def params_in(self, *groups: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params.values() if p.group in groups)


# ------------------------------------------------------------------ reading


def _load_units(folder: Path) -> Mapping[str, Mapping[str, str]]:
    raw = read(folder, "units.toml")
    return MappingProxyType({u: bilingual("units.toml", u, raw, u) for u in raw})


def _load_text(folder: Path, files: list[str]) -> Mapping[str, Mapping[str, str]]:
    """UI strings from the files meta.toml lists (i18n.toml and one per page group); a key lives in one file.
    The list is explicit so that a deleted file is an error, not pages full of raw keys."""
    out: dict[str, Mapping[str, str]] = {}
    for file in files:
        for key, entry in read(folder, file).items():
            if not isinstance(entry, dict):
                raise DataError(file, key, "must be a table with zh and en")
            if key in out:
                raise DataError(file, key, "is defined in another i18n file too")
            text = bilingual(file, key, {"t": entry}, "t")
            out[key] = MappingProxyType({lang: text[lang] for lang in LANGS})
    return MappingProxyType(out)


@functools.lru_cache(maxsize=4)
def load(folder: Path | None = None) -> Dataset:
    """Read and check every data file of `folder` (default: DATA_DIR) once per process.
    Raises DataError on the first problem."""
    folder = DATA_DIR if folder is None else Path(folder)
    meta = read(folder, "meta.toml")
    version = need("meta.toml", "meta", meta, "version", str)
    text_files = need("meta.toml", "meta", meta, "i18n_files", list)
    base_year = need("meta.toml", "meta", meta, "base_year", int)
    units = _load_units(folder)
    params = load_params(folder, units)
    record = history_loader.load_history(folder, units)
    baseline, targets = load_baseline(folder, units), load_targets(folder, units)
    return Dataset(
        version=version,
        units=units,
        baseline=baseline,
        history=record.rows(),
        history_series=record.table_series(),
        history_record=record,
        params=params,
        targets=targets,
        outputs=outputs_loader.load_outputs(folder, units, targets, baseline),
        presets=load_presets(folder, params),
        text=_load_text(folder, [str(f) for f in text_files]),
        base_year=base_year,
    )


def report_text() -> str:
    """The seed report's text, for the tests that check quotes and for the sources page."""
    return REPORT_PATH.read_text(encoding="utf-8")
