"""History 2015-2024 (data/history.toml, data/history/*.toml): every figure holds its quote, unit and grade.

Quotes are checked against the copies in data/sources/ (history-sources.md is the project's source
log, copied verbatim; the seed report for 2024), so the test runs without ../shared.
"""

from __future__ import annotations

import math

import pytest

import data
from data import history_loader
from tests import quote_match

DS = data.load()
H = DS.history_record
QUOTED = [o for o in H.observations if o.source != "computed"]
COMPUTED = [o for o in H.observations if o.source == "computed"]


def _id(o) -> str:
    return f"{o.series}-{o.year}-{o.period}-{o.role}"


def _copy(o) -> str:
    return (data.DATA_DIR / "sources" / H.sources[o.source].copy).read_text(encoding="utf-8")


@pytest.mark.parametrize("obs", QUOTED, ids=[_id(o) for o in QUOTED])
def test_every_quote_is_verbatim_in_its_source_copy(obs):
    assert obs.quote in _copy(obs), f"{_id(obs)}: quote not in data/sources/{H.sources[obs.source].copy}"


@pytest.mark.parametrize("obs", QUOTED, ids=[_id(o) for o in QUOTED])
def test_every_quote_holds_its_value_on_digit_boundaries_with_its_sign(obs):
    assert quote_match.problem(obs.value, obs.unit, obs.quote, obs.as_written, obs.bare_unit) is None


@pytest.mark.parametrize("obs", QUOTED, ids=[_id(o) for o in QUOTED])
def test_a_wrong_value_fails_the_quote_check(obs):
    """The check is strict: a flipped sign, a tenth, ten times, or a neighbour from the quote all fail."""
    def passes(value):
        return quote_match.problem(value, obs.unit, obs.quote, obs.as_written, obs.bare_unit) is None
    wrong = [obs.value / 10, obs.value * 10]
    if obs.unit in quote_match.SIGNED_UNITS and obs.value:
        wrong.append(-obs.value)
    reading = quote_match.UNIT_READING[obs.unit]
    neighbours = [t.number * t.factor * reading[t.kind] for t in quote_match.tokens(quote_match.normalise(obs.quote))
                  if t.kind in reading]
    wrong += [v for v in neighbours if not math.isclose(v, obs.value, rel_tol=1e-9)]
    for value in wrong:
        assert not passes(value), f"{_id(obs)}: {value} passes for {obs.value}"


@pytest.mark.parametrize("obs", COMPUTED, ids=[_id(o) for o in COMPUTED])
def test_computed_figures_follow_their_formula_at_their_precision(obs):
    assert obs.grade == "computed"
    assert abs(obs.value - H.computed_value(obs)) <= 0.5 * 10 ** -obs.digits + 1e-12


def test_every_series_unit_is_from_the_fixed_list_and_readable_from_words():
    for s in H.series.values():
        assert s.unit in DS.units, s.id
        assert s.unit in quote_match.UNIT_READING, f"{s.id}: the quote test cannot read {s.unit}"
    assert DS.units["yi_usd"] == {"zh": "亿美元", "en": "100 million US dollars"}


def test_grades_roles_and_periods_come_from_fixed_lists():
    assert history_loader.GRADES == ("official", "mirror", "media", "aggregator", "compiled", "computed")
    for o in H.observations:
        assert o.grade in history_loader.GRADES and o.role in history_loader.ROLES and o.period in history_loader.PERIODS
    for src in H.sources.values():
        assert src.grade in history_loader.GRADES[:-1] and src.doc and src.url


def test_the_record_spans_2015_to_2024_for_huadu_guangzhou_and_the_nation():
    assert min(o.year for o in H.observations) == 2015 and max(o.year for o in H.observations) == 2024
    assert {s.area for s in H.series.values()} == {"huadu", "guangzhou", "guangdong", "national"}
    gdp = H.values("gdp")
    assert gdp == {2015: 1084.83, 2016: 1168.62, 2020: 1682.15, 2021: 1800.41, 2022: 1770.81,
                   2023: 1801.51, 2024: 1860.06}
    assert H.values("budget_revenue") == {2015: 72.15, 2016: 71.46, 2020: 84.92, 2021: 86.27, 2024: 83.35}
    assert H.values("va_secondary") == {2020: 718.18, 2022: 762.20}
    assert H.values("va_secondary", period="H1") == {2024: 321.22}
    assert H.values("auto_share") == {2016: 0.729, 2021: 0.654}
    assert H.values("exports") == {2020: 545.10}
    assert H.values("cn_gdp_deflator")[2024] == -0.008


