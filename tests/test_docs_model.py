"""docs/model.md quotes the code and the data: every number in it is checked here.

Numbers come in three kinds: marked ones (`1.47 pp<!--pin:key-->`, compared with the model at
the decimals shown), table rows (structure, pulls, track record, presets, parameters: parsed
and compared cell by cell), and the rest of the prose, each bound by its words to the one value
it states (PROSE below: "(n = {})" is the industry link's sample size, not any number that
happens to be in data/). Only a year or an equation's 0, 1 or 100 may stand unbound.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

import data
from model import Scenario, simulate
from model.backtest import METHODS, PERSISTENCE_VARIANTS, track_record
from model.facts import FACTS, value_added
from model.production import SETS_DIRECTLY, estimate_industry_link, published_shares
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


# Every other number in the prose, bound to the value it states: a pattern (the doc's words, `{}` for
# each number, any run of spaces matching any run) and the values its numbers must show, at the
# decimals shown. A number swapped for another data value, or for another structural constant,
# fails here; so does a number no pattern binds (other than an equation's 0, 1 or 100, or a year).
_H = DS.history_record
_LINK = estimate_industry_link(_H)
_TRADE_2022 = math.sqrt(_H.values("trade")[2023] / _H.values("trade")[2021]) - 1  # the 2021-2023 average rate
_TARGET = {t.output: t for t in DS.targets.values() if t.projected}
_CENSUS = {n.kind: int(re.fullmatch(r"census(\d)_\w+", n.id).group(1)) for n in _H.notes if n.id.startswith("census")}
PROSE: list[tuple[str, tuple[float, ...]]] = [
    ("Rates are shares ({} = {}%)", (0.05, 5)),  # an illustration of the convention
    ("levels are 亿元 ({}亿元 = {} billion yuan)", (1, 0.1)),  # a unit conversion
    ("(`model_error`, {} by default", (DS.params["model_error"].value,)),
    ("(λ = `industry_link_weight` = {})", (DS.params["industry_link_weight"].value,)),
    ("growth, {}, {}, {} and {}-H1 (n = {}):", (*_LINK["years"], _LINK["n"])),
    ("a_X = {} (se {}), a_I = {} (se {})", (_LINK["export"], _LINK["export_se"], _LINK["fai"], _LINK["fai_se"])),
    ("gives {}% against {}% observed",
     (100 * (_LINK["export"] * _TRADE_2022 + _LINK["fai"] * _H.values("fai_growth")[2022]),
      100 * _H.values("industrial_output_growth")[2022])),
    ("sets industry directly (λ = {})", (SETS_DIRECTLY["industrial_va_growth"]["industry_link_weight"],)),
    ("observed trade total ({}亿元)", (DS.value("trade_2024"),)),
    ("2024's GDP ({}亿元) and real growth ({}%)", (DS.value("gdp_2024"), 100 * DS.value("gdp_real_growth_2024"))),
    ("(computed as {} / {} / {} − 1)",
     (DS.value("gdp_2024"), DS.value("gdp_2023"), 1 + DS.value("gdp_real_growth_2024"))),
    ("among {}, {} and {}: ρ = {} has the least error", (*PERSISTENCE_VARIANTS, RECORD.best_persistence())),
    ("retail sales 2025 = {} (1 + g_retail)", (DS.value("retail_sales_2024"),)),
    ("budget revenue = {} (1 + b n)", (DS.value("budget_revenue_2024"),)),
    ("new urban jobs = max(0, {} (1 + η · 100 (r − {})))",
     (DS.value("new_urban_jobs_2024"), DS.value("gdp_real_growth_2024"))),
    ("in 2021-2024, to {} pp", (100 * 10 ** -DS.params["gdp_deflator"].evidence.digits,)),
    ("GDP about {}%, above-scale industrial value added about {}%, FAI about {}%, retail sales about {}%, "
     "goods trade {}%; the district's own jobs target is at least {}.",
     tuple(100 * _TARGET[o].value for o in ("gdp_real_growth", "industrial_va_growth", "fai_growth", "retail_growth",
                                             "trade_growth")) + (_TARGET["new_urban_jobs"].value,)),
    ("`about_band` in `data/targets.toml`: {} pp", (100 * _TARGET["gdp_real_growth"].about_band,)),
    ("a result that rounds to {}% reads as about {}%",
     (100 * _TARGET["gdp_real_growth"].value, 100 * _TARGET["gdp_real_growth"].value)),
    ("from before the {}th economic census revision", (_CENSUS["vintage_break"],)),
    ("retail {}% while GDP fell {}%", (100 * _H.values("retail_growth")[2022], -100 * _H.values("gdp_real_growth")[2022])),
    ("misses by {} pp", (next(y for y in RECORD.years if y.year == 2022).error_pp("production"),)),
    ("(the {}th-census revision of", (_CENSUS["pending_revision"],)),
]
EQUATION_CONSTANTS = {0.0, 1.0, 100.0}
_PROSE_NUMBER = re.compile(r"(?<![\w.])[−\-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _prose() -> str:
    """docs/model.md without its tables, marked numbers, headings' numbers and cross-references."""
    prose = "\n".join(line for line in PIN.sub("", DOC).splitlines() if not line.startswith("|"))
    return re.sub(r"(## \d+\.|section \d+)", "", prose)


