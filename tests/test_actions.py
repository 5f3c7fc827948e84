"""The intake form's validation (validate_profile_form), run with a real rasa_sdk Tracker and
CollectingDispatcher against the real knowledge base (in a temporary SQLite database) and
real spaCy; the other actions are in test_actions_*.py."""

from __future__ import annotations

import pytest

from actions.forms import (
    ActionAskEducation,
    ActionAskGoals,
    ActionAskSkills,
    ValidateProfileForm,
)
from careerpath import wording
from careerpath.conversation import intake
from tests.action_support import (
    BPO_PROFILE,
    joined,
    make_tracker,
    profile_slots,
    run,
)
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    """The real catalog in a throw-away database; the actions load it themselves."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("actions")) as (_url, kb):
        yield kb


# ---- validate_profile_form ---------------------------------------------------------------
async def test_one_message_fills_three_answers():
    tracker = make_tracker(
        "I'm a B.Com grad, know Tally and Excel, want a stable job quickly", intent="inform"
    )
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert {"education", "skills", "goals"} <= set(slots)
    assert "B.Com" in slots["education"]
    assert "Tally" in slots["skills"] and "MS Excel" in slots["skills"]
    assert "stable" in slots["goals"].lower()
    assert slots["profile"]["degree"] == "bcom"
    assert "Got it" in joined(messages)
    assert "preferences" not in slots and "experience" not in slots


async def test_answer_to_the_open_question_fills_it_and_clears_failures():
    tracker = make_tracker(
        "I know SQL and Power BI",
        slots={
            "requested_slot": "skills",
            "education": "B.Tech",
            "failed_attempts": {"slot": "skills", "count": 1},
        },
    )
    _, slots = await run(ValidateProfileForm(), tracker)
    assert "SQL" in slots["skills"]
    assert slots["failed_attempts"] is None


async def test_an_unclear_answer_is_asked_again_once_with_an_example_buttons_and_skip():
    form = ValidateProfileForm()
    tracker = make_tracker("blorfing", slots={"requested_slot": "education"})
    _, slots = await run(form, tracker)
    assert slots["education"] is None  # re-asked, not rejected
    assert slots["failed_attempts"]["count"] == 1

    messages, _ = await run(
        ActionAskEducation(), make_tracker(slots={"failed_attempts": slots["failed_attempts"]})
    )
    assert "12th pass" in joined(messages)  # what kind of answer helps, with an example
    assert "blorfing" not in joined(messages)  # never quoted back
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert "/skip" in payloads
    assert len(payloads) >= 4


async def test_after_a_second_miss_the_intake_keeps_what_it_has_and_moves_on():
    form = ValidateProfileForm()
    tracker = make_tracker(
        "qwerty zxcv",
        intent="nlu_fallback",
        slots={"requested_slot": "education", "failed_attempts": {"slot": "education", "count": 1}},
    )
    messages, slots = await run(form, tracker)
    assert slots["education"] == intake.SKIPPED
    assert slots["failed_attempts"] is None
    assert "education" in joined(messages) and "qwerty" not in joined(messages)


async def test_answering_another_question_twice_moves_on_from_the_open_one():
    form = ValidateProfileForm()
    first = make_tracker(
        "I can work night shifts", slots={"requested_slot": "goals", "education": "B.Com"}
    )
    messages, slots = await run(form, first)
    assert slots["goals"] is None and slots["preferences"]
    assert slots["failed_attempts"] == {
        "slot": "goals",
        "count": 1,
        "understood_other": True,
        "off_topic": False,
    }
    asked, _ = await run(
        ActionAskGoals(), make_tracker(slots={"failed_attempts": slots["failed_attempts"]})
    )
    assert "couldn't" not in joined(asked)  # we did understand something: no apology

    second = make_tracker(
        "2 years in a call centre",
        slots={"requested_slot": "goals", "failed_attempts": slots["failed_attempts"]},
    )
    messages, slots = await run(form, second)
    assert slots["goals"] == intake.SKIPPED and slots["experience"]
    assert "goals" in joined(messages)  # says that it moves on


async def test_the_interests_question_is_not_insisted_on_when_something_else_comes():
    tracker = make_tracker("fresher", slots={"requested_slot": "interests"})
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["experience"] and slots["interests"] == intake.SKIPPED


@pytest.mark.parametrize(
    "text, intent",
    [
        ("I repair laptops and set up wifi routers", "ask_role_details"),
        ("fixing phones, setting up routers", "ask_faq"),
    ],
)
async def test_a_described_skill_read_as_a_question_is_still_an_answer(text, intent):
    tracker = make_tracker(text, intent=intent, slots={"requested_slot": "skills"})
    _messages, slots = await run(ValidateProfileForm(), tracker)
    assert "skills" in slots  # answered, or asked again: never rejected into "which role?"


@pytest.mark.parametrize(
    "text, intent, entities",
    [
        ("is bpo good for freshers", "ask_faq", ()),
        ("LPO salary", "ask_role_details", ({"entity": "role_type", "value": "lpo"},)),
        ("what is the salary in data entry?", "ask_role_details", ()),
    ],
)
async def test_questions_inside_the_form_are_left_to_the_rules(text, intent, entities):
    tracker = make_tracker(
        text, intent=intent, entities=entities, slots={"requested_slot": "experience"}
    )
    assert await run(ValidateProfileForm(), tracker) == ([], {})


@pytest.mark.parametrize(
    "slot, text",
    [
        ("education", "not sure"),
        ("education", "no preference"),
        ("skills", "don't know"),
        ("goals", "pata nahi"),
        ("interests", "no idea"),
        ("preferences", "koi bhi chalega"),
        ("experience", "skip this one"),
        ("interests", "कोई पसंद नहीं"),
        ("goals", "पता नहीं"),
    ],
)
async def test_not_sure_skip_and_no_preference_are_valid_at_every_step(slot, text):
    tracker = make_tracker(text, intent="inform", slots={"requested_slot": slot})
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert slots[slot] is not None
    assert not any(word in joined(messages) for word in ('"sure"', '"preference"', "Sorry"))


async def test_i_dont_know_what_i_want_turns_to_interests_and_keeps_the_degree():
    tracker = make_tracker(
        "I did BA in history, I don't know what I want to do", intent="nlu_fallback"
    )
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["profile"]["degree"] == "ba"
    assert slots["goals"] == wording.text("value.not_sure")
    assert slots["requested_slot"] == "interests"


@pytest.mark.parametrize(
    "message, language, button",
    [
        ("no idea what i should do honestly", "en", "Talk to a counselor"),
        ("im totally confused yaar", "en", "Talk to a counselor"),
        ("not sure what career to choose", "en", "Talk to a counselor"),
        ("मुझे नहीं पता मुझे क्या करना है", "hi", "Counselor से बात करें"),
    ],
)
async def test_i_dont_know_what_i_want_also_offers_a_counselor(message, language, button):
    tracker = make_tracker(message, intent="nlu_fallback", slots={"language": language})
    with wording.language(language):
        messages, slots = await run(ValidateProfileForm(), tracker)
        said = wording.text("intake.discovery_counselor")
    assert slots["requested_slot"] == "interests"
    offered = [b for m in messages for b in m.get("buttons") or []]
    assert [(b["title"], b["payload"]) for b in offered] == [(button, "/talk_to_counselor")]
    assert said in joined(messages)


@pytest.mark.parametrize(
    "slot, message", [("experience", "internships only"), ("skills", "tally n exel")]
)
async def test_internships_only_and_sms_skills_answer_the_open_question(slot, message):
    tracker = make_tracker(message, intent="inform", slots={"requested_slot": slot})
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert slots[slot] is not None and "Sorry" not in joined(messages), messages


@pytest.mark.parametrize("message", ["BA history", "i'm confused, how do i use this bot"])
async def test_the_counselor_is_offered_only_to_who_does_not_know_what_they_want(message):
    messages, _ = await run(ValidateProfileForm(), make_tracker(message, intent="inform"))
    assert not any(m.get("buttons") for m in messages)


async def test_off_topic_reply_counts_as_a_failed_answer():
    tracker = make_tracker(
        "what's the weather", intent="out_of_scope", slots={"requested_slot": "skills"}
    )
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["skills"] is None and slots["failed_attempts"]["count"] == 1
    messages, _ = await run(
        ActionAskSkills(), make_tracker(slots={"failed_attempts": slots["failed_attempts"]})
    )
    assert "only help with BPO and KPO" in joined(messages)


async def test_career_advice_request_inside_the_form_is_not_a_failure():
    tracker = make_tracker(
        "I want career advice",
        intent="ask_career_advice",
        slots={"requested_slot": "education", "failed_attempts": {"slot": "education", "count": 1}},
    )
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["education"] is None and slots["failed_attempts"]["count"] == 1


async def test_question_inside_the_form_fills_nothing_so_the_rules_answer():
    tracker = make_tracker("what is kpo?", intent="ask_faq", slots={"requested_slot": "skills"})
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert messages == [] and slots == {}


async def test_a_question_asked_twice_is_not_asked_a_third_time_after_an_interruption():
    tracker = make_tracker(
        "what is kpo?",
        latest_action="action_answer_faq",
        slots={"requested_slot": "skills", "failed_attempts": {"slot": "skills", "count": 1}},
    )
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert slots["skills"] == intake.SKIPPED and "skills" in joined(messages)


async def test_returning_from_an_interruption_reads_no_text():
    tracker = make_tracker(
        "B.Com", latest_action="action_answer_faq", slots={"requested_slot": "education"}
    )
    assert await run(ValidateProfileForm(), tracker) == ([], {})


async def test_skip_marks_the_open_question_skipped():
    tracker = make_tracker("/skip", intent="skip", slots={"requested_slot": "goals"})
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["goals"] == intake.SKIPPED


async def test_go_back_reopens_the_previous_answer(catalog):
    answers = profile_slots("BCom, excel", catalog)
    tracker = make_tracker(
        "go back",
        intent="go_back",
        slots={
            **answers,
            "goals": None,
            "preferences": None,
            "experience": None,
            "requested_slot": "goals",
        },
    )
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert slots["skills"] is None
    assert slots["profile"]["skills"] == []
    assert "go back" in joined(messages).lower()


async def test_correction_replaces_the_education(catalog):
    answers = profile_slots(BPO_PROFILE, catalog)
    tracker = make_tracker("actually I have an MBA", intent="correct_profile", slots=answers)
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert "MBA" in slots["education"]
    assert slots["profile"]["degree"] == "mba"
    assert slots["profile"]["skills"] == answers["profile"]["skills"]  # nothing else lost
    assert "Updated" in joined(messages)


async def test_a_first_answer_read_as_a_correction_is_just_taken(catalog):
    """ "I fix mobiles" (classified as a correction: "fix") before any skill was given: a
    first answer, acknowledged as such, not "Updated"."""
    tracker = make_tracker(
        "i fix mobiles and set up cctv cameras",
        intent="correct_profile",
        slots={"requested_slot": "skills"},
        active_loop="profile_form",
    )
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert slots["skills"]
    assert "Updated" not in joined(messages) and "Got it" in joined(messages)


async def test_also_adds_a_skill_instead_of_replacing(catalog):
    answers = profile_slots(BPO_PROFILE, catalog)
    tracker = make_tracker("I also know SQL", intent="correct_profile", slots=answers)
    _, slots = await run(ValidateProfileForm(), tracker)
    assert "sql" in slots["profile"]["skills"]
    assert set(answers["profile"]["skills"]) < set(slots["profile"]["skills"])


async def test_change_my_skills_clears_them_to_ask_again(catalog):
    answers = profile_slots(BPO_PROFILE, catalog)
    tracker = make_tracker(
        '/correct_profile{"profile_field": "skills"}',
        intent="correct_profile",
        slots=answers,
        entities=({"entity": "profile_field", "value": "skills"},),
    )
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["skills"] is None
    assert slots["profile"]["skills"] == []

    tracker = make_tracker("change my goals", intent="correct_profile", slots=answers)
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots["goals"] is None


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("experience", "no", "fresher"),
        ("skills", "nahi", wording.text("value.no_skills")),
        ("preferences", "anything is fine", wording.text("value.no_preference")),
        ("goals", "not sure", wording.text("value.not_sure")),
    ],
)
async def test_plain_no_and_not_sure_are_valid_answers(slot, text, expected):
    tracker = make_tracker(text, intent="deny", slots={"requested_slot": slot})
    _, slots = await run(ValidateProfileForm(), tracker)
    assert slots[slot] == expected


async def test_a_long_paste_gets_one_reply_saying_it_was_cut_and_what_was_kept():
    story = (
        "I finished my B.Com in Nagpur and I know Tally and Excel. I want a stable job in the day. "
    ) * 60  # about 5,400 characters
    tracker = make_tracker(story[:5000], slots={"requested_slot": "skills"})
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert len(messages) == 1  # one message: what we kept, then that the rest was not read
    assert "Tally" in slots["skills"] and "B.Com" in slots["education"]
    reply = joined(messages)
    assert reply.index("Tally") < reply.index("long") and "Nagpur" not in reply


async def test_not_knowing_what_you_want_at_the_interests_question_asks_it_again():
    tracker = make_tracker(
        "honestly i dont know what i want", intent="inform", slots={"requested_slot": "interests"}
    )
    messages, slots = await run(ValidateProfileForm(), tracker)
    assert slots["interests"] is None and slots["requested_slot"] == "interests"
    assert wording.text("intake.discovery") in joined(messages)
    assert "Got it" not in joined(messages)