def test_prices_come_from_indices_and_table_figures_from_their_headers():
    """Index rows (previous year = 100) give the changes by formula; bare table numbers read in the
    header's unit (万元 into 亿元, % into shares); a number's own minus does not carry along a list."""
    assert H.values("gz_cpi_index") == {2020: 102.6, 2021: 101.1}
    assert {t: H.values("gz_cpi")[t] for t in (2020, 2021, 2023)} == {2020: 0.026, 2021: 0.011, 2023: 0.01}
    assert H.values("gz_ppi") == {2022: 0.0259, 2023: -0.0237}
    assert H.values("construction_output") == {2019: 244.7511, 2021: 413.1414, 2023: 535}
    list_quote = "增速分别为-0.2%、6.0%和9.4%"
    assert quote_match.problem(0.06, "growth", list_quote, "6.0%") is None
    assert quote_match.problem(-0.06, "growth", list_quote, "6.0%") is not None
    assert quote_match.problem(-0.491, "growth", "同比分别下降4.1%、49.1%和70.6%", "49.1%") is None
    assert quote_match.problem(244.7511, "yi_yuan", "| 36 | 2447511 |", "2447511", "wan_yuan") is None
    assert quote_match.problem(0.024, "growth", "Inflation (Consumer Price Index, %) 2.3 | 2.4", "2.4", "pct") is None


def test_vintage_breaks_and_conflicts_are_recorded_as_data():
    notes = {n.id: n for n in H.notes}
    assert notes["census4_base"].kind == "vintage_break" and 2019 in notes["census4_base"].years
    assert notes["census5_pending"].kind == "pending_revision" and 2023 in notes["census5_pending"].years
    assert {2021, 2022} <= set(notes["gdp_2021_2022"].years)
    # the 2019 preliminary figure is kept, but not as the series' value
    assert H.find("gdp", 2019).role == "preliminary" and 2019 not in H.values("gdp")
    # the aggregator's 2023 figure is kept as an alternative, the official one is used
    alternatives = [o for o in H.observations if o.series == "gdp" and o.year == 2023 and o.role == "alternative"]
    assert [o.value for o in alternatives] == [1804.51] and H.find("gdp", 2023).value == 1801.51
    revised = [o for o in H.observations if o.series == "cn_gdp" and o.role == "revised"]
    assert [(o.year, o.value) for o in revised] == [(2023, 1294000)]


def test_the_app_table_is_the_comparable_2020_2024_stretch_as_in_version_2025_1():
    """The rows the charts and the sources page read: same years, series and values as before."""
    assert [r["year"] for r in DS.history] == [2020, 2021, 2022, 2023, 2024]
    assert list(DS.history_series) == ["gdp", "gdp_real_growth", "retail_sales", "fai_growth", "trade", "budget_revenue"]
    by_year = {r["year"]: {k: v for k, v in r.items() if k not in ("year", "source")} for r in DS.history}
    assert by_year == {
        2020: {"gdp": 1682.15, "gdp_real_growth": 0.035, "retail_sales": 644.80, "fai_growth": 0.162, "budget_revenue": 84.92},
        2021: {"gdp": 1800.41, "gdp_real_growth": 0.066, "retail_sales": 713.84, "fai_growth": 0.128, "trade": 874.0,
               "budget_revenue": 86.27},
        2022: {"gdp": 1770.81, "gdp_real_growth": -0.011, "retail_sales": 788.15, "fai_growth": -0.041},
        2023: {"gdp": 1801.51, "gdp_real_growth": 0.021, "retail_sales": 851.30, "trade": 659.3012},
        2024: {"gdp": 1860.06, "gdp_real_growth": 0.03, "retail_sales": 867.56, "fai_growth": 0.118, "trade": 698.2,
               "budget_revenue": 83.35},
    }
    assert DS.history[1]["source"] == "S11, S7a"  # 2021: the district's own pages, not the 2023 report


