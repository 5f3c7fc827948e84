"""Hindi texts: every key of the English catalog has one, with the same placeholders, and
the conversation's language is chosen the way careerpath.conversation.language describes."""

from __future__ import annotations

import re

import pytest

from careerpath import wording
from careerpath.conversation.language import (
    channel_language,
    choose_language,
    is_devanagari,
    requested_language,
)

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _hindi():
    hindi = wording.load_language("hi")
    assert hindi is not None, "locales/hi/LC_MESSAGES/careerpath.po is missing"
    return hindi


def test_every_english_key_has_a_hindi_text():
    hindi = _hindi().texts
    missing = [key for key in list(wording.keys()) if key not in hindi]
    assert not missing, f"keys without a Hindi text: {missing}"


def test_hindi_has_no_keys_the_english_catalog_lacks():
    english = set(wording.keys())
    assert not [key for key in _hindi().texts if key not in english]


@pytest.mark.parametrize("key", sorted(wording.keys()))
def test_hindi_and_english_use_the_same_placeholders(key):
    english = wording.raw(key, "en")
    hindi = _hindi().texts.get(key)
    assert hindi is not None, f"{key} has no Hindi text"
    assert wording.placeholders(hindi) == wording.placeholders(english), key
    assert isinstance(hindi, tuple) == isinstance(english, tuple), f"{key}: plural forms differ"


def _words(value: str) -> int:
    return len([w for w in value.split() if "{" not in w and any(c.isalpha() for c in w)])


def test_sentences_are_written_in_devanagari():
    # Short labels may stay English ("Skills", "Fresher"); whole sentences are Hindi.
    english_sentences = [
        key
        for key, value in _hindi().texts.items()
        if isinstance(value, str) and _words(value) >= 6 and not DEVANAGARI.search(value)
    ]
    assert not english_sentences, english_sentences


def test_language_block_switches_every_lookup():
    with wording.language("hi"):
        assert DEVANAGARI.search(wording.text("session.begin"))
        assert wording.plural("report.years", 2) == "2 साल"
    assert not DEVANAGARI.search(wording.text("session.begin"))


@pytest.mark.parametrize(
    "message, language",
    [
        ("Hindi mein baat karo", "hi"),
        ("हिंदी में बताइए", "hi"),
        ("हिन्दी", "hi"),
        ("can you reply in hindi please", "hi"),
        ("reply in English", "en"),
        ("English please", "en"),
        ("angrezi mein bolo", "en"),
        ("English", "en"),
    ],
)
def test_explicit_requests(message, language):
    assert requested_language(message) == language


@pytest.mark.parametrize(
    "message",
    ["is english needed for BPO?", "I know hindi and english", "my english is weak", "what is BPO"],
)
def test_talk_about_a_language_is_not_a_request(message):
    assert requested_language(message) is None


def test_devanagari_turns_the_conversation_hindi():
    assert is_devanagari("मुझे नौकरी चाहिए")
    assert is_devanagari("मैंने B.Com किया है")
    assert not is_devanagari("I did B.Com")
    assert choose_language("en", "मैंने B.Com किया है और Excel आता है") == "hi"


def test_one_english_message_does_not_flip_a_hindi_conversation_back():
    assert choose_language("hi", "ok") == "hi"
    assert choose_language("hi", "MS Excel, Tally") == "hi"
    assert choose_language("hi", "reply in English") == "en"


def test_channel_language_counts_only_at_the_start():
    assert channel_language({"language_code": "hi-IN"}) == "hi"
    assert channel_language({"lang": "fr"}) is None
    assert channel_language({"telegram": {"chat_id": 5, "language_code": "hi"}}) == "hi"
    assert choose_language(None, "hello", {"language_code": "hi"}) == "hi"
    assert choose_language("en", "hello", {"language_code": "hi"}) == "en"
    assert choose_language(None, "hello", None) == "en"


def test_every_domain_response_has_a_hindi_variation():
    import yaml

    domain = yaml.safe_load((wording.LOCALES.parents[2] / "domain.yml").read_text("utf-8"))
    hindi_condition = [{"type": "slot", "name": "language", "value": "hi"}]
    for name, variations in domain["responses"].items():
        hindi = [v for v in variations if v.get("condition") == hindi_condition]
        english = [v for v in variations if not v.get("condition")]
        assert hindi and english, f"{name} needs an English and a Hindi variation"
        for variation in hindi:
            assert DEVANAGARI.search(variation["text"]), name
            english_buttons = [b["payload"] for b in english[0].get("buttons", [])]
            hindi_buttons = [b["payload"] for b in variation.get("buttons", [])]
            # The same choices, except the language buttons (each offers the other language).
            assert [p for p in hindi_buttons if p.startswith("/")] == [
                p for p in english_buttons if p.startswith("/")
            ], name


def test_the_apology_after_a_failure_follows_the_conversations_language():
    from careerpath_rasa.patches.resilience import trouble_reply

    class Conversation:
        def __init__(self, language):
            self.language = language

        def get_slot(self, name):
            return self.language if name == "language" else None

    assert DEVANAGARI.search(trouble_reply(Conversation("hi")))
    assert trouble_reply(Conversation(None)) == wording.text("channel.trouble", lang="en")
