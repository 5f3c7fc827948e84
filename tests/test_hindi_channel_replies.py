"""Replies said around a turn follow the conversation's chosen language, looked up when
they are said: "Restarted", "Done", "please try again" and the apology after a failure
(careerpath_rasa's patches), the Telegram channel's own replies (a sticker, an unknown
command, a failure), and the REST channel's answer to an empty message. Through the real
servers and the fake Telegram Bot API (e2e) and, for the patches, without servers."""

from __future__ import annotations

import re
import uuid
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa.core.processor")

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import Restarted, SlotSet

from careerpath.wording import text
from careerpath_rasa.conversation_language import tracker_language
from careerpath_rasa.patches.durable_turns import TrackerUnavailable, replies_after_save
from careerpath_rasa.patches.resilience import trouble_reply
from tests.telegram_user import TelegramUser

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
INTENTS = ["greet", "restart", "back", "session_start", "affirm"]


class StoredTrackers:
    """A tracker store holding one conversation's events."""

    def __init__(self, events: list[Any]) -> None:
        self.events = events

    async def retrieve(self, sender_id: str):
        slots: dict[str, Any] = {}
        for event in self.events:
            if isinstance(event, Restarted):
                slots = {}
            elif isinstance(event, SlotSet):
                slots[event.key] = event.value
        return SimpleNamespace(events=self.events, get_slot=slots.get, sender_id=sender_id)


def processor(events: list[Any]) -> SimpleNamespace:
    return SimpleNamespace(
        domain=SimpleNamespace(intents=INTENTS), tracker_store=StoredTrackers(events)
    )


async def silent_turn(said: str, events: list[Any], metadata=None, fail=False) -> list[str]:
    async def handle_message(_processor, message):
        if fail:
            raise TrackerUnavailable("retrieve", message.sender_id, "connection refused")

    channel = CollectingOutputChannel()
    message = UserMessage(said, channel, "student-hi", metadata=metadata)
    await replies_after_save(handle_message)(processor(events), message)
    return [m["text"] for m in channel.messages]


async def test_restart_is_confirmed_in_the_language_chosen_before_it():
    events = [SlotSet("language", "hi"), Restarted()]
    assert await silent_turn("/restart", events) == [text("channel.restarted", lang="hi")]
    assert await silent_turn("/back", [SlotSet("language", "hi")]) == [
        text("channel.undone", lang="hi")
    ]
    assert await silent_turn("/affirm", [SlotSet("language", "hi")]) == [
        text("channel.done", lang="hi")
    ]
    assert await silent_turn("/restart", []) == [text("channel.restarted", lang="en")]


async def test_a_chosen_language_beats_the_channels_and_the_channels_beats_english():
    hindi_telegram = {"telegram": {"language_code": "hi"}}
    chose_english = [SlotSet("language", "en")]
    assert await silent_turn("/back", chose_english, hindi_telegram) == [
        text("channel.undone", lang="en")
    ]
    assert await silent_turn("/back", [], hindi_telegram) == [text("channel.undone", lang="hi")]


async def test_please_try_again_follows_the_channel_when_the_conversation_cannot_be_read():
    replies = await silent_turn("नमस्ते", [], {"lang": "hi"}, fail=True)
    assert replies == [text("channel.try_again", lang="hi")]
    assert DEVANAGARI.search(replies[0])


def test_the_apology_follows_the_tracker_then_the_message_metadata():
    chose = SimpleNamespace(
        events=[], get_slot={"language": "hi"}.get, latest_message=SimpleNamespace(metadata={})
    )
    assert trouble_reply(chose) == text("channel.trouble", lang="hi")
    hinted = SimpleNamespace(
        events=[], get_slot={}.get, latest_message=SimpleNamespace(metadata={"lang": "hi"})
    )
    assert trouble_reply(hinted) == text("channel.trouble", lang="hi")
    assert tracker_language(None) is None


async def test_telegram_buttons_without_a_question_are_introduced_in_their_language():
    from careerpath_rasa.channels.telegram.output import TelegramOutput

    class Outbox:
        def __init__(self) -> None:
            self.sent: list[dict[str, Any]] = []

        async def enqueue(self, chat_id, method, params, payloads=None) -> None:
            self.sent.append(params)

    outbox = Outbox()
    output = TelegramOutput(outbox)  # type: ignore[arg-type]
    hindi = [{"title": "करियर सलाह लें", "payload": "/ask_career_advice"}]
    await output.send_text_with_buttons("tg:42", "", hindi)
    await output.send_text_with_buttons("tg:42", "", [{"title": "Get advice", "payload": "/x"}])
    assert [m["text"] for m in outbox.sent] == [
        text("channel.choose", lang="hi"),
        text("channel.choose", lang="en"),
    ]


# ---- through the real servers ----------------------------------------------------------------
class EnglishTelegramUser(TelegramUser):
    """A student whose Telegram is in English, who asks the bot for Hindi."""

    def message(self, **content: Any) -> dict[str, Any]:
        update = super().message(**content)
        update["message"]["from"]["language_code"] = "en"
        return update


@pytest.mark.e2e
def test_telegram_replies_follow_the_chosen_language_not_telegrams(rasa_stack, fake_telegram_api):
    user = EnglishTelegramUser(rasa_stack, fake_telegram_api)
    user.say("/start")
    switched = user.say("हिंदी में बात करें")
    assert switched and DEVANAGARI.search(switched[0]["text"]), switched
    sticker = user._exchange(user.message(sticker={"file_id": "s-1", "width": 512, "height": 512}))
    assert [m["text"] for m in sticker] == [text("telegram.text_only", lang="hi")], sticker
    unknown = user.say("/frobnicate")
    assert unknown and unknown[0]["text"] == text("telegram.unknown_command", lang="hi"), unknown
    restarted = user.say("/restart")
    assert restarted and restarted[0]["text"] == text("channel.restarted", lang="hi"), restarted


@pytest.mark.e2e
def test_rest_empty_message_and_undo_follow_the_chosen_language(rasa_stack):
    sender = f"e2e-hi-channel-{uuid.uuid4().hex[:8]}"
    rasa_stack.send(sender, "हिंदी में बताइए")
    empty = rasa_stack.send(sender, "   ")
    assert [m.get("text") for m in empty] == [text("channel.empty_message", lang="hi")], empty
    undone = rasa_stack.send(sender, "/back")
    assert any(m.get("text") == text("channel.undone", lang="hi") for m in undone), undone
