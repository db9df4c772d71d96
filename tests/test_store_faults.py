"""A sick database: SQLite locked or read-only, a missing driver, PostgreSQL stopped and stalled (SIGSTOP).

The PostgreSQL cases use a throwaway cluster of their own (scripts/start_test_postgres.sh on
another port), so freezing it never touches the shared test server.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

import store
from model import Scenario
from tests.conftest import postgres_url

ROOT = Path(__file__).resolve().parents[1]
OWN_PG_PORT = "54339"
SCRIPT = ROOT / "scripts" / "start_test_postgres.sh"


# ------------------------------------------------------------------ SQLite


def test_a_locked_sqlite_file_gives_a_passing_error_and_then_works(tmp_path):
    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    lib = store.ScenarioStore(url)
    holder = sqlite3.connect(tmp_path / "lib.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(store.DB_FAULTS) as caught:
            lib.save("HD-A", "while locked", Scenario(), save_token="locked-1")
        assert not store.is_config_fault(caught.value)  # waiting cures it: "try again"
        holder.execute("ROLLBACK")
        sid = lib.save("HD-A", "while locked", Scenario(), save_token="locked-1")  # the same save, retried
        assert [s.id for s in lib.list("HD-A")] == [sid]
    finally:
        holder.close()
        store.dispose_engine(url)


def test_a_read_only_sqlite_library_is_named_a_configuration_fault(tmp_path):
    path = tmp_path / "lib.sqlite3"
    store.ScenarioStore(f"sqlite:///{path}").save("HD-A", "before", Scenario())
    store.dispose_engine(f"sqlite:///{path}")
    url = f"sqlite:///file:{path}?mode=ro&uri=true"  # what a read-only data folder gives
    try:
        with pytest.raises(store.DB_FAULTS) as caught:
            store.ScenarioStore(url).save("HD-A", "after", Scenario())
        assert store.is_config_fault(caught.value)
    finally:
        store.dispose_engine(url)


def test_a_data_folder_that_cannot_be_made_is_a_configuration_fault(tmp_path):
    (tmp_path / "a_file").write_text("not a folder")
    url = f"sqlite:///{tmp_path / 'a_file' / 'lib.sqlite3'}"
    with pytest.raises(store.DB_FAULTS) as caught:
        store.ScenarioStore(url)
    assert store.is_config_fault(caught.value)


@pytest.mark.parametrize("message", ["disk I/O error", "database or disk is full"])
def test_a_failing_or_full_disk_is_a_configuration_fault(message):
    # as SQLAlchemy hands on what sqlite3 raised: retrying cures neither, the operator must act
    wrapped = sa_exc.OperationalError("INSERT INTO scenarios ...", {}, sqlite3.OperationalError(message))
    assert store.is_config_fault(wrapped)
    assert not store.is_config_fault(sa_exc.OperationalError("INSERT", {}, sqlite3.OperationalError(
        "database is locked")))  # that one passes


def test_a_full_sqlite_database_is_named_a_configuration_fault(tmp_path):
    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    lib = store.ScenarioStore(url)

    def no_more_pages(dbapi_connection, _record, _proxy) -> None:  # a disk with no room left, for this file
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(lib.engine, "checkout", no_more_pages)
    try:
        with pytest.raises(store.DB_FAULTS) as caught:
            for i in range(200):
                lib.save("HD-A", f"filling {i}", Scenario(), note="n" * 500)
        assert "full" in str(caught.value)
        assert store.is_config_fault(caught.value)
    finally:
        store.dispose_engine(url)


@pytest.mark.parametrize("url", ["postgresql+nosuchdriver://u@127.0.0.1/x", "mysql+pymysql://u@127.0.0.1/x"])
def test_a_missing_driver_is_a_configuration_fault(url):
    with pytest.raises(store.DB_FAULTS) as caught:
        store.ScenarioStore(url)
    assert store.is_config_fault(caught.value)


# ------------------------------------------------------------------ SQLite: the file removed or replaced


@pytest.fixture
def sqlite_in_folder(tmp_path):
    """(store, file, folder) of a SQLite library in its own data folder, with one scenario saved."""
    folder = tmp_path / "data"
    path = folder / "lib.sqlite3"
    url = f"sqlite:///{path}"
    lib = store.ScenarioStore(url)
    lib.save("HD-A", "before", Scenario())
    yield lib, path, folder
    store.dispose_engine(url)


def _is_the_lost_file_fault(exc: BaseException) -> bool:
    return isinstance(exc, store.StoreConfigError) and store.is_config_fault(exc) and "removed or replaced" in str(exc)


def test_a_deleted_sqlite_file_is_a_configuration_fault_not_a_save(sqlite_in_folder):
    lib, path, folder = sqlite_in_folder
    for part in folder.glob("lib.sqlite3*"):  # the file with its -wal and -shm
        part.unlink()
    with pytest.raises(store.StoreConfigError) as caught:
        lib.save("HD-A", "after the file went", Scenario(), save_token="lost")
    assert _is_the_lost_file_fault(caught.value)
    assert lib.engine.pool.checkedin() == 0  # the pooled connections to the unlinked file are closed
    with pytest.raises(store.StoreConfigError):
        lib.list("HD-A")
    assert not path.exists()  # nothing went into a new file either


def test_a_deleted_data_folder_is_a_configuration_fault_not_a_save(sqlite_in_folder):
    lib, path, folder = sqlite_in_folder
    shutil.rmtree(folder)
    for _ in range(2):  # and again: the store keeps saying so
        with pytest.raises(store.StoreConfigError) as caught:
            lib.save("HD-A", "after the folder went", Scenario())
        assert _is_the_lost_file_fault(caught.value)
    assert not folder.exists()


def test_a_replaced_sqlite_file_is_a_configuration_fault(sqlite_in_folder, tmp_path):
    lib, path, folder = sqlite_in_folder
    other = tmp_path / "other.sqlite3"
    other_url = f"sqlite:///{other}"
    store.ScenarioStore(other_url).save("HD-B", "from another database", Scenario())
    store.dispose_engine(other_url)
    for journal in folder.glob("lib.sqlite3-*"):  # a restore replaces the file with its -wal and -shm
        journal.unlink()
    os.replace(other, path)
    with pytest.raises(store.StoreConfigError) as caught:
        lib.save("HD-A", "into which file?", Scenario())
    assert _is_the_lost_file_fault(caught.value)
    assert store.get_engine(lib.url) is not lib.engine  # the engine holding the old file is forgotten
    reopened = store.ScenarioStore(lib.url)  # what a restart does: the new file, as it is
    assert [s.name for s in reopened.list()] == ["from another database"]


def test_a_store_opened_after_the_file_went_does_not_use_the_old_connections(sqlite_in_folder):
    lib, path, folder = sqlite_in_folder
    for part in folder.glob("lib.sqlite3*"):
        part.unlink()
    with pytest.raises(store.StoreConfigError):  # the cached engine's connections hold the lost file
        store.ScenarioStore(lib.url)
    fresh = store.ScenarioStore(lib.url)  # a new engine, a new (empty) file: what a restart gives
    assert fresh.engine is not lib.engine and path.exists()
    sid = fresh.save("HD-A", "into the new file", Scenario())
    assert [s.id for s in fresh.list()] == [sid]
    with pytest.raises(store.StoreConfigError):
        lib.list()


# ------------------------------------------------------------------ PostgreSQL: our own cluster


def _pg_bin() -> str:
    """PostgreSQL's server binaries, whatever the version (scripts/pg_bin.sh); "" when none is installed."""
    found = subprocess.run(["bash", str(ROOT / "scripts" / "pg_bin.sh")], capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def _script(*args: str) -> str:
    env = os.environ | {"HUADU_TEST_PG_PORT": OWN_PG_PORT}
    done = subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        pytest.fail(done.stderr[-2000:])
    return done.stdout


@pytest.fixture(scope="module")
def own_pg():
    """(url, data folder) of a private cluster; removed afterwards."""
    if not _pg_bin():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL's server binaries are missing")
        pytest.skip("PostgreSQL's server binaries are missing")
    url = _script().strip().rsplit("=", 1)[1]
    folder = Path(Path(f"/tmp/huadu-test-pg-{OWN_PG_PORT}.dir").read_text().strip()) / "data"
    yield url, folder
    _cluster_signal(folder, signal.SIGCONT)
    store.dispose_engine(url)
    _script("stop")


def _cluster_pids(folder: Path) -> list[int]:
    """The postmaster (first line of postmaster.pid) and its children: this cluster's processes only."""
    postmaster = int((folder / "postmaster.pid").read_text().split()[0])
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(postmaster)], capture_output=True, text=True)
    return [postmaster, *map(int, children.stdout.split())]


