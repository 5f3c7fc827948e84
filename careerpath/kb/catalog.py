"""Read-only, in-memory view of the knowledge base.

The database is the store; this module reads it once per process into plain frozen
dataclasses, so the extractor and the advisor never hold a session and a conversation
turn costs no database round trip. ``load_catalog()`` is the only entry point.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class CategoryInfo:
    """One of the seed's classifications of role types, e.g. "BPO by location"."""

    id: str
    track: str
    name: str
    kind: str  # "function" (a job family) or "attribute" (how work is done)
    position: int


@dataclass(frozen=True)
class SkillInfo:
    id: str
    name: str
    group: str
    description: str
    synonyms: Tuple[str, ...]  # lower-case phrases, the name's own lower-case form included
    in_bpo_seed_list: bool
    in_kpo_seed_list: bool


@dataclass(frozen=True)
class CourseInfo:
    id: str
    skill_id: str
    title: str
    description: str
    kind: str  # "generic" learning path or "academy" course
    provider: Optional[str]
    duration_weeks: Optional[int]
    mode: Optional[str]
    certification: Optional[str]
    source: Optional[str]


@dataclass(frozen=True)
class RoleSkillInfo:
    skill_id: str
    weight: float
    essential: bool


@dataclass(frozen=True)
class GrowthStepInfo:
    title: str
    typical_years: Optional[str]


@dataclass(frozen=True)
class RoleInfo:
    id: str
    name: str
    track: str  # "BPO" / "KPO"
    category_id: str
    category_kind: str  # "function" (a job family) or "attribute" (how work is done)
    position: int
    description: str
    min_education: str  # education level id
    preferred_education: str
    any_field: bool
    fields: Tuple[str, ...]  # field ids that suit the role best
    voice: str  # voice / non_voice / either
    customer_facing: bool
    shifts: str
    part_time_possible: bool
    growth_speed: str
    salary_level: str
    growth_note: str
    suits_goals: Tuple[str, ...]
    skills: Tuple[RoleSkillInfo, ...]
    entry_roles: Tuple[str, ...]
    growth_path: Tuple[GrowthStepInfo, ...]
    sources: Tuple[str, ...]
    # Shorter names people use, derived from the name ("lpo", "customer support");
    # a form two roles could claim is left out.
    short_forms: Tuple[str, ...] = ()


@dataclass(frozen=True)
class LevelInfo:
    id: str
    name: str
    ordinal: int
    synonyms: Tuple[str, ...]


@dataclass(frozen=True)
class DegreeInfo:
    id: str
    name: str
    level: str
    field: Optional[str]
    synonyms: Tuple[str, ...]


@dataclass(frozen=True)
class NamedVocabulary:
    """A goal, a preference or a field: an id, a display name and what people type."""

    id: str
    name: str
    synonyms: Tuple[str, ...]
    description: str = ""
    favours_track: Optional[str] = None


@dataclass(frozen=True)
class TrackPointInfo:
    kind: str  # advantage / who_should_choose / future_scope / skill
    title: str
    text: str


@dataclass(frozen=True)
class TrackInfo:
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
    promotion_path: Tuple[str, ...]
    points: Tuple[TrackPointInfo, ...]

    def points_of(self, kind: str) -> Tuple[TrackPointInfo, ...]:
        return tuple(point for point in self.points if point.kind == kind)


@dataclass(frozen=True)
class FaqInfo:
    id: str
    topic: str
    question: str
    answer: str
    seed: str
    paraphrases: Tuple[str, ...]


@dataclass(frozen=True)
class ComparisonInfo:
    aspect: str
    bpo: str
    kpo: str
    seed: str


@dataclass(frozen=True)
class Catalog:
    tracks: Dict[str, TrackInfo]
    roles: Dict[str, RoleInfo]  # in seed order: BPO 1-14, then KPO 1-12
    skills: Dict[str, SkillInfo]
    courses: Dict[str, Tuple[CourseInfo, ...]]  # by skill id; academy courses first
    levels: Dict[str, LevelInfo]
    degrees: Dict[str, DegreeInfo]
    fields: Dict[str, NamedVocabulary]
    goals: Dict[str, NamedVocabulary]
    preferences: Dict[str, NamedVocabulary]
    faqs: Dict[str, FaqInfo]
    comparison: Tuple[ComparisonInfo, ...]
    categories: Dict[str, CategoryInfo] = field(default_factory=dict)
    fingerprint: str = field(default="")

    def level_ordinal(self, level_id: str) -> int:
        return self.levels[level_id].ordinal
