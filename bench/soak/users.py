"""Simulated users for the reliability suite: scripted conversations, retried like people do.

Each user replays the bench's CareerPath conversations, one new sender id per conversation,
and tags every message with a unique id in its metadata (``soak_turn``), which Rasa stores
with the user event: the audit then finds each message in the tracker database. A message
that gets "please try again", the action-failure apology, an HTTP error or no answer is
sent again (with a new id) after ``RETRY_SECONDS``, as a user would; the conversation
moves on only after a real answer.

Several REST URLs are several replicas behind a load balancer: a user's turns alternate
between them, and a refused connection goes to the next one at once (nginx's
``proxy_next_upstream error``: nothing was sent, so nothing can be doubled).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

from bench.conversations import CAREERPATH_CONVERSATIONS
from careerpath_rasa.patches.durable_turns import TRY_AGAIN_REPLY
from careerpath_rasa.patches.resilience import TROUBLE_REPLY

REQUEST_TIMEOUT_SECONDS = 60.0
RETRY_SECONDS = 1.0
THINK_SECONDS = (0.2, 0.6)

ANSWERED, APOLOGY, REFUSED, ERROR = "answered", "apology", "try again", "error"


@dataclass
class Turn:
    sender: str
    turn_id: str
    text: str
    sent: float  # wall clock (time.time), the clock Rasa stamps events with
    finished: float = 0.0
    outcome: str = ""
    detail: str = ""

    def overlaps(self, start: float, end: float) -> bool:
        return self.sent <= end and self.finished >= start


@dataclass
class Load:
    rest_urls: Sequence[str]
    users: int
    prefix: str
    turns: list[Turn] = field(default_factory=list)
    _stop: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    # ---- control from the (blocking) main thread ---------------------------------------
    def start(self) -> Load:
        started = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._stop = asyncio.Event()
            started.set()
            self._loop.run_until_complete(self._run())

        self._thread = threading.Thread(target=run, name="soak-users", daemon=True)
        self._thread.start()
        started.wait(10)
        return self

    def stop(self) -> None:
        """Users finish the message they are waiting for, then stop."""
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(REQUEST_TIMEOUT_SECONDS + 30)

    # ---- the users -------------------------------------------------------------------------
    async def _run(self) -> None:
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            await asyncio.gather(*(self._user(session, number) for number in range(self.users)))

    async def _user(self, session: aiohttp.ClientSession, number: int) -> None:
        await asyncio.sleep(random.uniform(0, 2))  # not all at once
        scripts = itertools.cycle(
            CAREERPATH_CONVERSATIONS[number % len(CAREERPATH_CONVERSATIONS) :]
            + CAREERPATH_CONVERSATIONS[: number % len(CAREERPATH_CONVERSATIONS)]
        )
        replica = number
        while not self._stop.is_set():
            sender = f"{self.prefix}-{number:02d}-{uuid.uuid4().hex[:10]}"
            for text in next(scripts).turns:
                while not self._stop.is_set():
                    replica += 1
                    turn = await self._send(session, replica, sender, text)
                    if turn.outcome == ANSWERED:
                        break
                    await asyncio.sleep(RETRY_SECONDS)
                if self._stop.is_set():
                    return
                await asyncio.sleep(random.uniform(*THINK_SECONDS))

    async def _send(
        self, session: aiohttp.ClientSession, replica: int, sender: str, text: str
    ) -> Turn:
        turn = Turn(sender=sender, turn_id=uuid.uuid4().hex, text=text, sent=time.time())
        self.turns.append(turn)
        payload = {"sender": sender, "message": text, "metadata": {"soak_turn": turn.turn_id}}
        urls = [
            self.rest_urls[(replica + step) % len(self.rest_urls)]
            for step in range(len(self.rest_urls))
        ]
        for url in urls:
            try:
                async with session.post(url, json=payload) as response:
                    body = await response.text()
                    status = response.status
            except aiohttp.ClientConnectorError as error:  # refused: the balancer tries the next
                turn.outcome, turn.detail = ERROR, f"connect: {error.os_error}"
                continue
            except Exception as error:  # noqa: BLE001 - reset mid-request, timeout: the user sees it
                turn.outcome, turn.detail = ERROR, f"{type(error).__name__}: {error}"[:200]
                break
            turn.outcome, turn.detail = classify(status, body)
            break
        turn.finished = time.time()
        return turn


def classify(status: int, body: str):
    if status != 200:
        return ERROR, f"HTTP {status}: {body[:120]}"
    try:
        messages = json.loads(body)
    except ValueError:
        return ERROR, f"not JSON: {body[:120]}"
    texts = [message.get("text") or "" for message in messages if isinstance(message, dict)]
    if any(text == TRY_AGAIN_REPLY for text in texts):
        return REFUSED, ""
    if any(TROUBLE_REPLY in text for text in texts):
        return APOLOGY, ""
    if not messages:
        return ERROR, "no reply"
    return ANSWERED, ""
