"""The floor under every lever move: one st.fragment with one slider and one metric (benchmarks/bench_floor.py)."""

import streamlit as st


@st.fragment
def lever_and_card() -> None:
    value = st.slider("a", 0.0, 10.0, 5.0, 0.1, key="a")
    st.metric("total", f"{value:.1f}")


lever_and_card()
