"""The FAQ search (careerpath.conversation.faq): everyday rewordings find their FAQ,
Devanagari questions are read as whole words and find the FAQ by its Hindi phrasings, and
unrelated questions find nothing. The phrasings are our own, not the realistic corpus's."""

from __future__ import annotations

import pytest

from careerpath.conversation import faq
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("faq-matching")) as (_url, kb):
        yield kb


def test_devanagari_words_keep_their_vowel_signs():
    assert faq.content_words("नौकरी कैसे मिलेगी?") == "नौकरी मिलेगी"
    assert faq.content_words("बीपीओ क्या होता है।") == "bpo"


@pytest.mark.parametrize(
    "message, faq_id",
    [
        ("बीपीओ का मतलब बताइए", "what_is_bpo"),
        ("केपीओ क्या होता है", "what_is_kpo"),
        ("BPO में रात की शिफ्ट होती है?", "bpo_night_shifts"),
    ],
)
def test_a_devanagari_question_finds_its_faq(catalog, message, faq_id):
    match = faq.find_answer(message, catalog)
    assert match is not None and match.faq.id == faq_id


@pytest.mark.parametrize(
    "message, faq_id",
    [
        ("bpo means just phone calls?", "bpo_work_nature"),
        ("who is hiring kpo people", "industries_using_kpo"),
        ("what kind of person is bpo made for", "who_should_choose_bpo"),
        ("which skills should a bpo worker have", "skills_for_bpo"),
        ("jobs for a beginner in kpo", "starting_job_roles"),
    ],
)
def test_an_everyday_rewording_finds_its_faq(catalog, message, faq_id):
    match = faq.find_answer(message, catalog)
    assert match is not None and match.faq.id == faq_id


@pytest.mark.parametrize("message", ["what is the weather", "मौसम कैसा है", "best cricket bat"])
def test_an_unrelated_question_finds_nothing(catalog, message):
    assert faq.find_answer(message, catalog) is None
