"""Compare page, the choice: which candidates are compared, at most MAX_COMPARED, picked as pills in each section
(the current scenario and the presets; pasted links; the workshop's saved scenarios).

One list in the session holds the choice, in the order it was made (CHOSEN); each section's pills show their part
of it. The limit is the page's own, said in the user's language under the pills that met it: Streamlit's
multiselect said "You can only select up to 4 options" (and "Select all", "No results") in English in the Chinese
UI; pills carry no text of Streamlit's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui.shared.i18n import t

MAX_COMPARED = 4
CHOSEN = "cmp_chosen"  # option ids, in the order chosen
LIMIT_MET = "cmp_limit_met"  # the pills' key whose pick went past the limit (its message shows under them once)
MAIN_KEY, LINKS_KEY, SAVED_KEY = "w_cmp_pick", "w_cmp_pick_links", "w_cmp_pick_saved"
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark CommonMark may escape


def literal(text: str) -> str:
    """User text as a pill's label: a pill renders Markdown (links, images, :material/…: icons), a name is text."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def chosen() -> list[str]:
    return list(st.session_state.get(CHOSEN, []))


def start(default: Sequence[str]) -> None:
    """The choice the page opens with (its first run in this session)."""
    st.session_state.setdefault(CHOSEN, list(default))


def keep_only(options: Sequence[str]) -> list[str]:
    """Drop from the choice what is no longer offered (a link removed, a scenario deleted); returns the choice."""
    st.session_state[CHOSEN] = [o for o in chosen() if o in options]
    return chosen()


def _on_pick(key: str, options: tuple[str, ...]) -> None:
    """A pill clicked: added to the choice or taken out of it; past the limit, the pills go back as they were."""
    ss = st.session_state
    before = [o for o in chosen() if o in options]
    now = [o for o in (ss.get(key) or []) if o in options]
    kept = [o for o in chosen() if o not in options or o in now]
    added = [o for o in now if o not in before]
    if len(kept) + len(added) > MAX_COMPARED:
        ss[key] = before
        ss[LIMIT_MET] = key
        return
    ss[CHOSEN] = kept + added


def pills(candidates: Sequence[Any], label: str, key: str, lang: str) -> None:
    """One section's candidates as pills (their names as text), showing which of them are chosen."""
    options = tuple(c.option for c in candidates)
    names = {c.option: literal(c.name) for c in candidates}
    st.session_state[key] = [o for o in chosen() if o in options]
    st.pills(label, options, selection_mode="multi", format_func=names.__getitem__, key=key,
             on_change=_on_pick, args=(key, options))
    if st.session_state.get(LIMIT_MET) == key:
        del st.session_state[LIMIT_MET]
        st.warning(t("cmp_limit", lang, n=MAX_COMPARED), icon=":material/block:")
