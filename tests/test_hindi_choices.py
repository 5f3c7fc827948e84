"""Intake buttons and read-backs in a Hindi conversation: every choice button shows the
knowledge base's Hindi name while its payload stays the English name the extractor reads,
and what the bot reads back ("Got it: ...", the summary) names things in Hindi too, in
student mode and in the counselor's guided mode."""

from __future__ import annotations

import re
import uuid

import pytest

from careerpath import wording
from careerpath.advisor import recommend
from careerpath.conversation import guided, intake, questions, readback, replies
from careerpath.profiling import extract
from careerpath.profiling.profile import Profile
from tests.kb_support import throwaway_knowledge_base

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
CHOICE_SLOTS = ("education", "skills", "goals", "interests", "preferences", "experience")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("hindi-choices")) as (_url, kb):
        yield kb


def _names(catalog, slot: str) -> dict[str, str]:
    """English name -> Hindi name of every entry a slot's buttons can name."""
    hindi = catalog.localized("hi")
    tables = {
        "education": "levels",
        "skills": "skills",
        "goals": "goals",
        "interests": "interests",
        "preferences": "preferences",
    }
    if slot not in tables:
        return {}
    english, translated = getattr(catalog, tables[slot]), getattr(hindi, tables[slot])
    return {english[key].name: translated[key].name for key in english}


@pytest.mark.parametrize("slot", CHOICE_SLOTS)
def test_button_titles_are_hindi_and_payloads_stay_english(catalog, slot):
    english = questions.choice_buttons(slot, catalog, "commerce")
    with wording.language("hi"):
        hindi = questions.choice_buttons(slot, catalog, "commerce")
    assert [b["payload"] for b in hindi] == [b["payload"] for b in english]
    names = _names(catalog, slot)
    for shown, plain in zip(hindi, english, strict=True):
        expected = names.get(plain["title"])
        if expected is not None:
            assert shown["title"] == expected
        # Every title reads as Hindi, unless the Hindi name itself is the English word
        # students use ("MS Excel", "Tally", "SQL").
        if shown["title"] != plain["title"]:
            assert DEVANAGARI.search(shown["title"]), shown
    assert sum(bool(DEVANAGARI.search(b["title"])) for b in hindi) > len(hindi) / 2, hindi


def test_guided_steps_offer_hindi_buttons(catalog):
    with wording.language("hi"):
        step = guided.question("goals", catalog)
    titles = [b["title"] for b in step.buttons]
    assert catalog.localized("hi").goals["quick_job"].name in titles
    assert catalog.goals["quick_job"].name not in titles


def _answer(message: str, requested: str, catalog, answers=None, profile=None):
    turn = intake.Turn(
        text=message,
        intent="inform",
        requested_slot=requested,
        answers=answers or {},
        profile=profile or Profile(),
    )
    return intake.interpret(turn, extract(message, catalog, expect=requested), catalog)


def test_a_clicked_payload_is_read_back_in_hindi(catalog):
    hindi = catalog.localized("hi")
    with wording.language("hi"):
        result = _answer("MS Excel, Typing speed and accuracy", "skills", catalog)
    said = "\n".join(result.messages)
    assert hindi.skills["typing"].name in said, said
    assert "Typing speed" not in said and "Typing speed" not in (result.slots["skills"] or "")


def test_education_interests_and_preferences_read_back_in_hindi(catalog):
    hindi = catalog.localized("hi")
    with wording.language("hi"):
        education = _answer("B.Com graduate", "education", catalog)
        interests = _answer("Working with numbers", "interests", catalog)
        preferences = _answer("Non-voice work", "preferences", catalog)
    assert DEVANAGARI.search(education.slots["education"]), education.slots
    assert hindi.interests["numbers"].name in "\n".join(interests.messages)
    assert preferences.slots["preferences"] == hindi.preferences["non_voice"].name


