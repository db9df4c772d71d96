"""Compare: up to four scenarios (current, presets, pasted links, saved ones) side by side, against the baseline."""

import streamlit as st

from ui.analysis import compare
from ui.analysis import compare_scenarios as choice
from ui.session import compute, frame, state
from ui.shared import views
from ui.shared.i18n import t

lang = frame.start()

st.title(t("cmp_title", lang))
st.caption(t("cmp_subtitle", lang))
views.url_notices(lang)

current = state.scenario()
main = [choice.Candidate("current", t("cmp_current", lang), current)] + choice.preset_candidates(current, lang)
choice.main_box(main, lang)
with st.expander(t("cmp_links_title", lang), icon=":material/link:"):
    linked = choice.link_box(lang)
    choice.link_pills(linked, lang)
code, saved, failed = choice.workshop_saved()
with st.expander(t("cmp_saved_title", lang), icon=":material/folder_open:", expanded=bool(saved)):
    choice.saved_box(code, saved, failed, lang)

chosen = choice.chosen_scenarios(main + linked + saved, lang)
if chosen:
    results = {c.name: compute.run(c.scenario, state.targets_key()) for c in chosen}
    base = compute.baseline(state.targets_key())  # its GDP status read against the same targets
    compare.compare_cards(results, base, lang)
    st.header(t("cmp_table_title", lang))
    st.dataframe(compare.outcome_frame(results, base, lang), hide_index=True, width="stretch")
    st.caption(t("cmp_table_note", lang))
    compare.compare_chart(results, base, lang)
else:
    st.info(t("cmp_choose_some", lang))

frame.finish()
