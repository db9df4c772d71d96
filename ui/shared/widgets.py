"""Input widgets bound to the canonical scenario: a slider with a typed-number twin for each parameter."""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from model.production import SETS_DIRECTLY
from ui.session import state
from ui.session.dataset import dataset
from ui.shared import format as display
from ui.shared.i18n import pick, t

NUMBER_WIDTH_PX = 116  # the typed-number twin beside each slider: room for "-12.50" and its +/- buttons


def _on_change(source_key: str, param_id: str) -> None:
    value = display.from_display(param_id, st.session_state[source_key])
    # a lever that replaces a link when moved (industrial growth: set directly, not via exports/FAI)
    state.set_values({param_id: value} | SETS_DIRECTLY.get(param_id, {}))  # also refreshes the twin widget


def parameter_input(page: str, param_id: str, lang: str, *, side_by_side: bool = True) -> None:
    """Slider plus number box for one parameter; limits, step, label and help from data/.
    (The simulator's main levers are in the lever panel, ui/simulator/lever_panel.py.)

    side_by_side: the number box beside the slider; False puts it below (for the narrow sidebar).
    """
    p = dataset().params[param_id]
    ss = st.session_state
    slider_key = state.widget_key(page, "s", param_id)
    number_key = state.widget_key(page, "n", param_id)
    current = display.to_display(param_id, ss[state.SCENARIO][param_id])
    for key in (slider_key, number_key):
        if key not in ss:
            ss[key] = current
    percent = display.scale(param_id) == 100.0
    step = display.to_display(param_id, p.step)
    fmt = "%.1f%%" if percent else "%.2f"
    help_text = pick(p.help, lang)
    # one horizontal row (a single block) rather than st.columns (three blocks): this is drawn
    # on every slider move, and each block costs the server and the browser
    row = st.container(horizontal=True, vertical_alignment="bottom", wrap=False) if side_by_side else nullcontext()
    with row:
        st.slider(
            pick(p.label, lang), min_value=display.to_display(param_id, p.min), max_value=display.to_display(param_id, p.max),
            step=step, format=fmt, key=slider_key, help=help_text,
            on_change=_on_change, args=(slider_key, param_id),
        )
        # named by its lever ("固定资产投资增速（手动输入）"): a screen reader lists every box on the page by this name,
        # and "Exact" thirty times over says nothing; on screen the box sits under or beside its lever's slider
        st.number_input(
            t("exact_value_named", lang, label=pick(p.label, lang)), min_value=display.to_display(param_id, p.min),
            max_value=display.to_display(param_id, p.max), step=step, format="%.2f" if percent else "%.3f",
            key=number_key, on_change=_on_change, args=(number_key, param_id),
            label_visibility="collapsed", width=NUMBER_WIDTH_PX if side_by_side else "stretch",
        )
