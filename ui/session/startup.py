"""Start-up check: a missing or corrupt data file gives one clear message naming file and field."""

from __future__ import annotations

import streamlit as st

import data


def check_data() -> data.Dataset:
    """data/ loaded (once per process); stops the app with a bilingual message if it cannot be (no traceback)."""
    try:
        return data.load()
    except data.DataError as err:
        st.error(
            f"数据文件有误，应用无法启动：{err.file}，字段 {err.field}：{err.problem}\n\n"
            f"A data file is broken, so the app cannot start: {err.file}, field {err.field}: {err.problem}"
        )
        st.stop()
        raise  # reached only outside a script run, where st.stop() returns: the error then propagates as is
