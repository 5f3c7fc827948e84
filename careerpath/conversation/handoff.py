"""Asking for a counselor: consent, a name, a phone number or e-mail (Rasa-free).

The bot runs these steps as ``handoff_form`` (actions/handoff.py). :func:`interpret` reads one
answer to the open step and says what it fills, what to tell the student, and whether the
request ends early (consent refused, cancelled, or no usable answer after two re-asks).
Nothing is stored until every step is answered; then ``careerpath.handoff.request_handoff``
keeps the name, the contact and :func:`summary_text` (the profile and top roles, never the
conversation itself).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from careerpath.handoff import normalise_email, normalise_phone
from careerpath.wording import text

from .intake import SLOTS as PROFILE_SLOTS
from .reply import Reply, advice_button, catalog_button, faq_button
from .yes_no import YES_WORDS, plain, says_yes

CONSENT_SLOT = "handoff_consent"
NAME_SLOT = "handoff_name"
CONTACT_SLOT = "handoff_contact"
STATE_SLOT = "handoff_state"  # {"failures": n, "ended": reason or None}
STEPS = (CONSENT_SLOT, NAME_SLOT, CONTACT_SLOT)
INTENT = "talk_to_counselor"
BUTTON_PAYLOAD = f"/{INTENT}"
CONSENT_GIVEN = "yes"
MAX_REASKS = 2  # a third unusable answer ends the request (nothing stored)

# Why a request ended without being stored.
DECLINED = "declined"  # no consent
CANCELLED = "cancelled"  # the student stopped after agreeing
GAVE_UP = "gave_up"  # three unusable answers to one step
GUIDED = "guided"  # a counselor already runs this session

MAX_NAME_CHARS = 60
MIN_NAME_LETTERS = 2
MAX_NAME_WORDS = 5
MAX_TOP_ROLES = 3
# Words that stop the request at any step; the Cancel buttons send /deny.
_STOP_WORDS = {
    "cancel",
    "stop",
    "quit",
    "exit",
    "never mind",
    "nevermind",
    "no",
    "no thanks",
    "not now",
    "leave it",
    "forget it",
    "nahi",
    "nahin",
    "rehne do",
    "mat karo",
    "band karo",
    "नहीं",
    "नही",
    "रहने दो",
    "बंद करो",
    "रद्द करो",
}
_NAME_LEAD = re.compile(
    r"^(?:(?:my|the)\s+name\s+is|name\s*[:\-]|i\s*am|i'm|im|this\s+is|it's|its|call\s+me|"
    r"mera\s+naam|naam)\s+",
    re.IGNORECASE,
)
_NAME_TAIL = re.compile(r"\s+(?:hai|here|hu|hoon|hun)$", re.IGNORECASE)
# A "name" starting with one of these is a question ("what is BPO"), not a name.
_QUESTION_WORDS = {
    "what",
    "how",
    "why",
    "which",
    "who",
    "where",
    "when",
    "can",
    "could",
    "is",
    "are",
    "do",
    "does",
    "tell",
    "kya",
    "kaise",
    "kaun",
    "kyun",
    "kitna",
    "i",
    "please",
    "क्या",
    "कैसे",
    "कौन",
}
_EMAIL_CANDIDATE = re.compile(r"[^\s,;:<>()]+@[^\s,;:<>()]+")
_PHONE_CANDIDATE = re.compile(r"\+?\d[\d\s().-]*\d")  # a short one is a wrong number too


@dataclass(frozen=True)
class HandoffTurn:
    """One message of the student while a step is open."""

    text: str  # the user's words ("" for a button payload)
    intent: str | None
    step: str | None  # the open step (requested slot)
    failures: int = 0


@dataclass
class StepResult:
    slots: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    failures: int = 0
    ended: str | None = None  # DECLINED, CANCELLED or GAVE_UP

    def state(self) -> dict[str, object]:
        return {"failures": self.failures, "ended": self.ended}


def wants_to_stop(turn: HandoffTurn) -> bool:
    """A Cancel / No button, or a short "cancel", "stop", "rehne do"."""
    if not turn.text and turn.intent == "deny":
        return True
    return plain(turn.text) in _STOP_WORDS


def interpret(turn: HandoffTurn) -> StepResult:
    """What the student's answer to the open step changes."""
    if turn.intent == INTENT and not (turn.step == CONTACT_SLOT and read_contact(turn.text)[0]):
        # Asked again ("call me", a second click on the button): the open question comes
        # again, which is no failed answer.
        return StepResult(failures=turn.failures)
    if not turn.text and turn.intent not in ("affirm", "deny"):
        # Another button (an older "Get career advice"): the student moved on.
        return StepResult(failures=turn.failures, ended=CANCELLED)
    if turn.step == CONSENT_SLOT:
        return _consent(turn)
    if wants_to_stop(turn):
        return StepResult(failures=turn.failures, ended=CANCELLED)
    if turn.step == NAME_SLOT:
        name = read_name(turn.text)
        if name:
            return StepResult(slots={NAME_SLOT: name})
        return _failed(turn, text("handoff.name_unclear"))
    if turn.step == CONTACT_SLOT:
        contact, problem = read_contact(turn.text)
        if contact:
            return StepResult(slots={CONTACT_SLOT: contact})
        return _failed(turn, problem)
    return StepResult(failures=turn.failures)


