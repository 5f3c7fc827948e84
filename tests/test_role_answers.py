"""Questions about role types at any time: lookup by name, short form and job title, the
aspect asked, follow-ups, comparisons, and an honest "I don't know" (careerpath.conversation
answering, role_lookup, role_answers). The phrasings here are our own, not the realistic
corpus's, so they do not tune the bot to the evaluation."""

from __future__ import annotations

import pytest

from careerpath.conversation import answering, role_answers, role_lookup
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("role-answers")) as (_url, kb):
        yield kb


def answer(catalog, message, **context):
    return answering.answer_question(message, catalog, answering.Context(**context))


# ---- which role -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, role",
    [
        ("tell me about legal process outsourcing", "legal_process_outsourcing"),
        ("LPO job profile", "legal_process_outsourcing"),
        ("what's R&D kpo like", "research_development_kpo"),
        ("hro details", "hr_bpo"),
        ("IP research work", "ip_research_kpo"),
        ("ai/ml kpo explained", "ai_ml_kpo"),
        ("F&A work", "finance_accounting_bpo"),
        ("what does a paralegal do", "legal_process_outsourcing"),
        ("trademark analyst role", "ip_research_kpo"),
        ("life as a pharmacovigilance associate", "healthcare_life_sciences_kpo"),
        ("medical coding job", "healthcare_bpo"),
        ("kyc analyst job", "risk_compliance_kpo"),
        ("business intelligence analyst", "data_analytics_science_kpo"),
        ("outbound calling executive", "voice_bpo"),
        ("technical suport bpo", "technical_support_bpo"),  # a typo
        ("paralegel job", "legal_process_outsourcing"),  # a typo
        ("consulting kpo", "business_consulting_kpo"),
        ("healthcare kpo", "healthcare_life_sciences_kpo"),  # the track decides
        ("healthcare bpo", "healthcare_bpo"),
    ],
)
def test_a_role_is_found_by_name_short_form_or_job_title(catalog, message, role):
    assert role_lookup.find_roles(message, catalog).role == role


@pytest.mark.parametrize(
    "message", ["is kpo a good career", "my name is ravi", "i know excel", "manager"]
)
def test_no_role_is_found_where_none_is_named(catalog, message):
    assert role_lookup.find_roles(message, catalog).role is None


def test_two_roles_are_found_in_a_comparison(catalog):
    found = role_lookup.roles_in_parts("legal kpo versus ip research kpo", catalog)
    assert found[:2] == ["legal_process_outsourcing", "ip_research_kpo"]


# ---- which aspect -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, aspect",
    [
        ("how much do they pay in lpo", "salary"),
        ("any night duty in offshore bpo", "shifts"),
        ("does hr bpo involve calling", "voice"),
        ("eligibility for ip research", "education"),
        ("best certification for f&a", "training"),
        ("promotion ladder in tech support", "growth"),
        ("which tools are required in engineering kpo", "skills"),
        ("first job titles in lpo", "entry_jobs"),
        ("part-time options in data entry", "part_time"),
        ("what is lpo", "overview"),
    ],
)
def test_the_aspect_asked_is_recognised(message, aspect):
    assert role_answers.aspect_of(message) == aspect


# ---- answers ----------------------------------------------------------------------------------
def test_a_pay_question_gets_the_level_against_the_other_track_and_no_figures(catalog):
    result = answer(catalog, "how much do they pay in lpo")
    role = catalog.roles["legal_process_outsourcing"]
    assert result.kind == answering.ROLE and result.roles == (role.id,)
    assert role.name in result.reply.text
    assert "pay is higher than in BPO roles" in result.reply.text
    assert role.growth_note in result.reply.text
    assert not any(ch.isdigit() for ch in result.reply.text.split("sources")[0])


def test_a_shift_question_gets_the_role_s_shifts(catalog):
    result = answer(catalog, "any night duty in offshore bpo?")
    assert "night shifts" in result.reply.text and "Offshore BPO" in result.reply.text


