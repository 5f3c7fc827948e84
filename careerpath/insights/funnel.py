"""Academy insights from Rasa's stored conversation events (the tracker store's ``events``
table), without personal data: counts per day, drop-off per intake question, the role
types recommended most, and the questions the bot could not answer.

What counts as what (per conversation = per sender id):
- *started*: a ``session_started`` event (Rasa starts a new session after an hour of silence);
- *intake completed*: the profile form submitted (``action_submit_profile``) or a guided
  session's report made (``action_guided_report``), once per conversation and day;
- *recommendations reached*: a bot message carrying the recommendation cards, once per
  conversation and day;
- *drop-off*: among conversations whose intake never completed, the question last asked
  (the last value of ``requested_slot``);
- *unanswered*: messages classified ``nlu_fallback`` and FAQ questions answered with
  "I'm not sure", grouped by their normalised text with digits and e-mail addresses masked.
Sender ids are only used to group events; none is returned.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import column, inspect, select, table

from careerpath.db.engine import get_engine

EVENTS_TABLE = "events"
INTAKE_SLOTS = ("education", "skills", "goals", "preferences", "experience")
COMPLETION_ACTIONS = ("action_submit_profile", "action_guided_report")
RECOMMENDATIONS_PAYLOAD = "recommendations"
FALLBACK_INTENT = "nlu_fallback"
TOP_ROLES_PER_ANSWER = 3
MAX_QUESTION_GROUPS = 25
_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d+")
_PUNCTUATION = re.compile(r"[^\w\s#@<>]+")


def _unsure_reply() -> str:
    try:  # the FAQ's "not sure" lead, from the bot's own wording catalogue
        from careerpath.wording import text

        return text("faq.unsure")
    except ImportError:  # an older tree keeps the sentence in the code
        return "I'm not sure I have an answer to that. Did you mean one of these?"


@dataclass
class DayCounts:
    day: date
    started: int = 0
    intake_completed: int = 0
    recommendations: int = 0
    handoffs: int = 0


@dataclass
class QuestionGroup:
    text: str
    kind: str  # "fallback" | "FAQ miss"
    count: int


@dataclass
class Insights:
    since: date
    until: date
    days: list[DayCounts]
    totals: dict[str, int]
    asked: dict[str, int]  # intake question -> conversations it was asked in
    dropped: dict[str, int]  # intake question -> conversations that stopped there
    roles: list[tuple[str, int]]
    questions: list[QuestionGroup] = field(default_factory=list)
    events_read: int = 0


def normalise_question(text: str) -> str:
    text = _EMAIL.sub("<email>", (text or "").lower())
    text = _DIGITS.sub("#", text)
    return " ".join(_PUNCTUATION.sub(" ", text).split())[:200]


def _day(timestamp: float | None) -> date | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).date()


@dataclass
class _Conversation:
    completed: bool = False
    last_requested: str | None = None
    asked: set = field(default_factory=set)
    last_user_text: str = ""


def _read_events(tracker_url: str, since_ts: float) -> Sequence[Any]:
    engine = get_engine(tracker_url)
    if not inspect(engine).has_table(EVENTS_TABLE):
        return []
    events = table(
        EVENTS_TABLE,
        column("id"),
        column("sender_id"),
        column("type_name"),
        column("timestamp"),
        column("intent_name"),
        column("action_name"),
        column("data"),
    )
    query = (
        select(
            events.c.sender_id,
            events.c.type_name,
            events.c.timestamp,
            events.c.intent_name,
            events.c.action_name,
            events.c.data,
        )
        .where(events.c.timestamp >= since_ts)
        .order_by(events.c.sender_id, events.c.id)
    )
    with engine.connect() as connection:
        return connection.execute(query).all()


def compute_insights(
    tracker_url: str,
    handoff_days: dict[date, int] | None = None,
    days: int = 30,
    today: date | None = None,
) -> Insights:
    """The insights of the last ``days`` days; ``handoff_days`` = hand-off requests per day
    (from the project database: the tracker store does not know them)."""
    today = today or datetime.now(timezone.utc).date()
    since = today - timedelta(days=days - 1)
    since_ts = datetime(since.year, since.month, since.day, tzinfo=timezone.utc).timestamp()
    per_day: dict[date, DayCounts] = {
        since + timedelta(n): DayCounts(since + timedelta(n)) for n in range(days)
    }
    seen: dict[str, set] = defaultdict(set)  # counter name -> {(sender, day)}
    conversations: dict[str, _Conversation] = defaultdict(_Conversation)
    roles: Counter = Counter()
    questions: Counter = Counter()
    unsure = _unsure_reply()
    rows = _read_events(tracker_url, since_ts)
    for sender, type_name, timestamp, intent, action, raw in rows:
        day = _day(timestamp)
        if day not in per_day:
            continue
        conversation = conversations[sender]
        if type_name == "session_started":
            per_day[day].started += 1
        elif type_name == "user":
            data = _json(raw)
            conversation.last_user_text = data.get("text") or ""
            if intent == FALLBACK_INTENT and not conversation.last_user_text.startswith("/"):
                questions[(normalise_question(conversation.last_user_text), "fallback")] += 1
        elif type_name == "action" and action in COMPLETION_ACTIONS:
            conversation.completed = True
            _once(seen, "intake_completed", sender, day, per_day)
        elif type_name == "slot" and action == "requested_slot":
            value = _json(raw).get("value")
            if value in INTAKE_SLOTS:
                conversation.last_requested = value
                conversation.asked.add(value)
        elif type_name == "bot":
            data = _json(raw)
            custom = (data.get("data") or {}).get("custom") or {}
            if isinstance(custom, dict) and custom.get("type") == RECOMMENDATIONS_PAYLOAD:
                _once(seen, "recommendations", sender, day, per_day)
                for item in (custom.get("items") or [])[:TOP_ROLES_PER_ANSWER]:
                    if isinstance(item, dict) and item.get("name"):
                        roles[item["name"]] += 1
            elif data.get("text") == unsure and conversation.last_user_text:
                questions[(normalise_question(conversation.last_user_text), "FAQ miss")] += 1
    for day, count in (handoff_days or {}).items():
        if day in per_day:
            per_day[day].handoffs += count
    asked = {slot: sum(slot in c.asked for c in conversations.values()) for slot in INTAKE_SLOTS}
    dropped = Counter(
        c.last_requested for c in conversations.values() if c.last_requested and not c.completed
    )
    ordered = sorted(per_day.values(), key=lambda counts: counts.day)
    totals = {
        name: sum(getattr(counts, name) for counts in ordered)
        for name in ("started", "intake_completed", "recommendations", "handoffs")
    }
    groups = [
        QuestionGroup(text, kind, count) for (text, kind), count in questions.most_common() if text
    ][:MAX_QUESTION_GROUPS]
    return Insights(
        since=since,
        until=today,
        days=ordered,
        totals=totals,
        asked=asked,
        dropped={slot: dropped.get(slot, 0) for slot in INTAKE_SLOTS},
        roles=roles.most_common(10),
        questions=groups,
        events_read=len(rows),
    )


def _once(
    seen: dict[str, set], name: str, sender: str, day: date, per_day: dict[date, DayCounts]
) -> None:
    if (sender, day) not in seen[name]:
        seen[name].add((sender, day))
        counts = per_day[day]
        setattr(counts, name, getattr(counts, name) + 1)


def _json(raw: str | None) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
