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

from store.validate import GROUP_MAX, NAME_MAX, NOTE_MAX, WORKSHOP_CODE_MAX, StoreError, code_skeleton

metadata = MetaData()
HASH_CHARS = 64  # sha256 in hex
TOKEN_MAX = 64
WORKSHOP_TOKEN_INDEX = "ux_scenarios_workshop_save_token"

# sqlite_autoincrement: SQLite otherwise hands the id of a deleted last row to the next save, and a
# confirmation left open would then act on someone else's scenario. PostgreSQL sequences never go back.
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
    # schema 2: who saved it (hash of a browser-session token), the save's idempotency token,
    # and a delete that is recorded rather than done (restorable by the facilitator).
    Column("save_token", String(TOKEN_MAX), nullable=True),
    Column("author_hash", String(HASH_CHARS), nullable=True),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Column("deleted_by", String(16), nullable=True),
    Index("ix_scenarios_workshop_created", "workshop_code", "created_at"),
    # schema 3: a save token is unique within its workshop (schema 2: across the whole library)
    Index(WORKSHOP_TOKEN_INDEX, "workshop_code", "save_token", unique=True),
    sqlite_autoincrement=True,
)

workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(WORKSHOP_CODE_MAX), nullable=False, unique=True),
    Column("skeleton", String(WORKSHOP_CODE_MAX), nullable=False, index=True),
    Column("facilitator_hash", String(HASH_CHARS), nullable=True),  # NULL: a schema-1 code, no facilitator yet
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: a single row
    Column("version", Integer, nullable=False),
)

_V1_COLUMNS = "id, workshop_code, name, group_name, note, scenario_values, data_version, created_at"


def _to_v2(conn: Connection) -> None:
    """Schema 1 -> 2: the new scenario columns, ids that never come back on SQLite, a row per old code.

    create_all has already made the new `workshops` table. SQLite cannot add AUTOINCREMENT to a
    table, so there the table is rebuilt and its rows copied with their ids (the sequence starts
    after the largest). Every row of schema 1 is kept as it was.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ALTER TABLE scenarios RENAME TO scenarios_v1")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_scenarios_workshop_created")
        scenarios.create(conn)
        conn.exec_driver_sql(f"INSERT INTO scenarios ({_V1_COLUMNS}) SELECT {_V1_COLUMNS} FROM scenarios_v1")
        conn.exec_driver_sql("DROP TABLE scenarios_v1")
    else:
        for column in ("save_token VARCHAR(64)", "author_hash VARCHAR(64)", "deleted_at TIMESTAMP WITH TIME ZONE",
                       "deleted_by VARCHAR(16)"):
            conn.exec_driver_sql(f"ALTER TABLE scenarios ADD COLUMN {column}")
        conn.exec_driver_sql("CREATE UNIQUE INDEX ux_scenarios_save_token ON scenarios (save_token)")
    first_use = select(scenarios.c.workshop_code, scenarios.c.created_at).order_by(scenarios.c.created_at)
    seen: dict[str, object] = {}
    for code, created in conn.execute(first_use):
        seen.setdefault(code, created)
    if seen:
        conn.execute(workshops.insert(), [
            {"code": code, "skeleton": code_skeleton(code), "facilitator_hash": None, "created_at": created}
            for code, created in seen.items()
        ])


def _to_v3(conn: Connection) -> None:
    """Schema 2 -> 3: the save token's unique index covers (workshop_code, save_token); every row kept.

    Rows unique by token alone are unique by (workshop, token) too, so the new index always builds.
    IF NOT EXISTS: a SQLite database coming from schema 1 got the new index when _to_v2 rebuilt the table.
    """
    conn.exec_driver_sql("DROP INDEX IF EXISTS ux_scenarios_save_token")
    conn.exec_driver_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {WORKSHOP_TOKEN_INDEX}"
                         " ON scenarios (workshop_code, save_token)")


# Migrations by the version they produce: MIGRATIONS[2] turns a version-1 database into version 2.
# To change the schema: edit the tables above (fresh databases get them from create_all), add the
# function that brings an existing database to the same shape, and bump SCHEMA_VERSION.
Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {2: _to_v2, 3: _to_v3}
SCHEMA_VERSION = 3

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
        except (sa_exc.IntegrityError, sa_exc.OperationalError) as exc:
            # Kept as a last resort: the lock below makes concurrent set-up wait its turn, but a
            # read-only or missing folder is no race and is raised at once.
            if attempt == 2 or "readonly" in str(exc) or "unable to open" in str(exc):
                raise
    raise AssertionError("unreachable")


def _ensure_schema_once(engine: Engine, migrations: dict[int, Migration], target: int) -> int:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        elif conn.dialect.name == "sqlite":
            # One writer at a time from the first statement: several processes opening a fresh file
            # wait (busy timeout) instead of each creating the tables. SQLite's DDL is transactional.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
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
