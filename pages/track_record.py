"""Track record (模型回测): how well the app's own simulator has done before, year by year, in real time."""

import streamlit as st

from model.backtest import track_record
from model.uncertainty import model_error_dof
from ui.analysis import track_record as trv
from ui.session import frame
from ui.shared import views
from ui.shared.i18n import t

lang = frame.start()
record = track_record()

st.title(t("tr_title", lang))
st.caption(t("tr_subtitle", lang))
views.url_notices(lang)

mode = trv.mode_choice(lang)
trv.chart(record, mode, lang)
trv.tables(record, mode, lang)
st.markdown(t("tr_reading", lang, **trv.reading_figures(record), dof=model_error_dof()))
if not record.errors_pp("target").size:
    st.caption(t("tr_no_target", lang))

frame.finish()
