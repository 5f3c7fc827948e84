"""The language slot is filled inside Rasa after each user message (no action-server call)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from careerpath_rasa.patches.language_slot import language_events

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[1] / "domain.yml"))


def tracker_after(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("someone", list(events), slots=DOMAIN.slots)


def test_devanagari_turns_the_conversation_hindi():
    tracker = tracker_after(UserUttered("मुझे नौकरी चाहिए"))
    assert language_events(tracker, DOMAIN) == [SlotSet("language", "hi")]


def test_an_english_word_in_a_hindi_conversation_keeps_it_hindi():
    tracker = tracker_after(SlotSet("language", "hi"), UserUttered("ok"))
    assert language_events(tracker, DOMAIN) == []


def test_asking_for_english_switches_back():
    tracker = tracker_after(SlotSet("language", "hi"), UserUttered("reply in English please"))
    assert language_events(tracker, DOMAIN) == [SlotSet("language", "en")]


def test_the_channels_language_counts_at_the_start_even_from_the_session_start():
    tracker = tracker_after(SessionStarted(metadata={"lang": "hi"}), UserUttered("hello"))
    assert language_events(tracker, DOMAIN) == [SlotSet("language", "hi")]
    telegram = tracker_after(UserUttered("/start", metadata={"language_code": "hi"}))
    assert language_events(telegram, DOMAIN) == [SlotSet("language", "hi")]


def test_the_domain_no_longer_asks_the_action_server_for_it():
    assert "action_validate_slot_mappings" not in DOMAIN.user_actions
