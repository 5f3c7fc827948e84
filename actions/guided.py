"""The counselor's guided mode on top of the student intake.

``channel_mode`` = "guided" switches the same ``profile_form`` into eight steps: the six
intake questions (asked by the ``action_ask_<slot>`` actions through :func:`ask_guided`),
then ``report_role`` and ``counselor_note``, which the form requires only in guided mode
(:func:`required_slots`, called by the form's ``required_slots``) and which
:func:`validate_report_step` validates. When the form ends, ``action_guided_report`` (rule in
data/rules/guided.yml) builds the report, saves it and shows its reference code.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation import ask_limit, free_text, guided, intake, phrases
from careerpath.counseling import bind_from_metadata, owner_of, report_saved
from careerpath.counseling.tickets import clean_student_name
from careerpath.senders import TELEGRAM_CHANNEL
from careerpath.wording import current_language, text

from .common import (
    ADVICE_STATE_SLOT,
    FAILURES_SLOT,
    PROFILE_SLOT,
    REQUESTED_SLOT,
    advice_for,
    catalog,
    cleared_profile_events,
    display_catalog,
    latest_entities,
    latest_intent,
    latest_text,
    output_channel,
    profile_of,
    send,
)
from .intake_turn import extract, turn_from
from .returning import channel_of

# Intents that answer a guided step; any other (a question such as "what is KPO?") makes the
# form reject, so the interruption rules answer it and the step is asked again.
_STEP_ANSWER_INTENTS = intake.ANSWER_INTENTS


def in_guided_mode(tracker: Tracker) -> bool:
    return guided.is_guided(tracker.get_slot(guided.MODE_SLOT))


def guided_answers(tracker: Tracker) -> dict[str, str | None]:
    return {slot: tracker.get_slot(slot) for slot in guided.STEPS}


# ---- asking ------------------------------------------------------------------------------------
def ask_guided(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str) -> bool:
    """Asks ``slot`` the guided way when the counselor runs the session; False in student mode."""
    if not in_guided_mode(tracker):
        return False
    failures = tracker.get_slot(FAILURES_SLOT)
    field = profile_of(tracker).field  # picks the skills offered
    send(dispatcher, tracker, [guided.question(slot, catalog(), failures, field)])
    return True


class ActionAskReportRole(Action):
    def name(self) -> str:
        return "action_ask_report_role"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        profile = profile_of(tracker)
        # The buttons send the English names the step reads; the student reads their language.
        worded = advice_for(profile, display_catalog())
        step = guided.role_step(advice_for(profile, catalog()), worded, not _card_in_view(tracker))
        send(dispatcher, tracker, [step])
        return []


def _card_in_view(tracker: Tracker) -> bool:
    """The role step ended the turn before and this turn changed no answer: the card sent
    then is still right above, so it is not sent again."""
    if ask_limit.asking_turns(tracker.events, guided.ROLE_SLOT) == 0:
        return False
    this_turn = list(
        itertools.takewhile(lambda e: e.get("event") != "user", reversed(tracker.events))
    )
    return not any(e.get("event") == "slot" and e.get("name") == PROFILE_SLOT for e in this_turn)


class ActionAskCounselorNote(Action):
    def name(self) -> str:
        return "action_ask_counselor_note"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, tracker, [guided.note_step()])
        return []


# ---- the form's steps (called by validate_profile_form) ------------------------------------------
def required_slots(domain_slots: list[str], tracker: Tracker) -> list[str]:
    """The domain's five answers; in guided mode also the role for the report and the note."""
    if not in_guided_mode(tracker):
        return domain_slots
    return [*domain_slots, *guided.REPORT_SLOTS]


def role_step_without_roles(tracker: Tracker) -> list[dict[str, Any]]:
    """Nothing ranked for this profile (e.g. every answer skipped): the role step is answered
    "skipped" at once, and the report shows first steps instead of a growth path."""
    if not in_guided_mode(tracker) or tracker.get_slot(guided.ROLE_SLOT) is not None:
        return []
    if any(tracker.get_slot(slot) is None for slot in intake.SLOTS):
        return []
    return (
        []
        if _ranked_roles(tracker.get_slot(PROFILE_SLOT))
        else [SlotSet(guided.ROLE_SLOT, guided.SKIPPED)]
    )


