"""How the work is done: attribute role types (Voice BPO, Offshore BPO ...) and preferences.

Attribute role types live in categories of kind "attribute" (categories.yml). Within one
category the roles differ in one work-style fact - customer-facing or not (front / back
office), voice or not (communication mode), day or night shifts (location) - so each is
found by that fact, never by its id. When two roles of a category share the fact (onshore
and nearshore both work days), the first in the catalog's order stands for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.wording import text

from ..catalog_views import FUNCTION_KIND

if TYPE_CHECKING:
    from ..scoring import Person

# The work-style facts that set attribute roles apart, tried in this order per category.
FACETS = ("customer_facing", "voice", "shifts")
Facet = tuple[str, Any]  # (fact, value), e.g. ("voice", "non_voice")
FRONT_OFFICE: Facet = ("customer_facing", True)
BACK_OFFICE: Facet = ("customer_facing", False)
VOICE: Facet = ("voice", "voice")
NON_VOICE: Facet = ("voice", "non_voice")
OFFSHORE: Facet = ("shifts", "night")  # serves clients abroad, around the clock
ONSHORE: Facet = ("shifts", "day")  # serves customers at home, in their daytime
# The voice modes a role's own ``voice`` value allows.
VOICE_MODES = {"voice": [VOICE], "non_voice": [NON_VOICE], "either": [VOICE, NON_VOICE]}
# Goal and preference ids that point to international (offshore) or domestic processes.
INTERNATIONAL_WISHES = ("night_shift", "global_exposure", "international_process")
DOMESTIC_WISHES = ("domestic_process",)


def attribute_roles(catalog: Catalog, track: str) -> dict[Facet, RoleInfo]:
    """The attribute role types of ``track``, keyed by the fact that sets each apart."""
    by_category: dict[str, list[RoleInfo]] = {}
    for role in catalog.roles.values():
        if role.category_kind != FUNCTION_KIND and role.track == track:
            by_category.setdefault(role.category_id, []).append(role)
    found: dict[Facet, RoleInfo] = {}
    for roles in by_category.values():
        facet = next(
            (name for name in FACETS if len({getattr(role, name) for role in roles}) > 1), None
        )
        if facet is None:
            continue
        for role in roles:
            found.setdefault((facet, getattr(role, facet)), role)
    return found


def _wants_international(person: Person) -> bool:
    return any(wish in INTERNATIONAL_WISHES for wish in person.preferences + person.goals)


def _wants_domestic(person: Person) -> bool:
    return any(wish in DOMESTIC_WISHES for wish in person.preferences)


def work_style(person: Person, role: RoleInfo, catalog: Catalog) -> dict[str, Any]:
    """The role's work-style facts, and the attribute processes that suit this person."""
    attributes = attribute_roles(catalog, role.track)
    processes: list[str] = []
    if attributes:
        office = FRONT_OFFICE if role.customer_facing else BACK_OFFICE
        if office in attributes:
            processes.append(attributes[office].name)
        modes = VOICE_MODES.get(role.voice, [])
        if "non_voice" in person.preferences:
            modes = [mode for mode in modes if mode == NON_VOICE] or modes
        elif "voice" in person.preferences:
            modes = [mode for mode in modes if mode == VOICE] or modes
        processes += [attributes[mode].name for mode in modes if mode in attributes]
        if _wants_international(person) and OFFSHORE in attributes:
            processes.append(attributes[OFFSHORE].name)
        if _wants_domestic(person) and ONSHORE in attributes:
            processes.append(attributes[ONSHORE].name)
    return {
        "voice": role.voice,
        "customer_facing": role.customer_facing,
        "shifts": role.shifts,
        "part_time_possible": role.part_time_possible,
        "processes": processes,
    }


def work_style_notes(person: Person, catalog: Catalog, tracks: Iterable[str]) -> list[str]:
    """How the person's stated preferences shaped the ranking, in plain words. ``tracks``:
    where to look for attribute role types (the entry track first)."""
    if person.is_empty:
        return []
    attributes: dict[Facet, RoleInfo] = {}
    for track in tracks:
        for facet, role in attribute_roles(catalog, track).items():
            attributes.setdefault(facet, role)
    notes: list[str] = []

    def called(facet: Facet, fallback: str) -> str:
        """The attribute role's name, or the catalog's word ``explain.process.<fallback>``."""
        return (
            attributes[facet].name if facet in attributes else text(f"explain.process.{fallback}")
        )

    if "non_voice" in person.preferences:
        notes.append(text("explain.note_non_voice", process=called(NON_VOICE, "non_voice")))
    if "voice" in person.preferences:
        notes.append(
            text(
                "explain.note_voice",
                voice=called(VOICE, "voice"),
                front_office=called(FRONT_OFFICE, "front_office"),
            )
        )
    if _wants_international(person):
        notes.append(text("explain.note_international", process=called(OFFSHORE, "offshore")))
    if _wants_domestic(person):
        notes.append(text("explain.note_domestic", process=called(ONSHORE, "onshore")))
    if "part_time" in person.preferences:
        notes.append(text("explain.note_part_time"))
    if "day_shift" in person.preferences:
        notes.append(text("explain.note_day_shift"))
    return notes
