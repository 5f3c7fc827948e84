"""Persistence end to end: restart survival, returning users, delete-my-data, faults.

One stack of our own for this module (not the shared session stack): the tests restart
Rasa, lock its databases and delete conversations, which would disturb other tests
sharing the session stack. Costs one extra Rasa start (~60 s) plus one restart.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid

import pytest

from careerpath.userdata import count_rows, load_profile, recommendation_history, save_report
from harness.stack import RasaStack, running, texts

pytestmark = pytest.mark.e2e

FIRST_HALF = ["hi", "/ask_career_advice", "I did B.Com", "I know MS Excel and Tally"]
SECOND_HALF = ["I want a stable job", "non voice please", "I am a fresher"]
PROFILE_SLOTS = ("education", "skills", "goals", "preferences", "experience")
COUNSELOR_TOKENS = "alice:alice-token-1,bob:bob-token-2"


def endpoints_for(tracker_db) -> str:
    return (
        "action_endpoint:\n"
        '  url: "{actions_url}/webhook"\n'
        "tracker_store:\n"
        "  type: careerpath_rasa.tracker_store.PrivacySQLTrackerStore\n"
        "  dialect: sqlite\n"
        f'  db: "{tracker_db}"\n'
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("persistence")
    # The tracker database sits in a folder that does not exist yet: the store creates it.
    tracker_db = workdir / "var" / "trackers.db"
    stack = RasaStack(
        workdir=workdir,
        endpoints_text=endpoints_for(tracker_db),
        extra_env={
            "TRACKER_STORE_URL": f"sqlite:///{tracker_db}",
            "COUNSELOR_TOKENS": COUNSELOR_TOKENS,
        },
    )
    stack.tracker_db = tracker_db
    with running(stack):
        yield stack


def new_sender() -> str:
    return f"persist-{uuid.uuid4().hex[:10]}"


def recommendations_in(messages) -> list:
    for message in messages:
        custom = message.get("custom") or {}
        if custom.get("type") == "recommendations":
            return custom.get("items") or []
    return []


def converse(stack, sender, turns):
    replies = []
    for text in turns:
        replies.append(stack.send(sender, text))
    return replies


def finish_and_confirm(stack, sender):
    """Answer the rest of the intake, then confirm the summary; returns the last reply."""
    converse(stack, sender, SECOND_HALF)
    return stack.send(sender, "/affirm")


def slots_of(stack, sender):
    return stack.tracker(sender)["slots"]


def tracker_rows(stack, sender) -> int:
    with sqlite3.connect(stack.tracker_db) as connection:
        return connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()[0]


def user_texts_stored(stack, sender):
    with sqlite3.connect(stack.tracker_db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (sender,),
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_a_conversation_survives_a_restart_of_rasa(stack):
    sender = new_sender()
    converse(stack, sender, FIRST_HALF)
    before = slots_of(stack, sender)
    assert before["education"] and before["skills"], before

    stack.restart_rasa()

    after = slots_of(stack, sender)
    assert {slot: after[slot] for slot in PROFILE_SLOTS} == {
        slot: before[slot] for slot in PROFILE_SLOTS
    }
    last = finish_and_confirm(stack, sender)
    assert recommendations_in(last), stack.logs()
    final = slots_of(stack, sender)
    assert all(final[slot] for slot in PROFILE_SLOTS), final
    assert final["profile"]["degree"] == "bcom" and "tally" in final["profile"]["skills"]
    assert user_texts_stored(stack, sender) == FIRST_HALF + SECOND_HALF + ["/affirm"]


def completed_conversation(stack):
    sender = new_sender()
    converse(stack, sender, FIRST_HALF)
    last = finish_and_confirm(stack, sender)
    items = recommendations_in(last)
    assert items, texts(last)
    return sender, items


def test_the_profile_and_recommendations_are_stored_by_channel_and_sender(stack):
    sender, items = completed_conversation(stack)
    stored = load_profile("rest", sender, url=stack.database_url)
    assert stored is not None and stored.profile["degree"] == "bcom"
    assert stored.answers["education"]
    history = recommendation_history("rest", sender, url=stack.database_url)
    assert history[-1][0]["role_type"] == items[0]["role_type"]
    assert load_profile("telegram", sender, url=stack.database_url) is None


def expire_session(stack, sender, seconds: float = 3 * 3600):
    """Move the stored conversation into the past, as if the user left hours ago."""
    with sqlite3.connect(stack.tracker_db) as connection:
        rows = connection.execute(
            "SELECT id, data FROM events WHERE sender_id = ?", (sender,)
        ).fetchall()
        for row_id, data in rows:
            event = json.loads(data)
            event["timestamp"] -= seconds
            connection.execute(
                "UPDATE events SET data = ?, timestamp = ? WHERE id = ?",
                (json.dumps(event), event["timestamp"], row_id),
            )


def test_a_returning_user_is_greeted_and_can_continue(stack):
    sender, items = completed_conversation(stack)
    expire_session(stack, sender)

    reply = stack.send(sender, "hi")

    greeting = texts(reply)
    assert "Last time you were a B.Com graduate" in greeting, greeting
    assert f"looking at {items[0]['name']}" in greeting
    buttons = [button["payload"] for message in reply for button in message.get("buttons") or []]
    assert {"/ask_career_advice", "/correct_profile", "/start_over"} <= set(buttons)
    continued = stack.send(sender, "/ask_career_advice")
    assert "B.Com" in texts(continued), texts(continued)  # the summary of the stored profile
    assert recommendations_in(stack.send(sender, "/affirm"))


def test_a_returning_user_with_a_lost_conversation_gets_the_profile_back(stack):
    sender, _ = completed_conversation(stack)
    with sqlite3.connect(stack.tracker_db) as connection:  # e.g. the tracker store was reset
        connection.execute("DELETE FROM events WHERE sender_id = ?", (sender,))

    greeting = texts(stack.send(sender, "hello"))

    assert "Last time you were a B.Com graduate" in greeting
    slots = slots_of(stack, sender)
    assert slots["profile"]["degree"] == "bcom" and slots["education"]
    fresh = stack.send(sender, "/start_over")
    assert "start fresh" in texts(fresh).lower()
    assert not slots_of(stack, sender)["skills"]


def test_delete_my_data_asks_first_and_removes_everything(stack):
    sender, _ = completed_conversation(stack)
    code = save_report(
        channel="rest",
        sender=sender,
        counselor="alice",
        profile={},
        advice={},
        markdown="# r",
        html="<p>r</p>",
        url=stack.database_url,
    )
    assert tracker_rows(stack, sender) > 0

    question = stack.send(sender, "/forget_me")
    assert "delete everything" in texts(question)
    assert {"/affirm", "/deny"} <= {b["payload"] for m in question for b in m.get("buttons") or []}
    events_before = tracker_rows(stack, sender)
    done = texts(stack.send(sender, "/affirm"))

    assert (
        "1 saved profile" in done
        and "1 set of recommendations" in done
        and "1 counselor report" in done
    )
    assert f"({events_before} stored events)" in done, done
    assert count_rows("rest", sender, url=stack.database_url) == {
        "student_profile": 0,
        "recommendation_record": 0,
        "counselor_report": 0,
    }
    assert tracker_rows(stack, sender) == 0  # nothing re-saved after the reply either
    from careerpath.userdata import load_report

    assert load_report(code, url=stack.database_url) is None
    # The next message is a brand-new conversation: no greeting from stored data.
    assert "Last time" not in texts(stack.send(sender, "hi"))
    assert not slots_of(stack, sender)["education"]


def test_delete_my_data_can_be_cancelled(stack):
    sender, _ = completed_conversation(stack)
    stack.send(sender, "/forget_me")
    assert "haven't deleted anything" in texts(stack.send(sender, "/deny"))
    assert count_rows("rest", sender, url=stack.database_url)["student_profile"] == 1
    assert slots_of(stack, sender)["education"]


@pytest.mark.parametrize("unclear", ["what", "x"])
def test_a_word_read_as_yes_deletes_nothing(stack, unclear):
    """ "what" or "x" after "delete everything?" was classified as affirm and deleted it all;
    deleting needs a clear yes."""
    sender, _ = completed_conversation(stack)
    stack.send(sender, "/forget_me")
    reply = texts(stack.send(sender, unclear))
    assert "did not delete anything" in reply, reply
    assert count_rows("rest", sender, url=stack.database_url)["student_profile"] == 1
    assert slots_of(stack, sender)["education"]


class Locked:
    """Holds a write lock on a SQLite file, as another busy process would."""

    def __init__(self, path):
        self.connection = sqlite3.connect(path, timeout=0, isolation_level=None)

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.connection.execute("ROLLBACK")
        self.connection.close()


def test_a_locked_project_database_gets_a_friendly_reply_and_loses_nothing(stack):
    sender, _ = completed_conversation(stack)
    stored_before = load_profile("rest", sender, url=stack.database_url)
    log_before = stack.log_path("actions").read_text(errors="replace").count("Storage unavailable")

    with Locked(stack.workdir / "careerpath.db"):
        cancelled = texts(converse(stack, sender, ["/forget_me", "/affirm"])[-1])

    assert "please try again" in cancelled.lower() and "nothing has been deleted" in cancelled
    assert load_profile("rest", sender, url=stack.database_url) == stored_before
    log = stack.log_path("actions").read_text(errors="replace")
    assert log.count("Storage unavailable") == log_before + 1
    assert f"sender={sender!r}" in log


def test_a_locked_tracker_database_answers_nothing_it_cannot_store(stack):
    """A turn Rasa cannot write is not answered as if it were: the user reads "please try
    again in a moment", nothing of the turn is stored or kept in memory, and sending it
    again once the database is free goes on where the conversation was."""
    from careerpath_rasa.patches.durable_turns import TRY_AGAIN_REPLY
    from careerpath_rasa.tracker_database import OutageLog

    sender = new_sender()
    converse(stack, sender, FIRST_HALF[:2])
    log_before = stack.log_path("rasa").read_text(errors="replace")
    with Locked(stack.tracker_db):
        during = [stack.send(sender, "I did B.Com") for _ in range(3)]  # Rasa cannot write now
    assert all(texts(reply) == TRY_AGAIN_REPLY for reply in during), during
    assert user_texts_stored(stack, sender) == FIRST_HALF[:2], "nothing of the refused turns"
    time.sleep(OutageLog.QUIET_SECONDS + 0.5)  # an outage ends after a quiet spell
    again = texts(stack.send(sender, "I did B.Com"))  # the database is back: sent again
    assert TRY_AGAIN_REPLY not in again and "(2/6)" in again, again
    converse(stack, sender, FIRST_HALF[3:])
    assert user_texts_stored(stack, sender) == FIRST_HALF
    assert slots_of(stack, sender)["education"]
    log = stack.log_path("rasa").read_text(errors="replace")[len(log_before) :]
    assert log.count("Tracker store unavailable") == 1, "one line when the outage starts"
    assert log.count("Tracker store available again") == 1, "one line when it ends"


def test_counselor_reports_need_the_owners_token_over_http(stack):
    from harness.stack import http_json

    code = save_report(
        channel="rest",
        sender=new_sender(),
        counselor="alice",
        profile={"degree": "bcom"},
        advice={},
        markdown="# Plan",
        html="<h1>Plan</h1>",
        url=stack.database_url,
    )
    url = f"{stack.rasa_url}/webhooks/reports/report/{code}"
    assert http_json("GET", url)[0] == 401
    assert http_json("GET", url, headers={"Authorization": "Bearer bob-token-2"})[0] == 403
    status, body = http_json("GET", url, headers={"Authorization": "Bearer alice-token-1"})
    assert status == 200 and body["code"] == code and body["markdown"] == "# Plan"
    status, html = http_json("GET", f"{url}.html?token=alice-token-1")
    assert status == 200 and "<h1>Plan</h1>" in html
