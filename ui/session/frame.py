"""What every page shares: the data check, session start, the sidebar language switch, and the URL write.

Each page calls `lang = frame.start()` first and `frame.finish()` last. The frame lives with the
pages rather than in app.py because Streamlit runs only the page script (not app.py) when a
`pages/` folder sits beside app.py in some run paths (AppTest, first run); calling it from
the page makes every run path the same.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping

import streamlit as st

from ui.session import state
from ui.session.startup import check_data
from ui.shared import a11y, streamlit_words
from ui.shared.i18n import LANGS, t
from ui.workshop import device

log = logging.getLogger(__name__)
PAGES_DIRECTORY_FLAG = "uses_pages_directory"  # private: PagesManager's old-style multipage switch


def _on_lang_change() -> None:
    chosen = st.session_state.get("w_app_lang")
    if chosen in LANGS:
        state.set_lang(chosen)
    else:  # segmented control clicked off: keep the current language selected
        st.session_state["w_app_lang"] = state.lang()


def _leave_legacy_pages_mode() -> None:
    """Streamlit treats an app with a `pages/` folder as an old-style multipage app until some
    session calls st.navigation. A fresh server opened on a deep link (/analysis) would then run
    the page alone, without app.py (no layout, file names as navigation). Switch the mode off
    and rerun, so app.py's st.navigation routes the same URL.

    Private API (streamlit.runtime.pages_manager.PagesManager.uses_pages_directory, tested
    against the installed Streamlit in tests/test_ui_frame.py): every read is guarded, so an
    upgrade that moves it logs one clear line and the app keeps working (only a deep link on a
    fresh server would then open the page without the app's navigation)."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        _private_api_gone("streamlit.runtime.pages_manager.PagesManager")
        return
    # AppTest resets the mode before every run and would lose button clicks to the rerun;
    # there the page running alone is expected, and tests call pages through this frame anyway.
    try:
        from streamlit import config

        in_app_test = bool(config.get_option("global.appTest"))
    except (ImportError, RuntimeError, KeyError):  # RuntimeError: "config key not defined"
        _private_api_gone("config option global.appTest")
        in_app_test = False
    if in_app_test:
        return
    if not hasattr(PagesManager, PAGES_DIRECTORY_FLAG):
        _private_api_gone(f"PagesManager.{PAGES_DIRECTORY_FLAG}")
        return
    if getattr(PagesManager, PAGES_DIRECTORY_FLAG):
        setattr(PagesManager, PAGES_DIRECTORY_FLAG, False)
        st.rerun()


@functools.cache
def _private_api_gone(name: str) -> None:
    """Log once per process that a private Streamlit piece this frame relies on is missing."""
    log.warning("Streamlit %s has no %s: deep links on a fresh server may open a page without the app's navigation "
                "(ui/session/frame.py; see tests/test_ui_frame.py)", st.__version__, name)


def start() -> str:
    """Check data, start the session from the URL once, draw the shared sidebar. Returns the language."""
    _leave_legacy_pages_mode()
    check_data()
    state.init_session()
    device.adopt()  # rights this browser keeps (ui/workshop/device.py), before any page asks who may do what
    lang = state.lang()
    st.session_state["w_app_lang"] = lang
    a11y.page_setup(lang)  # <html lang>, focus ring, keyboard-reachable scrollable regions
    streamlit_words.install(lang)  # Streamlit's own words ("Upload", "Press Enter to apply") in the user's language
    with st.sidebar:
        st.segmented_control(
            t("language", lang), options=LANGS, format_func=lambda code: {"zh": "中文", "en": "English"}[code],
            key="w_app_lang", on_change=_on_lang_change,
        )
    return lang


def finish(query: Mapping[str, str] | None = None) -> None:
    """Write the scenario into the URL (the one place that does), with `query` the page adds to its own address;
    the run's action is over."""
    device.probe_url()
    state.sync_url(query)
    state.end_run()
