"""The facilitator board and database trouble on the workshop pages, through AppTest."""

from __future__ import annotations

import pytest

import store
from model import Scenario, simulate
from tests.test_app_workshop import _open, _save, _set_code, db_url, lib, room  # noqa: F401  (fixtures)
from ui.shared.i18n import pct, t


def _names(at) -> list[str]:
    return at.dataframe[0].value[t("ws_col_name", "en")].tolist()


# ------------------------------------------------------------------ board


def test_board_lists_the_scenarios_of_one_workshop_only(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "a-high", Scenario(fai_growth=0.3), group="Group 1")
    lib.save(room.code, "a-low", Scenario(fai_growth=-0.1), group="Group 2")
    lib.save(lib.create_workshop().code, "b-other", Scenario(), group="Elsewhere")
    at = _open(db_url, "pages/board.py", lang="en")
    assert t("board_need_code", "en") in [i.value for i in at.info]
    _set_code(at, room.code.lower(), page="board")
    assert _names(at) == ["a-high", "a-low"]  # highest growth first
    growth = [simulate(Scenario(fai_growth=v)).gdp_real_growth for v in (0.3, -0.1)]
    table = at.dataframe[0].value
    assert table[t("board_col_gdp", "en")].tolist() == [pct(g) for g in growth]
    assert all(c.endswith("%") for c in table[t("board_col_chance", "en")].tolist())
    assert [m.value for m in at.metric][:2] == ["2", pct(sum(growth) / 2)]
    assert at.get("vega_lite_chart")  # the chart is drawn
    assert not at.error
    assert not at.get("image")  # no QR code for a participant's board


def _bar_growths(at) -> list[float]:
    """The growth of each bar of the board's chart, from the data Streamlit sends beside the spec."""
    import pyarrow as pa

    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in at.get("vega_lite_chart")[0].proto.datasets]
    return [g for f in frames if "status" in f.columns for g in f["growth"]]


def _board(url, code, lang="en"):
    return _set_code(_open(url, "pages/board.py", lang=lang), code, page="board")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_group_that_changed_only_an_assumption_shows_it_flagged_with_its_note(db_url, lib, room, lang):  # noqa: F811
    """Issue 24: +2 pp of judgement on the headline took a group to the top of the board unseen."""
    from ui.session.dataset import dataset
    from ui.shared.format import param_text
    from ui.shared.i18n import pick

    lib.save(room.code, "judgement", Scenario(model_error=0.02), group="Team 3", note="we trust the new plant")
    lib.save(room.code, "levers", Scenario(fai_growth=0.2), group="Team 1", note="")
    at = _board(db_url, room.code, lang)
    table = at.dataframe[0].value
    rows = dict(zip(table[t("ws_col_group", lang)], table[t("board_col_changes", lang)], strict=True))
    label = pick(dataset().params["model_error"].label, lang)
    item = t("board_change_item", lang, label=label, value=param_text("model_error", 0.02, lang, 1))
    assert rows["Team 3"] == t("board_flag_assumption", lang, item=item)  # the one change, flagged
    assert rows["Team 1"] == t("board_change_item", lang, label=pick(dataset().params["fai_growth"].label, lang),
                               value=param_text("fai_growth", 0.2, lang, 1))  # a lever: no flag
    assert t("board_flag_assumption", lang, item="") not in rows["Team 1"]
    notes = dict(zip(table[t("ws_col_group", lang)], table[t("board_col_note", lang)], strict=True))
    assert notes == {"Team 3": "we trust the new plant", "Team 1": ""}
    lib.save(room.code, "nothing", Scenario(), group="Team 2")
    at.run()
    table = at.dataframe[0].value
    assert t("board_no_changes", lang) in table[t("board_col_changes", lang)].tolist()
    assert not at.exception


def test_identical_saves_of_one_group_count_once(db_url, lib, room):  # noqa: F811
    for _ in range(3):
        lib.save(room.code, "plan A", Scenario(fai_growth=0.3), group="Team 1")
    lib.save(room.code, "plan A, renamed", Scenario(fai_growth=0.3), group="Team 1")  # same group, same values
    lib.save(room.code, "plan B", Scenario(fai_growth=0.25), group="Team 1")  # another scenario of that group
    lib.save(room.code, "same values", Scenario(fai_growth=0.3), group="Team 2")  # another group: its own
    lib.save(room.code, "low", Scenario(fai_growth=-0.1), group="Team 3")
    at = _board(db_url, room.code)
    table = at.dataframe[0].value
    assert len(table) == 4
    assert table[t("ws_col_name", "en")].tolist().count(
        t("board_copies", "en", name="plan A, renamed", n=4)) == 1  # the newest save stands for the four
    growth = sorted(simulate(Scenario(fai_growth=v)).gdp_real_growth for v in (0.3, 0.25, 0.3, -0.1))
    assert [m.value for m in at.metric][:2] == ["4", pct((growth[1] + growth[2]) / 2)]  # count and median of 4
    assert sorted(_bar_growths(at)) == pytest.approx([100 * g for g in growth])  # one bar each
    assert not at.exception


