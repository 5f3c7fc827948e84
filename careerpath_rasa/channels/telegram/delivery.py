"""The outbox sender: every message owed to a chat leaves in order, within Telegram's limits,
and survives failures.

- Order: one worker per chat sends the chat's oldest pending outbox row, and only then
  the next (``workers``); rows are in the database, so a restart resumes where it stopped.
- Limits: at most one message per ``chat_interval_seconds`` in a chat and
  ``global_rate_per_second`` in this process (Telegram allows about 1/s per chat and 30/s
  per bot). Chat actions, button answers and keyboard edits count only towards the
  global rate.
- Failures: 429 waits ``retry_after``; timeouts, refused connections and 5xx wait
  ``backoff_seconds`` doubled per attempt (at most ``backoff_max_seconds``); after
  ``send_attempts`` tries, or at once for a refusal such as "chat not found", the message
  is marked failed, logged at ERROR and counted (``DeliveryStats``, shown by the health
  route). HTML Telegram cannot parse is re-sent as plain text.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from careerpath.delivery import store
from careerpath_rasa.channels.formatting import html_to_plain
from careerpath_rasa.channels.telegram.bot_api import BotApiClient, TelegramApiError
from careerpath_rasa.channels.telegram.documents import report_document
from careerpath_rasa.channels.telegram.settings import TelegramSettings
from careerpath_rasa.channels.telegram.workers import WorkerPool

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
# Messages a user sees arrive: these count towards the per-chat limit.
CHAT_LIMITED_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
# Worth nothing late: one try, and a failure is not a lost reply.
BEST_EFFORT_METHODS = frozenset({"sendChatAction"})
# Keyboard removals that find the message gone or already bare have done their job.
HARMLESS_EDIT_ERRORS = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
)
LEASE_SECONDS = 60.0
SPACING_MARGIN = 1.03


@dataclass
class Ticket:
    chat_id: int
    per_chat: bool
    mark: list[float]


class DeliveryStats:
    """Counters of the sender (also logged): sent, retried, throttled, failed, dropped."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, name: str, amount: int = 1) -> None:
        self.counts[name] += amount

    def snapshot(self) -> dict[str, int]:
        return dict(self.counts)


