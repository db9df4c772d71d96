"""Building blocks of the analysis pages: cached analyses, tables, charts, goal seek, compare, sources, model.

Pages stay thin: they call these with the session's scenario and language. Model calls are
memoised with functools.lru_cache on frozen arguments, as in ui/compute.py.
"""

from __future__ import annotations

import functools
import math
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

import data
from model import FIELDS, GoalSeekResult, MonteCarloResult, Result, Scenario, TornadoBar, likelihood_phrase
from model import monte_carlo as _monte_carlo
from model import required_value as _required_value
from model import tornado as _tornado
from model.uncertainty import GDP_TARGET_ID, PROJECTED_OUTPUTS, UNCERTAIN_PARAMS
from ui import a11y, analysis_charts, chart_words, compute, state, url
from ui.i18n import count, pct, pick, pp, t, value_in_unit, yi_yuan, yi_yuan_number

_DATA = data.load()
MC_DRAWS = 10_000  # the issue asks for at least 10,000; the model does them in a few ms
MC_SEED = 0  # one seed everywhere: the fan, the probabilities and goal seek share their draws
APPLY_DECIMALS = 4  # an applied goal-seek value is rounded to 0.01 percentage point, toward the target
# The chance-mode bisection stops at half that rounding step: finer would cost Monte Carlo runs
# (about 3 ms each) for digits nobody sees, since the applied value is rounded anyway.
PROBABILITY_TOLERANCE = 0.5 * 10 ** -APPLY_DECIMALS
NO_EFFECT_PP = 0.0005  # tornado bars shorter than this do not move growth at two decimals
MAX_LINK_CHARS = 4000
MAX_COMPARED = 4
FLASH = "ana_flash"  # one-shot message after a goal-seek result is applied


# ------------------------------------------------------------------ cached analyses


@functools.lru_cache(maxsize=256)
def uncertainty(scenario: Scenario, targets_key: tuple[tuple[str, float], ...],
                draws: int = MC_DRAWS, seed: int = MC_SEED) -> MonteCarloResult:
    """monte_carlo for one scenario and set of targets, memoised."""
    return _monte_carlo(scenario, draws=draws, seed=seed, target_values=dict(targets_key))


@functools.lru_cache(maxsize=256)
def sensitivity(scenario: Scenario) -> tuple[TornadoBar, ...]:
    return tuple(_tornado(scenario))


@functools.lru_cache(maxsize=1024)
def goal_seek(scenario: Scenario, lever_id: str, target_growth: float, probability: float | None) -> GoalSeekResult:
    """required_value, memoised; probability mode uses the fan chart's draws and seed."""
    if probability is None:
        return _required_value(scenario, lever_id, target_growth)
    return _required_value(scenario, lever_id, target_growth, probability=probability, draws=MC_DRAWS, seed=MC_SEED,
                           tolerance=PROBABILITY_TOLERANCE)


# ------------------------------------------------------------------ formatting


def param_value_text(param_id: str, value: float, lang: str, decimals: int = 2) -> str:
    """A parameter's value as a user reads it: growth signed in %, shares in %, others as numbers."""
    unit = _DATA.params[param_id].unit
    if unit == "growth":
        return pct(value, decimals, signed=True)
    if unit == "share":
        return pct(value, 1)
    return f"{value:.2f}"


def sd_text(param_id: str, lang: str) -> str:
    """± one standard deviation, in pp for rates and in the parameter's own unit otherwise."""
    p = _DATA.params[param_id]
    if p.unit in state.PERCENT_UNITS:
        return "±" + pp(100 * p.sd, lang, 1).lstrip("+")
    return f"±{p.sd:g}"


def doc_text(doc: str, lang: str) -> str:
    """A source document's name: the seed report, a computation and an assumption are translated."""
    if doc in ("report", "computed", "assumption"):
        return t(f"doc_{doc}", lang)
    return doc


def _signed(text: str, value: float) -> str:
    """A sign before an unsigned formatted number, as pct(signed=True) and pp() write it."""
    return ("+" if value >= 0 else "-") + text.lstrip("-")


def phrase(probability: float, lang: str) -> str:
    return t(f"likely_{likelihood_phrase(probability)}", lang)


def grid(items: Sequence[Any], per_row: int) -> list[tuple[Any, Any]]:
    """(column, item) pairs laying items out in rows of `per_row` columns, for a page's `for` loop."""
    pairs = []
    for start in range(0, len(items), per_row):
        row = items[start:start + per_row]
        pairs.extend(zip(st.columns(per_row), row, strict=False))
    return pairs


