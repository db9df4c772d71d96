"""The scenario library: named scenarios saved per workshop in SQLite or PostgreSQL (no streamlit here).

    from store import ScenarioStore
    lib = ScenarioStore()                      # HUADU_DATABASE_URL, else ./var/scenarios.sqlite3
    room = lib.create_workshop()               # room.code for the groups, room.facilitator_key for the link
    sid = lib.save(room.code, "稳增长", scenario.to_dict(), group="Team 1", save_token=..., author_token=...)
    lib.get(sid).scenario()                    # a model.Scenario again
    lib.save(..., save_token=t, author_token=a, replace=True)   # a retry with edits: still one row
    lib.find_by_token(room.code, t)            # the id, if a save that timed out landed after all
    lib.delete(sid, room.code, author_token=...)   # recorded; lib.restore(sid, room.code, facilitator_key=...)

Every call returns within a time limit (StoreTimeoutError otherwise), and the calls of one action
share one under `with store.deadline(seconds):`; is_config_fault(exc) tells a set-up fault from a
passing one.
"""

from store.bounded import (
    DB_FAULTS,
    DEFAULT_TIMEOUT_S,
    StoreConfigError,
    StoreTimeoutError,
    deadline,
    is_config_fault,
)
from store.engine import database_url, dispose_engine, get_engine
from store.library import DEFAULT_LIST_LIMIT, SavedScenario, ScenarioNotFoundError, ScenarioStore
from store.schema import MIGRATIONS, SCHEMA_VERSION, ensure_schema, read_schema_version
from store.validate import (
    GROUP_MAX,
    NAME_MAX,
    NOTE_MAX,
    REASONS,
    WORKSHOP_CODE_MAX,
    StoreError,
    StoreValidationError,
    check_text,
    clean_label,
    code_skeleton,
    normalise_workshop_code,
)
from store.workshops import CodeLookup, NewWorkshop, NotAllowedError, token_hash

__all__ = [
    "DB_FAULTS",
    "DEFAULT_LIST_LIMIT",
    "DEFAULT_TIMEOUT_S",
    "GROUP_MAX",
    "MIGRATIONS",
    "NAME_MAX",
    "NOTE_MAX",
    "REASONS",
    "SCHEMA_VERSION",
    "WORKSHOP_CODE_MAX",
    "CodeLookup",
    "NewWorkshop",
    "NotAllowedError",
    "SavedScenario",
    "ScenarioNotFoundError",
    "ScenarioStore",
    "StoreConfigError",
    "StoreError",
    "StoreTimeoutError",
    "StoreValidationError",
    "check_text",
    "clean_label",
    "code_skeleton",
    "database_url",
    "deadline",
    "dispose_engine",
    "ensure_schema",
    "get_engine",
    "is_config_fault",
    "normalise_workshop_code",
    "read_schema_version",
    "token_hash",
]
