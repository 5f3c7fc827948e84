"""Read, validate and load the knowledge-base YAML sources into the database.

``read_sources()`` turns the files in ``sources/`` into a validated :class:`SourceBundle`
(or raises :class:`SourceError` naming the file and the entry), ``load_sources()``
replaces the knowledge-base tables with it, and ``build_database()`` does both after
bringing the schema up to date with alembic. See ``sources/README.md`` for the format.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from . import models
from careerpath.db.engine import database_url, get_engine, session_scope

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCES_DIR = PACKAGE_DIR / "sources"
ALEMBIC_INI = PACKAGE_DIR.parent / "db" / "alembic.ini"

# file -> the top-level lists it must hold
SOURCE_FILES: Dict[str, Tuple[str, ...]] = {
    "seeds.yml": ("seeds",),
    "tracks.yml": ("tracks",),
    "categories.yml": ("categories",),
    "skills.yml": ("skills",),
    "education.yml": ("levels", "fields", "degrees"),
    "goals.yml": ("goals", "preferences"),
    "roles.yml": ("roles",),
    "training.yml": ("courses",),
    "faq.yml": ("faqs",),
    "comparison.yml": ("rows",),
}

TRACK_IDS = ("BPO", "KPO")
SALARY_LEVELS = ("lower", "higher")
GROWTH_SPEEDS = ("moderate", "fast")
CATEGORY_KINDS = ("function", "attribute")
SKILL_GROUPS = ("communication", "computer", "customer", "analytical", "domain", "technical", "personal")
SEED_LISTS = ("bpo", "kpo")
VOICE_MODES = ("voice", "non_voice", "either")
SHIFTS = ("day", "rotational", "night", "flexible")
COURSE_KINDS = ("generic", "academy")
COURSE_MODES = ("online", "classroom", "self-study")
FAQ_TOPICS = ("basics", "careers", "skills", "comparison", "business")
# tracks.yml list -> track_point.kind
TRACK_POINT_KINDS = {
    "advantages": "advantage", "who_should_choose": "who_should_choose",
    "future_scope": "future_scope", "skills": "skill",
}
FINGERPRINT_KEY = "fingerprint"
_MISSING = object()


class SourceError(Exception):
    """A source file is missing, unreadable or inconsistent; the message says where."""


def normalise_phrase(text: str) -> str:
    """How synonyms are compared and stored: lower-case, single spaces."""
    return " ".join(str(text).lower().split())


# ---------------------------------------------------------------------------------------
# Validation helpers


class _Entry:
    """One mapping from a source file, with typed accessors whose errors name it."""

    def __init__(self, file: str, label: str, data: Any, index: int, prefix: str = ""):
        self.file = file
        self.label = label
        self.index = index
        self.prefix = prefix
        if not isinstance(data, dict):
            raise SourceError(f"{file}: {label} #{index + 1}: expected a mapping, got {data!r}")
        self.data = data
        raw_id = data.get("id")
        self.id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None

    @property
    def where(self) -> str:
        name = f"'{self.id}'" if self.id else f"#{self.index + 1}"
        return f"{self.file}: {self.label} {name}"

    def error(self, message: str) -> SourceError:
        return SourceError(f"{self.where}: {message}")

    def check_keys(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        required, optional = list(required), list(optional)
        for key in required:
            if key not in self.data:
                raise self.error(f"missing '{self.prefix}{key}'")
        unknown = sorted(set(self.data) - set(required) - set(optional), key=str)
        if unknown:
            raise self.error(
                f"unknown key '{self.prefix}{unknown[0]}' "
                f"(expected: {', '.join(required + optional)})"
            )

    def nested(self, key: str) -> "_Entry":
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise self.error(f"'{self.prefix}{key}' must be a mapping, got {value!r}")
        child = _Entry(self.file, self.label, value, self.index, prefix=f"{self.prefix}{key}.")
        child.id = self.id
        return child

    def text(self, key: str, optional: bool = False) -> Optional[str]:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
            hint = " (quote it)" if isinstance(value, (int, float)) else ""
            raise self.error(f"'{self.prefix}{key}' must be non-empty text, got {value!r}{hint}")
        return value.strip()

    def enum(self, key: str, allowed: Sequence[str], optional: bool = False) -> Optional[str]:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if value not in allowed:
            raise self.error(
                f"'{self.prefix}{key}' is {value!r}; expected one of: {', '.join(allowed)}"
            )
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.error(f"'{self.prefix}{key}' must be true or false, got {value!r}")
        return value

    def integer(self, key: str, minimum: int, optional: bool = False) -> Optional[int]:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(f"'{self.prefix}{key}' must be a whole number >= {minimum}, got {value!r}")
        return value

    def items(self, key: str, allow_empty: bool = True) -> list:
        value = self.data.get(key, _MISSING)
        if value is None or value is _MISSING:
            value = []
        if not isinstance(value, list):
            raise self.error(f"'{self.prefix}{key}' must be a list, got {value!r}")
        if not value and not allow_empty:
            raise self.error(f"'{self.prefix}{key}' must not be empty")
        return value

    def text_list(self, key: str, allow_empty: bool = True) -> List[str]:
        values = self.items(key, allow_empty)
        for value in values:
            if not isinstance(value, str) or not value.strip():
                hint = " (quote it)" if isinstance(value, (int, float)) else ""
                raise self.error(f"'{self.prefix}{key}' holds {value!r}: every item must be text{hint}")
        return [value.strip() for value in values]

    def reference(self, value: Any, known: Dict[str, Any], kind: str) -> str:
        if not isinstance(value, str) or value not in known:
            raise self.error(f"unknown {kind} {value!r}")
        return value


def _unique_ids(entries: List[_Entry], file: str, label: str) -> None:
    seen = set()
    for entry in entries:
        if entry.id is None:
            raw = entry.data.get("id")
            hint = " (quote ids such as \"000\")" if isinstance(raw, int) else ""
            raise entry.error(f"'id' must be non-empty text, got {raw!r}{hint}")
        if not re.fullmatch(r"[A-Za-z0-9_]+", entry.id):
            raise entry.error("ids use letters, digits and underscores only")
        if entry.id in seen:
            raise SourceError(f"{file}: duplicate {label} id '{entry.id}'")
        seen.add(entry.id)


class _PhraseRegistry:
    """Synonyms of one kind (skills, degrees ...) must point at exactly one entry."""

    def __init__(self, label: str):
        self.label = label
        self.owner: Dict[str, str] = {}

    def collect(self, entry: _Entry, name: str, synonyms: Iterable[str]) -> Tuple[str, ...]:
        phrases: List[str] = []
        for phrase in [name, *synonyms]:
            phrase = normalise_phrase(phrase)
            if phrase in phrases:
                continue
            owner = self.owner.get(phrase)
            if owner is not None and owner != entry.id:
                raise entry.error(f"synonym '{phrase}' is also used by {self.label} '{owner}'")
            self.owner[phrase] = entry.id
            phrases.append(phrase)
        return tuple(phrases)


# ---------------------------------------------------------------------------------------
# The bundle


@dataclass
class SourceBundle:
    """All sources, validated, with defaults filled in; plain dicts ready to insert."""

    directory: Path
    fingerprint: str
    seeds: List[dict] = field(default_factory=list)
    tracks: List[dict] = field(default_factory=list)
    categories: List[dict] = field(default_factory=list)
    skills: List[dict] = field(default_factory=list)
    levels: List[dict] = field(default_factory=list)
    fields: List[dict] = field(default_factory=list)
    degrees: List[dict] = field(default_factory=list)
    goals: List[dict] = field(default_factory=list)
    preferences: List[dict] = field(default_factory=list)
    roles: List[dict] = field(default_factory=list)
    courses: List[dict] = field(default_factory=list)
    faqs: List[dict] = field(default_factory=list)
    comparison: List[dict] = field(default_factory=list)

    def roles_per_track(self) -> Dict[str, int]:
        counts = {track["id"]: 0 for track in self.tracks}
        for role in self.roles:
            counts[role["track"]] += 1
        return counts


def fingerprint_sources(directory: Optional[Path] = None) -> str:
    """sha256 over the source files' names and bytes."""
    directory = directory or SOURCES_DIR
    digest = hashlib.sha256()
    for name in sorted(SOURCE_FILES):
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
        raise SourceError(f"{name}: expected a mapping with {', '.join(SOURCE_FILES[name])}")
    unknown = sorted(set(document) - set(SOURCE_FILES[name]), key=str)
    if unknown:
        raise SourceError(f"{name}: unknown top-level key '{unknown[0]}'")
    lists = {}
    for key in SOURCE_FILES[name]:
        value = document.get(key)
        if not isinstance(value, list) or not value:
            raise SourceError(f"{name}: '{key}' must be a non-empty list")
        lists[key] = value
    return lists


