"""The leader brief of one scenario: a printable page (pure, no streamlit) a district leader reads top down.

1. One key message: projected 2025 real GDP growth against its target, the status by the model's one rule
   (exports.status_key: met / about met / not met), the chance of reaching the target and the 90% range
   (the analysis page's Monte Carlo, ui/analysis/cached.py); a changed assumption is named under it.
2. What has to be true: the settings that carry the difference from the default scenario, each with its part of
   the growth difference (model/attribution.py, the Shapley split: the parts add up to the difference);
   a setting whose role in data/parameters.toml is "assumption" is flagged as a model assumption.
3. The group's note, when the scenario is a saved workshop scenario.
4. The outcomes: the default scenario beside this one, against the targets. A target on a lever the user sets
   (FAI, retail) is a setting, not an outcome: the brief says so instead of met / not met.
5. The GDP path and demand pulls (ui/takeaway/paper.py), the link, the date and version.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from model import Result, Scenario
from model.attribution import Breakdown, scenario_breakdown
from model.simulate import input_targets, target_bands
from model.uncertainty import gdp_target_id
from ui.analysis import cached
from ui.session.dataset import dataset
from ui.session.url import editable_targets
from ui.session.url import version as data_version
from ui.shared.format import change, goal, output_text, outputs, param_text
from ui.shared.i18n import pct, pick, pp, t
from ui.takeaway.exports import outcomes, status_key
from ui.takeaway.paper import (  # noqa: F401  (clean_title and svg: the brief's names before ui/takeaway/paper.py)
    clean_text,
    clean_title,
    contributions_svg,
    e,
    gdp_svg,
    page,
    svg,
)

RANGE_LEVELS = (0.05, 0.95)  # the 90% range: the Monte Carlo's 5% and 95% quantiles


# ------------------------------------------------------------------ 1. the key message


@dataclass(frozen=True)
class KeyFigures:
    """What the key message says, as the model gives it (shares): growth and its target, the status
    ('met' / 'about_met' / 'not_met'), P(growth >= target), the 90% range, the draws behind them."""

    growth: float
    target: float
    status: str
    chance: float
    low: float
    high: float
    draws: int


def targets_key(result: Result) -> tuple[tuple[str, float], ...]:
    """The targets `result` was read against, as the cached model calls take them."""
    return tuple(sorted((k, float(result.targets[k].target)) for k in editable_targets()))


def key_figures(values: Mapping[str, float], result: Result) -> KeyFigures:
    """The key message's figures: the projection and status from `result`, the chance and range from the Monte Carlo."""
    gdp = gdp_target_id()
    mc = cached.uncertainty(Scenario(**values), targets_key(result))
    quantiles = dict(zip(mc.quantile_levels, mc.quantiles["gdp_real_growth"], strict=True))
    outcome = result.targets[gdp]
    return KeyFigures(growth=float(result.gdp_real_growth), target=float(outcome.target), status=status_key(gdp, outcome),
                      chance=float(mc.probability_met[gdp]), low=quantiles[RANGE_LEVELS[0]],
                      high=quantiles[RANGE_LEVELS[1]], draws=mc.draws)


def chance_text(chance: float, lang: str) -> str:
    """A probability in whole percent; "below 1%" / "above 99%" where rounding would say 0% or 100%."""
    if chance < 0.005:
        return t("brief_chance_below", lang)
    if chance > 0.995:
        return t("brief_chance_above", lang)
    return pct(chance, 0)


def target_text(target: float, lang: str) -> str:
    """The GDP target as the plan writes it: "5%左右" / "about 5%" for a target written 左右, else "≥ 5%"."""
    shown = f"{round(100 * target, 1):g}%"
    return t("brief_target_about" if gdp_target_id() in target_bands() else "brief_target_at_least", lang, value=shown)


def key_message(k: KeyFigures, lang: str) -> str:
    """The one sentence a leader reads first."""
    return t("brief_key_message", lang, growth=pct(k.growth), verdict=t(f"brief_verdict_{k.status}", lang),
             target=target_text(k.target, lang), threshold=pct(k.target), chance=chance_text(k.chance, lang),
             low=pct(k.low), high=pct(k.high))


