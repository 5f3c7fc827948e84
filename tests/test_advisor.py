"""The advisor on the real knowledge base, with profiles read by the real extractor.

Personas are written the way people type them and go through ``careerpath.profiling.extract``
(real spaCy), so a persona passing means the chat would give the same answer. The database
is a real SQLite file built from the YAML sources in a temporary directory.
"""

from __future__ import annotations

import json

import pytest

from careerpath.advisor import Advice, Recommendation, recommend, why_not_track
from careerpath.advisor.render import (
    render_advice,
    render_comparison,
    render_learning_plan,
    render_recommendation,
    render_role,
)
from careerpath.advisor.scoring import (
    FIT_THRESHOLDS,
    WEIGHT_EDUCATION,
    WEIGHT_EXPERIENCE,
    WEIGHT_GOALS,
    WEIGHT_PREFERENCES,
    WEIGHT_SKILLS,
)
from careerpath.kb.repository import load_catalog
from careerpath.profiling import Profile
from tests.advisor_support import PERSONAS, advise, profile_from


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('advisor') / 'kb.db'}"
    return load_catalog(url)


@pytest.fixture(scope="module")
def persona_advice(catalog):
    return {name: advise(catalog, **answers) for name, (answers, _, _) in PERSONAS.items()}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_persona_gets_the_right_role_type_first(persona, persona_advice):
    _, expected_role, expected_track = PERSONAS[persona]
    advice = persona_advice[persona]
    assert advice.recommendations, advice.prerequisites
    top = advice.recommendations[0]
    ranking = [(rec.role_type, rec.score) for rec in advice.recommendations[:4]]
    assert top.role_type == expected_role, ranking
    assert top.track == expected_track
    assert top.education_fit["status"] == "meets"
    assert top.fit in ("strong", "good", "possible")
    assert top.matched_skills, "the first pick must use at least one of the person's skills"


def test_personas_cover_both_tracks_and_many_role_types():
    tracks = {track for _, _, track in PERSONAS.values()}
    roles = {role for _, role, _ in PERSONAS.values()}
    assert tracks == {"BPO", "KPO"}
    assert len(PERSONAS) >= 12 and len(roles) >= 14


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_recommendation_is_complete_and_scored(persona, persona_advice, catalog):
    advice = persona_advice[persona]
    scores = [rec.score for rec in advice.recommendations]
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert _sorted_within_entry_groups(advice)
    for rec in advice.recommendations:
        assert rec.growth_path and rec.entry_roles and rec.why.strip()
        assert rec.fit in ("strong", "good", "possible", "stretch")
        assert rec.education_fit["status"] in ("meets", "stretch", "below")
        assert rec.education_fit["note"]
        role = catalog.roles[rec.role_type]
        assert role.category_kind == "function"
        assert set(rec.matched_skills) | set(rec.missing_skills) == {
            catalog.skills[rs.skill_id].name for rs in role.skills
        }
        _assert_training_covers_missing_skills(rec, catalog)
        _assert_essential_missing_skills_first(rec, catalog)


def _sorted_within_entry_groups(advice: Advice) -> bool:
    """Roles open now come first, best score first; then roles a qualification away, likewise."""
    later = [rec.why.startswith("After you complete") for rec in advice.recommendations]
    if later != sorted(later):
        return False
    for group in (False, True):
        scores = [
            rec.score
            for rec, flag in zip(advice.recommendations, later, strict=False)
            if flag == group
        ]
        if scores != sorted(scores, reverse=True):
            return False
    return True


def _assert_training_covers_missing_skills(rec: Recommendation, catalog) -> None:
    assert [item["skill"] for item in rec.training] == rec.missing_skills
    for item in rec.training:
        assert item["courses"], f"no course for {item['skill']}"
        kinds = [course["kind"] for course in item["courses"]]
        assert kinds == sorted(kinds, key=lambda kind: kind != "academy"), "academy courses first"
        for course in item["courses"]:
            assert course["title"] and course["kind"] in ("generic", "academy")


def _assert_essential_missing_skills_first(rec: Recommendation, catalog) -> None:
    essential = {
        catalog.skills[rs.skill_id].name
        for rs in catalog.roles[rec.role_type].skills
        if rs.essential
    }
    flags = [name in essential for name in rec.missing_skills]
    assert flags == sorted(flags, reverse=True)


def test_why_is_specific_to_the_person(catalog, persona_advice):
    rec = persona_advice["bcom_tally_stable"].recommendations[0]
    assert "Tally" in rec.why and "MS Excel" in rec.why
    assert "B.Com" in rec.why
    assert "stable job" in rec.why
    assert "Business Process Outsourcing" in rec.why, "BPO is explained, not just named"
    assert rec.missing_skills[0] in rec.why, "says what to learn next"
    kpo = persona_advice["btech_cse_python_sql_growth"].recommendations[0]
    assert "Python" in kpo.why and "SQL" in kpo.why
    assert "Knowledge Process Outsourcing" in kpo.why
    assert "pays more" in kpo.why and "grows faster" in kpo.why
    assert "long-term career growth" in kpo.why


