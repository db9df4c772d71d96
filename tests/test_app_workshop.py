"""Workshop and board pages through AppTest, on a temporary SQLite library per test."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

import store
from model import Scenario, simulate
from model.uncertainty import GDP_TARGET_ID
from store.schema import scenarios
from tests.panel import card_value, commit, lever_value
from ui.session.url import version
from ui.shared.i18n import pct, t
from ui.takeaway import exports
from ui.workshop.messages import field_error

VERSION = version()  # the data version this run reads
HOSTILE_NAME = "<script>alert('x')</script>"
BOLD = "**bold**"
APP = str(Path(__file__).resolve().parents[1] / "app.py")
MARKDOWN_ELEMENTS = ("markdown", "caption", "success", "error", "warning", "info", "title", "subheader", "header")


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """An empty SQLite library for one test, reached both through the environment and through st.secrets."""
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    monkeypatch.setenv("HUADU_DATABASE_URL", url)
    yield url
    store.dispose_engine(url)


@pytest.fixture
def lib(db_url) -> store.ScenarioStore:
    return store.ScenarioStore(db_url)


@pytest.fixture
def room(lib) -> store.NewWorkshop:
    """A workshop started by a facilitator: its code and the facilitator's key."""
    return lib.create_workshop()


def _open(db_url: str, page: str = "pages/workshop.py", lang: str = "zh", secrets: bool = True,
          query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets:  # a developer's own .streamlit/secrets.toml must never receive test rows
        at.secrets["database_url"] = db_url
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "pages/simulator.py":
        at.switch_page(page).run()
    assert not at.exception
    return at


def _set_code(at: AppTest, code: str, page: str = "ws") -> AppTest:
    at.text_input(key=f"w_{page}_code").input(code).run()
    assert not at.exception
    return at


def _save(at: AppTest, name: str, group: str = "", note: str = "") -> AppTest:
    at.text_input(key="w_ws_name").input(name)
    at.text_input(key="w_ws_group").input(group)
    at.text_area(key="w_ws_note").input(note)
    at.button(key="w_ws_save").click().run()
    assert not at.exception
    return at


def _texts(at: AppTest, kinds=MARKDOWN_ELEMENTS) -> list[str]:
    return [str(e.value) for kind in kinds for e in getattr(at, kind)]


def _gdp_card(at: AppTest) -> str:
    return card_value(at, "card_gdp_growth")  # the simulator's cards are in its lever panel


# ------------------------------------------------------------------ smoke


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["pages/workshop.py", "pages/board.py"])
def test_pages_run_in_each_language(db_url, page, lang):
    at = _open(db_url, page, lang)
    assert at.title[0].value == t("ws_title" if "workshop" in page else "board_title", lang)
    assert not at.error


# ------------------------------------------------------------------ save


def test_save_stores_the_current_scenario_and_lists_it(db_url, lib, room):
    at = _open(db_url, "pages/simulator.py")
    commit(at, fai_growth=20.0)
    at.switch_page("pages/workshop.py").run()
    _set_code(at, f" {room.code.lower()} ")
    _save(at, "稳投资", group="第一组", note="投资加快\n第二行")
    assert [s.value for s in at.success] == [t("ws_saved", "zh", id=1)]
    saved = lib.list(room.code)
    assert [(s.name, s.group, s.note) for s in saved] == [("稳投资", "第一组", "投资加快\n第二行")]
    assert saved[0].scenario() == Scenario(fai_growth=0.2)
    table = at.dataframe[0].value
    assert table[t("ws_col_name", "zh")].tolist() == ["稳投资"]
    assert table[t("ws_col_gdp", "zh")].tolist() == [pct(simulate(Scenario(fai_growth=0.2)).gdp_real_growth)]
    assert table[t("ws_col_version", "zh")].tolist() == [VERSION]


@pytest.mark.parametrize(("name", "field", "reason"), [
    ("", "name", "empty"),
    ("   ", "name", "empty"),
    ("bad\x00name", "name", "bad_chars"),
])
def test_save_explains_what_is_wrong_and_saves_nothing(db_url, lib, room, name, field, reason):
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, name)
    expected = t(f"ws_err_{reason}", "en", field=t(f"ws_field_{field}", "en"), limit="")
    assert expected in [e.value for e in at.error]
    assert not at.success
    assert lib.list() == []


def test_save_without_a_workshop_says_to_join_one(db_url, lib):
    at = _save(_open(db_url, lang="en"), "ok")
    assert t("ws_save_need_workshop", "en") in [e.value for e in at.error]
    assert lib.list() == []


