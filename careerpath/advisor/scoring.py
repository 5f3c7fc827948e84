"""Rank the knowledge base's role types for one person, deterministically.

How a score is made
-------------------
Every *function* role type (a line of work someone can be hired into) is scored 0..1 as a
weighted sum of five parts. The weights below are the only tuning knobs:

* ``WEIGHT_SKILLS`` (0.45) - the person's skills against the role's skill list. Each role
  skill counts by its weight (1-3) and ``ESSENTIAL_MULTIPLIER`` times more when essential.
  ``SKILL_COVERAGE_SHARE`` of the part is *coverage* (how much of the role they already
  have); the rest is *focus* (how much of what they can do the role actually uses), so a
  B.Com with Tally ranks accounting above a generic role that only shares MS Excel. Focus
  counts each of the person's skills by its rarity among role types (``skill_rarity``):
  "medical terminology" says more about where someone fits than "research" or
  "communication", which many roles share. Outside the entry track a listed skill of the
  ``domain`` group counts like an essential one: the seeds put domain knowledge first in KPO.
* ``WEIGHT_EDUCATION`` (0.25) - level against the role's minimum/preferred level, and
  field of study against the role's fields. A role asking for *your* field scores a little
  higher than an any-field role, so a degree is put to use; a further-track (KPO) role open
  to any field scores lower still (``FIELD_ANY_DEGREE_UNUSED``) for someone whose subject
  has KPO roles of its own.
* ``WEIGHT_GOALS`` (0.15) - each goal scores fully when the role suits it, partly when the
  goal favours the role's track (e.g. "high salary" favours KPO), nothing when it favours
  the other track.
* ``WEIGHT_PREFERENCES`` (0.10) - voice/non-voice, shifts, part-time, customer-facing.
* ``WEIGHT_EXPERIENCE`` (0.05) - the entry track (BPO: the lowest minimum education) welcomes
  freshers; the other track (KPO) rewards experience.

When the person named interests (interests.yml: what they enjoy), ``WEIGHT_INTERESTS`` of
the score is how well the role suits them (``interest_fit``) and the five parts above
share the rest; without interests the score is the five parts alone. A role that goes
against a stated preference outright (``preference_rules.CLASH_RULES``: night shifts for
someone who wants day shifts, calls for someone who wants none) loses ``CLASH_PENALTY``
per clash on top of its lower preference part, and carries the clash for its card.

Anything the person did not tell us scores ``NEUTRAL`` (neither for nor against).
Fit tiers come from ``FIT_THRESHOLDS``; an education gap caps the tier (see
``_fit_tier``), so nobody is told a role is a strong match when they cannot apply yet.
Ties keep the knowledge base's seed order (BPO types 1-14, then KPO 1-12).

This module only computes: the results are typed (:class:`RoleScore`, :class:`SkillMatch`,
:class:`EducationFit`) and carry no sentences. The wording is built from them in
``explain/``, and ``advice.py`` puts both together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from careerpath.kb.catalog import Catalog, RoleInfo

from .catalog_views import entry_track, function_roles
from .education_fit import EducationFit, education_fit
from .preference_rules import PREFERENCE_RULES, Clash, clashes
from .results import FIT_TIERS

NEUTRAL = 0.5

WEIGHT_SKILLS = 0.45
WEIGHT_EDUCATION = 0.25
WEIGHT_GOALS = 0.15
WEIGHT_PREFERENCES = 0.10
WEIGHT_EXPERIENCE = 0.05
WEIGHT_INTERESTS = 0.15
CLASH_PENALTY = 0.06
# Interest part: a role suiting one of the person's interests scores at least this much.
INTEREST_ANY_MATCH = 0.7

ESSENTIAL_MULTIPLIER = 2.0
DOMAIN_GROUP = "domain"  # skills.yml group of subject knowledge (pharmacovigilance, payroll ...)
SKILL_COVERAGE_SHARE = 0.7

# Goal part: how much a goal is worth when the role does not list it as suited.
GOAL_FAVOURS_TRACK = 0.6
GOAL_NO_TRACK = 0.3

FIT_THRESHOLDS = (("strong", 0.70), ("good", 0.55), ("possible", 0.40))
SCORE_DECIMALS = 3

# Ranking groups by why the education fits: open now (or nearly), one level away, further.
ENTRY_ORDER = {"meets": 0, "pursuing": 0, "field": 0, "unknown": 0, "level_gap": 1, "below": 2}


@dataclass(frozen=True)
class Person:
    """A Profile normalised against the catalog (degree fills level and field)."""

    level: str | None
    degree: str | None
    field: str | None
    pursuing: bool
    skills: tuple[str, ...]
    goals: tuple[str, ...]
    preferences: tuple[str, ...]
    experience_years: float | None
    interests: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.level or self.skills or self.goals or self.preferences or self.interests)

    @classmethod
    def from_profile(cls, profile: Any, catalog: Catalog) -> Person:
        degree_id = getattr(profile, "degree", None)
        degree = catalog.degrees.get(degree_id) if degree_id else None
        level = getattr(profile, "education_level", None) or (degree.level if degree else None)
        if level not in catalog.levels:
            level = None
        field = getattr(profile, "field", None) or (degree.field if degree else None)
        years = getattr(profile, "experience_years", None)
        if years is None and getattr(profile, "fresher", None):
            years = 0.0
        return cls(
            level=level,
            degree=degree.id if degree else None,
            field=field if field in catalog.fields else None,
            pursuing=bool(getattr(profile, "pursuing", False)),
            skills=_known(getattr(profile, "skills", ()) or (), catalog.skills),
            goals=_known(getattr(profile, "goals", ()) or (), catalog.goals),
            preferences=_known(getattr(profile, "preferences", ()) or (), catalog.preferences),
            experience_years=years,
            interests=_known(
                getattr(profile, "interests", ()) or (), getattr(catalog, "interests", {})
            ),
        )


@dataclass(frozen=True)
class SkillMatch:
    matched: tuple[str, ...]  # skill ids, role order
    missing: tuple[str, ...]  # skill ids, essential first then by weight
    coverage: float
    focus: float

    @property
    def score(self) -> float:
        return SKILL_COVERAGE_SHARE * self.coverage + (1 - SKILL_COVERAGE_SHARE) * self.focus


@dataclass(frozen=True)
class RoleScore:
    """Everything worked out for one role, before it is turned into text."""

    role: RoleInfo
    score: float
    fit: str
    skills: SkillMatch
    education: EducationFit
    goal_score: float
    preference_score: float
    interests: tuple[str, ...] = ()  # the person's interests the role suits
    clashes: tuple[Clash, ...] = ()  # the role's facts against the person's preferences


def rank_roles(person: Person, catalog: Catalog) -> list[RoleScore]:
    """Score every function role; roles the person cannot enter yet only when nothing else fits."""
    scored = score_all(person, catalog)
    reachable = [item for item in scored if item.education.status != "below"]
    if not reachable:
        nearest = min((item.education.steps_short for item in scored), default=0)
        reachable = [item for item in scored if item.education.steps_short == nearest]
    return best_first(reachable)


def score_all(person: Person, catalog: Catalog) -> list[RoleScore]:
    """Every function role scored, in the catalog's order."""
    roles = function_roles(catalog)
    rarity = skill_rarity(roles)
    return [score_role(person, role, catalog, rarity) for role in roles]


