"""Compare page, the candidates: the scenarios that can be compared (current, presets, pasted links, the workshop's
saved ones); ui/analysis/compare_choice.py holds which of them are chosen."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st

from model import FIELDS, Scenario
from ui.analysis import compare_choice
from ui.analysis.compare_choice import MAX_COMPARED
from ui.session import state, url
from ui.session.dataset import dataset
from ui.shared.i18n import pick, t

MAX_LINK_CHARS = 4000
DEFAULT_COMPARED = 2  # what the page opens with: room for two more


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
    """The current scenario and the first preset that changes some lever from its default: two of four, so a
    facilitator can add a group's scenario without clearing one first."""
    def changes_something(preset_id: str) -> bool:
        return any(v != dataset().params[k].value for k, v in dataset().presets[preset_id].values.items())

    presets = [c.option for c in candidates if c.option.startswith("preset:") and changes_something(c.option[len("preset:"):])]
    return (["current"] + presets)[:DEFAULT_COMPARED]


def saved_candidates() -> tuple[str | None, list[Candidate]]:
    """(this session's workshop, its saved scenarios as candidates): only that workshop's, none before it joins one.
    Raises on database trouble."""
    from ui.workshop.library import current_workshop_scenarios  # the database driver loads only when asked

    code, saved_list = current_workshop_scenarios(limit=100)
    out = []
    for saved in saved_list:
        scenario, problems = saved.parsed()
        notices = [url.Notice(p.key, p.reason, p.value) for p in problems]
        name = saved.name + (" · " + saved.group if saved.group else "")
        out.append(Candidate(f"saved:{saved.id}", name, scenario, notices))
    return code, out


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


def workshop_saved() -> tuple[str | None, list[Candidate], bool]:
    """(this session's workshop, its saved scenarios, whether the library failed): what the saved section shows."""
    try:
        code, candidates = saved_candidates()
    except Exception:  # any database trouble: the section says so and the rest of the page works
        return None, [], True
    return code, candidates, False


def saved_box(code: str | None, candidates: Sequence[Candidate], failed: bool, lang: str) -> None:
    """The workshop's saved scenarios to pick from; when there are none, how to get some; a plain message if the
    library fails. Only this session's workshop (no page lists workshops)."""
    if failed:
        st.info(t("cmp_store_unavailable", lang))
    elif not code:
        st.info(t("cmp_saved_join", lang), icon=":material/group_add:")
    elif not candidates:
        st.info(t("cmp_saved_empty", lang, code=code), icon=":material/hourglass_empty:")
    else:
        compare_choice.pills(candidates, t("cmp_pick_saved", lang, code=code), compare_choice.SAVED_KEY, lang)


def link_pills(linked: Sequence[Candidate], lang: str) -> None:
    if linked:
        compare_choice.pills(linked, t("cmp_pick_links", lang), compare_choice.LINKS_KEY, lang)


def main_box(main: Sequence[Candidate], lang: str) -> None:
    """The current scenario and the presets as pills; the page opens with two of them chosen."""
    compare_choice.start(default_choice(main))
    compare_choice.pills(main, t("cmp_choose", lang, n=MAX_COMPARED), compare_choice.MAIN_KEY, lang)
    st.caption(t("cmp_chosen_count", lang, n=len(compare_choice.chosen()), max=MAX_COMPARED))


def chosen_scenarios(candidates: Sequence[Candidate], lang: str) -> list[Candidate]:
    """The chosen candidates in the order chosen, renamed where two names are alike."""
    by_option = {c.option: c for c in candidates}
    chosen = compare_choice.keep_only(list(by_option))  # a link or saved scenario removed since: dropped
    names = unique_names([by_option[o].name for o in chosen], reserved=[t("col_outcome", lang), t("cmp_baseline", lang)])
    return [Candidate(o, name, by_option[o].scenario, by_option[o].notices) for o, name in zip(chosen, names, strict=True)]
