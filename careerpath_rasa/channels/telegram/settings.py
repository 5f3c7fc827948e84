"""The Telegram connector's configuration, read from the environment.

TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_BASE_URL (default
https://api.telegram.org; a self-hosted Bot API server or the tests' fake),
TELEGRAM_BOT_USERNAME (optional: commands addressed to another bot are ignored) and,
for the set-up command only, TELEGRAM_WEBHOOK_URL. The credentials.yml section may
override the non-secret ``api_base_url`` and ``bot_username``; a token or secret put
there is ignored with a warning, because committed files must not hold secrets.

Delivery limits (see ``delivery``), all optional:
TELEGRAM_CHAT_INTERVAL_SECONDS (1.0: at most one message a second per chat),
TELEGRAM_GLOBAL_RATE (30 messages a second for this process; with N replicas give each
30/N), TELEGRAM_SEND_ATTEMPTS (10 tries of one message, about four minutes with the default
backoff, before it is given up, logged and counted),
TELEGRAM_BACKOFF_SECONDS (1.0: the first wait after a transient error, doubled each time
up to TELEGRAM_BACKOFF_MAX_SECONDS, 60) and TELEGRAM_API_TIMEOUT_SECONDS (20).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.telegram.org"
# Telegram's own rule for secret_token in setWebhook.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# Keys someone might use to put a secret into credentials.yml.
SECRET_KEYS = ("access_token", "token", "secret", "webhook_secret", "verify")


@dataclass(frozen=True)
class TelegramSettings:
    token: str = ""
    secret: str = ""
    api_base_url: str = DEFAULT_API_BASE_URL
    bot_username: str = ""
    webhook_url: str = ""
    chat_interval_seconds: float = 1.0
    global_rate_per_second: float = 30.0
    send_attempts: int = 10
    backoff_seconds: float = 1.0
    backoff_max_seconds: float = 60.0
    api_timeout_seconds: float = 20.0

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, overrides: dict[str, Any] | None = None
    ) -> TelegramSettings:
        environ = os.environ if environ is None else environ
        overrides = dict(overrides or {})
        for secret_key in SECRET_KEYS:
            if overrides.pop(secret_key, None) is not None:
                logger.warning(
                    "credentials.yml: telegram '%s' is ignored; secrets come from the "
                    "environment (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET).",
                    secret_key,
                )
        base_url = (
            overrides.get("api_base_url")
            or environ.get("TELEGRAM_API_BASE_URL")
            or DEFAULT_API_BASE_URL
        )
        username = overrides.get("bot_username") or environ.get("TELEGRAM_BOT_USERNAME") or ""
        return cls(
            token=environ.get("TELEGRAM_BOT_TOKEN", "").strip(),
            secret=environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
            api_base_url=str(base_url).strip().rstrip("/"),
            bot_username=str(username).strip().lstrip("@"),
            webhook_url=environ.get("TELEGRAM_WEBHOOK_URL", "").strip(),
            chat_interval_seconds=_number(environ, "TELEGRAM_CHAT_INTERVAL_SECONDS", 1.0, 0.0),
            global_rate_per_second=_number(environ, "TELEGRAM_GLOBAL_RATE", 30.0, 0.1),
            send_attempts=int(_number(environ, "TELEGRAM_SEND_ATTEMPTS", 10, 1)),
            backoff_seconds=_number(environ, "TELEGRAM_BACKOFF_SECONDS", 1.0, 0.0),
            backoff_max_seconds=_number(environ, "TELEGRAM_BACKOFF_MAX_SECONDS", 60.0, 0.0),
            api_timeout_seconds=_number(environ, "TELEGRAM_API_TIMEOUT_SECONDS", 20.0, 0.1),
        )

    def problems(self) -> list[str]:
        """What keeps the connector from serving updates (empty when it is ready)."""
        problems = []
        if not self.token:
            problems.append("TELEGRAM_BOT_TOKEN is not set")
        if not self.secret:
            problems.append("TELEGRAM_WEBHOOK_SECRET is not set")
        elif not SECRET_PATTERN.match(self.secret):
            problems.append(
                "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
            )
        return problems


def _number(environ: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        logger.warning("%s=%r is not a number; using %s.", name, raw, default)
        return default
    return max(value, minimum)
