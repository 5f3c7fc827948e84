"""Guided sessions bound to a signed-in counselor by a one-time ticket.

The workspace calls :func:`start_guided_session`; the chat page it opens sends the ticket
as message metadata with ``/guided_mode``. The bot calls :func:`redeem_ticket` (binds the
conversation to the counselor; single use, short-lived) and, when it saves the report,
:func:`binding_for` (whose report is it, for which student) and :func:`record_report`.

Only a hash of the ticket is stored, and it expires unused after ``TICKET_LIFETIME``:
a ticket seen in a log or a browser history cannot bind a conversation later.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from careerpath.accounts.store import unit
from careerpath.userdata import StorageUnavailable
from careerpath.userdata.models import utc_now

from .models import GuidedSession

logger = logging.getLogger(__name__)

TICKET_LIFETIME = timedelta(minutes=30)
METADATA_KEY = "guided_ticket"  # the key in the REST message's metadata
MAX_TICKET_CHARS = 128
MAX_STUDENT_NAME_CHARS = 120


@dataclass(frozen=True)
class GuidedBinding:
    session_id: int
    counselor: str
    student_name: str


def _hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


def clean_student_name(name: str) -> str:
    return " ".join((name or "").split())[:MAX_STUDENT_NAME_CHARS]


def start_guided_session(
    counselor: str, student_name: str, url: str | None = None
) -> tuple[int, str]:
    """A new session of ``counselor``; returns (session id, one-time ticket)."""
    ticket = secrets.token_urlsafe(24)
    now = utc_now()
    with unit("start_guided_session", url) as session:
        row = GuidedSession(
            counselor=counselor,
            student_name=clean_student_name(student_name) or "Student",
            ticket_hash=_hash(ticket),
            ticket_expires_at=now + TICKET_LIFETIME,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return row.id, ticket


def redeem_ticket(
    ticket: str | None, channel: str, sender: str, url: str | None = None
) -> GuidedBinding | None:
    """Bind ``channel`` + ``sender`` to the ticket's counselor; None for an unknown, used
    or expired ticket (the session then runs unbound, as a team session)."""
    if not isinstance(ticket, str) or not ticket or len(ticket) > MAX_TICKET_CHARS:
        return None
    with unit("redeem_ticket", url) as session:
        row = session.execute(
            select(GuidedSession).where(GuidedSession.ticket_hash == _hash(ticket))
        ).scalar_one_or_none()
        if row is None:
            return None
        if row.bound_at is not None:  # a reload re-sends the same ticket for the same chat
            same = (row.channel, row.sender_id) == (channel, sender)
            return GuidedBinding(row.id, row.counselor, row.student_name) if same else None
        if row.ticket_expires_at < utc_now():
            return None
        row.channel, row.sender_id, row.bound_at = channel, sender, utc_now()
        return GuidedBinding(row.id, row.counselor, row.student_name)


def binding_for(channel: str, sender: str, url: str | None = None) -> GuidedBinding | None:
    """The latest guided session bound to this conversation, or None."""
    with unit("guided_binding_for", url) as session:
        row = session.execute(
            select(GuidedSession)
            .where(GuidedSession.channel == channel, GuidedSession.sender_id == sender)
            .order_by(GuidedSession.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return GuidedBinding(row.id, row.counselor, row.student_name) if row else None


def record_report(channel: str, sender: str, code: str, url: str | None = None) -> None:
    """Remember the latest report of the conversation's guided session."""
    with unit("guided_record_report", url) as session:
        row = session.execute(
            select(GuidedSession)
            .where(GuidedSession.channel == channel, GuidedSession.sender_id == sender)
            .order_by(GuidedSession.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if row is not None:
            row.report_code = code


# ---- for the bot: never fail a chat turn over the binding ------------------------------------
def bind_from_metadata(metadata, channel: str, sender: str) -> GuidedBinding | None:
    """Redeem the ticket in a message's metadata, if any; a database fault leaves the session
    unbound (its report is then a team report) instead of failing the turn."""
    ticket = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    if not ticket:
        return None
    try:
        return redeem_ticket(ticket, channel, sender)
    except StorageUnavailable:
        logger.warning(
            "Guided ticket not bound (database unavailable): the report will name no counselor"
        )
        return None


def owner_of(channel: str, sender: str) -> GuidedBinding | None:
    """The counselor and student of this guided conversation, or None (unbound, or the
    database is down - then saving the report fails on its own and says so)."""
    try:
        return binding_for(channel, sender)
    except StorageUnavailable:
        return None


def report_saved(channel: str, sender: str, code: str) -> None:
    try:
        record_report(channel, sender, code)
    except StorageUnavailable:  # the report is saved and owned; only the list's link waits
        logger.warning("Report %s saved but not linked to its guided session", code)