def test_summary_prefers_the_track_the_seeds_suggest(persona_advice):
    assert persona_advice["twelfth_english_quick"].summary["preferred_track"] == "BPO"
    assert persona_advice["btech_cse_python_sql_growth"].summary["preferred_track"] == "KPO"
    assert persona_advice["mba_finance_cfa_modelling"].summary["preferred_track"] == "KPO"
    for advice in persona_advice.values():
        assert advice.summary["text"] and advice.summary["reasons"]
    twelfth = persona_advice["twelfth_english_quick"].summary
    assert any("KPO" in reason and "degree" in reason for reason in twelfth["reasons"])


def test_twelfth_pass_is_not_offered_roles_that_need_a_degree(persona_advice, catalog):
    advice = persona_advice["twelfth_english_quick"]
    assert advice.recommendations
    assert {rec.track for rec in advice.recommendations} == {"BPO"}
    assert all(
        catalog.roles[rec.role_type].min_education == "twelfth" for rec in advice.recommendations
    )


def test_tenth_pass_gets_an_honest_answer(catalog):
    advice = advise(catalog, education="10th pass", skills="typing", goals="need a job quickly")
    assert any("12th" in step for step in advice.prerequisites)
    assert any("diploma" in step.lower() for step in advice.prerequisites)
    for rec in advice.recommendations:
        assert rec.fit == "stretch"
        assert rec.track == "BPO"
        assert rec.education_fit["status"] != "meets"
        assert rec.why.startswith("After you complete 12th")
    assert advice.summary["preferred_track"] == "BPO"
    assert "12th" in render_advice(advice)


def test_an_iti_certificate_gets_the_same_honest_answer_as_tenth_pass(catalog):
    advice = advise(
        catalog, education="ITI electrician", skills="basic computer", goals="need a job quickly"
    )
    assert any("12th" in step for step in advice.prerequisites)
    assert advice.recommendations and all(
        rec.fit == "stretch" and rec.track == "BPO" for rec in advice.recommendations
    )


def test_empty_profile_asks_for_education_instead_of_guessing(catalog):
    advice = recommend(Profile(), catalog)
    assert advice.recommendations == []
    assert any("education" in step.lower() for step in advice.prerequisites)
    assert advice.summary["preferred_track"] == "either"
    text = render_advice(advice)
    assert "education" in text.lower()


def test_skills_without_education_are_capped_and_ask_for_education(catalog):
    advice = advise(catalog, skills="Tally, MS Excel, accounting")
    assert advice.recommendations
    assert all(rec.fit in ("possible", "stretch") for rec in advice.recommendations)
    assert any("education" in step.lower() for step in advice.prerequisites)


def test_same_input_gives_identical_advice(catalog):
    answers = dict(
        education="B.Sc statistics",
        skills="research, Excel, statistics",
        goals="high salary",
        preferences="day shift",
        experience="fresher",
    )
    first = advise(catalog, **answers).to_dict()
    second = advise(catalog, **answers).to_dict()
    assert first == second
    assert json.loads(json.dumps(first)) == first, "to_dict is JSON-safe"


def test_equal_scores_keep_seed_order(catalog):
    advice = recommend(Profile(education_level="graduate"), catalog)
    order = list(catalog.roles)
    by_score = {}
    for rec in advice.recommendations:
        by_score.setdefault(rec.score, []).append(order.index(rec.role_type))
    assert any(len(positions) > 1 for positions in by_score.values())
    assert all(positions == sorted(positions) for positions in by_score.values())


def test_limit_keeps_the_best(catalog):
    full = advise(catalog, education="BCA", skills="troubleshooting")
    top_two = advise(catalog, limit=2, education="BCA", skills="troubleshooting")
    assert [rec.role_type for rec in top_two.recommendations] == [
        rec.role_type for rec in full.recommendations[:2]
    ]


def test_pursuing_a_degree_is_a_stretch_for_roles_that_need_it(catalog):
    advice = advise(catalog, education="pursuing final year B.Com", skills="Tally, Excel")
    by_role = {rec.role_type: rec for rec in advice.recommendations}
    assert advice.recommendations[0].role_type == "finance_accounting_bpo"
    assert by_role["finance_accounting_bpo"].education_fit["status"] == "meets"
    kpo = by_role["financial_investment_kpo"]
    assert kpo.education_fit["status"] == "stretch"
    assert "Finish your B.Com" in kpo.education_fit["note"]
    assert kpo.fit != "strong"
    assert advice.summary["preferred_track"] == "BPO"


def test_final_year_student_aiming_high_is_pointed_to_kpo_after_the_degree(catalog):
    advice = advise(
        catalog,
        education="pursuing final year BTech CSE",
        skills="python, sql",
        goals="high salary",
    )
    top = advice.recommendations[0]
    assert top.role_type == "data_analytics_science_kpo"
    assert top.education_fit["status"] == "stretch" and top.fit != "strong"
    assert advice.summary["preferred_track"] == "KPO"
    assert "once you finish" in advice.summary["text"]


