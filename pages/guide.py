"""Workshop guide: the facilitator's 60-minute script (join, explore, save, compare, debrief) and debrief questions."""

import streamlit as st

from ui.session import frame
from ui.shared.i18n import t
from ui.shared.views import url_notices

# each step of the script: its text keys (kit_guide_<step>_title/_body) and the page it happens on
STEPS = (
    ("open", "pages/workshop.py", "nav_workshop", ":material/groups:"),  # a workshop is started there
    ("join", "pages/workshop.py", "nav_workshop", ":material/groups:"),
    ("explore", "pages/simulator.py", "nav_simulator", ":material/tune:"),
    ("save", "pages/workshop.py", "nav_workshop", ":material/groups:"),
    ("compare", "pages/compare.py", "nav_compare", ":material/compare_arrows:"),
    ("debrief", "pages/board.py", "nav_board", ":material/leaderboard:"),
)
QUESTIONS = ("kit_guide_q1", "kit_guide_q2", "kit_guide_q3", "kit_guide_q4", "kit_guide_q5", "kit_guide_q6")

lang = frame.start()

st.title(t("kit_guide_title", lang))
st.caption(t("kit_guide_subtitle", lang))
url_notices(lang)

st.header(t("kit_guide_script_title", lang))
for step, page, nav_key, icon in STEPS:
    with st.container(border=True, key=f"guide_step_{step}"):
        st.subheader(t(f"kit_guide_{step}_title", lang))
        st.markdown(t(f"kit_guide_{step}_body", lang))
        st.page_link(page, label=t(nav_key, lang), icon=icon)

st.header(t("kit_guide_questions_title", lang))
st.markdown("\n".join(f"{i}. {t(key, lang)}" for i, key in enumerate(QUESTIONS, start=1)))

st.header(t("kit_guide_tips_title", lang))
st.markdown(t("kit_guide_tips", lang))

frame.finish()
