"""Tables of the counselor workspace's accounts: accounts, sign-in sessions, sign-in attempts.

Sessions and attempts live in the project database, not in process memory, so several
workspace processes (replicas behind one nginx) share sign-ins and rate limits.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String

from careerpath.db.base import Base
from careerpath.userdata.models import utc_now

USERNAME_LENGTH = 64


class Account(Base):
    """A counselor or an admin (an admin also sees every student and the academy's insights)."""

    __tablename__ = "workspace_account"

    id = Column(Integer, primary_key=True)
    username = Column(String(USERNAME_LENGTH), nullable=False, unique=True)
    display_name = Column(String(120), nullable=False)
    is_admin = Column(Boolean, nullable=False, default=False)
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    last_sign_in_at = Column(DateTime)


class WebSession(Base):
    """A signed-in browser. ``id`` is the SHA-256 of the cookie's token: a database leak
    does not hand out live sessions."""

    __tablename__ = "workspace_session"
    __table_args__ = (Index("ix_workspace_session_account", "account_id"),)

    id = Column(String(64), primary_key=True)
    account_id = Column(
        Integer, ForeignKey("workspace_account.id", ondelete="CASCADE"), nullable=False
    )
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    expires_at = Column(DateTime, nullable=False)


class SignInAttempt(Base):
    """One sign-in attempt, for the per-account and per-address rate limits."""

    __tablename__ = "workspace_sign_in_attempt"
    __table_args__ = (
        Index("ix_workspace_sign_in_attempt_username", "username", "attempted_at"),
        Index("ix_workspace_sign_in_attempt_address", "address", "attempted_at"),
    )

    id = Column(Integer, primary_key=True)
    username = Column(String(USERNAME_LENGTH), nullable=False)
    address = Column(String(64), nullable=False)
    succeeded = Column(Boolean, nullable=False)
    attempted_at = Column(DateTime, nullable=False, default=utc_now)
