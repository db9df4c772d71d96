"""Fixtures shared by several test files."""

from __future__ import annotations

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
