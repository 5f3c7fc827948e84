"""A turn is answered only once it is stored; a tracker that cannot be read is never restarted.

Rasa 3.6 wraps every tracker store in ``FailSafeTrackerStore``: when reading a
conversation fails it answers "no such conversation" (Rasa then starts a new one, and the
next successful save appends that new conversation's tail to the old rows), and when
saving fails it keeps the turn in a process-local in-memory store (lost on restart, never
seen by another replica). And channels send a turn's replies while the turn runs, before
it is saved. Together: users were answered for turns that were never stored, and
conversations were reset and spliced by a database fault.

This module changes three things, for tracker stores that set ``refuses_fallback = True``
(careerpath_rasa.tracker_store.PrivacySQLTrackerStore):

* **No fallback.** ``FailSafeTrackerStore`` passes such a store's errors through instead of
  swallowing them; the store raises :class:`TrackerUnavailable`.
* **Replies wait for the save.** ``MessageProcessor.handle_message`` gives the turn an
  output channel that holds every message; they go to the real channel (REST collector,
  Telegram, ...) only after ``save_tracker`` returned. When the tracker cannot be read or
  saved, the held replies are dropped and the user gets "please try again" (in their language)
  instead: nothing of that turn is stored, so sending the message again is always right.
* **Commands always answer.** ``/restart``, ``/session_start``, ``/back`` and unknown
  ``/commands`` produce no bot message in Rasa; the user now reads a short confirmation.

Plus one start-up check: Rasa's Redis lock store silently ignores a key prefix that is not
letters and digits only ("career-path") and falls back to the shared ``lock:`` prefix, so
two deployments on one Redis would block each other's conversations. Such a prefix now
stops the server at start-up with a clear message.

Installed with the other patches by ``careerpath_rasa.patches.install()``. Idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.lock_store import RedisLockStore
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore

from careerpath.conversation.language import channel_language
from careerpath.wording import text
from careerpath_rasa.conversation_language import reply_language

logger = logging.getLogger(__name__)

# What a silent command's reply says, in a language (the conversation's, looked up when sent).
REPLY_TEXTS: dict[str, Callable[[str | None], str]] = {
    "restart": lambda lang: text("channel.restarted", lang=lang),
    "session_start": lambda lang: text("channel.session_started", lang=lang),
    "back": lambda lang: text("channel.undone", lang=lang),
    "unknown": lambda lang: text("channel.unknown_command", lang=lang),
    "done": lambda lang: text("channel.done", lang=lang),
}
# The English texts, only for tests and the soak audit to recognise the replies.
TRY_AGAIN_REPLY = text("channel.try_again", lang="en")
COMMAND_REPLIES: dict[str, str] = {
    command: REPLY_TEXTS[command]("en") for command in ("restart", "session_start", "back")
}
DONE_REPLY = REPLY_TEXTS["done"]("en")
UNKNOWN_COMMAND_REPLY = REPLY_TEXTS["unknown"]("en")
_INSTALLED_FLAG = "_careerpath_durable_turns"


class TrackerUnavailable(Exception):
    """The conversation could not be read or stored: the turn must not be answered."""

    def __init__(self, operation: str, sender_id: str, detail: str) -> None:
        super().__init__(f"tracker store {operation} failed for {sender_id!r}: {detail}")
        self.operation, self.sender_id, self.detail = operation, sender_id, detail


class InvalidRedisKeyPrefix(ValueError):
    pass


def install_durable_turns() -> None:
    let_tracker_faults_through()
    answer_only_stored_turns()
    refuse_invalid_redis_key_prefixes()


def _already(function: Callable) -> bool:
    return getattr(function, _INSTALLED_FLAG, False)


def _mark(function: Callable) -> Callable:
    setattr(function, _INSTALLED_FLAG, True)
    return function


# ---- no in-memory fallback -------------------------------------------------------------
def let_tracker_faults_through() -> None:
    for name in ("retrieve", "retrieve_full_tracker", "save", "keys"):
        original = getattr(FailSafeTrackerStore, name)
        if not _already(original):
            setattr(FailSafeTrackerStore, name, _mark(_passing_through(name, original)))


def _passing_through(name: str, original: Callable) -> Callable:
    async def method(self, *args: Any, **kwargs: Any) -> Any:
        primary = self._tracker_store
        if getattr(primary, "refuses_fallback", False):
            return await getattr(primary, name)(*args, **kwargs)
        return await original(self, *args, **kwargs)

    method.__name__ = name
    return method


# ---- replies after the save --------------------------------------------------------------
class HeldOutput:
    """Stands in for a turn's output channel: records every ``send_*`` call, replays them
    in order on :meth:`release`. Everything else (``name()``, attributes) is the real
    channel's, so channel-specific responses and custom channels work unchanged."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self.held: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.channel, name)
        if name.startswith("send_") and callable(attribute):

            async def hold(*args: Any, **kwargs: Any) -> None:
                self.held.append((name, args, kwargs))

            return hold
        return attribute

    async def release(self) -> None:
        for name, args, kwargs in self.held:
            await getattr(self.channel, name)(*args, **kwargs)
        self.held = []


