"""One intended save under its token: stored once per workshop, or replacing the same author's earlier attempt."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Engine, select, update
from sqlalchemy import exc as sa_exc

from store.schema import scenarios
from store.validate import StoreError
from store.workshops import NotAllowedError

# What a replacing save changes; the id, workshop, author, token and time of the first attempt stay.
REPLACED = ("name", "group_name", "note", "scenario_values", "data_version")
REPLACE_TRIES = 3  # a lost race means a row with the token now exists, so the next turn updates it


def _holding(workshop_code: str, save_token: str) -> tuple[ColumnElement[bool], ...]:
    # A delete clears the token, so only a live row can hold one; deleted_at says so for the reader.
    return (scenarios.c.workshop_code == workshop_code, scenarios.c.save_token == save_token,
            scenarios.c.deleted_at.is_(None))


def find_by_token(engine: Engine, workshop_code: str, save_token: str) -> int | None:
    """The id of the live row saved with this token in this workshop, or None."""
    with engine.connect() as conn:
        return conn.execute(select(scenarios.c.id).where(*_holding(workshop_code, save_token))).scalar()


def _insert(engine: Engine, row: dict[str, Any]) -> int:
    with engine.begin() as conn:
        return conn.execute(scenarios.insert().values(**row)).inserted_primary_key[0]


def insert_once(engine: Engine, row: dict[str, Any]) -> int:
    """Insert `row`, unless its save_token already has a row in its workshop: then that row's id, unchanged.

    The unique index on (workshop_code, save_token) decides between concurrent saves: the first
    stays. So a stalled original landing after its retry does not overwrite what the retry stored.
    """
    code, token = row["workshop_code"], row["save_token"]
    if token is None:
        return _insert(engine, row)
    existing = find_by_token(engine, code, token)
    if existing is not None:
        return existing
    try:
        return _insert(engine, row)
    except sa_exc.IntegrityError:
        existing = find_by_token(engine, code, token)  # a concurrent save with the same token won the race
        if existing is None:
            raise
        return existing


def replace_own(engine: Engine, row: dict[str, Any]) -> int:
    """Insert `row`, or give the row with its save_token (same workshop, same author) its content; the id either way.

    NotAllowedError if that row was saved by another author.
    """
    for _ in range(REPLACE_TRIES):
        changed, holder = _update_own(engine, row)
        if holder is not None and holder.author_hash != row["author_hash"]:
            raise NotAllowedError(f"scenario {holder.id}: saved by another session; only its author may replace it")
        if changed:
            return holder.id
        if holder is None:
            try:
                return _insert(engine, row)
            except sa_exc.IntegrityError:  # a save with this token landed since: the next turn updates it
                continue
        # Otherwise the author's row landed after the update took its snapshot (PostgreSQL's read
        # committed) and before the read: the next turn's update sees it.
    raise StoreError("the save's token kept changing hands; try again")


def _update_own(engine: Engine, row: dict[str, Any]) -> tuple[bool, Any]:
    """Give the author's row holding row's token row's content: (whether it did, (id, author_hash) of the holder or None)."""
    holding = _holding(row["workshop_code"], row["save_token"])
    # Update first, then read, in one transaction: the write lock is taken at once (SQLite cannot
    # upgrade a read snapshot another writer has moved past), and the updated row cannot go in between.
    change = (update(scenarios).where(*holding, scenarios.c.author_hash == row["author_hash"])
              .values({name: row[name] for name in REPLACED}))
    with engine.begin() as conn:
        changed = conn.execute(change).rowcount > 0
        holder = conn.execute(select(scenarios.c.id, scenarios.c.author_hash).where(*holding)).first()
    return changed, holder