def test_summary_names_answers_in_the_language_of_now(catalog):
    """Answered in English, then switched to Hindi: the summary names them in Hindi; a
    skipped answer never shows the internal word "skipped"."""
    result = _answer("I did B.Com, I know Tally and MS Excel", "education", catalog)
    profile = Profile.from_dict(result.profile)
    answers = dict.fromkeys(intake.SLOTS)
    answers.update(result.slots)
    answers["goals"] = intake.SKIPPED
    with wording.language("hi"):
        shown = readback.shown_answers(answers, profile, catalog)
        summary = replies.summary(shown).text
    assert "Tally" in summary and catalog.localized("hi").skills["ms_excel"].name in summary
    assert "graduate" not in summary.lower() and intake.SKIPPED not in summary, summary


def test_guided_role_step_shows_hindi_names_and_sends_english_ones(catalog):
    profile = Profile.from_dict(
        _answer("B.Com graduate, I know Tally and Excel", "education", catalog).profile
    )
    advice = recommend(profile, catalog)
    with wording.language("hi"):
        step = guided.role_step(advice, recommend(profile, catalog.localized("hi")))
    roles = [b for b in step.buttons if b["payload"] not in ("/go_back", "/skip")]
    assert roles
    for button, rec in zip(roles, advice.recommendations, strict=False):
        assert button["payload"] == rec.name
        assert catalog.localized("hi").roles[rec.role_type].name in button["title"]
        assert guided.chosen_role(button["payload"], [], [rec.role_type], catalog) == rec.role_type
    card = step.card or {}
    assert all(DEVANAGARI.search(item["why"]) for item in card["items"])


# ---- through the REST channel, as the widget sends a click ---------------------------------------
@pytest.mark.e2e
def test_a_hindi_student_clicks_hindi_buttons_and_reads_hindi_back(rasa_stack, catalog):
    user = f"e2e-hi-buttons-{uuid.uuid4().hex[:8]}"
    rasa_stack.send(user, "नमस्ते")
    rasa_stack.send(user, "करियर सलाह चाहिए")
    answer = rasa_stack.send(user, "मैंने B.Com किया है")
    buttons = [b for m in answer for b in m.get("buttons") or []]
    chips = [b for b in buttons if b.get("multiple")]
    assert chips, answer
    hindi_titles = [b for b in chips if DEVANAGARI.search(b["title"])]
    assert hindi_titles, chips
    for chip in chips:
        assert not DEVANAGARI.search(chip["payload"]), chip  # the extractor reads English
    picked = hindi_titles[0]
    answer = rasa_stack.send(user, picked["payload"])
    said = "\n".join(m.get("text") or "" for m in answer)
    assert picked["title"] in said, said  # "ठीक है: <the Hindi name>"
    assert picked["payload"] not in said, said
    for _ in range(6):
        yes = [b for m in answer for b in m.get("buttons") or [] if b["payload"] == "/affirm"]
        if yes:
            break
        offered = [b for m in answer for b in m.get("buttons") or []]
        choice = next((b for b in offered if DEVANAGARI.search(b["title"])), None)
        assert choice is not None, answer
        answer = rasa_stack.send(user, choice["payload"])
    summary = "\n".join(m.get("text") or "" for m in answer)
    assert picked["title"] in summary and intake.SKIPPED not in summary, summary


def test_faq_menus_show_hindi_questions_and_send_english_ones(catalog):
    from careerpath.conversation import answering

    hindi = catalog.localized("hi")
    with wording.language("hi"):
        menu = replies.faq_menu(catalog)
        unknown = answering.answer_question(
            "best cricket bat under 2000", catalog, answering.Context(), display=hindi
        ).reply
    for reply in (menu, unknown):
        asked = [b for b in reply.buttons if not b["payload"].startswith("/")]
        assert asked, reply.buttons
        for item in asked:
            assert DEVANAGARI.search(item["title"]), item
            assert item["payload"] in {faq.question for faq in catalog.faqs.values()}
