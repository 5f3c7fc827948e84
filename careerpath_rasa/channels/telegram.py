"""CareerPath's Telegram connector for Rasa 3.6 (registered in credentials.yml).

Why not Rasa's stock ``telegram`` connector:
- it calls ``setWebhook`` at start-up and ``getMe`` over the network for every update;
- it authenticates an update only by comparing the bot's own username, which anyone who
  knows the webhook URL can put into a forged update;
- with aiogram 2.15 + aiohttp 3.9 its Bot creates the HTTP session inside a short-lived
  start-up event loop, so every later webhook POST fails with "Event loop is closed".

This connector talks to the Bot API with aiohttp directly. Its HTTP session is created
lazily inside the loop that handles the request (and re-created if the loop changes),
and closed when the server stops. Nothing touches the network at start-up; the webhook
is registered separately (``make telegram-webhook``, ``careerpath_rasa/channels/telegram_setup.py``).

Every update must carry Telegram's ``X-Telegram-Bot-Api-Secret-Token`` header equal to
TELEGRAM_WEBHOOK_SECRET (constant-time compare). Forged updates get 403, malformed ones
400, and neither reaches the conversation.

Configuration comes from the environment only (secrets never live in committed files):
TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_BASE_URL (default
https://api.telegram.org; a self-hosted Bot API server or the tests' fake),
TELEGRAM_BOT_USERNAME (optional: commands addressed to another bot are ignored).
The credentials.yml section may override the non-secret ``api_base_url`` and
``bot_username``; a token or secret put there is ignored with a warning.

Only private chats are served: in groups the bot would see (or be asked about) other
people's conversations, and a career profile is personal.

Conversation ids are namespaced: chat 777001 is Rasa sender ``"tg:777001"``
(careerpath/senders.py). Rasa keys conversations by sender id alone, so a bare chat
id would let a REST client that sends ``"sender": "777001"`` read and continue this user's
chat; the REST channel refuses ids in the ``tg:`` namespace. The output channel maps the
sender id back to the chat id and sends nothing to an id outside the namespace.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage

from careerpath_rasa.channels.formatting import (
    CallbackPayloadStore,
    html_to_plain,
    inline_keyboard,
    is_recommendation_payload,
    render_recommendations,
    split_message,
)
from careerpath.senders import telegram_chat_id, telegram_sender

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's own rule for secret_token in setWebhook.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
API_TIMEOUT_SECONDS = 20

# Telegram commands -> Rasa's "/intent" shortcut.
COMMAND_INTENTS = {
    "/start": "/greet",
    "/restart": "/restart",
    "/help": "/help",
    "/guided": "/guided_mode",
    "/forget": "/forget_me",
}
# Update fields that carry something other than text the bot could read.
MEDIA_FIELDS = (
    "sticker", "photo", "voice", "audio", "video", "video_note", "document",
    "animation", "location", "venue", "contact", "poll", "dice",
)

TEXT_ONLY_REPLY = (
    "Sorry, I can read text only. Please type your answer - for example "
    "\"I did B.Com and know Excel\" - or send /help."
)
UNKNOWN_COMMAND_REPLY = (
    "I don't know that command. These work: /start to begin, /guided for a counselor "
    "session, /restart to start over, /forget to delete your data, /help for help."
)
EXPIRED_BUTTON_REPLY = "That button has expired. Please type your answer instead."
FAILURE_REPLY = "Sorry, something went wrong on my side. Please send your message again in a moment."
# Real updates are a few kB (a message holds at most 4,096 characters); a bigger body is
# not from Telegram and would cost NLU time on megabytes of text.
MAX_UPDATE_BYTES = 256 * 1024


# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TelegramSettings:
    token: str = ""
    secret: str = ""
    api_base_url: str = DEFAULT_API_BASE_URL
    bot_username: str = ""
    webhook_url: str = ""

    @classmethod
    def from_env(cls, environ: Optional[Dict[str, str]] = None,
                 overrides: Optional[Dict[str, Any]] = None) -> "TelegramSettings":
        environ = os.environ if environ is None else environ
        overrides = dict(overrides or {})
        for secret_key in ("access_token", "token", "secret", "webhook_secret", "verify"):
            if overrides.pop(secret_key, None) is not None:
                logger.warning("credentials.yml: telegram '%s' is ignored; secrets come from the "
                               "environment (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET).", secret_key)
        base_url = overrides.get("api_base_url") or environ.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL
        username = overrides.get("bot_username") or environ.get("TELEGRAM_BOT_USERNAME") or ""
        return cls(
            token=environ.get("TELEGRAM_BOT_TOKEN", "").strip(),
            secret=environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
            api_base_url=str(base_url).strip().rstrip("/"),
            bot_username=str(username).strip().lstrip("@"),
            webhook_url=environ.get("TELEGRAM_WEBHOOK_URL", "").strip(),
        )

    def problems(self) -> List[str]:
        """What keeps the connector from serving updates (empty when it is ready)."""
        problems = []
        if not self.token:
            problems.append("TELEGRAM_BOT_TOKEN is not set")
        if not self.secret:
            problems.append("TELEGRAM_WEBHOOK_SECRET is not set")
        elif not SECRET_PATTERN.match(self.secret):
            problems.append("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return problems


# ---------------------------------------------------------------------------
# Bot API client
# ---------------------------------------------------------------------------
class TelegramApiError(Exception):
    def __init__(self, method: str, description: str, error_code: Optional[int] = None) -> None:
        super().__init__(f"Telegram {method} failed: {description}" + (f" ({error_code})" if error_code else ""))
        self.method = method
        self.description = description
        self.error_code = error_code


class BotApiClient:
    """Minimal Bot API client; one aiohttp session per event loop, created on first use.

    The session is bound to the loop that creates it. Rasa builds channels before its
    server loop runs, so creating anything loop-bound in ``__init__`` would repeat the
    stock connector's "Event loop is closed" bug.
    """

    def __init__(self, token: str, base_url: str = DEFAULT_API_BASE_URL,
                 timeout: float = API_TIMEOUT_SECONDS) -> None:
        self._token = token
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: Optional[aiohttp.ClientSession] = None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None

    def method_url(self, method: str) -> str:
        return f"{self.base_url}/bot{self._token}/{method}"

    async def _current_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session_loop is not loop:
            # A session of another (probably finished) loop cannot be used or closed
            # from here; it is dropped and garbage-collected.
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._session_loop = loop
        return self._session

    async def call(self, method: str, **params: Any) -> Any:
        """Calls ``method``; returns its ``result`` or raises TelegramApiError."""
        payload = {key: value for key, value in params.items() if value is not None}
        session = await self._current_session()
        try:
            async with session.post(self.method_url(method), json=payload) as reply:
                try:
                    body = await reply.json(content_type=None)
                except ValueError:
                    raise TelegramApiError(method, f"HTTP {reply.status} with a body that is not JSON", reply.status)
        except aiohttp.ClientError as error:
            # aiohttp's messages can contain the URL, and the URL contains the token.
            raise TelegramApiError(method, self._redact(f"{type(error).__name__}: {error}")) from None
        except asyncio.TimeoutError:
            raise TelegramApiError(method, "timed out") from None
        if not isinstance(body, dict) or not body.get("ok"):
            description = body.get("description", "no description") if isinstance(body, dict) else "bad reply"
            code = body.get("error_code") if isinstance(body, dict) else None
            raise TelegramApiError(method, self._redact(str(description)), code)
        return body.get("result")

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "<token>") if self._token else text

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed and self._session_loop is asyncio.get_running_loop():
            await session.close()
        self._session_loop = None


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
class TelegramOutput(OutputChannel):
    """Sends the assistant's messages to one Telegram chat (recipient id = "tg:<chat id>")."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, api: BotApiClient, callback_store: Optional[CallbackPayloadStore] = None) -> None:
        self.api = api
        self.callback_store = callback_store or CallbackPayloadStore()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        custom = message.get("custom")
        if is_recommendation_payload(custom):
            # The message's text is the plain-text copy of the same cards (for channels
            # that cannot render them); sending both would say everything twice.
            await self.send_recommendations(recipient_id, custom, buttons=message.get("buttons"))
            return
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # No parse mode: the text (which may echo what the user typed) is shown verbatim.
        await self._send_pieces(recipient_id, split_message(text or ""), parse_mode=None)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        pieces = split_message(text or "") or ["Please choose:"]
        await self._send_pieces(recipient_id, pieces, parse_mode=None, buttons=buttons)

    async def send_recommendations(self, recipient_id: Text, payload: Dict[str, Any],
                                   buttons: Optional[List[Dict[str, Any]]] = None) -> None:
        pieces = split_message(render_recommendations(payload), html_mode=True)
        await self._send_pieces(recipient_id, pieces, parse_mode="HTML", buttons=buttons)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if is_recommendation_payload(json_message):
            await self.send_recommendations(recipient_id, json_message)
        elif isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            # Raw JSON would mean nothing to a Telegram user.
            logger.debug("Telegram: custom payload without a Telegram rendering was not sent.")

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is not None:
            await self.api.call("sendPhoto", chat_id=chat_id, photo=image)

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def send_typing(self, recipient_id: Text) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is not None:
            await self.api.call("sendChatAction", chat_id=chat_id, action="typing")

    async def _send_pieces(self, recipient_id: Text, pieces: List[str], parse_mode: Optional[str],
                           buttons: Optional[List[Dict[str, Any]]] = None) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is None:
            return
        # The keyboard goes under the last piece, next to the question it answers.
        for index, piece in enumerate(pieces):
            markup = None
            if buttons and index == len(pieces) - 1:
                markup = inline_keyboard(buttons, self.callback_store)
            await self._send_piece(chat_id, piece, parse_mode, markup)

    async def _send_piece(self, chat_id: Any, text: str, parse_mode: Optional[str],
                          markup: Optional[Dict[str, Any]]) -> None:
        # A message Telegram refuses is logged, not raised: raising would abort Rasa's
        # turn before the tracker is saved, and the user's answer would be lost.
        try:
            await self.api.call("sendMessage", chat_id=chat_id, text=text, parse_mode=parse_mode, reply_markup=markup)
        except TelegramApiError as error:
            logger.warning("%s", error)
            if parse_mode == "HTML" and "parse entities" in error.description:
                await self._send_piece(chat_id, html_to_plain(text), None, markup)


