"""Every custom Rasa action, run with a real rasa_sdk Tracker and CollectingDispatcher
against the real knowledge base (built into a temporary SQLite database) and real spaCy."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.advice import (
    ActionLearningPlan,
    ActionOtherOptions,
    ActionRecommend,
    ActionRoleDetails,
    ActionSubmitProfile,
    ActionWhyNotTrack,
)
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
from actions.guided import ActionGuidedMode
from actions.knowledge import ActionAnswerFaq, ActionCompareTracks, ActionExplainWhyAsk
from actions.session import ActionPauseIntake, ActionStartOver
from careerpath import wording
from careerpath.conversation import faq, intake, roles
from careerpath.profiling import Profile, extract
from tests.action_support import DOMAIN, make_tracker
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    """The real catalog in a throw-away database; the actions load it themselves."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("actions")) as (_url, kb):
        yield kb


# ---- helpers ---------------------------------------------------------------------------------
async def run(action, tracker: Tracker) -> tuple[list[dict], dict[str, Any]]:
    """Runs ``action``; returns the bot messages and the slots it set (name -> value)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    return dispatcher.messages, slots


def joined(messages: list[dict]) -> str:
    """The words of the messages: texts, and a card's heading and the text said after it."""
    parts = []
    for message in messages:
        card = message.get("custom") or {}
        parts += [message.get("text") or "", card.get("heading") or "", card.get("text") or ""]
    return "\n".join(part for part in parts if part)


def cards(messages: list[dict]) -> list[dict]:
    return [message["custom"] for message in messages if message.get("custom")]


def profile_slots(text: str, catalog) -> dict[str, Any]:
    """Slots of a finished intake for the profile ``text`` describes."""
    profile = Profile().merged(extract(text, catalog))
    slots = {slot: intake.display(slot, profile, catalog) for slot in intake.SLOTS}
    slots["profile"] = profile.to_dict()
    return slots


BPO_PROFILE = (
    "12th pass, good spoken english and typing, want a job quickly, voice process ok, fresher"
)
KPO_PROFILE = (
    "M.Sc statistics, I know SQL, Python and Excel, want long term growth and high salary, "
    "non voice, 1 year experience"
)


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


