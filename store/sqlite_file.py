"""The SQLite file a store opened must stay that file: one removed or replaced while the app runs is a set-up fault."""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

from sqlalchemy import Engine

from store.bounded import StoreConfigError


class SQLiteFileGuard:
    """The (st_dev, st_ino) of a SQLite file, recorded when a store opened it; intact() before each call.

    SQLite keeps an unlinked file open, so with the data folder deleted (a clean-up job, a
    redeploy) saves would still "succeed" into a file nobody will ever read again.
    """

    def __init__(self, path: Path):
        self.path = path
        self.identity = self._identity()  # None: gone already, between opening and looking

    def _identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except (FileNotFoundError, NotADirectoryError):  # the file, or its folder, is gone
            return None
        return found.st_dev, found.st_ino

    def intact(self) -> bool:
        """True if the file is still there and still the one that was opened (one os.stat); once False, always."""
        if self.identity is not None and self._identity() != self.identity:
            # Kept lost: a file made later may be handed the freed inode number, and is still not the one opened.
            self.identity = None
        return self.identity is not None

    def fault(self) -> StoreConfigError:
        """What to raise when the file is not intact()."""
        return StoreConfigError(f"the database file {self.path} was removed or replaced while the app ran;"
                                " restart the app (and restore the file from a backup if it was lost)")


# One record per engine, not per store: the engine's pooled connections hold the file, so a store
# opened later on the same (cached) engine must compare against what those connections opened.
_guards: weakref.WeakKeyDictionary[Engine, SQLiteFileGuard] = weakref.WeakKeyDictionary()
_guards_lock = threading.Lock()


def recorded_guard(engine: Engine) -> SQLiteFileGuard | None:
    """The record of the file `engine` opened, if a store made one."""
    with _guards_lock:
        return _guards.get(engine)


def guard_for(engine: Engine, path: Path) -> SQLiteFileGuard:
    """The record of the file `engine` opened at `path`, made the first time a store asks."""
    with _guards_lock:
        guard = _guards.get(engine)
        if guard is None:
            guard = _guards[engine] = SQLiteFileGuard(path)
        return guard
