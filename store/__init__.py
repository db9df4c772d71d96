"""The scenario library: named scenarios saved per workshop in SQLite or PostgreSQL (no streamlit here).

    from store import ScenarioStore
    lib = ScenarioStore()                      # HUADU_DATABASE_URL, else ./var/scenarios.sqlite3
    sid = lib.save("HD2025-A", "稳增长", scenario.to_dict(), group="Team 1", note="...")
    lib.get(sid).scenario()                    # a model.Scenario again
"""

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
    normalise_workshop_code,
)

__all__ = [
    "DEFAULT_LIST_LIMIT",
    "GROUP_MAX",
    "MIGRATIONS",
    "NAME_MAX",
    "NOTE_MAX",
    "REASONS",
    "SCHEMA_VERSION",
    "WORKSHOP_CODE_MAX",
    "SavedScenario",
    "ScenarioNotFoundError",
    "ScenarioStore",
    "StoreError",
    "StoreValidationError",
    "database_url",
    "dispose_engine",
    "ensure_schema",
    "get_engine",
    "normalise_workshop_code",
    "read_schema_version",
]