def test_the_facilitator_board_shows_the_join_qr_code(db_url, lib, room):  # noqa: F811
    at = _open(db_url, "pages/board.py", lang="en", query={"ws": room.code, "fk": room.facilitator_key})
    assert at.get("image")  # the QR code of the join link
    assert any(c.value.endswith(f"/?ws={room.code}&lang=en") for c in at.code)  # it opens the simulator


def test_board_code_is_shared_with_the_workshop_page(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "a", Scenario())
    at = _set_code(_open(db_url, lang="en"), room.code)
    at.switch_page("pages/board.py").run()
    assert at.text_input(key="w_board_code").value == room.code
    assert _names(at) == ["a"]


def test_board_of_an_empty_workshop_says_so(db_url, room):  # noqa: F811
    at = _set_code(_open(db_url, "pages/board.py", lang="en"), room.code, page="board")
    assert t("board_empty", "en") in [i.value for i in at.info]


def test_a_paused_board_keeps_what_it_showed_until_resumed(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "before the pause", Scenario())
    at = _set_code(_open(db_url, "pages/board.py", lang="en"), room.code, page="board")
    at.toggle(key="w_board_pause").set_value(True).run()
    assert t("board_paused_note", "en") in [c.value for c in at.caption]
    lib.save(room.code, "while paused", Scenario(fai_growth=0.3))
    at.run()  # any rerun, not only the timer
    assert _names(at) == ["before the pause"]
    at.toggle(key="w_board_pause").set_value(False).run()
    assert sorted(_names(at)) == ["before the pause", "while paused"]
    assert t("board_paused_note", "en") not in [c.value for c in at.caption]


def test_the_board_says_when_it_shows_only_the_newest(db_url, lib, room, monkeypatch):  # noqa: F811
    from ui.workshop import board

    monkeypatch.setattr(board, "BOARD_LIMIT", 2)
    for i in range(3):
        lib.save(room.code, f"plan {i}", Scenario())
    at = _set_code(_open(db_url, "pages/board.py", lang="en"), room.code, page="board")
    assert t("board_newest_of", "en", n="2", total="3") in [i.value for i in at.info]
    assert len(_names(at)) == 2


def test_a_board_that_cannot_refresh_keeps_its_content_and_says_since_when(db_url, lib, room, monkeypatch):  # noqa: F811
    lib.save(room.code, "on the board", Scenario())
    at = _set_code(_open(db_url, "pages/board.py", lang="en"), room.code, page="board")

    def stalled(*_args, **_kwargs):
        raise store.StoreTimeoutError("no answer")

    monkeypatch.setattr(store.ScenarioStore, "list", stalled)
    at.run()
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(t("board_stale", "en", since="")[:30]) and t("board_ws_db_timeout", "en") in w
               for w in warnings)
    assert not any(t("ws_save_timeout", "en")[-40:] in w for w in warnings)  # no word of a save form on the board
    assert _names(at) == ["on the board"]


# ------------------------------------------------------------------ database trouble


def test_a_save_that_times_out_says_so_and_keeps_the_typed_text(db_url, lib, room, monkeypatch):  # noqa: F811
    at = _set_code(_open(db_url, lang="en"), room.code)

    def stalled(*_args, **_kwargs):
        raise store.StoreTimeoutError("no answer")

    monkeypatch.setattr(store.ScenarioStore, "save", stalled)
    _save(at, "typed with care", group="Team 3", note="two hours of discussion")
    assert t("ws_save_timeout", "en") in [e.value for e in at.warning]  # it may still arrive, and says so
    assert at.text_input(key="w_ws_name").value == "typed with care"
    assert at.text_area(key="w_ws_note").value == "two hours of discussion"
    monkeypatch.undo()
    at.button(key="w_ws_save").click().run()  # pressed again once the library answers
    assert [s.name for s in lib.list(room.code)] == ["typed with care"]


