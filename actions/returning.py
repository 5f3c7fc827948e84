"""Returning users: remember profiles, and greet with what we know at a new session.

The profile is saved (keyed by channel + sender id) when the intake form completes and
whenever recommendations are shown. ``action_session_start`` keeps Rasa's default
behaviour (SessionStarted, carry-over of slots when the domain says so, action_listen)
and, when the project database knows the user, loads the stored profile into the slots
and asks: continue, update, or start fresh. The buttons reuse existing intents, so no
NLU change is needed: continue = /ask_career_advice (the complete form submits at once),
update = /correct_profile (the form reopens with the current answers), fresh = /start_over.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation.intake import SLOTS
from careerpath.conversation.reply import catalog_button
from careerpath.senders import channel_of_sender
from careerpath.wording import current_language, text
from careerpath.wording import language as wording_language

from .common import PROFILE_SLOT, display_catalog

logger = logging.getLogger(__name__)

SESSION_METADATA_SLOT = "session_started_metadata"
DEFAULT_CHANNEL = "rest"  # a brand-new REST/web sender has no input channel on record yet


def channel_of(tracker: Tracker) -> str:
    """The channel the user writes from (the storage key is channel + sender id).

    A namespaced sender id decides: "tg:<chat id>" is Telegram, whatever the tracker says
    (only the Telegram connector can create such ids; careerpath/senders.py). Other
    ids: the latest input channel; at the start of a brand-new conversation the message
    metadata is all there is (the Telegram connector puts its data under "telegram")."""
    namespaced = channel_of_sender(tracker.sender_id)
    if namespaced:
        return namespaced
    channel = tracker.get_latest_input_channel()
    if channel:
        return channel
    metadata = tracker.get_slot(SESSION_METADATA_SLOT) or {}
    if isinstance(metadata, dict):
        if isinstance(metadata.get("channel"), str):
            return metadata["channel"]
        if "telegram" in metadata:
            return "telegram"
    return DEFAULT_CHANNEL


# Saved with the answers so a returning student is welcomed in the language they chose.
LANGUAGE_SLOT = "language"


def _answers(tracker: Tracker) -> dict[str, Any]:
    return {
        slot: tracker.get_slot(slot)
        for slot in (*SLOTS, LANGUAGE_SLOT)
        if tracker.get_slot(slot) is not None
    }


def remember_profile(
    dispatcher: CollectingDispatcher, tracker: Tracker, profile: dict[str, Any]
) -> bool:
    """Save the profile; on a database fault tell the user (the chat itself keeps it)."""
    from careerpath.userdata import StorageUnavailable, save_profile

    try:
        save_profile(channel_of(tracker), tracker.sender_id, profile, _answers(tracker))
        return True
    except StorageUnavailable:  # already logged once by careerpath.userdata, with context
        dispatcher.utter_message(text=text("returning.save_failed"))
        return False


def remember_recommendations(
    dispatcher: CollectingDispatcher, tracker: Tracker, profile: dict[str, Any], shown: list[Any]
) -> bool:
    """Append the shown recommendations (Recommendation objects) to the user's history."""
    from careerpath.userdata import StorageUnavailable, record_recommendations, save_profile

    items = [{"role_type": rec.role_type, "name": rec.name} for rec in shown]
    try:
        record_recommendations(channel_of(tracker), tracker.sender_id, profile, items)
        save_profile(channel_of(tracker), tracker.sender_id, profile, _answers(tracker))
        return True
    except StorageUnavailable:
        dispatcher.utter_message(text=text("returning.save_failed"))
        return False


def _with_article(phrase: str) -> str:
    """ "a B.Com graduate", "an MBA graduate": English picks the article by the sound of the first
    word (the catalog's returning.person.a / .an; other languages may word both alike)."""
    first = phrase.split()[0] if phrase.split() else ""
    spoken_vowel = first[:1] in "AEIOUaeiou" or (first.isupper() and first[:1] in "FHLMNRSX")
    return text("returning.person.an" if spoken_vowel else "returning.person.a", person=phrase)


def who_you_were(profile: dict[str, Any], kb) -> str | None:
    """ "a B.Com graduate (commerce)" / "pursuing B.Tech" from a stored profile, or None; built
    from the profile's parts (``Profile.summary``), not by taking its sentence apart."""
    from careerpath.profiling.describe import lower_first
    from careerpath.profiling.profile import Profile

    person = Profile.from_dict(profile)
    summary = person.summary(kb)
    head = lower_first(summary.headline())
    education = summary.education
    if head and education is not None:
        if education.pursuing or not (education.degree or education.level):
            return head  # "pursuing B.Tech", "studying for 12th pass", "studied commerce"
        return _with_article(head)
    if head:  # experience alone
        if person.experience_years:
            return text("returning.with_experience", experience=head)
        return _with_article(head)
    if summary.skills:
        return text("returning.with_skills", skills=", ".join(summary.skills))
    if summary.goals:
        return text(
            "returning.who_wants", goals=", ".join(lower_first(goal) for goal in summary.goals)
        )
    if summary.preferences:
        preferences = ", ".join(lower_first(p) for p in summary.preferences)
        return text("returning.who_prefers", preferences=preferences)
    return None


def returning_greeting(stored, kb) -> str | None:
    """ "Last time you were a B.Com graduate looking at Finance & Accounting BPO — continue,
    update, or start fresh?" (None when the stored profile says nothing)."""
    person = who_you_were(stored.profile, kb)
    if person is None:
        return None
    looking = ""
    if stored.last_recommendations:
        looking = " " + text("returning.looking_at", role=stored.last_recommendations[0]["name"])
    return text("returning.welcome_back", person=person, looking=looking)


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        carried = self._carried_over(tracker, domain)
        events.extend(SlotSet(name, value) for name, value in carried.items())
        events.extend(self._welcome_back(dispatcher, tracker, carried))
        events.append(ActionExecuted("action_listen"))
        return events

    @staticmethod
    def _carried_over(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Rasa's default: every slot of the previous session, when the domain says so."""
        config = domain.get("session_config") or {}
        if not config.get("carry_over_slots_to_new_session", True):
            return {}
        return {name: value for name, value in (tracker.slots or {}).items() if value is not None}

    @staticmethod
    def _welcome_back(
        dispatcher: CollectingDispatcher, tracker: Tracker, carried: dict[str, Any]
    ) -> list[dict[str, Any]]:
        from careerpath.userdata import StorageUnavailable, load_profile

        try:
            stored = load_profile(channel_of(tracker), tracker.sender_id)
        except StorageUnavailable:  # logged by careerpath.userdata; a plain new session is fine
            return []
        if stored is None:
            return []  # nobody we know: a plain new session
        language = carried.get(LANGUAGE_SLOT) or stored.answers.get(LANGUAGE_SLOT)
        language = language or current_language()
        with wording_language(language):
            greeting = returning_greeting(stored, display_catalog())  # names in the language
            if greeting is None:
                return []
            dispatcher.utter_message(
                text=greeting,
                buttons=[
                    catalog_button("button.continue", "/ask_career_advice"),
                    catalog_button("button.update_details", "/correct_profile"),
                    catalog_button("button.start_fresh", "/start_over"),
                ],
            )
        remembered = [] if carried.get(LANGUAGE_SLOT) else [SlotSet(LANGUAGE_SLOT, language)]
        if carried.get(PROFILE_SLOT):
            return remembered  # this conversation still holds the profile: nothing to load
        loaded = [SlotSet(slot, value) for slot, value in stored.answers.items() if slot in SLOTS]
        return remembered + loaded + [SlotSet(PROFILE_SLOT, stored.profile)]
