"""One workshop participant on the simulator page, without a browser: move a main lever, wait for the GDP card.

    with SimulatorSession("http://127.0.0.1:8501", lang="zh") as s:
        s.open()                                   # health check, WebSocket, first run, levers found
        param_id, share = s.choose_move(random.Random(1))
        move = s.move(param_id, share)             # move.latency_s: request sent -> card with the new figure

The card counts as updated only when it shows the GDP growth that model.simulate gives for every
lever value this session has set (value at display precision and its change against 2024), so a
stale card, a card for another value, or no card is an error, never a fast answer. Each move is
chosen so the expected card text differs from the one on screen.

The levers are found by their widget keys ("w_sim_s_<param>", st.slider: state is a one-element
double array in percent, as shown). If the page instead draws its levers as one components.v2
panel with a key starting "w_sim", a move sets that component's JSON state the way its JavaScript
does, {"commit": {"seq": n, "values": {param_id: shown value}}} (n above the last seq the panel
was drawn with; the lever panel of issue 13), carried by the same rerun_script; the card is then
looked for in each JSON object of the panel's data as well as in st.metric elements. Neither
found: LeverNotFound, which names the widget ids the page did show.

Since issue 22 the panel's data is bytes (ui/simulator/wire.py): a constant part once per session by
content hash, then per run the live numbers, from which the browser writes the cards. The client
reads them the same way (wire.decode, the constant parts kept per session) and counts the card as
shown when the live GDP growth, written as the browser writes it, is the expected card's figure.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from dataclasses import dataclass

from benchmarks.st_client import ProtocolError, Run, Session, Widget, json_state, slider_state, text_groups
from model import Scenario, simulate
from ui.session import state
from ui.session.dataset import dataset
from ui.shared import format as display
from ui.shared.i18n import pct, pp, t
from ui.simulator import wire

PAGE = "sim"
PANEL_KEY = "w_sim_panel"  # the components.v2 lever panel (ui.simulator.lever_panel.PANEL_KEY; the outcomes below it are another component)
MAX_TRIES = 50  # bound on drawing a lever value whose card differs from the one shown


def levers() -> tuple[str, ...]:
    """The simulator's main levers (group "lever" in data/parameters.toml)."""
    return tuple(p.id for p in dataset().params_in("lever"))


class LeverNotFound(ProtocolError):
    """The simulator page showed none of the widgets this client knows how to move."""


@dataclass(frozen=True)
class Card:
    """The GDP growth card as the page should show it: label, value and change against 2024."""

    label: str
    value: str
    delta: str
    lang: str = "zh"

    def shown_in(self, text: str) -> bool:
        # whole numbers only: "2.5%" must not be found inside "12.5%"
        figure = re.compile(rf"(?<![\d.]){re.escape(self.value)}")
        return self.label in text and bool(figure.search(text)) and self.delta in text

    def shown_by(self, element, known: dict | None = None) -> bool:
        """Does this element (an st.metric, one object of a custom component's data, or the lever panel's
        live numbers read with the constant parts `known` so far) show the card?"""
        if any(self.shown_in(group) for group in text_groups(element)):
            return True
        growth = panel_gdp_growth(element, {} if known is None else known)
        return growth is not None and self.value == pct(growth) and self.delta == _delta(growth, self.lang)


GDP_OUTPUT = "gdp_real_growth"  # the live output the GDP card is written from (data/outputs.toml)


def panel_gdp_growth(element, known: dict) -> float | None:
    """The live GDP growth in a lever panel's bytes (ui/simulator/wire.py), None for any other element or
    when the run named a constant part this reader was never sent."""
    if element.WhichOneof("type") != "bidi_component":
        return None
    body = element.bidi_component
    if body.WhichOneof("data") != "bytes":
        return None
    try:
        const, live = wire.decode(body.bytes, known)
        outputs = dict(zip(const["outputs"], live[4], strict=True))
    except (KeyError, ValueError, IndexError, TypeError):
        return None
    value = outputs.get(GDP_OUTPUT)
    return float(value) if value is not None else None


def _delta(growth: float, lang: str) -> str:
    return pp(100 * (growth - dataset().value("gdp_real_growth_2024")), lang)


@dataclass(frozen=True)
class Move:
    param_id: str
    share: float
    expected: Card
    latency_s: float | None  # None: the card never showed the expected figure in this run
    run: Run


def expected_card(values: dict[str, float], lang: str) -> Card:
    """The GDP card for these lever values (shares), all other settings at their defaults."""
    growth = float(simulate(dataclasses.replace(Scenario(), **values)).gdp_real_growth)
    return Card(t("card_gdp_growth", lang), pct(growth), _delta(growth, lang), lang)


