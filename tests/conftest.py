"""Fixtures shared by several test files, and the two rules every run keeps.

- Under CI (CI=true, which .ci/run sets) a run in which any test skipped fails: CI cannot pass
  by skipping the browser or database tests.
- t() raises on a missing translation key (ui.shared.i18n strict mode), so a test that reads a text
  checks that the text exists; the app itself shows the key and logs it.
"""

from __future__ import annotations

import os
import shutil

import pytest

import data
from ui.session import dataset
from ui.shared import i18n

i18n.STRICT = True  # before any test module imports a page or view


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """Under CI, any skipped test fails the run, with one line naming the skipped tests."""
    if not in_ci() or not _SKIPPED:
        return
    names = ", ".join(sorted(set(_SKIPPED)))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    line = f"CI=true and {len(set(_SKIPPED))} test(s) skipped; CI must run every test: {names}"
    if reporter is not None:
        reporter.write_line(line, red=True, bold=True)
    else:
        print(line)
    if session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that the loader reads instead of the real one (for breaking files); the
    views read it too (no dataset installed by an earlier app run stands in front of it)."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(data, "DATA_DIR", folder)
    data.load.cache_clear()
    dataset.install(None)
    yield folder
    data.load.cache_clear()
    dataset.install(None)


PG_URL_ENV = "HUADU_TEST_PG_URL"


def postgres_url() -> str:
    """The test PostgreSQL's URL; skip without one locally, fail under CI (CI must not pass by skipping)."""
    url = os.environ.get(PG_URL_ENV, "").strip()
    if url:
        return url
    why = f'{PG_URL_ENV} is not set; start a server with: eval "$(scripts/start_test_postgres.sh)"'
    if in_ci():
        pytest.fail(f"PostgreSQL tests must run in CI: {why}", pytrace=False)
    pytest.skip(why)


@pytest.fixture(autouse=True)
def _fresh_lookup_pace():
    """Every test starts with full code look-up buckets (AppTest sessions all come from one client, "local")."""
    from ui.workshop import pace

    pace.LOOKUPS = pace.TokenBucket(pace.LOOKUP_BURST, pace.LOOKUP_PER_S)
    yield