# ------------------------------------------------------------------ uncertainty


def uncertainty_metrics(mc: MonteCarloResult, lang: str) -> None:
    """Three figures: median real growth, its 90% range, the chance of meeting the GDP target."""
    q = mc.quantiles["gdp_real_growth"]
    chance = mc.probability_met[GDP_TARGET_ID]
    median_col, range_col, chance_col = st.columns(3)
    median_col.metric(t("ana_median_growth", lang), pct(q[2]), border=True, help=t("ana_median_growth_help", lang))
    range_col.metric(t("ana_range_growth", lang), t("ana_range_value", lang, low=pct(q[0]), high=pct(q[4])),
                     border=True, help=t("ana_range_growth_help", lang))
    chance_col.metric(t("ana_chance_gdp", lang), pct(chance, 0), border=True, help=t("ana_chance_gdp_help", lang))
    chance_col.caption(phrase(chance, lang))


def fan_chart(mc: MonteCarloResult, target_growth: float, lang: str) -> None:
    names = {k: t(f"fan_{k}", lang) for k in ("history", "median", "outer", "inner", "target")}
    rows = analysis_charts.fan_rows(_DATA.history, mc.quantiles["gdp_real_growth"], target_growth, names)
    spec = analysis_charts.fan_spec(
        rows, t("fan_title", lang), t("axis_year", lang), t("fan_axis", lang), t("tooltip_series", lang),
        t("fan_low", lang), t("fan_high", lang), names,
    )
    a11y.chart(spec, key="chart_fan", lang=lang, summary=chart_words.see_table(t("fan_title", lang), lang))


def probability_frame(mc: MonteCarloResult, result: Result, lang: str) -> pd.DataFrame:
    """Each projected target: goal, the central projection, the chance of meeting it, in words."""
    rows = []
    for target_id, outcome in result.targets.items():
        target = _DATA.targets[target_id]
        chance = mc.probability_met[target_id]
        if target.unit == "growth":
            goal, projected = pct(outcome.target), pct(float(outcome.value), signed=True)
        else:
            goal, projected = count(outcome.target, lang, target.unit), count(float(outcome.value), lang, target.unit)
        rows.append({
            t("col_target", lang): pick(target.label, lang),
            t("col_goal", lang): "≥ " + goal,
            t("col_projected", lang): projected,
            t("col_chance", lang): pct(chance, 0),
            t("col_likelihood", lang): phrase(chance, lang),
        })
    return pd.DataFrame(rows)


_OUTPUT_FORMAT: dict[str, Callable[[float, str], str]] = {
    "gdp_real_growth": lambda v, lang: pct(v, 1, signed=True),
    "gdp_nominal_yi_yuan": yi_yuan,
    "trade_growth": lambda v, lang: pct(v, 1, signed=True),
    "budget_revenue_yi_yuan": yi_yuan,
    "new_urban_jobs": lambda v, lang: count(v, lang, "persons"),
}


def quantile_frame(mc: MonteCarloResult, lang: str) -> pd.DataFrame:
    """Every projected output at the 5, 25, 50, 75 and 95% quantiles."""
    rows = []
    for output in PROJECTED_OUTPUTS:
        row = {t("col_outcome", lang): t(f"out_{output}", lang)}
        for level, value in zip(mc.quantile_levels, mc.quantiles[output], strict=True):
            row[t("col_quantile", lang, level=round(100 * level))] = _OUTPUT_FORMAT[output](value, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def distribution_frame(scenario: Scenario, lang: str) -> pd.DataFrame:
    """The uncertain parameters: centre (the scenario's value), sd, valid range, and why that sd."""
    rows = []
    for param_id in UNCERTAIN_PARAMS:
        p = _DATA.params[param_id]
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
    names = [pick(p.label, lang) for p in _DATA.params.values() if p.id in FIELDS and p.id not in UNCERTAIN_PARAMS]
    return t("list_separator", lang).join(names)


# ------------------------------------------------------------------ sensitivity


def _tornado_labels(lang: str) -> dict[str, str]:
    return {p.id: pick(p.label, lang) for p in _DATA.params.values()}


def tornado_chart(bars: Sequence[TornadoBar], lang: str) -> None:
    settings = {b.param_id: (param_value_text(b.param_id, b.low_value, lang), param_value_text(b.param_id, b.high_value, lang))
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
            t("col_low_setting", lang): param_value_text(b.param_id, b.low_value, lang),
            t("col_low_effect", lang): pp(b.delta_low_pp, lang),
            t("col_high_setting", lang): param_value_text(b.param_id, b.high_value, lang),
            t("col_high_effect", lang): pp(b.delta_high_pp, lang),
        })
    return pd.DataFrame(rows)


