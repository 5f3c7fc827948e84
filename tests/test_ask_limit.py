"""No question is asked three times in a row, whichever path brings it back: the count comes
from the tracker's own history (careerpath.conversation.ask_limit)."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidateProfileForm
from careerpath.conversation import ask_limit, intake
from careerpath.conversation.readback import SKIPPED
from careerpath.profiling.profile import Profile
from tests.action_support import DOMAIN, make_tracker
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("ask-limit")) as (_url, kb):
        yield kb


def user(text: str = "hmm") -> dict:
    return {"event": "user", "text": text}


def asks(slot: str | None) -> dict:
    return {"event": "slot", "name": "requested_slot", "value": slot}


def answer(slot: str, value: str | None = "12th pass") -> dict:
    return {"event": "slot", "name": slot, "value": value}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def test_turns_that_ended_on_the_question_are_counted_not_the_one_in_progress():
    events = [user(), asks("education"), user(), asks("education"), user()]
    assert ask_limit.asking_turns(events, "education") == 2
    assert ask_limit.asking_turns(events[:3], "education") == 1
    assert ask_limit.asking_turns(events, "skills") == 0


def test_an_answer_or_another_question_breaks_the_run():
    answered = [user(), asks("education"), user(), answer("education"), asks("skills"), user()]
    assert ask_limit.asking_turns(answered, "education") == 0
    assert ask_limit.asking_turns(answered, "skills") == 1
    paused = [user(), asks("education"), user(), asks(None), user(), asks("education"), user()]
    assert ask_limit.asking_turns(paused, "education") == 1


def test_other_facts_do_not_break_the_run_of_the_open_question():
    events = [user(), asks("skills"), user(), answer("goals", "stable job"), user()]
    assert ask_limit.asking_turns(events, "skills") == 2


def test_a_start_over_counts_afresh_only_when_it_cleared_something():
    typed_start = [user(), asks("education"), user(), action("action_start_over"), user()]
    assert ask_limit.asking_turns(typed_start, "education") == 2
    cleared = [user(), answer("education"), asks("skills"), user(), action("action_start_over")]
    cleared += [asks("education"), user()]
    assert ask_limit.asking_turns(cleared, "education") == 1
    restarted = [user(), asks("education"), user(), {"event": "restart"}, user()]
    assert ask_limit.asking_turns(restarted, "education") == 0


def turn(slot: str = "education", profile: Profile | None = None) -> intake.Turn:
    return intake.Turn(
        text="I want career advice",
        intent="ask_career_advice",
        requested_slot=slot,
        answers={},
        profile=profile or Profile(),
    )


def test_a_third_ask_becomes_moving_on_keeping_what_is_known(catalog):
    again = intake.IntakeResult(slots={"education": None})
    assert ask_limit.within_limit(turn(), again, 1, catalog) is again
    moved = ask_limit.within_limit(turn(), again, 2, catalog)
    assert moved.slots == {"education": SKIPPED}
    assert "leave your education" in moved.messages[-1]
    assert moved.failures is None
    knows_field = Profile.from_dict({"field": "commerce"})
    moved = ask_limit.within_limit(
        turn(profile=knows_field), intake.IntakeResult(profile=knows_field.to_dict()), 2, catalog
    )
    assert moved.slots["education"] not in (None, SKIPPED)


def test_answers_and_reopened_questions_are_left_alone(catalog):
    answered = intake.IntakeResult(slots={"education": "12th pass"})
    assert ask_limit.within_limit(turn(), answered, 5, catalog) is answered
    go_back = intake.IntakeResult(slots={"education": None, "skills": None})
    assert ask_limit.within_limit(turn("skills"), go_back, 5, catalog) is go_back
    not_an_answer = intake.IntakeResult(handled=False)
    assert ask_limit.within_limit(turn(), not_an_answer, 5, catalog) is not_an_answer


def test_back_from_an_interruption_the_third_ask_moves_on(catalog):
    assert ask_limit.instead_of_asking_again(turn(), 1, catalog) is None
    moved = ask_limit.instead_of_asking_again(turn(), 2, catalog)
    assert moved is not None and moved.slots == {"education": SKIPPED}


async def test_career_advice_asked_for_a_third_time_moves_the_intake_on():
    """ "I want career advice" at the open question counts no miss (it is no answer), so only
    the history can tell that the question came twice already."""
    tracker = make_tracker(
        "I want career advice",
        intent="ask_career_advice",
        slots={"requested_slot": "education"},
        active_loop="profile_form",
    )
    said_twice = [user("career advice"), asks("education"), user("I want career advice")]
    said_twice += [asks("education")]
    tracker.events[:0] = said_twice
    dispatcher = CollectingDispatcher()
    events = await ValidateProfileForm().run(dispatcher, tracker, DOMAIN)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    assert slots["education"] == SKIPPED
    assert "leave your education" in dispatcher.messages[0]["text"]


def test_in_guided_mode_moving_on_is_said_to_the_counselor(catalog):
    import dataclasses

    again = intake.IntakeResult(slots={"education": None})
    moved = ask_limit.within_limit(dataclasses.replace(turn(), guided=True), again, 2, catalog)
    assert "the student's education" in moved.messages[-1]
