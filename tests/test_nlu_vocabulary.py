"""careerpath_rasa.nlu: the known-word test behind UnknownWordsFallback (no Rasa model needed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from careerpath_rasa.nlu.unknown_words import fallback_prediction
from careerpath_rasa.nlu.vocabulary import Vocabulary
from harness.stack import PROJECT_ROOT

VOCABULARY = Vocabulary.from_tokens(
    [
        "yes",
        "yess",
        "hi",
        "hiii",
        "thanks",
        "experience",
        "full",
        "na",
        "naa",
        "no",
        "B.Com",
        "excel",
        "tally",
        "12th",
        "don't",
    ]
)


@pytest.mark.parametrize("token", ["yes", "YES", "b.com", "bcom", "12th", "dont", "Excel,"])
def test_training_words_are_known_whatever_the_case_or_punctuation(token):
    assert VOCABULARY.knows(token)


@pytest.mark.parametrize("token", ["experiance", "thnaks", "yesss", "hiiii", "exel", "tallly"])
def test_one_typo_away_from_a_known_word_is_known(token):
    assert VOCABULARY.knows(token)


@pytest.mark.parametrize(
    "token", ["null", "nan", "nah", "lkjhgf", "xyzzy", "😀", "नमस्ते", "?", "[[[[", "123", ""]
)
def test_unknown_words_other_scripts_symbols_and_digits_are_not_known(token):
    assert not VOCABULARY.knows(token)


def test_short_words_must_match_exactly():
    # "nan" is one edit from "naa" and "na", but three letters are too few to guess from.
    assert not VOCABULARY.knows("nan")
    assert VOCABULARY.knows("naa")


def test_known_words_keeps_only_the_known_tokens():
    assert VOCABULARY.known_words(["😀", "yes", "qqq"]) == ["yes"]
    assert VOCABULARY.known_words([]) == []


def test_vocabulary_round_trips_through_its_word_list():
    assert Vocabulary(frozenset(VOCABULARY.to_list())) == VOCABULARY


def test_fallback_prediction_puts_nlu_fallback_above_the_classifier_ranking():
    ranking = [{"name": "affirm", "confidence": 0.55}, {"name": "greet", "confidence": 0.1}]
    intent, new_ranking = fallback_prediction(ranking)
    assert intent["name"] == "nlu_fallback"
    assert [entry["name"] for entry in new_ranking] == ["nlu_fallback", "affirm", "greet"]


def test_the_word_test_needs_no_rasa():
    # The Rasa component (unknown_words) imports Rasa; the vocabulary is plain Python.
    code = (
        "import sys, careerpath_rasa.nlu.vocabulary; "
        "sys.exit(1 if 'rasa' in sys.modules or 'tensorflow' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT).returncode == 0
