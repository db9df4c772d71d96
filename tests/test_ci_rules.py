"""The rules every test run keeps: under CI a skipped test fails the run; t() raises on a missing text."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import i18n

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
    with caplog.at_level(logging.WARNING, logger="ui.i18n"):
        assert i18n.t("no_such_text_key", "zh") == "no_such_text_key"
    assert "no_such_text_key" in caplog.text


def test_the_postgres_binaries_are_found_whatever_the_version(tmp_path):
    """scripts/pg_bin.sh picks the newest /usr/lib/postgresql/<v>/bin, or PG_BIN when set."""
    found = subprocess.run([str(ROOT / "scripts" / "pg_bin.sh")], env=os.environ | {"PG_BIN": str(tmp_path)},
                           capture_output=True, text=True, check=True)
    assert found.stdout.strip() == str(tmp_path)
    script = (ROOT / "scripts" / "start_test_postgres.sh").read_text(encoding="utf-8")
    assert "postgresql/15" not in script and "postgresql/15" not in (ROOT / "scripts" / "test.sh").read_text()
