"""The track record page (模型回测): table and chart in both languages, numbers from the back-test."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import data
from model.backtest import track_record
from ui.analysis import track_record as trv

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DS = data.load()


def open_track_record(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page("pages/track_record.py")
    at.run()
    assert not at.exception, at.exception
    return at


def headline_column(record, lang: str) -> str:
    name = DS.text[f"tr_method_production_phi_{record.carry:g}".replace(".", "_")][lang]
    return DS.text["tr_headline_mark"][lang].format(name=name)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_every_back_test_year_and_method_in_both_languages(lang):
    at = open_track_record(lang)
    record = track_record()
    assert at.title[0].value == DS.text["tr_title"][lang]
    errors, summary = at.dataframe[0].value, at.dataframe[1].value
    assert errors[DS.text["tr_col_year"][lang]].tolist() == [str(y.year) for y in record.years]
    shown = errors[headline_column(record, lang)].tolist()
    assert shown == [f"{y.error_pp('production'):+.2f}" for y in record.years]
    naive_row = summary[summary[DS.text["tr_col_method"][lang]] == DS.text["tr_method_naive"][lang]]
    assert naive_row[DS.text["tr_col_rmse"][lang]].item() == f"{record.rmse_pp('naive'):.2f}"
    gz_row = summary[summary[DS.text["tr_col_method"][lang]] == DS.text["tr_method_gz_gap"][lang]]
    assert gz_row[DS.text["tr_col_rmse"][lang]].item() == f"{record.rmse_pp('gz_gap'):.2f}"
    assert len(at.get("vega_lite_chart")) == 1
    reading = " ".join(m.value for m in at.markdown)
    for mode in ("conditional", "forecast"):
        assert f"{record.rmse_pp('production', mode):.2f}" in reading


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_as_a_forecast_shows_the_errors_with_last_years_levers(lang):
    at = open_track_record(lang)
    record = track_record()
    at.radio(key="tr_mode").set_value("forecast").run()
    assert not at.exception
    errors = at.dataframe[0].value
    assert errors[headline_column(record, lang)].tolist() == [f"{y.error_pp('production', 'forecast'):+.2f}" for y in record.years]
    assert record.rmse_pp("production", "forecast") != record.rmse_pp("production", "conditional")


def test_sector_errors_sit_beside_the_headline_where_sectors_are_published():
    record = track_record()
    rows = trv.sector_rows(record, "en")
    published = [(y.year, s) for y in record.years for s in y.actual_sectors]
    assert published and len(rows) == len(published)
    assert {r[DS.text["tr_col_year"]["en"]] for r in rows} == {str(y) for y, _ in published}


def test_the_outcome_line_breaks_where_the_record_has_no_years():
    from ui.shared import charts

    rows = charts.track_record_rows([2016, 2021, 2022], {"actual": [0.05, 0.08, -0.01], "model": [0.04, float("nan"), 0.0]})
    assert [(r["year"], r["run"]) for r in rows if r["series"] == "actual"] == [(2016, 0), (2021, 1), (2022, 1)]
    assert [r["year"] for r in rows if r["series"] == "model"] == [2016, 2022]
    spec = charts.track_record_spec(rows, "t", "year", "growth", "series", ["actual", "model"])
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["detail"]["field"] == "run"  # one line per stretch of consecutive years
    assert line["encoding"]["x"]["type"] == "quantitative"  # 2017-2020 keep their place on the axis
    # one legend names every series, the outcome's line included (it was missing when only the points had a shape)
    for layer in spec["layer"][1:]:
        for channel in ("color", "shape"):
            assert layer["encoding"][channel]["scale"]["domain"] == ["actual", "model"], channel


def test_every_year_row_names_the_levers_that_were_not_published():
    record = track_record()
    rows = trv.errors_rows(record, "en")
    for year, row in zip(record.years, rows, strict=True):
        cell = row[DS.text["tr_col_imputed"]["en"]]
        assert (cell == "—") == (not year.imputed)


def test_navigation_lists_the_track_record():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    source = Path(APP).read_text(encoding="utf-8")
    assert "pages/track_record.py" in source and "nav_track_record" in source


def test_every_lever_and_price_the_record_can_name_as_missing_has_its_words():
    """A year's row names what was not published for it: every lever and price the back-test reads has its
    words in both languages (Guangzhou's services had none until a year lacked it)."""
    from model.backtest import LEVERS, PRICES

    for key in (*LEVERS, *PRICES):
        assert all(DS.text[f"tr_lever_{key}"][lang].strip() for lang in ("zh", "en")), key
