"""Fault injection on a private server stack: the user always gets a friendly answer, and the
conversation carries on - with nothing lost - once the broken piece is back.

- The action server stops mid-intake: every turn is answered with
  ``resilience.TROUBLE_REPLY`` (Rasa alone would answer nothing), on the REST channel and on
  Telegram; after a restart the same
  conversation goes on with its earlier answers intact.
- The project database is locked (the test holds an exclusive SQLite write transaction) or
  gone (its files moved away) when the intake ends: the summary still comes, with the
  storage layer's "couldn't save" note (``careerpath.userdata.StorageUnavailable`` handled in
  actions/returning.py); once the database is back the recommendations are shown
  and stored.

The stack is this module's own (free ports, own databases), so stopping pieces of it
never disturbs the shared ``rasa_stack`` other tests use.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath_rasa.patches.resilience import TROUBLE_REPLY, install_action_failure_reply
from harness.stack import RasaStack, free_port, http_json, running, texts
from tests.conftest import TELEGRAM_TEST_SECRET, TELEGRAM_TEST_TOKEN
from tests.log_window import LogWindow

START = "I want career advice"
INTAKE = [
    ("education", "I did B.Com from Delhi University"),
    ("skills", "I know MS Excel and Tally"),
    ("goals", "I want a stable job"),
    ("preferences", "non voice process, day shift"),
    ("experience", "fresher"),
]


@pytest.fixture(scope="module")
def telegram_api():
    from harness.fake_telegram import start_fake_telegram_api

    server = start_fake_telegram_api()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory, telegram_api) -> Iterator[RasaStack]:
    stack = RasaStack(
        workdir=tmp_path_factory.mktemp("faults"),
        extra_env={
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TEST_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_TEST_SECRET,
            "TELEGRAM_API_BASE_URL": telegram_api.url,
        },
    )
    with running(stack):
        yield stack


# ---- helpers -----------------------------------------------------------------------------------
def say(stack: RasaStack, sender: str, text: str) -> tuple[int, list[dict]]:
    status, body = http_json(
        "POST", stack.rest_url, {"sender": sender, "message": text}, timeout=120
    )
    return status, body if isinstance(body, list) else []


def say_ok(stack: RasaStack, sender: str, text: str) -> str:
    status, messages = say(stack, sender, text)
    assert status == 200, f"{text!r}: HTTP {status} {messages}"
    reply = texts(messages)
    assert reply.strip(), f"{text!r} got no reply"
    return reply


def slots(stack: RasaStack, sender: str) -> dict[str, object]:
    return stack.tracker(sender)["slots"]


def answer_intake(stack: RasaStack, sender: str, answers) -> str:
    """Sends the answers; checks each one filled its question (else the dialogue is broken)."""
    reply = ""
    for slot, text in answers:
        reply = say_ok(stack, sender, text)
        assert TROUBLE_REPLY not in reply, f"{text!r}: the stack is not healthy:\n{stack.logs()}"
        assert slots(stack, sender).get(slot), f"{text!r} did not fill {slot!r}; bot said:\n{reply}"
    return reply


def telegram_reply(stack: RasaStack, api, text: str) -> str:
    """Sends ``text`` as a Telegram user; returns what the bot sent to that chat."""
    chat_id = int(time.time() * 1000) % 1_000_000_000
    update = {
        "update_id": chat_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "T"},
        },
    }
    status, body = http_json(
        "POST",
        f"{stack.rasa_url}/webhooks/telegram/webhook",
        update,
        timeout=120,
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_TEST_SECRET},
    )
    assert status == 200, body
    deadline = (
        time.monotonic() + 30
    )  # replies leave the connector's outbox after the webhook answered
    while True:
        sent = [
            call["params"].get("text") or ""
            for call in api.calls("sendMessage")
            if str(call["params"].get("chat_id")) == str(chat_id)
        ]
        if sent or time.monotonic() > deadline:
            return "\n".join(sent)
        time.sleep(0.1)


def database_path(stack: RasaStack) -> Path:
    return Path(stack.database_url.replace("sqlite:///", "", 1))


@contextlib.contextmanager
def database_locked(path: Path) -> Iterator[None]:
    """Holds SQLite's write lock, as a long migration or a stuck process would."""
    connection = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


@contextlib.contextmanager
def database_gone(path: Path) -> Iterator[None]:
    """Moves the database and its WAL files away, then puts them back.

    The WAL files move too: SQLite would otherwise pair the old write-ahead log with the
    empty database that a connection creates at the missing path.
    """
    parked = path.parent / "parked"
    parked.mkdir(exist_ok=True)
    companions = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
    moved = [file for file in companions if file.exists()]
    for file in moved:
        shutil.move(str(file), str(parked / file.name))
    try:
        yield
    finally:
        for file in companions:  # whatever SQLite created meanwhile is not our data
            file.unlink(missing_ok=True)
        for file in moved:
            shutil.move(str(parked / file.name), str(file))


