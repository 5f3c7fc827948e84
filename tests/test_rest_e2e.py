"""Whole conversations through Rasa's REST channel (POST /webhooks/rest/webhook) against
the real servers: the trained model, the action server, the knowledge base.

The shared ``rasa_stack`` fixture (tests/conftest.py) starts both servers once per run.
"""

from __future__ import annotations

import uuid

import pytest

from harness.stack import texts as message_texts

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def catalog(rasa_stack):
    """The knowledge base the servers use (same sources, the stack's own database)."""
    from careerpath.kb import repository

    catalog = repository.load_catalog(rasa_stack.database_url)
    yield catalog
    repository.clear_catalog_cache(rasa_stack.database_url)


def new_user() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def texts(messages: list[dict]) -> str:
    """The bot's words of one turn: message texts, and a card's heading and the text after it."""
    card_words = [
        part for card in cards(messages) for part in (card.get("heading"), card.get("text")) if part
    ]
    return "\n".join([message_texts(messages), *card_words])


def cards(messages: list[dict]) -> list[dict]:
    return [
        message["custom"]
        for message in messages
        if isinstance(message.get("custom"), dict)
        and message["custom"].get("type") == "recommendations"
    ]


def talk(stack, sender: str, *lines: str) -> list[dict]:
    """Sends every line; returns the bot's messages for the last one."""
    messages: list[dict] = []
    for line in lines:
        messages = stack.send(sender, line)
        assert messages, f"no answer to {line!r}"
    return messages


def assert_recommendations(messages: list[dict], track: str) -> list[dict]:
    found = cards(messages)
    assert found, f"no recommendation card in {messages}"
    items = found[0]["items"]
    assert len(items) == 3
    assert items[0]["track"] == track, [item["name"] for item in items]
    assert len(messages) == 1, "one message: the card, with its buttons inside"
    assert found[0]["buttons"], "the follow-up buttons travel with the card"
    text = message_texts(messages)
    for item in items:
        assert item["name"] not in text, "no text copy of the card (the widget draws it)"
        assert item["fit"] in ("strong", "good", "possible", "stretch")
        assert item["work"] and "either" not in item["work"], "work styles in words"
    return items


def test_bpo_profile_one_answer_at_a_time(rasa_stack):
    user = new_user()
    greeting = rasa_stack.send(user, "hi")
    assert "6 quick questions" in texts(greeting)
    assert any(
        button["payload"] == "/ask_career_advice"
        for m in greeting
        for button in m.get("buttons", [])
    )

    assert "(1/6)" in texts(rasa_stack.send(user, "/ask_career_advice"))
    assert "(2/6)" in texts(rasa_stack.send(user, "12th pass"))
    assert "(3/6)" in texts(rasa_stack.send(user, "Working with numbers"))
    assert "(4/6)" in texts(rasa_stack.send(user, "good spoken english and typing"))
    assert "(5/6)" in texts(rasa_stack.send(user, "I want a job quickly"))
    assert "(6/6)" in texts(rasa_stack.send(user, "voice process is ok"))
    summary = texts(rasa_stack.send(user, "fresher"))
    assert "Here's what I have" in summary and "12th pass" in summary and "fresher" in summary

    assert_recommendations(rasa_stack.send(user, "/affirm"), "BPO")


def test_kpo_profile_with_a_multi_slot_first_answer(rasa_stack):
    user = new_user()
    rasa_stack.send(user, "/ask_career_advice")
    reply = texts(
        rasa_stack.send(
            user,
            "M.Sc statistics, I know SQL, Python and Excel, "
            "want long term growth and a high salary",
        )
    )
    assert "SQL" in reply and "(4/6)" in reply  # education, skills and goals in one go
    # A preference instead of an interest: taken, and the interests question not insisted on.
    assert "(6/6)" in texts(rasa_stack.send(user, "non voice, day shift"))
    assert "Is this right?" in texts(rasa_stack.send(user, "1 year experience as a data analyst"))
    items = assert_recommendations(rasa_stack.send(user, "/affirm"), "KPO")

    details = texts(rasa_stack.send(user, "tell me more about the first one"))
    assert details.startswith(items[0]["name"])
    plan = texts(rasa_stack.send(user, "/ask_what_to_learn"))
    assert "learning plan" in plan.lower() or "already have" in plan
    more = cards(rasa_stack.send(user, "/ask_other_options"))
    assert more and not {i["role_type"] for i in more[0]["items"]} & {i["role_type"] for i in items}