def _entries(raw: Dict[str, Dict[str, list]], file: str, key: str, label: str) -> List[_Entry]:
    entries = [_Entry(file, label, data, index) for index, data in enumerate(raw[file][key])]
    _unique_ids(entries, file, label)
    return entries


def read_sources(directory: Optional[Path] = None) -> SourceBundle:
    """Parse and validate every source file; raises SourceError naming file and entry."""
    directory = Path(directory or SOURCES_DIR)
    raw = {name: _read_yaml(directory, name) for name in SOURCE_FILES}
    bundle = SourceBundle(directory=directory, fingerprint=fingerprint_sources(directory))
    _read_seeds(bundle, raw)
    _read_tracks(bundle, raw)
    _read_categories(bundle, raw)
    _read_skills(bundle, raw)
    _read_education(bundle, raw)
    _read_goals(bundle, raw)
    _read_courses(bundle, raw)
    _read_roles(bundle, raw)
    _read_faqs(bundle, raw)
    _read_comparison(bundle, raw)
    _check_lengths(bundle)
    return bundle


def _seed_ids(bundle: SourceBundle) -> Dict[str, dict]:
    return {seed["id"]: seed for seed in bundle.seeds}


def _read_seeds(bundle: SourceBundle, raw) -> None:
    for entry in _entries(raw, "seeds.yml", "seeds", "seed"):
        entry.check_keys(["id", "title", "publisher"])
        bundle.seeds.append(
            {"id": entry.id, "title": entry.text("title"), "publisher": entry.text("publisher")}
        )