def _chat_id(recipient_id: Any) -> Optional[int]:
    """The chat of a Telegram conversation id ("tg:42" -> 42); None (logged) for any other id.

    Rasa's HTTP API can run an action of any conversation with output_channel=telegram;
    only conversations this connector created may reach a Telegram chat.
    """
    chat_id = telegram_chat_id(recipient_id)
    if chat_id is None:
        logger.warning("Telegram: %r is not a Telegram conversation id (tg:<chat id>); nothing was sent.",
                       str(recipient_id)[:80])
    return chat_id


# ---------------------------------------------------------------------------
# Reading updates
# ---------------------------------------------------------------------------
class MalformedUpdate(ValueError):
    pass


@dataclass(frozen=True)
class IncomingUpdate:
    """What one Telegram update asks the connector to do.

    kind: "text" (a user message for Rasa), "button" (an inline button press),
    "command" (a Telegram command mapped to a Rasa intent), "unknown_command",
    "media" (something other than text), or "ignore".
    """

    update_id: int
    kind: str
    chat_id: Optional[int] = None
    text: str = ""
    callback_query_id: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None


def parse_update(body: bytes, bot_username: str = "") -> IncomingUpdate:
    try:
        update = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedUpdate(f"body is not JSON: {error}") from None
    if not isinstance(update, dict) or not _is_int(update.get("update_id")):
        raise MalformedUpdate("not a Telegram Update: an object with an integer update_id is required")
    update_id = update["update_id"]

    if "callback_query" in update:
        return _button_update(update_id, _object(update, "callback_query"))
    # An edited message is read as a new message: Rasa has no notion of editing an earlier
    # turn, and a user who fixes a typo ("BCom" -> "B.Com") wants the fixed answer heard.
    for field_name in ("message", "edited_message"):
        if field_name in update:
            return _message_update(update_id, _object(update, field_name), bot_username)
    # channel_post, inline_query, my_chat_member ...: nothing a career chat answers.
    return IncomingUpdate(update_id, "ignore")


