"""Workshop building blocks: the shared scenario library (save, list, load, delete), exports and upload, the board.

User text from the library (names, groups, notes) and from uploaded files is shown only with
st.text, st.dataframe, selectbox options or Vega text marks, all of which show it literally;
messages rendered as Markdown (st.success, st.error, ...) never contain it.
Database trouble becomes one translated message; the page carries on without the library.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import data
import store
from model import Scenario, monte_carlo
from model.uncertainty import GDP_TARGET_ID
from store import SavedScenario, ScenarioNotFoundError, ScenarioStore, StoreError, StoreValidationError
from ui import a11y, chart_words, compute, exports, state
from ui.i18n import LANGS, pct, pick, t
from ui.url import EDITABLE_TARGETS, VERSION

log = logging.getLogger(__name__)
_DATA = data.load()

BEIJING = timezone(timedelta(hours=8))  # China keeps no daylight saving time
BOARD_REFRESH_SECONDS = 5
BOARD_DRAWS = 2_000
BOARD_LEVERS = tuple(p.id for p in _DATA.params.values() if p.group in ("lever", "advanced"))
MAX_PROBLEM_LINES = 12
# Store and driver failures; StoreValidationError (a StoreError) is always caught before these.
DB_ERRORS = (SQLAlchemyError, StoreError, OSError, ImportError)
MESSAGES = "ws_messages"
PENDING_DELETE = "ws_pending_delete"
UPLOAD_KEY = "w_ws_upload"
_SAFE_VERSION = re.compile(r"[0-9A-Za-z._-]{1,32}")


# ------------------------------------------------------------------ the store


def configured_database_url() -> str:
    """st.secrets["database_url"] when a secrets file sets it, else HUADU_DATABASE_URL or the SQLite default."""
    try:
        url = st.secrets.get("database_url")
    except FileNotFoundError:  # no secrets file, or one that cannot be parsed (StreamlitSecretNotFoundError)
        url = None
    return str(url).strip() if url else store.database_url()


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_store(url: str) -> ScenarioStore:
    """One store (one engine, one pool) per database URL for the whole server; failures are not cached."""
    return ScenarioStore(url)


def library_store() -> ScenarioStore:
    """The configured library for any page (raises what the database raises)."""
    return _open_store(configured_database_url())


def open_library(lang: str) -> ScenarioStore | None:
    """The scenario library, or None with a translated error if the database cannot be reached."""
    try:
        return _open_store(configured_database_url())
    except DB_ERRORS:
        log.exception("scenario library unavailable")
        st.error(t("ws_db_unavailable", lang), icon=":material/cloud_off:")
        return None


# ------------------------------------------------------------------ messages from callbacks


def _say(area: str, kind: str, key: str, lines: Sequence[str] = (), **values: object) -> None:
    """Queue a message for the next run. `values` fill the translated text (never user text); `lines` are literal."""
    st.session_state.setdefault(MESSAGES, {}).setdefault(area, []).append((kind, key, values, tuple(lines)))


def show_messages(area: str, lang: str) -> None:
    """Show (once) what the last action in `area` did: translated text, then any literal lines."""
    for kind, key, values, lines in st.session_state.get(MESSAGES, {}).pop(area, []):
        getattr(st, kind)(t(key, lang, **values))
        for line in lines[:MAX_PROBLEM_LINES]:
            st.text("• " + line)
        if len(lines) > MAX_PROBLEM_LINES:
            st.text(t("ws_more_lines", lang, n=len(lines) - MAX_PROBLEM_LINES))


def field_error(err: StoreValidationError, lang: str) -> str:
    """A validation error in words: which field, and why."""
    specific = f"ws_err_{err.field}_{err.reason}"
    key = specific if specific in _DATA.text else f"ws_err_{err.reason}"
    return t(key, lang, field=t(f"ws_field_{err.field}", lang), limit=err.limit or "")


def _safe_version(version: str) -> str:
    return version if _SAFE_VERSION.fullmatch(version or "") else "?"


# ------------------------------------------------------------------ workshop code


def workshop_code_input(page: str, lang: str) -> str | None:
    """The workshop code box (shared between pages); returns the normalised code, or None (with a message if bad)."""
    key = f"w_{page}_code"
    if key not in st.session_state:
        st.session_state[key] = state.workshop_code()
    st.text_input(
        t("ws_code_label", lang), key=key, max_chars=store.WORKSHOP_CODE_MAX,
        placeholder=t("ws_code_placeholder", lang), help=t("ws_code_help", lang, limit=store.WORKSHOP_CODE_MAX),
        on_change=lambda: state.set_workshop_code(st.session_state[key]),
    )
    raw = state.workshop_code()
    if not raw:
        return None
    try:
        return store.normalise_workshop_code(raw)
    except StoreValidationError as err:
        st.error(field_error(err, lang))
        return None


# ------------------------------------------------------------------ save


def current_summary(lang: str) -> None:
    """What would be saved: the current scenario's headline, so nobody saves the wrong one."""
    result = compute.run(state.scenario(), state.targets_key())
    st.metric(t("card_gdp_growth", lang), pct(result.gdp_real_growth), border=True,
              help=t("ws_current_help", lang))


