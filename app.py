"""Huadu 2025 scenario simulator: page config and navigation. Run with `streamlit run app.py`.

The program's composition root: main() loads data/ once (ui.session.startup.check_data: a broken file
gets one clear message naming file and field) and installs the dataset every view reads through
ui.session.dataset. Each view is one thin file in pages/; every page opens with ui.session.frame.start() (data
check, session from the URL, the language switch in the sidebar) and closes with ui.session.frame.finish()
(the URL written back).
"""

import streamlit as st

from ui.server import server_socket
from ui.session import dataset, state
from ui.session.startup import check_data
from ui.shared.i18n import t


def main() -> None:
    server_socket.set_tcp_nodelay()  # each rerun's messages leave at once, not after the browser's ACK
    st.set_page_config(page_title="Huadu 2025 · 花都2025", page_icon="📈", layout="wide")
    dataset.install(check_data())  # nothing imported above reads data/ (tests/test_data_corrupt_startup.py)
    state.init_session()
    lang = state.lang()
    page = st.navigation([
        st.Page("pages/simulator.py", title=t("nav_simulator", lang), icon=":material/tune:", default=True),
        st.Page("pages/workshop.py", title=t("nav_workshop", lang), icon=":material/groups:"),
        st.Page("pages/board.py", title=t("nav_board", lang), icon=":material/leaderboard:"),
        st.Page("pages/guide.py", title=t("nav_guide", lang), icon=":material/checklist:"),
        st.Page("pages/analysis.py", title=t("nav_analysis", lang), icon=":material/insights:"),
        st.Page("pages/compare.py", title=t("nav_compare", lang), icon=":material/compare_arrows:"),
        st.Page("pages/assumptions.py", title=t("nav_assumptions", lang), icon=":material/settings:"),
        st.Page("pages/sources.py", title=t("nav_sources", lang), icon=":material/menu_book:"),
        st.Page("pages/model_page.py", title=t("nav_model", lang), icon=":material/functions:"),
        st.Page("pages/track_record.py", title=t("nav_track_record", lang), icon=":material/history:"),
    ])
    page.run()


main()
