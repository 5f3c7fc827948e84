"""Knowledge base: loading, migrations, the catalog, generated NLU files, and the real sources.

Real SQLite databases in tmp_path throughout. The first half runs on the small fixture
in tests/fixtures/kb_minimal; the second half checks the real sources against the
seed articles' facts (role types, skills lists, FAQs).
"""

from __future__ import annotations

import ast
import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Integer, func, select, text

from careerpath.db.base import load_all_models
from careerpath.db.engine import PROJECT_ROOT, get_engine, session_scope
from careerpath.db.migrate import upgrade_schema
from careerpath.kb import load, models, schema
from careerpath.kb.generate import (
    FAQ_INTENT,
    GENERATED_DIR,
    check_generated,
    render_generated,
    write_generated,
)
from careerpath.kb.load import build_database, load_sources, stored_fingerprint
from careerpath.kb.reader import fingerprint_sources, read_sources
from careerpath.kb.repository import clear_catalog_cache, load_catalog
from careerpath.kb.validation import SourceError
from careerpath.runtime import Runtime

FIXTURE = Path(__file__).parent / "fixtures" / "kb_minimal"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def table_counts(url: str) -> dict:
    with session_scope(url) as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in models.KB_TABLES
        }


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
            == "0003"
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


# --- the real sources ----------------------------------------------------------------------

SEED_BPO_ROLES = [
    "Onshore BPO",
    "Nearshore BPO",
    "Offshore BPO",
    "Front Office BPO",
    "Back Office BPO",
    "Customer Support BPO",
    "Technical Support BPO",
    "Finance and Accounting BPO",
    "Human Resource (HR) BPO",
    "Data Entry and Processing BPO",
    "Sales and Marketing BPO",
    "Healthcare BPO",
    "Voice-Based BPO",
    "Non-Voice BPO",
]
SEED_KPO_ROLES = [
    "Financial and Investment KPO",
    "Legal Process Outsourcing (LPO)",
    "Market Research and Business Analytics KPO",
    "Healthcare and Life Sciences KPO",
    "Data Analytics and Data Science KPO",
    "Engineering and Technical KPO",
    "Content and Media KPO",
    "Research and Development (R&D) KPO",
    "Intellectual Property (IP) Research KPO",
    "Risk and Compliance KPO",
    "Artificial Intelligence and Machine Learning KPO",
    "Business Consulting KPO",
]
# Seed 002's two skills lists; each item must be a skill flagged for that list whose
# name or synonyms contain the phrase.
SEED_BPO_SKILLS = [
    "communication",
    "computer",
    "customer handling",
    "listening",
    "time management",
    "problem solving",
    "adaptab",
    "teamwork",
]
SEED_KPO_SKILLS = [
    "analytical",
    "domain",
    "research",
    "critical thinking",
    "technical",
    "report writing",
    "decision making",
    "attention to detail",
    "continuous learning",
]
# The questions seed 001 (18) and seed 002 (5) answer. Each is a list of keyword groups;
# some question or paraphrase of an FAQ attributed to that seed must contain one
# alternative of every group. Stems, so our own wording is free.
SEED_001_QUESTIONS = {
    "why companies choose BPO": [
        ("why",),
        ("bpo",),
        ("choose", "outsourc", "opt", "use", "go for", "pick"),
    ],
    "BPO across industries": [("bpo",), ("industr", "sector")],
    "how KPO adds value": [("kpo",), ("value", "benefit")],
    "BPO and employee roles": [("bpo",), ("employee", "staff", "workforce", "roles")],
    "BPO technical support": [("bpo",), ("technical support", "tech support")],
    "language skills in BPO": [("bpo",), ("language",)],
    "services outsourced in BPO": [("bpo",), ("service", "task", "work")],
    "key difference BPO vs KPO": [("bpo",), ("kpo",), ("differ",)],
    "KPO for financial analysis": [("kpo",), ("financ",)],
    "technology and BPO": [("bpo",), ("technolog", "automation")],
    "KPO for market research": [("kpo",), ("market research",)],
    "KPO more expensive": [("kpo",), ("expensive", "cost", "price", "pay more")],
    "BPO and job loss": [("bpo",), ("job",), ("loss", "lose", "lost", "cut", "take away")],
    "data security": [("secur", "privacy", "confidential")],
    "small businesses and BPO": [("bpo",), ("small",)],
    "KPO industry knowledge": [
        ("kpo",),
        ("industry", "domain", "sector"),
        ("knowledge", "expertise", "expert"),
    ],
    "KPO for every business": [("kpo",), ("suit", "right for", "every", "all ", "any ")],
    "KPO client interaction": [("kpo",), ("interact", "collaborat", "contact", "communicat")],
}
SEED_002_QUESTIONS = {
    "what is BPO in simple words": [("bpo",), ("what", "mean", "simple", "explain", "define")],
    "which is better, KPO or BPO": [("better",), ("kpo",), ("bpo",)],
    "BPO or BPM": [("bpm",)],
    "four types of BPO": [("bpo",), ("type", "kind")],
    "five BPO services": [("bpo",), ("service",)],
}


def words(text: str) -> str:
    return " " + " ".join(text.lower().replace("-", " ").split()) + " "


@pytest.fixture(scope="module")
def real_url(tmp_path_factory) -> str:
    url = sqlite_url(tmp_path_factory.mktemp("real") / "kb.db")
    build_database(url)  # SourceError here means the real sources are invalid: a failure
    return url


@pytest.fixture(scope="module")
def real_catalog(real_url):
    return load_catalog(real_url)


