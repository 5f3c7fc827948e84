"""Questions in the middle of the intake.

A question about a role type the NLU took for a profile statement is answered there (the
facts in it are still kept by the intake), and each question in between counts as one
more ask of the open question, which comes back after it, so that no question is asked a
third time in a row.
"""

from __future__ import annotations

import re
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.wording import DEFAULT_LANGUAGE, current_language

from . import answering, phrases


def after_question_in_between(
    requested_slot: str | None, failures: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The failed_attempts value after a question in the middle of the intake: the open
    question comes back after it, and that return is counted, so several questions in a
    row do not bring the same question a third time (each is asked at most twice)."""
    if requested_slot is None:
        return failures
    previous: dict[str, Any] = (
        failures if failures and failures.get("slot") == requested_slot else {}
    )
    return {
        "count": 0,
        "understood_other": True,
        "off_topic": False,
        **previous,
        "slot": requested_slot,
        "in_between": previous.get("in_between", 0) + 1,
    }


def role_question_answer(
    message: str, intent: str | None, understood: bool, catalog: Catalog
) -> str | None:
    """The answer to a question about a role type the NLU took for a profile statement
    ("KYC process job?", "can i do data entry part time"), or None when the message is not
    one: it must ask (or name a role and tell nothing else), and a role must be found by
    its own words, not through the conversation."""
    lowered = phrases.plain(message)
    if intent not in ("inform", "nlu_fallback") or phrases.is_not_sure(lowered):
        return None
    if not phrases.looks_like_question(lowered) and understood and not _names_a_role(lowered):
        return None
    language = current_language()
    display = catalog if language == DEFAULT_LANGUAGE else catalog.localized(language)
    answer = answering.answer_question(
        message, catalog, answering.Context(in_intake=True), display=display
    )
    if answer.kind not in (answering.ROLE, answering.COMPARISON) or answer.pointed:
        return None
    return answer.reply.text


_TRACK_WORD = re.compile(r"bpo|kpo|lpo")


def _names_a_role(lowered: str) -> bool:
    """A few words ending in a track ("customer care bpo"): a role's name, not a statement,
    even when a skill hides in it."""
    words = lowered.split()
    return 0 < len(words) <= 4 and bool(_TRACK_WORD.fullmatch(words[-1]))
