"""Start-up check: a missing or corrupt data file gives one clear message naming file and field."""

from __future__ import annotations

import streamlit as st

import data


def check_data() -> None:
    """Stop the app with a bilingual message if data/ cannot be loaded (no traceback)."""
    try:
        data.load()
    except data.DataError as err:
        st.error(
            f"数据文件有误，应用无法启动：{err.file}，字段 {err.field}：{err.problem}\n\n"
            f"A data file is broken, so the app cannot start: {err.file}, field {err.field}: {err.problem}"
        )
        st.stop()