def in_report_step(tracker: Tracker) -> bool:
    return in_guided_mode(tracker) and tracker.get_slot(REQUESTED_SLOT) in guided.REPORT_SLOTS


def validate_report_step(
    dispatcher: CollectingDispatcher, tracker: Tracker, user_spoke: bool
) -> list[dict[str, Any]]:
    if not user_spoke:  # back from an interruption: the form asks the open step again
        return []
    if tracker.get_slot(REQUESTED_SLOT) == guided.ROLE_SLOT:
        return _role_answer(dispatcher, tracker)
    return _note_answer(dispatcher, tracker)


def _ranked_roles(profile: dict[str, Any] | None) -> list[str]:
    from careerpath.profiling.profile import Profile

    return [
        rec.role_type
        for rec in advice_for(Profile.from_dict(profile or {}), catalog()).recommendations
    ]


def _role_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    kb = catalog()
    intent, answer = latest_intent(tracker), latest_text(tracker)
    ranked = _ranked_roles(tracker.get_slot(PROFILE_SLOT))
    role = guided.chosen_role(answer, latest_entities(tracker), ranked, kb)
    if role is None and intent == "go_back":
        return _go_back(dispatcher, tracker)
    if role is None and intent == "skip":
        role = ranked[0] if ranked else guided.SKIPPED
    if role is None:
        late_facts = _late_profile_statement(dispatcher, tracker)
        if late_facts:
            return late_facts
        if intent not in _STEP_ANSWER_INTENTS and intent != "ask_role_details":
            return []  # a question: the interruption rules answer it, then the step returns
        if ask_limit.asking_turns(tracker.events, guided.ROLE_SLOT) < intake.MAX_ASKS:
            dispatcher.utter_message(text=guided.role_retry())
            return [SlotSet(guided.ROLE_SLOT, None)]
        # Asked twice already: the top match, said so (Back changes it), not a third ask.
        role = ranked[0] if ranked else guided.SKIPPED
        if role in kb.roles:
            name = display_catalog().roles[role].name
            dispatcher.utter_message(text=text("guided.role_defaulted", role=name))
        return [SlotSet(guided.ROLE_SLOT, role)]
    if role in kb.roles:
        name = display_catalog().roles[role].name  # in the conversation's language
        dispatcher.utter_message(text=text("guided.role_chosen", role=name))
    return [SlotSet(guided.ROLE_SLOT, role)]


def _late_profile_statement(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """Facts about the student typed at the role step ("1 yr accounts assistant in a CA
    office"): kept like any answer, and the roles offered again for the updated profile."""
    kb = catalog()
    said = latest_text(tracker)
    if phrases.looks_like_question(phrases.plain(said)):
        return []
    extraction = extract(said, kb)
    if not free_text.states_facts(extraction):
        return []
    turn = dataclasses.replace(turn_from(tracker), requested_slot=None)
    result = intake.interpret(turn, extraction, kb)
    if not result.handled:
        return []
    if result.messages:
        dispatcher.utter_message(text="\n".join(result.messages))
    events = [SlotSet(slot, value) for slot, value in result.slots.items()]
    return [*events, SlotSet(PROFILE_SLOT, result.profile), SlotSet(guided.ROLE_SLOT, None)]


def _go_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Back from a report step, with the same go-back as the intake (over all eight steps)."""
    result = intake.go_back(
        tracker.get_slot(REQUESTED_SLOT),
        guided_answers(tracker),
        profile_of(tracker),
        steps=guided.STEPS,
        name=guided.going_back,
    )
    for message in result.messages:
        dispatcher.utter_message(text=message)
    return [
        *(SlotSet(slot, value) for slot, value in result.slots.items()),
        SlotSet(PROFILE_SLOT, result.profile),
        SlotSet(FAILURES_SLOT, result.failures),
    ]


def _note_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    answer = guided.read_note(latest_text(tracker), latest_intent(tracker))
    if answer.kind == "back":
        return _go_back(dispatcher, tracker)
    if answer.kind == "skip":
        return [SlotSet(guided.NOTE_SLOT, guided.SKIPPED)]
    return [SlotSet(guided.NOTE_SLOT, (answer.text or "")[: guided.MAX_NOTE_CHARS])]


# ---- entering and finishing ----------------------------------------------------------------------
def named_student(tracker: Tracker) -> str | None:
    """The student's name the counselor gave when this session started (the web widget asks
    for it, optionally, and sends it as ``student_name`` metadata with ``/guided_mode``)."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != "guided_mode" and event.get("text") != "/guided_mode":
            continue
        metadata = event.get("metadata")
        name = metadata.get("student_name") if isinstance(metadata, dict) else None
        return (clean_student_name(name) or None) if isinstance(name, str) else None
    return None