def save_form(lib: ScenarioStore | None, lang: str) -> None:
    """Name, group, note: saved with the current scenario under the workshop code above."""
    with st.form("ws_save_form", border=True):
        name = st.text_input(t("ws_name_label", lang), max_chars=store.NAME_MAX, key="w_ws_name",
                             placeholder=t("ws_name_placeholder", lang))
        group = st.text_input(t("ws_group_label", lang), max_chars=store.GROUP_MAX, key="w_ws_group")
        note = st.text_area(t("ws_note_label", lang), max_chars=store.NOTE_MAX, key="w_ws_note", height=90)
        st.caption(t("ws_save_limits", lang, name=store.NAME_MAX, group=store.GROUP_MAX, note=store.NOTE_MAX,
                     code=store.WORKSHOP_CODE_MAX))
        submitted = st.form_submit_button(t("ws_save_button", lang), type="primary", disabled=lib is None,
                                          icon=":material/save:", key="w_ws_save")
    if submitted and lib is not None:
        _save(lib, name, group, note, lang)


def _save(lib: ScenarioStore, name: str, group: str, note: str, lang: str) -> None:
    try:
        sid = lib.save(state.workshop_code(), name, state.scenario(), group=group, note=note)
    except StoreValidationError as err:
        st.error(field_error(err, lang))
        for problem in err.problems:
            st.text("• " + t(f"notice_{problem.reason}", lang, name=problem.key, value=problem.value))
        return
    except DB_ERRORS:
        log.exception("saving a scenario failed")
        st.error(t("ws_db_error", lang))
        return
    st.success(t("ws_saved", lang, id=sid), icon=":material/check_circle:")


# ------------------------------------------------------------------ list, load, delete


def _beijing_time(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%m-%d %H:%M")


def _option_label(saved: SavedScenario) -> str:
    name = saved.name if len(saved.name) <= 60 else saved.name[:59] + "…"
    group = saved.group if len(saved.group) <= 40 else saved.group[:39] + "…"
    return f"#{saved.id} · {name}" + (f" · {group}" if group else "")


def library_frame(saved: Sequence[SavedScenario], lang: str,
                  targets_key: tuple[tuple[str, float], ...] = ()) -> pd.DataFrame:
    """The library table: one row per saved scenario, user text as it was typed."""
    rows = []
    for s in saved:
        growth = compute.run(s.scenario(), targets_key).gdp_real_growth
        rows.append({
            t("ws_col_id", lang): f"#{s.id}",
            t("ws_col_name", lang): s.name,
            t("ws_col_group", lang): s.group,
            t("ws_col_time", lang): _beijing_time(s.created_at),
            t("ws_col_gdp", lang): pct(growth),
            t("ws_col_version", lang): s.data_version,
            t("ws_col_note", lang): s.note,
        })
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "ws_col_id", "ws_col_name", "ws_col_group", "ws_col_time", "ws_col_gdp", "ws_col_version", "ws_col_note")])


def library_list(lib: ScenarioStore | None, code: str | None, lang: str) -> None:
    """The scenarios saved under this workshop code, and what can be done with one of them."""
    show_messages("library", lang)
    if lib is None:
        return
    if code is None:
        st.info(t("ws_list_need_code", lang))
        return
    try:
        saved = lib.list(code)
    except DB_ERRORS:
        log.exception("listing scenarios failed")
        st.error(t("ws_db_error", lang))
        return
    if not saved:
        st.info(t("ws_list_empty", lang))
        return
    st.dataframe(library_frame(saved, lang, state.targets_key()), hide_index=True, width="stretch",
                 key="ws_table")
    st.caption(t("ws_list_note", lang, n=len(saved)))
    by_id = {s.id: s for s in saved}
    picked = st.selectbox(t("ws_pick_label", lang), list(by_id), format_func=lambda i: _option_label(by_id[i]),
                          key="w_ws_pick")
    st.button(t("ws_load_button", lang), key="w_ws_load", type="primary", icon=":material/download:",
              on_click=_load, args=(lib, picked))
    pending = st.session_state.get(PENDING_DELETE)
    with st.expander(t("ws_facilitator_title", lang), expanded=pending in by_id, icon=":material/admin_panel_settings:"):
        st.caption(t("ws_delete_help", lang))
        if pending in by_id:
            st.warning(t("ws_delete_question", lang))
            st.text(_option_label(by_id[pending]))
            yes, no = st.columns(2)
            yes.button(t("ws_delete_yes", lang), key="w_ws_delete_yes", type="primary", on_click=_delete,
                       args=(lib, pending))
            no.button(t("ws_delete_no", lang), key="w_ws_delete_no", on_click=_cancel_delete)
        else:
            st.button(t("ws_delete_button", lang), key="w_ws_delete", icon=":material/delete:",
                      on_click=_ask_delete, args=(picked,))


