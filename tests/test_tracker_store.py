"""PrivacySQLTrackerStore stores and reads exactly what Rasa's SQLTrackerStore does.

Real SQLite files, Rasa's own store as the reference: the same conversations are saved
through both, and the rows and retrieved trackers must match.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

import pytest
import sqlalchemy as sa

from careerpath_rasa import tracker_store as store_module
from harness.stack import PROJECT_ROOT

pytest.importorskip("rasa.core.tracker_store")

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from careerpath_rasa.tracker_store import (
    STORED_COUNT,
    PrivacySQLTrackerStore,
    TrackerUnavailable,
)


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def _turn(number: int, timestamp: float) -> list:
    return [
        UserUttered(
            f"message {number}", {"name": "inform", "confidence": 0.9}, timestamp=timestamp
        ),
        ActionExecuted("profile_form", timestamp=timestamp + 0.1),
        ActiveLoop("profile_form", timestamp=timestamp + 0.1),
        SlotSet("education", f"degree {number}", timestamp=timestamp + 0.2),
        BotUttered(f"reply {number}", timestamp=timestamp + 0.3),
        ActionExecuted("action_listen", timestamp=timestamp + 0.4),
    ]


def _session_start(timestamp: float) -> list:
    return [
        ActionExecuted("action_session_start", timestamp=timestamp),
        SessionStarted(timestamp=timestamp),
        ActionExecuted("action_listen", timestamp=timestamp),
    ]


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
        return connection.execute(
            "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
            "FROM events ORDER BY id"
        ).fetchall()


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
    assert (
        isinstance(mine.events[0], ActionExecuted)
        and mine.events[0].action_name == "action_session_start"
    )
    full_mine, full_rasa = (
        asyncio.run(store.retrieve_full_tracker("student")) for store in (ours, reference)
    )
    assert _dicts(full_mine) == _dicts(full_rasa) and len(full_mine.events) > len(mine.events)
    assert asyncio.run(ours.retrieve("nobody")) is None


def test_a_tracker_built_elsewhere_is_counted_before_saving(stores, domain):
    """Rasa's HTTP API can save a tracker it did not retrieve: the store counts what is stored."""
    ours, _, _ = stores
    asyncio.run(_converse(ours, domain, "student"))
    stored = asyncio.run(ours.retrieve("student"))
    copy = DialogueStateTracker.from_events("student", list(stored.events), domain.slots)
    assert not hasattr(copy, STORED_COUNT)
    copy.update(UserUttered("one more", timestamp=2000.0))
    asyncio.run(ours.save(copy))
    asyncio.run(ours.save(copy))  # saving twice writes nothing twice
    again = asyncio.run(ours.retrieve("student"))
    assert _dicts(again) == _dicts(stored) + [UserUttered("one more", timestamp=2000.0).as_dict()]


def _unavailable(*_args, **_kwargs):
    raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))


def _user_texts(path):
    return [json.loads(data)["text"] for (_, kind, *_rest, data) in _rows(path) if kind == "user"]


def test_a_failed_save_raises_stores_nothing_and_keeps_nothing_in_memory(
    stores, domain, monkeypatch
):
    """A turn that could not be written must not be answered as if it were (the processor
    turns the error into "please try again"), and must not come back later from memory."""
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    rows_before = _rows(folder / "var" / "ours.db")
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("during the outage", timestamp=3000.0))
    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", _unavailable)
    with pytest.raises(TrackerUnavailable) as raised:
        asyncio.run(ours.save(tracker))
    assert raised.value.operation == "save" and "locked" in raised.value.detail
    assert not hasattr(tracker, STORED_COUNT)  # a later save of this object counts again
    monkeypatch.undo()

    assert _rows(folder / "var" / "ours.db") == rows_before
    again = asyncio.run(ours.retrieve("student"))
    assert _dicts(again) == [event.as_dict() for event in list(tracker.events)[:-1]], (
        "no copy in memory"
    )
    again.update(UserUttered("after it", timestamp=3001.0))
    asyncio.run(ours.save(again))
    texts = _user_texts(folder / "var" / "ours.db")
    assert "during the outage" not in texts and texts.count("after it") == 1


