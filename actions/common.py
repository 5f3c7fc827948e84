"""Tracker <-> assistant plumbing shared by the CareerPath actions."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from careerpath.conversation.guided import REPORT_SLOTS as GUIDED_REPORT_SLOTS
from careerpath.conversation.intake import SLOTS
from careerpath.conversation.reply import Reply, message_for
from careerpath.senders import channel_of_sender

logger = logging.getLogger(__name__)

PROFILE_SLOT = "profile"
FAILURES_SLOT = "failed_attempts"
ADVICE_STATE_SLOT = "advice_state"
REQUESTED_SLOT = "requested_slot"
# Reads a message no intent fits; hands a statement about the person over to the intake.
READ_FREE_TEXT = "action_read_free_text"


def catalog():
    """The knowledge base, read once per process (cached by the repository)."""
    from careerpath.kb.repository import load_catalog

    kb = load_catalog()
    _warm_up_in_background(kb)
    return kb


def display_catalog():
    """The knowledge base with its texts in the conversation's language (same ids and
    numbers), for what the student reads: cards, role details, plans. Reading the student's
    words keeps using ``catalog()``, whose names and synonyms the extractor matches."""
    from careerpath.wording import DEFAULT_LANGUAGE, current_language

    kb = catalog()
    language = current_language()
    return kb if language == DEFAULT_LANGUAGE else kb.localized(language)


_warm_up_started = False
_warm_up_lock = threading.Lock()


def _warm_up_in_background(kb) -> None:
    """Load spaCy and the FAQ index on a side thread the first time any action runs (the
    session start, before the first answer), so no user waits seconds for them mid-chat
    and the server's event loop is not blocked while they load."""
    global _warm_up_started
    with _warm_up_lock:
        if _warm_up_started:
            return
        _warm_up_started = True
    threading.Thread(target=_warm_up, args=(kb,), name="careerpath-warm-up", daemon=True).start()


def _warm_up(kb) -> None:
    try:
        from careerpath.conversation.faq import faq_index
        from careerpath.profiling import get_extractor

        get_extractor(kb)
        faq_index(kb)
    except Exception:  # the real call will report it to the user; never crash the server
        logger.exception("warm-up failed")


def profile_of(tracker: Tracker):
    from careerpath.profiling.profile import Profile

    return Profile.from_dict(tracker.get_slot(PROFILE_SLOT) or {})


def answers_of(tracker: Tracker) -> dict[str, str | None]:
    return {slot: tracker.get_slot(slot) for slot in SLOTS}


def advice_state(tracker: Tracker) -> dict[str, Any]:
    state = tracker.get_slot(ADVICE_STATE_SLOT)
    return state if isinstance(state, dict) else {}


def advice_for(profile, kb):
    """Every role type ranked for ``profile`` (cheap: pure Python over the cached catalog)."""
    from careerpath.advisor import recommend

    return recommend(profile, kb)


def latest_text(tracker: Tracker) -> str:
    """The user's words; button payloads ("/skip") carry none."""
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_entities(tracker: Tracker) -> list[dict[str, Any]]:
    return list((tracker.latest_message or {}).get("entities") or [])


def entity_value(tracker: Tracker, name: str) -> str | None:
    for entity in latest_entities(tracker):
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


def output_channel(tracker: Tracker) -> str | None:
    """The channel the answer goes to: a namespaced sender id ("tg:42") decides, else the
    channel of the user's latest message (None before the first one)."""
    return channel_of_sender(tracker.sender_id) or tracker.get_latest_input_channel()


def send(dispatcher: CollectingDispatcher, tracker: Tracker, replies: Iterable[Reply]) -> None:
    """Sends each reply in the form its channel takes (a card, or the card as text)."""
    from careerpath.wording import DEFAULT_LANGUAGE, current_language

    channel = output_channel(tracker)
    language = current_language()
    for reply in replies:
        message = message_for(reply, channel)
        card = message.get("json_message")
        if language != DEFAULT_LANGUAGE and isinstance(card, dict):
            # The channel draws the card's labels (Telegram: careerpath_rasa), in this language.
            message["json_message"] = {**card, "lang": language}
        dispatcher.utter_message(**message)


def cleared_profile_events() -> list[dict[str, Any]]:
    """Forget every intake answer and what was recommended (channel_mode stays)."""
    names = [
        *SLOTS,
        *GUIDED_REPORT_SLOTS,
        PROFILE_SLOT,
        FAILURES_SLOT,
        ADVICE_STATE_SLOT,
        REQUESTED_SLOT,
    ]
    return [SlotSet(name, None) for name in names]