# ------------------------------------------------------------------ 2. what has to be true


@functools.lru_cache(maxsize=256)
def breakdown(scenario: Scenario) -> Breakdown:
    """From the default scenario to `scenario`, split by changed setting (memoised)."""
    return scenario_breakdown(scenario)


def role_cell(param_id: str, lang: str) -> str:
    role = dataset().params[param_id].role
    css = " class='assumption'" if role == "assumption" else ""
    return f"<td{css}>{e(t(f'sens_role_short_{role}', lang))}</td>"


def _true_rows(b: Breakdown, values: Mapping[str, float], lang: str) -> list[str]:
    """Each changed setting (largest part first), then the main levers left at their defaults, then the total."""
    params = dataset().params
    rows = [f"<tr><td>{e(pick(params[p.key].label, lang))}</td>{role_cell(p.key, lang)}"
            f"<td class='num'>{e(param_text(p.key, p.before[0], lang, 1))}</td>"
            f"<td class='num'>{e(param_text(p.key, p.after[0], lang, 1))}</td>"
            f"<td class='num'>{e(pp(p.pp, lang))}</td></tr>" for p in b.parts]
    changed = {k for p in b.parts for k in p.fields}
    rows += [f"<tr class='unchanged'><td>{e(pick(p.label, lang))}</td>{role_cell(p.id, lang)}"
             f"<td class='num'>{e(param_text(p.id, p.value, lang, 1))}</td>"
             f"<td class='num'>{e(param_text(p.id, float(values[p.id]), lang, 1))}</td>"
             f"<td class='num'>{e(t('brief_unchanged', lang))}</td></tr>"
             for p in dataset().params_in("lever") if p.id not in changed]
    rows.append(f"<tr class='total'><td>{e(t('brief_true_total', lang))}</td><td></td>"
                f"<td class='num'>{e(pct(b.before))}</td><td class='num'>{e(pct(b.after))}</td>"
                f"<td class='num'>{e(pp(b.total_pp, lang))}</td></tr>")
    return rows


def assumption_warning(b: Breakdown, lang: str) -> str:
    """"This rests on changed assumptions: …" when any changed setting is a model assumption, else ""."""
    parts = [p for p in b.parts if dataset().params[p.key].role == "assumption"]
    if not parts:
        return ""
    names = t("list_separator", lang).join(pick(dataset().params[p.key].label, lang) for p in parts)
    return t("brief_assumption_warning", lang, names=names, pp=pp(sum(p.pp for p in parts), lang))


# ------------------------------------------------------------------ 4. outcomes: the default beside the scenario


def outcome_status(target_id: str, outcome, lang: str) -> tuple[str, str]:
    """(words, css class) of a target's status; a target on a lever the user sets is an assumed setting."""
    if target_id in input_targets():
        return t("brief_status_setting", lang), "setting"
    key = status_key(target_id, outcome)  # the CSV's, the card's and the board's rule
    return t(f"status_{key}", lang), key.replace("_", "-")


def brief_outcomes() -> tuple[tuple[str, str], ...]:
    """(output, target or "") of the outcomes the brief lists: those with a target and the simulator's cards
    (data/outputs.toml), in the results' order; the results CSV has them all."""
    shown = outputs()
    return tuple((o, target) for o, target in outcomes() if target or shown[o].card)


def _outcome_rows(result: Result, baseline: Result, lang: str) -> list[str]:
    rows = []
    shown = outputs()
    for output_id, target_id in brief_outcomes():
        unit = shown[output_id].unit
        goal_text, gap, status_text, css = "—", "—", t("ws_brief_no_target", lang), ""
        if target_id:
            outcome = result.targets[target_id]
            goal_text = goal(outcome.target, unit, lang)
            status_text, css = outcome_status(target_id, outcome, lang)
            gap = "—" if target_id in input_targets() else change(float(outcome.gap), unit, lang)
        rows.append(f"<tr><td>{e(pick(shown[output_id].label, lang))}</td>"
                    f"<td class='num'>{e(output_text(output_id, float(getattr(baseline, output_id)), lang))}</td>"
                    f"<td class='num'>{e(output_text(output_id, float(getattr(result, output_id)), lang))}</td>"
                    f"<td class='num'>{e(goal_text)}</td><td class='num'>{e(gap)}</td>"
                    f"<td class='status {css}'>{e(status_text)}</td></tr>")
    return rows


