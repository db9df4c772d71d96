"""Page building blocks that show results: notices, outcome cards, the scorecard's rows, preset readings, the share link."""

from __future__ import annotations

import urllib.parse

import streamlit as st

from data.outputs_loader import in_order
from model import Result, Scenario
from model.facts import PastRange, past_range
from ui.session import compute, state
from ui.session.dataset import dataset
from ui.shared import format as fmt
from ui.shared.i18n import pct, pick, t

# ------------------------------------------------------------------ notices


def url_notices(lang: str) -> None:
    """What the link held that could not be used: one short notice, dismissible."""
    notices = st.session_state.get(state.NOTICES) or []
    if not notices:
        return
    lines = []
    for n in notices:
        if n.reason == "old_version":
            lines.append(t("notice_old_version", lang, linked=n.value, current=dataset().version))
        else:
            lines.append(t(f"notice_{n.reason}", lang, name=n.key, value=n.value))
    with st.container(border=True):
        st.warning(t("notice_title", lang), icon=":material/warning:")
        for line in lines:
            st.text("• " + line)  # st.text: the URL's text is shown literally, never as Markdown
        if st.button(t("notice_dismiss", lang), key="notice_dismiss"):
            st.session_state[state.NOTICES] = []
            st.rerun()


# ------------------------------------------------------------------ cards


def card_texts(result: Result, lang: str) -> list[dict[str, str]]:
    """The outcome cards of data/outputs.toml as text, in their order: key (of the label), label, value,
    delta, caption (target line or "no target"), help. Drawn by the lever panel."""
    cards = []
    for o in in_order(dataset().outputs, "card"):
        card, value = o.card, float(getattr(result, o.id))
        if card.baseline:
            delta = fmt.change(value - dataset().value(card.baseline), o.unit, lang) + " " + t("vs_2024", lang)
        else:
            growth = float(getattr(result, card.growth_output))
            delta = fmt.output_text(card.growth_output, growth, lang) + " " + t(card.suffix, lang)
        cards.append({"key": card.key, "label": t(card.key, lang), "value": fmt.card_value(o.id, value, lang),
                      "delta": delta, "help": t(f"{card.key}_help", lang),
                      "caption": fmt.target_line(result, card.target, lang) if card.target else t("no_target", lang)})
    return cards


# ------------------------------------------------------------------ scorecard


def scorecard_rows(result: Result, lang: str) -> list[dict[str, str]]:
    """All 2025 targets: projected ones with value, gap, status; plan items listed as such."""
    rows = []
    for target in dataset().targets.values():
        origin = fmt.origin(target, lang)
        if target.projected:
            outcome = result.targets[target.id]
            projected = fmt.fmt(float(outcome.value), target.unit, lang) if target.unit in fmt.PERCENT_UNITS \
                else fmt.target_value(float(outcome.value), target.unit, lang, with_unit=False)
            gap, goal = fmt.change(float(outcome.gap), target.unit, lang), fmt.goal(outcome.target, target.unit, lang)
            status = fmt.target_status(target.id, outcome, lang)
        else:
            projected, gap, goal = "—", "—", fmt.goal(target.value, target.unit, lang)
            status = t("status_plan_item", lang)
        rows.append({
            t("col_target", lang): pick(target.label, lang),
            t("col_goal", lang): goal,
            t("col_projected", lang): projected,
            t("col_gap", lang): gap,
            t("col_status", lang): status,
            t("col_origin", lang): origin,
        })
    return rows


# ------------------------------------------------------------------ presets


def preset_explanation(preset_id: str, lang: str) -> str:
    """The preset's one-sentence reading of its result (default assumptions), numbers filled in; "" if none."""
    preset = dataset().presets[preset_id]
    if not preset.explanation:
        return ""
    result = compute.run(Scenario.from_preset(preset_id))
    return pick(preset.explanation, lang).format(
        gdp=pct(float(result.gdp_real_growth)), industry=pct(float(result.industrial_va_growth), signed=True))


# ------------------------------------------------------------------ the past years of a lever


def lever_past(param_id: str) -> PastRange:
    """The lever's published values over the ten years to the base year (model.facts.past_range)."""
    return past_range(dataset().history_record, param_id, dataset().base_year)


def past_range_text(param_id: str, lang: str) -> str:
    """"2016-2024 (5 years with data): -4.1% to +16.2%"; "" for a lever without a published past."""
    r = lever_past(param_id)
    if not r.years:
        return ""
    return t("lever_past_range", lang, first=r.years[0], last=r.years[-1], n=len(r.years),
             low=fmt.param_text(param_id, r.low, lang, 1), high=fmt.param_text(param_id, r.high, lang, 1))


def outside_past(param_id: str, value: float) -> bool:
    """The value lies outside the lever's published past (False for a lever without one)."""
    return lever_past(param_id).outside(value)


# ------------------------------------------------------------------ share


def share_link(lang: str) -> None:
    """The link that reproduces this scenario, with a copy button (st.code has one)."""
    page = urllib.parse.urlsplit(st.context.url or "")
    base = urllib.parse.urlunsplit((page.scheme, page.netloc, page.path or ("/" if page.netloc else ""), "", ""))
    link = base + "?" + urllib.parse.urlencode(state.query())  # as the address bar shows it
    st.caption(t("share_help", lang))
    st.code(link, language=None, wrap_lines=True)
