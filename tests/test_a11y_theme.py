"""The theme's colours meet WCAG 2.1 AA, computed from .streamlit/config.toml (not eyeballed).

How Streamlit 1.67 draws with them (checked in the browser by tests/e2e/test_accessibility.py):
captions (st.caption, widget help under a lever) are textColor at 60% opacity; the selected
option of a segmented control (the language switch) is primaryColor text on primaryColor at 10%
opacity over the background; a primary button is white text on primaryColor; slider thumbs,
focus rings and checked toggles are primaryColor against the background. The sidebar's background
is secondaryBackgroundColor.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.contrast import AA_LARGE_OR_CONTROL, AA_TEXT, over, parse, ratio

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
THEME = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
CAPTION_OPACITY = 0.6  # Streamlit's fadedText60
SELECTED_TINT = 0.1  # the selected segmented-control option's background: primaryColor at 10%
BACKGROUNDS = {"page": THEME["backgroundColor"], "sidebar": THEME["secondaryBackgroundColor"]}

TEXT, PRIMARY = parse(THEME["textColor"]), parse(THEME["primaryColor"])
WHITE = (255.0, 255.0, 255.0)


@pytest.mark.parametrize("where", BACKGROUNDS)
def test_body_text_and_captions_reach_4_5_to_1(where):
    bg = parse(BACKGROUNDS[where])
    assert ratio(TEXT, bg) >= AA_TEXT
    caption = over(TEXT, bg, CAPTION_OPACITY)
    assert ratio(caption, bg) >= AA_TEXT, f"caption on {where}: {ratio(caption, bg):.2f}"


@pytest.mark.parametrize("where", BACKGROUNDS)
def test_selected_segment_text_reaches_4_5_to_1(where):
    bg = parse(BACKGROUNDS[where])
    tint = over(PRIMARY, bg, SELECTED_TINT)
    assert ratio(PRIMARY, tint) >= AA_TEXT, f"selected option on {where}: {ratio(PRIMARY, tint):.2f}"


def test_primary_button_text_reaches_4_5_to_1():
    assert ratio(WHITE, PRIMARY) >= AA_TEXT


@pytest.mark.parametrize("where", BACKGROUNDS)
def test_controls_and_focus_ring_reach_3_to_1(where):
    assert ratio(PRIMARY, parse(BACKGROUNDS[where])) >= AA_LARGE_OR_CONTROL


def test_the_formula_matches_known_pairs():
    """WCAG's own extremes and a pair axe-core reported for the old theme (caption #797f85 on white: 4.04)."""
    assert ratio(WHITE, (0.0, 0.0, 0.0)) == pytest.approx(21.0)
    assert ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert ratio(parse("#797f85"), WHITE) == pytest.approx(4.04, abs=0.01)
    assert ratio(parse("#c0392b"), parse("#efe3e4")) == pytest.approx(4.34, abs=0.01)
