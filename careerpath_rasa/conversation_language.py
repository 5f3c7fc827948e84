"""The language of a reply a channel or patch says itself, outside an action.

Actions answer in the conversation's language because the action server sets it for their
turn. Replies said around a turn - "send text, not stickers", "Done.", "please try again",
the apology after a failure - are not, so each looks the language up when it is said: the
tracker's ``language`` slot when the conversation has one, else what the channel tells us
(Telegram's ``language_code``, the widget's ``lang``), else English. Never at import time:
a module constant holds one language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rasa.shared.core.events import SlotSet

from careerpath import wording
from careerpath.conversation.language import LANGUAGES, channel_language, normalise

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"


def tracker_language(tracker: Any) -> str | None:
    """The tracker's language; after a /restart (which clears every slot) the one chosen
    before it, so "Restarted" is said in the language the student was using."""
    if tracker is None:
        return None
    try:
        current = normalise(tracker.get_slot(LANGUAGE_SLOT))
    except Exception:  # noqa: BLE001 - a tracker without the slot: no language known
        current = None
    if current:
        return current
    for event in reversed(list(getattr(tracker, "events", None) or [])):
        if isinstance(event, SlotSet) and event.key == LANGUAGE_SLOT and normalise(event.value):
            return normalise(event.value)
    return None


async def stored_language(tracker_store: Any, sender_id: str) -> str | None:
    """The stored conversation's language, or None (no store, no conversation, store down)."""
    if tracker_store is None or not sender_id:
        return None
    try:
        tracker = await tracker_store.retrieve(sender_id)
    except Exception:  # noqa: BLE001 - the reply must still be said, in the channel's language
        logger.debug("No language for %s: its conversation could not be read.", sender_id)
        return None
    return tracker_language(tracker)


async def reply_language(
    tracker_store: Any, sender_id: str, metadata: Mapping[str, Any] | None = None
) -> str | None:
    """The language to say a channel-level reply in (None: English)."""
    return await stored_language(tracker_store, sender_id) or channel_language(metadata)


def in_every_language(key: str) -> set[str]:
    """The text of ``key`` in every conversation language, to recognise it whatever was said."""
    return {wording.text(key, lang=language) for language in LANGUAGES}
