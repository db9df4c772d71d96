"""The simulator with its results taken out: a yardstick for how much of the browser figure is the page's frame.

Runs the real app.py (navigation, sidebar, language switch, presets, the three lever rows with
their number boxes and captions, the share popover, the advanced expander, the URL write on
every move) but draws, in place of the outcome cards, charts and scorecard, only two plain
st.metric cards (GDP growth and GDP level), which the benchmark watches as it does in the app.
bench_page.py prints its figure between the bare app and the app: what is left to win by
drawing the results more cheaply. Run by benchmarks only, never by users.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui import views  # noqa: E402
from ui.i18n import pct, t, yi_yuan_number  # noqa: E402


def _two_cards(result, base, lang) -> None:
    st.metric(t("card_gdp_growth", lang), pct(result.gdp_real_growth))
    st.metric(t("card_gdp_level", lang), yi_yuan_number(result.gdp_nominal_yi_yuan, lang))


views.outcome_cards = _two_cards
views.gdp_chart = views.contributions_chart = views.scorecard = lambda *args, **kwargs: None

_page = st.Page
st.Page = lambda page, *args, **kwargs: _page(ROOT / page if isinstance(page, str) else page, *args, **kwargs)
runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