def _cluster_signal(folder: Path, sig: int) -> None:
    if (folder / "postmaster.pid").exists():
        for pid in _cluster_pids(folder):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass


def _pg_ctl(folder: Path, *args: str) -> None:
    cmd = [str(Path(_pg_bin()) / "pg_ctl"), "-D", str(folder), "-w", *args]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


@pytest.mark.postgres
def test_a_stalled_postgres_ends_each_call_in_bounded_time_and_a_retried_save_stores_once(own_pg):
    url, folder = own_pg
    lib = store.ScenarioStore(url, timeout_s=3)
    lib.save("HD-A", "before the stall", Scenario())
    _cluster_signal(folder, signal.SIGSTOP)
    try:
        with pytest.raises(store.StoreTimeoutError) as caught:
            lib.save("HD-A", "during the stall", Scenario(), save_token="stalled-save")
        assert not store.is_config_fault(caught.value)
        with pytest.raises(store.StoreTimeoutError):
            lib.list("HD-A")
        store.dispose_engine(url)  # a new process meets the stall at its first connection
        with pytest.raises(store.DB_FAULTS):
            store.ScenarioStore(url, timeout_s=3)
    finally:
        _cluster_signal(folder, signal.SIGCONT)
    lib = store.ScenarioStore(url, timeout_s=10)
    again = lib.save("HD-A", "during the stall", Scenario(), save_token="stalled-save")  # the user clicks again
    names = [s.name for s in lib.list("HD-A")]
    assert names.count("during the stall") == 1 and "before the stall" in names
    assert lib.get(again).name == "during the stall"


