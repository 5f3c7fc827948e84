"""The conversation's language: kept in the ``language`` slot and applied to every action.

Rasa fills the slot itself after every user message (careerpath_rasa/patches/language_slot.py
applies careerpath.conversation.language there, with no action-server call), so it is up to
date before Rasa picks a response: the conditional response variations in domain.yml and
every text the actions compose read the same language.
``answer_in_the_conversations_language`` wraps rasa-sdk's executor so each action runs
inside ``wording.language(...)`` without every action passing it along.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath import wording
from careerpath.conversation.language import choose_language, requested_language
from careerpath.conversation.reply import advice_button, compare_button, faq_button

LANGUAGE_SLOT = "language"


def _latest(tracker_state: Mapping[str, Any]) -> tuple:
    message = tracker_state.get("latest_message") or {}
    text = message.get("text") if isinstance(message, Mapping) else None
    metadata = message.get("metadata") if isinstance(message, Mapping) else None
    if not isinstance(metadata, Mapping):
        metadata = _session_metadata(tracker_state)
    return text, metadata


def _session_metadata(tracker_state: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The metadata of the latest user message or session start among the events."""
    for event in reversed(tracker_state.get("events") or []):
        if isinstance(event, Mapping) and event.get("event") in ("user", "session_started"):
            metadata = event.get("metadata")
            if isinstance(metadata, Mapping) and metadata:
                return metadata
    return None


def language_of(tracker_state: Mapping[str, Any]) -> str:
    """The language of a conversation as Rasa sends it in an action call."""
    slots = tracker_state.get("slots") or {}
    text, metadata = _latest(tracker_state)
    return choose_language(slots.get(LANGUAGE_SLOT), text, metadata)


def answer_in_the_conversations_language() -> None:
    """Make every action of this process run in its conversation's language (idempotent)."""
    if getattr(ActionExecutor.run, "_careerpath_language", False):
        return
    original = ActionExecutor.run

    @functools.wraps(original)
    async def run(self, action_call):
        tracker_state = action_call.get("tracker") if isinstance(action_call, dict) else None
        lang = language_of(tracker_state) if isinstance(tracker_state, Mapping) else None
        with wording.language(lang):
            return await original(self, action_call)

    run._careerpath_language = True  # type: ignore[attr-defined]  # a marker: patched already
    ActionExecutor.run = run


class ActionChangeLanguage(Action):
    """Confirms a language the student asked for, in that language."""

    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        chosen = requested_language(message.get("text"))
        if chosen is None:
            # The NLU took another message for a request (Devanagari words it knows from the
            # requests: "केपीओ में सैलरी ज़्यादा है क्या?"). In the intake the form reads it
            # next; outside, it is read like any message no intent fits (profile facts start
            # the intake, a question is answered).
            if tracker.active_loop_name:
                return []
            from .forms import ActionReadFreeText

            return await ActionReadFreeText().run(dispatcher, tracker, domain)
        with wording.language(chosen):
            # Outside the intake the student may start anything; inside, the form asks next.
            in_intake = bool(tracker.active_loop_name)
            buttons = [] if in_intake else [advice_button(), faq_button(), compare_button()]
            dispatcher.utter_message(text=wording.text("language.changed"), buttons=buttons)
        return [SlotSet(LANGUAGE_SLOT, chosen)]
