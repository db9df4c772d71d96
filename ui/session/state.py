"""Session state: the one canonical scenario of a session, read from the URL once, written back from one place.

Canonical state lives in plain keys (not widget keys), so it survives page switches:
    scenario_values  {param_id: float}   the levers and assumptions (shares)
    target_values    {target_id: float}  the user's macro targets (defaults from data/)
    lang             "zh" | "en"
    url_notices      [Notice]            what the URL held that could not be used
Widgets hold a display copy (percent for rates) under keys "w_<page>_<id>"; their callbacks
write the canonical state through set_value().
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from model import FIELDS, Scenario
from model.production import SETS_DIRECTLY
from ui.session import url
from ui.session.dataset import dataset
from ui.shared.format import scale, to_display
from ui.shared.i18n import DEFAULT_LANG

SCENARIO = "scenario_values"
TARGETS = "target_values"
LANG = "lang"
NOTICES = "url_notices"
_LAST_QUERY = "_last_query"
WORKSHOP_CODE = "workshop_code"
OPENING_LINK = "opening_link"  # what the link held (url.UrlState): its workshop rights go to ui/workshop/rights.py
PRESENTING = "board_presenting"  # the board's presenter view is on (the toggle, or present=1 in the link)


def defaults() -> dict[str, float]:
    return {k: float(getattr(Scenario(), k)) for k in FIELDS}


def default_targets() -> dict[str, float]:
    return {k: dataset().targets[k].value for k in url.editable_targets()}


def init_session() -> None:
    """First run of a session: take the scenario from the URL (validated). Later runs: nothing."""
    ss = st.session_state
    if SCENARIO in ss:
        return
    query = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    parsed = url.parse_url(query)
    ss[SCENARIO] = defaults() | parsed.values
    ss[TARGETS] = default_targets() | parsed.targets
    ss[LANG] = parsed.lang
    ss[NOTICES] = parsed.notices
    ss[WORKSHOP_CODE] = parsed.workshop
    ss[OPENING_LINK] = parsed
    ss[PRESENTING] = parsed.present


def opening_link() -> url.UrlState | None:
    """What the link that opened this session held (None before init_session): ui/workshop/rights.py takes the
    facilitator key and group tokens from it, the workshop's own state living there, not here."""
    return st.session_state.get(OPENING_LINK)


def add_notices(notices: Sequence[url.Notice]) -> None:
    """More that the link held and could not be used (the browser's report of a dropped query: ui/workshop/device.py)."""
    known = st.session_state.get(NOTICES) or []
    st.session_state[NOTICES] = known + [n for n in notices if n not in known]


def lang() -> str:
    return st.session_state.get(LANG, DEFAULT_LANG)


def scenario() -> Scenario:
    """The session's scenario as a frozen (hashable) Scenario."""
    return Scenario(**st.session_state[SCENARIO])


def targets() -> dict[str, float]:
    return dict(st.session_state[TARGETS])


def targets_key() -> tuple[tuple[str, float], ...]:
    """Hashable form of the targets, for cached calls."""
    return tuple(sorted(st.session_state[TARGETS].items()))


# ------------------------------------------------------------------ widget keys


_PARAMETER_WIDGET_PAGES: set[str] = set()  # every page that has drawn a parameter's widgets in this process
_PARAMETER_WIDGET_KINDS = ("s", "n")  # slider, number box (ui/shared/widgets.py)


def widget_key(page: str, kind: str, param_id: str) -> str:
    """The session-state key of a parameter's widget on a page (kind: "s" slider, "n" number box)."""
    _PARAMETER_WIDGET_PAGES.add(page)
    return f"w_{page}_{kind}_{param_id}"


# ------------------------------------------------------------------ changes


def set_values(values: Mapping[str, float]) -> None:
    """Change canonical values and every widget copy of them (safe inside callbacks)."""
    ss = st.session_state
    ss[SCENARIO] = ss[SCENARIO] | {k: float(v) for k, v in values.items()}
    # the widget copies a session can hold: each page's slider and number box (not a walk over
    # every key of session state, which costs more than the rest of a lever move's bookkeeping)
    for page in tuple(_PARAMETER_WIDGET_PAGES):
        for kind in _PARAMETER_WIDGET_KINDS:
            for param_id, value in values.items():
                key = widget_key(page, kind, param_id)
                if key in ss:
                    ss[key] = to_display(param_id, value)


def apply_preset(preset_id: str) -> None:
    """A preset sets the levers it names and puts the other levers back to default;
    assumptions the user changed are kept."""
    set_values(preset_values(preset_id))


