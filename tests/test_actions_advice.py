"""The summary, the recommendations and their follow-ups, run with a real rasa_sdk Tracker
against the real knowledge base."""

from __future__ import annotations

import pytest

from actions.advice import (
    ActionLearningPlan,
    ActionOtherOptions,
    ActionRecommend,
    ActionRoleDetails,
    ActionSubmitProfile,
    ActionWhyNotTrack,
)
from tests.action_support import (
    BPO_PROFILE,
    KPO_PROFILE,
    cards,
    joined,
    make_tracker,
    profile_slots,
    recommended,
    run,
)
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    """The real catalog in a throw-away database; the actions load it themselves."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("actions")) as (_url, kb):
        yield kb


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
async def test_role_details_by_entity_name_and_position(catalog):
    slots = await recommended(catalog)
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
    slots = await recommended(catalog)
    messages, _ = await run(
        ActionLearningPlan(),
        make_tracker("what should I learn", intent="ask_what_to_learn", slots=slots),
    )
    assert "learning plan" in joined(messages).lower() or "already have" in joined(messages)


async def test_a_course_for_the_role_just_discussed_is_that_roles_training(catalog):
    """ "uske liye course?" after an answer about Healthcare BPO: its training, not the plan
    for the student's own matches."""
    slots = await recommended(catalog)
    slots["discussed_roles"] = ["healthcare_bpo"]
    messages, _ = await run(
        ActionLearningPlan(),
        make_tracker("uske liye course?", intent="ask_what_to_learn", slots=slots),
    )
    said = joined(messages)
    assert catalog.roles["healthcare_bpo"].name in said
    assert "learning plan" not in said.lower()


async def test_other_options_pages_through_the_ranking_until_nothing_is_left(catalog):
    slots = await recommended(catalog)
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
    slots = await recommended(catalog)
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
