"""Bounded waits and named faults: every library call ends within a time limit, and a fault says what kind it is.

A stalled database server (stopped, not down) keeps TCP connections open and answers nothing, so
neither the driver nor the server's statement_timeout ever fires. Calls therefore run on a small
worker pool and the caller waits at most `timeout_s`; a call still stuck finishes (or fails) on its
worker when the server wakes, and the idempotency token of a save keeps a retry from storing twice.

One user action may make several calls (a page reads the list, then the count): inside
`with deadline(seconds):` they share one budget, so a stalled database costs the action `seconds`,
not `seconds` per call.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from sqlalchemy import exc as sa_exc

from store.validate import StoreError

DEFAULT_TIMEOUT_S = 8.0  # under the ~10 s a person waits before deciding the page is broken
WORKERS = 16  # at most this many calls stuck on a stalled server; later ones wait their turn, also bounded

T = TypeVar("T")


def _new_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="store")


_pool = _new_pool()
# A context variable, not a global: each Streamlit session runs its script in its own thread, and
# one session's deadline must not cut another's calls short.
_deadline: ContextVar[float | None] = ContextVar("store_deadline", default=None)


def _pool_after_fork() -> None:
    # A forked child has only the thread that forked: the parent's workers are gone, and a pool that
    # still counts them as idle would queue every call forever (each then times out).
    global _pool
    _pool = _new_pool()


os.register_at_fork(after_in_child=_pool_after_fork)


class StoreTimeoutError(StoreError):
    """The database did not answer within the time limit (stalled, overloaded, or locked)."""


class StoreConfigError(StoreError):
    """The library is set up wrongly (read-only folder, missing driver, bad URL or password): not a passing problem."""


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Library calls inside share `seconds` (time.monotonic() deadline yielded); a nested one ends no later."""
    end = time.monotonic() + seconds
    outer = _deadline.get()
    if outer is not None:
        end = min(end, outer)
    token = _deadline.set(end)
    try:
        yield end
    finally:
        _deadline.reset(token)


def run_bounded(call: Callable[[], T], timeout_s: float = DEFAULT_TIMEOUT_S) -> T:
    """call() on a worker; its result or exception, or StoreTimeoutError after timeout_s (or the deadline)."""
    wait = timeout_s
    end = _deadline.get()
    if end is not None:
        left = end - time.monotonic()
        if left <= 0:  # not even submitted: it would only add to a stalled server's queue
            raise StoreTimeoutError("no time left for this action: the database did not answer in time")
        wait = min(timeout_s, left)
    future = _pool.submit(call)
    try:
        return future.result(timeout=wait)
    except FutureTimeout:
        future.cancel()  # never started: drop it; started: it ends on its own
        raise StoreTimeoutError(f"no answer from the database within {wait:g} s") from None


_CONFIG_WORDS = (
    "readonly database", "read-only", "unable to open database file", "password authentication failed",
    "no pg_hba.conf entry", "permission denied", "does not exist", "could not translate host name",
    "knows up to", "no migration to schema version", "authentication",
    # SQLite's words for a failing or full disk: retrying writes nothing until someone frees or fixes it
    "disk i/o error", "database or disk is full",
)


def is_config_fault(exc: BaseException) -> bool:
    """True for faults that waiting will not cure: the operator must change the set-up."""
    if isinstance(exc, StoreConfigError | ImportError | sa_exc.NoSuchModuleError | sa_exc.ArgumentError):
        return True
    if isinstance(exc, OSError) and not isinstance(exc, TimeoutError | ConnectionError):
        return True  # the data folder cannot be made or written: permissions, a file in the way, a full disk
    if isinstance(exc, StoreTimeoutError):
        return False
    message = str(exc).lower()
    return isinstance(exc, sa_exc.DBAPIError | StoreError) and any(word in message for word in _CONFIG_WORDS)


# What a library call can raise besides StoreValidationError (a StoreError, caught first) and
# NotAllowedError: database, driver, file-system and set-up faults. Catch these, then ask is_config_fault.
DB_FAULTS = (sa_exc.SQLAlchemyError, StoreError, OSError, ImportError)
