"""Questions inside a profile statement and questions we cannot answer in the middle of the
intake: a question about a role the NLU took for a profile statement is answered (and any
facts in it kept), a question in between is one more ask of the open question, so it
never comes a third time in a row, and the "not sure" reply asks nothing of its own there.
The phrasings are our own, not the realistic corpus's."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidateProfileForm
from actions.knowledge import ActionAnswerFaq
from careerpath.conversation import answering, intake
from tests.action_support import DOMAIN, make_tracker
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("intake-questions")) as (_url, kb):
        yield kb


async def run(action, tracker) -> tuple[str, dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), slots


async def test_a_role_question_read_as_a_statement_is_answered_not_failed(catalog):
    tracker = make_tracker(
        "legal process outsourcing?", intent="inform", slots={"requested_slot": "goals"}
    )
    said, slots = await run(ValidateProfileForm(), tracker)
    assert catalog.roles["legal_process_outsourcing"].name in said
    assert "goals" not in slots and slots["failed_attempts"]["count"] == 0
    # a second one in a row: answered too, and the intake moves on instead of asking again
    again = make_tracker(
        "and r&d kpo?", intent="inform", slots={"requested_slot": "goals", **slots}
    )
    said, slots = await run(ValidateProfileForm(), again)
    assert catalog.roles["research_development_kpo"].name in said
    assert slots["goals"] == intake.SKIPPED


async def test_facts_inside_a_role_question_are_kept_and_the_question_answered(catalog):
    tracker = make_tracker(
        "after my BCom can i become a medical coder?",
        intent="inform",
        slots={"requested_slot": "education"},
    )
    said, slots = await run(ValidateProfileForm(), tracker)
    assert catalog.roles["healthcare_bpo"].name in said
    assert slots["education"] and slots["profile"]["degree"] == "bcom"


async def test_a_role_name_with_its_track_is_answered_even_with_a_skill_in_it(catalog):
    tracker = make_tracker("tech support bpo", slots={"requested_slot": "goals"})
    said, _ = await run(ValidateProfileForm(), tracker)
    assert catalog.roles["technical_support_bpo"].name in said


async def test_a_plain_statement_naming_a_role_is_not_answered_as_a_question(catalog):
    tracker = make_tracker(
        "BCom, worked 2 years in customer support", slots={"requested_slot": "education"}
    )
    said, slots = await run(ValidateProfileForm(), tracker)
    assert slots["education"] and catalog.roles["customer_support_bpo"].description not in said


async def test_two_questions_in_between_move_the_intake_on():
    open_step = {"requested_slot": "goals"}
    unanswerable = "which bank in pune gives the cheapest loan"
    first = make_tracker(
        unanswerable, intent="ask_faq", slots=open_step, active_loop="profile_form"
    )
    _, slots = await run(ActionAnswerFaq(), first)
    failures = slots["failed_attempts"]
    assert failures["slot"] == "goals" and failures["in_between"] == 1
    back = make_tracker(
        unanswerable, latest_action="action_answer_faq", slots={**open_step, **slots}
    )
    assert await run(ValidateProfileForm(), back) == ("", {})  # the question comes again

    second = make_tracker(
        "and the best bike to buy?",
        intent="ask_faq",
        slots={**open_step, **slots},
        active_loop="profile_form",
    )
    _, slots = await run(ActionAnswerFaq(), second)
    back = make_tracker("", latest_action="action_answer_faq", slots={**open_step, **slots})
    said, moved = await run(ValidateProfileForm(), back)
    assert moved["goals"] == intake.SKIPPED or moved["goals"] is not None
    assert said


def test_a_miss_after_a_question_in_between_counts_both():
    failures = intake.after_question_in_between("skills", None)
    turn = intake.Turn(
        text="hmm",
        intent="inform",
        requested_slot="skills",
        answers={},
        profile=intake.Profile(),
        failures=failures,
    )
    assert intake._missed(turn, understood=False)["count"] == 2


def test_not_sure_inside_the_intake_asks_nothing_of_its_own(catalog):
    context = answering.Context(in_intake=True)
    answer = answering.answer_question("best cricket bat under 2000", catalog, context)
    assert answer.kind == answering.UNKNOWN and "?" not in answer.reply.text
    assert answer.reply.buttons  # the nearest questions are still offered


async def test_a_plain_reply_in_between_counts_too():
    """ "hi" or "help" in the middle of the intake gets a plain reply from a rule; twice in a
    row, the open question is not asked a third time."""
    open_step = {"requested_slot": "education"}
    back = make_tracker("hi", latest_action="utter_greet_again", slots=open_step)
    said, slots = await run(ValidateProfileForm(), back)
    assert said == "" and slots["failed_attempts"]["in_between"] == 1  # asked again, counted
    again = make_tracker("hello", latest_action="utter_help", slots={**open_step, **slots})
    said, moved = await run(ValidateProfileForm(), again)
    assert said and "education" in moved  # left for later, with a word saying so
