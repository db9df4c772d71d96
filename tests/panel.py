"""The simulator's lever panel in AppTest: its levers and cards are one custom component, read from
the data the page hands it (ui/simulator/wire.py: a constant part once, the live numbers each run) and
moved the way the browser moves them (a commit in its state). The charts and the scorecard below it
(ui/simulator/outcomes.py) are drawn from the same data: outcomes() fills them as the browser does."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from model import Scenario, simulate
from ui.shared import views
from ui.shared.i18n import pct, pp, yi_yuan
from ui.simulator import wire
from ui.simulator.lever_panel import COMPONENT_NAME, PANEL_KEY


def _component_data(at: AppTest, name: str) -> Any:
    found = [e for e in at.get("bidi_component") if e.proto.component_name == name]
    assert len(found) == 1, f"the simulator draws one {name}"
    proto = found[0].proto
    return proto.bytes if proto.WhichOneof("data") == "bytes" else json.loads(proto.json or proto.mixed.json)


def wire_parts(at: AppTest) -> tuple[dict[str, Any], list[Any]]:
    """(constant part, live part) of the panel's data on the last run, read as the browser reads them: the
    constant parts this AppTest has been sent so far are kept on it by hash (ui/simulator/wire.py)."""
    known = at.__dict__.setdefault("_wire_known", {})
    try:
        return wire.decode(_component_data(at, COMPONENT_NAME), known)
    except KeyError:  # sent on a run this reader did not read: ask again, as the browser's trigger `need` does
        at.session_state[wire.SENT].pop(PANEL_KEY, None)
        at.run()
        return wire.decode(_component_data(at, COMPONENT_NAME), known)


def panel(at: AppTest) -> dict[str, Any]:
    """The panel's data on the last run as its script assembles it (panel.js assemble): levers with their
    values, the response at the point (outputs by name), the breakdown; cards with the texts the browser
    writes from the outputs (ui.shared.views.card_texts: the browser test holds the two equal)."""
    const, (seq, shown, point, outside, values, explain) = wire_parts(at)
    ids = [lever["id"] for lever in const["levers"]]
    outputs = dict(zip(const["outputs"], values, strict=True))
    levers = [lever | {"value": v, "past": lever["past_out"] if out else lever["past"], "past_outside": bool(out)}
              for lever, v, out in zip(const["levers"], shown, outside, strict=True)]
    texts = {c["key"]: c for c in views.card_texts(_result(at), const["lang"])}
    return const | {"seq": seq, "explain": explain, "levers": levers, "outputs_at_point": outputs,
                    "cards": [card | texts[card["key"]] for card in const["cards"]],
                    "response": {"point": dict(zip(ids, point, strict=True)), "values": outputs, "slopes": const["slopes"],
                                 "affine": const["affine"], "affine_along": const["affine_along"]}}


def _result(at: AppTest) -> Any:
    """The model's result for the session's scenario and targets (what the page drew)."""
    return simulate(Scenario(**at.session_state["scenario_values"]), dict(at.session_state["target_values"]))


def outcomes(at: AppTest) -> dict[str, Any]:
    """The charts and the scorecard as the browser fills them (outcomes.js materialise) from the panel's
    constant part and the outputs at the point, with Python's formats."""
    data = panel(at)
    oc, out, lang = data["outcomes"], data["outputs_at_point"], data["lang"]
    gdp_chart, contrib_chart = oc["charts"]
    live = gdp_chart["live"]
    gdp = round(out[live["output"]], 2)
    text = yi_yuan(gdp, lang)
    gdp_chart = gdp_chart | {"summary": gdp_chart["summary"].format_map(_Holes(
        scenario=text, change=pct(gdp / live["from"] - 1, signed=True)))}
    gdp_chart["rows"][live["row"]]["gdp"] = gdp
    gdp_chart["table"]["rows"][live["table_row"]][2] = text
    pulls = [round(out[name], 3) for name in contrib_chart["live"]["outputs"]]
    texts = [pp(v, lang) for v in pulls]
    for i, row in enumerate(contrib_chart["table"]["rows"]):
        row[contrib_chart["live"]["column"]] = texts[i]
    for index, v in zip(contrib_chart["live"]["rows"], pulls, strict=True):
        contrib_chart["rows"][index]["pp"] = v
    contrib_chart["summary"] = contrib_chart["summary"].format_map(_Holes(**{f"p{i}": x for i, x in enumerate(texts)}))
    card = oc["scorecard"]
    rows = views.scorecard_rows(_result(at), lang)  # the live cells as Python writes them
    for row, spec, python in zip(card["rows"], card["live"], rows, strict=True):
        if spec:
            cells = list(python.values())
            for column in card["live_columns"]:
                row[column] = cells[column]
    return {"lang": lang, "seq": data["seq"], "charts": [gdp_chart, contrib_chart], "scorecard": card,
            "explain": oc["explain"], "explain_rows": data["explain"]}


class _Holes(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def scorecard(at: AppTest) -> pd.DataFrame:
    """The scorecard as the browser's table shows it: one row per target, the header's columns."""
    card = outcomes(at)["scorecard"]
    return pd.DataFrame(card["rows"], columns=card["columns"])


def chart(at: AppTest, chart_id: str) -> dict[str, Any]:
    """One chart of the outcomes (gdp, contrib): its Vega spec, its rows (as ui.shared.charts builds them for the
    brief), summary, table."""
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