def test_a_save_that_landed_after_its_timeout_is_not_stored_twice_by_a_retry_after_an_edit(db_url, lib, room,  # noqa: F811
                                                                                            monkeypatch):
    at = _set_code(_open(db_url, lang="en"), room.code)
    real_save = store.ScenarioStore.save

    def lands_late(self, *args, **kwargs):
        real_save(self, *args, **kwargs)  # the row is written...
        raise store.StoreTimeoutError("no answer in time")  # ...after the page stopped waiting

    monkeypatch.setattr(store.ScenarioStore, "save", lands_late)
    _save(at, "first wording", group="Team 3")
    monkeypatch.undo()
    at.text_input(key="w_ws_name").input("second wording")  # an edit, then Save again
    at.button(key="w_ws_save").click().run()
    assert [s.name for s in lib.list(room.code)] == ["second wording"]  # one row, with the latest edits


def test_a_timed_out_save_that_arrives_later_is_shown_when_it_does(db_url, lib, room, monkeypatch):  # noqa: F811
    at = _set_code(_open(db_url, lang="en"), room.code)
    monkeypatch.setattr(store.ScenarioStore, "save", lambda *a, **k: (_ for _ in ()).throw(store.StoreTimeoutError()))
    _save(at, "stuck in a stalled server")
    monkeypatch.undo()
    code, token, _ = at.session_state["ws_pending_save"]
    late = lib.save(code, "stuck in a stalled server", Scenario(), save_token=token,
                    author_token=at.session_state["author_tokens"][0])  # the stalled call finishing on its worker
    at.run()  # the list's own refresh
    assert t("ws_save_arrived", "en", id=late) in [s.value for s in at.success]
    assert _names(at) == ["stuck in a stalled server"]


def test_a_read_only_library_is_told_as_a_configuration_fault(tmp_path):
    path = tmp_path / "library.sqlite3"
    code = store.ScenarioStore(f"sqlite:///{path}").create_workshop().code
    store.dispose_engine(f"sqlite:///{path}")
    url = f"sqlite:///file:{path}?mode=ro&uri=true"  # what a read-only data folder gives
    at = _set_code(_open(url, lang="en"), code)
    _save(at, "cannot be written")
    assert t("ws_db_config_fault", "en") in [e.value for e in at.error]
    assert t("ws_db_timeout", "en") not in [e.value for e in at.error]
    assert len(at.download_button) == 3  # the rest of the page works
    store.dispose_engine(url)


def test_an_unreachable_database_gives_one_message_and_the_rest_works(monkeypatch):
    url = "postgresql+psycopg2://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    monkeypatch.setenv("HUADU_DATABASE_URL", url)
    at = _open(url, lang="en")
    assert t("ws_db_unavailable", "en") in [e.value for e in at.error]
    assert at.button(key="w_ws_save").disabled
    assert len(at.download_button) == 3
    at.switch_page("pages/board.py").run()
    assert not at.exception
    assert t("ws_db_unavailable", "en") in [e.value for e in at.error]


def test_secrets_database_url_wins_over_the_environment(tmp_path, monkeypatch):
    env_url, secret_url = (f"sqlite:///{tmp_path / name}" for name in ("env.sqlite3", "secret.sqlite3"))
    monkeypatch.setenv("HUADU_DATABASE_URL", env_url)
    code = store.ScenarioStore(secret_url).create_workshop().code
    at = _set_code(_open(secret_url), code)
    _save(at, "where am I")
    assert [s.name for s in store.ScenarioStore(secret_url).list()] == ["where am I"]
    assert store.ScenarioStore(env_url).list() == []
    for url in (env_url, secret_url):
        store.dispose_engine(url)


def test_the_boards_csv_keeps_the_groups_text_from_running_as_formulas(db_url, lib, room):  # noqa: F811
    import csv
    import io
    import tomllib
    from pathlib import Path

    from ui.workshop.board_content import board_csv, board_rows

    for group in ("=HYPERLINK(\"http://x\",\"click\")", "+1", "@SUM(A1)", "-2+3", "Team Blue"):
        lib.save(room.code, f"{group} plan", Scenario(), group=group)
    at = _set_code(_open(db_url, "pages/board.py", lang="en"), room.code, page="board")
    assert any(b.label == t("board_csv_button", "en") for b in at.get("download_button"))
    rows = list(csv.DictReader(io.StringIO(board_csv(board_rows(lib.list(room.code)), "en").decode("utf-8-sig"))))
    groups = {r[t("ws_col_group", "en")] for r in rows}
    assert groups == {"'=HYPERLINK(\"http://x\",\"click\")", "'+1", "'@SUM(A1)", "'-2+3", "Team Blue"}
    assert all(not r[t("ws_col_name", "en")].startswith(("=", "+", "-", "@")) for r in rows)
    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True  # Streamlit's own table download has no such guard