def _read_tracks(bundle: SourceBundle, raw) -> None:
    seeds = _seed_ids(bundle)
    text_keys = ["name", "summary", "education_summary", "salary_growth", "job_stability",
                 "long_term_scope", "skill_focus"]
    for entry in _entries(raw, "tracks.yml", "tracks", "track"):
        entry.check_keys(["id", *text_keys, "salary_level", "growth_speed", "promotion_path",
                          *TRACK_POINT_KINDS], ["sources"])
        entry.enum("id", TRACK_IDS)
        track = {key: entry.text(key) for key in text_keys}
        track.update(
            id=entry.id,
            salary_level=entry.enum("salary_level", SALARY_LEVELS),
            growth_speed=entry.enum("growth_speed", GROWTH_SPEEDS),
            promotion_path=entry.text_list("promotion_path", allow_empty=False),
            sources=[entry.reference(seed, seeds, "seed") for seed in entry.text_list("sources")],
            points=[],
        )
        for kind in TRACK_POINT_KINDS:
            for index, point in enumerate(entry.items(kind, allow_empty=False)):
                point_entry = _Entry(entry.file, entry.label, point, entry.index, prefix=f"{kind}.")
                point_entry.id = entry.id
                point_entry.check_keys(["title", "text"])
                track["points"].append({
                    "kind": TRACK_POINT_KINDS[kind], "position": index + 1,
                    "title": point_entry.text("title"), "text": point_entry.text("text"),
                })
        bundle.tracks.append(track)


def _read_categories(bundle: SourceBundle, raw) -> None:
    tracks = {track["id"]: track for track in bundle.tracks}
    for position, entry in enumerate(_entries(raw, "categories.yml", "categories", "category"), 1):
        entry.check_keys(["id", "track", "name", "kind"])
        bundle.categories.append({
            "id": entry.id,
            "track": entry.reference(entry.data["track"], tracks, "track"),
            "name": entry.text("name"),
            "kind": entry.enum("kind", CATEGORY_KINDS),
            "position": position,
        })


def _read_skills(bundle: SourceBundle, raw) -> None:
    phrases = _PhraseRegistry("skill")
    for position, entry in enumerate(_entries(raw, "skills.yml", "skills", "skill"), 1):
        entry.check_keys(["id", "name", "group", "description", "synonyms"], ["seed_lists"])
        name = entry.text("name")
        seed_lists = entry.text_list("seed_lists")
        for seed_list in seed_lists:
            if seed_list not in SEED_LISTS:
                raise entry.error(f"unknown seed list {seed_list!r}; expected one of: bpo, kpo")
        bundle.skills.append({
            "id": entry.id,
            "name": name,
            "group": entry.enum("group", SKILL_GROUPS),
            "description": entry.text("description"),
            "synonyms": phrases.collect(entry, name, entry.text_list("synonyms")),
            "in_bpo_seed_list": "bpo" in seed_lists,
            "in_kpo_seed_list": "kpo" in seed_lists,
            "position": position,
        })


