"""Conversation ids are namespaced per channel, and the storage key still finds its channel.

Rasa keys a conversation by sender id alone, so the Telegram connector files chat 42 under
"tg:42" and the REST channel refuses "tg:" ids (connector and REST parser: see
test_telegram_connector.py and test_malformed_requests.py; through the real server:
test_telegram_e2e.py). Here: the id helpers, ``channel_of`` (channel + sender id is the
key of profiles, history and reports), and the returning-user greeting and "delete my
data" actions for a Telegram user, against a real SQLite database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import ActionAnswerForgetMe
from actions.returning import SESSION_METADATA_SLOT, ActionSessionStart, channel_of
from careerpath.senders import (
    channel_of_sender,
    reserved_namespace,
    telegram_chat_id,
    telegram_sender,
)
from careerpath.userdata import count_rows, load_profile, record_recommendations, save_profile
from careerpath_rasa.channels.rest import RequestError, parse_request
from tests.kb_support import throwaway_knowledge_base

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text())
PROFILE = {
    "education_level": "graduate",
    "degree": "bcom",
    "field": "commerce",
    "skills": ["ms_excel", "tally"],
}
SHOWN = [{"role_type": "finance_accounting_bpo", "name": "Finance & Accounting BPO"}]


# ---- the id helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize("chat_id", [42, 777001, -100123, 9_999_999_999])
def test_telegram_ids_round_trip(chat_id):
    sender = telegram_sender(chat_id)
    assert sender == f"tg:{chat_id}"
    assert telegram_chat_id(sender) == chat_id
    assert channel_of_sender(sender) == "telegram" and reserved_namespace(sender) == "telegram"


@pytest.mark.parametrize(
    "sender",
    [
        "42",
        "-100123",
        "web-3f9c2a",
        "TG:42",
        " tg:42",
        "tg:42 ",
        "tg:",
        "tg:4x2",
        "tg:@someone",
        "xtg:42",
        "tg:" + "9" * 21,
        "",
    ],
)
def test_anything_else_is_not_a_telegram_conversation(sender):
    assert telegram_chat_id(sender) is None
    assert channel_of_sender(sender) is None


@pytest.mark.parametrize("sender", ["tg:42", "TG:42", "  Tg:x", "tg:"])
def test_the_whole_tg_namespace_is_reserved_and_the_rest_channel_refuses_it(sender):
    assert reserved_namespace(sender) == "telegram"
    with pytest.raises(RequestError) as refused:
        parse_request(f'{{"sender": "{sender}", "message": "hi"}}'.encode())
    assert refused.value.status == 400 and "telegram" in refused.value.message


# ---- channel_of: which channel a conversation belongs to -----------------------------------------
def tracker(
    sender: str,
    input_channel: str | None = None,
    metadata: dict[str, Any] | None = None,
    intent: str = "greet",
    text: str = "hi",
) -> Tracker:
    events: list[dict[str, Any]] = []
    if input_channel is not None:
        events.append(
            {
                "event": "user",
                "text": text,
                "input_channel": input_channel,
                "parse_data": {"intent": {"name": intent}},
            }
        )
    slots = dict.fromkeys(DOMAIN["slots"])
    slots[SESSION_METADATA_SLOT] = metadata
    return Tracker(
        sender_id=sender,
        slots=slots,
        latest_message={"text": text, "intent": {"name": intent}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    "sender, input_channel, metadata, expected",
    [
        ("tg:777001", "telegram", None, "telegram"),
        ("tg:777001", None, None, "telegram"),  # brand-new conversation, no metadata yet
        ("tg:777001", None, {"channel": "rest"}, "telegram"),  # the namespace decides
        ("web-3f9c2a", "rest", None, "rest"),
        ("web-3f9c2a", None, None, "rest"),
        (
            "777001",
            None,
            {"telegram": {"chat_id": 777001}},
            "telegram",
        ),  # a conversation stored before namespacing
        ("777001", "telegram", None, "telegram"),
    ],
)
def test_channel_of(sender, input_channel, metadata, expected):
    assert channel_of(tracker(sender, input_channel, metadata)) == expected


# ---- returning users and "delete my data" for a Telegram user ------------------------------------
@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The real knowledge base plus the user tables, in a throw-away SQLite file."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("senders"), "project.db") as (url, _kb):
        yield url


async def test_a_returning_telegram_user_is_greeted_from_their_stored_profile(database):
    save_profile("telegram", "tg:555001", PROFILE, {"education": "B.Com"})
    record_recommendations("telegram", "tg:555001", PROFILE, SHOWN)
    save_profile("rest", "web-555001", dict(PROFILE, degree="btech", field="computer_science"))

    # Session start of a new Telegram conversation: Rasa has not logged the user's
    # message yet, so the tracker holds no input channel - the sender id alone must do.
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker("tg:555001"), DOMAIN)

    [greeting] = dispatcher.messages
    assert greeting["text"].startswith("Welcome back! Last time you were a B.Com")
    assert "Finance & Accounting BPO" in greeting["text"]
    assert {"event": "slot", "name": "profile", "value": PROFILE, "timestamp": None} in events

    # Neither the bare chat id nor someone else's namespace finds that profile.
    for stranger in ("555001", "tg:555002"):
        other = CollectingDispatcher()
        await ActionSessionStart().run(other, tracker(stranger), DOMAIN)
        assert other.messages == []


async def test_delete_my_data_over_telegram_deletes_that_chats_rows_only(database):
    save_profile("telegram", "tg:555101", PROFILE)
    record_recommendations("telegram", "tg:555101", PROFILE, SHOWN)
    save_profile("telegram", "tg:555102", PROFILE)
    save_profile("rest", "web-555101", PROFILE)

    dispatcher = CollectingDispatcher()
    events = await ActionAnswerForgetMe().run(
        dispatcher, tracker("tg:555101", "telegram", intent="affirm", text="/affirm"), DOMAIN
    )

    assert events == [{"event": "restart", "timestamp": None}]
    assert "1 saved profile, 1 set of recommendations" in dispatcher.messages[0]["text"]
    assert count_rows("telegram", "tg:555101") == {
        "student_profile": 0,
        "recommendation_record": 0,
        "counselor_report": 0,
    }
    assert load_profile("telegram", "tg:555102") is not None
    assert load_profile("rest", "web-555101") is not None
