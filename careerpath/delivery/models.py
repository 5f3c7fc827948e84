"""Tables of reliable chat delivery: the updates a channel received, the messages it owes.

Both live in the project database, so they survive a restart and every replica of the Rasa
server sees the same rows:

- ``chat_update``: one row per update a chat channel accepted (``channel`` + ``update_id``
  unique), so a re-delivered update is recognised even after a restart or on another
  replica. The body is kept until the update has been handled, then cleared: a crash
  between the webhook's answer and the conversation's turn loses nothing, and handled
  user texts are not stored twice.
- ``chat_outbox``: the messages owed to a chat, sent strictly in ``id`` order per chat.
  A sent message that carried buttons keeps them (``buttons_json``: callback data ->
  payload) with ``keyboard_open``, so a press can be checked against what was sent.
- ``chat_lease``: which process currently serves a chat's updates or outbox, so two
  replicas never interleave one chat's turns or messages.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

from careerpath.db.base import Base

CHANNEL_LENGTH = 64


class ChatUpdate(Base):
    __tablename__ = "chat_update"
    __table_args__ = (
        UniqueConstraint("channel", "update_id", name="uq_chat_update_channel_update"),
        Index("ix_chat_update_pending", "channel", "chat_id", "handled_at"),
    )

    id = Column(Integer, primary_key=True)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    update_id = Column(BigInteger, nullable=False)
    chat_id = Column(BigInteger)  # None: nothing to answer (still recorded as seen)
    message_id = Column(BigInteger)  # the user's message, for telling edits of old ones
    body = Column(Text)  # the raw update until handled
    received_at = Column(DateTime, nullable=False)
    handled_at = Column(DateTime)


class ChatOutbox(Base):
    __tablename__ = "chat_outbox"
    __table_args__ = (
        Index("ix_chat_outbox_pending", "channel", "chat_id", "status"),
        Index("ix_chat_outbox_message", "channel", "chat_id", "message_id"),
    )

    id = Column(Integer, primary_key=True)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    chat_id = Column(BigInteger, nullable=False)
    method = Column(String(64), nullable=False)
    params_json = Column(Text, nullable=False)
    status = Column(String(16), nullable=False)  # pending | sent | failed
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False)
    created_at = Column(DateTime, nullable=False)
    sent_at = Column(DateTime)
    last_error = Column(Text)
    message_id = Column(BigInteger)  # Telegram's id of the sent message
    buttons_json = Column(Text)  # {callback_data: payload} of its inline keyboard
    keyboard_open = Column(Boolean, nullable=False, default=False)


class ChatLease(Base):
    __tablename__ = "chat_lease"
    __table_args__ = (
        UniqueConstraint("channel", "chat_id", "purpose", name="uq_chat_lease_chat_purpose"),
    )

    id = Column(Integer, primary_key=True)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    chat_id = Column(BigInteger, nullable=False)
    purpose = Column(String(16), nullable=False)  # updates | outbox
    owner = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)
