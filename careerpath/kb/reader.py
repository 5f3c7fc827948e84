"""Reads the YAML sources into a validated, typed :class:`~careerpath.kb.schema.SourceBundle`.

``read_sources()`` reads every file of ``sources/`` (see ``sources/README.md``) through
the checks of ``validation.py`` and raises :class:`SourceError` naming the file and the
entry at the first problem (the overlay files of other languages, ``sources/hi/``, are
read by ``translation_reader.py``); ``fingerprint_sources()`` says whether the files changed.
Files are read in dependency order: a role can only name tracks, skills and courses
read before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from . import schema as s
from .phrases import question_key
from .role_reader import RoleReferences, read_roles
from .schema import by_id
from .translation_reader import read_translations, translation_files
from .validation import (
    RawSources,
    SourceError,
    check_column_lengths,
    check_role_names_unique,
    check_track_ids,
    entries_of,
)
from .vocabulary_reader import (
    read_education,
    read_goals,
    read_interests,
    read_preferences,
    read_skills,
)


def fingerprint_sources(directory: Path | None = None) -> str:
    """sha256 over the source files' names and bytes."""
    directory = directory or s.SOURCES_DIR
    digest = hashlib.sha256()
    names = [*s.SOURCE_FILES]
    for language in s.TRANSLATION_LANGUAGES:
        names += translation_files(language)
    for name in sorted(names):
        path = Path(directory) / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def _read_yaml(directory: Path, name: str) -> dict[str, list[Any]]:
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


def read_sources(directory: Path | None = None) -> s.SourceBundle:
    """Parse and validate every source file; raises SourceError naming file and entry."""
    directory = Path(directory or s.SOURCES_DIR)
    raw = {name: _read_yaml(directory, name) for name in s.SOURCE_FILES}
    seeds = _read_seeds(raw)
    tracks = _read_tracks(raw, seeds)
    categories = _read_categories(raw, tracks)
    skills = read_skills(raw, tracks)
    levels, fields, degrees = read_education(raw)
    goals = read_goals(raw, tracks)
    courses = _read_courses(raw, skills)
    roles = read_roles(
        entries_of(raw, "roles.yml", "roles", "role"),
        RoleReferences(
            seeds=by_id(seeds),
            tracks=by_id(tracks),
            categories=by_id(categories),
            levels=by_id(levels),
            fields=by_id(fields),
            skills=by_id(skills),
            goals=by_id(goals),
            skills_with_training={course.skill_id for course in courses},
        ),
    )
    bundle = s.SourceBundle(
        directory=directory,
        fingerprint=fingerprint_sources(directory),
        seeds=seeds,
        tracks=tracks,
        categories=categories,
        skills=skills,
        levels=levels,
        fields=fields,
        degrees=degrees,
        goals=goals,
        preferences=read_preferences(raw),
        courses=courses,
        interests=read_interests(raw, roles),
        roles=roles,
        faqs=_read_faqs(raw, seeds),
        comparison=_read_comparison(raw, seeds, tracks),
    )
    check_role_names_unique(bundle)
    bundle = replace(bundle, translations=read_translations(directory, bundle))
    check_column_lengths(bundle)
    return bundle


def _read_seeds(raw: RawSources) -> tuple[s.Seed, ...]:
    seeds = []
    for entry in entries_of(raw, "seeds.yml", "seeds", "seed"):
        entry.check_keys(["id", "title", "publisher"])
        seeds.append(
            s.Seed(id=entry.id, title=entry.text("title"), publisher=entry.text("publisher"))
        )
    return tuple(seeds)


_TRACK_TEXTS = (
    "name",
    "summary",
    "education_summary",
    "salary_growth",
    "job_stability",
    "long_term_scope",
    "skill_focus",
)


def _read_tracks(raw: RawSources, seeds: tuple[s.Seed, ...]) -> tuple[s.Track, ...]:
    entries = entries_of(raw, "tracks.yml", "tracks", "track")
    check_track_ids(entries)
    tracks = []
    for entry in entries:
        entry.check_keys(
            [
                "id",
                *_TRACK_TEXTS,
                "salary_level",
                "growth_speed",
                "promotion_path",
                *s.TRACK_POINT_KINDS,
            ],
            ["sources"],
        )
        points = []
        for kind, point_kind in s.TRACK_POINT_KINDS.items():
            for index, point in enumerate(entry.items(kind, allow_empty=False)):
                point_entry = entry.part(point, prefix=f"{kind}.")
                point_entry.check_keys(["title", "text"])
                points.append(
                    s.TrackPoint(
                        track_id=entry.id,
                        kind=point_kind,
                        position=index + 1,
                        title=point_entry.text("title"),
                        text=point_entry.text("text"),
                    )
                )
        steps = entry.text_list("promotion_path", allow_empty=False)
        tracks.append(
            s.Track(
                id=entry.id,
                **{key: entry.text(key) for key in _TRACK_TEXTS},
                salary_level=entry.enum("salary_level", s.SALARY_LEVELS),
                growth_speed=entry.enum("growth_speed", s.GROWTH_SPEEDS),
                points=tuple(points),
                promotion_steps=tuple(
                    s.TrackPromotionStep(track_id=entry.id, position=position, title=title)
                    for position, title in enumerate(steps, 1)
                ),
                sources=entry.references("sources", by_id(seeds), "seed"),
            )
        )
    return tuple(tracks)


