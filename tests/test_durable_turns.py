"""careerpath_rasa/patches/durable_turns.py without servers: replies wait for the save, a
tracker fault answers "please try again" and nothing else, commands always answer, and a
Redis key prefix Rasa would drop stops the start-up."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("rasa.core.processor")

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from careerpath_rasa.patches import durable_turns
from careerpath_rasa.patches.durable_turns import (
    COMMAND_REPLIES,
    TRY_AGAIN_REPLY,
    UNKNOWN_COMMAND_REPLY,
    InvalidRedisKeyPrefix,
    TrackerUnavailable,
    check_redis_key_prefix,
    command_reply,
    replies_after_save,
)

PROCESSOR = SimpleNamespace(
    domain=SimpleNamespace(intents=["greet", "restart", "back", "session_start", "affirm"])
)


class RecordingChannel(CollectingOutputChannel):
    """A channel that also notes when each message was really sent (Telegram-like)."""

    def __init__(self, log):
        super().__init__()
        self.log = log

    @classmethod
    def name(cls):
        return "recording"

    async def send_text_message(self, recipient_id, text, **kwargs):
        self.log.append(("sent", text))
        await super().send_text_message(recipient_id, text, **kwargs)


def turn(replies, fail_at_save=False, fail_at_read=False, log=None):
    """A stand-in for Rasa's handle_message: reads, sends ``replies``, then saves."""

    async def handle_message(_processor, message):
        if fail_at_read:
            raise TrackerUnavailable("retrieve", message.sender_id, "connection refused")
        assert message.output_channel.name() == "recording", "channel-specific responses still work"
        for text in replies:
            await message.output_channel.send_response(message.sender_id, {"text": text})
        log.append(("save", None))
        if fail_at_save:
            raise TrackerUnavailable("save", message.sender_id, "database is locked")

    return replies_after_save(handle_message)


async def run(text, **options):
    log = []
    channel = RecordingChannel(log)
    message = UserMessage(text, channel, "student-1")
    result = await turn(log=log, **options)(PROCESSOR, message)
    assert message.output_channel is channel
    return log, result


async def test_replies_reach_the_channel_only_after_the_save():
    log, result = await run("hi", replies=["Hello!", "(1/5) What did you study?"])
    assert log == [("save", None), ("sent", "Hello!"), ("sent", "(1/5) What did you study?")]
    assert [message["text"] for message in result] == ["Hello!", "(1/5) What did you study?"]


async def test_a_failed_save_sends_only_please_try_again():
    log, result = await run(
        "I did B.Com", replies=["Got it: B.Com.", "(2/5) Skills?"], fail_at_save=True
    )
    assert log == [("save", None), ("sent", TRY_AGAIN_REPLY)]
    assert [message["text"] for message in result] == [TRY_AGAIN_REPLY]


async def test_an_unreadable_conversation_is_not_restarted_but_asked_again():
    log, _ = await run(
        "I did B.Com", replies=["(1/5) What is your highest qualification?"], fail_at_read=True
    )
    assert log == [("sent", TRY_AGAIN_REPLY)]
    assert "try again in a moment" in TRY_AGAIN_REPLY


async def test_other_failures_still_raise_and_send_nothing():
    async def broken(_processor, message):
        await message.output_channel.send_response(message.sender_id, {"text": "half a turn"})
        raise RuntimeError("policy crashed")

    channel = CollectingOutputChannel()
    with pytest.raises(RuntimeError):
        await replies_after_save(broken)(PROCESSOR, UserMessage("hi", channel, "student-1"))
    assert channel.messages == [], "an unsaved turn is not answered (the channel says sorry)"


@pytest.mark.parametrize("command", ["/restart", "/session_start", "/back"])
async def test_silent_commands_get_a_reply(command):
    _, result = await run(command, replies=[])
    assert [message["text"] for message in result] == [COMMAND_REPLIES[command[1:]]]


async def test_commands_that_answer_get_no_extra_reply_and_unknown_ones_are_named():
    _, result = await run("/greet", replies=["Hello!"])
    assert [message["text"] for message in result] == ["Hello!"]
    _, result = await run("/frobnicate", replies=[])
    assert [message["text"] for message in result] == [UNKNOWN_COMMAND_REPLY]
    _, result = await run("just words", replies=[])
    assert result == []


def test_command_reply_reads_payloads_and_bot_mentions():
    intents = {"affirm", "restart"}
    assert command_reply('/affirm{"x": 1}', intents) == durable_turns.DONE_REPLY
    assert command_reply("/restart@careerpath_bot", intents) == COMMAND_REPLIES["restart"]
    assert command_reply("/", intents) is None and command_reply("hello", intents) is None


@pytest.mark.parametrize("prefix", ["careerpathprod", "cp2"])
def test_letters_and_digits_are_a_valid_redis_key_prefix(prefix):
    check_redis_key_prefix(prefix)


@pytest.mark.parametrize("prefix", ["career-path", "career_path", "cp:prod", "", None, 42])
def test_a_prefix_rasa_would_drop_stops_the_start_up(prefix):
    with pytest.raises(InvalidRedisKeyPrefix, match="letters and digits"):
        check_redis_key_prefix(prefix)


def test_rasa_s_redis_lock_store_refuses_a_hyphenated_prefix():
    from rasa.core.lock_store import RedisLockStore

    durable_turns.refuse_invalid_redis_key_prefixes()
    store = RedisLockStore.__new__(RedisLockStore)  # no Redis needed: only the prefix rule
    store.key_prefix = "lock:"
    with pytest.raises(InvalidRedisKeyPrefix):
        store._set_key_prefix("career-path")
    store._set_key_prefix("careerpath")
    assert store.key_prefix == "careerpath:lock:"