def _read_education(bundle: SourceBundle, raw) -> None:
    level_phrases = _PhraseRegistry("level")
    ordinals: Dict[int, str] = {}
    for entry in _entries(raw, "education.yml", "levels", "level"):
        entry.check_keys(["id", "name", "ordinal", "synonyms"])
        name, ordinal = entry.text("name"), entry.integer("ordinal", minimum=1)
        if ordinal in ordinals:
            raise entry.error(f"ordinal {ordinal} is also used by level '{ordinals[ordinal]}'")
        ordinals[ordinal] = entry.id
        bundle.levels.append({
            "id": entry.id, "name": name, "ordinal": ordinal,
            "synonyms": level_phrases.collect(entry, name, entry.text_list("synonyms")),
        })

    bundle.fields.extend(_named_vocabulary(raw, "education.yml", "fields", "field"))

    levels = {level["id"]: level for level in bundle.levels}
    fields = {field_["id"]: field_ for field_ in bundle.fields}
    degree_phrases = _PhraseRegistry("degree")
    for position, entry in enumerate(_entries(raw, "education.yml", "degrees", "degree"), 1):
        entry.check_keys(["id", "name", "level", "synonyms"], ["field"])
        name = entry.text("name")
        field_id = entry.data.get("field")
        bundle.degrees.append({
            "id": entry.id, "name": name, "position": position,
            "level": entry.reference(entry.data["level"], levels, "level"),
            "field": None if field_id is None else entry.reference(field_id, fields, "field"),
            "synonyms": degree_phrases.collect(entry, name, entry.text_list("synonyms")),
        })


def _read_goals(bundle: SourceBundle, raw) -> None:
    tracks = {track["id"]: track for track in bundle.tracks}
    goal_phrases = _PhraseRegistry("goal")
    for position, entry in enumerate(_entries(raw, "goals.yml", "goals", "goal"), 1):
        entry.check_keys(["id", "name", "description", "synonyms"], ["favours"])
        name, favours = entry.text("name"), entry.data.get("favours")
        bundle.goals.append({
            "id": entry.id, "name": name, "position": position,
            "description": entry.text("description"),
            "favours": None if favours is None else entry.reference(favours, tracks, "track"),
            "synonyms": goal_phrases.collect(entry, name, entry.text_list("synonyms")),
        })

    bundle.preferences.extend(_named_vocabulary(raw, "goals.yml", "preferences", "preference"))


def _named_vocabulary(raw, file_name: str, key: str, kind: str) -> List[dict]:
    """Entries that are only an id, a name and what people type (fields, preferences)."""
    phrases = _PhraseRegistry(kind)
    vocabulary = []
    for position, entry in enumerate(_entries(raw, file_name, key, kind), 1):
        entry.check_keys(["id", "name", "synonyms"])
        name = entry.text("name")
        vocabulary.append({
            "id": entry.id, "name": name, "position": position,
            "synonyms": phrases.collect(entry, name, entry.text_list("synonyms")),
        })
    return vocabulary


def _read_courses(bundle: SourceBundle, raw) -> None:
    skills = {skill["id"]: skill for skill in bundle.skills}
    for position, entry in enumerate(_entries(raw, "training.yml", "courses", "course"), 1):
        entry.check_keys(["id", "skill", "title", "description", "kind"],
                         ["provider", "duration_weeks", "mode", "certification", "source"])
        kind = entry.enum("kind", COURSE_KINDS)
        provider = entry.text("provider", optional=kind != "academy")
        certification = entry.text("certification", optional=True)
        source = entry.text("source", optional=certification is None)
        bundle.courses.append({
            "id": entry.id,
            "skill": entry.reference(entry.data["skill"], skills, "skill"),
            "title": entry.text("title"),
            "description": entry.text("description"),
            "kind": kind,
            "provider": provider,
            "duration_weeks": entry.integer("duration_weeks", minimum=1, optional=True),
            "mode": entry.enum("mode", COURSE_MODES, optional=True),
            "certification": certification,
            "source": source,
            "position": position,
        })


