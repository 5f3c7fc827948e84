"""The Telegram connector in a real Sanic server, talking to the fake Bot API.
Long because it covers every kind of update and reply against one server set-up.

The conversation side is a small fake ``on_new_message`` that records what reached it
and answers through the connector's output channel, so these tests need no trained model
(the real ``rasa run`` is exercised in test_telegram_e2e.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import uuid
from typing import Any

import aiohttp
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sanic import Sanic, response

from careerpath_rasa.channels import formatting
from careerpath_rasa.channels.formatting import (
    CALLBACK_DATA_LIMIT,
    TELEGRAM_TEXT_LIMIT,
    CallbackPayloadStore,
    inline_keyboard,
    render_recommendations,
    split_message,
    telegram_length,
)
from careerpath_rasa.channels.telegram import setup_webhook
from careerpath_rasa.channels.telegram.bot_api import BotApiClient
from careerpath_rasa.channels.telegram.settings import TelegramSettings
from careerpath_rasa.channels.telegram.turns import (
    ANSWERED_BUTTON_TOAST,
    GROUP_POINTER_REPLY,
    INACTIVE_BUTTON_TOAST,
    OLD_EDIT_REPLY,
)
from careerpath_rasa.channels.telegram.webhook import (
    FAILURE_REPLY,
    SECRET_HEADER,
    TEXT_ONLY_REPLY,
    UNKNOWN_COMMAND_REPLY,
    SecureTelegramInput,
)
from harness.fake_telegram import FakeTelegramApi, start_fake_telegram_api, visible_text
from tests.telegram_support import delivery_database

TOKEN = "4242:unit-test-token"
SECRET = "unit-test-secret_42"
CHAT_ID = 777001
LONG_TEXT = "\n\n".join(f"Paragraph {n}: " + " ".join(["career guidance"] * 40) for n in range(20))
# Sanic 21.12 rewrites ("touches up") its own methods for each new app; in test mode it
# keeps the originals so that several apps can run in one process.
Sanic.test_mode = True

HOSTILE = "<script>alert('x')</script> & <b>bold</b>"

CARD_PAYLOAD = {
    "type": "recommendations",
    "summary": {
        "preferred_track": "BPO",
        "text": "You lean towards BPO <voice> roles & quick jobs.",
    },
    "items": [
        {
            "role_type": "customer_support_voice",
            "name": HOSTILE,
            "track": "BPO",
            "score": 0.82,
            "fit": "strong",
            "matched_skills": ["English communication", "MS Excel"],
            "missing_skills": ["CRM <tools>"],
            "education_fit": {"status": "meets", "note": "Graduates\n\nmeet this"},
            "entry_roles": ["Customer Care Executive"],
            "growth_path": ["Executive", "Team Leader", "Manager"],
            "training": [{"skill": "CRM", "courses": [{"title": "CRM basics & more"}]}],
            "work_style": {},
            "why": "You speak well & know Excel.",
        },
        {
            "role_type": "data_entry",
            "name": "Data entry",
            "track": "BPO",
            "score": 0.5,
            "fit": "possible",
            "matched_skills": [],
            "missing_skills": [],
            "education_fit": {},
            "entry_roles": [],
            "growth_path": [],
            "training": [],
            "work_style": {},
            "why": "",
        },
    ],
}
LONG_PAYLOAD = (
    '/inform{"education": "graduate", "skills": ["ms_excel", "tally", "english_communication"]}'
)
BUTTONS = [
    {"title": "Graduate", "payload": '/inform{"education": "graduate"}'},
    {"title": "12th pass", "payload": "/inform"},
    {"title": "All of them, with long title", "payload": LONG_PAYLOAD},
]


# ---------------------------------------------------------------------------
# Fixtures: fake Bot API, a fake conversation, the connector in a real Sanic server
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fake_api():
    server = start_fake_telegram_api(expected_token=TOKEN)
    yield server
    server.stop()


@pytest.fixture
def api(fake_api):
    fake_api.reset()
    return fake_api


class FakeConversation:
    """Stands in for Rasa's agent: records messages and answers a few scripted texts."""

    def __init__(self) -> None:
        self.messages = []
        self.fail = False

    async def __call__(self, message) -> None:
        self.messages.append(message)
        if self.fail:
            raise RuntimeError("the agent fell over")
        out, sender = message.output_channel, message.sender_id
        if message.text == "/greet":
            await out.send_response(
                sender, {"text": "Hi! What did you study?", "buttons": [dict(b) for b in BUTTONS]}
            )
        elif message.text == "long please":
            await out.send_response(sender, {"text": LONG_TEXT})
        elif message.text == "cards please":
            await out.send_response(
                sender, {"text": "plain copy of the cards", "custom": CARD_PAYLOAD}
            )
        elif message.text and message.text.startswith("echo "):
            await out.send_response(sender, {"text": f"You said: {message.text[5:]}"})
        else:
            await out.send_response(sender, {"text": f"got {message.text}"})

    @property
    def texts(self) -> list[str]:
        return [message.text for message in self.messages]


