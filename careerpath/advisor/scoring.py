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
  "communication", which many roles share.
* ``WEIGHT_EDUCATION`` (0.25) - level against the role's minimum/preferred level, and
  field of study against the role's fields. A role asking for *your* field scores a little
  higher than an any-field role, so a degree is put to use.
* ``WEIGHT_GOALS`` (0.15) - each goal scores fully when the role suits it, partly when the
  goal favours the role's track (e.g. "high salary" favours KPO), nothing when it favours
  the other track.
* ``WEIGHT_PREFERENCES`` (0.10) - voice/non-voice, shifts, part-time, customer-facing.
* ``WEIGHT_EXPERIENCE`` (0.05) - BPO welcomes freshers; KPO rewards experience.

Anything the person did not tell us scores ``NEUTRAL`` (neither for nor against).
Fit tiers come from ``FIT_THRESHOLDS``; an education gap caps the tier (see
``_fit_tier``), so nobody is told a role is a strong match when they cannot apply yet.
Ties keep the knowledge base's seed order (BPO types 1-14, then KPO 1-12).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from careerpath.kb.catalog import Catalog, RoleInfo

from . import explain
from .results import FIT_TIERS, Advice, Recommendation

if TYPE_CHECKING:  # the advisor only reads a Profile's attributes
    from careerpath.profiling import Profile

WEIGHT_SKILLS = 0.45
WEIGHT_EDUCATION = 0.25
WEIGHT_GOALS = 0.15
WEIGHT_PREFERENCES = 0.10
WEIGHT_EXPERIENCE = 0.05

ESSENTIAL_MULTIPLIER = 2.0
SKILL_COVERAGE_SHARE = 0.7
NEUTRAL = 0.5

# Education part: level and field shares, and what each situation is worth.
EDUCATION_LEVEL_SHARE = 0.6
LEVEL_AT_PREFERRED = 1.0
LEVEL_AT_MINIMUM = 0.9
# A role whose minimum is well below your level does not use your degree (and pays for
# less): each level step above the role's minimum costs this much, up to the maximum.
UNUSED_LEVEL_STEP = 0.1
MAX_UNUSED_LEVEL_PENALTY = 0.3
LEVEL_PURSUING_MINIMUM = 0.6
LEVEL_ONE_STEP_SHORT = 0.35
LEVEL_UNKNOWN = 0.4
FIELD_MATCH = 1.0
FIELD_ANY = 0.8
FIELD_UNKNOWN = 0.6
FIELD_MISMATCH = 0.3

# Goal part: how much a goal is worth when the role does not list it as suited.
GOAL_FAVOURS_TRACK = 0.6
GOAL_NO_TRACK = 0.3

FIT_THRESHOLDS = (("strong", 0.70), ("good", 0.55), ("possible", 0.40))
SCORE_DECIMALS = 3

FUNCTION_KIND = "function"
# Ranking groups by why the education fits: open now (or nearly), one level away, further.
ENTRY_ORDER = {"meets": 0, "pursuing": 0, "field": 0, "unknown": 0, "level_gap": 1, "below": 2}


@dataclass(frozen=True)
class Person:
    """A Profile normalised against the catalog (degree fills level and field)."""

    level: Optional[str]
    degree: Optional[str]
    field: Optional[str]
    pursuing: bool
    skills: Tuple[str, ...]
    goals: Tuple[str, ...]
    preferences: Tuple[str, ...]
    experience_years: Optional[float]

    @property
    def is_empty(self) -> bool:
        return not (self.level or self.skills or self.goals or self.preferences)

    @classmethod
    def from_profile(cls, profile: Any, catalog: Catalog) -> "Person":
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
        )


@dataclass(frozen=True)
class EducationFit:
    status: str  # meets / stretch / below
    reason: str  # meets / pursuing / level_gap / field / unknown / below
    score: float
    steps_short: int
    note: str


@dataclass(frozen=True)
class SkillMatch:
    matched: Tuple[str, ...]  # skill ids, role order
    missing: Tuple[str, ...]  # skill ids, essential first then by weight
    coverage: float
    focus: float

    @property
    def score(self) -> float:
        return SKILL_COVERAGE_SHARE * self.coverage + (1 - SKILL_COVERAGE_SHARE) * self.focus


@dataclass(frozen=True)
class Scored:
    """Everything worked out for one role, before it is turned into text."""

    role: RoleInfo
    score: float
    fit: str
    skills: SkillMatch
    education: EducationFit
    goal_score: float
    preference_score: float


