"""A click on the board opens one group's scenario read-only, full screen (issue 24), through AppTest.

The browser's click is a selection event: a table row ({"rows": [i]}) or a bar ({"open": [{"id": …}]}). AppTest
accepts it as the widget's state (Streamlit's own selection state), set before a run; the browser test
(tests/e2e/test_board_presenter_browser.py) clicks the real thing.
"""

from __future__ import annotations

import pytest

from model import Scenario, monte_carlo, simulate
from model.uncertainty import gdp_target_id
from tests.test_app_workshop import _open, db_url, lib, room  # noqa: F401  (fixtures)
from ui.shared.i18n import pct, pick, t

OWN_QUERY = {"fai_growth": "0.15", "model_error": "-0.01", "t_gdp_real_growth_2025": "0.045"}  # the facilitator's own


def _own_state(at) -> tuple:
    """Everything of the facilitator's own simulator the view must leave alone: levers, assumptions, targets,
    language, the address."""
    ss = at.session_state
    return dict(ss["scenario_values"]), dict(ss["target_values"]), ss["lang"], dict(at.query_params)


def _saved(lib, room):  # noqa: F811
    """Three groups: a changed assumption with a note, a lever, the defaults. Returns {group: (id, scenario)}."""
    plans = {"Team 3": (Scenario(model_error=0.02), "we trust the new plant\nand the port"),
             "Team 1": (Scenario(fai_growth=0.2), ""),
             "Team 2": (Scenario(), "")}
    return {group: (lib.save(room.code, f"plan of {group}", s, group=group, note=note), s)
            for group, (s, note) in plans.items()}


def _board(db_url, room, lang, present=False):  # noqa: F811
    query = {"ws": room.code, "fk": room.facilitator_key} | OWN_QUERY | ({"present": "1"} if present else {})
    return _open(db_url, "pages/board.py", lang=lang, query=query)


def _html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _expected_figures(scenario: Scenario, targets: dict, lang: str) -> list[tuple[str, str]]:
    """What the view must show, from the model itself (against the facilitator's targets, as the board reads it)."""
    from ui.workshop.board_content import BOARD_DRAWS

    growth = simulate(scenario, targets).gdp_real_growth
    mc = monte_carlo(scenario, draws=BOARD_DRAWS, seed=0, target_values=targets)
    q = mc.quantiles["gdp_real_growth"]
    return [(t("board_col_gdp", lang), pct(growth)),
            (t("board_col_chance", lang), pct(mc.probability_met[gdp_target_id()], 0)),
            (t("ana_range_growth", lang), t("ana_range_value", lang, low=pct(q[0]), high=pct(q[-1])))]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_row_picked_on_the_board_opens_that_scenario_and_the_facilitators_own_stays(db_url, lib, room, lang):  # noqa: F811
    from ui.session.dataset import dataset
    from ui.shared.format import param_text

    saved = _saved(lib, room)
    at = _board(db_url, room, lang)
    before = _own_state(at)
    assert before[0]["fai_growth"] == 0.15 and before[1][gdp_target_id()] == 0.045  # not the defaults
    table = at.dataframe[0].value
    position = table[t("ws_col_group", lang)].tolist().index("Team 3")
    at.session_state["board_table_0"] = {"selection": {"rows": [position], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert not at.dataframe and not at.title and not at.text_input  # the scenario alone: no board, no code box
    own_targets = before[1]
    shown = [(m.label, m.value) for m in at.metric]
    assert shown == _expected_figures(saved["Team 3"][1], own_targets, lang)
    status = simulate(saved["Team 3"][1], own_targets).targets[gdp_target_id()]
    from ui.takeaway.exports import status_key

    assert at.metric[0].proto.delta == t(f"status_{status_key(gdp_target_id(), status)}", lang)
    page = _html(at)
    assert "Team 3 · plan of Team 3" in page
    item = t("board_change_item", lang, label=pick(dataset().params["model_error"].label, lang),
             value=param_text("model_error", 0.02, lang, 1))
    assert t("board_flag_assumption", lang, item=item) in page  # the changed assumption, flagged
    assert "we trust the new plant<br>and the port" in page  # the group's note, its lines kept
    assert len(at.get("vega_lite_chart")) == 2  # its GDP path and demand pulls
    assert _own_state(at) == before  # levers, assumptions, targets, language and address untouched
    at.button(key="w_board_open_back").click().run()  # back to the board
    assert at.dataframe and at.title[0].value == t("board_title", lang)
    assert not at.metric or at.metric[0].label == t("board_groups", lang)  # the board's numbers again
    at.run()  # the table starts with nothing selected: the scenario does not open again by itself
    assert at.dataframe and _own_state(at) == before


@pytest.mark.parametrize("present", [False, True])
def test_a_bar_clicked_opens_that_scenario_in_either_view(db_url, lib, room, present):  # noqa: F811
    saved = _saved(lib, room)
    at = _board(db_url, room, "en", present=present)
    before = _own_state(at)
    team_1 = saved["Team 1"][0]
    at.session_state["board_chart_0"] = {"selection": {"open": [{"id": team_1}]}}
    at.run()
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == _expected_figures(saved["Team 1"][1], before[1], "en")
    assert "Team 1 · plan of Team 1" in _html(at)
    assert t("board_open_no_note", "en") in _html(at)
    assert _own_state(at) == before
    assert (dict(at.query_params).get("present") in ("1", ["1"])) is present  # the view's own link is kept
    at.button(key="w_board_open_back").click().run()
    assert at.toggle(key="w_board_present").value is present  # back where the facilitator was
    assert _own_state(at) == before


def test_the_boards_pause_is_kept_while_a_scenario_is_open(db_url, lib, room):  # noqa: F811
    saved = _saved(lib, room)
    at = _board(db_url, room, "en")
    at.toggle(key="w_board_pause").set_value(True).run()
    at.session_state["board_chart_0"] = {"selection": {"open": [{"id": saved["Team 2"][0]}]}}
    at.run()
    assert not at.dataframe
    at.button(key="w_board_open_back").click().run()
    assert at.toggle(key="w_board_pause").value is True


def test_a_pick_that_names_no_row_of_the_board_opens_nothing(db_url, lib, room):  # noqa: F811
    _saved(lib, room)
    elsewhere = lib.save(lib.create_workshop().code, "another workshop's", Scenario(fai_growth=0.3))
    at = _board(db_url, room, "en")
    at.session_state["board_chart_0"] = {"selection": {"open": [{"id": elsewhere}, {"id": "1; drop"}]}}
    at.session_state["board_table_0"] = {"selection": {"rows": [99], "columns": [], "cells": []}}
    at.run()
    assert not at.exception and at.dataframe  # still the board
    assert "another workshop" not in _html(at)


def test_a_scenario_deleted_while_open_says_so(db_url, lib, room):  # noqa: F811
    saved = _saved(lib, room)
    at = _board(db_url, room, "en")
    at.session_state["board_chart_0"] = {"selection": {"open": [{"id": saved["Team 2"][0]}]}}
    at.run()
    assert at.metric
    lib.delete(saved["Team 2"][0], room.code, facilitator_key=room.facilitator_key)
    at.session_state["board_last_good"] = None  # a fresh look at the library, as after a server restart
    at.run()
    assert t("board_open_gone", "en") in [i.value for i in at.info]
    assert at.button(key="w_board_open_back")
    assert not at.exception
