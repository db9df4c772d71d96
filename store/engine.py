"""Where the scenario library lives: database URL resolution and one cached engine per URL, with bounded waits."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "scenarios.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 5000
# PostgreSQL: a connection attempt gives up after PG_CONNECT_TIMEOUT_S; the server cancels a
# statement after PG_STATEMENT_TIMEOUT_MS and a lock wait after PG_LOCK_TIMEOUT_MS; a request for a
# pooled connection waits at most POOL_TIMEOUT_S. A stopped (not down) server answers none of
# these: store.bounded limits that case.
POSTGRES_DRIVER = "psycopg2"  # psycopg2-binary in requirements.txt
PG_CONNECT_TIMEOUT_S = 5
PG_STATEMENT_TIMEOUT_MS = 5000
PG_LOCK_TIMEOUT_MS = 3000
POOL_TIMEOUT_S = 5

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


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (a plain path or a file: URI); None for an in-memory database or another backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database or ""
    if name.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        name = urlsplit(name).path
    return Path(name) if name and name != ":memory:" else None


def where(url: str) -> str:
    """One word for where scenarios are kept: "sqlite_local" (a SQLite file), "memory" or "shared" (a server)."""
    if make_url(url).get_backend_name() != "sqlite":
        return "shared"
    return "sqlite_local" if sqlite_path(url) is not None else "memory"


def location(url: str) -> str:
    """Where the scenarios are kept, fit to show: a SQLite file's path, else the URL with its password masked."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    parsed = make_url(url)
    return ":memory:" if parsed.get_backend_name() == "sqlite" else parsed.render_as_string(hide_password=True)


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    # busy_timeout first: switching a fresh file to WAL needs a lock another process may hold.
    # WAL lets readers run beside the one writer; busy_timeout makes writers queue instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _postgres_connect_args(url: str) -> dict[str, object]:
    """Timeouts unless the URL sets its own (a URL's connect_timeout or options win)."""
    query = make_url(url).query
    args: dict[str, object] = {}
    if "connect_timeout" not in query:
        args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    if "options" not in query:
        args["options"] = f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} -c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    return args


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        on_disk = parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:")
        if on_disk:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A file database gets a real pool so many sessions can read at once; memory keeps SQLAlchemy's default.
        engine = (create_engine(url, pool_size=10, max_overflow=20, pool_timeout=POOL_TIMEOUT_S,
                                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
                  if on_disk else create_engine(url))
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    connect_args = _postgres_connect_args(url) if parsed.get_backend_name() == "postgresql" else {}
    if parsed.drivername == "postgresql":
        # A bare postgresql:// (as docs/deploy.md writes it) means the driver requirements.txt installs:
        # SQLAlchemy 2.1 otherwise picks psycopg 3, which is not installed.
        parsed = parsed.set(drivername=f"postgresql+{POSTGRES_DRIVER}")
    return create_engine(parsed, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT_S, connect_args=connect_args)


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


def discard_engine(engine: Engine) -> None:
    """Close `engine`'s pooled connections, and forget it if it is still the one cached for its URL."""
    with _engines_lock:
        for url, cached in list(_engines.items()):
            if cached is engine:
                del _engines[url]
    engine.dispose()


def _engines_after_fork() -> None:
    # A forked child must not talk over its parent's pooled sockets or SQLite handles: give every
    # engine a fresh pool without closing the parent's connections (SQLAlchemy: dispose(close=False)).
    # An in-memory SQLite database lives in its connection, copied with the process: keep it.
    global _engines_lock
    _engines_lock = threading.Lock()  # another thread may have held it at the fork
    for url, engine in _engines.items():
        if where(url) != "memory":
            engine.dispose(close=False)


os.register_at_fork(after_in_child=_engines_after_fork)
