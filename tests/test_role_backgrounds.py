"""Which role types suit a background ("best KPO for commerce students"): the role types
whose knowledge-base fields include that subject (careerpath.conversation.role_backgrounds)."""

from __future__ import annotations

import pytest

from careerpath.conversation import answering
from careerpath.conversation.role_backgrounds import background_asked
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("role-backgrounds")) as (_url, kb):
        yield kb


@pytest.mark.parametrize(
    "message, field",
    [
        ("best kpo for commerce students", "commerce"),
        ("which bpo job is good after B.Com", "commerce"),
        ("science graduates ke liye kaunsa kpo sahi hai", "science"),
        ("which kpo suits law graduates", "law"),
        ("which is better for me bpo or kpo", None),  # "me" is no M.E.
        ("what is kpo", None),
        ("I did B.Com", None),  # a statement, not a question about what suits
    ],
)
def test_the_background_a_question_names(catalog, message, field):
    assert background_asked(message, catalog) == field


def test_the_roles_listed_are_those_of_that_field_and_track(catalog):
    answer = answering.answer_question("best kpo for commerce students", catalog)
    assert answer.kind == answering.LISTING
    named = [r for r in catalog.roles.values() if r.name in answer.reply.text]
    assert named
    assert all(r.track == "KPO" and "commerce" in r.fields for r in named)
    expected = [
        r for r in catalog.roles.values()
        if r.track == "KPO" and r.category_kind == "function" and "commerce" in r.fields
    ]  # fmt: skip
    assert {r.id for r in named} == {r.id for r in expected}


def test_both_tracks_named_is_the_comparison_not_a_list(catalog):
    answer = answering.answer_question("bcom ke liye bpo ya kpo kaunsa sahi hai", catalog)
    assert answer.kind == answering.FAQ and answer.faq_id == "kpo_or_bpo_better"
