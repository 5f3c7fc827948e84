"""Telegram end to end: a real ``rasa run`` (plus action server) with the project's
connector, talking to the fake Bot API (harness/fake_telegram.py).

Real Update JSON is posted to /webhooks/telegram/webhook the way Telegram would, and the
test asserts what the bot sent back through the Bot API. Every test posts several updates
to the same server: with the stock connector, every POST after start-up failed with
"Event loop is closed". The webhook acknowledges at once and replies leave from the
outbox, so a turn is over when the chat's backlog in the database is empty.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

import pytest

from careerpath.userdata import count_rows, load_profile, record_recommendations, save_profile
from careerpath_rasa.channels.telegram.webhook import SECRET_HEADER, TEXT_ONLY_REPLY
from harness.stack import http_json
from tests.conftest import TELEGRAM_TEST_SECRET, TELEGRAM_TEST_TOKEN
from tests.telegram_user import (
    ARRIVAL_JITTER,
    INTAKE_ANSWERS,
    MAX_INTAKE_TURNS,
    TelegramUser,
    buttons_of,
    confirmation_button,
    find_button,
    shown,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def user(rasa_stack, fake_telegram_api):
    return TelegramUser(rasa_stack, fake_telegram_api)


def test_start_greets_with_an_inline_keyboard_and_a_button_press_starts_the_intake(user):
    greeting = user.say("/start")
    assert greeting, "no reply to /start"
    advice = find_button(greeting, "career advice")
    assert advice is not None, buttons_of(greeting)
    assert advice["callback_data"] == "/ask_career_advice"
    assert user.sent("sendChatAction"), "no typing indicator"

    question = user.press(advice)
    assert question, "no reply to the button press"
    assert {"callback_query_id": user.last_query_id} in user.sent_callback_answers()
    assert user.user_turns_in_tracker() == ["/greet", "/ask_career_advice"]


def test_a_full_intake_over_telegram_ends_in_recommendation_cards(user):
    replies = user.press(find_button(user.say("/start"), "career advice"))
    answers = iter(INTAKE_ANSWERS)
    cards: list[dict[str, Any]] = []
    for _ in range(MAX_INTAKE_TURNS):
        cards = [message for message in replies if message.get("parse_mode") == "HTML"]
        if cards:
            break
        confirm = confirmation_button(replies[-1:])
        if confirm is not None:
            replies = user.press(confirm)
            continue
        answer = next(answers, None)
        assert answer is not None, (
            f"the intake asked more than expected: {[shown(m) for m in replies]}"
        )
        replies = user.say(answer)
        assert replies, f"no reply to {answer!r}"
    assert cards, "no recommendation cards reached Telegram"
    first = shown(cards[0])
    assert "1. " in first and "Why:" in first, first
    assert all(len(message["text"]) <= 4096 for message in user.sent())
    # Every keyboard the bot sent fits Telegram's callback_data limit (the fake API
    # answers 400 otherwise, which would have shown up as a missing reply above).
    assert all(
        len(button.get("callback_data", "").encode()) <= 64 for button in buttons_of(user.sent())
    )


def test_forged_and_malformed_updates_are_rejected_and_reach_nobody(user):
    forged = user.message(text="/start")
    assert user.post(forged, secret=None)[0] == 403
    assert user.post(forged, secret="guessed-secret")[0] == 403
    assert user.post(forged, secret=TELEGRAM_TEST_SECRET + "x")[0] == 403
    status, body = http_json(
        "POST", user.webhook, None, headers={SECRET_HEADER: TELEGRAM_TEST_SECRET}
    )
    assert status == 400, body
    status, body = user.post({"message": {"text": "no update id"}})
    assert status == 400, body
    assert user.calls_for_chat() == []
    assert user.user_turns_in_tracker() == []


def test_consecutive_updates_in_one_server_all_get_answers(user, rasa_stack):
    """Where the stock connector failed with 'Event loop is closed'."""
    for text in ("/start", "/help", "hello", "/help"):
        assert user.say(text), f"no reply to {text!r}"
    assert "Event loop is closed" not in rasa_stack.log_path("rasa").read_text(errors="replace")
    assert {call["token"] for call in user.calls_for_chat()} == {TELEGRAM_TEST_TOKEN}


def test_a_sticker_gets_the_text_only_reply_without_touching_the_conversation(user):
    replies = user._exchange(
        user.message(sticker={"file_id": "sticker-1", "width": 512, "height": 512})
    )
    assert [message["text"] for message in replies] == [TEXT_ONLY_REPLY]
    assert user.user_turns_in_tracker() == []


def test_restart_starts_over_with_a_greeting(user):
    user.say("/start")
    replies = user.say("/restart")
    assert find_button(replies, "career advice") is not None, [shown(m) for m in replies]


def test_recommendation_cards_and_long_button_payloads_through_the_servers_output_channel(user):
    """The card rendering in the real server, independent of how the intake is phrased:
    the profile slot is set through Rasa's HTTP API and action_recommend is run with
    output_channel=telegram (the path Rasa also uses for reminders and external events)."""
    from careerpath.profiling.profile import Profile

    profile = Profile(
        education_level="graduate",
        degree="bcom",
        field="commerce",
        skills=["ms_excel", "tally"],
        fresher=True,
        experience_years=0.0,
    ).to_dict()
    user.say("/start")  # a session exists, so the slot set below is not reset by a session start
    conversation = f"{user.stack.rasa_url}/conversations/{user.sender}"
    status, body = http_json(
        "POST",
        f"{conversation}/tracker/events",
        [{"event": "slot", "name": "profile", "value": profile}],
    )
    assert status == 200, body
    status, body = http_json(
        "POST",
        f"{conversation}/execute?output_channel=telegram",
        {"name": "action_recommend"},
        timeout=120,
    )
    assert status == 200, body
    user.wait_until_answered()

    cards = [message for message in user.sent() if message.get("parse_mode") == "HTML"]
    assert cards, [shown(message) for message in user.sent()]
    first = shown(cards[0])
    assert "You have: MS Excel" in first or "MS Excel" in first, first
    assert first.count("Why:") >= 1 and "1. " in first, first
    # Buttons sit under the last card. "More about <role>" carries a JSON payload that can
    # exceed Telegram's 64 bytes (it then travels as a short key); either way the press
    # must come back to Rasa as the original payload.
    more = find_button(cards[-1:], "more about")
    assert more is not None, buttons_of(cards)
    assert len(more["callback_data"].encode()) <= 64
    details = user.press(more)
    assert details, "no reply to the 'More about' button"
    assert user.user_turns_in_tracker()[-1].startswith("/ask_role_details")


def test_a_rest_client_cannot_open_a_telegram_users_conversation(user, rasa_stack):
    """Rasa keys conversations by sender id alone: the Telegram chat is "tg:<chat id>",
    and the REST channel refuses that namespace (and bare chat numbers)."""
    user.say("/start")
    assert user.user_turns_in_tracker() == ["/greet"]
    before = len(user.calls_for_chat())
    for sender in (user.sender, user.sender.upper(), str(user.chat_id)):
        status, body = http_json(
            "POST", rasa_stack.rest_url, {"sender": sender, "message": "what did I tell you?"}
        )
        assert status == 400 and body["error"] == "invalid_sender", (sender, status, body)
    assert user.user_turns_in_tracker() == [
        "/greet"
    ]  # untouched, and nothing was answered into the chat
    assert len(user.calls_for_chat()) == before
    assert (
        user.user_turns_in_tracker(str(user.chat_id)) == []
    )  # nothing is filed under the bare chat id
    with sqlite3.connect(rasa_stack.tracker_db_path) as connection:
        stored = {
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT sender_id FROM events WHERE sender_id LIKE ?",
                (f"%{user.chat_id}%",),
            )
        }
    assert stored == {user.sender}


def test_a_returning_telegram_user_is_recognised_and_can_delete_their_data(user, rasa_stack):
    """The storage key (channel + sender id) is found from the namespaced id: the
    welcome-back greeting at the first /start, and "delete my data" afterwards."""
    profile = {
        "education_level": "graduate",
        "degree": "bcom",
        "field": "commerce",
        "skills": ["ms_excel", "tally"],
    }
    shown_roles = [{"role_type": "finance_accounting_bpo", "name": "Finance & Accounting BPO"}]
    save_profile("telegram", user.sender, profile, url=rasa_stack.database_url)
    record_recommendations(
        "telegram", user.sender, profile, shown_roles, url=rasa_stack.database_url
    )

    greeting = user.say("/start")
    welcome = [shown(message) for message in greeting if "Welcome back" in message["text"]]
    assert welcome and "B.Com" in welcome[0] and "Finance & Accounting BPO" in welcome[0], [
        shown(message) for message in greeting
    ]
    assert find_button(greeting, "continue") is not None

    question = user.say("/forget")
    yes = find_button(question, "yes")
    assert yes is not None, [shown(message) for message in question]
    done = " ".join(shown(message) for message in user.press(yes))
    assert "1 saved profile" in done and "1 set of recommendations" in done, done
    assert load_profile("telegram", user.sender, url=rasa_stack.database_url) is None
    assert count_rows("telegram", user.sender, url=rasa_stack.database_url) == {
        "student_profile": 0,
        "recommendation_record": 0,
        "counselor_report": 0,
    }


def test_twenty_chats_at_once_lose_no_reply_mix_none_and_stay_within_telegrams_limits(
    rasa_stack, fake_telegram_api
):
    """20 users talk at the same time (each waits for the bot's answer before the next step,
    as people do). Every chat must get exactly the replies a lone chat gets, in the same
    order; the Bot API must see at most one message a second per chat and 30 overall."""

    def conversation(user: TelegramUser) -> list[str]:
        replies = user.say("/start")
        replies += user.press(find_button(replies, "career advice"))
        replies += user.say(INTAKE_ANSWERS[0])
        return [shown(message) for message in replies]

    alone = conversation(TelegramUser(rasa_stack, fake_telegram_api))
    assert len(alone) >= 3, alone
    users = [TelegramUser(rasa_stack, fake_telegram_api) for _ in range(20)]
    results: dict[int, Any] = {}

    def run(user: TelegramUser) -> None:
        try:
            results[user.chat_id] = conversation(user)
        except BaseException as error:  # reported below, with the chat it happened in
            results[user.chat_id] = error

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    took = time.monotonic() - started
    failures = {
        chat: result for chat, result in results.items() if isinstance(result, BaseException)
    }
    assert not failures and len(results) == 20, failures
    differing = {chat: texts for chat, texts in results.items() if texts != alone}
    assert not differing, f"replies lost or mixed in {len(differing)} chats"
    chats = [user.chat_id for user in users]
    per_chat = max(fake_telegram_api.max_rate(window=1.0, chat_id=chat) for chat in chats)
    overall = fake_telegram_api.max_rate(window=1.0)
    # Sends leave at least 1.03 s apart; a loaded machine delays arrivals at the fake by some
    # milliseconds, so the assertions allow 0.1 s of jitter and the figures show both.
    gap = min(fake_telegram_api.min_gap(chat) or 1.0 for chat in chats)
    strict_overall = fake_telegram_api.max_rate(window=1.0 - ARRIVAL_JITTER)
    typing = [
        call
        for call in fake_telegram_api.calls("sendChatAction")
        if call["params"]["chat_id"] in chats
    ]
    print(
        f"\n20 chats x 3 turns in {took:.1f} s: {20 * len(alone)} replies, none lost or mixed; "
        f"at most {per_chat} message(s) per chat within 1 s and {overall} overall within 1 s; "
        f"{len(typing)} chat actions for 60 turns; shortest gap in a chat {gap:.3f} s"
    )
    assert gap >= 1.0 - ARRIVAL_JITTER and strict_overall <= 30
    assert len(typing) <= 60


def test_a_guided_session_on_telegram_ends_with_the_report_as_a_document(user, rasa_stack):
    """A counselor on a phone gets the report itself (an HTML file) with a short summary,
    not a link to the server."""
    from careerpath.userdata import load_report

    def press_starting(replies: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
        found = [button for button in buttons_of(replies) if button["text"].startswith(title)]
        assert found, (title, [button["text"] for button in buttons_of(replies)])
        return user.press(found[0])

    replies = press_starting(user.say("/guided"), "Graduate")
    # The other intake steps are skipped (their choices change more often than this test
    # should); then the role step's second role is chosen.
    for _ in range(10):
        if any(button["text"].startswith("2. ") for button in buttons_of(replies)):
            replies = press_starting(replies, "2. ")
            break
        replies = press_starting(replies, "Skip")
    documents_before = len(user.sent("sendDocument"))
    replies = user.say("Prefers day shifts near Pune.")
    [document] = user.sent("sendDocument")[documents_before:]
    code = document["document"]["filename"][: -len(".html")]
    stored = load_report(code, url=rasa_stack.database_url)
    assert stored is not None and stored.sender_id == user.sender
    assert document["document"]["content"] == stored.html
    caption = document["caption"]
    assert code in caption and "1. " in caption and "Prefers day shifts near Pune." in caption
    assert "/webhooks/reports/report/" not in " ".join(shown(message) for message in replies)
    assert find_button([document], "new guided session") is not None