def no_effect_parameters(bars: Sequence[TornadoBar], lang: str) -> str:
    labels = _tornado_labels(lang)
    return t("list_separator", lang).join(labels[b.param_id] for b in bars if b.swing_pp < NO_EFFECT_PP)


# ------------------------------------------------------------------ goal seek


def rounded_toward_target(scenario: Scenario, lever_id: str, value: float, meets: Callable[[Scenario], bool]) -> float:
    """The value rounded to APPLY_DECIMALS, on the side that still meets the target (the exact value if neither does).

    A slider shows 0.01 pp at most, so an applied 22.405528...% becomes 22.41%, not 22.40%.
    """
    p = _DATA.params[lever_id]
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
    target = dict(targets_key)[GDP_TARGET_ID]
    found = goal_seek(scenario, lever_id, target, probability)
    if not found.reachable:
        return
    if probability is None:
        def meets(s: Scenario) -> bool:
            return bool(compute.run(s, targets_key).targets[GDP_TARGET_ID].met)
    else:
        def meets(s: Scenario) -> bool:
            return uncertainty(s, targets_key).probability_met[GDP_TARGET_ID] >= probability
    value = rounded_toward_target(scenario, lever_id, float(found.value), meets)
    state.set_values({lever_id: value})
    st.session_state[FLASH] = t("goal_applied", lang, name=pick(_DATA.params[lever_id].label, lang),
                                value=param_value_text(lever_id, value, lang))


def goal_flash() -> None:
    """Show, once, what the last click applied."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _goal_text(found: GoalSeekResult, lang: str) -> str:
    lever = found.lever_id
    p = _DATA.params[lever]
    values = {
        "target": pct(found.target_growth), "growth": pct(found.growth_at_best),
        "low": param_value_text(lever, p.min, lang, 1), "high": param_value_text(lever, p.max, lang, 1),
        "best": param_value_text(lever, found.best_value, lang),
    }
    if found.probability is None:
        if found.reachable:
            return t("goal_needed", lang, value=param_value_text(lever, float(found.value), lang), **values)
        return t("goal_unreachable", lang, **values)
    values |= {"p": pct(found.probability, 0), "chance": pct(found.probability_at_best or 0.0, 0)}
    if found.reachable:
        return t("goal_needed_prob", lang, value=param_value_text(lever, float(found.value), lang), **values)
    return t("goal_unreachable_prob", lang, **values)


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
    p = _DATA.params[lever_id]
    with st.container(border=True):
        st.markdown(t("goal_lever_heading", lang, name=pick(p.label, lang),
                      now=param_value_text(lever_id, getattr(scenario, lever_id), lang)))
        for column, chance in zip(st.columns(2), (None, probability), strict=True):
            found = goal_seek(scenario, lever_id, target_growth, chance)
            with column:
                st.write(_goal_text(found, lang))
                st.button(
                    t("goal_apply", lang), key=f"w_ana_apply_{'prob' if chance else 'det'}_{lever_id}",
                    disabled=not found.reachable, on_click=_apply_goal, args=(lever_id, chance, lang),
                    icon=":material/check:",
                )


# ------------------------------------------------------------------ compare


@dataclass
class Candidate:
    """A scenario that can be compared: its option id, display name, and values."""

    option: str
    name: str
    scenario: Scenario
    notices: list[url.Notice] = field(default_factory=list)


def _recognised(key: str) -> bool:
    return key in FIELDS or key in ("lang", "v") or key.startswith(url.TARGET_PREFIX)


def parse_link(text: str) -> url.UrlState | None:
    """A pasted shared link (or just its query string) -> its parsed state; None when it is no link of this app."""
    text = text.strip()
    if not text or len(text) > MAX_LINK_CHARS:
        return None
    query = urllib.parse.urlsplit(text).query if "?" in text or "://" in text else text
    query_values = urllib.parse.parse_qs(query, keep_blank_values=True)
    if not any(_recognised(k) for k in query_values):
        return None
    return url.parse_url(query_values)


def link_candidates(text: str, lang: str) -> tuple[list[Candidate], list[int]]:
    """Every non-empty line of the box: (usable links as candidates, numbers of the bad lines)."""
    good, bad = [], []
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        parsed = parse_link(line)
        if parsed is None:
            bad.append(number)
            continue
        good.append(Candidate(f"link:{number}", t("cmp_link_name", lang, n=number), Scenario(**parsed.values),
                              parsed.notices))
    return good, bad


def notice_text(notice: url.Notice, lang: str) -> str:
    if notice.reason == "old_version":
        return t("notice_old_version", lang, linked=notice.value, current=_DATA.version)
    return t(f"notice_{notice.reason}", lang, name=notice.key, value=notice.value)


def preset_candidates(current: Scenario, lang: str) -> list[Candidate]:
    """Each preset as the simulator applies it: its levers over the current scenario's assumptions."""
    defaults = state.defaults()
    levers = {p.id: defaults[p.id] for p in _DATA.params.values() if p.group in ("lever", "advanced")}
    return [Candidate(f"preset:{pid}", pick(preset.name, lang), current.replace(**(levers | dict(preset.values))))
            for pid, preset in _DATA.presets.items()]


