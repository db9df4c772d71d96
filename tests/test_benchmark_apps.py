"""The benchmark yardsticks stay what bench_page.py says they are (a silent drift would skew its figures)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

import data
from ui import views

ROOT = Path(__file__).resolve().parents[1]
DS = data.load()


def test_skeleton_app_is_the_simulator_without_its_results(monkeypatch):
    # skeleton_app patches these in the process it runs in; put them back after this test
    for name in ("outcome_cards", "gdp_chart", "contributions_chart", "scorecard"):
        monkeypatch.setattr(views, name, getattr(views, name))
    monkeypatch.setattr(st, "Page", st.Page)

    at = AppTest.from_file(str(ROOT / "benchmarks" / "skeleton_app.py"), default_timeout=30).run()
    assert not at.exception, at.exception
    # the frame is all there: the three levers with their number boxes, the sidebar, the title
    assert [s.label for s in at.slider] == [DS.params[p.id].label["zh"] for p in DS.params_in("lever")]
    assert len(at.number_input) == 3
    assert at.title[0].value == DS.text["app_title"]["zh"]
    # the results are not: two plain cards (the benchmark watches the second), no charts, no scorecard
    assert [m.label for m in at.metric] == [DS.text["card_gdp_growth"]["zh"], DS.text["card_gdp_level"]["zh"]]
    assert not at.get("vega_lite_chart") and not at.dataframe
    # and a slider move still reaches the card
    before = at.metric[1].value
    at.slider[0].set_value(at.slider[0].value + 1.0).run()
    assert at.metric[1].value != before
