"""What one message said (:class:`Extraction`) and what we know about a person (:class:`Profile`).

Both are plain data: the extractor fills an ``Extraction`` per message, a conversation folds
them into a ``Profile`` with :meth:`Profile.merged`, and ``to_dict``/``from_dict`` carry a
profile through Rasa slots and the database as JSON.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from careerpath.profiling.describe import ProfileSummary, summarise

EDUCATION_FIELDS = ("education_level", "degree", "field", "pursuing")
LIST_FIELDS = ("skills", "goals", "preferences", "interests")


@dataclass
class _PersonFacts:
    """The facts about a person that a message can state and a profile accumulates."""

    education_level: str | None = None
    degree: str | None = None
    field: str | None = None
    pursuing: bool = False
    skills: list[str] = dataclasses.field(default_factory=list)
    no_skills: bool = False
    goals: list[str] = dataclasses.field(default_factory=list)
    preferences: list[str] = dataclasses.field(default_factory=list)
    interests: list[str] = dataclasses.field(default_factory=list)  # interests.yml ids
    experience_years: float | None = None
    fresher: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (only str, bool, float, None and lists of str)."""
        return {f.name: _copy(getattr(self, f.name)) for f in fields(self)}


@dataclass
class Extraction(_PersonFacts):
    """What ONE message said. Ids are knowledge-base ids; nothing is guessed."""

    unrecognised: list[str] = dataclasses.field(default_factory=list)
    # Additions beyond the contract:
    avoided_preferences: list[str] = dataclasses.field(
        default_factory=list
    )  # "no night shifts" with no opposite known
    in_progress: list[str] = dataclasses.field(
        default_factory=list
    )  # qualifications under way but not counted (CFA L1 next to an MBA)
    notes: list[str] = dataclasses.field(
        default_factory=list
    )  # plain-language remarks, e.g. the text was cut short
    truncated: bool = False

    def has_education(self) -> bool:
        return self.education_level is not None or self.degree is not None

    def is_empty(self) -> bool:
        """True when nothing was mapped onto the knowledge base (unrecognised phrases don't count).

        Interests are not counted: words such as "law" or "design" also name what a question
        is about ("what is legal process outsourcing"), so an interest alone does not make a
        message an answer; ``interests`` is still read and kept when the profile is merged."""
        return not (
            self.has_education()
            or self.field
            or self.skills
            or self.no_skills
            or self.goals
            or self.preferences
            or self.avoided_preferences
            or self.experience_years is not None
            or self.fresher is not None
        )


@dataclass
class Profile(_PersonFacts):
    """The whole person, accumulated over a conversation."""

    # ---- merging -------------------------------------------------------------------------
    def merged(self, extraction: Extraction, replace: Iterable[str] = ()) -> Profile:
        """A new profile with what ``extraction`` said folded in.

        Lists (skills, goals, preferences) are added to unless named in ``replace``; scalars are
        overwritten by any value the message carried, and set even to None when named in
        ``replace``. Education moves as one block: a message naming a degree or level replaces
        level, degree, field and "pursuing" together (the latest statement is the correction),
        while a message naming only a field updates just the field.
        """
        replace = (
            {"education_level", "degree", "field", "pursuing"}
            if "education" in set(replace)
            else set(replace)
        )
        result = _clone(self)
        self._merge_education(result, extraction, replace)
        self._merge_skills(result, extraction, replace)
        result.goals = _combined(self.goals, extraction.goals, "goals" in replace)
        result.preferences = _merged_preferences(
            self.preferences, extraction, "preferences" in replace
        )
        result.interests = _combined(self.interests, extraction.interests, "interests" in replace)
        if extraction.experience_years is not None or "experience_years" in replace:
            result.experience_years = extraction.experience_years
        if extraction.fresher is not None or "fresher" in replace:
            result.fresher = extraction.fresher
        return result

    @staticmethod
    def _merge_education(result: Profile, extraction: Extraction, replace: set) -> None:
        if extraction.has_education():
            for name in EDUCATION_FIELDS:
                setattr(result, name, getattr(extraction, name))
            return
        if extraction.field is not None or "field" in replace:
            result.field = extraction.field
        for name in ("education_level", "degree", "pursuing"):
            if name in replace:
                setattr(result, name, getattr(extraction, name))

    @staticmethod
    def _merge_skills(result: Profile, extraction: Extraction, replace: set) -> None:
        result.skills = _combined(result.skills, extraction.skills, "skills" in replace)
        if "skills" in replace or "no_skills" in replace:
            result.no_skills = extraction.no_skills and not result.skills
        elif result.skills:
            result.no_skills = False
        elif extraction.no_skills:
            result.no_skills = True

    # ---- storage (to_dict comes from _PersonFacts) ---------------------------------------
    @classmethod
    def from_dict(cls, data: Any) -> Profile:
        """Tolerant inverse of :meth:`to_dict`: unknown keys and malformed values are dropped."""
        if not isinstance(data, dict):
            return cls()
        profile = cls()
        for name in ("education_level", "degree", "field"):
            value = data.get(name)
            setattr(profile, name, value if isinstance(value, str) and value else None)
        for name in LIST_FIELDS:
            value = data.get(name)
            items = value if isinstance(value, (list, tuple)) else []
            setattr(
                profile, name, _unique(item for item in items if isinstance(item, str) and item)
            )
        profile.pursuing = data.get("pursuing") is True
        profile.no_skills = data.get("no_skills") is True and not profile.skills
        profile.experience_years = _years(data.get("experience_years"))
        fresher = data.get("fresher")
        profile.fresher = fresher if isinstance(fresher, bool) else None
        return profile

    def is_empty(self) -> bool:
        return self == Profile()

    # ---- presentation --------------------------------------------------------------------
    def summary(self, catalog) -> ProfileSummary:
        """The profile as catalog-worded parts (education, experience, skills, goals ...)."""
        return summarise(self, catalog)

    def describe(self, catalog) -> str:
        """One plain-language sentence, e.g.
        "B.Com graduate (commerce); skills: MS Excel, Tally; wants: a stable job"."""
        return summarise(self, catalog).sentence()


