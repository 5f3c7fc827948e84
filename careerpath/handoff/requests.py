"""Students' requests to talk to a counselor, and the workspace queue that works them off.

The bot calls :func:`request_handoff` once the student has agreed to share a name and a
phone number or e-mail; the request keeps a short summary (profile and top roles), never
the transcript. Counselors claim a request, then mark it contacted or closed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from careerpath.accounts.store import unit
from careerpath.userdata.models import utc_now

from .models import STATUSES, HandoffRequest

MAX_NAME_CHARS = 120
MAX_SUMMARY_CHARS = 2000
QUEUE_LIMIT = 500
_EMAIL = re.compile(
    r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PHONE_NOISE = re.compile(r"[\s().-]")
# Next moves from each status; "closed" is final.
_MOVES = {
    "new": ("claimed", "closed"),
    "claimed": ("contacted", "closed", "new"),
    "contacted": ("closed",),
    "closed": (),
}


class InvalidHandoff(ValueError):
    """A field the student gave is not usable; the message says which, in plain words."""


@dataclass(frozen=True)
class Handoff:
    id: int
    channel: str
    name: str
    phone: str | None
    email: str | None
    summary: str
    top_roles: list[str]
    report_code: str | None
    status: str
    claimed_by: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: HandoffRequest) -> Handoff:
        return cls(
            row.id,
            row.channel,
            row.name,
            row.phone,
            row.email,
            row.summary,
            json.loads(row.top_roles_json),
            row.report_code,
            row.status,
            row.claimed_by,
            row.created_at,
            row.updated_at,
        )


def normalise_phone(text: str) -> str | None:
    """An Indian mobile number ("98765 43210", "+91-98765-43210", "09876543210") or another
    international number written with "+", as "+<digits>"; None when it is not one."""
    digits = _PHONE_NOISE.sub("", text or "")
    if digits.startswith("+"):
        rest = digits[1:]
        if not rest.isdigit() or not 8 <= len(rest) <= 15:
            return None
        if rest.startswith("91") and not re.fullmatch(r"91[6-9]\d{9}", rest):
            return None
        return "+" + rest
    if digits.startswith("0"):
        digits = digits[1:]
    if re.fullmatch(r"[6-9]\d{9}", digits):
        return "+91" + digits
    return None


def normalise_email(text: str) -> str | None:
    text = (text or "").strip()
    return text if len(text) <= 254 and _EMAIL.match(text) else None


def request_handoff(
    *,
    channel: str,
    sender: str,
    name: str,
    contact: str,
    summary: str,
    top_roles: Sequence[str] = (),
    report_code: str | None = None,
    url: str | None = None,
) -> Handoff:
    """Store a request; ``contact`` is a phone number or an e-mail address (validated).

    A student who asks again while their request is new or claimed updates that request
    instead of queueing a second one. Raises :class:`InvalidHandoff` for a missing name or
    an unusable contact, and ``StorageUnavailable`` when the database is down (nothing is
    stored then)."""
    name = " ".join((name or "").split())[:MAX_NAME_CHARS]
    if not name:
        raise InvalidHandoff("a name is needed, so the counselor knows whom to ask for")
    contact = (contact or "").strip()
    phone = email = None
    if "@" in contact:
        email = normalise_email(contact)
        if email is None:
            raise InvalidHandoff(
                "that e-mail address does not look complete (like name@example.com)"
            )
    else:
        phone = normalise_phone(contact)
        if phone is None:
            raise InvalidHandoff(
                "that phone number does not look right: a 10-digit mobile number, "
                "or an international one starting with +"
            )
    now = utc_now()
    with unit("request_handoff", url) as session:
        # Asking again while a request is still open updates it: one student, one queue entry.
        row = session.execute(
            select(HandoffRequest)
            .where(
                HandoffRequest.channel == channel,
                HandoffRequest.sender_id == sender,
                HandoffRequest.status.in_(("new", "claimed")),
            )
            .order_by(HandoffRequest.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if row is None:
            row = HandoffRequest(channel=channel, sender_id=sender, status="new", created_at=now)
            session.add(row)
        row.name, row.phone, row.email = name, phone, email
        row.summary = (summary or "").strip()[:MAX_SUMMARY_CHARS]
        row.top_roles_json = json.dumps([str(role) for role in top_roles][:5])
        row.report_code = report_code or row.report_code
        row.updated_at = now
        session.flush()
        return Handoff.of(row)


def handoff_queue(status: str = "", url: str | None = None) -> list[Handoff]:
    """Open requests first (new, claimed, contacted), oldest first within a status."""
    with unit("handoff_queue", url) as session:
        query = select(HandoffRequest).order_by(HandoffRequest.created_at).limit(QUEUE_LIMIT)
        if status:
            query = query.where(HandoffRequest.status == status)
        rows = [Handoff.of(row) for row in session.execute(query).scalars()]
    return sorted(rows, key=lambda item: STATUSES.index(item.status))


def get_handoff(request_id: int, url: str | None = None) -> Handoff | None:
    with unit("get_handoff", url) as session:
        row = session.get(HandoffRequest, request_id)
        return Handoff.of(row) if row else None


def move_handoff(
    request_id: int, status: str, counselor: str, is_admin: bool = False, url: str | None = None
) -> Handoff:
    """Claim a request or move it on; only its claimer (or an admin) moves a claimed one."""
    with unit("move_handoff", url) as session:
        row = session.get(HandoffRequest, request_id)
        if row is None:
            raise LookupError("no such request")
        if status not in _MOVES.get(row.status, ()):
            raise InvalidHandoff(f"a {row.status} request cannot become {status}")
        if row.status != "new" and row.claimed_by not in (None, counselor) and not is_admin:
            raise PermissionError(f"claimed by {row.claimed_by}")
        row.status = status
        row.claimed_by = None if status == "new" else (row.claimed_by or counselor)
        row.updated_at = utc_now()
        return Handoff.of(row)


def count_open(url: str | None = None) -> int:
    return sum(1 for item in handoff_queue(url=url) if item.status == "new")


def requests_per_day(since: datetime, url: str | None = None):
    """{date: number of requests made that day} from ``since`` on (for the insights page)."""
    from collections import Counter

    with unit("handoffs_per_day", url) as session:
        stamps = (
            session.execute(
                select(HandoffRequest.created_at).where(HandoffRequest.created_at >= since)
            )
            .scalars()
            .all()
        )
    return dict(Counter(stamp.date() for stamp in stamps))
