"""Workshop roles, the workshop in the URL, the board's honesty and database faults, through AppTest."""

from __future__ import annotations

import pytest

import store
from model import Scenario
from tests.test_app_workshop import _open, _save, _set_code, db_url, lib, room  # noqa: F401  (fixtures)
from ui.shared.i18n import t


def _names(at, table: int = 0) -> list[str]:
    return at.dataframe[table].value[t("ws_col_name", "en")].tolist()


# ------------------------------------------------------------------ roles


def test_a_facilitator_starts_a_workshop_and_gets_its_links(db_url, lib):  # noqa: F811
    at = _open(db_url, lang="en")
    at.button(key="w_ws_start").click().run()
    code = at.session_state["workshop_code"]
    assert lib.lookup_workshop(code).code == code
    assert t("ws_created", "en", code=code) in [s.value for s in at.success]
    codes = [c.value for c in at.code]
    assert any(c.endswith(f"/?ws={code}&lang=en") for c in codes)  # the join link, for the room: the simulator
    key = at.session_state["facilitator_keys"][code]
    assert not any(key in c for c in codes)  # the facilitator's own link waits behind a deliberate switch
    at.toggle(key="w_ws_show_fk").set_value(True).run()
    assert any(f"/board?ws={code}&fk={key}" in c.value for c in at.code)
    assert at.query_params["ws"] == code and "fk" not in at.query_params  # never in the address bar
    at.switch_page("pages/simulator.py").run()
    assert at.query_params["ws"] == code and "fk" not in at.query_params  # the key stays off other pages


def test_a_participant_cannot_delete_another_groups_scenario(db_url, lib, room):  # noqa: F811
    theirs = lib.save(room.code, "their plan", Scenario(), author_token="another browser")
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, "my plan")
    at.selectbox(key="w_ws_pick").set_value(theirs).run()
    assert at.button(key="w_ws_delete").disabled
    mine = [s.id for s in lib.list(room.code) if s.name == "my plan"][0]
    at.selectbox(key="w_ws_pick").set_value(mine).run()
    assert not at.button(key="w_ws_delete").disabled
    at.button(key="w_ws_delete").click().run()
    assert t("ws_delete_question", "en", id=mine) in [w.value for w in at.warning]
    assert {s.id for s in lib.list(room.code)} == {theirs, mine}  # nothing yet
    at.button(key="w_ws_delete_no").click().run()
    assert {s.id for s in lib.list(room.code)} == {theirs, mine}
    at.button(key="w_ws_delete").click().run()
    at.button(key="w_ws_delete_yes").click().run()
    assert t("ws_deleted", "en", id=mine) in [s.value for s in at.success]
    assert [s.id for s in lib.list(room.code)] == [theirs]
    assert not any(e.label == t("ws_deleted_title", "en", n=1) for e in at.expander)  # restore is the facilitator's


def test_the_facilitator_deletes_any_scenario_and_restores_it(db_url, lib, room):  # noqa: F811
    theirs = lib.save(room.code, "their plan", Scenario(), author_token="a group")
    at = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})
    at.button(key="w_ws_delete").click().run()
    at.button(key="w_ws_delete_yes").click().run()
    assert t("ws_deleted", "en", id=theirs) in [s.value for s in at.success]
    assert lib.list(room.code) == []
    (record,) = lib.list(room.code, deleted=True)
    assert record.deleted_by == "facilitator"
    assert _names(at) == ["their plan"]  # the record of deletions
    assert at.dataframe[0].value[t("ws_col_deleted_by", "en")].tolist() == [t("ws_deleted_by_facilitator", "en")]
    at.button(key="w_ws_restore").click().run()
    assert t("ws_restored", "en", id=theirs) in [s.value for s in at.success]
    assert [s.id for s in lib.list(room.code)] == [theirs]