def _object(container: Dict[str, Any], key: str) -> Dict[str, Any]:
    value = container.get(key)
    if not isinstance(value, dict):
        raise MalformedUpdate(f"'{key}' must be an object")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _private_chat_id(message: Dict[str, Any]) -> Optional[int]:
    chat = _object(message, "chat")
    if not _is_int(chat.get("id")):
        raise MalformedUpdate("chat.id must be an integer")
    return chat["id"] if chat.get("type") == "private" else None


def _sender(container: Dict[str, Any]) -> Dict[str, Any]:
    sender = container.get("from")
    return sender if isinstance(sender, dict) else {}


def _metadata(update_id: int, chat_id: int, sender: Dict[str, Any], message_id: Any = None) -> Dict[str, Any]:
    telegram = {
        "update_id": update_id,
        "chat_id": chat_id,
        "user_id": sender.get("id"),
        "username": sender.get("username"),
        "language_code": sender.get("language_code"),
        "message_id": message_id,
    }
    return {"telegram": {key: value for key, value in telegram.items() if value is not None}}


def _message_update(update_id: int, message: Dict[str, Any], bot_username: str) -> IncomingUpdate:
    chat_id = _private_chat_id(message)
    sender = _sender(message)
    if chat_id is None or sender.get("is_bot"):
        return IncomingUpdate(update_id, "ignore")
    metadata = _metadata(update_id, chat_id, sender, message.get("message_id"))
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        text = text.strip()
        if text.startswith("/"):
            return _command_update(update_id, chat_id, text, bot_username, metadata)
        return IncomingUpdate(update_id, "text", chat_id, text, metadata=metadata)
    if any(field_name in message for field_name in MEDIA_FIELDS):
        return IncomingUpdate(update_id, "media", chat_id, metadata=metadata)
    # Service messages (pinned, member joined ...) and empty texts.
    return IncomingUpdate(update_id, "ignore")


