"""Save tokens: scoped to their workshop (schema 3 and its migration), and retries that replace, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, inspect, select, text

import store
import store.saving
from model import Scenario
from store.schema import WORKSHOP_TOKEN_INDEX, scenarios
from tests.test_store import lib, store_url  # noqa: F401  (fixtures: one empty database per test)
from tests.test_store_roles import schema_1_columns

# ------------------------------------------------------------------ a token belongs to its workshop


def test_the_same_token_in_two_workshops_stores_two_rows(lib):  # noqa: F811
    in_a = lib.save("HD-A", "group A's plan", Scenario(), save_token="same-token")
    in_b = lib.save("HD-B", "group B's plan", Scenario(), save_token="same-token")
    assert in_a != in_b
    assert [s.name for s in lib.list("HD-A")] == ["group A's plan"]
    assert [s.name for s in lib.list("HD-B")] == ["group B's plan"]
    assert lib.save("hd-b", "again", Scenario(), save_token="same-token") == in_b  # still once per workshop
    assert (lib.find_by_token("HD-A", "same-token"), lib.find_by_token("hd-b ", "same-token")) == (in_a, in_b)


def test_find_by_token_tells_whether_a_save_landed(lib):  # noqa: F811
    assert lib.find_by_token("HD-A", "never-sent") is None
    sid = lib.save("HD-A", "landed late", Scenario(), save_token="late", author_token="me")
    assert lib.find_by_token("HD-A", "late") == sid
    assert lib.find_by_token("HD-B", "late") is None
    lib.delete(sid, "HD-A", author_token="me")
    assert lib.find_by_token("HD-A", "late") is None  # only live rows


# ------------------------------------------------------------------ a retry that replaces


def test_a_replacing_retry_updates_the_first_attempt(lib):  # noqa: F811
    first = lib.save("HD-A", "draft A", Scenario(fai_growth=0.01), group="G1", note="a",
                     save_token="T", author_token="me")
    created = lib.get(first).created_at
    again = lib.save("HD-A", "final B", Scenario(fai_growth=0.02), group="G2", note="b",
                     save_token="T", author_token="me", replace=True)
    assert again == first
    (row,) = lib.list("HD-A")
    assert (row.id, row.name, row.group, row.note) == (first, "final B", "G2", "b")
    assert row.scenario() == Scenario(fai_growth=0.02)
    assert row.created_at == created and row.saved_by("me")


def test_a_late_original_never_overwrites_its_replacing_retry(lib):  # noqa: F811
    retry = lib.save("HD-A", "final B", Scenario(fai_growth=0.02), save_token="T", author_token="me", replace=True)
    late = lib.save("HD-A", "draft A", Scenario(fai_growth=0.01), save_token="T", author_token="me")
    assert late == retry
    (row,) = lib.list("HD-A")
    assert (row.name, row.scenario()) == ("final B", Scenario(fai_growth=0.02))


def test_another_author_cannot_replace(lib):  # noqa: F811
    sid = lib.save("HD-A", "mine", Scenario(), save_token="T", author_token="me")
    with pytest.raises(store.NotAllowedError):
        lib.save("HD-A", "theirs", Scenario(fai_growth=0.05), save_token="T", author_token="someone else",
                 replace=True)
    (row,) = lib.list("HD-A")
    assert (row.id, row.name, row.scenario()) == (sid, "mine", Scenario())


def test_replace_needs_both_tokens(lib):  # noqa: F811
    with pytest.raises(ValueError):
        lib.save("HD-A", "x", Scenario(), save_token="T", replace=True)
    with pytest.raises(ValueError):
        lib.save("HD-A", "x", Scenario(), author_token="me", replace=True)
    assert lib.list() == []


def test_a_replace_that_loses_the_insert_race_updates_the_winner(lib, monkeypatch):  # noqa: F811
    real_update = store.saving._update_own
    calls = []

    def original_lands_meanwhile(engine, row):
        calls.append(row["name"])
        found = real_update(engine, row)
        if len(calls) == 1:  # the stalled original lands between the replace's look and its insert
            lib.save("HD-A", "draft A", Scenario(fai_growth=0.01), save_token="T", author_token="me")
        return found

    monkeypatch.setattr(store.saving, "_update_own", original_lands_meanwhile)
    sid = lib.save("HD-A", "final B", Scenario(fai_growth=0.02), save_token="T", author_token="me", replace=True)
    assert calls == ["final B", "final B"]
    (row,) = lib.list("HD-A")
    assert (row.id, row.name) == (sid, "final B")


def test_a_replace_whose_update_missed_a_row_its_read_then_saw_updates_it(lib, monkeypatch):  # noqa: F811
    # PostgreSQL (read committed): the update's snapshot predates the original's commit, the read after it does not
    real_update = store.saving._update_own
    calls = []

    def update_misses_what_the_read_sees(engine, row):
        calls.append(row["name"])
        changed, holder = real_update(engine, row)
        if len(calls) == 1:
            lib.save("HD-A", "draft A", Scenario(fai_growth=0.01), save_token="T", author_token="me")
            with engine.connect() as conn:
                holder = conn.execute(select(scenarios.c.id, scenarios.c.author_hash)).first()
        return changed, holder

    monkeypatch.setattr(store.saving, "_update_own", update_misses_what_the_read_sees)
    sid = lib.save("HD-A", "final B", Scenario(fai_growth=0.02), save_token="T", author_token="me", replace=True)
    assert calls == ["final B", "final B"]
    (row,) = lib.list("HD-A")
    assert (row.id, row.name) == (sid, "final B")


def test_concurrent_originals_and_retries_leave_one_row_with_the_retry(lib):  # noqa: F811
    barrier, errors = threading.Barrier(8), []

    def send(replace: bool) -> None:
        try:
            barrier.wait()
            name = "final B" if replace else "draft A"
            lib.save("HD-A", name, Scenario(), save_token="T", author_token="me", replace=replace)
        except BaseException as exc:  # asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i % 2 == 0,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [s.name for s in lib.list("HD-A")] == ["final B"]


# ------------------------------------------------------------------ schema 2 -> 3


def _schema_2(engine) -> None:
    """The tables as schema 2 made them (save_token unique across the library), with three rows."""
    meta = MetaData()
    old = Table(
        "scenarios", meta, *schema_1_columns(),
        Column("save_token", String(64), nullable=True), Column("author_hash", String(64), nullable=True),
        Column("deleted_at", DateTime(timezone=True), nullable=True), Column("deleted_by", String(16), nullable=True),
        Index("ux_scenarios_save_token", "save_token", unique=True),
        sqlite_autoincrement=True,
    )
    Table("workshops", meta,
          Column("id", Integer, primary_key=True, autoincrement=True),
          Column("code", String(32), nullable=False, unique=True),
          Column("skeleton", String(32), nullable=False, index=True),
          Column("facilitator_hash", String(64), nullable=True),
          Column("created_at", DateTime(timezone=True), nullable=False),
          sqlite_autoincrement=True)
    version = Table("schema_version", meta, Column("id", Integer, primary_key=True, autoincrement=False),
                    Column("version", Integer, nullable=False))
    meta.create_all(engine)
    rows = [("HD2025-A", "team 1", "tok-1", "me"), ("HD2025-B", "team 2", "tok-2", "me"), ("HD2025-A", "old", None, None)]
    with engine.begin() as conn:
        conn.execute(version.insert().values(id=1, version=2))
        for i, (code, name, token, author) in enumerate(rows, start=1):
            conn.execute(old.insert().values(
                workshop_code=code, name=name, group_name=f"Team {i}", note="kept",
                scenario_values=Scenario(fai_growth=0.01 * i).to_dict(), data_version="2025.2",
                created_at=datetime(2025, 6, i, tzinfo=UTC), save_token=token,
                author_hash=store.token_hash(author) if author else None))


def test_schema_2_rows_survive_and_tokens_become_per_workshop(store_url):  # noqa: F811
    engine = store.get_engine(store_url)
    from store.schema import metadata

    metadata.drop_all(engine, checkfirst=True)
    _schema_2(engine)
    with engine.connect() as conn:  # the old database really refuses a token used in another workshop
        with pytest.raises(Exception, match="(?i)unique"):
            conn.execute(text("INSERT INTO scenarios (workshop_code, name, group_name, note, scenario_values,"
                              " data_version, created_at, save_token) VALUES ('HD2025-B', 'x', '', '', '{}', 'v',"
                              " '2025-06-09', 'tok-1')"))
    migrated = store.ScenarioStore(store_url)
    assert migrated.schema_version == store.read_schema_version(engine) == store.SCHEMA_VERSION == 3
    assert [(s.id, s.workshop_code, s.name, s.group, s.note, s.scenario()) for s in sorted(migrated.list(),
                                                                                            key=lambda s: s.id)] == [
        (1, "HD2025-A", "team 1", "Team 1", "kept", Scenario(fai_growth=0.01)),
        (2, "HD2025-B", "team 2", "Team 2", "kept", Scenario(fai_growth=0.02)),
        (3, "HD2025-A", "old", "Team 3", "kept", Scenario(fai_growth=0.03))]
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("scenarios")}
    assert "ux_scenarios_save_token" not in indexes
    assert indexes[WORKSHOP_TOKEN_INDEX]["column_names"] == ["workshop_code", "save_token"]
    assert indexes[WORKSHOP_TOKEN_INDEX]["unique"]
    assert migrated.save("HD2025-A", "retry", Scenario(), save_token="tok-1") == 1  # still one row per save
    in_b = migrated.save("HD2025-B", "same token, other workshop", Scenario(), save_token="tok-1")
    assert in_b > 3 and migrated.find_by_token("HD2025-B", "tok-1") == in_b
    assert migrated.save("HD2025-B", "replaced", Scenario(), save_token="tok-2", author_token="me", replace=True) == 2
    assert migrated.get(2).name == "replaced"
    store.ScenarioStore(store_url)  # opening again migrates nothing
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalars().all() == [3]


def test_a_schema_1_database_reaches_schema_3_with_per_workshop_tokens(store_url):  # noqa: F811
    from store.schema import metadata
    from tests.test_store_roles import _schema_1

    engine = store.get_engine(store_url)
    metadata.drop_all(engine, checkfirst=True)
    _schema_1(engine)
    migrated = store.ScenarioStore(store_url)
    assert migrated.schema_version == 3
    names = {ix["name"] for ix in inspect(engine).get_indexes("scenarios")}
    assert WORKSHOP_TOKEN_INDEX in names and "ux_scenarios_save_token" not in names
    assert migrated.save("HD-A", "a", Scenario(), save_token="t") != migrated.save("HD-B", "b", Scenario(),
                                                                                    save_token="t")
