"""Issue 23 through AppTest: nobody but the key's holder affects the facilitator, a group keeps its rights on its
own device (browser storage, simulated as the component reports it), secrets leave the address bar, the pages
say where scenarios are kept, and a code cannot be tried faster than a person types."""

from __future__ import annotations

import pytest

from model import Scenario
from tests.test_app_workshop import _open, _save, _set_code, db_url, lib, room  # noqa: F401  (fixtures)
from ui.shared.i18n import t
from ui.workshop import device, pace


def _browser_reports(at, authors=(), facilitator=None, kept=True):
    """What device.js sends after mounting: the union of what the browser keeps and what the session sent."""
    at.session_state[device.DEVICE_KEY] = {"held": {"authors": list(authors), "facilitator": facilitator or {},
                                                    "kept": kept}}
    return at.run()


def _sent_to_browser(at) -> dict:
    import json

    found = [e for e in at.get("bidi_component")
             if e.proto.component_name == device.COMPONENT_NAME and e.key == device.DEVICE_KEY]
    assert len(found) == 1, "the workshop pages mount the device keeper once"
    return json.loads(found[0].proto.json or found[0].proto.mixed.json)


# ------------------------------------------------------------------ the facilitator is never locked out


def test_a_thousand_wrong_keys_never_block_the_right_one(db_url, lib, room):  # noqa: F811
    for _ in range(1000):
        assert not lib.is_facilitator(room.code, "guessed-wrong-key")
    at = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})  # a new session
    assert any(e.label == t("ws_facilitator_title", "en") for e in at.expander)
    assert t("ws_facilitator_key_refused", "en") not in [w.value for w in at.warning]


def test_wrong_keys_from_fresh_sessions_leave_an_open_facilitator_session_working(db_url, lib, room):  # noqa: F811
    theirs = lib.save(room.code, "their plan", Scenario(), author_token="a-group-token")
    facilitator = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})
    for _ in range(20):  # outsiders with the join code, each a new session
        _open(db_url, lang="en", query={"ws": room.code, "fk": "wrong-key-0123456789"})
    facilitator.run()
    facilitator.button(key="w_ws_delete").click().run()
    facilitator.button(key="w_ws_delete_yes").click().run()
    assert t("ws_deleted", "en", id=theirs) in [s.value for s in facilitator.success]


def test_the_facilitator_key_leaves_the_address_bar_and_the_board_never_shows_it(db_url, lib, room):  # noqa: F811
    at = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})
    assert "fk" not in at.query_params and at.query_params["ws"] == room.code
    assert not any(room.facilitator_key in c.value for c in at.code)  # hidden until asked for
    assert _sent_to_browser(at)["facilitator"] == {room.code: room.facilitator_key}  # kept by the browser
    at.toggle(key="w_ws_show_fk").set_value(True).run()
    assert any(f"fk={room.facilitator_key}" in c.value for c in at.code)
    at.switch_page("pages/board.py").run()
    assert "fk" not in at.query_params
    assert not any(room.facilitator_key in str(c.value) for c in at.code)
    assert any(e.label == t("board_join_panel", "en") for e in at.expander)  # still the facilitator there


def test_a_reload_keeps_the_facilitator_through_the_browser(db_url, lib, room):  # noqa: F811
    at = _open(db_url, lang="en", query={"ws": room.code})  # the address bar after the key left it
    assert not any(e.label == t("ws_facilitator_title", "en") for e in at.expander)
    _browser_reports(at, facilitator={room.code: room.facilitator_key})
    assert any(e.label == t("ws_facilitator_title", "en") for e in at.expander)


def test_a_key_for_one_workshop_is_not_tried_on_another(db_url, lib, room, monkeypatch):  # noqa: F811
    other = lib.create_workshop()
    at = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})
    asked = []
    real = type(lib).is_facilitator
    monkeypatch.setattr(type(lib), "is_facilitator", lambda self, code, key: asked.append(code) or real(self, code, key))
    _set_code(at, other.code)
    assert t("ws_facilitator_key_refused", "en") not in [w.value for w in at.warning]
    assert other.code not in asked  # no wrong guess counted against the other workshop
    assert not any(e.label == t("ws_facilitator_title", "en") for e in at.expander)


# ------------------------------------------------------------------ a group keeps its rights


