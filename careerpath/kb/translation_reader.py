"""Reads the knowledge base's other languages: overlay files beside the English sources.

``sources/hi/roles.yml`` holds the Hindi texts of ``sources/roles.yml``, keyed by the
English entries' ids, like a gettext catalog beside its source: the English files stay
the one place for facts, ids and references, and the overlay only says them in Hindi::

    roles:
      customer_support_bpo:
        name: कस्टमर सपोर्ट BPO
        description: ...
        entry_roles: [Customer Support Executive, Chat Support Associate]   # same length
        growth_path: [Customer Support Executive, Team Leader]              # titles only

An entry that stays English on purpose says why instead (``english_only: true`` and
``reason: ...``). Every English entry needs its translation and every overlay entry needs
its English one: a missing text, a missing entry and a stale one are errors naming the
file and the entry, so a catalog lookup in Hindi never has to fall back to English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import schema as s
from .phrases import question_key
from .validation import SourceError

ENGLISH_ONLY = "english_only"
_DEVANAGARI = re.compile("[\u0900-\u097f]")

# field -> English text; list items as "name.N" (from 1), track points as "name.N.title"
Texts = dict[str, str]


@dataclass(frozen=True)
class Overlay:
    """What one top-level mapping of an overlay file translates."""

    file: str  # the English file's name
    key: str  # its top-level list: roles, levels, faqs ...
    kind: str  # Translation.kind
    label: str  # for messages: "role 'x' has no Hindi description"
    english: Callable[[s.SourceBundle], dict[str, Texts]]
    free_lists: tuple[str, ...] = ()  # lists of any length (FAQ paraphrases), at least one


def _numbered(name: str, values: Iterable[str]) -> Texts:
    return {f"{name}.{number}": value for number, value in enumerate(values, 1)}


def _track_texts(track: s.Track) -> Texts:
    texts = {
        "name": track.name,
        "summary": track.summary,
        "education_summary": track.education_summary,
        "salary_growth": track.salary_growth,
        "job_stability": track.job_stability,
        "long_term_scope": track.long_term_scope,
        "skill_focus": track.skill_focus,
        **_numbered("promotion_path", (step.title for step in track.promotion_steps)),
    }
    for list_name, kind in s.TRACK_POINT_KINDS.items():
        for point in (point for point in track.points if point.kind == kind):
            texts[f"{list_name}.{point.position}.title"] = point.title
            texts[f"{list_name}.{point.position}.text"] = point.text
    return texts


def _role_texts(role: s.RoleType) -> Texts:
    return {
        "name": role.name,
        "description": role.description,
        "growth_note": role.growth_note,
        **_numbered("entry_roles", (entry.title for entry in role.entry_roles)),
        **_numbered("growth_path", (step.title for step in role.growth_path)),
    }


def _comparison_texts(row: s.ComparisonRow) -> Texts:
    return {
        "aspect": row.aspect,
        **{column: getattr(row, column) for column in s.per_track_columns()},
    }


OVERLAYS: tuple[Overlay, ...] = (
    Overlay(
        "tracks.yml",
        "tracks",
        "track",
        "track",
        lambda b: {t.id: _track_texts(t) for t in b.tracks},
    ),
    Overlay(
        "categories.yml",
        "categories",
        "category",
        "category",
        lambda b: {c.id: {"name": c.name} for c in b.categories},
    ),
    Overlay(
        "skills.yml",
        "skills",
        "skill",
        "skill",
        lambda b: {k.id: {"name": k.name, "description": k.description} for k in b.skills},
    ),
    Overlay(
        "education.yml",
        "levels",
        "level",
        "level",
        lambda b: {x.id: {"name": x.name} for x in b.levels},
    ),
    Overlay(
        "education.yml",
        "fields",
        "field",
        "field",
        lambda b: {x.id: {"name": x.name} for x in b.fields},
    ),
    Overlay(
        "education.yml",
        "degrees",
        "degree",
        "degree",
        lambda b: {x.id: {"name": x.name} for x in b.degrees},
    ),
    Overlay(
        "goals.yml",
        "goals",
        "goal",
        "goal",
        lambda b: {g.id: {"name": g.name, "description": g.description} for g in b.goals},
    ),
    Overlay(
        "goals.yml",
        "preferences",
        "preference",
        "preference",
        lambda b: {p.id: {"name": p.name} for p in b.preferences},
    ),
    Overlay(
        "interests.yml",
        "interests",
        "interest",
        "interest",
        lambda b: {i.id: {"name": i.name, "description": i.description} for i in b.interests},
    ),
    Overlay(
        "roles.yml",
        "roles",
        "role",
        "role",
        lambda b: {r.id: _role_texts(r) for r in b.roles},
    ),
    Overlay(
        "training.yml",
        "courses",
        "course",
        "course",
        lambda b: {c.id: {"title": c.title, "description": c.description} for c in b.courses},
    ),
    Overlay(
        "faq.yml",
        "faqs",
        "faq",
        "faq",
        lambda b: {f.id: {"question": f.question, "answer": f.answer} for f in b.faqs},
        free_lists=("paraphrases",),
    ),
    Overlay(
        "comparison.yml",
        "rows",
        "comparison",
        "comparison row",
        lambda b: {r.id: _comparison_texts(r) for r in b.comparison},
    ),
)


def translation_files(language: str) -> list[str]:
    """The overlay files of ``language``, as paths relative to the sources directory."""
    return [f"{language}/{name}" for name in s.TRANSLATED_FILES]


def read_translations(directory: Path, bundle: s.SourceBundle) -> tuple[s.Translation, ...]:
    """Every language's overlay texts, checked against the English ``bundle``."""
    rows: list[s.Translation] = []
    for language, language_name in s.TRANSLATION_LANGUAGES.items():
        documents = {
            name: _read_overlay(directory, f"{language}/{name}") for name in s.TRANSLATED_FILES
        }
        reader = _LanguageReader(language, language_name)
        for overlay in OVERLAYS:
            rows += reader.read(overlay, documents[overlay.file], overlay.english(bundle))
        reader.check_faq_questions(bundle)
    return tuple(rows)


