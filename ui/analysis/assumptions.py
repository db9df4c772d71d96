"""Assumptions page: each parameter's source line, and the number boxes for the macro targets."""

from __future__ import annotations

import streamlit as st

from ui.analysis.sources import doc_text
from ui.session import state, url
from ui.session.dataset import dataset
from ui.shared.format import PERCENT_UNITS, origin, param_text, target_value
from ui.shared.i18n import pick, t
from ui.shared.layout import grid
from ui.shared.widgets import parameter_input


def parameter_cards(page: str, group: str, lang: str) -> None:
    """Every parameter of one group (data/parameters.toml), two per row: its slider and where its value comes from."""
    for column, p in grid(dataset().params_in(group), 2):
        with column, st.container(border=True):
            parameter_input(page, p.id, lang)
            st.caption(param_source_text(p.id, lang))


def param_source_text(param_id: str, lang: str) -> str:
    """One line in the reader's language: the default, the valid range, the source and why.

    The source is named, never pointed at: the report with its section (the report's own heading), an estimate
    from the history, or another document by its title; data.Source.section, the project's own reference (files,
    functions, notes in English), stays on the Sources page and in data/. Why: the source's reason, else how the
    value was estimated."""
    p = dataset().params[param_id]
    parts = [t("param_default_range", lang, value=param_text(param_id, p.value, lang),
               low=param_text(param_id, p.min, lang, 1), high=param_text(param_id, p.max, lang, 1))]
    estimated = p.evidence.kind == "estimated" and p.source.doc not in ("report", "assumption")
    parts.append(t("param_source", lang, doc=t("doc_estimated", lang) if estimated else doc_text(p.source, lang)))
    if p.source.doc == "report" and p.source.section:
        parts.append(p.source.section)
    why = p.source.why or p.evidence.method
    if why:
        parts.append(t("param_why", lang, why=pick(why, lang)))
    return " · ".join(parts)


# ------------------------------------------------------------------ targets (assumptions page)


def _target_scale(target_id: str) -> float:
    return 100.0 if dataset().targets[target_id].unit in PERCENT_UNITS else 1.0


def _target_key(page: str, target_id: str) -> str:
    return f"w_{page}_t_{target_id}"


def _on_target_change(page: str, target_id: str) -> None:
    shown = st.session_state[_target_key(page, target_id)]
    g = dataset().targets[target_id]
    value = min(max(round(float(shown) / _target_scale(target_id), 9), g.min), g.max)
    state.set_target(target_id, value)


def target_input(page: str, target_id: str, lang: str) -> None:
    """A number box for one projected target (percent for rates), bound to the session's targets."""
    g = dataset().targets[target_id]
    key = _target_key(page, target_id)
    scale = _target_scale(target_id)
    if key not in st.session_state:
        st.session_state[key] = round(state.targets()[target_id] * scale, 6)
    percent = scale == 100.0
    st.number_input(
        t("target_label_percent", lang, name=pick(g.label, lang)) if percent else pick(g.label, lang), min_value=round(g.min * scale, 6), max_value=round(g.max * scale, 6),
        step=0.1 if percent else 100.0, format="%.1f" if percent else "%.0f", key=key,
        help=t("target_help", lang, default=target_value(g.value, g.unit, lang), origin=origin(g, lang)),
        on_change=_on_target_change, args=(page, target_id),
    )


def reset_targets(page: str) -> None:
    """Button callback: every target back to its data default, widget copies too."""
    for target_id in url.editable_targets():
        default = dataset().targets[target_id].value
        state.set_target(target_id, default)
        st.session_state[_target_key(page, target_id)] = round(default * _target_scale(target_id), 6)
