"""Conversation ids ("sender ids") of CareerPath's channels, and which channel owns one.

Rasa keys a conversation by sender id alone - not by channel + sender id. If two channels
could produce the same id, a client of one channel could read and continue a user's
conversation on the other. So each channel whose ids are predictable gets a namespace:

- Telegram: ``"tg:<chat_id>"`` (``"tg:777001"``). Chat ids are small public-ish numbers
  (anyone who ever saw a forwarded message or a bot log knows them), so they must never be
  a conversation id another channel can claim.
- REST / web widget: whatever the client sends (the widget uses ``"web-<32 hex>"``),
  except ids inside another channel's namespace - the REST channel refuses those
  (``reserved_namespace``), and bare numbers (see careerpath_rasa/channels/rest.py for why).

A namespaced id also tells the storage layer which channel a conversation belongs to
(``channel_of_sender``): profiles, history and reports are keyed by channel + sender id.

Rasa-free on purpose: the action server (actions) imports it too.
"""

from __future__ import annotations

import re
from typing import Any

TELEGRAM_CHANNEL = "telegram"
TELEGRAM_PREFIX = "tg:"
# Namespace prefix -> the channel that alone may create conversations inside it.
# A new channel with guessable ids adds its prefix here (the REST channel then refuses it).
NAMESPACES = {TELEGRAM_PREFIX: TELEGRAM_CHANNEL}

_TELEGRAM_SENDER = re.compile(r"^tg:(-?\d{1,20})$")


def telegram_sender(chat_id: int) -> str:
    """The conversation id of Telegram chat ``chat_id``."""
    return f"{TELEGRAM_PREFIX}{int(chat_id)}"


def telegram_chat_id(sender: Any) -> int | None:
    """The chat id inside a Telegram conversation id, or None if ``sender`` is not one."""
    match = _TELEGRAM_SENDER.match(str(sender))
    return int(match.group(1)) if match else None


def reserved_namespace(sender: str) -> str | None:
    """The channel whose namespace ``sender`` uses, or None.

    Case and surrounding spaces are ignored, so "TG:1" and " tg:1" are reserved too: they
    are different Rasa conversations, but refusing them costs no real client anything and
    keeps ids that only look alike out of logs and support tickets.
    """
    folded = sender.strip().lower()
    for prefix, channel in NAMESPACES.items():
        if folded.startswith(prefix):
            return channel
    return None


def channel_of_sender(sender: Any) -> str | None:
    """The channel a namespaced conversation id belongs to ("telegram"), else None."""
    return TELEGRAM_CHANNEL if telegram_chat_id(sender) is not None else None
