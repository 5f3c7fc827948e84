"""CareerPath's REST channel: Rasa's ``rest`` channel with input validation.

Registered in credentials.yml instead of ``rest:``; same route
(``POST /webhooks/rest/webhook``), same request ``{"sender", "message", "metadata"}`` and
same answer (a JSON list of bot messages), so the web widget, the tests and the
benchmarks talk to it unchanged. What it adds over Rasa's ``RestInput``:

- A malformed request gets a 4xx with a JSON ``{"error": code, "message": text}`` instead
  of a 500 and a traceback: body not JSON (nested deeper than Python's parser goes too)
  or not an object, ``sender`` missing / not a string / too long / in another channel's
  namespace / a bare number (see below), ``message`` missing or not a string,
  ``metadata`` not an object (400); a body over ``MAX_BODY_BYTES`` (413); a body not
  declared ``application/json`` (415).
- **No cross-site requests.** A page on another origin can POST ``text/plain`` without
  asking the browser's CORS preflight first, and Rasa would read the body as JSON all
  the same. Requiring ``Content-Type: application/json`` (what every client of ours sends)
  makes the browser ask first, and CORS (``--cors``) refuses origins not listed.
- Sender ids cannot reach another channel's conversations. Rasa keys a conversation by
  sender id alone, so the Telegram connector files chat 777001 under ``"tg:777001"``
  (careerpath/senders.py) and this channel refuses any sender in the ``tg:``
  namespace (any case, leading spaces ignored). Bare numbers ("777001", "-100123") are
  refused too, although namespacing alone closes the hole: conversations that the
  Telegram connector stored before it namespaced its ids are still filed under the bare
  chat id in the tracker store, and no real client needs a numeric id (the widget sends
  ``"web-<32 hex>"``), so the rule costs nothing and protects that old data.
- Text is made safe to store before Rasa sees it: control characters (PostgreSQL cannot
  store NUL) and unpaired UTF-16 surrogates (valid JSON escapes, but not encodable as UTF-8)
  are replaced, invisible word-splitting characters (zero-width space, soft hyphen ...)
  dropped, and a message longer than ``MAX_MESSAGE_CHARS`` is cut - a pasted CV still
  gets an answer.
- A message sent again with the same ``metadata.message_id`` (the widget's outbox re-sends
  after a reload or an outage) is handled once; the copy gets the original's replies
  (``idempotency``: the key is stored as the user event's ``message_id``).
- ``input_channel`` is always ``rest``: a client must not claim to be the Telegram channel,
  whose users' data is keyed by channel.
- An empty or whitespace-only message is answered here with a hint: Rasa 3.6's NLU
  pipeline raises on a message without tokens (its featurizers emit no features, and the
  intent classifier then gets a matrix of the wrong width).
- If handling the message fails or a custom action fails, the user reads a friendly
  "please try again" instead of getting nothing (see ``resilience``); when the tracker store
  cannot read or store the turn, only "please try again in a moment" (``durable_turns``:
  replies are sent only once the turn is stored).

``?stream=true`` (Rasa's streaming variant) is not offered: nothing of ours uses it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from careerpath import wording
from careerpath.senders import reserved_namespace
from careerpath.wording import text
from careerpath_rasa import patches
from careerpath_rasa.channels import idempotency
from careerpath_rasa.conversation_language import in_every_language, reply_language

patches.install()  # Rasa may load this module before any other of ours (see patches)

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # a 5,000-emoji message JSON-escapes to ~60 kB
MAX_MESSAGE_CHARS = 5_000
MAX_SENDER_CHARS = 255  # the storage layer's sender_id column
# Said in the conversation's language when sent; this English text is for recognising it.
EMPTY_MESSAGE_REPLY = text("channel.empty_message", lang="en")
_BARE_NUMBER = re.compile(r"^\s*[-+]?\d+\s*$")
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Invisible characters that only split words ("fres\u200bher"): dropped so NLU and the
# extractor read the word. ZWJ / ZWNJ stay: emoji sequences and Indic scripts need them.
_INVISIBLE_CHARS = re.compile("[\u00ad\u180e\u200b\u2060\ufeff]")


class RequestError(ValueError):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


class CareerPathRestInput(RestInput):
    """``rest`` channel that validates its input (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "rest"  # keeps the /webhooks/rest/ route and the stored channel name

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                require_json_content_type(request.headers.get("Content-Type"))
                sender, text, metadata = parse_request(request.body)
            except RequestError as error:
                return response.json(
                    {"error": error.code, "message": error.message}, status=error.status
                )
            # A re-sent widget message (same metadata.message_id) is answered once: see idempotency.
            agent = getattr(request.app.ctx, "agent", None)
            handler = idempotency.once_per_key(on_new_message, agent, metadata)
            store = getattr(agent, "tracker_store", None)
            return response.json(await self._answer(handler, sender, text, metadata, store))

        return webhook

    async def _answer(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender: str,
        text: str,
        metadata: dict[str, Any] | None,
        tracker_store: Any = None,
    ) -> list:
        collector = CollectingOutputChannel()
        if not text.strip():
            # Said outside a turn: the conversation's language, else the widget's lang.
            language = await reply_language(tracker_store, sender, metadata)
            return [
                {
                    "recipient_id": sender,
                    "text": wording.text("channel.empty_message", lang=language),
                }
            ]
        try:
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            )
        except Exception:
            logger.exception("REST: handling a message from %s failed.", sender)
            # The action-failure patch may have apologised already, in whichever language.
            apologies = in_every_language("channel.trouble")
            if not any(message.get("text") in apologies for message in collector.messages):
                language = await reply_language(tracker_store, sender, metadata)
                collector.messages.append(
                    {"recipient_id": sender, "text": wording.text("channel.trouble", lang=language)}
                )
        return collector.messages


