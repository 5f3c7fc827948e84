"""Rasa's SQL tracker store, plus "delete my data" and calm handling of database faults.

Configured in endpoints.yml / endpoints.prod.yml::

    tracker_store:
      type: actions.channels.tracker_store.PrivacySQLTrackerStore
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
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Dict, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Restarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.channels.speedups import install_cached_action_result_validator

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_answer_forget_me"  # actions/dialogue/privacy.py


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
        # The tracker store is the one project class every Rasa entry point loads
        # (run, shell, the production profile): see actions/channels/speedups.py.
        install_cached_action_result_validator()
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
                await super().save(tracker)
                self._pending.pop(tracker.sender_id, None)
        except Exception as error:  # noqa: BLE001 - any database fault; see _fault
            self._fault("save", tracker.sender_id, error)
            self._pending[tracker.sender_id] = tracker
            return
        self._recovered()

    def delete_events(self, sender_id: Text) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False)
            session.commit()
            return deleted

    # ---- reading ------------------------------------------------------------------------
    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool):
        try:
            stored = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
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
