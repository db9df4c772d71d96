"""Huadu 2025 scenario simulator: page config, the shared sidebar (language), navigation, the URL.

Run with `streamlit run app.py`. Each view is one thin file in pages/.
"""

import streamlit as st

from ui import state
from ui.i18n import LANGS, t
from ui.startup import check_data

st.set_page_config(page_title="Huadu 2025 · 花都2025", page_icon="📈", layout="wide")
check_data()  # a broken data file stops here with one clear message
state.init_session()
lang = state.lang()

with st.sidebar:
    st.segmented_control(
        t("language", lang), options=LANGS, format_func=lambda code: {"zh": "中文", "en": "English"}[code],
        default=lang, key="w_app_lang", on_change=lambda: state.set_lang(st.session_state.w_app_lang or lang),
    )

page = st.navigation([
    st.Page("pages/simulator.py", title=t("nav_simulator", lang), icon="🎛️", default=True),
])
page.run()
state.sync_url()
