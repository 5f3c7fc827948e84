"""Reads the YAML sources into a validated, typed :class:`~careerpath.kb.schema.SourceBundle`.

``read_sources()`` reads every file of ``sources/`` (see ``sources/README.md``) through
the checks of ``validation.py`` and raises :class:`SourceError` naming the file and the
entry at the first problem; ``fingerprint_sources()`` says whether the files changed.
Files are read in dependency order: a role can only name tracks, skills and courses
read before it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml

from . import schema as s
from .phrases import question_key
from .role_reader import RoleReferences, read_roles
from .validation import (
    Entry,
    PhraseRegistry,
    SourceError,
    check_column_lengths,
    check_role_names_unique,
    check_track_ids,
    check_unique_ids,
)

RawSources = Dict[str, Dict[str, List[Any]]]


def fingerprint_sources(directory: Optional[Path] = None) -> str:
    """sha256 over the source files' names and bytes."""
    directory = directory or s.SOURCES_DIR
    digest = hashlib.sha256()
    for name in sorted(s.SOURCE_FILES):
        path = Path(directory) / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def _read_yaml(directory: Path, name: str) -> Dict[str, List[Any]]:
    path = directory / name
    if not path.exists():
        raise SourceError(f"{name}: file is missing from {directory}")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise SourceError(f"{name}: not valid YAML: {problem}") from None
    if not isinstance(document, dict):
        raise SourceError(f"{name}: expected a mapping with {', '.join(s.SOURCE_FILES[name])}")
    unknown = sorted(set(document) - set(s.SOURCE_FILES[name]), key=str)
    if unknown:
        raise SourceError(f"{name}: unknown top-level key '{unknown[0]}'")
    lists = {}
    for key in s.SOURCE_FILES[name]:
        value = document.get(key)
        if not isinstance(value, list) or not value:
            raise SourceError(f"{name}: '{key}' must be a non-empty list")
        lists[key] = value
    return lists


def _entries(raw: RawSources, file: str, key: str, label: str) -> List[Entry]:
    entries = [Entry(file, label, data, index) for index, data in enumerate(raw[file][key])]
    check_unique_ids(entries, file, label)
    return entries


def read_sources(directory: Optional[Path] = None) -> s.SourceBundle:
    """Parse and validate every source file; raises SourceError naming file and entry."""
    directory = Path(directory or s.SOURCES_DIR)
    raw = {name: _read_yaml(directory, name) for name in s.SOURCE_FILES}
    seeds = _read_seeds(raw)
    tracks = _read_tracks(raw, seeds)
    categories = _read_categories(raw, tracks)
    skills = _read_skills(raw, tracks)
    levels, fields, degrees = _read_education(raw)
    goals = _read_goals(raw, tracks)
    courses = _read_courses(raw, skills)
    bundle = s.SourceBundle(
        directory=directory, fingerprint=fingerprint_sources(directory), seeds=seeds,
        tracks=tracks, categories=categories, skills=skills, levels=levels, fields=fields,
        degrees=degrees, goals=goals, preferences=_read_preferences(raw), courses=courses,
        roles=_read_roles(raw, seeds, tracks, categories, levels, fields, skills, goals, courses),
        faqs=_read_faqs(raw, seeds), comparison=_read_comparison(raw, seeds, tracks),
    )
    check_role_names_unique(bundle)
    check_column_lengths(bundle)
    return bundle


def _ids(items: Iterable[Any]) -> Dict[str, Any]:
    return {item.id: item for item in items}


def _read_seeds(raw: RawSources) -> tuple:
    seeds = []
    for entry in _entries(raw, "seeds.yml", "seeds", "seed"):
        entry.check_keys(["id", "title", "publisher"])
        seeds.append(s.Seed(id=entry.id, title=entry.text("title"),
                            publisher=entry.text("publisher")))
    return tuple(seeds)


_TRACK_TEXTS = ("name", "summary", "education_summary", "salary_growth", "job_stability",
                "long_term_scope", "skill_focus")