def _pattern(words: str) -> re.Pattern:
    parts = [r"\s+".join(re.escape(w) for w in re.split(r"\s+", part)) for part in words.split("{}")]
    return re.compile(("(" + _PROSE_NUMBER.pattern + ")").join(parts))


@pytest.mark.parametrize(("words", "values"), PROSE, ids=[re.sub(r"\W+", "_", w).strip("_")[:40] for w, _ in PROSE])
def test_each_prose_number_is_the_value_it_states(words, values):
    matches = list(_pattern(words).finditer(_prose()))
    assert len(matches) == 1, f"{words!r} found {len(matches)} times in docs/model.md (the words or a number changed)"
    shown = matches[0].groups()
    assert len(shown) == len(values)
    for text, value in zip(shown, values, strict=True):
        assert_shown(text, value, words)


def test_every_other_number_in_the_prose_is_bound_to_its_value():
    prose = _prose()
    bound = [m.span(i) for words, _ in PROSE for m in _pattern(words).finditer(prose) for i in range(1, m.re.groups + 1)]
    unbound = []
    for m in _PROSE_NUMBER.finditer(prose):
        token = m.group()
        if any(a <= m.start() and m.end() <= b for a, b in bound):
            continue
        if 1990 <= number(token) <= 2030 and "." not in token:  # a year
            continue
        if number(token) in EQUATION_CONSTANTS:
            continue
        unbound.append(f"{token} in {prose[max(0, m.start() - 30):m.end() + 10]!r}")
    assert not unbound, f"numbers in docs/model.md that no PROSE entry states: {unbound}"


def test_prose_bindings_fail_for_the_mutations_that_passed_the_old_check():
    """The old check accepted any data value or structural constant anywhere: these passed it."""
    prose = _prose()
    for old, new in (("(n = 4)", "(n = 2)"), ("real growth (+3.0%)", "real growth (+5.0%)"), ("(se 0.04)", "(se 0.05)")):
        assert old in prose
        mutated = prose.replace(old, new, 1)
        failing = []
        for words, values in PROSE:
            found = list(_pattern(words).finditer(mutated))
            if len(found) != 1:
                failing.append(words)
                continue
            for text, value in zip(found[0].groups(), values, strict=True):
                if abs(number(text) - value) > 0.5 * 10 ** -decimals(text) + 1e-9:
                    failing.append(words)
        assert failing, f"{old} -> {new} passes"


@pytest.mark.parametrize("phrase", ["maximum 1.0", "best guess", "do not affect growth"])
def test_the_issues_disagreements_are_gone(phrase):
    assert phrase not in DOC
