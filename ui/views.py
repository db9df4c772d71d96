"""Page building blocks that show results: notices, outcome cards, the scorecard, charts, the share link."""

from __future__ import annotations

import urllib.parse

import pyarrow as pa
import streamlit as st

import data
from model import DEMAND_COMPONENTS, INPUT_TARGETS, TARGET_BANDS, Result, Scenario
from ui import a11y, chart_words, charts, compute, state
from ui.i18n import count, pct, pick, pp, t, value_in_unit, yi_yuan_number

_DATA = data.load()


# ------------------------------------------------------------------ notices


def url_notices(lang: str) -> None:
    """What the link held that could not be used: one short notice, dismissible."""
    notices = st.session_state.get(state.NOTICES) or []
    if not notices:
        return
    lines = []
    for n in notices:
        if n.reason == "old_version":
            lines.append(t("notice_old_version", lang, linked=n.value, current=_DATA.version))
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


def target_status(target_id: str, outcome, lang: str) -> str:
    """The status words: met / about met (targets written 左右) / not met; for a target on a lever
    the user sets (FAI, retail), whether the setting meets it (an input, not a projection)."""
    if target_id in INPUT_TARGETS:
        return t("status_input_met", lang) if bool(outcome.met) else t("status_input_not_met", lang)
    return t(f"status_{outcome.status}", lang)


def _target_line(lang: str, result: Result, target_id: str) -> str:
    outcome = result.targets[target_id]
    target = _DATA.targets[target_id]
    if target.unit == "growth":
        goal, gap = pct(outcome.target), pp(100 * float(outcome.gap), lang)
    else:
        goal, gap = count(outcome.target, lang), f"{float(outcome.gap):+,.0f}"
    origin = t("origin_city_short", lang) if target.origin == "city_default" else t("origin_district_short", lang)
    return t("target_line", lang, status=target_status(target_id, outcome, lang), goal=goal, gap=gap, origin=origin)


def card_texts(result: Result, base: Result, lang: str) -> list[dict[str, str]]:
    """The seven cards as text, in reading order: key (of the label), label, value, delta,
    caption (target line or "no target"), help. Drawn by outcome_cards and by the lever panel."""
    b = _DATA.value
    yoy = t("yoy", lang)
    cards = [
        ("card_gdp_growth", pct(result.gdp_real_growth), pp(100 * (result.gdp_real_growth - b("gdp_real_growth_2024")), lang) + " " + t("vs_2024", lang), "gdp_real_growth_2025", "card_gdp_growth_help"),
        ("card_gdp_level", yi_yuan_number(result.gdp_nominal_yi_yuan, lang), f"{pct(result.gdp_nominal_growth, signed=True)} {t('nominal', lang)}", None, "card_gdp_level_help"),
        ("card_jobs", count(result.new_urban_jobs, lang, "persons"), f"{result.new_urban_jobs - b('new_urban_jobs_2024'):+,.0f} {t('vs_2024', lang)}", "new_urban_jobs_2025", "card_jobs_help"),
        ("card_fai", pct(result.fai_growth, signed=True), pp(100 * (result.fai_growth - b("fai_growth_2024")), lang) + " " + t("vs_2024", lang), "fai_growth_2025", "card_fai_help"),
        ("card_retail", yi_yuan_number(result.retail_sales_yi_yuan, lang), f"{pct(result.retail_growth, signed=True)} {yoy}", "retail_growth_2025", "card_retail_help"),
        ("card_trade", yi_yuan_number(result.trade_yi_yuan, lang), f"{pct(result.trade_growth, signed=True)} {yoy}", "trade_growth_2025", "card_trade_help"),
        ("card_revenue", yi_yuan_number(result.budget_revenue_yi_yuan, lang), f"{pct(result.budget_revenue_growth, signed=True)} {yoy}", None, "card_revenue_help"),
    ]
    return [
        {"key": label_key, "label": t(label_key, lang), "value": value, "delta": delta, "help": t(help_key, lang),
         "caption": _target_line(lang, result, target_id) if target_id else t("no_target", lang)}
        for label_key, value, delta, target_id, help_key in cards
    ]


def outcome_cards(result: Result, base: Result, lang: str) -> None:
    """Seven cards: each outcome, its change against 2024, and its target met or not (icon and word)."""
    cards = card_texts(result, base, lang)
    for row in (cards[:3], cards[3:]):
        for column, card in zip(st.columns(len(row)), row, strict=True):
            with column:
                st.metric(card["label"], card["value"], card["delta"], help=card["help"], border=True)
                st.caption(card["caption"])


# ------------------------------------------------------------------ scorecard


