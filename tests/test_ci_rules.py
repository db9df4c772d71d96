"""The rules every test run keeps: under CI a skipped test fails the run; t() raises on a missing text;
the test command lints before it tests; ruff and Streamlit are pinned to what was tested."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.shared import i18n

ROOT = Path(__file__).resolve().parents[1]
ONE_SKIPPING_TEST = '''
import pytest

def test_runs():
    assert True

def test_needs_a_server():
    pytest.skip("no server here")

@pytest.mark.xfail(reason="known")
def test_known_bug():
    assert False
'''


def _run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess:
    """pytest on a small file outside tests/, with this project's tests/conftest.py as a plugin."""
    (folder / "test_sample.py").write_text(ONE_SKIPPING_TEST, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci is not None else {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "--rootdir", str(folder), "-c", os.devnull,
         str(folder / "test_sample.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_a_skipped_test_fails_a_ci_run_and_is_named(tmp_path):
    run = _run_pytest(tmp_path, ci="true")
    assert run.returncode == pytest.ExitCode.TESTS_FAILED, run.stdout + run.stderr
    line = next(line for line in run.stdout.splitlines() if "CI must run every test" in line)
    assert "1 test(s) skipped" in line and "test_needs_a_server" in line
    assert "test_known_bug" not in line  # an expected failure is not a skip


def test_the_same_run_passes_outside_ci(tmp_path):
    run = _run_pytest(tmp_path, ci=None)
    assert run.returncode == pytest.ExitCode.OK, run.stdout + run.stderr
    assert "CI must run every test" not in run.stdout


def test_ci_run_script_sets_ci_itself():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export CI=true" in script


def test_a_missing_text_raises_under_tests():
    assert i18n.STRICT
    with pytest.raises(i18n.MissingTextError, match="no_such_text_key"):
        i18n.t("no_such_text_key", "en")


def test_a_missing_text_in_the_app_shows_the_key_and_logs_it(monkeypatch, caplog):
    monkeypatch.setattr(i18n, "STRICT", False)
    with caplog.at_level(logging.WARNING, logger="ui.shared.i18n"):
        assert i18n.t("no_such_text_key", "zh") == "no_such_text_key"
    assert "no_such_text_key" in caplog.text


def test_the_postgres_binaries_are_found_whatever_the_version(tmp_path):
    """scripts/pg_bin.sh picks the newest /usr/lib/postgresql/<v>/bin, or PG_BIN when set."""
    found = subprocess.run([str(ROOT / "scripts" / "pg_bin.sh")], env=os.environ | {"PG_BIN": str(tmp_path)},
                           capture_output=True, text=True, check=True)
    assert found.stdout.strip() == str(tmp_path)
    script = (ROOT / "scripts" / "start_test_postgres.sh").read_text(encoding="utf-8")
    assert "postgresql/15" not in script and "postgresql/15" not in (ROOT / "scripts" / "test.sh").read_text()


# ------------------------------------------------------------------ lint and pins (issue 20)


def _pin(requirements: str, package: str) -> str:
    """The version specifier of `package` in a requirements file, its comment dropped ("" if unpinned)."""
    for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(rf"{re.escape(package)}\s*([^#\s]*)\s*(#.*)?", line.strip(), re.IGNORECASE)
        if found:
            return found.group(1)
    raise AssertionError(f"{package} is not in {requirements}")


def test_streamlit_is_pinned_to_the_tested_minor_release_and_that_one_is_installed():
    """The app leans on Streamlit internals (ui/session/frame.py, tests/panel.py): only patches may come unasked."""
    import streamlit

    pin = _pin("requirements.txt", "streamlit")
    assert re.fullmatch(r"==\d+\.\d+\.\*", pin), f"streamlit must be pinned to one minor release (==X.Y.*), not {pin!r}"
    assert streamlit.__version__.startswith(pin.removeprefix("==").removesuffix("*")), (
        f"Streamlit {streamlit.__version__} is installed but requirements.txt says {pin}: pip install -r requirements.txt")


def test_ruff_is_pinned_to_one_version_and_that_one_is_installed():
    pin = _pin("requirements-dev.txt", "ruff")
    assert re.fullmatch(r"==\d+\.\d+\.\d+", pin), f"ruff must be pinned to one version (==X.Y.Z), not {pin!r}"
    installed = subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True, check=True)
    assert installed.stdout.split() == ["ruff", pin.removeprefix("==")], installed.stdout


def _commands(script: str) -> list[str]:
    """The script's lines that run something: comments and blank lines dropped."""
    return [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_the_test_command_lints_after_installing_and_before_any_test():
    commands = _commands((ROOT / "scripts" / "test.sh").read_text(encoding="utf-8"))
    assert "set -euo pipefail" in commands  # so a lint error stops the run
    install = next(i for i, c in enumerate(commands) if "pip install" in c and "requirements-dev.txt" in c)
    lint = commands.index("python3 -m ruff check .")
    tests = next(i for i, c in enumerate(commands) if c.startswith("python3 -m pytest"))
    assert install < lint < tests


_FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$FAKE_LOG"
if [ "$2" = ruff ]; then exit "$FAKE_RUFF_EXIT"; fi
exit 0
"""
_FAKE_ID = """#!/bin/sh
if [ "$1" = -u ]; then echo 1000; exit 0; fi
exit 1
"""


def _run_test_command(tmp_path: Path, ruff_exit: int) -> tuple[subprocess.CompletedProcess, list[str]]:
    """scripts/test.sh in a copy of its folder, with python3 and id faked: it installs nothing and runs no test.

    The fake python3 logs each call and answers ruff with `ruff_exit`; the fake id says "not root",
    so the apt and PostgreSQL steps are skipped.
    """
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "test.sh", tmp_path / "scripts" / "test.sh")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for name, text in (("python3", _FAKE_PYTHON), ("id", _FAKE_ID)):
        (fake_bin / name).write_text(text, encoding="utf-8")
        (fake_bin / name).chmod(0o755)
    log = tmp_path / "calls.log"
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {
        "PATH": f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}", "FAKE_LOG": str(log),
        "FAKE_RUFF_EXIT": str(ruff_exit), "HUADU_TEST_PG_URL": "postgresql://not-used"}
    run = subprocess.run(["bash", str(tmp_path / "scripts" / "test.sh"), "-q", "tests/test_x.py"], env=env,
                         capture_output=True, text=True, timeout=60)
    return run, log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_lint_error_fails_the_test_command_before_any_test_runs(tmp_path):
    run, calls = _run_test_command(tmp_path, ruff_exit=1)
    assert run.returncode != 0, run.stdout + run.stderr
    assert [c.split()[1] for c in calls] == ["pip", "ruff"], calls  # installed, linted, stopped: pytest never ran


def test_a_clean_lint_lets_the_tests_run_with_the_given_arguments(tmp_path):
    run, calls = _run_test_command(tmp_path, ruff_exit=0)
    assert run.returncode == 0, run.stdout + run.stderr
    assert calls[1:] == ["-m ruff check .", "-m pytest -q tests/test_x.py"], calls
