"""Counselor reports: saved under a short code counselors read aloud, within size and rate
limits, and read back by that code."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import CounselorReport, utc_now
from .repository import (
    StorageUnavailable,
    _guarded,
    _key,
    _unit,
    logger,
)

# No 0/O, 1/I/L: codes are read aloud and typed by counselors.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_PREFIX = "CP-"

# Reports are written from guided mode, which anyone can start in the chat without signing
# in, and REST sender ids are whatever the client sends: without limits one script filled
# the disk at ~3 GB an hour. A report is refused (the user gets it in the chat, unsaved)
# when it is larger than MAX_REPORT_BYTES, when its sender already saved
# REPORTS_PER_SENDER_PER_DAY in the last 24 hours, or when REPORTS_PER_HOUR were saved by
# everyone in the last hour. The environment variables of the same names override them.
MAX_REPORT_BYTES = 1_000_000  # a real report with its chart is ~210 kB
REPORTS_PER_SENDER_PER_DAY = 10
REPORTS_PER_HOUR = 120


class ReportRefused(StorageUnavailable):
    """A report over a size or rate limit (see ``MAX_REPORT_BYTES``): not stored."""


def _limit(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


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
