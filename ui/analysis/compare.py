"""Compare page, results: each chosen scenario against the baseline as cards, a table and grouped bars."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from data.outputs_loader import in_order
from model import Result
from model.uncertainty import gdp_target_id
from ui.analysis import charts as analysis_charts
from ui.shared import a11y, chart_words
from ui.shared.format import change, output_text, outputs, target_status
from ui.shared.i18n import pct, pick, pp, t


def compare_cards(results: Mapping[str, Result], base: Result, lang: str) -> None:
    """One column per scenario: its name (plain text: it may be user input) and real growth against the baseline."""
    for column, (name, result) in zip(st.columns(len(results)), results.items(), strict=True):
        with column, st.container(border=True):
            st.text(name)
            delta_pp = 100 * (result.gdp_real_growth - base.gdp_real_growth)
            same = round(delta_pp, 2) == 0  # no arrow for "no change"
            st.metric(t("card_gdp_growth", lang), pct(result.gdp_real_growth),
                      pp(delta_pp, lang) + " " + t("cmp_vs_baseline", lang),
                      delta_color="off" if same else "normal", delta_arrow="off" if same else "auto")
            st.caption(gdp_status(result, lang))


def gdp_status(result: Result, lang: str) -> str:
    """The GDP target's status in the simulator card's words (the model's rule: met / about met / not met)."""
    return target_status(gdp_target_id(), result.targets[gdp_target_id()], lang)


# the table's rows and the chart's bars: `compare` in data/outputs.toml, in its order
def compared_outcomes() -> tuple[str, ...]:
    return tuple(o.id for o in in_order(outputs(), "compare"))


def charted_outcomes() -> tuple[str, ...]:
    return tuple(o.id for o in outputs().values() if o.compare_chart)


def _outcome_text(output: str, value: float, base: float, lang: str, with_delta: bool) -> str:
    shown, delta = output_text(output, value, lang), change(value - base, outputs()[output].unit, lang)
    return t("value_with_delta", lang, value=shown, delta=delta) if with_delta else shown


def outcome_frame(results: Mapping[str, Result], base: Result, lang: str) -> pd.DataFrame:
    """Rows: outcomes, with the GDP target's status under GDP growth; columns: the baseline, then each scenario
    with its difference from the baseline."""
    rows = []
    for output in compared_outcomes():
        b = float(getattr(base, output))
        row = {t("col_outcome", lang): pick(outputs()[output].short, lang),
               t("cmp_baseline", lang): _outcome_text(output, b, b, lang, with_delta=False)}
        for name, result in results.items():
            row[name] = _outcome_text(output, float(getattr(result, output)), b, lang, with_delta=True)
        rows.append(row)
        if outputs()[output].target == gdp_target_id():  # the row the GDP target is read against
            rows.append({t("col_outcome", lang): t("cmp_gdp_status", lang), t("cmp_baseline", lang): gdp_status(base, lang)}
                        | {name: gdp_status(result, lang) for name, result in results.items()})
    return pd.DataFrame(rows)


def compare_chart(results: Mapping[str, Result], base: Result, lang: str) -> None:
    charted = charted_outcomes()
    names = {k: pick(outputs()[k].short, lang) for k in charted}
    values = {t("cmp_baseline", lang): {k: float(getattr(base, k)) for k in charted}}
    values |= {name: {k: float(getattr(r, k)) for k in charted} for name, r in results.items()}
    rows = analysis_charts.compare_rows(values, names)
    spec = analysis_charts.compare_spec(
        rows, t("cmp_chart_title", lang), t("cmp_chart_axis", lang), list(names.values()), list(values),
        t("col_outcome", lang), t("cmp_scenario", lang),
    )
    a11y.chart(spec, key="chart_compare", lang=lang, summary=chart_words.see_table(t("cmp_chart_title", lang), lang))
