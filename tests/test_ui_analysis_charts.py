"""The analysis pages' pure parts, without a server: chart rows and specs, link parsing, goal-seek rounding, tables."""

from __future__ import annotations

import altair as alt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import data
from model import INPUT_TARGETS, Scenario, simulate
from model.uncertainty import GDP_TARGET_ID, LIKELIHOOD_SCALE
from ui.analysis import cached, charts, compare, compare_scenarios, goalseek
from ui.analysis import sensitivity as sensitivity_views
from ui.analysis import uncertainty as uncertainty_views
from ui.shared.i18n import t

DS = data.load()
FAN_NAMES = {"history": "Actual", "median": "Median", "outer": "90%", "inner": "50%", "target": "Target"}


def validate(spec: dict) -> None:
    """Altair checks the spec against the Vega-Lite schema (the named dataset included)."""
    alt.LayerChart.from_dict(spec)


# ------------------------------------------------------------------ fan


def test_fan_rows_open_from_2024_to_the_2025_quantiles_in_percent():
    quantiles = (0.01, 0.02, 0.03, 0.04, 0.05)
    rows = charts.fan_rows(DS.history, quantiles, 0.05, FAN_NAMES)
    history = [r for r in rows if r["series"] == "Actual"]
    assert [r["year"] for r in history] == [r["year"] for r in DS.history if "gdp_real_growth" in r]
    observed_2024 = 100 * DS.history[-1]["gdp_real_growth"]
    bands = {(r["series"], r["year"]): (r["low"], r["high"]) for r in rows if r["layer"] == "band"}
    assert bands[("90%", 2024)] == bands[("50%", 2024)] == (observed_2024, observed_2024)
    assert bands[("90%", 2025)] == (1.0, 5.0) and bands[("50%", 2025)] == (2.0, 4.0)
    median = [r for r in rows if r["series"] == "Median"]
    assert [(r["year"], r["value"]) for r in median] == [(2024, observed_2024), (2025, 3.0)]
    assert [r["value"] for r in rows if r["layer"] == "target"] == [5.0]


def test_fan_spec_is_valid_vega_lite_with_the_rows_as_its_dataset():
    rows = charts.fan_rows(DS.history, (0.0, 0.02, 0.03, 0.04, 0.06), 0.05, FAN_NAMES)
    spec = charts.fan_spec(rows, "title", "Year", "Growth (%)", "Series", "Low", "High", FAN_NAMES)
    validate(spec)
    assert spec["datasets"][charts.DATASET] == rows
    assert len(spec["layer"]) == 4
    again = charts.fan_spec(rows[:3], "title", "Year", "Growth (%)", "Series", "Low", "High", FAN_NAMES)
    assert again["datasets"][charts.DATASET] == rows[:3]
    assert spec["datasets"][charts.DATASET] == rows  # the cached template is not shared with the first spec's rows


# ------------------------------------------------------------------ tornado


def test_tornado_rows_keep_the_order_and_leave_off_parameters_without_effect():
    bars = cached.sensitivity(Scenario())
    labels = {p: p.upper() for p in DS.params}
    settings_text = {b.param_id: ("lo", "hi") for b in bars}
    rows = charts.tornado_rows(bars, labels, {"low": "L", "high": "H"}, settings_text, min_swing_pp=sensitivity_views.NO_EFFECT_PP)
    kept = [b for b in bars if b.swing_pp >= sensitivity_views.NO_EFFECT_PP]
    assert len(rows) == 2 * len(kept) < 2 * len(bars)
    assert [r["param"] for r in rows[::2]] == [labels[b.param_id] for b in kept]
    assert [r["rank"] for r in rows[::2]] == list(range(len(kept)))
    first = kept[0]
    assert rows[0]["pp"] == round(first.delta_low_pp, 3) and rows[1]["pp"] == round(first.delta_high_pp, 3)
    swings = [abs(rows[i + 1]["pp"] - rows[i]["pp"]) for i in range(0, len(rows), 2)]
    assert swings == sorted(swings, reverse=True)


