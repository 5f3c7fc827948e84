"""The last word on "each question is asked at most twice in a row".

``intake.interpret`` counts misses and questions in between in the failed_attempts slot, but
a turn can bring the open question back along paths that count nothing ("I want career
advice" three times, a reply the conversation rules give before the form resumes). So the
tracker's own history decides too: ``asking_turns`` counts the turns that already ended on
the open question, and ``within_limit`` turns a third ask into "moving on".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from careerpath.kb.catalog import Catalog
from careerpath.profiling.profile import Profile

from .intake import MAX_ASKS, IntakeResult, Turn, moving_on, value_so_far
from .message_answers import SLOTS

REQUESTED_SLOT = "requested_slot"
# Events after which nothing asked before counts: a new conversation, or a start over that
# cleared answers ("start" typed again at the first question clears nothing, changes nothing).
_NEW_CONVERSATION = {"restart", "session_started"}
_START_OVER = {"action_start_over", "action_restart"}


def asking_turns(events: Iterable[Mapping[str, Any]], slot: str | None) -> int:
    """How many finished turns in a row ended with ``slot`` as the open question, without
    ``slot`` being answered in between. The turn in progress (after the last user message)
    is not counted."""
    if slot is None:
        return 0
    run = 0
    requested: str | None = None
    answered = in_turn = answered_any = False
    for event in events:
        kind, name = event.get("event"), event.get("name")
        if kind == "user":
            if in_turn:  # the previous turn is finished: did it end on the question?
                run = 0 if answered else run
                run = run + 1 if requested == slot else 0
            in_turn, answered = True, False
        elif kind in _NEW_CONVERSATION or (
            kind == "action" and name in _START_OVER and answered_any
        ):
            run, requested, answered, answered_any = 0, None, False, False
        elif kind == "slot":
            value = event.get("value")
            if name == REQUESTED_SLOT:
                requested = value
            elif name in SLOTS and value is not None:
                answered = answered or name == slot
                answered_any = True
    return run


def within_limit(turn: Turn, result: IntakeResult, asked: int, catalog: Catalog) -> IntakeResult:
    """``result``, or, when it would bring the open question a third time in a row, the same
    turn moving on from that question (keeping what the profile already says)."""
    requested = turn.requested_slot
    if requested is None or asked < MAX_ASKS or not _asks_again(requested, result):
        return result
    profile = Profile.from_dict(result.profile)
    slots = {**result.slots, requested: value_so_far(requested, profile, catalog)}
    return IntakeResult(
        slots=slots,
        profile=result.profile,
        messages=[*result.messages, moving_on(turn)],
        failures=None,
        offer_counselor=result.offer_counselor,
    )


def instead_of_asking_again(turn: Turn, asked: int, catalog: Catalog) -> IntakeResult | None:
    """Back from an interruption: moving on when the open question was asked twice already
    (None: ask it again)."""
    nothing_said = IntakeResult(profile=turn.profile.to_dict())
    result = within_limit(turn, nothing_said, asked, catalog)
    return None if result is nothing_said else result


def _asks_again(requested: str, result: IntakeResult) -> bool:
    if not result.handled or result.slots.get(requested) is not None:
        return False
    # "go back" / "change my skills" reopen another question: that one is asked next.
    return not any(value is None for slot, value in result.slots.items() if slot != requested)
