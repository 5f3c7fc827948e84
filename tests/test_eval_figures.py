"""The evaluation instrument on whole dialogues: dead ends, ways forward, per-part targets,
recommendation and ranking checks, card contents and clash words (hand-made turns, no servers)."""

from __future__ import annotations

import pytest

from evaluation import classify
from evaluation.answers import honours, load_answer_key
from evaluation.corpus import Dialogue, Turn
from evaluation.report import TARGETS, build, missed_targets
from evaluation.scoring import (
    SCRIPT,
    TAIL,
    TurnRecord,
    check_recommendations,
    figures,
    score_dialogue,
)
from tests.eval_support import card, text


@pytest.fixture(scope="module")
def key():
    return load_answer_key()


# ---- dialogues and figures ---------------------------------------------------------------------
def test_a_conversation_that_never_shows_matches_is_a_dead_end_and_stuck_turns_count(key):
    dialogue = Dialogue(
        id="c",
        part="heldout",
        suite="main",
        kind="conversation",
        category="c",
        source="x",
        expect_recommendations=True,
        turns=[Turn(text="I did BA in history, I don't know what I want", progress=True)],
    )
    fallback = text("Sorry, I didn't get that. Could you say it another way, or pick one of these?")
    records = [
        TurnRecord(dialogue.turns[0].text, fallback, script_index=0),
        TurnRecord("/ask_career_advice", fallback, phase=TAIL),
    ]
    result = score_dialogue(dialogue, records, key)
    assert result.dead_end and result.turns[0].stuck
    numbers = figures([result])
    assert numbers["dead_ends"] == 2 and numbers["dead_end_conversations"] == 1
    records.append(TurnRecord("/affirm", [card("voice_bpo")], phase=TAIL))
    assert not score_dialogue(dialogue, records, key).dead_end


def test_a_reply_with_a_question_or_buttons_is_a_way_forward(key):
    dialogue = Dialogue(
        id="m",
        part="tuning",
        suite="main",
        kind="message",
        category="c",
        source="x",
        turns=[Turn(text="i dont know what i want", progress=True)],
    )
    reply = text("No problem - let's find out together. What do you enjoy most?")
    assert (
        not score_dialogue(dialogue, [TurnRecord("x", reply, script_index=0)], key).turns[0].stuck
    )


def test_targets_are_checked_per_part(key):
    dialogue = Dialogue(
        id="m",
        part="tuning",
        suite="main",
        kind="message",
        category="c",
        source="x",
        turns=[Turn(text="what is kpo", answer={"faq": "what_is_kpo"})],
    )
    miss = score_dialogue(
        dialogue,
        [
            TurnRecord(
                "what is kpo", text("Sorry, I didn't get that."), script_index=0, phase=SCRIPT
            )
        ],
        key,
    )
    report = build([miss], {"started": "now", "commit": "x", "model": "m", "seconds": 1})
    assert any("right_rate" in line for line in report["targets"]["tuning"])
    assert (
        missed_targets(
            {
                "loops": 0,
                "dead_ends": 0,
                "echoes": 0,
                "contradictions": 0,
                "facts_rate": 0.95,
                "right_rate": 0.92,
                "wrong_rate": 0.02,
            },
            TARGETS,
        )
        == []
    )


def test_recommendation_checks_read_the_first_card_and_the_clash_words(key):
    night = {"role_type": "offshore_bpo", "track": "BPO", "work_style": {"shifts": "night"}}
    day = {
        "role_type": "legal_process_outsourcing",
        "track": "KPO",
        "work_style": {"shifts": "day"},
    }
    messages = [{"custom": {"type": "recommendations", "items": [night, day]}}]
    expected = {"first_track": "KPO", "not_first": ["offshore_bpo"], "honours": ["day_shift"]}
    assert check_recommendations(expected, messages, key) == [
        ("first track KPO", False),
        ("offshore_bpo not first", False),
        ("day_shift honoured or named", False),
    ]
    named = dict(night, why=["Note: this role works night shifts, which you wanted to avoid."])
    messages = [{"custom": {"type": "recommendations", "items": [day, named]}}]
    assert all(ok for _, ok in check_recommendations(expected, messages, key))
    assert check_recommendations({"first": "hr_bpo"}, text("no card"), key) == [
        ("first hr_bpo (no recommendations shown)", False)
    ]


def test_text_and_buttons_inside_a_card_count_as_the_reply(key):
    message = {
        "custom": {
            "type": "recommendations",
            "items": [{"role_type": "hr_bpo"}],
            "text": "Shall I show more?",
            "buttons": [{"title": "Yes", "payload": "/affirm"}],
        }
    }
    assert classify.texts([message]) == ["Shall I show more?"]
    assert classify.buttons([message])[0]["payload"] == "/affirm"


def test_work_style_words_alone_do_not_flag_a_clash(key):
    item = {"role_type": "customer_support_bpo", "work": "calls or chat · rotational shifts"}
    assert not honours(item, "day_shift", key)
    assert honours(
        dict(item, why="It has rotational shifts, which you wanted to avoid."), "day_shift", key
    )


def test_the_ranking_is_judged_on_the_first_card_from_that_turn_on(key):
    dialogue = Dialogue(
        id="c",
        part="tuning",
        suite="main",
        kind="conversation",
        category="c",
        source="x",
        turns=[Turn(text="yes", recommend={"first": "hr_bpo"})],
    )
    records = [
        TurnRecord("yes", text("(3/5) What matters most to you?"), script_index=0),
        TurnRecord("skip", [card("hr_bpo")], phase=TAIL),
    ]
    assert score_dialogue(dialogue, records, key).turns[0].recommend == [("first hr_bpo", True)]
