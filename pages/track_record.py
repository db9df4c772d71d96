"""Track record (模型回测): how well this kind of projection has done before, year by year."""

import streamlit as st

from model.backtest import track_record
from ui import frame, views
from ui import track_record_views as trv
from ui.i18n import t

lang = frame.start()
record = track_record()

st.title(t("tr_title", lang))
st.caption(t("tr_subtitle", lang))
views.url_notices(lang)

trv.chart(record, lang)
trv.tables(record, lang)
st.markdown(t("tr_reading", lang, production=f"{record.rmse_pp('production'):.2f}", naive=f"{record.rmse_pp('naive'):.2f}",
              rho=f"{record.best_persistence():g}", years=len(record.years)))
if not record.errors_pp("target").size:
    st.caption(t("tr_no_target", lang))

frame.finish()