def recommend(profile: "Profile", catalog: Optional[Catalog] = None,
              limit: Optional[int] = None) -> Advice:
    """Rank the function role types for ``profile``; best first, explained."""
    catalog = catalog or _default_catalog()
    person = Person.from_profile(profile, catalog)
    scored = [] if _too_little_to_go_on(person) else rank_roles(person, catalog)
    if limit is not None:
        scored = scored[: max(limit, 0)]
    recommendations = [_recommendation(item, person, catalog) for item in scored]
    return Advice(
        summary=explain.track_summary(person, scored, catalog),
        recommendations=recommendations,
        prerequisites=explain.prerequisites(person, catalog, _function_roles(catalog)),
        notes=explain.work_style_notes(person, catalog),
    )


def why_not_track(profile: "Profile", track: str, catalog: Optional[Catalog] = None,
                  shown: int = 3) -> str:
    """Plain answer to "why not KPO?" (or BPO): the closest role of that track and what holds it back."""
    catalog = catalog or _default_catalog()
    track = track.upper()
    person = Person.from_profile(profile, catalog)
    if track not in catalog.tracks or _too_little_to_go_on(person):
        return explain.why_not_track_text(person, track, None, None, catalog)
    everything = _best_first(_score_all(person, catalog))
    in_track = [item for item in everything if item.role.track == track]
    rank = everything.index(in_track[0]) + 1 if in_track else None
    best = in_track[0] if in_track else None
    return explain.why_not_track_text(person, track, best, rank if rank and rank <= shown else None,
                                      catalog, top=everything[0] if everything else None)


def rank_roles(person: Person, catalog: Catalog) -> List[Scored]:
    """Score every function role; roles the person cannot enter yet only when nothing else fits."""
    scored = _score_all(person, catalog)
    reachable = [item for item in scored if item.education.status != "below"]
    if not reachable:
        nearest = min((item.education.steps_short for item in scored), default=0)
        reachable = [item for item in scored if item.education.steps_short == nearest]
    return _best_first(reachable)


def _score_all(person: Person, catalog: Catalog) -> List[Scored]:
    roles = _function_roles(catalog)
    rarity = skill_rarity(roles)
    return [score_role(person, role, catalog, rarity) for role in roles]


def _best_first(scored: Sequence[Scored]) -> List[Scored]:
    """Roles open today first, then those one qualification away, then the rest; sorted()
    is stable, so equal scores keep the seed order of the catalog."""
    return sorted(scored, key=lambda item: (ENTRY_ORDER[item.education.reason], -item.score))


def _default_catalog() -> Catalog:
    from careerpath.kb.repository import load_catalog  # late: no DB work at import

    return load_catalog()


def score_role(person: Person, role: RoleInfo, catalog: Catalog,
               rarity: Optional[Dict[str, float]] = None) -> Scored:
    skills = match_skills(person, role, rarity or skill_rarity(_function_roles(catalog)))
    education = education_fit(person, role, catalog)
    goal_score = goal_fit(person, role, catalog)
    preference_score = preference_fit(person, role)
    total = (
        WEIGHT_SKILLS * skills.score
        + WEIGHT_EDUCATION * education.score
        + WEIGHT_GOALS * goal_score
        + WEIGHT_PREFERENCES * preference_score
        + WEIGHT_EXPERIENCE * experience_fit(person, role)
    )
    score = round(min(max(total, 0.0), 1.0), SCORE_DECIMALS)
    return Scored(
        role=role,
        score=score,
        fit=_fit_tier(score, education, skills),
        skills=skills,
        education=education,
        goal_score=goal_score,
        preference_score=preference_score,
    )


def skill_rarity(roles: Sequence[RoleInfo]) -> Dict[str, float]:
    """log(1 + roles / roles needing the skill): high for specialist skills, low for common ones."""
    counts: Dict[str, int] = {}
    for role in roles:
        for role_skill in role.skills:
            counts[role_skill.skill_id] = counts.get(role_skill.skill_id, 0) + 1
    return {skill_id: math.log(1 + len(roles) / count) for skill_id, count in counts.items()}


def match_skills(person: Person, role: RoleInfo, rarity: Dict[str, float]) -> SkillMatch:
    have = set(person.skills)
    importance = {rs.skill_id: rs.weight * (ESSENTIAL_MULTIPLIER if rs.essential else 1.0)
                  for rs in role.skills}
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