def _read_roles(bundle: SourceBundle, raw) -> None:
    tracks = {track["id"]: track for track in bundle.tracks}
    categories = {category["id"]: category for category in bundle.categories}
    levels = {level["id"]: level for level in bundle.levels}
    fields = {field_["id"]: field_ for field_ in bundle.fields}
    skills = {skill["id"]: skill for skill in bundle.skills}
    goals = {goal["id"]: goal for goal in bundle.goals}
    seeds = _seed_ids(bundle)
    skills_with_training = {course["skill"] for course in bundle.courses}
    positions = {track_id: 0 for track_id in tracks}

    for entry in _entries(raw, "roles.yml", "roles", "role"):
        entry.check_keys(["id", "name", "track", "category", "description", "entry_roles",
                          "education", "fields", "skills", "work_style", "growth_path",
                          "growth", "suits_goals", "sources"])
        track = entry.reference(entry.data["track"], tracks, "track")
        category = entry.reference(entry.data["category"], categories, "category")
        if categories[category]["track"] != track:
            raise entry.error(f"category '{category}' belongs to track {categories[category]['track']}, not {track}")
        positions[track] += 1

        education = entry.nested("education")
        education.check_keys(["minimum", "preferred"])
        minimum = education.reference(education.data["minimum"], levels, "level")
        preferred = education.reference(education.data["preferred"], levels, "level")
        if levels[minimum]["ordinal"] > levels[preferred]["ordinal"]:
            raise entry.error(f"preferred education '{preferred}' is below the minimum '{minimum}'")

        work_style = entry.nested("work_style")
        work_style.check_keys(["voice", "customer_facing", "shifts", "part_time"])
        growth = entry.nested("growth")
        growth.check_keys(["speed", "salary_level", "note"])

        bundle.roles.append({
            "id": entry.id,
            "name": entry.text("name"),
            "track": track,
            "category": category,
            "position": positions[track],
            "description": entry.text("description"),
            "entry_roles": entry.text_list("entry_roles", allow_empty=False),
            "min_education": minimum,
            "preferred_education": preferred,
            **_role_fields(entry, fields),
            "skills": _role_skills(entry, skills, skills_with_training),
            "voice": work_style.enum("voice", VOICE_MODES),
            "customer_facing": work_style.boolean("customer_facing"),
            "shifts": work_style.enum("shifts", SHIFTS),
            "part_time": work_style.boolean("part_time"),
            "growth_path": _growth_path(entry),
            "growth_speed": growth.enum("speed", GROWTH_SPEEDS),
            "salary_level": growth.enum("salary_level", SALARY_LEVELS),
            "growth_note": growth.text("note"),
            "suits_goals": [entry.reference(goal, goals, "goal") for goal in entry.text_list("suits_goals")],
            "sources": [entry.reference(seed, seeds, "seed") for seed in entry.text_list("sources", allow_empty=False)],
        })
    first_with_name: Dict[str, str] = {}
    for role in bundle.roles:
        owner = first_with_name.setdefault(normalise_phrase(role["name"]), role["id"])
        if owner != role["id"]:
            raise SourceError(f"roles.yml: role '{role['id']}': name '{role['name']}' is also used by role '{owner}'")


def _role_fields(entry: _Entry, fields: Dict[str, dict]) -> dict:
    value = entry.data.get("fields")
    if value == "any":
        return {"any_field": True, "fields": []}
    if not isinstance(value, list) or not value:
        raise entry.error(f"'fields' must be 'any' or a non-empty list of field ids, got {value!r}")
    return {"any_field": False, "fields": [entry.reference(item, fields, "field") for item in value]}


def _role_skills(entry: _Entry, skills: Dict[str, dict], skills_with_training: set) -> List[dict]:
    role_skills: List[dict] = []
    for index, item in enumerate(entry.items("skills", allow_empty=False)):
        skill_entry = _Entry(entry.file, entry.label, item, entry.index, prefix="skills.")
        skill_entry.id = entry.id
        skill_entry.check_keys(["skill", "weight", "essential"])
        skill_id = skill_entry.reference(item["skill"], skills, "skill")
        if any(existing["skill"] == skill_id for existing in role_skills):
            raise entry.error(f"skill '{skill_id}' is listed twice")
        if skill_id not in skills_with_training:
            raise entry.error(f"skill '{skill_id}' has no training course in training.yml")
        weight = item["weight"]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 1 <= weight <= 3:
            raise entry.error(f"skill '{skill_id}': weight must be between 1 and 3, got {weight!r}")
        role_skills.append({
            "skill": skill_id, "weight": float(weight),
            "essential": skill_entry.boolean("essential"), "position": index + 1,
        })
    return role_skills


def _growth_path(entry: _Entry) -> List[dict]:
    steps = []
    for index, item in enumerate(entry.items("growth_path", allow_empty=False)):
        step = _Entry(entry.file, entry.label, item, entry.index, prefix="growth_path.")
        step.id = entry.id
        step.check_keys(["title"], ["years"])
        years = item.get("years")
        if isinstance(years, (int, float)) and not isinstance(years, bool):
            years = str(years)  # `years: 2` says the same as `years: "2"`
        elif years is not None:
            years = step.text("years")
        steps.append({"title": step.text("title"), "position": index + 1, "years": years})
    return steps


def _read_faqs(bundle: SourceBundle, raw) -> None:
    seeds = _seed_ids(bundle)
    owner: Dict[str, str] = {}
    for position, entry in enumerate(_entries(raw, "faq.yml", "faqs", "faq"), 1):
        entry.check_keys(["id", "topic", "question", "answer", "seed"], ["paraphrases"])
        question = entry.text("question")
        paraphrases = entry.text_list("paraphrases")
        for phrase in [question, *paraphrases]:
            key = _question_key(phrase)
            if owner.get(key, entry.id) != entry.id:
                raise entry.error(f"question '{phrase}' is also asked by faq '{owner[key]}'")
            owner[key] = entry.id
        bundle.faqs.append({
            "id": entry.id,
            "topic": entry.enum("topic", FAQ_TOPICS),
            "question": question,
            "paraphrases": _dedupe(paraphrases, key=_question_key, exclude=question),
            "answer": entry.text("answer"),
            "seed": entry.reference(entry.data["seed"], seeds, "seed"),
            "position": position,
        })


