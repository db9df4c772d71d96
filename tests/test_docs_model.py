"""docs/model.md quotes the code and the data: every number in it is checked here.

Numbers come in three kinds: marked ones (`1.47 pp<!--pin:key-->`, compared with the model at
the decimals shown), table rows (structure, pulls, track record, presets, parameters: parsed
and compared cell by cell), and the rest of the prose, each of which must be a value in data/
(a baseline figure, a parameter's value, range or sd, a target) or a year.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import data
from model import Scenario, simulate
from model.backtest import METHODS, track_record
from model.facts import FACTS, value_added
from model.production import published_shares
from model.uncertainty import DEFLATOR_CORRELATION

DOC = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text(encoding="utf-8")
DS = data.load()
RECORD = track_record()
DEFAULT = simulate(Scenario())
NUMBER = re.compile(r"(?<![\w.])[−\-+]?\d[\d,]*(?:\.\d+)?")
PIN = re.compile(r"([−\-+]?\d[\d,]*(?:\.\d+)?)\s*(?:%|pp|亿元)?<!--pin:(\w+)-->")


def number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", "").rstrip("%"))


def decimals(text: str) -> int:
    text = text.rstrip("%")
    return len(text.split(".")[1]) if "." in text else 0


def assert_shown(shown: str, value: float, what: str) -> None:
    """The doc's number equals the value rounded as shown (half a unit of the last digit)."""
    assert abs(number(shown) - value) <= 0.5 * 10 ** -decimals(shown) + 1e-9, f"{what}: doc {shown}, code {value}"