def _read_categories(raw: RawSources, tracks: tuple[s.Track, ...]) -> tuple[s.Category, ...]:
    categories = []
    for position, entry in enumerate(
        entries_of(raw, "categories.yml", "categories", "category"), 1
    ):
        entry.check_keys(["id", "track", "name", "kind"])
        categories.append(
            s.Category(
                id=entry.id,
                track_id=entry.reference(entry.data["track"], by_id(tracks), "track"),
                name=entry.text("name"),
                kind=entry.enum("kind", s.CATEGORY_KINDS),
                position=position,
            )
        )
    return tuple(categories)


def _read_courses(raw: RawSources, skills: tuple[s.Skill, ...]) -> tuple[s.TrainingCourse, ...]:
    courses = []
    for position, entry in enumerate(entries_of(raw, "training.yml", "courses", "course"), 1):
        entry.check_keys(
            ["id", "skill", "title", "description", "kind"],
            ["provider", "duration_weeks", "mode", "certification", "source"],
        )
        kind = entry.enum("kind", s.COURSE_KINDS)
        provider = entry.optional_text("provider", required=kind == "academy")
        certification = entry.optional_text("certification")
        source = entry.optional_text("source", required=certification is not None)
        courses.append(
            s.TrainingCourse(
                id=entry.id,
                skill_id=entry.reference(entry.data["skill"], by_id(skills), "skill"),
                title=entry.text("title"),
                description=entry.text("description"),
                kind=kind,
                provider=provider,
                duration_weeks=entry.optional_integer("duration_weeks", minimum=1),
                mode=entry.optional_enum("mode", s.COURSE_MODES),
                certification=certification,
                source=source,
                position=position,
            )
        )
    return tuple(courses)


def _read_faqs(raw: RawSources, seeds: tuple[s.Seed, ...]) -> tuple[s.Faq, ...]:
    owner: dict[str, str] = {}
    faqs = []
    for position, entry in enumerate(entries_of(raw, "faq.yml", "faqs", "faq"), 1):
        entry.check_keys(["id", "topic", "question", "answer", "seed"], ["paraphrases"])
        question = entry.text("question")
        paraphrases = entry.text_list("paraphrases")
        for phrase in [question, *paraphrases]:
            key = question_key(phrase)
            if owner.get(key, entry.id) != entry.id:
                raise entry.error(f"question '{phrase}' is also asked by faq '{owner[key]}'")
            owner[key] = entry.id
        faqs.append(
            s.Faq(
                id=entry.id,
                topic=entry.enum("topic", s.FAQ_TOPICS),
                question=question,
                paraphrases=_distinct_questions(paraphrases, besides=question),
                answer=entry.text("answer"),
                seed=entry.reference(entry.data["seed"], by_id(seeds), "seed"),
                position=position,
            )
        )
    return tuple(faqs)


def _distinct_questions(questions: Iterable[str], besides: str) -> tuple[str, ...]:
    """``questions`` without repeats of each other or of ``besides`` (see question_key)."""
    seen = {question_key(besides)}
    kept = []
    for question in questions:
        if question_key(question) not in seen:
            seen.add(question_key(question))
            kept.append(question)
    return tuple(kept)


def _read_comparison(
    raw: RawSources, seeds: tuple[s.Seed, ...], tracks: tuple[s.Track, ...]
) -> tuple[s.ComparisonRow, ...]:
    per_track = [track.id.lower() for track in tracks]  # one text per track: bpo, kpo
    rows = []
    for position, entry in enumerate(
        entries_of(raw, "comparison.yml", "rows", "comparison row"), 1
    ):
        entry.check_keys(["id", "aspect", *per_track, "seed"])
        rows.append(
            s.ComparisonRow(
                id=entry.id,
                position=position,
                aspect=entry.text("aspect"),
                seed=entry.reference(entry.data["seed"], by_id(seeds), "seed"),
                **{key: entry.text(key) for key in per_track},
            )
        )
    return tuple(rows)
