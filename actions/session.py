"""Starting over, pausing the intake, forgetting, and switching modes."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation.intake import SLOTS
from careerpath.wording import text

from .common import REQUESTED_SLOT, cleared_profile_events, profile_of


class ActionStartOver(Action):
    def name(self) -> str:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if not profile_of(tracker).is_empty() or any(tracker.get_slot(slot) for slot in SLOTS):
            dispatcher.utter_message(text=text("session.start_fresh"))
        elif tracker.active_loop_name:
            # "start" typed at the open question: the intake carries on (nothing to clear), so
            # the question's asks keep counting and a third "start" moves on instead of looping.
            dispatcher.utter_message(text=text("session.already_at_start"))
            return []
        else:  # "/start" from a new user
            dispatcher.utter_message(text=text("session.begin"))
        return cleared_profile_events()


class ActionPauseIntake(Action):
    """Stops the form but keeps the answers: "get career advice" later resumes it."""

    def name(self) -> str:
        return "action_pause_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]


# action_forget_me (delete my data, with a confirmation) lives in privacy.py;
# action_guided_mode (the counselor's guided session) in guided.py.
