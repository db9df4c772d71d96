"""The track record (模型回测): the back-test's tables and chart, built from model/backtest.py."""

from __future__ import annotations

import math

import pyarrow as pa
import streamlit as st

from model.backtest import METHODS, MODES, TrackRecord
from ui.shared import a11y, chart_words, charts
from ui.shared.i18n import pct, t


# the variant ids hold a dot ("demand_rho_0.5"): translation keys use an underscore
def method_name(method: str, lang: str, record: TrackRecord | None = None) -> str:
    name = t("tr_method_" + method.replace(".", "_"), lang)
    if record is not None and method == f"production_phi_{record.carry:g}":
        return t("tr_headline_mark", lang, name=name)
    return name


def _pp(value: float) -> str:
    return f"{value:+.2f}" if math.isfinite(value) else "—"


def shown_methods(record: TrackRecord, mode: str = "conditional") -> list[str]:
    """Methods with at least one projection (the target column only where a target is known); the
    headline ("production") is shown as the variant at its carry, marked."""
    return [m for m in METHODS if m != "production" and record.errors_pp(m, mode).size]


def mode_choice(lang: str) -> str:
    """The back-test mode the reader picks (conditional first)."""
    return st.radio(t("tr_mode_label", lang), MODES, format_func=lambda m: t(f"tr_mode_{m}", lang),
                    horizontal=True, key="tr_mode")


def errors_rows(record: TrackRecord, lang: str, mode: str = "conditional") -> list[dict[str, str]]:
    """One row per year: the outcome, each method's error (pp), the levers and prices that were imputed."""
    rows = []
    for year in record.years:
        row = {t("tr_col_year", lang): str(year.year), t("tr_col_actual", lang): pct(year.actual_real_growth, signed=True)}
        for m in shown_methods(record, mode):
            row[method_name(m, lang, record)] = _pp(year.error_pp(m, mode))
        row[t("tr_col_imputed", lang)] = ", ".join(t("tr_lever_" + k, lang) for k in year.imputed_by_mode[mode]) or "—"
        rows.append(row)
    return rows


def summary_rows(record: TrackRecord, lang: str, mode: str = "conditional") -> list[dict[str, str]]:
    """One row per method: years, mean error, mean absolute error and RMSE (pp)."""
    return [{
        t("tr_col_method", lang): method_name(m, lang, record),
        t("tr_col_years", lang): str(record.errors_pp(m, mode).size),
        t("tr_col_mean", lang): _pp(record.mean_error_pp(m, mode)),
        t("tr_col_mae", lang): f"{record.mean_abs_error_pp(m, mode):.2f}",
        t("tr_col_rmse", lang): f"{record.rmse_pp(m, mode):.2f}",
    } for m in shown_methods(record, mode)]


def sector_rows(record: TrackRecord, lang: str, mode: str = "conditional") -> list[dict[str, str]]:
    """The headline's sector errors beside its GDP error, for the years with published sector growth."""
    rows = []
    for year in record.years:
        for sector, error in year.sector_errors_pp(mode).items():
            rows.append({t("tr_col_year", lang): str(year.year), t("tr_col_sector", lang): t(f"tr_sector_{sector}", lang),
                         t("tr_col_actual", lang): pct(year.actual_sectors[sector], signed=True),
                         method_name(f"production_phi_{record.carry:g}", lang, record): _pp(error)})
    return rows


def reading_figures(record: TrackRecord) -> dict[str, str]:
    """The figures the reading under the tables quotes."""
    def rmse(method: str, mode: str) -> str:
        return f"{record.rmse_pp(method, mode):.2f}"
    return {"carry": f"{record.carry:g}", "best": f"{record.best_carry():g}", "rho": f"{record.best_persistence():g}",
            "production": rmse("production", "conditional"), "naive": rmse("naive", "conditional"),
            "gz": rmse("gz_gap", "conditional"), "production_fc": rmse("production", "forecast"),
            "naive_fc": rmse("naive", "forecast"), "gz_fc": rmse("gz_gap", "forecast"), "years": str(len(record.years))}


def chart_methods(record: TrackRecord, mode: str = "conditional") -> list[str]:
    """The chart's series beside the outcome: the headline and the simple benchmarks (the tables hold every variant)."""
    return [m for m in (f"production_phi_{record.carry:g}", "naive", "gz_gap", "target") if record.errors_pp(m, mode).size]


def chart(record: TrackRecord, mode: str, lang: str) -> None:
    years = [y.year for y in record.years]
    series = {t("tr_actual", lang): [y.actual_real_growth for y in record.years]}
    for m in chart_methods(record, mode):
        series[method_name(m, lang, record)] = [y.projections[mode][m] for y in record.years]
    rows = charts.track_record_rows(years, series)
    spec = charts.track_record_spec(rows, t("tr_chart_title", lang), t("tr_axis_year", lang),
                                    t("tr_axis_growth", lang), t("tr_series", lang), list(series))
    a11y.chart(charts.with_arrow_rows(spec), key="chart_track_record", lang=lang,
               summary=chart_words.see_table(t("tr_chart_title", lang), lang))


def tables(record: TrackRecord, mode: str, lang: str) -> None:
    st.header(t("tr_table_title", lang))
    st.dataframe(pa.Table.from_pylist(errors_rows(record, lang, mode)), hide_index=True, width="stretch")
    st.header(t("tr_summary_title", lang))
    st.dataframe(pa.Table.from_pylist(summary_rows(record, lang, mode)), hide_index=True, width="stretch")
    sectors = sector_rows(record, lang, mode)
    if sectors:
        st.header(t("tr_sector_title", lang))
        st.dataframe(pa.Table.from_pylist(sectors), hide_index=True, width="stretch")
