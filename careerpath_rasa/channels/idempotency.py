"""A message re-sent to the REST channel is handled once: its replies are sent again instead.

The web widget keeps unsent messages in an outbox (localStorage) and re-sends one after a
reload, a timeout or a server outage. The first attempt may have reached Rasa and been
answered even though the browser never saw the answer; handling the copy again would answer
the wrong question (the conversation has moved on). So every widget message carries a key,
``metadata.message_id`` (random, chosen by the widget), and its attempt number,
``metadata.attempt``.

Where the keys are kept, and why there: in the conversation itself. The key becomes the
``message_id`` of the stored ``user`` event, so it lives in the tracker store with the turn it
belongs to - written in the same save, as durable as the conversation, shared by every replica
that shares the tracker store, deleted with the conversation, and needing no table or
migration. A re-sent message (attempt 2 or later) is checked against the stored events while
the conversation's lock is held (Rasa's lock store, shared by replicas in production), which
is exactly where ``Agent.handle_message`` handles a message. An earlier attempt still being
handled holds that lock, so the copy waits for it, then finds its stored turn. First attempts
skip the check: a key nobody has sent before cannot be a copy, and normal turns pay nothing.

A copy found in the conversation gets the bot messages that followed the original (text,
buttons, images, custom payloads) rebuilt from the stored ``bot`` events, and nothing is
handled. Only the ``RECENT_USER_TURNS`` latest user messages of the current session are
searched: re-sends come within minutes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered

logger = logging.getLogger(__name__)

KEY_FIELD = "message_id"
ATTEMPT_FIELD = "attempt"
RECENT_USER_TURNS = 50
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_REPLY_FIELDS = ("buttons", "image", "attachment", "custom", "elements", "quick_replies")


def message_key(metadata: dict[str, Any] | None) -> str | None:
    """The message's idempotency key, or None (absent or malformed keys are ignored)."""
    key = metadata.get(KEY_FIELD) if isinstance(metadata, dict) else None
    return key if isinstance(key, str) and _KEY.match(key) else None


def is_resend(metadata: dict[str, Any] | None) -> bool:
    attempt = metadata.get(ATTEMPT_FIELD) if isinstance(metadata, dict) else None
    return isinstance(attempt, int) and not isinstance(attempt, bool) and attempt > 1


def once_per_key(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    agent: Any,
    metadata: dict[str, Any] | None,
) -> Callable[[UserMessage], Awaitable[Any]]:
    """``on_new_message`` that records the key and replays, instead of handling, a copy."""
    key = message_key(metadata)
    if key is None:
        return on_new_message
    checked = is_resend(metadata) and _usable(agent)

    async def handle(message: UserMessage) -> Any:
        message.message_id = key
        if not checked:
            return await on_new_message(message)
        # What Agent.handle_message does, with the check inside the conversation's lock.
        async with agent.lock_store.lock(message.sender_id):
            earlier = await replies_to(agent.tracker_store, message.sender_id, key)
            if earlier is None:
                return await agent.processor.handle_message(message)
            logger.info(
                "REST: message %s of %s was handled before; replies sent again.",
                key,
                message.sender_id,
            )
            if isinstance(message.output_channel, CollectingOutputChannel):
                message.output_channel.messages.extend(earlier)
            return None

    return handle


def _usable(agent: Any) -> bool:
    ready = getattr(agent, "is_ready", None)
    return bool(
        agent is not None
        and callable(ready)
        and ready()
        and getattr(agent, "lock_store", None) is not None
        and getattr(agent, "tracker_store", None) is not None
    )


async def replies_to(tracker_store: Any, sender: str, key: str) -> list[dict[str, Any]] | None:
    """The bot messages that answered the user message ``key``, or None if it is not stored."""
    tracker = await tracker_store.retrieve(sender)
    if tracker is None:
        return None
    events = list(tracker.events)
    user_turns = 0
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if not isinstance(event, UserUttered):
            continue
        if event.message_id == key:
            return _bot_messages(events[index + 1 :], sender)
        user_turns += 1
        if user_turns >= RECENT_USER_TURNS:
            break
    return None


def _bot_messages(events: list, sender: str) -> list[dict[str, Any]]:
    messages = []
    for event in events:
        if isinstance(event, UserUttered):
            break
        if not isinstance(event, BotUttered):
            continue
        message: dict[str, Any] = {"recipient_id": sender}
        if event.text:
            message["text"] = event.text
        for field in _REPLY_FIELDS:
            value = (event.data or {}).get(field)
            if value:
                message[field] = value
        if len(message) > 1:
            messages.append(message)
    return messages
