"""Hostile input (tests/fuzz_corpus.py, >= 1,000 messages) through every path user text takes.

Fast part (no servers): the profile extractor with every ``expect``, the intake, the FAQ
retrieval, the role lookup, the advisor and its renderers with profiles built from hostile
text, and the Rasa SDK actions themselves with a real ``Tracker``. Nothing may raise, and
every text the bot would send must be a string.

The REST channel, the web widget and the counselor report with hostile input are in
tests/test_fuzz_channels.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from careerpath.advisor import recommend
from careerpath.advisor.render import render_advice, render_learning_plan, render_recommendation
from careerpath.conversation import faq, intake, questions, replies, roles
from careerpath.conversation.reply import message_for
from careerpath.profiling import Extraction, Profile, get_extractor
from tests.action_support import DOMAIN, make_tracker
from tests.fuzz_corpus import GENERATORS, MINIMUM_SIZE, corpus, sample, where
from tests.kb_support import throwaway_knowledge_base

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = corpus()
EXPECTS = (None, "education", "skills", "goals", "preferences", "experience")
INTENTS = ("inform", "deny", "skip", "go_back", "correct_profile", "nlu_fallback", "ask_faq")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("fuzz")) as (_url, kb):
        yield kb


@pytest.fixture(scope="module")
def extractions(catalog) -> dict[str, Extraction]:
    """Every corpus message read once without context (shared by the downstream tests)."""
    extractor = get_extractor(catalog)
    return {message.text: extractor.extract_strict(message.text) for message in CORPUS}


# ---- the corpus itself -----------------------------------------------------------------------
def test_corpus_is_large_deterministic_and_covers_every_category():
    assert len(CORPUS) >= MINIMUM_SIZE
    assert corpus() == CORPUS, "same seed, same messages"
    counts = Counter(message.category for message in CORPUS)
    assert set(counts) == set(GENERATORS)
    assert all(counts[category] >= 3 for category in GENERATORS), counts
    texts = [message.text for message in CORPUS]
    assert "" in texts and any(len(text) >= 10_000 for text in texts)
    assert any(re.search("[\u0900-\u097f]", text) for text in texts), "Devanagari"
    assert any("\u200b" in text for text in texts) and any("\u202e" in text for text in texts)
    assert any(text.startswith("/restart") for text in texts)
    for text in texts:
        json.dumps(text).encode("utf-8")  # every message is sendable as JSON over HTTP


def test_sample_spreads_over_every_category():
    chosen = sample(300)
    assert len(chosen) == 300
    assert {message.category for message in chosen} == set(GENERATORS)
    assert sample(300) == chosen


# ---- extraction -----------------------------------------------------------------------------
@pytest.mark.parametrize("expect", EXPECTS, ids=lambda expect: expect or "no-context")
def test_extractor_reads_every_hostile_message_without_error(catalog, expect):
    extractor = get_extractor(catalog)
    known = {
        "skills": set(catalog.skills),
        "goals": set(catalog.goals),
        "preferences": set(catalog.preferences),
    }
    for message in CORPUS:
        try:
            extraction = extractor.extract_strict(message.text, expect)
        except Exception as error:  # pragma: no cover - the failure message is the point
            pytest.fail(f"extract({where(message)}, expect={expect!r}) raised {error!r}")
        assert isinstance(extraction, Extraction)
        for name, ids in known.items():
            unknown = set(getattr(extraction, name)) - ids
            assert not unknown, f"{where(message)}: invented {name} {unknown}"
        for value in (extraction.education_level, extraction.degree, extraction.field):
            assert value is None or isinstance(value, str)
        assert all(isinstance(phrase, str) for phrase in extraction.unrecognised)
        assert all(isinstance(note, str) for note in getattr(extraction, "notes", []))


def test_extraction_is_bounded_for_huge_messages(catalog):
    extractor = get_extractor(catalog)
    extraction = extractor.extract_strict("I know Excel and Tally. " * 2_000)
    assert "ms_excel" in extraction.skills or extraction.skills, (
        "the start of a long message is read"
    )
    assert all(len(phrase) <= 2_000 for phrase in extraction.unrecognised)


# ---- intake --------------------------------------------------------------------------------
def test_intake_interprets_every_hostile_message(catalog, extractions):
    for index, message in enumerate(CORPUS):
        requested = intake.SLOTS[index % len(intake.SLOTS)]
        turn = intake.Turn(
            text=message.text,
            intent=INTENTS[index % len(INTENTS)],
            requested_slot=requested,
            answers=dict.fromkeys(intake.SLOTS),
            profile=Profile(),
            failures={"slot": requested, "count": index % 3, "unrecognised": []},
        )
        try:
            result = intake.interpret(turn, extractions[message.text], catalog)
            question = questions.question(requested, catalog, result.failures)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"intake for {where(message)} raised {error!r}")
        assert all(isinstance(text, str) for text in result.messages), where(message)
        assert all(value is None or isinstance(value, str) for value in result.slots.values())
        json.dumps(result.profile)  # stored in a Rasa slot
        assert isinstance(question.text, str) and question.text


# ---- FAQ retrieval and role lookup ------------------------------------------------------------
def test_faq_retrieval_survives_every_hostile_message(catalog):
    for message in CORPUS:
        try:
            match = faq.find_answer(message.text, catalog)
            menu = replies.faq_menu(catalog, message.text, unsure=True)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"FAQ retrieval for {where(message)} raised {error!r}")
        assert match is None or isinstance(match.faq.answer, str)
        assert isinstance(menu.text, str)
        assert all(
            isinstance(b["title"], str) and isinstance(b["payload"], str) for b in menu.buttons
        )


def test_role_lookup_survives_every_hostile_message(catalog):
    shown = list(catalog.roles)[:3]
    for message in CORPUS:
        entities = [
            {"entity": "role_type", "value": message.text},
            {"entity": "track", "value": message.text},
        ]
        try:
            role = roles.find_role(message.text, entities, catalog, shown)
            tracks = roles.mentioned_tracks(message.text, entities)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"role lookup for {where(message)} raised {error!r}")
        assert role is None or role in catalog.roles, where(message)
        assert set(tracks) <= {"BPO", "KPO"}


# ---- advisor with profiles built from hostile text --------------------------------------------
def test_advisor_renders_profiles_accumulated_from_hostile_messages(catalog, extractions):
    profile = Profile()
    for index, message in enumerate(CORPUS):
        profile = profile.merged(extractions[message.text])
        if index % 50:
            continue
        _assert_renders(profile, catalog, where(message))
        profile = Profile()


HOSTILE_VALUES = [
    "<script>window.__pwned=1</script>",
    "'; DROP TABLE student_profile; --",
    "",
    "\x00\u202e",
    "😀" * 50,
    "मैंने बी.कॉम",
    "x" * 5_000,
    "{{7*7}}",
    "../../etc/passwd",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_advisor_renders_profiles_with_hostile_stored_values(catalog, value):
    """A profile slot or stored profile can hold anything (old versions, API clients)."""
    data = {
        "education_level": value,
        "degree": value,
        "field": value,
        "pursuing": value,
        "skills": [value, "ms_excel", 7, None],
        "no_skills": value,
        "goals": [value],
        "preferences": [value, {"x": 1}],
        "experience_years": value,
        "fresher": value,
    }
    profile = Profile.from_dict(data)
    _assert_renders(profile, catalog, repr(value[:40]))
    for weird in (
        None,
        [],
        "text",
        42,
        {"skills": "not a list"},
        {"experience_years": float("nan")},
    ):
        _assert_renders(Profile.from_dict(weird), catalog, repr(weird))


def _assert_renders(profile: Profile, catalog, label: str) -> None:
    try:
        description = profile.describe(catalog)
        advice = recommend(profile, catalog)
        texts = [description, render_advice(advice), render_learning_plan(advice)]
        texts += [render_recommendation(rec) for rec in advice.recommendations[:3]]
        texts += [
            message_for(reply, "cmdline")["text"] for reply in replies.recommendations(advice)
        ]
        json.dumps(advice.to_dict())
    except Exception as error:  # pragma: no cover
        pytest.fail(f"advisor with profile from {label} raised {error!r}")
    assert all(isinstance(text, str) and text for text in texts), label


# ---- the Rasa SDK actions themselves ------------------------------------------------------------
def _actions(index: int):
    """The actions that read the latest text. The ones that also recompute the advice (and
    store it) are slower, so they read every 7th message - still every category."""
    from actions.advice import ActionRoleDetails, ActionSubmitProfile, ActionWhyNotTrack
    from actions.forms import ValidateProfileForm
    from actions.knowledge import ActionAnswerFaq

    reading = [ValidateProfileForm(), ActionAnswerFaq()]
    if index % 7 == 0:
        reading += [ActionRoleDetails(), ActionWhyNotTrack(), ActionSubmitProfile()]
    return reading


async def test_custom_actions_answer_every_hostile_message(catalog):
    """Every action that reads the user's words, with corpus messages as the latest one."""
    advice_state = {
        "profile": {"skills": ["ms_excel"]},
        "shown": 3,
        "shown_roles": list(catalog.roles)[:3],
    }
    for index, message in enumerate(CORPUS):
        requested = intake.SLOTS[index % len(intake.SLOTS)]
        tracker = make_tracker(
            message.text,
            INTENTS[index % len(INTENTS)],
            slots={
                "requested_slot": requested,
                "advice_state": advice_state,
                "profile": {"skills": ["ms_excel"]},
                "failed_attempts": {"slot": requested, "count": 2},
            },
            entities=[{"entity": "role_type", "value": message.text[:200]}],
            active_loop="profile_form" if index % 2 else None,
            sender_id="fuzz",
            confidence=0.5,
        )
        for action in _actions(index):
            dispatcher = CollectingDispatcher()
            try:
                events = await action.run(dispatcher, tracker, DOMAIN)
            except Exception as error:  # pragma: no cover
                pytest.fail(f"{action.name()} with {where(message)} raised {error!r}")
            json.dumps(events)
            for sent in dispatcher.messages:
                assert sent.get("text") is None or isinstance(sent["text"], str), action.name()
