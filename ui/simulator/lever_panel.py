"""The lever panel: the main levers and the headline cards in one browser component that answers while a lever moves.

The browser gets, as data (ui/simulator/wire.py: a constant part once per session, a live part each run):
every main lever of data/parameters.toml (label, help, range, step, the 2024 value and target line;
live: its value), each card's words and the recipe to write its texts (cards(): which output, which
format; ui.shared.views.card_texts writes the same), the model's response (slopes, model/response.py;
live: the point and the model's own outputs there), and the outcomes' skeleton (ui/simulator/outcomes.py)
with the breakdown's rows. On every input event (drag, key, typing) it previews the outputs itself and
writes the cards, charts and scorecard from them; on release or Enter it sets its state `commit` =
{seq, values}; apply_commit() writes those values into the session's scenario, the fragment reruns and
the exact figures replace the preview everywhere (cards, scorecard, charts, URL). docs/levers.md.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

import huadu_components
from data.outputs_loader import Output, in_order
from model import Result, input_targets, target_bands
from model.response import output_of
from ui.session import compute, state
from ui.session.dataset import dataset
from ui.shared import format as fmt
from ui.shared import views
from ui.shared.i18n import pct, pick, pp, t
from ui.simulator import explain, outcomes, wire

PANEL_KEY = "w_sim_panel"  # the component's key: its state (the last commit) lives here in session state
_APPLIED_SEQ = "_panel_applied_seq"  # the last commit written into the scenario

# How the browser recomputes each card of views.card_texts (same order, same formats), from
# data/outputs.toml: value / delta: output, then y = times * (output - minus), shown in one of the
# formats of panel.js (pct, pp, yi, count, signed_int); target: the target id its caption reads against.
# The browser test checks that every recomputed text equals the server's at 50 random settings.
_VALUE_FORMATS = {"growth": {"fmt": "pct"}, "yi_yuan": {"fmt": "yi"}, "persons": {"fmt": "count", "unit": "persons"}}
_CHANGE_FORMATS = {"growth": {"times": 100.0, "fmt": "pp"}, "persons": {"fmt": "signed_int"}}


def _card_spec(o: Output) -> dict[str, Any]:
    """The browser's recipe for one card (a unit panel.js cannot write raises, naming the output)."""
    card = o.card
    if o.unit not in _VALUE_FORMATS or (card.baseline and o.unit not in _CHANGE_FORMATS):
        raise ValueError(f"data/outputs.toml: {o.id}.card: the lever panel cannot draw a card in unit '{o.unit}'")
    value = {"out": o.id} | _VALUE_FORMATS[o.unit] | ({"signed": True} if card.signed else {})
    if card.baseline:
        delta = {"out": o.id, "minus": dataset().value(card.baseline), "suffix": "vs_2024"} | _CHANGE_FORMATS[o.unit]
    else:
        delta = {"out": card.growth_output, "fmt": "pct", "signed": True, "suffix": card.suffix}
    return {"key": card.key, "value": value, "delta": delta} | ({"target": card.target} if card.target else {})


HEADLINE = ("card_gdp_growth", "card_gdp_level")  # kept in view on a phone while a lever moves
PANEL_TEXT_KEYS = ("exact_value", "levers_title", "outcomes_title", "status_met", "status_not_met", "status_about_met",
                   "status_input_met", "status_input_not_met", "panel_help", "list_separator",
                   "panel_preview_note", "panel_approx_mark", "panel_not_a_number", "panel_out_of_range")


def levers() -> tuple[str, ...]:
    """The main levers the panel draws (group "lever" in data/parameters.toml), in file order."""
    return tuple(p.id for p in dataset().params_in("lever"))


def _lever_target(param_id: str) -> str | None:
    """The target a main lever is read against: the target on the same output, or trade for exports."""
    ds = dataset()
    on_output = {t.output: t.id for t in ds.targets.values() if t.projected}
    return (on_output | {"export_growth": "trade_growth_2025"}).get(param_id)


def cards() -> tuple[dict[str, Any], ...]:
    """The browser's recipe for every card, in the cards' order (data/outputs.toml)."""
    return tuple(_card_spec(o) for o in in_order(dataset().outputs, "card"))


