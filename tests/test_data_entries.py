"""Every data entry carries its metadata, and every figure quoted from the report matches it."""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib

import pytest

import data
from tests import quote_match

DS = data.load()
REPORT = data.report_text()


QUOTED = [
    (kind, e) for kind, entries in (("baseline", DS.baseline), ("targets", DS.targets))
    for e in entries.values() if e.source.doc == "report" and e.source.quote
]
_IDS = [e.id for _, e in QUOTED]


def _quote_problem(entry, value: float) -> str | None:
    return quote_match.problem(value, entry.unit, entry.source.quote, entry.source.as_written)


@pytest.mark.parametrize("kind,entry", QUOTED, ids=_IDS)
def test_report_quote_is_verbatim_and_holds_the_value(kind, entry):
    """The number is read whole (digit boundaries), in its written unit, with the sign the words give."""
    assert entry.source.quote in REPORT, f"{entry.id}: quote not found in the report"
    assert _quote_problem(entry, entry.value) is None, (entry.id, _quote_problem(entry, entry.value))


@pytest.mark.parametrize("kind,entry", QUOTED, ids=_IDS)
def test_a_wrong_value_fails_the_report_quote_check(kind, entry):
    """Mutations that passed the old check (sign dropped, digits anywhere, any number of the quote) fail."""
    wrong = [entry.value / 10, entry.value * 10]
    if entry.unit in quote_match.SIGNED_UNITS:
        wrong.append(-entry.value)
    reading = quote_match.UNIT_READING[entry.unit]
    wrong += [t.number * t.factor * reading[t.kind] for t in quote_match.tokens(quote_match.normalise(entry.source.quote))
              if t.kind in reading and not math.isclose(t.number * t.factor * reading[t.kind], entry.value)]
    for value in wrong:
        assert _quote_problem(entry, value) is not None, f"{entry.id}: {value} passes for {entry.value}"


@pytest.mark.parametrize(("figure_id", "wrong_value", "what"), [
    ("fai_real_estate_growth_2024", -0.301, "sign flipped"),
    ("safety_deaths_change_2024", 0.281, "sign flipped (下降 carried along 分别下降 a、b)"),
    ("gdp_real_growth_2024", -0.03, "sign flipped"),
    ("new_urban_jobs_2024", 1360.2, "a count at a tenth"),
    ("new_5g_stations_2024", 121, "121 inside 1210"),
    ("total_5g_stations_2024", 776, "776 inside 7763"),
    ("cosmetics_growth_2024", 0.263, "another number of a multi-number quote"),
    ("leather_goods_growth_2024", 0.162, "another number of a multi-number quote"),
    ("gdp_2024", 3.0, "the quote's growth rate read as a level"),
])
def test_named_mutations_of_report_figures_are_rejected(figure_id, wrong_value, what):
    entry = DS.baseline[figure_id]
    assert _quote_problem(entry, entry.value) is None
    assert _quote_problem(entry, wrong_value) is not None, what


def test_a_multi_number_quote_without_as_written_is_rejected():
    quote = "声光电产业、化妆品产业、皮革皮具产业保持高速增长,分别增长26.3%、16.2%、3.0%"
    assert "name the one meant with as_written" in quote_match.problem(0.162, "growth", quote)
    assert quote_match.problem(0.162, "growth", quote, "16.2%") is None
    assert "not in the quote" in quote_match.problem(0.162, "growth", quote, "16.20%")


def test_headline_figures_match_the_report_exactly():
    v = DS.value
    assert v("gdp_2024") == 1860.06
    assert v("gdp_real_growth_2024") == 0.03
    assert v("fai_growth_2024") == 0.118
    assert (v("fai_real_estate_growth_2024"), v("fai_infrastructure_growth_2024"),
            v("fai_industrial_growth_2024"), v("fai_private_growth_2024")) == (0.301, 0.252, 0.235, 0.092)
    assert (v("trade_2024"), v("trade_growth_2024")) == (698.2, 0.059)
    assert v("budget_revenue_2024") == 83.35
    assert v("new_urban_jobs_2024") == 13602
    assert (v("agri_output_2024"), v("agri_output_growth_2024")) == (107.73, 0.042)


