"""Uncertainty tab of the analysis page: the Monte Carlo's figures, fan chart and tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import FIELDS, MonteCarloResult, Result, Scenario, likelihood_phrase
from model.uncertainty import gdp_target_id, projected_outputs, uncertain_params
from ui.analysis import charts as analysis_charts
from ui.session.dataset import dataset
from ui.shared import a11y, chart_words
from ui.shared import format as fmt
from ui.shared.format import param_text as param_value_text
from ui.shared.i18n import pct, pick, pp, t


def sd_text(param_id: str, lang: str) -> str:
    """± one standard deviation, in pp for rates and in the parameter's own unit otherwise."""
    p = dataset().params[param_id]
    if p.unit in fmt.PERCENT_UNITS:
        return "±" + pp(100 * p.sd, lang, 1).lstrip("+")
    return f"±{p.sd:g}"


def phrase(probability: float, lang: str) -> str:
    return t(f"likely_{likelihood_phrase(probability)}", lang)


def uncertainty_metrics(mc: MonteCarloResult, lang: str) -> None:
    """Three figures: median real growth, its 90% range, the chance of meeting the GDP target."""
    q = mc.quantiles["gdp_real_growth"]
    chance = mc.probability_met[gdp_target_id()]
    median_col, range_col, chance_col = st.columns(3)
    median_col.metric(t("ana_median_growth", lang), pct(q[2]), border=True, help=t("ana_median_growth_help", lang))
    range_col.metric(t("ana_range_growth", lang), t("ana_range_value", lang, low=pct(q[0]), high=pct(q[4])),
                     border=True, help=t("ana_range_growth_help", lang))
    chance_col.metric(t("ana_chance_gdp", lang), pct(chance, 0), border=True, help=t("ana_chance_gdp_help", lang))
    chance_col.caption(phrase(chance, lang) + " · " + t("ana_chance_se", lang, se=pct(mc.probability_se[gdp_target_id()], 1)))


def fan_chart(mc: MonteCarloResult, target_growth: float, lang: str) -> None:
    names = {k: t(f"fan_{k}", lang) for k in ("history", "median", "outer", "inner", "target")}
    rows = analysis_charts.fan_rows(dataset().history, mc.quantiles["gdp_real_growth"], target_growth, names)
    spec = analysis_charts.fan_spec(
        rows, t("fan_title", lang), t("axis_year", lang), t("fan_axis", lang), t("tooltip_series", lang),
        t("fan_low", lang), t("fan_high", lang), names,
    )
    a11y.chart(spec, key="chart_fan", lang=lang, summary=chart_words.see_table(t("fan_title", lang), lang))


def probability_frame(mc: MonteCarloResult, result: Result, lang: str) -> pd.DataFrame:
    """Each projected target: goal, the central projection, the chance of meeting it, in words."""
    rows = []
    for target_id, outcome in result.targets.items():
        target = dataset().targets[target_id]
        chance = mc.probability_met.get(target_id)  # none for a target on a lever the user sets (an input)
        rows.append({
            t("col_target", lang): pick(target.label, lang),
            t("col_goal", lang): fmt.goal(outcome.target, target.unit, lang),
            t("col_projected", lang): fmt.fmt(float(outcome.value), target.unit, lang),
            t("col_chance", lang): "—" if chance is None else pct(chance, 0),
            t("col_chance_se", lang): "—" if chance is None else pct(mc.probability_se[target_id], 1),
            t("col_likelihood", lang): fmt.target_status(target_id, outcome, lang) if chance is None else phrase(chance, lang),
        })
    return pd.DataFrame(rows)


def quantile_frame(mc: MonteCarloResult, lang: str) -> pd.DataFrame:
    """Every projected output at the 5, 25, 50, 75 and 95% quantiles."""
    rows = []
    for output in projected_outputs():
        row = {t("col_outcome", lang): pick(dataset().outputs[output].short, lang)}
        for level, value in zip(mc.quantile_levels, mc.quantiles[output], strict=True):
            row[t("col_quantile", lang, level=round(100 * level))] = fmt.output_text(output, value, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def distribution_frame(scenario: Scenario, lang: str) -> pd.DataFrame:
    """The uncertain parameters: centre (the scenario's value), sd, valid range, and why that sd."""
    rows = []
    for param_id in uncertain_params():
        p = dataset().params[param_id]
        rows.append({
            t("col_parameter", lang): pick(p.label, lang),
            t("col_centre", lang): param_value_text(param_id, getattr(scenario, param_id), lang),
            t("col_sd", lang): sd_text(param_id, lang),
            t("col_range", lang): t("range_value", lang, low=param_value_text(param_id, p.min, lang, 1),
                                    high=param_value_text(param_id, p.max, lang, 1)),
            t("col_sd_why", lang): pick(p.sd_why, lang),
        })
    return pd.DataFrame(rows)


def fixed_parameters(lang: str) -> str:
    """The parameters the Monte Carlo holds fixed (sd = 0), as one line."""
    names = [pick(p.label, lang) for p in dataset().params.values() if p.id in FIELDS and p.id not in uncertain_params()]
    return t("list_separator", lang).join(names)