def _question_key(text: str) -> str:
    """Questions differing only in case, spacing or end punctuation are the same question."""
    return normalise_phrase(text).rstrip("?.! ")


def _dedupe(values: Iterable[str], key, exclude: str = "") -> List[str]:
    seen = {key(exclude)} if exclude else set()
    kept = []
    for value in values:
        if key(value) not in seen:
            seen.add(key(value))
            kept.append(value)
    return kept


def _read_comparison(bundle: SourceBundle, raw) -> None:
    seeds = _seed_ids(bundle)
    for position, entry in enumerate(_entries(raw, "comparison.yml", "rows", "comparison row"), 1):
        entry.check_keys(["id", "aspect", "bpo", "kpo", "seed"])
        bundle.comparison.append({
            "id": entry.id, "position": position, "aspect": entry.text("aspect"),
            "bpo": entry.text("bpo"), "kpo": entry.text("kpo"),
            "seed": entry.reference(entry.data["seed"], seeds, "seed"),
        })


# ---------------------------------------------------------------------------------------
# Role short forms (used for the role_type lookup table and by the catalog)


_TRACK_SUFFIX = re.compile(r"\s+(bpo|kpo)$")
_ABBREVIATION = re.compile(r"\s*\(([^)]+)\)\s*")


def role_short_forms(name: str) -> Tuple[str, ...]:
    """Shorter ways people name a role type, derived from its name.

    "Legal Process Outsourcing (LPO)" -> legal process outsourcing, lpo;
    "Customer Support BPO" -> customer support; "Data Entry and Processing BPO" ->
    data entry and processing, data entry. Single words are left out: "sales" or
    "healthcare" alone say too little to name a role type.
    """
    full = normalise_phrase(name)
    forms: List[str] = []

    def add(phrase: str) -> None:
        phrase = normalise_phrase(phrase)
        if phrase and phrase != full and phrase not in forms:
            forms.append(phrase)

    bases = [full]
    abbreviation = _ABBREVIATION.search(full)
    if abbreviation:
        short, rest = abbreviation.group(1), full[abbreviation.end():]
        without = normalise_phrase(full[: abbreviation.start()] + " " + rest)
        add(without)  # "human resource bpo"
        add(f"{short} {rest}")  # "hr bpo"
        if len(short) >= 3:
            add(short)  # "lpo"; two letters ("hr", "ip") alone are too ambiguous
        bases = [without]  # the bracketed form itself is not how anyone types it
    for base in bases:
        stem = _TRACK_SUFFIX.sub("", base)
        if stem != base and " " in stem:
            add(stem)  # "customer support"
        for part in stem.split(" and "):
            if part != stem and " " in part.strip():
                add(part)  # "data entry", "market research"
        if "-" in base:
            add(base.replace("-", " "))  # "non voice bpo"
    return tuple(forms)


# ---------------------------------------------------------------------------------------
# Loading


@dataclass
class LoadReport:
    fingerprint: str
    loaded: bool  # False: the database already held these sources
    roles_per_track: Dict[str, int]
    skills: int
    courses: int
    faqs: int
    seconds: float = 0.0

    @classmethod
    def of(cls, bundle: SourceBundle, loaded: bool, seconds: float = 0.0) -> "LoadReport":
        return cls(
            fingerprint=bundle.fingerprint, loaded=loaded,
            roles_per_track=bundle.roles_per_track(), skills=len(bundle.skills),
            courses=len(bundle.courses), faqs=len(bundle.faqs), seconds=seconds,
        )

    def summary(self) -> str:
        roles = " + ".join(f"{count} {track}" for track, count in self.roles_per_track.items())
        counts = f"{roles} roles, {self.skills} skills, {self.courses} courses, {self.faqs} FAQs"
        if not self.loaded:
            return f"knowledge base up to date ({counts})"
        return f"knowledge base loaded: {counts}, took {self.seconds:.2f}s"


def _kb_tables_in_dependency_order():
    kb_names = {table.name for table in models.KB_TABLES}
    return [table for table in models.Base.metadata.sorted_tables if table.name in kb_names]