def _report_sections(text: str) -> dict[tuple[str, str], list[str]]:
    """The report's paragraphs by (part, subsection): part "一、", subsection "(三)", up to the next heading."""
    out: dict[tuple[str, str], list[str]] = {}
    key = None
    part = ""
    for line in (x.strip() for x in text.splitlines()):
        if m := re.match(r"([一二三四五六七八九十])、", line):
            part, key = m.group(1), None
        elif (m := re.match(r"\(([一二三四五六七八九十]+)\)", line)) and part:
            key = (part, m.group(1))
            out[key] = []
        elif key and line:
            out[key].append(line)
    return out


REPORT_SECTIONS = _report_sections(REPORT)
REPORT_ENTRIES = [e for entries in (DS.baseline, DS.targets, DS.params) for e in entries.values() if e.source.doc == "report"]


def _heads(title: str, paragraph: str) -> bool:
    """The paragraph's lead sentence carries the title, word for word or shortened (its characters in order:
    "百千万工程深入推进" for "“百县千镇万村高质量发展工程”深入推进")."""
    lead = re.split(r"[。;；]", paragraph, maxsplit=1)[0]
    rest = iter(lead)
    return lead.startswith(title) or all(ch in rest for ch in title)


@pytest.mark.parametrize("entry", REPORT_ENTRIES, ids=[e.id for e in REPORT_ENTRIES])
def test_report_section_of_every_report_figure_is_the_part_that_holds_it(entry):
    """`一(一) 抓经济强调度稳中有进`: part 一, subsection (一), the paragraph led by that title, which holds the quote."""
    m = re.fullmatch(r"([一二])\(([一二三四五六七八九])\) (\S.*)", entry.source.section)
    assert m, f"{entry.id}: section {entry.source.section!r} is not 'part(subsection) title'"
    part, sub, title = m.groups()
    assert (part, sub) in REPORT_SECTIONS, f"{entry.id}: the report has no {part}({sub})"
    led = [para for para in REPORT_SECTIONS[part, sub] if _heads(title, para)]
    assert len(led) == 1, f"{entry.id}: {len(led)} paragraphs of {part}({sub}) are led by {title!r}"
    if entry.source.quote:
        assert entry.source.quote in led[0], f"{entry.id}: the quote is not in the paragraph {title!r}"


@pytest.mark.parametrize(("section", "why"), [
    ("一(九) 抓经济强调度稳中有进", "no such subsection"),
    ("三(一) 抓经济强调度稳中有进", "no such part"),
    ("一(二) 抓经济强调度稳中有进", "the title is in another subsection"),
    ("一(一) 抓商贸强消费有力有序", "another paragraph: the quote is not in it"),
    ("一(一) 稳中求进", "a title no paragraph leads with"),
])
def test_a_section_that_does_not_hold_the_quote_is_refused(section, why):
    entry = DS.baseline["gdp_2024"]
    moved = dataclasses.replace(entry, source=dataclasses.replace(entry.source, section=section))
    with pytest.raises(AssertionError):
        test_report_section_of_every_report_figure_is_the_part_that_holds_it(moved)


@pytest.mark.parametrize("figure_id,formula", [
    ("retail_growth_2024", lambda v: v("retail_sales_2024") / v("retail_sales_2023") - 1),
    ("trade_2023", lambda v: v("trade_2024") / (1 + v("trade_growth_2024"))),
    ("gdp_deflator_2024", lambda v: v("gdp_2024") / v("gdp_2023") / (1 + v("gdp_real_growth_2024")) - 1),
])
def test_computed_figures_follow_their_formula(figure_id, formula):
    assert DS.baseline[figure_id].source.doc == "computed"
    assert DS.value(figure_id) == pytest.approx(formula(DS.value), rel=1e-6)


