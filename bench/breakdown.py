"""Where a turn's time goes, read back from the tracker's own event timestamps.

A few conversations are replayed one at a time with known sender ids, then their trackers
are fetched through the HTTP API. For every executed action the gap since the previous
event (the user message or the previous action) covers the policy prediction plus the
action itself (for custom actions: the round trip to the action server). The gap before
the first action of a turn also includes the tracker store's save of the user message.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Sequence

from bench.load import Conversation
from harness.stack import http_json


def turn_breakdown(
    rest_url: str, rasa_url: str, conversations: Sequence[Conversation], sender_prefix: str
) -> dict[str, dict]:
    gaps: dict[str, list[float]] = defaultdict(list)
    for conversation in conversations:
        sender = f"{sender_prefix}-breakdown-{uuid.uuid4().hex[:8]}"
        for text in conversation.turns:
            http_json("POST", rest_url, {"sender": sender, "message": text}, timeout=120)
        status, tracker = http_json("GET", f"{rasa_url}/conversations/{sender}/tracker", timeout=60)
        if status != 200:
            continue
        previous = None
        for event in tracker.get("events", []):
            kind = event.get("event")
            if kind not in ("user", "action"):
                continue
            if kind == "action" and previous is not None:
                gaps[event.get("name")].append((event["timestamp"] - previous) * 1000)
            previous = event["timestamp"]
    return {
        name: {"count": len(values), "median_ms": round(statistics.median(values), 1)}
        for name, values in sorted(gaps.items(), key=lambda item: -statistics.median(item[1]))
    }
