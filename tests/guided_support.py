"""What the guided-mode tests share: ``GuidedSession``, which plays Rasa's part (keeps the
slots, applies the events every action returns, asks the step the form would request next),
and helpers to read its messages and click its buttons."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import (
    ActionAskEducation,
    ActionAskExperience,
    ActionAskGoals,
    ActionAskInterests,
    ActionAskPreferences,
    ActionAskSkills,
    ValidateProfileForm,
)
from actions.guided import (
    ActionAskCounselorNote,
    ActionAskReportRole,
    ActionGuidedMode,
)
from careerpath.conversation import guided
from tests.action_support import DOMAIN, initial_slots, make_tracker

CODE = re.compile(r"\bCP-[A-Z2-9]{8}\b")
ASK = {
    "education": ActionAskEducation,
    "skills": ActionAskSkills,
    "goals": ActionAskGoals,
    "interests": ActionAskInterests,
    "preferences": ActionAskPreferences,
    "experience": ActionAskExperience,
    guided.ROLE_SLOT: ActionAskReportRole,
    guided.NOTE_SLOT: ActionAskCounselorNote,
}


class GuidedSession:
    """The slots of one conversation and the form's choice of the next step."""

    def __init__(self, mode: str = "student"):
        self.slots: dict[str, Any] = {**initial_slots(), "channel_mode": mode}
        self.transcript: list[dict] = []

    def tracker(
        self, text: str = "", intent: str | None = None, entities=(), spoke: bool = True
    ) -> Tracker:
        return make_tracker(
            text,
            intent,
            slots=self.slots,
            entities=entities,
            sender_id="counselor-desk-1",
            active_loop="profile_form" if self.slots.get("requested_slot") else None,
            latest_action="action_listen" if spoke else "action_answer_faq",
        )

    async def run(
        self, action, tracker: Tracker | None = None, form_runs: bool = False
    ) -> tuple[list[dict], list[dict]]:
        """``form_runs``: the form runs after the action (validation, or activation by rule)
        and picks the step to request, as Rasa's FormAction.request_next_slot does."""
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, tracker or self.tracker(), DOMAIN)
        requested = None
        for event in events:
            if event.get("event") == "slot":
                if event["name"] == "requested_slot":
                    requested = requested or event["value"]  # Rasa takes the first one
                else:
                    self.slots[event["name"]] = event["value"]
        if form_runs:
            rejected = not any(
                e.get("event") == "slot" and e["name"] != "requested_slot" for e in events
            )
            if not (
                rejected
                and self.slots.get("requested_slot")
                and tracker
                and tracker.latest_action_name == "action_listen"
            ):
                self.slots["requested_slot"] = requested or self.next_domain_slot()
        self.transcript += dispatcher.messages
        return dispatcher.messages, events

    def next_domain_slot(self) -> str | None:
        """What Rasa's FormAction requests when the validation names no slot: the first empty
        required slot of the domain's form (the five intake answers)."""
        return next(
            (
                slot
                for slot in DOMAIN["forms"]["profile_form"]["required_slots"]
                if self.slots.get(slot) is None
            ),
            None,
        )

    async def start(self) -> list[dict]:
        messages, _ = await self.run(
            ActionGuidedMode(), self.tracker("/guided_mode", "guided_mode"), form_runs=True
        )
        return messages

    async def ask(self) -> list[dict]:
        messages, _ = await self.run(ASK[self.slots["requested_slot"]]())
        return messages

    async def answer(
        self, text: str, intent: str = "inform", entities=()
    ) -> tuple[list[dict], list[dict]]:
        return await self.run(
            ValidateProfileForm(), self.tracker(text, intent, entities), form_runs=True
        )


def texts(messages: list[dict]) -> str:
    """What the bot said; a card message says its text after the cards (in the card)."""
    return "\n".join(
        message.get("text") or (message.get("custom") or {}).get("text") or ""
        for message in messages
    )


def buttons(messages: list[dict]) -> list[dict]:
    return [
        b
        for message in messages
        for b in message.get("buttons") or (message.get("custom") or {}).get("buttons") or []
    ]


def payload(messages: list[dict], title_start: str) -> str:
    return next(b["payload"] for b in buttons(messages) if b["title"].startswith(title_start))


def intent_of(payload_text: str) -> tuple[str, str]:
    """What Rasa hands the action for a button: "/skip" -> intent skip, no user text."""
    if payload_text.startswith("/"):
        return "", payload_text[1:].split("{")[0]
    return payload_text, "inform"


async def click(session: GuidedSession, messages: list[dict], title_start: str):
    text, intent = intent_of(payload(messages, title_start))
    return await session.answer(text or f"/{intent}", intent)


async def finished_intake(session: GuidedSession) -> None:
    await session.start()
    await session.answer(
        "B.Com graduate, I know Excel and Tally, want a stable job, I like working with "
        "numbers, non voice, fresher"
    )
    assert session.slots["requested_slot"] == guided.ROLE_SLOT
