"""SQLAlchemy models of what users leave behind: profiles, recommendations, reports.

They share ``Base`` (and so the metadata and the alembic history) with the knowledge
base, but hold knowledge-base ids only as plain strings, never as foreign keys: a
knowledge-base reload deletes and re-inserts the KB rows, and user data must survive it
(the loader only ever touches ``models.KB_TABLES``).

Every row is keyed by ``channel`` + ``sender_id``. Sender ids are the Rasa conversation
ids, namespaced per channel where they are guessable: Telegram chat 42 is
("telegram", "tg:42"), and the REST channel cannot create a "tg:" id
(careerpath/senders.py). The channel column keeps the key unambiguous all the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, Integer, String, Text, UniqueConstraint

from careerpath.db.base import Base

CHANNEL_LENGTH = 64
SENDER_LENGTH = 255


def utc_now() -> datetime:
    """Naive UTC: portable across SQLite and PostgreSQL without timezone surprises."""
    return datetime.utcnow()


class StudentProfile(Base):
    """The latest profile of one user on one channel (one row per channel + sender)."""

    __tablename__ = "student_profile"
    __table_args__ = (
        UniqueConstraint("channel", "sender_id", name="uq_student_profile_channel_sender"),
    )

    id = Column(Integer, primary_key=True)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    sender_id = Column(String(SENDER_LENGTH), nullable=False)
    profile_json = Column(Text, nullable=False)  # Profile.to_dict()
    answers_json = Column(Text, nullable=False)  # the intake slots' readable answers
    created_at = Column(DateTime, nullable=False, default=utc_now)
    updated_at = Column(DateTime, nullable=False, default=utc_now)


class RecommendationRecord(Base):
    """One set of recommendations shown to a user (history, newest last)."""

    __tablename__ = "recommendation_record"
    __table_args__ = (Index("ix_recommendation_record_channel_sender", "channel", "sender_id"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    sender_id = Column(String(SENDER_LENGTH), nullable=False)
    profile_json = Column(Text, nullable=False)
    role_types_json = Column(Text, nullable=False)  # ranked KB role-type ids (plain strings)
    role_names_json = Column(Text, nullable=False)  # their names when shown (KB names may change)
    created_at = Column(DateTime, nullable=False, default=utc_now)


class CounselorReport(Base):
    """A report written in the counselor's guided mode, reopened by its short code."""

    __tablename__ = "counselor_report"
    __table_args__ = (
        UniqueConstraint("code", name="uq_counselor_report_code"),
        Index("ix_counselor_report_channel_sender", "channel", "sender_id"),
    )

    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    sender_id = Column(String(SENDER_LENGTH), nullable=False)
    counselor = Column(String(64))  # who may read it; None = any configured counselor
    profile_json = Column(Text, nullable=False)
    advice_json = Column(Text, nullable=False)
    markdown = Column(Text, nullable=False)
    html = Column(Text, nullable=False)
    note = Column(Text)
    created_at = Column(DateTime, nullable=False, default=utc_now)