def preset_values(preset_id: str) -> dict[str, float]:
    """What apply_preset sets: every lever, the preset's where it names one, else the default."""
    return _lever_defaults() | {k: float(v) for k, v in dataset().presets[preset_id].values.items()}


def preset_holds(preset_id: str) -> bool:
    """Every value the preset sets is still as it set it, to the lever panel's shown precision (two decimals of a
    percent: a panel that echoes 1.91% for the preset's 1.91002% has not moved): no lever has moved since."""
    now = st.session_state[SCENARIO]
    return all(abs(now[k] - v) <= 0.005 / scale(k) for k, v in preset_values(preset_id).items())


def _lever_defaults() -> dict[str, float]:
    """Every lever at its default, and the links a lever switches off when moved (SETS_DIRECTLY) back on."""
    base = defaults()
    ids = [p.id for p in dataset().params_in("lever", "advanced")]
    ids += [k for lever in ids for k in SETS_DIRECTLY.get(lever, {})]
    return {k: base[k] for k in ids}


def reset_levers() -> None:
    set_values(_lever_defaults())


PRESET_BOX = "w_sim_preset"  # the simulator's preset box


def reset_all() -> None:
    """Everything a group set back to its default: levers, assumptions and targets, and no preset named (the
    simulator's reset, so the next group at this device starts where the first one did)."""
    set_values(defaults())
    st.session_state[PRESET_BOX] = None
    st.session_state[TARGETS] = default_targets()
    targets_shown = tuple(f"_t_{target_id}" for target_id in url.editable_targets())
    for key in [k for k in st.session_state if k.startswith("w_") and k.endswith(targets_shown)]:
        del st.session_state[key]  # a target's number box (assumptions page) takes its value from TARGETS again


def reset_assumptions() -> None:
    base = defaults()
    set_values({p.id: base[p.id] for p in dataset().params_in("assumption")})


def set_target(target_id: str, value: float) -> None:
    st.session_state[TARGETS] = st.session_state[TARGETS] | {target_id: float(value)}


def set_lang(new_lang: str) -> None:
    st.session_state[LANG] = new_lang


# ------------------------------------------------------------------ URL


def query() -> dict[str, str]:
    ss = st.session_state
    return url.to_query(ss[SCENARIO], ss[TARGETS], ss[LANG])


def sync_url(extra: Mapping[str, str] | None = None) -> None:
    """Write the scenario and the workshop into the URL (the one place that does), only when it changed.
    extra: what one page adds to its own address (the board's present=1).

    Secrets never: a facilitator key or author tokens that came in a link leave the address bar on
    the first run (the session and the browser's own storage keep them: ui/workshop/device.py).
    """
    ss = st.session_state
    wanted = query() | url.workshop_query(ss.get(WORKSHOP_CODE, "")) | dict(extra or {})
    if st.session_state.get(_LAST_QUERY) == wanted and st.query_params.to_dict() == wanted:
        return
    st.query_params.from_dict(wanted)
    st.session_state[_LAST_QUERY] = wanted


# ------------------------------------------------------------------ workshop (scenario library)



ACTION_STARTED = "action_started"  # monotonic time of this run's first database call (ui/workshop/library.attempt)
FAULTS_SHOWN = "faults_shown"  # message keys of database faults already shown in this run


def end_run() -> None:
    """A run is over: the next click is a new action, with its own wait and its own messages."""
    st.session_state.pop(ACTION_STARTED, None)
    st.session_state.pop(FAULTS_SHOWN, None)


def presenting() -> bool:
    """The board's presenter view is on for this session."""
    return bool(st.session_state.get(PRESENTING))


def set_presenting(on: bool) -> None:
    st.session_state[PRESENTING] = bool(on)


def workshop_code() -> str:
    """The workshop code this session works in, as typed (checked where it is used); "" if none yet. What the
    session holds in it (keys, group tokens, the group's name): ui/workshop/rights.py."""
    return st.session_state.get(WORKSHOP_CODE, "")


def set_workshop_code(code: str) -> None:
    st.session_state[WORKSHOP_CODE] = (code or "").strip()


def restore(values: Mapping[str, float], targets: Mapping[str, float] | None = None) -> None:
    """Make a saved or uploaded scenario the session's own: fields it lacks take their defaults."""
    set_values(defaults() | {k: float(v) for k, v in values.items()})
    for target_id, value in (targets or {}).items():
        set_target(target_id, value)