def table(heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first Markdown table after a line starting with `heading`."""
    lines = DOC[DOC.index(heading):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


PINNED = {
    "rmse_production": RECORD.rmse_pp("production"),
    "rmse_demand_rho_0": RECORD.rmse_pp("demand_rho_0"),
    "rmse_naive": RECORD.rmse_pp("naive"),
    "residual_yi_yuan": DEFAULT.calibration.other_change_2024_yi_yuan,
    "residual_pp": DEFAULT.calibration.residual_pp_2024,
    "demand_growth": 100 * DEFAULT.demand_real_growth,
    "discrepancy": DEFAULT.discrepancy_yi_yuan,
    "deflator_correlation": DEFLATOR_CORRELATION,
}


def test_every_marked_number_is_the_models():
    found = PIN.findall(DOC)
    assert {key for _, key in found} == set(PINNED)
    for shown, key in found:
        assert_shown(shown, PINNED[key], key)


def test_structure_table():
    va = value_added(DS)
    expected = {"2020": published_shares(va, "2020"), "2022": published_shares(va, "2022"),
                "2024-H1": published_shares(va, "2024h1"), "2024 (estimate)": FACTS.sector_shares_2024}
    rows = table("| period | primary")
    assert [r[0] for r in rows] == list(expected)
    for row in rows:
        for shown, value in zip(row[1:4], expected[row[0]], strict=True):
            assert_shown(shown, 100 * value, row[0])


def test_pulls_table():
    rows = table("| component | 2024 replay")
    assert [r[0] for r in rows] == list(DEFAULT.contributions)
    for name, replay, scenario in rows:
        assert_shown(replay, DEFAULT.contributions_2024[name], name)
        assert_shown(scenario, DEFAULT.contributions[name], name)


def test_track_record_tables():
    rows = table("| year | actual")
    assert [int(r[0]) for r in rows] == [y.year for y in RECORD.years]
    names = {"fai_growth": "investment", "retail_growth": "retail", "export_growth": "trade"}
    for row, year in zip(rows, RECORD.years, strict=True):
        assert_shown(row[1], 100 * year.actual_real_growth, f"{year.year} actual")
        for cell, method in zip(row[2:7], [m for m in METHODS if m != "target"], strict=True):
            if cell == "—":
                assert year.error_pp(method) != year.error_pp(method), (year.year, method)  # nan
            else:
                assert_shown(cell, year.error_pp(method), f"{year.year} {method}")
        assert row[7] == (", ".join(names[k] for k in year.imputed) or "—")
    summary = table("| method | years")
    assert len(summary) == len([m for m in METHODS if RECORD.errors_pp(m).size])
    for row, method in zip(summary, [m for m in METHODS if RECORD.errors_pp(m).size], strict=True):
        assert int(row[1]) == RECORD.errors_pp(method).size
        assert_shown(row[2], RECORD.mean_error_pp(method), method)
        assert_shown(row[3], RECORD.rmse_pp(method), method)
        assert_shown(row[4], RECORD.rmse_yi_yuan(method), method)
    assert Scenario().residual_persistence == RECORD.best_persistence() == 0.0  # "ρ = 0 has the least error"


def test_presets_table():
    rows = table("| preset | real growth")
    assert [r[0] for r in rows] == list(DS.presets)
    for preset_id, growth, industry, status in rows:
        r = simulate(Scenario.from_preset(preset_id))
        assert_shown(growth, 100 * r.gdp_real_growth, preset_id)
        assert_shown(industry, 100 * r.industrial_va_growth, preset_id)
        assert status.replace(" ", "_") == r.targets["gdp_real_growth_2025"].status


def test_parameters_table():
    rows = table("| id | group")
    assert [r[0].strip("`") for r in rows] == sorted(DS.params, key=[r[0].strip("`") for r in rows].index)
    assert {r[0].strip("`") for r in rows} == set(DS.params)
    for pid, group, default, bounds, sd in rows:
        p = DS.params[pid.strip("`")]
        low, high = bounds.split(" – ")
        assert group == p.group
        assert (number(default), number(low), number(high), number(sd)) == (p.value, p.min, p.max, p.sd), pid


def _data_values() -> set[float]:
    """Every value in data/ a prose number may quote, in the forms the doc writes them."""
    values: set[float] = set()
    for f in DS.baseline.values():
        values |= {f.value, round(100 * f.value, 6)}
    for p in DS.params.values():
        for v in (p.value, p.min, p.max, p.sd):
            values |= {v, round(100 * v, 6)}
    for t in DS.targets.values():
        values |= {t.value, round(100 * t.value, 6), round(100 * t.about_band, 6)}
    for series in ("gdp", "gdp_real_growth", "retail_growth", "industrial_output_growth"):
        for v in DS.history_record.values(series).values():
            values |= {v, round(100 * v, 6)}
    return values


# Prose numbers that are not data values, each with its reason.
STRUCTURAL = {
    1.0: "equation constant", 0.0: "equation constant", 100.0: "equation constant (pp)",
    2.0: "a first half; '2 pp'", 4.0: "n = 4", 0.5: "ρ variant", 1.03: "1 + 2024 real growth in a formula",
    -7.7: "the bridge's 2022 out-of-sample projection (parameters.toml industry_export_elasticity)",
    11000.0: "jobs target, as written with a thousands separator",
}


def test_every_other_number_in_the_prose_is_a_data_value_or_a_year():
    allowed = _data_values() | set(STRUCTURAL)
    prose = "\n".join(line for line in PIN.sub("", DOC).splitlines() if not line.startswith("|"))
    prose = re.sub(r"(## \d+\.|section \d+)", "", prose)  # headings and cross-references
    unknown = []
    for token in NUMBER.findall(prose):
        value = number(token)
        if 1990 <= value <= 2030 and "." not in token:  # a year
            continue
        if not any(abs(abs(value) - abs(v)) < 1e-9 for v in allowed):  # signs are read from the words
            unknown.append(token)
    assert not unknown, f"numbers in docs/model.md not found in data/ or the model: {unknown}"


@pytest.mark.parametrize("phrase", ["maximum 1.0", "best guess", "do not affect growth"])
def test_the_issues_disagreements_are_gone(phrase):
    assert phrase not in DOC