def test_a_bad_workshop_code_is_explained_where_it_is_typed(db_url, lib):
    at = _set_code(_open(db_url, lang="en"), "第一 组")
    assert t("ws_err_workshop_code_bad_chars", "en") in [e.value for e in at.error]
    _save(at, "ok")
    assert lib.list() == []


def test_an_unknown_code_opens_no_workshop(db_url, lib, room):
    at = _set_code(_open(db_url, lang="en"), "NOBODY")
    assert t("ws_code_unknown", "en") in [w.value for w in at.warning]
    _save(at, "lost?")
    assert lib.list() == []


def test_limits_are_shown_and_a_longer_paste_is_cut_with_a_notice(db_url, lib, room):
    at = _set_code(_open(db_url, lang="en"), room.code)
    assert t("ws_save_limits", "en", name=80, group=80, note=500, code=32) in [c.value for c in at.caption]
    _save(at, "N" * 100, group="g" * 80, note="x" * 600)
    warnings = [w.value for w in at.warning]
    assert t("ws_cut_notice", "en", field=t("ws_field_name", "en"), limit=80) in warnings
    assert t("ws_cut_notice", "en", field=t("ws_field_note", "en"), limit=500) in warnings
    assert len(warnings) == 2  # the group fitted
    (saved,) = lib.list(room.code)
    assert (saved.name, saved.group, saved.note) == ("N" * 80, "g" * 80, "x" * 500)
    assert at.text_input(key="w_ws_name").value == ""  # saved (cut): the form is empty for the next scenario


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_confirmed_save_clears_the_name_and_note_and_keeps_the_group(db_url, lib, room, lang):
    at = _set_code(_open(db_url, lang=lang), room.code)
    _save(at, "first plan", group="Team 5", note="why we chose it")
    assert [s.value for s in at.success] == [t("ws_saved", lang, id=1)]
    assert at.text_input(key="w_ws_name").value == ""
    assert at.text_area(key="w_ws_note").value == ""
    assert at.text_input(key="w_ws_group").value == "Team 5"  # the same group saves its next scenario
    assert at.session_state["group_names"] == {room.code: "Team 5"}  # and the simulator's banner knows it


def test_a_double_click_on_save_stores_one_row(db_url, lib, room):
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, "clicked twice")
    at.button(key="w_ws_save").click().run()  # the same form, sent again
    assert [s.name for s in lib.list(room.code)] == ["clicked twice"]
    assert t("ws_saved", "en", id=1) in [s.value for s in at.success]
    _save(at, "a different save")  # a new intention is a new row
    assert len(lib.list(room.code)) == 2


def test_names_are_normalised_so_look_alikes_are_one_group(db_url, lib, room):
    at = _set_code(_open(db_url, lang="en"), room.code)
    _save(at, "Ｐｌａｎ\u200b", group="Team 1\u200b")
    _save(at, "other", group="\u202eTeam 1")
    assert {s.group for s in lib.list(room.code)} == {"Team 1"}
    assert {s.name for s in lib.list(room.code)} == {"Plan", "other"}