def test_a_group_keeps_its_delete_right_after_a_reload(db_url, lib, room):  # noqa: F811
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, "our plan")
    token = _sent_to_browser(at)["authors"][0]  # what the browser was asked to keep
    reloaded = _open(db_url, lang="en", query={"ws": room.code})  # a new session: the reload
    assert reloaded.button(key="w_ws_delete").disabled  # before the browser has spoken
    _browser_reports(reloaded, authors=[token])
    assert not reloaded.button(key="w_ws_delete").disabled
    reloaded.button(key="w_ws_delete").click().run()
    reloaded.button(key="w_ws_delete_yes").click().run()
    assert lib.list(room.code) == []


def test_a_hand_over_link_gives_a_second_device_the_rights_and_leaves_the_address_bar(db_url, lib, room):  # noqa: F811
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, "our plan")
    at.toggle(key="w_ws_show_rights").set_value(True).run()
    (link,) = [c.value for c in at.code if "ak=" in c.value]
    tokens = link.split("ak=")[1].split("&")[0]
    laptop = _open(db_url, lang="en", query={"ws": room.code, "ak": tokens})
    assert "ak" not in laptop.query_params
    assert not laptop.button(key="w_ws_delete").disabled
    assert _sent_to_browser(laptop)["authors"] == tokens.split(".")
    stranger = _open(db_url, lang="en", query={"ws": room.code})
    assert stranger.button(key="w_ws_delete").disabled  # nobody else gains them


@pytest.mark.parametrize("forged", [{"authors": "not-a-list"}, {"authors": ["x"]}, {"facilitator": {"A": 1}},
                                    "junk", None, {"authors": ["<script>alert(1)</script>"]}])
def test_odd_reports_from_the_browser_give_no_rights_and_no_error(db_url, lib, room, forged):  # noqa: F811
    lib.save(room.code, "their plan", Scenario(), author_token="a-group-token")
    at = _open(db_url, lang="en", query={"ws": room.code})
    at.session_state[device.DEVICE_KEY] = {"held": forged}
    at.run()
    assert not at.exception
    assert at.button(key="w_ws_delete").disabled


def test_a_bad_hand_over_link_is_said_and_gives_nothing(db_url, lib, room):  # noqa: F811
    at = _open(db_url, lang="en", query={"ws": room.code, "ak": "short.<b>"})
    assert "• " + t("notice_bad_author_keys", "en") in [x.value for x in at.text]
    assert "ak" not in at.query_params


# ------------------------------------------------------------------ where scenarios are kept


def test_the_pages_say_where_scenarios_are_kept_and_a_local_start_warns(db_url, lib):  # noqa: F811
    at = _open(db_url, lang="en")
    assert t("ws_storage_local", "en") in [c.value for c in at.caption]
    at.button(key="w_ws_start").click().run()
    assert t("ws_storage_local_warning", "en") in [w.value for w in at.warning]
    at.switch_page("pages/board.py").run()
    assert t("ws_storage_local", "en") in [c.value for c in at.caption]


# ------------------------------------------------------------------ codes at a person's pace


def test_codes_cannot_be_tried_faster_than_a_person_types(db_url, lib, room, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pace, "LOOKUPS", pace.TokenBucket(pace.LOOKUP_BURST, pace.LOOKUP_PER_S, clock=lambda: 0.0))
    at = _open(db_url, lang="en")
    for i in range(pace.LOOKUP_BURST):
        _set_code(at, f"ZZZZ-{i:04d}".replace("0", "A"))
    _set_code(at, room.code)  # the next try, right away: paced, whatever the code
    assert t("ws_code_slow_down", "en") in [e.value for e in at.error]
    assert t("ws_joined", "en", code=room.code) not in [c.value for c in at.caption]


def test_a_guesser_at_the_same_address_never_slows_the_facilitator(db_url, lib, room, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pace, "LOOKUPS", pace.TokenBucket(pace.LOOKUP_BURST, pace.LOOKUP_PER_S, clock=lambda: 0.0))
    guesser = _open(db_url, lang="en")
    for i in range(pace.LOOKUP_BURST + 5):
        _set_code(guesser, f"ZZZZ-{i:04d}".replace("0", "A"))
    assert t("ws_code_slow_down", "en") in [e.value for e in guesser.error]
    facilitator = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})  # at once
    assert t("ws_joined", "en", code=room.code) in [c.value for c in facilitator.caption]
    assert any(e.label == t("ws_facilitator_title", "en") for e in facilitator.expander)
    forged = _open(db_url, lang="en", query={"ws": room.code, "fk": "forged-key-0123456789"})
    assert t("ws_code_slow_down", "en") in [e.value for e in forged.error]  # a made-up key buys no exemption


