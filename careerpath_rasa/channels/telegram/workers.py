"""One worker task per chat, at most one process per chat (a lease in the database).

Used twice: the updates of a chat are handled one after the other in ``update_id`` order,
and the outbox of a chat is sent one message after the other in ``id`` order. ``wake``
starts the chat's worker or nudges the running one; the worker stops when the chat has
nothing left, and a periodic sweep (``WorkerPool.wake_all``) picks up rows left by a
restart or by a replica that died.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import SQLAlchemyError

from careerpath.delivery import leases

logger = logging.getLogger(__name__)

LEASE_TRIES = 3
LEASE_RETRY_SECONDS = 0.3

# serve(chat_id) -> True when it did something and should be called again, False when
# the chat has nothing left; it holds the chat's lease while it runs.
ServeOnce = Callable[[int], Awaitable[bool]]


class WorkerPool:
    def __init__(
        self,
        channel: str,
        purpose: str,
        owner: str,
        serve_once: ServeOnce,
        lease_seconds: float,
        url: str | None = None,
    ) -> None:
        self.channel, self.purpose, self.owner = channel, purpose, owner
        self.lease_seconds = lease_seconds
        self.url = url
        self._serve_once = serve_once
        self._tasks: dict[int, asyncio.Task] = {}
        self._nudges: dict[int, asyncio.Event] = {}
        self._closing = False

    def wake(self, chat_id: int) -> None:
        nudge = self._nudges.setdefault(chat_id, asyncio.Event())
        nudge.set()
        task = self._tasks.get(chat_id)
        if task is None or task.done():
            self._tasks[chat_id] = asyncio.create_task(
                self._run(chat_id, nudge), name=f"{self.purpose}-{chat_id}"
            )

    def nudge(self, chat_id: int) -> asyncio.Event:
        return self._nudges.setdefault(chat_id, asyncio.Event())

    @property
    def busy(self) -> bool:
        return any(not task.done() for task in self._tasks.values())

    async def wait_idle(self, timeout: float) -> bool:
        deadline = asyncio.get_running_loop().time() + timeout
        while self.busy:
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def stop(self, grace_seconds: float = 0.0) -> None:
        """Lets each worker finish the item in hand (up to ``grace_seconds``), cancels what
        still runs, and hands the chats over (a restarted server or another replica takes
        them at once instead of after the lease expires)."""
        self._closing = True
        running = {chat_id: task for chat_id, task in self._tasks.items() if not task.done()}
        if running and grace_seconds > 0:
            await asyncio.wait(list(running.values()), timeout=grace_seconds)
        for task in running.values():
            task.cancel()
        await asyncio.gather(*running.values(), return_exceptions=True)
        self._closing = False
        self._tasks.clear()
        for chat_id in running:
            await self._release(chat_id)

    async def _run(self, chat_id: int, nudge: asyncio.Event) -> None:
        try:
            while not self._closing:
                nudge.clear()
                held = await self._acquire(chat_id)
                if not held:
                    return  # another replica serves this chat; the sweep looks again later
                try:
                    more = await self._serve_once(chat_id)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    logger.exception(
                        "Telegram %s of chat %s: unexpected failure.", self.purpose, chat_id
                    )
                    await asyncio.sleep(1.0)
                    more = True
                if not more and not nudge.is_set():
                    break
        finally:
            # No await between the last check and leaving the table: a wake() after this
            # point starts a new task.
            if self._tasks.get(chat_id) is asyncio.current_task():
                del self._tasks[chat_id]
        if chat_id in self._tasks:
            return  # a new worker of this process already holds (and renews) the lease
        await self._release(chat_id)

    async def _acquire(self, chat_id: int) -> bool:
        """The chat's lease; a few short tries, since a replica about to finish the chat
        releases it within moments (the sweep would otherwise pick the chat up later)."""
        for attempt in range(LEASE_TRIES):
            if attempt:
                await asyncio.sleep(LEASE_RETRY_SECONDS)
            held = await asyncio.to_thread(
                leases.acquire_lease,
                self.channel,
                chat_id,
                self.purpose,
                self.owner,
                self.lease_seconds,
                self.url,
            )
            if held:
                return True
        return False

    async def _release(self, chat_id: int) -> None:
        try:
            await asyncio.to_thread(
                leases.release_lease, self.channel, chat_id, self.purpose, self.owner, self.url
            )
        except SQLAlchemyError:  # the lease expires by itself
            logger.debug("Could not release the %s lease of chat %s.", self.purpose, chat_id)

    async def wake_all(self, chat_ids: list[int]) -> None:
        for chat_id in chat_ids:
            task = self._tasks.get(chat_id)
            if task is None or task.done():
                self.wake(chat_id)