def _load(lib: ScenarioStore, scenario_id: int) -> None:
    lang = state.lang()
    try:
        saved = lib.get(scenario_id)
    except ScenarioNotFoundError:
        _say("library", "warning", "ws_load_gone", id=scenario_id)
        return
    except DB_ERRORS:
        log.exception("loading a scenario failed")
        _say("library", "error", "ws_db_error")
        return
    scenario, problems = saved.parsed()
    state.restore(scenario.to_dict())
    _say("library", "success", "ws_loaded", id=saved.id)
    if saved.data_version != VERSION:
        _say("library", "warning", "ws_load_other_version", saved=_safe_version(saved.data_version), current=VERSION)
    if problems:
        lines = [t(f"notice_{p.reason}", lang, name=p.key, value=p.value) for p in problems]
        _say("library", "warning", "ws_load_dropped", lines=lines, n=len(problems))


def _ask_delete(scenario_id: int) -> None:
    st.session_state[PENDING_DELETE] = scenario_id


def _cancel_delete() -> None:
    st.session_state.pop(PENDING_DELETE, None)


def _delete(lib: ScenarioStore, scenario_id: int) -> None:
    st.session_state.pop(PENDING_DELETE, None)
    try:
        gone = lib.delete(scenario_id)
    except DB_ERRORS:
        log.exception("deleting a scenario failed")
        _say("library", "error", "ws_db_error")
        return
    _say("library", "success" if gone else "info", "ws_deleted" if gone else "ws_delete_missing", id=scenario_id)


# ------------------------------------------------------------------ exports and upload


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


def brief_download(lang: str, page_path: str) -> None:
    """The one-page brief as HTML, in the app's language."""
    title = st.text_input(t("ws_brief_title_label", lang), max_chars=store.NAME_MAX, key="w_ws_brieftitle")
    link = exports.simulator_link(st.context.url, state.query(), page_path)
    html = exports.brief_html(
        lang=lang, values=st.session_state[state.SCENARIO], result=compute.run(state.scenario(), state.targets_key()),
        baseline=compute.baseline(), link=link, made_on=datetime.now(BEIJING).date(), title=title,
    )
    st.download_button(t("ws_brief_button", lang), html, file_name=f"huadu2025_brief_{lang}.html", mime="text/html",
                       key="w_ws_brief", on_click="ignore", icon=":material/description:")
    st.caption(t("ws_brief_help", lang))


def upload(lang: str) -> None:
    """Restore a scenario from a JSON file: applied whole, or not at all (see ui.exports)."""
    st.file_uploader(t("ws_upload_label", lang), type=["json"], key=UPLOAD_KEY, on_change=_on_upload,
                     help=t("ws_upload_help", lang))
    st.caption(t("ws_upload_policy", lang))
    show_messages("upload", lang)


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:  # the file was removed from the box
        return
    apply_upload(uploaded.getvalue())  # already in memory (Streamlit caps uploads at 2 MB); the check is by length


def apply_upload(content: bytes) -> exports.ParsedUpload:
    """Check a file and, only if it is entirely good, make it the session's scenario; queue what happened."""
    lang = state.lang()
    parsed = exports.parse_scenario_upload(content)
    if not parsed.ok:
        lines = [exports.upload_problem_line(p, lang) for p in parsed.problems]
        _say("upload", "error", "ws_upload_rejected", lines=lines, n=len(lines))
        return parsed
    state.restore(parsed.values, parsed.targets)
    _say("upload", "success", "ws_upload_applied", n=len(parsed.values))
    if parsed.other_version:
        _say("upload", "warning", "ws_load_other_version", saved=_safe_version(parsed.version), current=VERSION)
    return parsed