@pytest.fixture
def conversation():
    return FakeConversation()


def make_settings(api: FakeTelegramApi, **changes: Any) -> TelegramSettings:
    # Short waits: these tests are about what is sent; test_telegram_delivery.py measures
    # the real limits and retries.
    values = dict(
        token=TOKEN,
        secret=SECRET,
        api_base_url=api.url,
        bot_username="careerpath_test_bot",
        chat_interval_seconds=0.01,
        global_rate_per_second=1000.0,
        backoff_seconds=0.01,
    )
    values.update(changes)
    return TelegramSettings(**values)


@pytest.fixture
def database(tmp_path):
    return delivery_database(tmp_path)


@contextlib.asynccontextmanager
async def running_connector(channel: SecureTelegramInput, on_new_message):
    """The connector's blueprint at /webhooks/telegram in a real Sanic server on a free port."""
    app = Sanic(f"telegram_test_{uuid.uuid4().hex}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/telegram")

    @app.get("/other")
    async def other(_):
        return response.json({"still": "working"})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, chosen by the kernel
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


@pytest.fixture
async def connector(api, conversation, database):
    channel = SecureTelegramInput(make_settings(api), database_url=database)
    async with running_connector(channel, conversation) as base_url:
        yield Client(base_url, channel)


class Client:
    def __init__(self, base_url: str, channel: SecureTelegramInput | None = None) -> None:
        self.webhook = f"{base_url}/webhooks/telegram/webhook"
        self.base_url = base_url
        self.channel = channel
        self.next_update_id = 1

    async def post(
        self, body: Any, secret: str | None = SECRET, raw: bytes | None = None, wait: bool = True
    ):
        """Posts an update; with ``wait``, returns once it is handled and its replies sent."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        data = raw if raw is not None else json.dumps(body).encode()
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.webhook, data=data, headers=headers) as reply,
        ):
            answer = reply.status, await reply.json(content_type=None)
        if wait and self.channel is not None:
            assert await self.channel.wait_idle(30), "the update was not handled in time"
        return answer

    async def send(self, kind: str = "message", secret: str | None = SECRET, **message: Any):
        self.next_update_id += 1
        return await self.post(update(self.next_update_id, kind, **message), secret=secret)


def update(
    update_id: int,
    kind: str = "message",
    chat_type: str = "private",
    chat_id: int = CHAT_ID,
    **content: Any,
) -> dict[str, Any]:
    sender = {
        "id": 5550001,
        "is_bot": False,
        "first_name": "Asha",
        "username": "asha_k",
        "language_code": "en",
    }
    message = {
        "message_id": update_id + 100,
        "date": 1700000000,
        "from": sender,
        "chat": {"id": chat_id, "type": chat_type},
        **content,
    }
    return {"update_id": update_id, kind: message}


def button_press(
    update_id: int, data: str, chat_id: int = CHAT_ID, message_id: int = 9
) -> dict[str, Any]:
    message = {
        "message_id": message_id,
        "date": 1700000000,
        "chat": {"id": chat_id, "type": "private"},
        "text": "Q?",
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cbq-{update_id}",
            "from": {"id": 5550001, "is_bot": False, "first_name": "Asha"},
            "chat_instance": "1",
            "message": message,
            "data": data,
        },
    }


# ---------------------------------------------------------------------------
# Authentication and malformed input: nothing reaches the conversation
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1], SECRET.upper()])
async def test_updates_without_the_right_secret_are_forbidden(connector, api, conversation, secret):
    status, body = await connector.send(text="hello", secret=secret)
    assert status == 403, body
    assert conversation.messages == []
    assert api.calls() == []


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"",
        b"[1, 2]",
        b'"a string"',
        b'{"message": {"text": "hi"}}',
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b'{"update_id": 5, "message": "hi"}',
        b'{"update_id": 5, "message": {"text": "hi", "chat": {"id": "x", "type": "private"}}}',
        b'{"update_id": 5, "callback_query": {"data": "/greet"}}',
        b"\xff\xfe\x00",
    ],
)
async def test_malformed_updates_are_rejected_with_400(connector, api, conversation, raw):
    status, body = await connector.post(None, raw=raw)
    assert status == 400, body
    assert "malformed update" in body["error"]
    assert conversation.messages == [] and api.calls() == []


async def test_forged_update_is_checked_before_the_body_is_read(connector, api, conversation):
    status, _ = await connector.post(None, secret="forged", raw=b"not json")
    assert status == 403
    assert conversation.messages == [] and api.calls() == []


async def test_without_token_or_secret_the_route_answers_503_and_the_server_keeps_working(
    api, conversation, database
):
    channel = SecureTelegramInput(TelegramSettings(api_base_url=api.url), database_url=database)
    assert channel.get_output_channel() is None
    async with (
        running_connector(channel, conversation) as base_url,
        aiohttp.ClientSession() as session,
    ):
        async with session.post(
            f"{base_url}/webhooks/telegram/webhook",
            json=update(1, text="hi"),
            headers={SECRET_HEADER: ""},
        ) as reply:
            assert reply.status == 503
            body = await reply.json()
        async with session.get(f"{base_url}/other") as reply:
            assert reply.status == 200
        async with session.get(f"{base_url}/webhooks/telegram/") as reply:
            assert (await reply.json()) == {"status": "ok", "configured": False}
    assert "TELEGRAM_BOT_TOKEN" in body["error"] and "TELEGRAM_WEBHOOK_SECRET" in body["error"]
    assert conversation.messages == [] and api.calls() == []


# ---------------------------------------------------------------------------
# What reaches the conversation
# ---------------------------------------------------------------------------
async def test_text_reaches_the_conversation_with_a_namespaced_sender_and_telegram_metadata(
    connector, api, conversation
):
    status, _ = await connector.send(text="  I did B.Com  ")
    assert status == 200
    [message] = conversation.messages
    assert message.text == "I did B.Com"
    # Never the bare chat id: Rasa keys conversations by sender id alone, and the REST
    # channel refuses "tg:" ids, so no other channel can open this conversation.
    assert message.sender_id == f"tg:{CHAT_ID}"
    assert message.input_channel == "telegram"
    telegram = message.metadata["telegram"]
    assert (
        telegram["user_id"] == 5550001
        and telegram["username"] == "asha_k"
        and telegram["chat_id"] == CHAT_ID
    )
    assert [call["params"]["text"] for call in api.calls("sendMessage")] == ["got I did B.Com"]
    assert api.calls("sendChatAction")[0]["params"] == {"chat_id": CHAT_ID, "action": "typing"}
    assert {call["token"] for call in api.calls()} == {TOKEN}


@pytest.mark.parametrize(
    "command, intent",
    [
        ("/start", "/greet"),
        ("/help", "/help"),
        ("/guided", "/guided_mode"),
        ("/forget", "/forget_me"),
        ("/start@careerpath_test_bot", "/greet"),
        ("/START", "/greet"),
        ("/start campaign42", "/greet"),
    ],
)
async def test_telegram_commands_become_rasa_intents(connector, conversation, command, intent):
    status, _ = await connector.send(text=command)
    assert status == 200
    assert conversation.texts == [intent]


async def test_restart_restarts_then_greets(connector, conversation):
    await connector.send(text="/restart")
    assert conversation.texts == ["/restart", "/greet"]


@pytest.mark.parametrize("text", ['/inform{"education": "mba"}', "/nlu_fallback", "/unknown"])
async def test_typed_unknown_commands_never_reach_rasa_as_intents(
    connector, api, conversation, text
):
    status, _ = await connector.send(text=text)
    assert status == 200
    assert conversation.messages == []
    assert api.sent_texts() == [UNKNOWN_COMMAND_REPLY]


async def test_commands_for_another_bot_are_ignored(connector, api, conversation):
    status, _ = await connector.send(text="/start@some_other_bot")
    assert status == 200
    assert conversation.messages == [] and api.calls() == []


@pytest.mark.parametrize(
    "media",
    [
        {"sticker": {"file_id": "s1", "width": 512, "height": 512, "is_animated": False}},
        {"photo": [{"file_id": "p1", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "duration": 3}},
        {"document": {"file_id": "d1", "file_name": "cv.pdf"}},
        {"location": {"latitude": 19.0, "longitude": 72.8}},
    ],
)
async def test_non_text_messages_get_a_polite_text_only_reply_without_rasa(
    connector, api, conversation, media
):
    status, _ = await connector.send(**media)
    assert status == 200
    assert conversation.messages == []
    assert api.sent_texts(CHAT_ID) == [TEXT_ONLY_REPLY]


async def test_a_photo_caption_is_read_as_text(connector, api, conversation):
    await connector.send(
        photo=[{"file_id": "p1", "width": 90, "height": 90}], caption="echo my certificate"
    )
    assert conversation.texts == ["echo my certificate"]
    assert api.sent_texts(CHAT_ID) == ["You said: my certificate"]


async def test_an_edit_of_the_latest_message_is_read_as_a_new_message(connector, conversation):
    await connector.send(text="I did BCom", message_id=501)
    await connector.send(
        kind="edited_message", text="I did B.Com", message_id=501, edit_date=1700000100
    )
    assert conversation.texts == ["I did BCom", "I did B.Com"]


async def test_an_edit_of_an_older_message_gets_a_note_and_never_reaches_rasa(
    connector, api, conversation
):
    await connector.send(text="I did BCom", message_id=601)
    await connector.send(text="I know Excel", message_id=602)
    api.reset()
    await connector.send(
        kind="edited_message", text="I did B.Com", message_id=601, edit_date=1700000100
    )
    assert conversation.texts == ["I did BCom", "I know Excel"]
    assert api.sent_texts(CHAT_ID) == [OLD_EDIT_REPLY]


async def test_negative_chat_ids_keep_their_sign_in_the_sender_and_replies_reach_that_chat(
    connector, api, conversation
):
    # Private chats have positive ids today; the mapping must not depend on that.
    await connector.send(chat_id=-4242, text="echo hi")
    assert [message.sender_id for message in conversation.messages] == ["tg:-4242"]
    assert [
        (call["params"]["chat_id"], call["params"]["text"]) for call in api.calls("sendMessage")
    ] == [(-4242, "You said: hi")]


async def test_button_presses_and_restart_use_the_same_namespaced_sender(
    connector, api, conversation
):
    await connector.send(text="/start")
    [sent] = api.calls("sendMessage")
    keyboard = sent["params"]["reply_markup"]
    await connector.post(
        button_press(
            500,
            keyboard["inline_keyboard"][0][0]["callback_data"],
            message_id=sent["result"]["message_id"],
        )
    )
    await connector.send(text="/restart")
    assert {message.sender_id for message in conversation.messages} == {f"tg:{CHAT_ID}"}
    assert len(conversation.messages) == 4  # /greet, button payload, /restart, /greet


async def test_the_output_channel_maps_tg_ids_to_chats_and_sends_nothing_elsewhere(api, database):
    channel = SecureTelegramInput(make_settings(api), database_url=database)
    output = channel.output
    await output.send_response("tg:777002", {"text": "to the chat", "buttons": [dict(BUTTONS[0])]})
    await output.send_response("tg:777002", {"image": "https://example.org/chart.png"})
    assert await channel.wait_idle(10)
    assert [(call["method"], call["params"]["chat_id"]) for call in api.calls()] == [
        ("sendMessage", 777002),
        ("sendPhoto", 777002),
    ]
    api.reset()
    # Rasa's HTTP API can run any conversation's actions with output_channel=telegram: a
    # REST conversation, a bare (pre-namespace) chat id or a look-alike reach no chat.
    for recipient in (
        "web-3f9c2a",
        "777002",
        "TG:777002",
        "tg:777002x",
        "tg:",
        "tg:@durov",
        " tg:777002",
    ):
        await output.send_response(
            recipient, {"text": "must not be sent", "buttons": [dict(BUTTONS[0])]}
        )
        await output.send_response(recipient, {"image": "https://example.org/chart.png"})
        await output.send_response(recipient, {"text": "cards", "custom": CARD_PAYLOAD})
    assert await channel.wait_idle(10)
    assert api.calls() == []
    await channel.stop_background_work()
    await channel.api.close()


@pytest.mark.parametrize("chat_type", ["group", "supergroup", "channel"])
async def test_group_chats_are_ignored(connector, api, conversation, chat_type):
    status, _ = await connector.send(chat_type=chat_type, chat_id=-100123, text="/start")
    assert status == 200
    assert conversation.messages == [] and api.calls() == []


@pytest.mark.parametrize(
    "text",
    [
        "/start@careerpath_test_bot",
        "/help@CareerPath_Test_Bot please",
        "hey @careerpath_test_bot what jobs suit a B.Com?",
    ],
)
@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
async def test_in_groups_a_command_or_mention_for_the_bot_gets_a_pointer_to_a_private_chat(
    connector, api, conversation, chat_type, text
):
    status, _ = await connector.send(chat_type=chat_type, chat_id=-100123, text=text)
    assert status == 200
    assert conversation.messages == []  # no conversation in groups
    [sent] = api.calls("sendMessage")
    assert sent["params"]["chat_id"] == -100123 and sent["params"]["text"] == GROUP_POINTER_REPLY
    [[link]] = sent["params"]["reply_markup"]["inline_keyboard"]
    assert link["url"].startswith("https://t.me/careerpath_test_bot")


async def test_in_groups_commands_for_other_bots_and_plain_talk_get_nothing(
    connector, api, conversation
):
    for text in ("/start@some_other_bot", "hello everyone", "ask @someone_else"):
        await connector.send(chat_type="group", chat_id=-100123, text=text)
    assert conversation.messages == [] and api.calls() == []


async def test_other_update_kinds_and_bots_and_service_messages_are_ignored(
    connector, api, conversation
):
    assert (await connector.post({"update_id": 90, "channel_post": {"message_id": 1}}))[0] == 200
    assert (await connector.post({"update_id": 91, "my_chat_member": {}}))[0] == 200
    bot_message = update(92, text="hi")
    bot_message["message"]["from"]["is_bot"] = True
    assert (await connector.post(bot_message))[0] == 200
    assert (await connector.post(update(93, pinned_message={"message_id": 3})))[0] == 200
    assert (await connector.post(update(94, text="   ")))[0] == 200
    assert conversation.messages == [] and api.calls() == []


async def test_a_redelivered_update_is_handled_once(connector, conversation):
    body = update(500, text="hello")
    assert (await connector.post(body))[0] == 200
    assert (await connector.post(body))[0] == 200
    assert conversation.texts == ["hello"]


async def test_a_failing_conversation_still_answers_200_and_apologises(
    connector, api, conversation
):
    conversation.fail = True
    status, _ = await connector.send(text="hello")
    assert status == 200
    assert api.sent_texts() == [FAILURE_REPLY]


async def test_a_failing_bot_api_does_not_break_the_webhook(connector, api, conversation):
    api.fail_next("sendChatAction", "Too Many Requests: retry after 1", 429)
    api.fail_next("sendMessage", "Bad Request: chat not found", 400)
    status, _ = await connector.send(text="hello")
    assert status == 200
    assert conversation.texts == ["hello"]
    assert api.sent_texts() == ["got hello"]  # refused; the conversation's turn still completed
    status, _ = await connector.send(text="again")
    assert status == 200
    assert api.sent_texts()[-1] == "got again"


# ---------------------------------------------------------------------------
# What goes out: keyboards, long messages, cards, escaping
# ---------------------------------------------------------------------------
async def test_buttons_become_an_inline_keyboard_and_presses_come_back_as_payloads(
    connector, api, conversation
):
    await connector.send(text="/start")
    [sent] = api.calls("sendMessage")
    message_id = sent["result"]["message_id"]
    assert sent["params"]["text"] == "Hi! What did you study?"
    keyboard = sent["params"]["reply_markup"]["inline_keyboard"]
    buttons = [button for row in keyboard for button in row]
    assert [button["text"] for button in buttons] == [b["title"] for b in BUTTONS]
    assert buttons[0]["callback_data"] == BUTTONS[0]["payload"]
    assert len(buttons[2]["callback_data"].encode()) <= CALLBACK_DATA_LIMIT
    assert buttons[2]["callback_data"] != LONG_PAYLOAD
    # The short titles share a row, the long one gets its own.
    assert [len(row) for row in keyboard] == [2, 1]

    api.reset()
    status, _ = await connector.post(
        button_press(700, buttons[2]["callback_data"], message_id=message_id)
    )
    assert status == 200
    assert conversation.texts[-1] == LONG_PAYLOAD
    assert api.calls("answerCallbackQuery")[0]["params"] == {"callback_query_id": "cbq-700"}
    # The question is answered: its keyboard is removed, and a second press is only a toast.
    assert [call["params"] for call in api.calls("editMessageReplyMarkup")] == [
        {"chat_id": CHAT_ID, "message_id": message_id}
    ]
    status, _ = await connector.post(
        button_press(701, buttons[0]["callback_data"], message_id=message_id)
    )
    assert conversation.texts[-1] == LONG_PAYLOAD
    assert api.calls("answerCallbackQuery")[-1]["params"] == {
        "callback_query_id": "cbq-701",
        "text": ANSWERED_BUTTON_TOAST,
    }


@pytest.mark.parametrize("data", [formatting.CALLBACK_KEY_PREFIX + "0" * 24, "/restart", "/greet"])
async def test_a_press_on_a_button_we_never_sent_there_is_a_toast_and_reaches_nobody(
    connector, api, conversation, data
):
    status, _ = await connector.post(button_press(800, data))
    assert status == 200
    assert conversation.messages == []
    assert api.calls("answerCallbackQuery")[0]["params"] == {
        "callback_query_id": "cbq-800",
        "text": INACTIVE_BUTTON_TOAST,
    }
    assert api.sent_texts() == []


async def test_a_long_message_is_split_under_the_limit_on_paragraph_boundaries(connector, api):
    await connector.send(text="long please")
    texts = api.sent_texts()
    assert len(texts) > 1
    assert all(telegram_length(text) <= TELEGRAM_TEXT_LIMIT for text in texts)
    assert all(text.startswith("Paragraph ") for text in texts)
    assert "\n\n".join(texts) == LONG_TEXT.strip()


async def test_recommendation_cards_are_html_with_every_value_escaped(connector, api):
    await connector.send(text="cards please")
    [sent] = api.calls("sendMessage")  # the plain-text copy is not sent as well
    params = sent["params"]
    assert params["parse_mode"] == "HTML"
    assert "<script>" not in params["text"] and "&lt;script&gt;" in params["text"]
    shown = visible_text(params["text"], "HTML")
    assert f"1. {HOSTILE}" in shown
    assert "You lean towards BPO <voice> roles & quick jobs." in shown
    assert "strong fit (82%)" in shown and "Executive → Team Leader → Manager" in shown
    assert "CRM <tools>" in shown and "CRM basics & more" in shown and "2. Data entry" in shown


async def test_cards_telegram_cannot_parse_are_resent_as_plain_text(connector, api, conversation):
    api.fail_next("sendMessage", "Bad Request: can't parse entities: unexpected end tag", 400)
    status, _ = await connector.send(text="cards please")
    assert status == 200
    first, second = api.calls("sendMessage")
    assert first["params"]["parse_mode"] == "HTML" and "parse_mode" not in second["params"]
    assert second["params"]["text"] == visible_text(first["params"]["text"], "HTML")


async def test_plain_texts_are_sent_verbatim_without_a_parse_mode(connector, api):
    await connector.send(text=f"echo {HOSTILE}")
    [sent] = api.calls("sendMessage")
    assert sent["params"]["text"] == f"You said: {HOSTILE}"
    assert "parse_mode" not in sent["params"]


# ---------------------------------------------------------------------------
# No network at start-up, and no "Event loop is closed"
# ---------------------------------------------------------------------------
def test_building_the_channel_touches_no_network(api, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.url + "/")
    channel = SecureTelegramInput.from_credentials(None)
    channel.blueprint(FakeConversation())
    assert channel.get_output_channel() is not None
    assert channel.settings.api_base_url == api.url
    assert api.calls() == []


def test_the_client_works_across_event_loops_like_rasa_start_up_then_serving(api):
    """Rasa builds channels before its server loop exists; a session bound to the first
    loop is what made the stock connector fail with 'Event loop is closed'."""
    client = BotApiClient(TOKEN, api.url)

    async def get_me():
        return await client.call("getMe")

    assert asyncio.run(get_me())["username"] == "careerpath_test_bot"  # a short-lived start-up loop
    assert asyncio.run(get_me())["username"] == "careerpath_test_bot"  # the serving loop
    assert len(api.calls("getMe")) == 2

    async def close():
        await client.close()

    asyncio.run(close())


async def test_consecutive_updates_share_one_session_closed_when_the_server_stops(
    api, conversation, database
):
    channel = SecureTelegramInput(make_settings(api), database_url=database)
    async with running_connector(channel, conversation) as base_url:
        client = Client(base_url, channel)
        for text in ("one", "two", "three"):
            assert (await client.send(text=text))[0] == 200
        session = channel.api._session
        assert session is not None and not session.closed
    assert session.closed
    assert api.sent_texts() == ["got one", "got two", "got three"]


async def test_api_errors_never_show_the_token(api):
    client = BotApiClient(TOKEN, "http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(Exception) as error:
        await client.call("getMe")
    assert TOKEN not in str(error.value)
    await client.close()
    wrong = BotApiClient("1:wrong", api.url)
    with pytest.raises(Exception) as error:
        await wrong.call("getMe")
    assert "Unauthorized" in str(error.value) and "1:wrong" not in str(error.value)
    await wrong.close()


# ---------------------------------------------------------------------------
# Settings and the webhook set-up command
# ---------------------------------------------------------------------------
def test_settings_come_from_the_environment_and_secrets_in_credentials_are_ignored():
    environ = {"TELEGRAM_BOT_TOKEN": "1:env", "TELEGRAM_WEBHOOK_SECRET": "env-secret"}
    settings = TelegramSettings.from_env(
        environ, {"access_token": "1:file", "secret": "file", "bot_username": "@my_bot"}
    )
    assert settings.token == "1:env" and settings.secret == "env-secret"
    assert settings.bot_username == "my_bot"
    assert settings.api_base_url == "https://api.telegram.org"
    assert settings.problems() == []


@pytest.mark.parametrize("secret", ["has space", "ümlaut", "x" * 257, "semi;colon"])
def test_secrets_telegram_would_refuse_are_reported(secret):
    problems = TelegramSettings(token="1:t", secret=secret).problems()
    assert problems and "TELEGRAM_WEBHOOK_SECRET" in problems[0]


def test_setup_registers_the_webhook_with_the_secret(api, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.url)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/webhooks/telegram/webhook")
    assert setup_webhook.main([]) == 0
    [call] = api.calls("setWebhook")
    assert call["params"]["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert call["params"]["secret_token"] == SECRET
    assert set(call["params"]["allowed_updates"]) == {"message", "edited_message", "callback_query"}
    assert '"url": "https://bot.example.org/webhooks/telegram/webhook"' in capsys.readouterr().out
    assert setup_webhook.main(["--delete"]) == 0
    assert api.calls("deleteWebhook")


def test_setup_without_configuration_explains_what_is_missing(api, monkeypatch, capsys):
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.url)
    assert setup_webhook.main([]) == 2
    errors = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in errors and "TELEGRAM_WEBHOOK_URL" in errors
    assert api.calls() == []


# ---------------------------------------------------------------------------
# formatting.py on its own
# ---------------------------------------------------------------------------
def test_split_keeps_short_text_whole_and_drops_blank_text():
    assert split_message("  hello  ") == ["hello"]
    assert split_message(" \n ") == []


def test_split_falls_back_to_lines_then_words_then_hard_cuts():
    lines = "\n".join(["word " * 30] * 10)
    assert all(len(piece) <= 200 for piece in split_message(lines, limit=200))
    assert split_message("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_split_counts_emoji_as_telegram_does():
    text = "😀" * 3000  # 6000 UTF-16 code units
    pieces = split_message(text)
    assert len(pieces) == 2 and all(
        telegram_length(piece) <= TELEGRAM_TEXT_LIMIT for piece in pieces
    )
    assert "".join(pieces) == text


def test_html_hard_cut_never_splits_an_entity():
    pieces = split_message("a" * 8 + "&amp;" + "b" * 8, limit=10, html_mode=True)
    assert pieces[0] == "a" * 8 and pieces[1].startswith("&amp;")


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60), max_size=40
    ),
    st.integers(min_value=20, max_value=300),
)
def test_split_never_exceeds_the_limit_and_loses_no_words(paragraphs, limit):
    text = "\n\n".join(paragraphs)
    pieces = split_message(text, limit=limit)
    assert all(0 < telegram_length(piece) <= limit for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_callback_store_maps_long_and_look_alike_payloads_only():
    store = CallbackPayloadStore(capacity=2)
    assert store.callback_data("/greet") == "/greet"
    long_key = store.callback_data(LONG_PAYLOAD)
    assert (
        long_key.startswith(formatting.CALLBACK_KEY_PREFIX)
        and len(long_key.encode()) <= CALLBACK_DATA_LIMIT
    )
    assert store.payload(long_key) == LONG_PAYLOAD
    look_alike = store.callback_data("#k:abc")
    assert look_alike != "#k:abc" and store.payload(look_alike) == "#k:abc"
    store.callback_data("/x" * 40)  # capacity 2: the oldest key is forgotten
    assert store.payload(long_key) is None


def test_multibyte_payloads_are_measured_in_bytes():
    store = CallbackPayloadStore()
    payload = "/inform" + "é" * 30  # 37 characters, 67 bytes
    keyboard = inline_keyboard([{"title": "é", "payload": payload}], store)
    data = keyboard["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= CALLBACK_DATA_LIMIT and store.payload(data) == payload


def test_url_buttons_stay_links_and_empty_buttons_are_dropped():
    keyboard = inline_keyboard(
        [
            {"title": "Course", "url": "https://example.org/c", "type": "web_url"},
            {"title": "", "payload": ""},
        ],
        CallbackPayloadStore(),
    )
    assert keyboard == {"inline_keyboard": [[{"text": "Course", "url": "https://example.org/c"}]]}


def test_cards_keep_each_card_in_one_paragraph_and_escape_everything():
    html_text = render_recommendations(CARD_PAYLOAD)
    paragraphs = html_text.split("\n\n")
    assert len(paragraphs) == 3  # summary + two cards; the note's blank line was flattened
    assert "<script>" not in html_text
    assert visible_text(html_text, "HTML").count("Why:") == 1


def test_cards_for_an_empty_result_still_say_something():
    assert "could not find" in render_recommendations({"type": "recommendations", "items": []})


def test_cards_show_first_steps_notes_and_continue_numbering_for_more_options():
    payload = {
        "type": "recommendations",
        "start": 3,
        "items": [dict(CARD_PAYLOAD["items"][1])],
        "summary": {"text": "Either track", "reasons": ["Because <reasons>"]},
        "prerequisites": ["Finish 12th & apply"],
        "notes": ["Night shifts <paid more>"],
    }
    shown = visible_text(render_recommendations(payload), "HTML")
    assert "• Because <reasons>" in shown and "First steps\n• Finish 12th & apply" in shown
    assert "4. Data entry" in shown and "• Night shifts <paid more>" in shown
    no_fit = {"type": "recommendations", "items": [], "prerequisites": ["Finish 12th first"]}
    shown = visible_text(render_recommendations(no_fit), "HTML")
    assert "Finish 12th first" in shown and "could not find" not in shown
