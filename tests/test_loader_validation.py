"""The loader rejects broken sources with a message naming the file and the entry.

Each case copies the small fixture knowledge base into tmp_path, breaks one thing and
checks the exact place the error points at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from careerpath.kb.phrases import role_short_forms
from careerpath.kb.reader import read_sources
from careerpath.kb.validation import SourceError

FIXTURE = Path(__file__).parent / "fixtures" / "kb_minimal"


def broken_copy(tmp_path: Path, file: str, mutate) -> Path:
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    path = directory / file
    document = yaml.safe_load(path.read_text())
    mutate(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return directory


def role(document, role_id):
    return next(item for item in document["roles"] if item["id"] == role_id)


def set_in(getter, key, value):
    def mutate(document):
        getter(document)[key] = value

    return mutate


CASES = {
    "unknown skill": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo")["skills"][0].update(skill="comunication"),
        "roles.yml: role 'customer_support_bpo': unknown skill 'comunication'",
    ),
    "unknown level": (
        "roles.yml",
        lambda d: role(d, "legal_process_outsourcing")["education"].update(minimum="phd"),
        "roles.yml: role 'legal_process_outsourcing': unknown level 'phd'",
    ),
    "unknown field": (
        "roles.yml",
        set_in(lambda d: role(d, "legal_process_outsourcing"), "fields", ["lawz"]),
        "roles.yml: role 'legal_process_outsourcing': unknown field 'lawz'",
    ),
    "fields neither any nor a list": (
        "roles.yml",
        set_in(lambda d: role(d, "legal_process_outsourcing"), "fields", "law"),
        "roles.yml: role 'legal_process_outsourcing': 'fields' must be 'any' or a non-empty list",
    ),
    "unknown goal": (
        "roles.yml",
        set_in(lambda d: role(d, "customer_support_bpo"), "suits_goals", ["get_rich"]),
        "roles.yml: role 'customer_support_bpo': unknown goal 'get_rich'",
    ),
    "unknown category": (
        "roles.yml",
        set_in(lambda d: role(d, "customer_support_bpo"), "category", "bpo_nowhere"),
        "roles.yml: role 'customer_support_bpo': unknown category 'bpo_nowhere'",
    ),
    "category of the other track": (
        "roles.yml",
        set_in(lambda d: role(d, "customer_support_bpo"), "category", "kpo_industry"),
        "roles.yml: role 'customer_support_bpo': category 'kpo_industry' belongs to track KPO,"
        " not BPO",
    ),
    "unknown track": (
        "roles.yml",
        set_in(lambda d: role(d, "customer_support_bpo"), "track", "XPO"),
        "roles.yml: role 'customer_support_bpo': unknown track 'XPO'",
    ),
    "unknown seed of a role": (
        "roles.yml",
        set_in(lambda d: role(d, "customer_support_bpo"), "sources", ["009"]),
        "roles.yml: role 'customer_support_bpo': unknown seed '009'",
    ),
    "duplicate role id": (
        "roles.yml",
        lambda d: d["roles"][1].update(id="customer_support_bpo"),
        "roles.yml: duplicate role id 'customer_support_bpo'",
    ),
    "duplicate role name": (
        "roles.yml",
        lambda d: d["roles"][1].update(name="customer support BPO"),
        "roles.yml: role 'non_voice_bpo': name 'customer support BPO' is also used by role"
        " 'customer_support_bpo'",
    ),
    "duplicate skill id": (
        "skills.yml",
        lambda d: d["skills"][1].update(id="communication"),
        "skills.yml: duplicate skill id 'communication'",
    ),
    "synonym shared by two skills": (
        "skills.yml",
        lambda d: d["skills"][2]["synonyms"].append("Excel"),
        "skills.yml: skill 'typing': synonym 'excel' is also used by skill 'ms_excel'",
    ),
    "skill name used as another skill's synonym": (
        "skills.yml",
        lambda d: d["skills"][2]["synonyms"].append("communication"),
        "skills.yml: skill 'typing': synonym 'communication' is also used by skill 'communication'",
    ),
    "synonym shared by two degrees": (
        "education.yml",
        lambda d: d["degrees"][1]["synonyms"].append("b com"),
        "education.yml: degree 'llb': synonym 'b com' is also used by degree 'bcom'",
    ),
    "synonym shared by two goals": (
        "goals.yml",
        lambda d: d["goals"][1]["synonyms"].append("job fast"),
        "goals.yml: goal 'long_term_growth': synonym 'job fast' is also used by goal 'quick_job'",
    ),
    "missing growth path": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo").pop("growth_path"),
        "roles.yml: role 'customer_support_bpo': missing 'growth_path'",
    ),
    "empty growth path": (
        "roles.yml",
        set_in(lambda d: role(d, "customer_support_bpo"), "growth_path", []),
        "roles.yml: role 'customer_support_bpo': 'growth_path' must not be empty",
    ),
    "no skills": (
        "roles.yml",
        set_in(lambda d: role(d, "market_research_kpo"), "skills", []),
        "roles.yml: role 'market_research_kpo': 'skills' must not be empty",
    ),
    "no entry roles": (
        "roles.yml",
        set_in(lambda d: role(d, "market_research_kpo"), "entry_roles", []),
        "roles.yml: role 'market_research_kpo': 'entry_roles' must not be empty",
    ),
    "missing education": (
        "roles.yml",
        lambda d: role(d, "market_research_kpo").pop("education"),
        "roles.yml: role 'market_research_kpo': missing 'education'",
    ),
    "preferred education below minimum": (
        "roles.yml",
        lambda d: role(d, "market_research_kpo")["education"].update(
            minimum="postgraduate", preferred="graduate"
        ),
        "roles.yml: role 'market_research_kpo': preferred education 'graduate' is below the"
        " minimum 'postgraduate'",
    ),
    "voice sometimes": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo")["work_style"].update(voice="sometimes"),
        "roles.yml: role 'customer_support_bpo': 'work_style.voice' is 'sometimes'; expected"
        " one of: voice, non_voice, either",
    ),
    "customer_facing not a boolean": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo")["work_style"].update(customer_facing="often"),
        "roles.yml: role 'customer_support_bpo': 'work_style.customer_facing' must be true or"
        " false",
    ),
    "weight above 3": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo")["skills"][0].update(weight=5),
        "roles.yml: role 'customer_support_bpo': skill 'communication': weight must be between"
        " 1 and 3, got 5",
    ),
    "weight below 1": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo")["skills"][1].update(weight=0.5),
        "roles.yml: role 'customer_support_bpo': skill 'ms_excel': weight must be between 1 and"
        " 3, got 0.5",
    ),
    "skill listed twice in a role": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo")["skills"].append(
            {"skill": "communication", "weight": 1, "essential": False}
        ),
        "roles.yml: role 'customer_support_bpo': skill 'communication' is listed twice",
    ),
    "misspelt key": (
        "roles.yml",
        lambda d: role(d, "customer_support_bpo").update(sutis_goals=[]),
        "roles.yml: role 'customer_support_bpo': unknown key 'sutis_goals'",
    ),
    "role skill without a training course": (
        "training.yml",
        lambda d: d["courses"].remove(
            next(c for c in d["courses"] if c["id"] == "typing_practice")
        ),
        "roles.yml: role 'non_voice_bpo': skill 'typing' has no training course in training.yml",
    ),
    "course of an unknown skill": (
        "training.yml",
        lambda d: d["courses"][2].update(skill="excell"),
        "training.yml: course 'excel_basics': unknown skill 'excell'",
    ),
    "academy course without provider": (
        "training.yml",
        lambda d: d["courses"][1].update(provider=None),
        "training.yml: course 'academy_bpo_program': 'provider' must be non-empty text",
    ),
    "certification without source": (
        "training.yml",
        lambda d: d["courses"][2].update(source=None),
        "training.yml: course 'excel_basics': 'source' must be non-empty text",
    ),
    "bad course mode": (
        "training.yml",
        lambda d: d["courses"][0].update(mode="hybrid"),
        "training.yml: course 'communication_basics': 'mode' is 'hybrid'; expected one of:"
        " online, classroom, self-study",
    ),
    "bad course kind": (
        "training.yml",
        lambda d: d["courses"][0].update(kind="bootcamp"),
        "training.yml: course 'communication_basics': 'kind' is 'bootcamp'",
    ),
    "faq of an unknown seed": (
        "faq.yml",
        lambda d: d["faqs"][0].update(seed="009"),
        "faq.yml: faq 'what_is_bpo': unknown seed '009'",
    ),
    "same question in two faqs": (
        "faq.yml",
        lambda d: d["faqs"][2]["paraphrases"].append("what is bpo"),
        "faq.yml: faq 'kpo_market_research': question 'what is bpo' is also asked by faq"
        " 'what_is_bpo'",
    ),
    "bad faq topic": (
        "faq.yml",
        lambda d: d["faqs"][0].update(topic="trivia"),
        "faq.yml: faq 'what_is_bpo': 'topic' is 'trivia'",
    ),
    "comparison row of an unknown seed": (
        "comparison.yml",
        lambda d: d["rows"][0].update(seed="123"),
        "comparison.yml: comparison row 'nature_of_work': unknown seed '123'",
    ),
    "unquoted seed id": (
        "seeds.yml",
        lambda d: d["seeds"][0].update(id=1),
        "seeds.yml: seed #1: 'id' must be non-empty text, got 1 (quote ids such as \"000\")",
    ),
    "bad track salary level": (
        "tracks.yml",
        lambda d: d["tracks"][0].update(salary_level="medium"),
        "tracks.yml: track 'BPO': 'salary_level' is 'medium'; expected one of: lower, higher",
    ),
    "track the database has no columns for": (
        "tracks.yml",
        lambda d: d["tracks"][1].update(id="XPO"),
        "tracks.yml: track 'XPO': the database has no columns for this track",
    ),
    "lower-case track id": (
        "tracks.yml",
        lambda d: d["tracks"][0].update(id="bpo"),
        "tracks.yml: track 'bpo': track ids are upper-case letters and digits",
    ),
    "track with no advantages": (
        "tracks.yml",
        lambda d: d["tracks"][1].update(advantages=[]),
        "tracks.yml: track 'KPO': 'advantages' must not be empty",
    ),
    "bad category kind": (
        "categories.yml",
        lambda d: d["categories"][0].update(kind="family"),
        "categories.yml: category 'bpo_business_function': 'kind' is 'family'; expected one of:"
        " function, attribute",
    ),
    "bad skill group": (
        "skills.yml",
        lambda d: d["skills"][0].update(group="soft"),
        "skills.yml: skill 'communication': 'group' is 'soft'",
    ),
    "unknown seed list": (
        "skills.yml",
        lambda d: d["skills"][0].update(seed_lists=["bpo", "lpo"]),
        "skills.yml: skill 'communication': unknown seed list 'lpo'",
    ),
    "degree of an unknown level": (
        "education.yml",
        lambda d: d["degrees"][0].update(level="bachelor"),
        "education.yml: degree 'bcom': unknown level 'bachelor'",
    ),
    "degree of an unknown field": (
        "education.yml",
        lambda d: d["degrees"][0].update(field="comerce"),
        "education.yml: degree 'bcom': unknown field 'comerce'",
    ),
    "two levels with one ordinal": (
        "education.yml",
        lambda d: d["levels"][1].update(ordinal=1),
        "education.yml: level 'twelfth': ordinal 1 is also used by level 'tenth'",
    ),
    "goal favouring an unknown track": (
        "goals.yml",
        lambda d: d["goals"][0].update(favours="LPO"),
        "goals.yml: goal 'quick_job': unknown track 'LPO'",
    ),
    "name longer than the database allows": (
        "skills.yml",
        lambda d: d["skills"][0].update(name="C" * 130),
        "skills.yml: skill 'communication': 'name' is 130 characters, the database allows 120",
    ),
    "empty top-level list": (
        "comparison.yml",
        lambda d: d.update(rows=[]),
        "comparison.yml: 'rows' must be a non-empty list",
    ),
    "interest suiting an unknown role": (
        "interests.yml",
        lambda d: d["interests"][0].update(roles=["call_centre_bpo"]),
        "interests.yml: interest 'people': unknown role 'call_centre_bpo'",
    ),
    "interest phrase used twice": (
        "interests.yml",
        lambda d: d["interests"][1].update(synonyms=["meeting people"]),
        "interests.yml: interest 'law': synonym 'meeting people' is also used by interest 'people'",
    ),
    "activity word of two words": (
        "skills.yml",
        lambda d: d["skills"][2].update(activities=[{"verbs": ["fill in"], "objects": ["form"]}]),
        "skills.yml: skill 'typing': 'verbs' holds 'fill in': one word each",
    ),
    "activity without objects": (
        "skills.yml",
        lambda d: d["skills"][2].update(activities=[{"verbs": ["type"], "objects": []}]),
        "skills.yml: skill 'typing': 'activities.1.objects' must not be empty",
    ),
}


def test_the_fixture_itself_is_valid():
    bundle = read_sources(FIXTURE)
    assert bundle.roles_per_track() == {"BPO": 2, "KPO": 2}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_source_is_reported_with_file_and_entry(tmp_path, case):
    file, mutate, expected = CASES[case]
    directory = broken_copy(tmp_path, file, mutate)
    with pytest.raises(SourceError) as raised:
        read_sources(directory)
    assert expected in str(raised.value)


def test_missing_file_is_named(tmp_path):
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    (directory / "comparison.yml").unlink()
    with pytest.raises(SourceError, match=r"^comparison\.yml: file is missing"):
        read_sources(directory)


def test_invalid_yaml_is_named(tmp_path):
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    (directory / "roles.yml").write_text("roles:\n  - id: x\n    name: [unclosed\n")
    with pytest.raises(SourceError, match=r"^roles\.yml: not valid YAML"):
        read_sources(directory)


def test_synonyms_are_lower_case_and_include_the_name():
    bundle = read_sources(FIXTURE)
    excel = next(skill for skill in bundle.skills if skill.id == "ms_excel")
    assert excel.synonyms == ("ms excel", "excel", "microsoft excel")


def test_repeated_paraphrase_of_the_own_question_is_dropped():
    bundle = read_sources(FIXTURE)
    what_is_bpo = next(faq for faq in bundle.faqs if faq.id == "what_is_bpo")
    assert what_is_bpo.paraphrases == ("what does bpo mean", "explain bpo")


@pytest.mark.parametrize(
    "name, track, expected",
    [
        ("Legal Process Outsourcing (LPO)", "KPO", ("legal process outsourcing", "lpo")),
        ("Customer Support BPO", "BPO", ("customer support",)),
        ("Data Entry and Processing BPO", "BPO", ("data entry and processing", "data entry")),
        ("Human Resource (HR) BPO", "BPO", ("human resource bpo", "hr bpo", "human resource")),
        ("Non-Voice BPO", "BPO", ("non voice bpo",)),
        ("Healthcare BPO", "BPO", ()),
    ],
)
def test_role_short_forms(name, track, expected):
    assert role_short_forms(name, track) == expected
