"""Delete my data: ask first, then delete everything stored about the sender.

``action_forget_me`` asks with Yes/No buttons (payloads /affirm and /deny, so no NLU is
involved); ``action_answer_forget_me`` runs on the answer. On "yes" it deletes the
profile, recommendation history and counselor reports of this channel + sender (and,
when TRACKER_STORE_URL is set, the stored conversation events), says what went, and
returns ``Restarted``. The Rasa server's tracker store
(careerpath_rasa.tracker_store.PrivacySQLTrackerStore) sees that marker when it saves
the turn and deletes every stored event of the sender instead of re-saving them.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation.reply import button

from .common import latest_intent
from .returning import channel_of

ASK_ACTION = "action_forget_me"
ANSWER_ACTION = "action_answer_forget_me"  # the tracker store keys on this name + Restarted
CONFIRM_QUESTION = (
    "Do you want me to delete everything I've stored about you? That's your saved profile, "
    "the roles I suggested, any counselor reports about you, and the history of our chats. "
    "This can't be undone."
)
YES_BUTTON = button("Yes, delete my data", "/affirm")
NO_BUTTON = button("No, keep it", "/deny")
KEPT = "Okay, I haven't deleted anything."
UNAVAILABLE = ("Sorry, I couldn't reach my database just now, so nothing has been deleted yet. "
               "Please try again in a minute.")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def deletion_summary(deleted) -> str:
    parts = [
        _count(deleted.profiles, "saved profile", "saved profiles"),
        _count(deleted.recommendations, "set of recommendations", "sets of recommendations"),
        _count(deleted.reports, "counselor report", "counselor reports"),
    ]
    if deleted.tracker_events is None:
        parts.append("our conversation history")
    else:
        parts.append(f"our conversation history ({_count(deleted.tracker_events, 'stored event', 'stored events')})")
    return ("Done. I deleted " + ", ".join(parts[:-1]) + " and " + parts[-1] + ". "
            "Your next message starts a completely new conversation.")


class ActionForgetMe(Action):
    def name(self) -> Text:
        return ASK_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        # Inside the intake a rule pauses the form first (action_deactivate_loop);
        # "get career advice" resumes it with the answers so far.
        dispatcher.utter_message(text=CONFIRM_QUESTION, buttons=[YES_BUTTON, NO_BUTTON])
        return []


class ActionAnswerForgetMe(Action):
    def name(self) -> Text:
        return ANSWER_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        from careerpath.userdata import StorageUnavailable, forget_sender

        if latest_intent(tracker) != "affirm":
            dispatcher.utter_message(text=KEPT)
            return []
        try:
            deleted = forget_sender(channel_of(tracker), tracker.sender_id)
        except StorageUnavailable:  # logged once by careerpath.userdata; nothing was deleted
            dispatcher.utter_message(text=UNAVAILABLE)
            return []
        dispatcher.utter_message(text=deletion_summary(deleted))
        return [Restarted()]
