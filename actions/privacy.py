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

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation.reply import catalog_button
from careerpath.conversation.yes_no import says_yes
from careerpath.wording import plural, text

from .common import latest_intent, latest_text
from .returning import channel_of

ASK_ACTION = "action_forget_me"
ANSWER_ACTION = "action_answer_forget_me"  # the tracker store keys on this name + Restarted


def deletion_summary(deleted) -> str:
    parts = [
        plural("privacy.profiles", deleted.profiles),
        plural("privacy.recommendations", deleted.recommendations),
        plural("privacy.reports", deleted.reports),
    ]
    if deleted.tracker_events is None:
        parts.append(text("privacy.history"))
    else:
        parts.append(plural("privacy.history_events", deleted.tracker_events))
    return text("privacy.deleted", items=", ".join(parts[:-1]), last=parts[-1])


class ActionForgetMe(Action):
    def name(self) -> str:
        return ASK_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        # Inside the intake a rule pauses the form first (action_deactivate_loop);
        # "get career advice" resumes it with the answers so far.
        dispatcher.utter_message(
            text=text("privacy.confirm"),
            buttons=[
                catalog_button("button.delete_yes", "/affirm"),
                catalog_button("button.delete_no", "/deny"),
            ],
        )
        return []


class ActionAnswerForgetMe(Action):
    def name(self) -> str:
        return ANSWER_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        from careerpath.userdata import StorageUnavailable, forget_sender

        if latest_intent(tracker) != "affirm":
            dispatcher.utter_message(text=text("privacy.kept"))
            return []
        if not says_yes(latest_text(tracker), "affirm"):
            # "what" or "x" that the classifier took for a yes: nothing is deleted on a guess
            dispatcher.utter_message(text=text("privacy.not_confirmed"))
            return []
        try:
            deleted = forget_sender(channel_of(tracker), tracker.sender_id)
        except StorageUnavailable:  # logged once by careerpath.userdata; nothing was deleted
            dispatcher.utter_message(text=text("privacy.unavailable"))
            return []
        dispatcher.utter_message(text=deletion_summary(deleted))
        return [Restarted()]
