"""A :class:`SourceBundle` as the rows of the knowledge-base tables.

The schema dataclasses name their fields after the columns, so a row is the dataclass's
column fields (:func:`row_of`); child lists of plain values (synonyms, field ids,
paraphrases) become one row each, keyed by their owner's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from sqlalchemy import Integer

from . import models
from .fingerprint import FINGERPRINT_KEY
from .schema import SourceBundle

Rows = dict[str, list[dict]]


def _is_generated_key(column) -> bool:
    """An integer ``id`` the database numbers itself (synonym, point and step rows)."""
    return column.primary_key and column.name == "id" and isinstance(column.type, Integer)


def row_of(table_name: str, item: Any) -> dict:
    """``item``'s values for every column of ``table_name``; a missing column is a bug."""
    names = {field.name for field in fields(item)}
    row = {}
    for column in models.Base.metadata.tables[table_name].columns:
        if column.name in names:
            value = getattr(item, column.name)
            row[column.name] = ",".join(value) if isinstance(value, tuple) else value
        elif not _is_generated_key(column):
            raise TypeError(
                f"{type(item).__name__} has no field for column {table_name}.{column.name}"
            )
    return row


def _values(owner_column: str, owner_id: str, column: str, values: Iterable[str]) -> list[dict]:
    return [{owner_column: owner_id, column: value} for value in values]


def table_rows(bundle: SourceBundle) -> Rows:
    """Every KB table's rows, keyed by table name."""
    rows: Rows = {table.name: [] for table in models.KB_TABLES}

    def add(table_name: str, items: Iterable[Any]) -> None:
        rows[table_name].extend(row_of(table_name, item) for item in items)

    for track in bundle.tracks:
        add("track", [track])
        add("track_point", track.points)
        add("track_promotion_step", track.promotion_steps)
    add("category", bundle.categories)
    for skill in bundle.skills:
        add("skill", [skill])
        rows["skill_synonym"] += _values("skill_id", skill.id, "phrase", skill.synonyms)
        add("skill_activity", skill.activities)
    for level in bundle.levels:
        add("education_level", [level])
        rows["education_level_synonym"] += _values("level_id", level.id, "phrase", level.synonyms)
    for field_ in bundle.fields:
        add("field", [field_])
        rows["field_synonym"] += _values("field_id", field_.id, "phrase", field_.synonyms)
    for degree in bundle.degrees:
        add("degree", [degree])
        rows["degree_synonym"] += _values("degree_id", degree.id, "phrase", degree.synonyms)
    for goal in bundle.goals:
        add("goal", [goal])
        rows["goal_synonym"] += _values("goal_id", goal.id, "phrase", goal.synonyms)
    for preference in bundle.preferences:
        add("preference", [preference])
        rows["preference_synonym"] += _values(
            "preference_id", preference.id, "phrase", preference.synonyms
        )
    for interest in bundle.interests:
        add("interest", [interest])
        rows["interest_synonym"] += _values("interest_id", interest.id, "phrase", interest.synonyms)
        add("role_interest", interest.roles)
    for role in bundle.roles:
        add("role_type", [role])
        rows["role_field"] += _values("role_id", role.id, "field_id", role.fields)
        add("role_skill", role.skills)
        add("entry_role", role.entry_roles)
        add("role_alias", role.aliases)
        add("growth_step", role.growth_path)
    add("training_course", bundle.courses)
    for faq in bundle.faqs:
        add("faq", [faq])
        rows["faq_paraphrase"] += _values("faq_id", faq.id, "text", faq.paraphrases)
    add("comparison_row", bundle.comparison)
    add("kb_translation", bundle.translations)
    rows["kb_meta"] = [{"key": FINGERPRINT_KEY, "value": bundle.fingerprint}]
    return rows
