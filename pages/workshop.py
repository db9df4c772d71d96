"""Workshop: join or start a workshop, save the current scenario, load or delete saved ones; export, restore, brief."""

import streamlit as st

from ui.session import frame
from ui.shared.i18n import t
from ui.shared.views import url_notices
from ui.workshop import device, join, library, listing, save, transfer

PAGE = "ws"
URL_PATH = join.WORKSHOP_PAGE  # the page's address in app.py's navigation; shared links point past it
lang = frame.start()

st.title(t("ws_title", lang))
st.caption(t("ws_subtitle", lang))
url_notices(lang)
lib = library.open_library(lang)
code = join.workshop_box(lib, PAGE, lang)
join.storage_note(lib, lang)
facilitator = library.is_facilitator(lib, code)
if facilitator:
    with st.expander(t("ws_facilitator_title", lang), icon=":material/admin_panel_settings:", key="w_ws_facilitator_open"):
        join.facilitator_panel(code, lang, URL_PATH, with_qr=False)
if code:
    join.rights_panel(code, lang, URL_PATH)

save_column, list_column = st.columns([2, 3], gap="large")
with save_column:
    st.header(t("ws_save_title", lang))
    save.current_summary(lang)
    save.save_form(lib, code, lang)
with list_column:
    st.header(t("ws_list_title", lang))
    listing.library_list_live(lib, code, facilitator, lang)

st.divider()
st.header(t("ws_exports_title", lang))
csv_column, json_column, brief_column = st.columns(3, gap="large")
with csv_column:
    transfer.csv_download(lang)
with json_column:
    transfer.json_download(lang)
with brief_column:
    transfer.brief_download(lang, URL_PATH, code)
if facilitator:  # every group's scenario as one printable brief (the board offers the Markdown form)
    transfer.summary_brief_download(lib, code, lang)

st.header(t("ws_upload_title", lang))
transfer.upload_box(lang)

device.sync()
frame.finish()
