"""Fixtures shared by several test files."""

from __future__ import annotations

import os
import shutil

import pytest

import data


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that the loader reads instead of the real one (for breaking files)."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(data, "DATA_DIR", folder)
    data.load.cache_clear()
    yield folder
    data.load.cache_clear()


PG_URL_ENV = "HUADU_TEST_PG_URL"


def postgres_url() -> str:
    """The test PostgreSQL's URL; skip without one locally, fail under CI (CI must not pass by skipping)."""
    url = os.environ.get(PG_URL_ENV, "").strip()
    if url:
        return url
    why = f'{PG_URL_ENV} is not set; start a server with: eval "$(scripts/start_test_postgres.sh)"'
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests must run in CI: {why}", pytrace=False)
    pytest.skip(why)
