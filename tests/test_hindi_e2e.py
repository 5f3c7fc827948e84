"""Conversations in Hindi through the REST channel, against the real servers (shared
``rasa_stack`` fixture): the language is picked from the script, from the widget's ``lang``
and by asking, and every reply of a Hindi conversation is in Devanagari."""

from __future__ import annotations

import re
import uuid

import pytest

from harness.stack import texts as message_texts

pytestmark = pytest.mark.e2e

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def new_user() -> str:
    return f"e2e-hi-{uuid.uuid4().hex[:10]}"


def words(messages: list[dict]) -> str:
    """Message texts, button titles and card texts of one turn."""
    parts = [message_texts(messages)]
    for message in messages:
        parts += [button.get("title", "") for button in message.get("buttons") or []]
        custom = message.get("custom")
        if isinstance(custom, dict):
            parts += [str(custom.get(key) or "") for key in ("heading", "text")]
            for item in custom.get("items") or []:
                parts += [str(item.get(key) or "") for key in ("why", "work")]
    return "\n".join(part for part in parts if part)


def assert_hindi(messages: list[dict], said: str) -> str:
    assert messages, f"no answer to {said!r}"
    said_back = words(messages)
    assert DEVANAGARI.search(said_back), f"{said!r} was answered in English: {said_back}"
    return said_back


def slot(stack, sender: str, name: str):
    return stack.tracker(sender)["slots"].get(name)


def test_whole_conversation_in_hindi_to_recommendations(rasa_stack):
    user = new_user()
    turns = [
        "नमस्ते",
        "करियर सलाह चाहिए",
        "मैंने B.Com किया है",
        "मुझे numbers के साथ काम करना अच्छा लगता है",
        "Excel और Tally आता है",
        "जल्दी नौकरी चाहिए",
        "कोई पसंद नहीं",
        "fresher हूँ",
    ]
    for line in turns:
        answer = rasa_stack.send(user, line)
        assert_hindi(answer, line)
    assert slot(rasa_stack, user, "language") == "hi"
    # The summary's "yes" button (its title in Hindi); the matches come as a card in Hindi.
    yes = [b for m in answer for b in m.get("buttons") or [] if b["payload"] == "/affirm"]
    assert yes and DEVANAGARI.search(yes[0]["title"]), answer
    answer = rasa_stack.send(user, yes[0]["payload"])
    said = assert_hindi(answer, yes[0]["title"])
    found = [m["custom"] for m in answer if isinstance(m.get("custom"), dict)]
    assert found and found[0].get("items"), said
    for item in found[0]["items"]:
        assert DEVANAGARI.search(item["why"]), item


def test_hindi_faq_role_question_and_correction(rasa_stack):
    user = new_user()
    assert_hindi(rasa_stack.send(user, "हिंदी में बताइए"), "हिंदी में बताइए")
    assert slot(rasa_stack, user, "language") == "hi"
    # An English question in a Hindi conversation is answered in Hindi.
    questions = ("what is KPO?", "KPO क्या होता है?", "data analytics mein salary kitni hoti hai")
    for question in questions:
        answer = rasa_stack.send(user, question)
        assert DEVANAGARI.search(message_texts(answer)), (question, message_texts(answer))
    assert slot(rasa_stack, user, "language") == "hi", "one English message does not flip it"
    assert_hindi(rasa_stack.send(user, "मेरी skills बदलनी हैं"), "correction")


def test_asking_for_english_switches_back(rasa_stack):
    user = new_user()
    assert_hindi(rasa_stack.send(user, "Hindi mein baat karo"), "Hindi mein baat karo")
    answer = rasa_stack.send(user, "reply in English")
    assert not DEVANAGARI.search(message_texts(answer)), message_texts(answer)
    assert slot(rasa_stack, user, "language") == "en"


def test_widget_language_starts_the_conversation_in_hindi(rasa_stack):
    user = new_user()
    greeting = rasa_stack.send(user, "hi", metadata={"lang": "hi"})
    said = assert_hindi(greeting, "hi (widget lang=hi)")
    assert "English" in said, "the greeting offers the other language"