def test_why_not_kpo_for_a_twelfth_pass(catalog):
    profile = profile_from(catalog, education="12th pass", skills="good English", goals="quick job")
    answer = why_not_track(profile, "kpo", catalog)
    assert "KPO" in answer and "graduate degree" in answer
    assert "a job quickly" in answer, "names the goal that points the other way"
    assert "pays more" in answer


def test_why_not_track_when_it_is_already_listed_or_unknown(catalog):
    profile = profile_from(
        catalog, education="B.Com graduate", skills="Tally, MS Excel, financial analysis"
    )
    listed = why_not_track(profile, "KPO", catalog)
    assert "in your list already" in listed
    assert "education" in why_not_track(Profile(), "KPO", catalog)


def test_law_roles_say_a_law_degree_is_needed(catalog):
    advice = advise(catalog, education="B.Tech", skills="legal research, contract drafting")
    lpo = next(
        rec for rec in advice.recommendations if rec.role_type == "legal_process_outsourcing"
    )
    assert lpo.education_fit["status"] == "stretch"
    assert "LLB" in lpo.education_fit["note"]
    assert lpo.fit in ("possible", "stretch")


def test_diploma_holder_sees_open_roles_before_degree_roles(catalog):
    advice = advise(catalog, education="diploma", skills="python", goals="high salary")
    statuses = [rec.why.startswith("After you complete") for rec in advice.recommendations]
    assert statuses == sorted(statuses), "roles open now come before roles that need a degree"
    later = [rec for rec in advice.recommendations if rec.track == "KPO"]
    assert later and all(rec.fit == "stretch" for rec in later)
    assert all("graduate degree" in rec.why for rec in later)


def test_non_voice_preference_shapes_ranking_and_notes(catalog):
    plain = advise(catalog, education="12th pass", skills="typing, MS Excel, good communication")
    quiet = advise(
        catalog,
        education="12th pass",
        skills="typing, MS Excel, good communication",
        preferences="non voice, no calls",
    )
    assert any("Non-Voice BPO" in note for note in quiet.notes)
    assert not any("Non-Voice BPO" in note for note in plain.notes)
    assert catalog.roles[quiet.recommendations[0].role_type].voice in ("non_voice", "either")

    def voice_roles_rank(advice):
        return [rec.role_type for rec in advice.recommendations].index("sales_marketing_bpo")

    assert voice_roles_rank(quiet) >= voice_roles_rank(plain)
    for rec in quiet.recommendations:
        if rec.track == "BPO" and catalog.roles[rec.role_type].voice != "voice":
            assert "Non-Voice BPO" in rec.work_style["processes"]


def test_night_shifts_and_global_exposure_mention_offshore(catalog):
    advice = advise(
        catalog,
        education="BA",
        skills="good English, communication",
        goals="global exposure",
        preferences="night shift ok",
    )
    assert any("Offshore BPO" in note for note in advice.notes)
    bpo = [rec for rec in advice.recommendations if rec.track == "BPO"]
    assert bpo and all("Offshore BPO" in rec.work_style["processes"] for rec in bpo)


def test_domestic_process_mentions_onshore(catalog):
    advice = advise(
        catalog,
        education="12th pass",
        skills="good communication, Hindi",
        preferences="domestic process",
    )
    assert any("Onshore BPO" in note for note in advice.notes)
    assert not any("Offshore BPO" in note for note in advice.notes)


def test_voice_preference_mentions_front_office(catalog):
    advice = advise(
        catalog, education="12th pass", skills="good communication", preferences="voice process"
    )
    assert any("Voice-Based BPO" in note and "Front Office BPO" in note for note in advice.notes)


def test_scoring_weights_add_up_and_tiers_descend():
    total = WEIGHT_SKILLS + WEIGHT_EDUCATION + WEIGHT_GOALS + WEIGHT_PREFERENCES + WEIGHT_EXPERIENCE
    assert total == pytest.approx(1.0)
    floors = [floor for _, floor in FIT_THRESHOLDS]
    assert floors == sorted(floors, reverse=True)


def test_renderers_give_plain_text(catalog, persona_advice):
    advice = persona_advice["bcom_tally_stable"]
    text = render_advice(advice, top=2)
    assert "•" in text and "|" not in text and "**" not in text
    assert "Finance and Accounting BPO" in text
    assert render_advice(advice, top=1).count("Skills to learn") == 1
    one = render_recommendation(advice.recommendations[0], rank=1, width=60)
    assert one.startswith("1. Finance and Accounting BPO")
    assert all(len(line) <= 60 for line in one.splitlines())
    plan = render_learning_plan(advice)
    assert advice.recommendations[0].missing_skills[0] in plan
    assert advice.recommendations[0].training[0]["courses"][0]["title"] in plan
    role = render_role(catalog.roles["legal_process_outsourcing"], catalog)
    assert "Legal research" in role and "Law" in role


def test_comparison_lists_every_row(catalog):
    text = render_comparison(catalog)
    assert "|" not in text
    for row in catalog.comparison:
        assert row.aspect in text and row.bpo in text and row.kpo in text
