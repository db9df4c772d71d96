"""Where the scenario library lives: database URL resolution and one cached engine per URL."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "scenarios.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 5000

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def database_url() -> str:
    """HUADU_DATABASE_URL if set, else a SQLite file in HUADU_DATA_DIR (default ./var).

    Streamlit secrets are not read here (store never imports streamlit): the UI may read
    them and pass the URL to ScenarioStore itself.
    """
    url = os.environ.get("HUADU_DATABASE_URL", "").strip()
    if url:
        return url
    folder = Path(os.environ.get("HUADU_DATA_DIR", "").strip() or DEFAULT_DATA_DIR).resolve()
    return f"sqlite:///{folder / SQLITE_FILE}"


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the one writer; busy_timeout makes writers queue instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        on_disk = parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:")
        if on_disk:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A file database gets a real pool so many sessions can read at once; memory keeps SQLAlchemy's default.
        engine = create_engine(url, pool_size=10, max_overflow=20) if on_disk else create_engine(url)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: database_url()), created on first use."""
    url = url or database_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        return engine


def dispose_engine(url: str) -> None:
    """Close the pooled connections of `url` and forget its engine (tests, shutdown)."""
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()
