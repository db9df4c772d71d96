"""Groups taking turns at one device (issue 24): after "Next group" the next group holds a token of its own and no
right over the group before's saves (after a reload too), the group before keeps its rights on its own device,
and the workshop's facilitator, opening the simulator, is not asked for a group name."""

from __future__ import annotations

import pytest

from tests.test_app_workshop import _open, db_url, lib, room  # noqa: F401  (fixtures)
from tests.test_app_workshop_banner import _join, _name_group, _save_here
from tests.test_app_workshop_rights import _browser_reports, _sent_to_browser
from ui.shared.i18n import t
from ui.workshop import listing

SIM = "pages/simulator.py"
WORKSHOP = "pages/workshop.py"


def _first_group_saves_then_hands_over(db_url, code: str, lang: str):  # noqa: F811
    at = _name_group(_join(db_url, code, lang), "第一组")
    _save_here(at, "plan one")
    before = list(at.session_state["author_tokens"])
    at.button(key="w_sim_next").click().run()
    assert not at.exception
    return at, before


@pytest.fixture
def code(room):  # noqa: F811
    return room.code


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_after_next_group_the_previous_groups_save_cannot_be_deleted(db_url, lib, code, lang):  # noqa: F811
    at, before = _first_group_saves_then_hands_over(db_url, code, lang)
    (first,) = lib.list(code)
    assert at.session_state["author_tokens"][:len(before)] == before  # the browser keeps the old token...
    assert at.session_state["author_tokens"][-1] not in before  # ...but the next group has its own
    _name_group(at, "第二组")
    _save_here(at, "plan two")
    second = next(s.id for s in lib.list(code) if s.name == "plan two")
    assert lib.get(second, code).group == "第二组"

    at.switch_page(WORKSHOP).run()
    at.selectbox(key="w_ws_pick").set_value(first.id).run()
    delete = at.button(key="w_ws_delete")
    assert delete.disabled and delete.help == t("ws_delete_not_yours", lang)
    # a confirmation asked before the hand-over (or forced by hand) is refused by the library, in words
    at.session_state[listing.PENDING_DELETE] = first.id
    at.run()
    at.button(key="w_ws_delete_yes").click().run()
    assert not at.exception
    assert t("ws_delete_not_yours", lang) in [e.value for e in at.error]
    assert first.id in {s.id for s in lib.list(code)}

    at.selectbox(key="w_ws_pick").set_value(second).run()  # the next group's own save is its to delete
    assert not at.button(key="w_ws_delete").disabled


def test_a_reload_after_next_group_keeps_the_next_group_apart(db_url, lib, code):  # noqa: F811
    at, _ = _first_group_saves_then_hands_over(db_url, code, "en")
    (first,) = lib.list(code)
    kept = _sent_to_browser(at)["authors"]  # what the browser now keeps: both groups' tokens, oldest first
    assert len(kept) == 2
    reloaded = _open(db_url, lang="en", query={"ws": code})
    _browser_reports(reloaded, authors=kept)
    reloaded.selectbox(key="w_ws_pick").set_value(first.id).run()
    assert reloaded.button(key="w_ws_delete").disabled


def test_the_previous_group_keeps_its_rights_on_its_own_device(db_url, lib, code):  # noqa: F811
    at = _name_group(_join(db_url, code, "en"), "Team One")
    _save_here(at, "plan one")
    at.switch_page(WORKSHOP).run()
    at.toggle(key="w_ws_show_rights").set_value(True).run()
    (link,) = [c.value for c in at.code if "ak=" in c.value]
    tokens = link.split("ak=")[1].split("&")[0]
    assert tokens.count(".") == 0  # the current group's token only
    at.switch_page(SIM).run()
    at.button(key="w_sim_next").click().run()

    laptop = _open(db_url, lang="en", query={"ws": code, "ak": tokens})  # the group's own device
    assert not laptop.button(key="w_ws_delete").disabled
    at.switch_page(WORKSHOP).run()  # the shared device: the link it shows now is the next group's
    at.toggle(key="w_ws_show_rights").set_value(True).run()
    (link,) = [c.value for c in at.code if "ak=" in c.value]
    assert tokens not in link


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_facilitator_is_not_asked_for_a_group_name(db_url, lib, code, room, lang):  # noqa: F811
    at = _open(db_url, SIM, lang, query={"ws": code, "fk": room.facilitator_key})
    assert not at.exception
    assert not [x for x in at.text_input if x.key == "w_sim_group"]
    assert t("sim_ws_facilitator", lang, code=code) in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key in ("w_sim_save", "w_sim_next")]  # a group's buttons, not theirs

    reloaded = _open(db_url, SIM, lang, query={"ws": code})  # a reload: the key comes back from the browser
    _browser_reports(reloaded, facilitator={code: room.facilitator_key})
    assert not [x for x in reloaded.text_input if x.key == "w_sim_group"]
    assert t("sim_ws_facilitator", lang, code=code) in [c.value for c in reloaded.caption]

    participant = _join(db_url, code, lang)  # anyone else is still asked
    assert participant.text_input(key="w_sim_group")
