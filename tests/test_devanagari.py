"""Devanagari -> Hinglish letters, with our own OPTITRANS table (no transliteration library).

The expected spellings were taken from the ``indic-transliteration`` library's OPTITRANS
output (plus our schwa deletion and Hinglish fixes) when the table replaced it; the table
agreed with the library on every Devanagari word in the repository.
"""

import pytest

from careerpath.profiling.devanagari import _letters_in_roman, romanise
from careerpath.profiling.spelling import unify_spelling

WORDS = {
    "नौकरी": "naukri",
    "काम": "kaam",
    "चाहिए": "chahiye",
    "पञ्जाब": "panjaab",  # ञ before its own row is a plain n
    "ज्ञान": "jnaan",  # conjunct with a letter of its own
    "फ़ाइनेंस": "fainens",  # nukta letters
    "ज़रूरी": "zaruri",
    "पढ़ाई": "padhai",
    "एमबीए": "mba",  # English letter names
    "शिफ्ट": "shift",  # virama, and फ as f
    "हिंदी": "hindi",  # anusvara
    "अंग्रेज़ी": "angrezi",
    "१२वीं": "12th",
    "कॉल": "kol",
}


@pytest.mark.parametrize(("word", "expected"), WORDS.items())
def test_words_read_as_students_type_them(word, expected):
    assert romanise(word) == expected


def test_letters_without_context_still_read():
    assert _letters_in_roman("क्") == "k"
    assert _letters_in_roman("ा") == "A"  # a vowel sign typed alone
    assert _letters_in_roman("ढ़ी") == ".DhI"  # precomposed nukta letter


def test_a_sentence_in_devanagari_meets_the_hinglish_vocabulary():
    assert unify_spelling("मुझे जल्दी नौकरी चाहिए").text == "mujhe jaldi naukri chahiye"
