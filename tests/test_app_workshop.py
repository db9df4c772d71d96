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
from store.schema import scenarios
from ui import exports
from ui.i18n import pct, t
from ui.url import VERSION
from ui.workshop_views import field_error

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


def _open(db_url: str, page: str = "pages/workshop.py", lang: str = "zh", secrets: bool = True) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets:  # a developer's own .streamlit/secrets.toml must never receive test rows
        at.secrets["database_url"] = db_url
    at.query_params["lang"] = lang
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
    return at.metric[0].value


# ------------------------------------------------------------------ smoke


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["pages/workshop.py", "pages/board.py"])
def test_pages_run_in_each_language(db_url, page, lang):
    at = _open(db_url, page, lang)
    assert at.title[0].value == t("ws_title" if "workshop" in page else "board_title", lang)
    assert not at.error


# ------------------------------------------------------------------ save


def test_save_stores_the_current_scenario_and_lists_it(db_url, lib):
    at = _open(db_url, "pages/simulator.py")
    at.number_input(key="w_sim_n_fai_growth").set_value(20.0).run()
    at.switch_page("pages/workshop.py").run()
    _set_code(at, " hd2025-a ")
    _save(at, "稳投资", group="第一组", note="投资加快\n第二行")
    assert [s.value for s in at.success] == [t("ws_saved", "zh", id=1)]
    saved = lib.list("HD2025-A")
    assert [(s.name, s.group, s.note) for s in saved] == [("稳投资", "第一组", "投资加快\n第二行")]
    assert saved[0].scenario() == Scenario(fai_growth=0.2)
    table = at.dataframe[0].value
    assert table[t("ws_col_name", "zh")].tolist() == ["稳投资"]
    assert table[t("ws_col_gdp", "zh")].tolist() == [pct(simulate(Scenario(fai_growth=0.2)).gdp_real_growth)]
    assert table[t("ws_col_version", "zh")].tolist() == [VERSION]


@pytest.mark.parametrize(("code", "name", "group", "note", "field", "reason", "limit"), [
    ("HD-1", "", "", "", "name", "empty", None),
    ("HD-1", "   ", "", "", "name", "empty", None),
    ("HD-1", "bad\x00name", "", "", "name", "bad_chars", None),
    ("", "ok", "", "", "workshop_code", "empty", None),
])
def test_save_explains_what_is_wrong_and_saves_nothing(db_url, lib, code, name, group, note, field, reason, limit):
    at = _open(db_url, lang="en")
    if code:
        _set_code(at, code)
    _save(at, name, group, note)
    expected = t(f"ws_err_{reason}", "en", field=t(f"ws_field_{field}", "en"), limit=limit or "")
    assert expected in [e.value for e in at.error]
    assert not at.success
    assert lib.list() == []


def test_a_bad_workshop_code_is_explained_where_it_is_typed(db_url, lib):
    at = _set_code(_open(db_url, lang="en"), "第一 组")
    assert t("ws_err_workshop_code_bad_chars", "en") in [e.value for e in at.error]
    _save(at, "ok")
    assert lib.list() == []


def test_limits_are_shown_and_enforced_by_the_inputs(db_url):
    at = _open(db_url, lang="en")
    assert t("ws_save_limits", "en", name=80, group=80, note=500, code=32) in [c.value for c in at.caption]
    assert at.text_input(key="w_ws_name").max_chars == store.NAME_MAX
    assert at.text_input(key="w_ws_group").max_chars == store.GROUP_MAX
    assert at.text_area(key="w_ws_note").max_chars == store.NOTE_MAX
    assert at.text_input(key="w_ws_code").max_chars == store.WORKSHOP_CODE_MAX


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


def test_hostile_names_are_shown_literally_never_as_markup(db_url, lib):
    at = _set_code(_open(db_url), "HD-1")
    _save(at, HOSTILE_NAME, group=BOLD, note="[link](javascript:alert(1)) <img src=x onerror=alert(1)>")
    table = at.dataframe[0].value
    assert table[t("ws_col_name", "zh")].tolist() == [HOSTILE_NAME]
    assert table[t("ws_col_group", "zh")].tolist() == [BOLD]
    assert HOSTILE_NAME in at.selectbox(key="w_ws_pick").options[0]
    assert BOLD in at.selectbox(key="w_ws_pick").options[0]
    for text in _texts(at):
        assert "<script" not in text and "bold" not in text and "onerror" not in text
    # the only st.html is the accessibility set-up (ui/a11y.py): no user text goes through it
    assert all(HOSTILE_NAME not in h.value and BOLD not in h.value and "alert(" not in h.value for h in at.html)
    saved = lib.list("HD-1")[0]
    assert (saved.name, saved.group) == (HOSTILE_NAME, BOLD)
    # the board shows them in its table and (as Vega text) its chart, nowhere else
    at.switch_page("pages/board.py").run()
    board = at.dataframe[0].value
    assert board[t("ws_col_name", "zh")].tolist() == [HOSTILE_NAME]
    assert board[t("ws_col_group", "zh")].tolist() == [BOLD]
    for text in _texts(at):
        assert "<script" not in text and "bold" not in text


