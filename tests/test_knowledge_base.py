"""Knowledge base: loading, migrations, the catalog, generated NLU files, the code's shape.

Real SQLite databases in tmp_path throughout, loaded from the small fixture in
tests/fixtures/kb_minimal. The real sources are checked in test_knowledge_base_sources.py.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Integer, text

from careerpath.db.engine import PROJECT_ROOT, get_engine, session_scope
from careerpath.db.migrate import ALEMBIC_INI, upgrade_schema
from careerpath.kb import load, models, schema
from careerpath.kb.generate import (
    FAQ_INTENT,
    check_generated,
    render_generated,
    write_generated,
)
from careerpath.kb.load import build_database, load_sources, stored_fingerprint
from careerpath.kb.reader import fingerprint_sources, read_sources
from careerpath.kb.repository import clear_catalog_cache, load_catalog
from careerpath.kb.validation import SourceError
from careerpath.tables import load_all_models
from tests.kb_support import FIXTURE, sqlite_url, table_counts


@pytest.fixture
def fixture_url(tmp_path) -> str:
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, FIXTURE)
    return url


# --- loading -------------------------------------------------------------------------


def test_build_loads_and_then_skips_unchanged_sources(tmp_path):
    url = sqlite_url(tmp_path / "kb.db")
    first = build_database(url, FIXTURE)
    second = build_database(url, FIXTURE)
    assert first.loaded and not second.loaded
    assert first.roles_per_track == {"BPO": 2, "KPO": 2}
    assert (first.skills, first.courses, first.faqs) == (6, 7, 3)
    assert "up to date" in second.summary()
    with session_scope(url) as session:
        assert stored_fingerprint(session) == fingerprint_sources(FIXTURE)


def test_changed_source_is_reloaded(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURE, sources)
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, sources)
    roles = sources / "roles.yml"
    roles.write_text(
        roles.read_text().replace(
            "Answers customer questions by phone, chat and email.",
            "Helps customers by phone and chat.",
        )
    )

    report = build_database(url, sources)

    assert report.loaded
    assert (
        load_catalog(url).roles["customer_support_bpo"].description
        == "Helps customers by phone and chat."
    )


def test_loading_twice_gives_the_same_content(fixture_url):
    before = table_counts(fixture_url)
    bundle = read_sources(FIXTURE)
    with session_scope(fixture_url) as session:
        load_sources(session, bundle)
        load_sources(session, bundle)
    assert table_counts(fixture_url) == before
    assert before["role_type"] == 4 and before["skill_synonym"] > 6 and before["kb_meta"] == 1


def test_loading_never_touches_other_tables(fixture_url):
    with get_engine(fixture_url).begin() as connection:
        connection.execute(text("CREATE TABLE profile (id INTEGER PRIMARY KEY, data TEXT)"))
        connection.execute(text('INSERT INTO profile (data) VALUES (\'{"skills": ["ms_excel"]}\')'))
    with session_scope(fixture_url) as session:
        load_sources(session, read_sources(FIXTURE))
    with get_engine(fixture_url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM profile")).scalar_one() == 1


def test_broken_sources_leave_the_database_as_it_was(tmp_path, fixture_url):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURE, sources)
    skills = sources / "skills.yml"
    skills.write_text(skills.read_text().replace("group: domain", "group: lawyering"))
    before = table_counts(fixture_url)

    with pytest.raises(SourceError, match=r"skills\.yml: skill 'legal_research'"):
        build_database(fixture_url, sources)

    assert table_counts(fixture_url) == before
    with session_scope(fixture_url) as session:
        assert stored_fingerprint(session) == fingerprint_sources(FIXTURE)


def test_migrated_schema_matches_the_models(tmp_path):
    url = sqlite_url(tmp_path / "schema.db")
    upgrade_schema(url)
    with get_engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, load_all_models()) == []
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            == ScriptDirectory.from_config(Config(str(ALEMBIC_INI))).get_current_head()
        )


def test_migration_folders_are_not_packages():
    # Alembic loads these as scripts; as packages they would be importable by accident.
    migrations = Path(load.__file__).parents[1] / "db" / "migrations"
    assert (migrations / "env.py").exists()
    assert not (migrations / "__init__.py").exists()
    assert not (migrations / "versions" / "__init__.py").exists()


# --- the catalog -----------------------------------------------------------------------


def test_catalog_reads_everything_in_seed_order(fixture_url):
    catalog = load_catalog(fixture_url)
    assert list(catalog.roles) == [
        "customer_support_bpo",
        "non_voice_bpo",
        "legal_process_outsourcing",
        "market_research_kpo",
    ]
    lpo = catalog.roles["legal_process_outsourcing"]
    assert (lpo.track, lpo.category_kind, lpo.min_education, lpo.fields) == (
        "KPO",
        "function",
        "graduate",
        ("law",),
    )
    assert "lpo" in lpo.short_forms
    assert [step.title for step in lpo.growth_path] == ["Legal Analyst", "Senior Legal Analyst"]
    non_voice = catalog.roles["non_voice_bpo"]
    assert non_voice.any_field and non_voice.part_time_possible and non_voice.voice == "non_voice"
    assert non_voice.growth_path[0].typical_years is None
    assert [s.skill_id for s in catalog.roles["market_research_kpo"].skills] == [
        "analytical_thinking",
        "ms_excel",
        "report_writing",
    ]
    assert catalog.skills["ms_excel"].synonyms == ("ms excel", "excel", "microsoft excel")
    assert list(catalog.levels) == [
        "tenth",
        "twelfth",
        "diploma",
        "graduate",
        "postgraduate",
        "professional",
    ]
    assert catalog.degrees["ba"].field is None
    assert catalog.goals["quick_job"].favours_track == "BPO"
    assert [p.kind for p in catalog.tracks["BPO"].points] == [
        "advantage",
        "who_should_choose",
        "future_scope",
        "skill",
    ]
    assert catalog.tracks["KPO"].promotion_path == (
        "Senior Analyst",
        "Lead Consultant",
        "Domain Expert",
    )
    assert catalog.comparison[0].aspect == "Nature of work"
    assert catalog.fingerprint == fingerprint_sources(FIXTURE)


def test_catalog_reads_interests_and_activities(fixture_url):
    catalog = load_catalog(fixture_url)
    assert list(catalog.interests) == ["people", "law"]
    law = catalog.interests["law"]
    assert law.name == "Law and documents"
    assert "court cases" in law.synonyms and law.roles == ("legal_process_outsourcing",)
    assert catalog.roles["legal_process_outsourcing"].suits_interests == ("law",)
    assert catalog.roles["non_voice_bpo"].suits_interests == ()
    assert catalog.skills["typing"].activities == ((("type", "enter"), ("data", "form")),)
    assert catalog.skills["communication"].activities == ()


def test_academy_courses_come_first(fixture_url):
    courses = load_catalog(fixture_url).courses["communication"]
    assert [course.kind for course in courses] == ["academy", "generic"]
    assert courses[0].provider == "Fixture Academy"


def test_catalog_is_cached_per_url(fixture_url):
    first = load_catalog(fixture_url)
    assert load_catalog(fixture_url) is first
    clear_catalog_cache(fixture_url)
    assert load_catalog(fixture_url) is not first


def test_missing_database_is_built_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "SOURCES_DIR", FIXTURE)
    url = sqlite_url(tmp_path / "fresh" / "kb.db")
    (tmp_path / "fresh").mkdir()
    assert len(load_catalog(url).roles) == 4


# --- generated NLU files -----------------------------------------------------------------


def read_with_rasa(content: str):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    return RasaYAMLReader().reads(content)


def test_generated_files_are_valid_rasa_nlu(fixture_url):
    files = render_generated(load_catalog(fixture_url))
    lookups = {
        table["name"]: table["elements"]
        for table in read_with_rasa(files["lookups.yml"]).lookup_tables
    }
    assert set(lookups) == {"skill", "degree", "education_level", "role_type"}
    assert {"excel", "ms excel", "communication skills"} <= set(lookups["skill"])
    assert {"b.com", "bcom", "llb"} <= set(lookups["degree"])
    assert {"10+2", "12th pass", "graduate"} <= set(lookups["education_level"])
    assert {"legal process outsourcing (lpo)", "lpo", "customer support", "non voice bpo"} <= set(
        lookups["role_type"]
    )
    assert lookups["skill"] == sorted(lookups["skill"])

    faq = read_with_rasa(files["faq.yml"])
    examples = [message.get("text") for message in faq.training_examples]
    assert {message.get("intent") for message in faq.training_examples} == {FAQ_INTENT}
    assert not any(message.get("entities") for message in faq.training_examples)
    assert examples == sorted(examples, key=str.lower)
    assert examples.count("What is BPO?") == 1 and "what is bpo" not in [
        e.lower().rstrip("?") for e in examples if e != "What is BPO?"
    ]
    assert len(examples) == 6  # 3 questions + 4 paraphrases - 1 repeat of its own question
    for content in files.values():
        assert content.startswith(
            "# generated by `make generate` from careerpath/kb/sources — do not edit\n"
        )
        assert yaml.safe_load(content)["version"] == "3.1"


def test_generation_is_deterministic(fixture_url):
    first = render_generated(load_catalog(fixture_url))
    clear_catalog_cache(fixture_url)
    assert render_generated(load_catalog(fixture_url)) == first


def test_check_generated_reports_missing_and_stale_files(tmp_path, fixture_url):
    catalog = load_catalog(fixture_url)
    out = tmp_path / "generated"
    assert sorted(Path(p).name for p in check_generated(catalog, out)) == ["faq.yml", "lookups.yml"]
    assert len(write_generated(catalog, out)) == 2
    assert check_generated(catalog, out) == []
    assert write_generated(catalog, out) == []  # unchanged content is not rewritten
    (out / "faq.yml").write_text((out / "faq.yml").read_text() + "    - a hand-added example\n")
    assert check_generated(catalog, out) == [str(out / "faq.yml")]


# --- the shape of the code -------------------------------------------------------------

SCHEMA_TABLES = {
    "track": schema.Track,
    "track_point": schema.TrackPoint,
    "track_promotion_step": schema.TrackPromotionStep,
    "category": schema.Category,
    "skill": schema.Skill,
    "education_level": schema.EducationLevel,
    "field": schema.Field,
    "degree": schema.Degree,
    "goal": schema.Goal,
    "preference": schema.Preference,
    "role_type": schema.RoleType,
    "role_skill": schema.RoleSkill,
    "entry_role": schema.EntryRole,
    "growth_step": schema.GrowthStep,
    "training_course": schema.TrainingCourse,
    "faq": schema.Faq,
    "comparison_row": schema.ComparisonRow,
}


@pytest.mark.parametrize("table_name", sorted(SCHEMA_TABLES))
def test_schema_fields_are_named_after_the_columns(table_name):
    names = {field.name for field in dataclasses.fields(SCHEMA_TABLES[table_name])}
    columns = {  # all but the integer ids the database numbers itself
        column.name
        for column in models.Base.metadata.tables[table_name].columns
        if not (column.name == "id" and isinstance(column.type, Integer))
    }
    assert columns - names == set(), f"columns of {table_name} without a schema field"


def _careerpath_imports(path: Path) -> set:
    """careerpath modules ``path`` imports anywhere (function bodies included)."""
    package = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
    return {name for name in found if name.startswith("careerpath")}


@pytest.mark.parametrize(
    "package, allowed",
    [("db", ("careerpath.db",)), ("kb", ("careerpath.db", "careerpath.kb"))],
)
def test_kb_and_db_import_nothing_built_on_them(package, allowed):
    # The database is the bottom layer and the knowledge base sits on it alone; cycles
    # anywhere in the library are tests/test_architecture.py's concern.
    for path in (PROJECT_ROOT / "careerpath" / package).glob("*.py"):
        imports = _careerpath_imports(path)
        assert all(name.startswith(allowed) for name in imports), (path.name, imports)