def default_choice(candidates: Sequence[Candidate]) -> list[str]:
    """The current scenario and the first presets that change some lever from its default, up to four."""
    def changes_something(preset_id: str) -> bool:
        return any(v != _DATA.params[k].value for k, v in _DATA.presets[preset_id].values.items())

    presets = [c.option for c in candidates if c.option.startswith("preset:") and changes_something(c.option[len("preset:"):])]
    return (["current"] + presets)[:MAX_COMPARED]


def _library():
    """The same library the workshop pages use (secrets, then HUADU_DATABASE_URL, then SQLite)."""
    from ui.workshop_views import library_store  # the database driver loads only when the compare page asks for it

    return library_store()


def saved_workshops() -> list[str]:
    """Workshop codes with saved scenarios. Raises whatever the database raises (the page says so)."""
    return _library().workshop_codes()


def saved_candidates(workshop_code: str) -> list[Candidate]:
    out = []
    for saved in _library().list(workshop_code, limit=100):
        scenario, problems = saved.parsed()
        notices = [url.Notice(p.key, p.reason, p.value) for p in problems]
        name = saved.name + (" · " + saved.group if saved.group else "")
        out.append(Candidate(f"saved:{saved.id}", name, scenario, notices))
    return out


def unique_names(names: Sequence[str], reserved: Sequence[str]) -> list[str]:
    """Names made unique (a table has one column per name): repeats get (2), (3), ..."""
    taken = set(reserved)
    out = []
    for name in names:
        shown, n = name, 1
        while shown in taken:
            n += 1
            shown = f"{name} ({n})"
        taken.add(shown)
        out.append(shown)
    return out


def link_box(lang: str) -> list[Candidate]:
    """The pasted-links box: usable links become candidates; a bad line gets a message, a partly bad one its notices."""
    text = st.text_area(t("cmp_links_label", lang), key="w_cmp_links", max_chars=MAX_LINK_CHARS,
                        placeholder=t("cmp_links_placeholder", lang))
    linked, bad_lines = link_candidates(text, lang)
    for number in bad_lines:
        st.warning(t("cmp_bad_link", lang, n=number), icon=":material/warning:")
    for candidate in linked:
        for notice in candidate.notices:
            st.text(t("cmp_link_notice", lang, name=candidate.name, notice=notice_text(notice, lang)))
    return linked


def saved_box(lang: str) -> list[Candidate]:
    """Saved scenarios of one workshop, chosen by its code; a plain message if the library cannot be reached."""
    try:
        workshops = saved_workshops()
    except Exception:  # any database trouble: say so and keep the rest of the page working
        st.info(t("cmp_store_unavailable", lang))
        return []
    if not workshops:
        st.caption(t("cmp_saved_none", lang))
        return []
    workshop = st.selectbox(t("cmp_workshop", lang), options=workshops, index=None, key="w_cmp_workshop",
                            placeholder=t("cmp_workshop_placeholder", lang))
    if not workshop:
        return []
    try:
        return saved_candidates(workshop)
    except Exception:
        st.info(t("cmp_store_unavailable", lang))
        return []


