"""Reading and writing user data: one ``session_scope`` per call, Rasa-free.

Every public function raises :class:`StorageUnavailable` (and logs the fault once, with
the operation, the user key and the database without credentials) when the database
cannot be reached or is locked; it never half-writes: each call is one transaction.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import delete, func, inspect, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from careerpath.db.engine import database_url, get_engine, session_scope

from .models import CounselorReport, RecommendationRecord, StudentProfile, utc_now

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: codes are read aloud and typed by counselors.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_PREFIX = "CP-"
TRACKER_EVENTS_TABLE = "events"  # Rasa's SQLTrackerStore table

# Reports are written from guided mode, which anyone can start in the chat without signing
# in, and REST sender ids are whatever the client sends: without limits one script filled
# the disk at ~3 GB an hour. A report is refused (the user gets it in the chat, unsaved)
# when it is larger than MAX_REPORT_BYTES, when its sender already saved
# REPORTS_PER_SENDER_PER_DAY in the last 24 hours, or when REPORTS_PER_HOUR were saved by
# everyone in the last hour. The environment variables of the same names override them.
MAX_REPORT_BYTES = 1_000_000  # a real report with its chart is ~210 kB
REPORTS_PER_SENDER_PER_DAY = 10
REPORTS_PER_HOUR = 120

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


class ReportRefused(StorageUnavailable):
    """A report over a size or rate limit (see ``MAX_REPORT_BYTES``): not stored."""


def _limit(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


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


@dataclass(frozen=True)
class StoredReport:
    code: str
    channel: str
    sender_id: str
    counselor: str | None
    profile: dict[str, Any]
    advice: dict[str, Any]
    markdown: str
    html: str
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class Deleted:
    """What ``forget_sender`` removed, for the user-facing confirmation."""

    profiles: int = 0
    recommendations: int = 0
    reports: int = 0
    tracker_events: int | None = None  # None: the tracker store was not reachable from here
    handoffs: int = 0  # requests to talk to a counselor
    notes: int = 0  # counselors' notes and guided sessions about the student

    @property
    def total(self) -> int:
        return (
            self.profiles
            + self.recommendations
            + self.reports
            + (self.tracker_events or 0)
            + self.handoffs
            + self.notes
        )


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


# ---- counselor reports ------------------------------------------------------------------
def new_report_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def save_report(
    *,
    channel: str,
    sender: str,
    counselor: str | None,
    profile: dict[str, Any],
    advice: dict[str, Any],
    markdown: str,
    html: str,
    note: str | None = None,
    url: str | None = None,
    code: str | None = None,
) -> str:
    """Store a report; returns its short reference code, e.g. ``CP-7K3Q9XMA``.

    Pass ``code`` (from :func:`new_report_code`) when the report's text already shows it;
    otherwise a free code is drawn here.
    """

    size = sum(len((text or "").encode("utf-8")) for text in (markdown, html, note))
    size_limit = _limit("MAX_REPORT_BYTES", MAX_REPORT_BYTES)
    if size > size_limit:
        logger.warning(
            "Report of %s refused: %d bytes, the limit is %d",
            _key(channel, sender),
            size,
            size_limit,
        )
        raise ReportRefused("save_report", f"the report is {size} bytes; the limit is {size_limit}")

    def attempt(code: str) -> str:
        with _unit(url) as session:
            _check_report_rate(session, channel, sender)
            session.add(
                CounselorReport(
                    code=code,
                    channel=channel,
                    sender_id=sender,
                    counselor=counselor,
                    profile_json=json.dumps(profile, sort_keys=True),
                    advice_json=json.dumps(advice, sort_keys=True),
                    markdown=markdown,
                    html=html,
                    note=note,
                    created_at=utc_now(),
                )
            )
        return code

    def work() -> str:
        if code is not None:
            return attempt(code)  # the text names this code: a collision must fail, not re-draw
        for _ in range(5):  # 31^8 codes: a collision is astronomically rare, but cheap to survive
            try:
                return attempt(new_report_code())
            except sa_exc.IntegrityError:
                continue
        raise RuntimeError("could not find a free report code")

    return _guarded("save_report", _key(channel, sender), url, work)


def _check_report_rate(session: Session, channel: str, sender: str) -> None:
    now = utc_now()
    per_sender = session.execute(
        select(func.count())
        .select_from(CounselorReport)
        .where(
            CounselorReport.channel == channel,
            CounselorReport.sender_id == sender,
            CounselorReport.created_at >= now - timedelta(days=1),
        )
    ).scalar_one()
    sender_limit = _limit("REPORTS_PER_SENDER_PER_DAY", REPORTS_PER_SENDER_PER_DAY)
    if per_sender >= sender_limit:
        logger.warning(
            "Report of %s refused: %d saved in 24 hours (limit %d)",
            _key(channel, sender),
            per_sender,
            sender_limit,
        )
        raise ReportRefused("save_report", f"{sender_limit} reports a day per conversation")
    everyone = session.execute(
        select(func.count())
        .select_from(CounselorReport)
        .where(CounselorReport.created_at >= now - timedelta(hours=1))
    ).scalar_one()
    hourly_limit = _limit("REPORTS_PER_HOUR", REPORTS_PER_HOUR)
    if everyone >= hourly_limit:
        logger.warning(
            "Report of %s refused: %d reports saved in the last hour (limit %d)",
            _key(channel, sender),
            everyone,
            hourly_limit,
        )
        raise ReportRefused("save_report", f"{hourly_limit} reports an hour")


def load_report(code: str, url: str | None = None) -> StoredReport | None:
    """The report with this code (case-insensitive, "CP-" optional), or None."""
    normalised = normalise_code(code)
    if normalised is None:
        return None

    def work() -> StoredReport | None:
        with _unit(url) as session:
            row = session.execute(
                select(CounselorReport).where(CounselorReport.code == normalised)
            ).scalar_one_or_none()
            if row is None:
                return None
            return StoredReport(
                code=row.code,
                channel=row.channel,
                sender_id=row.sender_id,
                counselor=row.counselor,
                profile=json.loads(row.profile_json),
                advice=json.loads(row.advice_json),
                markdown=row.markdown,
                html=row.html,
                note=row.note,
                created_at=row.created_at,
            )

    return _guarded("load_report", f"code={normalised!r}", url, work)


def normalise_code(code: str) -> str | None:
    text = (code or "").strip().upper()
    if text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]
    if len(text) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in text):
        return None
    return CODE_PREFIX + text


# ---- forgetting -------------------------------------------------------------------------
def forget_sender(
    channel: str, sender: str, url: str | None = None, tracker_store_url: str | None = None
) -> Deleted:
    """Delete everything stored about ``channel`` + ``sender``.

    Project data (profiles, recommendation history, reports) goes in one transaction.
    With ``tracker_store_url`` (default: env ``TRACKER_STORE_URL``) Rasa's stored
    conversation events of ``sender`` are deleted too and counted; the Rasa server's
    tracker store (careerpath_rasa.tracker_store) also drops them when it saves the turn.
    """
    tracker_store_url = tracker_store_url or os.environ.get("TRACKER_STORE_URL", "").strip() or None

    def work() -> Deleted:
        with _unit(url) as session:
            counts = {}
            for name, model in (
                ("profiles", StudentProfile),
                ("recommendations", RecommendationRecord),
                ("reports", CounselorReport),
            ):
                counts[name] = session.execute(
                    delete(model).where(model.channel == channel, model.sender_id == sender)
                ).rowcount
            # The workspace's rows about the student (its packages import this one, so only
            # their table modules, late): hand-off requests, notes, guided sessions.
            from careerpath.counseling.models import GuidedSession, StudentNote
            from careerpath.handoff.models import HandoffRequest

            workspace = (("handoffs", (HandoffRequest,)), ("notes", (StudentNote, GuidedSession)))
            for name, models in workspace:
                counts[name] = sum(
                    session.execute(
                        delete(model).where(model.channel == channel, model.sender_id == sender)
                    ).rowcount
                    for model in models
                )
        return Deleted(**counts)

    deleted = _guarded("forget_sender", _key(channel, sender), url, work)
    if tracker_store_url:
        try:
            events = _guarded(
                "forget_sender.tracker_events",
                _key(channel, sender),
                tracker_store_url,
                lambda: delete_tracker_events(tracker_store_url, sender),
            )
        except (
            StorageUnavailable
        ):  # the project data is gone; Rasa's tracker store drops the events
            events = None
        deleted = replace(deleted, tracker_events=events)
    return deleted


def delete_tracker_events(tracker_store_url: str, sender: str) -> int:
    """Delete Rasa's stored events of ``sender``; 0 when the table does not exist yet."""
    from sqlalchemy import column, table

    engine = get_engine(tracker_store_url)
    if not inspect(engine).has_table(TRACKER_EVENTS_TABLE):
        return 0
    events = table(TRACKER_EVENTS_TABLE, column("sender_id"))
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id == sender)).rowcount


def count_rows(channel: str, sender: str, url: str | None = None) -> dict[str, int]:
    """How many rows each user table holds for ``channel`` + ``sender`` (tests, support)."""

    def work() -> dict[str, int]:
        with _unit(url) as session:
            return {
                model.__tablename__: session.execute(
                    select(func.count())
                    .select_from(model)
                    .where(model.channel == channel, model.sender_id == sender)
                ).scalar_one()
                for model in (StudentProfile, RecommendationRecord, CounselorReport)
            }

    return _guarded("count_rows", _key(channel, sender), url, work)
