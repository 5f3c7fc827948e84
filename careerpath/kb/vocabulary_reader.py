"""Reads the vocabulary sources: what people type for skills, education, goals, preferences.

Every entry has a name and synonyms, and a phrase may name only one entry of its kind
(``PhraseRegistry``); the phrases are stored lower-case and single-spaced.
"""

from __future__ import annotations

from . import schema as s
from .schema import by_id
from .validation import PhraseRegistry, RawSources, entries_of


def read_skills(raw: RawSources, tracks: tuple[s.Track, ...]) -> tuple[s.Skill, ...]:
    # seed 002 has one skills list per track, named by the track id in lower case
    seed_lists = tuple(track.id.lower() for track in tracks)
    phrases = PhraseRegistry("skill")
    skills = []
    for position, entry in enumerate(entries_of(raw, "skills.yml", "skills", "skill"), 1):
        entry.check_keys(["id", "name", "group", "description", "synonyms"], ["seed_lists"])
        name = entry.text("name")
        named_in = entry.text_list("seed_lists")
        for seed_list in named_in:
            if seed_list not in seed_lists:
                raise entry.error(
                    f"unknown seed list {seed_list!r}; expected one of: {', '.join(seed_lists)}"
                )
        skills.append(
            s.Skill(
                id=entry.id,
                name=name,
                group=entry.enum("group", s.SKILL_GROUPS),
                description=entry.text("description"),
                position=position,
                synonyms=phrases.collect(entry, name, entry.text_list("synonyms")),
                **{f"in_{seed_list}_seed_list": seed_list in named_in for seed_list in seed_lists},
            )
        )
    return tuple(skills)


def read_education(
    raw: RawSources,
) -> tuple[tuple[s.EducationLevel, ...], tuple[s.Field, ...], tuple[s.Degree, ...]]:
    level_phrases = PhraseRegistry("level")
    ordinals: dict[int, str] = {}
    levels = []
    for entry in entries_of(raw, "education.yml", "levels", "level"):
        entry.check_keys(["id", "name", "ordinal", "synonyms"])
        name, ordinal = entry.text("name"), entry.integer("ordinal", minimum=1)
        if ordinal in ordinals:
            raise entry.error(f"ordinal {ordinal} is also used by level '{ordinals[ordinal]}'")
        ordinals[ordinal] = entry.id
        levels.append(
            s.EducationLevel(
                id=entry.id,
                name=name,
                ordinal=ordinal,
                synonyms=level_phrases.collect(entry, name, entry.text_list("synonyms")),
            )
        )

    fields = tuple(
        s.Field(**vocabulary)
        for vocabulary in _named_vocabulary(raw, "education.yml", "fields", "field")
    )
    degree_phrases = PhraseRegistry("degree")
    degrees = []
    for position, entry in enumerate(entries_of(raw, "education.yml", "degrees", "degree"), 1):
        entry.check_keys(["id", "name", "level", "synonyms"], ["field"])
        name = entry.text("name")
        field_id = entry.data.get("field")
        degrees.append(
            s.Degree(
                id=entry.id,
                name=name,
                position=position,
                level_id=entry.reference(entry.data["level"], by_id(levels), "level"),
                field_id=None
                if field_id is None
                else entry.reference(field_id, by_id(fields), "field"),
                synonyms=degree_phrases.collect(entry, name, entry.text_list("synonyms")),
            )
        )
    return tuple(levels), fields, tuple(degrees)


def read_goals(raw: RawSources, tracks: tuple[s.Track, ...]) -> tuple[s.Goal, ...]:
    goal_phrases = PhraseRegistry("goal")
    goals = []
    for position, entry in enumerate(entries_of(raw, "goals.yml", "goals", "goal"), 1):
        entry.check_keys(["id", "name", "description", "synonyms"], ["favours"])
        name, favours = entry.text("name"), entry.data.get("favours")
        goals.append(
            s.Goal(
                id=entry.id,
                name=name,
                position=position,
                description=entry.text("description"),
                favours_track=None
                if favours is None
                else entry.reference(favours, by_id(tracks), "track"),
                synonyms=goal_phrases.collect(entry, name, entry.text_list("synonyms")),
            )
        )
    return tuple(goals)


def read_preferences(raw: RawSources) -> tuple[s.Preference, ...]:
    return tuple(
        s.Preference(**vocabulary)
        for vocabulary in _named_vocabulary(raw, "goals.yml", "preferences", "preference")
    )


def _named_vocabulary(raw: RawSources, file_name: str, key: str, kind: str) -> list[dict]:
    """Entries that are only an id, a name and what people type (fields, preferences)."""
    phrases = PhraseRegistry(kind)
    vocabulary = []
    for position, entry in enumerate(entries_of(raw, file_name, key, kind), 1):
        entry.check_keys(["id", "name", "synonyms"])
        name = entry.text("name")
        vocabulary.append(
            {
                "id": entry.id,
                "name": name,
                "position": position,
                "synonyms": phrases.collect(entry, name, entry.text_list("synonyms")),
            }
        )
    return vocabulary
