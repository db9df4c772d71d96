"""The lever panel's data on the wire (ui/simulator/wire.py): the constant part goes once per session and again
only when it changes or the browser asks for it; each move sends the live numbers alone (issue 22)."""

from __future__ import annotations

import json
from collections import OrderedDict

from streamlit.testing.v1 import AppTest

from tests.panel import _component_data, commit, panel
from ui.simulator import wire
from ui.simulator.lever_panel import COMPONENT_NAME, PANEL_KEY

APP = "../app.py"


def _sent(at: AppTest) -> dict:
    return json.loads(_component_data(at, COMPONENT_NAME).decode("utf-8"))


def test_the_constant_part_goes_once_and_a_move_sends_only_numbers_and_the_breakdown():
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "zh"
    at.run()
    first = _sent(at)
    assert "c" in first and first["c"]["lang"] == "zh"
    commit(at, fai_growth=14.0)
    move = _sent(at)
    assert move["h"] == first["h"] and "c" not in move  # the same constant part, not sent again
    raw = _component_data(at, COMPONENT_NAME)
    assert len(raw) < 800, len(raw)  # a few hundred bytes: the levers, the outputs, the breakdown's rows
    labels = [lever["label"] for lever in first["c"]["levers"][1:]]  # the moved lever's label is in the breakdown
    assert not any(label.encode() in raw for label in labels)
    assert "\\u" not in raw.decode("utf-8")  # UTF-8, not Chinese escaped as \uXXXX
    assert panel(at)["levers"][0]["value"] == 14.0  # what the browser assembles from the two


def test_another_language_sends_its_constant_part_and_the_browser_can_ask_again():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    first = _sent(at)
    at.query_params["lang"] = "en" if first["c"]["lang"] == "zh" else "zh"
    at.session_state["lang"] = at.query_params["lang"]
    at.run()
    other = _sent(at)
    assert other["h"] != first["h"] and "c" in other
    at.run()
    assert "c" not in _sent(at)
    # the browser lacks it (a lost message, a remount in a new page): its trigger `need` runs wire.resend
    at.session_state[wire.SENT].pop(PANEL_KEY)
    at.run()
    assert _sent(at)["c"] == other["c"]


def _moves(at: AppTest, count: int, seed: int) -> set[str]:
    """The constant part's hash after each of `count` random main-lever moves over their whole ranges."""
    import random

    from ui.session.dataset import dataset
    from ui.simulator.lever_panel import levers

    rng, hashes = random.Random(seed), set()
    for _ in range(count):
        param = dataset().params[rng.choice(levers())]
        commit(at, **{param.id: round(100 * rng.uniform(param.min, param.max), 1)})
        hashes.add(_sent(at)["h"])
    return hashes


def test_the_constant_part_does_not_depend_on_the_main_levers(monkeypatch):
    """The promise the memo rests on (lever_panel.panel_parts builds it once per setting of everything else):
    built afresh on every run, it is the same whatever the main levers, under changed assumptions and targets too."""
    monkeypatch.setattr(wire, "_memo", OrderedDict())  # empty, and with
    monkeypatch.setattr(wire, "MEMO_SIZE", 0)  # nothing kept: every run builds and hashes the constant part anew
    for query in ({}, {"model_error": "0.02", "ppi_change": "-0.03"}, {"lang": "en", "t_gdp_real_growth_2025": "0.045"}):
        at = AppTest.from_file(APP, default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert _moves(at, 8, seed=len(query)) == {_sent(at)["h"]}, query


def test_a_lever_move_does_not_build_the_constant_part_again(monkeypatch):
    from ui.simulator import outcomes

    builds = []
    real = outcomes.outcomes_const
    monkeypatch.setattr(outcomes, "outcomes_const", lambda *a: builds.append(a) or real(*a))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["ppi_change"] = "-0.021"  # a setting no other test uses: its first run builds
    at.run()
    assert len(builds) == 1
    _moves(at, 5, seed=3)
    assert len(builds) == 1  # five moves, no build
    at.query_params["ppi_change"] = "-0.022"  # an assumption changed: a new constant part
    at.session_state["scenario_values"] = at.session_state["scenario_values"] | {"ppi_change": -0.022}
    at.run()
    assert len(builds) == 2 and "c" in _sent(at)
