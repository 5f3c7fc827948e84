"""The recommendation card: one builder for its data, one renderer for channels without cards.

A card is a JSON-friendly dict::

    {"type": "recommendations", "heading": str | None, "start": int,
     "summary": {...}, "prerequisites": [str], "notes": [str], "items": [Recommendation.to_dict()
     + "work": str], "text": str | None, "buttons": [{"title", "payload"}]}

``text`` is what the bot says after the cards (e.g. the guided step's question) and
``buttons`` answer it; both travel inside the card so that a channel gets the whole message
at once. The web widget draws the card; :func:`card_text` renders the same data as text
for the terminal and (with HTML markup) for Telegram.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from careerpath import wording

if TYPE_CHECKING:  # channels render cards without loading the advisor
    from careerpath.advisor import Advice

CARD_TYPE = "recommendations"
TOP = 3  # recommendations per card
MAX_COURSES_SHOWN = 3


def recommendation_card(
    advice: Advice, start: int = 0, count: int = TOP, heading: str | None = None
) -> dict[str, Any]:
    """The ``count`` recommendations from ``start`` on; the first card also carries the advice
    around them (summary, first steps, notes)."""
    shown = advice.recommendations[start : start + count]
    items = []
    for rec in shown:
        item = rec.to_dict()
        item["work"] = work_words(item.get("work_style") or {})
        items.append(item)
    first = start == 0
    return {
        "type": CARD_TYPE,
        "heading": heading,
        "start": start,
        # The summary was said with the first card; "other options" repeats none of it.
        "summary": dict(advice.summary) if first else {},
        "prerequisites": list(advice.prerequisites) if first else [],
        "notes": list(advice.notes) if first else [],
        "items": items,
    }


def is_card(payload: Any) -> bool:
    return (
        isinstance(payload, dict)
        and payload.get("type") == CARD_TYPE
        and isinstance(payload.get("items"), list)
    )


def work_words(work_style: dict[str, Any]) -> str:
    """ "voice or non-voice · day shifts · part-time possible": the KB's values as words."""
    facts = []
    voice = work_style.get("voice")
    if voice:
        facts.append(_known(f"card.voice.{voice}") or str(voice).replace("_", " "))
    shifts = work_style.get("shifts")
    if shifts:
        facts.append(
            _known(f"card.shifts.{shifts}")
            or wording.text("card.shifts_named", shifts=str(shifts).replace("_", " "))
        )
    if work_style.get("part_time_possible") is True:
        facts.append(wording.text("card.part_time"))
    return " · ".join(facts)


def _known(key: str) -> str | None:
    try:
        return wording.text(key)
    except wording.UnknownKey:
        return None


# ---- text rendering ----------------------------------------------------------------------
@dataclass(frozen=True)
class Markup:
    """How a channel emphasises text; ``escape`` makes any value safe for its format."""

    bold: Callable[[str], str] = str
    italic: Callable[[str], str] = str
    escape: Callable[[str], str] = str


PLAIN = Markup()


