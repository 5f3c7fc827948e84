"""Questions about a work condition with no one role named ("can I do BPO part time?")
list the role types whose knowledge-base work style fits (careerpath.conversation.role_filters)."""

from __future__ import annotations

import pytest

from careerpath.conversation import answering
from careerpath.conversation.role_filters import condition_asked
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("role-filters")) as (_url, kb):
        yield kb


@pytest.mark.parametrize(
    "message, condition",
    [
        ("can i do bpo job part time", "part_time"),
        ("parttime kpo jobs?", "part_time"),
        ("which kpo jobs are non voice", "non_voice"),
        ("bpo jobs without calls", "non_voice"),
        ("day shift wali bpo jobs", "day"),
        ("which jobs have night shifts", "night"),
        ("what is kpo", None),
    ],
)
def test_the_condition_asked_about(message, condition):
    assert condition_asked(message) == condition


def test_part_time_lists_the_roles_whose_data_allow_it(catalog):
    answer = answering.answer_question("can i do bpo job part time", catalog)
    assert answer.kind == answering.LISTING
    allowed = [r for r in catalog.roles.values() if r.part_time_possible and r.track == "BPO"]
    assert allowed, "the knowledge base marks some BPO role as open to part-timers"
    for role in allowed:
        if role.category_kind == "function":
            assert role.name in answer.reply.text
    assert all(b["payload"].startswith("/ask_role_details") for b in answer.reply.buttons)


def test_only_the_named_track_and_only_jobs_one_applies_for(catalog):
    answer = answering.answer_question("which kpo jobs are non voice", catalog)
    named = [r for r in catalog.roles.values() if r.name in answer.reply.text]
    assert named and all(r.track == "KPO" and r.voice == "non_voice" for r in named)
    attribute = [r for r in catalog.roles.values() if r.category_kind == "attribute"]
    assert not any(r.name in answer.reply.text for r in attribute)


def test_no_fitting_role_is_said_plainly(catalog):
    answer = answering.answer_question("part time kpo jobs", catalog)
    kpo_part_time = [r for r in catalog.roles.values() if r.track == "KPO" and r.part_time_possible]
    if kpo_part_time:
        assert all(role.name in answer.reply.text for role in kpo_part_time)
    else:
        assert "None of the KPO role types" in answer.reply.text


def test_a_named_role_or_a_verbatim_faq_still_wins(catalog):
    assert answering.answer_question("is data entry part time", catalog).kind == answering.ROLE
    faq = answering.answer_question("are there night shifts in bpo", catalog)
    assert faq.kind == answering.FAQ and faq.faq_id == "bpo_night_shifts"


def test_working_from_home_is_answered_as_not_in_our_sources(catalog):
    """Our sources say nothing about working from home: the answer says so, for one role
    (with what they do say about its hours) and for a whole track."""
    one = answering.answer_question("can i do data entry from home", catalog)
    assert one.kind == answering.ROLE
    assert "do not say" in one.reply.text and "part-time" in one.reply.text
    track = answering.answer_question("is kpo work from home possible", catalog)
    assert track.kind == answering.LISTING and "do not say which KPO jobs" in track.reply.text
