"""Tracker <-> assistant plumbing shared by the CareerPath actions."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assistant.intake import SLOTS
from actions.assistant.reply import Reply

PROFILE_SLOT = "profile"
FAILURES_SLOT = "failed_attempts"
ADVICE_STATE_SLOT = "advice_state"
REQUESTED_SLOT = "requested_slot"


def catalog():
    """The knowledge base, read once per process (cached by the repository)."""
    from actions.knowledge_base.repository import load_catalog

    return load_catalog()


def profile_of(tracker: Tracker):
    from actions.profiling.profile import Profile

    return Profile.from_dict(tracker.get_slot(PROFILE_SLOT) or {})


def answers_of(tracker: Tracker) -> Dict[str, Optional[str]]:
    return {slot: tracker.get_slot(slot) for slot in SLOTS}


def advice_state(tracker: Tracker) -> Dict[str, Any]:
    state = tracker.get_slot(ADVICE_STATE_SLOT)
    return state if isinstance(state, dict) else {}


def advice_for(profile, kb):
    """Every role type ranked for ``profile`` (cheap: pure Python over the cached catalog)."""
    from actions.advisor import recommend

    return recommend(profile, kb)


def latest_text(tracker: Tracker) -> str:
    """The user's words; button payloads ("/skip") carry none."""
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_entities(tracker: Tracker) -> List[Dict[str, Any]]:
    return list((tracker.latest_message or {}).get("entities") or [])


def entity_value(tracker: Tracker, name: str) -> Optional[str]:
    for entity in latest_entities(tracker):
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(**reply.as_kwargs())


def cleared_profile_events() -> List[Dict[str, Any]]:
    """Forget every intake answer and what was recommended (channel_mode stays)."""
    names = [*SLOTS, PROFILE_SLOT, FAILURES_SLOT, ADVICE_STATE_SLOT, REQUESTED_SLOT]
    return [SlotSet(name, None) for name in names]