def test_history_agrees_with_the_baseline():
    for series, figure in (("gdp", "gdp_2024"), ("trade", "trade_2024"), ("budget_revenue", "budget_revenue_2024"),
                           ("retail_sales", "retail_sales_2024"), ("new_urban_jobs", "new_urban_jobs_2024")):
        assert H.values(series)[2024] == DS.value(figure), series


# ------------------------------------------------------------------ the loader names what is wrong


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    ("history/huadu.toml", "[[obs]]\nseries", "[[obs]]\nvaleu = 1\nseries", "obs[0].valeu"),
    ("history/huadu.toml", 'series = "gdp"', 'series = "gpd"', "obs[0].series"),
    ("history/huadu.toml", 'source = "S14"', 'source = "S99"', "obs[0].source"),
    ("history/huadu.toml", "value = 1084.83", "value = -1084.83", "obs[0].value"),
    ("history/huadu.toml", 'series = "gdp"\nyear = 2015', 'series = "gdp"\nyear = 1989', "obs[0].year"),
    ("history/huadu.toml", 'series = "gdp"\nyear = 2015', 'series = "gdp"\nyear = 2031', "obs[0].year"),
    ("history/guangzhou.toml", "value = 0.031", "value = 0.035", ".value"),
    ("history/national.toml", 'formula = "cn_gdp[2020]', 'formula = "cn_gdp[2018]', ".formula"),
    ("history.toml", 'grade = "official"', 'grade = "A"', "source.S1.grade"),
    ("history.toml", 'copy = "history-sources.md"', 'copy = "gone.md"', "source.S1.copy"),
    ("history.toml", 'kind = "vintage_break"', 'kind = "oops"', "census4_base.kind"),
    ("history.toml", 'series = ["gdp", "gdp_real_growth", "retail_sales", "fai"', 'series = ["gdp", "nope"', "census4_base.series"),
    ("history.toml", 'unit = "yi_usd"', 'unit = "dollars"', "series.exports_usd.unit"),
    ("history/huadu.toml", 'bare_unit = "wan_yuan"', 'bare_unit = "wan"', ".bare_unit"),
])
def test_a_bad_history_field_is_named(data_copy, file, old, new, field):
    _edit(data_copy / file, old, new)
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.file == file and field in err.value.field, str(err.value)


GROWTH_2016 = 'series = "gdp_real_growth"\nyear = 2016\nvalue = 0.081'
SHARE_2015 = 'series = "va_primary_share"\nyear = 2015\nvalue = 0.028'
GDP_2015 = 'series = "gdp"\nyear = 2015\nvalue = 1084.83'


@pytest.mark.parametrize(("old", "value", "plausible"), [
    (GROWTH_2016, "-1.0", False), (GROWTH_2016, "-1.5", False), (GROWTH_2016, "10.0", False), (GROWTH_2016, "50.0", False),
    (GROWTH_2016, "-0.99", True), (GROWTH_2016, "9.99", True),  # -99% and +999%: the widest a growth rate reads
    (SHARE_2015, "1.01", False), (SHARE_2015, "-0.01", False), (SHARE_2015, "1.0", True),
    (SHARE_2015, "0.0", True),
    (GDP_2015, "0.0", False), (GDP_2015, "0.01", True),
])
def test_the_plausible_range_of_each_unit_is_exact(data_copy, old, value, plausible):
    _edit(data_copy / "history/huadu.toml", old, old.replace(old.split("value = ")[1].split("\n")[0], value, 1))
    if plausible:
        data.load()
        return
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.file == "history/huadu.toml" and err.value.field.endswith(".value"), str(err.value)
    assert "is not a plausible" in err.value.problem


def test_a_second_main_figure_for_the_same_year_is_named(data_copy):
    _edit(data_copy / "history/huadu.toml", 'value = 1804.51\nrole = "alternative"', "value = 1804.51")
    with pytest.raises(data.DataError, match=r"a second main figure for gdp 2023"):
        data.load()


def test_a_missing_figure_file_is_named(data_copy):
    (data_copy / "history" / "national.toml").unlink()
    with pytest.raises(data.DataError, match=r"history/national.toml: \(file\): file is missing"):
        data.load()


def test_the_sources_page_caption_explains_every_source_key_the_table_shows():
    keys = {k.strip() for r in DS.history for k in r["source"].split(",")}
    for lang in ("zh", "en"):
        caption = DS.text["src_history_note"][lang]
        for key in keys:
            assert key in caption, (lang, key)