@pytest.mark.postgres
def test_a_stopped_postgres_gives_a_passing_error_and_recovers_without_restart(own_pg):
    url, folder = own_pg
    lib = store.ScenarioStore(url, timeout_s=8)
    lib.save("HD-B", "before", Scenario())
    _pg_ctl(folder, "-m", "immediate", "stop")
    try:
        with pytest.raises(store.DB_FAULTS) as caught:
            lib.save("HD-B", "while down", Scenario())
        assert not isinstance(caught.value, store.StoreTimeoutError)  # refused at once, not waited out
        assert not store.is_config_fault(caught.value)
    finally:
        _pg_ctl(folder, "-l", str(folder.parent / "server.log"), "-o",
                f"-p {OWN_PG_PORT} -k {folder.parent} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    lib.save("HD-B", "after", Scenario())
    assert [s.name for s in lib.list("HD-B")] == ["after", "before"]


@pytest.mark.postgres
def test_postgres_sessions_carry_statement_and_lock_timeouts():
    from tests.conftest import postgres_url

    url = postgres_url()
    lib = store.ScenarioStore(url)
    with lib.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "5s"
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "3s"


@pytest.mark.postgres
def test_a_bare_postgresql_url_uses_the_installed_driver():
    """docs/deploy.md writes postgresql://…; SQLAlchemy 2.1 maps that to psycopg 3, which requirements.txt does not
    install: the store takes the driver it ships (psycopg2)."""
    from sqlalchemy.engine import make_url

    bare = make_url(postgres_url()).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        lib = store.ScenarioStore(bare)
        assert lib.engine.dialect.driver == "psycopg2"
        assert lib.count("HD-BARE") == 0
    finally:
        store.dispose_engine(bare)