def test_a_confirmation_never_deletes_a_newer_scenario(db_url, lib, room):  # noqa: F811
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, "soon deleted elsewhere")
    first = lib.list(room.code)[0].id
    at.button(key="w_ws_delete").click().run()  # the confirmation is open...
    lib.delete(first, room.code, facilitator_key=room.facilitator_key)  # ...the facilitator deletes it meanwhile
    newer = lib.save(lib.create_workshop().code, "another team's final plan", Scenario())
    assert newer != first
    at.run()
    assert lib.get(newer).name == "another team's final plan"
    assert not any(b.key == "w_ws_delete_yes" for b in at.button)  # nothing left to confirm


def test_a_wrong_facilitator_key_is_said_and_gives_no_rights(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "a plan", Scenario(), author_token="a group")
    at = _open(db_url, lang="en", query={"ws": room.code, "fk": "guessed"})
    assert t("ws_facilitator_key_refused", "en") in [w.value for w in at.warning]
    assert at.button(key="w_ws_delete").disabled


# ------------------------------------------------------------------ the workshop in the URL


def test_a_join_link_opens_the_workshop_on_every_page_and_after_a_reload(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "shared", Scenario())
    at = _open(db_url, lang="en", query={"ws": room.code.lower()})
    assert t("ws_joined", "en", code=room.code) in [c.value for c in at.caption]
    assert _names(at) == ["shared"]
    assert at.query_params["ws"] == room.code
    at.switch_page("pages/board.py").run()
    assert _names(at) == ["shared"]


def test_a_near_miss_code_gets_did_you_mean_not_an_empty_workshop(db_url, lib):  # noqa: F811
    lib.save("HD2025-A", "legacy plan", Scenario())
    with lib.engine.begin() as conn:  # a schema-1 code, as the migration records it
        from datetime import UTC, datetime

        conn.execute(store.schema.workshops.insert().values(
            code="HD2025-A", skeleton=store.code_skeleton("HD2025-A"), created_at=datetime.now(UTC)))
    at = _set_code(_open(db_url, lang="en"), "hd2025_a")
    assert t("ws_code_did_you_mean", "en") in [w.value for w in at.warning]
    assert not at.dataframe
    at.button(key="w_ws_code_suggest_HD2025-A").click().run()
    assert _names(at) == ["legacy plan"]


def test_a_query_string_over_streamlits_limit_gets_the_usual_notice(db_url):  # noqa: F811
    # Streamlit drops such a query before the server sees it; the browser's address still holds it,
    # and the probe (ui/workshop/device.py) reports that (tests/e2e/test_links_browser.py in Chromium).
    from ui.workshop import device

    at = _open(db_url, lang="en")
    assert [e for e in at.get("bidi_component") if e.key == device.PROBE_KEY], "a session's first run asks the browser"
    at.session_state[device.PROBE_KEY] = {"held": {"dropped": True}}
    at.run()
    assert not at.exception
    assert "• " + t("notice_too_many", "en") in [x.value for x in at.text]
    at.run()
    assert not [e for e in at.get("bidi_component") if e.key == device.PROBE_KEY]  # asked once per session


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "**bold**", "x" * 10_000, "\x00", "hd 2025 a",
                                   "'; DROP TABLE workshops; --", "\u202eABCD-EFGH"])
@pytest.mark.parametrize("key", ["ws", "fk"])
def test_hostile_workshop_links_open_nothing_and_show_nothing_as_markup(db_url, lib, room, key, value):  # noqa: F811
    query = {"ws": room.code, "fk": value} if key == "fk" else {"ws": value}
    at = _open(db_url, lang="en", query=query)
    assert not at.exception
    for element in ("markdown", "caption", "success", "error", "warning", "info"):
        for shown in getattr(at, element):
            assert "<script" not in str(shown.value) and "DROP" not in str(shown.value)
    assert at.button(key="w_ws_save").disabled is False
    if key == "fk":
        assert not lib.is_facilitator(room.code, value) or value == room.facilitator_key
    assert lib.list() == [] and lib.list(deleted=True) == []