def _command_update(update_id: int, chat_id: int, text: str, bot_username: str,
                    metadata: Dict[str, Any]) -> IncomingUpdate:
    command, _, addressee = text.split()[0].partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return IncomingUpdate(update_id, "ignore")
    intent = COMMAND_INTENTS.get(command.lower())
    if intent is None:
        # Typed "/something" would otherwise reach Rasa as an intent shortcut, letting a
        # user set intents and entities by hand; only the listed commands are mapped.
        return IncomingUpdate(update_id, "unknown_command", chat_id, metadata=metadata)
    return IncomingUpdate(update_id, "command", chat_id, intent, metadata=metadata)


def _button_update(update_id: int, query: Dict[str, Any]) -> IncomingUpdate:
    query_id = query.get("id")
    if not isinstance(query_id, str):
        raise MalformedUpdate("callback_query.id must be a string")
    message = query.get("message")
    data = query.get("data")
    if not isinstance(message, dict) or not isinstance(data, str) or not data:
        # A press on a message we cannot see (inline mode) or a game button.
        return IncomingUpdate(update_id, "ignore", callback_query_id=query_id)
    chat_id = _private_chat_id(message)
    if chat_id is None:
        return IncomingUpdate(update_id, "ignore", callback_query_id=query_id)
    metadata = _metadata(update_id, chat_id, _sender(query), message.get("message_id"))
    return IncomingUpdate(update_id, "button", chat_id, data, callback_query_id=query_id, metadata=metadata)


