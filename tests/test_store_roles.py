"""Roles, ids, idempotent saves, workshop codes and the schema-1 migration, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, text

import store
from model import Scenario
from store.schema import schema_version
from store.workshops import CODE_ALPHABET
from tests.test_store import lib, store_url  # noqa: F401  (fixtures: one empty database per test)

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ ids never come back


def test_an_id_never_comes_back_after_a_delete(lib):  # noqa: F811
    first = lib.save("HD-A", "first", Scenario(), author_token="a")
    last = lib.save("HD-A", "last", Scenario(), author_token="a")
    assert lib.delete(last, "HD-A", author_token="a")
    newer = lib.save("HD-B", "another group's plan", Scenario(), author_token="b")
    assert newer > last > first
    # a confirmation still holding `last` cannot touch the newer scenario
    assert lib.delete(last, "HD-A", author_token="a") is False
    assert [s.name for s in lib.list("HD-B")] == ["another group's plan"]


def test_an_id_never_comes_back_after_a_restart(lib, store_url):  # noqa: F811
    last = lib.save("HD-A", "last", Scenario(), author_token="a")
    lib.delete(last, "HD-A", author_token="a")
    store.dispose_engine(store_url)
    assert store.ScenarioStore(store_url).save("HD-A", "after restart", Scenario()) > last


def test_a_delete_is_checked_against_the_workshop(lib):  # noqa: F811
    sid = lib.save("HD-A", "mine", Scenario(), author_token="a")
    assert lib.delete(sid, "HD-B", author_token="a") is False
    assert [s.id for s in lib.list("HD-A")] == [sid]


# ------------------------------------------------------------------ one row per intended save


def test_the_same_save_token_twice_stores_one_row(lib):  # noqa: F811
    ids = {lib.save("HD-A", "plan", Scenario(), save_token="tok-1") for _ in range(3)}
    assert len(ids) == 1 and len(lib.list("HD-A")) == 1
    assert lib.save("HD-A", "plan", Scenario(), save_token="tok-2") not in ids


def test_concurrent_saves_with_one_token_store_one_row(lib):  # noqa: F811
    barrier, ids, errors = threading.Barrier(8), [], []

    def click() -> None:
        try:
            barrier.wait()
            ids.append(lib.save("HD-A", "double click", Scenario(), save_token="same-click"))
        except BaseException as exc:  # asserted below
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 1
    assert len(lib.list("HD-A")) == 1


# ------------------------------------------------------------------ roles


def test_only_the_author_or_the_facilitator_deletes_and_only_the_facilitator_restores(lib):  # noqa: F811
    room = lib.create_workshop()
    theirs = lib.save(room.code, "group 1", Scenario(), author_token="group-1")
    with pytest.raises(store.NotAllowedError):
        lib.delete(theirs, room.code, author_token="group-2")
    with pytest.raises(store.NotAllowedError):
        lib.delete(theirs, room.code)
    assert [s.id for s in lib.list(room.code)] == [theirs]
    assert lib.delete(theirs, room.code, facilitator_key=room.facilitator_key)
    (record,) = lib.list(room.code, deleted=True)
    assert record.deleted_by == "facilitator"
    with pytest.raises(store.NotAllowedError):
        lib.restore(theirs, room.code, facilitator_key="guess")
    assert lib.restore(theirs, room.code, facilitator_key=room.facilitator_key)
    assert [s.id for s in lib.list(room.code)] == [theirs] and lib.list(room.code, deleted=True) == []


def test_the_facilitator_key_is_stored_hashed(lib):  # noqa: F811
    room = lib.create_workshop()
    with lib.engine.connect() as conn:
        dump = json.dumps([list(map(str, row)) for row in conn.execute(text("SELECT * FROM workshops"))])
    assert room.facilitator_key not in dump and store.token_hash(room.facilitator_key) in dump


def test_wrong_facilitator_keys_never_lock_the_facilitator_out(lib):  # noqa: F811
    # Anyone with the join code can try keys; a 144-bit key needs no lock-out, and one would hand
    # that person a way to shut the real facilitator out of their own workshop.
    room = lib.create_workshop()
    sid = lib.save(room.code, "a group's plan", Scenario(), author_token="group-1")
    for i in range(1000):
        assert lib.is_facilitator(room.code, f"wrong-{i}") is False
    started = time.monotonic()
    assert lib.is_facilitator(room.code, room.facilitator_key) is True
    assert lib.delete(sid, room.code, facilitator_key=room.facilitator_key)
    assert lib.restore(sid, room.code, facilitator_key=room.facilitator_key)
    assert time.monotonic() - started < 2  # at once: no wait imposed
    assert [s.id for s in lib.list(room.code)] == [sid]
    assert not hasattr(store, "FacilitatorThrottledError") and not hasattr(lib, "throttle")


def test_generated_codes_use_the_unambiguous_alphabet_and_differ():
    from store.workshops import new_code

    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(CODE_ALPHABET)


@pytest.mark.parametrize("typed", ["hd2025_a", "HD2025A", "hd 2025-a", "ＨＤ２０２５－Ａ", "HD2O25-A", "H\u200bD2025-A"])
def test_a_near_miss_code_gets_a_suggestion_not_an_empty_workshop(lib, typed):  # noqa: F811
    lib.save("HD2025-A", "legacy", Scenario())
    with lib.engine.begin() as conn:  # a workshop row as the schema-2 migration makes for an old code
        conn.execute(store.schema.workshops.insert().values(
            code="HD2025-A", skeleton=store.code_skeleton("HD2025-A"), created_at=datetime.now(UTC)))
    found = lib.lookup_workshop(typed)
    assert found.code == "HD2025-A" or found.suggestions == ("HD2025-A",)
    assert lib.lookup_workshop("NOBODY") == store.CodeLookup(None, ())


# ------------------------------------------------------------------ schema 1 -> 2


def schema_1_columns() -> list:
    """The scenarios table's columns and index as schema 1 made them (later schemas' fixtures add theirs)."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("workshop_code", String(32), nullable=False), Column("name", String(80), nullable=False),
        Column("group_name", String(80), nullable=False, default=""), Column("note", String(500), nullable=False),
        Column("scenario_values", JSON, nullable=False), Column("data_version", String(32), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Index("ix_scenarios_workshop_created", "workshop_code", "created_at"),
    ]


