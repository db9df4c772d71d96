"""A sick database: SQLite locked or read-only, a missing driver, PostgreSQL stopped and stalled (SIGSTOP).

The PostgreSQL cases use a throwaway cluster of their own (scripts/start_test_postgres.sh on
another port), so freezing it never touches the shared test server.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

import store
from model import Scenario

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


@pytest.mark.parametrize("url", ["postgresql+nosuchdriver://u@127.0.0.1/x", "mysql+pymysql://u@127.0.0.1/x"])
def test_a_missing_driver_is_a_configuration_fault(url):
    with pytest.raises(store.DB_FAULTS) as caught:
        store.ScenarioStore(url)
    assert store.is_config_fault(caught.value)


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