def scorecard_rows(result: Result, lang: str) -> list[dict[str, str]]:
    """All 2025 targets: projected ones with value, gap, status; plan items listed as such."""
    rows = []
    for target in _DATA.targets.values():
        origin = t("origin_city", lang) if target.origin == "city_default" else t("origin_district", lang)
        if target.projected:
            outcome = result.targets[target.id]
            if target.unit == "growth":
                projected, gap = pct(float(outcome.value), signed=True), pp(100 * float(outcome.gap), lang)
                goal = pct(outcome.target)
            else:
                projected, gap = count(float(outcome.value), lang), f"{float(outcome.gap):+,.0f}"
                goal = count(outcome.target, lang, target.unit)
            status = target_status(target.id, outcome, lang)
        else:
            projected, gap, goal = "—", "—", value_in_unit(target.value, target.unit, lang)
            status = t("status_plan_item", lang)
        rows.append({
            t("col_target", lang): pick(target.label, lang),
            t("col_goal", lang): "≥ " + goal,
            t("col_projected", lang): projected,
            t("col_gap", lang): gap,
            t("col_status", lang): status,
            t("col_origin", lang): origin,
        })
    return rows


def scorecard(result: Result, lang: str) -> None:
    # an Arrow table, not a DataFrame: Streamlit sends it without a pandas round trip (about
    # 1 ms saved on every slider move)
    st.dataframe(pa.Table.from_pylist(scorecard_rows(result, lang)), hide_index=True, width="stretch")
    st.caption(t("scorecard_note", lang))
    band = max(TARGET_BANDS.values(), default=0.0)
    st.caption(t("scorecard_about_note", lang, band=pp(100 * band, lang).lstrip("+")))


# ------------------------------------------------------------------ charts


def gdp_chart(result: Result, base: Result, lang: str) -> None:
    names = {k: t(f"series_{k}", lang) for k in ("history", "scenario", "baseline", "target")}
    target_growth = result.targets["gdp_real_growth_2025"].target
    deflator = state.scenario().gdp_deflator
    target_gdp = _DATA.value("gdp_2024") * (1 + target_growth) * (1 + deflator)
    rows = charts.gdp_path_rows(_DATA.history, result.gdp_nominal_yi_yuan, base.gdp_nominal_yi_yuan, target_gdp, names)
    spec = charts.gdp_path_spec(
        rows, t("chart_gdp_title", lang), t("axis_year", lang), t("axis_gdp", lang), t("tooltip_series", lang),
        names, value_scale=1.0 if lang == "zh" else 0.1,
    )
    title = t("chart_gdp_title", lang)
    headers = {"year": t("axis_year", lang), "series": t("tooltip_series", lang), "gdp": t("axis_gdp", lang)}
    a11y.chart(charts.with_arrow_rows(spec), key="chart_gdp", lang=lang, title=title,
               summary=chart_words.gdp_summary(rows, title, lang), table=chart_words.gdp_table(rows, headers, lang))


def contributions_chart(result: Result, lang: str) -> None:
    components = {k: t(f"component_{k}", lang) for k in DEMAND_COMPONENTS}
    periods = {t("period_2024", lang): result.contributions_2024, t("period_2025", lang): result.contributions}
    rows = charts.contribution_rows(periods, components)
    spec = charts.contributions_spec(
        rows, t("chart_contrib_title", lang), t("axis_pp", lang), list(periods), list(components.values()),
        t("tooltip_period", lang), t("tooltip_component", lang),
    )
    title = t("chart_contrib_title", lang)
    a11y.chart(charts.with_arrow_rows(spec), key="chart_contrib", lang=lang, title=title,
               summary=chart_words.contributions_summary(rows, title, lang),
               table=chart_words.contributions_table(rows, {"component": t("tooltip_component", lang)}, lang))
    st.caption(t("contrib_note", lang))


# ------------------------------------------------------------------ presets


def preset_explanation(preset_id: str, lang: str) -> str:
    """The preset's one-sentence reading of its result (default assumptions), numbers filled in; "" if none."""
    preset = _DATA.presets[preset_id]
    if not preset.explanation:
        return ""
    result = compute.run(Scenario.from_preset(preset_id))
    return pick(preset.explanation, lang).format(
        gdp=pct(float(result.gdp_real_growth)), industry=pct(float(result.industrial_va_growth), signed=True))


# ------------------------------------------------------------------ share


def share_link(lang: str) -> None:
    """The link that reproduces this scenario, with a copy button (st.code has one)."""
    page = urllib.parse.urlsplit(st.context.url or "")
    base = urllib.parse.urlunsplit((page.scheme, page.netloc, page.path or ("/" if page.netloc else ""), "", ""))
    link = base + "?" + urllib.parse.urlencode(state.query())  # as the address bar shows it
    st.caption(t("share_help", lang))
    st.code(link, language=None, wrap_lines=True)