def require_json_content_type(content_type: str | None) -> None:
    """415 unless the body is declared JSON: cross-site forms and ``text/plain`` posts need
    no CORS preflight, ``application/json`` does (see the module docstring)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise RequestError(
            "unsupported_media_type",
            'Send the request as JSON with "Content-Type: application/json".',
            415,
        )


def parse_request(body: bytes | None) -> tuple[str, str, dict[str, Any] | None]:
    """(sender, message, metadata) from a request body, or a RequestError saying what's wrong."""
    if body is not None and len(body) > MAX_BODY_BYTES:
        raise RequestError(
            "payload_too_large",
            f"The request body is {len(body)} bytes; the limit is {MAX_BODY_BYTES}.",
            413,
        )
    if not body:
        raise RequestError(
            "invalid_json",
            'The request body is empty; send JSON like {"sender": "id", "message": "hi"}.',
        )
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestError(
            "invalid_json", f"The request body is not valid JSON ({error})."
        ) from None
    except RecursionError:
        raise RequestError("invalid_json", "The request body is nested too deeply.") from None
    if not isinstance(payload, dict):
        raise RequestError(
            "invalid_json", f"The request body must be a JSON object, not {_kind(payload)}."
        )
    return _sender(payload), _message(payload), _metadata(payload.get("metadata"))


def _sender(payload: dict[str, Any]) -> str:
    # Rasa's RestInput files sender-less messages under one shared "default" conversation:
    # strangers would read each other's answers.
    if payload.get("sender") is None:
        raise RequestError("invalid_sender", 'The request has no "sender" (the conversation id).')
    value = payload["sender"]
    if not isinstance(value, str):
        raise RequestError("invalid_sender", f'"sender" must be a string (got {_kind(value)}).')
    if not value.strip():
        raise RequestError("invalid_sender", '"sender" must not be empty.')
    if len(value) > MAX_SENDER_CHARS or _UNSAFE_CHARS.search(value):
        raise RequestError(
            "invalid_sender", f'"sender" must be at most {MAX_SENDER_CHARS} printable characters.'
        )
    owner = reserved_namespace(value)
    if owner is not None:
        # Rasa keys conversations by sender id alone: "tg:123456789" is that Telegram
        # user's chat.
        raise RequestError(
            "invalid_sender",
            f'"sender" uses the {owner} channel\'s namespace; '
            'use a random id such as "web-3f9c2a".',
        )
    if _BARE_NUMBER.match(value):
        # Telegram conversations stored before ids were namespaced are keyed by the bare
        # chat number (see the module docstring).
        raise RequestError(
            "invalid_sender",
            '"sender" must not be a bare number (those were Telegram chats); '
            'use a random id such as "web-3f9c2a".',
        )
    return value


def _message(payload: dict[str, Any]) -> str:
    if "message" not in payload:
        raise RequestError("invalid_message", 'The request has no "message".')
    value = payload["message"]
    if not isinstance(value, str):
        raise RequestError("invalid_message", f'"message" must be a string (got {_kind(value)}).')
    return safe_text(value)


def safe_text(text: str) -> str:
    """Storable text: no control characters, lone surrogates or invisible word-splitters,
    at most MAX_MESSAGE_CHARS."""
    return _UNSAFE_CHARS.sub(_replacement, _INVISIBLE_CHARS.sub("", text[:MAX_MESSAGE_CHARS]))


def _replacement(match: re.Match[str]) -> str:
    return "\ufffd" if 0xD800 <= ord(match.group()) <= 0xDFFF else " "


def _metadata(value: Any) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise RequestError(
        "invalid_metadata", f'"metadata" must be a JSON object (got {_kind(value)}).'
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else type(value).__name__
