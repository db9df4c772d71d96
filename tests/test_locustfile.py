"""The load test's users really drive the simulator: a protocol-only session moves a lever and gets the right GDP card.

Against a real `streamlit run app.py` on a free loopback port, so benchmarks/load_locust.py cannot
silently measure nothing (no card, a stale card, or a page whose levers it no longer finds).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from streamlit.proto.Element_pb2 import Element

import data
from benchmarks.sim_client import PANEL_KEY, LeverNotFound, SimulatorSession, expected_card, panel_gdp_growth
from benchmarks.st_client import Widget, slider_state
from model import Scenario, simulate
from tests.e2e.conftest import ROOT, free_port, start_app, stop_app
from ui.session import state
from ui.shared import format as display
from ui.simulator import lever_panel

DS = data.load()
LEVERS = tuple(p.id for p in DS.params_in("lever"))


PING_S = 2  # the server pings every 2 s (default 30) and drops a WebSocket whose pong is 2 s late


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locust_app")
    port = free_port()
    proc = start_app(port, {"HUADU_DATA_DIR": str(folder), "HUADU_DATABASE_URL": f"sqlite:///{folder}/t.sqlite3",
                            "STREAMLIT_SERVER_WEBSOCKET_PING_INTERVAL": str(PING_S)})
    yield f"http://127.0.0.1:{port}"
    stop_app(proc)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lever_move_brings_the_gdp_card_model_simulate_gives(app_url, lang):
    with SimulatorSession(app_url, lang, timeout_s=60) as s:
        s.open()
        assert sorted(s.levers) == sorted(LEVERS)  # found by their widget keys on the real page
        rng = random.Random(13)
        for _ in range(3):
            param_id, share = s.choose_move(rng)
            move = s.move(param_id, share)
            assert move.latency_s is not None, s.describe_miss(move)
        # the card the page showed, read back from the protocol, is model.simulate's figure for those levers
        growth = simulate(Scenario(**s.values)).gdp_real_growth
        # the panel's live numbers (ui/simulator/wire.py), read with the constant parts this session was sent
        shown = [g for _, e in move.run.elements if (g := panel_gdp_growth(e, s._known)) is not None]
        assert shown == [pytest.approx(float(growth), abs=1e-12)], shown


def test_a_card_for_another_lever_value_is_not_taken_for_the_answer(app_url):
    # the page answers a move the server did get, but not the one the card check expects: no match
    with SimulatorSession(app_url, "zh", timeout_s=60) as s:
        s.open()
        slider = s.levers["fai_growth"]
        expected = expected_card({"fai_growth": 0.25}, "zh")
        run = s.session.rerun({slider.id: slider_state(slider.id, display.to_display("fai_growth", -0.1))},
                              fragment_id=slider.fragment_id, until=expected.shown_by)
        assert run.finished_after_s is not None and run.matched_after_s is None


def test_a_participant_who_only_looks_for_a_while_keeps_the_session(app_url):
    # a user waits for the room to connect and reads the card between moves: the server's pings must be
    # answered meanwhile, or it closes the WebSocket and the next move fails (as in a 100-user run)
    with SimulatorSession(app_url, "zh", timeout_s=60) as s:
        s.open()
        s.idle(4 * PING_S)
        move = s.move(*s.choose_move(random.Random(5)))
        assert move.latency_s is not None, s.describe_miss(move)


def test_the_locustfile_runs_users_that_move_levers(app_url, tmp_path):
    raw = tmp_path / "moves.json"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
         "--only-summary", "-u", "2", "-r", "2", "-t", "150s", "--host", app_url, "--move-seconds", "4",
         "--pace-min", "0.5", "--pace-max", "1", "--settle-seconds", "0", "--card-timeout", "60",
         "--raw-json", str(raw), "--loglevel", "WARNING"],
        cwd=ROOT, timeout=200, check=False, capture_output=True,
    )
    figures = json.loads(raw.read_text())
    assert figures["opened"] == 2 and figures["not_opened"] == 0
    assert figures["failure_count"] == 0, figures["failures"]
    assert len(figures["latencies_ms"]) >= 2  # each user moved at least once in its 4 s


def test_the_locustfile_refuses_a_host_that_is_not_loopback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
         "-u", "1", "-t", "5s", "--host", "http://192.0.2.1:8501"],
        cwd=ROOT, timeout=60, check=False, capture_output=True, text=True,
    )
    assert done.returncode != 0 and "loopback" in done.stderr + done.stdout


def _widget(widget_id: str, kind: str) -> Widget:
    return Widget(widget_id, kind, "frag", None)


def test_levers_are_found_as_sliders_or_as_one_component_panel_else_the_ids_are_named():
    s = SimulatorSession("http://127.0.0.1:9", "zh")
    s.session.widgets = {w.id: w for w in [_widget(f"$$ID-abc-{state.widget_key('sim', 's', p)}", "slider")
                                           for p in LEVERS]}
    assert {p: w.kind for p, w in s._find_levers().items()} == dict.fromkeys(LEVERS, "slider")

    # a components.v2 lever panel: one widget for all levers, its state set as JSON
    panel = _widget("$$ID-def-w_sim_panel", "bidi_component")
    outcomes = _widget("$$ID-ghi-w_sim_outcomes", "bidi_component")  # the charts and scorecard: another component
    s.session.widgets = {panel.id: panel, outcomes.id: outcomes}
    assert s._find_levers() == dict.fromkeys(LEVERS, panel)
    assert PANEL_KEY == lever_panel.PANEL_KEY
    sent = s._lever_state(panel, "fai_growth", 0.08)  # set as the panel's JavaScript commits: shown values, a new seq
    assert sent.WhichOneof("value") == "json_value"
    assert json.loads(sent.json_value) == {"commit": {"seq": 1, "values": {"fai_growth": 8.0}}}

    s.session.widgets = {"$$ID-1-w_other": _widget("$$ID-1-w_other", "slider")}
    with pytest.raises(LeverNotFound, match="w_sim_s_fai_growth.*\\$\\$ID-1-w_other"):
        s._find_levers()


def test_a_card_drawn_by_a_component_panel_is_read_from_its_json_one_card_at_a_time():
    card = expected_card({"fai_growth": 0.2}, "zh")
    gdp = {"key": "card_gdp_growth", "label": card.label, "value": card.value, "delta": card.delta}
    stale = gdp | {"value": "0.1%", "delta": "+9.99个百分点"}
    other = {"key": "card_fai", "label": "固定资产投资增速", "value": card.value, "delta": card.delta}

    def panel(cards):
        element = Element()
        element.bidi_component.id = "$$ID-x-w_sim_panel"
        element.bidi_component.json = json.dumps({"seq": 3, "cards": cards})  # ASCII-escaped, as json.dumps does
        return element

    assert card.shown_by(panel([other, gdp]))
    assert not card.shown_by(panel([stale, other]))  # the figures on another card do not count
