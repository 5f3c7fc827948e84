"""Profile extraction against the real knowledge base (temp SQLite) and real spaCy."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.profiling import Extraction, extract
from careerpath.profiling.extractor import MAX_CHARS, get_extractor
from careerpath.profiling.spelling import unify_spelling
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    """The real catalog, built from the YAML sources into a throw-away SQLite database."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("profiling")) as (_url, kb):
        yield kb


@pytest.fixture(scope="module")
def extractor(catalog):
    return get_extractor(catalog)


# ---- realistic phrasings --------------------------------------------------------------------
# (message, expect, the fields that must come out exactly). Fields not named are not checked
# here; tests below check what must NOT come out.
PHRASINGS = [
    # education: Indian degree names, abbreviations, mixed case
    (
        "I did my B.Com from Delhi University",
        None,
        {
            "education_level": "graduate",
            "degree": "bcom",
            "field": "commerce",
            "pursuing": False,
            "unrecognised": [],
        },
    ),
    ("12th pass", None, {"education_level": "twelfth", "degree": None, "pursuing": False}),
    (
        "ITI electrician, 2021 pass",
        None,
        {"education_level": "tenth", "degree": "iti", "pursuing": False},
    ),
    ("i did I.T.I. after 10th", None, {"education_level": "tenth", "degree": "iti"}),
    (
        "pursuing final year BTech CSE",
        None,
        {
            "education_level": "graduate",
            "degree": "btech",
            "field": "computer_science",
            "pursuing": True,
        },
    ),
    (
        "MBA finance + CFA L1",
        None,
        {
            "education_level": "postgraduate",
            "degree": "mba",
            "field": "finance",
            "pursuing": False,
            "in_progress": ["cfa"],
        },
    ),
    (
        "bsc nursing",
        None,
        {"education_level": "graduate", "degree": "bsc_nursing", "field": "nursing"},
    ),
    ("LLB from pune", None, {"degree": "llb", "field": "law"}),
    (
        "BCA 2023 passout",
        None,
        {
            "education_level": "graduate",
            "degree": "bca",
            "field": "computer_science",
            "pursuing": False,
        },
    ),
    ("I'm a CA inter", None, {"degree": "ca", "education_level": "professional", "pursuing": True}),
    ("diploma in mech", None, {"education_level": "diploma", "field": "mechanical"}),
    ("10+2 passed", None, {"education_level": "twelfth"}),
    ("XII pass from CBSE board", None, {"education_level": "twelfth"}),
    ("BCOM GRADUATE", None, {"education_level": "graduate", "degree": "bcom"}),
    ("b.sc it", None, {"degree": "bsc_it", "field": "information_technology"}),
    ("I am B.E. in mechanical", None, {"degree": "btech", "field": "mechanical"}),
    (
        "12th pass, now doing BCom",
        None,
        {"degree": "bcom", "education_level": "graduate", "pursuing": True},
    ),
    ("I have no degree, only 10th pass", None, {"education_level": "tenth", "degree": None}),
    ("I have done BA in English literature", None, {"degree": "ba", "field": "english"}),
    ("Graduated in commerce", None, {"education_level": "graduate", "field": "commerce"}),
    (
        "M.Com with 1 year experience in accounts",
        None,
        {
            "degree": "mcom",
            "field": "commerce",
            "experience_years": 1.0,
            "skills": ["accounting_basics"],
        },
    ),
    ("did B.Com, then MBA", None, {"degree": "mba", "education_level": "postgraduate"}),
    ("12", "education", {"education_level": "twelfth"}),
    ("I am a commerce student in 2nd year", None, {"field": "commerce", "degree": None}),
    ("i am 10th fail", None, {"education_level": None}),
    (
        "B.Com (Hons) from SRCC, CA Inter cleared both groups",
        None,
        {"degree": "bcom", "pursuing": False, "in_progress": ["ca"]},
    ),
    ("I am doing B.A. LL.B.", None, {"degree": "ba_llb", "field": "law", "pursuing": True}),
    (
        "MSc statistics, know R and SPSS",
        None,
        {"degree": "msc", "field": "statistics", "skills": ["statistics"]},
    ),
    (
        "I have a BE in Computer Science and 3 years of experience as a developer",
        None,
        {"degree": "btech", "field": "computer_science", "experience_years": 3.0},
    ),
    ("12th with PCM", None, {"education_level": "twelfth", "field": "science"}),
    ("Post graduate in economics", None, {"education_level": "postgraduate", "field": "economics"}),
    (
        "mai 12th pass hu aur mujhe computer aata hai",
        None,
        {"education_level": "twelfth", "skills": ["basic_computer"]},
    ),
    # skills: synonyms, lemmas, typos, caps, Hinglish
    (
        "I know excel and tally, good at talking to people",
        None,
        {"skills": ["ms_excel", "tally", "communication"], "unrecognised": []},
    ),
    ("I KNOW PYTHON AND SQL", None, {"skills": ["python", "sql"]}),
    ("ms-excel, typing 40 wpm", None, {"skills": ["ms_excel", "typing"]}),
    ("spreadsheets and talking to people", None, {"skills": ["ms_excel", "communication"]}),
    (
        "excell and tallly, acounting, comunication, pyhton",
        None,
        {
            "skills": ["ms_excel", "tally", "accounting_basics", "communication", "python"],
            "unrecognised": [],
        },
    ),
    ("Tally ERP 9 and GST filing", None, {"skills": ["tally", "gst_taxation"]}),
    ("good english and hindi", None, {"skills": ["spoken_english", "regional_language"]}),
    ("excel aata hai, tally bhi", None, {"skills": ["ms_excel", "tally"]}),
    ("Python, SQL, blorf", "skills", {"skills": ["python", "sql"], "unrecognised": ["blorf"]}),
    (
        "fresher no skills",
        None,
        {"no_skills": True, "fresher": True, "experience_years": 0.0, "skills": []},
    ),
    ("koi skill nahi", None, {"no_skills": True}),
    ("nothing yet", None, {"no_skills": True}),
    ("no", "skills", {"no_skills": True}),
    (
        "Hello! 😀 I'm Priya. I did BBA and I know Excel.",
        None,
        {"degree": "bba", "skills": ["ms_excel"], "unrecognised": []},
    ),
    # negation
    (
        "I did my MBA. I don't know SQL but I know Power BI.",
        None,
        {"degree": "mba", "skills": ["data_visualisation"]},
    ),
    ("can't do night shift", None, {"preferences": ["day_shift"]}),
    ("I don't know excel", None, {"skills": [], "unrecognised": []}),
    ("Don't know Excel but know Tally", None, {"skills": ["tally"]}),
    ("mujhe excel nahi aata", None, {"skills": []}),
    ("I'm not a graduate, 12th pass", None, {"education_level": "twelfth"}),
    # unrecognised, in the user's words
    ("I know blorfing", None, {"skills": [], "unrecognised": ["blorfing"]}),
    ("I know SAP", None, {"unrecognised": ["SAP"]}),
    (
        "I know excel, tally and Blorfing, also snorkelling",
        None,
        {"skills": ["ms_excel", "tally"], "unrecognised": ["Blorfing", "snorkelling"]},
    ),
    # goals and preferences
    ("mujhe jaldi job chahiye", None, {"goals": ["quick_job"]}),
    ("I want a high salary and growth", None, {"goals": ["high_salary", "long_term_growth"]}),
    ("no night shift please", None, {"preferences": ["day_shift"]}),
    ("I don't want night shifts", None, {"preferences": ["day_shift"], "avoided_preferences": []}),
    ("no calls please, non voice", None, {"preferences": ["non_voice"]}),
    ("not interested in voice process", None, {"preferences": ["non_voice"]}),
    (
        "looking for work from home part time job",
        None,
        {"preferences": ["work_from_home", "part_time"]},
    ),
    ("I'm ok with night shifts", None, {"preferences": ["night_shift"]}),
    ("yes", "preferences", {"preferences": [], "goals": []}),
    ("introvert, prefer backend work", None, {"preferences": ["no_customer_contact"]}),
    (
        "padhai ke saath job chahiye, part time",
        None,
        {"goals": ["flexible_hours"], "preferences": ["part_time"]},
    ),
    ("achhi salary aur growth chahiye", None, {"goals": ["high_salary", "long_term_growth"]}),
    # experience
    ("2 years in customer support", None, {"experience_years": 2.0, "fresher": False}),
    ("fresher", None, {"fresher": True, "experience_years": 0.0}),
    ("1.5 yrs exp", None, {"experience_years": 1.5}),
    ("six months", None, {"experience_years": 0.5}),
    ("3+ years", None, {"experience_years": 3.0}),
    ("I have 2 years and 6 months experience", None, {"experience_years": 2.5}),
    ("worked for 18 months in a BPO", None, {"experience_years": 1.5}),
    ("I am 22 years old", None, {"experience_years": None}),
    (
        "I have a 2 year gap after 12th",
        None,
        {"experience_years": None, "education_level": "twelfth"},
    ),
    ("3 year BCom course", None, {"experience_years": None, "degree": "bcom"}),
    (
        "I have 2 years of work experience in sales",
        None,
        {"experience_years": 2.0, "goals": [], "skills": ["persuasion"]},
    ),
    ("no work experience", None, {"fresher": True, "goals": []}),
    ("currently working, BCom graduate", None, {"degree": "bcom", "pursuing": False}),
    ("2", "experience", {"experience_years": 2.0}),
    ("none", "experience", {"fresher": True, "experience_years": 0.0}),
]