def test_tornado_spec_is_valid_and_grows_with_the_number_of_bars():
    bars = cached.sensitivity(Scenario())
    labels = {p: p for p in DS.params}
    settings_text = {b.param_id: ("lo", "hi") for b in bars}
    rows = charts.tornado_rows(bars, labels, {"low": "L", "high": "H"}, settings_text)
    tall = charts.tornado_spec(rows, "t", "pp", ["L", "H"], "Parameter", "Setting")
    short = charts.tornado_spec(rows[:4], "t", "pp", ["L", "H"], "Parameter", "Setting")
    validate(tall)
    assert tall["height"] > short["height"]


# ------------------------------------------------------------------ compare


def test_compare_rows_and_spec():
    values = {"Baseline": {"gdp_real_growth": 0.031, "fai_growth": 0.118}, "Mine": {"gdp_real_growth": 0.05, "fai_growth": 0.2}}
    rows = charts.compare_rows(values, {"gdp_real_growth": "GDP", "fai_growth": "FAI"})
    assert {(r["scenario"], r["outcome"]): r["value"] for r in rows} == {
        ("Baseline", "GDP"): 3.1, ("Baseline", "FAI"): 11.8, ("Mine", "GDP"): 5.0, ("Mine", "FAI"): 20.0}
    spec = charts.compare_spec(rows, "t", "%", ["GDP", "FAI"], ["Baseline", "Mine"], "Outcome", "Scenario")
    validate(spec)


# ------------------------------------------------------------------ shared links pasted into compare


@pytest.mark.parametrize("text", [
    "https://huadu.example/?fai_growth=0.2&lang=en&v=2025.1",
    "http://localhost:8501/compare?fai_growth=0.2",
    "fai_growth=0.2&lang=zh",
    "?fai_growth=0.2",
])
def test_parse_link_reads_a_link_or_its_query(text):
    parsed = compare_scenarios.parse_link(text)
    assert parsed is not None and parsed.values == {"fai_growth": 0.2}


def test_a_link_of_the_default_scenario_is_a_link_too():
    parsed = compare_scenarios.parse_link(f"https://huadu.example/?lang=zh&v={DS.version}")
    assert parsed is not None and parsed.values == {} and not parsed.notices


@pytest.mark.parametrize("text", ["", "   ", "hello world", "https://example.org/", "https://example.org/?q=1",
                                  "x" * (compare_scenarios.MAX_LINK_CHARS + 1), "javascript:alert(1)"])
def test_parse_link_refuses_what_is_no_link_of_this_app(text):
    assert compare_scenarios.parse_link(text) is None


def test_link_with_a_bad_value_keeps_the_good_ones_and_reports_the_bad():
    parsed = compare_scenarios.parse_link("https://h/?fai_growth=0.2&retail_growth=9&export_growth=abc")
    assert parsed.values == {"fai_growth": 0.2}
    assert {(n.key, n.reason) for n in parsed.notices} == {("retail_growth", "out_of_range"), ("export_growth", "not_a_number")}


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_parse_link_never_raises(text):
    parsed = compare_scenarios.parse_link(text)
    if parsed is not None:
        scenario = Scenario(**parsed.values)
        assert all(DS.params[k].contains(v) for k, v in scenario.to_dict().items())


def test_unique_names_number_repeats_and_avoid_reserved_columns():
    assert compare_scenarios.unique_names(["A", "A", "Outcome", "B", "A"], reserved=["Outcome"]) == ["A", "A (2)", "Outcome (2)", "B", "A (3)"]


# ------------------------------------------------------------------ goal seek applied


LEVER = st.sampled_from([p.id for p in DS.params_in("lever")])