def _read_tracks(raw: RawSources, seeds: tuple) -> tuple:
    entries = _entries(raw, "tracks.yml", "tracks", "track")
    check_track_ids(entries)
    tracks = []
    for entry in entries:
        entry.check_keys(["id", *_TRACK_TEXTS, "salary_level", "growth_speed", "promotion_path",
                          *s.TRACK_POINT_KINDS], ["sources"])
        points = []
        for kind, point_kind in s.TRACK_POINT_KINDS.items():
            for index, point in enumerate(entry.items(kind, allow_empty=False)):
                point_entry = entry.part(point, prefix=f"{kind}.")
                point_entry.check_keys(["title", "text"])
                points.append(s.TrackPoint(
                    track_id=entry.id, kind=point_kind, position=index + 1,
                    title=point_entry.text("title"), text=point_entry.text("text"),
                ))
        steps = entry.text_list("promotion_path", allow_empty=False)
        tracks.append(s.Track(
            id=entry.id,
            **{key: entry.text(key) for key in _TRACK_TEXTS},
            salary_level=entry.enum("salary_level", s.SALARY_LEVELS),
            growth_speed=entry.enum("growth_speed", s.GROWTH_SPEEDS),
            points=tuple(points),
            promotion_steps=tuple(
                s.TrackPromotionStep(track_id=entry.id, position=position, title=title)
                for position, title in enumerate(steps, 1)
            ),
            sources=entry.references("sources", _ids(seeds), "seed"),
        ))
    return tuple(tracks)


def _read_categories(raw: RawSources, tracks: tuple) -> tuple:
    categories = []
    for position, entry in enumerate(
            _entries(raw, "categories.yml", "categories", "category"), 1):
        entry.check_keys(["id", "track", "name", "kind"])
        categories.append(s.Category(
            id=entry.id,
            track_id=entry.reference(entry.data["track"], _ids(tracks), "track"),
            name=entry.text("name"),
            kind=entry.enum("kind", s.CATEGORY_KINDS),
            position=position,
        ))
    return tuple(categories)


def _read_skills(raw: RawSources, tracks: tuple) -> tuple:
    # seed 002 has one skills list per track, named by the track id in lower case
    seed_lists = tuple(track.id.lower() for track in tracks)
    phrases = PhraseRegistry("skill")
    skills = []
    for position, entry in enumerate(_entries(raw, "skills.yml", "skills", "skill"), 1):
        entry.check_keys(["id", "name", "group", "description", "synonyms"], ["seed_lists"])
        name = entry.text("name")
        named_in = entry.text_list("seed_lists")
        for seed_list in named_in:
            if seed_list not in seed_lists:
                raise entry.error(
                    f"unknown seed list {seed_list!r}; expected one of: {', '.join(seed_lists)}")
        skills.append(s.Skill(
            id=entry.id, name=name, group=entry.enum("group", s.SKILL_GROUPS),
            description=entry.text("description"), position=position,
            synonyms=phrases.collect(entry, name, entry.text_list("synonyms")),
            **{f"in_{seed_list}_seed_list": seed_list in named_in for seed_list in seed_lists},
        ))
    return tuple(skills)


def _read_education(raw: RawSources) -> tuple:
    level_phrases = PhraseRegistry("level")
    ordinals: Dict[int, str] = {}
    levels = []
    for entry in _entries(raw, "education.yml", "levels", "level"):
        entry.check_keys(["id", "name", "ordinal", "synonyms"])
        name, ordinal = entry.text("name"), entry.integer("ordinal", minimum=1)
        if ordinal in ordinals:
            raise entry.error(f"ordinal {ordinal} is also used by level '{ordinals[ordinal]}'")
        ordinals[ordinal] = entry.id
        levels.append(s.EducationLevel(
            id=entry.id, name=name, ordinal=ordinal,
            synonyms=level_phrases.collect(entry, name, entry.text_list("synonyms")),
        ))

    fields = tuple(s.Field(**vocabulary)
                   for vocabulary in _named_vocabulary(raw, "education.yml", "fields", "field"))
    degree_phrases = PhraseRegistry("degree")
    degrees = []
    for position, entry in enumerate(_entries(raw, "education.yml", "degrees", "degree"), 1):
        entry.check_keys(["id", "name", "level", "synonyms"], ["field"])
        name = entry.text("name")
        field_id = entry.data.get("field")
        degrees.append(s.Degree(
            id=entry.id, name=name, position=position,
            level_id=entry.reference(entry.data["level"], _ids(levels), "level"),
            field_id=None if field_id is None else entry.reference(field_id, _ids(fields), "field"),
            synonyms=degree_phrases.collect(entry, name, entry.text_list("synonyms")),
        ))
    return tuple(levels), fields, tuple(degrees)


def _read_goals(raw: RawSources, tracks: tuple) -> tuple:
    goal_phrases = PhraseRegistry("goal")
    goals = []
    for position, entry in enumerate(_entries(raw, "goals.yml", "goals", "goal"), 1):
        entry.check_keys(["id", "name", "description", "synonyms"], ["favours"])
        name, favours = entry.text("name"), entry.data.get("favours")
        goals.append(s.Goal(
            id=entry.id, name=name, position=position, description=entry.text("description"),
            favours_track=None if favours is None else entry.reference(favours, _ids(tracks), "track"),
            synonyms=goal_phrases.collect(entry, name, entry.text_list("synonyms")),
        ))
    return tuple(goals)