def stored_profile(stack: RasaStack, sender: str):
    from careerpath.userdata import load_profile

    return load_profile("rest", sender, url=stack.database_url)


def save_failed_note() -> str | None:
    from careerpath.wording import text

    return text("returning.save_failed")


# ---- the action server ---------------------------------------------------------------------------
async def test_a_failed_custom_action_apologises_once_per_message_and_still_raises(monkeypatch):
    """The patch itself, without servers: Rasa's own failure handling must stay as it was."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)  # undone after the test
    install_action_failure_reply()
    install_action_failure_reply()  # idempotent: one wrapper, one apology
    nobody_listens = EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")
    output = CollectingOutputChannel()
    for message_id in ("first", "second"):
        tracker = DialogueStateTracker.from_events(
            "user-1", [UserUttered("hi", message_id=message_id)]
        )
        for action_name in ("validate_profile_form", "action_ask_skills"):
            with pytest.raises(RasaException):
                await RemoteAction(action_name, nobody_listens).run(
                    output, None, tracker, Domain.empty()
                )
    assert [message["text"] for message in output.messages] == [TROUBLE_REPLY, TROUBLE_REPLY]


@pytest.mark.e2e
def test_action_server_stopped_mid_conversation_then_back(fault_stack, telegram_api):
    sender = f"actions-down-{time.time()}"
    say_ok(fault_stack, sender, START)
    answer_intake(fault_stack, sender, INTAKE[:1])
    education = slots(fault_stack, sender)["education"]

    fault_stack.stop_process("actions")
    try:
        for text in (INTAKE[1][1], "what is KPO?", "hi"):
            status, messages = say(fault_stack, sender, text)
            assert status == 200, messages
            assert TROUBLE_REPLY in texts(messages), (
                f"{text!r} while the action server is down: {messages}"
            )
            assert texts(messages).count(TROUBLE_REPLY) == 1, "one apology per message"
        assert slots(fault_stack, sender)["education"] == education, (
            "nothing lost while it was down"
        )
        assert not slots(fault_stack, sender).get("skills")
        assert TROUBLE_REPLY in telegram_reply(fault_stack, telegram_api, "what is KPO?"), (
            "Telegram users too"
        )
    finally:
        fault_stack.start_actions()

    answer_intake(fault_stack, sender, INTAKE[1:2])
    assert slots(fault_stack, sender)["education"] == education, (
        "the conversation went on where it was"
    )


# ---- the project database ------------------------------------------------------------------------
def _intake_with_fault_at_the_end(stack: RasaStack, sender: str, fault) -> str:
    say_ok(stack, sender, START)
    answer_intake(stack, sender, INTAKE[:-1])
    slot, last_answer = INTAKE[-1]
    window = LogWindow(stack, names=("actions",))
    with fault:
        summary = say_ok(stack, sender, last_answer)
    assert TROUBLE_REPLY not in summary, (
        f"the actions handle a database fault themselves:\n{summary}"
    )
    assert slots(stack, sender).get(slot), "the answer is kept although it could not be stored"
    logged = window.new_lines("actions")
    assert any("Storage unavailable" in line for line in logged), "the fault is logged"
    crashes = [line for line in logged if "Exception occurred during execution of request" in line]
    assert not crashes, "a database fault crashed an action:\n" + "\n".join(logged[-60:])
    return summary


def _recommendations_once_back(stack: RasaStack, sender: str) -> None:
    _, messages = say(stack, sender, "yes")
    reply = texts(messages)
    assert save_failed_note() not in reply, reply
    cards = [m for m in messages if (m.get("custom") or {}).get("type") == "recommendations"]
    assert cards, f"no recommendations after the database came back:\n{reply}"
    stored = stored_profile(stack, sender)
    assert stored is not None and stored.profile.get("degree") == "bcom", "stored once it was back"


@pytest.mark.e2e
def test_database_locked_then_back(fault_stack):
    sender = f"db-locked-{time.time()}"
    summary = _intake_with_fault_at_the_end(
        fault_stack, sender, database_locked(database_path(fault_stack))
    )
    assert save_failed_note() in summary, f"the user is told the profile was not saved:\n{summary}"
    assert stored_profile(fault_stack, sender) is None
    _recommendations_once_back(fault_stack, sender)


@pytest.mark.e2e
def test_database_gone_then_back(fault_stack):
    sender = f"db-gone-{time.time()}"
    summary = _intake_with_fault_at_the_end(
        fault_stack, sender, database_gone(database_path(fault_stack))
    )
    assert save_failed_note() in summary, f"the user is told the profile was not saved:\n{summary}"
    _recommendations_once_back(fault_stack, sender)