# ------------------------------------------------------------------ load


def test_load_makes_the_simulator_show_the_saved_scenario(db_url, lib):
    saved_scenario = Scenario(fai_growth=0.25, retail_growth=0.08, export_growth=-0.1, gdp_deflator=0.01)
    lib.save("HD-1", "saved elsewhere", saved_scenario, group="G2")
    lib.save("HD-2", "another workshop", Scenario(fai_growth=-0.2))
    at = _open(db_url, "pages/simulator.py", lang="en")
    default_card = _gdp_card(at)
    at.switch_page("pages/workshop.py").run()
    _set_code(at, "hd-1")
    assert at.selectbox(key="w_ws_pick").options == ["#1 · saved elsewhere · G2"]
    at.button(key="w_ws_load").click().run()
    assert not at.exception
    assert t("ws_loaded", "en", id=1) in [s.value for s in at.success]
    at.switch_page("pages/simulator.py").run()
    expected = pct(simulate(saved_scenario).gdp_real_growth)
    assert _gdp_card(at) == expected != default_card
    assert at.slider(key="w_sim_s_fai_growth").value == pytest.approx(25.0)
    assert at.session_state["scenario_values"] == saved_scenario.to_dict()


def test_load_of_an_old_version_tells_what_was_dropped(db_url, lib):
    values = Scenario().to_dict() | {"fai_growth": 0.12, "retail_growth": 0.9, "an_old_lever": 0.1}
    with lib.engine.begin() as conn:
        conn.execute(insert(scenarios).values(
            workshop_code="HD-1", name="old", group_name="", note="", scenario_values=values,
            data_version="2024.9", created_at=datetime.now(UTC)))
    at = _set_code(_open(db_url, lang="en"), "HD-1")
    at.button(key="w_ws_load").click().run()
    warnings = [w.value for w in at.warning]
    assert t("ws_load_other_version", "en", saved="2024.9", current=VERSION) in warnings
    assert t("ws_load_dropped", "en", n=2) in warnings
    lines = [x.value for x in at.text]
    assert "• " + t("notice_out_of_range", "en", name="retail_growth", value="0.9") in lines
    assert "• " + t("notice_unknown", "en", name="an_old_lever", value="0.1") in lines
    assert at.session_state["scenario_values"]["fai_growth"] == 0.12
    assert at.session_state["scenario_values"]["retail_growth"] == Scenario().retail_growth


def test_loading_a_scenario_someone_deleted_says_so(db_url, lib):
    sid = lib.save("HD-1", "soon gone", Scenario(fai_growth=0.2))
    at = _set_code(_open(db_url, lang="en"), "HD-1")
    lib.delete(sid)
    at.button(key="w_ws_load").click().run()
    assert t("ws_load_gone", "en", id=sid) in [w.value for w in at.warning]
    assert at.session_state["scenario_values"] == Scenario().to_dict()


# ------------------------------------------------------------------ delete


def test_delete_needs_a_confirmation(db_url, lib):
    keep = lib.save("HD-1", "keep", Scenario())
    gone = lib.save("HD-1", "gone", Scenario())
    at = _set_code(_open(db_url, lang="en"), "HD-1")
    at.selectbox(key="w_ws_pick").set_value(gone).run()
    at.button(key="w_ws_delete").click().run()
    assert t("ws_delete_question", "en") in [w.value for w in at.warning]
    assert {s.id for s in lib.list()} == {keep, gone}  # nothing yet
    at.button(key="w_ws_delete_no").click().run()
    assert {s.id for s in lib.list()} == {keep, gone}
    at.button(key="w_ws_delete").click().run()
    at.button(key="w_ws_delete_yes").click().run()
    assert not at.exception
    assert t("ws_deleted", "en", id=gone) in [s.value for s in at.success]
    assert [s.id for s in lib.list()] == [keep]
    assert at.dataframe[0].value[t("ws_col_name", "en")].tolist() == ["keep"]


# ------------------------------------------------------------------ board


