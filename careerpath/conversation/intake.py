"""The intake: what one message changes in the five answers (``questions`` asks for them).

``interpret`` is the brain of ``validate_profile_form``: given the profile so far, the open
question and the user's message, it says which of the five answers are now filled,
changed, skipped or cleared, the updated profile, what to say back, and how many times
the open question has failed. It never guesses: what the extractor cannot map onto the
knowledge base is reported back to the user, not stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence

from careerpath.kb.catalog import Catalog
from careerpath.profiling.profile import Extraction, Profile

from careerpath.wording import plural, text


SLOTS = ("education", "skills", "goals", "preferences", "experience")
SKIPPED = "skipped"  # a slot value the code checks, never shown as is

# Which Profile attributes each answer owns (what "change my <slot>" clears).
PROFILE_ATTRIBUTES = {
    "education": ("education",),  # Profile.merged treats "education" as the whole block
    "skills": ("skills", "no_skills"),
    "goals": ("goals",),
    "preferences": ("preferences",),
    "experience": ("experience_years", "fresher"),
}

# Words that name an answer in "change my skills" when NLU found no profile_field entity.
FIELD_WORDS = {
    "education": ("education", "qualification", "degree", "studies", "graduation", "padhai"),
    "skills": ("skill", "skills", "skillset"),
    "goals": ("goal", "goals", "aim", "target"),
    "preferences": ("preference", "preferences", "shift", "shifts", "timing"),
    "experience": ("experience", "exp", "experiance"),
}

# Conversational answers that are valid but carry no knowledge-base fact.
_NOT_SURE = re.compile(r"\b(not sure|no idea|don'?t know|dont know|pata nahi|confused|undecided)\b")
_NO_PREFERENCE = re.compile(
    r"\b(any|anything|no preference|doesn'?t matter|dont mind|don'?t mind|flexible|koi bhi|kuch bhi)\b"
)
_ADDITIVE = re.compile(r"\b(also|too|as well|add|bhi)\b")

# Intents whose message is an answer to the open question (or a command about it).
# out_of_scope counts as a failed answer: gibberish often lands there, and counting it is
# what brings up the buttons and Skip instead of an endless loop.
ANSWER_INTENTS = frozenset(
    {
        "inform",
        "affirm",
        "deny",
        "skip",
        "go_back",
        "correct_profile",
        "ask_career_advice",
        "nlu_fallback",
        "out_of_scope",
    }
)


@dataclass
class IntakeResult:
    """What one message did to the intake. ``slots`` only lists changed answers."""

    slots: Dict[str, Optional[str]] = field(default_factory=dict)
    profile: Dict[str, Any] = field(default_factory=dict)
    messages: List[str] = field(default_factory=list)
    failures: Optional[Dict[str, Any]] = None  # the failed_attempts slot's new value
    handled: bool = True  # False: not an answer; let the conversation rules respond


@dataclass
class Turn:
    """The inputs of one intake step, taken from the tracker by the Rasa action."""

    text: str
    intent: Optional[str]
    requested_slot: Optional[str]
    answers: Dict[str, Optional[str]]
    profile: Profile
    failures: Optional[Dict[str, Any]] = None
    profile_field: Optional[str] = None  # entity from "change my skills"

    @property
    def lowered(self) -> str:
        return " ".join(self.text.lower().split())


def interpret(turn: Turn, extraction: Extraction, catalog: Catalog) -> IntakeResult:
    """Decide what ``turn`` (whose text ``extraction`` describes) changes."""
    if turn.intent not in ANSWER_INTENTS and extraction.is_empty():
        return IntakeResult(handled=False)
    if turn.intent == "skip" and extraction.is_empty():
        return _skip(turn)
    if turn.intent == "go_back" and extraction.is_empty():
        return _go_back(turn, catalog)
    return _answer(turn, extraction, catalog)


# ---- the kinds of turn ---------------------------------------------------------------------
def _skip(turn: Turn) -> IntakeResult:
    slot = turn.requested_slot
    if slot is None:
        return IntakeResult(handled=False)
    return IntakeResult(
        slots={slot: SKIPPED}, profile=turn.profile.to_dict(), messages=[text("intake.skipped")]
    )


def _go_back(turn: Turn, catalog: Catalog) -> IntakeResult:
    return go_back(turn.requested_slot, turn.answers, turn.profile)


def go_back(
    current: Optional[str],
    answers: Dict[str, Optional[str]],
    profile: Profile,
    steps: Sequence[str] = SLOTS,
    name: Optional[Callable[[str], str]] = None,
) -> IntakeResult:
    """Reopens the answered step before ``current`` (the last answered one when no step is open):
    its answer and what it put in the profile are cleared, and ``current`` is asked again after it.

    The one "go back" of both modes: the student intake passes its five questions, guided mode
    all seven steps (with ``name`` saying how a step is called there)."""
    previous = previous_answer(current, answers, steps)
    if previous is None:
        return IntakeResult(
            slots={current or steps[0]: None},
            profile=profile.to_dict(),
            messages=[text("intake.first_question")],
        )
    if previous in PROFILE_ATTRIBUTES:
        profile = cleared(profile, previous)
    slots: Dict[str, Optional[str]] = {previous: None}
    if current:
        slots[current] = None
    message = name(previous) if name else text("intake.going_back", field=text(f"field.{previous}"))
    return IntakeResult(slots=slots, profile=profile.to_dict(), messages=[message], failures=None)


def _answer(turn: Turn, extraction: Extraction, catalog: Catalog) -> IntakeResult:
    extraction = _implied_by_no(turn, extraction)
    soft = _soft_answer(turn, extraction)
    filled = answered_slots(extraction)
    target_field = turn.profile_field or _named_field(turn.lowered)
    if turn.intent == "correct_profile" and not filled and not soft and target_field in SLOTS:
        return _reopen(turn, target_field)

    replace = _replaced_fields(turn, filled)
    profile = turn.profile.merged(extraction, replace=replace)
    slots: Dict[str, Optional[str]] = {slot: display(slot, profile, catalog) for slot in filled}
    for slot, value in soft.items():
        slots[slot] = value
    # An education block named only by its field ("I studied commerce") stays open until
    # we know the level, but the field is kept in the profile.
    partial_education = extraction.field and not extraction.has_education()
    if partial_education and turn.answers.get("education") not in (None, SKIPPED):
        slots["education"] = display("education", profile, catalog)

    messages = []
    if slots:
        messages.append(_acknowledgement(slots, corrected=bool(replace)))
    elif partial_education:
        messages.append(text("intake.got_it", value=display("education", profile, catalog)))
    requested = turn.requested_slot
    if requested and requested not in slots:
        if not slots and not partial_education:
            if (
                turn.intent == "ask_career_advice"
            ):  # "I want career advice": not an answer, no failure
                return IntakeResult(
                    slots={requested: None}, profile=profile.to_dict(), failures=turn.failures
                )
            return _failure(turn, extraction, profile)
        slots.setdefault(requested, None)  # keeps the form from rejecting; re-asks it
    requested_filled = requested is not None and slots.get(requested) is not None
    failures = None if requested_filled or requested is None else turn.failures
    return IntakeResult(
        slots=slots, profile=profile.to_dict(), messages=messages, failures=failures
    )


def _reopen(turn: Turn, slot: str) -> IntakeResult:
    profile = cleared(turn.profile, slot)
    slots = {slot: None}
    if turn.requested_slot and turn.requested_slot != slot:
        slots[turn.requested_slot] = turn.answers.get(turn.requested_slot)
    return IntakeResult(
        slots=slots,
        profile=profile.to_dict(),
        messages=[text("intake.update_field", field=text(f"field.{slot}"))],
    )


def _failure(turn: Turn, extraction: Extraction, profile: Profile) -> IntakeResult:
    slot = turn.requested_slot
    previous = turn.failures or {}
    count = previous.get("count", 0) + 1 if previous.get("slot") == slot else 1
    failures = {
        "slot": slot,
        "count": count,
        "unrecognised": list(extraction.unrecognised)[:3],
        "off_topic": turn.intent == "out_of_scope",
    }
    return IntakeResult(slots={slot: None}, profile=profile.to_dict(), failures=failures)


# ---- helpers -------------------------------------------------------------------------------
def answered_slots(extraction: Extraction) -> List[str]:
    """The answers a message fills, in question order."""
    checks = {
        "education": extraction.has_education(),
        "skills": bool(extraction.skills) or extraction.no_skills,
        "goals": bool(extraction.goals),
        "preferences": bool(extraction.preferences or extraction.avoided_preferences),
        "experience": extraction.experience_years is not None or extraction.fresher is not None,
    }
    return [slot for slot in SLOTS if checks[slot]]


def _implied_by_no(turn: Turn, extraction: Extraction) -> Extraction:
    """A plain "no" answers "any skills?" and "any experience?"."""
    if turn.intent != "deny" or not extraction.is_empty():
        return extraction
    if turn.requested_slot == "skills":
        return Extraction(no_skills=True)
    if turn.requested_slot == "experience":
        return Extraction(fresher=True, experience_years=0.0)
    return extraction


def _soft_answer(turn: Turn, extraction: Extraction) -> Dict[str, str]:
    """Valid answers to the open question that name nothing in the knowledge base."""
    slot, lowered, intent = turn.requested_slot, turn.lowered, turn.intent
    if slot is None or slot in answered_slots(extraction):
        return {}
    if slot == "goals" and (intent == "deny" or _NOT_SURE.search(lowered)):
        return {"goals": text("value.not_sure")}
    if slot == "preferences" and (intent == "deny" or _NO_PREFERENCE.search(lowered)):
        return {"preferences": text("value.no_preference")}
    return {}


def _named_field(text: str) -> Optional[str]:
    words = set(re.findall(r"[a-z]+", text))
    for slot, names in FIELD_WORDS.items():
        if words.intersection(names):
            return slot
    return None


def _replaced_fields(turn: Turn, filled: Sequence[str]) -> List[str]:
    """A correction replaces what it names; "I also know SQL" adds to it."""
    if turn.intent != "correct_profile" or _ADDITIVE.search(turn.lowered):
        return []
    return [attribute for slot in filled for attribute in PROFILE_ATTRIBUTES[slot]]


ECHO_CHARS = 60  # user text repeated back: enough to recognise it, never a wall of it


def echo(words: str) -> str:
    """The user's own words as quoted in a reply, cut at ``ECHO_CHARS``."""
    words = " ".join(str(words).split())
    return words if len(words) <= ECHO_CHARS else words[: ECHO_CHARS - 1].rstrip() + "…"