def education_fit(person: Person, role: RoleInfo, catalog: Catalog) -> EducationFit:
    field_score, field_ok = _field_fit(person, role)
    if person.level is None:
        minimum = catalog.levels[role.min_education].name
        return EducationFit("stretch", "unknown", _education_score(LEVEL_UNKNOWN, field_score), 0,
                            f"Tell us your education: this role asks for at least {minimum}.")
    steps_short = _steps_short(person, role.min_education, catalog)
    if person.pursuing and steps_short == 0:
        return EducationFit("stretch", "pursuing",
                            _education_score(LEVEL_PURSUING_MINIMUM, field_score), 0,
                            explain.pursuing_note(person, role, catalog))
    if steps_short <= 0:
        preferred = _steps_short(person, role.preferred_education, catalog) <= 0
        level_score = _level_score(preferred, steps_above_minimum=-steps_short)
        if not field_ok and role.track == "KPO":
            return EducationFit("stretch", "field", _education_score(level_score, field_score), 0,
                                explain.field_gap_note(person, role, catalog))
        return EducationFit("meets", "meets", _education_score(level_score, field_score), 0,
                            explain.meets_note(person, role, catalog, preferred))
    note = explain.level_gap_note(person, role, catalog)
    if steps_short == 1:
        return EducationFit("stretch", "level_gap",
                            _education_score(LEVEL_ONE_STEP_SHORT, field_score), 1, note)
    return EducationFit("below", "below", _education_score(0.0, field_score), steps_short, note)


def goal_fit(person: Person, role: RoleInfo, catalog: Catalog) -> float:
    if not person.goals:
        return NEUTRAL
    return sum(_one_goal_fit(goal, role, catalog) for goal in person.goals) / len(person.goals)


def preference_fit(person: Person, role: RoleInfo) -> float:
    scores = [PREFERENCE_RULES[pref](role) for pref in person.preferences if pref in PREFERENCE_RULES]
    return sum(scores) / len(scores) if scores else NEUTRAL


def experience_fit(person: Person, role: RoleInfo) -> float:
    years = person.experience_years
    if years is None:
        return NEUTRAL
    if role.track == "BPO":  # the seeds: easy entry for freshers, experience helps a little
        return 0.8 if years <= 0 else 1.0
    return min(0.5 + years * 0.25, 1.0)  # KPO: expertise grows with years


# -- preferences: each rule says how well a role suits one stated preference (0..1) --------

def _voice_rule(role: RoleInfo) -> float:
    return {"voice": 1.0, "either": 0.8}.get(role.voice, 0.0)


def _non_voice_rule(role: RoleInfo) -> float:
    return {"non_voice": 1.0, "either": 0.8}.get(role.voice, 0.0)


def _night_shift_rule(role: RoleInfo) -> float:
    # Being fine with nights widens choice; it is not a wish to avoid day work.
    return 1.0 if role.shifts in ("night", "rotational") else 0.7


def _day_shift_rule(role: RoleInfo) -> float:
    return {"day": 1.0, "flexible": 0.8, "rotational": 0.3}.get(role.shifts, 0.0)


def _domestic_rule(role: RoleInfo) -> float:
    # Domestic (onshore) processes share the customer's time zone: mostly day work.
    return {"day": 1.0, "flexible": 1.0, "rotational": 0.7}.get(role.shifts, 0.4)


def _part_time_rule(role: RoleInfo) -> float:
    return 1.0 if role.part_time_possible else 0.2


def _customer_facing_rule(role: RoleInfo) -> float:
    return 1.0 if role.customer_facing else 0.3


def _behind_the_scenes_rule(role: RoleInfo) -> float:
    return 0.3 if role.customer_facing else 1.0


PREFERENCE_RULES = {
    "voice": _voice_rule,
    "non_voice": _non_voice_rule,
    "night_shift": _night_shift_rule,
    "rotational_shift": _night_shift_rule,
    "international_process": _night_shift_rule,
    "domestic_process": _domestic_rule,
    "day_shift": _day_shift_rule,
    "part_time": _part_time_rule,
    "customer_facing": _customer_facing_rule,
    "front_office": _customer_facing_rule,
    "back_office": _behind_the_scenes_rule,
    "no_customer_contact": _behind_the_scenes_rule,
}


# -- helpers --------------------------------------------------------------------------------

