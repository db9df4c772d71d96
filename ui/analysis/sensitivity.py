"""Sensitivity tab of the analysis page: the tornado chart and its table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from model import TornadoBar
from ui.analysis import charts as analysis_charts
from ui.session.dataset import dataset
from ui.shared import a11y, chart_words
from ui.shared.format import param_text
from ui.shared.i18n import pick, pp, t

NO_EFFECT_PP = 0.0005  # tornado bars shorter than this do not move growth at two decimals


def _tornado_labels(lang: str) -> dict[str, str]:
    return {p.id: pick(p.label, lang) for p in dataset().params.values()}


def tornado_chart(bars: Sequence[TornadoBar], lang: str) -> None:
    settings = {b.param_id: (param_text(b.param_id, b.low_value, lang), param_text(b.param_id, b.high_value, lang))
                for b in bars}
    sides = {"low": t("tornado_low", lang), "high": t("tornado_high", lang)}
    rows = analysis_charts.tornado_rows(bars, _tornado_labels(lang), sides, settings, NO_EFFECT_PP)
    spec = analysis_charts.tornado_spec(
        rows, t("tornado_title", lang), t("tornado_axis", lang), [sides["low"], sides["high"]],
        t("col_parameter", lang), t("tornado_setting", lang),
    )
    a11y.chart(spec, key="chart_tornado", lang=lang, summary=chart_words.see_table(t("tornado_title", lang), lang))


def tornado_frame(bars: Sequence[TornadoBar], lang: str) -> pd.DataFrame:
    labels = _tornado_labels(lang)
    rows = []
    for b in bars:
        step = pp(100 * b.step, lang, 1).lstrip("+") if b.step_rule == "pp" else f"{b.step:g}"
        rows.append({
            t("col_parameter", lang): labels[b.param_id],
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