# ------------------------------------------------------------------ the facilitator board


@functools.lru_cache(maxsize=2048)
def chance_of_gdp_target(scenario: Scenario, targets_key: tuple[tuple[str, float], ...] = ()) -> float:
    """P(real GDP growth >= its target) from BOARD_DRAWS Monte Carlo draws (fixed seed), once per scenario."""
    return monte_carlo(scenario, draws=BOARD_DRAWS, seed=0, target_values=dict(targets_key)).probability_met[GDP_TARGET_ID]


@dataclass(frozen=True)
class BoardRow:
    """One group's saved scenario on the board. `label` is user text (name and group), unique on the board."""

    id: int
    label: str
    name: str
    group: str
    gdp_growth: float
    chance: float
    levers: Mapping[str, float]
    met: Mapping[str, bool]
    created_at: datetime


def board_rows(saved: Sequence[SavedScenario], targets_key: tuple[tuple[str, float], ...] = ()) -> list[BoardRow]:
    """Each saved scenario simulated (cached) with its chance of the GDP target; highest growth first."""
    labels = [(s.group or s.name)[:40] for s in saved]
    rows = []
    for s, label in zip(saved, labels, strict=True):
        scenario = s.scenario()
        result = compute.run(scenario, targets_key)
        rows.append(BoardRow(
            id=s.id, label=label if labels.count(label) == 1 else f"{label} (#{s.id})", name=s.name, group=s.group,
            gdp_growth=float(result.gdp_real_growth), chance=chance_of_gdp_target(scenario, targets_key),
            levers={k: float(getattr(scenario, k)) for k in BOARD_LEVERS},
            met={k: bool(result.targets[k].met) for k in EDITABLE_TARGETS}, created_at=s.created_at,
        ))
    return sorted(rows, key=lambda r: (-r.gdp_growth, r.id))


def board_median(rows: Sequence[BoardRow]) -> float:
    return float(statistics.median(r.gdp_growth for r in rows))


def board_frame(rows: Sequence[BoardRow], lang: str) -> pd.DataFrame:
    """The board's table: group, scenario, growth, chance, levers, and each target met or not."""
    yes, no = t("board_yes", lang), t("board_no", lang)
    records = []
    for r in rows:
        record = {
            t("ws_col_group", lang): r.group,
            t("ws_col_name", lang): r.name,
            t("board_col_gdp", lang): pct(r.gdp_growth),
            t("board_col_chance", lang): pct(r.chance, 0),
            t("board_col_met", lang): f"{sum(r.met.values())}/{len(r.met)}",
        }
        for target_id in EDITABLE_TARGETS:
            record[t("board_col_target", lang, target=pick(_DATA.targets[target_id].label, lang))] = (
                yes if r.met[target_id] else no)
        for lever in BOARD_LEVERS:
            record[pick(_DATA.params[lever].label, lang)] = pct(r.levers[lever], 1, signed=True)
        record[t("ws_col_time", lang)] = _beijing_time(r.created_at)
        records.append(record)
    return pd.DataFrame(records)


def board_chart(rows: Sequence[BoardRow], median: float, target: float, lang: str) -> dict:
    """Bars of each group's projected 2025 real GDP growth, the groups' median and the target as rules.

    A Vega-Lite spec (dict). Large type throughout, for a projector. Labels are Vega text marks:
    user text is drawn literally. Built once per distinct board: a refresh that finds nothing
    new costs no Altair validation (about 0.2 s a build).
    """
    groups = tuple((r.label, r.gdp_growth, r.chance) for r in rows)
    return copy.deepcopy(_board_chart_spec(groups, median, target, lang))