def best_first(scored: Sequence[RoleScore]) -> list[RoleScore]:
    """Roles open today first, then those one qualification away, then the rest; sorted()
    is stable, so equal scores keep the seed order of the catalog."""
    return sorted(scored, key=lambda item: (ENTRY_ORDER[item.education.reason], -item.score))


def score_role(
    person: Person, role: RoleInfo, catalog: Catalog, rarity: dict[str, float] | None = None
) -> RoleScore:
    domain = (
        frozenset(sid for sid, skill in catalog.skills.items() if skill.group == DOMAIN_GROUP)
        if role.track != entry_track(catalog)
        else frozenset()
    )
    skills = match_skills(person, role, rarity or skill_rarity(function_roles(catalog)), domain)
    education = education_fit(person, role, catalog)
    goal_score = goal_fit(person, role, catalog)
    preference_score = preference_fit(person, role)
    total = (
        WEIGHT_SKILLS * skills.score
        + WEIGHT_EDUCATION * education.score
        + WEIGHT_GOALS * goal_score
        + WEIGHT_PREFERENCES * preference_score
        + WEIGHT_EXPERIENCE * experience_fit(person, role, catalog)
    )
    suited = tuple(interest for interest in person.interests if interest in role.suits_interests)
    if person.interests:
        total = (1 - WEIGHT_INTERESTS) * total + WEIGHT_INTERESTS * interest_fit(person, suited)
    against = clashes(person.preferences, role)
    total -= CLASH_PENALTY * len(against)
    score = round(min(max(total, 0.0), 1.0), SCORE_DECIMALS)
    return RoleScore(
        role=role,
        score=score,
        fit=_fit_tier(score, education, skills),
        skills=skills,
        education=education,
        goal_score=goal_score,
        preference_score=preference_score,
        interests=suited,
        clashes=against,
    )


