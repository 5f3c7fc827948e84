"""The Telegram input channel: the webhook at ``/webhooks/telegram/webhook``.

Registered in credentials.yml as ``careerpath_rasa.channels.telegram.webhook.SecureTelegramInput``.
Every update must carry Telegram's ``X-Telegram-Bot-Api-Secret-Token`` header equal to
TELEGRAM_WEBHOOK_SECRET (constant-time compare). Forged updates get 403, malformed ones
400, oversized ones 413, and none of them reaches the conversation. Without a token and
a secret the route answers 503 and the rest of the server runs normally.

Nothing here touches the network at start-up; the Bot API session is created inside the
loop that serves the first update and closed when the server stops.
"""
from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from careerpath.senders import telegram_sender
from careerpath.wording import text
from careerpath_rasa import patches
from careerpath_rasa.channels.telegram.bot_api import BotApiClient, TelegramApiError
from careerpath_rasa.channels.telegram.output import TelegramOutput
from careerpath_rasa.channels.telegram.settings import TelegramSettings
from careerpath_rasa.channels.telegram.updates import (
    IncomingUpdate,
    MalformedUpdate,
    RecentUpdates,
    parse_update,
)

patches.install()  # Rasa may load this module before any other of ours (see patches)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Real updates are a few kB (a message holds at most 4,096 characters); a bigger body is
# not from Telegram and would cost NLU time on megabytes of text.
MAX_UPDATE_BYTES = 256 * 1024

TEXT_ONLY_REPLY = text("telegram.text_only")
UNKNOWN_COMMAND_REPLY = text("telegram.unknown_command")
EXPIRED_BUTTON_REPLY = text("telegram.button_expired")
FAILURE_REPLY = text("telegram.failure")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class SecureTelegramInput(InputChannel):
    """Webhook at ``/webhooks/telegram/webhook``; see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SecureTelegramInput:
        return cls(TelegramSettings.from_env(overrides=credentials))

    def __init__(self, settings: TelegramSettings | None = None) -> None:
        self.settings = settings or TelegramSettings.from_env()
        self.api = BotApiClient(self.settings.token, self.settings.api_base_url)
        self.output = TelegramOutput(self.api)
        self.recent_updates = RecentUpdates()
        problems = self.settings.problems()
        if problems:
            logger.warning("Telegram channel disabled (%s); /webhooks/telegram/webhook answers "
                           "503.", "; ".join(problems))

    def get_output_channel(self) -> OutputChannel | None:
        return None if self.settings.problems() else self.output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        telegram_webhook = Blueprint("careerpath_telegram_webhook", __name__)

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": not self.settings.problems()})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.handle_webhook(request, on_new_message)

        @telegram_webhook.listener("after_server_stop")
        async def close_api_session(*_: Any) -> None:
            await self.api.close()

        return telegram_webhook

    async def handle_webhook(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        problems = self.settings.problems()
        if problems:
            return response.json(
                {"error": "Telegram channel is not configured: " + "; ".join(problems)},
                status=503)
        if not self._secret_matches(request.headers.get(SECRET_HEADER)):
            logger.warning("Telegram webhook: rejected an update without the right secret token.")
            return response.json({"error": "forbidden"}, status=403)
        if len(request.body or b"") > MAX_UPDATE_BYTES:
            return response.json({"error": f"update too large (limit {MAX_UPDATE_BYTES} bytes)"},
                                 status=413)
        try:
            update = parse_update(request.body or b"", self.settings.bot_username)
        except MalformedUpdate as error:
            return response.json({"error": f"malformed update: {error}"}, status=400)
        if not self.recent_updates.first_time(update.update_id):
            return response.json({"status": "duplicate"})
        await self._dispatch(update, on_new_message)
        return response.json({"status": "ok"})

    def _secret_matches(self, supplied: str | None) -> bool:
        if not supplied:
            return False
        return hmac.compare_digest(supplied.encode("utf-8"), self.settings.secret.encode("utf-8"))

    async def _dispatch(self, update: IncomingUpdate, on_new_message: OnNewMessage) -> None:
        if update.callback_query_id:
            # Stops the spinner on the pressed button, whatever happens next.
            await self._best_effort("answerCallbackQuery",
                                    callback_query_id=update.callback_query_id)
        if update.kind == "ignore" or update.chat_id is None:
            return
        if update.kind == "media":
            await self._best_effort("sendMessage", chat_id=update.chat_id, text=TEXT_ONLY_REPLY)
            return
        if update.kind == "unknown_command":
            await self._best_effort("sendMessage", chat_id=update.chat_id,
                                    text=UNKNOWN_COMMAND_REPLY)
            return
        texts = self._texts_for_rasa(update)
        if texts is None:
            await self._best_effort("sendMessage", chat_id=update.chat_id,
                                    text=EXPIRED_BUTTON_REPLY)
            return
        await self._best_effort("sendChatAction", chat_id=update.chat_id, action="typing")
        try:
            for text in texts:
                await on_new_message(UserMessage(text, self.output, telegram_sender(update.chat_id),
                                                 input_channel=self.name(),
                                                 metadata=update.metadata))
        except Exception:
            logger.exception("Telegram: handling update %s failed.", update.update_id)
            await self._best_effort("sendMessage", chat_id=update.chat_id, text=FAILURE_REPLY)

    def _texts_for_rasa(self, update: IncomingUpdate) -> list[str] | None:
        if update.kind == "button":
            payload = self.output.callback_store.payload(update.text)
            return None if payload is None else [payload]
        if update.kind == "command" and update.text == "/restart":
            # Restart wipes the conversation; the greeting that follows tells the user it worked.
            return ["/restart", "/greet"]
        return [update.text]

    async def _best_effort(self, method: str, **params: Any) -> None:
        try:
            await self.api.call(method, **params)
        except TelegramApiError as error:
            logger.warning("%s", error)
