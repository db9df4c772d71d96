"""The proxy's copy of Streamlit's frontend (scripts/frontend_copy.py): fonts cut to what the app shows, folders
nginx's workers can read. The copy seen through nginx in a browser: tests/e2e/test_frontend_copy.py."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from scripts.frontend_copy import (
    ICON_FONT,
    LATIN,
    TEXT_FONTS,
    app_characters,
    app_icon_names,
    cut_icon_font,
    cut_text_font,
    icon_ligatures,
    streamlit_static,
    streamlit_strings,
    unreadable_by_others,
)


def _font(prefix: str, tmp_path):
    [source] = [p for p in (streamlit_static() / "media").glob("*.woff2") if p.name.startswith(prefix)]
    return shutil.copy(source, tmp_path / source.name)


def test_the_icon_font_keeps_the_named_icons_and_drops_the_rest(tmp_path):
    path = _font(ICON_FONT, tmp_path)
    before = path.stat().st_size
    kept = cut_icon_font(path, {"tune", "groups", "not_an_icon"})
    assert kept == {"tune", "groups"}
    ligatures = icon_ligatures(TTFont(path))
    assert {"tune", "groups"} <= set(ligatures) and "home" not in ligatures and "leaderboard" not in ligatures
    assert path.stat().st_size < before / 10


def test_every_icon_the_app_and_streamlit_name_is_in_the_cut(tmp_path):
    names = app_icon_names()
    assert {"tune", "groups", "leaderboard", "compare_arrows", "restart_alt"} <= names  # app.py's and the pages'
    strings = streamlit_strings(streamlit_static())
    assert {"keyboard_double_arrow_left", "expand_more", "more_vert"} <= strings  # Streamlit's sidebar, menus, tables
    path = _font(ICON_FONT, tmp_path)
    kept = cut_icon_font(path, names | strings)
    assert names <= kept, names - kept
    assert names <= set(icon_ligatures(TTFont(path)))


def test_the_text_fonts_keep_latin_digits_and_every_character_of_the_apps_texts(tmp_path):
    texts = app_characters()
    assert {"✓", "✗", "φ", "−", "≥"} <= set(texts)  # the status marks, the model page's Greek, the signs
    for prefix in TEXT_FONTS:
        path = _font(prefix, tmp_path)
        original = set(TTFont(path).getBestCmap())
        before = path.stat().st_size
        cut_text_font(path, texts)
        kept = set(TTFont(path).getBestCmap())
        assert kept == original & (set(LATIN) | {ord(c) for c in texts})
        assert {ord(c) for c in texts} & original <= kept  # whatever the app writes that the font has stays
        assert {ord(c) for c in "0123456789.,%+-"} <= kept
        assert ord("Ж") in original and ord("Ж") not in kept
        assert path.stat().st_size < before / 2


def test_a_folder_closed_to_other_users_is_named():
    if unreadable_by_others(Path(tempfile.gettempdir())):
        pytest.skip("the temporary folder itself is closed to other users (TMPDIR)")
    base = Path(tempfile.mkdtemp())  # in the system's temporary folder, which everyone may enter
    try:
        base.chmod(0o755)
        inner = base / "closed" / "static"
        inner.mkdir(parents=True)
        (base / "closed").chmod(0o755)
        assert unreadable_by_others(inner) is None
        (base / "closed").chmod(0o700)  # as a test's own temporary folder is
        assert unreadable_by_others(inner) == (base / "closed").resolve()
    finally:
        shutil.rmtree(base)
