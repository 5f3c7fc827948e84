"""Counting from the tracker database what the simulated users were told.

For each scenario (a fault and the steady load after it, up to the next fault):

* answered - messages that got a real answer (not "please try again", not the apology);
* stored - those of them found in the ``events`` table (by the ``soak_turn`` id Rasa keeps
  in the user event's metadata); lost = answered - stored;
* duplicated - message ids stored more than once, plus rows stored twice word for word;
* apologies - messages answered with the "I'm having trouble" apology (a custom action
  failed): stored by design, the conversation goes on from there;
* unanswered but stored - messages whose user saw "try again" or an error, yet are stored
  (the answer was lost on the way: the connection dropped after the save). Not lost, but
  worth seeing;
* resets - conversations with a second ``session_started`` (a conversation started over);
* splices - conversations whose stored messages are not in the order they were sent;
* visible errors - messages answered with anything but a real answer, inside the fault
  window (expected) and outside it (a target of zero). A message counts as inside when
  its request overlapped the window, which ends ``GRACE_SECONDS`` after the fault was
  undone and the broken piece answered again. A message in flight when the next fault
  began counts as inside that window.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bench.soak.users import ANSWERED, APOLOGY, Turn

GRACE_SECONDS = 5.0

Row = tuple[str, str, float, str | None]  # sender, type_name, timestamp, soak turn id


@dataclass
class Window:
    name: str
    segment_start: float  # scenario's share of the load starts here ...
    fault_start: float
    fault_end: float  # undone, and the piece answers again
    segment_end: float = float("inf")  # ... and ends where the next scenario starts
    log_lines: dict[str, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)  # servers that died without being killed

    def covers(self, turn: Turn) -> bool:
        return turn.overlaps(self.fault_start, self.fault_end + GRACE_SECONDS)


@dataclass
class ScenarioResult:
    name: str
    fault_seconds: float
    sent: int = 0
    answered: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    apologies: int = 0
    stored_unanswered: int = 0
    resets: int = 0
    splices: int = 0
    errors_in_window: int = 0
    errors_outside: int = 0
    log_lines: dict[str, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def event_rows(rows: Iterable[tuple[str, str, float, str]]) -> list[Row]:
    """(sender, type, timestamp, data JSON) -> (sender, type, timestamp, soak turn id)."""
    found = []
    for sender, kind, timestamp, data in rows:
        turn_id = None
        if kind == "user":
            turn_id = (json.loads(data).get("metadata") or {}).get("soak_turn")
        found.append((sender, kind, timestamp, turn_id))
    return found


def audit(
    turns: Sequence[Turn], rows: Sequence[Row], raw_duplicates: int, windows: Sequence[Window]
) -> list[ScenarioResult]:
    results = {
        window.name: ScenarioResult(
            window.name,
            round(window.fault_end - window.fault_start, 1),
            log_lines=window.log_lines,
            crashes=window.crashes,
        )
        for window in windows
    }

    def scenario_of(moment: float) -> ScenarioResult | None:
        for window in windows:
            if window.segment_start <= moment < window.segment_end:
                return results[window.name]
        return None

    stored_ids = Counter(turn_id for _, kind, _, turn_id in rows if turn_id)
    by_id = {turn.turn_id: turn for turn in turns}
    for turn in turns:
        result = scenario_of(turn.sent)
        if result is None:
            continue
        result.sent += 1
        copies = stored_ids.get(turn.turn_id, 0)
        result.duplicated += max(0, copies - 1)
        if turn.outcome == ANSWERED:
            result.answered += 1
            if copies:
                result.stored += 1
            else:
                result.lost += 1
                _sample(result, f"lost: {turn.sender} {turn.text!r}")
        elif turn.outcome == APOLOGY:
            result.apologies += 1
        elif copies:
            result.stored_unanswered += 1
            _sample(result, f"stored, user saw {turn.outcome}: {turn.detail or turn.text!r}")
        if turn.outcome != ANSWERED:
            if any(window.covers(turn) for window in windows):
                result.errors_in_window += 1
            else:
                result.errors_outside += 1
                _sample(
                    result,
                    f"visible {turn.outcome} outside the window: {turn.detail or turn.text!r}",
                )
    _conversation_checks(turns, rows, by_id, scenario_of)
    if raw_duplicates and windows:
        results[windows[-1].name].duplicated += raw_duplicates  # rows doubled word for word
    return [results[window.name] for window in windows]


def _conversation_checks(turns, rows, by_id, scenario_of) -> None:
    sent_order: dict[str, list[str]] = defaultdict(list)
    for turn in turns:
        sent_order[turn.sender].append(turn.turn_id)
    stored: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        stored[row[0]].append(row)
    for sender, events in stored.items():
        starts = [timestamp for _, kind, timestamp, _ in events if kind == "session_started"]
        if len(starts) > 1:
            result = scenario_of(starts[1])
            if result is not None:
                result.resets += 1
                _sample(result, f"reset: {sender}")
        ids = [turn_id for *_, turn_id in events if turn_id]
        position = {turn_id: index for index, turn_id in enumerate(sent_order.get(sender, []))}
        expected = sorted(ids, key=lambda turn_id: position.get(turn_id, -1))
        if ids != expected:
            first = next(a for a, b in zip(ids, expected, strict=True) if a != b)
            result = scenario_of(by_id[first].sent) if first in by_id else None
            if result is not None:
                result.splices += 1
                _sample(result, f"spliced: {sender}")


def _sample(result: ScenarioResult, text: str) -> None:
    if len(result.samples) < 5:
        result.samples.append(text)


COLUMNS = [
    "scenario",
    "fault s",
    "sent",
    "answered",
    "stored",
    "lost",
    "duplicated",
    "apologies",
    "stored, unanswered",
    "resets",
    "splices",
    "errors in window",
    "errors outside",
    "outage log lines (start/end)",
    "crashes",
]


def markdown_table(results: Sequence[ScenarioResult]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in results:
        logged = (
            f"{r.log_lines.get('start', 0)}/{r.log_lines.get('end', 0)}" if r.log_lines else "-"
        )
        cells = [
            r.name,
            f"{r.fault_seconds:g}",
            r.sent,
            r.answered,
            r.stored,
            r.lost,
            r.duplicated,
            r.apologies,
            r.stored_unanswered,
            r.resets,
            r.splices,
            r.errors_in_window,
            r.errors_outside,
            logged,
            len(r.crashes),
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)
