"""The yardstick for page benchmarks: a bare Streamlit app with 3 sliders, 1 metric and 1 Altair chart."""

import altair as alt
import pandas as pd
import streamlit as st

a = st.slider("a", 0.0, 10.0, 5.0, 0.1, key="a")
b = st.slider("b", 0.0, 10.0, 5.0, 0.1, key="b")
c = st.slider("c", 0.0, 10.0, 5.0, 0.1, key="c")
st.metric("total", f"{a + b + c:.1f}")
frame = pd.DataFrame({"x": list(range(6)), "y": [a, b, c, a + b, b + c, a + c]})
st.altair_chart(alt.Chart(frame).mark_line().encode(x="x", y="y"), width="stretch")
