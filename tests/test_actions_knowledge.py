"""Knowledge answers (FAQ, comparison, why we ask), the session actions, and the domain and
action server agreeing, run with a real rasa_sdk Tracker against the real knowledge base."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.advice import (
    ActionRoleDetails,
)
from actions.guided import ActionGuidedMode
from actions.knowledge import ActionAnswerFaq, ActionCompareTracks, ActionExplainWhyAsk
from actions.session import ActionPauseIntake, ActionStartOver
from careerpath import wording
from careerpath.conversation import faq, intake, roles
from tests.action_support import (
    DOMAIN,
    joined,
    make_tracker,
    recommended,
    run,
)
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    """The real catalog in a throw-away database; the actions load it themselves."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("actions")) as (_url, kb):
        yield kb


# ---- knowledge: FAQ, comparison, why we ask ----------------------------------------------
async def test_faq_answer_comes_from_the_knowledge_base(catalog):
    messages, _ = await run(ActionAnswerFaq(), make_tracker("what is kpo?", intent="ask_faq"))
    assert joined(messages) == catalog.faqs["what_is_kpo"].answer


@pytest.mark.parametrize("message", ["मैंने बीए इतिहास से किया है", "bcom kiya hai maine 2022 me"])
async def test_a_statement_taken_for_a_question_goes_to_the_intake(message):
    tracker = make_tracker(message, intent="ask_faq")
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []  # no "I'm not sure I have an answer"
    assert events == [{"event": "followup", "timestamp": None, "name": "action_read_free_text"}]


async def test_a_question_nobody_can_answer_still_gets_the_honest_reply():
    messages, _ = await run(ActionAnswerFaq(), make_tracker("who won the match", intent="ask_faq"))
    assert wording.text("faq.unsure").split(".")[0] in joined(messages)


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
    slots = await recommended(catalog)
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


async def test_start_at_the_first_question_keeps_the_intake_going():
    """Nothing to clear: the open question keeps its count of asks (no "start" loop)."""
    tracker = make_tracker(
        "start",
        intent="start_over",
        slots={"requested_slot": "education"},
        active_loop="profile_form",
    )
    messages, events = await run(ActionStartOver(), tracker)
    assert "at the start already" in joined(messages)
    assert events == {}  # no slot changes


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
    # an entry is a name, or {name: {send_domain: true}}
    custom = {
        name
        for entry in DOMAIN["actions"]
        for name in (entry if isinstance(entry, dict) else [entry])
    }
    assert custom <= registered, custom - registered


def test_role_lookup_helpers(catalog):
    lpo = next(role for role in catalog.roles.values() if role.short_forms and role.track == "KPO")
    assert roles.role_by_name(f"tell me about {lpo.short_forms[0]}", catalog) == lpo.id
    assert roles.role_by_position("option 2", ["a", "b", "c"]) == "b"
    assert roles.role_by_position("the third one", ["a", "b", "c"]) == "c"
    assert roles.role_by_position("option 9", ["a"]) is None
    assert roles.mentioned_tracks("why not k.p.o?", []) == ["KPO"]
