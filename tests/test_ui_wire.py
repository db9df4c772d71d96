"""The lever panel's data on the wire (ui/simulator/wire.py): the constant part goes once per session and again
only when it changes or the browser asks for it; each move sends the live numbers alone (issue 22)."""

from __future__ import annotations

import json

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
