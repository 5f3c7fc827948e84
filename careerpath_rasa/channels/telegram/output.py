"""The output channel: sends Rasa's replies to one Telegram chat.

The recipient is a namespaced conversation id ("tg:<chat id>"). Rasa's HTTP API can run
an action of any conversation with ``output_channel=telegram``, so anything else (a REST
conversation, a bare number, a look-alike) is logged and reaches no chat.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel

from careerpath import wording
from careerpath.senders import telegram_chat_id
from careerpath_rasa.channels.formatting import (
    CallbackPayloadStore,
    card_buttons,
    html_to_plain,
    inline_keyboard,
    is_recommendation_payload,
    render_recommendations,
    split_message,
)
from careerpath_rasa.channels.telegram.bot_api import BotApiClient, TelegramApiError

logger = logging.getLogger(__name__)


class TelegramOutput(OutputChannel):
    """Sends the assistant's messages to one Telegram chat (recipient id = "tg:<chat id>")."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api: BotApiClient,
                 callback_store: CallbackPayloadStore | None = None) -> None:
        self.api = api
        self.callback_store = callback_store or CallbackPayloadStore()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        custom = message.get("custom")
        if is_recommendation_payload(custom):
            # A card message is the card alone: what is said after it and its buttons
            # travel inside the card (careerpath.conversation.cards).
            await self.send_recommendations(recipient_id, custom, buttons=message.get("buttons"))
            return
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # No parse mode: the text (which may echo what the user typed) is shown verbatim.
        await self._send_pieces(recipient_id, split_message(text or ""), parse_mode=None)

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: list[dict[str, Any]], **kwargs: Any) -> None:
        pieces = split_message(text or "") or [wording.text("channel.choose")]
        await self._send_pieces(recipient_id, pieces, parse_mode=None, buttons=buttons)

    async def send_recommendations(self, recipient_id: str, payload: dict[str, Any],
                                   buttons: list[dict[str, Any]] | None = None) -> None:
        pieces = split_message(render_recommendations(payload), html_mode=True)
        await self._send_pieces(recipient_id, pieces, parse_mode="HTML",
                                buttons=buttons or card_buttons(payload))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any],
                               **kwargs: Any) -> None:
        if is_recommendation_payload(json_message):
            await self.send_recommendations(recipient_id, json_message)
        elif isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            # Raw JSON would mean nothing to a Telegram user.
            logger.debug("Telegram: custom payload without a Telegram rendering was not sent.")

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is not None:
            await self.api.call("sendPhoto", chat_id=chat_id, photo=image)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def _send_pieces(self, recipient_id: str, pieces: list[str], parse_mode: str | None,
                           buttons: list[dict[str, Any]] | None = None) -> None:
        chat_id = _chat_id(recipient_id)
        if chat_id is None:
            return
        # The keyboard goes under the last piece, next to the question it answers.
        for index, piece in enumerate(pieces):
            markup = None
            if buttons and index == len(pieces) - 1:
                markup = inline_keyboard(buttons, self.callback_store)
            await self._send_piece(chat_id, piece, parse_mode, markup)

    async def _send_piece(self, chat_id: Any, text: str, parse_mode: str | None,
                          markup: dict[str, Any] | None) -> None:
        # A message Telegram refuses is logged, not raised: raising would abort Rasa's
        # turn before the tracker is saved, and the user's answer would be lost.
        try:
            await self.api.call("sendMessage", chat_id=chat_id, text=text, parse_mode=parse_mode,
                                reply_markup=markup)
        except TelegramApiError as error:
            logger.warning("%s", error)
            if parse_mode == "HTML" and "parse entities" in error.description:
                await self._send_piece(chat_id, html_to_plain(text), None, markup)


def _chat_id(recipient_id: Any) -> int | None:
    """The chat of a Telegram conversation id ("tg:42" -> 42); None (logged) for any other id."""
    chat_id = telegram_chat_id(recipient_id)
    if chat_id is None:
        logger.warning("Telegram: %r is not a Telegram conversation id (tg:<chat id>); "
                       "nothing was sent.", str(recipient_id)[:80])
    return chat_id
