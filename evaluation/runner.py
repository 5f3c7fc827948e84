"""Plays the corpus through the real REST channel and records every turn.

Each dialogue gets its own sender id. Before its scripted turns it is brought to its
context (``greeted``, an open intake question, or recommendations already shown) by a
"standard student" who answers whatever is asked with plain, known answers; after them,
when the dialogue should reach recommendations and has not, a "patient student" clicks the
obvious buttons and says "skip" to open questions for a few turns. Only if even that
cannot reach recommendations is the conversation a dead end.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from harness.stack import http_json

from . import classify
from .corpus import Dialogue
from .scoring import PRELUDE, SCRIPT, TAIL, TurnRecord

# What the standard student answers to each intake question on the way to a context.
STANDARD_ANSWERS = {
    "education": "B.Com",
    "skills": "MS Excel, Tally and good English",
    "goals": "a stable job",
    "preferences": "no preference",
    "experience": "fresher",
}
UNKNOWN_QUESTION_ANSWER = "skip"  # a question the standard student does not know (new steps)
MAX_LEAD_IN = 10
MAX_PATIENT_TURNS = 10


class Channel:
    """The REST webhook and the tracker endpoint of one running Rasa server."""

    def __init__(self, rasa_url: str, timeout: float = 60.0) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.timeout = timeout

    def send(self, sender: str, text: str) -> list[dict]:
        status, body = http_json(
            "POST",
            f"{self.rasa_url}/webhooks/rest/webhook",
            {"sender": sender, "message": text},
            timeout=self.timeout,
        )
        if status != 200 or not isinstance(body, list):
            raise RuntimeError(f"REST channel answered {status}: {str(body)[:200]}")
        return body

    def tracker(self, sender: str) -> dict:
        status, body = http_json(
            "GET",
            f"{self.rasa_url}/conversations/{sender}/tracker?include_events=NONE",
            timeout=self.timeout,
        )
        if status != 200 or not isinstance(body, dict):
            raise RuntimeError(f"tracker endpoint answered {status}: {str(body)[:200]}")
        return body


class DialoguePlayer:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def turn(
        self, sender: str, text: str, phase: str, script_index: int | None = None
    ) -> TurnRecord:
        try:
            messages = self.channel.send(sender, text)
            tracker = self.channel.tracker(sender)
        except Exception as error:  # noqa: BLE001 - a broken turn is recorded, never stops the run
            return TurnRecord(
                text=text,
                messages=[],
                phase=phase,
                script_index=script_index,
                error=f"{type(error).__name__}: {error}",
            )
        return TurnRecord(
            text=text,
            messages=messages,
            slots=tracker.get("slots") or {},
            phase=phase,
            script_index=script_index,
        )

    def play(self, dialogue: Dialogue) -> tuple[list[TurnRecord], bool]:
        sender = f"eval-{dialogue.id[:40]}-{uuid.uuid4().hex[:8]}"
        records: list[TurnRecord] = []
        reached = self.lead_in(sender, dialogue.context, records)
        for text in dialogue.before:
            records.append(self.turn(sender, text, PRELUDE))
        for index, turn in enumerate(dialogue.turns):
            records.append(self.turn(sender, turn.text, SCRIPT, index))
        if dialogue.expect_recommendations and not any(
            classify.has_card(r.messages) for r in records if r.phase != PRELUDE
        ):
            self.be_patient(sender, records)
        return records, reached

    # ---- getting to the context ------------------------------------------------------------
    def lead_in(self, sender: str, context: str, records: list[TurnRecord]) -> bool:
        if context == "fresh":
            return True
        if context == "greeted":
            records.append(self.turn(sender, "hi", PRELUDE))
            return True
        target = context.partition(":")[2] if context.startswith("intake:") else None
        records.append(self.turn(sender, "/ask_career_advice", PRELUDE))
        for _ in range(MAX_LEAD_IN):
            last = records[-1]
            requested = last.slots.get("requested_slot")
            if target is not None and requested == target:
                return True
            if target is None and classify.has_card(last.messages):
                return True
            answer = self._standard_answer(last, requested)
            if answer is None:
                return False
            records.append(self.turn(sender, answer, PRELUDE))
        return False

    @staticmethod
    def _standard_answer(last: TurnRecord, requested: str | None) -> str | None:
        if requested:
            return STANDARD_ANSWERS.get(requested, UNKNOWN_QUESTION_ANSWER)
        payloads = [b.get("payload") for b in classify.buttons(last.messages)]
        if "/affirm" in payloads:
            return "/affirm"
        return None

    # ---- the patient student -----------------------------------------------------------------
    def be_patient(self, sender: str, records: list[TurnRecord]) -> None:
        for _ in range(MAX_PATIENT_TURNS):
            last = records[-1]
            if classify.has_card(last.messages):
                return
            payloads = [b.get("payload") for b in classify.buttons(last.messages)]
            if "/affirm" in payloads:
                text = "/affirm"
            elif last.slots.get("requested_slot"):
                text = "skip"
            elif "/ask_career_advice" in payloads:
                text = "/ask_career_advice"
            else:
                text = "yes"
            records.append(self.turn(sender, text, TAIL))


def play_all(
    dialogues: list[Dialogue],
    channel: Channel,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
):
    """(dialogue, records, context reached, seconds) for every dialogue, in corpus order."""
    player = DialoguePlayer(channel)
    done = [0]

    def one(dialogue: Dialogue):
        started = time.monotonic()
        records, reached = player.play(dialogue)
        done[0] += 1
        if progress:
            progress(done[0], len(dialogues))
        return dialogue, records, reached, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, dialogues))
