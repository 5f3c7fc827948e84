"""Blocking queries over the delivery tables (run them off the event loop).

Every function takes ``url=`` (default ``DATABASE_URL``) and migrates the database once
per process when the tables are missing, like the other stores of the project. The chat
leases are in ``leases``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import delete, func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from careerpath.db.engine import database_url, get_engine, session_scope
from careerpath.delivery.models import ChatOutbox, ChatUpdate

PENDING, SENT, FAILED = "pending", "sent", "failed"
DROPPED = "dropped"  # a best-effort call (a typing indicator) that failed: nothing was lost


def utc_now() -> datetime:
    return datetime.utcnow()


@cache
def _schema_ready(url: str) -> bool:
    if not inspect(get_engine(url)).has_table(ChatOutbox.__tablename__):
        from careerpath.db.migrate import upgrade_schema

        upgrade_schema(url)
    return True


@contextmanager
def session_for(url: str | None) -> Iterator[Session]:
    url = url or database_url()
    _schema_ready(url)
    with session_scope(url) as session:
        yield session


# ---- updates received ------------------------------------------------------------------------
@dataclass(frozen=True)
class PendingUpdate:
    row_id: int
    update_id: int
    body: str


def record_update(
    channel: str,
    update_id: int,
    chat_id: int | None,
    message_id: int | None,
    body: str | None,
    url: str | None = None,
) -> bool:
    """Records an accepted update; False when this update id was recorded before."""
    handled = None if body is not None and chat_id is not None else utc_now()
    try:
        with session_for(url) as session:
            session.add(
                ChatUpdate(
                    channel=channel,
                    update_id=update_id,
                    chat_id=chat_id,
                    message_id=message_id,
                    body=body if handled is None else None,
                    received_at=utc_now(),
                    handled_at=handled,
                )
            )
    except IntegrityError:
        return False
    return True


def next_update(channel: str, chat_id: int, url: str | None = None) -> PendingUpdate | None:
    """The chat's oldest update not handled yet (Telegram numbers updates in order)."""
    with session_for(url) as session:
        row = session.execute(
            select(ChatUpdate.id, ChatUpdate.update_id, ChatUpdate.body)
            .where(
                ChatUpdate.channel == channel,
                ChatUpdate.chat_id == chat_id,
                ChatUpdate.handled_at.is_(None),
            )
            .order_by(ChatUpdate.update_id)
            .limit(1)
        ).first()
    return None if row is None else PendingUpdate(row.id, row.update_id, row.body or "")


def finish_update(row_id: int, url: str | None = None) -> None:
    """Marks an update handled and forgets its body (the id stays, for de-duplication)."""
    with session_for(url) as session:
        session.execute(
            update(ChatUpdate)
            .where(ChatUpdate.id == row_id)
            .values(handled_at=utc_now(), body=None)
        )


def chats_with_pending_updates(channel: str, url: str | None = None) -> list[int]:
    with session_for(url) as session:
        return list(
            session.execute(
                select(ChatUpdate.chat_id)
                .where(
                    ChatUpdate.channel == channel,
                    ChatUpdate.handled_at.is_(None),
                    ChatUpdate.chat_id.is_not(None),
                )
                .distinct()
            ).scalars()
        )


def latest_message_id(channel: str, chat_id: int, url: str | None = None) -> int | None:
    """The id of the newest message the user sent in this chat (edits are not counted)."""
    with session_for(url) as session:
        return session.execute(
            select(func.max(ChatUpdate.message_id)).where(
                ChatUpdate.channel == channel, ChatUpdate.chat_id == chat_id
            )
        ).scalar()


# ---- the outbox --------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutboxItem:
    row_id: int
    chat_id: int
    method: str
    params: dict[str, Any]
    attempts: int
    next_attempt_at: datetime
    buttons: dict[str, str] | None
    keyboard_open: bool


def enqueue(
    channel: str,
    chat_id: int,
    method: str,
    params: dict[str, Any],
    buttons: dict[str, str] | None = None,
    url: str | None = None,
) -> int:
    """Appends a message to the chat's outbox; ``buttons`` maps its callback data to payloads."""
    now = utc_now()
    row = ChatOutbox(
        channel=channel,
        chat_id=chat_id,
        method=method,
        params_json=json.dumps(params, ensure_ascii=False),
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        buttons_json=json.dumps(buttons, ensure_ascii=False) if buttons else None,
        keyboard_open=bool(buttons),
    )
    with session_for(url) as session:
        session.add(row)
        session.flush()
        return row.id


def next_outgoing(channel: str, chat_id: int, url: str | None = None) -> OutboxItem | None:
    """The chat's oldest message not sent yet: messages leave strictly in order."""
    with session_for(url) as session:
        row = session.execute(
            select(ChatOutbox)
            .where(
                ChatOutbox.channel == channel,
                ChatOutbox.chat_id == chat_id,
                ChatOutbox.status == PENDING,
            )
            .order_by(ChatOutbox.id)
            .limit(1)
        ).scalar_one_or_none()
        if row is None:
            return None
        return OutboxItem(
            row.id,
            row.chat_id,
            row.method,
            json.loads(row.params_json),
            row.attempts,
            row.next_attempt_at,
            json.loads(row.buttons_json) if row.buttons_json else None,
            bool(row.keyboard_open),
        )


def mark_sent(row_id: int, message_id: int | None, url: str | None = None) -> None:
    with session_for(url) as session:
        session.execute(
            update(ChatOutbox)
            .where(ChatOutbox.id == row_id)
            .values(status=SENT, sent_at=utc_now(), message_id=message_id, last_error=None)
        )


