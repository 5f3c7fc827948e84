"""Asking the intake questions: the question for a slot (with examples, then choice buttons
and Skip after failed answers), the common answers as buttons, and why we ask.

``intake`` decides what an answer changes; this module only words the questions.
"""

from __future__ import annotations

import re
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.wording import text

from .intake import SLOTS
from .readback import shown_catalog
from .reply import Reply, button, catalog_button, skip_button

MAX_CHOICE_BUTTONS = 6
MAX_SKILL_CHIPS = 8  # skills picked for the person's field (several can be chosen at once)


# ---- asking --------------------------------------------------------------------------------
def question(
    slot: str,
    catalog: Catalog,
    failures: dict[str, Any] | None = None,
    answers: dict[str, str | None] | None = None,
    field: str | None = None,
) -> Reply:
    """The question for ``slot``. Asked again (the last time: ``intake.MAX_ASKS``), it says
    what kind of answer helps, with an example, the common answers as buttons and Skip.

    ``answers`` (the intake's answers so far) numbers the question by how far the student
    is, whatever order the answers came in; without them, by the question's place.
    ``field`` (the education field id, once known) picks the skills offered as buttons."""
    failures = failures or {}
    count = failures.get("count", 0) if failures.get("slot") == slot else 0
    asked = text(
        "intake.progress",
        number=_number(slot, answers),
        total=len(SLOTS),
        question=text(f"intake.question.{slot}"),
    )
    if count == 0:
        buttons = choice_buttons(slot, catalog, field) if slot != "education" else []
        return Reply(text=asked, buttons=buttons)
    if not failures.get("understood_other"):
        # Nothing understood: say what kind of answer helps, never which words we missed.
        lead = (
            text("intake.off_topic") if failures.get("off_topic") else text("intake.not_understood")
        )
        asked = text("intake.retry", lead=lead, hint=text(f"intake.retry.{slot}"))
    asked = text("intake.pick_or_skip", question=asked)
    return Reply(text=asked, buttons=choice_buttons(slot, catalog, field) + [skip_button()])


def _number(slot: str, answers: dict[str, str | None] | None) -> int:
    if answers is None:
        return SLOTS.index(slot) + 1
    return 1 + sum(1 for name in SLOTS if name != slot and answers.get(name) is not None)


def choice_buttons(slot: str, catalog: Catalog, field: str | None = None) -> list[dict[str, Any]]:
    """Common answers as buttons; a click sends text our extractor understands. Skill and
    interest buttons are marked ``multiple``: the web widget lets the student pick several and
    sends them as one answer ("MS Excel, Tally"); other channels send the one pressed.

    A title is in the conversation's language ("ग्रेजुएट (स्नातक)"), its payload the English
    name the extractor matches, whatever the language."""
    shown = shown_catalog(catalog)
    if slot == "education":
        levels = sorted(catalog.levels.values(), key=lambda level: level.ordinal)
        return [button(shown.levels[level.id].name, level.name) for level in levels]
    if slot == "skills":
        return [
            {**button(shown.skills[skill].name, catalog.skills[skill].name), "multiple": True}
            for skill in skill_choices(catalog, field)
        ] + [catalog_button("button.no_skills", "no skills yet")]
    if slot == "goals":
        goals = list(catalog.goals)[:MAX_CHOICE_BUTTONS]
        return [button(shown.goals[goal].name, catalog.goals[goal].name) for goal in goals] + [
            catalog_button("button.not_sure", "not sure")
        ]
    if slot == "interests":
        interests = list(getattr(catalog, "interests", None) or {})
        shown_interests = getattr(shown, "interests", None) or {}
        # Several interests are common ("numbers and writing"): picked together, like skills.
        return [
            {
                **button(shown_interests[interest].name, catalog.interests[interest].name),
                "multiple": True,
            }
            for interest in interests
        ] + [catalog_button("button.not_sure", "not sure")]
    if slot == "preferences":
        preferences = list(catalog.preferences)[:MAX_CHOICE_BUTTONS]
        return [
            button(shown.preferences[p].name, _without_brackets(catalog.preferences[p].name))
            for p in preferences
        ] + [catalog_button("button.no_preference", "no preference")]
    if slot == "experience":
        return [
            catalog_button("button.fresher", "I am a fresher"),
            catalog_button("button.one_year", "1 year experience"),
            catalog_button("button.two_three_years", "2 years experience"),
            catalog_button("button.five_years", "5 years experience"),
        ]
    raise ValueError(f"unknown intake slot {slot!r}")


def _without_brackets(name: str) -> str:
    """ "Voice work (phone calls)" -> "Voice work": the terminal chat (rasa shell) reads a button's
    payload from the last "(...)" of its line, so a payload must not contain brackets."""
    return re.sub(r"\s*\([^()]*\)", "", name).strip() or name


def skill_choices(catalog: Catalog, field: str | None, limit: int = MAX_SKILL_CHIPS) -> list[str]:
    """The skills to offer someone from ``field`` (commerce: Accounting basics, MS Excel, Tally,
    GST...): the skills of the role types that suit the field, each role counting less the more
    fields it accepts, and a skill counting more the more it belongs to those roles rather
    than to every role. Filled up with the common skills (and only those without a field).
    Skill ids: the caller names them in the conversation's language."""
    in_field: dict[str, float] = {}
    overall: dict[str, float] = {}
    for role in catalog.roles.values():
        for role_skill in role.skills:
            overall[role_skill.skill_id] = overall.get(role_skill.skill_id, 0) + role_skill.weight
            if field and field in role.fields:
                share = role_skill.weight / len(role.fields)
                in_field[role_skill.skill_id] = in_field.get(role_skill.skill_id, 0) + share
    score = {skill: value * value / overall[skill] for skill, value in in_field.items()}
    ranked = sorted(score, key=lambda skill: -score[skill])
    chosen = [skill for skill in ranked if skill in catalog.skills][:limit]
    if not chosen:
        return common_skills(catalog)
    common = [skill for skill in common_skills(catalog, limit) if skill not in chosen]
    return chosen + common[: limit - len(chosen)]


def common_skills(catalog: Catalog, limit: int = MAX_CHOICE_BUTTONS) -> list[str]:
    """The skills most role types call essential: the most useful ones to offer."""
    counts: dict[str, int] = {}
    for role in catalog.roles.values():
        for role_skill in role.skills:
            if role_skill.essential:
                counts[role_skill.skill_id] = counts.get(role_skill.skill_id, 0) + 1
    order = list(catalog.skills)
    ranked = sorted(
        counts, key=lambda skill: (-counts[skill], order.index(skill) if skill in order else 0)
    )
    return [skill for skill in ranked[:limit] if skill in catalog.skills]


# ---- why we ask ----------------------------------------------------------------------------
def why_we_ask(slot: str | None) -> str:
    reason = text(f"why_we_ask.{slot}") if slot in SLOTS else text("why_we_ask.all")
    return text("privacy.used_for_advice", reason=reason)
