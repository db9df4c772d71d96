"""The simulator's workshop banner through AppTest (issue 24): the join link opens the simulator, the group's name is
asked once, a scenario is saved from the simulator itself (the workshop page's save, not a second one), and Next
group hands the device on with everything back to its default."""

from __future__ import annotations

import pytest

from model import Scenario
from tests.panel import commit
from tests.test_app_workshop import _open, db_url, lib, room  # noqa: F401  (fixtures)
from ui.session import state, url
from ui.session.dataset import dataset
from ui.shared.i18n import t
from ui.workshop import device

SIM = "pages/simulator.py"


def _join(db_url: str, code: str, lang: str):  # noqa: F811
    """A participant's browser opening the join link (the simulator, with the workshop in the query)."""
    return _open(db_url, SIM, lang, query={"ws": code})


def _name_group(at, name: str):
    at.text_input(key="w_sim_group").input(name)
    at.button(key="w_sim_group_ok").click().run()
    assert not at.exception
    return at


def _save_here(at, name: str, note: str = ""):
    at.text_input(key="w_sim_save_name").input(name)
    at.text_area(key="w_sim_save_note").input(note)
    at.button(key="w_sim_save").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_join_link_opens_the_simulator_with_the_banner_and_the_group_is_asked_once(db_url, lib, room, lang):  # noqa: F811
    at = _join(db_url, room.code.lower(), lang)
    assert at.title[0].value == t("app_title", lang)  # the simulator, not a save form
    assert t("sim_ws_code", lang, code=room.code) in [c.value for c in at.caption]
    assert at.text_input(key="w_sim_group").label == t("sim_ws_group_label", lang)
    assert not [b for b in at.button if b.key == "w_sim_save"]  # a name first: every save carries it

    _name_group(at, "  第一组 ")
    assert t("sim_ws_code_group", lang, code=room.code) in [c.value for c in at.caption]
    assert "第一组" in [x.value for x in at.text]
    assert not [x for x in at.text_input if x.key == "w_sim_group"]  # asked once
    assert at.session_state["group_names"] == {room.code: "第一组"}
    assert at.query_params["ws"] == room.code  # a reload keeps the workshop


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_scenario_is_saved_from_the_simulator_with_the_groups_name_and_the_form_empties(db_url, lib, room, lang):  # noqa: F811
    at = _name_group(_join(db_url, room.code, lang), "Team Blue")
    commit(at, fai_growth=20.0)
    _save_here(at, "Invest more", note="why: the port")
    assert [s.value for s in at.success] == [t("ws_saved", lang, id=1)]
    (saved,) = lib.list(room.code)
    assert (saved.name, saved.group, saved.note) == ("Invest more", "Team Blue", "why: the port")
    assert saved.scenario() == Scenario(fai_growth=0.2)
    assert at.text_input(key="w_sim_save_name").value == "" and at.text_area(key="w_sim_save_note").value == ""

    at.button(key="w_sim_save").click().run()  # the second click of a double click finds the form empty
    assert [s.value for s in at.success] == [t("ws_saved", lang, id=1)]
    assert len(lib.list(room.code)) == 1
    commit(at, fai_growth=5.0)
    _save_here(at, "")  # a new scenario without a name: said, not saved
    assert t("ws_err_empty", lang, field=t("ws_field_name", lang), limit="") in [e.value for e in at.error]
    assert len(lib.list(room.code)) == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "bad\x00name"])
def test_a_group_name_that_cannot_be_saved_is_explained_and_asked_again(db_url, lib, room, name):  # noqa: F811
    at = _name_group(_join(db_url, room.code, "en"), name)
    assert at.error and at.text_input(key="w_sim_group")
    names = at.session_state["group_names"] if "group_names" in at.session_state else {}
    assert not names.get(room.code)


def test_no_workshop_no_banner_and_a_code_that_opens_nothing_says_so(db_url, lib, room):  # noqa: F811
    at = _open(db_url, SIM, "en")
    assert not [x for x in at.text_input if x.key == "w_sim_group"]
    assert not any(c.value.startswith("Workshop ") for c in at.caption)
    at = _open(db_url, SIM, "en", query={"ws": "NOPE-NOPE"})
    assert t("sim_ws_not_found", "en") in [w.value for w in at.warning]
    assert not [x for x in at.text_input if x.key == "w_sim_group"]


def test_the_group_name_the_browser_kept_is_taken_and_not_asked_again(db_url, lib, room):  # noqa: F811
    at = _join(db_url, room.code, "en")
    at.session_state[device.DEVICE_KEY] = {"held": {"authors": [], "facilitator": {}, "kept": True,
                                                    "groups": {room.code: "Team Kept", "OTHER": "x\x00y"}}}
    at.run()
    assert "Team Kept" in [x.value for x in at.text]
    assert at.session_state["group_names"] == {room.code: "Team Kept"}  # the malformed one dropped
    sent = next(e for e in at.get("bidi_component") if e.key == device.DEVICE_KEY)
    assert '"Team Kept"' in (sent.proto.json or sent.proto.mixed.json)  # and the keeper is told it


def test_next_group_puts_everything_back_and_asks_the_name_again(db_url, lib, room):  # noqa: F811
    assumption = dataset().params_in("assumption")[0]
    target = url.editable_targets()[0]
    query = {"ws": room.code, assumption.id: repr((assumption.min + assumption.max) / 2),
             url.TARGET_PREFIX + target: repr(dataset().targets[target].min)}
    at = _name_group(_open(db_url, SIM, "en", query=query), "Team Red")
    commit(at, fai_growth=20.0)
    at.text_input(key="w_sim_save_name").input("half typed")
    assert at.session_state["scenario_values"] != state.defaults()
    at.button(key="w_sim_next").click().run()
    assert not at.exception
    assert at.session_state["scenario_values"] == state.defaults()  # levers and assumptions
    assert at.session_state["target_values"] == state.default_targets()  # and targets
    assert at.text_input(key="w_sim_group").value == ""  # the next group is asked its name
    assert t("sim_ws_next_done", "en") in [i.value for i in at.info]
    assert at.session_state["group_names"] == {room.code: ""}  # forgotten in the browser too (device.js)
    assert at.session_state["w_sim_save_name"] == ""
    assert set(at.query_params) == {"lang", "v", "ws"}  # the link holds nothing of the last group
