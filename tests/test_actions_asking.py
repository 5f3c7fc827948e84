"""Reading free text outside the intake (action_read_free_text) and asking each question
(action_ask_<slot>), run with a real rasa_sdk Tracker against the real knowledge base."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import (
    ActionAskEducation,
    ActionAskExperience,
    ActionAskGoals,
    ActionAskInterests,
    ActionAskPreferences,
    ActionAskSkills,
    ActionReadFreeText,
    ValidateProfileForm,
)
from careerpath.conversation import intake
from careerpath.profiling import extract
from tests.action_support import (
    DOMAIN,
    joined,
    make_tracker,
    run,
)
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    """The real catalog in a throw-away database; the actions load it themselves."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("actions")) as (_url, kb):
        yield kb


# ---- outside the intake: action_read_free_text ---------------------------------------------
@pytest.mark.parametrize(
    "text, intent",
    [
        ("I did BA in history, I don't know what I want to do", "nlu_fallback"),
        ("samajh nahi aa raha kya karna chahiye", "nlu_fallback"),
        ("I fix laptops and phones at my cousin's shop", "out_of_scope"),
        ("12th", "affirm"),  # a bare qualification the classifier took for a yes
    ],
)
async def test_a_statement_about_the_person_is_handed_to_the_intake(text, intent):
    dispatcher = CollectingDispatcher()
    events = await ActionReadFreeText().run(dispatcher, make_tracker(text, intent=intent), DOMAIN)
    assert events == [{"event": "followup", "timestamp": None, "name": "profile_form"}]
    assert dispatcher.messages == []  # the form reads the words and answers


@pytest.mark.parametrize(
    "text, intent, response",
    [
        ("hmm blah blah", "nlu_fallback", "utter_default"),
        ("tell me a joke", "out_of_scope", "utter_out_of_scope"),
        ("nothing", "deny", "utter_what_next"),  # a no with nothing asked, not "no skills"
        ("ok", "affirm", "utter_what_next"),
    ],
)
async def test_anything_else_gets_a_way_forward(text, intent, response):
    messages, _ = await run(ActionReadFreeText(), make_tracker(text, intent=intent))
    assert [message.get("response") for message in messages] == [response]


async def test_an_unplaced_question_goes_to_the_faq_search():
    messages, _ = await run(
        ActionReadFreeText(), make_tracker("kpo ka matlab kya hai?", intent="nlu_fallback")
    )
    assert messages and messages[0].get("response") is None


async def test_the_form_reads_the_words_handed_over():
    from actions.forms import READ_FREE_TEXT, user_just_spoke

    tracker = make_tracker("I know SQL", active_loop="profile_form")
    tracker.events.append({"event": "action", "name": READ_FREE_TEXT})
    tracker.events.append({"event": "action", "name": "profile_form"})
    assert user_just_spoke(tracker)


# ---- action_ask_<slot> -------------------------------------------------------------------
@pytest.mark.parametrize(
    "action, number",
    [
        (ActionAskEducation(), 1),
        (ActionAskInterests(), 2),
        (ActionAskSkills(), 3),
        (ActionAskGoals(), 4),
        (ActionAskPreferences(), 5),
        (ActionAskExperience(), 6),
    ],
)
async def test_each_question_says_where_we_are(action, number):
    earlier = dict.fromkeys(intake.SLOTS[: number - 1], "answered")
    messages, _ = await run(action, make_tracker(slots=earlier))
    assert joined(messages).startswith(f"({number}/6)")


async def test_the_number_counts_answers_given_in_any_order():
    messages, _ = await run(
        ActionAskEducation(), make_tracker(slots={"skills": "SQL", "experience": "fresher"})
    )
    assert joined(messages).startswith("(3/6)")


async def test_the_interests_question_offers_plain_choices_and_free_text(catalog):
    messages, _ = await run(ActionAskInterests(), make_tracker())
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert len(titles) >= 8 and "own words" in joined(messages)
    assert sum(1 for button in messages[0]["buttons"] if button.get("multiple")) >= 8
    picked = ", ".join(titles[:2])  # what the widget sends for two picked chips
    tracker = make_tracker(picked, slots={"requested_slot": "interests"})
    _, slots = await run(ValidateProfileForm(), tracker)
    assert len(slots["profile"]["interests"]) == 2
    tracker = make_tracker("I like numbers and writing", slots={"requested_slot": "interests"})
    _, slots = await run(ValidateProfileForm(), tracker)
    assert {"numbers", "writing"} <= set(slots["profile"]["interests"])


async def test_choice_buttons_come_from_the_knowledge_base(catalog):
    messages, _ = await run(ActionAskGoals(), make_tracker())
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert next(iter(catalog.goals.values())).name in titles
    messages, _ = await run(ActionAskSkills(), make_tracker())
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert all(
        title in {s.name for s in catalog.skills.values()} or title == "No skills yet"
        for title in titles
    )
    for title in titles[:-1]:  # a button's text must be understood by the extractor
        assert extract(title, catalog).skills