def test_opening_message_with_three_answers(rasa_stack):
    user = new_user()
    reply = texts(
        rasa_stack.send(user, "I'm a B.Com grad, know Tally and Excel, want a stable job quickly")
    )
    assert "B.Com" in reply and "Tally" in reply and "MS Excel" in reply
    assert "(4/6)" in reply  # three answers in one go: the fourth question next


def test_a_bare_preference_after_the_greeting_starts_the_intake_with_it(rasa_stack):
    user = new_user()
    talk(rasa_stack, user, "hi")
    reply = texts(rasa_stack.send(user, "non voice"))
    assert "(2/6)" in reply and "qualification" in reply, reply
    assert rasa_stack.tracker(user)["slots"]["preferences"], "the preference was not kept"


def test_faq_in_the_middle_of_the_form_then_the_form_resumes(rasa_stack, catalog):
    user = new_user()
    talk(rasa_stack, user, "/ask_career_advice", "12th pass")
    reply = texts(rasa_stack.send(user, "what is kpo?"))
    assert catalog.faqs["what_is_kpo"].answer in reply
    assert "(2/6)" in reply  # the open question (what they enjoy) again
    assert "(4/6)" in texts(rasa_stack.send(user, "typing and ms office"))


def test_faq_and_comparison_outside_the_form(rasa_stack, catalog):
    user = new_user()
    reply = texts(rasa_stack.send(user, "is bpo a good career for freshers?"))
    assert reply.startswith(catalog.faqs["bpo_good_for_freshers"].answer)
    comparison = texts(rasa_stack.send(user, "/compare_tracks"))
    assert all(row.aspect in comparison for row in catalog.comparison)


def test_correction_after_recommendations_recomputes_them(rasa_stack):
    user = new_user()
    talk(
        rasa_stack,
        user,
        "/ask_career_advice",
        "12th pass",
        "good english and typing",
        "I want a job quickly",
        "no preference",
        "fresher",
    )
    before = assert_recommendations(rasa_stack.send(user, "/affirm"), "BPO")
    after = rasa_stack.send(user, "actually I have an MBA in finance")
    assert "updated your matches" in texts(after)
    new_items = cards(after)[0]["items"]
    assert [item["education_fit"] for item in new_items] != [
        item["education_fit"] for item in before
    ]
    assert "MBA" in " ".join(item["education_fit"]["note"] for item in new_items)


def test_an_invalid_answer_gets_an_example_and_skip_and_a_second_one_moves_on(rasa_stack):
    user = new_user()
    rasa_stack.send(user, "/ask_career_advice")
    first = rasa_stack.send(user, "blorf zzyx")
    assert "12th pass" in texts(first) and "blorf" not in texts(first)
    payloads = [button["payload"] for message in first for button in message.get("buttons", [])]
    assert "/skip" in payloads
    second = texts(rasa_stack.send(user, "qwrt plmk"))
    assert "leave your education" in second and "(2/6)" in second


def test_start_over_after_recommendations(rasa_stack):
    user = new_user()
    talk(
        rasa_stack,
        user,
        "MBA finance, know excel, want high salary",
        "non voice",
        "2 years in a bank",
    )
    assert_recommendations(rasa_stack.send(user, "/affirm"), "KPO")
    reply = texts(rasa_stack.send(user, "start over"))
    assert "start fresh" in reply and "(1/6)" in reply
