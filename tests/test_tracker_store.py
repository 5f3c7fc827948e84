"""PrivacySQLTrackerStore stores and reads exactly what Rasa's SQLTrackerStore does.

Real SQLite files, Rasa's own store as the reference: the same conversations are saved
through both, and the rows and retrieved trackers must match.
"""
from __future__ import annotations

import asyncio
import sqlite3

import pytest
import sqlalchemy as sa

from careerpath_rasa import tracker_store as store_module
from harness.stack import PROJECT_ROOT

pytest.importorskip("rasa.core.tracker_store")

from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from careerpath_rasa.tracker_store import STORED_COUNT, PrivacySQLTrackerStore  # noqa: E402


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def _turn(number: int, timestamp: float) -> list:
    return [UserUttered(f"message {number}", {"name": "inform", "confidence": 0.9}, timestamp=timestamp),
            ActionExecuted("profile_form", timestamp=timestamp + 0.1),
            ActiveLoop("profile_form", timestamp=timestamp + 0.1),
            SlotSet("education", f"degree {number}", timestamp=timestamp + 0.2),
            BotUttered(f"reply {number}", timestamp=timestamp + 0.3),
            ActionExecuted("action_listen", timestamp=timestamp + 0.4)]


def _session_start(timestamp: float) -> list:
    return [ActionExecuted("action_session_start", timestamp=timestamp),
            SessionStarted(timestamp=timestamp), ActionExecuted("action_listen", timestamp=timestamp)]


async def _converse(store, domain, sender: str) -> None:
    """Two sessions of several turns, each turn retrieved, extended and saved as Rasa does."""
    tracker = await store.retrieve(sender) or DialogueStateTracker(sender, domain.slots)
    for event in _session_start(1000.0):
        tracker.update(event)
    await store.save(tracker)
    clock = 1001.0
    for number in range(4):
        if number == 2:  # a new session: the retrieve must start from it
            tracker = await store.retrieve(sender)
            for event in _session_start(clock):
                tracker.update(event)
            await store.save(tracker)
            clock += 1
        tracker = await store.retrieve(sender)
        for event in _turn(number, clock):
            tracker.update(event)
        await store.save(tracker)
        clock += 1


def _rows(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                                  "FROM events ORDER BY id").fetchall()


def _dicts(tracker):
    return [event.as_dict() for event in tracker.events]


@pytest.fixture
def stores(tmp_path, domain):
    ours = PrivacySQLTrackerStore(domain=domain, db=str(tmp_path / "var" / "ours.db"))
    theirs = SQLTrackerStore(domain=domain, db=str(tmp_path / "theirs.db"))
    return ours, theirs, tmp_path


def test_the_same_conversation_writes_the_same_rows(stores, domain):
    ours, theirs, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    asyncio.run(_converse(theirs, domain, "student"))
    assert _rows(folder / "var" / "ours.db") == _rows(folder / "theirs.db")
    assert len(_rows(folder / "theirs.db")) > 20


def test_retrieve_returns_rasa_s_tracker_of_the_latest_session(stores, domain):
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    reference = SQLTrackerStore(domain=domain, db=str(folder / "var" / "ours.db"))
    mine, rasa_s = (asyncio.run(store.retrieve("student")) for store in (ours, reference))
    assert _dicts(mine) == _dicts(rasa_s)
    assert isinstance(mine.events[0], ActionExecuted) and mine.events[0].action_name == "action_session_start"
    full_mine, full_rasa = (asyncio.run(store.retrieve_full_tracker("student")) for store in (ours, reference))
    assert _dicts(full_mine) == _dicts(full_rasa) and len(full_mine.events) > len(mine.events)
    assert asyncio.run(ours.retrieve("nobody")) is None


def test_a_tracker_built_elsewhere_is_counted_before_saving(stores, domain):
    """Rasa's HTTP API can save a tracker it did not retrieve: the store counts what is stored."""
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    stored = asyncio.run(ours.retrieve("student"))
    copy = DialogueStateTracker.from_events("student", list(stored.events), domain.slots)
    assert not hasattr(copy, STORED_COUNT)
    copy.update(UserUttered("one more", timestamp=2000.0))
    asyncio.run(ours.save(copy))
    asyncio.run(ours.save(copy))  # saving twice writes nothing twice
    again = asyncio.run(ours.retrieve("student"))
    assert _dicts(again) == _dicts(stored) + [UserUttered("one more", timestamp=2000.0).as_dict()]


def test_a_failed_save_is_written_in_full_once_the_database_is_back(stores, domain, monkeypatch):
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("during the outage", timestamp=3000.0))
    original = PrivacySQLTrackerStore._append_new_events

    def unavailable(self, tracker):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", unavailable)
    asyncio.run(ours.save(tracker))
    assert not hasattr(tracker, STORED_COUNT)  # the next save counts again
    kept = asyncio.run(ours.retrieve("student"))  # served from memory meanwhile
    assert kept.events[-1].text == "during the outage"

    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", original)
    kept.update(UserUttered("after it", timestamp=3001.0))
    asyncio.run(ours.save(kept))
    texts = [json_text for (_, kind, *_rest, json_text) in _rows(folder / "var" / "ours.db") if kind == "user"]
    assert sum("during the outage" in text for text in texts) == 1
    assert sum("after it" in text for text in texts) == 1


def test_sqlite_files_use_the_write_ahead_log_and_keep_connections(stores):
    ours, _, folder = stores
    with sqlite3.connect(folder / "var" / "ours.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert isinstance(ours.engine.pool, sa.pool.QueuePool)
    assert store_module._is_sqlite_file(ours.engine.url)
    assert not store_module._is_sqlite_file(sa.engine.make_url("sqlite://"))
    assert not store_module._is_sqlite_file(sa.engine.make_url("postgresql://u@h/db"))
