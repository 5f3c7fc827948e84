"""Reads one Telegram Update into what the connector should do with it (plain Python).

``parse_update`` validates only what the connector relies on and raises
``MalformedUpdate`` (the webhook answers 400) when that is missing or of the wrong type;
everything a career chat does not answer (channel posts, group chats, other bots,
service messages) comes back as ``kind="ignore"``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

# Telegram commands -> Rasa's "/intent" shortcut.
COMMAND_INTENTS = {
    "/start": "/greet",
    "/restart": "/restart",
    "/help": "/help",
    "/guided": "/guided_mode",
    "/forget": "/forget_me",
}
GROUP_TYPES = ("group", "supergroup")
# Update fields that carry something other than text the bot could read.
MEDIA_FIELDS = (
    "sticker",
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "document",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


class MalformedUpdate(ValueError):
    pass


@dataclass(frozen=True)
class IncomingUpdate:
    """What one Telegram update asks the connector to do.

    kind: "text" (a user message for Rasa), "button" (an inline button press),
    "command" (a Telegram command mapped to a Rasa intent), "unknown_command",
    "media" (something other than text), "group_pointer" (someone addressed the bot in
    a group: it answers with a pointer to a private chat), or "ignore".

    ``message_id``: the user's message (or, for a button, the bot message it sits under);
    ``edited``: the update is an edit of the message ``message_id``.
    """

    update_id: int
    kind: str
    chat_id: int | None = None
    text: str = ""
    callback_query_id: str | None = None
    metadata: dict[str, Any] | None = None
    message_id: int | None = None
    edited: bool = False


def parse_update(body: bytes, bot_username: str = "") -> IncomingUpdate:
    try:
        update = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedUpdate(f"body is not JSON: {error}") from None
    except RecursionError:  # deeper than Python's parser goes: not a Telegram update
        raise MalformedUpdate("body is nested too deeply") from None
    if not isinstance(update, dict) or not _is_int(update.get("update_id")):
        raise MalformedUpdate(
            "not a Telegram Update: an object with an integer update_id is required"
        )
    update_id = update["update_id"]

    if "callback_query" in update:
        return _button_update(update_id, _object(update, "callback_query"))
    # An edit is read like a new message when it edits the user's latest message (a
    # fixed typo, "BCom" -> "B.Com", should be heard); the connector answers edits of
    # older messages with a note instead, since those questions are long past.
    for field_name in ("message", "edited_message"):
        if field_name in update:
            parsed = _message_update(update_id, _object(update, field_name), bot_username)
            if field_name == "edited_message" and parsed.kind != "ignore":
                return dataclasses.replace(parsed, edited=True)
            return parsed
    # channel_post, inline_query, my_chat_member ...: nothing a career chat answers.
    return IncomingUpdate(update_id, "ignore")


def _object(container: dict[str, Any], key: str) -> dict[str, Any]:
    value = container.get(key)
    if not isinstance(value, dict):
        raise MalformedUpdate(f"'{key}' must be an object")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _private_chat_id(message: dict[str, Any]) -> int | None:
    chat = _object(message, "chat")
    if not _is_int(chat.get("id")):
        raise MalformedUpdate("chat.id must be an integer")
    return chat["id"] if chat.get("type") == "private" else None


def _group_chat_id(message: dict[str, Any]) -> int | None:
    chat = _object(message, "chat")
    return chat["id"] if chat.get("type") in GROUP_TYPES and _is_int(chat.get("id")) else None


def _addresses_bot(text: str, bot_username: str) -> bool:
    """``/start@bot`` (any command addressed to this bot) or an ``@bot`` mention. Without a
    configured username, any addressed command counts: Telegram delivers ``/x@other`` to
    the other bot only, unless privacy mode is off."""
    first = text.split()[0] if text.split() else ""
    command, _, addressee = first.partition("@")
    if command.startswith("/") and addressee:
        return not bot_username or addressee.lower() == bot_username.lower()
    return bool(bot_username) and f"@{bot_username.lower()}" in text.lower()


def _sender(container: dict[str, Any]) -> dict[str, Any]:
    sender = container.get("from")
    return sender if isinstance(sender, dict) else {}


def _metadata(
    update_id: int, chat_id: int, sender: dict[str, Any], message_id: Any = None
) -> dict[str, Any]:
    telegram = {
        "update_id": update_id,
        "chat_id": chat_id,
        "user_id": sender.get("id"),
        "username": sender.get("username"),
        "language_code": sender.get("language_code"),
        "message_id": message_id,
    }
    return {"telegram": {key: value for key, value in telegram.items() if value is not None}}


def _message_update(update_id: int, message: dict[str, Any], bot_username: str) -> IncomingUpdate:
    chat_id = _private_chat_id(message)
    sender = _sender(message)
    if sender.get("is_bot"):
        return IncomingUpdate(update_id, "ignore")
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        # A photo or document with a caption: the caption is what the user said.
        text = message.get("caption")
    text = text.strip() if isinstance(text, str) else ""
    message_id = message.get("message_id") if _is_int(message.get("message_id")) else None
    if chat_id is None:
        group_id = _group_chat_id(message)
        if group_id is not None and text and _addresses_bot(text, bot_username):
            return IncomingUpdate(update_id, "group_pointer", group_id, message_id=message_id)
        return IncomingUpdate(update_id, "ignore")
    metadata = _metadata(update_id, chat_id, sender, message_id)
    if text:
        if text.startswith("/"):
            return _command_update(update_id, chat_id, text, bot_username, metadata, message_id)
        return IncomingUpdate(
            update_id, "text", chat_id, text, metadata=metadata, message_id=message_id
        )
    if any(field_name in message for field_name in MEDIA_FIELDS):
        return IncomingUpdate(update_id, "media", chat_id, metadata=metadata, message_id=message_id)
    # Service messages (pinned, member joined ...) and empty texts.
    return IncomingUpdate(update_id, "ignore")


def _command_update(
    update_id: int,
    chat_id: int,
    text: str,
    bot_username: str,
    metadata: dict[str, Any],
    message_id: int | None,
) -> IncomingUpdate:
    command, _, addressee = text.split()[0].partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return IncomingUpdate(update_id, "ignore")
    intent = COMMAND_INTENTS.get(command.lower())
    if intent is None:
        # Typed "/something" would otherwise reach Rasa as an intent shortcut, letting a
        # user set intents and entities by hand; only the listed commands are mapped.
        return IncomingUpdate(
            update_id, "unknown_command", chat_id, metadata=metadata, message_id=message_id
        )
    return IncomingUpdate(
        update_id, "command", chat_id, intent, metadata=metadata, message_id=message_id
    )


def _button_update(update_id: int, query: dict[str, Any]) -> IncomingUpdate:
    query_id = query.get("id")
    if not isinstance(query_id, str):
        raise MalformedUpdate("callback_query.id must be a string")
    message = query.get("message")
    data = query.get("data")
    if not isinstance(message, dict) or not isinstance(data, str) or not data:
        # A press on a message we cannot see (inline mode) or a game button.
        return IncomingUpdate(update_id, "ignore", callback_query_id=query_id)
    chat_id = _private_chat_id(message)
    if chat_id is None:
        return IncomingUpdate(update_id, "ignore", callback_query_id=query_id)
    message_id = message.get("message_id") if _is_int(message.get("message_id")) else None
    metadata = _metadata(update_id, chat_id, _sender(query), message_id)
    return IncomingUpdate(
        update_id,
        "button",
        chat_id,
        data,
        callback_query_id=query_id,
        metadata=metadata,
        message_id=message_id,
    )