def _rows(bundle: SourceBundle) -> Dict[str, List[dict]]:
    """Every KB table's rows, keyed by table name."""
    rows: Dict[str, List[dict]] = {table.name: [] for table in models.KB_TABLES}
    for track in bundle.tracks:
        rows["track"].append({key: track[key] for key in (
            "id", "name", "summary", "education_summary", "salary_level", "growth_speed",
            "salary_growth", "job_stability", "long_term_scope", "skill_focus")})
        rows["track_point"] += [
            {"track_id": track["id"], "kind": point["kind"], "position": point["position"], "title": point["title"], "text": point["text"]}
            for point in track["points"]
        ]
        rows["track_promotion_step"] += [
            {"track_id": track["id"], "position": position, "title": title}
            for position, title in enumerate(track["promotion_path"], 1)
        ]
    rows["category"] = [
        {"id": c["id"], "track_id": c["track"], "name": c["name"], "kind": c["kind"], "position": c["position"]}
        for c in bundle.categories
    ]
    for skill in bundle.skills:
        rows["skill"].append({key: skill[key] for key in (
            "id", "name", "group", "description", "position", "in_bpo_seed_list", "in_kpo_seed_list")})
        rows["skill_synonym"] += [{"skill_id": skill["id"], "phrase": p} for p in skill["synonyms"]]
    for level in bundle.levels:
        rows["education_level"].append({key: level[key] for key in ("id", "name", "ordinal")})
        rows["education_level_synonym"] += [{"level_id": level["id"], "phrase": p} for p in level["synonyms"]]
    for field_ in bundle.fields:
        rows["field"].append({key: field_[key] for key in ("id", "name", "position")})
        rows["field_synonym"] += [{"field_id": field_["id"], "phrase": p} for p in field_["synonyms"]]
    for degree in bundle.degrees:
        rows["degree"].append({"id": degree["id"], "name": degree["name"], "level_id": degree["level"],
                               "field_id": degree["field"], "position": degree["position"]})
        rows["degree_synonym"] += [{"degree_id": degree["id"], "phrase": p} for p in degree["synonyms"]]
    for goal in bundle.goals:
        rows["goal"].append({"id": goal["id"], "name": goal["name"], "description": goal["description"],
                             "favours_track": goal["favours"], "position": goal["position"]})
        rows["goal_synonym"] += [{"goal_id": goal["id"], "phrase": p} for p in goal["synonyms"]]
    for preference in bundle.preferences:
        rows["preference"].append({key: preference[key] for key in ("id", "name", "position")})
        rows["preference_synonym"] += [
            {"preference_id": preference["id"], "phrase": p} for p in preference["synonyms"]
        ]
    for role in bundle.roles:
        rows["role_type"].append(_role_row(role))
        rows["role_field"] += [{"role_id": role["id"], "field_id": f} for f in role["fields"]]
        rows["role_skill"] += [
            {"role_id": role["id"], "skill_id": s["skill"], "position": s["position"],
             "weight": s["weight"], "essential": s["essential"]}
            for s in role["skills"]
        ]
        rows["entry_role"] += [
            {"role_id": role["id"], "position": position, "title": title}
            for position, title in enumerate(role["entry_roles"], 1)
        ]
        rows["growth_step"] += [
            {"role_id": role["id"], "position": step["position"], "title": step["title"],
             "typical_years": step["years"]}
            for step in role["growth_path"]
        ]
    rows["training_course"] = [
        {**{key: course[key] for key in (
            "id", "title", "description", "kind", "provider", "duration_weeks", "mode",
            "certification", "source", "position")}, "skill_id": course["skill"]}
        for course in bundle.courses
    ]
    for faq in bundle.faqs:
        rows["faq"].append({key: faq[key] for key in ("id", "topic", "question", "answer", "seed", "position")})
        rows["faq_paraphrase"] += [{"faq_id": faq["id"], "text": text} for text in faq["paraphrases"]]
    rows["comparison_row"] = [dict(row) for row in bundle.comparison]
    rows["kb_meta"] = [{"key": FINGERPRINT_KEY, "value": bundle.fingerprint}]
    return rows


# table -> the source file its rows come from, for error messages
_TABLE_SOURCES = {
    "track": "tracks.yml", "track_point": "tracks.yml", "track_promotion_step": "tracks.yml",
    "category": "categories.yml", "skill": "skills.yml", "skill_synonym": "skills.yml",
    "education_level": "education.yml", "education_level_synonym": "education.yml",
    "field": "education.yml", "field_synonym": "education.yml", "degree": "education.yml",
    "degree_synonym": "education.yml", "goal": "goals.yml", "goal_synonym": "goals.yml",
    "preference": "goals.yml", "preference_synonym": "goals.yml", "role_type": "roles.yml",
    "role_field": "roles.yml", "role_skill": "roles.yml", "entry_role": "roles.yml",
    "growth_step": "roles.yml", "training_course": "training.yml", "faq": "faq.yml",
    "faq_paraphrase": "faq.yml", "comparison_row": "comparison.yml", "kb_meta": "(fingerprint)",
}