def card_text(card: dict[str, Any], markup: Markup = PLAIN) -> str:
    """The card as paragraphs of text: one paragraph per recommendation (no blank line inside,
    so a channel that splits long messages at blank lines keeps each one whole).
    A card's ``lang`` (set by the action for a non-English conversation) picks its labels."""
    if isinstance(card.get("lang"), str):
        with wording.language(card["lang"]):
            return card_text({k: v for k, v in card.items() if k != "lang"}, markup)
    esc = markup.escape
    paragraphs = []
    if card.get("heading"):
        paragraphs.append(markup.bold(esc(_one_line(card["heading"]))))
    paragraphs.append(_summary(card.get("summary"), markup))
    prerequisites = _strings(card.get("prerequisites"))
    if prerequisites:
        paragraphs.append(
            "\n".join(
                [markup.bold(esc(wording.text("card.first_steps")))]
                + [f"• {esc(step)}" for step in prerequisites]
            )
        )
    items = [item for item in card.get("items") or [] if isinstance(item, dict)]
    given = card.get("start")
    start = given if _is_count(given) else 0
    for position, item in enumerate(items, start=start + 1):
        paragraphs.append(item_text(item, position, markup))
    if not items and not prerequisites:
        paragraphs.append(esc(wording.text("card.nothing_fits")))
    notes = _strings(card.get("notes"))
    if notes:
        paragraphs.append(
            "\n".join(
                [markup.italic(esc(wording.text("card.good_to_know")))]
                + [f"• {esc(note)}" for note in notes]
            )
        )
    if isinstance(card.get("text"), str) and card["text"].strip():
        paragraphs.append(esc(card["text"].strip()))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def item_text(item: dict[str, Any], position: int, markup: Markup = PLAIN) -> str:
    esc = markup.escape
    name = _one_line(item.get("name") or item.get("role_type") or "?")
    header = markup.bold(f"{position}. {esc(name)}")
    details = [esc(part) for part in (_one_line(item.get("track") or ""), _fit_text(item)) if part]
    if details:
        header += " - " + " · ".join(details)
    lines = [header]
    lines += _labelled(wording.text("card.you_have"), item.get("matched_skills"), esc)
    lines += _labelled(wording.text("card.to_learn"), item.get("missing_skills"), esc)
    education = item.get("education_fit")
    why = _one_line(item.get("why") or "")
    if (
        isinstance(education, dict)
        and education.get("note")
        and _one_line(education["note"]) not in why
    ):
        lines.append(f"{esc(wording.text('card.education'))}: {esc(_one_line(education['note']))}")
    lines += _labelled(wording.text("card.start_as"), item.get("entry_roles"), esc)
    work = item.get("work") if isinstance(item.get("work"), str) else ""
    if work:
        lines.append(f"{esc(wording.text('card.work'))}: {esc(_one_line(work))}")
    growth = _strings(item.get("growth_path"))
    if growth:
        lines.append(
            f"{esc(wording.text('card.growth'))}: " + " → ".join(esc(step) for step in growth)
        )
    lines += _labelled(wording.text("card.training"), _course_titles(item.get("training")), esc)
    if why:
        lines.append(f"{markup.italic(esc(wording.text('card.why')) + ':')} {esc(why)}")
    return "\n".join(lines)


def _summary(summary: Any, markup: Markup) -> str:
    if isinstance(summary, str):
        return markup.escape(_one_line(summary))
    if not isinstance(summary, dict):
        return ""
    lines = [markup.escape(_one_line(summary["text"]))] if summary.get("text") else []
    lines += [f"• {markup.escape(reason)}" for reason in _strings(summary.get("reasons"))]
    return "\n".join(lines)


def _fit_text(item: dict[str, Any]) -> str:
    raw_fit = str(item.get("fit") or "")
    fit = (_known(f"card.fit.{raw_fit}") or raw_fit) if raw_fit else ""
    score = item.get("score")
    if isinstance(score, (int, float)) and not isinstance(score, bool) and 0 <= score <= 1:
        percent = round(score * 100)
        return wording.text("card.fit_score", fit=fit, percent=percent) if fit else f"{percent}%"
    return fit


def _labelled(label: str, values: Any, esc: Callable[[str], str]) -> list[str]:
    values = _strings(values)
    return [f"{esc(label)}: " + ", ".join(esc(value) for value in values)] if values else []


def _strings(values: Any) -> list[str]:
    if not isinstance(values, (list, tuple)):
        return []
    return [
        _one_line(value)
        for value in values
        if isinstance(value, (str, int, float)) and str(value).strip()
    ]


def _course_titles(training: Any) -> list[str]:
    titles: list[str] = []
    for entry in training if isinstance(training, list) else []:
        for course in entry.get("courses", []) if isinstance(entry, dict) else []:
            if isinstance(course, dict) and course.get("title") and course["title"] not in titles:
                titles.append(str(course["title"]))
    return titles[:MAX_COURSES_SHOWN]


def _is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _one_line(value: Any) -> str:
    # A blank line inside a card would let a channel split the card in two.
    return " ".join(str(value).split())
