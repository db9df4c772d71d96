"""ui/allocator.py: malloc tuning applies on glibc and degrades to one log line elsewhere."""

from __future__ import annotations

import ctypes
import logging
import platform

import pytest

from ui import allocator


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(allocator, "_tuned", None)


def test_tuning_applies_on_glibc_and_is_idempotent(fresh):
    assert platform.libc_ver()[0] == "glibc"  # the machines this runs on (Debian); elsewhere tune() logs instead
    assert allocator.tune() is True
    assert allocator.tune() is True


def test_without_mallopt_it_logs_once_and_carries_on(fresh, monkeypatch, caplog):
    def no_libc(*args, **kwargs):
        raise OSError("no C library here")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    with caplog.at_level(logging.INFO, logger="ui.allocator"):
        assert allocator.tune() is False
        assert allocator.tune() is False
    assert [r.message for r in caplog.records if "malloc tuning not applied" in r.message] == [
        "malloc tuning not applied (no C library here); the app runs the same, a little slower"
    ]


def test_the_app_tunes_malloc_before_anything_runs():
    source = open("app.py", encoding="utf-8").read()
    assert source.index("allocator.tune()") < source.index("st.navigation(")
