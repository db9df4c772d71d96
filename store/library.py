"""The scenario library: save, read, list and delete named scenarios, grouped by workshop code."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import Engine, delete, select

import data
from model import Problem, Scenario, parse_scenario
from store.engine import get_engine
from store.schema import ensure_schema, scenarios
from store.validate import (
    GROUP_MAX,
    NAME_MAX,
    NOTE_MAX,
    check_text,
    check_values,
    normalise_workshop_code,
)

DEFAULT_LIST_LIMIT = 500


class ScenarioNotFoundError(KeyError):
    """No saved scenario has this id (never saved, or deleted)."""


@dataclass(frozen=True)
class SavedScenario:
    """One row of the library, exactly as stored. Text fields are literal: render them as plain text."""

    id: int
    workshop_code: str
    name: str
    group: str
    note: str
    values: Mapping[str, Any] = dataclasses.field(hash=False)
    data_version: str
    created_at: datetime

    def parsed(self) -> tuple[Scenario, list[Problem]]:
        """(Scenario, problems): keys unknown to this version or now out of range are dropped and reported."""
        return parse_scenario(self.values)

    def scenario(self) -> Scenario:
        """The stored values as a model.Scenario; see problems() for what was dropped."""
        return self.parsed()[0]

    def problems(self) -> list[Problem]:
        """What could not be used from the stored values (empty for a scenario saved by this version)."""
        return self.parsed()[1]


def _row_to_saved(row: Any) -> SavedScenario:
    created = row.created_at
    if created.tzinfo is None:  # SQLite keeps no offset; every stored time is UTC
        created = created.replace(tzinfo=UTC)
    raw_values = row.scenario_values if isinstance(row.scenario_values, Mapping) else {}
    return SavedScenario(
        id=row.id,
        workshop_code=row.workshop_code,
        name=row.name,
        group=row.group_name,
        note=row.note,
        values=MappingProxyType(dict(raw_values)),
        data_version=row.data_version,
        created_at=created.astimezone(UTC),
    )


class ScenarioStore:
    """Saved scenarios in one database. Safe to share between threads; create once per process."""

    def __init__(self, url: str | None = None):
        """Connect to `url` (default: database_url()) and create or migrate the schema."""
        self.engine: Engine = get_engine(url)
        self.schema_version = ensure_schema(self.engine)

    def save(
        self,
        workshop_code: str,
        name: str,
        values: Scenario | Mapping[str, Any],
        group: str | None = "",
        note: str | None = "",
    ) -> int:
        """Validate and store one scenario; returns its new id. Raises StoreValidationError on bad input."""
        row = {
            "workshop_code": normalise_workshop_code(workshop_code),
            "name": check_text("name", name, NAME_MAX, required=True),
            "group_name": check_text("group", group, GROUP_MAX, required=False),
            "note": check_text("note", note, NOTE_MAX, required=False),
            "scenario_values": check_values(values),
            "data_version": data.load().version,
            "created_at": datetime.now(UTC),
        }
        with self.engine.begin() as conn:
            return conn.execute(scenarios.insert().values(**row)).inserted_primary_key[0]

    def get(self, scenario_id: int) -> SavedScenario:
        """The scenario with this id; raises ScenarioNotFoundError if there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(select(scenarios).where(scenarios.c.id == scenario_id)).first()
        if row is None:
            raise ScenarioNotFoundError(scenario_id)
        return _row_to_saved(row)

    def list(self, workshop_code: str | None = None, limit: int = DEFAULT_LIST_LIMIT) -> list[SavedScenario]:
        """Saved scenarios, newest first, optionally of one workshop (the code is normalised first)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, not {limit!r}")
        query = select(scenarios).order_by(scenarios.c.created_at.desc(), scenarios.c.id.desc()).limit(limit)
        if workshop_code is not None:
            query = query.where(scenarios.c.workshop_code == normalise_workshop_code(workshop_code))
        with self.engine.connect() as conn:
            return [_row_to_saved(row) for row in conn.execute(query)]

    def delete(self, scenario_id: int) -> bool:
        """Remove one scenario; True if it existed."""
        with self.engine.begin() as conn:
            return conn.execute(delete(scenarios).where(scenarios.c.id == scenario_id)).rowcount > 0

    def workshop_codes(self) -> list[str]:
        """Every workshop code that has at least one saved scenario, sorted."""
        query = select(scenarios.c.workshop_code).distinct().order_by(scenarios.c.workshop_code)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())
