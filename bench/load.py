"""Simulated users: each replays whole conversations through Rasa's REST channel.

A level runs ``users`` concurrent users until ``max_conversations`` conversations have
been started or ``max_seconds`` have passed (a conversation running at the deadline is
abandoned at its next turn, so a slow server cannot stretch a level). Every conversation
uses a fresh sender id, so no two users share a tracker or a lock.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import aiohttp

REQUEST_TIMEOUT_S = 60.0


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear-interpolated percentile (``fraction`` in 0..1) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Conversation:
    """A scripted conversation and how to tell that it reached its goal."""

    name: str
    turns: Sequence[str]


@dataclass
class LevelResult:
    users: int
    conversations_started: int = 0
    conversations_completed: int = 0
    conversations_reached_goal: int = 0
    turns: int = 0
    errors: int = 0
    empty_replies: int = 0
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    def note_error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(message[:300])

    def summary(self) -> dict:
        def rounded(value):
            return None if value is None else round(value, 1)

        return {
            "users": self.users,
            "conversations_started": self.conversations_started,
            "conversations_completed": self.conversations_completed,
            "conversations_reached_goal": self.conversations_reached_goal,
            "turns": self.turns,
            "errors": self.errors,
            "empty_replies": self.empty_replies,
            "elapsed_s": round(self.elapsed_s, 2),
            "messages_per_s": round(self.turns / self.elapsed_s, 2) if self.elapsed_s else None,
            "p50_ms": rounded(percentile(self.latencies_ms, 0.50)),
            "p95_ms": rounded(percentile(self.latencies_ms, 0.95)),
            "p99_ms": rounded(percentile(self.latencies_ms, 0.99)),
            "mean_ms": rounded(sum(self.latencies_ms) / len(self.latencies_ms))
            if self.latencies_ms
            else None,
            "max_ms": rounded(max(self.latencies_ms)) if self.latencies_ms else None,
            "error_samples": self.error_samples,
        }


GoalCheck = Callable[[list[dict]], bool]


async def _send(
    session: aiohttp.ClientSession, rest_url: str, sender: str, text: str
) -> list[dict]:
    async with session.post(rest_url, json={"sender": sender, "message": text}) as response:
        body = await response.text()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:200]}")
    messages = json.loads(body)
    if not isinstance(messages, list):
        raise RuntimeError(f"unexpected reply: {body[:200]}")
    return messages


async def _replay(
    session,
    rest_url: str,
    conversation: Conversation,
    result: LevelResult,
    deadline: float,
    reached_goal: GoalCheck | None,
    sender_prefix: str,
) -> None:
    sender = f"{sender_prefix}-{uuid.uuid4().hex[:12]}"
    all_messages: list[dict] = []
    for text in conversation.turns:
        if time.monotonic() > deadline:
            return  # abandoned at the time limit: neither completed nor an error
        started = time.perf_counter()
        try:
            messages = await _send(session, rest_url, sender, text)
        except Exception as error:  # noqa: BLE001 - any failure is a counted error, the run goes on
            result.note_error(f"{conversation.name} {text!r}: {type(error).__name__}: {error}")
            return
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.turns += 1
        if not any(
            (message.get("text") or message.get("custom") or message.get("buttons"))
            for message in messages
        ):
            result.empty_replies += 1
        all_messages.extend(messages)
    result.conversations_completed += 1
    if reached_goal is not None and reached_goal(all_messages):
        result.conversations_reached_goal += 1


async def run_level(
    rest_url: str,
    conversations: Sequence[Conversation],
    users: int,
    max_conversations: int,
    max_seconds: float,
    reached_goal: GoalCheck | None = None,
    sender_prefix: str = "bench",
) -> LevelResult:
    """``users`` concurrent users replaying ``conversations`` round-robin.

    Each conversation is one visitor with its own keep-alive connection, opened when the
    conversation starts, as a browser tab would. (One pool shared by all users pinned
    whichever connections happened to open first to one server process for the whole
    level: with several Sanic workers, the kernel's spread of those few connections, not
    the server, decided the result.)
    """
    result = LevelResult(users=users)
    scripts = itertools.cycle(conversations)
    started_count = itertools.count()
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    start = time.monotonic()
    deadline = start + max_seconds

    async def user() -> None:
        while time.monotonic() < deadline and next(started_count) < max_conversations:
            result.conversations_started += 1
            async with aiohttp.ClientSession(timeout=timeout) as visitor:
                await _replay(
                    visitor, rest_url, next(scripts), result, deadline, reached_goal, sender_prefix
                )

    await asyncio.gather(*(user() for _ in range(users)))
    result.elapsed_s = time.monotonic() - start
    return result


def run_level_sync(*args, **kwargs) -> LevelResult:
    return asyncio.run(run_level(*args, **kwargs))
