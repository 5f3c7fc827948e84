"""A student asks to talk to a counselor: ``handoff_form`` and the actions around it.

``action_handoff_start`` clears what an earlier request left; in guided mode it only says
that the counselor is already there (rules in data/rules/handoff.yml then resume the
session instead of starting the form). ``validate_handoff_form`` reads every answer with
careerpath.conversation.handoff and never rejects the form, so what the student types at
the name or contact step is taken as an answer (or re-asked), not as a new question.
``action_handoff_submit`` stores the request, or says why nothing was stored.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation import handoff

from .common import (
    REQUESTED_SLOT,
    advice_for,
    advice_state,
    answers_of,
    catalog,
    latest_intent,
    latest_text,
    profile_of,
    send,
)
from .forms import user_just_spoke
from .guided import in_guided_mode
from .returning import channel_of

FORM = "handoff_form"


def handoff_state(tracker: Tracker) -> dict[str, Any]:
    state = tracker.get_slot(handoff.STATE_SLOT)
    return state if isinstance(state, dict) else {}


def cleared_handoff_events() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in (*handoff.STEPS, handoff.STATE_SLOT)]


def top_role_names(tracker: Tracker) -> list[str]:
    """The roles the student was shown first; without any, the best ones for the profile
    so far (nothing when no question was answered)."""
    kb = catalog()
    shown = advice_state(tracker).get("shown_roles") or []
    if shown:
        names = [kb.roles[role].name for role in shown if role in kb.roles]
    else:
        profile = profile_of(tracker)
        if profile.is_empty():
            return []
        names = [rec.name for rec in advice_for(profile, kb).recommendations]
    return names[: handoff.MAX_TOP_ROLES]


class ActionHandoffStart(Action):
    def name(self) -> str:
        return "action_handoff_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if in_guided_mode(tracker):
            send(dispatcher, tracker, [handoff.counselor_present()])
            return []
        return cleared_handoff_events()


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if in_guided_mode(tracker):  # the rules keep guided sessions out; this is a backstop
            return [
                SlotSet(handoff.STATE_SLOT, {"failures": 0, "ended": handoff.GUIDED}),
                SlotSet(REQUESTED_SLOT, None),
            ]
        if tracker.active_loop.get("name") != FORM or not user_just_spoke(tracker):
            return []  # activation: nothing to read yet, the first question comes
        turn = handoff.HandoffTurn(
            text=latest_text(tracker),
            intent=latest_intent(tracker),
            step=tracker.get_slot(REQUESTED_SLOT),
            failures=int(handoff_state(tracker).get("failures") or 0),
        )
        result = handoff.interpret(turn)
        for message in result.messages:
            dispatcher.utter_message(text=message)
        events = [SlotSet(slot, value) for slot, value in result.slots.items()]
        events.append(SlotSet(handoff.STATE_SLOT, result.state()))
        if result.ended:
            events.append(SlotSet(REQUESTED_SLOT, None))  # ends the form early
        return events


class AskHandoffStep(Action, ABC):
    """``action_ask_<step>``; abstract (no ``name``) so only the three steps get registered."""

    step = ""

    @abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        failures = int(handoff_state(tracker).get("failures") or 0)
        send(dispatcher, tracker, [handoff.question(self.step, failures)])
        return []


class ActionAskHandoffConsent(AskHandoffStep):
    step = handoff.CONSENT_SLOT

    def name(self) -> str:
        return "action_ask_handoff_consent"


class ActionAskHandoffName(AskHandoffStep):
    step = handoff.NAME_SLOT

    def name(self) -> str:
        return "action_ask_handoff_name"


class ActionAskHandoffContact(AskHandoffStep):
    step = handoff.CONTACT_SLOT

    def name(self) -> str:
        return "action_ask_handoff_contact"


class ActionHandoffSubmit(Action):
    def name(self) -> str:
        return "action_handoff_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reason = handoff_state(tracker).get("ended")
        name = tracker.get_slot(handoff.NAME_SLOT)
        contact = tracker.get_slot(handoff.CONTACT_SLOT)
        consent = tracker.get_slot(handoff.CONSENT_SLOT) == handoff.CONSENT_GIVEN
        if reason or not (consent and name and contact):
            said = handoff.ended(reason or handoff.CANCELLED)
            if said is not None:
                send(dispatcher, tracker, [said])
            return cleared_handoff_events()
        send(dispatcher, tracker, [self._store(tracker, name, contact)])
        return cleared_handoff_events()

    @staticmethod
    def _store(tracker: Tracker, name: str, contact: str):
        from careerpath.handoff import request_handoff
        from careerpath.userdata import StorageUnavailable

        roles = top_role_names(tracker)
        try:
            stored = request_handoff(
                channel=channel_of(tracker),
                sender=tracker.sender_id,
                name=name,
                contact=contact,
                summary=handoff.summary_text(answers_of(tracker), roles),
                top_roles=roles,
            )
        except StorageUnavailable:  # logged by the library; nothing was stored
            return handoff.not_saved()
        reach = stored.phone or stored.email or contact
        return handoff.confirmation(stored.name, reach, updated=_was_open_before(stored))


def _was_open_before(stored) -> bool:
    """A request made earlier and still open was updated rather than a new one queued."""
    return stored.created_at != stored.updated_at
