"""The library's tables, the schema version row, and the explicit list of migrations."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    select,
    text,
)
from sqlalchemy import exc as sa_exc

from store.validate import GROUP_MAX, NAME_MAX, NOTE_MAX, WORKSHOP_CODE_MAX, StoreError

metadata = MetaData()

scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_code", String(WORKSHOP_CODE_MAX), nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Column("group_name", String(GROUP_MAX), nullable=False, default=""),
    Column("note", String(NOTE_MAX), nullable=False, default=""),
    Column("scenario_values", JSON, nullable=False),
    Column("data_version", String(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_scenarios_workshop_created", "workshop_code", "created_at"),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: a single row
    Column("version", Integer, nullable=False),
)

# Migrations by the version they produce: MIGRATIONS[2] turns a version-1 database into version 2.
# To change the schema: edit the tables above (fresh databases get them from create_all), add the
# function that brings an existing database to the same shape, and bump SCHEMA_VERSION.
Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {}
SCHEMA_VERSION = 1

# Any constant: serialises schema set-up across processes sharing one PostgreSQL database.
_PG_LOCK_KEY = 0x48554144  # "HUAD"


def ensure_schema(engine: Engine, migrations: dict[int, Migration] | None = None, target: int | None = None) -> int:
    """Create missing tables, then run migrations up to `target` in one transaction; returns the version.

    A database without a version row was just created by create_all, so it is at the target version.
    A database newer than this code raises StoreError rather than guessing.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    target = SCHEMA_VERSION if target is None else target
    for attempt in range(3):
        try:
            return _ensure_schema_once(engine, migrations, target)
        except (sa_exc.IntegrityError, sa_exc.OperationalError):
            # Two processes setting up one SQLite file at once: the loser sees "already exists"
            # or a duplicate version row; the next attempt finds the winner's work. PostgreSQL
            # takes an advisory lock instead, so this only ever repeats for SQLite.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _ensure_schema_once(engine: Engine, migrations: dict[int, Migration], target: int) -> int:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        metadata.create_all(conn, checkfirst=True)
        current = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
        if current is None:
            conn.execute(schema_version.insert().values(id=1, version=target))
            return target
        if current > target:
            raise StoreError(f"the database has schema version {current}; this code knows up to {target}")
        for version in range(current + 1, target + 1):
            if version not in migrations:
                raise StoreError(f"no migration to schema version {version}")
            migrations[version](conn)
        if current != target:
            conn.execute(schema_version.update().where(schema_version.c.id == 1).values(version=target))
        return target


def read_schema_version(engine: Engine) -> int | None:
    """The version recorded in the database, or None if it has no version row."""
    with engine.connect() as conn:
        return conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
