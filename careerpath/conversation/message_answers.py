"""What one message answers, before the intake decides what to do with it: which of the
answers it fills, soft answers that name nothing in the knowledge base ("not sure", "no
preference", "skip"), a bare "no" read as an answer, and the answer a correction names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from careerpath.profiling.profile import Extraction
from careerpath.wording import text

from . import phrases
from .readback import SKIPPED  # a slot value the code checks, never shown as is

if TYPE_CHECKING:
    from .intake import Turn

SLOTS = ("education", "interests", "skills", "goals", "preferences", "experience")


# Words that name an answer in "change my skills" when NLU found no profile_field entity.
FIELD_WORDS = {
    "education": ("education", "qualification", "degree", "studies", "graduation", "padhai"),
    "skills": ("skill", "skills", "skillset"),
    "goals": ("goal", "goals", "aim", "target"),
    "interests": ("interest", "interests", "hobby", "hobbies"),
    "preferences": ("preference", "preferences", "shift", "shifts", "timing"),
    "experience": ("experience", "exp", "experiance"),
}


def interests_of(facts: Any) -> list[str]:
    return list(getattr(facts, "interests", None) or [])


def answered_slots(extraction: Extraction) -> list[str]:
    """The answers a message fills, in question order."""
    checks = {
        "education": extraction.has_education(),
        "skills": bool(extraction.skills) or extraction.no_skills,
        "goals": bool(extraction.goals),
        "interests": bool(interests_of(extraction)),
        "preferences": bool(extraction.preferences or extraction.avoided_preferences),
        "experience": extraction.experience_years is not None or extraction.fresher is not None,
    }
    return [slot for slot in SLOTS if checks[slot]]


def implied_by_no(turn: Turn, extraction: Extraction) -> Extraction:
    """A plain "no" answers "any skills?" and "any experience?"."""
    if turn.intent != "deny" or not extraction.is_empty():
        return extraction
    if turn.requested_slot == "skills":
        return Extraction(no_skills=True)
    if turn.requested_slot == "experience":
        return Extraction(fresher=True, experience_years=0.0)
    return extraction


def soft_answer(turn: Turn, extraction: Extraction) -> dict[str, str]:
    """Valid answers that name nothing in the knowledge base: "not sure", "no preference",
    "skip" to the open question, and "I don't know what I want" whatever is open."""
    slot, lowered, intent = turn.requested_slot, turn.lowered, turn.intent
    answered = answered_slots(extraction)
    soft: dict[str, str] = {}
    wants_unknown = phrases.does_not_know_what_they_want(lowered)
    if wants_unknown and "goals" not in answered and not turn.answers.get("goals"):
        soft["goals"] = text("value.not_sure")
    if slot is None or slot in answered or slot in soft:
        return soft
    # A bare "no" / "nahi" answers "not sure"; a longer message read as a denial says more.
    deny = intent == "deny" and len(lowered.split()) <= 3
    not_sure = phrases.is_not_sure(lowered)
    any_is_fine = phrases.has_no_preference(lowered)
    if phrases.says_skip(lowered):
        soft[slot] = SKIPPED
    elif slot == "goals" and (deny or not_sure):
        soft[slot] = text("value.not_sure")
    elif (slot == "goals" and any_is_fine) or (
        slot == "preferences" and (deny or not_sure or any_is_fine)
    ):
        soft[slot] = text("value.no_preference")
    elif slot == "interests" and (deny or not_sure):
        soft[slot] = text("value.not_sure")
    elif slot == "interests" and any_is_fine:
        soft[slot] = text("value.no_preference")
    elif slot == "skills" and (not_sure or any_is_fine):
        soft[slot] = text("value.not_sure")
    elif slot in ("education", "experience") and (not_sure or any_is_fine):
        soft[slot] = SKIPPED
    return soft


def named_field(text: str) -> str | None:
    words = set(re.findall(r"[a-z]+", text))
    for slot, names in FIELD_WORDS.items():
        if words.intersection(names):
            return slot
    return None