class ActionGuidedMode(Action):
    """``/guided_mode``: a fresh counselor session (the form starts by rule)."""

    def name(self) -> str:
        return "action_guided_mode"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, tracker, [guided.intro()])
        # Opened from the counselor workspace: the ticket binds this chat to the counselor.
        await asyncio.to_thread(
            bind_from_metadata,
            tracker.latest_message.get("metadata"),
            channel_of(tracker),
            tracker.sender_id,
        )
        return [*cleared_profile_events(), SlotSet(guided.MODE_SLOT, guided.GUIDED)]


class ActionGuidedReport(Action):
    """End of a guided session: build the report, save it, show its reference code."""

    def name(self) -> str:
        return "action_guided_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        from careerpath.reports import build_report
        from careerpath.userdata import StorageUnavailable, new_report_code, save_report

        kb = display_catalog()  # the report is written in the conversation's language
        profile = profile_of(tracker)
        advice = advice_for(profile, kb)
        role = tracker.get_slot(guided.ROLE_SLOT)
        role = role if role in kb.roles else None
        note = tracker.get_slot(guided.NOTE_SLOT)
        note = None if note in (None, guided.SKIPPED) else note
        # Charts and the database are blocking work: keep the action server's loop free.
        owner = await asyncio.to_thread(owner_of, channel_of(tracker), tracker.sender_id)
        student = owner.student_name if owner else named_student(tracker)

        def build(reference):
            return build_report(
                profile,
                advice,
                kb,
                note=note,
                chosen_role=role,
                reference=reference,
                student=student,
                language=current_language(),
            )

        code = new_report_code()
        report = await asyncio.to_thread(build, code)
        try:
            await asyncio.to_thread(
                save_report,
                channel=channel_of(tracker),
                sender=tracker.sender_id,
                counselor=owner.counselor if owner else None,
                profile=profile.to_dict(),
                advice=advice.to_dict(),
                markdown=report.markdown,
                html=report.html,
                note=note,
                code=code,
            )
        except StorageUnavailable:  # logged once by careerpath.userdata
            # The unsaved code would lead nowhere: hand over the report without it.
            unsaved = await asyncio.to_thread(build, None)
            send(dispatcher, tracker, guided.report_not_saved(unsaved.markdown))
            return self._finished(profile, advice)
        if owner:
            await asyncio.to_thread(report_saved, channel_of(tracker), tracker.sender_id, code)
        link = guided.report_link(code, os.environ.get(guided.PUBLIC_URL_ENV))
        growth = report.content.growth
        saved = guided.report_saved(code, link, growth.role_name if growth else None)
        if output_channel(tracker) == TELEGRAM_CHANNEL:
            # A link to the server means a sign-in there; on a phone the report itself is
            # what a counselor can open: the Telegram channel sends it as a file.
            dispatcher.utter_message(
                json_message={"type": "report_document", "code": code, "buttons": saved.buttons}
            )
        else:
            send(dispatcher, tracker, [saved])
        return self._finished(profile, advice)

    @staticmethod
    def _finished(profile, advice) -> list[dict[str, Any]]:
        """Ready for the next session; follow-ups ("what should they learn?") see the matches."""
        shown = [rec.role_type for rec in advice.recommendations[: guided.TOP]]
        state = {"profile": profile.to_dict(), "shown": len(shown), "shown_roles": shown}
        return [
            SlotSet(ADVICE_STATE_SLOT, state),
            *[SlotSet(slot, None) for slot in guided.REPORT_SLOTS],
        ]
