"""Rasa's SQL tracker store, plus "delete my data", fault handling that loses nothing, and lean SQL.

Configured in endpoints.yml / endpoints.prod.yml::

    tracker_store:
      type: careerpath_rasa.tracker_store.PrivacySQLTrackerStore
      dialect: sqlite            # or postgresql (+ url/host, db, username, password)
      db: var/trackers.db

It is Rasa's ``SQLTrackerStore`` (same ``events`` table, same configuration keys) with:

* **Forgetting.** When a turn ran ``action_answer_forget_me`` and it returned
  ``Restarted`` (the user confirmed "delete my data" and the project data is gone), the
  save deletes every stored event of the sender in one transaction instead of appending
  the turn. Deleting from the action server alone would not do: Rasa's save re-inserts
  the session's events it holds in memory when it finds them missing.
* **Faults: a turn is stored or not answered.** When the database cannot be read or
  written, ``retrieve`` / ``save`` raise ``TrackerUnavailable``; nothing is kept in memory
  and Rasa's in-memory fallback is switched off (``refuses_fallback``, see
  careerpath_rasa/patches/durable_turns.py), so the user reads "please try again in a
  moment", the turn leaves no trace, and a conversation that could not be read is never
  restarted or spliced. Each save is one transaction: the whole turn or nothing.
  One log line when an outage starts, one when it ends (with how many calls failed).
* **Commits that report an error.** A database can fail after a commit reached the disk
  (SQLite when its files turn read-only under open connections; a connection dropped
  before the reply). A failed save reads the conversation back: if the turn is there, it
  is answered normally. If that read fails too, the store notes the turn, and the next read
  of that conversation in this process deletes it if it did reach the disk: the user was
  told to try again, so the conversation must not contain it (else the repeated message
  would answer the next question).
* **Off the event loop.** Every database call runs in a small thread pool: a locked or
  slow database delays the users waiting for it, not every user of the process. The
  writers of a SQLite file queue on a lock of their own instead of sleeping in SQLite's
  busy handler.
* **Connections that come back.** PostgreSQL connections are checked before use
  (``pool_pre_ping``) and time out after ``CONNECT_TIMEOUT_SECONDS``: after an outage the
  first turn gets a fresh connection instead of a dead one.
* **SQLite parent folder.** ``var/`` is created when missing (Rasa would retry forever).
* **Lean statements.** Every message costs one retrieve and one save. Rasa builds both
  with ORM queries (statement cache keys, ORM objects per row) and counts the stored
  events again before each save; profiled under load that was a third of the server's
  time. Here the same queries are plain SQL (same rows, same order, same session rule),
  new events go in as one multi-row insert, and a save reuses the count its retrieve
  saw when the same tracker object comes back (the lock store keeps other writers of that
  conversation out in between). SQLite files run in WAL mode with ``synchronous=NORMAL``:
  a commit no longer waits for the disk twice (a power cut may lose the last turns, a
  crash of Rasa loses nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from careerpath.db.engine import is_sqlite_file
from careerpath_rasa import patches
from careerpath_rasa.patches.durable_turns import TrackerUnavailable
from careerpath_rasa.tracker_database import (
    DATABASE_THREADS,
    OutageLog,
    checked_postgres_engine,
    first_line,
    pooled_sqlite_engine,
    shared_memory_engine,
)

patches.install()  # Rasa may load this module before any other of ours (see patches)

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_answer_forget_me"  # actions/privacy.py
# How many events of the tracker's latest session are stored, as its retrieve (or last
# save) found; kept on the tracker object so that a tracker built elsewhere is counted.
STORED_COUNT = "_careerpath_stored_events"
COUNT_BEFORE = "_careerpath_events_before_save"  # what the last save found stored
MAX_UNCONFIRMED = 10_000

# Rasa's rule (SQLTrackerStore._event_query): the latest session is every event stamped at
# or after the newest session start, or all events when there is none.
_LATEST_SESSION = """
    FROM events WHERE sender_id = :sender AND (
        timestamp >= (SELECT max(timestamp) FROM events
                      WHERE sender_id = :sender AND type_name = :session_started)
        OR (SELECT max(timestamp) FROM events
            WHERE sender_id = :sender AND type_name = :session_started) IS NULL)"""
LATEST_SESSION_EVENTS = sa.text(f"SELECT id, data {_LATEST_SESSION} ORDER BY id")
LATEST_SESSION_COUNT = sa.text(f"SELECT count(*) {_LATEST_SESSION}")
LAST_EVENT = sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id DESC LIMIT 1")
ALL_EVENTS = sa.text("SELECT id, data FROM events WHERE sender_id = :sender ORDER BY id")
DISTINCT_SENDERS = sa.text("SELECT DISTINCT sender_id FROM events")

T = TypeVar("T")
__all__ = ["PrivacySQLTrackerStore", "TrackerUnavailable", "event_row", "forget_requested"]


def forget_requested(tracker: DialogueStateTracker) -> bool:
    """Did the latest turn confirm "delete my data" (the action ran and restarted)?"""
    restarted = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, Restarted):
            restarted = True
        elif isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return restarted
    return False


class PrivacySQLTrackerStore(SQLTrackerStore):
    # FailSafeTrackerStore passes our errors through instead of answering from memory.
    refuses_fallback = True

    def __init__(
        self,
        domain=None,
        dialect: str = "sqlite",
        host: str | None = None,
        db: str = "rasa.db",
        **kwargs: Any,
    ) -> None:
        if dialect == "sqlite" and not (host and "://" in host) and db:
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain=domain, dialect=dialect, host=host, db=db, **kwargs)
        threads = DATABASE_THREADS
        # Writers of one SQLite file take turns here, at once, rather than in SQLite's busy
        # handler, which sleeps (1, 2, 5, 10 ... 100 ms) between tries: with 20 users saving
        # at the same moment, turns waited out those sleeps (see _append_new_events).
        self._writer: contextlib.AbstractContextManager = contextlib.nullcontext()
        if is_sqlite_file(self.engine.url):
            self.engine = pooled_sqlite_engine(self.engine)
            self._writer = threading.Lock()
        elif self.engine.url.get_backend_name() == "sqlite":  # in memory: one shared connection
            self.engine, threads = shared_memory_engine(self.engine, self.SQLEvent.__table__), 1
        elif self.engine.url.get_backend_name() == "postgresql":
            self.engine = checked_postgres_engine(self.engine)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        self._insert_events = self.SQLEvent.__table__.insert()
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix="tracker-db")
        self.outage = OutageLog(self.engine.url.render_as_string(hide_password=True))
        self._unconfirmed: dict[str, Unconfirmed] = {}

    async def _in_thread(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._threads, work, *args)

    # ---- saving -------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            if forget_requested(tracker):
                deleted = await self._in_thread(self.delete_events, tracker.sender_id)
                logger.info(
                    "Deleted %d stored events of sender %r on request", deleted, tracker.sender_id
                )
            else:
                await self._in_thread(self._append_new_events, tracker)
        except Exception as error:
            _forget_stored_count(tracker)  # a later save of this object counts what is stored
            self.outage.failed("save", tracker.sender_id, error, wrote=True)
            stored = None if forget_requested(tracker) else await self._stored_after_all(tracker)
            if not stored:
                if stored is None:  # cannot tell: settled by the next read of this conversation
                    self._note_unconfirmed(tracker)
                raise TrackerUnavailable("save", tracker.sender_id, first_line(error)) from error
            setattr(tracker, STORED_COUNT, len(tracker.events))
        self.outage.succeeded(wrote=True)
        await self.stream_events(tracker)  # only what is stored goes to an event broker

    def _append_new_events(self, tracker: DialogueStateTracker) -> None:
        """What ``SQLTrackerStore.save`` writes: the events after those already stored."""
        with self._writer, self.session_scope() as session:
            stored = getattr(tracker, STORED_COUNT, None)
            if stored is None:
                stored = self._count_stored(session, tracker.sender_id)
            events = list(tracker.events)
            setattr(tracker, COUNT_BEFORE, stored)
            rows = [event_row(tracker.sender_id, event) for event in events[stored:]]
            if rows:
                session.execute(self._insert_events, rows)
            session.commit()
        setattr(tracker, STORED_COUNT, len(events))

    async def _stored_after_all(self, tracker: DialogueStateTracker) -> bool | None:
        """Did a save that reported an error commit anyway? A database can fail after the
        commit reached the disk (SQLite's checkpoint, a connection dropped before the reply).
        When the latest session now holds exactly this tracker's events, ending with its
        last one, the turn is stored and may be answered. None: that cannot be read."""

        def check() -> bool:
            events = list(tracker.events)
            with self.session_scope() as session:
                if self._count_stored(session, tracker.sender_id) != len(events) or not events:
                    return False
                last = session.execute(LAST_EVENT, {"sender": tracker.sender_id}).scalar()
            return last is not None and json.loads(last) == events[-1].as_dict()

        try:
            stored = await self._in_thread(check)
        except Exception:  # noqa: BLE001 - still unreadable: the turn counts as not stored
            return None
        if stored:
            logger.info("A save for sender %r reported an error but is stored.", tracker.sender_id)
        return stored

    def _note_unconfirmed(self, tracker: DialogueStateTracker) -> None:
        """Remember a refused turn that may have reached the disk all the same."""
        events, before = list(tracker.events), getattr(tracker, COUNT_BEFORE, None)
        if before is None or len(events) <= before:
            return
        if any(isinstance(event, SessionStarted) for event in events[before:]):
            return  # a new session: the stored rows would not line up; left as Rasa has it
        while len(self._unconfirmed) >= MAX_UNCONFIRMED:
            self._unconfirmed.pop(next(iter(self._unconfirmed)))
        self._unconfirmed[tracker.sender_id] = Unconfirmed(
            before, len(events), events[-1].as_dict()
        )

    def _settle(self, session, sender_id: str, rows: list) -> list:
        """The user was told to try again: if that turn is stored after all, it goes."""
        refused = self._unconfirmed.get(sender_id)
        if refused is None:
            return rows
        if len(rows) == refused.after and json.loads(rows[-1][1]) == refused.last_event:
            ids = [row_id for row_id, _ in rows[refused.before :]]
            session.execute(
                sa.delete(self.SQLEvent.__table__).where(self.SQLEvent.__table__.c.id.in_(ids))
            )
            session.commit()
            logger.warning(
                "Removed the %d stored events of a turn of sender %r that was answered "
                '"please try again".',
                len(ids),
                sender_id,
            )
            rows = rows[: refused.before]
        self._unconfirmed.pop(sender_id, None)
        return rows

    def delete_events(self, sender_id: str) -> int:
        with self._writer, self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
            return deleted

    @staticmethod
    def _count_stored(session, sender_id: str) -> int:
        return session.execute(LATEST_SESSION_COUNT, _session_parameters(sender_id)).scalar_one()

    # ---- reading ------------------------------------------------------------------------
    def _read(self, sender_id: str, all_sessions: bool) -> DialogueStateTracker | None:
        """``SQLTrackerStore._retrieve``: the same tracker, fewer steps."""
        query = ALL_EVENTS if all_sessions else LATEST_SESSION_EVENTS
        with self.session_scope() as session:
            rows = session.execute(query, _session_parameters(sender_id)).all()
            if not all_sessions and sender_id in self._unconfirmed:
                rows = self._settle(session, sender_id, rows)
        if not self.domain or not rows:
            return None
        tracker = DialogueStateTracker.from_dict(
            sender_id, [json.loads(data) for _, data in rows], self.domain.slots
        )
        if not all_sessions:
            setattr(tracker, STORED_COUNT, len(rows))
        return tracker

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool):
        try:
            tracker = await self._in_thread(self._read, sender_id, fetch_events_from_all_sessions)
        except Exception as error:
            self.outage.failed("retrieve", sender_id, error, wrote=False)
            raise TrackerUnavailable("retrieve", sender_id, first_line(error)) from error
        self.outage.succeeded(wrote=False)
        return tracker

    async def keys(self) -> Iterable[str]:
        def read() -> list[str]:
            with self.session_scope() as session:
                return [sender for (sender,) in session.execute(DISTINCT_SENDERS)]

        try:
            return await self._in_thread(read)
        except Exception as error:
            self.outage.failed("keys", "*", error, wrote=False)
            raise TrackerUnavailable("keys", "*", first_line(error)) from error


@dataclass(frozen=True)
class Unconfirmed:
    """A refused turn whose save failed in a way that may have reached the disk: the latest
    session had ``before`` events, the turn would make it ``after``, ending with
    ``last_event``."""

    before: int
    after: int
    last_event: dict[str, Any]


def event_row(sender_id: str, event) -> dict[str, Any]:
    """The ``events`` row Rasa's SQLTrackerStore writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _session_parameters(sender_id: str) -> dict[str, Any]:
    return {"sender": sender_id, "session_started": SessionStarted.type_name}


def _forget_stored_count(tracker: DialogueStateTracker) -> None:
    if hasattr(tracker, STORED_COUNT):
        delattr(tracker, STORED_COUNT)
