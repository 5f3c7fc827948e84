"""Reads the vocabulary sources: what people type for skills, education, goals, preferences.

Every entry has a name and synonyms, and a phrase may name only one entry of its kind
(``PhraseRegistry``); the phrases are stored lower-case and single-spaced.
"""

from __future__ import annotations

from . import schema as s
from .phrases import lower_single_spaced
from .schema import by_id
from .validation import Entry, PhraseRegistry, RawSources, entries_of


def read_skills(raw: RawSources, tracks: tuple[s.Track, ...]) -> tuple[s.Skill, ...]:
    # seed 002 has one skills list per track, named by the track id in lower case
    seed_lists = tuple(track.id.lower() for track in tracks)
    phrases = PhraseRegistry("skill")
    skills = []
    for position, entry in enumerate(entries_of(raw, "skills.yml", "skills", "skill"), 1):
        entry.check_keys(
            ["id", "name", "group", "description", "synonyms"], ["seed_lists", "activities"]
        )
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
                activities=_read_activities(entry),
            )
        )
    return tuple(skills)


def _read_activities(entry: Entry) -> tuple[s.SkillActivity, ...]:
    """``activities: [{verbs: [repair, fix], objects: [laptop, router]}]``: single words."""
    activities = []
    for position, item in enumerate(entry.items("activities"), 1):
        part = entry.part(item, prefix=f"activities.{position}.")
        part.check_keys(["verbs", "objects"])
        words = {}
        for key in ("verbs", "objects"):
            values = tuple(lower_single_spaced(word) for word in part.text_list(key, False))
            for word in values:
                if " " in word:
                    raise part.error(f"'{key}' holds {word!r}: one word each (they match by lemma)")
            words[key] = values
        activities.append(
            s.SkillActivity(
                skill_id=entry.id, position=position, verbs=words["verbs"], objects=words["objects"]
            )
        )
    return tuple(activities)


def read_interests(raw: RawSources, roles: tuple[s.RoleType, ...]) -> tuple[s.Interest, ...]:
    """interests.yml: what people enjoy, what they type for it, the role types it suits."""
    phrases = PhraseRegistry("interest")
    known_roles = by_id(roles)
    interests = []
    for position, entry in enumerate(entries_of(raw, "interests.yml", "interests", "interest"), 1):
        entry.check_keys(["id", "name", "description", "synonyms", "roles"])
        name = entry.text("name")
        role_ids = entry.references("roles", known_roles, "role", allow_empty=False)
        interests.append(
            s.Interest(
                id=entry.id,
                name=name,
                description=entry.text("description"),
                position=position,
                synonyms=phrases.collect(entry, name, entry.text_list("synonyms")),
                roles=tuple(
                    s.RoleInterest(interest_id=entry.id, role_id=role_id, position=index)
                    for index, role_id in enumerate(dict.fromkeys(role_ids), 1)
                ),
            )
        )
    return tuple(interests)


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
