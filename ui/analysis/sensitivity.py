"""Sensitivity tab of the analysis page: the tornado in two groups (policy levers, model assumptions) and its table.

A policy lever is a setting a district planner chooses; a model assumption is what the model must assume about
what no planner sets (prices, Guangzhou, coefficients, judgement terms, the model error). Each parameter's group
is its role in data/parameters.toml; each group is ranked on its own, both drawn on one scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from model import TornadoBar
from model.sensitivity import ROLES, by_role
from ui.analysis import charts as analysis_charts
from ui.session.dataset import dataset
from ui.shared import a11y, chart_words
from ui.shared.format import param_text
from ui.shared.i18n import pick, pp, t

NO_EFFECT_PP = 0.0005  # tornado bars shorter than this do not move growth at two decimals
DOMAIN_MARGIN = 1.08  # room beyond the longest bar on the shared axis


def _tornado_labels(lang: str) -> dict[str, str]:
    return {p.id: pick(p.label, lang) for p in dataset().params.values()}


def tornado_domain(bars: Sequence[TornadoBar]) -> tuple[float, float]:
    """One x axis (pp) for both groups' charts, so a bar's length compares across them."""
    deltas = [d for b in bars for d in (b.delta_low_pp, b.delta_high_pp)] + [0.0]
    return DOMAIN_MARGIN * min(deltas), DOMAIN_MARGIN * max(deltas)


def tornado_spec(bars: Sequence[TornadoBar], role: str, lang: str,
                 domain: tuple[float, float] | None = None) -> dict:
    """One group's tornado (its bars largest first; those without effect left off)."""
    settings = {b.param_id: (param_text(b.param_id, b.low_value, lang), param_text(b.param_id, b.high_value, lang))
                for b in bars}
    sides = {"low": t("tornado_low", lang), "high": t("tornado_high", lang)}
    rows = analysis_charts.tornado_rows(bars, _tornado_labels(lang), sides, settings, NO_EFFECT_PP)
    return analysis_charts.tornado_spec(
        rows, t(f"sens_title_{role}", lang), t("tornado_axis", lang), [sides["low"], sides["high"]],
        t("col_parameter", lang), t("tornado_setting", lang), domain,
    )


def tornado_groups(bars: Sequence[TornadoBar], lang: str) -> None:
    """The two groups, policy levers first: a heading, the chart and what was left off, each."""
    st.caption(t("sens_groups_note", lang))
    domain = tornado_domain(bars)
    for role, group in by_role(bars).items():
        st.subheader(t(f"sens_role_{role}", lang))
        title = t(f"sens_title_{role}", lang)
        a11y.chart(tornado_spec(group, role, lang, domain), key=f"chart_tornado_{role}", lang=lang,
                   summary=chart_words.see_table(title, lang))
        left_off = no_effect_parameters(group, lang)
        if left_off:
            st.caption(t("tornado_no_effect", lang, names=left_off))


def tornado_frame(bars: Sequence[TornadoBar], lang: str) -> pd.DataFrame:
    """Every bar's numbers, policy levers first, each group largest swing first."""
    labels = _tornado_labels(lang)
    rows = []
    for role in ROLES:
        for b in by_role(bars)[role]:
            step = pp(100 * b.step, lang, 1).lstrip("+") if b.step_rule == "pp" else f"{b.step:g}"
            rows.append({
                t("col_parameter", lang): labels[b.param_id],
                t("sens_col_role", lang): t(f"sens_role_short_{b.role}", lang),
                t("col_step", lang): "±" + step + " · " + t(f"step_rule_{b.step_rule}", lang),
                t("col_low_setting", lang): param_text(b.param_id, b.low_value, lang),
                t("col_low_effect", lang): pp(b.delta_low_pp, lang),
                t("col_high_setting", lang): param_text(b.param_id, b.high_value, lang),
                t("col_high_effect", lang): pp(b.delta_high_pp, lang),
            })
    return pd.DataFrame(rows)


def no_effect_parameters(bars: Sequence[TornadoBar], lang: str) -> str:
    labels = _tornado_labels(lang)
    return t("list_separator", lang).join(labels[b.param_id] for b in bars if b.swing_pp < NO_EFFECT_PP)