def _read_overlay(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    if not path.exists():
        raise SourceError(f"{name}: file is missing from {directory}")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise SourceError(f"{name}: not valid YAML: {problem}") from None
    english = name.split("/", 1)[1]
    expected = s.TRANSLATED_FILES[english]
    if not isinstance(document, dict):
        raise SourceError(f"{name}: expected a mapping with {', '.join(expected)}")
    unknown = sorted(set(document) - set(expected), key=str)
    if unknown:
        raise SourceError(f"{name}: unknown top-level key '{unknown[0]}'")
    return document


class _LanguageReader:
    def __init__(self, language: str, language_name: str):
        self.language = language
        self.language_name = language_name
        self.faq_phrases: dict[tuple[str, str], tuple[str, ...]] = {}  # (id, where) -> phrases

    def read(
        self, overlay: Overlay, document: dict[str, Any], english: dict[str, Texts]
    ) -> list[s.Translation]:
        file = f"{self.language}/{overlay.file}"
        entries = document.get(overlay.key)
        if not isinstance(entries, dict):
            raise SourceError(
                f"{file}: '{overlay.key}' must be a mapping of {overlay.label} ids to texts"
            )
        for owner_id in entries:
            if owner_id not in english:
                raise SourceError(
                    f"{file}: {overlay.label} '{owner_id}' is not in {overlay.file} any more "
                    f"(a stale translation: remove it or fix the id)"
                )
        rows = []
        for owner_id, texts in english.items():
            if owner_id not in entries:
                raise SourceError(
                    f"{file}: {overlay.label} '{owner_id}' has no {self.language_name} translation"
                )
            where = f"{file}: {overlay.label} '{owner_id}'"
            for field, text in self._entry(where, overlay, entries[owner_id], texts).items():
                rows.append(s.Translation(self.language, overlay.kind, owner_id, field, text))
        return rows

    def _entry(self, where: str, overlay: Overlay, data: Any, english: Texts) -> Texts:
        if not isinstance(data, dict):
            raise SourceError(f"{where}: expected a mapping of texts, got {data!r}")
        if ENGLISH_ONLY in data:
            return {ENGLISH_ONLY: self._english_only_reason(where, data)}
        known = {field.split(".")[0] for field in english} | set(overlay.free_lists)
        unknown = sorted((str(key) for key in data if key not in known), key=str)
        if unknown:
            raise SourceError(
                f"{where}: unknown key '{unknown[0]}' (expected: {', '.join(sorted(known))}; "
                f"quote a text that holds a comma inside {{...}})"
            )
        free = {name: data.get(name) for name in overlay.free_lists}
        found = _flatten(where, {k: v for k, v in data.items() if k not in overlay.free_lists})
        for field in english:
            if field not in found:
                raise SourceError(f"{where} has no {self.language_name} {_spoken(field)}")
        extra = sorted(set(found) - set(english))
        if extra:
            raise SourceError(f"{where}: unexpected {_spoken(extra[0])} (not in English)")
        for name, value in free.items():
            # a paraphrase repeating the question adds nothing for the FAQ index
            found.update(self._free_list(where, name, value, besides=found.get("question")))
        if not any(_DEVANAGARI.search(text) for text in found.values()):
            raise SourceError(
                f"{where}: no {self.language_name} text at all; translate it, or mark it "
                f"'{ENGLISH_ONLY}: true' with a 'reason'"
            )
        if overlay.kind == "faq":
            self.faq_phrases[where.rsplit(" ", 1)[1].strip("'"), where] = (
                found["question"],
                *(text for field, text in found.items() if field.startswith("paraphrases.")),
            )
        return found

    def _english_only_reason(self, where: str, data: dict) -> str:
        reason = data.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise SourceError(f"{where}: '{ENGLISH_ONLY}' needs a 'reason'")
        if data.get(ENGLISH_ONLY) is not True or set(data) != {ENGLISH_ONLY, "reason"}:
            raise SourceError(
                f"{where}: an entry kept in English holds only '{ENGLISH_ONLY}: true' and 'reason'"
            )
        return reason.strip()

    def _free_list(self, where: str, name: str, value: Any, besides: str | None) -> Texts:
        if not isinstance(value, list) or not value:
            raise SourceError(
                f"{where} has no {self.language_name} {name} (a list of at least one)"
            )
        seen, kept = {question_key(besides or "")}, []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise SourceError(f"{where}: '{name}' holds {item!r}: every item must be text")
            if question_key(item) not in seen:
                seen.add(question_key(item))
                kept.append(item.strip())
        return _numbered(name, kept)

    def check_faq_questions(self, bundle: s.SourceBundle) -> None:
        """A question, in either language, leads to one FAQ only."""
        owner = {}
        for faq in bundle.faqs:
            for phrase in (faq.question, *faq.paraphrases):
                owner[question_key(phrase)] = faq.id
        for (faq_id, where), phrases in self.faq_phrases.items():
            for phrase in phrases:
                other = owner.setdefault(question_key(phrase), faq_id)
                if other != faq_id:
                    raise SourceError(
                        f"{where}: question '{phrase}' is also asked by faq '{other}'"
                    )


def _spoken(field: str) -> str:
    """``growth_path.2`` -> ``growth_path item 2``, for messages."""
    parts = field.split(".")
    if len(parts) == 1:
        return field
    spoken = f"{parts[0]} item {parts[1]}"
    return f"{spoken} {parts[2]}" if len(parts) == 3 else spoken


def _flatten(where: str, data: dict) -> Texts:
    texts: Texts = {}
    for name, value in data.items():
        if isinstance(value, list):
            for number, item in enumerate(value, 1):
                if isinstance(item, dict):
                    for part, text in item.items():
                        texts[f"{name}.{number}.{part}"] = _text(where, f"{name}.{number}", text)
                else:
                    texts[f"{name}.{number}"] = _text(where, name, item)
        else:
            texts[str(name)] = _text(where, str(name), value)
    return texts


def _text(where: str, field: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
        raise SourceError(f"{where}: '{field}' must be non-empty text, got {value!r}")
    return value.strip()