@pytest.mark.parametrize("field", ["workshop_code", "name", "group", "note", "values"])
@pytest.mark.parametrize("reason", store.REASONS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_validation_error_has_words(field, reason, lang):
    limit = {"workshop_code": 32, "name": 80, "group": 80, "note": 500}.get(field)
    text = field_error(store.StoreValidationError(field, reason, limit=limit), lang)
    assert text and "{" not in text and "ws_err" not in text
    if reason == "too_long" and limit:  # "values" are never too long: they are numbers
        assert str(limit) in text
    if reason in ("empty", "too_long") and field != "values":
        assert t(f"ws_field_{field}", lang) in text


def test_a_too_long_name_from_elsewhere_is_explained():
    err = store.StoreValidationError("name", "too_long", limit=80)
    assert field_error(err, "en") == "“Scenario name” is too long: at most 80 characters."


def test_hostile_names_are_shown_literally_never_as_markup(db_url, lib, room):
    at = _set_code(_open(db_url), room.code)
    _save(at, HOSTILE_NAME, group=BOLD, note="[link](javascript:alert(1)) <img src=x onerror=alert(1)>")
    table = at.dataframe[0].value
    assert table[t("ws_col_name", "zh")].tolist() == [HOSTILE_NAME]
    assert table[t("ws_col_group", "zh")].tolist() == [BOLD]
    assert HOSTILE_NAME in at.selectbox(key="w_ws_pick").options[0]
    assert BOLD in at.selectbox(key="w_ws_pick").options[0]
    for text in _texts(at):
        assert "<script" not in text and "bold" not in text and "onerror" not in text
    # the only st.html is the accessibility set-up (ui/shared/a11y.py): no user text goes through it
    assert all(HOSTILE_NAME not in h.value and BOLD not in h.value and "alert(" not in h.value for h in at.html)
    saved = lib.list(room.code)[0]
    assert (saved.name, saved.group) == (HOSTILE_NAME, BOLD)
    # the board shows them in its table and (as Vega text) its chart, nowhere else
    at.switch_page("pages/board.py").run()
    board = at.dataframe[0].value
    assert board[t("ws_col_name", "zh")].tolist() == [HOSTILE_NAME]
    assert board[t("ws_col_group", "zh")].tolist() == [BOLD]
    for text in _texts(at):
        assert "<script" not in text and "bold" not in text


# ------------------------------------------------------------------ load


def test_load_makes_the_simulator_show_the_saved_scenario(db_url, lib, room):
    saved_scenario = Scenario(fai_growth=0.25, retail_growth=0.08, export_growth=-0.1, cpi_change=0.01)
    lib.save(room.code, "saved elsewhere", saved_scenario, group="G2")
    lib.save(lib.create_workshop().code, "another workshop", Scenario(fai_growth=-0.2))
    at = _open(db_url, "pages/simulator.py", lang="en")
    default_card = _gdp_card(at)
    at.switch_page("pages/workshop.py").run()
    _set_code(at, room.code.lower())
    assert at.selectbox(key="w_ws_pick").options == ["#1 · saved elsewhere · G2"]
    at.button(key="w_ws_load").click().run()
    assert not at.exception
    assert t("ws_loaded", "en", id=1) in [s.value for s in at.success]
    at.switch_page("pages/simulator.py").run()
    expected = pct(simulate(saved_scenario).gdp_real_growth)
    assert _gdp_card(at) == expected != default_card
    assert lever_value(at, "fai_growth") == pytest.approx(25.0)
    assert at.session_state["scenario_values"] == saved_scenario.to_dict()


def test_load_of_an_old_version_tells_what_was_dropped(db_url, lib, room):
    values = Scenario().to_dict() | {"fai_growth": 0.12, "retail_growth": 0.9, "an_old_lever": 0.1}
    with lib.engine.begin() as conn:
        conn.execute(insert(scenarios).values(
            workshop_code=room.code, name="old", group_name="", note="", scenario_values=values,
            data_version="2024.9", created_at=datetime.now(UTC)))
    at = _set_code(_open(db_url, lang="en"), room.code)
    at.button(key="w_ws_load").click().run()
    warnings = [w.value for w in at.warning]
    assert t("ws_load_other_version", "en", saved="2024.9", current=VERSION) in warnings
    assert t("ws_load_dropped", "en", n=2) in warnings
    lines = [x.value for x in at.text]
    assert "• " + t("notice_out_of_range", "en", name="retail_growth", value="0.9") in lines
    assert "• " + t("notice_unknown", "en", name="an_old_lever", value="0.1") in lines
    assert at.session_state["scenario_values"]["fai_growth"] == 0.12
    assert at.session_state["scenario_values"]["retail_growth"] == Scenario().retail_growth


def test_loading_a_scenario_someone_deleted_says_so(db_url, lib, room):
    sid = lib.save(room.code, "soon gone", Scenario(fai_growth=0.2))
    at = _set_code(_open(db_url, lang="en"), room.code)
    lib.delete(sid, room.code, facilitator_key=room.facilitator_key)
    at.button(key="w_ws_load").click().run()
    assert t("ws_load_gone", "en", id=sid) in [w.value for w in at.warning]
    assert at.session_state["scenario_values"] == Scenario().to_dict()


# ------------------------------------------------------------------ exports and upload


def test_export_buttons_are_there_and_the_csv_follows_its_language(db_url, monkeypatch):
    from ui.workshop import transfer

    built_in = []
    real_csv = transfer.exports.results_csv

    def spy(values, result, lang):
        built_in.append(lang)
        return real_csv(values, result, lang)

    monkeypatch.setattr(transfer.exports, "results_csv", spy)
    at = _open(db_url, lang="en")
    labels = [b.label for b in at.download_button]
    assert labels == [t("ws_csv_button", "en"), t("ws_json_button", "en"), t("ws_brief_button", "en")]
    english_file = at.download_button[0].proto.url
    assert built_in[-1] == "en"
    at.segmented_control(key="w_ws_csvlang").set_value("zh").run()
    assert built_in[-1] == "zh"  # the offered file is now the Chinese one, the page stays English
    assert at.download_button[0].proto.url != english_file and at.title[0].value == t("ws_title", "en")
    header = real_csv(at.session_state["scenario_values"], simulate(Scenario()), "zh").decode("utf-8-sig")
    assert t("ws_csv_section_input", "zh") in header


def _upload(at: AppTest, content: bytes, name: str = "scenario.json") -> AppTest:
    at.file_uploader(key="w_ws_upload").set_value((name, content, "application/json")).run()
    assert not at.exception
    return at


def test_upload_of_a_good_file_restores_it(db_url):
    values = Scenario(fai_growth=0.22, export_growth=0.1).to_dict()
    targets = {"gdp_real_growth_2025": 0.045}
    at = _upload(_open(db_url, lang="en"), exports.scenario_json(values, targets).encode())
    assert t("ws_upload_applied", "en", n=len(values)) in [s.value for s in at.success]
    assert at.session_state["scenario_values"] == values
    assert at.session_state["target_values"]["gdp_real_growth_2025"] == 0.045
    at.switch_page("pages/simulator.py").run()
    assert _gdp_card(at) == pct(simulate(Scenario(**values)).gdp_real_growth)


def test_upload_of_a_file_from_another_version_warns(db_url):
    content = json.dumps({"version": "2024.1", "values": {"fai_growth": 0.2}}).encode()
    at = _upload(_open(db_url, lang="en"), content)
    assert t("ws_load_other_version", "en", saved="2024.1", current=VERSION) in [w.value for w in at.warning]
    assert at.session_state["scenario_values"] == Scenario(fai_growth=0.2).to_dict()


@pytest.mark.parametrize(("content", "reason"), [
    (b"not json at all", "not_json"),
    (json.dumps({"version": VERSION, "values": {"fai_growth": 0.2, "retail_growth": 7}}).encode(), "out_of_range"),
    (b" " * (exports.MAX_UPLOAD_BYTES + 1), "too_large"),
    (json.dumps({"version": VERSION, "values": {HOSTILE_NAME: 1, BOLD: 2}}).encode(), "unknown_key"),
])
def test_upload_of_a_bad_file_changes_nothing_and_says_why(db_url, content, reason):
    at = _open(db_url, lang="en")
    before = dict(at.session_state["scenario_values"])
    _upload(at, content)
    errors = [e.value for e in at.error]
    assert any(e.startswith(t("ws_upload_rejected", "en", n=99)[:20]) for e in errors), errors
    assert at.session_state["scenario_values"] == before
    lines = [x.value for x in at.text]
    assert any(line.startswith("• ") for line in lines)
    if reason == "unknown_key":  # the file's own text appears literally, and only as plain text
        assert "• " + t("ws_upload_unknown_key", "en", where=f"values.{HOSTILE_NAME}") in lines
        assert "• " + t("ws_upload_unknown_key", "en", where=f"values.{BOLD}") in lines
        for text in _texts(at):
            assert "<script" not in text and "bold" not in text


def test_an_uploaded_lone_surrogate_is_a_problem_line_in_chinese(db_url):
    at = _open(db_url, lang="zh")
    before = dict(at.session_state["scenario_values"])
    _upload(at, b'{"version": "2025.1", "values": {"\\ud800": 0.1}}')
    assert t("ws_upload_rejected", "zh", n=1) in [e.value for e in at.error]
    assert "• " + t("ws_upload_bad_text", "zh", where="\\ud800") in [x.value for x in at.text]
    assert at.session_state["scenario_values"] == before


def test_board_chart_is_built_once_per_distinct_board_and_shows_labels_literally():
    from ui.workshop.board_content import BoardRow, _board_chart_spec, board_chart, board_median

    def row(i, label, growth):
        return BoardRow(id=i, label=label, name="n", group=label, gdp_growth=growth, chance=0.5, levers={}, met={},
                        created_at=datetime.now(UTC), status={GDP_TARGET_ID: "met" if growth >= 0.05 else "not_met"})

    rows = [row(1, HOSTILE_NAME, 0.06), row(2, BOLD, -0.01)]
    _board_chart_spec.cache_clear()
    spec = board_chart(rows, board_median(rows), 0.05, "en")
    values = [v for data in spec["datasets"].values() for v in data]
    assert {v.get("label") for v in values} >= {HOSTILE_NAME, BOLD}
    assert {v.get("status") for v in values if "status" in v} == {t("status_met", "en"), t("status_not_met", "en")}
    spec["datasets"].clear()  # a caller changing its copy does not change the cached one
    again = board_chart(rows, board_median(rows), 0.05, "en")
    assert again["datasets"] and again == board_chart(rows, board_median(rows), 0.05, "en")
    assert (_board_chart_spec.cache_info().misses, _board_chart_spec.cache_info().hits) == (1, 2)  # built once
    board_chart([row(1, HOSTILE_NAME, 0.07), rows[1]], 0.03, 0.05, "en")  # a changed board is built anew
    assert _board_chart_spec.cache_info().misses == 2
