"""The shared link: parse untrusted query parameters into a scenario, and write one back (pure, no streamlit).

A link holds only what differs from the defaults, plus `lang` and `v` (the data/model version).
Each bad value is dropped, the default used, and a Notice says why; nothing here raises.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from model import FIELDS, Scenario, parse_scenario, parse_value
from model.scenario import number_from_text
from ui.session.dataset import dataset
from ui.shared.i18n import DEFAULT_LANG, LANGS

TARGET_PREFIX = "t_"
MAX_KEYS = 60
MAX_KEY_CHARS = 64
MAX_VALUE_CHARS = 64
WORKSHOP_KEY = "ws"  # the workshop code: a reload, a restart or a shared link keeps the workshop
FACILITATOR_KEY = "fk"  # the facilitator's secret, only in the facilitator's own links
AUTHOR_KEYS = "ak"  # a group's author tokens, in the link it hands to its own second device
AUTHOR_KEYS_MAX = 8  # tokens one link may carry ("."-separated)
PRESENT_KEY = "present"  # the board's presenter view (present=1): a link the projector's computer can keep
PRESENT_VALUES = {"1": True, "0": False}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")


def version() -> str:
    """The data version (meta.toml) a link is written for."""
    return dataset().version


def editable_targets() -> tuple[str, ...]:
    """The targets a user may set (the projected ones), in targets.toml's order."""
    return tuple(t.id for t in dataset().targets.values() if t.projected)


@dataclass(frozen=True)
class Notice:
    """Why a URL value was not used. reason: unknown / not_a_number / out_of_range / too_long /
    repeated / bad_language / too_many / old_version / bad_author_keys."""

    key: str
    reason: str
    value: str = ""


@dataclass
class UrlState:
    values: dict[str, float] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    lang: str = DEFAULT_LANG
    notices: list[Notice] = field(default_factory=list)
    workshop: str = ""
    facilitator_key: str = ""
    author_keys: tuple[str, ...] = ()
    present: bool = False


def is_token(raw: object) -> bool:
    """A url-safe secret of 8..64 characters (author tokens and facilitator keys have this shape)."""
    return isinstance(raw, str) and _TOKEN.fullmatch(raw) is not None


def parse_author_keys(raw: str) -> tuple[str, ...]:
    """The tokens of an `ak` value, or ValueError: 1..AUTHOR_KEYS_MAX url-safe tokens joined by "."."""
    tokens = tuple(raw.strip().split("."))
    if not 0 < len(tokens) <= AUTHOR_KEYS_MAX or not all(is_token(token) for token in tokens):
        raise ValueError("bad_token")
    return tokens


def _target_value(target_id: str, raw: str) -> float:
    t = dataset().targets[target_id]
    number = number_from_text(raw)  # any script's digits, as a lever's value; ValueError for text
    if not (t.min <= number <= t.max):  # NaN fails this too
        raise ValueError("out_of_range")
    return number + 0.0


def parse_url(query: Mapping[str, Sequence[str]]) -> UrlState:
    """query: key -> all values given for it (as from st.query_params.get_all)."""
    state = UrlState()
    scenario_raw: dict[str, str] = {}
    for i, (key, raws) in enumerate(query.items()):
        shown_key = str(key)[:MAX_KEY_CHARS]
        if i >= MAX_KEYS:
            state.notices.append(Notice("…", "too_many"))
            break
        raws = list(raws)
        if not raws:
            continue
        if len(set(raws)) > 1:
            secret = key in (FACILITATOR_KEY, AUTHOR_KEYS)  # never repeated on screen
            state.notices.append(Notice(shown_key, "repeated", "" if secret else str(raws[-1])[:MAX_VALUE_CHARS]))
            continue
        raw = raws[-1]
        shown = str(raw)[:MAX_VALUE_CHARS]
        if key == "lang":
            if raw in LANGS:
                state.lang = raw
            else:
                state.notices.append(Notice("lang", "bad_language", shown))
        elif key in (WORKSHOP_KEY, FACILITATOR_KEY):
            if len(raw) > MAX_VALUE_CHARS:
                state.notices.append(Notice(shown_key, "too_long", shown))
            elif key == WORKSHOP_KEY:
                state.workshop = raw.strip()
            else:
                state.facilitator_key = raw.strip()
        elif key == AUTHOR_KEYS:
            try:
                state.author_keys = parse_author_keys(raw)
            except ValueError:
                state.notices.append(Notice(AUTHOR_KEYS, "bad_author_keys"))  # a secret: never repeated
        elif key == PRESENT_KEY:
            if raw.strip() in PRESENT_VALUES:
                state.present = PRESENT_VALUES[raw.strip()]
            else:
                state.notices.append(Notice(shown_key, "out_of_range", shown))
        elif key == "v":
            if raw != version():
                state.notices.append(Notice("v", "old_version", shown))
        elif key.startswith(TARGET_PREFIX) and key[len(TARGET_PREFIX):] in editable_targets():
            if len(raw) > MAX_VALUE_CHARS:
                state.notices.append(Notice(shown_key, "too_long", shown))
                continue
            try:
                state.targets[key[len(TARGET_PREFIX):]] = _target_value(key[len(TARGET_PREFIX):], raw)
            except ValueError:
                state.notices.append(Notice(shown_key, "out_of_range" if _is_number(raw) else "not_a_number", shown))
        elif key in FIELDS:
            scenario_raw[key] = raw
        else:
            state.notices.append(Notice(shown_key, "unknown", shown))
    scenario, problems = parse_scenario(scenario_raw)
    state.values = {k: getattr(scenario, k) for k in scenario_raw if not any(p.key == k for p in problems)}
    state.notices.extend(Notice(p.key, p.reason, p.value) for p in problems)
    return state


def _is_number(raw: str) -> bool:
    """A finite number (NaN and inf are "not a number", as for scenario values in model.parse_value)."""
    try:
        return math.isfinite(number_from_text(raw))
    except ValueError:
        return False


def to_query(values: Mapping[str, float], targets: Mapping[str, float], lang: str) -> dict[str, str]:
    """The query parameters for a scenario: only values that differ from the defaults."""
    default = Scenario()
    query = {"lang": lang, "v": version()}
    for key in FIELDS:
        if key in values and values[key] != getattr(default, key):
            query[key] = repr(float(values[key]))
    for target_id, value in targets.items():
        if value != dataset().targets[target_id].value:
            query[TARGET_PREFIX + target_id] = repr(float(value))
    return query


def workshop_query(code: str, facilitator_key: str = "") -> dict[str, str]:
    """The workshop part of a link: its code, and the facilitator's key only where asked for."""
    query = {WORKSHOP_KEY: code} if code else {}
    if code and facilitator_key:
        query[FACILITATOR_KEY] = facilitator_key
    return query


def present_query(presenting: bool) -> dict[str, str]:
    """The presenter view's part of a board link: present=1 while it is on, nothing otherwise."""
    return {PRESENT_KEY: "1"} if presenting else {}


__all__ = ["Notice", "workshop_query", "present_query", "UrlState", "parse_url", "to_query", "parse_value", "version", "editable_targets"]
