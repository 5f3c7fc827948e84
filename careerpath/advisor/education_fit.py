"""The education part of a role's score: the person's level against the role's minimum and
preferred levels, and their field of study against the role's fields (see ``scoring``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from careerpath.kb.catalog import Catalog, RoleInfo

from .catalog_views import entry_track, function_roles

if TYPE_CHECKING:
    from .scoring import Person

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
# An any-field role of the further track (KPO) for someone whose subject has roles of its
# own there (a pharmacist, a lawyer): the work does not use the degree those roles do.
FIELD_ANY_DEGREE_UNUSED = 0.6
FIELD_UNKNOWN = 0.6
FIELD_MISMATCH = 0.3

# Education reasons that mean the person cannot apply yet.
NOT_YET_OPEN = ("level_gap", "below")


@dataclass(frozen=True)
class EducationFit:
    status: str  # meets / stretch / below
    reason: str  # meets / pursuing / level_gap / field / unknown / below
    score: float
    steps_short: int  # levels between the person's and the role's minimum (0 when reached)
    at_preferred: bool = False  # reached the role's preferred level too (reason "meets"/"field")

    @property
    def open_now(self) -> bool:
        """The person can apply today, or nearly (not one or more levels short)."""
        return self.reason not in NOT_YET_OPEN


def education_fit(person: Person, role: RoleInfo, catalog: Catalog) -> EducationFit:
    field_score, field_ok = _field_fit(person, role, catalog)
    if person.level is None:
        return EducationFit("stretch", "unknown", _education_score(LEVEL_UNKNOWN, field_score), 0)
    steps_short = _steps_short(person.level, role.min_education, catalog)
    if person.pursuing and steps_short == 0:
        return EducationFit(
            "stretch", "pursuing", _education_score(LEVEL_PURSUING_MINIMUM, field_score), 0
        )
    if steps_short <= 0:
        preferred = _steps_short(person.level, role.preferred_education, catalog) <= 0
        level_score = _level_score(preferred, steps_above_minimum=-steps_short)
        # Outside the entry track the work is built on a subject, so the field counts.
        if not field_ok and role.track != entry_track(catalog):
            return EducationFit(
                "stretch", "field", _education_score(level_score, field_score), 0, preferred
            )
        return EducationFit(
            "meets", "meets", _education_score(level_score, field_score), 0, preferred
        )
    if steps_short == 1:
        return EducationFit(
            "stretch", "level_gap", _education_score(LEVEL_ONE_STEP_SHORT, field_score), 1
        )
    return EducationFit("below", "below", _education_score(0.0, field_score), steps_short)


def _steps_short(level: str, required: str, catalog: Catalog) -> int:
    """Level steps from ``level`` up to ``required`` (negative when above it)."""
    mine, needed = catalog.level_ordinal(level), catalog.level_ordinal(required)
    low, high = sorted((mine, needed))
    steps = sum(1 for level in catalog.levels.values() if low < level.ordinal <= high)
    return steps if needed >= mine else -steps


def _field_fit(person: Person, role: RoleInfo, catalog: Catalog) -> tuple[float, bool]:
    """(score, acceptable): a matching field scores above an any-field role."""
    if person.field and person.field in role.fields:
        return FIELD_MATCH, True
    if role.any_field or not role.fields:
        if (
            person.field
            and role.track != entry_track(catalog)
            and any(person.field in other.fields for other in function_roles(catalog))
        ):
            return FIELD_ANY_DEGREE_UNUSED, True
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
