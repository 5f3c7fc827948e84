"""The table of students' requests to talk to a counselor (the workspace's hand-off queue)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Text

from careerpath.accounts.models import USERNAME_LENGTH
from careerpath.db.base import Base
from careerpath.userdata.models import CHANNEL_LENGTH, SENDER_LENGTH, utc_now

STATUSES = ("new", "claimed", "contacted", "closed")


class HandoffRequest(Base):
    __tablename__ = "handoff_request"
    __table_args__ = (
        Index("ix_handoff_request_channel_sender", "channel", "sender_id"),
        Index("ix_handoff_request_status", "status", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    channel = Column(String(CHANNEL_LENGTH), nullable=False)
    sender_id = Column(String(SENDER_LENGTH), nullable=False)
    name = Column(String(120), nullable=False)
    phone = Column(String(32))  # E.164-like, "+91..." (validated)
    email = Column(String(254))
    summary = Column(Text, nullable=False)  # profile and top roles, never the transcript
    top_roles_json = Column(Text, nullable=False)  # ["Customer Support Associate", ...]
    report_code = Column(String(16))
    status = Column(String(16), nullable=False, default="new")
    claimed_by = Column(String(USERNAME_LENGTH))
    created_at = Column(DateTime, nullable=False, default=utc_now)
    updated_at = Column(DateTime, nullable=False, default=utc_now)