def choose_scenarios(candidates: Sequence[Candidate], lang: str) -> list[Candidate]:
    """The multiselect (at most four); the chosen candidates, renamed where two names are alike."""
    by_option = {c.option: c for c in candidates}
    key = "w_cmp_chosen"
    if key in st.session_state:  # a link or saved scenario removed since: drop it rather than fail
        st.session_state[key] = [o for o in st.session_state[key] if o in by_option]
    else:
        st.session_state[key] = default_choice(candidates)
    chosen = st.multiselect(
        t("cmp_choose", lang, n=MAX_COMPARED), options=list(by_option),
        format_func=lambda option: by_option[option].name, max_selections=MAX_COMPARED, key=key,
    )
    names = unique_names([by_option[o].name for o in chosen], reserved=[t("col_outcome", lang), t("cmp_baseline", lang)])
    return [Candidate(o, name, by_option[o].scenario, by_option[o].notices) for o, name in zip(chosen, names, strict=True)]


def compare_cards(results: Mapping[str, Result], base: Result, lang: str) -> None:
    """One column per scenario: its name (plain text: it may be user input) and real growth against the baseline."""
    for column, (name, result) in zip(st.columns(len(results)), results.items(), strict=True):
        with column, st.container(border=True):
            st.text(name)
            delta_pp = 100 * (result.gdp_real_growth - base.gdp_real_growth)
            same = round(delta_pp, 2) == 0  # no arrow for "no change"
            st.metric(t("card_gdp_growth", lang), pct(result.gdp_real_growth),
                      pp(delta_pp, lang) + " " + t("cmp_vs_baseline", lang),
                      delta_color="off" if same else "normal", delta_arrow="off" if same else "auto")


COMPARED_OUTCOMES = ("gdp_real_growth", "gdp_nominal_yi_yuan", "new_urban_jobs", "fai_growth", "retail_growth",
                     "trade_growth", "budget_revenue_growth")
CHARTED_OUTCOMES = ("gdp_real_growth", "fai_growth", "retail_growth", "trade_growth", "budget_revenue_growth")


def _outcome_text(output: str, value: float, base: float, lang: str, with_delta: bool) -> str:
    if output == "gdp_nominal_yi_yuan":  # the unit is in the value; the difference is the number alone
        shown, delta = yi_yuan(value, lang), _signed(yi_yuan_number(abs(value - base), lang), value - base)
    elif output == "new_urban_jobs":
        shown, delta = count(value, lang, "persons"), f"{value - base:+,.0f}"
    else:
        shown, delta = pct(value, 1, signed=True), pp(100 * (value - base), lang)
    return t("value_with_delta", lang, value=shown, delta=delta) if with_delta else shown


def outcome_frame(results: Mapping[str, Result], base: Result, lang: str) -> pd.DataFrame:
    """Rows: outcomes; columns: the baseline, then each scenario with its difference from the baseline."""
    rows = []
    for output in COMPARED_OUTCOMES:
        b = float(getattr(base, output))
        row = {t("col_outcome", lang): t(f"out_{output}", lang),
               t("cmp_baseline", lang): _outcome_text(output, b, b, lang, with_delta=False)}
        for name, result in results.items():
            row[name] = _outcome_text(output, float(getattr(result, output)), b, lang, with_delta=True)
        rows.append(row)
    return pd.DataFrame(rows)


def compare_chart(results: Mapping[str, Result], base: Result, lang: str) -> None:
    names = {k: t(f"out_{k}", lang) for k in CHARTED_OUTCOMES}
    values = {t("cmp_baseline", lang): {k: float(getattr(base, k)) for k in CHARTED_OUTCOMES}}
    values |= {name: {k: float(getattr(r, k)) for k in CHARTED_OUTCOMES} for name, r in results.items()}
    rows = analysis_charts.compare_rows(values, names)
    spec = analysis_charts.compare_spec(
        rows, t("cmp_chart_title", lang), t("cmp_chart_axis", lang), list(names.values()), list(values),
        t("col_outcome", lang), t("cmp_scenario", lang),
    )
    a11y.chart(spec, key="chart_compare", lang=lang, summary=chart_words.see_table(t("cmp_chart_title", lang), lang))


# ------------------------------------------------------------------ sources


