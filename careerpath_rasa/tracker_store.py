"""Rasa's SQL tracker store, plus "delete my data" and calm handling of database faults.

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
* **Faults.** When the database cannot be reached, the error is logged once per outage
  (with the operation and sender), the turn's tracker is kept in memory and written on
  the next successful save, and a retrieve during the outage serves that tracker, so
  nothing the user said is lost while the process lives.
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

import json
import logging
import threading
from pathlib import Path
from typing import Any, Dict, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Restarted, SessionStarted, UserUttered
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.core.trackers import DialogueStateTracker

from careerpath_rasa.patches.speedups import install_rasa_speedups

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_answer_forget_me"  # actions/privacy.py
# How many events of the tracker's latest session are stored, as its retrieve (or last
# save) found; kept on the tracker object so that a tracker built elsewhere is counted.
STORED_COUNT = "_careerpath_stored_events"

# Rasa's rule (SQLTrackerStore._event_query): the latest session is every event stamped at
# or after the newest session start, or all events when there is none.
_LATEST_SESSION = """
    FROM events WHERE sender_id = :sender AND (
        timestamp >= (SELECT max(timestamp) FROM events
                      WHERE sender_id = :sender AND type_name = :session_started)
        OR (SELECT max(timestamp) FROM events
            WHERE sender_id = :sender AND type_name = :session_started) IS NULL)"""
LATEST_SESSION_EVENTS = sa.text(f"SELECT data {_LATEST_SESSION} ORDER BY id")
LATEST_SESSION_COUNT = sa.text(f"SELECT count(*) {_LATEST_SESSION}")


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
    def __init__(self, domain=None, dialect: Text = "sqlite", host: Optional[Text] = None,
                 db: Text = "rasa.db", **kwargs: Any) -> None:
        if dialect == "sqlite" and not (host and "://" in host) and db:
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain=domain, dialect=dialect, host=host, db=db, **kwargs)
        if _is_sqlite_file(self.engine.url):
            self.engine = _pooled_sqlite_engine(self.engine)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        self._insert_events = self.SQLEvent.__table__.insert()
        # The tracker store is the one project class every Rasa entry point loads
        # (run, shell, the production profile): see careerpath_rasa/patches/speedups.py.
        install_rasa_speedups()
        self._pending: Dict[str, DialogueStateTracker] = {}  # unsaved during an outage
        self._outage = False
        self._lock = threading.Lock()

    # ---- saving -------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            if forget_requested(tracker):
                deleted = self.delete_events(tracker.sender_id)
                self._pending.pop(tracker.sender_id, None)
                logger.info("Deleted %d stored events of sender %r on request", deleted, tracker.sender_id)
            else:
                await self.stream_events(tracker)
                self._append_new_events(tracker)
                self._pending.pop(tracker.sender_id, None)
        except Exception as error:  # noqa: BLE001 - any database fault; see _fault
            self._fault("save", tracker.sender_id, error)
            self._pending[tracker.sender_id] = tracker
            _forget_stored_count(tracker)  # the next save counts what really got stored
            return
        self._recovered()

    def _append_new_events(self, tracker: DialogueStateTracker) -> None:
        """What ``SQLTrackerStore.save`` writes: the events after those already stored."""
        with self.session_scope() as session:
            stored = getattr(tracker, STORED_COUNT, None)
            if stored is None:
                stored = self._count_stored(session, tracker.sender_id)
            events = list(tracker.events)
            rows = [event_row(tracker.sender_id, event) for event in events[stored:]]
            if rows:
                session.execute(self._insert_events, rows)
            session.commit()
        setattr(tracker, STORED_COUNT, len(events))

    def delete_events(self, sender_id: Text) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False)
            session.commit()
            return deleted

    @staticmethod
    def _count_stored(session, sender_id: Text) -> int:
        return session.execute(LATEST_SESSION_COUNT, _session_parameters(sender_id)).scalar_one()

    # ---- reading ------------------------------------------------------------------------
    def _latest_session(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """``SQLTrackerStore._retrieve(sender_id, False)``: the same tracker, fewer steps."""
        with self.session_scope() as session:
            rows = session.execute(LATEST_SESSION_EVENTS, _session_parameters(sender_id)).all()
        if not self.domain or not rows:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for (data,) in rows],
                                                 self.domain.slots)
        setattr(tracker, STORED_COUNT, len(rows))
        return tracker

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool):
        try:
            if fetch_events_from_all_sessions:
                stored = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
            else:
                stored = self._latest_session(sender_id)
        except Exception as error:  # noqa: BLE001
            self._fault("retrieve", sender_id, error)
            return self._pending.get(sender_id)
        self._recovered()
        pending = self._pending.get(sender_id)
        if pending is not None and (stored is None or len(pending.events) > len(stored.events)):
            return pending  # the next save writes what the outage kept from the database
        return stored

    # ---- faults -------------------------------------------------------------------------
    def _fault(self, operation: str, sender_id: Text, error: Exception) -> None:
        with self._lock:
            first = not self._outage
            self._outage = True
        if first:  # once per outage, not once per turn
            detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            logger.error("Tracker store unavailable during %s for sender %r on %s: %s. Keeping "
                         "conversations in memory until it is back.", operation, sender_id,
                         self.engine.url.render_as_string(hide_password=True), detail)

    def _recovered(self) -> None:
        if self._outage:
            with self._lock:
                self._outage = False
            logger.warning("Tracker store reachable again; %d conversation(s) still to write",
                           len(self._pending))


def event_row(sender_id: Text, event) -> Dict[str, Any]:
    """The ``events`` row Rasa's SQLTrackerStore writes for an event."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"), "data": json.dumps(data)}


def _session_parameters(sender_id: Text) -> Dict[str, Any]:
    return {"sender": sender_id, "session_started": SessionStarted.type_name}


def _forget_stored_count(tracker: DialogueStateTracker) -> None:
    if hasattr(tracker, STORED_COUNT):
        delattr(tracker, STORED_COUNT)


def _is_sqlite_file(url) -> bool:
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


def _pooled_sqlite_engine(engine):
    """Rasa's SQLite engine opens and closes a file connection for every query (SQLAlchemy
    1.4's default for SQLite files): ~15 % of a turn. This one keeps a few open, in WAL mode
    (readers and the writer work at once; NORMAL syncs at checkpoints only)."""
    url = engine.url
    engine.dispose()
    pooled = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=4,
                              connect_args={"check_same_thread": False})  # one user at a time: the pool

    def configure(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")  # per connection; WAL itself is per file
        cursor.close()

    sa.event.listen(pooled, "connect", configure)
    with pooled.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return pooled
