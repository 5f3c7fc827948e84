"""The knowledge-base sources as typed values, one frozen dataclass per table.

A dataclass's field names are the column names of its table in ``models.py`` (a test
checks it), so turning a :class:`SourceBundle` into rows is mechanical (see ``rows.py``).
Fields that are not columns hold child rows (``synonyms``, ``growth_path`` ...) or facts
that are validated but not stored (``Track.sources``). A tuple in a text column
(``RoleType.suits_goals``) is stored comma-separated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

SOURCES_DIR = Path(__file__).resolve().parent / "sources"

# file -> the top-level lists it must hold
SOURCE_FILES: dict[str, tuple[str, ...]] = {
    "seeds.yml": ("seeds",),
    "tracks.yml": ("tracks",),
    "categories.yml": ("categories",),
    "skills.yml": ("skills",),
    "education.yml": ("levels", "fields", "degrees"),
    "goals.yml": ("goals", "preferences"),
    "interests.yml": ("interests",),
    "roles.yml": ("roles",),
    "training.yml": ("courses",),
    "faq.yml": ("faqs",),
    "comparison.yml": ("rows",),
}

# The languages besides English the knowledge base is written in: each has a directory of
# overlay files beside the English ones (sources/hi/roles.yml ...), keyed by entry id.
TRANSLATION_LANGUAGES: dict[str, str] = {"hi": "Hindi"}
# English file -> the top-level mappings its overlay holds (seeds.yml names articles only)
TRANSLATED_FILES: dict[str, tuple[str, ...]] = {
    name: keys for name, keys in SOURCE_FILES.items() if name != "seeds.yml"
}

# The allowed values of enumerated fields. Track ids are not here: tracks.yml declares them.
SALARY_LEVELS = ("lower", "higher")
GROWTH_SPEEDS = ("moderate", "fast")
CATEGORY_KINDS = ("function", "attribute")
SKILL_GROUPS = (
    "communication",
    "computer",
    "customer",
    "analytical",
    "domain",
    "technical",
    "personal",
)
VOICE_MODES = ("voice", "non_voice", "either")
SHIFTS = ("day", "rotational", "night", "flexible")
COURSE_KINDS = ("generic", "academy")
COURSE_MODES = ("online", "classroom", "self-study")
FAQ_TOPICS = ("basics", "careers", "skills", "comparison", "business")
# tracks.yml list -> track_point.kind
TRACK_POINT_KINDS = {
    "advantages": "advantage",
    "who_should_choose": "who_should_choose",
    "future_scope": "future_scope",
    "skills": "skill",
}


@dataclass(frozen=True)
class Seed:
    """One of the source articles; not stored, only referenced by id."""

    id: str
    title: str
    publisher: str


@dataclass(frozen=True)
class TrackPoint:
    track_id: str
    kind: str
    position: int
    title: str
    text: str


@dataclass(frozen=True)
class TrackPromotionStep:
    track_id: str
    position: int
    title: str


@dataclass(frozen=True)
class Track:
    id: str
    name: str
    summary: str
    education_summary: str
    salary_level: str
    growth_speed: str
    salary_growth: str
    job_stability: str
    long_term_scope: str
    skill_focus: str
    points: tuple[TrackPoint, ...]
    promotion_steps: tuple[TrackPromotionStep, ...]
    sources: tuple[str, ...]  # seed ids


@dataclass(frozen=True)
class Category:
    id: str
    track_id: str
    name: str
    kind: str
    position: int


@dataclass(frozen=True)
class SkillActivity:
    """What people say they do that shows a skill: one of ``verbs`` near one of ``objects``
    ("I repair laptops"). Words are single lower-case words, compared by lemma."""

    skill_id: str
    position: int
    verbs: tuple[str, ...]
    objects: tuple[str, ...]


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    group: str
    description: str
    position: int
    # One column per seed skills list; seed 002 has one list per track.
    in_bpo_seed_list: bool
    in_kpo_seed_list: bool
    synonyms: tuple[str, ...]  # lower-case, the name's own form first
    activities: tuple[SkillActivity, ...] = ()


@dataclass(frozen=True)
class EducationLevel:
    id: str
    name: str
    ordinal: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    position: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Degree:
    id: str
    name: str
    level_id: str
    field_id: str | None
    position: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    description: str
    favours_track: str | None
    position: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Preference:
    id: str
    name: str
    position: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class RoleInterest:
    interest_id: str
    role_id: str
    position: int


@dataclass(frozen=True)
class Interest:
    """Something a person enjoys (talking to people, numbers ...) and the role types it suits."""

    id: str
    name: str
    description: str
    position: int
    synonyms: tuple[str, ...]
    roles: tuple[RoleInterest, ...]


@dataclass(frozen=True)
class RoleSkill:
    role_id: str
    skill_id: str
    position: int
    weight: float
    essential: bool


@dataclass(frozen=True)
class EntryRole:
    role_id: str
    position: int
    title: str


@dataclass(frozen=True)
class RoleAlias:
    """A name job ads use for the role ("CSR", "tele caller"); not from the seeds, so it
    says where it comes from and the year."""

    role_id: str
    position: int
    title: str
    source: str


@dataclass(frozen=True)
class GrowthStep:
    role_id: str
    position: int
    title: str
    typical_years: str | None


@dataclass(frozen=True)
class RoleType:
    id: str
    name: str
    track_id: str
    category_id: str
    position: int  # within its track
    description: str
    min_education_id: str
    preferred_education_id: str
    any_field: bool
    voice: str
    customer_facing: bool
    shifts: str
    part_time_possible: bool
    growth_speed: str
    salary_level: str
    growth_note: str
    suits_goals: tuple[str, ...]  # goal ids
    sources: tuple[str, ...]  # seed ids
    fields: tuple[str, ...]  # field ids; empty when any_field
    skills: tuple[RoleSkill, ...]
    entry_roles: tuple[EntryRole, ...]
    growth_path: tuple[GrowthStep, ...]
    aliases: tuple[RoleAlias, ...] = ()


@dataclass(frozen=True)
class TrainingCourse:
    id: str
    skill_id: str
    title: str
    description: str
    kind: str
    provider: str | None
    duration_weeks: int | None
    mode: str | None
    certification: str | None
    source: str | None
    position: int


@dataclass(frozen=True)
class Faq:
    id: str
    topic: str
    question: str
    answer: str
    seed: str
    position: int
    paraphrases: tuple[str, ...]  # without repeats of the question or of each other


@dataclass(frozen=True)
class ComparisonRow:
    id: str
    position: int
    aspect: str
    # One text column per track, named by the track id in lower case.
    bpo: str
    kpo: str
    seed: str


@dataclass(frozen=True)
class Translation:
    """One text of an entry in another language; ``field`` numbers list items from 1."""

    language: str
    kind: str  # role, skill, faq ... (translation_reader.OVERLAYS)
    owner_id: str
    field: str  # "description", "growth_path.2", "advantages.1.title", "english_only"
    text: str


def per_track_columns() -> tuple[str, ...]:
    """Lower-case ids of the tracks the schema has a column for (comparison, seed lists).

    tracks.yml must declare exactly these tracks: a new track needs a migration first.
    """
    shared = {"id", "position", "aspect", "seed"}
    return tuple(item.name for item in fields(ComparisonRow) if item.name not in shared)


def by_id(items: Iterable[Any]) -> dict[str, Any]:
    """Entries keyed by their id, for references between files."""
    return {item.id: item for item in items}


@dataclass(frozen=True)
class SourceBundle:
    """Every source file, validated, with defaults filled in."""

    directory: Path
    fingerprint: str
    seeds: tuple[Seed, ...]
    tracks: tuple[Track, ...]
    categories: tuple[Category, ...]
    skills: tuple[Skill, ...]
    levels: tuple[EducationLevel, ...]
    fields: tuple[Field, ...]
    degrees: tuple[Degree, ...]
    goals: tuple[Goal, ...]
    preferences: tuple[Preference, ...]
    interests: tuple[Interest, ...]
    courses: tuple[TrainingCourse, ...]
    roles: tuple[RoleType, ...]
    faqs: tuple[Faq, ...]
    comparison: tuple[ComparisonRow, ...]
    translations: tuple[Translation, ...] = ()

    def roles_per_track(self) -> dict[str, int]:
        counts = {track.id: 0 for track in self.tracks}
        for role in self.roles:
            counts[role.track_id] += 1
        return counts
