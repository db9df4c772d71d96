"""Charts in words (ui/shared/chart_words.py) and the chart spec as drawn for screen readers (ui/shared/a11y.py), without a server."""

from __future__ import annotations

import data
from ui.shared import a11y, chart_words, charts
from ui.shared.i18n import t

DATA = data.load()
NAMES = {"zh": {k: t(f"series_{k}", "zh") for k in ("history", "scenario", "baseline", "target")},
         "en": {k: t(f"series_{k}", "en") for k in ("history", "scenario", "baseline", "target")}}


def _gdp_rows(lang: str, scenario: float = 1923.10):
    return charts.gdp_path_rows(DATA.history, scenario, 1900.0, 1957.8, NAMES[lang])


def test_gdp_summary_says_2024_and_the_scenarios_2025_with_its_change():
    en = chart_words.gdp_summary(_gdp_rows("en"), "GDP", "en")
    assert en.startswith("GDP: 186.01 bn yuan in 2024;")
    assert "this scenario 192.31 bn yuan (+3.4% on 2024)" in en
    assert "the baseline 190.00 bn yuan" in en and "the target path 195.78 bn yuan" in en
    zh = chart_words.gdp_summary(_gdp_rows("zh", 1800.0), "地区生产总值", "zh")
    assert "2024年1,860.06亿元" in zh and "本情景1,800.00亿元（比2024年-3.2%）" in zh


def test_gdp_table_has_every_point_once_with_units():
    headers = {"year": "Year", "series": "Series", "gdp": "GDP"}
    table = chart_words.gdp_table(_gdp_rows("en"), headers, "en")
    history_years = [r["year"] for r in DATA.history if "gdp" in r]
    assert [row["Year"] for row in table] == [str(y) for y in history_years] + [str(history_years[-1] + 1)] * 3
    assert table[-1] == {"Year": str(history_years[-1] + 1), "Series": NAMES["en"]["scenario"], "GDP": "192.31 bn yuan"}


def test_contributions_in_words_and_as_a_component_by_period_table():
    rows = charts.contribution_rows({"2024": {"consumption": 1.41, "investment": 2.12},
                                     "2025": {"consumption": 1.5, "investment": -0.2}},
                                    {"consumption": "Consumption", "investment": "Investment"})
    summary = chart_words.contributions_summary(rows, "Pull", "en")
    assert summary == "Pull: Consumption: 2024 +1.41 pp, 2025 +1.50 pp; Investment: 2024 +2.12 pp, 2025 -0.20 pp."
    table = chart_words.contributions_table(rows, {"component": "Component"}, "en")
    assert table == [{"Component": "Consumption", "2024": "+1.41 pp", "2025": "+1.50 pp"},
                     {"Component": "Investment", "2024": "+2.12 pp", "2025": "-0.20 pp"}]


def test_described_hides_every_mark_and_guide_and_keeps_the_spec_otherwise():
    spec = {"mark": "bar", "config": {"mark": {"color": "red"}, "view": {"stroke": None}}, "datasets": {"rows": [1]}}
    drawn = a11y.described(spec, "words")
    assert drawn["description"] == "words"
    assert drawn["config"]["aria"] is False and drawn["config"]["mark"] == {"color": "red", "aria": False}
    assert drawn["config"]["view"] == {"stroke": None} and drawn["datasets"] is spec["datasets"]
    assert "aria" not in spec["config"] and "description" not in spec  # the cached template is not changed
