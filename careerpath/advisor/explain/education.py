"""Education in words: the note on each recommendation, and first steps before any role fits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.wording import text

from ..catalog_views import further_track, lowest_minimum, tracks_by_entry_level
from .phrasing import as_sentence, join_words, level_as_goal, level_name, person_education

if TYPE_CHECKING:
    from ..education_fit import EducationFit
    from ..scoring import Person

DIPLOMA_LEVEL = "diploma"


def education_note(fit: EducationFit, person: Person, role: RoleInfo, catalog: Catalog) -> str:
    """One sentence on how the person's education meets ``role`` (``EducationFit.reason``)."""
    if fit.reason == "unknown":
        minimum = level_name(role.min_education, catalog)
        return text("explain.education_unknown", minimum=minimum)
    if fit.reason == "pursuing":
        return pursuing_note(person, role, catalog)
    if fit.reason == "field":
        return field_gap_note(person, role, catalog)
    if fit.reason == "meets":
        return meets_note(person, role, catalog, fit.at_preferred)
    return level_gap_note(person, role, catalog)


def _field_names(role: RoleInfo, catalog: Catalog) -> list[str]:
    return [catalog.fields[field].name for field in role.fields if field in catalog.fields]


def _example_degrees(role: RoleInfo, catalog: Catalog, limit: int = 2) -> list[str]:
    """Named degrees that would qualify for a field-specific role (e.g. LLB for law)."""
    minimum = catalog.level_ordinal(role.min_education)
    return [
        degree.name
        for degree in catalog.degrees.values()
        if degree.field in role.fields and catalog.level_ordinal(degree.level) >= minimum
    ][:limit]


def meets_note(person: Person, role: RoleInfo, catalog: Catalog, at_preferred: bool) -> str:
    education = person_education(person, catalog)
    minimum = level_name(role.min_education, catalog)
    if person.pursuing:
        note = text(
            "explain.meets_pursuing",
            education=education.qualification(with_state=False),
            minimum=minimum,
        )
    else:
        note = text("explain.meets", education=education.qualification(), minimum=minimum)
    if person.field and person.field in role.fields:
        note += text("explain.field_fits", field=catalog.fields[person.field].name)
    if not at_preferred:
        note += text("explain.prefer_higher", level=level_name(role.preferred_education, catalog))
    return as_sentence(note)


def field_gap_note(person: Person, role: RoleInfo, catalog: Catalog) -> str:
    fields = join_words(_field_names(role, catalog), "or")
    examples = _example_degrees(role, catalog)
    if examples and len(role.fields) == 1:
        lead = text("explain.degree_needed", degrees=join_words(examples, "or"), role=role.name)
    else:
        lead = text("explain.background_needed", role=role.name, fields=fields)
        if examples:
            lead += text("explain.for_example", degrees=join_words(examples, "or"))
    mine = catalog.fields[person.field].name if person.field else text("value.not_given")
    return as_sentence(text("explain.field_gap", lead=lead, field=mine))


def pursuing_note(person: Person, role: RoleInfo, catalog: Catalog) -> str:
    assert person.level is not None, "a person pursuing a level has one"
    what = (
        catalog.degrees[person.degree].name if person.degree else level_name(person.level, catalog)
    )
    return as_sentence(
        text(
            "explain.finish_for_role",
            education=what,
            needed=level_as_goal(role.min_education, catalog),
        )
    )


def level_gap_note(person: Person, role: RoleInfo, catalog: Catalog) -> str:
    needed = level_as_goal(role.min_education, catalog)
    have = level_name(person.level, catalog) if person.level else text("explain.no_education_given")
    if person.pursuing and person.degree:
        return as_sentence(
            text("explain.finish_first", degree=catalog.degrees[person.degree].name, needed=needed)
        )
    examples = _example_degrees(role, catalog) if not role.any_field else []
    if examples:
        return as_sentence(
            text(
                "explain.needs_with_examples",
                needed=needed,
                have=have,
                degrees=join_words(examples, "or"),
            )
        )
    alternative = diploma_alternative(role.min_education, person, catalog)
    return as_sentence(
        text("explain.needs_at_least", needed=needed, have=have, alternative=alternative)
    )


def diploma_alternative(required: str, person: Person, catalog: Catalog) -> str:
    """' or a diploma' when a diploma is an equally good next step (as the seeds say for BPO)."""
    diploma = catalog.levels.get(DIPLOMA_LEVEL)
    if not diploma or required == DIPLOMA_LEVEL or not person.level:
        return ""
    required_rank = catalog.level_ordinal(required)
    person_rank = catalog.level_ordinal(person.level)
    # A diploma counts when it is the very next level above what is required (12th -> diploma).
    next_up = min(
        (level.ordinal for level in catalog.levels.values() if level.ordinal > required_rank),
        default=None,
    )
    counts = diploma.ordinal == next_up and diploma.ordinal > person_rank
    return text("explain.or_a_level", level=diploma.name.lower()) if counts else ""


def prerequisites(person: Person, catalog: Catalog, roles: Iterable[RoleInfo]) -> list[str]:
    """Honest next steps before any role fits (no education given, or below every minimum)."""
    roles = list(roles)
    if person.level is None:
        if not person.skills:
            return [text("explain.tell_education_and_skills"), text("explain.tell_skills")]
        return [text("explain.tell_education")]
    if not roles:
        return []
    lowest = min(roles, key=lambda role: catalog.level_ordinal(role.min_education)).min_education
    if catalog.level_ordinal(person.level) >= catalog.level_ordinal(lowest):
        return []
    needed = level_as_goal(lowest, catalog)
    alternative = diploma_alternative(lowest, person, catalog)
    ordered = tracks_by_entry_level(catalog)
    further = further_track(catalog)
    further_minimum = lowest_minimum(catalog, further) if further else None
    steps = text("explain.complete_first", needed=needed, alternative=alternative, track=ordered[0])
    if further and further != ordered[0] and further_minimum:
        steps += text(
            "explain.further_needs", track=further, needed=_degree_words(further_minimum, catalog)
        )
    return [f"{steps}.", text("explain.entry_skills")]


def _degree_words(level_id: str, catalog: Catalog) -> str:
    """ "a degree" for the graduate level (how people say it), else the level as a goal."""
    return text("explain.degree") if level_id == "graduate" else level_as_goal(level_id, catalog)