class RateLimiter:
    """Holds each call until it is within both limits, checked when the call is about to
    leave (not when it was queued: a worker that wakes late must not make a burst):

    - overall, at most ``window_calls`` calls in any ``window`` seconds (30 in 1 s for
      ``global_rate=30``; 1 in 2 s for 0.5), the calls spread by a pacing of one slot per
      ``1/global_rate`` seconds;
    - per chat, for messages the user sees, ``chat_interval`` after the chat's previous
      call *finished*: a busy event loop can delay a call after it left the limiter, and
      counting from its end keeps the arrivals at Telegram apart too.

    ``wait`` returns a ticket; ``finished(ticket)`` is called when the call is over.
    ``SPACING_MARGIN`` widens both limits a little."""

    def __init__(self, chat_interval: float, global_rate: float) -> None:
        self.chat_interval = chat_interval * SPACING_MARGIN
        self.window_calls = max(1, int(global_rate))
        self.window = self.window_calls / global_rate * SPACING_MARGIN
        self.pacing = 1.0 / global_rate
        # Start times of the latest calls, replaced by their end times once they finish.
        self._recent: deque[list[float]] = deque(maxlen=self.window_calls)
        self._next_slot = 0.0
        self._next_in_chat: dict[int, float] = {}

    async def wait(self, chat_id: int, per_chat: bool) -> Ticket:
        # Pacing: a slot reserved up front keeps concurrent workers in a queue ...
        now = time.monotonic()
        slot = max(now, self._next_slot)
        self._next_slot = slot + self.pacing
        if slot > now:
            await asyncio.sleep(slot - now)
        # ... and the limits are checked again at the moment of leaving.
        while True:
            now = time.monotonic()
            ready = now
            if per_chat:
                ready = max(ready, self._next_in_chat.get(chat_id, 0.0))
            if len(self._recent) == self.window_calls:
                ready = max(ready, min(mark[0] for mark in self._recent) + self.window)
            if ready <= now:
                break
            await asyncio.sleep(ready - now)
        mark = [now]
        self._recent.append(mark)
        if per_chat:
            # Nothing else for this chat until this call finished (see ``finished``).
            self._next_in_chat[chat_id] = float("inf")
        return Ticket(chat_id, per_chat, mark)

    def finished(self, ticket: Ticket) -> None:
        now = time.monotonic()
        ticket.mark[0] = now
        if ticket.per_chat:
            previous = self._next_in_chat.get(ticket.chat_id, 0.0)
            held = previous if previous != float("inf") else 0.0
            self._next_in_chat[ticket.chat_id] = max(held, now + self.chat_interval)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram asked this chat to wait (429): no message before then."""
        until = time.monotonic() + seconds
        self._next_in_chat[chat_id] = max(self._next_in_chat.get(chat_id, 0.0), until)


class OutboxSender:
    """Sends each chat's outbox; ``wake(chat_id)`` after enqueueing."""

    def __init__(
        self, api: BotApiClient, settings: TelegramSettings, owner: str, url: str | None = None
    ) -> None:
        self.api = api
        self.settings = settings
        self.url = url
        self.stats = DeliveryStats()
        self._paced_here: set[int] = set()  # chats whose last send this process knows
        self.limiter = RateLimiter(settings.chat_interval_seconds, settings.global_rate_per_second)
        self.workers = WorkerPool(CHANNEL, "outbox", owner, self._send_next, LEASE_SECONDS, url)

    def wake(self, chat_id: int) -> None:
        self.workers.wake(chat_id)

    async def enqueue(
        self,
        chat_id: int,
        method: str,
        params: dict[str, Any],
        buttons: dict[str, str] | None = None,
    ) -> None:
        await asyncio.to_thread(store.enqueue, CHANNEL, chat_id, method, params, buttons, self.url)
        self.wake(chat_id)

    async def resume(self) -> None:
        """Starts the workers of chats with pending messages (after a restart, or rows a
        replica that stopped left behind)."""
        chats = await asyncio.to_thread(store.chats_with_pending_messages, CHANNEL, self.url)
        await self.workers.wake_all(chats)

    async def _send_next(self, chat_id: int) -> bool:
        if chat_id not in self._paced_here:
            await self._respect_other_senders(chat_id)
        item = await asyncio.to_thread(store.next_outgoing, CHANNEL, chat_id, self.url)
        if item is None:
            # The worker stops; until it starts again another replica may send here.
            self._paced_here.discard(chat_id)
            return False
        wait = (item.next_attempt_at - datetime.utcnow()).total_seconds()
        if wait > 0:
            # Sleep in short steps so the lease stays renewed.
            await asyncio.sleep(min(wait, LEASE_SECONDS / 3))
            return True
        params = dict(item.params)
        if item.buttons is not None and not item.keyboard_open:
            # Answered before it even left (the user typed ahead): no live buttons.
            params.pop("reply_markup", None)
        ticket = await self.limiter.wait(chat_id, item.method in CHAT_LIMITED_METHODS)
        try:
            result = await self._call(item.method, params)
        except TelegramApiError as error:
            await self._handle_failure(item, params, error)
            return True
        finally:
            # After a failure's handling, so a 429's hold on the chat is kept.
            self.limiter.finished(ticket)
        message_id = result.get("message_id") if isinstance(result, dict) else None
        await asyncio.to_thread(store.mark_sent, item.row_id, message_id, self.url)
        self.stats.add("sent")
        return True

    async def _respect_other_senders(self, chat_id: int) -> None:
        """A worker starting on a chat continues the per-chat pacing of whoever sent there
        last (another replica, or this process before a restart)."""
        last = await asyncio.to_thread(
            store.last_sent_at, CHANNEL, chat_id, CHAT_LIMITED_METHODS, self.url
        )
        if last is not None:
            since = (datetime.utcnow() - last).total_seconds()
            if since < self.limiter.chat_interval:
                self.limiter.hold_chat(chat_id, self.limiter.chat_interval - since)
        self._paced_here.add(chat_id)

    async def _call(self, method: str, params: dict[str, Any]) -> Any:
        if method == "sendDocument" and "report_code" in params:
            document = await asyncio.to_thread(report_document, params["report_code"])
            if document is None:
                raise TelegramApiError(method, "the report is not in the database")
            return await self.api.upload(
                "sendDocument",
                "document",
                document.filename,
                document.content,
                "text/html",
                chat_id=str(params["chat_id"]),
                caption=document.caption,
                reply_markup=params.get("reply_markup"),
            )
        return await self.api.call(method, **params)

    async def _handle_failure(
        self, item: store.OutboxItem, params: dict[str, Any], error: TelegramApiError
    ) -> None:
        attempts = item.attempts + 1
        description = error.description.lower()
        if item.method == "editMessageReplyMarkup" and any(
            harmless in description for harmless in HARMLESS_EDIT_ERRORS
        ):
            await asyncio.to_thread(store.mark_sent, item.row_id, None, self.url)
            return
        if params.get("parse_mode") == "HTML" and "parse entities" in description:
            plain = {**params, "text": html_to_plain(params.get("text", "")), "parse_mode": None}
            plain = {key: value for key, value in plain.items() if value is not None}
            logger.warning("%s; sending it as plain text.", error)
            await asyncio.to_thread(store.replace_params, item.row_id, plain, self.url)
            return
        if item.method in BEST_EFFORT_METHODS:
            await asyncio.to_thread(
                store.mark_failed, item.row_id, str(error), attempts, self.url, store.DROPPED
            )
            self.stats.add("best_effort_dropped")
            return
        if error.transient and attempts < self.settings.send_attempts:
            if error.retry_after is not None:
                delay = float(error.retry_after)
                self.limiter.hold_chat(item.chat_id, delay)
                self.stats.add("throttled")
            else:
                delay = min(
                    self.settings.backoff_seconds * 2 ** (attempts - 1),
                    self.settings.backoff_max_seconds,
                )
                delay *= 1 + random.random() * 0.1  # replicas do not retry in lockstep
            self.stats.add("retried")
            logger.warning(
                "%s; attempt %d of %d, next in %.1f s.",
                error,
                attempts,
                self.settings.send_attempts,
                delay,
            )
            not_before = datetime.utcnow() + timedelta(seconds=delay)
            await asyncio.to_thread(
                store.reschedule, item.row_id, not_before, str(error), attempts, self.url
            )
            return
        await asyncio.to_thread(store.mark_failed, item.row_id, str(error), attempts, self.url)
        self.stats.add("failed")
        logger.error(
            "Telegram: gave up a %s to chat %s after %d attempt(s): %s "
            "(%d message(s) given up since start).",
            item.method,
            item.chat_id,
            attempts,
            error,
            self.stats.counts["failed"],
        )