def outputs() -> tuple[str, ...]:
    """The model outputs the cards read (values, deltas and the targets' outputs): what the response carries."""
    specs = cards()
    return tuple(sorted({c[part]["out"] for c in specs for part in ("value", "delta")}
                        | {dataset().targets[c["target"]].output for c in specs if "target" in c}))


# Its HTML, CSS and JS are files in huadu_components/lever_panel/ (no build step), served by
# Streamlit as files: each rerun sends the panel's data alone (huadu_components/__init__.py).
# isolate_styles=False: the panel lives in the page's own DOM, so page-level tools (the e2e
# helpers, benchmarks/load.py) find its sliders and cards by the test ids Streamlit's own
# st.slider and st.metric carry; its CSS is scoped under .lp-root instead.
_COMPONENT = huadu_components.component("lever_panel", html="panel.html", css="panel.css", js="panel.js",
                                        isolate_styles=False)
COMPONENT_NAME = _COMPONENT.component_name  # its name in Streamlit's registry (and on its elements)


# ------------------------------------------------------------------ the browser's commit


def _commit_values(commit: Any) -> tuple[int, dict[str, float]] | None:
    """(seq, {lever: share}) from the component's state, or None if it holds nothing usable.
    Untrusted (it comes from the browser): unknown levers and non-numbers are dropped, values clamped."""
    if not isinstance(commit, dict) or not isinstance(commit.get("seq"), int) or not isinstance(commit.get("values"), dict):
        return None
    values, main = {}, levers()
    for lever, shown in commit["values"].items():
        if lever in main and isinstance(shown, (int, float)) and not isinstance(shown, bool) and math.isfinite(shown):
            values[lever] = fmt.from_display(lever, shown)
    return commit["seq"], values


def applied_seq() -> int:
    """The last commit written into the scenario (0 before any): the figures drawn now include it."""
    return st.session_state.get(_APPLIED_SEQ) or 0


def apply_commit() -> None:
    """Write the panel's latest commit into the scenario, once (its seq says whether it is new).

    Runs as the component's callback and again at the top of the page, so a commit placed in
    session state directly (as AppTest does) takes the same path as one from the browser."""
    ss = st.session_state
    parsed = _commit_values((ss.get(PANEL_KEY) or {}).get("commit"))
    if parsed is None or parsed[0] == ss.get(_APPLIED_SEQ):
        return
    seq, values = parsed
    ss[_APPLIED_SEQ] = seq
    if values:
        state.set_values(values)


# ------------------------------------------------------------------ what the browser gets


def _lever(param_id: str, lang: str, targets: dict[str, float]) -> dict[str, Any]:
    """A main lever's constant part (its value and whether it lies outside its past are live)."""
    p = dataset().params[param_id]
    percent = fmt.scale(param_id) == 100.0
    past = views.past_range_text(param_id, lang)
    return {
        "id": param_id, "label": pick(p.label, lang),
        "help": pick(p.help, lang) + " " + t("lever_default_is", lang, value=pct(p.value)),
        "min": fmt.to_display(param_id, p.min), "max": fmt.to_display(param_id, p.max),
        "step": fmt.to_display(param_id, p.step), "scale": fmt.scale(param_id),
        "unit": "%" if percent else "", "decimals": 1 if percent else 2, "typed_decimals": 2 if percent else 3,
        "caption": lever_caption(param_id, lang, targets),
        # the published values of the past ten years; the second text when the lever's value lies outside them
        "past": past, "past_out": t("lever_past_outside", lang, range=past) if past else "",
    }


def lever_caption(param_id: str, lang: str, targets: dict[str, float]) -> str:
    """The line under a main lever: 2024's value and the target it is read against (exports: trade's)."""
    line = t("lever_2024_value", lang, value=pct(dataset().params[param_id].value, signed=True))
    target_id = _lever_target(param_id)
    if target_id:
        target = dataset().targets[target_id]
        if target.output == param_id:
            line += " · " + t("lever_target_same", lang, value=pct(targets[target_id]))
        else:  # exports are read against the trade target: say so
            line += " · " + t("lever_target_value", lang, target=pick(target.label, lang), value=pct(targets[target_id]))
    return line


