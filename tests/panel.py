"""The simulator's lever panel in AppTest: its levers and cards are one custom component, read from
the data the page hands it and moved the way the browser moves them (a commit in its state).
The charts and the scorecard below it are another component (ui/simulator/outcomes.py), read the same way."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.simulator import outcomes as outcomes_view
from ui.simulator.lever_panel import COMPONENT_NAME, PANEL_KEY


def _component_data(at: AppTest, name: str) -> dict[str, Any]:
    found = [e for e in at.get("bidi_component") if e.proto.component_name == name]
    assert len(found) == 1, f"the simulator draws one {name}"
    proto = found[0].proto
    return json.loads(proto.json or proto.mixed.json)


def panel(at: AppTest) -> dict[str, Any]:
    """The data the page gave the panel on the last run (exactly what the browser receives)."""
    return _component_data(at, COMPONENT_NAME)


def outcomes(at: AppTest) -> dict[str, Any]:
    """The data the page gave the charts-and-scorecard component on the last run."""
    return _component_data(at, outcomes_view.COMPONENT_NAME)


def scorecard(at: AppTest) -> pd.DataFrame:
    """The scorecard as the browser's table shows it: one row per target, the header's columns."""
    card = outcomes(at)["scorecard"]
    return pd.DataFrame(card["rows"], columns=card["columns"])


def chart(at: AppTest, chart_id: str) -> dict[str, Any]:
    """One chart of the outcomes (gdp, contrib): kind, categories, series with points, summary, table."""
    return next(c for c in outcomes(at)["charts"] if c["id"] == chart_id)


def cards(at: AppTest) -> dict[str, dict[str, str]]:
    """Card key (its label's i18n key) -> {label, value, delta, caption, help}, as the server wrote them."""
    return {c["key"]: c for c in panel(at)["cards"]}


def card_value(at: AppTest, key: str = "card_gdp_growth") -> str:
    return cards(at)[key]["value"]


def lever_value(at: AppTest, lever: str) -> float:
    """The lever's value as the panel shows it (percent for rates)."""
    return next(x["value"] for x in panel(at)["levers"] if x["id"] == lever)


def commit(at: AppTest, **shown: float) -> AppTest:
    """Move levers as a release or Enter in the browser does (values as shown: percent for rates), and rerun."""
    at.session_state[PANEL_KEY] = {"commit": {"seq": panel(at)["seq"] + 1, "values": shown}}
    return at.run()