def normalised(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def test_every_seed_role_type_is_present_in_seed_order(real_catalog):
    by_track = {"BPO": [], "KPO": []}
    for role in real_catalog.roles.values():
        by_track[role.track].append(normalised(role.name))
    assert by_track["BPO"] == [normalised(name) for name in SEED_BPO_ROLES]
    assert by_track["KPO"] == [normalised(name) for name in SEED_KPO_ROLES]


def test_every_role_is_complete_with_training_for_every_skill(real_catalog):
    for role in real_catalog.roles.values():
        assert role.skills, role.id
        assert any(skill.essential for skill in role.skills), f"{role.id} has no essential skill"
        assert role.growth_path and role.entry_roles and role.description, role.id
        for skill in role.skills:
            assert real_catalog.courses.get(skill.skill_id), (
                f"{role.id}: no course for {skill.skill_id}"
            )


@pytest.mark.parametrize(
    "track, seed_list, phrases",
    [
        ("BPO", "in_bpo_seed_list", SEED_BPO_SKILLS),
        ("KPO", "in_kpo_seed_list", SEED_KPO_SKILLS),
    ],
)
def test_seed_skills_lists_are_present(real_catalog, track, seed_list, phrases):
    listed = [skill for skill in real_catalog.skills.values() if getattr(skill, seed_list)]
    assert len(listed) >= len(phrases)
    for phrase in phrases:
        assert any(
            phrase in words(text) for skill in listed for text in (skill.name, *skill.synonyms)
        ), f"no {track} seed-list skill mentions {phrase!r}"
    assert len(real_catalog.tracks[track].points_of("skill")) == len(phrases)


@pytest.mark.parametrize(
    "seed, questions", [("001", SEED_001_QUESTIONS), ("002", SEED_002_QUESTIONS)]
)
def test_seed_faqs_are_present(real_catalog, seed, questions):
    faqs = [faq for faq in real_catalog.faqs.values() if faq.seed == seed]
    assert len(faqs) >= len(questions)
    phrasings = [words(text) for faq in faqs for text in (faq.question, *faq.paraphrases)]
    missing = [
        label
        for label, groups in questions.items()
        if not any(
            all(any(k in phrasing for k in group) for group in groups) for phrasing in phrasings
        )
    ]
    assert missing == [], f"seed {seed} questions without an FAQ: {missing}"
    assert all(faq.answer.strip() for faq in faqs)


def test_real_sources_fill_every_table(real_url):
    empty = [name for name, count in table_counts(real_url).items() if count == 0]
    assert empty == []


def test_generated_nlu_files_are_current(real_catalog):
    assert check_generated(real_catalog, GENERATED_DIR) == [], "run `make generate`"


def test_command_line_build_then_up_to_date(tmp_path):
    env = {**os.environ, "DATABASE_URL": sqlite_url(tmp_path / "cli.db")}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "careerpath.kb", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first, second, stats = run("build"), run("build"), run("stats")
    assert first.returncode == 0, first.stderr
    assert "knowledge base loaded: 14 BPO + 12 KPO roles" in first.stdout
    assert second.stdout.startswith("knowledge base up to date (14 BPO + 12 KPO roles")
    assert "roles: 14 BPO, 12 KPO" in stats.stdout


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


def _imports_of(path: Path, skip_function: str = "") -> set:
    """careerpath modules ``path`` imports anywhere (function bodies included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name == skip_function
        for node in ast.walk(function)
    }
    package = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("careerpath")}


def test_kb_and_db_import_in_one_direction_without_cycles():
    graph = {}
    for package in ("kb", "db"):
        for path in (PROJECT_ROOT / "careerpath" / package).glob("*.py"):
            module = f"careerpath.{package}.{path.stem}".removesuffix(".__init__")
            # load_all_models imports every model module, the one sanctioned way up.
            graph[module] = _imports_of(path, skip_function="load_all_models")
    for module, imports in graph.items():
        allowed = (
            ("careerpath.db",)
            if module.startswith("careerpath.db")
            else ("careerpath.db", "careerpath.kb")
        )
        assert all(name.startswith(allowed) for name in imports), (module, imports)
    edges = {
        module: {
            name
            for name in graph
            if name != module
            and any(imported == name or imported.startswith(name + ".") for imported in imports)
        }
        for module, imports in graph.items()
    }

    def reaches(start, goal, seen=()):
        return any(
            step == goal or (step not in seen and reaches(step, goal, (*seen, step)))
            for step in edges[start]
        )

    cycles = [module for module in edges if reaches(module, module)]
    assert cycles == []


# --- the runtime ------------------------------------------------------------------------


def test_runtime_is_one_per_database_until_the_sources_change(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURE, sources)
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, sources)
    first = Runtime.load(url)
    assert Runtime.load(url) is first and first.catalog is load_catalog(url)

    faq = sources / "faq.yml"
    faq.write_text(faq.read_text().replace("explain bpo", "explain bpo to me"))
    build_database(url, sources)

    assert Runtime.load(url) is not first
    assert Runtime.load(url).catalog.fingerprint == fingerprint_sources(sources)


def test_runtime_builds_the_extractor_and_faq_index_once_and_only_when_asked(fixture_url):
    built = []

    def factory(name):
        return lambda catalog: built.append(name) or (name, catalog.fingerprint)

    runtime = Runtime(
        load_catalog(fixture_url),
        extractor_factory=factory("extractor"),
        faq_index_factory=factory("faq_index"),
    )
    assert built == []
    assert runtime.faq_index == ("faq_index", fingerprint_sources(FIXTURE))
    assert runtime.faq_index is runtime.faq_index and built == ["faq_index"]
    runtime.warm_up()
    assert built == ["faq_index", "extractor"]


def test_runtime_default_faq_index_answers_from_the_catalog(fixture_url):
    match = Runtime(load_catalog(fixture_url)).faq_index.search("what is bpo", limit=1)[0]
    assert match.faq.id == "what_is_bpo"