def test_board_lists_the_scenarios_of_one_code_only(db_url, lib):
    lib.save("HD-A", "a-high", Scenario(fai_growth=0.3), group="Group 1")
    lib.save("HD-A", "a-low", Scenario(fai_growth=-0.1), group="Group 2")
    lib.save("HD-B", "b-other", Scenario(), group="Elsewhere")
    at = _open(db_url, "pages/board.py", lang="en")
    assert t("board_need_code", "en") in [i.value for i in at.info]
    _set_code(at, "hd-a", page="board")
    table = at.dataframe[0].value
    assert table[t("ws_col_name", "en")].tolist() == ["a-high", "a-low"]  # highest growth first
    growth = [simulate(Scenario(fai_growth=v)).gdp_real_growth for v in (0.3, -0.1)]
    assert table[t("board_col_gdp", "en")].tolist() == [pct(g) for g in growth]
    chances = table[t("board_col_chance", "en")].tolist()
    assert all(c.endswith("%") for c in chances)
    assert [m.value for m in at.metric][:2] == ["2", pct(sum(growth) / 2)]
    assert at.get("vega_lite_chart")  # the chart is drawn
    assert not at.error


def test_board_code_is_shared_with_the_workshop_page(db_url, lib):
    lib.save("HD-A", "a", Scenario())
    at = _set_code(_open(db_url, lang="en"), "HD-A")
    at.switch_page("pages/board.py").run()
    assert at.text_input(key="w_board_code").value == "HD-A"
    assert at.dataframe[0].value[t("ws_col_name", "en")].tolist() == ["a"]


def test_board_of_an_empty_workshop_says_so(db_url):
    at = _set_code(_open(db_url, "pages/board.py", lang="en"), "NOBODY", page="board")
    assert t("board_empty", "en") in [i.value for i in at.info]


def test_board_can_be_paused(db_url):
    at = _open(db_url, "pages/board.py", lang="en")
    at.toggle(key="w_board_pause").set_value(True).run()
    assert not at.exception


# ------------------------------------------------------------------ database trouble


def test_an_unreachable_database_gives_one_message_and_the_rest_works(monkeypatch):
    url = "postgresql+psycopg2://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    monkeypatch.setenv("HUADU_DATABASE_URL", url)
    at = _open(url, lang="en")
    assert t("ws_db_unavailable", "en") in [e.value for e in at.error]
    assert at.button(key="w_ws_save").disabled
    assert len(at.download_button) == 3
    at.switch_page("pages/board.py").run()
    _set_code(at, "HD-1", page="board")
    assert not at.exception
    assert t("ws_db_unavailable", "en") in [e.value for e in at.error]


def test_secrets_database_url_wins_over_the_environment(tmp_path, monkeypatch):
    env_url, secret_url = (f"sqlite:///{tmp_path / name}" for name in ("env.sqlite3", "secret.sqlite3"))
    monkeypatch.setenv("HUADU_DATABASE_URL", env_url)
    at = _set_code(_open(secret_url), "HD-1")
    _save(at, "where am I")
    assert [s.name for s in store.ScenarioStore(secret_url).list()] == ["where am I"]
    assert store.ScenarioStore(env_url).list() == []
    for url in (env_url, secret_url):
        store.dispose_engine(url)


# ------------------------------------------------------------------ exports and upload


def test_export_buttons_are_there(db_url):
    at = _open(db_url, lang="en")
    labels = [b.label for b in at.download_button]
    assert labels == [t("ws_csv_button", "en"), t("ws_json_button", "en"), t("ws_brief_button", "en")]
    at.segmented_control(key="w_ws_csvlang").set_value("zh").run()
    assert not at.exception


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


def test_board_chart_is_built_once_per_distinct_board_and_shows_labels_literally():
    from ui.workshop_views import BoardRow, board_chart, board_median

    def row(i, label, growth):
        return BoardRow(id=i, label=label, name="n", group=label, gdp_growth=growth, chance=0.5, levers={}, met={},
                        created_at=datetime.now(UTC))

    rows = [row(1, HOSTILE_NAME, 0.06), row(2, BOLD, -0.01)]
    spec = board_chart(rows, board_median(rows), 0.05, "en")
    values = [v for data in spec["datasets"].values() for v in data]
    assert {v.get("label") for v in values} >= {HOSTILE_NAME, BOLD}
    assert {v.get("status") for v in values if "status" in v} == {t("board_meets_gdp", "en"), t("board_misses_gdp", "en")}
    spec["datasets"].clear()  # a caller changing its copy does not change the cached one
    again = board_chart(rows, board_median(rows), 0.05, "en")
    assert again["datasets"] and again == board_chart(rows, board_median(rows), 0.05, "en")
