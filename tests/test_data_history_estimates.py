"""Every parameter says where its value comes from, and an estimated one equals what the record gives."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import data
from model import estimates
from model.scenario import Scenario
from model.simulate import simulate
from tests import quote_match

DS = data.load()
ROOT = Path(__file__).resolve().parents[1]
SOURCE_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in (data.DATA_DIR / "sources").iterdir()}
ESTIMATES = estimates.all_estimates(DS)


def test_every_parameter_has_evidence_of_a_known_kind():
    assert data.EVIDENCE_KINDS == ("estimated", "sourced", "judgement", "report", "computed")
    kinds = {p.id: p.evidence.kind for p in DS.params.values()}
    assert set(kinds.values()) <= set(data.EVIDENCE_KINDS)
    assert {k for k, v in kinds.items() if v == "estimated"} == {"revenue_buoyancy", "jobs_semi_elasticity",
                                                               "industry_export_elasticity", "industry_fai_elasticity",
                                                               "industry_value_added_ratio"}
    assert "gdp_deflator" not in kinds  # v3: an output implied by the sectors' prices, not an assumption
    assert kinds["export_growth"] == "judgement" and DS.params["export_growth"].source.doc != "report"


@pytest.mark.parametrize("param_id", sorted(p.id for p in DS.params.values() if p.evidence.kind == "estimated"))
def test_an_estimated_parameter_has_its_estimator_and_method_sample_fit_in_both_languages(param_id):
    ev = DS.params[param_id].evidence
    assert param_id in estimates.ESTIMATORS, f"{param_id} claims an estimate that model/estimates.py does not make"
    for text in (ev.method, ev.sample, ev.fit):
        assert text["zh"].strip() and text["en"].strip()


@pytest.mark.parametrize("param_id", sorted(estimates.ESTIMATORS))
def test_the_stored_value_is_the_estimate_at_its_stated_precision(param_id):
    p = DS.params[param_id]
    assert p.evidence.kind in ("estimated", "computed") and p.evidence.digits is not None
    assert p.value == round(ESTIMATES[param_id].value, p.evidence.digits), (p.value, ESTIMATES[param_id].value)


def test_the_estimates_are_what_the_record_gives():
    """Hand-checked figures: the jobs response is about 0.015 per pp, not 0.16; revenue follows
    nominal GDP at about a quarter."""
    jobs = ESTIMATES["jobs_semi_elasticity"]
    assert jobs.fit["n"] == 5 and 0.01 < jobs.value < 0.03
    # 2021: jobs 1269/1186 - 1 = +7.0% as growth went from 2.3% to 8.1% (+5.8 pp)
    np.testing.assert_allclose(jobs.data[1], (5.8, 1269 / 1186 - 1), rtol=1e-9)
    buoyancy = ESTIMATES["revenue_buoyancy"]
    np.testing.assert_allclose(buoyancy.data[0], (np.log(1800.41 / 1682.15), np.log(86.27 / 84.92)), rtol=1e-12)
    assert buoyancy.sample[1] == "huadu 2021-2024" and buoyancy.data[1][1] < 0  # revenue fell as GDP rose
    np.testing.assert_allclose(ESTIMATES["export_share_of_trade"].value, 545.10 / (874 / 1.053), atol=5e-4)
    # the industry link: four years, about 0.55 per point of trade growth and 0.11 per point of FAI growth
    link = ESTIMATES["industry_export_elasticity"]
    assert link.fit["n"] == 4 and link.sample == ("huadu 2016", "huadu 2020", "huadu 2021", "huadu 2024")
    assert 0.5 < link.value < 0.6 and 0.05 < ESTIMATES["industry_fai_elasticity"].value < 0.15
    # kappa: 2020 (output +0.2%, secondary value added +0.5%) and 2022 (-7.1%, -3.3%), through the origin
    kappa = ESTIMATES["industry_value_added_ratio"]
    assert kappa.sample == ("huadu 2020", "huadu 2022")
    assert kappa.value == pytest.approx((0.002 * 0.005 + 0.071 * 0.033) / (0.002 ** 2 + 0.071 ** 2), rel=1e-12)


def test_ols_through_the_origin_on_a_hand_solved_case():
    b, fit = estimates.ols_through_origin([1.0, 2.0, 3.0], [2.0, 4.0, 7.0])
    assert b == pytest.approx(31 / 14)  # sum(xy) = 2 + 8 + 21, sum(x^2) = 14
    residuals = np.array([2.0, 4.0, 7.0]) - b * np.array([1.0, 2.0, 3.0])
    assert fit["resid_sd"] == pytest.approx(np.sqrt(residuals @ residuals / 2))
    assert fit["slope_se"] == pytest.approx(fit["resid_sd"] / np.sqrt(14))
    assert fit["r2_uncentred"] == pytest.approx(1 - residuals @ residuals / 69)


@pytest.mark.parametrize("param_id", sorted(p.id for p in DS.params.values() if p.evidence.kind == "sourced"))
def test_a_sourced_parameter_quotes_a_stored_document_that_holds_its_value(param_id):
    p = DS.params[param_id]
    assert any(p.source.quote in text for text in SOURCE_TEXTS.values()), f"{param_id}: quote not in data/sources/"
    assert quote_match.problem(p.value, p.unit, p.source.quote, p.source.as_written) is None


@pytest.mark.parametrize("preset_id", ["property_slowdown", "export_shock"])
def test_slowdown_presets_no_longer_miss_the_jobs_target_through_the_old_coefficient(preset_id):
    """At 0.16 per pp a 2-pp slowdown cut new jobs by a third; the record gives about 1.5% per pp."""
    scenario = Scenario(**DS.presets[preset_id].values)
    result = simulate(scenario)
    assert result.gdp_real_growth < DS.value("gdp_real_growth_2024")  # a slowdown
    assert bool(result.targets["new_urban_jobs_2025"].met)
    old = simulate(Scenario(**{**DS.presets[preset_id].values, "jobs_semi_elasticity": 0.16}))
    assert not bool(old.targets["new_urban_jobs_2025"].met) or result.new_urban_jobs > old.new_urban_jobs


def test_estimates_module_is_pure_it_reads_only_the_dataset_it_is_given():
    source = inspect.getsource(estimates)
    body = source.split('if __name__ == "__main__":')[0]
    assert not re.search(r"^\s*(import data\b|from data\b)", body, re.M), "the dataset is passed in, not loaded"
    for banned in ("import streamlit", "open(", "read_text", "tomllib", "load()"):
        assert banned not in body, banned


def test_the_script_prints_every_estimate_with_method_sample_and_fit():
    out = subprocess.run([sys.executable, "-m", "model.estimates"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    for param_id in estimates.ESTIMATORS:
        assert f"{param_id}: " in out.stdout
    assert out.stdout.count("method: ") == out.stdout.count("sample: ") == out.stdout.count("fit: ") == len(estimates.ESTIMATORS)
    assert "(parameters.toml: 0.015, evidence estimated, 3 decimals)" in out.stdout


def test_the_data_version_was_bumped_for_the_new_defaults():
    assert DS.version == "2025.4"  # v3: prices by sector, replay_carry, the real-time model error; 2025.4: kappa, carry 0


@pytest.mark.parametrize("param_id", ["cpi_change", "ppi_change"])
def test_the_price_defaults_are_the_latest_published_prices_by_the_back_tests_rule(param_id):
    """parameters.toml says the 2025 price defaults follow model/vintage.latest_price (most local series
    first, the latest year known at the end of 2024): the rule every back-test year uses."""
    from model.vintage import AsOf, latest_price

    p = DS.params[param_id]
    value, year, series = latest_price(AsOf(DS.history_record, 2024), param_id, 2024)
    assert p.evidence.kind == "computed" and p.value == round(value, p.evidence.digits), (p.value, value)
    assert f"{series} {year}" in p.source.section


def test_guangzhous_services_default_is_its_latest_reading_by_the_back_tests_rule():
    """parameters.toml says gz_services_growth's 2025 default is Guangzhou's latest services reading known at the
    end of the base year (model/facts.city_services_known: full year, else the longest in-year period), the rule
    the back-test uses for every base year; its section names the reading."""
    from model.facts import CITY_SERVICES_SERIES
    from model.vintage import AsOf, latest_reading

    p = DS.params["gz_services_growth"]
    value, year, period = latest_reading(AsOf(DS.history_record, DS.base_year), CITY_SERVICES_SERIES, DS.base_year)
    assert p.evidence.kind == "computed" and p.value == round(value, p.evidence.digits), (p.value, value)
    assert f"{CITY_SERVICES_SERIES} {year} {period}" in p.source.section


# ------------------------------------------------------------------ the loader names what is wrong


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "field", "problem"), [
    ('evidence = { kind = "report" }', "", "fai_growth.evidence", "is missing"),
    ('evidence = { kind = "report" }', 'evidence = { kind = "guess" }', "fai_growth.evidence.kind", "must be one of"),
    ('evidence = { kind = "report" }', 'evidence = { kind = "judgement" }', "fai_growth.source", "judgement needs"),
    ('evidence = { kind = "report" }', 'evidence = { kind = "report", digit = 3 }', "fai_growth.evidence.digit", "unknown"),
    ('evidence = { kind = "estimated", digits = 3, method', 'evidence = { kind = "estimated", method',
     "jobs_semi_elasticity.evidence.digits", "is missing"),
    ('evidence = { kind = "judgement" }\n\n# ---------------------------------------------------------------- advanced',
     'evidence = { kind = "sourced" }\n\n# ---------------------------------------------------------------- advanced',
     "export_growth.source", "sourced evidence needs"),
])
def test_a_bad_evidence_field_is_named(data_copy, old, new, field, problem):
    _edit(data_copy / "parameters.toml", old, new)
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.file == "parameters.toml" and err.value.field == field and problem in err.value.problem


def test_every_evidence_kind_grade_role_and_note_kind_has_its_text_in_both_languages():
    from data import history_loader

    keys = ([f"ev_kind_{k}" for k in data.EVIDENCE_KINDS] + [f"hist_grade_{g}" for g in history_loader.GRADES]
            + [f"hist_role_{r}" for r in history_loader.ROLES] + [f"hist_note_{k}" for k in history_loader.NOTE_KINDS])
    for key in keys:
        assert DS.text[key]["zh"].strip() and DS.text[key]["en"].strip(), key
