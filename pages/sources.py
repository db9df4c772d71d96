"""Sources: every baseline figure and target with its unit, value and where it comes from; the plan items; the version."""

import streamlit as st

from ui.analysis import sources as av
from ui.session import frame
from ui.session.dataset import dataset
from ui.shared import views
from ui.shared.i18n import t

lang = frame.start()

st.title(t("src_title", lang))
st.caption(t("src_subtitle", lang, version=dataset().version))
views.url_notices(lang)
st.caption(t("src_report", lang))

st.header(t("src_figures_title", lang))
st.dataframe(av.figures_frame(lang), hide_index=True, width="stretch", height="content")

st.header(t("src_targets_title", lang))
st.dataframe(av.targets_frame(lang), hide_index=True, width="stretch", height="content")
st.caption(t("scorecard_note", lang))

st.header(t("src_plan_items_title", lang))
st.markdown(av.plan_items_markdown(lang))

st.header(t("src_history_title", lang))
st.dataframe(av.history_frame(lang), hide_index=True, width="stretch")
st.caption(t("src_history_note", lang))

st.header(t("src_version_title", lang))
st.text(t("src_version", lang, version=dataset().version))
st.page_link("pages/assumptions.py", label=t("src_to_assumptions", lang), icon=":material/settings:")

frame.finish()
