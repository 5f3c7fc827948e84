"""What the connector does with one accepted update, in the chat's order.

Updates of one chat are handled one at a time, oldest first (``workers``), so a double
tap or a quick second message waits for the first turn to finish; Rasa's lock store
serialises the conversation the same way. Every answer goes through the outbox.

Keyboards: an inline keyboard belongs to one question. When the user answers anything
(a press, a typed text, a command) the open keyboards of the chat are closed: removed
from sent messages with ``editMessageReplyMarkup`` and dropped from messages not sent
yet. A press is checked against the buttons stored with the message it sits under: a
button we did not send there, or one whose question is answered, gets a short toast
and never reaches Rasa, so an old step is never run again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from careerpath.delivery import store
from careerpath.senders import telegram_sender
from careerpath.wording import text
from careerpath_rasa.channels.telegram.bot_api import TelegramApiError
from careerpath_rasa.channels.telegram.delivery import CHANNEL, OutboxSender
from careerpath_rasa.channels.telegram.output import TelegramOutput
from careerpath_rasa.channels.telegram.updates import IncomingUpdate, parse_update
from careerpath_rasa.conversation_language import reply_language

logger = logging.getLogger(__name__)

# Said in the conversation's language when sent (TurnHandler.said); these English texts
# only let tests recognise them.
TEXT_ONLY_REPLY = text("telegram.text_only", lang="en")
UNKNOWN_COMMAND_REPLY = text("telegram.unknown_command", lang="en")
FAILURE_REPLY = text("telegram.failure", lang="en")
ANSWERED_BUTTON_TOAST = text("telegram.button_answered", lang="en")
INACTIVE_BUTTON_TOAST = text("telegram.button_expired", lang="en")
OLD_EDIT_REPLY = text("telegram.old_edit", lang="en")
GROUP_POINTER_REPLY = text("telegram.group_pointer", lang="en")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class TurnHandler:
    def __init__(
        self,
        output: TelegramOutput,
        outbox: OutboxSender,
        bot_username: str,
        url: str | None = None,
    ) -> None:
        self.output = output
        self.outbox = outbox
        self.api = outbox.api
        self.bot_username = bot_username
        self.url = url
        self.on_new_message: OnNewMessage | None = None
        # Rasa's app (set by the channel's blueprint): its agent's tracker store tells the
        # language the conversation chose.
        self.app: Any = None

    async def said(self, key: str, update: IncomingUpdate) -> str:
        """A reply said before, instead of or after a turn, in the conversation's language
        (the student may have chosen Hindi on an English Telegram), else the Telegram one."""
        return text(key, lang=await self.language_of(update))

    async def language_of(self, update: IncomingUpdate) -> str | None:
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        sender = telegram_sender(update.chat_id) if update.chat_id is not None else ""
        store = getattr(agent, "tracker_store", None)
        return await reply_language(store, sender, update.metadata)

    async def handle(self, body: str) -> None:
        update = parse_update(body.encode("utf-8"), self.bot_username)
        if update.chat_id is None or update.kind == "ignore":
            return
        if update.kind == "group_pointer":
            pointer = await self.said("telegram.group_pointer", update)
            button = self._private_chat_button(
                await self.said("telegram.open_private_chat", update)
            )
            await self._say(update.chat_id, pointer, button)
            return
        if update.kind == "button":
            payload = await self._checked_press(update)
            if payload is None:
                return
            texts = [payload]
        elif update.edited and not await self._edits_latest(update):
            await self._say(update.chat_id, await self.said("telegram.old_edit", update))
            return
        elif update.kind == "media":
            await self._say(update.chat_id, await self.said("telegram.text_only", update))
            return
        elif update.kind == "unknown_command":
            await self._say(update.chat_id, await self.said("telegram.unknown_command", update))
            return
        elif update.kind == "command" and update.text == "/restart":
            # Restart wipes the conversation; the greeting that follows says it worked. The
            # language is how to talk, not an answer: the new conversation keeps it (told
            # as the messages' metadata, which the language slot reads at a start).
            texts = ["/restart", "/greet"]
            language = await self.language_of(update)
            if language:
                metadata = {**(update.metadata or {}), "language": language}
                update = dataclasses.replace(update, metadata=metadata)
        else:
            texts = [update.text]
        assert update.chat_id is not None  # checked above; replace() forgets the check
        await self._close_keyboards(update.chat_id)
        await self._run_turn(update, texts)

    async def _run_turn(self, update: IncomingUpdate, texts: list[str]) -> None:
        assert self.on_new_message is not None, "blueprint() sets on_new_message"
        chat_id = update.chat_id
        assert chat_id is not None
        # One typing indicator per turn, queued ahead of the turn's replies.
        await self.outbox.enqueue(
            chat_id, "sendChatAction", {"chat_id": chat_id, "action": "typing"}
        )
        try:
            for message_text in texts:
                await self.on_new_message(
                    UserMessage(
                        message_text,
                        self.output,
                        telegram_sender(chat_id),
                        input_channel=CHANNEL,
                        metadata=update.metadata,
                    )
                )
        except Exception:
            logger.exception("Telegram: handling update %s failed.", update.update_id)
            await self._say(chat_id, await self.said("telegram.failure", update))

    async def _checked_press(self, update: IncomingUpdate) -> str | None:
        """The payload of a press on a live button we sent; otherwise answers the press with
        a toast and returns None."""
        assert update.chat_id is not None
        keyboard = None
        if update.message_id is not None:
            keyboard = await asyncio.to_thread(
                store.find_keyboard, CHANNEL, update.chat_id, update.message_id, self.url
            )
        payload = keyboard.buttons.get(update.text) if keyboard else None
        if keyboard is None or payload is None:
            logger.info(
                "Telegram: press on a button we did not send (chat %s, message %s).",
                update.chat_id,
                update.message_id,
            )
            await self.answer_press(
                update.callback_query_id, await self.said("telegram.button_expired", update)
            )
            return None
        if not keyboard.is_open:
            await self.answer_press(
                update.callback_query_id, await self.said("telegram.button_answered", update)
            )
            return None
        await self.answer_press(update.callback_query_id)
        return payload

    async def answer_press(self, query_id: str | None, toast: str | None = None) -> None:
        """Stops the spinner on the pressed button (and shows ``toast``). Sent at once, not
        through the outbox: an answer is useless after Telegram's few seconds."""
        if not query_id:
            return
        params: dict[str, Any] = {"callback_query_id": query_id}
        if toast:
            params["text"] = toast
        ticket = await self.outbox.limiter.wait(0, per_chat=False)
        try:
            await self.api.call("answerCallbackQuery", **params)
        except TelegramApiError as error:
            logger.warning("%s", error)
        finally:
            self.outbox.limiter.finished(ticket)

    async def _edits_latest(self, update: IncomingUpdate) -> bool:
        assert update.chat_id is not None
        latest = await asyncio.to_thread(store.latest_message_id, CHANNEL, update.chat_id, self.url)
        return update.message_id is not None and update.message_id == latest

    async def _close_keyboards(self, chat_id: int) -> None:
        answered = await asyncio.to_thread(store.close_keyboards, CHANNEL, chat_id, self.url)
        for message_id in answered:
            await self.outbox.enqueue(
                chat_id, "editMessageReplyMarkup", {"chat_id": chat_id, "message_id": message_id}
            )

    async def _say(
        self, chat_id: int, message: str, reply_markup: dict[str, Any] | None = None
    ) -> None:
        params: dict[str, Any] = {"chat_id": chat_id, "text": message}
        if reply_markup:
            params["reply_markup"] = reply_markup
        await self.outbox.enqueue(chat_id, "sendMessage", params)

    def _private_chat_button(self, title: str) -> dict[str, Any] | None:
        if not self.bot_username:
            return None
        link = f"https://t.me/{self.bot_username}?start=group"
        return {"inline_keyboard": [[{"text": title, "url": link}]]}


def stored_body(update_body: bytes) -> str:
    """The update as stored until handled: re-encoded, so it is valid UTF-8 JSON."""
    return json.dumps(json.loads(update_body), ensure_ascii=False)
