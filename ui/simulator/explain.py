"""The simulator's "why": the change from the default to this scenario split by setting, and what the
default assumes and why it differs from the base year (model/attribution.py; every number from the model).

Below the outcomes: the outcomes component draws it (a caption, a small table, the method, the default's
sentence); its words that never change go once per session, its rows with each commit in the lever
panel's data (ui/simulator/wire.py), a few hundred bytes.
"""

from __future__ import annotations

import functools
from typing import Any

from model import Scenario, simulate
from model.attribution import CARRY, MODEL_ERROR, STRUCTURE, Breakdown, Part, default_vs_base_year, scenario_breakdown
from model.facts import default_facts
from model.production import split_secondary
from ui.session.dataset import dataset
from ui.shared.format import param_text
from ui.shared.i18n import pct, pick, pp, t

METHODS = ("shapley", "sampled")  # model/attribution.py: exact up to 12 changed settings, sampled orders beyond
SHOWN_PP = 0.005  # parts smaller than this read "+0.00" and are left out of the default's sentence


@functools.lru_cache(maxsize=1024)
def breakdown(scenario: Scenario) -> Breakdown:
    """The change from the default to `scenario`, by setting (memoised: one per distinct scenario)."""
    return scenario_breakdown(scenario)


@functools.lru_cache(maxsize=1)
def default_breakdown() -> Breakdown:
    return default_vs_base_year(Scenario())


def setting_label(param_id: str, lang: str) -> str:
    """The setting's label, flagged as the workshop board flags it when it is not a main lever: an assumption
    by its role (data/parameters.toml: a price under "more levers" too), else "more levers" by its group."""
    p = dataset().params[param_id]
    label = pick(p.label, lang)
    flag = "assumption" if p.role == "assumption" else p.group
    return label if flag == "lever" else t(f"board_flag_{flag}", lang, item=label)


def _change(part: Part, lang: str) -> str:
    return t("explain_change", lang, before=param_text(part.key, part.before[0], lang, 1),
             after=param_text(part.key, part.after[0], lang, 1))


def rows(b: Breakdown, lang: str) -> list[tuple[str, str, str]]:
    """(setting, its change, its pp) per changed setting, largest effect first."""
    return [(setting_label(p.key, lang), _change(p, lang), pp(p.pp, lang)) for p in b.parts]


@functools.lru_cache(maxsize=1)
def default_replay() -> float:
    """The base year replayed by the model at the default coefficients (model/replay.py)."""
    return float(simulate(Scenario()).replay.real_growth)


def _default_part(part: Part, lang: str) -> str:
    facts = default_facts()
    s = Scenario()
    if part.key == STRUCTURE:
        industry = [split_secondary(shares, s.construction_share_of_gdp).industry
                    for shares in (facts.sector_shares_before, facts.sector_shares_base)]
        return t("why_part_structure", lang, before=pct(industry[0]), after=pct(industry[1]), pp=pp(part.pp, lang))
    if part.key == CARRY:
        b = default_breakdown()
        replay = default_replay()
        key = "why_part_carry" if part.after[0] else "why_part_carry_none"
        return t(key, lang, gap=pp(100 * (b.before - replay), lang), replay=pct(replay), base=pct(b.before),
                 share=pct(part.after[0], 0), pp=pp(part.pp, lang))
    label = pick(dataset().params[part.key].label, lang)
    if part.key == MODEL_ERROR:
        return t("why_part_error", lang, label=label, pp=pp(part.pp, lang))
    return t("why_part_input", lang, label=label, before=param_text(part.key, part.before[0], lang),
             after=param_text(part.key, part.after[0], lang), pp=pp(part.pp, lang))


def default_sentence(lang: str) -> str:
    """What the default assumes and why its growth is not the base year's, from the model's own terms."""
    b = default_breakdown()
    shown = [p for p in b.parts if abs(p.pp) >= SHOWN_PP]
    inputs_moved = any(p.key not in (STRUCTURE, CARRY, MODEL_ERROR) for p in shown)
    parts = t("why_sep", lang).join(_default_part(p, lang) for p in shown)
    return t("why_default_inputs" if inputs_moved else "why_default_same", lang, year=default_facts().base_year,
             default=pct(b.after), base=pct(b.before), diff=pp(b.total_pp, lang), parts=parts)


def const(lang: str) -> dict[str, Any]:
    """The section's words that stay while the levers move: title, column heads, the method notes, the
    default's sentence (drawn by huadu_components/outcomes/outcomes.js below the scorecard)."""
    return {"title": t("explain_title", lang), "none": t("explain_none", lang), "default": default_sentence(lang),
            "columns": [t("explain_col_setting", lang), t("explain_col_change", lang), t("explain_col_pp", lang)],
            "methods": {m: t(f"explain_method_{m}", lang) for m in METHODS}}


def live(scenario: Scenario, lang: str) -> list[Any]:
    """The breakdown of `scenario` as the browser shows it: [] when nothing changed, else [the total's
    sentence, the method, rows of (setting, its change, its pp)], largest effect first."""
    b = breakdown(scenario)
    if not b.parts:
        return []
    return [t("explain_total", lang, before=pct(b.before), after=pct(b.after), diff=pp(b.total_pp, lang)), b.method,
            [list(row) for row in rows(b, lang)]]
