"""The counselor's guided mode (issue 4): seven steps with buttons, then a saved report.

A counselor sits with a student; every question names its step ("Step 3 of 7"), offers
the common answers as buttons (typing still works), and has Back and Skip. Steps 1-5 are
the intake questions of the student mode (same slots, same validation); step 6 picks the
role whose growth path the report draws, step 7 takes an optional counselor note. Rasa-
free: the actions in ``actions.guided`` call this.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from careerpath.kb.catalog import Catalog

from . import intake, roles
from .reply import Reply, button

GUIDED = "guided"
STUDENT = "student"
MODE_SLOT = "channel_mode"
ROLE_SLOT = "report_role"
NOTE_SLOT = "counselor_note"
REPORT_SLOTS = (ROLE_SLOT, NOTE_SLOT)
STEPS = (*intake.SLOTS, *REPORT_SLOTS)
SKIPPED = intake.SKIPPED
TOP = 3
MAX_NOTE_CHARS = 2000  # a note is a few lines; a pasted essay is cut, not refused
REPORTS_PATH = "/webhooks/reports/report/"
PUBLIC_URL_ENV = "CAREERPATH_PUBLIC_URL"

# Payloads are "/intent" shortcuts, so Back and Skip never depend on NLU.
BACK_BUTTON = button("« Back", "/go_back")
SKIP_BUTTON = button("Skip »", "/skip")
NO_NOTE_BUTTON = button("No note, create the report", "/skip")
NEW_SESSION_BUTTON = button("New guided session", "/guided_mode")

STEP_TITLES = {
    "education": "Education",
    "skills": "Skills",
    "goals": "Goals",
    "preferences": "Work preferences",
    "experience": "Experience",
    ROLE_SLOT: "Role for the report",
    NOTE_SLOT: "Counselor note",
}
QUESTIONS = {
    "education": "What is the student's highest qualification? Pick one, or type it "
                 "(e.g. \"B.Com final year\", \"diploma in IT\").",
    "skills": "Which skills does the student have? Pick one, or type several "
              "(e.g. \"MS Excel, Tally, good English\").",
    "goals": "What matters most to the student right now?",
    "preferences": "Any work preferences: calls or non-voice, shifts, part-time?",
    "experience": "Does the student have work experience?",
}
_LONE_NUMBER = re.compile(r"^\s*#?\s*(\d{1,2})\s*\.?\s*$")
_SHORT_COMMAND_WORDS = 4  # "go back", "skip this one": longer texts are notes


def is_guided(mode: Optional[str]) -> bool:
    return mode == GUIDED


def progress(slot: str) -> str:
    return f"Step {STEPS.index(slot) + 1} of {len(STEPS)} · {STEP_TITLES[slot]}"


def navigation(slot: str, skip: Dict[str, str] = SKIP_BUTTON) -> List[Dict[str, str]]:
    """Back (except on the first step) and Skip."""
    return ([BACK_BUTTON] if STEPS.index(slot) > 0 else []) + [skip]


def intro() -> Reply:
    return Reply(text=(
        "Guided mode: a counselor session in 7 steps - education, skills, goals, work "
        "preferences, experience, the role to focus on, and your note. Every step has buttons "
        "(typing works too), plus Back and Skip. At the end I save a report with a reference "
        "code you can reopen later."))


def question(slot: str, catalog: Catalog, failures: Optional[Dict[str, Any]] = None) -> Reply:
    """Steps 1-5: the intake question for the counselor, with the common answers as buttons."""
    failed = bool(failures) and failures.get("slot") == slot and failures.get("count", 0) > 0
    lead = ""
    if failed:
        unknown = failures.get("unrecognised") or []
        lead = (f"I don't know \"{unknown[0]}\" yet. " if unknown else "I couldn't match that answer. ") + \
            "Please pick a button or rephrase.\n"
    text = f"{progress(slot)}\n{lead}{QUESTIONS[slot]}"
    return Reply(text=text, buttons=intake.choice_buttons(slot, catalog) + navigation(slot))


# ---- step 6: the role whose growth path the report draws --------------------------------------
def role_step(advice) -> List[Reply]:
    """The top matches (cards in the widget, formatted text on Telegram), then the question.

    Two messages: channels that render the card payload drop its text copy, and the step's
    question must survive that."""
    shown = advice.recommendations[:TOP]
    lines = [f"{rank}. {rec.name} ({rec.track}) - {rec.fit} fit, {round(rec.score * 100)}%"
             for rank, rec in enumerate(shown, start=1)]
    card = {"type": "recommendations", "start": 0, "items": [rec.to_dict() for rec in shown],
            "summary": dict(advice.summary), "prerequisites": list(advice.prerequisites),
            "heading": "Top matches for this student"}
    matches = Reply(text="Top matches for this student:\n\n" + "\n".join(lines), custom=card)
    ask = Reply(text=f"{progress(ROLE_SLOT)}\nWhich role should the report's growth path follow? "
                     "Skip takes the top match.",
                buttons=[button(f"{rank}. {rec.name}", rec.name) for rank, rec in enumerate(shown, start=1)]
                + navigation(ROLE_SLOT))
    return [matches, ask]


def chosen_role(text: str, entities: Sequence[dict], ranked: Sequence[str], catalog: Catalog) -> Optional[str]:
    """A role the advice ranked, named by the button, its name, "2" or "the second one"."""
    number = _LONE_NUMBER.match(text or "")
    if number:
        position = int(number.group(1))
        return ranked[position - 1] if 1 <= position <= min(len(ranked), TOP) else None
    role = roles.find_role(text or "", entities, catalog, list(ranked[:TOP]))
    return role if role in ranked else None


def role_retry() -> str:
    return "Please pick one of the roles above (or type its number)."


# ---- step 7: the counselor's note --------------------------------------------------------------
def note_step() -> Reply:
    return Reply(text=f"{progress(NOTE_SLOT)}\nAny note for the report (family situation, next "
                      "meeting, what you agreed)? Type it, or create the report without one.",
                 buttons=[NO_NOTE_BUTTON, BACK_BUTTON])


@dataclass(frozen=True)
class NoteAnswer:
    kind: str  # "note" | "skip" | "back"
    text: Optional[str] = None


def read_note(text: str, intent: Optional[str]) -> NoteAnswer:
    """Anything typed is the note; only a short "skip"/"go back" (or their buttons) is a command."""
    words = text.split()
    is_command = len(words) <= _SHORT_COMMAND_WORDS
    if intent == "go_back" and is_command:
        return NoteAnswer("back")
    if intent == "skip" and is_command:
        return NoteAnswer("skip")
    if not text.strip():
        return NoteAnswer("skip")
    return NoteAnswer("note", text.strip())


# ---- the order of the steps ----------------------------------------------------------------------
def next_report_step(answers: Dict[str, Optional[str]]) -> Optional[str]:
    """The guided step to ask after the five intake answers, or None (all done / not yet)."""
    if any(answers.get(slot) is None for slot in intake.SLOTS):
        return None
    for slot in REPORT_SLOTS:
        if answers.get(slot) is None:
            return slot
    return None


# ---- the end ---------------------------------------------------------------------------------
def report_link(code: str, base_url: Optional[str]) -> str:
    return f"{(base_url or '').rstrip('/')}{REPORTS_PATH}{code}.html"


def report_saved(code: str, link: str, role_name: Optional[str]) -> Reply:
    focus = f"\nIts growth path follows {role_name}." if role_name else ""
    return Reply(text=(
        f"Report saved. Reference code: {code}{focus}\n"
        f"Reopen it any time at {link} with your counselor token "
        f"(header \"Authorization: Bearer <token>\", or ?token=<token> in a browser)."),
        buttons=[NEW_SESSION_BUTTON, button("What should they learn?", "/ask_what_to_learn")])


def report_not_saved(markdown: str) -> List[Reply]:
    """The database is down: say so, and hand over the report itself so nothing is lost."""
    return [Reply(text="I couldn't save the report right now (the database is not reachable), so there is "
                       "no reference code this time. Here is the full report to copy:"),
            Reply(text=markdown, buttons=[NEW_SESSION_BUTTON])]
