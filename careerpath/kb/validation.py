"""The checks on the knowledge-base sources, and :class:`SourceError`, which names where.

Every message starts with the file and the entry ("roles.yml: role 'lpo': unknown skill
'x'"), so whoever edits the YAML can fix it without reading code. ``reader.py`` reads
each entry through an :class:`Entry`, whose typed accessors raise these errors; the
checks spanning several entries or files are the functions at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from . import models
from .phrases import lower_single_spaced
from .rows import table_rows
from .schema import SourceBundle, per_track_columns

_MISSING = object()
# file name -> top-level key -> the raw YAML list
RawSources = dict[str, dict[str, list[Any]]]


class SourceError(Exception):
    """A source file is missing, unreadable or inconsistent; the message says where."""


class Entry:
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
        self.given_id: str | None = raw_id if isinstance(raw_id, str) and raw_id.strip() else None

    @property
    def id(self) -> str:
        """The entry's id (``check_unique_ids`` rejects entries without one first)."""
        if self.given_id is None:
            raise self.error("missing 'id'")
        return self.given_id

    @property
    def where(self) -> str:
        name = f"'{self.given_id}'" if self.given_id else f"#{self.index + 1}"
        return f"{self.file}: {self.label} {name}"

    def error(self, message: str) -> SourceError:
        return SourceError(f"{self.where}: {message}")

    def part(self, data: Any, prefix: str) -> Entry:
        """A mapping inside this entry (``work_style``, one of ``skills``); errors name both."""
        child = Entry(self.file, self.label, data, self.index, prefix=prefix)
        child.given_id = self.given_id
        return child

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

    def nested(self, key: str) -> Entry:
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise self.error(f"'{self.prefix}{key}' must be a mapping, got {value!r}")
        return self.part(value, prefix=f"{self.prefix}{key}.")

    def _absent(self, key: str) -> bool:
        return self.data.get(key) is None

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
            hint = " (quote it)" if isinstance(value, (int, float)) else ""
            raise self.error(f"'{self.prefix}{key}' must be non-empty text, got {value!r}{hint}")
        return value.strip()

    def optional_text(self, key: str, required: bool = False) -> str | None:
        """:meth:`text`, or None when the key is absent or null and not ``required``."""
        return None if self._absent(key) and not required else self.text(key)

    def enum(self, key: str, allowed: Sequence[str]) -> str:
        value = self.data.get(key)
        if value not in allowed:
            raise self.error(
                f"'{self.prefix}{key}' is {value!r}; expected one of: {', '.join(allowed)}"
            )
        return str(value)

    def optional_enum(self, key: str, allowed: Sequence[str]) -> str | None:
        return None if self._absent(key) else self.enum(key, allowed)

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.error(f"'{self.prefix}{key}' must be true or false, got {value!r}")
        return value

    def integer(self, key: str, minimum: int) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(
                f"'{self.prefix}{key}' must be a whole number >= {minimum}, got {value!r}"
            )
        return value

    def optional_integer(self, key: str, minimum: int) -> int | None:
        return None if self._absent(key) else self.integer(key, minimum)

    def items(self, key: str, allow_empty: bool = True) -> list:
        value = self.data.get(key, _MISSING)
        if value is None or value is _MISSING:
            value = []
        if not isinstance(value, list):
            raise self.error(f"'{self.prefix}{key}' must be a list, got {value!r}")
        if not value and not allow_empty:
            raise self.error(f"'{self.prefix}{key}' must not be empty")
        return value

    def text_list(self, key: str, allow_empty: bool = True) -> tuple[str, ...]:
        values = self.items(key, allow_empty)
        for value in values:
            if not isinstance(value, str) or not value.strip():
                hint = " (quote it)" if isinstance(value, (int, float)) else ""
                raise self.error(
                    f"'{self.prefix}{key}' holds {value!r}: every item must be text{hint}"
                )
        return tuple(value.strip() for value in values)

    def reference(self, value: Any, known: Iterable[str], kind: str) -> str:
        if not isinstance(value, str) or value not in known:
            raise self.error(f"unknown {kind} {value!r}")
        return value

    def references(
        self, key: str, known: Iterable[str], kind: str, allow_empty: bool = True
    ) -> tuple[str, ...]:
        return tuple(
            self.reference(value, known, kind) for value in self.text_list(key, allow_empty)
        )


def check_unique_ids(entries: list[Entry], file: str, label: str) -> None:
    seen = set()
    for entry in entries:
        if entry.given_id is None:
            raw = entry.data.get("id")
            hint = ' (quote ids such as "000")' if isinstance(raw, int) else ""
            raise entry.error(f"'id' must be non-empty text, got {raw!r}{hint}")
        if not re.fullmatch(r"[A-Za-z0-9_]+", entry.id):
            raise entry.error("ids use letters, digits and underscores only")
        if entry.id in seen:
            raise SourceError(f"{file}: duplicate {label} id '{entry.id}'")
        seen.add(entry.id)


