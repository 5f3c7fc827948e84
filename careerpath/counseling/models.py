"""Tables of the counselor's work with students: guided sessions and private notes.

A guided session is started in the workspace by a signed-in counselor. It hands the chat
widget a one-time ticket; the bot redeems it on ``/guided_mode`` and binds the
conversation (channel + sender) to the counselor, so the report it saves belongs to them.
Students are keyed like every user-data row, by channel + sender id.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Text, UniqueConstraint

from careerpath.accounts.models import USERNAME_LENGTH
from careerpath.db.base import Base
from careerpath.userdata.models import CHANNEL_LENGTH, SENDER_LENGTH, utc_now


class GuidedSession(Base):
    __tablename__ = "guided_session"
    __table_args__ = (
        UniqueConstraint("ticket_hash", name="uq_guided_session_ticket_hash"),
        Index("ix_guided_session_channel_sender", "channel", "sender_id"),
        Index("ix_guided_session_counselor", "counselor"),
    )

    id = Column(Integer, primary_key=True)
    counselor = Column(String(USERNAME_LENGTH), nullable=False)  # workspace account username
    student_name = Column(String(120), nullable=False)
    ticket_hash = Column(String(64), nullable=False)  # SHA-256 of the one-time ticket
    ticket_expires_at = Column(DateTime, nullable=False)
    channel = Column(String(CHANNEL_LENGTH))  # set when the bot redeems the ticket
    sender_id = Column(String(SENDER_LENGTH))
    bound_at = Column(DateTime)
    report_code = Column(String(16))  # the latest report of this session
    created_at = Column(DateTime, nullable=False, default=utc_now)


class StudentNote(Base):
    """A counselor's private note about one student (only its author reads it)."""

    __tablename__ = "student_note"
    __table_args__ = (
        UniqueConstraint(
            "counselor", "channel", "sender_id", name="uq_student_note_author_student"
        ),
    )

    id = Column(Integer, primary_key=True)
    counselor = Column(String(USERNAME_LENGTH), nullable=False)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    sender_id = Column(String(SENDER_LENGTH), nullable=False)
    text = Column(Text, nullable=False)
    updated_at = Column(DateTime, nullable=False, default=utc_now)
