"""Reads one file, ``roles.yml``: the role types, which refer to almost every other file.

Kept apart from ``reader.py`` because a role is the largest entry (education, fields,
skills, work style, growth path) and every part has its own checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import schema as s
from .phrases import lower_single_spaced
from .validation import Entry

_ROLE_KEYS = [
    "id",
    "name",
    "track",
    "category",
    "description",
    "entry_roles",
    "education",
    "fields",
    "skills",
    "work_style",
    "growth_path",
    "growth",
    "suits_goals",
    "sources",
]


@dataclass(frozen=True)
class RoleReferences:
    """What a role may refer to, by id: everything read before roles.yml."""

    seeds: dict[str, s.Seed]
    tracks: dict[str, s.Track]
    categories: dict[str, s.Category]
    levels: dict[str, s.EducationLevel]
    fields: dict[str, s.Field]
    skills: dict[str, s.Skill]
    goals: dict[str, s.Goal]
    skills_with_training: set[str]


# A fact from outside the seeds names where it comes from and the year ("Naukri.com, 2025").
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def read_roles(entries: list[Entry], known: RoleReferences) -> tuple[s.RoleType, ...]:
    """Every role, numbered within its track in file order."""
    positions = dict.fromkeys(known.tracks, 0)
    roles = []
    alias_owners: dict[str, str] = {}
    for entry in entries:
        entry.check_keys(_ROLE_KEYS, ["aliases"])
        track = entry.reference(entry.data["track"], known.tracks, "track")
        positions[track] += 1
        role = _read_role(entry, known, track, positions[track])
        for alias in role.aliases:
            key = lower_single_spaced(alias.title)
            if alias_owners.setdefault(key, role.id) != role.id:
                raise entry.error(
                    f"alias {alias.title!r} is already an alias of '{alias_owners[key]}'"
                )
        roles.append(role)
    return tuple(roles)


def _aliases(entry: Entry) -> tuple[s.RoleAlias, ...]:
    """``aliases: {source: "...", titles: [...]}``: names job ads use, with their source."""
    if entry.data.get("aliases") is None:
        return ()
    part = entry.nested("aliases")
    part.check_keys(["source", "titles"])
    source = part.text("source")
    if not _YEAR.search(source):
        raise part.error(f"'source' must name the year, got {source!r}")
    return tuple(
        s.RoleAlias(role_id=entry.id, position=index, title=title, source=source)
        for index, title in enumerate(part.text_list("titles", allow_empty=False), 1)
    )


def _read_role(entry: Entry, known: RoleReferences, track: str, position: int) -> s.RoleType:
    category = entry.reference(entry.data["category"], known.categories, "category")
    category_track = known.categories[category].track_id
    if category_track != track:
        raise entry.error(f"category '{category}' belongs to track {category_track}, not {track}")

    education = entry.nested("education")
    education.check_keys(["minimum", "preferred"])
    minimum = education.reference(education.data["minimum"], known.levels, "level")
    preferred = education.reference(education.data["preferred"], known.levels, "level")
    if known.levels[minimum].ordinal > known.levels[preferred].ordinal:
        raise entry.error(f"preferred education '{preferred}' is below the minimum '{minimum}'")

    work_style = entry.nested("work_style")
    work_style.check_keys(["voice", "customer_facing", "shifts", "part_time"])
    growth = entry.nested("growth")
    growth.check_keys(["speed", "salary_level", "note"])
    field_ids = _field_ids(entry, known)

    return s.RoleType(
        id=entry.id,
        name=entry.text("name"),
        track_id=track,
        category_id=category,
        position=position,
        description=entry.text("description"),
        entry_roles=tuple(
            s.EntryRole(role_id=entry.id, position=index, title=title)
            for index, title in enumerate(entry.text_list("entry_roles", allow_empty=False), 1)
        ),
        min_education_id=minimum,
        preferred_education_id=preferred,
        any_field=field_ids is None,
        fields=field_ids or (),
        skills=_role_skills(entry, known),
        voice=work_style.enum("voice", s.VOICE_MODES),
        customer_facing=work_style.boolean("customer_facing"),
        shifts=work_style.enum("shifts", s.SHIFTS),
        part_time_possible=work_style.boolean("part_time"),
        growth_path=_growth_path(entry),
        aliases=_aliases(entry),
        growth_speed=growth.enum("speed", s.GROWTH_SPEEDS),
        salary_level=growth.enum("salary_level", s.SALARY_LEVELS),
        growth_note=growth.text("note"),
        suits_goals=entry.references("suits_goals", known.goals, "goal"),
        sources=entry.references("sources", known.seeds, "seed", allow_empty=False),
    )


def _field_ids(entry: Entry, known: RoleReferences):
    """The role's field ids, or None for ``fields: any``."""
    value = entry.data.get("fields")
    if value == "any":
        return None
    if not isinstance(value, list) or not value:
        raise entry.error(f"'fields' must be 'any' or a non-empty list of field ids, got {value!r}")
    return tuple(entry.reference(item, known.fields, "field") for item in value)


def _role_skills(entry: Entry, known: RoleReferences) -> tuple[s.RoleSkill, ...]:
    role_skills: list[s.RoleSkill] = []
    for index, item in enumerate(entry.items("skills", allow_empty=False)):
        skill_entry = entry.part(item, prefix="skills.")
        skill_entry.check_keys(["skill", "weight", "essential"])
        skill_id = skill_entry.reference(item["skill"], known.skills, "skill")
        if any(existing.skill_id == skill_id for existing in role_skills):
            raise entry.error(f"skill '{skill_id}' is listed twice")
        if skill_id not in known.skills_with_training:
            raise entry.error(f"skill '{skill_id}' has no training course in training.yml")
        weight = item["weight"]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 1 <= weight <= 3:
            raise entry.error(f"skill '{skill_id}': weight must be between 1 and 3, got {weight!r}")
        role_skills.append(
            s.RoleSkill(
                role_id=entry.id,
                skill_id=skill_id,
                position=index + 1,
                weight=float(weight),
                essential=skill_entry.boolean("essential"),
            )
        )
    return tuple(role_skills)


def _growth_path(entry: Entry) -> tuple[s.GrowthStep, ...]:
    steps = []
    for index, item in enumerate(entry.items("growth_path", allow_empty=False)):
        step = entry.part(item, prefix="growth_path.")
        step.check_keys(["title"], ["years"])
        years = item.get("years")
        if isinstance(years, (int, float)) and not isinstance(years, bool):
            years = str(years)  # `years: 2` says the same as `years: "2"`
        elif years is not None:
            years = step.text("years")
        steps.append(
            s.GrowthStep(
                role_id=entry.id, position=index + 1, title=step.text("title"), typical_years=years
            )
        )
    return tuple(steps)
