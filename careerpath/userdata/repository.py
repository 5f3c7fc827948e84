"""Reading and writing user data: one ``session_scope`` per call, Rasa-free.

Every public function raises :class:`StorageUnavailable` (and logs the fault once, with
the operation, the user key and the database without credentials) when the database
cannot be reached or is locked; it never half-writes: each call is one transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from careerpath.db.engine import database_url, get_engine, session_scope

from .models import RecommendationRecord, StudentProfile, utc_now

logger = logging.getLogger(__name__)

T = TypeVar("T")


class StorageUnavailable(Exception):
    """The database cannot be reached (down, wrong URL, locked): retry later."""

    def __init__(self, operation: str, detail: str):
        super().__init__(f"{operation}: database unavailable ({detail})")
        self.operation = operation
        self.detail = detail


# Connection refused, unknown host, "database is locked", "unable to open database file",
# a pool timeout: all mean "the database is not there right now", not a bug in our code.
_UNAVAILABLE_ERRORS = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
)


@dataclass(frozen=True)
class StoredProfile:
    channel: str
    sender_id: str
    profile: dict[str, Any]
    answers: dict[str, Any]
    updated_at: datetime
    last_recommendations: list[dict[str, str]] = field(
        default_factory=list
    )  # [{"role_type","name"}]


def redacted(url: str) -> str:
    """The URL without its password, for logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any malformed URL is worth logging, but not its secrets
        return "<unparseable database URL>"


def _guarded(operation: str, context: str, url: str | None, work: Callable[[], T]) -> T:
    try:
        return work()
    except _UNAVAILABLE_ERRORS as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        logger.error(
            "Storage unavailable during %s (%s) on %s: %s",
            operation,
            context,
            redacted(url or database_url()),
            detail,
        )
        raise StorageUnavailable(operation, detail) from error


@cache
def _schema_ready(url: str) -> bool:
    """Migrate once per process when the user tables are missing (an older database)."""
    if not inspect(get_engine(url)).has_table(StudentProfile.__tablename__):
        from careerpath.db.migrate import upgrade_schema

        upgrade_schema(url)
    return True


@dataclass
class _Unit:
    url: str

    def __enter__(self) -> Session:
        _schema_ready(self.url)
        self._scope = session_scope(self.url)
        return self._scope.__enter__()

    def __exit__(self, *exc) -> bool | None:
        return self._scope.__exit__(*exc)


def _unit(url: str | None) -> _Unit:
    return _Unit(url or database_url())


def _key(channel: str, sender: str) -> str:
    return f"channel={channel!r} sender={sender!r}"


# ---- profiles ---------------------------------------------------------------------------
def save_profile(
    channel: str,
    sender: str,
    profile: dict[str, Any],
    answers: dict[str, Any] | None = None,
    url: str | None = None,
) -> None:
    """Insert or replace the profile of ``channel`` + ``sender``."""

    def work() -> None:
        with _unit(url) as session:
            row = _profile_row(session, channel, sender)
            if row is None:
                row = StudentProfile(channel=channel, sender_id=sender, created_at=utc_now())
                session.add(row)
            row.profile_json = json.dumps(profile, sort_keys=True)
            row.answers_json = json.dumps(answers or {}, sort_keys=True)
            row.updated_at = utc_now()

    _guarded("save_profile", _key(channel, sender), url, work)


def load_profile(channel: str, sender: str, url: str | None = None) -> StoredProfile | None:
    """The stored profile with the latest recommendations, or None for a new user."""

    def work() -> StoredProfile | None:
        with _unit(url) as session:
            row = _profile_row(session, channel, sender)
            if row is None:
                return None
            latest = session.execute(
                select(RecommendationRecord)
                .where(
                    RecommendationRecord.channel == channel,
                    RecommendationRecord.sender_id == sender,
                )
                .order_by(RecommendationRecord.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            return StoredProfile(
                channel=channel,
                sender_id=sender,
                profile=json.loads(row.profile_json),
                answers=json.loads(row.answers_json),
                updated_at=row.updated_at,
                last_recommendations=_recommended(latest),
            )

    return _guarded("load_profile", _key(channel, sender), url, work)


def _profile_row(session: Session, channel: str, sender: str) -> StudentProfile | None:
    return session.execute(
        select(StudentProfile).where(
            StudentProfile.channel == channel, StudentProfile.sender_id == sender
        )
    ).scalar_one_or_none()


def _recommended(record: RecommendationRecord | None) -> list[dict[str, str]]:
    if record is None:
        return []
    ids, names = json.loads(record.role_types_json), json.loads(record.role_names_json)
    return [{"role_type": role, "name": name} for role, name in zip(ids, names, strict=False)]


# ---- recommendation history -------------------------------------------------------------
def record_recommendations(
    channel: str,
    sender: str,
    profile: dict[str, Any],
    recommendations: list[dict[str, str]],
    url: str | None = None,
) -> None:
    """Append what was shown: ``recommendations`` = [{"role_type": id, "name": name}, ...],
    best first. Also stores ``profile`` as the user's current profile (one transaction)."""

    def work() -> None:
        with _unit(url) as session:
            session.add(
                RecommendationRecord(
                    channel=channel,
                    sender_id=sender,
                    profile_json=json.dumps(profile, sort_keys=True),
                    role_types_json=json.dumps([item["role_type"] for item in recommendations]),
                    role_names_json=json.dumps(
                        [item.get("name") or item["role_type"] for item in recommendations]
                    ),
                    created_at=utc_now(),
                )
            )
            row = _profile_row(session, channel, sender)
            if row is None:
                session.add(
                    StudentProfile(
                        channel=channel,
                        sender_id=sender,
                        created_at=utc_now(),
                        updated_at=utc_now(),
                        answers_json="{}",
                        profile_json=json.dumps(profile, sort_keys=True),
                    )
                )
            else:
                row.profile_json = json.dumps(profile, sort_keys=True)
                row.updated_at = utc_now()

    _guarded("record_recommendations", _key(channel, sender), url, work)


def recommendation_history(
    channel: str, sender: str, url: str | None = None
) -> list[list[dict[str, str]]]:
    """Every recommendation set shown to the user, oldest first."""

    def work():
        with _unit(url) as session:
            records = (
                session.execute(
                    select(RecommendationRecord)
                    .where(
                        RecommendationRecord.channel == channel,
                        RecommendationRecord.sender_id == sender,
                    )
                    .order_by(RecommendationRecord.id)
                )
                .scalars()
                .all()
            )
            return [_recommended(record) for record in records]

    return _guarded("recommendation_history", _key(channel, sender), url, work)