def _function_roles(catalog: Catalog) -> List[RoleInfo]:
    return [role for role in catalog.roles.values() if role.category_kind == FUNCTION_KIND]


def _too_little_to_go_on(person: Person) -> bool:
    """Without education or skills any ranking would be a guess."""
    return person.level is None and not person.skills


def _known(ids: Sequence[str], vocabulary: Dict[str, Any]) -> Tuple[str, ...]:
    seen: List[str] = []
    for item in ids:
        if item in vocabulary and item not in seen:
            seen.append(item)
    return tuple(seen)


def _steps_short(person: Person, required: str, catalog: Catalog) -> int:
    """Level steps from the person's level up to ``required`` (negative when above it)."""
    mine, needed = catalog.level_ordinal(person.level), catalog.level_ordinal(required)
    low, high = sorted((mine, needed))
    steps = sum(1 for level in catalog.levels.values() if low < level.ordinal <= high)
    return steps if needed >= mine else -steps


def _field_fit(person: Person, role: RoleInfo) -> Tuple[float, bool]:
    """(score, acceptable): a matching field scores above an any-field role."""
    if person.field and person.field in role.fields:
        return FIELD_MATCH, True
    if role.any_field or not role.fields:
        return FIELD_ANY, True
    if person.field is None:
        return FIELD_UNKNOWN, True
    return FIELD_MISMATCH, False


def _level_score(at_preferred: bool, steps_above_minimum: int) -> float:
    """Full marks at the role's preferred level; less when the role is built for less education."""
    unused = min(steps_above_minimum * UNUSED_LEVEL_STEP, MAX_UNUSED_LEVEL_PENALTY)
    return (LEVEL_AT_PREFERRED if at_preferred else LEVEL_AT_MINIMUM) - unused


def _education_score(level_score: float, field_score: float) -> float:
    return EDUCATION_LEVEL_SHARE * level_score + (1 - EDUCATION_LEVEL_SHARE) * field_score


def _one_goal_fit(goal_id: str, role: RoleInfo, catalog: Catalog) -> float:
    if goal_id in role.suits_goals:
        return 1.0
    favours = catalog.goals[goal_id].favours_track
    if favours is None:
        return GOAL_NO_TRACK
    return GOAL_FAVOURS_TRACK if favours == role.track else 0.0


def _fit_tier(score: float, education: EducationFit, skills: SkillMatch) -> str:
    tier = next((name for name, floor in FIT_THRESHOLDS if score >= floor), "stretch")
    if education.reason in ("level_gap", "below"):
        return "stretch"  # cannot apply yet, however good the rest looks
    ceiling = {"pursuing": "good", "field": "possible", "unknown": "possible"}.get(education.reason)
    if not skills.matched:
        ceiling = _lower_tier(ceiling, "possible")
    return _lower_tier(tier, ceiling) if ceiling else tier


def _lower_tier(first: Optional[str], second: Optional[str]) -> Optional[str]:
    candidates = [tier for tier in (first, second) if tier]
    return max(candidates, key=FIT_TIERS.index) if candidates else None


def _recommendation(item: Scored, person: Person, catalog: Catalog) -> Recommendation:
    role = item.role
    return Recommendation(
        role_type=role.id,
        name=role.name,
        track=role.track,
        score=item.score,
        fit=item.fit,
        matched_skills=[catalog.skills[sid].name for sid in item.skills.matched],
        missing_skills=[catalog.skills[sid].name for sid in item.skills.missing],
        education_fit={"status": item.education.status, "note": item.education.note},
        entry_roles=list(role.entry_roles),
        growth_path=[explain.growth_step_text(step) for step in role.growth_path],
        training=[training_for(sid, catalog) for sid in item.skills.missing],
        work_style=explain.work_style(person, role, catalog),
        why=explain.why(item, person, catalog),
    )


def training_for(skill_id: str, catalog: Catalog) -> Dict[str, Any]:
    """Courses for one skill: an academy's own courses before generic learning paths."""
    courses = sorted(catalog.courses.get(skill_id, ()), key=lambda course: course.kind != "academy")
    return {
        "skill": catalog.skills[skill_id].name,
        "courses": [
            {
                "title": course.title,
                "kind": course.kind,
                "duration_weeks": course.duration_weeks,
                "mode": course.mode,
                "provider": course.provider,
                "certification": course.certification,
                "source": course.source,
            }
            for course in courses
        ],
    }
