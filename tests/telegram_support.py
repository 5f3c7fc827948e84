"""Helpers shared by the Telegram tests: a migrated delivery database per test, cheaply."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from careerpath.db.engine import get_engine
from careerpath.db.migrate import upgrade_schema


@cache
def _template() -> Path:
    """One database migrated to head per test run; each test gets a copy (alembic takes a
    second or so, a copy a millisecond)."""
    path = Path(tempfile.mkdtemp(prefix="telegram-delivery-")) / "template.db"
    upgrade_schema(f"sqlite:///{path}")
    # Close the pooled connections: the last one to close writes SQLite's WAL into the file
    # that the tests copy.
    get_engine(f"sqlite:///{path}").dispose()
    return path


def delivery_database(folder: Path) -> str:
    target = folder / "delivery.db"
    shutil.copyfile(_template(), target)
    return f"sqlite:///{target}"


def keyboards_sent(api, chat_id: int) -> list[dict[str, Any]]:
    """Delivered messages with keyboards: [{"message_id", "buttons": [{"text", ...}]}]."""
    found = []
    for call in api.delivered():
        params = call["params"]
        markup = params.get("reply_markup") or {}
        if params.get("chat_id") != chat_id or not markup.get("inline_keyboard"):
            continue
        buttons = [button for row in markup["inline_keyboard"] for button in row]
        found.append({"message_id": call["result"]["message_id"], "buttons": buttons})
    return found


def message_ids_with_keyboards(api, chat_id: int) -> list[int]:
    return [keyboard["message_id"] for keyboard in keyboards_sent(api, chat_id)]
