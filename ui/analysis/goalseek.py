"""Goal-seek tab of the analysis page: what each lever would need for the GDP target, alone or with a chosen chance."""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st

from model import GoalSeekResult, Scenario
from model.uncertainty import gdp_target_id
from ui.analysis.cached import APPLY_DECIMALS, goal_seek, uncertainty
from ui.session import compute, state
from ui.session.dataset import dataset
from ui.shared import views
from ui.shared.format import param_text
from ui.shared.i18n import pct, pick, t

FLASH = "ana_flash"  # one-shot message after a goal-seek result is applied


def rounded_toward_target(scenario: Scenario, lever_id: str, value: float, meets: Callable[[Scenario], bool]) -> float:
    """The value rounded to APPLY_DECIMALS, on the side that still meets the target (the exact value if neither does).

    A slider shows 0.01 pp at most, so an applied 22.405528...% becomes 22.41%, not 22.40%.
    """
    p = dataset().params[lever_id]
    scale = 10 ** APPLY_DECIMALS
    candidates = sorted({math.floor(value * scale) / scale, math.ceil(value * scale) / scale}, key=lambda x: abs(x - value))
    for candidate in candidates:
        candidate = min(max(candidate, p.min), p.max)
        if meets(scenario.replace(**{lever_id: candidate})):
            return candidate
    return value


def _apply_goal(lever_id: str, probability: float | None, lang: str) -> None:
    """Button callback: recompute (cached) and apply the required value; leave a message for the rerun."""
    scenario = state.scenario()
    targets_key = state.targets_key()
    target = dict(targets_key)[gdp_target_id()]
    found = goal_seek(scenario, lever_id, target, probability)
    if not found.reachable:
        return
    if probability is None:
        def meets(s: Scenario) -> bool:
            return bool(compute.run(s, targets_key).targets[gdp_target_id()].met)
    else:
        def meets(s: Scenario) -> bool:
            return uncertainty(s, targets_key).probability_met[gdp_target_id()] >= probability
    value = rounded_toward_target(scenario, lever_id, float(found.value), meets)
    state.set_values({lever_id: value})
    st.session_state[FLASH] = t("goal_applied", lang, name=pick(dataset().params[lever_id].label, lang),
                                value=param_text(lever_id, value, lang))


def goal_flash() -> None:
    """Show, once, what the last click applied."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _goal_text(found: GoalSeekResult, lang: str) -> str:
    lever = found.lever_id
    p = dataset().params[lever]
    values = {
        "target": pct(found.target_growth), "growth": pct(found.growth_at_best),
        "low": param_text(lever, p.min, lang, 1), "high": param_text(lever, p.max, lang, 1),
        "best": param_text(lever, found.best_value, lang),
    }
    if found.probability is None:
        if found.reachable:
            return t("goal_needed", lang, value=param_text(lever, float(found.value), lang), **values)
        return t("goal_unreachable", lang, **values)
    values |= {"p": pct(found.probability, 0), "chance": pct(found.probability_at_best or 0.0, 0)}
    if found.reachable:
        return t("goal_needed_prob", lang, value=param_text(lever, float(found.value), lang), **values)
    return t("goal_unreachable_prob", lang, **values)


def past_text(found: GoalSeekResult, lang: str) -> str:
    """The needed value against the lever's published past: flagged when outside it; "" when
    unreachable or when the lever has no past."""
    past = views.past_range_text(found.lever_id, lang)
    if not past or not found.reachable:
        return ""
    value = float(found.value)
    if views.outside_past(found.lever_id, value):
        return t("goal_past_outside", lang, value=param_text(found.lever_id, value, lang), range=past)
    return t("goal_past_inside", lang, range=past)


PROBABILITY = "ana_probability"  # the chosen chance, kept while the goal-seek tab is closed (its widget is not drawn)


def _keep_probability() -> None:
    st.session_state[PROBABILITY] = st.session_state["w_ana_probability"]


def probability_slider(lang: str) -> float:
    """The required chance of meeting the target, 50-95% (default 80%), as a share."""
    if "w_ana_probability" not in st.session_state:
        st.session_state["w_ana_probability"] = st.session_state.get(PROBABILITY, 80)
    chance = st.slider(t("goal_probability", lang), min_value=50, max_value=95, step=5, format="%d%%",
                       key="w_ana_probability", help=t("goal_probability_help", lang), on_change=_keep_probability)
    return chance / 100


def goal_seek_row(scenario: Scenario, lever_id: str, target_growth: float, probability: float, lang: str) -> None:
    """One lever: the value for the target, the value for the chosen chance, each with an apply button."""
    p = dataset().params[lever_id]
    with st.container(border=True):
        st.markdown(t("goal_lever_heading", lang, name=pick(p.label, lang),
                      now=param_text(lever_id, getattr(scenario, lever_id), lang)))
        for column, chance in zip(st.columns(2), (None, probability), strict=True):
            found = goal_seek(scenario, lever_id, target_growth, chance)
            with column:
                st.write(_goal_text(found, lang))
                past = past_text(found, lang)
                if past:
                    st.caption(past)
                st.button(
                    t("goal_apply", lang), key=f"w_ana_apply_{'prob' if chance else 'det'}_{lever_id}",
                    disabled=not found.reachable, on_click=_apply_goal, args=(lever_id, chance, lang),
                    icon=":material/check:",
                )