def answer_only_stored_turns() -> None:
    if not _already(MessageProcessor.handle_message):
        MessageProcessor.handle_message = _mark(replies_after_save(MessageProcessor.handle_message))


def replies_after_save(handle_message: Callable) -> Callable:
    """``MessageProcessor.handle_message`` whose replies reach the channel only once the
    turn is stored (that method ends with ``save_tracker``)."""

    async def held_until_saved(self, message) -> list[dict[str, Any]] | None:
        channel = message.output_channel
        held = HeldOutput(channel)
        message.output_channel = held
        try:
            await handle_message(self, message)
        except TrackerUnavailable:  # logged once per outage by the tracker store
            held.held = []
            # The conversation cannot be read: its language is what the channel says.
            language = channel_language(message.metadata)
            await channel.send_text_message(
                message.sender_id, text("channel.try_again", lang=language)
            )
            return channel.messages if isinstance(channel, CollectingOutputChannel) else None
        finally:
            message.output_channel = channel
        silent = not held.held
        await held.release()
        kind = command_kind(message.text, _domain_intents(self)) if silent else None
        if kind:
            store = getattr(self, "tracker_store", None)
            language = await reply_language(store, message.sender_id, message.metadata)
            await channel.send_text_message(message.sender_id, REPLY_TEXTS[kind](language))
        return channel.messages if isinstance(channel, CollectingOutputChannel) else None

    return held_until_saved


def command_reply(
    said: str | None, known_intents: set | None, lang: str | None = None
) -> str | None:
    """What to say after a ``/command`` that made the bot send nothing (None: not a command),
    in ``lang`` (default English)."""
    kind = command_kind(said, known_intents)
    return REPLY_TEXTS[kind](lang or "en") if kind else None


def command_kind(said: str | None, known_intents: set | None) -> str | None:
    """Which reply (a key of ``REPLY_TEXTS``) a silent ``/command`` gets (None: not one)."""
    said = (said or "").strip()
    if not said.startswith("/") or len(said) < 2:
        return None
    intent = said[1:].split("{", 1)[0].split("@", 1)[0].strip()
    if intent in COMMAND_REPLIES:
        return intent
    if known_intents is not None and intent not in known_intents:
        return "unknown"
    return "done"


def _domain_intents(processor) -> set | None:
    domain = getattr(processor, "domain", None)
    intents = getattr(domain, "intents", None)
    return set(intents) if intents else None


# ---- Redis key prefix ----------------------------------------------------------------------
def refuse_invalid_redis_key_prefixes() -> None:
    original = RedisLockStore._set_key_prefix
    if _already(original):
        return

    def _set_key_prefix(self, key_prefix) -> None:
        check_redis_key_prefix(key_prefix)
        original(self, key_prefix)

    RedisLockStore._set_key_prefix = _mark(_set_key_prefix)


def check_redis_key_prefix(key_prefix: Any) -> None:
    """Rasa keeps a prefix only if it is a non-empty string of letters and digits."""
    if isinstance(key_prefix, str) and key_prefix.isalnum():
        return
    message = (
        f"lock_store key_prefix {key_prefix!r} is not letters and digits only. Rasa would "
        "ignore it and share the default 'lock:' keys with every other deployment on this "
        "Redis; use a prefix such as 'careerpathprod' (no '-', '_', ':' or spaces)."
    )
    logger.error(message)
    raise InvalidRedisKeyPrefix(message)