def test_a_failed_read_raises_instead_of_answering_no_conversation(stores, domain, monkeypatch):
    """Rasa starts a new conversation when retrieve says None: a read fault must not say it,
    not even through Rasa's FailSafeTrackerStore."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    from careerpath_rasa.patches.durable_turns import let_tracker_faults_through

    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    rows_before = _rows(folder / "var" / "ours.db")
    monkeypatch.setattr(PrivacySQLTrackerStore, "_read", _unavailable)
    for method in ("retrieve", "retrieve_full_tracker"):
        with pytest.raises(TrackerUnavailable):
            asyncio.run(getattr(ours, method)("student"))
    let_tracker_faults_through()
    wrapped = FailSafeTrackerStore(ours)
    with pytest.raises(TrackerUnavailable):
        asyncio.run(wrapped.get_or_create_tracker("student"))  # Rasa's entry point per message
    with pytest.raises(TrackerUnavailable):
        asyncio.run(wrapped.retrieve_full_tracker("student"))
    assert _rows(folder / "var" / "ours.db") == rows_before, "nothing new was created"


def test_rasa_s_own_stores_keep_their_fallback(domain):
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

    from careerpath_rasa.patches.durable_turns import let_tracker_faults_through

    class Broken(InMemoryTrackerStore):
        async def retrieve(self, sender_id):
            raise RuntimeError("down")

    let_tracker_faults_through()
    assert asyncio.run(FailSafeTrackerStore(Broken(domain)).retrieve("x")) is None


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    stores, domain, monkeypatch, caplog
):
    ours, _, _ = stores
    asyncio.run(_converse(ours, domain, "student"))
    caplog.set_level("INFO", logger=store_module.__name__)
    monkeypatch.setattr(ours.outage, "QUIET_SECONDS", 0.3)
    original = PrivacySQLTrackerStore._append_new_events
    for number in range(20):
        tracker = asyncio.run(ours.retrieve("student"))  # reads work: a locked SQLite file
        tracker.update(UserUttered(f"try {number}", timestamp=4000.0 + number))
        flaky = number % 3 == 2  # a database failing most calls: still one outage
        monkeypatch.setattr(
            PrivacySQLTrackerStore, "_append_new_events", original if flaky else _unavailable
        )
        if flaky:
            asyncio.run(ours.save(tracker))
        else:
            with pytest.raises(TrackerUnavailable):
                asyncio.run(ours.save(tracker))
    assert ours.outage.ongoing, "neither reads nor saves amid failures end an outage"
    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", original)
    time.sleep(0.4)  # quiet for longer than QUIET_SECONDS
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("back", timestamp=5000.0))
    asyncio.run(ours.save(tracker))
    asyncio.run(ours.save(tracker))
    lines = [record for record in caplog.records if record.name == store_module.__name__]
    assert [record.levelname for record in lines] == ["ERROR", "WARNING"], [
        r.message for r in lines
    ]
    assert "unavailable" in lines[0].message and "locked" in lines[0].message
    assert "available again" in lines[1].message and "14 failed" in lines[1].message
    assert not ours.outage.ongoing


def test_a_save_that_failed_after_its_commit_is_answered(stores, domain, monkeypatch):
    """SQLite can report an error after the commit reached the disk; if the latest session
    now ends with exactly this turn, it is stored and must not be refused (the user would
    send it again and find it twice)."""
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    original = PrivacySQLTrackerStore._append_new_events

    def commits_then_fails(self, tracker):
        original(self, tracker)
        raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", commits_then_fails)
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("stored anyway", timestamp=7000.0))
    asyncio.run(ours.save(tracker))  # no TrackerUnavailable
    assert _user_texts(folder / "var" / "ours.db").count("stored anyway") == 1

    def fails_before_commit(self, tracker):
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", fails_before_commit)
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("not stored", timestamp=7001.0))
    with pytest.raises(TrackerUnavailable):
        asyncio.run(ours.save(tracker))
    assert "not stored" not in _user_texts(folder / "var" / "ours.db")


def test_a_refused_turn_that_reached_the_disk_is_removed_before_the_conversation_goes_on(
    stores, domain, monkeypatch, caplog
):
    """The commit reported an error and the check could not read either: the user was told
    "try again", so the next read removes the turn if it did get stored."""
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))
    original_append = PrivacySQLTrackerStore._append_new_events

    def commits_then_fails(self, tracker):
        original_append(self, tracker)
        raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))

    async def unreadable(self, tracker):
        return None

    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", commits_then_fails)
    monkeypatch.setattr(PrivacySQLTrackerStore, "_stored_after_all", unreadable)
    before = asyncio.run(ours.retrieve("student"))
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("I did B.Com", timestamp=8000.0))
    with pytest.raises(TrackerUnavailable):
        asyncio.run(ours.save(tracker))
    assert _user_texts(folder / "var" / "ours.db").count("I did B.Com") == 1, (
        "it did reach the disk"
    )
    monkeypatch.undo()

    with caplog.at_level("WARNING", logger=store_module.__name__):
        again = asyncio.run(ours.retrieve("student"))
    assert _dicts(again) == _dicts(before), "the conversation is as the user saw it"
    assert "I did B.Com" not in _user_texts(folder / "var" / "ours.db")
    assert any("Removed the 1 stored events" in record.getMessage() for record in caplog.records)
    again.update(UserUttered("I did B.Com", timestamp=8001.0))  # the user sends it again
    asyncio.run(ours.save(again))
    assert _user_texts(folder / "var" / "ours.db").count("I did B.Com") == 1
    assert not ours._unconfirmed


def test_a_refused_turn_that_did_not_reach_the_disk_leaves_the_conversation_alone(
    stores, domain, monkeypatch
):
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))

    async def unreadable(self, tracker):
        return None

    def fails_at_insert(self, tracker):
        setattr(tracker, store_module.COUNT_BEFORE, len(tracker.events) - 1)  # counted, then:
        _unavailable()

    monkeypatch.setattr(PrivacySQLTrackerStore, "_append_new_events", fails_at_insert)
    monkeypatch.setattr(PrivacySQLTrackerStore, "_stored_after_all", unreadable)
    rows = _rows(folder / "var" / "ours.db")
    tracker = asyncio.run(ours.retrieve("student"))
    tracker.update(UserUttered("lost in the outage", timestamp=9000.0))
    with pytest.raises(TrackerUnavailable):
        asyncio.run(ours.save(tracker))
    monkeypatch.undo()
    assert "student" in ours._unconfirmed
    asyncio.run(ours.retrieve("student"))
    assert _rows(folder / "var" / "ours.db") == rows and not ours._unconfirmed


def test_database_calls_run_off_the_event_loop(stores, domain):
    """A save waiting for a locked SQLite file must not stop other coroutines (other users)."""
    ours, _, folder = stores
    asyncio.run(_converse(ours, domain, "student"))

    async def scenario():
        tracker = await ours.retrieve("student")
        tracker.update(UserUttered("while locked", timestamp=6000.0))
        locker = sqlite3.connect(folder / "var" / "ours.db", timeout=0, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        saving = asyncio.create_task(ours.save(tracker))
        await asyncio.sleep(1.0)
        other = await ours.retrieve("student")  # a reader is served meanwhile (WAL)
        locker.execute("ROLLBACK")
        locker.close()
        await saving  # the lock went away before SQLite's busy timeout: the save went through
        ticking.cancel()
        return ticks, other

    ticks, other = asyncio.run(scenario())
    assert ticks >= 10, f"the event loop was blocked ({ticks} ticks in 1 s)"
    assert other.events[-1].as_dict() != {"text": "while locked"}
    assert _user_texts(folder / "var" / "ours.db").count("while locked") == 1


def test_sqlite_files_use_the_write_ahead_log_and_keep_connections(stores):
    ours, _, folder = stores
    with sqlite3.connect(folder / "var" / "ours.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert isinstance(ours.engine.pool, sa.pool.QueuePool)
    assert store_module.is_sqlite_file(ours.engine.url)
    assert not store_module.is_sqlite_file(sa.engine.make_url("sqlite://"))
    assert not store_module.is_sqlite_file(sa.engine.make_url("postgresql://u@h/db"))
