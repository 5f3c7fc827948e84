"""The knowledge base in Hindi: overlay files beside the English sources (sources/hi/).

The loader rejects a missing, stale or untranslated Hindi text naming file and entry;
the catalog gives every displayed text in Hindi through ``Catalog.localized("hi")``,
never falling back to English except for entries marked ``english_only`` on purpose.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from careerpath.kb.load import build_database
from careerpath.kb.localize import MissingTranslation
from careerpath.kb.reader import fingerprint_sources, read_sources
from careerpath.kb.repository import load_catalog
from careerpath.kb.schema import SOURCES_DIR, TRANSLATED_FILES
from careerpath.kb.translation_reader import OVERLAYS
from careerpath.kb.validation import SourceError
from tests.kb_support import FIXTURE, sqlite_url, table_counts

DEVANAGARI = re.compile("[\u0900-\u097f]")


def hindi_copy(tmp_path: Path, file: str, mutate) -> Path:
    """The fixture sources with ``mutate`` applied to ``hi/<file>``."""
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    path = directory / "hi" / file
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return directory


def drop(*keys):
    def mutate(document):
        target = document
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return mutate


def put(value, *keys):
    def mutate(document):
        target = document
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return mutate


CASES = {
    "missing description": (
        "roles.yml",
        drop("roles", "legal_process_outsourcing", "description"),
        "hi/roles.yml: role 'legal_process_outsourcing' has no Hindi description",
    ),
    "missing entry": (
        "skills.yml",
        drop("skills", "typing"),
        "hi/skills.yml: skill 'typing' has no Hindi translation",
    ),
    "stale entry": (
        "roles.yml",
        put({"name": "पुराना रोल", "description": "x"}, "roles", "old_role"),
        "hi/roles.yml: role 'old_role' is not in roles.yml any more",
    ),
    "short list": (
        "roles.yml",
        put(["प्रोसेस एसोसिएट"], "roles", "non_voice_bpo", "growth_path"),
        "hi/roles.yml: role 'non_voice_bpo' has no Hindi growth_path item 2",
    ),
    "long list": (
        "roles.yml",
        put(["लीगल एनालिस्ट", "दूसरा"], "roles", "legal_process_outsourcing", "entry_roles"),
        "role 'legal_process_outsourcing': unexpected entry_roles item 2",
    ),
    "missing track point": (
        "tracks.yml",
        put([{"title": "आसान शुरुआत"}], "tracks", "BPO", "advantages"),
        "hi/tracks.yml: track 'BPO' has no Hindi advantages item 1 text",
    ),
    "missing FAQ answer": (
        "faq.yml",
        drop("faqs", "bpo_vs_kpo", "answer"),
        "hi/faq.yml: faq 'bpo_vs_kpo' has no Hindi answer",
    ),
    "FAQ without Hindi paraphrases": (
        "faq.yml",
        put([], "faqs", "bpo_vs_kpo", "paraphrases"),
        "hi/faq.yml: faq 'bpo_vs_kpo' has no Hindi paraphrases",
    ),
    "Hindi question of another FAQ": (
        "faq.yml",
        put(["BPO क्या है"], "faqs", "bpo_vs_kpo", "paraphrases"),
        "question 'BPO क्या है' is also asked by faq 'what_is_bpo'",
    ),
    "English question of another FAQ": (
        "faq.yml",
        put(["explain bpo", "BPO और KPO"], "faqs", "bpo_vs_kpo", "paraphrases"),
        "question 'explain bpo' is also asked by faq 'what_is_bpo'",
    ),
    "English copied as Hindi": (
        "categories.yml",
        put({"name": "KPO by industry"}, "categories", "kpo_industry"),
        "hi/categories.yml: category 'kpo_industry': no Hindi text at all",
    ),
    "english_only without a reason": (
        "education.yml",
        put({"english_only": True}, "degrees", "ba"),
        "hi/education.yml: degree 'ba': 'english_only' needs a 'reason'",
    ),
    "english_only beside texts": (
        "education.yml",
        put({"english_only": True, "reason": "x", "name": "BA"}, "degrees", "ba"),
        "degree 'ba': an entry kept in English holds only 'english_only: true' and 'reason'",
    ),
    "unknown field": (
        "goals.yml",
        put("x", "goals", "quick_job", "synonyms"),
        "hi/goals.yml: goal 'quick_job': unknown key 'synonyms'",
    ),
    "empty text": (
        "comparison.yml",
        put(" ", "rows", "salary_level", "kpo"),
        "hi/comparison.yml: comparison row 'salary_level': 'kpo' must be non-empty text",
    ),
    "list of entries instead of a mapping": (
        "training.yml",
        put([{"id": "typing_practice"}], "courses"),
        "hi/training.yml: 'courses' must be a mapping of course ids to texts",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_loader_rejects_a_broken_hindi_overlay(tmp_path, case):
    file, mutate, expected = CASES[case]
    directory = hindi_copy(tmp_path, file, mutate)
    with pytest.raises(SourceError) as raised:
        read_sources(directory)
    assert expected in str(raised.value)


def test_a_missing_overlay_file_is_named(tmp_path):
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    (directory / "hi" / "faq.yml").unlink()
    with pytest.raises(SourceError, match=r"^hi/faq\.yml: file is missing"):
        read_sources(directory)


def test_an_unquoted_comma_gets_a_hint(tmp_path):
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    path = directory / "hi" / "goals.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{name: नॉन-वॉइस काम}", "{name: चैट, ईमेल}"), encoding="utf-8")
    with pytest.raises(SourceError, match="quote a text that holds a comma"):
        read_sources(directory)


def test_every_translated_file_has_an_overlay():
    covered = {overlay.file for overlay in OVERLAYS}
    assert covered == set(TRANSLATED_FILES), "a source file without Hindi texts"


def test_a_changed_overlay_changes_the_fingerprint(tmp_path):
    directory = hindi_copy(tmp_path, "skills.yml", lambda document: None)
    before = fingerprint_sources(directory)
    path = directory / "hi" / "skills.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert fingerprint_sources(directory) != before


@pytest.fixture(scope="module")
def fixture_catalog(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("hindi") / "kb.db")
    build_database(url, FIXTURE)
    return url, load_catalog(url)


def test_translations_are_stored_and_reloaded(fixture_catalog):
    url, catalog = fixture_catalog
    assert table_counts(url)["kb_translation"] == len(read_sources(FIXTURE).translations)
    assert catalog.languages == ("en", "hi")


def test_the_hindi_view_of_the_fixture(fixture_catalog):
    _, catalog = fixture_catalog
    hindi = catalog.localized("hi")
    assert hindi.language == "hi"
    role = hindi.roles["legal_process_outsourcing"]
    assert role.name == "लीगल प्रोसेस आउटसोर्सिंग (LPO)"
    assert role.entry_roles == ("लीगल एनालिस्ट",)
    assert [step.title for step in role.growth_path] == ["लीगल एनालिस्ट", "सीनियर लीगल एनालिस्ट"]
    assert [step.typical_years for step in role.growth_path] == ["0-2", "2-5"]
    # facts, ids and what people type stay the same objects' values
    english = catalog.roles["legal_process_outsourcing"]
    assert (role.skills, role.fields, role.short_forms) == (
        english.skills,
        english.fields,
        english.short_forms,
    )
    assert hindi.skills["typing"].synonyms == catalog.skills["typing"].synonyms
    assert hindi.tracks["BPO"].promotion_path == ("Team Leader", "सुपरवाइज़र", "मैनेजर")
    assert hindi.tracks["KPO"].points_of("advantage")[0].text.startswith("स्पेशलिस्ट")
    assert hindi.levels["twelfth"].name == "12वीं पास"
    assert hindi.goals["quick_job"].description == "जल्दी कमाना शुरू करना।"
    assert hindi.preferences["part_time"].name == "पार्ट-टाइम काम"
    assert hindi.fields["law"].name == "कानून (लॉ)"
    assert hindi.categories["kpo_industry"].name == "इंडस्ट्री के हिसाब से KPO"
    assert hindi.comparison[1].aspect == "सैलरी" and hindi.comparison[1].kpo == "ज़्यादा।"
    assert hindi.courses["communication"][0].title == "BPO ट्रेनिंग प्रोग्राम"  # academy first
    assert hindi.faqs["what_is_bpo"].answer.startswith("एक कंपनी")
    assert hindi.interests["law"].name == "कानून और दस्तावेज़"


def test_entries_kept_in_english_on_purpose(fixture_catalog):
    _, catalog = fixture_catalog
    hindi = catalog.localized("hi")
    assert hindi.degrees["bcom"].name == "B.Com"
    assert hindi.degrees["ba"].name == "BA (कला में स्नातक)"


def test_views_are_made_once_and_lead_back(fixture_catalog):
    _, catalog = fixture_catalog
    hindi = catalog.localized("hi")
    assert catalog.localized("hi") is hindi
    assert hindi.localized("en") is catalog
    assert catalog.localized("en") is catalog
    with pytest.raises(KeyError):
        catalog.localized("ta")


def test_hindi_faq_phrases_for_the_index(fixture_catalog):
    _, catalog = fixture_catalog
    phrases = catalog.faq_phrases("hi")
    assert set(phrases) == set(catalog.faqs)
    # the question first, then the paraphrases without repeats of it
    assert phrases["what_is_bpo"] == ("BPO क्या है?", "BPO का मतलब क्या है", "बीपीओ क्या होता है")
    assert catalog.faq_phrases("en")["what_is_bpo"][0] == "What is BPO?"


def test_a_gap_in_the_translations_is_an_error_not_english(fixture_catalog):
    _, catalog = fixture_catalog
    texts = {key: dict(fields) for key, fields in catalog.translations["hi"].items()}
    del texts["role", "non_voice_bpo"]["description"]
    damaged = replace(catalog, translations={"hi": texts}, _views={})
    with pytest.raises(MissingTranslation, match=r"role 'non_voice_bpo'.*description"):
        damaged.localized("hi")


# ---------------------------------------------------------------------------------------
# The real sources


@pytest.fixture(scope="module")
def real_catalog(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("real_hindi") / "kb.db")
    build_database(url)  # SourceError here: the real Hindi overlay is incomplete or stale
    return load_catalog(url)


def _display_texts(catalog):
    """(where, text) for every text the bot can show from the knowledge base."""
    for track in catalog.tracks.values():
        yield f"track {track.id}", " ".join([track.name, track.summary, *track.promotion_path])
        for point in track.points:
            yield f"track {track.id} {point.kind}", point.title + " " + point.text
    for role in catalog.roles.values():
        yield f"role {role.id}", " ".join([role.name, role.description, role.growth_note])
    for skill in catalog.skills.values():
        yield f"skill {skill.id}", skill.name + " " + skill.description
    for courses in catalog.courses.values():
        for course in courses:
            yield f"course {course.id}", course.title + " " + course.description
    for interest in catalog.interests.values():
        yield f"interest {interest.id}", interest.name + " " + interest.description
    for kind in ("levels", "fields", "goals", "preferences", "categories"):
        for item in getattr(catalog, kind).values():
            yield f"{kind} {item.id}", item.name
    for faq in catalog.faqs.values():
        yield f"faq {faq.id}", " ".join([faq.question, faq.answer, *faq.paraphrases])
    for row in catalog.comparison:
        yield f"comparison {row.id}", " ".join([row.aspect, row.bpo, row.kpo])


def test_every_real_text_the_bot_shows_is_in_hindi(real_catalog):
    hindi = real_catalog.localized("hi")
    untranslated = [where for where, text in _display_texts(hindi) if not DEVANAGARI.search(text)]
    assert untranslated == []


def test_real_hindi_keeps_the_english_facts_and_order(real_catalog):
    hindi = real_catalog.localized("hi")
    assert list(hindi.roles) == list(real_catalog.roles)
    assert list(hindi.faqs) == list(real_catalog.faqs)
    for role_id, role in hindi.roles.items():
        english = real_catalog.roles[role_id]
        assert len(role.entry_roles) == len(english.entry_roles)
        assert [s.typical_years for s in role.growth_path] == [
            s.typical_years for s in english.growth_path
        ]
    # Hindi names are as distinct as the English ones: a student can tell roles apart
    assert len({role.name for role in hindi.roles.values()}) == len(hindi.roles)


def test_real_hindi_faq_questions_are_there_to_match(real_catalog):
    phrases = real_catalog.faq_phrases("hi")
    assert all(len(questions) >= 2 for questions in phrases.values())
    assert "BPO क्या है?" in phrases["what_is_bpo"]


def test_the_real_overlay_sits_beside_the_english_files():
    for name in TRANSLATED_FILES:
        assert (SOURCES_DIR / "hi" / name).exists(), name
