"""The evaluation instrument itself (evaluation/): its judgements on hand-made turns.

No servers: every rule the report relies on (language, echoes, loops, incoherent turns,
answer matching, fact checks) is checked here on small, known inputs; dead ends and figures
are in tests/test_eval_figures.py, the corpus itself in tests/test_eval_corpus.py.
"""

from __future__ import annotations

import pytest

from evaluation import classify
from evaluation.answers import MISSED, RIGHT, UNKNOWN, WRONG, load_answer_key
from evaluation.corpus import Dialogue, Turn
from evaluation.scoring import (
    PRELUDE,
    TurnRecord,
    check_facts,
    score_dialogue,
)
from tests.eval_support import card, text


@pytest.fixture(scope="module")
def key():
    return load_answer_key()


# ---- language ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reply, script",
    [
        ("BPO stands for Business Process Outsourcing.", "en"),
        ("बीपीओ का मतलब है बिज़नेस प्रोसेस आउटसोर्सिंग।", "hi"),
        ("आपके लिए BPO और KPO दोनों अच्छे विकल्प हैं, Excel सीखिए।", "hi"),
        ("Got it: बी.कॉम, and Tally, Excel and good English noted for you.", "mixed"),
        ("12345 !!", "none"),
    ],
)
def test_script_of_a_reply(reply, script):
    assert classify.script_of(reply) == script


# ---- echoed fragments ------------------------------------------------------------------------
def test_a_fragment_of_the_message_quoted_as_unknown_is_an_echo():
    assert classify.echoed_fragments(
        "not sure", 'Sorry, I don\'t know "sure" yet. Please tell me ...'
    ) == ["sure"]
    assert classify.echoed_fragments(
        "I prepare salary sheets and PF", "Sorry, I don't know “prepare salary sheets” yet."
    ) == ["prepare salary sheets"]


def test_quotes_that_are_not_about_unknown_words_are_not_echoes():
    hint = 'Got it. Please list skills like "MS Excel", "typing" - or say "no skills yet".'
    assert classify.echoed_fragments("no skills yet", hint) == []
    # the whole message quoted back is not a fragment
    assert classify.echoed_fragments("blorf", 'Sorry, I don\'t know "blorf" yet.') == []
    # a quote that is not in the user's words is the bot's own example
    assert classify.echoed_fragments("hmm", 'I didn\'t get that; try "12th pass".') == []


def test_an_echo_in_devanagari_is_found():
    assert classify.echoed_fragments("बी.ए. कर रहा हूँ", 'Sorry, I don\'t know "बी" yet.') == ["बी"]


# ---- questions, loops, incoherent turns ----------------------------------------------------
def test_retries_of_an_intake_question_count_as_the_same_question():
    first = classify.questions_asked(text("(2/5) Which skills do you have? Type a few."), "skills")
    retry = classify.questions_asked(
        text('Sorry, I don\'t know "x" yet. Please list skills.'), "skills"
    )
    assert first == retry == {"slot skills"}


def test_three_askings_in_a_row_are_a_loop_and_an_answer_between_breaks_the_run():
    asked = classify.TurnView(asked={"slot goals"})
    assert classify.find_loops([asked, asked]) == []
    assert classify.find_loops([asked, asked, asked]) == [{"question": "slot goals", "turn": 0}]
    answered = classify.TurnView(asked={"slot goals"}, answered_something=True)
    assert classify.find_loops([asked, asked, answered, asked]) == []
    assert len(classify.find_loops([asked, asked, answered, asked, asked])) == 1


def test_the_same_fallback_three_times_is_a_loop():
    fallback = text("Sorry, I didn't get that. Could you say it another way, or pick one of these?")
    views = [classify.TurnView(asked=classify.questions_asked(fallback)) for _ in range(3)]
    assert len(classify.find_loops(views)) == 1


def test_two_different_questions_in_one_turn_are_incoherent():
    turn = text(
        "Which role would you like to know more about? You can type its name too.",
        "(2/5) Which skills do you have? No skills yet?",
    )
    assert "several different things" in classify.contradiction(turn)


def test_a_fallback_next_to_an_acknowledgement_is_incoherent():
    turn = text(
        "Got it: Persuasion and selling.",
        "Sorry, I couldn't understand that answer. Please say ...",
    )
    assert classify.contradiction(turn)
    assert classify.contradiction(text("Sorry, I didn't get that.") + [card("voice_bpo")])


def test_two_intake_steps_in_one_turn_are_incoherent():
    assert "two intake steps" in classify.contradiction(text("(2/5) Skills?", "(4/5) Preferences?"))


def test_an_acknowledgement_and_the_next_question_are_one_coherent_reply():
    assert (
        classify.contradiction(text("Got it: 12th pass.", "(2/5) Which skills do you have?"))
        is None
    )
    assert (
        classify.contradiction(
            text("Here's what I have: ...\nIs this right? Shall I show your matches?")
        )
        is None
    )


