"""Bounded waits: one deadline shared by the calls of an action, and a worker pool and engines that survive a fork."""

from __future__ import annotations

import os
import select
import time

import pytest
from sqlalchemy import event

import store
from model import Scenario
from store.bounded import run_bounded
from tests.test_store import lib, store_url  # noqa: F401  (fixtures: one empty database per test)

# ------------------------------------------------------------------ one deadline per action


def _sleep(seconds: float, ran: list[float] | None = None):
    def call() -> str:
        if ran is not None:
            ran.append(time.monotonic())
        time.sleep(seconds)
        return "done"

    return call


def test_calls_inside_a_deadline_share_it():
    started = time.monotonic()
    with store.deadline(1.2):
        with pytest.raises(store.StoreTimeoutError):
            run_bounded(_sleep(1.5), timeout_s=1)
        first_timed_out = time.monotonic()
        with pytest.raises(store.StoreTimeoutError):
            run_bounded(_sleep(1.5), timeout_s=1)
    second_timed_out = time.monotonic()
    assert first_timed_out - started == pytest.approx(1.0, abs=0.15)
    assert second_timed_out - first_timed_out < 0.3  # what was left of 1.2 s, not another second
    assert second_timed_out - started < 1.5


def test_a_slow_first_call_leaves_the_second_only_the_rest():
    started = time.monotonic()
    with store.deadline(1.2):
        assert run_bounded(_sleep(1)) == "done"  # in time, under the default 8 s per call
        with pytest.raises(store.StoreTimeoutError):
            run_bounded(_sleep(1))
    assert time.monotonic() - started < 1.5


def test_a_used_up_deadline_fails_at_once_without_submitting():
    ran: list[float] = []
    with store.deadline(0.05):
        time.sleep(0.1)
        started = time.monotonic()
        with pytest.raises(store.StoreTimeoutError):
            run_bounded(_sleep(0, ran), timeout_s=5)
        assert time.monotonic() - started < 0.05
    time.sleep(0.05)
    assert ran == []  # never handed to a worker


def test_a_call_in_time_is_untouched_and_the_deadline_ends_with_its_block():
    with store.deadline(2):
        assert run_bounded(_sleep(0.01), timeout_s=1) == "done"
    time.sleep(0.01)
    assert run_bounded(_sleep(0.01), timeout_s=1) == "done"  # outside: the deadline is gone
    with store.deadline(0.001):
        time.sleep(0.01)
    assert run_bounded(_sleep(0.01), timeout_s=1) == "done"


def test_nested_deadlines_take_the_earlier():
    with store.deadline(0.3) as outer:
        with store.deadline(10) as inner:
            assert inner == outer
            started = time.monotonic()
            with pytest.raises(store.StoreTimeoutError):
                run_bounded(_sleep(1), timeout_s=5)
            assert time.monotonic() - started < 0.5
    with store.deadline(10) as outer:
        with store.deadline(0.2) as inner:
            assert inner < outer
            with pytest.raises(store.StoreTimeoutError):
                run_bounded(_sleep(1), timeout_s=5)
        assert run_bounded(_sleep(0.3), timeout_s=5) == "done"  # back to the outer deadline's time


def test_a_store_call_fails_at_once_when_the_action_has_no_time_left(lib):  # noqa: F811
    with store.deadline(0):
        with pytest.raises(store.StoreTimeoutError):
            lib.save("HD-A", "too late", Scenario())
    assert lib.list("HD-A") == []


# ------------------------------------------------------------------ a fork


def _in_child(work) -> tuple[int, str]:
    """Fork; the child runs work() and reports a line through a pipe. (exit code, line); a hung child is killed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            message = work()
            code = 0
        except BaseException as exc:  # reported to the parent
            message = f"{type(exc).__name__}: {exc}"
        try:
            os.write(write_end, message.encode()[:4000])
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        line = os.read(read_end, 4096).decode() if ready else "no answer within 30 s"
        if not ready:
            os.kill(pid, 9)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), line


def test_a_forked_child_saves_and_lists_on_connections_of_its_own(lib):  # noqa: F811
    def mark(_dbapi_connection, record, _proxy) -> None:  # which process opened each pooled connection
        record.info.setdefault("pid", os.getpid())

    event.listen(lib.engine, "checkout", mark)
    before = lib.save("HD-A", "parent, before the fork", Scenario())
    assert [s.id for s in lib.list("HD-A")] == [before]  # the parent's pool threads and connections exist
    lib.timeout_s = 3  # without a fresh pool the child's calls would only time out

    def child() -> str:
        sid = lib.save("HD-A", "child", Scenario(), save_token="from-the-child")
        names = [s.name for s in lib.list("HD-A")]
        with lib.engine.connect() as conn:  # a connection shared with the parent would carry the parent's pid
            own = conn.connection.info["pid"] == os.getpid()
        return f"{sid} {names} own connection: {own}"

    code, line = _in_child(child)
    assert code == 0, line
    assert "'child'" in line and "'parent, before the fork'" in line
    assert line.endswith("own connection: True"), line
    lib.timeout_s = store.DEFAULT_TIMEOUT_S
    after = lib.save("HD-A", "parent, after the fork", Scenario())  # the parent's pool still works
    assert [s.name for s in lib.list("HD-A")] == ["parent, after the fork", "child", "parent, before the fork"]
    assert after > before