def test_every_parameter_has_label_help_unit_range_and_reasoned_source():
    for p in DS.params.values():
        assert p.unit in DS.units
        assert p.min < p.max and p.min <= p.value <= p.max
        assert 0 < p.step <= (p.max - p.min) / 10
        assert p.label["zh"] and p.label["en"] and p.help["zh"] and p.help["en"]
        if p.source.doc == "assumption":
            assert len(p.source.why["en"]) > 20, f"{p.id}: an assumption needs a one-sentence reason"
        assert p.sd_why


_CJK = re.compile(r"[\u4e00-\u9fff]")
REASONS = (
    [(f"{p.id}.sd_why", p.sd_why) for p in DS.params.values()]
    + [(f"{e.id}.source.why", e.source.why)
       for entries in (DS.params, DS.targets, DS.baseline) for e in entries.values() if e.source.why]
)


@pytest.mark.parametrize("where,reason", REASONS, ids=[w for w, _ in REASONS])
def test_every_reason_is_written_in_chinese_and_english(where, reason):
    assert set(reason) == {"zh", "en"}, where
    assert _CJK.search(reason["zh"]), f"{where}: the zh reason has no Chinese"
    assert reason["en"].strip(), where


def test_every_reason_in_the_data_files_is_a_zh_en_table():
    """No plain-string reason is left in a data file (the loader reads only the files it knows)."""
    for path in data.DATA_DIR.glob("*.toml"):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for entries in doc.values():
            for e in (x for x in (entries if isinstance(entries, list) else ()) if isinstance(x, dict)):
                source = e.get("source")
                for reason in (e.get("sd_why"), source.get("why") if isinstance(source, dict) else None):
                    if reason is not None:
                        assert isinstance(reason, dict) and set(reason) == {"zh", "en"}, (path.name, e["id"])


def test_main_levers_are_the_three_carriages():
    assert [p.id for p in DS.params_in("lever")] == ["fai_growth", "retail_growth", "export_growth"]


def test_targets_say_where_they_come_from():
    macro = {t.id: t for t in DS.targets.values() if t.origin == "city_default"}
    assert {t.output for t in macro.values()} == {"gdp_real_growth", "fai_growth", "retail_growth", "trade_growth",
                                                 "industrial_va_growth"}
    assert macro["gdp_real_growth_2025"].value == 0.05 and macro["trade_growth_2025"].value == 0.03
    plan_items = {t.id: t.value for t in DS.targets.values() if not t.projected}
    assert plan_items == {
        "high_tech_firms_2025": 210, "school_places_2025": 9540, "kindergarten_places_2025": 540,
        "talent_apartments_2025": 300, "key_projects_2025": 296, "key_projects_start_2025": 87,
        "key_projects_continue_2025": 145, "key_projects_complete_2025": 36,
        "industrial_land_2025": 600, "certified_farm_products_2025": 3,
    }
    assert DS.targets["new_urban_jobs_2025"].value == 11000 and DS.targets["new_urban_jobs_2025"].projected


def test_history_rows_hold_declared_series_and_agree_with_the_baseline():
    years = [r["year"] for r in DS.history]
    assert years == [2020, 2021, 2022, 2023, 2024]
    last = DS.history[-1]
    assert last["gdp"] == DS.value("gdp_2024") and last["trade"] == DS.value("trade_2024")


def test_presets_have_names_and_descriptions_in_both_languages():
    assert {"continue_2024", "city_targets", "consumption_led", "property_slowdown", "export_shock"} <= set(DS.presets)
    for p in DS.presets.values():
        assert p.name["zh"] and p.name["en"] and p.description["zh"] and p.description["en"]


def test_every_file_in_data_is_valid_toml_with_units_from_the_fixed_list():
    for path in data.DATA_DIR.glob("*.toml"):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for entries in doc.values():
            if isinstance(entries, list):
                for e in entries:
                    if isinstance(e, dict) and "unit" in e:
                        assert e["unit"] in DS.units, (path.name, e.get("id"))


def test_translation_table_has_both_languages_for_every_key():
    for key, text in DS.text.items():
        assert text["zh"].strip() and text["en"].strip(), key
