"""Chat leases: which process serves a chat's updates or outbox right now.

A lease is a row per chat and purpose with an owner and an expiry. Taking it succeeds for
its owner or once it expired, so two replicas never interleave one chat's turns or
messages, and a replica that died hands its chats over when its leases expire.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from careerpath.delivery.models import ChatLease
from careerpath.delivery.store import session_for, utc_now


def acquire_lease(
    channel: str, chat_id: int, purpose: str, owner: str, seconds: float, url: str | None = None
) -> bool:
    """Takes (or renews) the chat's lease for ``purpose``; False while another owner holds it."""
    now = utc_now()
    expires = now + timedelta(seconds=seconds)
    with session_for(url) as session:
        taken = session.execute(
            update(ChatLease)
            .where(
                ChatLease.channel == channel,
                ChatLease.chat_id == chat_id,
                ChatLease.purpose == purpose,
                (ChatLease.owner == owner) | (ChatLease.expires_at < now),
            )
            .values(owner=owner, expires_at=expires)
        ).rowcount
        if taken:
            return True
    try:
        with session_for(url) as session:
            session.add(
                ChatLease(
                    channel=channel,
                    chat_id=chat_id,
                    purpose=purpose,
                    owner=owner,
                    expires_at=expires,
                )
            )
    except IntegrityError:
        return False  # another owner holds an unexpired lease
    return True


def release_lease(
    channel: str, chat_id: int, purpose: str, owner: str, url: str | None = None
) -> None:
    with session_for(url) as session:
        session.execute(
            delete(ChatLease).where(
                ChatLease.channel == channel,
                ChatLease.chat_id == chat_id,
                ChatLease.purpose == purpose,
                ChatLease.owner == owner,
            )
        )
