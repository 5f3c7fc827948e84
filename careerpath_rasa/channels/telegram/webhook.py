"""The Telegram input channel: the webhook at ``/webhooks/telegram/webhook``.

Registered in credentials.yml as ``careerpath_rasa.channels.telegram.webhook.SecureTelegramInput``.
Every update must carry Telegram's ``X-Telegram-Bot-Api-Secret-Token`` header equal to
TELEGRAM_WEBHOOK_SECRET (constant-time compare). Forged updates get 403, malformed ones
400, oversized ones 413, and none of them reaches the conversation. Without a token and
a secret the route answers 503 and the rest of the server runs normally.

An accepted update is recorded in the project database and answered 200 at once; the
conversation handles it in the background (``turns``), and replies leave through the
outbox (``delivery``). Telegram re-sends an update it got no quick answer for, so a slow
turn must not hold the answer; the record makes a re-sent update - after a restart, or
at another replica - a duplicate that is acknowledged and dropped. Updates recorded but
not handled, and replies not sent, are resumed at start-up and by a sweep every few
seconds (rows a stopped replica left).

Nothing here touches the Bot API at start-up; its session is created inside the loop that
serves the first update and closed when the server stops. ``GET /webhooks/telegram/``
reports the delivery counters (sent, retried, throttled, failed) and the backlog.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from careerpath.delivery import store
from careerpath_rasa import patches
from careerpath_rasa.channels.telegram.bot_api import BotApiClient
from careerpath_rasa.channels.telegram.delivery import CHANNEL, OutboxSender
from careerpath_rasa.channels.telegram.output import TelegramOutput
from careerpath_rasa.channels.telegram.settings import TelegramSettings
from careerpath_rasa.channels.telegram.turns import (
    FAILURE_REPLY,
    TEXT_ONLY_REPLY,
    UNKNOWN_COMMAND_REPLY,
    OnNewMessage,
    TurnHandler,
    stored_body,
)
from careerpath_rasa.channels.telegram.updates import MalformedUpdate, parse_update
from careerpath_rasa.channels.telegram.workers import WorkerPool

patches.install()  # Rasa may load this module before any other of ours (see patches)

logger = logging.getLogger(__name__)

__all__ = [
    "FAILURE_REPLY",
    "SECRET_HEADER",
    "TEXT_ONLY_REPLY",
    "UNKNOWN_COMMAND_REPLY",
    "SecureTelegramInput",
]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Real updates are a few kB (a message holds at most 4,096 characters); a bigger body is
# not from Telegram and would cost NLU time on megabytes of text.
MAX_UPDATE_BYTES = 256 * 1024
# A turn of the real model takes seconds; a replica that died releases its chats after this.
UPDATE_LEASE_SECONDS = 120.0
SWEEP_SECONDS = 5.0
# Telegram re-sends an update for up to a day; finished messages keep their keyboards
# (for checking presses) about as long as a conversation stays relevant.
KEEP_UPDATES = timedelta(days=2)
KEEP_MESSAGES = timedelta(days=14)
PRUNE_EVERY_SWEEPS = 720  # about an hour
# On shutdown a turn in progress may finish (its update is then not handled twice after
# the restart); a send in progress too (a message cut off mid-call could arrive twice).
STOP_GRACE_SECONDS = 10.0


class SecureTelegramInput(InputChannel):
    """Webhook at ``/webhooks/telegram/webhook``; see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SecureTelegramInput:
        return cls(TelegramSettings.from_env(overrides=credentials))

    def __init__(
        self, settings: TelegramSettings | None = None, database_url: str | None = None
    ) -> None:
        self.settings = settings or TelegramSettings.from_env()
        self.database_url = database_url
        self.api = BotApiClient(
            self.settings.token,
            self.settings.api_base_url,
            timeout=self.settings.api_timeout_seconds,
        )
        # Leases name the process, so replicas (and a restarted server) tell theirs apart.
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.outbox = OutboxSender(self.api, self.settings, self.owner, database_url)
        self.output = TelegramOutput(self.outbox)
        self.turns = TurnHandler(self.output, self.outbox, self.settings.bot_username, database_url)
        self.updates = WorkerPool(
            CHANNEL, "updates", self.owner, self._handle_next, UPDATE_LEASE_SECONDS, database_url
        )
        self._sweeper: asyncio.Task | None = None
        self.stop_grace_seconds = STOP_GRACE_SECONDS
        self._background: set[asyncio.Task] = set()
        problems = self.settings.problems()
        if problems:
            logger.warning(
                "Telegram channel disabled (%s); /webhooks/telegram/webhook answers 503.",
                "; ".join(problems),
            )

    def get_output_channel(self) -> OutputChannel | None:
        return None if self.settings.problems() else self.output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        telegram_webhook = Blueprint("careerpath_telegram_webhook", __name__)
        self.turns.on_new_message = on_new_message

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            body: dict[str, Any] = {"status": "ok", "configured": not self.settings.problems()}
            if not self.settings.problems():
                body["delivery"] = self.outbox.stats.snapshot()
            return response.json(body)

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.handle_webhook(request)

        @telegram_webhook.listener("after_server_start")
        async def resume(app: Any, *_: Any) -> None:
            self.turns.app = app  # the replies said around a turn read its agent's trackers
            self.start_background_work()

        @telegram_webhook.listener("before_server_stop")
        async def stop(*_: Any) -> None:
            await self.stop_background_work()

        @telegram_webhook.listener("after_server_stop")
        async def close_api_session(*_: Any) -> None:
            await self.api.close()

        return telegram_webhook

    # ---- the webhook ---------------------------------------------------------------------
    async def handle_webhook(self, request: Request) -> HTTPResponse:
        problems = self.settings.problems()
        if problems:
            return response.json(
                {"error": "Telegram channel is not configured: " + "; ".join(problems)}, status=503
            )
        if not self._secret_matches(request.headers.get(SECRET_HEADER)):
            logger.warning("Telegram webhook: rejected an update without the right secret token.")
            return response.json({"error": "forbidden"}, status=403)
        if len(request.body or b"") > MAX_UPDATE_BYTES:
            return response.json(
                {"error": f"update too large (limit {MAX_UPDATE_BYTES} bytes)"}, status=413
            )
        try:
            update = parse_update(request.body or b"", self.settings.bot_username)
        except MalformedUpdate as error:
            return response.json({"error": f"malformed update: {error}"}, status=400)
        self.turns.app = self.turns.app or request.app
        self.start_background_work()
        if update.chat_id is None or update.kind == "ignore":
            # Nothing to answer; a press on a message we cannot see still stops its spinner.
            if update.callback_query_id:
                self._in_background(self.turns.answer_press(update.callback_query_id))
            return response.json({"status": "ok"})
        # The user's own new messages are numbered; edits of old ones are told apart by it.
        own_message = update.kind != "button" and not update.edited
        try:
            first_time = await asyncio.to_thread(
                store.record_update,
                CHANNEL,
                update.update_id,
                update.chat_id,
                update.message_id if own_message else None,
                stored_body(request.body),
                self.database_url,
            )
        except Exception:
            # Not recorded, so not acknowledged: Telegram will deliver it again.
            logger.exception("Telegram: could not record update %s.", update.update_id)
            return response.json({"error": "please retry"}, status=503)
        if not first_time:
            return response.json({"status": "duplicate"})
        self.updates.wake(update.chat_id)
        return response.json({"status": "ok"})

    def _secret_matches(self, supplied: str | None) -> bool:
        if not supplied:
            return False
        return hmac.compare_digest(supplied.encode("utf-8"), self.settings.secret.encode("utf-8"))

    # ---- background work -------------------------------------------------------------------
    async def _handle_next(self, chat_id: int) -> bool:
        pending = await asyncio.to_thread(store.next_update, CHANNEL, chat_id, self.database_url)
        if pending is None:
            return False
        # Not finished when the turn is cancelled (the server stops) or the database fails:
        # the update stays pending and is handled after the restart, or by the next try.
        try:
            await self.turns.handle(pending.body)
        except MalformedUpdate:
            logger.warning("Telegram: stored update %s cannot be read; dropped.", pending.update_id)
        await asyncio.to_thread(store.finish_update, pending.row_id, self.database_url)
        return True

    def start_background_work(self) -> None:
        if self.settings.problems():
            return
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.create_task(self._sweep_forever(), name="telegram-sweep")

    async def stop_background_work(self) -> None:
        sweeper, self._sweeper = self._sweeper, None
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        await self.updates.stop(self.stop_grace_seconds)
        await self.outbox.workers.stop(min(self.stop_grace_seconds, 2.0))

    async def wait_idle(self, timeout: float = 30.0) -> bool:
        """True once no update is being handled and no message waits to be sent (tests)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.updates.busy or self.outbox.workers.busy:
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def _sweep_forever(self) -> None:
        sweeps = 0
        while True:
            try:
                chats = await asyncio.to_thread(
                    store.chats_with_pending_updates, CHANNEL, self.database_url
                )
                await self.updates.wake_all(chats)
                await self.outbox.resume()
                if sweeps % PRUNE_EVERY_SWEEPS == 0:
                    now = datetime.utcnow()
                    await asyncio.to_thread(
                        store.prune,
                        CHANNEL,
                        now - KEEP_UPDATES,
                        now - KEEP_MESSAGES,
                        self.database_url,
                    )
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Telegram: the delivery sweep failed; trying again.")
            sweeps += 1
            await asyncio.sleep(SWEEP_SECONDS)

    def _in_background(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)  # a reference, so the task is not collected mid-way
        task.add_done_callback(self._background.discard)