class RecentUpdates:
    """Update ids seen lately: Telegram re-delivers an update when our answer was slow or lost."""

    def __init__(self, capacity: int = 2048) -> None:
        self.capacity = capacity
        self._seen: "OrderedDict[int, None]" = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True


# ---------------------------------------------------------------------------
# Input channel
# ---------------------------------------------------------------------------
class SecureTelegramInput(InputChannel):
    """Webhook at ``/webhooks/telegram/webhook``; see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SecureTelegramInput":
        return cls(TelegramSettings.from_env(overrides=credentials))

    def __init__(self, settings: Optional[TelegramSettings] = None) -> None:
        self.settings = settings or TelegramSettings.from_env()
        self.api = BotApiClient(self.settings.token, self.settings.api_base_url)
        self.output = TelegramOutput(self.api)
        self.recent_updates = RecentUpdates()
        problems = self.settings.problems()
        if problems:
            logger.warning("Telegram channel disabled (%s); /webhooks/telegram/webhook answers 503.",
                           "; ".join(problems))

    def get_output_channel(self) -> Optional[OutputChannel]:
        return None if self.settings.problems() else self.output

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
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

    async def handle_webhook(self, request: Request,
                             on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        problems = self.settings.problems()
        if problems:
            return response.json({"error": "Telegram channel is not configured: " + "; ".join(problems)}, status=503)
        if not self._secret_matches(request.headers.get(SECRET_HEADER)):
            logger.warning("Telegram webhook: rejected an update without the right secret token.")
            return response.json({"error": "forbidden"}, status=403)
        if len(request.body or b"") > MAX_UPDATE_BYTES:
            return response.json({"error": f"update too large (limit {MAX_UPDATE_BYTES} bytes)"}, status=413)
        try:
            update = parse_update(request.body or b"", self.settings.bot_username)
        except MalformedUpdate as error:
            return response.json({"error": f"malformed update: {error}"}, status=400)
        if not self.recent_updates.first_time(update.update_id):
            return response.json({"status": "duplicate"})
        await self._dispatch(update, on_new_message)
        return response.json({"status": "ok"})

    def _secret_matches(self, supplied: Optional[str]) -> bool:
        if not supplied:
            return False
        return hmac.compare_digest(supplied.encode("utf-8"), self.settings.secret.encode("utf-8"))

    async def _dispatch(self, update: IncomingUpdate,
                        on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if update.callback_query_id:
            # Stops the spinner on the pressed button, whatever happens next.
            await self._best_effort("answerCallbackQuery", callback_query_id=update.callback_query_id)
        if update.kind == "ignore" or update.chat_id is None:
            return
        if update.kind == "media":
            await self._best_effort("sendMessage", chat_id=update.chat_id, text=TEXT_ONLY_REPLY)
            return
        if update.kind == "unknown_command":
            await self._best_effort("sendMessage", chat_id=update.chat_id, text=UNKNOWN_COMMAND_REPLY)
            return
        texts = self._texts_for_rasa(update)
        if texts is None:
            await self._best_effort("sendMessage", chat_id=update.chat_id, text=EXPIRED_BUTTON_REPLY)
            return
        await self._best_effort("sendChatAction", chat_id=update.chat_id, action="typing")
        try:
            for text in texts:
                await on_new_message(UserMessage(text, self.output, telegram_sender(update.chat_id),
                                                 input_channel=self.name(), metadata=update.metadata))
        except Exception:
            logger.exception("Telegram: handling update %s failed.", update.update_id)
            await self._best_effort("sendMessage", chat_id=update.chat_id, text=FAILURE_REPLY)

    def _texts_for_rasa(self, update: IncomingUpdate) -> Optional[List[str]]:
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
