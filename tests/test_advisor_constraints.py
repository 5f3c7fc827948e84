"""The advisor on people who say more than skills: specialist postgraduates, stated
constraints (day shifts, no calls, part-time) and interests. Profiles are read by the real
extractor from the real knowledge base, as in test_advisor.py."""

from __future__ import annotations

import pytest

from careerpath.advisor import recommend
from careerpath.kb.repository import load_catalog
from careerpath.profiling import Profile, extract
from tests.test_advisor import advise, profile_from


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(f"sqlite:///{tmp_path_factory.mktemp('constraints') / 'kb.db'}")


# ---- the ranking on specialist postgraduates ---------------------------------------------------
@pytest.mark.parametrize(
    "answers",
    [
        dict(education="M.Com finance"),
        dict(education="PGDM in finance", skills="excel", experience="fresher"),
        dict(
            education="MBA (finance)",
            skills="ratio analysis, excel",
            goals="better salary",
            preferences="day shift only",
        ),
    ],
)
def test_a_finance_postgraduate_is_not_offered_data_entry_first(catalog, answers):
    first = advise(catalog, **answers).recommendations[0]
    assert first.role_type not in ("data_entry_bpo", "back_office_bpo")
    assert first.track == "KPO"


@pytest.mark.parametrize(
    "answers",
    [
        dict(
            education="M.Pharm",
            skills="drug safety, case processing, MedDRA coding",
            experience="1.5 years",
        ),
        dict(
            education="M Pharma pharmacology",
            skills="pharmacovigilance, research",
            goals="career growth",
        ),
        dict(education="Pharm.D", skills="adverse event reporting, medical writing"),
    ],
)
def test_a_pharmacovigilance_profile_gets_life_sciences_kpo_first(catalog, answers):
    ranking = [rec.role_type for rec in advise(catalog, **answers).recommendations]
    assert ranking[0] == "healthcare_life_sciences_kpo", ranking
    assert ranking.index("ip_research_kpo") > 0 if "ip_research_kpo" in ranking else True


# ---- constraints ------------------------------------------------------------------------------
def test_a_role_against_a_stated_preference_is_flagged_in_words(catalog):
    advice = advise(
        catalog,
        education="12th pass",
        skills="spoken english, typing",
        preferences="only day shift, no calling",
    )
    by_role = {rec.role_type: rec for rec in advice.recommendations}
    support = by_role["customer_support_bpo"]  # rotational shifts in the knowledge base
    assert [(c["preference"], c["fact"], c["value"]) for c in support.clashes] == [
        ("day_shift", "shifts", "rotational")
    ]
    assert support.why.startswith("Note: this role often has rotational shifts")
    sales = by_role["sales_marketing_bpo"]  # calls only, rotational
    assert {c["preference"] for c in sales.clashes} == {"day_shift", "non_voice"}
    assert "phone calls" in sales.why
    for rec in advice.recommendations:
        if rec.work_style["shifts"] == "day" and rec.work_style["voice"] != "voice":
            assert rec.clashes == [] and not rec.why.startswith("Note:")
        for clash in rec.clashes:  # words, never the raw value
            assert clash["text"] in rec.why and "_" not in clash["text"]


def test_a_clash_lowers_a_role_against_the_same_profile_without_the_preference(catalog):
    plain = {
        rec.role_type: rec.score
        for rec in advise(catalog, education="BA", skills="communication").recommendations
    }
    wish = {
        rec.role_type: rec.score
        for rec in advise(
            catalog, education="BA", skills="communication", preferences="no night shift"
        ).recommendations
    }
    assert wish["customer_support_bpo"] < plain["customer_support_bpo"]
    assert wish["hr_bpo"] >= plain["hr_bpo"]  # day shifts: no clash


def test_part_time_wish_flags_full_time_roles(catalog):
    advice = advise(catalog, education="12th pass", skills="typing", preferences="few hours a day")
    assert advice.recommendations[0].role_type == "data_entry_bpo"
    assert advice.recommendations[0].clashes == []
    later = [rec for rec in advice.recommendations[1:] if rec.clashes]
    assert later and all("full-time" in rec.why for rec in later)


# ---- interests --------------------------------------------------------------------------------
def test_interests_move_matching_roles_up_and_are_explained(catalog):
    profile = profile_from(catalog, education="B.Com", skills="MS Excel")
    without = recommend(profile, catalog)
    enjoying = recommend(profile.merged(extract("I love working with numbers", catalog)), catalog)
    before = {rec.role_type: rec.score for rec in without.recommendations}
    after = {rec.role_type: rec for rec in enjoying.recommendations}
    assert after["finance_accounting_bpo"].score > before["finance_accounting_bpo"]
    assert after["finance_accounting_bpo"].interests == ["Working with numbers"]
    assert "It suits what you enjoy: working with numbers." in after["finance_accounting_bpo"].why
    assert after["customer_support_bpo"].score < before["customer_support_bpo"]
    assert after["customer_support_bpo"].interests == []


def test_interest_alone_with_education_ranks_by_interest(catalog):
    profile = profile_from(catalog, education="BA", skills="communication")
    profile = profile.merged(extract("designing and drawing is what I enjoy", catalog))
    advice = recommend(profile, catalog)
    assert advice.recommendations and profile.interests == ["design_engineering"]
    assert advice.to_dict()["recommendations"][0]["interests"] is not None


def test_without_interests_the_score_is_unchanged_by_the_interest_weight(catalog):
    profile = profile_from(catalog, education="B.Com", skills="Tally")
    assert Profile.from_dict(profile.to_dict()).interests == []
    first = recommend(profile, catalog).recommendations[0]
    assert first.interests == [] and "what you enjoy" not in first.why
