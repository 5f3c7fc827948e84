"""A real rasa_sdk Tracker for running our actions directly (test_actions, test_guided,
test_fuzz)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


def initial_slots() -> dict[str, Any]:
    """Every domain slot at its initial value (as a new conversation has them), plus the form's."""
    slots = {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}
    slots["requested_slot"] = None
    return slots


def make_tracker(
    text: str = "",
    intent: str | None = "inform",
    slots: dict[str, Any] | None = None,
    entities: Iterable[dict] = (),
    latest_action: str = "action_listen",
    active_loop: str | None = None,
    sender_id: str = "test-user",
    confidence: float = 0.99,
    input_channel: str | None = "rest",
) -> Tracker:
    """The tracker an action sees right after the user said ``text`` on ``input_channel``
    ("rest": the web widget's channel, which draws cards); ``slots`` override the initial values."""
    said = (
        [{"event": "user", "text": text, "input_channel": input_channel}] if input_channel else []
    )
    return Tracker(
        sender_id=sender_id,
        slots={**initial_slots(), **(slots or {})},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
        },
        events=said,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=latest_action,
    )