def as_published(value: float, unit: str, lang: str) -> str:
    """A data value in its own unit, as the source writes it (the unit column names the unit):
    1,860.06 for 亿元 in both languages, +11.8% for rates, 541 for counts."""
    if unit in state.PERCENT_UNITS:
        return f"{round(100 * value, 2):{'+' if unit == 'growth' else ''}g}%"
    if unit == "yi_yuan":
        return f"{value:,.2f}"
    return count(value, lang) if value == round(value) else f"{value:g}"


def why_text(source: data.Source, lang: str) -> str:
    """A source's reason in the reader's language; empty where the source gives none."""
    return pick(source.why, lang) if source.why else ""


def figures_frame(lang: str) -> pd.DataFrame:
    """Every 2024 baseline figure with unit, value and source (document, section, quote)."""
    return pd.DataFrame([{
        t("col_figure", lang): pick(f.label, lang),
        t("col_unit", lang): _DATA.units[f.unit][lang],
        t("col_value", lang): as_published(f.value, f.unit, lang),
        t("col_doc", lang): doc_text(f.source.doc, lang),
        t("col_section", lang): f.source.section,
        t("col_quote", lang): f.source.quote or why_text(f.source, lang),
    } for f in _DATA.baseline.values()])


def targets_frame(lang: str) -> pd.DataFrame:
    """Every 2025 target with unit, value, where it comes from and the report's words (or why)."""
    return pd.DataFrame([{
        t("col_target", lang): pick(g.label, lang),
        t("col_unit", lang): _DATA.units[g.unit][lang],
        t("col_value", lang): "≥ " + as_published(g.value, g.unit, lang).lstrip("+"),
        t("col_origin", lang): t("origin_city", lang) if g.origin == "city_default" else t("origin_district", lang),
        t("col_doc", lang): doc_text(g.source.doc, lang),
        t("col_section", lang): g.source.section,
        t("col_quote", lang): g.source.quote or why_text(g.source, lang),
    } for g in _DATA.targets.values()])


def plan_items(lang: str) -> list[str]:
    """The report's 2025 items the model does not project, one line each with the report's words."""
    return [t("plan_item_line", lang, label=pick(g.label, lang),
              value=as_published(g.value, g.unit, lang) if g.unit == "count" else value_in_unit(g.value, g.unit, lang),
              quote=g.source.quote)
            for g in _DATA.targets.values() if not g.projected]


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]$<>|~#"})


def plan_items_markdown(lang: str) -> str:
    """The plan items as a Markdown bullet list (data text escaped, so it shows as written)."""
    return "\n".join("- " + line.translate(_MARKDOWN_SPECIALS) for line in plan_items(lang))


def history_frame(lang: str) -> pd.DataFrame:
    """2020-2024 as published (blank where nothing was published), with each row's source key."""
    series = _DATA.history_series
    rows = []
    for r in _DATA.history:
        row: dict[str, Any] = {t("axis_year", lang): str(r["year"])}
        for key, meta in series.items():
            row[pick(meta["label"], lang)] = value_in_unit(r[key], meta["unit"], lang) if key in r else "—"
        row[t("col_doc", lang)] = r["source"]
        rows.append(row)
    return pd.DataFrame(rows)


def param_source_text(param_id: str, lang: str) -> str:
    """One line: the default, the valid range, the source document and section, and why."""
    p = _DATA.params[param_id]
    parts = [t("param_default_range", lang, value=param_value_text(param_id, p.value, lang),
               low=param_value_text(param_id, p.min, lang, 1), high=param_value_text(param_id, p.max, lang, 1)),
             t("param_source", lang, doc=doc_text(p.source.doc, lang))]
    if p.source.section:
        parts.append(p.source.section)
    if p.source.why:
        parts.append(t("param_why", lang, why=pick(p.source.why, lang)))
    return " · ".join(parts)


# ------------------------------------------------------------------ targets (assumptions page)


def _target_scale(target_id: str) -> float:
    return 100.0 if _DATA.targets[target_id].unit in state.PERCENT_UNITS else 1.0


def _target_key(page: str, target_id: str) -> str:
    return f"w_{page}_t_{target_id}"


def _on_target_change(page: str, target_id: str) -> None:
    shown = st.session_state[_target_key(page, target_id)]
    g = _DATA.targets[target_id]
    value = min(max(round(float(shown) / _target_scale(target_id), 9), g.min), g.max)
    state.set_target(target_id, value)


