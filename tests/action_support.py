"""A real rasa_sdk Tracker for running our actions directly (test_actions, test_guided,
test_fuzz)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionRecommend
from careerpath.conversation import intake
from careerpath.profiling import Profile, extract

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


# ---- running actions (test_actions*) ------------------------------------------------------------
async def run(action, tracker: Tracker) -> tuple[list[dict], dict[str, Any]]:
    """Runs ``action``; returns the bot messages and the slots it set (name -> value)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    return dispatcher.messages, slots


def joined(messages: list[dict]) -> str:
    """The words of the messages: texts, and a card's heading and the text said after it."""
    parts = []
    for message in messages:
        card = message.get("custom") or {}
        parts += [message.get("text") or "", card.get("heading") or "", card.get("text") or ""]
    return "\n".join(part for part in parts if part)


def cards(messages: list[dict]) -> list[dict]:
    return [message["custom"] for message in messages if message.get("custom")]


def profile_slots(text: str, catalog) -> dict[str, Any]:
    """Slots of a finished intake for the profile ``text`` describes."""
    profile = Profile().merged(extract(text, catalog))
    slots = {slot: intake.display(slot, profile, catalog) for slot in intake.SLOTS}
    slots["profile"] = profile.to_dict()
    return slots


BPO_PROFILE = (
    "12th pass, good spoken english and typing, want a job quickly, voice process ok, fresher"
)
KPO_PROFILE = (
    "M.Sc statistics, I know SQL, Python and Excel, want long term growth and high salary, "
    "non voice, 1 year experience"
)


async def recommended(catalog, text=BPO_PROFILE) -> dict[str, Any]:
    answers = profile_slots(text, catalog)
    _, slots = await run(ActionRecommend(), make_tracker("yes", intent="affirm", slots=answers))
    return {**answers, **slots}
