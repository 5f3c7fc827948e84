"""One intake step as the Rasa-free intake sees it: the turn read from the tracker, and the
profile extractor run on the user's words. Shared by the intake form and guided mode."""

from __future__ import annotations

from rasa_sdk import Tracker

from careerpath.conversation import guided, intake

from .common import (
    FAILURES_SLOT,
    REQUESTED_SLOT,
    answers_of,
    entity_value,
    latest_entities,
    latest_intent,
    latest_text,
    profile_of,
)

ROLE_ENTITIES = ("role_type", "track")


def turn_from(tracker: Tracker) -> intake.Turn:
    return intake.Turn(
        text=latest_text(tracker),
        intent=latest_intent(tracker),
        requested_slot=tracker.get_slot(REQUESTED_SLOT),
        answers=answers_of(tracker),
        profile=profile_of(tracker),
        failures=tracker.get_slot(FAILURES_SLOT),
        profile_field=entity_value(tracker, "profile_field"),
        names_role=any(
            entity.get("entity") in ROLE_ENTITIES for entity in latest_entities(tracker)
        ),
        guided=guided.is_guided(tracker.get_slot(guided.MODE_SLOT)),
    )


def extract(text: str, kb, expect=None):
    from careerpath.profiling import (
        Extraction,
    )  # spaCy: load on first use
    from careerpath.profiling import (
        extract as extract_profile,
    )

    if not text.strip():  # a button payload such as "/skip" carries no words to read
        return Extraction()
    return extract_profile(text, kb, expect=expect)
