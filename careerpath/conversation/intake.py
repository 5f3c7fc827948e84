"""The intake: what one message changes in the five answers (``questions`` asks for them).

``interpret`` is the brain of ``validate_profile_form``: given the profile so far, the open
question and the user's message, it says which of the five answers are now filled,
changed, skipped or cleared, the updated profile, what to say back, and how many times
the open question has failed. It never guesses: what the extractor cannot map onto the
knowledge base is reported back to the user, not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.profiling.profile import Extraction, Profile
from careerpath.wording import text

from . import in_between, phrases
from .free_text import understood
from .in_between import after_question_in_between
from .message_answers import (
    SLOTS,
    answered_slots,
    implied_by_no,
    interests_of,
    named_field,
    soft_answer,
)
from .readback import (  # noqa: F401 - ECHO_CHARS, echo, SKIPPED: part of this module's interface
    ECHO_CHARS,
    SKIPPED,
    acknowledgement,
    display,
    echo,
    interest_names,
)

# A question is asked at most this often in a row; after as many misses the intake keeps what
# it understood and moves on (the answer can still be given or corrected later).
MAX_ASKS = 2
OPTIONAL_SLOTS = ("interests",)

# Which Profile attributes each answer owns (what "change my <slot>" clears).
PROFILE_ATTRIBUTES = {
    "education": ("education",),  # Profile.merged treats "education" as the whole block
    "skills": ("skills", "no_skills"),
    "goals": ("goals",),
    "interests": ("interests",),
    "preferences": ("preferences",),
    "experience": ("experience_years", "fresher"),
}

# Intents whose message is an answer to the open question (or a command about it).
# out_of_scope counts as a failed answer: gibberish often lands there, and counting it is
# what brings up the buttons and Skip, and then moves on, instead of an endless loop.
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
# Questions about careers. The classifier often files a described skill under them ("I repair
# laptops" as a role question), so inside the intake the extractor's result decides.
QUESTION_INTENTS = frozenset(
    {
        "ask_faq",
        "ask_role_details",
        "compare_tracks",
        "ask_what_to_learn",
        "ask_other_options",
        "ask_why_not_track",
    }
)


@dataclass
class IntakeResult:
    """What one message did to the intake. ``slots`` only lists changed answers."""

    slots: dict[str, str | None] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    failures: dict[str, Any] | None = None  # the failed_attempts slot's new value
    handled: bool = True  # False: not an answer; let the conversation rules respond
    # "I don't know what I want": besides finding out what they enjoy, a counselor is offered.
    offer_counselor: bool = False


@dataclass
class Turn:
    """The inputs of one intake step, taken from the tracker by the Rasa action."""

    text: str
    intent: str | None
    requested_slot: str | None
    answers: dict[str, str | None]
    profile: Profile
    failures: dict[str, Any] | None = None
    profile_field: str | None = None  # entity from "change my skills"
    names_role: bool = False  # NLU found a role type or track name in the message
    guided: bool = False  # a counselor runs the session: "the student's", not "your"

    @property
    def lowered(self) -> str:
        return phrases.plain(self.text)


def interpret(turn: Turn, extraction: Extraction, catalog: Catalog) -> IntakeResult:
    """Decide what ``turn`` (whose text ``extraction`` describes) changes."""
    if _is_interruption(turn, extraction):
        return IntakeResult(handled=False)
    if (turn.intent == "skip" or phrases.says_skip(turn.lowered)) and extraction.is_empty():
        return _skip(turn)
    if turn.intent == "go_back" and extraction.is_empty():
        return _go_back(turn, catalog)
    role_answer = in_between.role_question_answer(
        turn.text, turn.intent, understood(extraction), catalog
    )
    if role_answer is None:
        return _answer(turn, extraction, catalog)
    if not understood(extraction):
        # Only a question about a role ("paralegal work in india"): the answer; the open
        # question comes back after it as after any question in between (not a miss).
        failures = after_question_in_between(turn.requested_slot, turn.failures)
        moved_on = after_interruption(replace(turn, failures=failures), catalog)
        if moved_on is not None:
            moved_on.messages.insert(0, role_answer)
            return moved_on
        return IntakeResult(
            profile=turn.profile.to_dict(), messages=[role_answer], failures=failures
        )
    # "12th pass can do voice process?": the facts are kept and the question answered.
    result = _answer(turn, extraction, catalog, asked_something=True)
    result.messages.insert(0, role_answer)
    return result


def _is_interruption(turn: Turn, extraction: Extraction) -> bool:
    """Whether the message is not an answer (a question, a greeting, a command), so the
    conversation rules respond and the open question comes back after."""
    intent = turn.intent
    fills_open = turn.requested_slot in answered_slots(extraction)
    if intent in QUESTION_INTENTS:
        if phrases.looks_like_question(turn.lowered):
            return True
        if fills_open:
            return False
        # A named role is a question about it ("LPO salary"); anything else the student
        # tells us (facts, or words we cannot place) is taken as an answer attempt, so one
        # turn never gets both "which role?" and the open question.
        return turn.names_role and not understood(extraction)
    if intent == "nlu_fallback":
        # An unclassified question ("salary kitni milti hai usme") goes to the FAQ search.
        return (
            turn.requested_slot is not None
            and phrases.looks_like_question(turn.lowered)
            and not understood(extraction)
            and not phrases.is_not_sure(turn.lowered)
        )
    if intent not in ANSWER_INTENTS:
        return not understood(extraction)
    return False


def question_order(
    slots: Sequence[str], answers: dict[str, str | None], profile: Profile
) -> list[str]:
    """The order to ask ``slots`` in: as given, except that a student who does not know
    what they want (goals answered, but none named) is asked what they enjoy first."""
    ordered = list(slots)
    unsure = answers.get("goals") is not None and not profile.goals
    if unsure and "interests" in ordered and answers.get("interests") is None:
        ordered.remove("interests")
        ordered.insert(0, "interests")
    return ordered


def after_interruption(turn: Turn, catalog: Catalog) -> IntakeResult | None:
    """Back from answering a question asked in the middle of the intake: the open question
    comes again, unless it was already asked ``MAX_ASKS`` times in a row - then the intake
    keeps what it has and moves on (None: ask it again)."""
    failures, requested = turn.failures or {}, turn.requested_slot
    if requested is None or failures.get("slot") != requested:
        return None
    # Missed once, or two questions in between: a third ask in a row would follow.
    if failures.get("count", 0) < MAX_ASKS - 1 and failures.get("in_between", 0) < MAX_ASKS:
        return None
    return IntakeResult(
        slots={requested: value_so_far(requested, turn.profile, catalog)},
        profile=turn.profile.to_dict(),
        messages=[moving_on(turn)],
        failures=None,
    )


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
    current: str | None,
    answers: dict[str, str | None],
    profile: Profile,
    steps: Sequence[str] = SLOTS,
    name: Callable[[str], str] | None = None,
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
    slots: dict[str, str | None] = {previous: None}
    if current:
        slots[current] = None
    message = name(previous) if name else text("intake.going_back", field=text(f"field.{previous}"))
    return IntakeResult(slots=slots, profile=profile.to_dict(), messages=[message], failures=None)


def _answer(
    turn: Turn, extraction: Extraction, catalog: Catalog, asked_something: bool = False
) -> IntakeResult:
    extraction = implied_by_no(turn, extraction)
    soft = soft_answer(turn, extraction)
    filled = answered_slots(extraction)
    target_field = turn.profile_field or named_field(turn.lowered)
    if turn.intent == "correct_profile" and not filled and not soft and target_field in SLOTS:
        return _reopen(turn, target_field)

    replace = _replaced_fields(turn, filled)
    profile = turn.profile.merged(extraction, replace=replace)
    slots: dict[str, str | None] = {slot: display(slot, profile, catalog) for slot in filled}
    for slot, value in soft.items():
        slots[slot] = value
    # An education block named only by its field ("I studied commerce") stays open until
    # we know the level, but the field is kept in the profile.
    partial_education = extraction.field and not extraction.has_education()
    if partial_education and turn.answers.get("education") not in (None, SKIPPED):
        slots["education"] = display("education", profile, catalog)

    messages = []
    discovery = "goals" in soft and phrases.does_not_know_what_they_want(turn.lowered)
    if discovery:
        # Not knowing what you want is where guidance starts: no "Got it: not sure", and the
        # question about what they enjoy is the next one, even when it was the open one.
        messages.append(text("intake.discovery"))
        if turn.requested_slot == "interests" and slots.get("interests") == soft.get("interests"):
            slots.pop("interests", None)
    acknowledged = {
        slot: value for slot, value in slots.items() if not (discovery and slot == "goals")
    }
    if acknowledged:
        messages.append(acknowledgement(acknowledged, corrected=bool(replace)))
    elif partial_education:
        messages.append(text("intake.got_it", value=display("education", profile, catalog)))
    elif interests_of(extraction):
        enjoys = interest_names(interests_of(extraction), catalog)
        messages.append(text("intake.got_it", value=enjoys))
    if extraction.truncated:
        messages.append(text("intake.too_long"))
    requested = turn.requested_slot
    failures = None
    if requested and requested not in slots:
        told_other = bool(slots) or bool(partial_education) or bool(interests_of(extraction))
        if not told_other and turn.intent == "ask_career_advice":
            # "I want career advice": not an answer, no failure
            return IntakeResult(
                slots={requested: None}, profile=profile.to_dict(), failures=turn.failures
            )
        failures = _missed(turn, told_other)
        # What the student enjoys is a discovery question: when they answer something else
        # instead, we take that and do not insist (an interest can be named any time later).
        # Not after a question of theirs, though: it was answered, and this one comes again.
        optional = (
            requested in OPTIONAL_SLOTS and bool(slots) and not discovery and not asked_something
        )
        if failures["count"] >= MAX_ASKS or optional:
            # Asked twice and missed twice: keep what we have and move on.
            slots[requested] = value_so_far(requested, profile, catalog)
            messages.append(moving_on(turn))
            failures = None
        else:
            slots[requested] = None  # keeps the form from rejecting; asks it again
    return IntakeResult(
        slots=slots,
        profile=profile.to_dict(),
        messages=messages,
        failures=failures,
        offer_counselor=discovery,
    )


def _missed(turn: Turn, understood: bool) -> dict[str, Any]:
    """The failed_attempts value after the open question was not answered; ``understood``:
    the message told us other things (the question comes back without a "sorry")."""
    slot = turn.requested_slot
    previous = turn.failures or {}
    same = previous.get("slot") == slot
    # A question in between was one more ask of the open question too.
    count = previous.get("count", 0) + previous.get("in_between", 0) + 1 if same else 1
    return {
        "slot": slot,
        "count": count,
        "understood_other": understood,
        "off_topic": turn.intent == "out_of_scope" and not understood,
    }


def moving_on(turn: Turn) -> str:
    """Leaving the open question after two asks, said to the student or to the counselor."""
    field = text(f"field.{turn.requested_slot}")
    if turn.guided:
        return text("intake.moving_on_guided", field=field)
    return text("intake.moving_on", field=field)


def value_so_far(slot: str, profile: Profile, catalog: Catalog) -> str:
    """What a question we move on from holds: what the profile already says, else skipped."""
    known = {
        "education": profile.education_level or profile.degree or profile.field,
        "skills": profile.skills,
        "goals": profile.goals,
        "interests": interests_of(profile),
        "preferences": profile.preferences,
        "experience": profile.experience_years is not None or profile.fresher is not None,
    }
    return display(slot, profile, catalog) if known.get(slot) else SKIPPED


def _reopen(turn: Turn, slot: str) -> IntakeResult:
    profile = cleared(turn.profile, slot)
    slots: dict[str, str | None] = {slot: None}
    if turn.requested_slot and turn.requested_slot != slot:
        slots[turn.requested_slot] = turn.answers.get(turn.requested_slot)
    return IntakeResult(
        slots=slots,
        profile=profile.to_dict(),
        messages=[text("intake.update_field", field=text(f"field.{slot}"))],
    )


# ---- helpers -------------------------------------------------------------------------------
def _replaced_fields(turn: Turn, filled: Sequence[str]) -> list[str]:
    """A correction replaces what it names; "I also know SQL" adds to it."""
    if turn.intent != "correct_profile" or phrases.ADDITIVE.search(turn.lowered):
        return []
    # Only an answer already given can be corrected: "I fix mobiles" read as a correction
    # before any skill was named is simply the first answer.
    given = [slot for slot in filled if turn.answers.get(slot) is not None]
    return [attribute for slot in given for attribute in PROFILE_ATTRIBUTES[slot]]


def previous_answer(
    requested: str | None, answers: dict[str, str | None], steps: Sequence[str] = SLOTS
) -> str | None:
    """The answered step just before ``requested`` (or the last one when none is open)."""
    end = steps.index(requested) if requested in steps else len(steps)
    for slot in reversed(steps[:end]):
        if answers.get(slot) is not None:
            return slot
    return None


def cleared(profile: Profile, slot: str) -> Profile:
    """``profile`` without what the answer ``slot`` said."""
    return profile.merged(Extraction(), replace=PROFILE_ATTRIBUTES[slot])
