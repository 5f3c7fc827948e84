"""The intake form: validation of every answer, and the questions that ask for them."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath import wording
from careerpath.conversation import ask_limit, free_text, intake, phrases, questions
from careerpath.conversation.handoff import handoff_button
from careerpath.conversation.reply import Reply

from . import guided
from .common import (
    FAILURES_SLOT,
    PROFILE_SLOT,
    READ_FREE_TEXT,
    answers_of,
    catalog,
    latest_intent,
    latest_text,
    profile_of,
    send,
)
from .intake_turn import extract, turn_from

ACTION_LISTEN = "action_listen"
# Actions after which the user's latest words are still unread by the form: listening, and
# the hand-over of a profile statement made outside the intake (ActionReadFreeText).
UNREAD_AFTER = (ACTION_LISTEN, READ_FREE_TEXT)
YES_OR_NO = ("affirm", "deny")


def _interruption_counted(tracker: Tracker, turn: intake.Turn) -> intake.Turn:
    """The turn with the interruption counted as one more ask of the open question. The
    answering actions count theirs (``knowledge.asked_again_in_intake``); a plain reply of a
    rule ("hi" -> ``utter_greet_again``, "help" -> ``utter_help``) has not, or "hi" three
    times would bring the same question three times in a row."""
    if not _interrupting_action(tracker).startswith("utter_"):
        return turn
    failures = intake.after_question_in_between(turn.requested_slot, turn.failures)
    return dataclasses.replace(turn, failures=failures)


def _interrupting_action(tracker: Tracker) -> str:
    """The action that ran before the form (ran or resumed); "" when none."""
    actions = [event.get("name") for event in tracker.events if event.get("event") == "action"]
    if not actions:
        return tracker.latest_action_name or ""
    if actions[-1] == tracker.active_loop.get("name"):
        actions = actions[:-1]
    return str(actions[-1]) if actions else ""


def user_just_spoke(tracker: Tracker) -> bool:
    """Did the user say something the form has not read yet?

    Rasa validates a form on a temporary tracker that ends with ``ActionExecuted(<form>)``
    (rasa/core/actions/forms.py ``_temporary_tracker``), so ``latest_action_name`` is the
    form itself; the action before it tells: ``action_listen`` = new user words (and so
    does ``action_read_free_text``, which hands a profile statement over to the form).
    """
    return _interrupting_action(tracker) in UNREAD_AFTER


class ValidateProfileForm(FormValidationAction):
    """Reads every answer with our KB-driven extractor.

    ``run`` is overridden instead of one ``extract_<slot>``/``validate_<slot>`` pair per
    slot because one message can answer several questions ("B.Com grad, know Tally, want a
    stable job"): the extractor runs once per message and ``intake.interpret`` decides
    every slot together. Returning no events for a question ("what is KPO?") makes Rasa
    reject the form, so the interruption rules answer and then resume the form.
    """

    def name(self) -> str:
        return "validate_profile_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        spoke = user_just_spoke(tracker)
        if guided.in_report_step(tracker):
            events = guided.validate_report_step(dispatcher, tracker, spoke)
        else:
            events = self._intake_events(dispatcher, tracker)
        if spoke and not events:
            return []  # not an answer (a question): Rasa rejects the form, the rules answer
        tracker.add_slots(events)
        skipped_role = guided.role_step_without_roles(tracker)
        tracker.add_slots(skipped_role)
        # With required_slots() differing from the domain's list (guided mode), rasa_sdk names
        # the next empty one; in student mode it returns None and Rasa picks the next question.
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        return [*events, *skipped_role, *([next_slot] if next_slot else [])]

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        ordered = intake.question_order(domain_slots, answers_of(tracker), profile_of(tracker))
        return guided.required_slots(ordered, tracker)

    def _intake_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[dict[str, Any]]:
        kb = catalog()
        turn = turn_from(tracker)
        asked = ask_limit.asking_turns(tracker.events, turn.requested_slot)
        if not user_just_spoke(tracker):
            # Back from an interruption or a fresh start: no new user words to read, but a
            # question already asked twice in a row is not asked a third time.
            counted = _interruption_counted(tracker, turn)
            moved_on = intake.after_interruption(counted, kb) or ask_limit.instead_of_asking_again(
                counted, asked, kb
            )
            if moved_on is None:
                if counted.failures == turn.failures:
                    return []
                return [SlotSet(FAILURES_SLOT, counted.failures)]
            result = moved_on
        else:
            extraction = extract(turn.text, kb, expect=turn.requested_slot)
            result = ask_limit.within_limit(turn, intake.interpret(turn, extraction, kb), asked, kb)
        if not result.handled:
            return []
        if result.messages:  # one message: the acknowledgement with its notes
            send(dispatcher, tracker, [_intake_reply(result, tracker)])
        events = [SlotSet(slot, value) for slot, value in result.slots.items()]
        events.append(SlotSet(PROFILE_SLOT, result.profile))
        events.append(SlotSet(FAILURES_SLOT, result.failures))
        return events


def _intake_reply(result: intake.IntakeResult, tracker: Tracker) -> Reply:
    """The intake's message; to a student who does not know what they want, also the way to
    a counselor (not when a counselor already runs the session)."""
    said = "\n".join(result.messages)
    if result.offer_counselor and not guided.in_guided_mode(tracker):
        return Reply(
            text=f"{said} {wording.text('intake.discovery_counselor')}", buttons=[handoff_button()]
        )
    return Reply(text=said)


class AskForSlotAction(Action, ABC):
    """``action_ask_<slot>``: the question, with examples / buttons / Skip after failures.

    Abstract (no ``name``) so the action server registers only the five subclasses.
    """

    slot: str = ""

    @abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if not guided.ask_guided(dispatcher, tracker, self.slot):
            send(
                dispatcher,
                tracker,
                [
                    questions.question(
                        self.slot,
                        catalog(),
                        tracker.get_slot(FAILURES_SLOT),
                        answers_of(tracker),
                        field=profile_of(tracker).field,  # picks the skills offered
                    )
                ],
            )
        return []


class ActionAskEducation(AskForSlotAction):
    slot = "education"

    def name(self) -> str:
        return "action_ask_education"


class ActionAskSkills(AskForSlotAction):
    slot = "skills"

    def name(self) -> str:
        return "action_ask_skills"


class ActionAskGoals(AskForSlotAction):
    slot = "goals"

    def name(self) -> str:
        return "action_ask_goals"


class ActionAskInterests(AskForSlotAction):
    slot = "interests"

    def name(self) -> str:
        return "action_ask_interests"


class ActionAskPreferences(AskForSlotAction):
    slot = "preferences"

    def name(self) -> str:
        return "action_ask_preferences"


class ActionAskExperience(AskForSlotAction):
    slot = "experience"

    def name(self) -> str:
        return "action_ask_experience"


class ActionReadFreeText(Action):
    """A message no intent fits (an off-topic one, or a yes or no with nothing asked) outside
    the intake.

    When it tells us about the person ("I did BA in history, I don't know what I want to
    do") the intake form takes it over and reads it (``user_just_spoke`` counts this action
    as not having read the words), then asks what is still missing. Anything else gets the
    way forward of its intent's response: what kind of message helps, with buttons.
    """

    def name(self) -> str:
        return READ_FREE_TEXT

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text, intent = latest_text(tracker), latest_intent(tracker)
        extraction = extract(text, catalog())
        if intent in YES_OR_NO:  # "12th" or "10th" read as a yes: facts, not a yes
            about_person = free_text.states_facts(extraction)
        else:
            about_person = free_text.tells_about_person(text, extraction)
        if about_person:
            return [FollowupAction("profile_form")]
        if intent in YES_OR_NO:
            dispatcher.utter_message(response="utter_what_next")
            return []
        off_topic = intent == "out_of_scope"
        if not off_topic and phrases.looks_like_question(phrases.plain(text)):
            # A question the classifier could not place: the FAQ search answers it or says
            # honestly that it has no answer, with the nearest questions.
            from .knowledge import ActionAnswerFaq

            return await ActionAnswerFaq().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_out_of_scope" if off_topic else "utter_default")
        return []