def _card(spec: dict[str, Any], result: Result, lang: str) -> dict[str, Any]:
    """A card's constant part: its words and the recipe of its texts (panel.js cardTexts writes them from the
    outputs, as ui.shared.views.card_texts does)."""
    card = {"key": spec["key"], "label": t(spec["key"], lang), "help": t(f"{spec['key']}_help", lang),
            "caption": t("no_target", lang), "headline": spec["key"] in HEADLINE, "value_spec": spec["value"],
            "delta_spec": spec["delta"] | {"suffix": t(spec["delta"]["suffix"], lang)}}
    if spec["value"].get("unit"):
        card["value_spec"] = spec["value"] | {"unit": dataset().units[spec["value"]["unit"]][lang]}
    if "target" in spec:
        target = dataset().targets[spec["target"]]
        goal = result.targets[spec["target"]].target
        card["target"] = {
            "out": target.output, "value": goal, "unit": target.unit,
            # as ui.shared.format.target_status words it: "about met" within a 左右 target's band; a target
            # on a lever the user sets is an input compared with its target
            "band": target_bands().get(target.id, 0.0), "input": target.id in input_targets(),
            # the caption with only {status} and {gap} left for the browser to fill
            "template": t("target_line", lang, status="{status}", goal=fmt.target_value(goal, target.unit, lang, with_unit=False),
                          gap="{gap}", origin=fmt.origin(target, lang, short=True)),
        }
    return card


def panel_parts(result: Result, base: Result, lang: str) -> tuple[wire.Constant, list[Any]]:
    """(constant part, live part) of everything the browser needs, JSON-ready (ui/simulator/wire.py).

    The constant part depends on the language, the targets and every setting but the main levers (a test moves
    the levers and holds its hash still), so it is built once per such setting while the response is one plane
    moved to each lever setting (ui.session.compute.one_plane); elsewhere it is built every run.
    live = [seq, levers as shown, levers as shares (the point), outside their past (0/1) per lever,
    the outputs at the point in the constant part's order (the model's own figures, `result`: the
    browser writes the exact texts from them), the breakdown's texts (ui.simulator.explain)]."""
    targets = state.targets()
    main, names = levers(), outputs() + tuple(n for n in outcomes.outputs() if n not in outputs())
    scenario, targets_key = state.scenario(), state.targets_key()
    response = compute.response(scenario, main, names, targets_key)
    ds = dataset()  # the baseline `base` is the dataset's default scenario: the dataset stands for it
    memo_key = ((id(ds), ds.version, main, names, lang, targets_key, compute.at_lever_defaults(scenario, main))
                if compute.one_plane(scenario, main, names, targets_key) else None)
    const = wire.constant(memo_key, lambda: {
        "lang": lang,
        "levers": [_lever(k, lang, targets) for k in main],
        "cards": [_card(spec, result, lang) for spec in cards()],
        "outputs": list(names), "slopes": response.slopes, "affine": response.affine,
        "affine_along": response.affine_along,
        "pp_suffix": pp(0.0, lang).removeprefix("+0.00"),  # ui.shared.i18n.pp's unit, so the browser writes pp as it does
        "text": {k: t(k, lang) for k in PANEL_TEXT_KEYS},
        "outcomes": outcomes.outcomes_const(result, base, lang),
    })
    values = [getattr(scenario, k) for k in main]
    live = [applied_seq(), [fmt.to_display(k, v) for k, v in zip(main, values, strict=True)],
            [response.point[k] for k in main], [int(views.outside_past(k, v)) for k, v in zip(main, values, strict=True)],
            [float(output_of(result, n)) for n in names], explain.live(scenario, lang)]
    return const, live


def lever_panel(result: Result, base: Result, lang: str) -> None:
    """Draw the panel (levers, then the cards; on a phone the GDP cards stay on top while a lever moves).
    Its data also carries the outcomes' figures (ui/simulator/outcomes.py draws them from the panel's)."""
    const, live = panel_parts(result, base, lang)
    _COMPONENT(key=PANEL_KEY, data=wire.payload(PANEL_KEY, const, live), on_commit_change=apply_commit,
               on_need_change=lambda: wire.resend(PANEL_KEY))
