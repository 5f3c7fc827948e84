"""Read-only, in-memory view of the knowledge base.

The database is the store; ``repository.load_catalog()``, the only entry point, reads it
once per process into these frozen dataclasses, so the extractor and the advisor never
hold a session and a conversation turn costs no database round trip.
``careerpath.runtime.Runtime`` keeps the catalog beside what is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    synonyms: tuple[str, ...]  # lower-case phrases, the name's own lower-case form included
    in_bpo_seed_list: bool
    in_kpo_seed_list: bool
    # What people say they do that shows the skill: (verbs, objects) pairs of single words
    # ("repair" ... "laptop"); the extractor turns them into spaCy Matcher patterns.
    activities: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class InterestInfo:
    """Something a person enjoys (interests.yml) and the role types it suits."""

    id: str
    name: str
    description: str
    synonyms: tuple[str, ...]
    roles: tuple[str, ...]  # role type ids


@dataclass(frozen=True)
class CourseInfo:
    id: str
    skill_id: str
    title: str
    description: str
    kind: str  # "generic" learning path or "academy" course
    provider: str | None
    duration_weeks: int | None
    mode: str | None
    certification: str | None
    source: str | None


@dataclass(frozen=True)
class RoleSkillInfo:
    skill_id: str
    weight: float
    essential: bool


@dataclass(frozen=True)
class GrowthStepInfo:
    title: str
    typical_years: str | None


@dataclass(frozen=True)
class RoleInfo:
    id: str
    name: str
    track: str  # a track id of tracks.yml: "BPO" / "KPO"
    category_id: str
    category_kind: str  # "function" (a job family) or "attribute" (how work is done)
    position: int
    description: str
    min_education: str  # education level id
    preferred_education: str
    any_field: bool
    fields: tuple[str, ...]  # field ids that suit the role best
    voice: str  # voice / non_voice / either
    customer_facing: bool
    shifts: str
    part_time_possible: bool
    growth_speed: str
    salary_level: str
    growth_note: str
    suits_goals: tuple[str, ...]
    skills: tuple[RoleSkillInfo, ...]
    entry_roles: tuple[str, ...]
    growth_path: tuple[GrowthStepInfo, ...]
    sources: tuple[str, ...]
    # Shorter names people use, derived from the name ("lpo", "customer support");
    # a form two roles could claim is left out.
    short_forms: tuple[str, ...] = ()
    # Interest ids of people the role suits (interests.yml, read the other way round).
    suits_interests: tuple[str, ...] = ()
    # What job ads call the role ("CSR", "tele caller"), roles.yml's ``aliases``.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LevelInfo:
    id: str
    name: str
    ordinal: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class DegreeInfo:
    id: str
    name: str
    level: str
    field: str | None
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class NamedVocabulary:
    """A goal, a preference or a field: an id, a display name and what people type."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    description: str = ""
    favours_track: str | None = None


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
    promotion_path: tuple[str, ...]
    points: tuple[TrackPointInfo, ...]

    def points_of(self, kind: str) -> tuple[TrackPointInfo, ...]:
        return tuple(point for point in self.points if point.kind == kind)


@dataclass(frozen=True)
class FaqInfo:
    id: str
    topic: str
    question: str
    answer: str
    seed: str
    paraphrases: tuple[str, ...]


@dataclass(frozen=True)
class ComparisonInfo:
    aspect: str
    bpo: str
    kpo: str
    seed: str
    id: str = ""  # comparison.yml's row id, which its translations are keyed by


@dataclass(frozen=True)
class Catalog:
    tracks: dict[str, TrackInfo]
    roles: dict[str, RoleInfo]  # by track id, then seed order: BPO 1-14, then KPO 1-12
    skills: dict[str, SkillInfo]
    courses: dict[str, tuple[CourseInfo, ...]]  # by skill id; academy courses first
    levels: dict[str, LevelInfo]
    degrees: dict[str, DegreeInfo]
    fields: dict[str, NamedVocabulary]
    goals: dict[str, NamedVocabulary]
    preferences: dict[str, NamedVocabulary]
    faqs: dict[str, FaqInfo]
    comparison: tuple[ComparisonInfo, ...]
    categories: dict[str, CategoryInfo] = field(default_factory=dict)
    interests: dict[str, InterestInfo] = field(default_factory=dict)
    fingerprint: str = field(default="")
    # The language of the texts: "en", or one of sources/<lang>/ for a localized view.
    language: str = "en"
    # language -> (kind, entry id) -> field -> text, as loaded (see translation_reader.py)
    translations: dict[str, dict[tuple[str, str], dict[str, str]]] = field(
        default_factory=dict, repr=False
    )
    # The views made so far, shared between a catalog and its views (localize.py).
    _views: dict[str, Catalog] = field(default_factory=dict, repr=False, compare=False)

    def level_ordinal(self, level_id: str) -> int:
        return self.levels[level_id].ordinal

    @property
    def languages(self) -> tuple[str, ...]:
        """English and every language the knowledge base is fully translated into."""
        return ("en", *sorted(self.translations))

    def localized(self, language: str) -> Catalog:
        """The same catalog with every text the bot shows in ``language`` ("en", "hi").

        Ids, synonyms, numbers and references are the same objects' values; only display
        texts change. Loading checked that every text exists, so a gap raises
        ``MissingTranslation`` instead of quietly showing English; an unknown language
        raises ``KeyError``.
        """
        from .localize import localized_view  # the view builder needs these classes

        return localized_view(self, language)

    def faq_phrases(self, language: str) -> dict[str, tuple[str, ...]]:
        """Per FAQ id, its question and paraphrases in ``language``, for the FAQ index."""
        faqs = self.localized(language).faqs
        return {faq_id: (faq.question, *faq.paraphrases) for faq_id, faq in faqs.items()}
