"""A Telegram user for the end-to-end tests: sends updates to the real webhook (with the
secret) and reads what the fake Bot API received for their chat; helpers to read buttons."""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

from careerpath.delivery import store
from careerpath_rasa.channels.telegram.webhook import SECRET_HEADER
from harness.fake_telegram import visible_text
from harness.stack import http_json
from tests.conftest import TELEGRAM_TEST_SECRET

# Answers for the intake, in the order the form asks (education, skills, goals,
# preferences, experience). A question asked again is answered from the same list.
INTAKE_ANSWERS = [
    "I did B.Com, graduated last year",
    "I know MS Excel, Tally and good English",
    "I want a stable job quickly",
    "non voice, day shift please",
    "I am a fresher",
]
MAX_INTAKE_TURNS = 14
ARRIVAL_JITTER = 0.1  # seconds a loaded test machine may delay a call's arrival

_update_ids = itertools.count(random.randint(10_000, 90_000) * 1000)


def new_chat_id() -> int:
    return random.randint(10**9, 2 * 10**9)


class TelegramUser:
    """One private chat with the bot, through the real webhook."""

    def __init__(self, stack, fake_api, chat_id: int | None = None) -> None:
        self.stack, self.api = stack, fake_api
        self.chat_id = chat_id or new_chat_id()
        self.sender = f"tg:{self.chat_id}"  # the Rasa conversation id of this chat
        self.webhook = f"{stack.rasa_url}/webhooks/telegram/webhook"

    # ---- sending ---------------------------------------------------------------
    def post(self, update: dict[str, Any], secret: str | None = TELEGRAM_TEST_SECRET):
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return http_json("POST", self.webhook, update, timeout=120, headers=headers)

    def message(self, **content: Any) -> dict[str, Any]:
        update_id = next(_update_ids)
        return {
            "update_id": update_id,
            "message": {
                "message_id": update_id % 100_000,
                "date": 1700000000,
                "from": {
                    "id": self.chat_id,
                    "is_bot": False,
                    "first_name": "Asha",
                    "username": "asha_e2e",
                },
                "chat": {"id": self.chat_id, "type": "private", "first_name": "Asha"},
                **content,
            },
        }

    def say(self, text: str) -> list[dict[str, Any]]:
        """Sends ``text``; returns the sendMessage calls the bot made in answer."""
        return self._exchange(self.message(text=text))

    def press(self, button: dict[str, str]) -> list[dict[str, Any]]:
        update_id = next(_update_ids)
        self.last_query_id = f"e2e-query-{update_id}"
        update = {
            "update_id": update_id,
            "callback_query": {
                "id": self.last_query_id,
                "chat_instance": "e2e",
                "data": button["callback_data"],
                "from": {"id": self.chat_id, "is_bot": False, "first_name": "Asha"},
                "message": {
                    "message_id": button.get("message_id", 1),
                    "date": 1700000000,
                    "text": "question",
                    "chat": {"id": self.chat_id, "type": "private"},
                },
            },
        }
        return self._exchange(update)

    def _exchange(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.sent())
        status, body = self.post(update)
        assert status == 200, body
        self.wait_until_answered()
        return self.sent()[before:]

    def wait_until_answered(self, timeout: float = 120) -> None:
        """The webhook acknowledges at once; the turn is over when the chat has no update
        left to handle and no reply left to send."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            backlog = store.backlog("telegram", self.chat_id, url=self.stack.database_url)
            if backlog["updates_pending"] == 0 and backlog["messages_pending"] == 0:
                return
            time.sleep(0.1)
        raise AssertionError(f"chat {self.chat_id} still has a backlog: {backlog}")

    # ---- what the bot sent ----------------------------------------------------
    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """What reached the chat, each with the ``message_id`` Telegram gave it."""
        return [
            dict(call["params"], message_id=call["result"].get("message_id"))
            if isinstance(call.get("result"), dict)
            else dict(call["params"])
            for call in self.api.delivered(method)
            if call["params"].get("chat_id") == self.chat_id
        ]

    def sent_callback_answers(self) -> list[dict[str, Any]]:
        return [call["params"] for call in self.api.calls("answerCallbackQuery")]

    def calls_for_chat(self) -> list[dict[str, Any]]:
        return [call for call in self.api.calls() if call["params"].get("chat_id") == self.chat_id]

    def user_turns_in_tracker(self, conversation: str | None = None) -> list[str]:
        conversation = conversation or self.sender
        status, tracker = http_json(
            "GET", f"{self.stack.rasa_url}/conversations/{conversation}/tracker"
        )
        assert status == 200, tracker
        return [
            event.get("text")
            for event in tracker.get("events") or []
            if event.get("event") == "user"
        ]


def buttons_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The buttons under ``messages``, each with the message_id it sits under (for pressing)."""
    return [
        dict(button, message_id=message.get("message_id"))
        for message in messages
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in row
    ]


def shown(message: dict[str, Any]) -> str:
    return visible_text(message["text"], message.get("parse_mode"))


def find_button(messages: list[dict[str, Any]], *words: str) -> dict[str, str] | None:
    for button in buttons_of(messages):
        if any(word in button["text"].lower() for word in words):
            return button
    return None


def confirmation_button(messages: list[dict[str, Any]]) -> dict[str, str] | None:
    """The "Yes, show my matches" button under the profile summary, if this is it."""
    for button in buttons_of(messages):
        if button["text"].lower().startswith("yes") or button.get("callback_data", "").startswith(
            "/affirm"
        ):
            return button
    return None
