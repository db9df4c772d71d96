"""Exports of the current scenario (results CSV, scenario JSON, the brief) and the checked upload of a scenario file."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import streamlit as st

import store
from model.uncertainty import gdp_target_id
from ui.session import compute, state, upload
from ui.session.dataset import dataset
from ui.session.url import version
from ui.shared.i18n import LANGS, t
from ui.takeaway import brief, exports
from ui.workshop import brief_source, library, summary_brief
from ui.workshop.board import BOARD_LIMIT
from ui.workshop.board_content import board_rows
from ui.workshop.listing import BEIJING, safe_version
from ui.workshop.messages import say, show_messages

UPLOAD_KEY = "w_ws_upload"


def csv_download(lang: str) -> None:
    """Results as CSV; the header language is chosen here (the numbers are the same in both)."""
    csv_lang = st.segmented_control(
        t("ws_csv_lang", lang), options=LANGS, format_func=lambda code: t(f"ws_lang_name_{code}", lang),
        default=lang, key="w_ws_csvlang",
    ) or lang
    result = compute.run(state.scenario(), state.targets_key())
    st.download_button(
        t("ws_csv_button", lang), exports.results_csv(st.session_state[state.SCENARIO], result, csv_lang),
        file_name=f"huadu2025_results_{csv_lang}.csv", mime="text/csv", key="w_ws_csv", on_click="ignore",
        icon=":material/table_view:",
    )
    st.caption(t("ws_csv_help", lang))


def json_download(lang: str) -> None:
    st.download_button(
        t("ws_json_button", lang), exports.scenario_json(st.session_state[state.SCENARIO], state.targets()),
        file_name="huadu2025_scenario.json", mime="application/json", key="w_ws_json", on_click="ignore",
        icon=":material/data_object:",
    )
    st.caption(t("ws_json_help", lang))


def brief_download(lang: str, page_path: str, code: str | None = None) -> None:
    """The leader brief as HTML, in the app's language; with the group's note while the session holds one of
    the workshop's saved scenarios unchanged (ui/workshop/brief_source.py)."""
    title = st.text_input(t("ws_brief_title_label", lang), max_chars=store.NAME_MAX, key="w_ws_brieftitle")
    link = exports.simulator_link(st.context.url, state.query(), page_path)
    values = dict(st.session_state[state.SCENARIO])
    # made when the button is clicked (its charts and Monte Carlo take a noticeable moment), not on every rerun
    html = functools.partial(
        brief.brief_html, lang=lang, values=values,
        result=compute.run(state.scenario(), state.targets_key()), baseline=compute.baseline(state.targets_key()),
        link=link, made_on=datetime.now(BEIJING).date(), title=title, **brief_source.current(code, values),
    )
    st.download_button(t("ws_brief_button", lang), html, file_name=f"huadu2025_brief_{lang}.html", mime="text/html",
                       key="w_ws_brief", on_click="ignore", icon=":material/description:")
    st.caption(t("ws_brief_help", lang))


def summary_brief_download(lib: store.ScenarioStore | None, code: str | None, lang: str) -> None:
    """The workshop summary as a printable leader brief (every group's scenario), for the facilitator."""
    if lib is None or not code:
        return
    saved, fault = library.attempt("summary brief: listing scenarios", lambda: lib.list(code, limit=BOARD_LIMIT))
    if fault:
        say("summary_brief", "error", fault)
        show_messages("summary_brief", lang)
        return
    targets_key = state.targets_key()
    target = dict(targets_key).get(gdp_target_id(), dataset().targets[gdp_target_id()].value)

    def page() -> str:  # on click, in its own thread (no session): each group's Monte Carlo is the board's, cached
        return summary_brief.summary_brief_html(board_rows(saved, targets_key), lang, code, target, datetime.now(UTC),
                                                total_saves=len(saved))

    st.download_button(t("brief_ws_button", lang), page, file_name=f"huadu2025_workshop_{code}_{lang}.html",
                       mime="text/html", key="w_ws_summary_brief", on_click="ignore", icon=":material/summarize:",
                       help=t("brief_ws_button_help", lang), disabled=not saved)


def upload_box(lang: str) -> None:
    """Restore a scenario from a JSON file: applied whole, or not at all (see ui.session.upload)."""
    st.file_uploader(t("ws_upload_label", lang), type=["json"], key=UPLOAD_KEY, on_change=_on_upload,
                     help=t("ws_upload_help", lang))
    st.caption(t("ws_upload_policy", lang))
    show_messages("upload", lang)


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:  # the file was removed from the box
        return
    apply_upload(uploaded.getvalue())  # already in memory (Streamlit caps uploads at 1 MB, config.toml); the check is by length


def apply_upload(content: bytes) -> upload.ParsedUpload:
    """Check a file and, only if it is entirely good, make it the session's scenario; queue what happened."""
    lang = state.lang()
    parsed = upload.parse_scenario_upload(content)
    if not parsed.ok:
        lines = [upload.upload_problem_line(p, lang) for p in parsed.problems]
        say("upload", "error", "ws_upload_rejected", lines=lines, n=len(lines))
        return parsed
    state.restore(parsed.values, parsed.targets)
    say("upload", "success", "ws_upload_applied", n=len(parsed.values))
    if parsed.other_version:
        say("upload", "warning", "ws_load_other_version", saved=safe_version(parsed.version), current=version())
    return parsed
