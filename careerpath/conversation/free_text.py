"""Messages outside the intake: is this one about the person, so the intake should take it
in ("I did BA in history, I don't know what I want to do"), or chit-chat and questions?"""

from __future__ import annotations

from careerpath.profiling.profile import Extraction

from . import phrases
from .message_answers import interests_of


def understood(extraction: Extraction) -> bool:
    return not extraction.is_empty() or bool(interests_of(extraction))


def tells_about_person(message: str, extraction: Extraction) -> bool:
    """Whether a message outside the intake is about the person (facts, or "I don't know
    what I want"), so the intake should take it in, rather than a question or chit-chat."""
    lowered = phrases.plain(message)
    if phrases.looks_like_question(lowered):
        return False
    return understood(extraction) or phrases.does_not_know_what_they_want(lowered)


def states_facts(extraction: Extraction) -> bool:
    """Facts about the person, more than a bare "nothing" or "not sure": what makes a "12th"
    the classifier took for a yes an answer, while "nothing" after "anything else?" is not."""
    return bool(
        extraction.has_education()
        or extraction.skills
        or extraction.goals
        or extraction.preferences
        or extraction.experience_years is not None
        or interests_of(extraction)
    )