@given(lever=LEVER, target=st.floats(0.0, 0.10), fai=st.floats(-0.2, 0.3), export=st.floats(-0.3, 0.3))
@settings(max_examples=60, deadline=None)
def test_goal_seek_rounded_for_applying_still_meets_the_target(lever, target, fai, export):
    scenario = Scenario(fai_growth=fai, export_growth=export)
    found = cached.goal_seek(scenario, lever, target, None)
    if not found.reachable:
        assert found.value is None
        return
    targets = {GDP_TARGET_ID: target}

    def meets(s):
        return bool(simulate(s, targets).targets[GDP_TARGET_ID].met)

    value = goalseek.rounded_toward_target(scenario, lever, found.value, meets)
    assert abs(value - found.value) <= 10 ** -cached.APPLY_DECIMALS
    assert DS.params[lever].contains(value)
    assert meets(scenario.replace(**{lever: value}))
    growth = simulate(scenario.replace(**{lever: value})).gdp_real_growth
    assert growth == pytest.approx(target, abs=0.0005)  # within 0.05 pp: "meets the target within rounding"


# ------------------------------------------------------------------ tables and words


@pytest.mark.parametrize("probability,key", [(1.0, "virtually_certain"), (0.95, "very_likely"), (0.7, "likely"),
                                             (0.5, "about_as_likely_as_not"), (0.2, "unlikely"),
                                             (0.05, "very_unlikely"), (0.0, "exceptionally_unlikely")])
def test_likelihood_phrase_is_translated(probability, key):
    assert uncertainty_views.phrase(probability, "zh") == DS.text[f"likely_{key}"]["zh"]
    assert uncertainty_views.phrase(probability, "en") == DS.text[f"likely_{key}"]["en"]
    assert {k for _, k in LIKELIHOOD_SCALE} <= {k[len("likely_"):] for k in DS.text if k.startswith("likely_")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_distribution_table_lists_each_uncertain_parameter_with_its_sd_and_why(lang):
    frame = uncertainty_views.distribution_frame(Scenario(), lang)
    uncertain = [p for p in DS.params.values() if p.sd > 0]
    assert len(frame) == len(uncertain)
    assert list(frame.iloc[:, 4]) == [p.sd_why[lang] for p in uncertain]
    if lang == "en":
        assert frame.iloc[0, 2] == "±5.0 pp"  # fai_growth: sd 0.05


def test_quantile_and_probability_tables_have_a_row_per_output_and_target():
    mc = cached.uncertainty(Scenario(), ())
    assert len(uncertainty_views.quantile_frame(mc, "zh")) == len(mc.quantiles)
    # every projected target has a row; FAI and retail (inputs) show the setting, not a chance
    frame = uncertainty_views.probability_frame(mc, simulate(Scenario()), "en")
    assert len(frame) == len(simulate(Scenario()).targets) == len(mc.probability_met) + len(INPUT_TARGETS)
    assert (frame[t("col_chance", "en")] == "—").sum() == len(INPUT_TARGETS)


def test_outcome_frame_gives_differences_against_the_baseline():
    base = simulate(Scenario())
    frame = compare.outcome_frame({"Mine": simulate(Scenario(fai_growth=0.2))}, base, "en")
    gdp = frame.iloc[0]
    assert gdp.iloc[1] == f"{100 * base.gdp_real_growth:+.1f}%" and gdp["Mine"].startswith("+") and "pp" in gdp["Mine"]
    unchanged = compare.outcome_frame({"Same": base}, base, "en")
    status = unchanged[t("col_outcome", "en")] == t("cmp_gdp_status", "en")
    assert status.tolist().index(True) == 1  # the GDP target's status right under GDP growth, in the card's words
    assert unchanged["Same"][status].tolist() == [compare.gdp_status(base, "en")] == [t("status_not_met", "en")]
    # GDP growth, level, nominal growth, the implied deflator, jobs, FAI, retail, trade, revenue
    assert [c[c.index("(") + 1:-1] for c in unchanged["Same"][~status]] == [
        "+0.00 pp", "+0.00", "+0.00 pp", "+0.00 pp", "+0", "+0.00 pp", "+0.00 pp", "+0.00 pp", "+0.00 pp"]
