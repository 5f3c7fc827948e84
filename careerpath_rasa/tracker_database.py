"""The tracker store's database side: engines that suit each backend (pooled SQLite files in
WAL mode, a shared in-memory SQLite, PostgreSQL with liveness checks) and the outage log."""

from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa

# Outage lines come under the tracker store's name, where operators look for them.
logger = logging.getLogger("careerpath_rasa.tracker_store")

# Threads for database calls: a few more than the connections a turn needs at once, so a
# locked write does not queue the reads of other users behind it.
DATABASE_THREADS = 8
CONNECT_TIMEOUT_SECONDS = 5


class OutageLog:
    """One error line when the tracker database stops answering, one line when it is back.

    An outage ends with a successful save once no call has failed for ``QUIET_SECONDS``
    (a database that fails every other call, like a file made read-only under open
    connections, is one outage, not dozens); a successful read ends it only when no write
    failed during it (a locked SQLite file still serves reads while refusing writes).
    """

    QUIET_SECONDS = 5.0

    def __init__(self, database: str) -> None:
        self.database = database
        self._lock = threading.Lock()
        self.started: float | None = None
        self.last_failure = 0.0
        self.failures = 0
        self._writes_failed = False

    @property
    def ongoing(self) -> bool:
        return self.started is not None

    def failed(self, operation: str, sender_id: str, error: Exception, wrote: bool) -> None:
        with self._lock:
            first = self.started is None
            if first:
                self.started, self.failures, self._writes_failed = time.monotonic(), 0, False
            self.failures += 1
            self.last_failure = time.monotonic()
            self._writes_failed = self._writes_failed or wrote
        if first:
            logger.error(
                "Tracker store unavailable (%s for sender %r on %s: %s). Turns are "
                'answered "please try again" until it is back.',
                operation,
                sender_id,
                self.database,
                first_line(error),
            )

    def succeeded(self, wrote: bool) -> None:
        if self.started is None:
            return
        with self._lock:
            if self.started is None or (self._writes_failed and not wrote):
                return
            if time.monotonic() - self.last_failure < self.QUIET_SECONDS:
                return
            seconds, failures = self.last_failure - self.started, self.failures
            self.started = None
        logger.warning(
            "Tracker store available again (outage of %.1f s, %d failed database "
            "call(s); a turn was answered only where it was stored).",
            seconds,
            failures,
        )


def first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def checked_postgres_engine(engine):
    """Rasa's engine, plus a liveness check of pooled connections and a connect timeout:
    after the database was cut, the first turn gets a new connection, not a dead one."""
    url = engine.url
    engine.dispose()
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=DATABASE_THREADS,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def shared_memory_engine(engine, table):
    """An in-memory SQLite database lives in one connection; the database threads share it."""
    engine.dispose()
    shared = sa.create_engine(
        "sqlite://", poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False}
    )
    table.metadata.create_all(shared)
    return shared


def pooled_sqlite_engine(engine):
    """Rasa's SQLite engine opens and closes a file connection for every query (SQLAlchemy
    1.4's default for SQLite files): ~15 % of a turn. This one keeps a few open, in WAL mode
    (readers and the writer work at once; NORMAL syncs at checkpoints only)."""
    url = engine.url
    engine.dispose()
    pooled = sa.create_engine(
        url,
        poolclass=sa.pool.QueuePool,
        pool_size=DATABASE_THREADS,
        max_overflow=4,
        connect_args={"check_same_thread": False},
    )  # one user at a time: the pool

    def configure(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")  # per connection; WAL itself is per file
        cursor.close()

    sa.event.listen(pooled, "connect", configure)
    with pooled.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return pooled