def reschedule(
    row_id: int, not_before: datetime, error: str, attempts: int, url: str | None = None
) -> None:
    with session_for(url) as session:
        session.execute(
            update(ChatOutbox)
            .where(ChatOutbox.id == row_id)
            .values(next_attempt_at=not_before, last_error=error[:1000], attempts=attempts)
        )


def mark_failed(
    row_id: int, error: str, attempts: int, url: str | None = None, status: str = FAILED
) -> None:
    """Gives a message up (``FAILED``), or a best-effort call (``DROPPED``)."""
    with session_for(url) as session:
        session.execute(
            update(ChatOutbox)
            .where(ChatOutbox.id == row_id)
            .values(status=status, last_error=error[:1000], attempts=attempts, keyboard_open=False)
        )


def replace_params(row_id: int, params: dict[str, Any], url: str | None = None) -> None:
    """Changes a pending message before its next attempt (e.g. HTML Telegram refused)."""
    with session_for(url) as session:
        session.execute(
            update(ChatOutbox)
            .where(ChatOutbox.id == row_id)
            .values(params_json=json.dumps(params, ensure_ascii=False))
        )


def last_sent_at(
    channel: str, chat_id: int, methods: Iterable[str], url: str | None = None
) -> datetime | None:
    """When the chat's latest message of ``methods`` was sent (by any process)."""
    with session_for(url) as session:
        return session.execute(
            select(func.max(ChatOutbox.sent_at)).where(
                ChatOutbox.channel == channel,
                ChatOutbox.chat_id == chat_id,
                ChatOutbox.status == SENT,
                ChatOutbox.method.in_(list(methods)),
            )
        ).scalar()


def chats_with_pending_messages(channel: str, url: str | None = None) -> list[int]:
    with session_for(url) as session:
        return list(
            session.execute(
                select(ChatOutbox.chat_id)
                .where(ChatOutbox.channel == channel, ChatOutbox.status == PENDING)
                .distinct()
            ).scalars()
        )


# ---- keyboards -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentKeyboard:
    buttons: dict[str, str]
    is_open: bool


def find_keyboard(
    channel: str, chat_id: int, message_id: int, url: str | None = None
) -> SentKeyboard | None:
    """The buttons we sent under message ``message_id`` of the chat, if we sent any."""
    with session_for(url) as session:
        row = session.execute(
            select(ChatOutbox.buttons_json, ChatOutbox.keyboard_open)
            .where(
                ChatOutbox.channel == channel,
                ChatOutbox.chat_id == chat_id,
                ChatOutbox.message_id == message_id,
                ChatOutbox.buttons_json.is_not(None),
            )
            .order_by(ChatOutbox.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    return SentKeyboard(json.loads(row.buttons_json), bool(row.keyboard_open))


def close_keyboards(channel: str, chat_id: int, url: str | None = None) -> list[int]:
    """Marks every open keyboard of the chat answered; returns the ids of sent messages
    whose keyboards must be removed (pending ones go out without their keyboard)."""
    with session_for(url) as session:
        sent = list(
            session.execute(
                select(ChatOutbox.message_id).where(
                    ChatOutbox.channel == channel,
                    ChatOutbox.chat_id == chat_id,
                    ChatOutbox.keyboard_open.is_(True),
                    ChatOutbox.status == SENT,
                    ChatOutbox.message_id.is_not(None),
                )
            ).scalars()
        )
        session.execute(
            update(ChatOutbox)
            .where(
                ChatOutbox.channel == channel,
                ChatOutbox.chat_id == chat_id,
                ChatOutbox.keyboard_open.is_(True),
            )
            .values(keyboard_open=False)
        )
    return sent


# ---- housekeeping and inspection -------------------------------------------------------------
def prune(
    channel: str,
    updates_older_than: datetime,
    messages_older_than: datetime,
    url: str | None = None,
) -> None:
    """Forgets handled updates and finished messages past their use (a press on a keyboard
    older than that gets the "no longer active" answer)."""
    with session_for(url) as session:
        session.execute(
            delete(ChatUpdate).where(
                ChatUpdate.channel == channel,
                ChatUpdate.handled_at.is_not(None),
                ChatUpdate.received_at < updates_older_than,
            )
        )
        session.execute(
            delete(ChatOutbox).where(
                ChatOutbox.channel == channel,
                ChatOutbox.status != PENDING,
                ChatOutbox.created_at < messages_older_than,
            )
        )


def backlog(channel: str, chat_id: int | None = None, url: str | None = None) -> dict[str, int]:
    """Updates not handled yet, messages not sent yet and messages given up on."""
    with session_for(url) as session:
        updates_query = (
            select(func.count())
            .select_from(ChatUpdate)
            .where(ChatUpdate.channel == channel, ChatUpdate.handled_at.is_(None))
        )
        outbox_query = (
            select(ChatOutbox.status, func.count())
            .where(ChatOutbox.channel == channel)
            .group_by(ChatOutbox.status)
        )
        if chat_id is not None:
            updates_query = updates_query.where(ChatUpdate.chat_id == chat_id)
            outbox_query = outbox_query.where(ChatOutbox.chat_id == chat_id)
        counts = dict(session.execute(outbox_query).all())
        return {
            "updates_pending": session.execute(updates_query).scalar() or 0,
            "messages_pending": counts.get(PENDING, 0),
            "messages_failed": counts.get(FAILED, 0),
        }
