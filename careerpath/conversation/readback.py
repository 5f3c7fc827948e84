"""How intake answers read back to the student: an answer slot's short value, the
acknowledgement of what a message said, and the user's own words when quoted.

Split from ``intake`` (which decides what a message changes) so each stays short.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.profiling.profile import Profile
from careerpath.wording import DEFAULT_LANGUAGE, current_language, plural, text

SKIPPED = "skipped"  # intake.SKIPPED: a slot value the code checks, never shown as is


ECHO_CHARS = 60  # user text repeated back: enough to recognise it, never a wall of it


def echo(words: str) -> str:
    """The user's own words as quoted in a reply, cut at ``ECHO_CHARS``."""
    words = " ".join(str(words).split())
    return words if len(words) <= ECHO_CHARS else words[: ECHO_CHARS - 1].rstrip() + "…"


def acknowledgement(slots: dict[str, str | None], corrected: bool) -> str:
    shown = {slot: value for slot, value in slots.items() if value and value != SKIPPED}
    if not shown:
        return text("intake.skipped" if SKIPPED in slots.values() else "intake.okay")
    if corrected:
        changes = [
            text("intake.now", field=text(f"field.{slot}"), value=echo(value))
            for slot, value in shown.items()
        ]
        return text("intake.updated", changes="; ".join(changes))
    if len(shown) == 1:
        return text("intake.got_it", value=echo(next(iter(shown.values()))))
    answers = [
        text("intake.answer", field=text(f"field.{slot}"), value=echo(value))
        for slot, value in shown.items()
    ]
    return text("intake.got_them", answers="; ".join(answers))


def shown_catalog(catalog: Catalog) -> Catalog:
    """``catalog`` with its names in the conversation's language: the student reads "MS Excel,
    टाइपिंग की स्पीड" in a Hindi conversation. Matching the student's words (and button
    payloads) keeps using the catalog the caller holds, whose names the extractor knows."""
    language = current_language()
    own = getattr(catalog, "language", DEFAULT_LANGUAGE)
    known = language == DEFAULT_LANGUAGE or language in (getattr(catalog, "translations", {}) or {})
    return catalog.localized(language) if language != own and known else catalog


def display(slot: str, profile: Profile, catalog: Catalog) -> str:
    """A short readable value for an answer slot, e.g. "B.Com (graduate, commerce)", with the
    knowledge base's names in the conversation's language."""
    catalog = shown_catalog(catalog)
    if slot == "education":
        return _education_text(profile, catalog)
    if slot == "skills":
        return _names(profile.skills, catalog.skills) if profile.skills else text("value.no_skills")
    if slot == "goals":
        return _names(profile.goals, catalog.goals) if profile.goals else text("value.not_sure")
    if slot == "interests":
        interests = interests_of(profile)
        return interest_names(interests, catalog) if interests else text("value.not_sure")
    if slot == "preferences":
        return (
            _names(profile.preferences, catalog.preferences)
            if profile.preferences
            else text("value.no_preference")
        )
    if slot == "experience":
        years = profile.experience_years
        if years:
            return plural("value.experience_years", years)
        return text("value.fresher")
    raise ValueError(f"unknown intake slot {slot!r}")


def shown_answers(
    answers: dict[str, str | None], profile: Profile, catalog: Catalog
) -> dict[str, str | None]:
    """The answers as the summary shows them, in the conversation's language: an answer the
    profile holds is named from the profile again (the student may have switched language
    since), a soft one ("not sure") stays as said, a skipped one reads "not given"."""
    shown: dict[str, str | None] = {}
    for slot, value in answers.items():
        if value == SKIPPED:
            shown[slot] = text("value.not_given")
        elif value is not None and slot in _FACTS and _FACTS[slot](profile):
            shown[slot] = display(slot, profile, catalog)
        else:
            shown[slot] = value
    return shown


# Whether the profile holds what an answer slot says (else the slot holds a soft answer).
_FACTS = {
    "education": lambda p: bool(p.education_level or p.degree or p.field),
    "skills": lambda p: bool(p.skills or p.no_skills),
    "goals": lambda p: bool(p.goals),
    "interests": lambda p: bool(interests_of(p)),
    "preferences": lambda p: bool(p.preferences),
    "experience": lambda p: p.experience_years is not None or p.fresher is not None,
}


def _education_text(profile: Profile, catalog: Catalog) -> str:
    """The library's one education phrase ("B.Com graduate (commerce)", "pursuing B.Tech ...")."""
    education = profile.summary(catalog).education
    return education.phrase() if education is not None else text("value.not_given")


def _names(ids: Iterable[str], table: dict[str, Any]) -> str:
    return ", ".join(_name(item, table) for item in ids)


def interest_names(interest_ids: Iterable[str], catalog: Catalog) -> str:
    """Interest ids as their names ("Writing, Working with numbers"), in the conversation's
    language."""
    return _names(interest_ids, _table(shown_catalog(catalog)))


def interests_of(facts: Any) -> list[str]:
    """A profile's or extraction's interests (an empty list where the field is absent)."""
    return list(getattr(facts, "interests", None) or [])


def _name(item_id: str, table: dict[str, Any]) -> str:
    info = table.get(item_id)
    return info.name if info is not None else item_id.replace("_", " ")


def _table(catalog: Catalog) -> dict[str, Any]:
    return getattr(catalog, "interests", None) or {}
