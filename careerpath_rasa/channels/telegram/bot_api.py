"""A minimal Telegram Bot API client over aiohttp (no Rasa, no aiogram).

Rasa builds its channels before its server's event loop runs, and an aiohttp session
belongs to the loop that creates it: creating the session in ``__init__`` is what makes
the stock connector fail with "Event loop is closed". Here the session is created on the
first call, inside the running loop, and re-created if the loop changes.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from careerpath_rasa.channels.telegram.settings import DEFAULT_API_BASE_URL

API_TIMEOUT_SECONDS = 20


class TelegramApiError(Exception):
    """A failed call. ``transient``: worth retrying (no answer, refused connection, 5xx);
    ``retry_after``: Telegram's flood control (429) asks to wait that many seconds."""

    def __init__(
        self,
        method: str,
        description: str,
        error_code: int | None = None,
        retry_after: float | None = None,
        transient: bool = False,
    ) -> None:
        code = f" ({error_code})" if error_code else ""
        super().__init__(f"Telegram {method} failed: {description}{code}")
        self.method = method
        self.description = description
        self.error_code = error_code
        self.retry_after = retry_after
        self.transient = transient or retry_after is not None or (error_code or 0) >= 500


class BotApiClient:
    """Calls Bot API methods; one aiohttp session per event loop, created on first use."""

    def __init__(
        self, token: str, base_url: str = DEFAULT_API_BASE_URL, timeout: float = API_TIMEOUT_SECONDS
    ) -> None:
        self._token = token
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._session_loop: asyncio.AbstractEventLoop | None = None

    def method_url(self, method: str) -> str:
        return f"{self.base_url}/bot{self._token}/{method}"

    async def _current_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session_loop is not loop:
            # A session of another (probably finished) loop cannot be used or closed
            # from here; it is dropped and garbage-collected.
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._session_loop = loop
        return self._session

    async def call(self, method: str, **params: Any) -> Any:
        """Calls ``method``; returns its ``result`` or raises TelegramApiError."""
        payload = {key: value for key, value in params.items() if value is not None}
        return await self._post(method, json=payload)

    async def upload(
        self,
        method: str,
        field_name: str,
        filename: str,
        content: bytes,
        content_type: str,
        **params: Any,
    ) -> Any:
        """Calls ``method`` with one file (multipart), e.g. sendDocument."""
        form = aiohttp.FormData()
        for key, value in params.items():
            if value is not None:
                form.add_field(key, value if isinstance(value, str) else json.dumps(value))
        form.add_field(field_name, content, filename=filename, content_type=content_type)
        return await self._post(method, data=form)

    async def _post(self, method: str, **body_arguments: Any) -> Any:
        session = await self._current_session()
        try:
            async with session.post(self.method_url(method), **body_arguments) as reply:
                try:
                    body = await reply.json(content_type=None)
                except ValueError:
                    raise TelegramApiError(
                        method, f"HTTP {reply.status} with a body that is not JSON", reply.status
                    ) from None
        except aiohttp.ClientError as error:
            # aiohttp's messages can contain the URL, and the URL contains the token.
            description = self._redact(f"{type(error).__name__}: {error}")
            raise TelegramApiError(method, description, transient=True) from None
        except asyncio.TimeoutError:
            raise TelegramApiError(method, "timed out", transient=True) from None
        if not isinstance(body, dict):
            raise TelegramApiError(method, "bad reply", transient=True)
        if not body.get("ok"):
            description = str(body.get("description", "no description"))
            parameters = body.get("parameters")
            retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
            if not isinstance(retry_after, (int, float)) or isinstance(retry_after, bool):
                retry_after = None
            raise TelegramApiError(
                method, self._redact(description), body.get("error_code"), retry_after=retry_after
            )
        return body.get("result")

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "<token>") if self._token else text

    async def close(self) -> None:
        session, self._session = self._session, None
        running = asyncio.get_running_loop()
        if session is not None and not session.closed and self._session_loop is running:
            await session.close()
        self._session_loop = None