def entries_of(raw: RawSources, file: str, key: str, label: str) -> list[Entry]:
    """The entries of list ``key`` in ``file``, each with a unique, well-formed id."""
    entries = [Entry(file, label, data, index) for index, data in enumerate(raw[file][key])]
    check_unique_ids(entries, file, label)
    return entries


class PhraseRegistry:
    """Synonyms of one kind (skills, degrees ...) must point at exactly one entry."""

    def __init__(self, label: str):
        self.label = label
        self.owner: dict[str, str] = {}

    def collect(self, entry: Entry, name: str, synonyms: Iterable[str]) -> tuple[str, ...]:
        phrases: list[str] = []
        for phrase in [name, *synonyms]:
            phrase = lower_single_spaced(phrase)
            if phrase in phrases:
                continue
            owner = self.owner.get(phrase)
            if owner is not None and owner != entry.id:
                raise entry.error(f"synonym '{phrase}' is also used by {self.label} '{owner}'")
            self.owner[phrase] = entry.id
            phrases.append(phrase)
        return tuple(phrases)


# ---------------------------------------------------------------------------------------
# Checks spanning several entries


def check_track_ids(entries: list[Entry]) -> None:
    """tracks.yml declares the tracks, which must be the ones the schema has columns for."""
    columns = per_track_columns()
    for entry in entries:
        if not re.fullmatch(r"[A-Z][A-Z0-9]*", entry.id):
            raise entry.error("track ids are upper-case letters and digits, e.g. BPO")
        if entry.id.lower() not in columns:
            raise entry.error(
                f"the database has no columns for this track (comparison_row.{entry.id.lower()},"
                f" skill.in_{entry.id.lower()}_seed_list); add them with a migration first"
            )
    declared = {entry.id.lower() for entry in entries}
    for column in columns:
        if column not in declared:
            raise SourceError(
                f"tracks.yml: no track '{column.upper()}', but the database holds its "
                f"comparison column and seed list"
            )


def check_role_names_unique(bundle: SourceBundle) -> None:
    first_with_name: dict[str, str] = {}
    for role in bundle.roles:
        owner = first_with_name.setdefault(lower_single_spaced(role.name), role.id)
        if owner != role.id:
            raise SourceError(
                f"roles.yml: role '{role.id}': name '{role.name}' is also used by role '{owner}'"
            )


# table -> the source file its rows come from, for error messages
_TABLE_SOURCES = {
    "track": "tracks.yml",
    "track_point": "tracks.yml",
    "track_promotion_step": "tracks.yml",
    "category": "categories.yml",
    "skill": "skills.yml",
    "skill_synonym": "skills.yml",
    "skill_activity": "skills.yml",
    "interest": "interests.yml",
    "interest_synonym": "interests.yml",
    "role_interest": "interests.yml",
    "education_level": "education.yml",
    "education_level_synonym": "education.yml",
    "field": "education.yml",
    "field_synonym": "education.yml",
    "degree": "education.yml",
    "degree_synonym": "education.yml",
    "goal": "goals.yml",
    "goal_synonym": "goals.yml",
    "preference": "goals.yml",
    "preference_synonym": "goals.yml",
    "role_type": "roles.yml",
    "role_field": "roles.yml",
    "role_skill": "roles.yml",
    "entry_role": "roles.yml",
    "role_alias": "roles.yml",
    "growth_step": "roles.yml",
    "training_course": "training.yml",
    "faq": "faq.yml",
    "faq_paraphrase": "faq.yml",
    "comparison_row": "comparison.yml",
    "kb_translation": "(translations)",
    "kb_meta": "(fingerprint)",
}
_OWNER_COLUMNS = (
    "id",
    "role_id",
    "skill_id",
    "track_id",
    "faq_id",
    "level_id",
    "field_id",
    "degree_id",
    "goal_id",
    "preference_id",
    "owner_id",
)


def check_column_lengths(bundle: SourceBundle) -> None:
    """SQLite ignores VARCHAR lengths and PostgreSQL enforces them: check here, for both."""
    for table_name, rows in table_rows(bundle).items():
        table = models.Base.metadata.tables[table_name]
        limits = {c.name: c.type.length for c in table.columns if getattr(c.type, "length", None)}
        for row in rows:
            for column, limit in limits.items():
                value = row.get(column)
                if isinstance(value, str) and len(value) > limit:
                    owner = next((row[key] for key in _OWNER_COLUMNS if key in row), "?")
                    raise SourceError(
                        f"{_TABLE_SOURCES[table_name]}: {table_name} '{owner}': '{column}' is "
                        f"{len(value)} characters, the database allows {limit}: {value[:40]!r}..."
                    )
