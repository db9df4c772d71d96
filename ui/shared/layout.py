"""Page layout helpers shared by several pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def grid(items: Sequence[Any], per_row: int) -> list[tuple[Any, Any]]:
    """(column, item) pairs laying items out in rows of `per_row` columns, for a page's `for` loop."""
    pairs = []
    for start in range(0, len(items), per_row):
        row = items[start:start + per_row]
        pairs.extend(zip(st.columns(per_row), row, strict=False))
    return pairs
