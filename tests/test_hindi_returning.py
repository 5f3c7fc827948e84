"""The chosen language is saved with the profile: a returning student is welcomed in it,
and the conversation carries on in it."""

from __future__ import annotations

import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.returning import ActionSessionStart, remember_profile
from careerpath.userdata import load_profile, save_profile
from tests.action_support import DOMAIN, make_tracker
from tests.kb_support import throwaway_knowledge_base
from tests.test_sender_namespaces import PROFILE, tracker

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("hindi"), "project.db") as (url, _kb):
        yield url


def test_the_language_is_saved_with_the_answers(database):
    conversation = make_tracker(
        "fresher", slots={"language": "hi", "education": "B.Com"}, sender_id="web-hi-1"
    )
    assert remember_profile(CollectingDispatcher(), conversation, PROFILE)
    stored = load_profile("rest", "web-hi-1")
    assert stored.answers["language"] == "hi"


async def test_a_returning_student_is_welcomed_in_their_language(database):
    save_profile("telegram", "tg:777301", PROFILE, {"education": "B.Com", "language": "hi"})
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker("tg:777301"), DOMAIN)
    [greeting] = dispatcher.messages
    assert greeting["text"].startswith("फिर से स्वागत है"), greeting["text"]
    assert all(DEVANAGARI.search(button["title"]) for button in greeting["buttons"])
    assert {"event": "slot", "name": "language", "value": "hi", "timestamp": None} in events


async def test_english_profiles_stay_english(database):
    save_profile("telegram", "tg:777302", PROFILE, {"education": "B.Com"})
    dispatcher = CollectingDispatcher()
    await ActionSessionStart().run(dispatcher, tracker("tg:777302"), DOMAIN)
    [greeting] = dispatcher.messages
    assert greeting["text"].startswith("Welcome back!"), greeting["text"]


async def test_the_welcome_back_names_the_profile_in_hindi(database):
    """Who the student was ("a B.Com graduate (commerce)") comes from the Hindi KB names."""
    save_profile("telegram", "tg:777303", PROFILE, {"education": "B.Com", "language": "hi"})
    dispatcher = CollectingDispatcher()
    await ActionSessionStart().run(dispatcher, tracker("tg:777303"), DOMAIN)
    [greeting] = dispatcher.messages
    for english in ("graduate", "commerce", "Commerce"):
        assert english not in greeting["text"], greeting["text"]
    assert "कॉमर्स" in greeting["text"], greeting["text"]
