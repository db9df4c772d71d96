"""The workshop pages' views: one database layer (library.py) and one module per part of the pages.

User text from the library (names, groups, notes) and from uploaded files is shown only with
st.text, st.dataframe, selectbox options or Vega text marks, all of which show it literally;
messages rendered as Markdown (st.success, st.error, ...) never contain it.
"""
