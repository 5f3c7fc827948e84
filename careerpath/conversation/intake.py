"""The intake questions: what one message changes, and how to ask the next question.

``interpret`` is the brain of ``validate_profile_form``: given the profile so far, the open
question and the user's message, it says which of the five answers are now filled,
changed, skipped or cleared, the updated profile, what to say back, and how many times
the open question has failed. It never guesses: what the extractor cannot map onto the
knowledge base is reported back to the user, not stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence

from careerpath.kb.catalog import Catalog
from careerpath.profiling.profile import Extraction, Profile

from .reply import SKIP_BUTTON, Reply, button

SLOTS = ("education", "skills", "goals", "preferences", "experience")
SKIPPED = "skipped"
NOT_SURE = "not sure yet"
NO_PREFERENCE = "no preference"
NO_SKILLS = "no skills yet"
FAILURES_BEFORE_BUTTONS = 2
MAX_CHOICE_BUTTONS = 6

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
    r"\b(any|anything|no preference|doesn'?t matter|dont mind|don'?t mind|flexible|koi bhi|kuch bhi)\b")
_ADDITIVE = re.compile(r"\b(also|too|as well|add|bhi)\b")

# Intents whose message is an answer to the open question (or a command about it).
# out_of_scope counts as a failed answer: gibberish often lands there, and counting it is
# what brings up the buttons and Skip instead of an endless loop.
ANSWER_INTENTS = frozenset({
    "inform", "affirm", "deny", "skip", "go_back", "correct_profile", "ask_career_advice",
    "nlu_fallback", "out_of_scope",
})


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
    return IntakeResult(slots={slot: SKIPPED}, profile=turn.profile.to_dict(),
                        messages=["No problem, let's skip that one."])


def _go_back(turn: Turn, catalog: Catalog) -> IntakeResult:
    previous = previous_answer(turn.requested_slot, turn.answers)
    if previous is None:
        slot = turn.requested_slot or SLOTS[0]
        return IntakeResult(slots={slot: None}, profile=turn.profile.to_dict(),
                            messages=["This is the first question, so there's nothing before it."])
    profile = cleared(turn.profile, previous)
    slots = {previous: None}
    if turn.requested_slot:
        slots[turn.requested_slot] = None
    return IntakeResult(slots=slots, profile=profile.to_dict(),
                        messages=[f"Sure, let's go back to your {previous}."],
                        failures=None)


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
        messages.append(f"Got it: {display('education', profile, catalog)}.")
    requested = turn.requested_slot
    if requested and requested not in slots:
        if not slots and not partial_education:
            if turn.intent == "ask_career_advice":  # "I want career advice": not an answer, no failure
                return IntakeResult(slots={requested: None}, profile=profile.to_dict(), failures=turn.failures)
            return _failure(turn, extraction, profile)
        slots.setdefault(requested, None)  # keeps the form from rejecting; re-asks it
    requested_filled = requested is not None and slots.get(requested) is not None
    failures = None if requested_filled or requested is None else turn.failures
    return IntakeResult(slots=slots, profile=profile.to_dict(), messages=messages, failures=failures)


def _reopen(turn: Turn, slot: str) -> IntakeResult:
    profile = cleared(turn.profile, slot)
    slots = {slot: None}
    if turn.requested_slot and turn.requested_slot != slot:
        slots[turn.requested_slot] = turn.answers.get(turn.requested_slot)
    return IntakeResult(slots=slots, profile=profile.to_dict(),
                        messages=[f"Okay, let's update your {slot}."])


def _failure(turn: Turn, extraction: Extraction, profile: Profile) -> IntakeResult:
    slot = turn.requested_slot
    previous = turn.failures or {}
    count = previous.get("count", 0) + 1 if previous.get("slot") == slot else 1
    failures = {"slot": slot, "count": count, "unrecognised": list(extraction.unrecognised)[:3],
                "off_topic": turn.intent == "out_of_scope"}
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
    slot, text, intent = turn.requested_slot, turn.lowered, turn.intent
    if slot is None or slot in answered_slots(extraction):
        return {}
    if slot == "goals" and (intent == "deny" or _NOT_SURE.search(text)):
        return {"goals": NOT_SURE}
    if slot == "preferences" and (intent == "deny" or _NO_PREFERENCE.search(text)):
        return {"preferences": NO_PREFERENCE}
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


def _acknowledgement(slots: Dict[str, Optional[str]], corrected: bool) -> str:
    shown = {slot: value for slot, value in slots.items() if value}
    if not shown:
        return "Okay."
    if corrected:
        parts = [f"your {slot} is now {value}" for slot, value in shown.items()]
        return "Updated: " + "; ".join(parts) + "."
    if len(shown) == 1:
        return f"Got it: {next(iter(shown.values()))}."
    return "Got it - " + "; ".join(f"{slot}: {value}" for slot, value in shown.items()) + "."


def previous_answer(requested: Optional[str], answers: Dict[str, Optional[str]]) -> Optional[str]:
    """The answered question just before ``requested`` (or the last one when none is open)."""
    end = SLOTS.index(requested) if requested in SLOTS else len(SLOTS)
    for slot in reversed(SLOTS[:end]):
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
        return _names(profile.skills, catalog.skills) if profile.skills else NO_SKILLS
    if slot == "goals":
        return _names(profile.goals, catalog.goals) if profile.goals else NOT_SURE
    if slot == "preferences":
        return _names(profile.preferences, catalog.preferences) if profile.preferences else NO_PREFERENCE
    if slot == "experience":
        years = profile.experience_years
        if years:
            return f"{years:g} year{'s' if years != 1 else ''} of experience"
        return "fresher"
    raise ValueError(f"unknown intake slot {slot!r}")


def _education_text(profile: Profile, catalog: Catalog) -> str:
    parts = []
    if profile.degree:
        parts.append(_name(profile.degree, catalog.degrees))
    level = profile.education_level or (catalog.degrees[profile.degree].level
                                        if profile.degree in catalog.degrees else None)
    if level and not profile.degree:
        parts.append(_name(level, catalog.levels))
    if profile.field:
        parts.append(_name(profile.field, catalog.fields).lower())
    text = ", ".join(parts) if parts else "not given"
    return f"pursuing {text}" if profile.pursuing else text


def _names(ids: Iterable[str], table: Dict[str, Any]) -> str:
    return ", ".join(_name(item, table) for item in ids)


def _name(item_id: str, table: Dict[str, Any]) -> str:
    info = table.get(item_id)
    return info.name if info is not None else item_id.replace("_", " ")


# ---- asking --------------------------------------------------------------------------------
def question(slot: str, catalog: Catalog, failures: Optional[Dict[str, Any]] = None) -> Reply:
    """The question for ``slot``; after failed answers, examples first, then buttons + Skip."""
    count = failures.get("count", 0) if failures and failures.get("slot") == slot else 0
    number = SLOTS.index(slot) + 1
    if count == 0:
        text = f"({number}/{len(SLOTS)}) {_QUESTIONS[slot]}"
    else:
        unknown = (failures or {}).get("unrecognised") or []
        if (failures or {}).get("off_topic"):
            lead = "Sorry, I can only help with BPO and KPO careers."
        elif unknown:
            lead = f"Sorry, I don't know \"{unknown[0]}\" yet."
        else:
            lead = "Sorry, I couldn't understand that answer."
        text = f"{lead} {_RETRY_HINTS[slot]}"
    buttons = choice_buttons(slot, catalog) if count >= FAILURES_BEFORE_BUTTONS or slot != "education" else []
    if count >= FAILURES_BEFORE_BUTTONS:
        text += " You can also pick one below or skip this question."
        buttons = buttons + [SKIP_BUTTON]
    return Reply(text=text, buttons=buttons)


_QUESTIONS = {
    "education": "What is your highest qualification? For example: 12th pass, B.Com, "
                 "diploma in IT, BTech final year, MBA.",
    "skills": "Which skills do you have? Type a few, like \"MS Excel, Tally, good English\". "
              "No skills yet? That's fine - just say \"no skills yet\".",
    "goals": "What matters most to you right now? For example: a job quickly, long-term "
             "growth, good salary, a stable job.",
    "preferences": "Any work preferences? For example: voice (calls) or non-voice (chat, "
                   "email), day or night shift, part-time. Or say \"no preference\".",
    "experience": "Do you have any work experience? Say \"fresher\" or something like "
                  "\"2 years in a call centre\".",
}

_RETRY_HINTS = {
    "education": "Please tell me your highest qualification, like \"12th pass\", \"B.Com graduate\" "
                 "or \"diploma in mechanical\".",
    "skills": "Please list skills like \"MS Excel\", \"typing\", \"communication\", \"SQL\" - "
              "or say \"no skills yet\".",
    "goals": "Please say what you want most, like \"a job quickly\", \"good salary\" or "
             "\"long-term growth\" - or \"not sure\".",
    "preferences": "Please say something like \"non-voice\", \"day shift only\", \"night shift is fine\" "
                   "or \"no preference\".",
    "experience": "Please say \"fresher\", or how long you have worked, like \"1 year in sales\".",
}


def choice_buttons(slot: str, catalog: Catalog) -> List[Dict[str, str]]:
    """Common answers as buttons; a click sends text our extractor understands."""
    if slot == "education":
        levels = sorted(catalog.levels.values(), key=lambda level: level.ordinal)
        return [button(level.name, level.name) for level in levels]
    if slot == "skills":
        return [button(name, name) for name in common_skill_names(catalog)] + [
            button("No skills yet", "no skills yet")]
    if slot == "goals":
        return [button(goal.name, goal.name) for goal in list(catalog.goals.values())[:MAX_CHOICE_BUTTONS]] + [
            button("Not sure yet", "not sure")]
    if slot == "preferences":
        preferences = list(catalog.preferences.values())[:MAX_CHOICE_BUTTONS]
        return [button(p.name, p.name) for p in preferences] + [button("No preference", "no preference")]
    if slot == "experience":
        return [button("Fresher", "I am a fresher"), button("About 1 year", "1 year experience"),
                button("2-3 years", "2 years experience"), button("5+ years", "5 years experience")]
    raise ValueError(f"unknown intake slot {slot!r}")


def common_skill_names(catalog: Catalog, limit: int = MAX_CHOICE_BUTTONS) -> List[str]:
    """The skills most role types call essential: the most useful ones to offer."""
    counts: Dict[str, int] = {}
    for role in catalog.roles.values():
        for role_skill in role.skills:
            if role_skill.essential:
                counts[role_skill.skill_id] = counts.get(role_skill.skill_id, 0) + 1
    order = list(catalog.skills)
    ranked = sorted(counts, key=lambda skill: (-counts[skill], order.index(skill) if skill in order else 0))
    return [catalog.skills[skill].name for skill in ranked[:limit] if skill in catalog.skills]


# ---- why we ask ----------------------------------------------------------------------------
WHY_WE_ASK = {
    "education": "Your qualification decides which roles you can apply for: many BPO jobs take "
                 "12th pass students, while most KPO jobs need a degree in a related subject.",
    "skills": "Skills show which roles you can start in now and what you still need to learn - "
              "I use them to find gaps and suggest training.",
    "goals": "Goals help me choose between tracks: BPO usually means a job quickly, KPO usually "
             "means more study first but faster salary growth.",
    "preferences": "Some jobs are on calls, some are chat or back office; some have night shifts. "
                   "I use your preferences to rank roles you'll actually enjoy.",
    "experience": "Experience changes where you can start - a fresher starts at entry level, "
                  "while experience can mean a senior role or a faster move up.",
}
PRIVACY_NOTE = "I only use your answers to give you this advice."


def why_we_ask(slot: Optional[str]) -> str:
    if slot in WHY_WE_ASK:
        return f"{WHY_WE_ASK[slot]} {PRIVACY_NOTE}"
    return ("I ask about your education, skills, goals, work preferences and experience so I can "
            f"match you to BPO and KPO roles that fit. {PRIVACY_NOTE}")
