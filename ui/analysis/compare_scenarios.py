"""Compare page, choosing: the scenarios that can be compared (current, presets, pasted links, saved ones) and the choice."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st

from model import FIELDS, Scenario
from ui.session import state, url
from ui.session.dataset import dataset
from ui.shared.i18n import pick, t

MAX_LINK_CHARS = 4000
MAX_COMPARED = 4


@dataclass
class Candidate:
    """A scenario that can be compared: its option id, display name, and values."""

    option: str
    name: str
    scenario: Scenario
    notices: list[url.Notice] = field(default_factory=list)


def _recognised(key: str) -> bool:
    return key in FIELDS or key in ("lang", "v") or key.startswith(url.TARGET_PREFIX)


def parse_link(text: str) -> url.UrlState | None:
    """A pasted shared link (or just its query string) -> its parsed state; None when it is no link of this app."""
    text = text.strip()
    if not text or len(text) > MAX_LINK_CHARS:
        return None
    query = urllib.parse.urlsplit(text).query if "?" in text or "://" in text else text
    query_values = urllib.parse.parse_qs(query, keep_blank_values=True)
    if not any(_recognised(k) for k in query_values):
        return None
    return url.parse_url(query_values)


def link_candidates(text: str, lang: str) -> tuple[list[Candidate], list[int]]:
    """Every non-empty line of the box: (usable links as candidates, numbers of the bad lines)."""
    good, bad = [], []
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        parsed = parse_link(line)
        if parsed is None:
            bad.append(number)
            continue
        good.append(Candidate(f"link:{number}", t("cmp_link_name", lang, n=number), Scenario(**parsed.values),
                              parsed.notices))
    return good, bad


def notice_text(notice: url.Notice, lang: str) -> str:
    if notice.reason == "old_version":
        return t("notice_old_version", lang, linked=notice.value, current=dataset().version)
    return t(f"notice_{notice.reason}", lang, name=notice.key, value=notice.value)


def preset_candidates(current: Scenario, lang: str) -> list[Candidate]:
    """Each preset as the simulator applies it: its levers over the current scenario's assumptions."""
    defaults = state.defaults()
    levers = {p.id: defaults[p.id] for p in dataset().params_in("lever", "advanced")}
    return [Candidate(f"preset:{pid}", pick(preset.name, lang), current.replace(**(levers | dict(preset.values))))
            for pid, preset in dataset().presets.items()]


def default_choice(candidates: Sequence[Candidate]) -> list[str]:
    """The current scenario and the first presets that change some lever from its default, up to four."""
    def changes_something(preset_id: str) -> bool:
        return any(v != dataset().params[k].value for k, v in dataset().presets[preset_id].values.items())

    presets = [c.option for c in candidates if c.option.startswith("preset:") and changes_something(c.option[len("preset:"):])]
    return (["current"] + presets)[:MAX_COMPARED]


def saved_candidates() -> list[Candidate]:
    """The saved scenarios of this session's workshop only (none before it joins one). Raises on database trouble."""
    from ui.workshop.library import current_workshop_scenarios  # the database driver loads only when asked

    out = []
    for saved in current_workshop_scenarios(limit=100):
        scenario, problems = saved.parsed()
        notices = [url.Notice(p.key, p.reason, p.value) for p in problems]
        name = saved.name + (" · " + saved.group if saved.group else "")
        out.append(Candidate(f"saved:{saved.id}", name, scenario, notices))
    return out


def unique_names(names: Sequence[str], reserved: Sequence[str]) -> list[str]:
    """Names made unique (a table has one column per name): repeats get (2), (3), ..."""
    taken = set(reserved)
    out = []
    for name in names:
        shown, n = name, 1
        while shown in taken:
            n += 1
            shown = f"{name} ({n})"
        taken.add(shown)
        out.append(shown)
    return out


def link_box(lang: str) -> list[Candidate]:
    """The pasted-links box: usable links become candidates; a bad line gets a message, a partly bad one its notices."""
    text = st.text_area(t("cmp_links_label", lang), key="w_cmp_links", max_chars=MAX_LINK_CHARS,
                        placeholder=t("cmp_links_placeholder", lang))
    linked, bad_lines = link_candidates(text, lang)
    for number in bad_lines:
        st.warning(t("cmp_bad_link", lang, n=number), icon=":material/warning:")
    for candidate in linked:
        for notice in candidate.notices:
            st.text(t("cmp_link_notice", lang, name=candidate.name, notice=notice_text(notice, lang)))
    return linked


def saved_box(lang: str) -> list[Candidate]:
    """Saved scenarios of this session's workshop (no page lists workshops); a plain message if the library fails."""
    try:
        candidates = saved_candidates()
    except Exception:  # any database trouble: say so and keep the rest of the page working
        st.info(t("cmp_store_unavailable", lang))
        return []
    if not candidates:
        st.caption(t("cmp_saved_current_only", lang))
    return candidates


def choose_scenarios(candidates: Sequence[Candidate], lang: str) -> list[Candidate]:
    """The multiselect (at most four); the chosen candidates, renamed where two names are alike."""
    by_option = {c.option: c for c in candidates}
    key = "w_cmp_chosen"
    if key in st.session_state:  # a link or saved scenario removed since: drop it rather than fail
        st.session_state[key] = [o for o in st.session_state[key] if o in by_option]
    else:
        st.session_state[key] = default_choice(candidates)
    chosen = st.multiselect(
        t("cmp_choose", lang, n=MAX_COMPARED), options=list(by_option),
        format_func=lambda option: by_option[option].name, max_selections=MAX_COMPARED, key=key,
    )
    names = unique_names([by_option[o].name for o in chosen], reserved=[t("col_outcome", lang), t("cmp_baseline", lang)])
    return [Candidate(o, name, by_option[o].scenario, by_option[o].notices) for o, name in zip(chosen, names, strict=True)]
