"""Profile extraction of what people say the way they say it: activities instead of skill
names, interests, everyday goals and preferences, Devanagari and Hinglish state words.
Real knowledge base (temp SQLite) and real spaCy, as in test_profiling.py."""

from __future__ import annotations

import pytest

from careerpath.profiling import Profile
from careerpath.profiling.extractor import get_extractor
from careerpath.profiling.spelling import unify_spelling
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("everyday")) as (_url, kb):
        yield kb


@pytest.fixture(scope="module")
def extractor(catalog):
    return get_extractor(catalog)


# ---- skills from what people do ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text, skills",
    [
        (
            "I fix broken desktops and set up printers for the neighbours",
            {"technical_troubleshooting"},
        ),
        ("mobile repairing and computer formatting", {"technical_troubleshooting"}),
        ("I convince people on the phone to take loans", {"persuasion", "communication"}),
        ("I maintain the ledger and bills of our kirana store", {"accounting_basics"}),
        ("every month I calculate wages and PF for the staff", {"payroll"}),
        ("I deal with upset buyers at my cousin's showroom", {"customer_handling"}),
        ("I like explaining technical topics to my classmates", {"communication"}),
        ("I enter invoices into the system all day", {"typing"}),
        ("I screen resumes and schedule interviews", {"hr_processes"}),
    ],
)
def test_activities_show_skills(extractor, text, skills):
    result = extractor.extract_strict(text, expect="skills")
    assert skills <= set(result.skills), result.skills
    assert result.unrecognised == []


def test_a_denied_activity_shows_no_skill(extractor):
    assert extractor.extract_strict("I have never repaired a laptop").skills == []


def test_activity_words_far_apart_in_other_clauses_do_not_match(extractor):
    # "repair" and "laptop" sit in different sentences: nothing was repaired here.
    result = extractor.extract_strict("my cousin wanted to repair it. Then I bought a laptop")
    assert "technical_troubleshooting" not in result.skills


@pytest.mark.parametrize(
    "text",
    [
        "MedDRA coding of adverse events",
        "I did WHODrug and MedDRA coding during my PV internship",
        "medical coding, ICD-10",
    ],
)
def test_domain_coding_is_not_programming(extractor, text):
    skills = extractor.extract_strict(text, expect="skills").skills
    assert "programming" not in skills
    assert {"pharmacovigilance", "medical_coding"} & set(skills)


def test_software_coding_is_still_programming(extractor):
    assert "programming" in extractor.extract_strict("I enjoy coding in java").skills


@pytest.mark.parametrize(
    "text", ["I want a lawyer type job", "what type of work suits me", "some type of job in kpo"]
)
def test_type_as_a_kind_is_not_typing(extractor, text):
    assert "typing" not in extractor.extract_strict(text).skills


@pytest.mark.parametrize("text", ["I can type fast", "i type 40 wpm", "typing", "I type invoices"])
def test_typing_as_a_verb_is_still_typing(extractor, text):
    assert "typing" in extractor.extract_strict(text).skills


# ---- interests --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, interest",
    [
        ("I really like meeting new people", "people"),
        ("maths is my favourite, I am good with numbers", "numbers"),
        ("I love writing poems and stories", "writing"),
        ("gadgets and new technology excite me", "technology"),
        ("investigating and solving puzzles is fun", "research"),
        ("court cases and legal matters interest me", "law"),
        ("I want to help patients, the medical field is my thing", "health_science"),
        ("I love designing machines", "design_engineering"),
        ("logo se milna accha lagta hai", "people"),
        ("hisab kitab mein maza aata hai", "numbers"),
    ],
)
def test_interests_are_read_from_free_text(extractor, text, interest):
    assert interest in extractor.extract_strict(text).interests


def test_the_interest_buttons_read_as_interests(extractor, catalog):
    for interest in catalog.interests.values():
        assert extractor.extract_strict(interest.name).interests == [interest.id]


def test_an_interest_alone_does_not_make_an_answer_but_is_kept(extractor):
    extraction = extractor.extract_strict("I enjoy design")
    assert extraction.interests == ["design_engineering"] and extraction.is_empty()
    profile = Profile().merged(extraction).merged(extractor.extract_strict("numbers too"))
    assert profile.interests == ["design_engineering", "numbers"]
    assert Profile.from_dict(profile.to_dict()).interests == profile.interests


# ---- everyday goals and preferences ------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expect, field, value",
    [
        ("i need a job soon, family needs money", "goals", "goals", "quick_job"),
        ("something research based work", "goals", "goals", "intellectual_work"),
        ("acha paisa mil jaye bas", "goals", "goals", "high_salary"),
        ("I want to work from my home", "preferences", "preferences", "work_from_home"),
        ("job should be in my city", "preferences", "preferences", "near_home"),
        ("no calling please", "preferences", "preferences", "non_voice"),
        ("no nights, and no calls", "preferences", "preferences", "day_shift"),
        ("no nights, and no calls", "preferences", "preferences", "non_voice"),
        ("half day job chahiye", "preferences", "preferences", "part_time"),
        ("looking for a job in the banking field", "goals", "goals", "specific_domain"),
    ],
)
def test_everyday_goals_and_preferences(extractor, text, expect, field, value):
    assert value in getattr(extractor.extract_strict(text, expect=expect), field)


