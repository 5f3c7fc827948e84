"""The output channel: turns Rasa's replies for one Telegram chat into outbox rows.

Nothing is sent from here: every message is appended to the chat's outbox (the project
database) and the outbox sender (``delivery``) sends it in order, within Telegram's
limits, retrying what failed. So a Bot API outage never costs a reply, and a slow Bot
API never slows the conversation.

The recipient is a namespaced conversation id ("tg:<chat id>"). Rasa's HTTP API can run
an action of any conversation with ``output_channel=telegram``, so anything else (a REST
conversation, a bare number, a look-alike) is logged and reaches no chat.

A message with buttons stores its buttons' callback data -> payload with the outbox row:
long payloads travel as short keys that work after a restart, and a press is checked
against exactly what that message offered (``turns``).

Custom payloads understood here:
- a recommendation card (``careerpath.conversation.cards``): rendered as HTML text;
- ``{"type": "report_document", "code": "CP-…", "buttons": [...]}``: the saved counselor
  report sent as an HTML file with a short summary as its caption (``documents``);
- ``{"text": "…"}``: that text.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel

from careerpath import wording
from careerpath.conversation.language import is_devanagari
from careerpath.senders import telegram_chat_id
from careerpath_rasa.channels.formatting import (
    CallbackPayloadStore,
    card_buttons,
    inline_keyboard,
    is_recommendation_payload,
    render_recommendations,
    split_message,
)
from careerpath_rasa.channels.telegram.delivery import OutboxSender

logger = logging.getLogger(__name__)

REPORT_DOCUMENT = "report_document"


def is_report_document(payload: Any) -> bool:
    return (
        isinstance(payload, dict)
        and payload.get("type") == REPORT_DOCUMENT
        and isinstance(payload.get("code"), str)
        and bool(payload["code"])
    )


class TelegramOutput(OutputChannel):
    """Queues the assistant's messages for one Telegram chat (recipient id = "tg:<chat id>")."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, outbox: OutboxSender) -> None:
        self.outbox = outbox

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        custom: Any = message.get("custom")
        if is_recommendation_payload(custom):
            # A card message is the card alone: what is said after it and its buttons
            # travel inside the card (careerpath.conversation.cards).
            await self.send_recommendations(recipient_id, custom, buttons=message.get("buttons"))
            return
        if is_report_document(custom):
            await self.send_report_document(recipient_id, custom)
            return
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # No parse mode: the text (which may echo what the user typed) is shown verbatim.
        await self._send_pieces(recipient_id, split_message(text or ""), parse_mode=None)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        # Buttons without a question: "Choose one", in the buttons' language (no tracker here).
        hindi = any(is_devanagari(str(b.get("title") or "")) for b in buttons or [])
        chosen = wording.text("channel.choose", lang="hi" if hindi else None)
        pieces = split_message(text or "") or [chosen]
        await self._send_pieces(recipient_id, pieces, parse_mode=None, buttons=buttons)

    async def send_recommendations(
        self,
        recipient_id: str,
        payload: dict[str, Any],
        buttons: list[dict[str, Any]] | None = None,
    ) -> None:
        pieces = split_message(render_recommendations(payload), html_mode=True)
        await self._send_pieces(
            recipient_id, pieces, parse_mode="HTML", buttons=buttons or card_buttons(payload)
        )

    async def send_report_document(self, recipient_id: str, payload: dict[str, Any]) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is None:
            return
        params: dict[str, Any] = {"chat_id": chat_id, "report_code": payload["code"]}
        keyboard = self._keyboard(payload.get("buttons"))
        if keyboard:
            params["reply_markup"] = keyboard[0]
        await self.outbox.enqueue(
            chat_id, "sendDocument", params, keyboard[1] if keyboard else None
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if is_recommendation_payload(json_message):
            await self.send_recommendations(recipient_id, json_message)
        elif is_report_document(json_message):
            await self.send_report_document(recipient_id, json_message)
        elif isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            # Raw JSON would mean nothing to a Telegram user.
            logger.debug("Telegram: custom payload without a Telegram rendering was not sent.")

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is not None:
            await self.outbox.enqueue(chat_id, "sendPhoto", {"chat_id": chat_id, "photo": image})

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def _send_pieces(
        self,
        recipient_id: str,
        pieces: list[str],
        parse_mode: str | None,
        buttons: list[dict[str, Any]] | None = None,
    ) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is None:
            return
        # The keyboard goes under the last piece, next to the question it answers.
        for index, piece in enumerate(pieces):
            params: dict[str, Any] = {"chat_id": chat_id, "text": piece}
            if parse_mode:
                params["parse_mode"] = parse_mode
            keyboard = self._keyboard(buttons) if index == len(pieces) - 1 else None
            if keyboard:
                params["reply_markup"] = keyboard[0]
            await self.outbox.enqueue(
                chat_id, "sendMessage", params, keyboard[1] if keyboard else None
            )

    @staticmethod
    def _keyboard(buttons: Any) -> tuple[dict[str, Any], dict[str, str]] | None:
        """The inline keyboard and its callback data -> payload map (None without buttons)."""
        if not isinstance(buttons, list) or not buttons:
            return None
        store = CallbackPayloadStore()
        markup = inline_keyboard([button for button in buttons if isinstance(button, dict)], store)
        payloads = {
            button["callback_data"]: store.payload(button["callback_data"])
            for row in markup["inline_keyboard"]
            for button in row
            if "callback_data" in button
        }
        if not markup["inline_keyboard"]:
            return None
        return markup, {data: payload for data, payload in payloads.items() if payload}


def _chat_id(recipient_id: Any) -> int | None:
    """The chat of a Telegram conversation id ("tg:42" -> 42); None (logged) for any other id."""
    chat_id = telegram_chat_id(recipient_id)
    if chat_id is None:
        logger.warning(
            "Telegram: %r is not a Telegram conversation id (tg:<chat id>); nothing was sent.",
            str(recipient_id)[:80],
        )
    return chat_id