@functools.lru_cache(maxsize=64)
def _board_chart_spec(groups: tuple[tuple[str, float, float], ...], median: float, target: float, lang: str) -> dict:
    met_word, not_met_word = t("board_meets_gdp", lang), t("board_misses_gdp", lang)
    table = pd.DataFrame({
        "label": [label for label, _, _ in groups],
        "growth": [100 * growth for _, growth, _ in groups],
        "label_at": [max(100 * growth, 0.0) for _, growth, _ in groups],  # a negative bar's label sits right of zero
        "shown": [pct(growth) for _, growth, _ in groups],
        "chance": [pct(chance, 0) for _, _, chance in groups],
        "status": [met_word if growth >= target - 1e-12 else not_met_word for _, growth, _ in groups],
    })
    order = [label for label, _, _ in groups]
    axis_title = t("board_axis_gdp", lang)
    values = [100 * growth for _, growth, _ in groups] + [100 * median, 100 * target, 0.0]
    domain = [min(values) - 0.5, max(values) + 1.2]
    bars = alt.Chart(table).mark_bar(cornerRadiusEnd=3, height={"band": 0.7}).encode(
        x=alt.X("growth:Q", title=axis_title, scale=alt.Scale(domain=domain, nice=False)),
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelFontSize=20)),
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=[met_word, not_met_word],
                                                               range=["#1e7b34", "#c0392b"]),
                        legend=alt.Legend(orient="bottom", labelFontSize=18, symbolSize=220, labelLimit=0)),
        tooltip=[alt.Tooltip("label:N", title=t("ws_col_group", lang)),
                 alt.Tooltip("shown:N", title=t("board_col_gdp", lang)),
                 alt.Tooltip("chance:N", title=t("board_col_chance", lang))],
    )
    labels = bars.mark_text(align="left", dx=6, fontSize=20, fontWeight="bold", color="#1f2933").encode(
        x="label_at:Q", text="shown:N", color=alt.value("#1f2933"))
    # The median and the target as vertical rules, each labelled on the side away from the other.
    (low_x, low_text), (high_x, high_text) = sorted([
        (100 * median, t("board_median_rule", lang, value=pct(median))),
        (100 * target, t("board_target_rule", lang, value=pct(target))),
    ])
    rules = pd.DataFrame({"x": [100 * median, 100 * target], "dash": ["solid", "dashed"]})
    rule = alt.Chart(rules).mark_rule(strokeWidth=3, color="#1f2933").encode(
        x="x:Q",
        strokeDash=alt.StrokeDash("dash:N", scale=alt.Scale(domain=["solid", "dashed"], range=[[1, 0], [8, 5]]),
                                  legend=None),
    )
    rule_labels = [
        alt.Chart(pd.DataFrame({"x": [x], "text": [text]})).mark_text(
            align=align, dx=dx, dy=-12, fontSize=18, fontWeight="bold", color="#1f2933",
        ).encode(x="x:Q", y=alt.value(0), text="text:N")
        for x, text, align, dx in ((low_x, low_text, "right", -6), (high_x, high_text, "left", 6))
    ]
    # Streamlit fits the whole chart (title, axis, legend included) into `height` pixels.
    height = 170 + 64 * len(groups)
    return (
        alt.layer(bars, labels, rule, *rule_labels)
        .properties(height=height, title=t("board_chart_title", lang))
        .configure_axis(labelFontSize=18, titleFontSize=18, grid=True)
        .configure_title(fontSize=24, anchor="start")
        .configure_view(stroke=None)
        .to_dict()
    )


def board(code: str | None, lang: str, paused: bool) -> None:
    """The live part of the board: re-runs alone every BOARD_REFRESH_SECONDS unless paused."""

    @st.fragment(run_every=None if paused else BOARD_REFRESH_SECONDS)
    def live() -> None:
        _board_body(code, lang)

    live()


def _board_body(code: str | None, lang: str) -> None:
    if code is None:
        st.info(t("board_need_code", lang))
        return
    lib = open_library(lang)
    if lib is None:
        return
    try:
        saved = lib.list(code)
    except DB_ERRORS:
        log.exception("board: listing scenarios failed")
        st.error(t("ws_db_error", lang))
        return
    now = datetime.now(UTC).astimezone(BEIJING).strftime("%H:%M:%S")
    if not saved:
        st.info(t("board_empty", lang))
        st.caption(t("board_updated", lang, time=now))
        return
    targets_key = state.targets_key()
    rows = board_rows(saved, targets_key)
    median = board_median(rows)
    target = dict(targets_key).get(GDP_TARGET_ID, _DATA.targets[GDP_TARGET_ID].value)
    reaching = sum(r.gdp_growth >= target - 1e-12 for r in rows)
    a, b, c = st.columns(3)
    a.metric(t("board_groups", lang), str(len(rows)), border=True)
    b.metric(t("board_median", lang), pct(median), border=True)
    c.metric(t("board_reaching", lang, target=pct(target)), f"{reaching}/{len(rows)}", border=True)
    a11y.chart(board_chart(rows, median, target, lang), key="board_chart", lang=lang, summary=chart_words.see_table(t("board_chart_title", lang), lang))
    st.dataframe(board_frame(rows, lang), hide_index=True, width="stretch", row_height=44, key="board_table")
    st.caption(t("board_updated", lang, time=now) + " " + t("board_chance_note", lang, draws=f"{BOARD_DRAWS:,}"))