def _consent(turn: HandoffTurn) -> StepResult:
    if _says_yes(turn):
        return StepResult(slots={CONSENT_SLOT: CONSENT_GIVEN})
    if turn.intent == "deny" or wants_to_stop(turn):
        return StepResult(ended=DECLINED)
    return _failed(turn, text("handoff.consent_unclear"))


def _says_yes(turn: HandoffTurn) -> bool:
    return says_yes(turn.text, turn.intent) and plain(turn.text) not in _STOP_WORDS


def _failed(turn: HandoffTurn, why: str) -> StepResult:
    failures = turn.failures + 1
    if failures > MAX_REASKS:
        return StepResult(failures=failures, ended=GAVE_UP)
    return StepResult(messages=[why], failures=failures)


def read_name(words: str) -> str | None:
    """The name in "Priya", "my name is Priya Sharma", "mera naam Asha hai"; None when the
    text does not look like a name (digits, an e-mail, a question, a long sentence)."""
    name = " ".join((words or "").split())
    name = _NAME_TAIL.sub("", _NAME_LEAD.sub("", name)).strip(" .,!")
    if not name or len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return None
    # Letters and their marks (Devanagari vowel signs are marks), spaces, . ' -
    allowed = all(unicodedata.category(ch)[0] in "LM" or ch in " .'-" for ch in name)
    if not allowed or sum(unicodedata.category(ch)[0] == "L" for ch in name) < MIN_NAME_LETTERS:
        return None  # "x" or "." is no name
    if plain(name) in _STOP_WORDS | YES_WORDS or plain(name).split()[0] in _QUESTION_WORDS:
        return None
    return name


def read_contact(words: str) -> tuple[str | None, str]:
    """(a normalised phone number or e-mail, "") or (None, a friendly reason to ask again)."""
    words = words or ""
    found = _EMAIL_CANDIDATE.search(words)
    if found:
        email = normalise_email(found.group(0).rstrip(".!"))
        return (email, "") if email else (None, text("handoff.email_unclear"))
    found = _PHONE_CANDIDATE.search(words)
    if found:
        phone = normalise_phone(found.group(0))
        return (phone, "") if phone else (None, text("handoff.phone_unclear"))
    return None, text("handoff.contact_unclear")


# ---- what the counselor gets ------------------------------------------------------------------
def summary_text(answers: Mapping[str, str | None], top_roles: Sequence[str]) -> str:
    """The profile answers and the top roles, one per line; no words of the conversation."""
    lines = [
        text("summary.line", label=text(f"label.{slot}"), value=answers[slot])
        for slot in PROFILE_SLOTS
        if answers.get(slot)
    ]
    if top_roles:
        lines.append(text("handoff.summary_roles", roles=", ".join(top_roles[:MAX_TOP_ROLES])))
    if not lines:
        lines.append(text("handoff.summary_empty"))
    return "\n".join(lines)


# ---- what the student sees --------------------------------------------------------------------
def question(step: str, failures: int = 0) -> Reply:
    """The open step's question; after a failed answer it reminds how to stop."""
    if step == CONSENT_SLOT:
        intro = text("handoff.consent_again") if failures else text("handoff.explain")
        return Reply(
            text=intro,
            buttons=[
                catalog_button("button.handoff_yes", "/affirm"),
                catalog_button("button.handoff_no", "/deny"),
            ],
        )
    asked = text("handoff.ask_name") if step == NAME_SLOT else text("handoff.ask_contact")
    if failures:
        asked += " " + text("handoff.way_out")
    return Reply(text=asked, buttons=[catalog_button("button.handoff_cancel", "/deny")])


def handoff_button() -> dict[str, str]:
    return catalog_button("button.talk_to_counselor", BUTTON_PAYLOAD)


def readable_contact(contact: str) -> str:
    """ "+919876543210" as "+91 98765 43210", the way Indian numbers are read out."""
    if re.fullmatch(r"\+91\d{10}", contact):
        return f"{contact[:3]} {contact[3:8]} {contact[8:]}"
    return contact


def confirmation(name: str, contact: str, updated: bool) -> Reply:
    said = text(
        "handoff.updated" if updated else "handoff.confirmed",
        name=name,
        contact=readable_contact(contact),
    )
    return Reply(
        text=said + " " + text("handoff.next_steps"),
        buttons=[advice_button(), faq_button()],
    )


def ended(reason: str) -> Reply | None:
    """What to say when the request stops before anything is stored (None: say nothing)."""
    if reason == DECLINED:
        said = text("handoff.declined")
    elif reason == CANCELLED:
        said = text("handoff.cancelled")
    elif reason == GAVE_UP:
        said = text("handoff.gave_up")
    else:
        return None
    return Reply(text=said, buttons=[advice_button(), faq_button(), handoff_button()])


def not_saved() -> Reply:
    return Reply(text=text("handoff.unavailable"), buttons=[handoff_button()])


def counselor_present() -> Reply:
    """In guided mode the counselor is already in the conversation."""
    return Reply(text=text("handoff.counselor_present"))
