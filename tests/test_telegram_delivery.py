"""Telegram delivery under a Bot API that fails, throttles, is slow, refuses connections
and restarts: no reply lost, order kept per chat, limits respected, nothing done twice.
Long because each failure mode is its own scenario over one shared server set-up.

The connector runs in a real Sanic server against the fake Bot API (harness/fake_telegram.py)
with a scripted conversation (no model needed); figures are printed with ``-s``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

from careerpath.delivery import store
from careerpath_rasa.channels.telegram.settings import TelegramSettings
from careerpath_rasa.channels.telegram.turns import ANSWERED_BUTTON_TOAST
from careerpath_rasa.channels.telegram.webhook import SecureTelegramInput
from harness.fake_telegram import Fault, start_fake_telegram_api
from tests.telegram_support import delivery_database, keyboards_sent
from tests.test_telegram_connector import (
    SECRET,
    TOKEN,
    Client,
    button_press,
    running_connector,
    update,
)

CHAT = 880001
# Sends leave at least 1.03 s apart per chat (30 per 1.03 s overall); a loaded machine may
# delay a call's arrival at the fake by some milliseconds, so assertions allow this much.
ARRIVAL_JITTER = 0.1


@pytest.fixture(scope="module")
def fake_api():
    server = start_fake_telegram_api(expected_token=TOKEN)
    yield server
    server.stop()


@pytest.fixture
def api(fake_api):
    fake_api.reset()
    return fake_api


@pytest.fixture
def database(tmp_path):
    return delivery_database(tmp_path)


def settings(api, **changes: Any) -> TelegramSettings:
    values: dict[str, Any] = dict(
        token=TOKEN,
        secret=SECRET,
        api_base_url=api.url,
        bot_username="careerpath_test_bot",
        chat_interval_seconds=0.01,
        global_rate_per_second=1000.0,
        backoff_seconds=0.05,
        api_timeout_seconds=1.0,
    )
    values.update(changes)
    return TelegramSettings(**values)


class NumberedConversation:
    """Answers every text with ``replies`` numbered messages ("<text> #1" ...), the last
    with a button; optionally slow, to keep a turn running."""

    def __init__(self, replies: int = 2, delay: float = 0.0) -> None:
        self.replies, self.delay = replies, delay
        self.texts: list[str] = []

    async def __call__(self, message) -> None:
        self.texts.append(message.text)
        if self.delay:
            await asyncio.sleep(self.delay)
        for number in range(1, self.replies + 1):
            reply: dict[str, Any] = {"text": f"{message.text} #{number}"}
            if number == self.replies:
                reply["buttons"] = [
                    {"title": "Next", "payload": f'/next{{"after": "{message.text}"}}'}
                ]
            await message.output_channel.send_response(message.sender_id, reply)


def delivered_texts(api, chat_id: int) -> list[str]:
    return [
        call["params"]["text"]
        for call in api.delivered("sendMessage")
        if call["params"]["chat_id"] == chat_id
    ]


def expected(texts: list[str], replies: int) -> list[str]:
    return [f"{text} #{number}" for text in texts for number in range(1, replies + 1)]


async def send_texts(client: Client, chat_id: int, texts: list[str], first_update: int) -> None:
    for offset, text in enumerate(texts):
        status, _ = await client.post(
            update(
                first_update + offset, chat_id=chat_id, text=text, message_id=first_update + offset
            ),
            wait=False,
        )
        assert status == 200


# ---------------------------------------------------------------------------
async def test_every_kind_of_failure_is_retried_and_nothing_is_lost_or_reordered(api, database):
    api.script(
        "sendMessage",
        [
            Fault(status=500),
            Fault(status=502),
            Fault(status=429, retry_after=1),
            Fault(delay=2.0),
            Fault(status=500),
        ],
    )
    conversation = NumberedConversation(replies=2)
    channel = SecureTelegramInput(settings(api, backoff_seconds=0.2), database_url=database)
    async with running_connector(channel, conversation) as base_url:
        client = Client(base_url, channel)
        await send_texts(client, CHAT, ["one", "two", "three"], 100)
        api.go_down()  # connections refused for a while
        await asyncio.sleep(0.5)
        api.come_back()
        assert await channel.wait_idle(60)
        stats = channel.outbox.stats.snapshot()
    assert delivered_texts(api, CHAT) == expected(["one", "two", "three"], 2)
    assert conversation.texts == ["one", "two", "three"]
    assert stats.get("failed", 0) == 0 and stats["retried"] >= 5 and stats["throttled"] == 1, stats
    print(f"\nfailures recovered: {stats}")


async def test_a_429_is_waited_out_for_retry_after(api, database):
    api.script("sendMessage", [Fault(status=429, retry_after=2)])
    channel = SecureTelegramInput(settings(api), database_url=database)
    async with running_connector(channel, NumberedConversation(replies=1)) as base_url:
        await Client(base_url, channel).post(update(1, chat_id=CHAT, text="hello"))
    attempts = [call["at"] for call in api.calls("sendMessage")]
    assert len(attempts) == 2 and attempts[1] - attempts[0] >= 1.9, attempts


async def test_retries_are_bounded_and_a_final_failure_is_logged_and_counted(api, database, caplog):
    api.script("sendMessage", [Fault(status=500)] * 3)
    channel = SecureTelegramInput(settings(api, send_attempts=3), database_url=database)
    caplog.set_level(logging.ERROR, logger="careerpath_rasa.channels.telegram.delivery")
    async with running_connector(channel, NumberedConversation(replies=2)) as base_url:
        client = Client(base_url, channel)
        await client.post(update(1, chat_id=CHAT, text="hello"))
        async with (
            client_session() as session,
            session.get(f"{base_url}/webhooks/telegram/") as reply,
        ):
            health = await reply.json()
    # The first reply was tried three times and given up; the second still went out.
    assert [call.get("failed", False) for call in api.calls("sendMessage")] == [
        True,
        True,
        True,
        False,
    ]
    assert delivered_texts(api, CHAT) == ["hello #2"]
    assert health["delivery"]["failed"] == 1
    assert any("gave up a sendMessage" in record.getMessage() for record in caplog.records)
    assert store.backlog("telegram", CHAT, url=database)["messages_failed"] == 1


def client_session():
    import aiohttp

    return aiohttp.ClientSession()


async def test_the_webhook_answers_at_once_while_the_bot_api_is_slow(api, database):
    api.script("*", [Fault(delay=5.0)] * 10)
    channel = SecureTelegramInput(settings(api, api_timeout_seconds=10.0), database_url=database)
    async with running_connector(channel, NumberedConversation(replies=1)) as base_url:
        client = Client(base_url, channel)
        started = time.monotonic()
        for update_id in range(1, 4):
            status, _ = await client.post(
                update(update_id, chat_id=CHAT, text=f"t{update_id}"), wait=False
            )
            assert status == 200
        acknowledged = time.monotonic() - started
        await channel.stop_background_work()
    assert acknowledged < 1.0, f"3 updates took {acknowledged:.2f} s to acknowledge"
    print(f"\n3 updates acknowledged in {acknowledged * 1000:.0f} ms with a 5 s Bot API")


async def test_pending_updates_and_replies_survive_a_restart_and_a_redelivery_is_ignored(
    api, database
):
    """The first server stops while the Bot API is down (replies pending) and while a turn
    is waiting to run; the second server, on the same database, sends everything once."""
    api.go_down()
    first = SecureTelegramInput(settings(api), database_url=database)
    conversation = NumberedConversation(replies=2)
    async with running_connector(first, conversation) as base_url:
        client = Client(base_url, first)
        await send_texts(client, CHAT, ["one", "two"], 200)
        deadline = time.monotonic() + 10
        while conversation.texts != ["one", "two"] and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    assert store.backlog("telegram", CHAT, url=database)["messages_pending"] >= 4
    api.come_back()

    second = SecureTelegramInput(settings(api), database_url=database)
    async with running_connector(second, conversation) as base_url:
        client = Client(base_url, second)
        await asyncio.sleep(0.2)  # the start-up sweep resumes the outbox
        status, body = await client.post(update(201, chat_id=CHAT, text="two", message_id=201))
        assert (status, body) == (200, {"status": "duplicate"})
        await client.post(update(202, chat_id=CHAT, text="three", message_id=202))
        assert await second.wait_idle(30)
    assert conversation.texts == ["one", "two", "three"]
    assert delivered_texts(api, CHAT) == expected(["one", "two", "three"], 2)
    assert store.backlog("telegram", url=database) == {
        "updates_pending": 0,
        "messages_pending": 0,
        "messages_failed": 0,
    }


async def test_an_update_acknowledged_but_not_handled_before_a_restart_is_handled_after_it(
    api, database
):
    first = SecureTelegramInput(settings(api), database_url=database)
    first.stop_grace_seconds = 0.5  # the turn below would take 30 s: it is cut off
    slow = NumberedConversation(replies=1, delay=30)
    async with running_connector(first, slow) as base_url:
        await send_texts(Client(base_url, first), CHAT, ["one", "two"], 300)
        await asyncio.sleep(0.3)
    # Stopped mid-turn: nothing was answered, both updates are still pending.
    assert store.backlog("telegram", CHAT, url=database)["updates_pending"] == 2
    conversation = NumberedConversation(replies=1)
    second = SecureTelegramInput(settings(api), database_url=database)
    async with running_connector(second, conversation) as base_url:
        deadline = time.monotonic() + 20
        while len(delivered_texts(api, CHAT)) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    assert conversation.texts == ["one", "two"]
    assert delivered_texts(api, CHAT) == ["one #1", "two #1"]


async def test_limits_per_chat_and_overall_are_respected(api, database):
    """Telegram's limits (1 message a second per chat, 30 a second overall) with 40 chats
    asking at once; every reply arrives, in order."""
    chats = [CHAT + number for number in range(40)]
    channel = SecureTelegramInput(
        settings(api, chat_interval_seconds=1.0, global_rate_per_second=30.0), database_url=database
    )
    conversation = NumberedConversation(replies=3)
    started = time.monotonic()
    async with running_connector(channel, conversation) as base_url:
        client = Client(base_url, channel)
        await asyncio.gather(
            *(
                send_texts(client, chat, [f"hi {chat}"], 1000 + index)
                for index, chat in enumerate(chats)
            )
        )
        assert await channel.wait_idle(60)
    took = time.monotonic() - started
    per_chat = max(api.max_rate(window=1.0, chat_id=chat) for chat in chats)
    overall = api.max_rate(window=1.0)
    for chat in chats:
        assert delivered_texts(api, chat) == expected([f"hi {chat}"], 3)
    print(
        f"\n120 messages to 40 chats in {took:.1f} s: at most {per_chat} per chat within 1 s, "
        f"{overall} overall within 1 s; {len(api.calls('sendChatAction'))} chat actions"
    )
    gap = min(api.min_gap(chat) or 1.0 for chat in chats)
    print(f"shortest gap between two messages in a chat: {gap:.3f} s")
    assert gap >= 1.0 - ARRIVAL_JITTER
    assert api.max_rate(window=1.0 - ARRIVAL_JITTER) <= 30
    assert len(api.calls("sendChatAction")) == len(chats)  # one typing indicator per turn


async def test_double_taps_and_stale_buttons_never_rerun_a_step(api, database):
    conversation = NumberedConversation(replies=1)
    channel = SecureTelegramInput(settings(api), database_url=database)
    async with running_connector(channel, conversation) as base_url:
        client = Client(base_url, channel)
        await client.post(update(1, chat_id=CHAT, text="first", message_id=1))
        [keyboard] = keyboards_sent(api, CHAT)
        data = keyboard["buttons"][0]["callback_data"]
        # A double tap: both presses arrive before the first is handled.
        await asyncio.gather(
            client.post(
                button_press(2, data, chat_id=CHAT, message_id=keyboard["message_id"]), wait=False
            ),
            client.post(
                button_press(3, data, chat_id=CHAT, message_id=keyboard["message_id"]), wait=False
            ),
        )
        assert await channel.wait_idle(10)
        await client.post(update(4, chat_id=CHAT, text="typed", message_id=4))
        # The keyboard under the first reply of the press is stale now that "typed" was answered.
        stale = keyboards_sent(api, CHAT)[1]
        await client.post(
            button_press(
                5,
                stale["buttons"][0]["callback_data"],
                chat_id=CHAT,
                message_id=stale["message_id"],
            )
        )
    payload = '/next{"after": "first"}'
    assert conversation.texts == ["first", payload, "typed"]
    toasts = [call["params"].get("text") for call in api.calls("answerCallbackQuery")]
    assert sorted(toasts, key=str) == sorted(
        [None, ANSWERED_BUTTON_TOAST, ANSWERED_BUTTON_TOAST], key=str
    )
    removed = [call["params"]["message_id"] for call in api.calls("editMessageReplyMarkup")]
    assert removed == [keyboard["message_id"], stale["message_id"]]


async def test_a_guided_report_is_sent_as_a_document_with_a_summary(api, database, monkeypatch):
    from careerpath.userdata import save_report

    monkeypatch.setenv("DATABASE_URL", database)
    advice = {
        "recommendations": [
            {"name": "Finance & Accounting BPO", "track": "BPO"},
            {"name": "Data Analytics KPO", "track": "KPO"},
        ]
    }
    code = save_report(
        channel="telegram",
        sender=f"tg:{CHAT}",
        counselor=None,
        profile={},
        advice=advice,
        markdown="# Report",
        html="<html><body>Report for Asha</body></html>",
        note="Interested in accounts",
        url=database,
    )
    channel = SecureTelegramInput(settings(api), database_url=database)
    await channel.output.send_response(
        f"tg:{CHAT}",
        {
            "custom": {
                "type": "report_document",
                "code": code,
                "buttons": [{"title": "New guided session", "payload": "/guided_mode"}],
            }
        },
    )
    assert await channel.wait_idle(10)
    [call] = api.delivered("sendDocument")
    params = call["params"]
    assert params["chat_id"] == CHAT
    assert params["document"]["filename"] == f"{code}.html"
    assert "Report for Asha" in params["document"]["content"]
    assert code in params["caption"] and "1. Finance & Accounting BPO (BPO)" in params["caption"]
    assert "Interested in accounts" in params["caption"]
    assert params["reply_markup"]["inline_keyboard"][0][0]["text"] == "New guided session"
    await channel.stop_background_work()
    await channel.api.close()


async def test_long_devanagari_replies_are_split_within_telegrams_limit(api, database):
    paragraph = "मुझे लेखा और एक्सेल का काम आता है। " * 60
    long_text = "\n\n".join([paragraph] * 5)
    channel = SecureTelegramInput(settings(api), database_url=database)
    await channel.output.send_response(f"tg:{CHAT}", {"text": long_text})
    assert await channel.wait_idle(10)
    texts = delivered_texts(api, CHAT)
    assert len(texts) > 1 and all(len(text.encode("utf-16-le")) // 2 <= 4096 for text in texts)
    assert " ".join(" ".join(texts).split()) == " ".join(long_text.split())
    await channel.stop_background_work()
    await channel.api.close()


def test_other_options_do_not_repeat_the_summary_of_the_first_card():
    from types import SimpleNamespace

    from careerpath.conversation.cards import recommendation_card

    def rec(number: int):
        return SimpleNamespace(
            to_dict=lambda: {
                "role_type": f"role_{number}",
                "name": f"Role {number}",
                "work_style": {},
            }
        )

    advice = SimpleNamespace(
        recommendations=[rec(number) for number in range(6)],
        summary={"text": "You lean towards BPO roles.", "preferred_track": "BPO"},
        prerequisites=["Finish 12th"],
        notes=["Night shifts pay more"],
    )
    first = recommendation_card(advice)
    more = recommendation_card(advice, start=3, heading="More options")
    assert first["summary"]["text"] == "You lean towards BPO roles." and first["notes"]
    assert more["summary"] == {} and not more["prerequisites"] and not more["notes"]
    assert [item["name"] for item in more["items"]] == ["Role 3", "Role 4", "Role 5"]


async def test_two_replicas_on_one_database_keep_one_chats_order_and_share_seen_updates(
    api, database
):
    """Updates of one chat reach two replicas alternately (as behind a load balancer): each
    turn runs once, in update order, and a re-sent update is a duplicate at either one."""
    conversation = NumberedConversation(replies=2, delay=0.2)
    first = SecureTelegramInput(settings(api), database_url=database)
    second = SecureTelegramInput(settings(api), database_url=database)
    async with (
        running_connector(first, conversation) as first_url,
        running_connector(second, conversation) as second_url,
    ):
        clients = [Client(first_url, first), Client(second_url, second)]
        texts = [f"turn {number}" for number in range(6)]
        for number, text in enumerate(texts):
            status, _ = await clients[number % 2].post(
                update(400 + number, chat_id=CHAT, text=text, message_id=400 + number), wait=False
            )
            assert status == 200
        for number in range(6):  # every update again, at the other replica
            status, body = await clients[(number + 1) % 2].post(
                update(400 + number, chat_id=CHAT, text=texts[number]), wait=False
            )
            assert (status, body) == (200, {"status": "duplicate"})
        deadline = time.monotonic() + 30
        while len(delivered_texts(api, CHAT)) < 12 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    assert conversation.texts == texts
    assert delivered_texts(api, CHAT) == expected(texts, 2)


async def test_twenty_chats_through_random_failures_lose_and_mix_nothing(api, database):
    """20 chats, 3 turns each, while the Bot API answers 15% of sends with 500/502, 5% with
    429 and 5% too slowly (a timeout): every reply arrives once, in order, in its chat."""
    api.chaos(fail=0.15, throttle=0.05, slow=0.05, slow_seconds=1.5, retry_after=1, seed=13)
    chats = [CHAT + 100 + number for number in range(20)]
    channel = SecureTelegramInput(
        settings(api, chat_interval_seconds=1.0, global_rate_per_second=30.0, backoff_seconds=0.2),
        database_url=database,
    )
    conversation = NumberedConversation(replies=2)
    started = time.monotonic()
    async with running_connector(channel, conversation) as base_url:
        client = Client(base_url, channel)

        async def talk(index: int, chat: int) -> None:
            for turn in range(3):
                await send_texts(
                    client, chat, [f"chat {chat} turn {turn}"], 5000 + index * 10 + turn
                )
                await asyncio.sleep(0.3)

        await asyncio.gather(*(talk(index, chat) for index, chat in enumerate(chats)))
        assert await channel.wait_idle(120)
        stats = channel.outbox.stats.snapshot()
    took = time.monotonic() - started
    for chat in chats:
        assert delivered_texts(api, chat) == expected(
            [f"chat {chat} turn {turn}" for turn in range(3)], 2
        )
    per_chat = max(api.max_rate(window=1.0, chat_id=chat) for chat in chats)
    overall = api.max_rate(window=1.0)
    print(
        f"\n20 chats x 3 turns under random faults in {took:.1f} s: "
        "120 replies, none lost or mixed; "
        f"{stats}; at most {per_chat} per chat and {overall} overall within 1 s"
    )
    assert stats.get("failed", 0) == 0 and stats["retried"] > 0
    gap = min(api.min_gap(chat) or 1.0 for chat in chats)
    print(f"shortest gap between two messages in a chat: {gap:.3f} s")
    assert gap >= 1.0 - ARRIVAL_JITTER and api.max_rate(window=1.0 - ARRIVAL_JITTER) <= 30


async def test_the_per_chat_pace_holds_across_replicas(api, database):
    first = SecureTelegramInput(settings(api, chat_interval_seconds=1.0), database_url=database)
    second = SecureTelegramInput(settings(api, chat_interval_seconds=1.0), database_url=database)
    await first.output.send_response(f"tg:{CHAT}", {"text": "from the first replica"})
    assert await first.wait_idle(10)
    await second.output.send_response(f"tg:{CHAT}", {"text": "from the second replica"})
    assert await second.wait_idle(10)
    sends = api.delivered("sendMessage")
    assert [call["params"]["text"] for call in sends] == [
        "from the first replica",
        "from the second replica",
    ]
    assert sends[1]["at"] - sends[0]["at"] >= 0.95
    for channel in (first, second):
        await channel.stop_background_work()
        await channel.api.close()
