"""The track record (模型回测): the back-test's tables and chart, built from model/backtest.py."""

from __future__ import annotations

import math

import pyarrow as pa
import streamlit as st

from model.backtest import METHODS, TrackRecord
from ui import a11y, chart_words, charts
from ui.i18n import pct, t, yi_yuan_number


# the demand-side variant ids hold a dot ("demand_rho_0.5"): translation keys use an underscore
def method_name(method: str, lang: str) -> str:
    return t("tr_method_" + method.replace(".", "_"), lang)


def _pp(value: float) -> str:
    return f"{value:+.2f}" if math.isfinite(value) else "—"


def shown_methods(record: TrackRecord) -> list[str]:
    """Methods with at least one projection (the target column only where a target is known)."""
    return [m for m in METHODS if record.errors_pp(m).size]


def errors_rows(record: TrackRecord, lang: str) -> list[dict[str, str]]:
    """One row per year: the outcome, each method's error (pp), the levers that were imputed."""
    rows = []
    for year in record.years:
        row = {t("tr_col_year", lang): str(year.year), t("tr_col_actual", lang): pct(year.actual_real_growth, signed=True)}
        for m in shown_methods(record):
            row[method_name(m, lang)] = _pp(year.error_pp(m))
        row[t("tr_col_imputed", lang)] = ", ".join(t("tr_lever_" + k, lang) for k in year.imputed) or "—"
        rows.append(row)
    return rows


def summary_rows(record: TrackRecord, lang: str) -> list[dict[str, str]]:
    """One row per method: years, mean error, mean absolute error, RMSE (pp) and nominal RMSE (亿元 / bn yuan)."""
    return [{
        t("tr_col_method", lang): method_name(m, lang),
        t("tr_col_years", lang): str(record.errors_pp(m).size),
        t("tr_col_mean", lang): _pp(record.mean_error_pp(m)),
        t("tr_col_mae", lang): f"{record.mean_abs_error_pp(m):.2f}",
        t("tr_col_rmse", lang): f"{record.rmse_pp(m):.2f}",
        t("tr_col_nominal_rmse", lang): yi_yuan_number(record.rmse_yi_yuan(m), lang),
    } for m in shown_methods(record)]


def chart(record: TrackRecord, lang: str) -> None:
    years = [y.year for y in record.years]
    series = {t("tr_actual", lang): [y.actual_real_growth for y in record.years]}
    for m in shown_methods(record):
        series[method_name(m, lang)] = [y.projected[m] for y in record.years]
    rows = charts.track_record_rows(years, series)
    spec = charts.track_record_spec(rows, t("tr_chart_title", lang), t("tr_axis_year", lang),
                                    t("tr_axis_growth", lang), t("tr_series", lang), list(series))
    a11y.chart(charts.with_arrow_rows(spec), key="chart_track_record", lang=lang,
               summary=chart_words.see_table(t("tr_chart_title", lang), lang))


def tables(record: TrackRecord, lang: str) -> None:
    st.header(t("tr_table_title", lang))
    st.dataframe(pa.Table.from_pylist(errors_rows(record, lang)), hide_index=True, width="stretch")
    st.header(t("tr_summary_title", lang))
    st.dataframe(pa.Table.from_pylist(summary_rows(record, lang)), hide_index=True, width="stretch")
