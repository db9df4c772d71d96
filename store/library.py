"""The scenario library: save, read, list, delete (recorded, restorable) named scenarios, grouped by workshop code."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select, update

import data
from model import Problem, Scenario, parse_scenario
from store import engine as engines
from store.bounded import DEFAULT_TIMEOUT_S, run_bounded
from store.saving import find_by_token, insert_once, replace_own
from store.schema import TOKEN_MAX, ensure_schema, scenarios
from store.sqlite_file import SQLiteFileGuard, guard_for, recorded_guard
from store.validate import (
    GROUP_MAX,
    NAME_MAX,
    NOTE_MAX,
    StoreValidationError,
    check_text,
    check_values,
    clean_label,
    clean_note,
    normalise_workshop_code,
)
from store.workshops import NotAllowedError, WorkshopRoles, token_hash

DEFAULT_LIST_LIMIT = 500
T = TypeVar("T")


class ScenarioNotFoundError(KeyError):
    """No saved scenario has this id in this workshop (never saved, or deleted)."""


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
    author_hash: str | None = None
    deleted_at: datetime | None = None
    deleted_by: str | None = None  # "author" or "facilitator"

    def parsed(self) -> tuple[Scenario, list[Problem]]:
        """(Scenario, problems): keys unknown to this version or now out of range are dropped and reported."""
        return parse_scenario(self.values)

    def scenario(self) -> Scenario:
        """The stored values as a model.Scenario; see problems() for what was dropped."""
        return self.parsed()[0]

    def problems(self) -> list[Problem]:
        """What could not be used from the stored values (empty for a scenario saved by this version)."""
        return self.parsed()[1]

    def saved_by(self, author_token: str | None) -> bool:
        """True if the browser session holding `author_token` saved it."""
        return bool(author_token) and self.author_hash == token_hash(author_token)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite keeps no offset; every stored time is UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _row_to_saved(row: Any) -> SavedScenario:
    raw_values = row.scenario_values if isinstance(row.scenario_values, Mapping) else {}
    return SavedScenario(
        id=row.id, workshop_code=row.workshop_code, name=row.name, group=row.group_name, note=row.note,
        values=MappingProxyType(dict(raw_values)), data_version=row.data_version, created_at=_utc(row.created_at),
        author_hash=row.author_hash, deleted_at=_utc(row.deleted_at), deleted_by=row.deleted_by,
    )


def _text(field: str, value: Any, limit: int, required: bool, clean: Callable[[str], str]) -> str:
    return check_text(field, clean(value) if isinstance(value, str) else value, limit, required)


class ScenarioStore(WorkshopRoles):
    """Saved scenarios in one database. Safe to share between threads; create once per process.

    Every call returns within `timeout_s` (or the time left of a store.deadline) or raises
    store.StoreTimeoutError. A SQLite file removed or replaced since it was opened raises
    StoreConfigError on every call.
    """

    def __init__(self, url: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S):
        """Connect to `url` (default: database_url()) and create or migrate the schema."""
        self.timeout_s = timeout_s
        self.url = url or engines.database_url()
        self.engine: Engine = engines.get_engine(self.url)
        self._file: SQLiteFileGuard | None = None
        self.schema_version = run_bounded(self._open, timeout_s)

    def _open(self) -> int:
        # An engine a store opened before: its file must still be there before anything runs on it
        # (a failed statement may drop a connection, and the new one would quietly make a new file).
        self._file = recorded_guard(self.engine)
        self._check_file()
        version = ensure_schema(self.engine)
        path = engines.sqlite_path(self.url)
        if path is not None and self._file is None:  # recorded once the schema is there, so the file exists
            self._file = guard_for(self.engine, path)
            self._check_file()
        return version

    @property
    def where(self) -> str:
        """Where scenarios are kept: "sqlite_local" (a SQLite file here), "memory" or "shared" (a database server)."""
        return engines.where(self.url)

    @property
    def location(self) -> str:
        """The SQLite file's path, or the database URL with its password masked."""
        return engines.location(self.url)

    def _bounded(self, call: Callable[[], T]) -> T:
        def checked() -> T:
            self._check_file()
            return call()

        return run_bounded(checked, self.timeout_s)

    def _check_file(self) -> None:
        if self._file is not None and not self._file.intact():
            engines.discard_engine(self.engine)  # its pooled connections still write into the lost file
            raise self._file.fault()

    def save(
        self,
        workshop_code: str,
        name: str,
        values: Scenario | Mapping[str, Any],
        group: str | None = "",
        note: str | None = "",
        *,
        save_token: str | None = None,
        author_token: str | None = None,
        replace: bool = False,
    ) -> int:
        """Validate and store one scenario; returns its id. Raises StoreValidationError on bad input.

        The same `save_token` twice in a workshop (a double click, a retry after a timeout) stores
        one row and returns its id both times: the first save stays, whichever comes first.
        replace=True (needs save_token and author_token) is a retry that may carry edits: the row
        with that token gets this name, group, note and values, and keeps its id; a row of another
        author raises NotAllowedError. A late plain save with the token never overwrites it.
        """
        if save_token is not None and (not isinstance(save_token, str) or not 0 < len(save_token) <= TOKEN_MAX):
            raise StoreValidationError("save_token", "bad_chars")
        if replace and not (save_token and author_token):
            raise ValueError("replace=True needs a save_token and an author_token")
        row = {
            "workshop_code": normalise_workshop_code(workshop_code),
            "name": _text("name", name, NAME_MAX, True, clean_label),
            "group_name": _text("group", group, GROUP_MAX, False, clean_label),
            "note": _text("note", note, NOTE_MAX, False, clean_note),
            "scenario_values": check_values(values),
            "data_version": data.load().version,
            "created_at": datetime.now(UTC),
            "save_token": save_token,
            "author_hash": token_hash(author_token) if author_token else None,
        }
        write = replace_own if replace else insert_once
        return self._bounded(lambda: write(self.engine, row))

    def find_by_token(self, workshop_code: str, save_token: str) -> int | None:
        """The id of the live scenario saved with `save_token` in this workshop, or None (a timed-out save that landed?)."""
        code = normalise_workshop_code(workshop_code)
        return self._bounded(lambda: find_by_token(self.engine, code, save_token))

    def get(self, scenario_id: int, workshop_code: str | None = None, deleted: bool = False) -> SavedScenario:
        """The live scenario with this id (of this workshop, if given); deleted=True finds a deleted one instead.

        Raises ScenarioNotFoundError if there is none.
        """
        query = select(scenarios).where(scenarios.c.id == scenario_id)
        query = query.where(scenarios.c.deleted_at.is_not(None) if deleted else scenarios.c.deleted_at.is_(None))
        if workshop_code is not None:
            query = query.where(scenarios.c.workshop_code == normalise_workshop_code(workshop_code))

        def read() -> Any:
            with self.engine.connect() as conn:
                return conn.execute(query).first()

        row = self._bounded(read)
        if row is None:
            raise ScenarioNotFoundError(scenario_id)
        return _row_to_saved(row)

    def list(self, workshop_code: str | None = None, limit: int = DEFAULT_LIST_LIMIT,
             deleted: bool = False) -> list[SavedScenario]:
        """Live scenarios (or, deleted=True, the deleted ones), newest first, optionally of one workshop."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, not {limit!r}")
        query = select(scenarios).where(self._live_or_deleted(deleted))
        query = query.order_by(scenarios.c.created_at.desc(), scenarios.c.id.desc()).limit(limit)
        if workshop_code is not None:
            query = query.where(scenarios.c.workshop_code == normalise_workshop_code(workshop_code))

        def read() -> list[SavedScenario]:
            with self.engine.connect() as conn:
                return [_row_to_saved(row) for row in conn.execute(query)]

        return self._bounded(read)

    @staticmethod
    def _live_or_deleted(deleted: bool) -> Any:
        return scenarios.c.deleted_at.is_not(None) if deleted else scenarios.c.deleted_at.is_(None)

    def count(self, workshop_code: str) -> int:
        """How many live scenarios a workshop has (the board says "newest N of M")."""
        query = select(func.count()).select_from(scenarios).where(
            scenarios.c.workshop_code == normalise_workshop_code(workshop_code), scenarios.c.deleted_at.is_(None))

        def read() -> int:
            with self.engine.connect() as conn:
                return int(conn.execute(query).scalar() or 0)

        return self._bounded(read)

    def delete(self, scenario_id: int, workshop_code: str, *, author_token: str | None = None,
               facilitator_key: str | None = None) -> bool:
        """Mark one scenario of this workshop deleted, recording by whom and when; True if it was live.

        Only its author (the session token it was saved with) or the workshop's facilitator may:
        anyone else gets NotAllowedError. Ids are never reused, so an id confirmed earlier still
        names the same scenario; the workshop is checked too.
        """
        code = normalise_workshop_code(workshop_code)
        try:
            saved = self.get(scenario_id, code)
        except ScenarioNotFoundError:
            return False
        if facilitator_key and self.is_facilitator(code, facilitator_key):
            role = "facilitator"
        elif saved.saved_by(author_token):
            role = "author"
        else:
            raise NotAllowedError(f"scenario {scenario_id}: only its author or the facilitator may delete it")
        change = (update(scenarios).where(scenarios.c.id == scenario_id, scenarios.c.workshop_code == code,
                                          scenarios.c.deleted_at.is_(None))
                  .values(deleted_at=datetime.now(UTC), deleted_by=role, save_token=None))  # a new save of the same text is new
        return self._write(change) > 0

    def restore(self, scenario_id: int, workshop_code: str, *, facilitator_key: str | None) -> bool:
        """Bring a deleted scenario back (facilitator only); True if it was deleted."""
        code = normalise_workshop_code(workshop_code)
        if not self.is_facilitator(code, facilitator_key):
            raise NotAllowedError(f"scenario {scenario_id}: only the facilitator may restore it")
        change = (update(scenarios).where(scenarios.c.id == scenario_id, scenarios.c.workshop_code == code,
                                          scenarios.c.deleted_at.is_not(None))
                  .values(deleted_at=None, deleted_by=None))
        return self._write(change) > 0

    def _write(self, statement: Any) -> int:
        def run() -> int:
            with self.engine.begin() as conn:
                return conn.execute(statement).rowcount

        return self._bounded(run)
