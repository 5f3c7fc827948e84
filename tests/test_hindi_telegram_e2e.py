"""Telegram in Hindi, through the real webhook and the fake Bot API: a user whose Telegram
is in Hindi (``language_code`` "hi") is greeted in Hindi, goes through the intake in
Devanagari and gets cards in Hindi that fit Telegram's limits."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.telegram_user import TelegramUser, buttons_of, shown

pytestmark = pytest.mark.e2e

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
INTAKE_ANSWERS = [
    "मैंने B.Com किया है",
    "numbers के साथ काम करना अच्छा लगता है",
    "Excel और Tally आता है",
    "जल्दी नौकरी चाहिए",
    "कोई पसंद नहीं",
    "fresher हूँ",
]
TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units, after entities are parsed


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class HindiTelegramUser(TelegramUser):
    def message(self, **content: Any) -> dict[str, Any]:
        update = super().message(**content)
        update["message"]["from"]["language_code"] = "hi"
        return update


@pytest.fixture
def hindi_user(rasa_stack, fake_telegram_api):
    return HindiTelegramUser(rasa_stack, fake_telegram_api)


def _press_yes(user, replies: list[dict[str, Any]]):
    for button in buttons_of(replies):
        if button.get("callback_data", "").startswith("/affirm"):
            assert DEVANAGARI.search(button["text"]), button
            return user.press(button)
    return None


def test_a_hindi_telegram_user_gets_the_whole_conversation_in_hindi(hindi_user):
    greeting = hindi_user.say("/start")
    assert greeting and DEVANAGARI.search(shown(greeting[0])), greeting
    advice = [b for b in buttons_of(greeting) if b.get("callback_data") == "/ask_career_advice"]
    assert advice and DEVANAGARI.search(advice[0]["text"]), "button titles in Hindi"
    replies = hindi_user.press(advice[0])
    answers = iter(INTAKE_ANSWERS)
    cards: list[dict[str, Any]] = []
    for _ in range(14):
        for message in replies:
            assert DEVANAGARI.search(shown(message)), shown(message)
        cards = [message for message in replies if message.get("parse_mode") == "HTML"]
        if cards:
            break
        pressed = _press_yes(hindi_user, replies[-1:])
        if pressed is not None:
            replies = pressed
            continue
        answer = next(answers, None)
        assert answer is not None, [shown(m) for m in replies]
        replies = hindi_user.say(answer)
    assert cards, "no recommendation cards reached Telegram"
    assert "क्यों" in shown(cards[0]), shown(cards[0])
    for message in hindi_user.sent():
        assert utf16_units(shown(message)) <= TELEGRAM_TEXT_LIMIT
        assert len(message["text"]) <= TELEGRAM_TEXT_LIMIT


def test_a_sticker_from_a_hindi_user_is_answered_in_hindi(hindi_user):
    replies = hindi_user._exchange(
        hindi_user.message(sticker={"file_id": "sticker-hi", "width": 512, "height": 512})
    )
    assert replies and DEVANAGARI.search(replies[0]["text"]), replies


def test_the_command_menu_is_set_in_hindi_too(fake_telegram_api):
    from careerpath_rasa.channels.telegram import setup_webhook

    menus = {language: setup_webhook.command_menu(language) for language in (None, "hi")}
    assert [c["command"] for c in menus[None]] == [c["command"] for c in menus["hi"]]
    assert all(DEVANAGARI.search(c["description"]) for c in menus["hi"])
    assert not any(DEVANAGARI.search(c["description"]) for c in menus[None])
