"""The checks every part of the loader shares: reading one TOML file and checking one field.

A problem raises DataError naming the file and the field, so the app can show one clear message.
data/__init__.py and the loaders beside it (entries_loader, history_loader, outputs_loader) all
import these from here; this module imports none of them.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

LANGS = ("zh", "en")
NO_TEXT: Mapping[str, str] = MappingProxyType({})


class DataError(Exception):
    """A data file is missing, unreadable or has a bad field: names the file and the field."""

    def __init__(self, file: str, field_name: str, problem: str):
        self.file = file
        self.field = field_name
        self.problem = problem
        super().__init__(f"{file}: {field_name}: {problem}")


def read(folder: Path, name: str) -> dict[str, Any]:
    """One TOML file of the data folder, parsed; `name` is its path inside the folder."""
    path = folder / name
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


def need(file: str, where: str, entry: Mapping[str, Any], key: str, kind: type | tuple) -> Any:
    """entry[key], which must be there and of `kind` (a number is never a bool, and is finite)."""
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


def bilingual(file: str, where: str, entry: Mapping[str, Any], key: str) -> Mapping[str, str]:
    """A {zh, en} text, neither empty."""
    raw = need(file, where, entry, key, dict)
    for lang in LANGS:
        if not isinstance(raw.get(lang), str) or not raw[lang].strip():
            raise DataError(file, f"{where}.{key}.{lang}", "is missing or empty")
    return MappingProxyType({lang: raw[lang] for lang in LANGS})


def unit(file: str, where: str, entry: Mapping[str, Any], units: Mapping[str, Any]) -> str:
    """entry["unit"], which units.toml must declare."""
    name = need(file, where, entry, "unit", str)
    if name not in units:
        raise DataError(file, f"{where}.unit", f"'{name}' is not in units.toml")
    return name


def entries(file: str, doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The [[key]] tables of a file: at least one, each with its own non-empty id."""
    found = doc.get(key)
    if not isinstance(found, list) or not found:
        raise DataError(file, key, "no entries")
    ids = [e.get("id") for e in found]
    for i, entry_id in enumerate(ids):
        if not isinstance(entry_id, str) or not entry_id:
            raise DataError(file, f"{key}[{i}].id", "is missing")
        if ids.count(entry_id) > 1:
            raise DataError(file, f"{key}[{i}].id", f"'{entry_id}' appears twice")
    return found
