"""The evaluator judges a role answered in Hindi fairly: the answer key knows each role's Hindi
name and Hindi facts (from the knowledge base's overlay, sources/hi/), so the bot's Hindi
answer about a role is "right", and a Hindi answer about another role is still "wrong"."""

from __future__ import annotations

import pytest

from careerpath import wording
from careerpath.conversation.role_answers import role_answer
from careerpath.kb.repository import load_catalog
from evaluation.answers import RIGHT, WRONG, load_answer_key

ASPECTS = ("overview", "salary", "shifts", "voice", "skills", "education", "growth", "entry_jobs")
ROLES = ("customer_support_bpo", "data_analytics_science_kpo", "legal_process_outsourcing")


@pytest.fixture(scope="module")
def key():
    return load_answer_key()


@pytest.fixture(scope="module")
def hindi():
    return load_catalog().localized("hi")


def _said_in_hindi(role_id: str, aspect: str, catalog) -> str:
    with wording.language("hi"):
        return role_answer(role_id, [aspect], catalog, in_intake=False).text


def test_the_key_knows_every_role_by_its_hindi_name(key, hindi):
    for role_id, role in hindi.roles.items():
        assert key.names_role(f"{role.name} के बारे में", role_id), role.name


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("role_id", ROLES)
def test_a_hindi_answer_about_a_role_is_right(key, hindi, role_id, aspect):
    if role_id not in hindi.roles:
        pytest.skip(f"{role_id} is not in this knowledge base")
    said = _said_in_hindi(role_id, aspect, hindi)
    assert key.verdict(said, {"role": role_id, "aspect": aspect}) == RIGHT, said


def test_a_hindi_answer_about_another_role_is_wrong(key, hindi):
    said = _said_in_hindi("data_analytics_science_kpo", "overview", hindi)
    assert key.verdict(said, {"role": "customer_support_bpo"}) == WRONG, said