# ---- helpers ---------------------------------------------------------------------------------
def _clone(profile: Profile) -> Profile:
    return dataclasses.replace(
        profile,
        skills=list(profile.skills),
        goals=list(profile.goals),
        preferences=list(profile.preferences),
        interests=list(profile.interests),
    )


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _combined(old: list[str], new: list[str], replace_old: bool) -> list[str]:
    return _unique(new) if replace_old else _unique([*old, *new])


def exclusive_preferences(preference: str, others: Iterable[str]) -> list[str]:
    """Preferences that cannot hold together with ``preference``.

    Derived from the ids, not a hand list: ``x`` and ``non_x`` exclude each other, and so do
    ids sharing a last word (day_shift / night_shift, part_time / full_time).
    """
    base = preference[4:] if preference.startswith("non_") else preference
    last_word = preference.rsplit("_", 1)[-1] if "_" in preference else None
    result = []
    for other in others:
        if other == preference:
            continue
        other_base = other[4:] if other.startswith("non_") else other
        same_suffix = (
            last_word is not None and "_" in other and other.rsplit("_", 1)[-1] == last_word
        )
        if other_base == base or same_suffix:
            result.append(other)
    return result


# Words whose swap turns a preference into its opposite (language, not knowledge-base data).
_ANTONYMS = {
    "night": "day",
    "day": "night",
    "part": "full",
    "full": "part",
    "home": "office",
    "office": "home",
    "domestic": "international",
    "international": "domestic",
}


def opposite_preference(preference: str, known: Iterable[str]) -> str | None:
    """The preference that "not <preference>" means, if the ids make it clear: voice <-> non_voice,
    night_shift <-> day_shift, part_time <-> full_time. None when there is no clear opposite."""
    known = set(known)
    candidates = [preference[4:] if preference.startswith("non_") else "non_" + preference]
    words = preference.split("_")
    for index, word in enumerate(words):
        if word in _ANTONYMS:
            candidates.append("_".join([*words[:index], _ANTONYMS[word], *words[index + 1 :]]))
    for candidate in candidates:
        if candidate in known and candidate != preference:
            return candidate
    return None


def _merged_preferences(old: list[str], extraction: Extraction, replace_old: bool) -> list[str]:
    kept = [] if replace_old else [p for p in old if p not in extraction.avoided_preferences]
    for preference in extraction.preferences:
        clashing = set(exclusive_preferences(preference, kept))
        kept = [p for p in kept if p not in clashing]
        kept.append(preference)
    return _unique(kept)


def _years(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        years = float(value)
    except ValueError:
        return None
    return years if math.isfinite(years) and 0 <= years <= 60 else None