@pytest.mark.parametrize(
    "text,expect,expected", PHRASINGS, ids=[f"{i:02d}-{p[0][:40]}" for i, p in enumerate(PHRASINGS)]
)
def test_realistic_phrasings(extractor, text, expect, expected):
    result = extractor.extract_strict(text, expect=expect).to_dict()
    assert {key: result[key] for key in expected} == expected


def test_module_level_extract_uses_the_knowledge_base(catalog):
    # DATABASE_URL still points at the temp database while the module fixture is active.
    assert extract("I know excel").skills == ["ms_excel"]
    assert extract("I know excel", catalog=catalog).skills == ["ms_excel"]


# ---- things that must NOT be extracted ----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I want to be a data analyst",  # "be" is B.E. only when written like an abbreviation
        "i will be a good fit for it",
        "I can't say",  # "can't" must not leave a "ca" (CA) behind
        "BTech 5th sem",  # "sem" is a semester here, not search engine marketing
    ],
)
def test_common_words_are_not_read_as_degrees_or_skills(extractor, text):
    result = extractor.extract_strict(text)
    assert (
        result.degree in (None, "btech")
        and result.skills == []
        and result.education_level in (None, "graduate")
    )
    if "5th sem" in text:
        assert result.pursuing is True


def test_negation_window_stops_at_but_and_new_clause(extractor):
    assert extractor.extract_strict("I have no degree and know excel").skills == ["ms_excel"]
    assert extractor.extract_strict("I don't know excel and tally").skills == []
    assert extractor.extract_strict("no experience, but good at excel").skills == ["ms_excel"]


