"""Small wording helpers shared by the advisor's explanations and renderers (their words
come from the message catalog, careerpath/wording)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.profiling.describe import EducationSummary, education_of, lower_first
from careerpath.wording import text

__all__ = [
    "as_sentence",
    "course_text",
    "join_words",
    "level_as_goal",
    "level_name",
    "lower_first",
    "person_education",
]

# Levels said another way in "finish <level>" (explain.level_goal.<id>); the others use their
# catalog name.
LEVELS_AS_GOAL = ("graduate", "postgraduate", "professional")


def join_words(items: Sequence[str], last: str = "and") -> str:
    """'a, b and c' (or 'a, b or c' with ``last="or"``); empty items are left out."""
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = text("phrasing.or") if last == "or" else text("phrasing.and")
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def as_sentence(text: str) -> str:
    """``text`` stripped and ending with a full stop (unless it already ends a sentence): a
    Hindi sentence with its own, the danda "।", never "।." ."""
    text = text.strip()
    if text.endswith((".", "!", "?", "।")):
        return text
    return text + ("।" if re.search("[\u0900-\u097f]\\W*$", text) else ".")


def level_name(level_id: str, catalog: Catalog) -> str:
    return catalog.levels[level_id].name


def level_as_goal(level_id: str, catalog: Catalog) -> str:
    """'12th pass', 'a diploma', 'a graduate degree' - what someone would go and complete."""
    if level_id in LEVELS_AS_GOAL:
        return text(f"explain.level_goal.{level_id}")
    name = level_name(level_id, catalog)
    return name if name[:1].isdigit() else text("explain.level_goal_named", level=name.lower())


def person_education(person: Any, catalog: Catalog) -> EducationSummary:
    """The advisor's Person (level, degree, field, pursuing) in the catalog's words."""
    return education_of(catalog, person.level, person.degree, person.field, person.pursuing)


def course_text(course: dict[str, Any]) -> str:
    """ "Tally Prime course (Academy, 6 weeks, online, certificate: Tally)" from a course dict
    (``Recommendation.training``); the renderers and the reports all use this one."""
    details = [
        course.get("provider")
        or (text("explain.academy_course") if course.get("kind") == "academy" else "")
    ]
    if course.get("duration_weeks"):
        details.append(text("explain.weeks", weeks=course["duration_weeks"]))
    if course.get("mode"):
        details.append(str(course["mode"]))
    if course.get("certification"):
        details.append(text("explain.certificate", name=course["certification"]))
    extra = ", ".join(detail for detail in details if detail)
    return f"{course['title']} ({extra})" if extra else str(course["title"])