def _acknowledgement(slots: Dict[str, Optional[str]], corrected: bool) -> str:
    shown = {slot: value for slot, value in slots.items() if value}
    if not shown:
        return text("intake.okay")
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


def previous_answer(
    requested: Optional[str], answers: Dict[str, Optional[str]], steps: Sequence[str] = SLOTS
) -> Optional[str]:
    """The answered step just before ``requested`` (or the last one when none is open)."""
    end = steps.index(requested) if requested in steps else len(steps)
    for slot in reversed(steps[:end]):
        if answers.get(slot) is not None:
            return slot
    return None


def cleared(profile: Profile, slot: str) -> Profile:
    """``profile`` without what the answer ``slot`` said."""
    return profile.merged(Extraction(), replace=PROFILE_ATTRIBUTES[slot])


def display(slot: str, profile: Profile, catalog: Catalog) -> str:
    """A short readable value for an answer slot, e.g. "B.Com (graduate, commerce)"."""
    if slot == "education":
        return _education_text(profile, catalog)
    if slot == "skills":
        return _names(profile.skills, catalog.skills) if profile.skills else text("value.no_skills")
    if slot == "goals":
        return _names(profile.goals, catalog.goals) if profile.goals else text("value.not_sure")
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


def _education_text(profile: Profile, catalog: Catalog) -> str:
    """The library's one education phrase ("B.Com graduate (commerce)", "pursuing B.Tech ...")."""
    education = profile.summary(catalog).education
    return education.phrase() if education is not None else text("value.not_given")


def _names(ids: Iterable[str], table: Dict[str, Any]) -> str:
    return ", ".join(_name(item, table) for item in ids)


def _name(item_id: str, table: Dict[str, Any]) -> str:
    info = table.get(item_id)
    return info.name if info is not None else item_id.replace("_", " ")