def test_a_job_title_question_gets_the_whole_role(catalog):
    result = answer(catalog, "what does a trademark analyst do")
    role = catalog.roles["ip_research_kpo"]
    assert result.reply.text.startswith(role.name)
    assert role.entry_roles[0] in result.reply.text


def test_a_comparison_puts_both_roles_side_by_side(catalog):
    result = answer(catalog, "hr bpo vs f&a bpo which is better")
    assert result.kind == answering.COMPARISON
    assert set(result.roles) == {"hr_bpo", "finance_accounting_bpo"}
    for role_id in result.roles:
        assert catalog.roles[role_id].entry_roles[0] in result.reply.text


def test_a_general_question_still_gets_its_faq(catalog):
    result = answer(catalog, "what is kpo?")
    assert result.kind == answering.FAQ and result.reply.text == catalog.faqs["what_is_kpo"].answer


def test_nothing_close_gets_an_honest_answer_with_suggestions(catalog):
    result = answer(catalog, "which cricket team will win")
    assert result.kind == answering.UNKNOWN
    assert "not sure" in result.reply.text and len(result.reply.buttons) >= 2


def test_inside_the_intake_the_answer_has_no_buttons(catalog):
    assert answer(catalog, "LPO salary?", in_intake=True).reply.buttons == []


# ---- follow-ups -------------------------------------------------------------------------------
SHOWN = ("customer_support_bpo", "data_entry_bpo", "financial_investment_kpo")


@pytest.mark.parametrize(
    "message, role, phrase",
    [
        ("the 3rd one - how is the pay?", "financial_investment_kpo", "pay is higher"),
        ("dusra wala kaisa hai", "data_entry_bpo", None),
        ("more about option 1", "customer_support_bpo", None),
    ],
)
def test_follow_ups_point_into_the_recommendations(catalog, message, role, phrase):
    result = answer(catalog, message, shown=SHOWN)
    assert result.roles == (role,)
    assert catalog.roles[role].name in result.reply.text
    if phrase:
        assert phrase in result.reply.text


def test_pronouns_point_at_the_last_role_discussed(catalog):
    result = answer(catalog, "and what about its timings?", shown=SHOWN, last=("hr_bpo",))
    assert result.roles == ("hr_bpo",) and "day shifts" in result.reply.text
    result = answer(catalog, "tell me more", shown=SHOWN)
    assert result.roles == (SHOWN[0],)


def test_only_pointing_words_are_recognised():
    assert answering.only_points("tell me more please")
    assert not answering.only_points("tell me more about lpo")


def test_two_positions_on_the_card_are_compared(catalog):
    result = answer(catalog, "compare the 1st one with the third", shown=SHOWN)
    assert result.kind == answering.COMPARISON
    assert result.roles == (SHOWN[0], SHOWN[2])


@pytest.mark.parametrize("message", ["compare the first two", "top 2 ka comparison"])
def test_the_first_two_on_the_card_are_compared(catalog, message):
    result = answer(catalog, message, shown=SHOWN)
    assert result.kind == answering.COMPARISON
    assert result.roles == (SHOWN[0], SHOWN[1])


def test_devanagari_questions_are_read_as_hinglish(catalog):
    assert answer(catalog, "केपीओ क्या है?").faq_id == "what_is_kpo"
    result = answer(catalog, "एलपीओ में सैलरी कितनी होती है?")
    assert result.roles == ("legal_process_outsourcing",) and "pay is higher" in result.reply.text
    assert answer(catalog, "तीसरे वाले के बारे में बताओ", shown=SHOWN).roles == (SHOWN[2],)


@pytest.mark.parametrize(
    "message",
    ["data entry job kaisi hoti hai", "medical coding kaisa hai", "kpo analyst kaisa rahega"],
)
def test_a_hinglish_role_question_in_the_intake_is_answered_not_read_as_a_skill(catalog, message):
    from careerpath.conversation import in_between

    answer = in_between.role_question_answer(message, "inform", True, catalog)
    assert answer is not None and ("BPO" in answer or "KPO" in answer)
