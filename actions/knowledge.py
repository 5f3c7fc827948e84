"""Answers from the knowledge base: questions about roles and FAQs, BPO-vs-KPO, why we ask."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation import answering, free_text, intake, phrases, questions, replies
from careerpath.conversation.reply import Reply
from careerpath.conversation.role_lookup import mentioned_track_words

from .common import (
    FAILURES_SLOT,
    READ_FREE_TEXT,
    REQUESTED_SLOT,
    advice_state,
    catalog,
    display_catalog,
    latest_intent,
    latest_text,
    send,
)

# The role types the last answer was about: "and its salary?", "tell me more" point here.
DISCUSSED_SLOT = "discussed_roles"


def _in_intake(tracker: Tracker) -> bool:
    return bool(tracker.active_loop_name)


def question_context(tracker: Tracker) -> answering.Context:
    """What the conversation points at: the roles on the cards and the last role answer."""
    discussed = tracker.get_slot(DISCUSSED_SLOT)
    return answering.Context(
        shown=tuple(advice_state(tracker).get("shown_roles") or ()),
        last=tuple(discussed) if isinstance(discussed, list) else (),
        in_intake=_in_intake(tracker),
    )


def answer_events(answer: answering.Answer) -> list[dict[str, Any]]:
    """Remembers the roles an answer was about (other answers leave the memory alone)."""
    return [SlotSet(DISCUSSED_SLOT, list(answer.roles))] if answer.known and answer.roles else []


def answer_to_latest(tracker: Tracker, kb) -> answering.Answer:
    """The answer to the user's latest message read as a question (not sent yet), in the
    conversation's language."""
    return answering.answer_question(
        latest_text(tracker),
        kb,
        question_context(tracker),
        intent=latest_intent(tracker),
        display=display_catalog(),
    )


class ActionAnswerFaq(Action):
    """Any knowledge question: a role type, two side by side, a follow-up, a FAQ."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kb = catalog()
        if not latest_text(tracker):  # the "Ask about BPO / KPO" button
            send(dispatcher, tracker, [replies.faq_menu(kb)])
            return []
        answer = answer_to_latest(tracker, kb)
        if not answer.known and _tells_about_person(tracker, kb):
            # "मैंने बी.कॉम किया है" taken for a question: a statement about the person, which
            # the intake reads (through action_read_free_text, so the form sees it unread).
            return [FollowupAction(READ_FREE_TEXT)]
        send(dispatcher, tracker, [answer.reply])
        return answer_events(answer) + asked_again_in_intake(tracker)


def _tells_about_person(tracker: Tracker, kb) -> bool:
    """Outside the intake, a message that is no question and states facts about the person."""
    said = latest_text(tracker)
    if _in_intake(tracker) or phrases.looks_like_question(phrases.plain(said)):
        return False
    from careerpath.profiling import extract  # spaCy: loaded on first use

    return free_text.tells_about_person(said, extract(said, kb))


def no_role_in_view(tracker: Tracker, shown: list[str], kb) -> Reply:
    """ "tell me more" when no role is in view: inside the intake, more about the open
    question (asking "which role?" there would be a second question next to it); else
    which role, with buttons."""
    slot = tracker.get_slot(REQUESTED_SLOT) if _in_intake(tracker) else None
    if slot and not shown:
        return Reply(text=questions.why_we_ask(slot))
    return replies.which_role(shown, kb)


def asked_again_in_intake(tracker: Tracker) -> list[dict[str, Any]]:
    """In the intake, a question in between counts as one more ask of the open question,
    which comes back right after it (see intake.after_question_in_between): no question
    is asked a third time in a row, however many questions come in between."""
    if not _in_intake(tracker):
        return []
    failures = intake.after_question_in_between(
        tracker.get_slot(REQUESTED_SLOT), tracker.get_slot(FAILURES_SLOT)
    )
    return [SlotSet(FAILURES_SLOT, failures)]


class ActionCompareTracks(Action):
    def name(self) -> str:
        return "action_compare_tracks"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kb = catalog()
        if latest_text(tracker):  # "compare customer support and tech support": two roles
            answer = answer_to_latest(tracker, kb)
            if answer.kind == answering.COMPARISON or (
                answer.kind == answering.ROLE
                and len(mentioned_track_words(latest_text(tracker))) < 2
            ):
                send(dispatcher, tracker, [answer.reply])
                return answer_events(answer) + asked_again_in_intake(tracker)
        reply = replies.comparison(display_catalog())
        if _in_intake(tracker):
            reply = Reply(text=reply.text)  # the form asks its question next
        send(dispatcher, tracker, [reply])
        return asked_again_in_intake(tracker)


class ActionExplainWhyAsk(Action):
    def name(self) -> str:
        return "action_explain_why_ask"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        slot = tracker.get_slot(REQUESTED_SLOT) if _in_intake(tracker) else None
        dispatcher.utter_message(text=questions.why_we_ask(slot))
        return asked_again_in_intake(tracker)
