"""The counselor's guided mode: eight steps with buttons, then a saved report.

A counselor sits with a student; every question names its step ("Step 3 of 8"), offers
the common answers as buttons (typing still works), and has Back and Skip. Steps 1-6 are
the intake questions of the student mode (same slots, same validation); step 7 picks the
role whose growth path the report draws, step 8 takes an optional counselor note. Rasa-
free: the actions in ``actions.guided`` call this.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.wording import text

from . import intake, questions, roles
from .cards import TOP, recommendation_card
from .reply import Reply, back_button, button, catalog_button, skip_button

GUIDED = "guided"
MODE_SLOT = "channel_mode"
ROLE_SLOT = "report_role"
NOTE_SLOT = "counselor_note"
REPORT_SLOTS = (ROLE_SLOT, NOTE_SLOT)
STEPS = (*intake.SLOTS, *REPORT_SLOTS)
SKIPPED = intake.SKIPPED
MAX_NOTE_CHARS = 2000  # a note is a few lines; a pasted essay is cut, not refused
# The saved report opens in the counselor workspace (python -m workspace), where the counselor
# signs in: its public address, as the counselor's browser reaches it.
REPORTS_PATH = "/reports/"
PUBLIC_URL_ENV = "WORKSPACE_URL"
DEFAULT_WORKSPACE_URL = "http://localhost:8001"

_LONE_NUMBER = re.compile(r"^\s*#?\s*(\d{1,2})\s*\.?\s*$")
_SHORT_COMMAND_WORDS = 4  # "go back", "skip this one": longer texts are notes


def is_guided(mode: str | None) -> bool:
    return mode == GUIDED


def step_title(slot: str) -> str:
    return text(f"guided.step.{slot}")


def progress(slot: str) -> str:
    return text(
        "guided.progress", number=STEPS.index(slot) + 1, total=len(STEPS), title=step_title(slot)
    )


def navigation(slot: str) -> list[dict[str, str]]:
    """Back (except on the first step) and Skip."""
    return ([back_button()] if STEPS.index(slot) > 0 else []) + [skip_button()]


def going_back(step: str) -> str:
    """What the bot says when Back reopens ``step``."""
    if step == ROLE_SLOT:
        return text("guided.back_to_role")
    return text("guided.back_to_step", step=step_title(step).lower())


def new_session_button() -> dict[str, str]:
    return catalog_button("button.new_guided_session", "/guided_mode")


def intro() -> Reply:
    return Reply(text=text("guided.intro"))


def question(
    slot: str,
    catalog: Catalog,
    failures: dict[str, Any] | None = None,
    field: str | None = None,
) -> Reply:
    """Steps 1-6: the intake question for the counselor, with the common answers as buttons.
    Asked again, it says what kind of answer helps (never which words were not matched)."""
    failures = failures or {}
    failed = failures.get("slot") == slot and failures.get("count", 0) > 0
    lines = [progress(slot)]
    if failed and not failures.get("understood_other"):
        lines.append(text("guided.not_matched"))
    lines.append(text(f"guided.question.{slot}"))
    return Reply(
        text="\n".join(lines),
        buttons=questions.choice_buttons(slot, catalog, field) + navigation(slot),
    )


# ---- step 7: the role whose growth path the report draws --------------------------------------
def role_step(advice, worded=None, with_card: bool = True) -> Reply:
    """The top matches as one card, with the step's question and the role buttons after it.

    ``worded`` is the same advice worded in the conversation's language (default ``advice``):
    the card and the button titles come from it, while a button sends the English name,
    which :func:`chosen_role` reads whatever the language. ``with_card=False`` when the same
    card is still in view (the step asked again): the question and the buttons only."""
    worded = worded or advice
    shown = advice.recommendations[:TOP]
    names = {rec.role_type: rec.name for rec in worded.recommendations}
    card = recommendation_card(worded, count=TOP, heading=text("guided.matches_heading"))
    ask = f"{progress(ROLE_SLOT)}\n{text('guided.role_question')}"
    buttons = [
        button(
            text("button.numbered_role", number=rank, role=names.get(rec.role_type, rec.name)),
            rec.name,
        )
        for rank, rec in enumerate(shown, start=1)
    ]
    return Reply(
        text=ask, card=card if with_card else None, buttons=buttons + navigation(ROLE_SLOT)
    )


def chosen_role(
    answer: str, entities: Sequence[dict], ranked: Sequence[str], catalog: Catalog
) -> str | None:
    """A role the advice ranked, named by the button, its name, "2" or "the second one"."""
    number = _LONE_NUMBER.match(answer or "")
    if number:
        position = int(number.group(1))
        return ranked[position - 1] if 1 <= position <= min(len(ranked), TOP) else None
    role = roles.find_role(answer or "", entities, catalog, list(ranked[:TOP]))
    return role if role in ranked else None


def role_retry() -> str:
    return text("guided.role_retry")


# ---- step 8: the counselor's note --------------------------------------------------------------
def note_step() -> Reply:
    return Reply(
        text=f"{progress(NOTE_SLOT)}\n{text('guided.note_question')}",
        buttons=[catalog_button("button.no_note", "/skip"), back_button()],
    )


@dataclass(frozen=True)
class NoteAnswer:
    kind: str  # "note" | "skip" | "back"
    text: str | None = None


def read_note(text: str, intent: str | None) -> NoteAnswer:
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


# ---- the end ---------------------------------------------------------------------------------
def report_link(code: str, base_url: str | None) -> str:
    return f"{(base_url or DEFAULT_WORKSPACE_URL).strip().rstrip('/')}{REPORTS_PATH}{code}"


def report_saved(code: str, link: str, role_name: str | None) -> Reply:
    lines = [text("guided.report_saved", code=code)]
    if role_name:
        lines.append(text("guided.report_focus", role=role_name))
    lines.append(text("guided.report_reopen", link=link))
    return Reply(
        text="\n".join(lines),
        buttons=[
            new_session_button(),
            catalog_button("button.what_should_they_learn", "/ask_what_to_learn"),
        ],
    )


def report_not_saved(markdown: str) -> list[Reply]:
    """The database is down: say so, and hand over the report itself so nothing is lost."""
    return [
        Reply(text=text("guided.report_not_saved")),
        Reply(text=markdown, buttons=[new_session_button()]),
    ]