def test_a_negative_phrase_after_another_is_not_flipped(extractor):
    preferences = extractor.extract_strict("no night duty n no calling").preferences
    assert "voice" not in preferences and {"day_shift", "non_voice"} <= set(preferences)


# ---- Devanagari -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("मैंने बीकॉम पूरा किया", {"degree": "bcom", "education_level": "graduate"}),
        ("एमबीए किया है", {"degree": "mba"}),
        ("बी.ए. पास", {"degree": "ba"}),
        ("१०वीं पास हूँ", {"education_level": "tenth"}),
        ("12वीं के बाद", {"education_level": "twelfth"}),
        ("मुझे जल्दी नौकरी चाहिए", {"goals": ["quick_job"]}),
        ("पक्की नौकरी चाहिए", {"goals": ["stable_job"]}),
        ("एक्सेल और टैली आता है", {"skills": ["ms_excel", "tally"]}),
        ("रात की शिफ्ट नहीं", {"preferences": ["day_shift"]}),
        ("घर से काम करना है", {"preferences": ["work_from_home"]}),
    ],
)
def test_devanagari_lands_on_the_same_vocabulary(extractor, text, expected):
    result = extractor.extract_strict(text).to_dict()
    for field, value in expected.items():
        assert result[field] == value, (field, result)


def test_devanagari_romanisation_follows_hinglish_spelling():
    assert unify_spelling("नौकरी चाहिए").text == "naukri chahiye"
    assert unify_spelling("काम की बात").text == "kaam ki baat"
    assert unify_spelling("बीपीओ या केपीओ").text == "bpo ya kpo"
    assert unify_spelling("२०२४ में १२वीं").text == "2024 men 12th"


def test_devanagari_keeps_the_users_words_for_reporting():
    norm = unify_spelling("मैंने बी.कॉम किया")
    start = norm.text.index("kiya")
    assert norm.original_slice(start, start + 4) == "किया"


def test_a_duration_before_the_next_clause_is_still_experience(extractor):
    result = extractor.extract_strict(
        "worked at a call centre for 3 years, BA pass, want high salary"
    )
    assert result.experience_years == 3.0 and result.degree == "ba"
    assert result.goals == ["high_salary"]


def test_a_qualification_naming_a_workplace_is_not_education(extractor):
    result = extractor.extract_strict("B.Com graduate, 2 years in a CA firm")
    assert result.degree == "bcom" and result.experience_years == 2.0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10vi pass", {"education_level": "tenth"}),
        ("padhai chal rahi hai, BBA 2nd yr", {"degree": "bba", "pursuing": True}),
        ("फ्रेशर", {"fresher": True}),
        ("मेरे पास कोई अनुभव नहीं है", {"fresher": True}),
    ],
)
def test_hinglish_and_hindi_state_words(extractor, text, expected):
    result = extractor.extract_strict(text).to_dict()
    for field, value in expected.items():
        assert result[field] == value, (field, result)


# ---- SMS spellings and "only internships" -----------------------------------------------------
@pytest.mark.parametrize(
    "text, skills",
    [
        ("tally n exel", {"tally", "ms_excel"}),
        ("i knw taly aur xcel", {"tally", "ms_excel"}),
        ("knw ms ofc n tally", {"basic_computer", "tally"}),
        ("gud comm skills n typing", {"communication", "typing"}),
    ],
)
def test_sms_spellings_of_skills_are_understood(extractor, text, skills):
    assert skills <= set(extractor.extract(text, expect="skills").skills)


@pytest.mark.parametrize(
    "text",
    [
        "only internships",
        "did two internships only",
        "sirf internship ki hai",
        "just an internship",
        "only internshps",
    ],
)
def test_internships_only_is_a_fresher(extractor, text):
    extraction = extractor.extract(text, expect="experience")
    assert extraction.fresher is True and extraction.experience_years == 0.0


def test_an_internship_with_a_duration_still_counts_its_months(extractor):
    extraction = extractor.extract("6 month internship at a CA firm", expect="experience")
    assert extraction.fresher is not True and extraction.experience_years == 0.5


@pytest.mark.parametrize(
    ("message", "years"),
    [
        ("what is the fees for 3 months?", None),  # a course's length, asked mid-intake
        ("salary for 2 years experience?", None),
        ("training of 6 months at NIIT", None),
        ("course fees kitni hai 6 months ki", None),
        ("worked for 3 months in a call centre", 0.25),
        ("i did a 3 month course and worked 1 year", 1.0),
        ("6 month training aur 1 saal job", 1.0),
    ],
)
def test_a_duration_about_fees_or_a_course_is_not_work_done(extractor, message, years):
    assert extractor.extract(message).experience_years == years
