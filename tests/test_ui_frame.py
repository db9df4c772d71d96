"""ui/session/frame.py's private Streamlit access: still there in the installed Streamlit, and harmless when it is gone.

The frame switches off Streamlit's old-style `pages/` mode through a private class attribute, so a
fresh server opened on a deep link gets app.py's navigation (tests/e2e/test_simulator_browser.py
checks that in a browser). If an upgrade removes it, the first test here fails (not the app),
and the others show the app would only log one line.
"""

from __future__ import annotations

import logging
import sys

import pytest
import streamlit as st
from streamlit import config

from ui.session import frame


@pytest.fixture(autouse=True)
def fresh_warnings():
    frame._private_api_gone.cache_clear()
    yield
    frame._private_api_gone.cache_clear()


def test_the_installed_streamlit_still_has_the_private_pieces_the_frame_uses():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, frame.PAGES_DIRECTORY_FLAG), (
        f"Streamlit {st.__version__} dropped PagesManager.{frame.PAGES_DIRECTORY_FLAG}: "
        "find its replacement for ui/session/frame.py, or accept that deep links on a fresh server skip app.py")
    assert config.get_option("global.appTest") in (True, False)


def test_the_old_pages_mode_is_switched_off_and_the_page_reruns(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, frame.PAGES_DIRECTORY_FLAG, True)
    reruns = []
    monkeypatch.setattr(frame.st, "rerun", lambda: reruns.append(1))
    frame._leave_legacy_pages_mode()
    assert getattr(PagesManager, frame.PAGES_DIRECTORY_FLAG) is False and reruns == [1]


def test_a_missing_attribute_logs_one_clear_line_and_nothing_breaks(monkeypatch, caplog):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.delattr(PagesManager, frame.PAGES_DIRECTORY_FLAG)
    monkeypatch.setattr(frame.st, "rerun", lambda: pytest.fail("no rerun without the flag"))
    with caplog.at_level(logging.WARNING, logger="ui.session.frame"):
        frame._leave_legacy_pages_mode()
        frame._leave_legacy_pages_mode()
    lines = [r.getMessage() for r in caplog.records if r.name == "ui.session.frame"]
    assert len(lines) == 1 and f"PagesManager.{frame.PAGES_DIRECTORY_FLAG}" in lines[0]


def test_a_missing_module_logs_and_nothing_breaks(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "streamlit.runtime.pages_manager", None)  # import now raises ImportError
    with caplog.at_level(logging.WARNING, logger="ui.session.frame"):
        frame._leave_legacy_pages_mode()
    assert "streamlit.runtime.pages_manager.PagesManager" in caplog.text


def test_a_missing_config_option_logs_and_nothing_breaks(monkeypatch, caplog):
    def no_such_option(key):
        raise RuntimeError(f'Config key "{key}" not defined.')

    monkeypatch.setattr(config, "get_option", no_such_option)
    with caplog.at_level(logging.WARNING, logger="ui.session.frame"):
        frame._leave_legacy_pages_mode()
    assert "global.appTest" in caplog.text