def _read_preferences(raw: RawSources) -> tuple:
    return tuple(s.Preference(**vocabulary)
                 for vocabulary in _named_vocabulary(raw, "goals.yml", "preferences", "preference"))


def _named_vocabulary(raw: RawSources, file_name: str, key: str, kind: str) -> List[dict]:
    """Entries that are only an id, a name and what people type (fields, preferences)."""
    phrases = PhraseRegistry(kind)
    vocabulary = []
    for position, entry in enumerate(_entries(raw, file_name, key, kind), 1):
        entry.check_keys(["id", "name", "synonyms"])
        name = entry.text("name")
        vocabulary.append({
            "id": entry.id, "name": name, "position": position,
            "synonyms": phrases.collect(entry, name, entry.text_list("synonyms")),
        })
    return vocabulary


def _read_courses(raw: RawSources, skills: tuple) -> tuple:
    courses = []
    for position, entry in enumerate(_entries(raw, "training.yml", "courses", "course"), 1):
        entry.check_keys(["id", "skill", "title", "description", "kind"],
                         ["provider", "duration_weeks", "mode", "certification", "source"])
        kind = entry.enum("kind", s.COURSE_KINDS)
        provider = entry.text("provider", optional=kind != "academy")
        certification = entry.text("certification", optional=True)
        source = entry.text("source", optional=certification is None)
        courses.append(s.TrainingCourse(
            id=entry.id,
            skill_id=entry.reference(entry.data["skill"], _ids(skills), "skill"),
            title=entry.text("title"),
            description=entry.text("description"),
            kind=kind,
            provider=provider,
            duration_weeks=entry.integer("duration_weeks", minimum=1, optional=True),
            mode=entry.enum("mode", s.COURSE_MODES, optional=True),
            certification=certification,
            source=source,
            position=position,
        ))
    return tuple(courses)


def _read_roles(raw: RawSources, seeds, tracks, categories, levels, fields, skills, goals,
                courses) -> tuple:
    known = RoleReferences(
        seeds=_ids(seeds), tracks=_ids(tracks), categories=_ids(categories),
        levels=_ids(levels), fields=_ids(fields), skills=_ids(skills), goals=_ids(goals),
        skills_with_training={course.skill_id for course in courses},
    )
    return read_roles(_entries(raw, "roles.yml", "roles", "role"), known)


def _read_faqs(raw: RawSources, seeds: tuple) -> tuple:
    owner: Dict[str, str] = {}
    faqs = []
    for position, entry in enumerate(_entries(raw, "faq.yml", "faqs", "faq"), 1):
        entry.check_keys(["id", "topic", "question", "answer", "seed"], ["paraphrases"])
        question = entry.text("question")
        paraphrases = entry.text_list("paraphrases")
        for phrase in [question, *paraphrases]:
            key = question_key(phrase)
            if owner.get(key, entry.id) != entry.id:
                raise entry.error(f"question '{phrase}' is also asked by faq '{owner[key]}'")
            owner[key] = entry.id
        faqs.append(s.Faq(
            id=entry.id,
            topic=entry.enum("topic", s.FAQ_TOPICS),
            question=question,
            paraphrases=_distinct_questions(paraphrases, besides=question),
            answer=entry.text("answer"),
            seed=entry.reference(entry.data["seed"], _ids(seeds), "seed"),
            position=position,
        ))
    return tuple(faqs)


def _distinct_questions(questions: Iterable[str], besides: str) -> tuple:
    """``questions`` without repeats of each other or of ``besides`` (see question_key)."""
    seen = {question_key(besides)}
    kept = []
    for question in questions:
        if question_key(question) not in seen:
            seen.add(question_key(question))
            kept.append(question)
    return tuple(kept)


def _read_comparison(raw: RawSources, seeds: tuple, tracks: tuple) -> tuple:
    per_track = [track.id.lower() for track in tracks]  # one text per track: bpo, kpo
    rows = []
    for position, entry in enumerate(
            _entries(raw, "comparison.yml", "rows", "comparison row"), 1):
        entry.check_keys(["id", "aspect", *per_track, "seed"])
        rows.append(s.ComparisonRow(
            id=entry.id, position=position, aspect=entry.text("aspect"),
            seed=entry.reference(entry.data["seed"], _ids(seeds), "seed"),
            **{key: entry.text(key) for key in per_track},
        ))
    return tuple(rows)