def skill_rarity(roles: Sequence[RoleInfo]) -> dict[str, float]:
    """log(1 + roles / roles needing the skill): high for specialist skills, low for common ones."""
    counts: dict[str, int] = {}
    for role in roles:
        for role_skill in role.skills:
            counts[role_skill.skill_id] = counts.get(role_skill.skill_id, 0) + 1
    return {skill_id: math.log(1 + len(roles) / count) for skill_id, count in counts.items()}


def match_skills(
    person: Person,
    role: RoleInfo,
    rarity: dict[str, float],
    counted_as_essential: frozenset = frozenset(),
) -> SkillMatch:
    """``counted_as_essential``: skills weighed like essential ones wherever the role lists
    them (outside the entry track: domain knowledge, which the seeds put first in KPO)."""
    have = set(person.skills)
    importance = {
        rs.skill_id: rs.weight
        * (ESSENTIAL_MULTIPLIER if rs.essential or rs.skill_id in counted_as_essential else 1.0)
        for rs in role.skills
    }
    matched = tuple(rs.skill_id for rs in role.skills if rs.skill_id in have)
    missing_skills = [rs for rs in role.skills if rs.skill_id not in have]
    missing_skills.sort(key=lambda rs: (not rs.essential, -rs.weight))  # stable: role order
    total = sum(importance.values())
    coverage = sum(importance[sid] for sid in matched) / total if total else 0.0
    # A skill no role asks for weighs like the rarest one: it still shows what the person does.
    rarest = max(rarity.values(), default=1.0)
    person_weight = {sid: rarity.get(sid, rarest) for sid in person.skills}
    total_person = sum(person_weight.values())
    focus = sum(person_weight[sid] for sid in matched) / total_person if total_person else 0.0
    return SkillMatch(matched, tuple(rs.skill_id for rs in missing_skills), coverage, focus)


def goal_fit(person: Person, role: RoleInfo, catalog: Catalog) -> float:
    if not person.goals:
        return NEUTRAL
    return sum(_one_goal_fit(goal, role, catalog) for goal in person.goals) / len(person.goals)


def interest_fit(person: Person, suited: Sequence[str]) -> float:
    """0 when the role suits none of the person's interests; from ``INTEREST_ANY_MATCH`` up to
    1 as it suits more of them."""
    if not person.interests:
        return NEUTRAL
    if not suited:
        return 0.0
    share = len(suited) / len(person.interests)
    return INTEREST_ANY_MATCH + (1 - INTEREST_ANY_MATCH) * share


def preference_fit(person: Person, role: RoleInfo) -> float:
    scores = [
        PREFERENCE_RULES[pref](role) for pref in person.preferences if pref in PREFERENCE_RULES
    ]
    return sum(scores) / len(scores) if scores else NEUTRAL


def experience_fit(person: Person, role: RoleInfo, catalog: Catalog) -> float:
    years = person.experience_years
    if years is None:
        return NEUTRAL
    if role.track == entry_track(catalog):  # the seeds: easy entry for freshers (BPO)
        return 0.8 if years <= 0 else 1.0
    return min(0.5 + years * 0.25, 1.0)  # KPO: expertise grows with years


# -- helpers --------------------------------------------------------------------------------


def too_little_to_go_on(person: Person) -> bool:
    """Without education or skills any ranking would be a guess."""
    return person.level is None and not person.skills


def _known(ids: Sequence[str], vocabulary: dict[str, Any]) -> tuple[str, ...]:
    seen: list[str] = []
    for item in ids:
        if item in vocabulary and item not in seen:
            seen.append(item)
    return tuple(seen)


def _one_goal_fit(goal_id: str, role: RoleInfo, catalog: Catalog) -> float:
    if goal_id in role.suits_goals:
        return 1.0
    favours = catalog.goals[goal_id].favours_track
    if favours is None:
        return GOAL_NO_TRACK
    return GOAL_FAVOURS_TRACK if favours == role.track else 0.0


def _fit_tier(score: float, education: EducationFit, skills: SkillMatch) -> str:
    tier = next((name for name, floor in FIT_THRESHOLDS if score >= floor), "stretch")
    if not education.open_now:
        return "stretch"  # cannot apply yet, however good the rest looks
    ceiling = {"pursuing": "good", "field": "possible", "unknown": "possible"}.get(education.reason)
    if not skills.matched:
        ceiling = _lower_tier(ceiling, "possible")
    return (_lower_tier(tier, ceiling) or tier) if ceiling else tier


def _lower_tier(first: str | None, second: str | None) -> str | None:
    candidates = [tier for tier in (first, second) if tier]
    return max(candidates, key=FIT_TIERS.index) if candidates else None
