"""Engine and session handling for the project database.

No engine is created at import time: the first call to :func:`get_engine` creates one for
the configured URL and keeps it, so the Rasa action server, the CLI and the tests each
get one connection pool per process, and one ``Session`` per unit of work.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, create_engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "careerpath.db"


def database_url() -> str:
    """``DATABASE_URL`` from the environment, else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_DATABASE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DATABASE_PATH}"


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the action server read while a loader or another process writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        return engine


def _create(url: str) -> Engine:
    kwargs: dict = {"future": True, "pool_pre_ping": True}
    sqlite_file = is_sqlite_file(url)
    if sqlite_file:
        # SQLAlchemy 1.4 opens (and sets up) a new SQLite connection for every session of a
        # file database and closes it after: a fifth of the action server's time per turn.
        # A pool keeps them, as SQLAlchemy 2.0 does by default; a pooled connection is used
        # by one thread at a time, so it may move between the threads that check it out.
        kwargs.update(poolclass=QueuePool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    if sqlite_file:
        _reopen_when_the_file_changes(engine, Path(str(make_url(url).database)))
    return engine


def _reopen_when_the_file_changes(engine: Engine, path: Path) -> None:
    """A pooled connection is used only while the database file it opened is still the one
    at ``path``. A file moved, deleted or replaced under a running process would otherwise
    keep taking writes that nobody will read; a fresh connection finds what is (or is not)
    at the path now, as an unpooled connection did, and a fault is reported as one."""

    def identity() -> tuple[int, int] | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def remember(_dbapi_connection, record) -> None:
        record.info["file"] = identity()

    def check(_dbapi_connection, record, _proxy) -> None:
        if record.info.get("file") != identity() or record.info.get("file") is None:
            raise DisconnectionError("the database file changed")

    event.listen(engine, "connect", remember)
    event.listen(engine, "checkout", check)


def is_sqlite_file(url: str | URL) -> bool:
    """A SQLite database in a file (not in memory)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


@cache
def _session_factory(url: str) -> sessionmaker:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One session per unit of work: commits on success, rolls back on error."""
    session: Session = _session_factory(url or database_url())()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def reset_engines() -> None:
    """Close and forget every engine (tests switch DATABASE_URL between runs)."""
    with _engines_lock:
        engines = list(_engines.values())
        _engines.clear()
    for engine in engines:
        engine.dispose()
    _session_factory.cache_clear()
