"""Every figure in data/ names a unit from data/units.toml, and history values are plausible for their unit.

data/units.toml promises "Every entry in data/ names one of these; a test enforces it": the loader
checks baseline, parameters and targets; this file checks everything the loader exposes, the
history series included (their units were never checked), and proves it by breaking a copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import data

# A growth rate is stored as a share: |g| < 1 (a district's output does not double or vanish in a
# year). A value like 3.5 is a percent typed where a share belongs.
MAX_ABS_GROWTH_SHARE = 1.0


def named_units(ds: data.Dataset) -> Iterator[tuple[str, str]]:
    """(where, unit) for every entry of the loaded data that names a unit."""
    for kind, entries in (("baseline", ds.baseline), ("param", ds.params), ("target", ds.targets)):
        for entry_id, entry in entries.items():
            yield f"{kind}.{entry_id}", entry.unit
    for key, meta in ds.history_series.items():
        yield f"history.series.{key}", meta.get("unit", "<none>")


def unit_problems(ds: data.Dataset) -> list[str]:
    """Units not in units.toml, and history values that do not fit their series' unit."""
    problems = [f"{where}: unit {unit!r} is not in units.toml" for where, unit in named_units(ds) if unit not in ds.units]
    for row in ds.history:
        for key, meta in ds.history_series.items():
            if key not in row:
                continue
            value, unit = row[key], meta.get("unit")
            where = f"history {row['year']} {key}"
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"{where}: {value!r} is not a number")
            elif unit == "growth" and not abs(value) < MAX_ABS_GROWTH_SHARE:
                problems.append(f"{where}: {value} is not a growth share (a percent typed as a share?)")
            elif unit == "yi_yuan" and not value > 0:
                problems.append(f"{where}: {value} is not a positive level in 亿元")
    return problems


def test_every_unit_in_data_is_declared_and_every_history_value_fits_its_unit():
    ds = data.load()
    assert sum(1 for where, _ in named_units(ds) if where.startswith("history")) == len(ds.history_series) > 0
    assert unit_problems(ds) == []


def _rewrite_history(folder, pattern: str, replacement: str) -> None:
    path = folder / "history.toml"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


@pytest.mark.parametrize(("pattern", "replacement", "said"), [
    (r'^unit = "growth"', 'unit = "percent"', "'percent' is not in units.toml"),
    (r"^gdp_real_growth = 0\.0*(\d)", r"gdp_real_growth = \1.5", "not a growth share"),
    (r"^gdp = (\d)", r"gdp = -\1", "not a positive level"),
])
def test_a_wrong_history_unit_or_value_is_caught(data_copy, pattern, replacement, said):
    """Break a copy of history.toml: either the loader refuses it, or the check above names the problem."""
    _rewrite_history(data_copy, pattern, replacement)
    try:
        ds = data.load()
    except data.DataError as exc:  # a stricter loader may refuse it first: as good
        assert "history.toml" in str(exc)
        return
    assert any(said in problem for problem in unit_problems(ds)), unit_problems(ds)