# ---- outside the intake: action_read_free_text ---------------------------------------------
@pytest.mark.parametrize(
    "text, intent",
    [
        ("I did BA in history, I don't know what I want to do", "nlu_fallback"),
        ("samajh nahi aa raha kya karna chahiye", "nlu_fallback"),
        ("I fix laptops and phones at my cousin's shop", "out_of_scope"),
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


# ---- summary and recommendations ---------------------------------------------------------
async def test_summary_lists_the_answers_and_asks_to_confirm(catalog):
    answers = profile_slots(BPO_PROFILE, catalog)
    messages, slots = await run(
        ActionSubmitProfile(), make_tracker(slots=answers, latest_action="profile_form")
    )
    text = joined(messages)
    assert "Education" in text and answers["education"] in text
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert slots == {}


async def test_bpo_profile_gets_three_bpo_led_recommendations_with_a_card(catalog):
    answers = profile_slots(BPO_PROFILE, catalog)
    messages, slots = await run(
        ActionRecommend(), make_tracker("yes", intent="affirm", slots=answers)
    )
    card = cards(messages)[0]
    assert card["type"] == "recommendations" and len(card["items"]) == 3
    assert card["items"][0]["track"] == "BPO"
    assert len(messages) == 1 and not messages[0].get("text"), "one message: the card, no text copy"
    assert card["buttons"], "the follow-up buttons travel inside the card"
    terminal, _ = await run(
        ActionRecommend(),
        make_tracker("yes", intent="affirm", slots=answers, input_channel="cmdline"),
    )
    assert not cards(terminal), "a text-only channel gets the card as text"
    for item in card["items"]:
        assert item["name"] in joined(terminal)
        assert {"fit", "matched_skills", "missing_skills", "why"} <= set(item)
    assert slots["advice_state"]["shown"] == 3
    assert slots["advice_state"]["profile"] == answers["profile"]


async def test_kpo_profile_gets_kpo_recommendations(catalog):
    answers = profile_slots(KPO_PROFILE, catalog)
    messages, _ = await run(ActionRecommend(), make_tracker("yes", intent="affirm", slots=answers))
    items = cards(messages)[0]["items"]
    assert items[0]["track"] == "KPO"
    terminal, _ = await run(
        ActionRecommend(),
        make_tracker("yes", intent="affirm", slots=answers, input_channel="cmdline"),
    )
    assert "KPO" in joined(terminal)


async def test_recommend_without_a_profile_starts_from_the_questions():
    messages, slots = await run(ActionRecommend(), make_tracker("yes", intent="affirm"))
    assert "6 quick questions" in joined(messages)
    assert slots == {}


async def test_correction_after_recommendations_recomputes_them(catalog):
    before = profile_slots(BPO_PROFILE, catalog)
    after = profile_slots(KPO_PROFILE, catalog)
    state = {"profile": before["profile"], "shown": 3, "shown_roles": []}
    messages, slots = await run(
        ActionSubmitProfile(),
        make_tracker(
            "actually ...", intent="correct_profile", slots={**after, "advice_state": state}
        ),
    )
    assert "updated your matches" in joined(messages)
    assert cards(messages)[0]["items"][0]["track"] == "KPO"
    assert slots["advice_state"]["profile"] == after["profile"]


async def test_unchanged_profile_after_recommendations_shows_the_summary_again(catalog):
    answers = profile_slots(BPO_PROFILE, catalog)
    state = {"profile": answers["profile"], "shown": 3, "shown_roles": []}
    messages, _ = await run(
        ActionSubmitProfile(),
        make_tracker(
            "I made a mistake", intent="correct_profile", slots={**answers, "advice_state": state}
        ),
    )
    assert "tell me what to change" in joined(messages)
    assert not cards(messages)


# ---- follow-ups --------------------------------------------------------------------------
async def _recommended(catalog, text=BPO_PROFILE) -> dict[str, Any]:
    answers = profile_slots(text, catalog)
    _, slots = await run(ActionRecommend(), make_tracker("yes", intent="affirm", slots=answers))
    return {**answers, **slots}


async def test_role_details_by_entity_name_and_position(catalog):
    slots = await _recommended(catalog)
    shown = slots["advice_state"]["shown_roles"]
    second = catalog.roles[shown[1]]
    messages, _ = await run(
        ActionRoleDetails(),
        make_tracker("tell me more about the second one", intent="ask_role_details", slots=slots),
    )
    assert joined(messages).startswith(second.name)
    assert second.entry_roles[0] in joined(messages)

    legal = next(role for role in catalog.roles.values() if "legal" in role.name.lower())
    messages, _ = await run(
        ActionRoleDetails(),
        make_tracker(
            "details please",
            intent="ask_role_details",
            entities=({"entity": "role_type", "value": legal.id},),
        ),
    )
    assert joined(messages).startswith(legal.name)
    messages, _ = await run(
        ActionRoleDetails(),
        make_tracker(f"what does {legal.name.lower()} involve", intent="ask_role_details"),
    )
    assert joined(messages).startswith(legal.name)


async def test_role_details_without_a_role_offers_choices():
    messages, _ = await run(
        ActionRoleDetails(), make_tracker("tell me more", intent="ask_role_details")
    )
    assert "Which role" in joined(messages)
    assert all(b["payload"].startswith("/ask_role_details") for b in messages[0]["buttons"])


async def test_learning_plan_needs_recommendations_first(catalog):
    messages, _ = await run(
        ActionLearningPlan(), make_tracker("what should I learn", intent="ask_what_to_learn")
    )
    assert "6 quick questions" in joined(messages)
    slots = await _recommended(catalog)
    messages, _ = await run(
        ActionLearningPlan(),
        make_tracker("what should I learn", intent="ask_what_to_learn", slots=slots),
    )
    assert "learning plan" in joined(messages).lower() or "already have" in joined(messages)


async def test_other_options_pages_through_the_ranking_until_nothing_is_left(catalog):
    slots = await _recommended(catalog)
    seen = list(slots["advice_state"]["shown_roles"])
    for _ in range(20):
        messages, new = await run(
            ActionOtherOptions(),
            make_tracker("more options", intent="ask_other_options", slots=slots),
        )
        if not cards(messages):
            assert "every role type" in joined(messages)
            break
        items = [item["role_type"] for item in cards(messages)[0]["items"]]
        assert not set(items) & set(seen)
        seen += items
        slots = {**slots, **new}
    else:
        pytest.fail("other options never ran out")
    assert len(seen) == len(set(seen)) >= 4


async def test_why_not_kpo_explains_with_the_best_kpo_role(catalog):
    slots = await _recommended(catalog)
    messages, _ = await run(
        ActionWhyNotTrack(), make_tracker("why not KPO?", intent="ask_why_not_track", slots=slots)
    )
    text = joined(messages)
    assert "KPO" in text
    kpo_names = [role.name for role in catalog.roles.values() if role.track == "KPO"]
    assert any(name in text for name in kpo_names)


async def test_why_not_before_any_advice_explains_the_track(catalog):
    messages, _ = await run(
        ActionWhyNotTrack(), make_tracker("why not bpo", intent="ask_why_not_track")
    )
    assert catalog.tracks["BPO"].summary in joined(messages)


# ---- knowledge: FAQ, comparison, why we ask ----------------------------------------------
async def test_faq_answer_comes_from_the_knowledge_base(catalog):
    messages, _ = await run(ActionAnswerFaq(), make_tracker("what is kpo?", intent="ask_faq"))
    assert joined(messages) == catalog.faqs["what_is_kpo"].answer


def test_every_faq_question_and_paraphrase_finds_its_own_answer(catalog):
    for item in catalog.faqs.values():
        for text in (item.question, *item.paraphrases):
            match = faq.find_answer(text, catalog)
            assert match is not None and match.faq.id == item.id, text


@pytest.mark.parametrize(
    "text",
    ["what is the weather today", "tell me a joke", "my name is ravi", "who won the cricket match"],
)
def test_unrelated_questions_do_not_match_an_faq(catalog, text):
    assert faq.find_answer(text, catalog) is None


async def test_weak_match_says_so_and_offers_close_questions(catalog):
    messages, _ = await run(
        ActionAnswerFaq(), make_tracker("what about the weather", intent="ask_faq")
    )
    assert "not sure" in joined(messages)
    questions = {item.question for item in catalog.faqs.values()}
    assert any(button["payload"] in questions for button in messages[0]["buttons"])


async def test_role_question_read_as_faq_gets_the_role(catalog):
    role = next(role for role in catalog.roles.values() if role.track == "KPO")
    messages, _ = await run(
        ActionAnswerFaq(), make_tracker(f"what does {role.name} involve?", intent="ask_faq")
    )
    assert joined(messages).startswith(role.name)


async def test_general_question_read_as_role_question_gets_the_faq(catalog):
    messages, _ = await run(
        ActionRoleDetails(), make_tracker("what is kpo", intent="ask_role_details")
    )
    assert joined(messages) == catalog.faqs["what_is_kpo"].answer


async def test_faq_button_shows_a_menu_of_questions(catalog):
    messages, _ = await run(ActionAnswerFaq(), make_tracker("/ask_faq", intent="ask_faq"))
    questions = {item.question for item in catalog.faqs.values()}
    assert sum(button["payload"] in questions for button in messages[0]["buttons"]) >= 3


async def test_comparison_lists_every_aspect(catalog):
    messages, _ = await run(
        ActionCompareTracks(), make_tracker("bpo vs kpo", intent="compare_tracks")
    )
    for row in catalog.comparison:
        assert row.aspect in joined(messages)
    assert messages[0]["buttons"]
    messages, _ = await run(
        ActionCompareTracks(),
        make_tracker("bpo vs kpo", intent="compare_tracks", active_loop="profile_form"),
    )
    assert not messages[0].get("buttons")  # inside the form the question follows instead


async def test_why_ask_explains_the_open_question():
    messages, _ = await run(
        ActionExplainWhyAsk(),
        make_tracker(
            "why do you ask",
            intent="why_ask",
            slots={"requested_slot": "education"},
            active_loop="profile_form",
        ),
    )
    assert joined(messages).startswith(wording.text("why_we_ask.education"))
    messages, _ = await run(ActionExplainWhyAsk(), make_tracker("why do you ask", intent="why_ask"))
    assert "education, skills, goals" in joined(messages)


# ---- session -----------------------------------------------------------------------------
async def test_start_over_clears_every_answer(catalog):
    slots = await _recommended(catalog)
    messages, cleared = await run(
        ActionStartOver(), make_tracker("start over", intent="start_over", slots=slots)
    )
    assert "start fresh" in joined(messages)
    for name in (*intake.SLOTS, "profile", "advice_state", "failed_attempts", "requested_slot"):
        assert cleared[name] is None
    assert "channel_mode" not in cleared


async def test_start_for_a_new_user_just_begins():
    messages, _ = await run(ActionStartOver(), make_tracker("/start", intent="start_over"))
    assert joined(messages).startswith("Let's begin")


async def test_pause_stops_the_form_and_keeps_the_answers():
    dispatcher = CollectingDispatcher()
    events = await ActionPauseIntake().run(
        dispatcher, make_tracker("bye", intent="goodbye", active_loop="profile_form"), DOMAIN
    )
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    assert all(e.get("name") not in intake.SLOTS for e in events if e["event"] == "slot")


async def test_guided_mode_starts_a_counselor_session():  # the whole session: tests/test_guided.py
    messages, slots = await run(ActionGuidedMode(), make_tracker("/guided", intent="guided_mode"))
    assert "Guided mode" in joined(messages) and slots["channel_mode"] == "guided"


# ---- the domain and the action server agree ----------------------------------------------
def test_every_domain_action_is_registered_by_the_action_server():
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = set(executor.actions)
    custom = set(DOMAIN["actions"])
    assert custom <= registered, custom - registered


def test_role_lookup_helpers(catalog):
    lpo = next(role for role in catalog.roles.values() if role.short_forms and role.track == "KPO")
    assert roles.role_by_name(f"tell me about {lpo.short_forms[0]}", catalog) == lpo.id
    assert roles.role_by_position("option 2", ["a", "b", "c"]) == "b"
    assert roles.role_by_position("the third one", ["a", "b", "c"]) == "c"
    assert roles.role_by_position("option 9", ["a"]) is None
    assert roles.mentioned_tracks("why not k.p.o?", []) == ["KPO"]
