"""Registers (or shows, or removes) the Telegram webhook - the only network call the
connector needs besides answering users, done on request instead of at server start-up.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_WEBHOOK_SECRET=... \\
    TELEGRAM_WEBHOOK_URL=https://bot.example.org/webhooks/telegram/webhook \\
    python -m careerpath_rasa.channels.telegram.setup_webhook   # or: make telegram-webhook

    python -m careerpath_rasa.channels.telegram.setup_webhook --info    # what is registered
    python -m careerpath_rasa.channels.telegram.setup_webhook --delete  # stop the updates

setWebhook is sent with ``secret_token`` = TELEGRAM_WEBHOOK_SECRET, so Telegram puts it in
the X-Telegram-Bot-Api-Secret-Token header of every update and the connector can tell
real updates from forged ones. TELEGRAM_API_BASE_URL selects a self-hosted Bot API server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any
from urllib.parse import urlparse

from careerpath.wording import text
from careerpath_rasa.channels.telegram.bot_api import BotApiClient, TelegramApiError
from careerpath_rasa.channels.telegram.settings import DEFAULT_API_BASE_URL, TelegramSettings

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
WEBHOOK_PATH = "/webhooks/telegram/webhook"
PROG = "python -m careerpath_rasa.channels.telegram.setup_webhook"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Set, show or delete the Telegram webhook."
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--info", action="store_true", help="show the registered webhook")
    action.add_argument("--delete", action="store_true", help="delete the webhook")
    parser.add_argument("--url", help="webhook URL (default: TELEGRAM_WEBHOOK_URL)")
    parser.add_argument(
        "--drop-pending-updates",
        action="store_true",
        help="discard updates Telegram queued while no webhook answered",
    )
    return parser.parse_args(argv)


def check_settings(settings: TelegramSettings, url: str, setting_webhook: bool) -> list[str]:
    problems = [
        problem
        for problem in settings.problems()
        if setting_webhook or "TELEGRAM_BOT_TOKEN" in problem
    ]
    if setting_webhook:
        if not url:
            problems.append("TELEGRAM_WEBHOOK_URL (or --url) is not set")
        else:
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                problems.append(f"webhook URL {url!r} is not an http(s) URL")
    return problems


def warnings_for(url: str, settings: TelegramSettings) -> list[str]:
    warnings = []
    parsed = urlparse(url)
    if parsed.scheme != "https" and settings.api_base_url == DEFAULT_API_BASE_URL:
        warnings.append("Telegram's cloud API only delivers to https:// webhooks.")
    if not parsed.path.endswith(WEBHOOK_PATH):
        warnings.append(f"The connector listens on {WEBHOOK_PATH}; the URL does not end with it.")
    return warnings


# The command menu, in English for everyone and in Hindi for users whose Telegram is in Hindi.
MENU_COMMANDS = ("start", "guided", "restart", "forget", "help")
MENU_LANGUAGES = (None, "hi")  # None: the default menu


def command_menu(language: str | None) -> list[dict[str, str]]:
    return [
        {"command": name, "description": text(f"telegram.command.{name}", lang=language or "en")}
        for name in MENU_COMMANDS
    ]


async def run(args: argparse.Namespace, settings: TelegramSettings) -> dict[str, Any]:
    client = BotApiClient(settings.token, settings.api_base_url)
    try:
        if args.delete:
            await client.call(
                "deleteWebhook", drop_pending_updates=args.drop_pending_updates or None
            )
        elif not args.info:
            await client.call(
                "setWebhook",
                url=args.url or settings.webhook_url,
                secret_token=settings.secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=args.drop_pending_updates or None,
            )
            for language in MENU_LANGUAGES:
                await client.call(
                    "setMyCommands", commands=command_menu(language), language_code=language
                )
        return await client.call("getWebhookInfo")
    finally:
        await client.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = TelegramSettings.from_env()
    url = args.url or settings.webhook_url
    setting_webhook = not (args.info or args.delete)
    problems = check_settings(settings, url, setting_webhook)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(
            'Set them in the environment (never in a committed file); see README, "Telegram".',
            file=sys.stderr,
        )
        return 2
    if setting_webhook:
        for warning in warnings_for(url, settings):
            print(f"warning: {warning}", file=sys.stderr)
    try:
        info = asyncio.run(run(args, settings))
    except TelegramApiError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if setting_webhook:
        print(f"Webhook set to {url} (with the secret token).")
    elif args.delete:
        print("Webhook deleted.")
    print(json.dumps(info, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