def target_input(page: str, target_id: str, lang: str) -> None:
    """A number box for one projected target (percent for rates), bound to the session's targets."""
    g = _DATA.targets[target_id]
    key = _target_key(page, target_id)
    scale = _target_scale(target_id)
    if key not in st.session_state:
        st.session_state[key] = round(state.targets()[target_id] * scale, 6)
    percent = scale == 100.0
    st.number_input(
        t("target_label_percent", lang, name=pick(g.label, lang)) if percent else pick(g.label, lang), min_value=round(g.min * scale, 6), max_value=round(g.max * scale, 6),
        step=0.1 if percent else 100.0, format="%.1f" if percent else "%.0f", key=key,
        help=t("target_help", lang, default=value_in_unit(g.value, g.unit, lang).lstrip("+"),
               origin=t("origin_city", lang) if g.origin == "city_default" else t("origin_district", lang)),
        on_change=_on_target_change, args=(page, target_id),
    )


def reset_targets(page: str) -> None:
    """Button callback: every target back to its data default, widget copies too."""
    for target_id in url.EDITABLE_TARGETS:
        default = _DATA.targets[target_id].value
        state.set_target(target_id, default)
        st.session_state[_target_key(page, target_id)] = round(default * _target_scale(target_id), 6)


# ------------------------------------------------------------------ model page


# (key, LaTeX): the model's equations as in the docstrings of model/demand.py, calibration.py,
# simulate.py, outcomes.py and uncertainty.py. Texts are eq_<key>_title / eq_<key>_text.
EQUATIONS: tuple[tuple[str, str], ...] = (
    ("identity", r"Y = C + G + I + X - M + O"),
    ("split", r"C = s_C Y,\quad G = s_G Y,\quad I = s_I Y,\quad X = e\,T,\quad M = (1-e)\,T"),
    ("calibration", r"\Delta O_{2024} = Y_{2024} - (C + G + I + X - M)_{2024} - O_{2023}"),
    ("consumption", r"g_C = w\, g_{\text{retail}} + (1 - w)\, g_{\text{services}}"),
    ("investment", r"g_I = \beta\, g_{\text{FAI}}"),
    ("imports", r"g_M = m_C\, g_{C+G} + m_I\, g_I + (1 - m_C - m_I)\, g_X"),
    ("growth", r"L_{2025} = L_{2024}\,(1 + g_L),\qquad O_{2025} = O_{2024} + \rho\, \Delta O_{2024}\, \frac{Y_{2024}}{Y_{2023}}"),
    ("real", r"n = \frac{Y_{2025}}{Y_{2024}} - 1,\qquad r = \frac{1 + n}{1 + \pi} - 1"),
    ("pull", r"\text{pull}_k = \frac{L_{k,2025} / (1 + \pi) - L_{k,2024}}{Y_{2024}},\qquad \sum_k \text{pull}_k = r"),
    ("revenue", r"R_{2025} = R_{2024}\,(1 + b\, n)"),
    ("jobs", r"J_{2025} = \max\!\big(0,\ J_{2024}\,(1 + \eta \cdot 100\,(r - r_{2024}))\big)"),
    ("montecarlo", r"x_k^{(i)} = \operatorname{clip}(x_k + \sigma_k z_k^{(i)},\ \min_k,\ \max_k),\qquad "
                   r"P(\text{met}) = \frac{1}{N} \sum_{i=1}^{N} \mathbf{1}\big[y^{(i)} \ge y^{*}\big]"),
)

def replay_real_growth(result: Result) -> float:
    """2024's real growth as the calibrated replay gives it: the sum of its demand pulls (3.0% by construction)."""
    return sum(float(v) for v in result.contributions_2024.values()) / 100


LEVEL_FIELDS = ("household", "government", "capital_formation", "exports", "imports", "other_net_outflow")


def levels_frame(result: Result, lang: str) -> pd.DataFrame:
    """The expenditure components in 2023, 2024 (calibrated) and 2025 (this scenario), 亿元."""
    years = {"2023": result.calibration.levels_2023, "2024": result.levels_2024, "2025": result.levels_2025}
    rows = []
    for name in LEVEL_FIELDS + ("gdp",):
        row = {t("col_component", lang): t(f"level_{name}", lang)}
        for year, levels in years.items():
            row[year] = yi_yuan(float(getattr(levels, name)), lang)
        rows.append(row)
    return pd.DataFrame(rows)