class SimulatorSession:
    """A session on the simulator page (default page of app.py) in `lang`, default settings."""

    def __init__(self, base_url: str, lang: str = "zh", timeout_s: float = 10.0) -> None:
        self.lang = lang
        self.session = Session(base_url, query=f"lang={lang}", timeout_s=timeout_s,
                               locale="zh-CN" if lang == "zh" else "en-US")
        self.values: dict[str, float] = {}  # lever shares this participant has set
        self.levers: dict[str, Widget] = {}
        self.card = expected_card({}, lang)
        self._panel_seq = 0  # the last commit seq a components.v2 lever panel was sent or drawn with
        self._known: dict = {}  # the panel's constant parts this session was sent, by hash (ui/simulator/wire.py)

    def __enter__(self) -> SimulatorSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def idle(self, seconds: float) -> None:
        """Look at the page for a while, the connection kept alive (see Session.idle)."""
        self.session.idle(seconds)

    def open(self, timeout_s: float | None = None) -> Run:
        """Open the page; the first run must show the default GDP card and the three levers."""
        run = self.session.open_page(until=self._shows(self.card), timeout_s=timeout_s)
        if run.exceptions:
            raise ProtocolError(f"the page showed an exception: {run.exceptions[0]}")
        self.levers = self._find_levers()
        if run.matched_after_s is None:
            raise ProtocolError(f"the first run showed no GDP card reading {self.card} ({self._cards_seen(run)})")
        return run

    def _find_levers(self) -> dict[str, Widget]:
        main = levers()
        sliders = {p: self.session.find_widget(state.widget_key(PAGE, "s", p), ("slider",)) for p in main}
        if all(sliders.values()):
            return sliders
        panels = self.session.widgets_with_key_prefix(PANEL_KEY, ("bidi_component",))
        if len(panels) == 1:
            return dict.fromkeys(main, panels[0])
        raise LeverNotFound(
            f"no lever widgets on the simulator page: expected st.slider keys "
            f"{[state.widget_key(PAGE, 's', p) for p in main]} or one components.v2 panel keyed "
            f"{PANEL_KEY}*; widget ids shown: {sorted(self.session.widgets)}")

    def choose_move(self, rng: random.Random) -> tuple[str, float]:
        """A lever and a new value on its slider's grid whose GDP card differs from the one shown."""
        for _ in range(MAX_TRIES):
            param_id = rng.choice(levers())
            p = dataset().params[param_id]
            steps = round((p.max - p.min) / p.step)
            share = display.from_display(param_id, display.to_display(param_id, p.min + rng.randint(0, steps) * p.step))
            if expected_card(self.values | {param_id: share}, self.lang) != self.card:
                return param_id, share
        raise RuntimeError(f"no lever value changes the GDP card in {MAX_TRIES} draws")

    def move(self, param_id: str, share: float) -> Move:
        """Set one lever (as a participant releasing the slider) and time the GDP card's update."""
        widget = self.levers[param_id]
        expected = expected_card(self.values | {param_id: share}, self.lang)
        run = self.session.rerun({widget.id: self._lever_state(widget, param_id, share)},
                                 fragment_id=widget.fragment_id,
                                 until=self._shows(expected))
        self.values[param_id] = share
        if run.matched_after_s is not None:
            self.card = expected
        return Move(param_id, share, expected, run.matched_after_s, run)

    def _shows(self, card: Card):
        """The test a run's element must pass to count as showing `card` (reading the panel's wire as it goes)."""
        return lambda element: card.shown_by(element, self._known)

    def _lever_state(self, widget: Widget, param_id: str, share: float):
        shown = display.to_display(param_id, share)
        if widget.kind == "slider":
            return slider_state(widget.id, shown)
        # a components.v2 panel: its state as its JavaScript sets it on release (setStateValue("commit", ...))
        drawn = self.session.widgets.get(widget.id, widget).element
        self._panel_seq = max(self._panel_seq, _drawn_seq(drawn)) + 1
        return json_state(widget.id, {"commit": {"seq": self._panel_seq, "values": {param_id: shown}}})

    def _cards_seen(self, run: Run) -> str:
        label = self.card.label
        seen = [g.replace("\n", " | ") for _, e in run.elements for g in text_groups(e) if label in g]
        seen += [f"panel GDP growth {pct(g)}" for _, e in run.elements
                 if (g := panel_gdp_growth(e, self._known)) is not None]
        return f"elements naming {label!r}: {seen[:3]}" if seen else f"no element names {label!r}"

    def describe_miss(self, move: Move) -> str:
        """Why a move counts as an error: what the card should have read and what came instead."""
        if move.run.exceptions:
            return f"exception on the page: {move.run.exceptions[0]}"
        return f"{move.param_id}={move.share:.3f}: expected {move.expected}; {self._cards_seen(move.run)}"


def _drawn_seq(element) -> int:
    """The commit seq a lever panel was last drawn with (its data's "seq"), 0 if it has none."""
    body = getattr(element, "bidi_component", None)
    try:
        if body is not None and body.WhichOneof("data") == "bytes":  # the wire (ui/simulator/wire.py): live[0]
            seq = json.loads(body.bytes.decode("utf-8"))["v"][0]
        else:
            seq = json.loads(element.bidi_component.json).get("seq", 0)
    except (AttributeError, ValueError, KeyError, IndexError, TypeError):
        return 0
    return seq if isinstance(seq, int) else 0