def test_short_words_never_fuzzy_match(extractor):
    # "exal" and "tlly" are four letters: too short to correct safely ("exel", the common
    # SMS spelling, is a synonym of its own in skills.yml, not a correction).
    assert extractor.extract_strict("exal, tlly").skills == []


# ---- hostile and odd input ----------------------------------------------------------------------
HOSTILE = [
    "",
    "   \n\t  ",
    "<script>alert(1)</script>",
    "'; DROP TABLE profiles; --",
    "\x00\x01\x02\x1b[31m",
    "🙂🙂🙂",
    "a" * 10_000,
    "?" * 500,
    "\u202e\u200b\ufeff",
    "1" * 3000,
    "%s %d {0} {name}",
    "NaN inf -1e308 years",
    "null",
    "../../etc/passwd",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_extracts_nothing_and_never_raises(extractor, text):
    result = extractor.extract_strict(text)
    assert result.is_empty()
    json.dumps(result.to_dict())


def test_non_text_and_unknown_expect_are_tolerated(extractor):
    assert extractor.extract(None).is_empty()
    assert extractor.extract(12345).is_empty()
    assert extractor.extract("I know excel", expect="banana").skills == ["ms_excel"]


def test_emoji_and_control_characters_do_not_hide_words(extractor):
    assert extractor.extract_strict("🙂🙂 excel 👍\x00 tally\u200b").skills == ["ms_excel", "tally"]


def test_long_text_is_cut_and_says_so(extractor):
    text = "I know excel. " + "blah " * 3000 + " I know python"
    result = extractor.extract_strict(text)
    assert result.truncated and result.skills == ["ms_excel"]
    assert any(str(MAX_CHARS) in note for note in result.notes)


def _vocabulary_words():
    catalog_words = [
        "excel",
        "tally",
        "b.com",
        "12th",
        "no",
        "not",
        "night shift",
        "fresher",
        "2 years",
        "I know",
        "pursuing",
        "CA",
        "inter",
        "L1",
        "MBA",
        "+",
        ",",
        "don't",
        "nahi",
        "😀",
        "\x00",
        "sem",
        "5th",
        "BE",
        "it",
        "six months",
        "skills:",
        "koi skill nahi",
        "जी",
    ]
    return st.lists(
        st.one_of(st.sampled_from(catalog_words), st.text(max_size=12)), max_size=15
    ).map(" ".join)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(st.text(max_size=300), _vocabulary_words()),
    expect=st.sampled_from([None, "education", "skills", "goals", "preferences", "experience"]),
)
def test_extract_never_raises_on_arbitrary_text(extractor, text, expect):
    # extract_strict lets internal errors through, so this finds real crashes.
    result = extractor.extract_strict(text, expect=expect)
    assert isinstance(result, Extraction)
    json.dumps(result.to_dict())
    assert result.skills == list(dict.fromkeys(result.skills))


def test_normalisation_keeps_the_users_words():
    normalised = unify_spelling("I did my B.Com and M.B.A, 10+2 from “CBSE” 😀")
    assert normalised.text == "i did my bcom and mba , 12th from cbse"
    start = normalised.text.index("mba")
    assert normalised.original_slice(start, start + 3) == "M.B.A"
