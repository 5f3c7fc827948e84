"""Fills the ``language`` slot inside Rasa, after each user message, with no action call.

The conversation's language (careerpath.conversation.language) must be known before Rasa
picks a response: domain.yml's responses have a Hindi variation chosen on the slot. A
custom ``action_validate_slot_mappings`` would do it, but Rasa then calls the action server
with the whole tracker after every user message, a second round trip per turn that cost
about 13 % of the throughput at 20 users. The rule is plain Python over the message's text
and metadata, so Rasa's own ``action_extract_slots`` applies it here instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.events import SessionStarted, SlotSet, UserUttered

from careerpath.conversation.language import choose_language

LANGUAGE_SLOT = "language"
_MARKER = "_careerpath_language_slot"


def _metadata(tracker: Any) -> Mapping[str, Any] | None:
    """The latest user message's metadata, else the session start's (the widget's lang)."""
    for event in reversed(tracker.events):
        if isinstance(event, (UserUttered, SessionStarted)):
            metadata = getattr(event, "metadata", None)
            if isinstance(metadata, Mapping) and metadata:
                return metadata
    return None


def language_events(tracker: Any, domain: Any) -> list[SlotSet]:
    """A ``SlotSet`` when this message changes the conversation's language, else nothing."""
    if LANGUAGE_SLOT not in {slot.name for slot in domain.slots}:
        return []
    current = tracker.get_slot(LANGUAGE_SLOT)
    text = tracker.latest_message.text if tracker.latest_message else None
    chosen = choose_language(current, text, _metadata(tracker))
    return [] if chosen == current else [SlotSet(LANGUAGE_SLOT, chosen)]


def install_language_slot() -> None:
    """Wraps ``ActionExtractSlots.run`` once per process."""
    original = ActionExtractSlots.run
    if getattr(original, _MARKER, False):
        return

    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        events = await original(self, output_channel, nlg, tracker, domain)
        return [*events, *language_events(tracker, domain)]

    setattr(run, _MARKER, True)
    ActionExtractSlots.run = run  # type: ignore[method-assign]
