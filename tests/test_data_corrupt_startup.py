"""A missing or corrupt data file stops the app at start-up with one clear message naming the file and field.

Two levels:
- ui.session.startup.check_data in a tiny AppTest script, with data.DATA_DIR pointed at a broken copy
  (the pattern of tests/test_data_loader_errors.py): one st.error in both languages, the file and
  the field in it, no traceback, nothing drawn after it.
- The whole app (app.py in AppTest, in this process) on a broken copy: the same one message, and
  no page drawn. That nothing app.py imports reads data/ before its check (which a process that
  has imported everything already cannot show) is checked in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import data

ROOT = Path(__file__).resolve().parents[1]
AFTER_CHECK = "drawn after the data check"
STARTUP_SCRIPT = f"""
import streamlit as st
from ui.session.startup import check_data
check_data()
st.write({AFTER_CHECK!r})
"""
ZH_HEAD, EN_HEAD = "数据文件有误", "A data file is broken"
REQUIRED_FILES = ("meta.toml", "units.toml", "parameters.toml", "history.toml", "baseline.toml", "targets.toml",
                  "presets.toml", "i18n.toml")
AREA_TEXT_FILES = tuple(f for f in tomllib.loads((data.DATA_DIR / "meta.toml").read_text(encoding="utf-8"))["i18n_files"] if f != "i18n.toml")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: update this test's edit"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def start_up() -> AppTest:
    return AppTest.from_string(STARTUP_SCRIPT, default_timeout=30).run()


def assert_one_clear_error(at: AppTest, file: str, field: str) -> None:
    assert not at.exception, f"a traceback instead of a message: {at.exception[0].value}"
    assert len(at.error) == 1, [e.value for e in at.error]
    message = at.error[0].value
    assert ZH_HEAD in message and EN_HEAD in message
    assert file in message, message
    assert field in message, message
    assert not any(AFTER_CHECK in m.value for m in at.markdown), "the app went on after the data check"


def test_good_data_passes_the_check(data_copy):
    at = start_up()
    assert not at.exception and not at.error
    assert any(AFTER_CHECK in m.value for m in at.markdown)


@pytest.mark.parametrize("file", REQUIRED_FILES)
def test_a_missing_file_is_named(data_copy, file):
    (data_copy / file).unlink()
    assert_one_clear_error(start_up(), file, "(file)")


@pytest.mark.parametrize("file", REQUIRED_FILES + AREA_TEXT_FILES)
def test_a_file_that_is_not_toml_is_named(data_copy, file):
    (data_copy / file).write_text("[[entry]\nid = ", encoding="utf-8")
    assert_one_clear_error(start_up(), file, "(file)")


def test_a_folder_where_a_file_should_be_is_named(data_copy):
    (data_copy / "presets.toml").unlink()
    (data_copy / "presets.toml").mkdir()
    assert_one_clear_error(start_up(), "presets.toml", "(file)")


# (file, old text, new text, field named in the message)
FIELD_EDITS = [
    ("parameters.toml", "value = 0.118", "value = 0.9", "fai_growth.value"),
    ("parameters.toml", "value = 0.118", "value = nan", "fai_growth.value"),
    ("parameters.toml", "value = 0.118", "value = inf", "fai_growth.value"),
    ("parameters.toml", "value = 0.118", 'value = "0.118"', "fai_growth.value"),
    ("parameters.toml", "value = 0.118", "value = true", "fai_growth.value"),
    ("parameters.toml", "value = 0.118", "valeu = 0.118", "fai_growth.value"),
    ("parameters.toml", 'id = "retail_growth"', 'id = "fai_growth"', "param[0].id"),  # the first of the two
    ("baseline.toml", 'unit = "yi_yuan"', 'unit = "dollars"', "gdp_2024.unit"),
    ("targets.toml", 'en = "GDP real growth"', 'fr = "x"', "gdp_real_growth_2025.label.en"),
    ("meta.toml", "version =", "versoin =", "meta.version"),
    ("presets.toml", "values = { fai_growth = 0.118", "values = { fai_growth = 9.0", "continue_2024.values.fai_growth"),
    ("presets.toml", "values = { fai_growth = 0.118", "values = { fai_grwth = 0.118", "continue_2024.values.fai_grwth"),
    ("history/huadu.toml", "[[obs]]\nseries", "[[obs]]\ngdp_typo = 1\nseries", "obs[0].gdp_typo"),
]


@pytest.mark.parametrize(("file", "old", "new", "field"), FIELD_EDITS,
                         ids=[f"{f}:{new}" for f, _, new, _ in FIELD_EDITS])
def test_a_bad_field_is_named(data_copy, file, old, new, field):
    _edit(data_copy / file, old, new)
    assert_one_clear_error(start_up(), file, field)


def test_a_text_key_in_two_files_is_named(data_copy):
    key = next(iter(data.load.__wrapped__().text))  # defined in i18n.toml
    other = data_copy / AREA_TEXT_FILES[0]
    other.write_text(other.read_text(encoding="utf-8") + f'\n[{key}]\nzh = "x"\nen = "x"\n', encoding="utf-8")
    assert_one_clear_error(start_up(), AREA_TEXT_FILES[0], key)


def test_a_file_that_is_not_utf8_gives_the_message_not_a_traceback(data_copy):
    """Bytes that are not UTF-8 (a file saved as GBK, say) must be named like any other broken file."""
    (data_copy / "parameters.toml").write_bytes("名称 = '花都'\n".encode("gbk"))
    at = start_up()
    assert not at.exception
    assert_one_clear_error(at, "parameters.toml", "(file)")


@pytest.mark.parametrize("file", AREA_TEXT_FILES)
def test_a_missing_page_text_file_is_named(data_copy, file):
    """i18n_<area>.toml files are found by glob, so one that is deleted is not missed at start-up."""
    (data_copy / file).unlink()
    at = start_up()
    assert_one_clear_error(at, file, "(file)")


# ------------------------------------------------------------------ the whole app

def start_app(tmp_path, monkeypatch) -> AppTest:
    """app.py's first script run, in this process, on whatever data/ the loader reads now."""
    monkeypatch.setenv("HUADU_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_the_app_starts_when_its_data_is_good(data_copy, tmp_path, monkeypatch):
    at = start_app(tmp_path, monkeypatch)
    assert not at.exception and not at.error, ([e.value for e in at.exception], [e.value for e in at.error])
    assert at.title


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    ("parameters.toml", "value = 0.118", "value = 0.9", "fai_growth.value"),
    ("targets.toml", 'en = "GDP real growth"', 'fr = "x"', "gdp_real_growth_2025.label.en"),
], ids=["out_of_range", "missing_label"])
def test_the_whole_app_names_the_broken_file_at_start_up(data_copy, tmp_path, monkeypatch, file, old, new, field):
    _edit(data_copy / file, old, new)
    at = start_app(tmp_path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    message = at.error[0].value
    assert file in message and field in message and ZH_HEAD in message and EN_HEAD in message
    assert not at.title, "the app went on after the data check"


IMPORTS_READ_NO_DATA = textwrap.dedent("""
    import ast, sys
    source = open(sys.argv[1], encoding="utf-8").read()
    for node in ast.parse(source).body:  # app.py's top-level imports, nothing else of it
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            exec(compile(ast.Module([node], []), "app.py", "exec"))
    import data
    print(data.load.cache_info().currsize)
""")


def test_importing_the_app_reads_no_data():
    """What app.py imports before its data check reads no data/: a broken file reaches the check (and its
    message) instead of failing an import. A fresh interpreter, since this process has read data/ long ago."""
    done = subprocess.run([sys.executable, "-c", IMPORTS_READ_NO_DATA, str(ROOT / "app.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["0"], done.stdout
