"""Workshop: save the current scenario to the shared library, load or delete saved ones; export, restore, brief."""

import streamlit as st

from ui import frame
from ui import workshop_views as views
from ui.i18n import t
from ui.views import url_notices

PAGE = "ws"
URL_PATH = "workshop"  # the page's address in app.py's navigation; the shared link points past it
lang = frame.start()

st.title(t("ws_title", lang))
st.caption(t("ws_subtitle", lang))
url_notices(lang)
lib = views.open_library(lang)
code = views.workshop_code_input(PAGE, lang)

save_column, list_column = st.columns([2, 3], gap="large")
with save_column:
    st.header(t("ws_save_title", lang))
    views.current_summary(lang)
    views.save_form(lib, lang)
with list_column:
    st.header(t("ws_list_title", lang))
    views.library_list(lib, code, lang)

st.divider()
st.header(t("ws_exports_title", lang))
csv_column, json_column, brief_column = st.columns(3, gap="large")
with csv_column:
    views.csv_download(lang)
with json_column:
    views.json_download(lang)
with brief_column:
    views.brief_download(lang, URL_PATH)

st.header(t("ws_upload_title", lang))
views.upload(lang)

frame.finish()