def test_the_bucket_refills_at_a_persons_pace():
    now = [0.0]
    bucket = pace.TokenBucket(3, 1.0, clock=lambda: now[0])
    assert [bucket.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("a") == pytest.approx(1.0)
    assert bucket.take("b") == 0.0  # another client is not slowed
    now[0] += 1.0
    assert bucket.take("a") == 0.0


# ------------------------------------------------------------------ one message per fault


def test_a_database_that_goes_down_is_said_once_on_a_page(db_url, lib, room, monkeypatch):  # noqa: F811
    from sqlalchemy import exc as sa_exc

    def down(*_args, **_kwargs):
        raise sa_exc.OperationalError("SELECT", {}, Exception("connection refused"))

    for method in ("list", "lookup_workshop", "is_facilitator"):  # the server went down after the library opened
        monkeypatch.setattr(type(lib), method, down)
    at = _open(db_url, lang="en", query={"ws": room.code, "fk": room.facilitator_key})  # a new session
    errors = [e.value for e in at.error]
    assert errors.count(t("ws_db_error", "en")) == 1, errors


def test_the_same_fault_met_twice_in_a_run_is_one_box_and_the_next_run_says_it_again():
    from streamlit.testing.v1 import AppTest

    def page():
        from ui.session import state
        from ui.workshop import library

        library.show_fault("ws_db_error", "en")  # the lookup failed...
        library.show_fault("ws_db_error", "en")  # ...and so did the list
        library.show_fault("ws_db_timeout", "en")  # another fault is another box
        state.end_run()

    at = AppTest.from_function(page).run()
    assert [e.value for e in at.error] == [t("ws_db_error", "en"), t("ws_db_timeout", "en")]
    at.run()
    assert [e.value for e in at.error] == [t("ws_db_error", "en"), t("ws_db_timeout", "en")]


# ------------------------------------------------------------------ one bounded wait per action


def test_a_save_into_a_stalled_database_answers_within_one_wait_not_one_per_call(db_url, lib, room,  # noqa: F811
                                                                                   monkeypatch):
    import time

    from ui.workshop import library

    at = _set_code(_open(db_url, lang="en"), room.code)
    monkeypatch.setattr(library, "ACTION_BUDGET_S", 1.0)  # the app's is 7.5 s; the rule is the same
    waited_on = []

    def stalled(name):
        def call(self, *_args, **_kwargs):  # a server that is stopped, not down: the call never returns
            return self._bounded(lambda: waited_on.append(name) or time.sleep(3))
        return call

    for method in ("save", "list", "count"):  # the save, then the list that the page draws after it
        monkeypatch.setattr(type(lib), method, stalled(method))
    _save(at, "into a stalled server")
    assert t("ws_save_timeout", "en") in [w.value for w in at.warning]
    # The save used the action's one wait; the list then failed at once instead of waiting its own.
    assert waited_on == ["save"]
    assert t("ws_db_timeout", "en") in [e.value for e in at.error]


# ------------------------------------------------------------------ uploads of any shape


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("content", [b'{"a":' * 450 + b"1" + b"}" * 450, b"[" * 600 + b"]" * 600, b"[" * 1_000_000])
def test_a_deeply_nested_upload_is_refused_in_words_and_leaves_the_page_whole(content, lang):
    from streamlit.testing.v1 import AppTest

    def page(content: bytes, lang: str) -> None:
        import streamlit as st

        from ui.session import state
        from ui.workshop import transfer
        from ui.workshop.messages import show_messages

        state.init_session()
        state.set_lang(lang)
        transfer.apply_upload(content)
        show_messages("upload", lang)
        st.button("still here", key="after")

    at = AppTest.from_function(page, args=(content, lang)).run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith(t("ws_upload_rejected", lang, n=1)[:6])
    assert "• " + t("ws_upload_too_deep", lang, where="", value="", limit="") in [x.value for x in at.text]
    assert at.button(key="after")  # the rest of the page is drawn