def _schema_1(engine) -> None:
    """The tables exactly as schema 1 made them (no AUTOINCREMENT, no new columns), with two rows."""
    meta = MetaData()
    old = Table("scenarios", meta, *schema_1_columns())
    version = Table("schema_version", meta, Column("id", Integer, primary_key=True, autoincrement=False),
                    Column("version", Integer, nullable=False))
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(version.insert().values(id=1, version=1))
        for i, (code, name) in enumerate([("HD2025-A", "team 1 final"), ("HD2025-B", "team 2 draft")], start=1):
            conn.execute(old.insert().values(
                workshop_code=code, name=name, group_name=f"Team {i}", note="kept",
                scenario_values=Scenario(fai_growth=0.01 * i).to_dict(), data_version="2025.1",
                created_at=datetime(2025, 3, i, tzinfo=UTC)))


def test_schema_1_rows_survive_the_migration_and_ids_stop_coming_back(store_url):  # noqa: F811
    engine = store.get_engine(store_url)
    from store.schema import metadata

    metadata.drop_all(engine, checkfirst=True)
    _schema_1(engine)
    migrated = store.ScenarioStore(store_url)
    assert store.read_schema_version(migrated.engine) == store.SCHEMA_VERSION == 3
    rows = sorted(migrated.list(), key=lambda s: s.id)
    assert [(s.id, s.workshop_code, s.name, s.group, s.note) for s in rows] == [
        (1, "HD2025-A", "team 1 final", "Team 1", "kept"), (2, "HD2025-B", "team 2 draft", "Team 2", "kept")]
    assert rows[1].scenario() == Scenario(fai_growth=0.02)
    assert migrated.lookup_workshop("hd2025-a").code == "HD2025-A"  # old codes still open their workshop
    assert not migrated.is_facilitator("HD2025-A", "anything")  # ...which has no facilitator until one is set
    key = migrated.set_facilitator_key("HD2025-B")
    assert migrated.delete(2, "HD2025-B", facilitator_key=key)
    assert migrated.save("HD2025-C", "new", Scenario()) == 3  # the deleted last id is not handed out again
    with migrated.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM schema_version")).scalar() == 1


# ------------------------------------------------------------------ several processes, one fresh file


def test_concurrent_fresh_opens_of_one_sqlite_file_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    code = "import sys, store; store.ScenarioStore(sys.argv[1]).save('HD-A', 'p', {}); print('ok')"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err[-400:] for _, err in outcomes]
    opened = store.ScenarioStore(url)
    try:
        assert len(opened.list("HD-A")) == 6
        with opened.engine.connect() as conn:
            assert conn.execute(schema_version.select()).all() == [(1, store.SCHEMA_VERSION)]
    finally:
        store.dispose_engine(url)


def test_the_operator_command_gives_an_old_code_a_facilitator_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite3'}"
    env = {"HUADU_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    started = subprocess.run([sys.executable, "-m", "store", "start-workshop"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    code = started.stdout.split()[1]
    again = subprocess.run([sys.executable, "-m", "store", "facilitator-key", code.lower()], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    key = again.stdout.split()[-1]
    opened = store.ScenarioStore(url)
    try:
        assert opened.is_facilitator(code, key)
        missing = subprocess.run([sys.executable, "-m", "store", "facilitator-key", "NOBODY"], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=60)
        assert missing.returncode == 2 and "NOBODY" in missing.stderr
    finally:
        store.dispose_engine(url)