# ------------------------------------------------------------------ the page


def key_box(k: KeyFigures, warning: str, lang: str) -> str:
    css = k.status.replace("_", "-")
    extra = f"<p class='warning assumption'>{e(warning)}</p>" if warning else ""
    return (f"<div class='key'><p class='label'>{e(t('brief_key_label', lang))}</p>"
            f"<p class='message'>{e(key_message(k, lang))}</p>"
            f"<p class='status {css}'>{e(t(f'status_{k.status}', lang))}</p>{extra}</div>")


def note_section(note: str, lang: str) -> str:
    """The group's note, escaped, its line breaks kept; "" when there is none."""
    shown = clean_text(note)
    return f"<h2>{e(t('brief_note_heading', lang))}</h2><p class='note'>{e(shown)}</p>" if shown else ""


def brief_html(*, lang: str, values: Mapping[str, float], result: Result, baseline: Result, link: str,
               made_on: date, title: str = "", version: str | None = None, group: str = "", name: str = "",
               note: str = "") -> str:
    """A self-contained one-page HTML leader brief of the scenario in `lang` (no scripts, no external files).

    baseline: the default scenario's result, read against the same targets. group, name, note: the saved workshop
    scenario's (empty for a scenario that is not one). Every piece of text is HTML-escaped; the title, names and
    note are also cleaned of invisible and direction characters (clean_title).
    """
    heading = t("ws_brief_title", lang)
    subtitle = [clean_title(x) for x in (title, group, name) if clean_title(x)]
    meta = t("ws_brief_meta", lang, date=made_on.isoformat(), version=data_version() if version is None else version)
    figures = key_figures(values, result)
    split = breakdown(Scenario(**values))
    return page(lang, heading, [
        f"<p class='meta'><strong>{e(' · '.join(subtitle))}</strong></p>" if subtitle else "",
        f"<p class='meta'>{e(meta)}</p>",
        key_box(figures, assumption_warning(split, lang), lang),
        f"<h2>{e(t('brief_true_heading', lang))}</h2>",
        f"<p class='lead'>{e(t('brief_true_lead', lang))}</p><table><thead><tr>",
        f"<th>{e(t('ws_brief_col_lever', lang))}</th><th>{e(t('ws_brief_col_kind', lang))}</th>",
        f"<th class='num'>{e(t('brief_col_baseline', lang))}</th><th class='num'>{e(t('ws_brief_col_value', lang))}</th>",
        f"<th class='num'>{e(t('brief_col_effect', lang))}</th></tr></thead><tbody>",
        *_true_rows(split, values, lang), "</tbody></table>",
        note_section(note, lang),
        f"<h2>{e(t('ws_brief_outcomes', lang))}</h2><table><thead><tr>",
        f"<th>{e(t('col_target', lang))}</th><th class='num'>{e(t('brief_col_baseline', lang))}</th>",
        f"<th class='num'>{e(t('ws_brief_col_value', lang))}</th>",
        f"<th class='num'>{e(t('col_goal', lang))}</th><th class='num'>{e(t('col_gap', lang))}</th>",
        f"<th>{e(t('col_status', lang))}</th></tr></thead><tbody>",
        *_outcome_rows(result, baseline, lang), "</tbody></table>",
        "<div class='charts'>",
        f"<figure><figcaption>{e(t('chart_gdp_title', lang))}</figcaption>{gdp_svg(values, result, baseline, lang)}</figure>",
        f"<figure><figcaption>{e(t('chart_contrib_title', lang))}</figcaption>{contributions_svg(result, lang)}</figure>",
        "</div>",
        f"<footer><p>{e(t('ws_brief_link', lang))}</p><p class='link'>{e(link)}</p>",
        f"<p>{e(t('brief_chance_note', lang, draws=f'{figures.draws:,}'))}</p>",
        f"<p>{e(t('ws_brief_footer', lang))}</p></footer>",
    ])
