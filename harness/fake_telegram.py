"""A fake Telegram Bot API server for tests.

Long because it is one server: its answers, the limits it enforces and the ways it
misbehaves share the same call records.

A small aiohttp app on 127.0.0.1 (free port) in a background thread with its own event
loop, so both synchronous tests (talking to a separate ``rasa run`` process) and async
tests can use it. It answers like the real API - ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": 400, "description": "Bad Request: ..."}`` - and records every
call. It also enforces the limits the connector must respect (4096-character texts,
64-byte callback_data, well-formed HTML in parse_mode HTML) so a violation fails a test
the way it would fail in production.

    server = start_fake_telegram_api()
    server.url                      # TELEGRAM_API_BASE_URL for the connector
    server.calls("sendMessage")     # [{"method", "token", "params", "at", "result"}, ...]
    server.reset(); server.stop()

It can misbehave the way the real API and the network do, to test delivery:

    server.fail_next("sendMessage", "Bad Request: chat not found", 400)   # one refusal
    server.script("sendMessage", [Fault(status=502), Fault(status=429, retry_after=1),
                                  Fault(delay=3.0)])                     # the next calls, in order
    server.chaos(fail=0.1, throttle=0.05, slow=0.05, seed=7)            # random faults
    server.go_down(); server.come_back()    # connections refused, then the same port again

Failed calls are recorded too (``"failed": True``); ``delivered(...)`` lists only the
calls that succeeded, which is what a user would see.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
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


@dataclass(frozen=True)
class Fault:
    """One misbehaviour: an error ``status`` (429 carries ``retry_after``), and/or an answer
    that takes ``delay`` seconds (longer than the client's timeout = a timeout)."""

    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    description: str = ""


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
    # setMyCommands menus by language_code ("" = the default menu)
    commands: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None
    _site: web.TCPSite | None = None
    _scripts: dict[str, list[Fault]] = field(default_factory=dict)
    _chaos: dict[str, Any] = field(default_factory=dict)
    _random: random.Random = field(default_factory=random.Random)

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

    def delivered(self, method: str | None = None) -> list[dict[str, Any]]:
        """The calls that succeeded (what the user saw), in the order they succeeded."""
        return [call for call in self.calls(method) if "result" in call]

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._failures.clear()
            self._scripts.clear()
            self._chaos.clear()

    def script(self, method: str, faults: list[Fault]) -> None:
        """The next calls of ``method`` misbehave as listed, one fault per call, then normal
        service resumes. ``method="*"`` applies to every method."""
        with self._lock:
            self._scripts.setdefault(method, []).extend(faults)

    def chaos(
        self,
        fail: float = 0.0,
        throttle: float = 0.0,
        slow: float = 0.0,
        slow_seconds: float = 3.0,
        retry_after: float = 1.0,
        seed: int | None = None,
        methods: tuple[str, ...] = ("sendMessage", "sendDocument", "editMessageReplyMarkup"),
    ) -> None:
        """Random faults on ``methods``: ``fail`` share of 500/502 answers, ``throttle`` share
        of 429s, ``slow`` share of answers taking ``slow_seconds``."""
        with self._lock:
            self._chaos = {
                "fail": fail,
                "throttle": throttle,
                "slow": slow,
                "methods": methods,
                "slow_seconds": slow_seconds,
                "retry_after": retry_after,
            }
            self._random = random.Random(seed)

    def _next_fault(self, method: str) -> Fault | None:
        with self._lock:
            for key in (method, "*"):
                queue = self._scripts.get(key)
                if queue:
                    return queue.pop(0)
            chaos = self._chaos
            if not chaos or method not in chaos["methods"]:
                return None
            roll = self._random.random()
            if roll < chaos["fail"]:
                return Fault(status=self._random.choice((500, 502)))
            roll -= chaos["fail"]
            if roll < chaos["throttle"]:
                return Fault(status=429, retry_after=chaos["retry_after"])
            roll -= chaos["throttle"]
            if roll < chaos["slow"]:
                return Fault(delay=chaos["slow_seconds"])
            return None

    def go_down(self) -> None:
        """Stops listening: every call gets "connection refused" until ``come_back``."""
        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(self._stop_site(), self._loop).result(timeout=10)

    def come_back(self) -> None:
        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(self._start_listening(), self._loop).result(timeout=10)

    async def _stop_site(self) -> None:
        if self._site is not None:
            await self._site.stop()
            self._site = None

    # ---- measurements --------------------------------------------------------
    def min_gap(
        self,
        chat_id: int,
        methods: tuple[str, ...] = ("sendMessage", "sendDocument", "sendPhoto"),
    ) -> float | None:
        """The shortest time between two calls of ``methods`` to ``chat_id`` (arrival times)."""
        times = sorted(
            call["at"]
            for call in self.calls()
            if call["method"] in methods and call["params"].get("chat_id") == chat_id
        )
        return min((b - a for a, b in itertools.pairwise(times)), default=None)

    def max_rate(
        self,
        window: float = 1.0,
        chat_id: int | None = None,
        methods: tuple[str, ...] = ("sendMessage", "sendDocument", "sendPhoto"),
    ) -> int:
        """The most calls of ``methods`` (to ``chat_id``, or to anyone) that arrived within
        any ``window`` seconds."""
        times = sorted(
            call["at"]
            for call in self.calls()
            if call["method"] in methods
            and (chat_id is None or call["params"].get("chat_id") == chat_id)
        )
        best, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

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
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await self._start_listening()

    async def _start_listening(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await self._site.start()
        self.port = self._site._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop = self._thread = None

    # ---- the API -----------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params = await self._params(request)
        call: dict[str, Any] = {
            "method": method,
            "token": token,
            "params": params,
            "at": time.monotonic(),
        }
        with self._lock:
            self._calls.append(call)
            failure = self._failures.pop(method, None)
        fault = self._next_fault(method)
        if fault is not None and fault.delay:
            call["slow"] = True
            await asyncio.sleep(fault.delay)
            if request.transport is None or request.transport.is_closing():
                # The client gave up (timed out): this fake then drops the call, so what
                # the user sees depends only on the client's retry.
                call["failed"] = call["abandoned"] = True
                return _error(504, "Gateway Timeout")
        if self.expected_token is not None and token != self.expected_token:
            call["failed"] = True
            return _error(401, "Unauthorized")
        if failure:
            call["failed"] = True
            return _error(failure["error_code"], failure["description"])
        if fault is not None and fault.status:
            call["failed"] = True
            if fault.status == 429:
                retry_after = fault.retry_after or 1
                return _error(
                    429,
                    fault.description or f"Too Many Requests: retry after {retry_after}",
                    parameters={"retry_after": retry_after},
                )
            if fault.status == 502:
                # What a proxy in front of the API answers: not JSON at all.
                return web.Response(
                    status=502, text="<html>502 Bad Gateway</html>", content_type="text/html"
                )
            return _error(fault.status, fault.description or "Internal Server Error")
        try:
            result = self._answer(method, params)
        except _ApiError as error:
            call["failed"] = True
            return _error(error.error_code, error.description)
        call["result"] = result
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.read()
            return json.loads(body) if body else {}
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    content = value.file.read()
                    value = {
                        "filename": value.filename,
                        "content_type": value.content_type,
                        "size": len(content),
                        "content": content.decode("utf-8", "replace"),
                    }
                elif key == "chat_id" and str(value).lstrip("-").isdigit():
                    value = int(value)
                params[key] = value
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
        if method == "setMyCommands":
            commands = params.get("commands")
            if isinstance(commands, str):
                commands = json.loads(commands)
            if not isinstance(commands, list) or not commands:
                raise _ApiError("Bad Request: commands must be a non-empty list")
            for command in commands:
                name, description = command.get("command", ""), command.get("description", "")
                if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not 1 <= len(description) <= 256:
                    raise _ApiError(f"Bad Request: invalid bot command {command!r}")
            self.commands[params.get("language_code") or ""] = commands
            return True
        if method == "deleteWebhook":
            self._webhook.update(url="")
            return True
        if method == "getWebhookInfo":
            return dict(self._webhook)
        if method == "editMessageReplyMarkup":
            _require(params, "chat_id", "message_id")
            _check_markup(params.get("reply_markup"))
            return True
        if method == "sendDocument":
            _require(params, "chat_id", "document")
            if len(str(params.get("caption") or "")) > CAPTION_LIMIT:
                raise _ApiError("Bad Request: message caption is too long")
            _check_markup(params.get("reply_markup"))
            return self._message(
                params["chat_id"],
                document={"file_id": "fake-document", "file_name": params["document"]["filename"]},
                caption=params.get("caption"),
            )
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


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def start_fake_telegram_api(expected_token: str | None = None) -> FakeTelegramApi:
    return FakeTelegramApi(expected_token=expected_token).start()