# ---- answers -----------------------------------------------------------------------------------
def test_a_role_answer_must_name_the_role_and_carry_facts_of_the_aspect(key):
    role = key.roles["legal_process_outsourcing"]
    overview = f"{role.name} (KPO)\n{role.description}\n• Start as: {', '.join(role.entry_roles)}"
    assert key.verdict(overview, {"role": "legal_process_outsourcing"}) == RIGHT
    assert (
        key.verdict(
            "Legal Process Outsourcing is a type of KPO.", {"role": "legal_process_outsourcing"}
        )
        == MISSED
    )
    growth = " -> ".join(role.growth_titles)
    assert (
        key.verdict(overview, {"role": "legal_process_outsourcing", "aspect": "growth"}) == MISSED
    )
    assert (
        key.verdict(
            overview + "\n• Growth: " + growth,
            {"role": "legal_process_outsourcing", "aspect": "growth"},
        )
        == RIGHT
    )


def test_another_faq_answer_is_wrong_and_i_dont_know_is_not(key):
    bpo = "BPO stands for Business Process Outsourcing. Put simply, a company pays another firm"
    assert key.verdict(bpo, {"role": "healthcare_bpo"}) == WRONG
    assert key.wrong_items(bpo, {"role": "healthcare_bpo"}) == ["faq:what_is_bpo"]
    assert key.verdict(bpo, {"faq": "what_is_bpo"}) == RIGHT
    assert (
        key.verdict(
            "I'm not sure I have an answer to that. Did you mean one of these?",
            {"faq": "what_is_kpo"},
        )
        == UNKNOWN
    )
    assert key.verdict("Sorry, I didn't get that.", {"faq": "what_is_kpo"}) == MISSED


def test_another_roles_details_or_the_track_table_are_wrong(key):
    other = key.roles["technical_support_bpo"]
    details = f"{other.name} (BPO)\n{other.description}"
    assert key.verdict(details, {"role": "customer_support_bpo"}) == WRONG
    table = "BPO vs KPO, point by point:\n" + "\n".join(key.comparison_aspects)
    assert key.verdict(table, {"role": "business_consulting_kpo"}) == WRONG
    assert key.verdict(table, {"compare_tracks": True}) == RIGHT


def test_any_of_accepts_each_alternative(key):
    expected = {"any_of": [{"role": "voice_bpo"}, {"faq": "voice_vs_non_voice"}]}
    faq_text = (
        "In a voice process you work mainly on phone calls, incoming or outgoing, so speaking"
    )
    assert key.verdict(faq_text, expected) == RIGHT


def test_a_comparison_needs_both_roles(key):
    a, b = key.roles["data_entry_bpo"], key.roles["back_office_bpo"]
    only_a = f"{a.name}: {a.description}"
    both = only_a + f"\n{b.name}: {b.description}"
    expected = {"roles": ["data_entry_bpo", "back_office_bpo"]}
    assert key.verdict(both, expected) == RIGHT
    assert key.verdict(only_a, expected) != RIGHT


def test_showing_the_matches_again_does_not_answer_a_question(key):
    role = key.roles["customer_support_bpo"]
    messages = text(f"{role.name}: {role.description} Pay and growth: {role.growth_note}") + [
        card(role.id)
    ]
    dialogue = Dialogue(
        id="t",
        part="tuning",
        suite="main",
        kind="message",
        category="c",
        source="x",
        turns=[Turn(text="and its salary?", answer={"role": role.id, "aspect": "salary"})],
    )
    result = score_dialogue(
        dialogue, [TurnRecord("and its salary?", messages, script_index=0)], key
    )
    assert result.turns[0].answer == MISSED


def test_follow_ups_resolve_against_the_last_card(key):
    first = key.roles["finance_accounting_bpo"]
    dialogue = Dialogue(
        id="t",
        part="tuning",
        suite="main",
        kind="message",
        category="c",
        source="x",
        context="recommended",
        turns=[Turn(text="tell me more", answer={"role": "$shown:1"})],
    )
    records = [
        TurnRecord("/affirm", [card(first.id, "hr_bpo")], phase=PRELUDE),
        TurnRecord(
            "tell me more", text(f"{first.name} (BPO)\n{first.description}"), script_index=0
        ),
    ]
    assert score_dialogue(dialogue, records, key).turns[0].answer == RIGHT


# ---- facts -------------------------------------------------------------------------------------
def test_facts_are_read_from_the_profile_slot(key):
    profile = {
        "education_level": "graduate",
        "degree": "bcom",
        "field": "commerce",
        "skills": ["tally"],
        "goals": [],
        "preferences": ["day_shift"],
        "experience_years": 0.0,
        "fresher": True,
    }
    facts = dict(
        check_facts(
            {
                "degree": "bcom",
                "skills": ["tally", "ms_excel"],
                "not_skills": ["programming"],
                "preferences": ["day_shift"],
                "fresher": True,
                "answered": ["skills"],
            },
            profile,
            {"skills": "Tally"},
            key,
        )
    )
    assert facts == {
        "degree=bcom": True,
        "skill=tally": True,
        "skill=ms_excel": False,
        "no skill=programming": True,
        "preference=day_shift": True,
        "fresher=True": True,
        "answered skills": True,
    }


def test_a_degree_implies_its_level_and_field_and_lists_are_alternatives(key):
    profile = {"degree": "polytechnic_diploma", "field": None}
    facts = dict(
        check_facts(
            {"education_level": "diploma", "field": ["mechanical", "engineering"]}, profile, {}, key
        )
    )
    assert all(facts.values()), facts
    assert not any(ok for _, ok in check_facts({"field": "mechanical"}, profile, {}, key))
    assert not any(
        ok for _, ok in check_facts({"skills": ["sql"], "interests": ["numbers"]}, None, {}, key)
    )