def _check_lengths(bundle: SourceBundle) -> None:
    """SQLite ignores VARCHAR lengths and PostgreSQL enforces them: check here, for both."""
    for table_name, rows in _rows(bundle).items():
        table = models.Base.metadata.tables[table_name]
        limits = {c.name: c.type.length for c in table.columns if getattr(c.type, "length", None)}
        for row in rows:
            for column, limit in limits.items():
                value = row.get(column)
                if isinstance(value, str) and len(value) > limit:
                    owner = next((row[k] for k in ("id", "role_id", "skill_id", "track_id", "faq_id",
                                                    "level_id", "field_id", "degree_id", "goal_id",
                                                    "preference_id") if k in row), "?")
                    raise SourceError(
                        f"{_TABLE_SOURCES[table_name]}: {table_name} '{owner}': '{column}' is "
                        f"{len(value)} characters, the database allows {limit}: {value[:40]!r}..."
                    )


def _role_row(role: dict) -> dict:
    return {
        "id": role["id"], "name": role["name"], "track_id": role["track"],
        "category_id": role["category"], "position": role["position"],
        "description": role["description"], "min_education_id": role["min_education"],
        "preferred_education_id": role["preferred_education"], "any_field": role["any_field"],
        "voice": role["voice"], "customer_facing": role["customer_facing"],
        "shifts": role["shifts"], "part_time_possible": role["part_time"],
        "growth_speed": role["growth_speed"], "salary_level": role["salary_level"],
        "growth_note": role["growth_note"], "suits_goals": ",".join(role["suits_goals"]),
        "sources": ",".join(role["sources"]),
    }


def load_sources(session: Session, bundle: SourceBundle) -> LoadReport:
    """Replace the knowledge-base tables' content with ``bundle``.

    Runs inside the caller's transaction (``session_scope`` commits), so readers see
    either the old or the new knowledge base, never a mix. Only KB tables are touched.
    """
    started = time.perf_counter()
    tables = _kb_tables_in_dependency_order()
    for table in reversed(tables):
        session.execute(delete(table))
    rows = _rows(bundle)
    for table in tables:
        if rows[table.name]:
            session.execute(insert(table), rows[table.name])
    session.flush()
    return LoadReport.of(bundle, loaded=True, seconds=time.perf_counter() - started)


def stored_fingerprint(session: Session) -> Optional[str]:
    return session.execute(
        select(models.KnowledgeBaseMeta.value).where(models.KnowledgeBaseMeta.key == FINGERPRINT_KEY)
    ).scalar_one_or_none()


def upgrade_schema(url: str) -> None:
    """``alembic upgrade head`` on ``url``, in-process."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.attributes["configure_logging"] = False  # keep the host process's logging
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _take_write_lock(session: Session) -> None:
    """Serialise concurrent loaders, so a second one sees the first one's fingerprint."""
    if session.bind.dialect.name == "postgresql":
        session.execute(select(_pg_advisory_lock()))
    else:  # SQLite: the first write of a transaction takes the database's write lock
        session.execute(
            update(models.KnowledgeBaseMeta)
            .where(models.KnowledgeBaseMeta.key == FINGERPRINT_KEY)
            .values(value=models.KnowledgeBaseMeta.value)
        )


def _pg_advisory_lock():
    from sqlalchemy import func

    return func.pg_advisory_xact_lock(0x4B42)  # "KB"


def build_database(url: Optional[str] = None, directory: Optional[Path] = None) -> LoadReport:
    """Bring the schema to head, then load the sources unless the DB already holds them."""
    started = time.perf_counter()
    url = url or database_url()
    bundle = read_sources(directory or SOURCES_DIR)  # a broken source never touches the database
    upgrade_schema(url)
    with session_scope(url) as session:
        if stored_fingerprint(session) == bundle.fingerprint:
            return LoadReport.of(bundle, loaded=False, seconds=time.perf_counter() - started)
    with session_scope(url) as session:
        _take_write_lock(session)
        if stored_fingerprint(session) == bundle.fingerprint:  # another process just loaded it
            return LoadReport.of(bundle, loaded=False, seconds=time.perf_counter() - started)
        load_sources(session, bundle)
    from .repository import clear_catalog_cache  # late: repository imports this module

    clear_catalog_cache(url)
    return LoadReport.of(bundle, loaded=True, seconds=time.perf_counter() - started)
