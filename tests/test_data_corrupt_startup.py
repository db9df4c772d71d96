"""A missing or corrupt data file stops the app at start-up with one clear message naming the file and field.

Two levels:
- ui.startup.check_data in a tiny AppTest script, with data.DATA_DIR pointed at a broken copy
  (the pattern of tests/test_data_loader_errors.py): one st.error in both languages, the file and
  the field in it, no traceback, nothing drawn after it.
- The whole app, started fresh in a subprocess from a copy of the repository whose data/ is
  broken (the loader reads data/ beside its own module and takes no folder from the environment,
  so a copy is the only faithful way to start the real app on broken data).
"""

from __future__ import annotations

import json
import shutil
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
from ui.startup import check_data
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


# ------------------------------------------------------------------ the whole app, started fresh

APP_TREE = ("app.py", "pages", "ui", "model", "store", "data", ".streamlit/config.toml")
RUNNER = textwrap.dedent("""
    import json, sys
    root = sys.argv[1]
    sys.path.insert(0, root)
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(root + "/app.py", default_timeout=60).run()
    print(json.dumps({
        "exception": [e.value for e in at.exception],
        "error": [e.value for e in at.error],
        "title": [t.value for t in at.title],
    }))
""")


def _copy_app(target: Path) -> Path:
    for part in APP_TREE:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)
    return target


def start_fresh_app(root: Path, tmp_path: Path) -> dict:
    """Run the copied app's first script run in a new interpreter (nothing imported beforehand)."""
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(root)], cwd=root, capture_output=True, text=True, timeout=180,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "HUADU_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def fresh_app_tree(tmp_path_factory) -> Path:
    return _copy_app(tmp_path_factory.mktemp("fresh") / "app")


def test_the_copied_app_starts_when_its_data_is_good(fresh_app_tree, tmp_path):
    shown = start_fresh_app(fresh_app_tree, tmp_path)
    assert not shown["exception"] and not shown["error"], shown
    assert shown["title"], shown


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    ("parameters.toml", "value = 0.118", "value = 0.9", "fai_growth.value"),
    ("targets.toml", 'en = "GDP real growth"', 'fr = "x"', "gdp_real_growth_2025.label.en"),
], ids=["out_of_range", "missing_label"])
def test_the_whole_app_names_the_broken_file_at_start_up(tmp_path, file, old, new, field):
    root = _copy_app(tmp_path / "app")
    _edit(root / "data" / file, old, new)
    shown = start_fresh_app(root, tmp_path)
    assert not shown["exception"], shown
    assert len(shown["error"]) == 1, shown
    message = shown["error"][0]
    assert file in message and field in message and ZH_HEAD in message and EN_HEAD in message
