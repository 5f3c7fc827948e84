"""The realistic corpus (tests/realistic/) checked against the knowledge base and the issue.

Fast, no servers: every id the corpus names exists, the corpus has the size the
understanding issue asks for, a third of it is held out, and every role type is asked about.
"""

from __future__ import annotations

import pytest

from evaluation.answers import load_answer_key
from evaluation.corpus import CORPUS_DIR, PARTS, WARNING, load_corpus, problems


@pytest.fixture(scope="module")
def key():
    return load_answer_key()


def test_the_corpus_names_only_ids_the_knowledge_base_has(key):
    dialogues = load_corpus(CORPUS_DIR, PARTS)
    assert [p for p in problems(dialogues, key) if WARNING not in p] == []


def test_the_corpus_is_big_enough_and_about_a_third_is_held_out():
    dialogues = load_corpus(CORPUS_DIR, PARTS)
    main = [d for d in dialogues if d.suite == "main"]
    hindi = [d for d in dialogues if d.suite == "hindi"]
    assert sum(d.kind == "message" for d in main) >= 100
    assert sum(d.kind == "conversation" for d in main) >= 30
    assert sum(d.kind == "message" for d in hindi) >= 30
    assert sum(d.kind == "conversation" for d in hindi) >= 10
    held_out = sum(d.part == "heldout" for d in dialogues) / len(dialogues)
    assert 0.28 <= held_out <= 0.4


def test_every_role_type_is_asked_about_by_name(key):
    asked = set()
    for dialogue in load_corpus(CORPUS_DIR, PARTS):
        for turn in dialogue.turns:
            answer = turn.answer or {}
            options = answer.get("any_of", [answer])
            asked |= {option.get("role") for option in options} | {
                role for option in options for role in option.get("roles", [])
            }
    assert set(key.roles) <= asked
