"""The real knowledge-base sources against the seed articles' facts.

Every seed role type in seed order, both seed skills lists, the questions the seeds
answer, every table filled, the generated NLU files current, and the command line.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from careerpath.db.engine import PROJECT_ROOT
from careerpath.kb.generate import GENERATED_DIR, check_generated
from careerpath.kb.load import build_database
from careerpath.kb.repository import load_catalog
from tests.kb_support import sqlite_url, table_counts

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
