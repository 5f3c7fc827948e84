"""A fake Telegram Bot API server for tests.

A small aiohttp app on 127.0.0.1 (free port) in a background thread with its own event
loop, so both synchronous tests (talking to a separate ``rasa run`` process) and async
tests can use it. It answers like the real API - ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": 400, "description": "Bad Request: ..."}`` - and records every
call. It also enforces the limits the connector must respect (4096-character texts,
64-byte callback_data, well-formed HTML in parse_mode HTML) so a violation fails a test
the way it would fail in production.

    server = start_fake_telegram_api()
    server.url                      # TELEGRAM_API_BASE_URL for the connector
    server.calls("sendMessage")     # [{"method", "token", "params"}, ...]
    server.reset(); server.stop()
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
# Tags Telegram's HTML parse mode accepts.
TELEGRAM_HTML_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "CareerPath",
    "username": "careerpath_test_bot",
}


class _ApiError(Exception):
    def __init__(self, description: str, error_code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.error_code = error_code


class _HtmlChecker(HTMLParser):
    """Rejects what Telegram rejects: unknown tags and unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TELEGRAM_HTML_TAGS:
            raise _ApiError(f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"')
        self.open_tags.append(tag)

    def handle_endtag(self, tag):
        if not self.open_tags or self.open_tags.pop() != tag:
            raise _ApiError(f'Bad Request: can\'t parse entities: Unmatched end tag "{tag}"')


def visible_text(text: str, parse_mode: str | None) -> str:
    """What the user would see: for HTML, the text without tags and with entities decoded."""
    if parse_mode != "HTML":
        return text
    pieces: list[str] = []

    class Collector(_HtmlChecker):
        def handle_data(self, data):
            pieces.append(data)

    collector = Collector()
    collector.feed(text)
    collector.close()
    if collector.open_tags:
        raise _ApiError(
            f'Bad Request: can\'t parse entities: Unclosed start tag "{collector.open_tags[-1]}"'
        )
    return "".join(pieces)


@dataclass
class FakeTelegramApi:
    expected_token: str | None = None  # None accepts any token
    host: str = "127.0.0.1"
    port: int = 0
    _calls: list[dict[str, Any]] = field(default_factory=list)
    _failures: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_message_id: int = 1000
    _webhook: dict[str, Any] = field(
        default_factory=lambda: {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }
    )
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None

    # ---- inspection --------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                dict(call) for call in self._calls if method is None or call["method"] == method
            ]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            call["params"].get("text", "")
            for call in self.calls("sendMessage")
            if chat_id is None or call["params"].get("chat_id") == chat_id
        ]

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._failures.clear()

    def fail_next(
        self, method: str, description: str = "Bad Request: simulated", error_code: int = 400
    ) -> None:
        """The next call of ``method`` answers with this error (then normal service resumes)."""
        with self._lock:
            self._failures[method] = {"description": description, "error_code": error_code}

    def wait_for_calls(
        self, method: str, count: int, timeout: float = 30.0
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.05)
        raise AssertionError(f"expected {count} {method} calls, got {len(self.calls(method))}")

    # ---- life cycle --------------------------------------------------------
    def start(self) -> FakeTelegramApi:
        started = threading.Event()
        errors: list[BaseException] = []

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(self._start_site())
            except BaseException as error:  # noqa: BLE001 - handed to the starting thread
                errors.append(error)
                started.set()
                return
            started.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=serve, name="fake-telegram-api", daemon=True)
        self._thread.start()
        started.wait(timeout=30)
        if errors:
            raise errors[0]
        return self

    async def _start_site(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop = self._thread = None

    # ---- the API -----------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params = await self._params(request)
        with self._lock:
            self._calls.append({"method": method, "token": token, "params": params})
            failure = self._failures.pop(method, None)
        if self.expected_token is not None and token != self.expected_token:
            return _error(401, "Unauthorized")
        if failure:
            return _error(failure["error_code"], failure["description"])
        try:
            result = self._answer(method, params)
        except _ApiError as error:
            return _error(error.error_code, error.description)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.read()
            return json.loads(body) if body else {}
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            params.update(dict(await request.post()))
        # Form-encoded calls carry reply_markup as a JSON string.
        if isinstance(params.get("reply_markup"), str):
            params["reply_markup"] = json.loads(params["reply_markup"])
        return params

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return dict(BOT_USER)
        if method in ("sendMessage", "editMessageText"):
            return self._text_message(params)
        if method == "sendPhoto":
            _require(params, "chat_id", "photo")
            return self._message(
                params["chat_id"], photo=[{"file_id": "fake-photo", "width": 1, "height": 1}]
            )
        if method == "answerCallbackQuery":
            _require(params, "callback_query_id")
            return True
        if method == "sendChatAction":
            _require(params, "chat_id", "action")
            return True
        if method == "setWebhook":
            _require(params, "url")
            self._webhook.update(
                url=params["url"], allowed_updates=params.get("allowed_updates") or []
            )
            return True
        if method == "deleteWebhook":
            self._webhook.update(url="")
            return True
        if method == "getWebhookInfo":
            return dict(self._webhook)
        if method == "editMessageReplyMarkup":
            _require(params, "chat_id", "message_id")
            return True
        raise _ApiError("Not Found: method not found", 404)

    def _text_message(self, params: dict[str, Any]) -> dict[str, Any]:
        _require(params, "chat_id", "text")
        text = str(params["text"])
        parse_mode = params.get("parse_mode")
        if parse_mode not in (None, "HTML", "MarkdownV2", "Markdown"):
            raise _ApiError("Bad Request: unsupported parse_mode")
        shown = visible_text(text, parse_mode)
        if not shown.strip():
            raise _ApiError("Bad Request: message text is empty")
        if len(shown.encode("utf-16-le")) // 2 > TEXT_LIMIT:
            raise _ApiError("Bad Request: message is too long")
        _check_markup(params.get("reply_markup"))
        return self._message(params["chat_id"], text=shown)

    def _message(self, chat_id: Any, **content: Any) -> dict[str, Any]:
        with self._lock:
            self._next_message_id += 1
            message_id = self._next_message_id
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "from": dict(BOT_USER),
            "chat": {"id": chat_id, "type": "private"},
            **content,
        }


def _require(params: dict[str, Any], *names: str) -> None:
    for name in names:
        if params.get(name) in (None, ""):
            raise _ApiError(f"Bad Request: {name} is empty")


def _check_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise _ApiError("Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise _ApiError("Bad Request: text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                raise _ApiError("Bad Request: BUTTON_DATA_INVALID")
            if data is None and not button.get("url"):
                raise _ApiError(
                    "Bad Request: inline keyboard button must have callback_data or url"
                )


def _error(code: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


def start_fake_telegram_api(expected_token: str | None = None) -> FakeTelegramApi:
    return FakeTelegramApi(expected_token=expected_token).start()
